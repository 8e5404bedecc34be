/**
 * The Marquez client's API methods (extension/src/endpoint/client.ts) against the test server
 * (test/support/marquez-server.ts): every endpoint method with its shapes and URL encoding (namespaces such as
 * `postgres://db:5432`), timestamps in ISO or epoch seconds, unknown facets passed through. The transport under
 * it (failures, retries, the API key) is tested in endpoint-transport.test.ts, timestamps in
 * endpoint-normalize.test.ts.
 */
import assert from 'node:assert/strict';
import { MarquezClient } from '../../extension/src/endpoint/client';
import { datasetFieldNodeId, datasetNodeId, jobNodeId, runNodeId } from '../../protocol/node-ids';
import type { DatasetFieldNode, DatasetNode, JobNode } from '../../protocol/marquez';
import {
  AIRFLOW_NS,
  EXTRACT_JOB,
  LOAD_JOB,
  PG,
  RUN_EXTRACT,
  RUN_LOAD,
  RUN_SPARK_FAILED,
  RUN_SPARK_OK,
  S3,
  SPARK_JOB,
  SPARK_NS,
  fixtureDatasets,
  fixtureJobs,
} from '../support/marquez-fixtures';
import { startMarquezServer, type MarquezTestServer } from '../support/marquez-server';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

describe('endpoint client: Marquez API methods', () => {
  let server: MarquezTestServer;
  let client: MarquezClient;

  before(async () => {
    server = await startMarquezServer();
    client = new MarquezClient({ baseUrl: server.url });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  it('lists namespaces with ISO timestamps, asking for JSON', async () => {
    const { namespaces } = await client.namespaces();
    assert.deepEqual(
      namespaces.map((n) => n.name),
      [AIRFLOW_NS, PG, S3, SPARK_NS],
    );
    assert.equal(namespaces[0]!.createdAt, '2024-09-30T08:00:11.204518Z');
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]!.method, 'GET');
    assert.equal(server.requests[0]!.url, '/api/v1/namespaces');
    assert.equal(server.requests[0]!.headers.accept, 'application/json');
    assert.equal(server.requests[0]!.headers.authorization, undefined);
  });

  it('passes paging to namespaces, jobs and datasets', async () => {
    await client.namespaces({ limit: 2, offset: 1 });
    const { jobs, totalCount } = await client.jobs(AIRFLOW_NS, { limit: 1 });
    assert.deepEqual(
      jobs.map((j) => j.name),
      [EXTRACT_JOB],
    );
    assert.equal(totalCount, 2);
    assert.deepEqual(
      server.requests.map((r) => r.url),
      ['/api/v1/namespaces?limit=2&offset=1', '/api/v1/namespaces/airflow-prod/jobs?limit=1'],
    );
  });

  it('encodes namespaces with ":" and "/" as one path segment (datasets of postgres://db:5432)', async () => {
    const { datasets } = await client.datasets(PG);
    assert.deepEqual(
      datasets.map((d) => d.name),
      ['analytics.public.orders_daily', 'shop.public.orders'],
    );
    assert.equal(server.requests[0]!.url, '/api/v1/namespaces/postgres%3A%2F%2Fdb%3A5432/datasets');
    assert.deepEqual(server.requests[0]!.segments, ['api', 'v1', 'namespaces', PG, 'datasets']);
  });

  it('gets a dataset by namespace and a name containing "/", with epoch-second timestamps as ISO strings', async () => {
    const dataset = await client.dataset(S3, 'raw/orders');
    assert.equal(server.requests[0]!.url, '/api/v1/namespaces/s3%3A%2F%2Flake-bucket/datasets/raw%2Forders');
    assert.deepEqual(dataset.id, { namespace: S3, name: 'raw/orders' });
    assert.equal(dataset.type, 'DB_TABLE');
    // The fixture has 1727683212.593004 and 1728872302.540091 (seconds): microseconds are kept.
    assert.equal(dataset.createdAt, '2024-09-30T08:00:12.593004Z');
    assert.equal(dataset.updatedAt, '2024-10-14T02:18:22.540091Z');
    assert.equal(dataset.lastModifiedAt, '2024-10-14T02:18:22.540091Z');
    assert.deepEqual(
      dataset.fields.map((f) => [f.name, f.type]),
      [
        ['order_id', 'long'],
        ['customer_id', 'long'],
        ['amount', 'decimal(12,2)'],
        ['currency', 'string'],
        ['created_at', 'timestamp'],
      ],
    );
  });

  it('passes unknown dataset facets through unchanged', async () => {
    const dataset = await client.dataset(S3, 'curated/orders_enriched');
    const fixture = fixtureDatasets().find((d) => d.name === 'curated/orders_enriched')!;
    assert.deepEqual(dataset.facets, fixture.facets);
    assert.ok(dataset.facets && 'spark_unknown' in dataset.facets);
  });

  it('gets a job with its runs, facets (standard and producer-specific) and inputs/outputs', async () => {
    const job = await client.job(AIRFLOW_NS, EXTRACT_JOB);
    assert.equal(server.requests[0]!.url, `/api/v1/namespaces/airflow-prod/jobs/${EXTRACT_JOB}`);
    assert.equal(job.name, EXTRACT_JOB);
    assert.equal(job.simpleName, 'extract_orders');
    assert.equal(job.parentJobName, 'orders_pipeline');
    assert.deepEqual(job.inputs, [{ namespace: PG, name: 'shop.public.orders' }]);
    assert.deepEqual(job.outputs, [{ namespace: S3, name: 'raw/orders' }]);
    assert.equal(job.latestRun?.id, RUN_EXTRACT);
    assert.equal(job.latestRun?.state, 'COMPLETED');
    assert.equal(job.latestRun?.durationMs, 305683);
    assert.deepEqual(Object.keys(job.facets ?? {}).sort(), ['jobType', 'sql']);
    assert.deepEqual(job.latestRun?.facets.airflow, fixtureJobs()[0]!.runs[0]!.facets.airflow);
  });

  it("lists a job's runs, newest first, with a limit; epoch timestamps of a run become ISO strings", async () => {
    const latest = await client.jobRuns(SPARK_NS, SPARK_JOB, 1);
    assert.deepEqual(
      latest.runs.map((r) => r.state),
      ['FAILED'],
    );
    const all = await client.jobRuns(SPARK_NS, SPARK_JOB);
    assert.deepEqual(
      all.runs.map((r) => [r.id, r.state]),
      [
        [RUN_SPARK_FAILED, 'FAILED'],
        [RUN_SPARK_OK, 'COMPLETED'],
      ],
    );
    const ok = all.runs[1]!;
    assert.equal(ok.startedAt, '2024-10-13T02:06:01.004411Z');
    assert.equal(ok.endedAt, '2024-10-13T02:19:55.771203Z');
    assert.equal(ok.durationMs, 834767);
    assert.deepEqual(
      server.requests.map((r) => r.url),
      [`/api/v1/namespaces/spark-prod/jobs/${SPARK_JOB}/runs?limit=1`, `/api/v1/namespaces/spark-prod/jobs/${SPARK_JOB}/runs`],
    );
  });

  it('gets a running run: no end, no duration', async () => {
    const run = await client.run(RUN_LOAD);
    assert.equal(server.requests[0]!.url, `/api/v1/jobs/runs/${RUN_LOAD}`);
    assert.equal(run.state, 'RUNNING');
    assert.equal(run.endedAt, null);
    assert.equal(run.durationMs, null);
    assert.equal(run.nominalStartTime, '2024-10-14T02:00:00Z');
    assert.deepEqual(run.jobVersion, { namespace: AIRFLOW_NS, name: LOAD_JOB, version: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e03' });
  });

  it('gets run and job facets of a run, unknown facets included', async () => {
    const run = await client.runFacets(RUN_SPARK_FAILED, 'run');
    assert.equal(run.runId, RUN_SPARK_FAILED);
    assert.deepEqual(Object.keys(run.facets).sort(), ['errorMessage', 'processing_engine', 'spark_properties']);
    assert.deepEqual(run.facets.spark_properties, fixtureJobs()[1]!.runs[0]!.facets.spark_properties);
    const job = await client.runFacets(RUN_SPARK_FAILED, 'job');
    assert.deepEqual(Object.keys(job.facets), ['jobType']);
    assert.deepEqual(
      server.requests.map((r) => r.url),
      [`/api/v1/jobs/runs/${RUN_SPARK_FAILED}/facets?type=run`, `/api/v1/jobs/runs/${RUN_SPARK_FAILED}/facets?type=job`],
    );
  });

  it('gets the lineage graph of a dataset in a postgres://db:5432 namespace, its node id encoded in the query', async () => {
    const nodeId = datasetNodeId({ namespace: PG, name: 'shop.public.orders' });
    assert.equal(nodeId, 'dataset:postgres://db:5432:shop.public.orders');
    const { graph } = await client.lineage(nodeId, 1);
    assert.equal(server.requests[0]!.url, '/api/v1/lineage?nodeId=dataset%3Apostgres%3A%2F%2Fdb%3A5432%3Ashop.public.orders&depth=1');
    assert.deepEqual(server.requests[0]!.query, { nodeId, depth: '1' });
    assert.deepEqual(
      graph.map((n) => [n.id, n.type]),
      [
        ['dataset:postgres://db:5432:shop.public.orders', 'DATASET'],
        ['dataset:s3://lake-bucket:raw/orders', 'DATASET'],
        [`job:airflow-prod:${EXTRACT_JOB}`, 'JOB'],
      ],
    );
    const job = graph.find((n): n is JobNode => n.type === 'JOB')!;
    assert.deepEqual(job.inEdges, [{ origin: nodeId, destination: job.id }]);
    assert.deepEqual(job.outEdges, [{ origin: job.id, destination: 'dataset:s3://lake-bucket:raw/orders' }]);
    assert.equal(job.data.latestRun?.state, 'COMPLETED');
    // The raw/orders node's data comes with epoch seconds.
    const raw = graph.find((n): n is DatasetNode => n.id === 'dataset:s3://lake-bucket:raw/orders')!;
    assert.equal(raw.data.createdAt, '2024-09-30T08:00:12.593004Z');
    assert.match(raw.data.updatedAt!, ISO);
  });

  it("asks for depth 20 by default and builds job node ids from the API's ids", async () => {
    const job = await client.job(SPARK_NS, SPARK_JOB);
    const { graph } = await client.lineage(jobNodeId(job.id));
    assert.equal(graph.length, 7);
    assert.equal(server.requests[1]!.query.depth, '20');
    assert.equal(server.requests[1]!.query.nodeId, `job:spark-prod:${SPARK_JOB}`);
    assert.deepEqual(
      graph.map((n) => n.id),
      [...graph.map((n) => n.id)].sort(),
    );
  });

  it('gets column lineage: DATASET_FIELD nodes with their input fields, upstream only unless asked', async () => {
    const { graph } = await client.columnLineage(datasetNodeId({ namespace: S3, name: 'curated/orders_enriched' }), 1, false);
    assert.deepEqual(server.requests[0]!.query, {
      nodeId: 'dataset:s3://lake-bucket:curated/orders_enriched',
      depth: '1',
      withDownstream: 'false',
    });
    assert.ok(graph.every((n) => n.type === 'DATASET_FIELD'));
    const amount = graph.find((n): n is DatasetFieldNode => n.id === 'datasetField:s3://lake-bucket:curated/orders_enriched:amount_eur')!;
    assert.equal(amount.data.fieldType, 'decimal(14,2)');
    assert.deepEqual(
      amount.data.inputFields.map((f) => [f.dataset, f.field, f.transformationType]),
      [
        ['raw/orders', 'amount', 'TRANSFORMATION'],
        ['raw/orders', 'currency', 'TRANSFORMATION'],
      ],
    );
    assert.ok(!graph.some((n) => n.id.includes('orders_daily')), 'no downstream fields without withDownstream');

    const field = datasetFieldNodeId({ namespace: PG, name: 'shop.public.orders' }, 'amount');
    const both = await client.columnLineage(field, 20, true);
    assert.equal(server.requests[1]!.url, `/api/v1/column-lineage?nodeId=${encodeURIComponent(field)}&depth=20&withDownstream=true`);
    assert.ok(both.graph.some((n) => n.id === 'datasetField:postgres://db:5432:analytics.public.orders_daily:revenue_eur'));
  });

  it('searches with filter, limit and namespace, encoding the SQL LIKE wildcard %', async () => {
    const { results, totalCount } = await client.search('orders_pipeline.%', { filter: 'job', limit: 5, namespace: AIRFLOW_NS });
    assert.equal(server.requests[0]!.url, '/api/v1/search?q=orders_pipeline.%25&filter=job&limit=5&namespace=airflow-prod');
    assert.deepEqual(
      results.map((r) => [r.type, r.name, r.nodeId]),
      [
        ['JOB', EXTRACT_JOB, `job:airflow-prod:${EXTRACT_JOB}`],
        ['JOB', LOAD_JOB, `job:airflow-prod:${LOAD_JOB}`],
      ],
    );
    assert.equal(totalCount, 2);
    assert.match(results[0]!.updatedAt!, ISO);
  });

  it('leaves the search limit to the endpoint (Marquez: 10) unless given', async () => {
    const { results } = await client.search('orders');
    assert.equal(server.requests[0]!.url, '/api/v1/search?q=orders');
    assert.ok(results.some((r) => r.type === 'DATASET') && results.some((r) => r.type === 'JOB'));
  });

  it('lists lineage events between two times (ISO or epoch seconds), newest first', async () => {
    const { events, totalCount } = await client.events({ after: '2024-10-14T02:01:00Z', before: 1728872400, limit: 10 });
    assert.deepEqual(server.requests[0]!.query, { before: '2024-10-14T02:20:00.000Z', after: '2024-10-14T02:01:00Z', limit: '10' });
    assert.deepEqual(
      events.map((e) => e.eventType),
      ['FAIL', 'START', 'COMPLETE'],
    );
    assert.equal(totalCount, 3);
  });

  it('posts an event as JSON (201) and reads it back', async () => {
    const event = {
      eventType: 'START',
      eventTime: '2024-10-15T02:00:00.000Z',
      run: { runId: '01929000-0000-7000-8000-000000000001' },
      job: { namespace: AIRFLOW_NS, name: EXTRACT_JOB },
      inputs: [],
      outputs: [],
      producer: 'https://github.com/lineage-lens/lineage-lens',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    };
    assert.deepEqual(await client.postEvent(event), { status: 201 });
    const post = server.requests[0]!;
    assert.equal(post.method, 'POST');
    assert.equal(post.url, '/api/v1/lineage');
    assert.equal(post.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(post.body!), event);
    const { events } = await client.events({ limit: 1 });
    assert.deepEqual(events[0], event);
  });

  it("builds node ids from the API's own ids", () => {
    assert.equal(datasetNodeId({ namespace: 'kafka://broker:9092', name: 'orders' }), 'dataset:kafka://broker:9092:orders');
    assert.equal(jobNodeId({ namespace: AIRFLOW_NS, name: EXTRACT_JOB }), `job:airflow-prod:${EXTRACT_JOB}`);
    assert.equal(
      datasetFieldNodeId({ namespace: PG, name: 'shop.public.orders' }, 'amount'),
      'datasetField:postgres://db:5432:shop.public.orders:amount',
    );
    assert.equal(runNodeId(RUN_LOAD), `run:${RUN_LOAD}`);
  });

  it('drops a trailing /api/v1 from the base URL and keeps a path prefix', () => {
    assert.equal(new MarquezClient({ baseUrl: `${server.url}/api/v1/` }).baseUrl, server.url);
    assert.equal(
      new MarquezClient({ baseUrl: `${server.url}/marquez/` }).urlOf(['namespaces', PG]),
      `${server.url}/marquez/api/v1/namespaces/postgres%3A%2F%2Fdb%3A5432`,
    );
    assert.throws(() => new MarquezClient({ baseUrl: 'marquez:5000' }), /Invalid endpoint URL/);
  });
});
