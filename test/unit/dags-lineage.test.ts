/**
 * Static lineage: the provider's conversions of inlets/outlets to OpenLineage datasets, job naming and the
 * namespace, the Marquez-shaped graph (ids, order, edges, data, source locations) and incremental updates.
 */
import assert from 'node:assert/strict';
import { assetDataset, convertXlet, fileEntityDataset, normalizeAssetUri } from '../../server/src/service/dags/convert';
import { jobNamespace, LineageIndex } from '../../server/src/service/dags/lineage';
import { ProjectIndex } from '../../server/src/service';
import type { Hover } from 'vscode-languageserver-types';
import type { StaticLineageNode } from '../../protocol/lineage';
import { parseLineageResponse } from '../../webview/src/graph/model';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { consumerDag, producerDag } from '../support/dag-pair';
import { createService, parseDag, spanOf } from '../support/harness';

const named = (uri: string) => {
  const r = assetDataset(uri);
  const d = r.datasets[0];
  return d ? `${d.namespace} | ${d.name}${d.emitted ? '' : ' (not emitted)'}` : `dropped: ${r.dropped}`;
};

describe('dags: converting inlets and outlets', () => {
  it("converts asset URIs with the providers' converters", () => {
    assert.equal(named('s3://acme-lake/raw/orders'), 's3://acme-lake | raw/orders');
    assert.equal(named('s3://acme-lake/'), 's3://acme-lake | /');
    assert.equal(named('S3://Bucket/Key/'), 's3://Bucket | Key');
    assert.equal(named('gs://bucket/a/b.csv'), 'gs://bucket | a/b.csv');
    assert.equal(named('bigquery://project/dataset/table'), 'bigquery | project.dataset.table');
    assert.equal(named('file:///tmp/out.csv'), 'file | /tmp/out.csv');
    assert.equal(named('file://host/srv/out.csv'), 'file://host | /srv/out.csv');
    assert.equal(named('sftp://files.example.com/inbox/a.csv'), 'file://files.example.com:22 | inbox/a.csv');
    assert.equal(named('wasbs://container@account.blob.core.windows.net/dir/file'), 'wasbs://container@account | dir/file');
    assert.match(assetDataset('s3://b/k').datasets[0]!.note, /amazon provider's OpenLineage converter for `s3`/);
  });

  it('names postgres, mysql and trino assets as OpenLineage names their tables, but marks them not emitted (no converter)', () => {
    assert.equal(
      named('postgres://warehouse/analytics/public/orders'),
      'postgres://warehouse:5432 | analytics.public.orders (not emitted)',
    );
    assert.equal(named('postgresql://db:6432/a//t'), 'postgres://db:6432 | a.default.t (not emitted)');
    assert.equal(named('mysql://db/shop/orders'), 'mysql://db:3306 | shop.orders (not emitted)');
    assert.equal(named('trino://trino/hive/sales/orders'), 'trino://trino:8080 | hive.sales.orders (not emitted)');
    assert.match(assetDataset('postgres://h/d/s/t').datasets[0]!.note, /registers no OpenLineage converter/);
  });

  it('keeps assets without a converter as Airflow assets, and drops what Airflow rejects', () => {
    assert.equal(named('orders'), 'airflow-asset | orders (not emitted)');
    assert.equal(named('x-custom://thing'), 'airflow-asset | x-custom://thing (not emitted)');
    assert.equal(named('kafka://broker:9092/topic'), 'airflow-asset | kafka://broker:9092/topic (not emitted)');
    assert.match(named('airflow://reserved'), /^dropped: .*reserved/);
    assert.match(
      named('postgres://warehouse/analytics/orders'),
      /^dropped: URI format postgres:\/\/ must contain database, schema, and table names/,
    );
    assert.match(named('s3:///key'), /^dropped: URI format s3:\/\/ must contain a bucket name/);
    assert.match(named('  '), /^dropped: .*empty/);
  });

  it('normalises URIs as Airflow does (scheme case, password, query order, fragment, trailing slash)', () => {
    const n = normalizeAssetUri('HTTP://user:secret@host/path/?b=2&a=1&c=#frag');
    assert.ok(n.kind === 'uri');
    assert.equal(n.text, 'http://host/path?a=1&b=2');
    assert.match(n.warning!, /password/);
  });

  it('converts Airflow Table and File entities, passes OpenLineage Datasets through, and names OpenMetadata entities', () => {
    const text = [
      'from airflow import DAG',
      'from airflow.lineage.entities import Table, File',
      'from openlineage.client.event_v2 import Dataset',
      'from metadata.ingestion.source.pipeline.airflow.lineage_parser import OMEntity',
      'from airflow.operators.bash import BashOperator',
      'with DAG("d"):',
      '    BashOperator(task_id="t", inlets=[',
      '        Table(database="db", cluster="pg://h:5432", name="orders"),',
      '        Table(cluster="c", database="db", schema="s", name="t"),',
      '        File(url="s3a://bucket/key"), File(url="/tmp/local"), File("nofolder"),',
      '        Dataset(namespace="kafka://k:9092", name="topic"),',
      '        OMEntity(entity=Container, fqn="s3_svc.bucket", key="k"),',
      '        {"tables": ["svc.db.s.a"]},',
      '    ])',
      '',
    ].join('\n');
    const out = parseDag(text).tasks[0]!.inlets.map((x) => {
      const c = convertXlet(x);
      return (
        c.datasets.map((d) => `${d.origin}:${d.namespace} | ${d.name}${d.entity ? ` (${d.entity}/${d.key})` : ''}`).join(';') ||
        `dropped: ${c.dropped}`
      );
    });
    assert.deepEqual(out.slice(0, 1), ['openlineage:pg://h:5432 | db.orders']);
    assert.match(out[1]!, /^dropped: `Table` has no `schema` argument/);
    assert.deepEqual(out.slice(2), [
      'openlineage:s3:// | key'.replace('s3://', 's3://bucket'),
      'openlineage: | /tmp/local',
      'dropped: `nofolder` has no `/`: the OpenLineage provider drops `File` urls without one.',
      'openlineage:kafka://k:9092 | topic',
      'openmetadata:openmetadata | s3_svc.bucket (Container/k)',
      'openmetadata:openmetadata | svc.db.s.a (table/tables)',
    ]);
    assert.equal(fileEntityDataset('hdfs://nn:8020/data/x')!.namespace, 'hdfs://nn:8020');
  });

  it('drops computed URIs and aliases, saying why', () => {
    const text =
      'from airflow.sdk import DAG, Asset, AssetAlias\nfrom airflow.operators.bash import BashOperator\nwith DAG("d"):\n    BashOperator(task_id="t", outlets=[Asset(f"s3://{b}/k"), AssetAlias("a"), Asset(name="n", uri="s3://b/named")])\n';
    const [computed, alias, named2] = parseDag(text).tasks[0]!.outlets.map(convertXlet);
    assert.match(computed!.dropped!, /computed when the DAG is parsed/);
    assert.match(alias!.dropped!, /AssetAlias/);
    assert.equal(named2!.datasets[0]!.name, 'named');
  });
});

describe('dags: job namespace', () => {
  const model = (files: Record<string, string>) => {
    const index = new ProjectIndex();
    for (const [name, text] of Object.entries(files)) index.update(`file:///w/${name}`, text);
    return index.model;
  };

  it('uses AIRFLOW__OPENLINEAGE__NAMESPACE over airflow.cfg over OPENLINEAGE_NAMESPACE, else default', () => {
    assert.deepEqual(jobNamespace(model({})).namespace, 'default');
    assert.equal(jobNamespace(model({ '.env': 'OPENLINEAGE_NAMESPACE=legacy\n' })).namespace, 'legacy');
    assert.equal(
      jobNamespace(model({ '.env': 'OPENLINEAGE_NAMESPACE=legacy\n', 'airflow.cfg': '[openlineage]\nnamespace = from_cfg\n' })).namespace,
      'from_cfg',
    );
    const all = jobNamespace(
      model({
        '.env': 'OPENLINEAGE_NAMESPACE=legacy\nAIRFLOW__OPENLINEAGE__NAMESPACE=from_env\n',
        'airflow.cfg': '[openlineage]\nnamespace = from_cfg\n',
      }),
    );
    assert.equal(all.namespace, 'from_env');
    assert.equal(all.source?.key, 'AIRFLOW__OPENLINEAGE__NAMESPACE');
    assert.equal(jobNamespace(model({ '.env': 'AIRFLOW__OPENLINEAGE__NAMESPACE=${NS}\n' })).namespace, 'default');
    const layered = {
      Dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.1.0\nENV AIRFLOW__OPENLINEAGE__NAMESPACE=image\n',
      'docker-compose.override.yml': 'services:\n  scheduler:\n    environment:\n      AIRFLOW__OPENLINEAGE__NAMESPACE: compose\n',
    };
    assert.equal(jobNamespace(model(layered)).namespace, 'compose', 'compose environment overrides the image');
    assert.equal(jobNamespace(model({ Dockerfile: layered.Dockerfile })).namespace, 'image');
  });
});

const PRODUCER = producerDag({
  dag: 'default_args={"inlets": [Dataset("s3://lake/raw")]}',
  asDag: false,
  load: 'inlets=[], outlets=[ORDERS, Dataset("postgres://wh/db/public/orders")]',
});

const CONSUMER = consumerDag({ outlets: '[{"entity": "table", "fqn": "svc.db.s.report", "key": "k"}]' });

const P = 'file:///w/dags/producer.py';
const C = 'file:///w/dags/consumer.py';

function workspace(namespace = 'acme'): LineageIndex {
  const index = new LineageIndex({ namespace });
  index.update(P, parseDag(PRODUCER), PRODUCER);
  index.update(C, parseDag(CONSUMER), CONSUMER);
  return index;
}

const node = (g: { graph: StaticLineageNode[] }, id: string) => {
  const n = g.graph.find((x) => x.id === id);
  assert.ok(n, `no node ${id} in ${g.graph.map((x) => x.id).join(', ')}`);
  return n;
};

describe('dags: the static lineage graph', () => {
  it('has Marquez node ids, sorted, with JOB and DATASET types', () => {
    const g = workspace().graph();
    assert.deepEqual(
      g.graph.map((n) => `${n.type} ${n.id}`),
      [
        'DATASET dataset:openmetadata:svc.db.s.report',
        'DATASET dataset:postgres://wh:5432:db.public.orders',
        'DATASET dataset:s3://lake:orders',
        'DATASET dataset:s3://lake:raw',
        'JOB job:acme:consumer.report',
        'JOB job:acme:producer.extract',
        'JOB job:acme:producer.load',
      ],
    );
  });

  it('links inputs → job → outputs on both ends, and keeps schedules and dependencies as job metadata', () => {
    const g = workspace().graph();
    const load = node(g, 'job:acme:producer.load');
    assert.deepEqual(load.inEdges, []);
    assert.deepEqual(load.outEdges, [
      { origin: 'job:acme:producer.load', destination: 'dataset:postgres://wh:5432:db.public.orders' },
      { origin: 'job:acme:producer.load', destination: 'dataset:s3://lake:orders' },
    ]);
    const orders = node(g, 'dataset:s3://lake:orders');
    assert.deepEqual(orders.inEdges, [{ origin: 'job:acme:producer.load', destination: 'dataset:s3://lake:orders' }]);
    assert.deepEqual(orders.outEdges, [{ origin: 'dataset:s3://lake:orders', destination: 'job:acme:consumer.report' }]);
    // default_args inlets apply to tasks that set none; `inlets=[]` overrides them.
    assert.deepEqual(
      node(g, 'job:acme:producer.extract').inEdges.map((e) => e.origin),
      ['dataset:s3://lake:raw'],
    );
    const report = node(g, 'job:acme:consumer.report');
    assert.ok(report.type === 'JOB');
    assert.deepEqual(report.data.dag.schedule, [{ namespace: 's3://lake', name: 'orders' }]);
    assert.deepEqual(
      report.inEdges.map((e) => e.origin),
      ['dataset:s3://lake:orders'],
    );
    const extract = node(g, 'job:acme:producer.extract');
    assert.ok(extract.type === 'JOB' && load.type === 'JOB');
    assert.deepEqual([extract.data.upstream, extract.data.downstream, load.data.upstream], [[], ['producer.load'], ['producer.extract']]);
  });

  it('gives jobs and datasets Marquez-like data with source locations', () => {
    const g = workspace().graph();
    const load = node(g, 'job:acme:producer.load');
    assert.ok(load.type === 'JOB');
    const { sourceLocation, dag, ...rest } = load.data;
    assert.deepEqual(rest, {
      id: { namespace: 'acme', name: 'producer.load' },
      type: 'BATCH',
      name: 'producer.load',
      simpleName: 'load',
      parentJobName: 'producer',
      namespace: 'acme',
      inputs: [],
      outputs: [
        { namespace: 's3://lake', name: 'orders' },
        { namespace: 'postgres://wh:5432', name: 'db.public.orders' },
      ],
      location: null,
      description: null,
      latestRun: null,
      facets: {},
      operator: 'BashOperator',
      upstream: ['producer.extract'],
      downstream: [],
    });
    assert.deepEqual(sourceLocation, {
      uri: P,
      range: { start: { line: 6, character: 11 }, end: { line: 6, character: PRODUCER.split('\n')[6]!.length } },
    });
    assert.equal(dag.dagId, 'producer');
    const orders = node(g, 'dataset:s3://lake:orders');
    assert.ok(orders.type === 'DATASET');
    assert.equal(orders.data.emitted, true);
    assert.equal(orders.data.origin, 'openlineage');
    assert.equal(orders.data.name, 'orders');
    assert.equal(orders.data.namespace, 's3://lake');
    // Constructed in both files; the first file (by uri) is the node's location.
    assert.deepEqual(
      orders.data.definitions.map((d) => d.uri),
      [C, P],
    );
    assert.deepEqual(orders.data.sourceLocation, {
      uri: C,
      range: { start: { line: 2, character: 9 }, end: { line: 2, character: CONSUMER.split('\n')[2]!.length } },
    });
    const pg = node(g, 'dataset:postgres://wh:5432:db.public.orders');
    assert.ok(pg.type === 'DATASET');
    assert.equal(pg.data.emitted, false);
    const om = node(g, 'dataset:openmetadata:svc.db.s.report');
    assert.ok(om.type === 'DATASET');
    assert.deepEqual([om.data.origin, om.data.openmetadata], ['openmetadata', { entity: 'table', key: 'k' }]);
  });

  it('leaves out datasets the provider would not emit when asked', () => {
    const g = workspace().graph({ emittedOnly: true });
    assert.deepEqual(
      g.graph.filter((n) => n.type === 'DATASET').map((n) => n.id),
      ['dataset:s3://lake:orders', 'dataset:s3://lake:raw'],
    );
    const load = node(g, 'job:acme:producer.load');
    assert.ok(load.type === 'JOB');
    assert.deepEqual(load.data.outputs, [{ namespace: 's3://lake', name: 'orders' }]);
  });

  it('draws in the lineage viewer: the webview model accepts the graph with no dangling edges', () => {
    const parsed = parseLineageResponse(JSON.parse(JSON.stringify(workspace().graph())));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.equal(parsed.model.danglingEdges, 0);
    assert.equal(parsed.model.nodes.length, 7);
    assert.equal(parsed.model.edges.length, 5);
  });

  it("gives one file's graph: its jobs and the datasets they read and write", () => {
    const g = workspace().graph({ uri: C });
    assert.deepEqual(
      g.graph.map((n) => n.id),
      ['dataset:openmetadata:svc.db.s.report', 'dataset:s3://lake:orders', 'job:acme:consumer.report'],
    );
    assert.deepEqual(node(g, 'dataset:s3://lake:orders').inEdges, [], 'the producer in another file is not part of this graph');
    assert.deepEqual(workspace().graph({ uri: 'file:///w/none.py' }), { graph: [] });
  });

  it('updates incrementally: a changed file replaces its jobs, a removed file takes its jobs and datasets with it', () => {
    const index = workspace();
    const before = index.graph();
    assert.equal(index.graph(), before, 'the workspace graph is cached until something changes');
    const renamed = PRODUCER.replace('task_id="load"', 'task_id="load_v2"');
    index.update(P, parseDag(renamed), renamed);
    const after = index.graph();
    assert.notEqual(after, before);
    assert.ok(after.graph.some((n) => n.id === 'job:acme:producer.load_v2'));
    assert.ok(!after.graph.some((n) => n.id === 'job:acme:producer.load'));
    index.remove(C);
    assert.deepEqual(
      index.graph().graph.map((n) => n.id),
      [
        'dataset:postgres://wh:5432:db.public.orders',
        'dataset:s3://lake:orders',
        'dataset:s3://lake:raw',
        'job:acme:producer.extract',
        'job:acme:producer.load_v2',
      ],
    );
    index.namespace = 'other';
    assert.ok(index.graph().graph.some((n) => n.id === 'job:other:producer.extract'));
    index.update(C, parseDag('import os\n'), 'import os\n');
    assert.equal(index.has(C), false, 'files without lineage are not kept');
  });

  it("keeps the first file's task when two files define the same dag_id.task_id", () => {
    const index = workspace();
    index.update('file:///w/dags/copy.py', parseDag(PRODUCER), PRODUCER);
    const load = node(index.graph(), 'job:acme:producer.load');
    assert.ok(load.type === 'JOB');
    assert.equal(load.data.sourceLocation.uri, 'file:///w/dags/copy.py');
  });

  it('lists every use of a dataset across files (inputs, outputs, schedules)', () => {
    const uses = workspace().uses({ namespace: 's3://lake', name: 'orders' });
    assert.deepEqual(
      uses.map((u) => `${u.uri.split('/').pop()}:${u.role}:${u.job ?? u.dagId}`),
      ['consumer.py:schedule:consumer', 'consumer.py:input:consumer.report', 'producer.py:output:producer.load'],
    );
    const load = spanOf(PRODUCER, 'ORDERS, Dataset("postgres');
    assert.deepEqual(uses[2]!.range, {
      start: { line: 6, character: load.start - PRODUCER.lastIndexOf('\n', load.start) - 1 },
      end: { line: 6, character: load.start - PRODUCER.lastIndexOf('\n', load.start) - 1 + 6 },
    });
  });
});

describe('dags: family (kind, hover, definition, references)', () => {
  const doc = (uri: string, text: string, version = 1) => TextDocument.create(uri, 'python', version, text);
  const hoverText = (h: Hover | null) => {
    assert.ok(h, 'no hover');
    return (h.contents as { value: string }).value;
  };

  it('recognises Airflow DAG files only', () => {
    const service = createService({ family: 'dags' });
    assert.equal(service.fileKind(doc(P, PRODUCER)), 'airflow-dag');
    assert.equal(service.fileKind(doc('file:///w/job.py', 'from pyspark.sql import SparkSession\n')), undefined);
    assert.equal(service.fileKind(doc('file:///w/util.py', 'import airflow\n')), undefined, 'no DAG or task');
  });

  it('hovers an inlet with the OpenLineage dataset it becomes, and who else reads and writes it', () => {
    const service = createService({ family: 'dags' });
    const lineage = workspace();
    const at = spanOf(CONSUMER, 'inlets=[ORDERS]').start + 'inlets=['.length + 2;
    const h = service.hover(doc(C, CONSUMER), at, { lineage });
    const md = hoverText(h);
    assert.match(md, /\*\*OpenLineage dataset\*\* \(inlet of `consumer\.report`\)/);
    assert.match(md, /\| namespace \| `s3:\/\/lake` \|/);
    assert.match(md, /\| name \| `orders` \|/);
    assert.match(md, /Written by `producer\.load`/);
    const r = spanOf(CONSUMER, 'inlets=[ORDERS]');
    assert.deepEqual(h!.range, {
      start: { line: 5, character: r.start - CONSUMER.lastIndexOf('\n', r.start) - 1 + 8 },
      end: { line: 5, character: r.start - CONSUMER.lastIndexOf('\n', r.start) - 1 + 14 },
    });
  });

  it('hovers a dropped xlet with the reason, and a postgres asset as not emitted', () => {
    const service = createService({ family: 'dags' });
    const text =
      'from airflow import DAG\nfrom airflow.datasets import Dataset\nfrom airflow.operators.bash import BashOperator\nwith DAG("d"):\n    BashOperator(task_id="t", outlets=[Dataset(f"s3://{b}/x"), Dataset("postgres://h/db/s/t")])\n';
    assert.match(
      hoverText(service.hover(doc('file:///w/d.py', text), spanOf(text, 'Dataset(f').start + 2)),
      /\*\*Not in OpenLineage events\*\*[\s\S]*computed when the DAG is parsed/,
    );
    assert.match(
      hoverText(service.hover(doc('file:///w/d.py', text), spanOf(text, 'postgres://').start)),
      /\*\*Not in OpenLineage events\*\*[\s\S]*`postgres:\/\/h:5432`[\s\S]*no OpenLineage converter/,
    );
  });

  it('hovers a task id with its OpenLineage job name and namespace', () => {
    const service = createService({ family: 'dags' });
    const md = hoverText(service.hover(doc(P, PRODUCER), spanOf(PRODUCER, 'load"').start));
    assert.match(md, /\*\*OpenLineage job\*\* `producer\.load`/);
    assert.match(md, /Namespace `default`/);
    assert.match(md, /Outputs: `s3:\/\/lake\/orders`, `postgres:\/\/wh:5432\/db\.public\.orders` \(not emitted\)/);
  });

  it('goes from a dataset to the tasks that produce and consume it, across files', () => {
    const service = createService({ family: 'dags' });
    const lineage = workspace();
    const at = spanOf(CONSUMER, 'inlets=[ORDERS]').start + 'inlets=['.length;
    const locations = service.definition(doc(C, CONSUMER), at, { lineage });
    assert.deepEqual(
      locations.map((l) => `${l.uri.split('/').pop()}:${l.range.start.line}`),
      ['consumer.py:6', 'producer.py:6'],
    );
    const report = spanOf(CONSUMER, 'def report').start + 4;
    assert.equal(locations[0]!.range.start.character, report - CONSUMER.lastIndexOf('\n', report) - 1);
  });

  it('finds every reference to a dataset across files, with declarations when asked', () => {
    const service = createService({ family: 'dags' });
    const lineage = workspace();
    const at = spanOf(PRODUCER, 'outlets=[ORDERS').start + 'outlets=['.length;
    const refs = service.references(doc(P, PRODUCER), at, { lineage });
    const col = (text: string, needle: string) => {
      const at = spanOf(text, needle).start;
      return at - text.lastIndexOf('\n', at) - 1;
    };
    assert.deepEqual(
      refs.map((l) => `${l.uri.split('/').pop()}:${l.range.start.line}:${l.range.start.character}`),
      [
        `consumer.py:3:${col(CONSUMER, 'ORDERS])')}`,
        `consumer.py:5:${col(CONSUMER, 'ORDERS], outlets')}`,
        `producer.py:6:${col(PRODUCER, 'ORDERS, Dataset')}`,
      ],
    );
    const withDecl = service.references(doc(P, PRODUCER), at, { lineage, includeDeclaration: true });
    assert.deepEqual(
      withDecl.map((l) => `${l.uri.split('/').pop()}:${l.range.start.line}`),
      ['consumer.py:3', 'consumer.py:2', 'consumer.py:5', 'producer.py:6', 'producer.py:3'],
    );
  });

  it("answers from the document's current text even when the index has an older version of it", () => {
    const service = createService({ family: 'dags' });
    const lineage = workspace();
    const edited = PRODUCER.replace('task_id="load"', 'task_id="load_now"');
    const at = spanOf(edited, 'outlets=[ORDERS').start + 'outlets=['.length;
    const locations = service.definition(doc(P, edited, 2), at, { lineage });
    assert.deepEqual(
      locations.map((l) => `${l.uri.split('/').pop()}:${l.range.start.line}`),
      ['consumer.py:6', 'producer.py:6'],
    );
    // Without a workspace index, the document alone.
    assert.deepEqual(
      service.definition(doc(P, edited, 3), at).map((l) => l.uri),
      [P],
    );
  });
});
