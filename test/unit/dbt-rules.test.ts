/**
 * The `dbt/*` rules: `dbt-ol` invocations in shell scripts and Airflow `bash_command` strings, and dbt-ol's
 * environment variables in `.env`, Dockerfile, compose, shell and Python. Bad cases with exact ranges and fix
 * results, good cases reporting nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { dbtFamily } from '../../server/src/service/dbt/family';
import { DBT_RULES } from '../../server/src/service/dbt/rules';
import { applyFix, doc, fixTitles, formatDiagnostics, msg, rangeIn, rangeOf } from './helpers';
import { dbtDiagnose, dbtService, none, one, project } from './ol-config-helpers';

const { Error: ERROR, Warning: WARNING, Information: INFORMATION } = DiagnosticSeverity;
const SH = 'file:///w/scripts/run_dbt.sh';
const DAG = 'file:///w/dags/dbt_dag.py';
const ENV = 'file:///w/.env';
const UUID = '9f3c1b2a-1111-2222-3333-444455556666';
const PINNED = (v: string) => project({ 'requirements.txt': `openlineage-dbt==${v}\n` });

describe('dbt family', () => {
  it('declares every rule with a stable dbt/ id', () => {
    assert.deepEqual(dbtFamily().rules.map((r) => r.id), DBT_RULES.map((r) => r.id));
    for (const r of DBT_RULES) assert.match(r.id, /^dbt\/[a-z]+(-[a-z]+)*$/);
  });

  it('recognises shell scripts, Python DAGs and settings files that use dbt-ol', () => {
    const kind = (uri: string, text: string, python = true) => dbtService(python).fileKind(doc(text, uri));
    assert.equal(kind(SH, 'dbt-ol run\n'), 'dbt-shell');
    assert.equal(kind(DAG, 'BashOperator(task_id="x", bash_command="dbt-ol run")\n'), 'dbt-python');
    assert.equal(kind(DAG, 'BashOperator(task_id="x", bash_command="dbt-ol run")\n', false), undefined);
    assert.equal(kind(ENV, 'OPENLINEAGE_DBT_JOB_NAME=x\n'), 'dbt-settings');
    assert.equal(kind(ENV, 'AIRFLOW__CORE__X=1\n'), undefined);
    assert.equal(kind('file:///w/notes.txt', 'dbt-ol run\n'), undefined);
  });

  it('reports nothing on the example project’s dbt DAG, .env and openlineage.yml setup', () => {
    const root = join(__dirname, '..', '..', 'examples', 'astro-project');
    const dag = readFileSync(join(root, 'dags', 'dbt_analytics.py'), 'utf8');
    assert.deepEqual(dbtDiagnose(dag, 'file:///w/dags/dbt_analytics.py'), []);
    assert.deepEqual(dbtDiagnose(readFileSync(join(root, '.env'), 'utf8'), ENV), []);
  });
});

describe('dbt rules', () => {
  describe('dbt/unknown-command', () => {
    const id = 'dbt/unknown-command';
    it('reports a typo of a dbt command in a shell script and fixes it', () => {
      const text = '#!/bin/bash\nset -e\ncd /dbt && dbt-ol rn --select staging+\n';
      const d = one(dbtDiagnose(text, SH), id, text, 'rn', ERROR);
      assert.match(msg(d), /Did you mean `run`\?/);
      assert.equal(applyFix(text, d, undefined, SH), text.replace('dbt-ol rn', 'dbt-ol run'));
    });

    it('reports it inside an Airflow bash_command built from f-strings, at the exact source range', () => {
      const text = 'from airflow.operators.bash import BashOperator\nt = BashOperator(\n    task_id="dbt",\n    bash_command=(\n        f"cd {DIR} && "\n        f"dbt-ol tset --target {TARGET}"\n    ),\n)\n';
      const d = one(dbtDiagnose(text, DAG), id, text, 'tset', ERROR);
      assert.equal(applyFix(text, d, undefined, DAG), text.replace('tset', 'test'));
    });

    it('warns about an unknown command that is not close to any', () => {
      const text = 'dbt-ol frobnicate\n';
      one(dbtDiagnose(text, SH), id, text, 'frobnicate', WARNING);
    });

    it('accepts dbt commands, dbt-ol send-events, flags before the command and commands built at run time', () => {
      none(dbtDiagnose('dbt-ol --log-format json run --select a b\ndbt-ol send-events --target prod\ndbt source freshness\ndbt-ol "$CMD"\n', SH), id);
      none(dbtDiagnose('BashOperator(task_id="a", bash_command=f"dbt-ol {cmd} --select x")\n', DAG), id);
    });
  });

  describe('dbt/unsupported-command', () => {
    const id = 'dbt/unsupported-command';
    it('reports dbt-ol with a command it emits no lineage for, with a fix that calls dbt', () => {
      const text = 'dbt-ol compile --target dev\n';
      const d = one(dbtDiagnose(text, SH), id, text, 'compile', INFORMATION);
      assert.equal(applyFix(text, d, undefined, SH), 'dbt compile --target dev\n');
    });

    it('asks for --consume-structured-logs with retry, and checks its version', () => {
      const text = 'dbt-ol retry\n';
      const d = one(dbtDiagnose(text, SH), id, text, 'retry', INFORMATION);
      assert.equal(applyFix(text, d, undefined, SH), 'dbt-ol retry --consume-structured-logs\n');
      const old = 'dbt-ol retry --consume-structured-logs\n';
      one(dbtDiagnose(old, SH, PINNED('1.46.0')), id, old, 'retry', WARNING);
      none(dbtDiagnose(old, SH, PINNED('1.47.0')), id);
    });

    it('accepts the lineage commands', () => {
      none(dbtDiagnose('dbt-ol run\ndbt-ol build\ndbt-ol test\ndbt-ol seed\ndbt-ol snapshot\ndbt compile\n', SH), id);
    });
  });

  describe('dbt/unknown-flag', () => {
    const id = 'dbt/unknown-flag';
    it('reports a misspelled dbt-ol flag as an error, with the fix', () => {
      const text = 'dbt-ol run --consume-structured-log\n';
      const d = one(dbtDiagnose(text, SH), id, text, '--consume-structured-log', ERROR);
      assert.match(msg(d), /No such option/);
      assert.equal(applyFix(text, d, undefined, SH), 'dbt-ol run --consume-structured-logs\n');
      const job = 'dbt-ol run --openlineage-job-name=x\n';
      const j = one(dbtDiagnose(job, SH), id, job, '--openlineage-job-name', ERROR);
      assert.equal(applyFix(job, j, undefined, SH), 'dbt-ol run --openlineage-dbt-job-name=x\n');
    });

    it('reports --openlineage-dbt-job-name without a name', () => {
      const text = 'dbt-ol run --openlineage-dbt-job-name --select a\n';
      one(dbtDiagnose(text, SH), id, text, '--openlineage-dbt-job-name', ERROR);
    });

    it('suggests the nearest dbt flag for a close typo, and leaves other flags alone', () => {
      const text = 'dbt-ol run --full-refrsh\n';
      const d = one(dbtDiagnose(text, SH), id, text, '--full-refrsh', WARNING);
      assert.equal(applyFix(text, d, undefined, SH), 'dbt-ol run --full-refresh\n');
      none(dbtDiagnose('dbt-ol run --some-new-dbt-flag --x -s a --vars "{a: 1}" --openlineage-dbt-job-name job\n', SH), id);
    });
  });

  describe('dbt/flag-version', () => {
    const id = 'dbt/flag-version';
    it('reports a dbt-ol flag newer than the pinned openlineage-dbt', () => {
      const text = 'dbt-ol run --consume-structured-logs\n';
      const d = one(dbtDiagnose(text, SH, PINNED('1.25.0')), id, text, '--consume-structured-logs', WARNING);
      assert.match(msg(d), /since openlineage-dbt 1\.26\.0, but openlineage-dbt==1\.25\.0 in requirements\.txt pins 1\.25\.0/);
      none(dbtDiagnose(text, SH, PINNED('1.26.0')), id);
    });

    it('reports the `=` form of --openlineage-dbt-job-name unless 1.52.0+ is pinned, and rewrites it', () => {
      const text = 'dbt-ol run --openlineage-dbt-job-name=nightly\n';
      const d = one(dbtDiagnose(text, SH), id, text, '--openlineage-dbt-job-name=nightly', WARNING);
      assert.equal(applyFix(text, d, undefined, SH), 'dbt-ol run --openlineage-dbt-job-name nightly\n');
      none(dbtDiagnose(text, SH, PINNED('1.52.0')), id);
      none(dbtDiagnose('dbt-ol run --openlineage-dbt-job-name nightly\n', SH, PINNED('1.37.0')), id);
    });

    it('reports OPENLINEAGE_CONTEXT with an openlineage-dbt older than 1.52.0', () => {
      const text = `OPENLINEAGE_CONTEXT='{"parent": {"run": {"runId": "${UUID}"}, "job": {"namespace": "a", "name": "b"}}}'\n`;
      const d = one(dbtDiagnose(text, ENV, PINNED('1.40.0')), id, text, 'OPENLINEAGE_CONTEXT', WARNING);
      assert.match(msg(d), /OPENLINEAGE_PARENT_ID/);
      none(dbtDiagnose(text, ENV), id);
    });
  });

  describe('dbt/plain-dbt', () => {
    const id = 'dbt/plain-dbt';
    it('reports `dbt run` where openlineage-dbt is installed, with a fix to dbt-ol', () => {
      const text = 'dbt deps\ndbt run --target prod\n';
      const d = one(dbtDiagnose(text, SH, PINNED('1.39.0')), id, text, 'dbt', INFORMATION, 2);
      assert.match(msg(d), /openlineage-dbt is installed \(requirements\.txt line 1\)/);
      assert.equal(applyFix(text, d, undefined, SH), 'dbt deps\ndbt-ol run --target prod\n');
    });

    it('reports it when the same file runs dbt-ol elsewhere (Airflow DAG)', () => {
      const text = 'a = BashOperator(task_id="a", bash_command="dbt-ol run")\nb = BashOperator(task_id="b", bash_command="dbt test")\n';
      one(dbtDiagnose(text, DAG), id, text, 'dbt', INFORMATION, 2);
    });

    it('reports dbt-ol flags on plain dbt as errors', () => {
      const text = 'dbt run --consume-structured-logs\n';
      const d = one(dbtDiagnose(text, SH), id, text, '--consume-structured-logs', ERROR);
      assert.equal(applyFix(text, d, undefined, SH), 'dbt-ol run --consume-structured-logs\n');
    });

    it('leaves plain dbt alone without openlineage-dbt, and for commands without lineage', () => {
      none(dbtDiagnose('dbt run\n', SH), id);
      none(dbtDiagnose('dbt compile\ndbt docs generate\n', SH, PINNED('1.39.0')), id);
    });
  });

  describe('dbt/unknown-env-var', () => {
    const id = 'dbt/unknown-env-var';
    it('reports a misspelled OPENLINEAGE_DBT_ variable wherever it is set', () => {
      const cases: [string, string][] = [
        ['OPENLINEAGE_DBT_JOBNAME=nightly\n', ENV],
        ['FROM python:3.12\nENV OPENLINEAGE_DBT_JOBNAME=nightly\n', 'file:///w/Dockerfile'],
        ['services:\n  dbt:\n    environment:\n      OPENLINEAGE_DBT_JOBNAME: nightly\n', 'file:///w/docker-compose.yml'],
        ['export OPENLINEAGE_DBT_JOBNAME=nightly\ndbt-ol run\n', SH],
        ['OPENLINEAGE_DBT_JOBNAME=nightly dbt-ol run\n', SH],
        ['env = {"OPENLINEAGE_DBT_JOBNAME": "nightly"}\nBashOperator(task_id="a", bash_command="dbt-ol run", env=env)\n', DAG],
      ];
      for (const [text, uri] of cases) {
        const d = one(dbtDiagnose(text, uri), id, text, 'OPENLINEAGE_DBT_JOBNAME', WARNING);
        assert.equal(applyFix(text, d, undefined, uri), text.replace('OPENLINEAGE_DBT_JOBNAME', 'OPENLINEAGE_DBT_JOB_NAME'), uri);
      }
    });

    it('leaves known and other OPENLINEAGE_ variables alone', () => {
      none(dbtDiagnose('OPENLINEAGE_DBT_JOB_NAME=a\nOPENLINEAGE_URL=http://m\nOPENLINEAGE_NAMESPACE=dbt\n', ENV), id);
    });
  });

  describe('dbt/env-value', () => {
    const id = 'dbt/env-value';
    it('reports a non-boolean OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME, which makes dbt-ol fail', () => {
      const text = 'OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME=yes\n';
      const d = one(dbtDiagnose(text, ENV), id, text, 'yes', ERROR);
      assert.match(msg(d), /ValueError/);
      assert.equal(applyFix(text, d, undefined, ENV), 'OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME=true\n');
    });

    it('warns about an unknown log level', () => {
      const text = 'export OPENLINEAGE_DBT_LOGGING=verbose\n';
      one(dbtDiagnose(text, SH), id, text, 'verbose', WARNING);
    });

    it('accepts the documented values and templates', () => {
      none(dbtDiagnose('OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME=TRUE\nOPENLINEAGE_DBT_LOGGING=debug\nOPENLINEAGE_DBT_LOGGING=10\n', ENV), id);
      none(dbtDiagnose('x = {"OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME": "{{ var.value.ext }}", "OPENLINEAGE_DBT_LOGGING": level}\n', DAG), id);
    });
  });

  describe('dbt/context', () => {
    const id = 'dbt/context';
    it('reports OPENLINEAGE_CONTEXT that is not JSON, at the error position', () => {
      const text = 'OPENLINEAGE_CONTEXT={parent: 1}\n';
      const d = one(dbtDiagnose(text, ENV), id, text, 'p', ERROR);
      assert.match(msg(d), /not valid JSON/);
    });

    it('warns about a context without parent.job or with a run id that is not a UUID', () => {
      const text = `OPENLINEAGE_CONTEXT='{"parent": {"run": {"runId": "abc"}}}' dbt-ol run\n`;
      const d = one(dbtDiagnose(text, SH), id, text, '{"parent": {"run": {"runId": "abc"}}}', WARNING);
      assert.match(msg(d), /`parent\.run\.runId` \(`abc`\) is not a UUID; `parent\.job` is missing/);
    });

    it('accepts a full context with a root, and templates', () => {
      const ok = `{"parent": {"run": {"runId": "${UUID}"}, "job": {"namespace": "airflow", "name": "dag.task"}}, "root": {"run": {"runId": "${UUID}"}, "job": {"namespace": "airflow", "name": "dag"}}}`;
      none(dbtDiagnose(`OPENLINEAGE_CONTEXT='${ok}'\n`, ENV), id);
      none(dbtDiagnose('x = {"OPENLINEAGE_CONTEXT": "{{ macros.ctx(ti) }}"}\n', DAG), id);
      // An empty value unsets it.
      none(dbtDiagnose('OPENLINEAGE_CONTEXT= dbt-ol run\n', SH), id);
    });
  });

  describe('dbt/parent-id', () => {
    const id = 'dbt/parent-id';
    it('reports a parent id without three parts', () => {
      const text = 'OPENLINEAGE_PARENT_ID=airflow/dag.task\n';
      const d = one(dbtDiagnose(text, ENV), id, text, 'airflow/dag.task', WARNING);
      assert.match(msg(d), /has 2 parts, so dbt-ol ignores it/);
    });

    it('reports a run id that is not a UUID, on the run id only', () => {
      const text = 'x = {"OPENLINEAGE_ROOT_PARENT_ID": "airflow/dag/run-1"}\n';
      const all = dbtDiagnose(text, DAG);
      assert.deepEqual(all.filter((d) => d.code === id).map((d) => d.range), [rangeIn(text, 'airflow/dag/run-1', 'run-1')], formatDiagnostics(all));
    });

    it('accepts a good id and the Airflow macro', () => {
      none(dbtDiagnose(`OPENLINEAGE_PARENT_ID=airflow/dag.task/${UUID}\n`, ENV), id);
      none(dbtDiagnose('x = {"OPENLINEAGE_PARENT_ID": "{{ macros.OpenLineageProviderPlugin.lineage_parent_id(task_instance) }}"}\n', DAG), id);
    });
  });

  describe('without Python trees', () => {
    it('skips Python files but still checks shell scripts and settings', () => {
      assert.deepEqual(dbtDiagnose('BashOperator(task_id="a", bash_command="dbt-ol rn")\n', DAG, undefined, false), []);
      assert.equal(dbtDiagnose('dbt-ol rn\n', SH, undefined, false).length, 1);
    });
  });

  it('keeps fixes in the document they were found in', () => {
    const text = 'dbt-ol rn\n';
    const d = one(dbtDiagnose(text, SH), 'dbt/unknown-command', text, 'rn', ERROR);
    assert.deepEqual(fixTitles(text, d, SH), ['Replace with run']);
    assert.deepEqual(rangeOf(text, 'rn'), d.range);
  });
});
