/**
 * The local endpoint's Marquez API beyond lineage and search, over HTTP: the writes Marquez's web UI and clients
 * make (tags and their descriptions, tags on jobs, datasets and fields, namespaces, sources), kept across a
 * restart and a torn last line; and the reads Marquez's web UI and Python client make (`/tags`, `/jobs`,
 * `/sources`, job versions, a dataset version, `/runlineage/upstream`, column lineage by job and by dataset
 * version), with Marquez's status codes.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint, type LocalEndpoint } from '../../server/src/serve';
import { WRITES_FILE } from '../../server/src/serve/write-log';
import { AIRFLOW, ENRICH, EXTRACT, PG, RUN_ENRICH_OK, RUN_EXTRACT, S3, SPARK, fixtureEvents } from '../fixtures/serve/events';
import { serveCalls, type Json } from '../support/serve-calls';

const enc = encodeURIComponent;

describe('serve: Marquez writes (tags, namespaces, sources) and the other reads', () => {
  let dir: string;
  let endpoint: LocalEndpoint;
  const { call, get } = serveCalls(() => endpoint.url);
  const job = `/namespaces/${enc(SPARK)}/jobs/${enc(ENRICH)}`;
  const raw = `/namespaces/${enc(S3)}/datasets/${enc('raw/orders')}`;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'serve-writes-'));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    for (const event of fixtureEvents()) assert.equal((await call('POST', '/lineage', event)).status, 201);
  });
  afterEach(async () => {
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers jobs with tags and labels, datasets and fields with tags, always arrays', async () => {
    const j = (await get(job)).body;
    assert.deepEqual([j.tags, j.labels], [[], []]);
    const d = (await get(raw)).body;
    assert.deepEqual(d.tags, []);
    assert.deepEqual(
      (d.fields as Json[]).map((f) => f.tags),
      [[], [], []],
    );
    for (const listed of (await get(`/namespaces/${enc(SPARK)}/jobs`)).body.jobs as Json[]) assert.ok(Array.isArray(listed.tags));
  });

  it('creates tags with PUT /tags/{tag} and lists them by name with GET /tags', async () => {
    assert.deepEqual((await get('/tags')).body, { tags: [] });
    assert.deepEqual((await call('PUT', '/tags/SENSITIVE', { description: 'Contains sensitive information' })).body, {
      name: 'SENSITIVE',
      description: 'Contains sensitive information',
    });
    assert.deepEqual((await call('PUT', '/tags/PII')).body, { name: 'PII', description: null });
    assert.deepEqual((await call('PUT', '/tags/PII', { description: 'Personal data' })).body, {
      name: 'PII',
      description: 'Personal data',
    });
    // Marquez's upsert: no description keeps the one the tag has.
    assert.deepEqual((await call('PUT', '/tags/PII', { description: null })).body, { name: 'PII', description: 'Personal data' });
    assert.deepEqual((await get('/tags')).body, {
      tags: [
        { name: 'PII', description: 'Personal data' },
        { name: 'SENSITIVE', description: 'Contains sensitive information' },
      ],
    });
    assert.deepEqual((await get('/tags?limit=1&offset=1')).body, {
      tags: [{ name: 'SENSITIVE', description: 'Contains sensitive information' }],
    });
    assert.equal((await call('PUT', '/tags/X', { description: 3 })).status, 422);
    assert.equal((await call('GET', '/tags/X')).status, 405);
  });

  it('tags and untags jobs, datasets and fields, answering the job or dataset as Marquez does', async () => {
    await call('PUT', '/tags/PII', { description: 'Personal data' });
    const tagged = await call('POST', `${job}/tags/PII`);
    assert.equal(tagged.status, 200);
    assert.deepEqual([tagged.body.name, tagged.body.tags], [ENRICH, ['PII']]);
    assert.deepEqual((await get(job)).body.tags, ['PII']);
    assert.deepEqual((await call('DELETE', `${job}/tags/PII`)).body.tags, []);

    assert.deepEqual((await call('POST', `${raw}/tags/SENSITIVE`)).body.tags, ['SENSITIVE']);
    // Marquez upper-cases a field's tag.
    const field = await call('POST', `${raw}/fields/customer_id/tags/pii`);
    assert.deepEqual(
      (field.body.fields as Json[]).map((f) => [f.name, f.tags]),
      [
        ['id', []],
        ['amount', []],
        ['customer_id', ['PII']],
      ],
    );
    // A tag first used on a dataset exists from then on.
    assert.deepEqual(
      ((await get('/tags')).body.tags as Json[]).map((t) => t.name),
      ['PII', 'SENSITIVE'],
    );
    const version = ((await get(`${raw}/versions`)).body.versions as Json[])[0]!;
    assert.deepEqual([version.tags, (version.fields as Json[])[2]!.tags], [['SENSITIVE'], ['PII']]);
    assert.deepEqual((await call('DELETE', `${raw}/fields/customer_id/tags/Pii`)).body.fields, (await get(raw)).body.fields);
    assert.deepEqual(((await get(raw)).body.fields as Json[])[2]!.tags, []);

    assert.deepEqual((await call('POST', `/namespaces/${enc(SPARK)}/jobs/missing/tags/PII`)).body, {
      code: 404,
      message: "Job 'missing' not found in namespace 'spark-local'.",
    });
    assert.equal((await call('POST', `/namespaces/nowhere/datasets/x/tags/PII`)).status, 404);
    assert.deepEqual((await call('POST', `${raw}/fields/nope/tags/PII`)).body, {
      code: 404,
      message: "Field 'nope' not found for dataset 'raw/orders'.",
    });
  });

  it('keeps every write across a restart, and drops a torn last line of writes.jsonl', async () => {
    await call('PUT', '/tags/PII', { description: 'Personal data' });
    await call('POST', `${job}/tags/PII`);
    await call('POST', `${raw}/fields/id/tags/PII`);
    await call('PUT', `/namespaces/team`, { ownerName: 'data-eng', description: 'The team' });
    await call('PUT', `/sources/warehouse`, { type: 'POSTGRESQL', connectionUrl: 'jdbc:postgresql://db/wh' });
    await endpoint.close();
    appendFileSync(join(dir, WRITES_FILE), '{"op":"tag","name":"TORN"');
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    assert.deepEqual((await get('/tags')).body, { tags: [{ name: 'PII', description: 'Personal data' }] });
    assert.deepEqual((await get(job)).body.tags, ['PII']);
    assert.deepEqual(((await get(raw)).body.fields as Json[])[0]!.tags, ['PII']);
    const ns = (await get('/namespaces/team')).body;
    assert.deepEqual([ns.ownerName, ns.description], ['data-eng', 'The team']);
    assert.equal((await get('/sources/warehouse')).body.connectionUrl, 'jdbc:postgresql://db/wh');
    assert.ok(readFileSync(join(dir, WRITES_FILE), 'utf8').endsWith('}\n'), 'the torn line is truncated');
  });

  it('soft-deletes jobs and datasets as Marquez does: hidden until an event names them again, kept across a restart', async () => {
    const deleted = await call('DELETE', raw);
    assert.deepEqual([deleted.status, deleted.body.name], [200, 'raw/orders']);
    assert.deepEqual((await get(raw)).body, { code: 404, message: "Dataset 'raw/orders' not found in namespace 's3://lake'." });
    assert.equal((await call('DELETE', raw)).status, 404);
    const names = async () => ((await get(`/namespaces/${enc(S3)}/datasets`)).body.datasets as Json[]).map((d) => d.name);
    assert.deepEqual(await names(), ['curated/orders']);
    assert.deepEqual(
      ((await get('/search?q=raw')).body.results as Json[]).map((r) => r.name),
      [],
    );
    assert.equal((await call('DELETE', job)).status, 200);
    assert.equal((await get(job)).status, 404);
    assert.deepEqual(
      ((await get('/jobs')).body.jobs as Json[]).map((j) => j.name),
      ['orders_dag.report', EXTRACT],
    );
    await endpoint.close();
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    assert.equal((await get(raw)).status, 404, 'the delete is kept across a restart');
    // A new run writing the dataset brings it back, as in Marquez.
    const rerun = {
      ...fixtureEvents()[0]!,
      eventTime: '2024-10-15T02:00:00.000Z',
      run: { runId: '0190a1b2-0000-7000-8000-0000000000ff' },
      outputs: [{ namespace: S3, name: 'raw/orders' }],
    };
    assert.equal((await call('POST', '/lineage', rerun)).status, 201);
    assert.equal((await get(raw)).status, 200);
    assert.deepEqual(await names(), ['curated/orders', 'raw/orders']);
    assert.equal((await get(job)).status, 404, 'the job no event named stays deleted');
  });

  it('creates and updates namespaces with PUT, refusing bad names and a missing owner', async () => {
    const created = await call('PUT', '/namespaces/analytics', { ownerName: 'me', description: 'My namespace' });
    assert.equal(created.status, 200);
    assert.deepEqual([created.body.name, created.body.ownerName, created.body.description], ['analytics', 'me', 'My namespace']);
    assert.ok(((await get('/namespaces')).body.namespaces as Json[]).some((n) => n.name === 'analytics'));
    assert.deepEqual((await get('/namespaces/analytics/jobs')).body, { jobs: [], totalCount: 0 });
    const existing = await call('PUT', `/namespaces/${enc(SPARK)}`, { ownerName: 'spark-team' });
    assert.deepEqual([existing.body.ownerName, existing.body.description], ['spark-team', null]);
    assert.equal((await call('PUT', '/namespaces/x', { description: 'no owner' })).status, 422);
    assert.equal((await call('PUT', `/namespaces/${enc('bad name!')}`, { ownerName: 'me' })).status, 400);
  });

  it('lists sources from the datasets and from PUT /sources/{s}', async () => {
    const { sources } = (await get('/sources')).body as { sources: Json[] };
    assert.deepEqual(
      sources.map((s) => [s.name, s.type, s.connectionUrl]),
      [
        ['postgres://db:5432', 'POSTGRES', 'postgres://db:5432'],
        ['s3://lake', 'S3', 's3://lake'],
        ['shop', 'POSTGRES', 'postgres://db:5432/shop'],
      ],
    );
    assert.deepEqual(Object.keys(sources[0]!), ['type', 'name', 'createdAt', 'updatedAt', 'connectionUrl', 'description']);
    assert.deepEqual((await get('/sources/nope')).body, { code: 404, message: "Source 'nope' not found." });
    assert.equal((await call('PUT', '/sources/kafka', { type: 'KAFKA' })).status, 422);
    const put = await call('PUT', '/sources/kafka', { type: 'KAFKA', connectionUrl: 'kafka://broker:9092', description: 'Events' });
    assert.deepEqual([put.status, put.body.name, put.body.description], [200, 'kafka', 'Events']);
    assert.equal(((await get('/sources')).body.sources as Json[]).length, 4);
  });

  it('lists every job with GET /jobs, filtered by the current run state as Marquez filters, newest first', async () => {
    const all = (await get('/jobs')).body as { jobs: Json[]; totalCount: number };
    assert.deepEqual(
      all.jobs.map((j) => j.name),
      ['orders_dag.report', ENRICH, EXTRACT],
    );
    assert.equal(all.totalCount, 3);
    // Marquez: the filter keeps jobs whose current run is in a state, and jobs without a run; totalCount counts all.
    const completed = (await get('/jobs?lastRunStates=COMPLETED&limit=2')).body as { jobs: Json[]; totalCount: number };
    assert.deepEqual([completed.jobs.map((j) => j.name), completed.totalCount], [['orders_dag.report', ENRICH], 3]);
    const failed = (await get('/jobs?lastRunStates=failed&lastRunStates=ABORTED')).body as { jobs: Json[] };
    assert.deepEqual(
      failed.jobs.map((j) => j.name),
      ['orders_dag.report'],
    );
    const inNamespace = (await get(`/namespaces/${enc(SPARK)}/jobs?lastRunStates=RUNNING`)).body as { jobs: Json[] };
    assert.deepEqual(inNamespace.jobs, []);
    assert.equal((await get('/jobs?lastRunStates=DONE')).status, 400);
    // What Marquez's web UI sends (Marquez itself ignores it; here it filters as lastRunStates does).
    assert.deepEqual(
      ((await get('/jobs?runState=FAILED&limit=10&offset=0')).body.jobs as Json[]).map((j) => j.name),
      ['orders_dag.report'],
    );
  });

  it('serves job versions, a dataset version and upstream run lineage', async () => {
    const { versions } = (await get(`${job}/versions`)).body as { versions: Json[] };
    assert.equal(versions.length, 1, 'both runs read and wrote the same datasets');
    assert.equal(versions[0]!.version, (await get(job)).body.currentVersion);
    assert.equal((versions[0]!.latestRun as Json).id as string, RUN_ENRICH_OK);
    assert.deepEqual((await get(`${job}/versions/${versions[0]!.version}`)).body, versions[0]);
    assert.equal((await get(`${job}/versions/00000000-0000-4000-8000-000000000000`)).status, 404);

    const listed = ((await get(`${raw}/versions`)).body.versions as Json[])[0]!;
    const one = await get(`${raw}/versions/${listed.version}`);
    assert.deepEqual(one.body, listed);
    assert.equal(one.body.createdByRunUuid, RUN_EXTRACT);
    assert.match(String(one.body.currentSchemaVersion), /^[0-9a-f-]{36}$/);
    assert.equal((await get(`${raw}/versions/00000000-0000-4000-8000-000000000000`)).status, 404);

    const upstream = (await get(`/runlineage/upstream?runId=${RUN_ENRICH_OK}`)).body as { runs: Json[] };
    assert.deepEqual(
      upstream.runs.map((r) => [(r.job as Json).name, (r.run as Json).id, (r.run as Json).status]),
      [
        [ENRICH, RUN_ENRICH_OK, 'COMPLETED'],
        [EXTRACT, RUN_EXTRACT, 'COMPLETED'],
      ],
    );
    assert.deepEqual(
      (upstream.runs[0]!.inputs as Json[]).map((i) => [i.name, i.producedByRunId]),
      [['raw/orders', RUN_EXTRACT]],
    );
    assert.equal((await get('/runlineage/upstream?runId=00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await get('/runlineage/upstream')).status, 400);
  });

  it('answers column lineage by job and by dataset version (the Python client asks both)', async () => {
    const byJob = (await get(`/column-lineage?nodeId=${enc(`job:${SPARK}:${ENRICH}`)}`)).body as { graph: Json[] };
    assert.ok(byJob.graph.some((n) => n.id === 'datasetField:s3://lake:curated/orders:total'));
    const curated = (await get(`/namespaces/${enc(S3)}/datasets/${enc('curated/orders')}`)).body;
    const byVersion = await get(`/column-lineage?nodeId=${enc(`dataset:${S3}:curated/orders#${curated.currentVersion}`)}`);
    assert.equal(byVersion.status, 200);
    assert.deepEqual(
      (byVersion.body.graph as Json[]).map((n) => n.id),
      (byJob.graph as Json[]).map((n) => n.id),
    );
    assert.equal((await get(`/column-lineage?nodeId=${enc(`dataset:${S3}:curated/orders#nope`)}`)).status, 404);
    // As Marquez's Python client asks: a field with a version, `withDownstream=True`.
    const amount = `datasetField:${S3}:raw/orders:amount`;
    const downstream = await get(`/column-lineage?nodeId=${enc(amount)}&withDownstream=True`);
    assert.deepEqual(
      (downstream.body.graph as Json[]).map((n) => n.id),
      ['datasetField:s3://lake:curated/orders:total', amount, 'datasetField:s3://lake:raw/orders:customer_id'],
    );
    const byField = await get(`/column-lineage?nodeId=${enc(`${amount}#${curated.currentVersion}`)}`);
    assert.deepEqual(
      (byField.body.graph as Json[]).map((n) => n.id),
      [amount],
    );
    assert.deepEqual((await get(`/column-lineage?nodeId=${enc(`${amount}#${curated.currentVersion}`)}&withDownstream=true`)).body, {
      code: 400,
      message: 'Node version cannot be specified when withDownstream is true',
    });
    assert.deepEqual(
      ((curated.columnLineage as Json[]) ?? []).map((c) => [c.name, (c.inputFields as Json[]).map((f) => f.field)]),
      [
        ['id', ['id']],
        ['total', ['amount', 'customer_id']],
      ],
    );
    void PG;
    void AIRFLOW;
  });
});

describe('serve: Marquez writes over HTTP: keys and bodies', () => {
  let dir: string;
  let endpoint: LocalEndpoint;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'serve-writes-keys-'));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir, readApiKey: 'reader' });
  });
  after(async () => {
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const put = (headers: Record<string, string>, body: string) => fetch(`${endpoint.url}/api/v1/tags/PII`, { method: 'PUT', headers, body });

  it('needs the read key for writes (only posting events goes without it), and a JSON body sent as JSON', async () => {
    assert.equal((await put({ 'Content-Type': 'application/json' }, '{}')).status, 401);
    assert.equal((await put({ 'Content-Type': 'application/json', Authorization: 'Bearer reader' }, '{"description":"x"}')).status, 200);
    const plain = await put({ 'Content-Type': 'text/plain', Authorization: 'Bearer reader' }, '{"description":"x"}');
    assert.equal(plain.status, 415);
    const broken = await put({ 'Content-Type': 'application/json', Authorization: 'Bearer reader' }, '{"description":');
    assert.deepEqual([broken.status, ((await broken.json()) as Json).code], [400, 400]);
    const event = fixtureEvents()[0]!;
    const posted = await fetch(`${endpoint.url}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(event),
    });
    assert.equal(posted.status, 201);
    const methodNotAllowed = await fetch(`${endpoint.url}/api/v1/tags/PII`, {
      method: 'DELETE',
      headers: { Authorization: 'Bearer reader' },
    });
    assert.equal(methodNotAllowed.status, 405);
  });
});
