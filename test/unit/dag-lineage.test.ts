/**
 * The DAG Lineage view's data: the code's lineage of a DAG (the real language service on a DAG file) merged
 * with the runtime lineage the real endpoint client reads from the Marquez test server, whose fixture DAG
 * `orders_pipeline` ran with `extract_orders` and `load_orders_daily`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MarquezClient } from '../../extension/src/endpoint/client';
import {
  codeOnlyLineage,
  dagIdsOf,
  datasetLabel,
  editDistance,
  isTaskOf,
  mergeDagLineage,
  nearestNames,
  neighbourhood,
  nodesOf,
} from '../../extension/src/dag-lineage/merge';
import type { PresenceMark } from '../../protocol/webview';
import { fetchDagRuntime } from '../../extension/src/dag-lineage/runtime';
import { unseenDatasets } from '../../extension/src/dag-lineage/unseen';
import type { MarquezNode } from '../../protocol/webview';
import { LineageIndex } from '../../server/src/service/dags/lineage';
import { AIRFLOW_NS, EXTRACT_JOB, LOAD_JOB, PG, S3 } from '../support/marquez-fixtures';
import { startMarquezServer, type MarquezTestServer } from '../support/marquez-server';
import { parseDag } from '../support/harness';

const DAG_FILE = join(__dirname, '..', 'fixtures', 'workspace', 'dags', 'orders_pipeline.py');
const DAG_URI = 'file:///w/dags/orders_pipeline.py';

function codeGraph(namespace = AIRFLOW_NS) {
  const text = readFileSync(DAG_FILE, 'utf8');
  const index = new LineageIndex({ namespace });
  index.update(DAG_URI, parseDag(text), text);
  return index.graph({ uri: DAG_URI });
}

const mark = (graph: { graph: MarquezNode[] }, id: string): PresenceMark | undefined => {
  const node = graph.graph.find((n) => n.id === id);
  assert.ok(node, `no node ${id} in ${graph.graph.map((n) => n.id).join(', ')}`);
  return node.data?.lineageLens as PresenceMark | undefined;
};

const job = (name: string) => `job:${AIRFLOW_NS}:orders_pipeline.${name}`;

describe('DAG lineage: names', () => {
  it('edit distance is Levenshtein, bounded', () => {
    assert.equal(editDistance('raw/order', 'raw/orders'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
  });

  it('nearest names: close spellings and the same table elsewhere, best first; unrelated names never', () => {
    const candidates = [
      's3://lake-bucket/raw/orders',
      's3://lake-bucket/raw/customers',
      'postgres://db:5432/shop.public.orders',
      'kafka://broker/clicks',
    ];
    assert.deepEqual(nearestNames('s3://lake-bucket/raw/order', candidates), ['s3://lake-bucket/raw/orders']);
    assert.deepEqual(nearestNames('postgres://replica:5432/shop.public.orders', candidates), ['postgres://db:5432/shop.public.orders']);
    assert.deepEqual(nearestNames('gs://other/thing', candidates), []);
  });

  it('dataset labels read namespace/name; task jobs are dag_id.task_id of the DAG only', () => {
    assert.equal(datasetLabel('dataset:postgres://db:5432:shop.public.orders'), 'postgres://db:5432/shop.public.orders');
    assert.ok(isTaskOf('orders_pipeline.extract_orders', ['orders_pipeline']));
    assert.ok(!isTaskOf('orders_pipeline', ['orders_pipeline']));
    assert.ok(!isTaskOf('orders_pipeline_v2.extract', ['orders_pipeline']));
  });
});

describe('DAG lineage: runtime from the endpoint', () => {
  let server: MarquezTestServer;
  before(async () => {
    server = await startMarquezServer();
  });
  beforeEach(() => server.reset());
  after(() => server.close());

  it('finds the DAG’s task jobs in the namespace and reads each one’s lineage at depth 1', async () => {
    const client = new MarquezClient({ baseUrl: server.url });
    const runtime = await fetchDagRuntime(client, AIRFLOW_NS, ['orders_pipeline'], [job('extract_orders'), job('notify_finance')]);
    assert.deepEqual(runtime.taskJobs, [EXTRACT_JOB, LOAD_JOB]);
    assert.equal(runtime.incomplete, undefined);
    const ids = runtime.graph.graph.map((n) => n.id).sort();
    for (const id of [
      `job:${AIRFLOW_NS}:${EXTRACT_JOB}`,
      `job:${AIRFLOW_NS}:${LOAD_JOB}`,
      `dataset:${PG}:shop.public.orders`,
      `dataset:${S3}:raw/orders`,
      `dataset:${S3}:curated/orders_enriched`,
      `dataset:${PG}:analytics.public.orders_daily`,
    ]) {
      assert.ok(ids.includes(id), `${id} missing from ${ids.join(', ')}`);
    }
    const paths = server.requests.map((r) => r.segments.join('/'));
    assert.deepEqual(
      paths.filter((p) => p.endsWith('/jobs')),
      [`api/v1/namespaces/${AIRFLOW_NS}/jobs`],
    );
    assert.deepEqual(
      server.requests.filter((r) => r.segments.at(-1) === 'lineage').map((r) => r.query),
      [
        { nodeId: `job:${AIRFLOW_NS}:${EXTRACT_JOB}`, depth: '1' },
        { nodeId: `job:${AIRFLOW_NS}:${LOAD_JOB}`, depth: '1' },
      ],
    );
  });

  it('when listing stops early, looks the code’s tasks up by name and says the picture may be incomplete', async () => {
    const client = new MarquezClient({ baseUrl: server.url });
    const runtime = await fetchDagRuntime(
      client,
      AIRFLOW_NS,
      ['orders_pipeline'],
      [job('extract_orders').slice(`job:${AIRFLOW_NS}:`.length), 'orders_pipeline.notify_finance'],
      { limits: { pageSize: 1, maxJobs: 1 } },
    );
    // The listing's first job is one task; the other code task is looked up by name and is unknown (404).
    assert.ok(runtime.taskJobs.includes(EXTRACT_JOB), runtime.taskJobs.join(', '));
    assert.match(runtime.incomplete ?? '', /the first 1 were searched/);
  });

  it('rejects with the client’s error when the endpoint fails, so the view can say why', async () => {
    server.mode = 'unauthorized';
    const client = new MarquezClient({ baseUrl: server.url });
    await assert.rejects(
      fetchDagRuntime(client, AIRFLOW_NS, ['orders_pipeline'], []),
      (e: Error & { kind?: string }) => e.kind === 'unauthorized',
    );
  });
});

describe('DAG lineage: code merged with runtime', () => {
  let server: MarquezTestServer;
  let runtime: Awaited<ReturnType<typeof fetchDagRuntime>>;
  before(async () => {
    server = await startMarquezServer();
    runtime = await fetchDagRuntime(new MarquezClient({ baseUrl: server.url }), AIRFLOW_NS, ['orders_pipeline'], []);
  });
  after(() => server.close());

  const merge = () => mergeDagLineage(codeGraph(), runtime.graph, { endpoint: server.url, namespace: AIRFLOW_NS });

  it('marks tasks and datasets by where they were found, and counts them', () => {
    const { graph, summary } = merge();
    assert.equal(mark(graph, job('extract_orders'))?.presence, 'both');
    assert.equal(mark(graph, job('load_orders_daily'))?.presence, 'both');
    assert.equal(mark(graph, job('notify_finance'))?.presence, 'code');
    assert.match(mark(graph, job('notify_finance'))!.detail, /has no job of this name/);
    // The typo: raw/order in the code, raw/orders at runtime, each marked, the code's pointing at the runtime's.
    const typo = mark(graph, `dataset:${S3}:raw/order`)!;
    assert.equal(typo.presence, 'code');
    assert.deepEqual(typo.nearest, [`${S3}/raw/orders`]);
    assert.match(typo.detail, /At runtime the tasks used s3:\/\/lake-bucket\/raw\/orders/);
    assert.equal(mark(graph, `dataset:${S3}:raw/orders`)?.presence, 'runtime');
    assert.equal(mark(graph, `dataset:${S3}:curated/orders_enriched`)?.presence, 'both');
    assert.deepEqual(summary, {
      dagIds: ['orders_pipeline'],
      tasks: { code: 1, runtime: 0, both: 2 },
      datasets: { code: 1, runtime: 1, both: 3 },
      onlyInCode: [`dataset:${S3}:raw/order`],
      onlyAtRuntime: [`dataset:${S3}:raw/orders`],
    });
  });

  it('keeps the endpoint’s data and what only the code knows, and leaves other jobs out with their edges', () => {
    const { graph } = merge();
    const extract = graph.graph.find((n) => n.id === job('extract_orders'))!;
    // From the endpoint: description, location and latest run; from the code: where the task is defined.
    assert.equal(extract.data?.description, "Copies yesterday's orders to the lake.");
    assert.equal(extract.data?.location, 'https://git.example.com/data/airflow/blob/main/dags/orders_pipeline.py');
    assert.equal((extract.data?.latestRun as { state: string }).state, 'COMPLETED');
    assert.deepEqual((extract.data?.sourceLocation as { uri: string }).uri, DAG_URI);
    assert.equal(extract.data?.operator, 'BashOperator');
    // The Spark job reading raw/orders is not this DAG's: not a node, but its edge stays (to fetch on expand).
    assert.ok(!graph.graph.some((n) => n.id.includes('orders_enrichment')));
    const raw = graph.graph.find((n) => n.id === `dataset:${S3}:raw/orders`)!;
    assert.ok(
      raw.outEdges!.some((e) => e.destination.includes('orders_enrichment')),
      JSON.stringify(raw.outEdges),
    );
    // Edges are the union: the code's edge to its misspelled dataset and the runtime's to the real one.
    assert.deepEqual(extract.outEdges!.map((e) => e.destination).sort(), [`dataset:${S3}:raw/order`, `dataset:${S3}:raw/orders`]);
  });

  it('matches tasks by name when the code names another job namespace than the events went to', () => {
    const { graph, summary } = mergeDagLineage(codeGraph('local_dev'), runtime.graph, { endpoint: server.url, namespace: AIRFLOW_NS });
    assert.deepEqual(summary.tasks, { code: 1, runtime: 0, both: 2 });
    assert.equal(mark(graph, job('extract_orders'))?.presence, 'both');
    assert.ok(!graph.graph.some((n) => n.id === 'job:local_dev:orders_pipeline.extract_orders'));
    // The code's edges follow the task to its runtime id.
    const typo = graph.graph.find((n) => n.id === `dataset:${S3}:raw/order`)!;
    assert.deepEqual(typo.inEdges, [{ origin: job('extract_orders'), destination: `dataset:${S3}:raw/order` }]);
    // A task that never ran keeps the code's id.
    assert.equal(mark(graph, 'job:local_dev:orders_pipeline.notify_finance')?.presence, 'code');
  });

  it('drops a lineageLens key the endpoint sent, and does not mark datasets the code would not emit', () => {
    const spoofed = {
      graph: runtime.graph.graph.map((n) => ({
        ...n,
        data: { ...n.data, lineageLens: { presence: 'both', detail: 'from the endpoint' } },
      })),
    };
    const { graph } = mergeDagLineage(codeGraph(), spoofed, { endpoint: 'http://x', namespace: AIRFLOW_NS });
    assert.ok(graph.graph.every((n) => (n.data?.lineageLens as PresenceMark | undefined)?.detail !== 'from the endpoint'));
    // An OpenMetadata entity in the code is not an OpenLineage dataset: its absence at runtime means nothing.
    const om = {
      graph: [
        ...codeGraph().graph,
        { id: 'dataset:openmetadata:svc.db.s.t', type: 'DATASET' as const, data: { emitted: false }, inEdges: [], outEdges: [] },
      ],
    };
    const merged = mergeDagLineage(om, runtime.graph, { endpoint: 'http://x', namespace: AIRFLOW_NS });
    assert.equal(mark(merged.graph, 'dataset:openmetadata:svc.db.s.t'), undefined);
  });

  it('with nothing at runtime every task and emitted dataset is code-only; without an endpoint nothing is marked', () => {
    const { summary } = mergeDagLineage(codeGraph(), { graph: [] }, { endpoint: 'http://x', namespace: AIRFLOW_NS });
    assert.deepEqual([summary.tasks, summary.datasets.runtime, summary.datasets.both], [{ code: 3, runtime: 0, both: 0 }, 0, 0]);
    const alone = codeOnlyLineage(codeGraph());
    assert.ok(alone.graph.graph.every((n) => n.data?.lineageLens === undefined));
    assert.deepEqual(alone.summary.tasks, { code: 3, runtime: 0, both: 0 });
    assert.deepEqual(dagIdsOf(codeGraph()), ['orders_pipeline']);
  });

  it('neighbourhood keeps the nodes within depth of a node, and nothing for an unknown node', () => {
    const g = codeGraph();
    const around = neighbourhood(g, `dataset:${S3}:curated/orders_enriched`, 1);
    assert.deepEqual(
      nodesOf(around)
        .map((n) => n.id)
        .sort(),
      [`dataset:${S3}:curated/orders_enriched`, job('load_orders_daily')],
    );
    assert.deepEqual(neighbourhood(g, 'dataset:nope:x', 2), { graph: [] });
  });

  it('runtime/unseen-dataset: where the code declares a dataset the runs never reported, with the names used instead', () => {
    const text = readFileSync(DAG_FILE, 'utf8');
    const findings = unseenDatasets(DAG_URI, codeGraph(), runtime.graph, { url: 'http://marquez:5000', namespace: AIRFLOW_NS });
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f!.id, `dataset:${S3}:raw/order`);
    // The range is the Dataset(...) construction, on its line in the file.
    const line = text.split('\n')[f!.range.start.line]!;
    assert.equal(line.slice(f!.range.start.character, f!.range.end.character), 'Dataset("s3://lake-bucket/raw/order")');
    assert.equal(
      f!.message,
      's3://lake-bucket/raw/order is declared here, but orders_pipeline never reported it to http://marquez:5000 (namespace airflow-prod), though its tasks ran. At runtime the tasks used s3://lake-bucket/raw/orders: the same dataset under another name?',
    );
    // Another file's declarations are not this file's findings; a DAG that never ran has none.
    assert.deepEqual(unseenDatasets('file:///w/other.py', codeGraph(), runtime.graph, { url: 'x', namespace: AIRFLOW_NS }), []);
    assert.deepEqual(unseenDatasets(DAG_URI, codeGraph(), { graph: [] }, { url: 'x', namespace: AIRFLOW_NS }), []);
  });
});
