/**
 * The `dbt/*` rules: `dbt-ol` invocations in shell scripts and Airflow `bash_command` strings, and dbt-ol's
 * environment variables in `.env`, Dockerfile, compose, shell and Python. Bad cases with exact ranges and fix
 * results, good cases reporting nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { EMPTY_PROJECT, type ProjectModel } from '../../server/src/service';
import { dbtFamily } from '../../server/src/service/dbt/family';
import { DBT_RULES } from '../../server/src/service/dbt/rules';
import {
  applyFix,
  doc,
  familyService,
  fixTitles,
  formatDiagnostics,
  msg,
  none,
  one,
  projectOf,
  rangeIn,
  rangeOf,
  validate,
} from '../support/harness';

const { Error: ERROR, Warning: WARNING, Information: INFORMATION } = DiagnosticSeverity;
/** A service whose families get no Python trees (dbt then reads only scripts). */
const noPython = () => familyService('dbt', false);

/** The `dbt/*` diagnostics of `text` as the file at `uri`, with or without Python trees. */
const checkDbt = (uri: string, text: string, project: ProjectModel = EMPTY_PROJECT, python = true) =>
  validate(uri, text, { project, family: 'dbt', ...(python ? {} : { service: noPython() }) });

const SH = 'file:///w/scripts/run_dbt.sh';
const DAG = 'file:///w/dags/dbt_dag.py';
const ENV = 'file:///w/.env';
const UUID = '9f3c1b2a-1111-2222-3333-444455556666';
const PINNED = (v: string) => projectOf({ 'requirements.txt': `openlineage-dbt==${v}\n` });

describe('dbt family', () => {
  it('declares every rule with a stable dbt/ id', () => {
    assert.deepEqual(
      dbtFamily().rules.map((r) => r.id),
      DBT_RULES.map((r) => r.id),
    );
    for (const r of DBT_RULES) assert.match(r.id, /^dbt\/[a-z]+(-[a-z]+)*$/);
  });

  it('recognises shell scripts, Python DAGs and settings files that use dbt-ol', () => {
    const kind = (uri: string, text: string, python = true) => familyService('dbt', python).fileKind(doc(uri, text));
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
    assert.deepEqual(checkDbt('file:///w/dags/dbt_analytics.py', dag).diagnostics, []);
    assert.deepEqual(checkDbt(ENV, readFileSync(join(root, '.env'), 'utf8')).diagnostics, []);
  });
});

describe('dbt rules', () => {
  describe('dbt/unknown-command', () => {
    const id = 'dbt/unknown-command';
    it('reports a typo of a dbt command in a shell script and fixes it', () => {
      const text = '#!/bin/bash\nset -e\ncd /dbt && dbt-ol rn --select staging+\n';
      const d = one(checkDbt(SH, text), id, 'rn', ERROR);
      assert.match(msg(d), /Did you mean `run`\?/);
      assert.equal(applyFix(d), text.replace('dbt-ol rn', 'dbt-ol run'));
    });

    it('reports it inside an Airflow bash_command built from f-strings, at the exact source range', () => {
      const text =
        'from airflow.operators.bash import BashOperator\nt = BashOperator(\n    task_id="dbt",\n    bash_command=(\n        f"cd {DIR} && "\n        f"dbt-ol tset --target {TARGET}"\n    ),\n)\n';
      const d = one(checkDbt(DAG, text), id, 'tset', ERROR);
      assert.equal(applyFix(d), text.replace('tset', 'test'));
    });

    it('warns about an unknown command that is not close to any', () => {
      const text = 'dbt-ol frobnicate\n';
      one(checkDbt(SH, text), id, 'frobnicate', WARNING);
    });

    it('accepts dbt commands, dbt-ol send-events, flags before the command and commands built at run time', () => {
      none(
        checkDbt(SH, 'dbt-ol --log-format json run --select a b\ndbt-ol send-events --target prod\ndbt source freshness\ndbt-ol "$CMD"\n'),
        id,
      );
      none(checkDbt(DAG, 'BashOperator(task_id="a", bash_command=f"dbt-ol {cmd} --select x")\n'), id);
    });
  });

  describe('dbt/unsupported-command', () => {
    const id = 'dbt/unsupported-command';
    it('reports dbt-ol with a command it emits no lineage for, with a fix that calls dbt', () => {
      const text = 'dbt-ol compile --target dev\n';
      const d = one(checkDbt(SH, text), id, 'compile', INFORMATION);
      assert.equal(applyFix(d), 'dbt compile --target dev\n');
    });

    it('asks for --consume-structured-logs with retry, and checks its version', () => {
      const text = 'dbt-ol retry\n';
      const d = one(checkDbt(SH, text), id, 'retry', INFORMATION);
      assert.equal(applyFix(d), 'dbt-ol retry --consume-structured-logs\n');
      const old = 'dbt-ol retry --consume-structured-logs\n';
      one(checkDbt(SH, old, PINNED('1.46.0')), id, 'retry', WARNING);
      none(checkDbt(SH, old, PINNED('1.47.0')), id);
    });

    it('accepts the lineage commands', () => {
      none(checkDbt(SH, 'dbt-ol run\ndbt-ol build\ndbt-ol test\ndbt-ol seed\ndbt-ol snapshot\ndbt compile\n'), id);
    });
  });

  describe('dbt/unknown-flag', () => {
    const id = 'dbt/unknown-flag';
    it('reports a misspelled dbt-ol flag as an error, with the fix', () => {
      const text = 'dbt-ol run --consume-structured-log\n';
      const d = one(checkDbt(SH, text), id, '--consume-structured-log', ERROR);
      assert.match(msg(d), /No such option/);
      assert.equal(applyFix(d), 'dbt-ol run --consume-structured-logs\n');
      const job = 'dbt-ol run --openlineage-job-name=x\n';
      const j = one(checkDbt(SH, job), id, '--openlineage-job-name', ERROR);
      assert.equal(applyFix(j), 'dbt-ol run --openlineage-dbt-job-name=x\n');
    });

    it('reports --openlineage-dbt-job-name without a name', () => {
      const text = 'dbt-ol run --openlineage-dbt-job-name --select a\n';
      one(checkDbt(SH, text), id, '--openlineage-dbt-job-name', ERROR);
    });

    it('suggests the nearest dbt flag for a close typo, and leaves other flags alone', () => {
      const text = 'dbt-ol run --full-refrsh\n';
      const d = one(checkDbt(SH, text), id, '--full-refrsh', WARNING);
      assert.equal(applyFix(d), 'dbt-ol run --full-refresh\n');
      none(checkDbt(SH, 'dbt-ol run --some-new-dbt-flag --x -s a --vars "{a: 1}" --openlineage-dbt-job-name job\n'), id);
    });
  });

  describe('dbt/flag-version', () => {
    const id = 'dbt/flag-version';
    it('reports a dbt-ol flag newer than the pinned openlineage-dbt', () => {
      const text = 'dbt-ol run --consume-structured-logs\n';
      const d = one(checkDbt(SH, text, PINNED('1.25.0')), id, '--consume-structured-logs', WARNING);
      assert.match(msg(d), /since openlineage-dbt 1\.26\.0, but openlineage-dbt==1\.25\.0 in requirements\.txt pins 1\.25\.0/);
      none(checkDbt(SH, text, PINNED('1.26.0')), id);
    });

    it('reports the `=` form of --openlineage-dbt-job-name unless 1.52.0+ is pinned, and rewrites it', () => {
      const text = 'dbt-ol run --openlineage-dbt-job-name=nightly\n';
      const d = one(checkDbt(SH, text), id, '--openlineage-dbt-job-name=nightly', WARNING);
      assert.equal(applyFix(d), 'dbt-ol run --openlineage-dbt-job-name nightly\n');
      none(checkDbt(SH, text, PINNED('1.52.0')), id);
      none(checkDbt(SH, 'dbt-ol run --openlineage-dbt-job-name nightly\n', PINNED('1.37.0')), id);
    });

    it('reports OPENLINEAGE_CONTEXT with an openlineage-dbt older than 1.52.0', () => {
      const text = `OPENLINEAGE_CONTEXT='{"parent": {"run": {"runId": "${UUID}"}, "job": {"namespace": "a", "name": "b"}}}'\n`;
      const d = one(checkDbt(ENV, text, PINNED('1.40.0')), id, 'OPENLINEAGE_CONTEXT', WARNING);
      assert.match(msg(d), /OPENLINEAGE_PARENT_ID/);
      none(checkDbt(ENV, text), id);
    });
  });

  describe('dbt/plain-dbt', () => {
    const id = 'dbt/plain-dbt';
    it('reports `dbt run` where openlineage-dbt is installed, with a fix to dbt-ol', () => {
      const text = 'dbt deps\ndbt run --target prod\n';
      const d = one(checkDbt(SH, text, PINNED('1.39.0')), id, 'dbt', INFORMATION, { occurrence: 2 });
      assert.match(msg(d), /openlineage-dbt is installed \(requirements\.txt line 1\)/);
      assert.equal(applyFix(d), 'dbt deps\ndbt-ol run --target prod\n');
    });

    it('says nothing when the same step also runs dbt-ol on the same selection', () => {
      const text = 'dbt run --select orders --target-path t && dbt docs generate && dbt-ol run --select orders --target-path t\n';
      none(checkDbt(SH, text, PINNED('1.39.0')), id);
      const other = 'dbt run --select orders && dbt-ol run --select customers\n';
      one(checkDbt(SH, other, PINNED('1.39.0')), id, 'dbt', INFORMATION);
    });

    it('reports it when the same file runs dbt-ol elsewhere (Airflow DAG)', () => {
      const text = 'a = BashOperator(task_id="a", bash_command="dbt-ol run")\nb = BashOperator(task_id="b", bash_command="dbt test")\n';
      one(checkDbt(DAG, text), id, 'dbt', INFORMATION, { occurrence: 2 });
    });

    it('reports dbt-ol flags on plain dbt as errors', () => {
      const text = 'dbt run --consume-structured-logs\n';
      const d = one(checkDbt(SH, text), id, '--consume-structured-logs', ERROR);
      assert.equal(applyFix(d), 'dbt-ol run --consume-structured-logs\n');
    });

    it('leaves plain dbt alone without openlineage-dbt, and for commands without lineage', () => {
      none(checkDbt(SH, 'dbt run\n'), id);
      none(checkDbt(SH, 'dbt compile\ndbt docs generate\n', PINNED('1.39.0')), id);
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
        const d = one(checkDbt(uri, text), id, 'OPENLINEAGE_DBT_JOBNAME', WARNING);
        assert.equal(applyFix(d), text.replace('OPENLINEAGE_DBT_JOBNAME', 'OPENLINEAGE_DBT_JOB_NAME'), uri);
      }
    });

    it('leaves known and other OPENLINEAGE_ variables alone', () => {
      none(checkDbt(ENV, 'OPENLINEAGE_DBT_JOB_NAME=a\nOPENLINEAGE_URL=http://m\nOPENLINEAGE_NAMESPACE=dbt\n'), id);
    });
  });

  describe('dbt/env-value', () => {
    const id = 'dbt/env-value';
    it('reports a non-boolean OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME, which makes dbt-ol fail', () => {
      const text = 'OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME=yes\n';
      const d = one(checkDbt(ENV, text), id, 'yes', ERROR);
      assert.match(msg(d), /ValueError/);
      assert.equal(applyFix(d), 'OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME=true\n');
    });

    it('warns about an unknown log level', () => {
      const text = 'export OPENLINEAGE_DBT_LOGGING=verbose\n';
      one(checkDbt(SH, text), id, 'verbose', WARNING);
    });

    it('accepts the documented values and templates', () => {
      none(checkDbt(ENV, 'OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME=TRUE\nOPENLINEAGE_DBT_LOGGING=debug\nOPENLINEAGE_DBT_LOGGING=10\n'), id);
      none(checkDbt(DAG, 'x = {"OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME": "{{ var.value.ext }}", "OPENLINEAGE_DBT_LOGGING": level}\n'), id);
    });
  });

  describe('dbt/context', () => {
    const id = 'dbt/context';
    it('reports OPENLINEAGE_CONTEXT that is not JSON, at the error position', () => {
      const text = 'OPENLINEAGE_CONTEXT={parent: 1}\n';
      const d = one(checkDbt(ENV, text), id, 'p', ERROR);
      assert.match(msg(d), /not valid JSON/);
    });

    it('warns about a context without parent.job or with a run id that is not a UUID', () => {
      const text = `OPENLINEAGE_CONTEXT='{"parent": {"run": {"runId": "abc"}}}' dbt-ol run\n`;
      const d = one(checkDbt(SH, text), id, '{"parent": {"run": {"runId": "abc"}}}', WARNING);
      assert.match(msg(d), /`parent\.run\.runId` \(`abc`\) is not a UUID; `parent\.job` is missing/);
    });

    it('accepts a full context with a root, and templates', () => {
      const ok = `{"parent": {"run": {"runId": "${UUID}"}, "job": {"namespace": "airflow", "name": "dag.task"}}, "root": {"run": {"runId": "${UUID}"}, "job": {"namespace": "airflow", "name": "dag"}}}`;
      none(checkDbt(ENV, `OPENLINEAGE_CONTEXT='${ok}'\n`), id);
      none(checkDbt(DAG, 'x = {"OPENLINEAGE_CONTEXT": "{{ macros.ctx(ti) }}"}\n'), id);
      // An empty value unsets it.
      none(checkDbt(SH, 'OPENLINEAGE_CONTEXT= dbt-ol run\n'), id);
    });
  });

  describe('dbt/parent-id', () => {
    const id = 'dbt/parent-id';
    it('reports a parent id without three parts', () => {
      const text = 'OPENLINEAGE_PARENT_ID=airflow/dag.task\n';
      const d = one(checkDbt(ENV, text), id, 'airflow/dag.task', WARNING);
      assert.match(msg(d), /has 2 parts, so dbt-ol ignores it/);
    });

    it('reports a run id that is not a UUID, on the run id only', () => {
      const text = 'x = {"OPENLINEAGE_ROOT_PARENT_ID": "airflow/dag/run-1"}\n';
      const all = checkDbt(DAG, text).diagnostics;
      assert.deepEqual(
        all.filter((d) => d.code === id).map((d) => d.range),
        [rangeIn(text, 'airflow/dag/run-1', 'run-1')],
        formatDiagnostics(all),
      );
    });

    it('accepts a good id and the Airflow macro', () => {
      none(checkDbt(ENV, `OPENLINEAGE_PARENT_ID=airflow/dag.task/${UUID}\n`), id);
      none(checkDbt(DAG, 'x = {"OPENLINEAGE_PARENT_ID": "{{ macros.OpenLineageProviderPlugin.lineage_parent_id(task_instance) }}"}\n'), id);
    });
  });

  describe('without Python trees', () => {
    it('skips Python files but still checks shell scripts and settings', () => {
      assert.deepEqual(checkDbt(DAG, 'BashOperator(task_id="a", bash_command="dbt-ol rn")\n', EMPTY_PROJECT, false).diagnostics, []);
      assert.equal(checkDbt(SH, 'dbt-ol rn\n', EMPTY_PROJECT, false).diagnostics.length, 1);
    });
  });

  it('keeps fixes in the document they were found in', () => {
    const text = 'dbt-ol rn\n';
    const d = one(checkDbt(SH, text), 'dbt/unknown-command', 'rn', ERROR);
    assert.deepEqual(fixTitles(d), ['Replace with run']);
    assert.deepEqual(rangeOf(text, 'rn'), d.range);
  });
});
