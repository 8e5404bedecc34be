/**
 * Show Lineage on a parent job (extension/src/viewer/children.ts): an Airflow DAG's own job reads and writes
 * nothing, so its lineage is one lone node; its tasks (child jobs, `parentJobName` = the DAG) are looked up
 * and their lineage added. Against a real local endpoint holding the demo history (examples/demo-history),
 * as Show Lineage meets it after "orders" → `orders_etl`; failures with a stand-in client.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MarquezClient } from '../../extension/src/endpoint/client';
import { EndpointError } from '../../extension/src/endpoint/errors';
import { withChildJobs, type ChildJobsClient } from '../../extension/src/viewer/children';
import type { LineageGraph } from '../../protocol/marquez';
import { startLocalEndpoint, type LocalEndpoint } from '../../server/src/serve';

const NOW = '2025-06-12T10:00:00Z';
const ORDERS_ETL_TASKS = [
  'orders_etl.load_customers',
  'orders_etl.load_orders',
  'orders_etl.merge_customers',
  'orders_etl.merge_orders',
  'orders_etl.wait_for_orders_export',
];

describe('viewer: a parent job shown with its child jobs', function () {
  this.timeout(30_000);
  let dir: string;
  let endpoint: LocalEndpoint;
  let client: MarquezClient;
  let airflow: string;
  let warehouse: string;

  before(async () => {
    const { generateDemoHistory, DEMO_NAMESPACES } = await import('../../examples/demo-history/generate.mjs');
    airflow = DEMO_NAMESPACES.airflow;
    warehouse = DEMO_NAMESPACES.warehouse;
    dir = mkdtempSync(join(tmpdir(), 'viewer-children-'));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    client = new MarquezClient({ baseUrl: endpoint.url });
    for (const event of generateDemoHistory({ now: NOW })) await client.postEvent(event);
  });
  after(async () => {
    await endpoint?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("adds a DAG's tasks and their datasets to the DAG's lone node", async () => {
    const dag = `job:${airflow}:orders_etl`;
    const own = await client.lineage(dag, 2);
    // The dead end the user met: the DAG's job alone.
    assert.deepEqual(
      own.graph.map((n) => n.id),
      [dag],
    );
    const shown = await withChildJobs(client, dag, own);
    assert.deepEqual(shown.children, ORDERS_ETL_TASKS);
    assert.equal(shown.incomplete, undefined);
    const ids = new Set(shown.graph.graph.map((n) => n.id));
    assert.ok(ids.has(dag), 'the DAG is still there');
    for (const task of ORDERS_ETL_TASKS) assert.ok(ids.has(`job:${airflow}:${task}`), task);
    for (const dataset of ['analytics.public.customers', 'analytics.public.orders'])
      assert.ok(ids.has(`dataset:${warehouse}:${dataset}`), dataset);
    // Each task names the DAG as its parent: what the webview groups them by.
    for (const node of shown.graph.graph)
      if (node.type === 'JOB' && node.id !== dag && node.id.startsWith(`job:${airflow}:orders_etl.`))
        assert.equal(node.data.parentJobName, 'orders_etl', node.id);
    // No node twice.
    assert.equal(ids.size, shown.graph.graph.length);
  });

  it('leaves a job with lineage of its own as it is, without listing the namespace', async () => {
    const task = `job:${airflow}:orders_etl.merge_customers`;
    const own = await client.lineage(task, 2);
    const calls: string[] = [];
    const counting: ChildJobsClient = {
      jobs: (...args) => (calls.push('jobs'), client.jobs(...args)),
      lineage: (...args) => (calls.push('lineage'), client.lineage(...args)),
    };
    const shown = await withChildJobs(counting, task, own);
    assert.equal(shown.graph, own);
    assert.deepEqual(shown.children, []);
    assert.deepEqual(calls, []);
  });

  it('says how much it left out when a parent has more children than it fetches', async () => {
    const dag = `job:${airflow}:orders_etl`;
    const shown = await withChildJobs(client, dag, await client.lineage(dag, 2), { limits: { maxChildren: 2 } });
    assert.deepEqual(shown.children, ORDERS_ETL_TASKS);
    assert.equal(shown.incomplete, 'orders_etl has 5 child jobs; the lineage of the first 2 is shown.');
    const jobs = shown.graph.graph.filter((n) => n.type === 'JOB' && n.id.startsWith(`job:${airflow}:orders_etl.`)).map((n) => n.id);
    assert.ok(jobs.includes(`job:${airflow}:orders_etl.load_customers`) && jobs.includes(`job:${airflow}:orders_etl.load_orders`));
  });

  it('shows the parent alone, saying why, when its children cannot be listed; cancellation still rejects', async () => {
    const lone: LineageGraph = {
      graph: [
        {
          id: 'job:ns:dag',
          type: 'JOB',
          data: { id: { namespace: 'ns', name: 'dag' }, name: 'dag', namespace: 'ns' } as never,
          inEdges: [],
          outEdges: [],
        },
      ],
    };
    const failing = (error: EndpointError): ChildJobsClient => ({
      jobs: () => Promise.reject(error),
      lineage: () => Promise.reject(new Error('not called')),
    });
    const shown = await withChildJobs(failing(new EndpointError('http', 'The endpoint answered 500.')), 'job:ns:dag', lone);
    assert.equal(shown.graph, lone);
    assert.equal(shown.incomplete, 'The child jobs of dag could not be read: The endpoint answered 500.');
    await assert.rejects(withChildJobs(failing(new EndpointError('cancelled', 'Cancelled.')), 'job:ns:dag', lone), /Cancelled/);
  });
});
