/**
 * The `dags/*` rules on OpenMetadata's inlets/outlets: OMEntity and the {entity, fqn, key} dict
 * (om-entity), FQN shapes and quoting (om-fqn), group keys across a DAG (om-group-key) and the deprecated
 * {"tables": [...]} dict with its conversion (om-legacy-dict).
 */
import assert from 'node:assert/strict';
import { splitFqn } from '../../server/src/service/dags/om-fqn';
import {
  applyFix,
  byRule,
  covered,
  type Files,
  fixTitles,
  formatDiagnostics,
  msg,
  none,
  one,
  severityName,
  validate,
} from '../support/harness';

/** A DAG file's `dags/*` diagnostics through the service, with a project made of exactly `files`. */
const lint = (text: string, files: Files = {}) => validate('file:///w/dags/dag.py', text, { project: files, family: 'dags' });

const HEAD =
  'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\nfrom metadata.generated.schema.entity.data.table import Table\nfrom metadata.generated.schema.entity.data.container import Container\nfrom metadata.ingestion.source.pipeline.airflow.lineage_parser import OMEntity\n';

/** A DAG with one task per [inlets, outlets] pair (`None` leaves it out). */
function dag(...tasks: [string | null, string | null][]): string {
  const body = tasks
    .map(
      ([i, o], n) =>
        `    BashOperator(task_id="t${n}", bash_command="true"${i !== null ? `, inlets=${i}` : ''}${o !== null ? `, outlets=${o}` : ''})`,
    )
    .join('\n');
  return `${HEAD}\nwith DAG("lineage", schedule=None) as dag:\n${body}\n`;
}

const OM_NEW = { 'requirements.txt': 'openmetadata-ingestion==1.5.3\n' };
const OM_OLD = { 'requirements.txt': 'openmetadata-ingestion==1.3.2\n' };

describe('dags rules: OpenMetadata', () => {
  describe('fqn helper', () => {
    it('splits on dots, with quoted parts holding dots', () => {
      const s = splitFqn('svc.db."my.schema".t');
      assert.ok(s.ok);
      assert.deepEqual(
        s.parts.map((p) => p.name),
        ['svc', 'db', 'my.schema', 't'],
      );
      assert.equal(splitFqn('svc.db.sch"ema.t').ok, false);
      assert.equal(splitFqn('svc."db.t').ok, false);
      assert.equal(splitFqn('svc..t').ok, false);
      assert.equal(splitFqn('svc.t.').ok, false);
    });
  });

  describe('dags/om-entity', () => {
    const id = 'dags/om-entity';

    it('reports positional arguments, with a fix naming them', () => {
      const text = dag(['[OMEntity(Table, "svc.db.s.t", "k")]', '[OMEntity(entity=Table, fqn="svc.db.s.u", key="k")]']);
      const l = lint(text);
      const h = one(l, id, 'Table, "svc.db.s.t", "k"', 'error');
      assert.equal(applyFix(h), text.replace('OMEntity(Table, "svc.db.s.t", "k")', 'OMEntity(entity=Table, fqn="svc.db.s.t", key="k")'));
    });

    it('reports a missing fqn on the class name, and an unknown keyword with a rename fix', () => {
      const l = lint(dag(['[OMEntity(entity=Table, key="k")]', '[OMEntity(entity=Table, fqn="svc.db.s.u", key="k")]']));
      assert.match(msg(one(l, id, 'OMEntity', 'error', { in: 'OMEntity(entity=Table, key' })), /missing `fqn`/);
      const typo = dag(['[OMEntity(entity=Table, fqm="svc.db.s.t", key="k")]', '[OMEntity(entity=Table, fqn="svc.db.s.u", key="k")]']);
      const t = lint(typo);
      const h = one(t, id, 'fqm', 'error');
      assert.equal(applyFix(h, 'Rename to fqn'), typo.replace('fqm=', 'fqn='));
    });

    it("reports entity given as a string, or as Airflow's Table", () => {
      const l = lint(dag(['[OMEntity(entity="table", fqn="svc.db.s.t", key="k")]', '[OMEntity(entity=Table, fqn="svc.db.s.u", key="k")]']));
      assert.match(msg(one(l, id, '"table"', 'error')), /entity class, not the string/);
      const airflowTable = `from airflow.lineage.entities import Table\nfrom airflow import DAG\nfrom airflow.operators.bash import BashOperator\nfrom metadata.ingestion.source.pipeline.airflow.lineage_parser import OMEntity\nwith DAG("d") as dag:\n    BashOperator(task_id="t", bash_command="true", inlets=[OMEntity(entity=Table, fqn="svc.db.s.t", key="k")], outlets=[OMEntity(entity=Table, fqn="svc.db.s.u", key="k")])\n`;
      const a = lint(airflowTable);
      const hits = byRule(a, id);
      assert.equal(hits.length, 2, formatDiagnostics(a));
      assert.match(msg(hits[0]!), /Airflow's `airflow\.lineage\.entities\.Table`/);
    });

    it('reports a dict without "key" (read as a legacy dict, so nothing)', () => {
      const l = lint(dag(['[{"entity": "table", "fqn": "svc.db.s.t"}]', '[{"entity": "table", "fqn": "svc.db.s.u", "key": "k"}]']));
      const h = one(l, id, 'entity', 'error', { in: '{"entity": "table", "fqn": "svc.db.s.t"}' });
      assert.match(msg(h), /lacks `key`/);
    });

    it('fixes the case of a known dict entity type, and warns about unknown ones', () => {
      const text = dag([
        '[{"entity": "Table", "fqn": "svc.db.s.t", "key": "k"}]',
        '[{"entity": "table", "fqn": "svc.db.s.u", "key": "k"}]',
      ]);
      const l = lint(text);
      const h = one(l, id, 'Table', 'error', { in: '"Table", "fqn"' });
      assert.equal(applyFix(h), text.replace('"entity": "Table"', '"entity": "table"'));
      const unknown = lint(
        dag(['[{"entity": "tabel", "fqn": "svc.db.s.t", "key": "k"}]', '[{"entity": "table", "fqn": "svc.db.s.u", "key": "k"}]']),
      );
      assert.match(msg(one(unknown, id, 'tabel', 'warning')), /Did you mean "table"/);
    });

    it('reports an empty entity type on its quotes', () => {
      const l = lint(dag(['[{"entity": "", "fqn": "svc.db.s.t", "key": "k"}]', '[{"entity": "table", "fqn": "svc.db.s.u", "key": "k"}]']));
      one(l, id, '""', 'warning', { in: '"entity": ""' });
    });

    it("accepts the forms of OpenMetadata's own example", () => {
      none(
        lint(
          dag(
            [
              '[OMEntity(entity=Container, fqn="s3_storage_sample.transactions", key="test")]',
              '[OMEntity(entity=Table, fqn="sample_data.ecommerce_db.shopify.raw_order", key="test")]',
            ],
            ['[{"entity": "container", "fqn": "s3_storage_sample.departments", "key": "test"}]', null],
          ),
        ),
        id,
      );
      none(lint(dag(['[OMEntity(**ENTITY)]', null])), id);
    });
  });

  describe('dags/om-fqn', () => {
    const id = 'dags/om-fqn';

    it('reports a table FQN with three parts', () => {
      const l = lint(
        dag(['[OMEntity(entity=Table, fqn="svc.db.orders", key="k")]', '[OMEntity(entity=Table, fqn="svc.db.s.u", key="k")]']),
      );
      const h = one(l, id, 'svc.db.orders', 'error');
      assert.match(msg(h), /service\.database\.schema\.table/);
    });

    it('says to quote a part with a dot when there are too many parts', () => {
      const l = lint(
        dag(['[{"entity": "table", "fqn": "svc.db.my.schema.t", "key": "k"}]', '[{"entity": "table", "fqn": "svc.db.s.u", "key": "k"}]']),
      );
      assert.match(msg(one(l, id, 'svc.db.my.schema.t', 'error')), /double quotes/);
    });

    it('reports an empty FQN on its quotes', () => {
      const l = lint(dag(['[OMEntity(entity=Table, fqn="", key="k")]', '[OMEntity(entity=Table, fqn="svc.db.s.u", key="k")]']));
      assert.match(msg(one(l, id, '""', 'error', { in: 'fqn=""' })), /is empty/);
    });

    it('reports a stray double quote on its part', () => {
      const l = lint(
        dag([`[OMEntity(entity=Table, fqn='svc.db.sch"ema.t', key="k")]`, '[OMEntity(entity=Table, fqn="svc.db.s.u", key="k")]']),
      );
      one(l, id, 'sch"ema', 'error');
    });

    it('reads legacy dict FQNs as tables, and knows dashboards and containers', () => {
      const l = lint(dag(['{"tables": ["svc.db.t"]}', '{"tables": ["svc.db.s.u"]}']));
      one(l, id, 'svc.db.t', 'error');
      none(
        lint(
          dag([
            '[{"entity": "container", "fqn": "s3.bucket.dir.sub", "key": "k"}]',
            '[{"entity": "dashboard", "fqn": "superset.sales", "key": "k"}]',
          ]),
        ),
        id,
      );
      const dash = lint(
        dag(['[{"entity": "dashboard", "fqn": "superset", "key": "k"}]', '[{"entity": "table", "fqn": "svc.db.s.u", "key": "k"}]']),
      );
      one(dash, id, 'superset', 'error');
    });

    it('accepts quoted parts with dots, and hints at needless quotes with a fix', () => {
      none(
        lint(dag([`[OMEntity(entity=Table, fqn='svc.db."my.schema".t', key="k")]`, '[OMEntity(entity=Table, fqn="svc.db.s.u", key="k")]'])),
        id,
      );
      const text = dag([
        `[OMEntity(entity=Table, fqn='svc.db."schema".t', key="k")]`,
        '[OMEntity(entity=Table, fqn="svc.db.s.u", key="k")]',
      ]);
      const l = lint(text);
      const h = one(l, id, '"schema"', 'hint');
      assert.equal(applyFix(h), text.replace(`'svc.db."schema".t'`, `'svc.db.schema.t'`));
    });

    it('never judges templates or entity types it has no shape for', () => {
      none(
        lint(
          dag([
            '[OMEntity(entity=Table, fqn="{{ var.value.fqn }}", key="k")]',
            '[OMEntity(entity=Table, fqn=f"svc.db.{SCHEMA}.t", key="k")]',
          ]),
        ),
        id,
      );
      none(
        lint(
          dag(['[{"entity": "storedProcedure", "fqn": "svc.x", "key": "k"}]', '[{"entity": "table", "fqn": "svc.db.s.u", "key": "k"}]']),
        ),
        id,
      );
    });
  });

  describe('dags/om-group-key', () => {
    const id = 'dags/om-group-key';

    it('pairs keys across the tasks of a DAG', () => {
      // OpenMetadata's own example: "tables" in one task, "test" split over two.
      none(
        lint(
          dag(
            ['{"tables": ["svc.db.s.a"]}', '{"tables": ["svc.db.s.b"]}'],
            ['[OMEntity(entity=Container, fqn="s3.t", key="test")]', null],
            [null, '[{"entity": "table", "fqn": "svc.db.s.c", "key": "test"}]'],
          ),
        ),
        id,
      );
    });

    it("reports a key only used in inlets, with a fix to the outlets' unmatched key", () => {
      const text = dag(
        ['[OMEntity(entity=Table, fqn="svc.db.s.a", key="orders")]', null],
        [null, '[OMEntity(entity=Table, fqn="svc.db.s.b", key="order")]'],
      );
      const l = lint(text);
      const hits = byRule(l, id);
      assert.deepEqual(
        hits.map((h) => [covered(h), severityName(h)]),
        [
          ['orders', 'warning'],
          ['order', 'warning'],
        ],
        formatDiagnostics(l),
      );
      assert.match(msg(hits[0]!), /only in the inlets of DAG "lineage"/);
      assert.deepEqual(fixTitles(hits[0]!), ['Use the key "order"']);
      assert.equal(applyFix(hits[0]!), text.replace('key="orders"', 'key="order"'));
    });

    it("reports OMEntity's default key on the class name", () => {
      const l = lint(dag(['[OMEntity(entity=Table, fqn="svc.db.s.a")]', null]));
      const h = one(l, id, 'OMEntity', 'warning', { in: 'OMEntity(entity=Table, fqn="svc.db.s.a")' });
      assert.match(msg(h), /"default" \(OMEntity's default\)/);
    });

    it('counts default_args and ignores groups it cannot read', () => {
      const withDefaults = `${HEAD}\nwith DAG("d", default_args={"outlets": [OMEntity(entity=Table, fqn="svc.db.s.b", key="k")]}) as dag:\n    BashOperator(task_id="t", bash_command="true", inlets=[OMEntity(entity=Table, fqn="svc.db.s.a", key="k")])\n`;
      none(lint(withDefaults), id);
      none(lint(dag(['[OMEntity(entity=Table, fqn="svc.db.s.a", key="k")]', 'outlets_from_somewhere()'])), id);
      none(
        lint(dag(['[OMEntity(entity=Table, fqn="svc.db.s.a", key=KEY)]', '[OMEntity(entity=Table, fqn="svc.db.s.b", key="other")]'])),
        id,
      );
    });

    it('does not count Airflow Datasets or Airflow 1.10 dicts as OpenMetadata groups', () => {
      const text = `from airflow import DAG\nfrom airflow.datasets import Dataset\nfrom airflow.operators.bash import BashOperator\nwith DAG("d") as dag:\n    BashOperator(task_id="t", bash_command="true", inlets=[Dataset("s3://b/a")], outlets={"auto": True})\n`;
      none(lint(text), id);
    });
  });

  describe('dags/om-legacy-dict', () => {
    const id = 'dags/om-legacy-dict';

    it('warns on the key with the openmetadata-ingestion version, and converts to entity dicts', () => {
      const text = dag(['{"tables": ["svc.db.s.a", "svc.db.s.b"]}', '{"tables": ["svc.db.s.c"]}']);
      const l = lint(text, OM_NEW);
      const hits = byRule(l, id);
      assert.equal(hits.length, 2, formatDiagnostics(l));
      assert.deepEqual(covered(hits[0]!), 'tables');
      assert.equal(severityName(hits[0]!), 'warning');
      assert.match(msg(hits[0]!), /deprecated since OpenMetadata 1\.4\.0 \(openmetadata-ingestion==1\.5\.3 in requirements\.txt\)/);
      assert.equal(
        applyFix(hits[0]!),
        text.replace(
          '{"tables": ["svc.db.s.a", "svc.db.s.b"]}',
          '[{"entity": "table", "fqn": "svc.db.s.a", "key": "tables"}, {"entity": "table", "fqn": "svc.db.s.b", "key": "tables"}]',
        ),
      );
    });

    it('converts a multi-line dict into a multi-line list, and a dict inside a list in place', () => {
      const multi = `${HEAD}\nwith DAG("d") as dag:\n    BashOperator(\n        task_id="t",\n        bash_command="true",\n        inlets={\n            "tables": [\n                "svc.db.s.a",\n            ],\n        },\n        outlets=[{'tables': ['svc.db.s.b']}],\n    )\n`;
      const l = lint(multi, OM_NEW);
      const [inlet, outlet] = byRule(l, id);
      assert.equal(
        applyFix(inlet!),
        multi.replace(
          '{\n            "tables": [\n                "svc.db.s.a",\n            ],\n        }',
          '[\n            {"entity": "table", "fqn": "svc.db.s.a", "key": "tables"},\n        ]',
        ),
      );
      assert.equal(
        applyFix(outlet!),
        multi.replace(`[{'tables': ['svc.db.s.b']}]`, `[{'entity': 'table', 'fqn': 'svc.db.s.b', 'key': 'tables'}]`),
      );
    });

    it('warns without a fix when the dict is bound to a name', () => {
      const text = `${HEAD}TABLES = {"tables": ["svc.db.s.a"]}\nwith DAG("d") as dag:\n    BashOperator(task_id="t", bash_command="true", inlets=TABLES, outlets=TABLES)\n`;
      const l = lint(text, OM_NEW);
      const h = one(l, id, 'tables', 'warning');
      assert.deepEqual(fixTitles(h), []);
    });

    it('says the version is unknown, and says nothing before OpenMetadata 1.4', () => {
      const text = dag(['{"tables": ["svc.db.s.a"]}', '{"tables": ["svc.db.s.c"]}']);
      assert.match(msg(byRule(lint(text), id)[0]!), /version is unknown/);
      none(lint(text, OM_OLD), id);
    });

    it('leaves the new forms and Airflow 1.10 dicts alone', () => {
      none(
        lint(dag(['[{"entity": "table", "fqn": "svc.db.s.a", "key": "k"}]', '[OMEntity(entity=Table, fqn="svc.db.s.b", key="k")]'])),
        id,
      );
      none(
        lint(
          'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\nwith DAG("d") as dag:\n    BashOperator(task_id="t", bash_command="true", inlets={"auto": True})\n',
        ),
        id,
      );
    });
  });
});
