/**
 * The `dags/*` rule table as a whole: ids and summaries, messages that say how to fix the problem, quick
 * fixes that change the text, and real DAGs: the OpenLineage corpus (Airflow 1.10, 2 and 3 examples),
 * OpenMetadata's example DAG and the demo Astro project. None may get an error that docs/upstream does not back.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAG_RULES } from '../../server/src/service/dags/rules';
import { providerShape } from '../../server/src/service/dags/uri';
import { SEVERITIES } from '../../server/src/service/rules/rule';
import {
  applyFix,
  type Checked,
  type Files,
  fixTitles,
  formatDiagnostics,
  msg,
  offsets,
  ROOT,
  severityName,
  predicting,
  validate,
} from '../support/harness';
import { AIRFLOW2, AIRFLOW3 } from '../support/airflow-workspaces';
import { corpusPath, needsSharedCorpus } from '../support/shared-corpus';

/** A DAG file's `dags/*` diagnostics through the service, with a project made of exactly `files`. */
const lint = (text: string, files: Files = {}) => validate('file:///w/dags/dag.py', text, { project: files, family: 'dags' });

const AF110 = corpusPath('airflow-dags/airflow1_10_example_lineage.py');
const AF2 = corpusPath('airflow-dags/airflow2_example_datasets.py');
const AF3 = corpusPath('airflow-dags/airflow3_example_assets.py');
const OM = corpusPath('openmetadata/om_ingestion_examples_airflow_dags_airflow_lineage_example.py');
const ASTRO = join(ROOT, 'examples/astro-project');

const read = (p: string) => readFileSync(p, 'utf8');
const summary = (l: Checked) => l.diagnostics.map((h) => `${String(h.code)}:${severityName(h)}:${h.range.start.line + 1}`);

/** Bad DAGs that, together, exercise every rule. */
function samples(): Checked[] {
  const pg3 = { 'requirements.txt': 'apache-airflow==3.0.2\napache-airflow-providers-postgres==6.0.0\n' };
  const om =
    'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\nfrom metadata.generated.schema.entity.data.table import Table\nfrom metadata.ingestion.source.pipeline.airflow.lineage_parser import OMEntity\n';
  return [
    lint(
      'from airflow import DAG\nfrom airflow.datasets import Dataset\nfrom airflow.operators.bash import BashOperator\nwith DAG("d") as dag:\n    BashOperator(task_id="t", bash_command="true", outlets=[Dataset(""), Dataset("airflow://x"), Dataset("S3://u:p@b/k#f"), Dataset("postgres://h/db/t"), Dataset("s3://b/' +
        'k'.repeat(1600) +
        '")])\n',
      pg3,
    ),
    lint('from airflow import DAG\nfrom airflow.datasets import Dataset\nwith DAG("d") as dag:\n    pass\n', {
      'requirements.txt': 'apache-airflow==2.3.0\n',
    }),
    lint(
      'from airflow import DAG\nfrom airflow.sdk import Asset\nfrom airflow.operators.bash import BashOperator\nwith DAG("d") as dag:\n    BashOperator(task_id="t", bash_command="true", outlets=[Asset("self"), Asset("s3://b/é")])\n',
      AIRFLOW2,
    ),
    lint(
      'from airflow import DAG\nfrom airflow.lineage.entities import Table, File\nfrom airflow.operators.bash import BashOperator\nwith DAG("d") as dag:\n    BashOperator(task_id="t", bash_command="true", inlets=[Table(database="db", schema="s", name="t"), Table("x"), File(url="x")])\n',
      AIRFLOW3,
    ),
    lint('from airflow import DAG\nfrom airflow.lineage.entities import Table\nwith DAG("d") as dag:\n    pass\n'),
    lint(
      'from airflow import DAG\nfrom airflow.lineage.entities import File\nfrom airflow.operators.bash import BashOperator\nwith DAG("d") as dag:\n    BashOperator(task_id="t", bash_command="true", outlets=[File(url="/tmp/final")])\n',
      AIRFLOW2,
    ),
    lint(
      'from airflow import DAG\nfrom airflow.lineage.datasets import File\nfrom airflow.operators.bash import BashOperator\nwith DAG("d") as dag:\n    BashOperator(task_id="t", bash_command="true", inlets={"auto": True})\n',
    ),
    lint(
      'from airflow import DAG\nfrom openlineage.client.event_v2 import Dataset\nfrom airflow.operators.bash import BashOperator\nwith DAG("d") as dag:\n    BashOperator(task_id="t", bash_command="true", inlets=[Dataset(namespace="s3://b"), Dataset(namespace="s3://b", name="k", facet={})])\n',
    ),
    lint(
      `${om}with DAG("d") as dag:\n    BashOperator(task_id="t", bash_command="true", inlets=[OMEntity(Table, "svc.db.t"), OMEntity(entity="table", fqn="svc.db.s.t", key="a"), {"entity": "Table", "fqn": 'svc.db."s".t', "key": "b"}, {"entity": "tabel", "fqn": "svc.db.s.t", "key": "b"}, {"entity": "table", "fqn": "svc.db.s.t"}], outlets={"tables": ["svc.db.s.u", 'svc.d"b.s.u']})\n`,
      { 'requirements.txt': 'openmetadata-ingestion==1.5.3\n' },
    ),
    validate(
      'file:///w/dags/dag.py',
      'from airflow import DAG\nfrom airflow.providers.postgres.operators.postgres import PostgresOperator\nwith DAG("d") as dag:\n    PostgresOperator(task_id="t", sql="SELEC 1")\n',
      { family: 'dags', lineage: predicting() },
    ),
  ];
}

describe('dags rules', () => {
  it('have unique dags/ ids, a severity and a summary each', () => {
    const ids = DAG_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of DAG_RULES) {
      assert.match(r.id, /^dags\/[a-z0-9-]+$/);
      assert.ok(SEVERITIES.includes(r.defaultSeverity), r.id);
      assert.ok(r.summary.length > 40 && r.summary.length < 300, `${r.id}: ${r.summary.length}`);
    }
  });

  it('export the provider shapes for hovers', () => {
    assert.equal(providerShape('postgres')?.shape, 'postgres://host[:port]/database/schema/table');
    assert.equal(providerShape('s3')?.provider, 'apache-airflow-providers-amazon');
  });

  describe('every finding', () => {
    const ADVICE =
      /\b(use|add|remove|rename|write|replace|upgrade|did you mean|give|shorten|choose|put|name them|import|declare|percent-encode|check|leave|pass the class|wrap)\b/i;
    const advises = (message: string) => ADVICE.test(message.replace(/\([^()]*(\([^()]*\)[^()]*)*\)/g, ''));

    it('the samples exercise every rule', () => {
      const seen = new Set(samples().flatMap((l) => l.diagnostics.map((h) => String(h.code))));
      assert.deepEqual(
        DAG_RULES.map((r) => r.id).filter((id) => !seen.has(id)),
        [],
      );
    });

    it('says what is wrong and how to fix it, outside parentheses', () => {
      const missing = samples().flatMap((l) => l.diagnostics.filter((h) => !advises(msg(h))).map((h) => `[${String(h.code)}] ${msg(h)}`));
      assert.deepEqual(missing, []);
    });

    it('has a non-empty range inside the file, and fixes that change the text', () => {
      for (const l of samples()) {
        for (const h of l.diagnostics) {
          const r = offsets(h);
          assert.ok(r.start >= 0 && r.end <= l.text.length && r.end > r.start, `${String(h.code)}: ${JSON.stringify(r)}`);
          for (const title of fixTitles(h)) assert.notEqual(applyFix(h, title), l.text, `${String(h.code)}: ${title}`);
        }
      }
    });
  });

  describe('on real DAGs', () => {
    it('Airflow 1.10 example: only warnings about its 1.10 lineage forms', function () {
      needsSharedCorpus(this, AF110);
      // A deliberately old sample: airflow.lineage.datasets and {"auto": True} / {"datasets": [...]} dicts.
      for (const files of [{}, AIRFLOW2]) {
        const l = lint(read(AF110), files);
        assert.deepEqual(
          summary(l),
          [
            'dags/airflow1-lineage:warning:25',
            'dags/airflow1-lineage:warning:44',
            'dags/airflow1-lineage:warning:45',
            'dags/airflow1-lineage:warning:56',
            'dags/airflow1-lineage:warning:57',
          ],
          formatDiagnostics(l),
        );
      }
    });

    it('Airflow 2 datasets example: nothing on Airflow 2; the deprecated import on Airflow 3', function () {
      needsSharedCorpus(this, AF2);
      const text = read(AF2);
      for (const files of [{}, AIRFLOW2]) assert.deepEqual(lint(text, files).diagnostics, [], formatDiagnostics(lint(text, files)));
      const on3 = lint(text, AIRFLOW3);
      assert.deepEqual(summary(on3), ['dags/asset-import:warning:43'], formatDiagnostics(on3));
    });

    it('Airflow 3 assets example: nothing on Airflow 3 or an unknown version', function () {
      needsSharedCorpus(this, AF3);
      const text = read(AF3);
      for (const files of [{}, AIRFLOW3]) assert.deepEqual(lint(text, files).diagnostics, [], formatDiagnostics(lint(text, files)));
    });

    it('OpenMetadata example: only the deprecated {"tables": [...]} dicts', function () {
      needsSharedCorpus(this, OM);
      const l = lint(read(OM), { 'requirements.txt': 'apache-airflow==2.10.4\nopenmetadata-ingestion==1.5.3\n' });
      assert.deepEqual(summary(l), ['dags/om-legacy-dict:warning:50', 'dags/om-legacy-dict:warning:54'], formatDiagnostics(l));
    });

    it('the demo Astro project: nothing', () => {
      const files: Record<string, string> = {};
      for (const f of ['requirements.txt', 'Dockerfile']) if (existsSync(join(ASTRO, f))) files[f] = read(join(ASTRO, f));
      for (const name of readdirSync(join(ASTRO, 'dags')).filter((n) => n.endsWith('.py'))) {
        const l = lint(read(join(ASTRO, 'dags', name)), files);
        assert.deepEqual(l.diagnostics, [], `${name}:\n${formatDiagnostics(l)}`);
      }
    });
  });
});
