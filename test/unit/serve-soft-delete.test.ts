/**
 * Marquez's soft deletes over HTTP (server/src/serve/visibility.ts): `DELETE /namespaces/{ns}` hides the
 * namespace and its jobs and datasets; hidden jobs and datasets leave lists, counts, search, tags, versions and
 * lineage graphs (walked through, not shown); an event naming them shows them again; all of it kept across a
 * restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetNodeId, jobNodeId } from '../../protocol/node-ids';
import { startLocalEndpoint, type LocalEndpoint } from '../../server/src/serve';
import { AIRFLOW, ENRICH, EXTRACT, PG, REPORT, S3, SPARK, fixtureEvents } from '../fixtures/serve/events';
import { serveCalls, type Json } from '../support/serve-calls';

const enc = encodeURIComponent;
const RAW = datasetNodeId({ namespace: S3, name: 'raw/orders' });
const CURATED = datasetNodeId({ namespace: S3, name: 'curated/orders' });
const PG_ORDERS = datasetNodeId({ namespace: PG, name: 'shop.public.orders' });
const EXTRACT_ID = jobNodeId({ namespace: AIRFLOW, name: EXTRACT });
const ENRICH_ID = jobNodeId({ namespace: SPARK, name: ENRICH });
const REPORT_ID = jobNodeId({ namespace: AIRFLOW, name: REPORT });

describe('serve: soft deletes as Marquez hides them', () => {
  let dir: string;
  let endpoint: LocalEndpoint;
  const { call, get } = serveCalls(() => endpoint.url);
  const graph = async (nodeId: string) => ((await get(`/lineage?nodeId=${enc(nodeId)}`)).body.graph ?? []) as Json[];
  const node = (nodes: Json[], id: string) => nodes.find((n) => n.id === id);
  const namespace = async (name: string) => ((await get('/namespaces')).body.namespaces as Json[]).find((n) => n.name === name);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'serve-delete-'));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    for (const event of fixtureEvents()) assert.equal((await call('POST', '/lineage', event)).status, 201);
  });
  afterEach(async () => {
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('DELETE /namespaces/{ns} answers the namespace as it was, and hides it and its jobs, kept across a restart', async () => {
    const deleted = await call('DELETE', `/namespaces/${enc(SPARK)}`);
    assert.equal(deleted.status, 200);
    assert.deepEqual([deleted.body.name, deleted.body.isHidden, deleted.body.ownerName], [SPARK, false, 'anonymous']);
    // Still listed and answered (NamespaceDao.findAll and findBy read hidden namespaces), marked hidden.
    assert.equal((await namespace(SPARK))?.isHidden, true);
    assert.equal((await namespace(AIRFLOW))?.isHidden, false);
    assert.equal((await get(`/namespaces/${enc(SPARK)}`)).body.isHidden, true);
    assert.deepEqual((await get(`/namespaces/${enc(SPARK)}/jobs`)).body, { jobs: [], totalCount: 0 });
    assert.equal((await get(`/namespaces/${enc(SPARK)}/jobs/${ENRICH}`)).status, 404);
    const all = (await get('/jobs')).body;
    assert.deepEqual([(all.jobs as Json[]).map((j) => j.name), all.totalCount], [[REPORT, EXTRACT], 2]);
    assert.deepEqual((await get('/search?q=enrich')).body, { totalCount: 0, results: [] });
    // Deleting it again answers it hidden.
    assert.equal((await call('DELETE', `/namespaces/${enc(SPARK)}`)).body.isHidden, true);
    assert.deepEqual((await call('DELETE', '/namespaces/nowhere')).body, { code: 404, message: "Namespace 'nowhere' not found." });

    await endpoint.close();
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    assert.equal((await namespace(SPARK))?.isHidden, true, 'kept across a restart');
    assert.equal((await get(`/namespaces/${enc(SPARK)}/jobs/${ENRICH}`)).status, 404);
  });

  it('shows a deleted namespace again on an event that names it (and that job only), or on a PUT (and no job)', async () => {
    await call('DELETE', `/namespaces/${enc(SPARK)}`);
    await call('PUT', `/namespaces/${enc(SPARK)}`, { ownerName: 'spark-team' });
    assert.equal((await namespace(SPARK))?.isHidden, false, 'NamespaceDao.upsertNamespaceMeta un-hides it');
    assert.equal((await get(`/namespaces/${enc(SPARK)}/jobs/${ENRICH}`)).status, 404, 'its jobs stay hidden');

    await call('DELETE', `/namespaces/${enc(SPARK)}`);
    const other = { ...fixtureEvents()[0]!, eventTime: '2024-10-15T01:00:00.000Z', job: { namespace: SPARK, name: 'other' } };
    assert.equal((await call('POST', '/lineage', { ...other, run: { runId: '0190a1b2-0000-7000-8000-0000000000f1' } })).status, 201);
    assert.equal((await namespace(SPARK))?.isHidden, false, 'an event naming a job of it shows the namespace');
    assert.deepEqual(
      ((await get(`/namespaces/${enc(SPARK)}/jobs`)).body.jobs as Json[]).map((j) => j.name),
      ['other'],
      'and that job, not the others',
    );
  });

  it('leaves hidden jobs and datasets out of lineage graphs, walking through them as LineageDao does', async () => {
    assert.equal((await call('DELETE', `/namespaces/${enc(SPARK)}/jobs/${ENRICH}`)).status, 200);
    const nodes = await graph(RAW);
    assert.deepEqual(
      nodes.map((n) => n.id),
      [PG_ORDERS, CURATED, RAW, EXTRACT_ID, REPORT_ID],
      'the report job and its input are reached through the hidden job, and shown',
    );
    assert.deepEqual(node(nodes, RAW)!.outEdges, [], 'no edge to the hidden job');
    assert.deepEqual(node(nodes, CURATED)!.inEdges, []);
    assert.equal((await get(`/lineage?nodeId=${enc(ENRICH_ID)}`)).status, 404, 'a hidden start node is not found');

    // A hidden dataset: its producer shows no output.
    assert.equal((await call('DELETE', `/namespaces/${enc(S3)}/datasets/${enc('raw/orders')}`)).status, 200);
    const fromExtract = await graph(EXTRACT_ID);
    assert.deepEqual(
      fromExtract.map((n) => n.id),
      [PG_ORDERS, CURATED, EXTRACT_ID, REPORT_ID],
      'the walk goes on through the hidden dataset and job',
    );
    assert.deepEqual((node(fromExtract, EXTRACT_ID)!.data as Json).outputs, []);
    assert.deepEqual(node(fromExtract, EXTRACT_ID)!.outEdges, []);
    assert.equal((await get(`/lineage?nodeId=${enc(RAW)}`)).status, 404);
  });

  it('leaves the fields of hidden datasets out of column lineage (ColumnLineageDao joins datasets_view)', async () => {
    const before = ((await get(`/column-lineage?nodeId=${enc(CURATED)}`)).body.graph as Json[]).map((n) => n.id);
    assert.ok(before.some((id) => String(id).includes('raw/orders')));
    await call('DELETE', `/namespaces/${enc(S3)}/datasets/${enc('raw/orders')}`);
    const nodes = (await get(`/column-lineage?nodeId=${enc(CURATED)}`)).body.graph as Json[];
    assert.deepEqual(
      nodes.map((n) => [n.id, (n.data as Json).inputFields, n.inEdges]),
      [
        [`datasetField:${S3}:curated/orders:id`, [], []],
        [`datasetField:${S3}:curated/orders:total`, [], []],
      ],
    );
    assert.equal((await get(`/column-lineage?nodeId=${enc(RAW)}`)).status, 404);
    assert.equal((await get(`/column-lineage?nodeId=${enc(`datasetField:${S3}:raw/orders:id`)}`)).status, 404);
  });

  it('answers a dataset that no shown job reads or writes alone (LineageService toLineageWithOrphanDataset)', async () => {
    await call('DELETE', `/namespaces/${enc(SPARK)}/jobs/${ENRICH}`);
    await call('DELETE', `/namespaces/${enc(AIRFLOW)}/jobs/${enc(REPORT)}`);
    const nodes = await graph(CURATED);
    assert.deepEqual(
      nodes.map((n) => [n.id, n.inEdges, n.outEdges]),
      [[CURATED, [], []]],
    );
  });

  it('refuses tags and versions of a hidden job or dataset (404), as Marquez checks jobs_view and datasets_view', async () => {
    const job = `/namespaces/${enc(SPARK)}/jobs/${ENRICH}`;
    const raw = `/namespaces/${enc(S3)}/datasets/${enc('raw/orders')}`;
    const version = ((await get(`${raw}/versions`)).body.versions as Json[])[0]!.version as string;
    await call('DELETE', job);
    await call('DELETE', raw);
    for (const [method, path] of [
      ['POST', `${job}/tags/PII`],
      ['DELETE', `${job}/tags/PII`],
      ['GET', `${job}/versions`],
      ['POST', `${raw}/tags/PII`],
      ['POST', `${raw}/fields/id/tags/PII`],
      ['GET', `${raw}/versions/${version}`],
      ['GET', `${raw}/versions`],
    ] as const)
      assert.equal((await call(method, path)).status, 404, `${method} ${path}`);
  });

  it('counts only the jobs not hidden in totalCount, whatever lastRunStates keeps', async () => {
    await call('DELETE', `/namespaces/${enc(AIRFLOW)}/jobs/${enc(REPORT)}`);
    const page = (await get(`/namespaces/${enc(AIRFLOW)}/jobs?lastRunStates=RUNNING`)).body;
    // The extract's last run completed: filtered out, but counted (JobDao.countFor does not filter on states).
    assert.deepEqual([(page.jobs as Json[]).length, page.totalCount], [0, 1]);
    assert.equal((await get('/jobs')).body.totalCount, 2);
  });
});
