/**
 * The `dags/*` rules on Airflow's lineage entities (`airflow.lineage.entities`: Table, File, Column, User,
 * Tag), their removal in Airflow 3, Airflow 1.10's lineage forms, and openlineage-python Datasets in
 * inlets/outlets.
 */
import assert from 'node:assert/strict';
import { DiagnosticTag } from 'vscode-languageserver-types';
import {
  applyFix,
  byRule,
  codeActions,
  covered,
  type Files,
  fixTitles,
  formatDiagnostics,
  msg,
  none,
  offsets,
  one,
  severityName,
  validate,
} from '../support/harness';
import { AIRFLOW2, AIRFLOW3, ASTRO3 } from '../support/airflow-workspaces';

/** A DAG file's `dags/*` diagnostics through the service, with a project made of exactly `files`. */
const lint = (text: string, files: Files = {}) => validate('file:///w/dags/dag.py', text, { project: files, family: 'dags' });

const HEAD =
  'from airflow import DAG\nfrom airflow.lineage.entities import Table, File, Column, User, Tag\nfrom airflow.operators.bash import BashOperator\n';

/** A DAG whose one task has `inlets=[<inlet>]`. */
function dag(inlet: string, head = HEAD): string {
  return `${head}\nwith DAG("d", schedule=None) as dag:\n    BashOperator(task_id="t", bash_command="true", inlets=[${inlet}])\n`;
}

describe('dags rules: lineage entities', () => {
  describe('dags/lineage-entity', () => {
    const id = 'dags/lineage-entity';

    it('reports Table(schema=...) on the keyword, with fixes folding it into name or removing it', () => {
      const text = dag('Table(database="analytics", schema="public", name="orders", cluster="pg")');
      const l = lint(text, AIRFLOW2);
      const h = one(l, id, 'schema', 'error');
      assert.match(msg(h), /no `schema` field/);
      assert.match(msg(h), /name="public\.orders"/);
      assert.deepEqual(fixTitles(h), ['Fold the schema into name="public.orders"', 'Remove schema=']);
      assert.equal(codeActions(h)[0]!.isPreferred, true);
      assert.equal(
        applyFix(h, 'Fold the schema into name="public.orders"'),
        dag('Table(database="analytics", name="public.orders", cluster="pg")'),
      );
      assert.equal(applyFix(h, 'Remove schema='), dag('Table(database="analytics", name="orders", cluster="pg")'));
    });

    it('folds a schema written last, across lines, keeping the layout', () => {
      const text = dag(
        '\n        Table(\n            database="analytics",\n            cluster="pg",\n            name="orders",\n            schema="public",\n        )\n    ',
      );
      const l = lint(text, AIRFLOW2);
      const h = one(l, id, 'schema', 'error');
      assert.equal(
        applyFix(h, 'Fold the schema into name="public.orders"'),
        dag(
          '\n        Table(\n            database="analytics",\n            cluster="pg",\n            name="public.orders",\n        )\n    ',
        ),
      );
    });

    it('offers only the removal when schema or name is not a literal', () => {
      const l = lint(dag('Table(database="db", cluster="c", name=TABLE, schema="public")'), AIRFLOW2);
      assert.deepEqual(fixTitles(one(l, id, 'schema', 'error')), ['Remove schema=']);
    });

    it('reports missing required fields on the class name', () => {
      const l = lint(dag('Table(database="db", name="orders")'), AIRFLOW2);
      const h = one(l, id, 'Table', 'error', { in: 'Table(database' });
      assert.match(msg(h), /missing the required field `cluster`/);
      assert.match(msg(h), /namespace `\{cluster\}`/);
    });

    it('reports positional arguments of the keyword-only classes', () => {
      const l = lint(dag('Table("db", "c", "orders")'), AIRFLOW2);
      const hits = byRule(l, id);
      assert.deepEqual(
        hits.map((h) => covered(h)),
        ['"db"', '"c"', '"orders"'],
        formatDiagnostics(l),
      );
      assert.match(msg(hits[0]!), /keyword arguments only/);
    });

    it('suggests the field an unknown keyword was meant to be, once', () => {
      const l = lint(dag('Table(database="db", clustr="c", name="t")'), AIRFLOW2);
      const h = one(l, id, 'clustr', 'error');
      assert.equal(applyFix(h, 'Rename to cluster'), dag('Table(database="db", cluster="c", name="t")'));
    });

    it('checks Column, User and Tag inside a Table', () => {
      const text = dag(
        'Table(database="db", cluster="c", name="t", columns=[Column(name="id", data_type="int"), Column(name="x")], owners=[User(mail="a@b.c")], tags=[Tag("pii")])',
      );
      const l = lint(text, AIRFLOW2);
      const hits = byRule(l, id);
      assert.deepEqual(
        hits.map((h) => [covered(h), severityName(h)]),
        [
          ['Column', 'error'],
          ['mail', 'error'],
          ['"pii"', 'error'],
        ],
        formatDiagnostics(l),
      );
      assert.match(msg(hits[0]!), /`data_type`/);
      // The second Column is the one missing data_type.
      assert.equal(offsets(hits[0]!).start, text.indexOf('Column(name="x")'));
      assert.equal(applyFix(hits[1]!, 'Rename to email'), text.replace('mail=', 'email='));
    });

    it('warns about a File url without a slash, which the OpenLineage provider drops', () => {
      const l = lint(dag('File(url="orders.csv")'), AIRFLOW2);
      const h = one(l, id, 'orders.csv', 'warning');
      assert.match(msg(h), /drops/);
      none(lint(dag('File("/data/orders.csv")'), AIRFLOW2), id);
      none(lint(dag('File(url="s3://bucket/orders.csv")'), AIRFLOW2), id);
      none(lint(dag('File(url="{{ var.value.path }}")'), AIRFLOW2), id);
    });

    it('accepts complete entities and calls with **kwargs', () => {
      none(
        lint(
          dag(
            'Table(database="db", cluster="c", name="t", columns=[Column(name="id", data_type="int", tags=[Tag(tag_name="pk")])], owners=[User(email="a@b.c", first_name="A")], description="x")',
          ),
          AIRFLOW2,
        ),
        id,
      );
      none(lint(dag('Table(**TABLE_KWARGS)'), AIRFLOW2), id);
      none(lint(dag('File(url=path_of("orders"))'), AIRFLOW2), id);
    });

    it('leaves Airflow 1.10 files and unrelated Table classes alone', () => {
      none(
        lint(
          dag(
            'File("/tmp/final")',
            'from airflow import DAG\nfrom airflow.lineage.datasets import File\nfrom airflow.operators.bash import BashOperator\n',
          ),
        ),
        id,
      );
      none(
        lint(dag('Table("x")', 'from airflow import DAG\nfrom mylib import Table\nfrom airflow.operators.bash import BashOperator\n')),
        id,
      );
    });
  });

  describe('dags/lineage-entities-airflow3', () => {
    const id = 'dags/lineage-entities-airflow3';
    const text = dag('File(url="/data/x")');
    const names = 'Table, File, Column, User, Tag';

    it('errors on a verified Airflow 3, on the imported names, naming the version', () => {
      const h = one(lint(text, AIRFLOW3), id, names, 'error');
      assert.match(msg(h), /removed in Airflow 3\.0/);
      assert.match(msg(h), /apache-airflow==3\.0\.2 in requirements\.txt/);
      assert.match(msg(h), /Asset/);
      assert.deepEqual(h.tags, [DiagnosticTag.Deprecated]);
    });

    it('warns on an unverified Airflow 3 and says "depends on the version" when unknown', () => {
      one(lint(text, ASTRO3), id, names, 'warning');
      const h = one(lint(text), id, names, 'information');
      assert.match(msg(h), /depends on the version/);
    });

    it("says nothing on Airflow 2, or for the common.compat provider's entities", () => {
      none(lint(text, AIRFLOW2), id);
      none(
        lint(
          dag(
            'File(url="/data/x")',
            'from airflow import DAG\nfrom airflow.providers.common.compat.lineage.entities import File\nfrom airflow.operators.bash import BashOperator\n',
          ),
          AIRFLOW3,
        ),
        id,
      );
    });

    it('reports each import statement once', () => {
      const l = lint(
        'from airflow import DAG\nfrom airflow.lineage.entities import Table\nfrom airflow.lineage.entities import (\n    File,\n    Column,\n)\n',
        AIRFLOW3,
      );
      assert.deepEqual(
        byRule(l, id).map((h) => covered(h)),
        ['Table', 'File,\n    Column'],
      );
    });
  });

  describe('dags/airflow1-lineage', () => {
    const id = 'dags/airflow1-lineage';
    const head = 'from airflow import DAG\nfrom airflow.lineage.datasets import File\nfrom airflow.operators.bash import BashOperator\n';

    it('warns about the airflow.lineage.datasets import and the 1.10 dicts', () => {
      const text = `${head}f = File("/tmp/x")\nwith DAG("d") as dag:\n    BashOperator(task_id="t", bash_command="true", inlets={"auto": True}, outlets={"datasets": [f]})\n`;
      const l = lint(text);
      const hits = byRule(l, id);
      assert.deepEqual(
        hits.map((h) => [covered(h), severityName(h)]),
        [
          ['File', 'warning'],
          ['auto', 'warning'],
          ['datasets', 'warning'],
        ],
        formatDiagnostics(l),
      );
      assert.match(msg(hits[1]!), /Airflow 1\.10/);
      assert.match(msg(hits[1]!), /airflow\.lineage\.entities/);
    });

    it("does not take OpenMetadata's legacy dicts for Airflow 1.10 ones", () => {
      none(lint(dag('{"tables": ["svc.db.schema.t"]}')), id);
    });
  });

  describe('dags/ol-dataset', () => {
    const id = 'dags/ol-dataset';
    const head =
      'from airflow import DAG\nfrom openlineage.client.event_v2 import Dataset\nfrom airflow.operators.bash import BashOperator\n';

    it('reports a missing name and an unknown keyword', () => {
      const l = lint(dag('Dataset(namespace="postgres://h:5432", nme="db.s.t")', head));
      const hits = byRule(l, id);
      assert.deepEqual(
        hits.map((h) => covered(h)),
        ['nme'],
        formatDiagnostics(l),
      );
      assert.equal(applyFix(hits[0]!, 'Rename to name'), dag('Dataset(namespace="postgres://h:5432", name="db.s.t")', head));
      const missing = lint(dag('Dataset(namespace="postgres://h:5432")', head));
      assert.match(msg(one(missing, id, 'Dataset', 'error', { in: 'Dataset(namespace' })), /missing `name`/);
    });

    it('accepts positional and keyword forms', () => {
      none(lint(dag('Dataset("postgres://h:5432", "db.s.t")', head)), id);
      none(lint(dag('Dataset(namespace="s3://b", name="k", facets={})', head)), id);
    });
  });
});
