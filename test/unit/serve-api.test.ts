/**
 * The local lineage endpoint over HTTP (in process, on a free port, data in a temporary directory): ingest
 * (201, schema rejections naming the field, 405, 413, 401), every read endpoint against the Marquez shapes the
 * viewer consumes, and the extension's own MarquezClient reading every endpoint without error.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MarquezClient } from '../../extension/src/endpoint/client';
import { datasetFieldNodeId, datasetNodeId, jobNodeId } from '../../protocol/node-ids';
import { startLocalEndpoint, type LocalEndpoint } from '../../server/src/serve';
import {
  AIRFLOW,
  ENRICH,
  EXTRACT,
  PG,
  REPORT,
  RUN_ENRICH_FAILED,
  RUN_ENRICH_OK,
  RUN_EXTRACT,
  S3,
  SPARK,
  fixtureEvents,
  simpleEvent,
  uuidFor,
} from '../fixtures/serve/events';

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

async function call(
  endpoint: LocalEndpoint,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await fetch(`${endpoint.url}${path}`, {
    method,
    headers: { ...(body !== undefined && { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const get = (endpoint: LocalEndpoint, path: string) => call(endpoint, 'GET', path);
const enc = encodeURIComponent;
type Json = Record<string, unknown>;
const ids = (graph: unknown) => (graph as { graph: { id: string }[] }).graph.map((n) => n.id);

describe('serve: ingest', () => {
  let dir: string;
  let endpoint: LocalEndpoint;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'serve-ingest-'));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir, maxBodyBytes: 64 * 1024 });
  });
  afterEach(async () => {
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts RunEvent, JobEvent and DatasetEvent with 201 and counts them', async () => {
    const changes: number[] = [];
    const changed = new Promise<void>((resolve) => {
      endpoint.onDidChange(({ eventCount }) => {
        changes.push(eventCount);
        if (eventCount === fixtureEvents().length) resolve();
      });
    });
    for (const event of fixtureEvents()) {
      const reply = await call(endpoint, 'POST', '/api/v1/lineage', event);
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      assert.equal(reply.body, undefined);
    }
    await changed;
    assert.equal(endpoint.eventCount(), fixtureEvents().length);
    assert.equal(changes.at(-1), fixtureEvents().length);
  });

  const rejections: [string, (e: Json) => unknown, string, string][] = [
    [
      'a run id that is not a UUID',
      (e) => ({ ...e, run: { runId: 'run-1' } }),
      'run.runId',
      'Invalid OpenLineage RunEvent: run.runId must match format "uuid".',
    ],
    [
      'an eventTime that is not a time',
      (e) => ({ ...e, eventTime: '{{ RUN_START_TIME }}' }),
      'eventTime',
      'Invalid OpenLineage RunEvent: eventTime must match format "date-time".',
    ],
    [
      'an unknown eventType',
      (e) => ({ ...e, eventType: 'DONE' }),
      'eventType',
      'Invalid OpenLineage RunEvent: eventType must be one of "START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER".',
    ],
    [
      'a dataset without a name',
      (e) => ({ ...e, inputs: [{ namespace: 'x' }] }),
      'inputs[0].name',
      'Invalid OpenLineage RunEvent: inputs[0].name is required.',
    ],
    [
      'a facet without _producer',
      (e) => ({
        ...e,
        run: { runId: uuidFor(1), facets: { nominalTime: { _schemaURL: 'https://x', nominalStartTime: '2024-01-01T00:00:00Z' } } },
      }),
      'run.facets.nominalTime._producer',
      'Invalid OpenLineage RunEvent: run.facets.nominalTime._producer is required.',
    ],
    [
      'a job without a namespace',
      (e) => ({ ...e, job: { name: 'x' } }),
      'job.namespace',
      'Invalid OpenLineage RunEvent: job.namespace is required.',
    ],
    [
      'a DatasetEvent without a dataset name',
      () => ({ eventTime: '2024-01-01T00:00:00Z', producer: 'https://p', schemaURL: 'https://s', dataset: { namespace: 'x' } }),
      'dataset.name',
      'Invalid OpenLineage DatasetEvent: dataset.name is required.',
    ],
    [
      'a JobEvent whose job has no name',
      () => ({ eventTime: '2024-01-01T00:00:00Z', producer: 'https://p', schemaURL: 'https://s', job: { namespace: 'x' } }),
      'job.name',
      'Invalid OpenLineage JobEvent: job.name is required.',
    ],
  ];
  for (const [what, mutate, field, error] of rejections) {
    it(`rejects ${what} with 422 naming ${field}`, async () => {
      const reply = await call(endpoint, 'POST', '/api/v1/lineage', mutate(simpleEvent(uuidFor(1), 'j')));
      assert.equal(reply.status, 422);
      assert.deepEqual(reply.body, { code: 422, error, field });
      assert.equal(endpoint.eventCount(), 0);
    });
  }

  it('rejects a body that is not JSON (400), or JSON that is not one event (422)', async () => {
    const broken = await call(endpoint, 'POST', '/api/v1/lineage', '{"eventTime": ');
    assert.equal(broken.status, 400);
    assert.match((broken.body as Json).error as string, /^The body is not JSON: /);
    const array = await call(endpoint, 'POST', '/api/v1/lineage', [simpleEvent(uuidFor(1), 'j')]);
    assert.equal(array.status, 422);
    assert.deepEqual(array.body, { code: 422, error: 'The body must be one OpenLineage event (a JSON object), not an array.', field: '' });
  });

  it('passes unknown facets and fields through to /events/lineage', async () => {
    const event = {
      ...simpleEvent(uuidFor(7), 'j'),
      custom: { x: 1 },
      run: { runId: uuidFor(7), facets: { myFacet: { _producer: 'https://p', _schemaURL: 'https://s', anything: [1, 2] } } },
    };
    assert.equal((await call(endpoint, 'POST', '/api/v1/lineage', event)).status, 201);
    const { body } = await get(endpoint, '/api/v1/events/lineage');
    assert.deepEqual((body as { events: unknown[] }).events, [event]);
  });

  it('answers 405 with Allow for a method a path does not take', async () => {
    const put = await call(endpoint, 'PUT', '/api/v1/lineage', {});
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, POST');
    const post = await call(endpoint, 'POST', '/api/v1/namespaces', {});
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET');
    assert.equal((post.body as Json).code, 405);
  });

  it('answers 413 to a body over the limit, declared or streamed, without storing it', async () => {
    const big = JSON.stringify({ ...simpleEvent(uuidFor(2), 'j'), padding: 'x'.repeat(100 * 1024) });
    const declared = await call(endpoint, 'POST', '/api/v1/lineage', big);
    assert.equal(declared.status, 413);
    assert.match((declared.body as Json).message as string, /larger than the endpoint's limit of 64 KiB; raise it with --max-body/);
    // Chunked (no Content-Length): cut off while it streams in.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(`${endpoint.url}/api/v1/lineage`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write('x'.repeat(32 * 1024));
      req.end();
    });
    assert.equal(streamed, 413);
    assert.equal(endpoint.eventCount(), 0);
    assert.equal((await call(endpoint, 'POST', '/api/v1/lineage', simpleEvent(uuidFor(3), 'j'))).status, 201);
  });

  it('answers unknown paths with a JSON 404', async () => {
    for (const path of ['/', '/api/v1/nothing', '/api/v2/lineage', '/api/v1/namespaces/a/b/c/d/e']) {
      const reply = await get(endpoint, path);
      assert.equal(reply.status, 404, path);
      assert.deepEqual(reply.body, { code: 404, message: 'HTTP 404 Not Found' });
    }
  });
});

describe('serve: API key', () => {
  let dir: string;
  let endpoint: LocalEndpoint;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'serve-auth-'));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir, apiKey: 's3cret-key' });
  });
  after(async () => {
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 to writes and reads without the bearer token or with a wrong one', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { Authorization: 'Bearer wrong' },
      { Authorization: 'Bearer s3cret-ke' },
      { Authorization: 'Basic s3cret-key' },
      { Authorization: 'Bearer ' },
    ]) {
      const post = await call(endpoint, 'POST', '/api/v1/lineage', simpleEvent(uuidFor(1), 'j'), headers);
      assert.equal(post.status, 401, JSON.stringify(headers));
      assert.equal(post.headers.get('www-authenticate'), 'Bearer');
      const read = await call(endpoint, 'GET', '/api/v1/namespaces', undefined, headers);
      assert.equal(read.status, 401);
    }
    assert.equal(endpoint.eventCount(), 0);
  });

  it('accepts the right key, also through the MarquezClient', async () => {
    const auth = { Authorization: 'Bearer s3cret-key' };
    assert.equal((await call(endpoint, 'POST', '/api/v1/lineage', simpleEvent(uuidFor(1), 'j'), auth)).status, 201);
    assert.equal((await call(endpoint, 'GET', '/api/v1/namespaces', undefined, auth)).status, 200);
    const client = new MarquezClient({ baseUrl: endpoint.url, apiKey: async () => 's3cret-key', retryDelayMs: 0 });
    assert.deepEqual(
      (await client.namespaces()).namespaces.map((n) => n.name),
      ['bulk'],
    );
    const anonymous = new MarquezClient({ baseUrl: endpoint.url, retryDelayMs: 0 });
    await assert.rejects(anonymous.namespaces(), (e: Error & { kind?: string }) => e.kind === 'unauthorized');
  });
});

describe('serve: read API (Marquez shapes)', () => {
  let dir: string;
  let endpoint: LocalEndpoint;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'serve-read-'));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    for (const event of fixtureEvents()) assert.equal((await call(endpoint, 'POST', '/api/v1/lineage', event)).status, 201);
  });
  after(async () => {
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists namespaces sorted by name', async () => {
    const { status, body } = await get(endpoint, '/api/v1/namespaces');
    assert.equal(status, 200);
    const namespaces = (body as { namespaces: Json[] }).namespaces;
    assert.deepEqual(
      namespaces.map((n) => n.name),
      [AIRFLOW, PG, S3, SPARK],
    );
    assert.deepEqual(namespaces[0], {
      name: AIRFLOW,
      createdAt: '2024-10-14T02:00:00.000Z',
      updatedAt: '2024-10-14T04:00:00.000Z',
      ownerName: 'anonymous',
      description: null,
      isHidden: false,
    });
    assert.equal((await get(endpoint, `/api/v1/namespaces/${enc(PG)}`)).status, 200);
    assert.deepEqual((await get(endpoint, '/api/v1/namespaces/nope')).body, { code: 404, message: "Namespace 'nope' not found." });
  });

  it('returns a job with latest facets, inputs/outputs of its latest run, latestRun and parent', async () => {
    const { status, body } = await get(endpoint, `/api/v1/namespaces/${enc(SPARK)}/jobs/${enc(ENRICH)}`);
    assert.equal(status, 200);
    const job = body as Json;
    assert.deepEqual(job.id, { namespace: SPARK, name: ENRICH });
    assert.equal(job.type, 'BATCH');
    assert.equal(job.parentJobName, 'orders_dag');
    assert.match(job.parentJobUuid as string, /^[0-9a-f-]{36}$/);
    assert.deepEqual(job.inputs, [{ namespace: S3, name: 'raw/orders' }]);
    assert.deepEqual(job.outputs, [{ namespace: S3, name: 'curated/orders' }]);
    assert.deepEqual(Object.keys(job.facets as Json), ['sql']);
    const latest = job.latestRun as Json;
    assert.equal(latest.id, RUN_ENRICH_OK);
    assert.equal(latest.state, 'COMPLETED');
    assert.equal(latest.startedAt, '2024-10-14T03:00:00.000Z');
    assert.equal(latest.endedAt, '2024-10-14T03:02:30.000Z');
    assert.equal(latest.durationMs, 150_000);
    assert.deepEqual(
      (job.latestRuns as Json[]).map((r) => [r.id, r.state]),
      [
        [RUN_ENRICH_OK, 'COMPLETED'],
        [RUN_ENRICH_FAILED, 'FAILED'],
      ],
    );
    assert.equal(typeof job.currentVersion, 'string');
    const report = (await get(endpoint, `/api/v1/namespaces/${enc(AIRFLOW)}/jobs/${enc(REPORT)}`)).body as Json;
    assert.equal(report.location, 'https://git.example.com/dags/report.py');
    assert.deepEqual(report.inputs, [{ namespace: S3, name: 'curated/orders' }]);
    assert.equal(report.latestRun, null);
    const extract = (await get(endpoint, `/api/v1/namespaces/${enc(AIRFLOW)}/jobs/${enc(EXTRACT)}`)).body as Json;
    assert.equal(extract.description, 'Copies orders to the lake.');
    assert.equal(extract.simpleName, 'extract_orders');
    assert.deepEqual((await get(endpoint, `/api/v1/namespaces/${enc(AIRFLOW)}/jobs/nope`)).body, {
      code: 404,
      message: "Job 'nope' not found in namespace 'airflow-local'.",
    });
  });

  it('lists jobs and datasets of a namespace with totalCount and paging', async () => {
    const jobs = (await get(endpoint, `/api/v1/namespaces/${enc(AIRFLOW)}/jobs`)).body as { jobs: Json[]; totalCount: number };
    assert.equal(jobs.totalCount, 2);
    // Marquez's JobDao.findAll: the job updated last first (the report, at 04:00, before the extract, at 02:01).
    assert.deepEqual(
      jobs.jobs.map((j) => j.name),
      [REPORT, EXTRACT],
    );
    const datasets = (await get(endpoint, `/api/v1/namespaces/${enc(S3)}/datasets?limit=1&offset=1`)).body as {
      datasets: Json[];
      totalCount: number;
    };
    assert.equal(datasets.totalCount, 2);
    assert.deepEqual(
      datasets.datasets.map((d) => d.name),
      ['raw/orders'],
    );
    assert.equal((await get(endpoint, `/api/v1/namespaces/${enc(S3)}/datasets?limit=-1`)).status, 400);
  });

  it('returns a dataset with fields from its schema facet, source, description and version', async () => {
    const orders = (await get(endpoint, `/api/v1/namespaces/${enc(PG)}/datasets/${enc('shop.public.orders')}`)).body as Json;
    assert.deepEqual(orders.id, { namespace: PG, name: 'shop.public.orders' });
    assert.equal(orders.type, 'DB_TABLE');
    assert.equal(orders.sourceName, 'shop');
    assert.deepEqual(orders.fields, [
      { name: 'id', type: 'INTEGER', tags: [], description: 'Order id' },
      { name: 'amount', type: 'DECIMAL(10,2)', tags: [], description: null },
      { name: 'customer_id', type: 'INTEGER', tags: [], description: null },
    ]);
    assert.deepEqual(Object.keys(orders.facets as Json).sort(), ['dataSource', 'schema']);
    assert.equal(orders.deleted, false);
    const customers = (await get(endpoint, `/api/v1/namespaces/${enc(PG)}/datasets/${enc('shop.public.customers')}`)).body as Json;
    assert.equal(customers.description, 'One row per customer.');
    assert.deepEqual(
      (customers.fields as Json[]).map((f) => f.name),
      ['id', 'email'],
    );
    const curated = (await get(endpoint, `/api/v1/namespaces/${enc(S3)}/datasets/${enc('curated/orders')}`)).body as Json;
    assert.equal(curated.lastModifiedAt, '2024-10-14T03:02:30.000Z');
    const versions = (await get(endpoint, `/api/v1/namespaces/${enc(S3)}/datasets/${enc('curated/orders')}/versions`)).body as {
      versions: Json[];
      totalCount: number;
    };
    assert.equal(versions.totalCount, 2, 'one version per run that wrote it');
    assert.equal(versions.versions[0]!.version, curated.currentVersion);
    assert.equal((versions.versions[0]!.createdByRun as Json).id, RUN_ENRICH_OK);
  });

  it('returns runs with state, facets (errorMessage) and dataset versions with input facets (assertions)', async () => {
    const runs = (await get(endpoint, `/api/v1/namespaces/${enc(SPARK)}/jobs/${enc(ENRICH)}/runs`)).body as { runs: Json[] };
    assert.deepEqual(
      runs.runs.map((r) => r.id),
      [RUN_ENRICH_OK, RUN_ENRICH_FAILED],
    );
    const failed = (await get(endpoint, `/api/v1/jobs/runs/${RUN_ENRICH_FAILED}`)).body as Json;
    assert.equal(failed.state, 'FAILED');
    assert.equal(failed.durationMs, 60_000);
    assert.equal(((failed.facets as Json).errorMessage as Json).message, 'Job aborted: disk full');
    const extract = (await get(endpoint, `/api/v1/jobs/runs/${RUN_EXTRACT}`)).body as Json;
    assert.equal(extract.nominalStartTime, '2024-10-14T02:00:00Z');
    const input = (extract.inputDatasetVersions as Json[])[0]!;
    assert.deepEqual((input.datasetVersionId as Json).name, 'shop.public.orders');
    assert.deepEqual(((input.facets as Json).dataQualityAssertions as Json).assertions, [
      { assertion: 'not_null', success: true, column: 'id' },
      { assertion: 'is_positive', success: false, column: 'amount' },
    ]);
    const output = (extract.outputDatasetVersions as Json[])[0]!;
    assert.deepEqual(Object.keys(output.datasetVersionId as Json), ['namespace', 'name', 'version']);
    assert.deepEqual(extract.jobVersion && Object.keys(extract.jobVersion as Json), ['namespace', 'name', 'version']);
    const runFacets = (await get(endpoint, `/api/v1/jobs/runs/${RUN_ENRICH_OK}/facets?type=run`)).body as Json;
    assert.deepEqual(Object.keys(runFacets.facets as Json).sort(), ['parent', 'spark_properties']);
    const jobFacets = (await get(endpoint, `/api/v1/jobs/runs/${RUN_ENRICH_OK}/facets?type=job`)).body as Json;
    assert.deepEqual(Object.keys(jobFacets.facets as Json), ['sql']);
    assert.equal((await get(endpoint, `/api/v1/jobs/runs/${RUN_ENRICH_OK}/facets`)).status, 400);
    assert.deepEqual((await get(endpoint, `/api/v1/jobs/runs/${uuidFor(99)}`)).body, {
      code: 404,
      message: `Run '${uuidFor(99)}' not found.`,
    });
  });

  it('returns the lineage graph around a dataset, sorted by id, with Marquez edges and depth in jobs', async () => {
    const raw = datasetNodeId({ namespace: S3, name: 'raw/orders' });
    const { status, body } = await get(endpoint, `/api/v1/lineage?nodeId=${enc(raw)}&depth=1`);
    assert.equal(status, 200);
    assert.deepEqual(ids(body), [
      'dataset:postgres://db:5432:shop.public.orders',
      'dataset:s3://lake:curated/orders',
      'dataset:s3://lake:raw/orders',
      'job:airflow-local:orders_dag.extract_orders',
      'job:spark-local:enrich_orders',
    ]);
    const node = (body as { graph: Json[] }).graph.find((n) => n.id === raw)!;
    assert.equal(node.type, 'DATASET');
    assert.deepEqual(node.inEdges, [{ origin: 'job:airflow-local:orders_dag.extract_orders', destination: raw }]);
    assert.deepEqual(node.outEdges, [{ origin: raw, destination: 'job:spark-local:enrich_orders' }]);
    assert.equal((node.data as Json).facets, undefined, 'lineage nodes carry no facets');
    const job = (body as { graph: Json[] }).graph.find((n) => n.type === 'JOB' && String(n.id).includes('enrich'))!;
    assert.equal((job.data as Json).currentRunUuid, RUN_ENRICH_OK);
    assert.equal(((job.data as Json).latestRun as Json).state, 'COMPLETED');
    const deep = await get(endpoint, `/api/v1/lineage?nodeId=${enc(raw)}`);
    assert.equal(ids(deep.body).length, 6, 'the default depth (20) reaches the report job');
    const fromJob = await get(endpoint, `/api/v1/lineage?nodeId=${enc(jobNodeId({ namespace: SPARK, name: ENRICH }))}&depth=0`);
    // Depth 0: the job and the datasets it reads and writes (LineageService reads the datasets of the jobs found).
    assert.deepEqual(ids(fromJob.body), [
      'dataset:s3://lake:curated/orders',
      'dataset:s3://lake:raw/orders',
      'job:spark-local:enrich_orders',
    ]);
    const fromRun = await get(endpoint, `/api/v1/lineage?nodeId=${enc(`run:${RUN_EXTRACT}`)}&depth=0`);
    assert.deepEqual(ids(fromRun.body), [
      'dataset:postgres://db:5432:shop.public.orders',
      'dataset:s3://lake:raw/orders',
      'job:airflow-local:orders_dag.extract_orders',
    ]);
    assert.deepEqual((await get(endpoint, `/api/v1/lineage?nodeId=${enc('dataset:x:y')}`)).body, {
      code: 404,
      message: "Node 'dataset:x:y' not found.",
    });
    assert.equal((await get(endpoint, '/api/v1/lineage')).status, 400);
    assert.equal((await get(endpoint, '/api/v1/lineage?nodeId=bogus')).status, 400);
  });

  it('returns column lineage as DATASET_FIELD nodes with input fields and transformations', async () => {
    const curated = datasetNodeId({ namespace: S3, name: 'curated/orders' });
    const { status, body } = await get(endpoint, `/api/v1/column-lineage?nodeId=${enc(curated)}&depth=20`);
    assert.equal(status, 200);
    assert.deepEqual(ids(body), [
      'datasetField:s3://lake:curated/orders:id',
      'datasetField:s3://lake:curated/orders:total',
      'datasetField:s3://lake:raw/orders:amount',
      'datasetField:s3://lake:raw/orders:customer_id',
      'datasetField:s3://lake:raw/orders:id',
    ]);
    const total = (body as { graph: Json[] }).graph.find((n) => n.id === 'datasetField:s3://lake:curated/orders:total')!;
    assert.equal(total.type, 'DATASET_FIELD');
    const data = total.data as Json;
    assert.equal(data.fieldType, 'DECIMAL(12,2)');
    assert.equal(data.transformationType, 'DIRECT/AGGREGATION');
    assert.deepEqual(
      (data.inputFields as Json[]).map((f) => [f.field, f.transformationType, f.transformationDescription]),
      [
        ['amount', 'DIRECT/AGGREGATION', 'sum(amount)'],
        ['customer_id', 'INDIRECT/GROUP_BY', null],
      ],
    );
    // As Marquez writes column lineage: from the field to its input.
    assert.deepEqual(total.inEdges, [
      { origin: 'datasetField:s3://lake:curated/orders:total', destination: 'datasetField:s3://lake:raw/orders:amount' },
      { origin: 'datasetField:s3://lake:curated/orders:total', destination: 'datasetField:s3://lake:raw/orders:customer_id' },
    ]);
    const amount = datasetFieldNodeId({ namespace: S3, name: 'raw/orders' }, 'amount');
    const upstreamOnly = await get(endpoint, `/api/v1/column-lineage?nodeId=${enc(amount)}`);
    assert.deepEqual(ids(upstreamOnly.body), [amount]);
    const downstream = await get(endpoint, `/api/v1/column-lineage?nodeId=${enc(amount)}&withDownstream=true`);
    assert.deepEqual(ids(downstream.body), [
      'datasetField:s3://lake:curated/orders:total',
      amount,
      'datasetField:s3://lake:raw/orders:customer_id',
    ]);
    assert.equal((await get(endpoint, `/api/v1/column-lineage?nodeId=${enc('datasetField:x:y:z')}`)).status, 404);
  });

  it('searches datasets and jobs like Marquez (LIKE, filter, namespace, limit)', async () => {
    const all = (await get(endpoint, '/api/v1/search?q=orders')).body as { totalCount: number; results: Json[] };
    assert.deepEqual(
      all.results.map((r) => r.nodeId),
      [
        'dataset:s3://lake:curated/orders',
        'job:spark-local:enrich_orders',
        'job:airflow-local:orders_dag.extract_orders',
        'job:airflow-local:orders_dag.report',
        'dataset:s3://lake:raw/orders',
        'dataset:postgres://db:5432:shop.public.orders',
      ],
    );
    assert.equal(all.totalCount, 6);
    assert.deepEqual(all.results[0], {
      type: 'DATASET',
      name: 'curated/orders',
      updatedAt: '2024-10-14T04:00:00.000Z',
      namespace: S3,
      nodeId: 'dataset:s3://lake:curated/orders',
    });
    const jobs = (await get(endpoint, `/api/v1/search?q=${enc('orders_dag.%')}&filter=job`)).body as { results: Json[] };
    assert.deepEqual(
      jobs.results.map((r) => r.name),
      [EXTRACT, REPORT],
    );
    const inNs = (await get(endpoint, `/api/v1/search?q=orders&namespace=${enc(PG)}&limit=1`)).body as { results: Json[] };
    assert.deepEqual(
      inNs.results.map((r) => r.name),
      ['shop.public.orders'],
    );
    assert.equal((await get(endpoint, '/api/v1/search')).status, 400);
  });

  it('lists raw events newest first, with time bounds and paging', async () => {
    const all = (await get(endpoint, '/api/v1/events/lineage')).body as { events: Json[]; totalCount: number };
    assert.equal(all.totalCount, fixtureEvents().length);
    assert.deepEqual(
      all.events.map((e) => e.eventTime),
      fixtureEvents()
        .map((e) => e.eventTime)
        .reverse(),
    );
    const window = (
      await get(
        endpoint,
        `/api/v1/events/lineage?after=${enc('2024-10-14T02:00:00Z')}&before=${enc('2024-10-14T03:01:00Z')}&sortDirection=asc&limit=2&offset=1`,
      )
    ).body as { events: Json[]; totalCount: number };
    assert.equal(window.totalCount, 4);
    assert.deepEqual(
      window.events.map((e) => e.eventTime),
      ['2024-10-14T02:05:00.000Z', '2024-10-14T02:06:00.000Z'],
    );
    assert.equal((await get(endpoint, '/api/v1/events/lineage?sortDirection=up')).status, 400);
  });

  it('keeps the model across a restart (indexes rebuilt from the file)', async () => {
    const before = await get(endpoint, `/api/v1/lineage?nodeId=${enc(datasetNodeId({ namespace: S3, name: 'raw/orders' }))}`);
    const jobBefore = await get(endpoint, `/api/v1/namespaces/${enc(SPARK)}/jobs/${enc(ENRICH)}`);
    await endpoint.close();
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    assert.equal(endpoint.startup.events, fixtureEvents().length);
    assert.deepEqual(
      (await get(endpoint, `/api/v1/lineage?nodeId=${enc(datasetNodeId({ namespace: S3, name: 'raw/orders' }))}`)).body,
      before.body,
    );
    assert.deepEqual((await get(endpoint, `/api/v1/namespaces/${enc(SPARK)}/jobs/${enc(ENRICH)}`)).body, jobBefore.body);
  });

  it("is read without error by every method of the extension's MarquezClient", async () => {
    const client = new MarquezClient({ baseUrl: endpoint.url, retryDelayMs: 0 });
    const { namespaces } = await client.namespaces();
    assert.equal(namespaces.length, 4);
    for (const ns of namespaces) {
      const { jobs } = await client.jobs(ns.name);
      const { datasets } = await client.datasets(ns.name);
      for (const j of jobs) {
        assert.equal((await client.job(j.namespace, j.name)).name, j.name);
        const { runs } = await client.jobRuns(j.namespace, j.name);
        for (const r of runs) {
          assert.equal((await client.run(r.id)).id, r.id);
          assert.equal((await client.runFacets(r.id, 'run')).runId, r.id);
          await client.runFacets(r.id, 'job');
        }
        assert.ok((await client.lineage(jobNodeId(j), 2)).graph.length > 0);
      }
      for (const d of datasets) {
        assert.equal((await client.dataset(d.namespace, d.name)).name, d.name);
        assert.ok((await client.lineage(datasetNodeId(d))).graph.length > 0);
        await client.columnLineage(datasetNodeId(d), 20, true);
      }
    }
    assert.ok((await client.search('orders', { filter: 'dataset', limit: 5 })).results.length > 0);
    assert.equal((await client.events({ limit: 3 })).events.length, 3);
    await assert.rejects(
      client.job(AIRFLOW, 'missing'),
      (e: Error & { kind?: string }) => e.kind === 'not-found' && /no job missing/.test(e.message),
    );
    assert.equal((await client.postEvent(simpleEvent(uuidFor(42), 'from_client'))).status, 201);
  });
});
