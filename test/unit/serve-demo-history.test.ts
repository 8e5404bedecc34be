/**
 * The demo history (examples/demo-history/generate.mjs) ingested by a real local endpoint: every event is
 * accepted, and the endpoint shows what the viewer's demo relies on: the example DAGs' task jobs with runs,
 * failed runs with their error messages, failed data-quality assertions, column lineage of the Spark job's
 * output, a schema change as two dataset versions, and the one dataset renamed on purpose.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint, type LocalEndpoint } from '../../server/src/serve';

type Json = Record<string, unknown>;
interface Run {
  id: string;
  state: string;
  facets: Json;
  inputDatasetVersions: { datasetVersionId: { namespace: string; name: string }; facets: Json }[];
}

/** The task jobs of examples/astro-project/dags (`lineage-lens graph examples/astro-project`). */
const TASKS = [
  'data_quality.validate_customers',
  'data_quality.validate_orders',
  'dbt_analytics.dbt_run',
  'dbt_analytics.dbt_test',
  'orders_etl.load_customers',
  'orders_etl.load_orders',
  'orders_etl.merge_customers',
  'orders_etl.merge_orders',
  'orders_etl.wait_for_orders_export',
  'spark_orders_enrich.build_customer_360',
  'spark_orders_enrich.enrich_orders',
];
const NOW = '2025-06-12T10:00:00Z';

describe('serve: the demo history', function () {
  this.timeout(30_000);
  let dir: string;
  let endpoint: LocalEndpoint;
  let events: Json[];
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${endpoint.url}/api/v1${path}`);
    assert.equal(response.status, 200, path);
    return (await response.json()) as T;
  };
  const e = encodeURIComponent;

  before(async () => {
    const { generateDemoHistory } = await import('../../examples/demo-history/generate.mjs');
    events = generateDemoHistory({ now: NOW });
    dir = mkdtempSync(join(tmpdir(), 'serve-demo-'));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    for (const [i, event] of events.entries()) {
      const response = await fetch(`${endpoint.url}/api/v1/lineage`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(event),
      });
      assert.equal(response.status, 201, `event ${i}: ${await response.text()}`);
    }
  });
  after(async () => {
    await endpoint?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is deterministic and lies in the three days before now', async () => {
    const { generateDemoHistory } = await import('../../examples/demo-history/generate.mjs');
    assert.deepEqual(generateDemoHistory({ now: NOW }), events);
    const times = events.map((x) => Date.parse(x.eventTime as string));
    assert.ok(Math.min(...times) >= Date.parse('2025-06-09T00:00:00Z') - 60_000 && Math.max(...times) < Date.parse('2025-06-12T00:00:00Z'));
    assert.equal(endpoint.eventCount(), events.length);
  });

  it('has every task job of the example DAGs, each with a run every day', async () => {
    const { jobs } = await get<{ jobs: { name: string; latestRuns: Run[] }[] }>('/namespaces/acme_local/jobs?limit=100');
    const names = jobs.map((j) => j.name);
    for (const task of TASKS) {
      const job = jobs.find((j) => j.name === task);
      assert.ok(job, `${task} in ${names.join(', ')}`);
      assert.ok(job.latestRuns.length >= 3, `${task} has ${job.latestRuns.length} runs`);
    }
    for (const dag of ['orders_etl', 'spark_orders_enrich', 'dbt_analytics', 'data_quality']) assert.ok(names.includes(dag), dag);
  });

  it('has failed runs with their error messages', async () => {
    const merge = await get<{ runs: Run[] }>('/namespaces/acme_local/jobs/orders_etl.merge_orders/runs');
    const failed = merge.runs.filter((r) => r.state === 'FAILED');
    assert.equal(failed.length, 1);
    assert.match(JSON.stringify(failed[0]!.facets.errorMessage), /DeadlockDetected/);
    assert.equal(merge.runs.filter((r) => r.state === 'COMPLETED').length, 3, 'the retry and the other days succeed');
    const validate = await get<{ runs: Run[] }>('/namespaces/acme_local/jobs/data_quality.validate_orders/runs');
    assert.equal(validate.runs.filter((r) => r.state === 'FAILED').length, 2);
  });

  it('has failed data-quality assertions on the orders table', async () => {
    const { runs } = await get<{ runs: Run[] }>('/namespaces/acme/jobs/orders_quality/runs');
    assert.equal(runs.length, 3);
    const failedAssertions = runs.flatMap((r) =>
      r.inputDatasetVersions.flatMap((v) => {
        const facet = v.facets.dataQualityAssertions as { assertions: { assertion: string; success: boolean }[] } | undefined;
        return (facet?.assertions ?? []).filter((a) => !a.success).map((a) => `${v.datasetVersionId.name}: ${a.assertion}`);
      }),
    );
    assert.deepEqual(failedAssertions.sort(), [
      'analytics.public.orders: expect_column_values_to_be_between',
      'analytics.public.orders: expect_column_values_to_be_in_set',
    ]);
  });

  it('has the column lineage of the Spark job’s output', async () => {
    const { graph } = await get<{ graph: { id: string; data: { field: string; inputFields: { dataset: string; field: string }[] } }[] }>(
      `/column-lineage?nodeId=${e('dataset:s3://acme-lake:curated/orders_enriched')}`,
    );
    const field = (name: string) => graph.find((n) => n.id === `datasetField:s3://acme-lake:curated/orders_enriched:${name}`);
    assert.deepEqual(
      field('country_code')?.data.inputFields.map((i) => `${i.dataset}.${i.field}`),
      ['analytics.public.customers.country_code', 'analytics.public.customers.customer_id'],
    );
    assert.equal(field('days_since_signup')?.data.inputFields.length, 2);
    assert.ok(
      graph.some((n) => n.id === 'datasetField:postgres://warehouse:5432:analytics.public.orders:ordered_at'),
      'upstream fields are in the graph',
    );
    const spark = await get<{ parentJobName: string | null; latestRun: Run }>(
      `/namespaces/acme_spark/jobs/${e('orders_enrich.execute_insert_into_hadoop_fs_relation_command')}`,
    );
    assert.equal(spark.parentJobName, 'spark_orders_enrich.enrich_orders');
  });

  it('shows the schema change of analytics.public.customers as two dataset versions', async () => {
    const { versions } = await get<{ versions: { fields: { name: string }[]; createdByRun: { id: string } | null }[] }>(
      `/namespaces/${e('postgres://warehouse:5432')}/datasets/analytics.public.customers/versions?limit=100`,
    );
    const schemas = new Set(versions.filter((v) => v.fields.length > 0).map((v) => v.fields.map((f) => f.name).join(',')));
    assert.deepEqual([...schemas].sort(), [
      'customer_id,email,country_code,signed_up_at,_loaded_at',
      'customer_id,email,country_code,signed_up_at,_loaded_at,loyalty_tier',
    ]);
  });

  it('names the lake datasets as the DAG files do, except the one renamed on purpose', async () => {
    const { datasets } = await get<{ datasets: { name: string }[] }>(`/namespaces/${e('s3://acme-lake')}/datasets`);
    assert.deepEqual(datasets.map((d) => d.name).sort(), [
      'curated/customers_360',
      'curated/orders_enriched',
      'raw/customers',
      'raw/orders',
    ]);
    const lineage = await get<{ graph: { id: string }[] }>(`/lineage?nodeId=${e('job:acme_local:orders_etl.merge_orders')}&depth=3`);
    const ids = lineage.graph.map((n) => n.id);
    for (const id of [
      'dataset:postgres://warehouse:5432:analytics.public.orders',
      'job:acme_spark:orders_enrich.execute_insert_into_hadoop_fs_relation_command',
      'job:acme:analytics.staging.stg_orders',
    ])
      assert.ok(ids.includes(id), id);
  });
});
