/**
 * The order of the local endpoint's lists, each Marquez's ORDER BY (server/src/serve/orders.ts): a namespace's
 * jobs by last update, a job's runs by start (never started last), its latestRuns by last state change, a
 * dataset's versions by creation time; with runs that start, end and arrive out of order. And the jobs list of
 * an unknown namespace, empty as Marquez's.
 */
import assert from 'node:assert/strict';
import { ReadApi, type EventSource } from '../../server/src/serve/api';
import { StoredLineage } from '../../server/src/serve/model';
import { uuidFor } from '../fixtures/serve/events';

type Json = Record<string, unknown>;
const NS = 'ordering';
const R1 = uuidFor(1);
const R2 = uuidFor(2);
const R3 = uuidFor(3);

const event = (eventType: string, time: string, runId: string, job = 'load', outputs = ['table']) => ({
  eventType,
  eventTime: `2024-05-01T${time}:00.000Z`,
  producer: 'https://example.com/producer',
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  run: { runId },
  job: { namespace: NS, name: job },
  inputs: [],
  outputs: outputs.map((name) => ({ namespace: NS, name })),
});

const noEvents: EventSource = { page: async () => ({ lines: [], totalCount: 0 }) };

describe('serve: list orders as Marquez orders them', () => {
  const model = new StoredLineage();
  // R1 starts at 10:00 and ends at 10:05. R2 started earlier (09:00), but its events arrive after R1's, and it
  // ends last (11:00). R3 is only seen completing (10:30): it has no start time.
  for (const e of [
    event('START', '10:00', R1),
    event('COMPLETE', '10:05', R1),
    event('START', '09:00', R2),
    event('COMPLETE', '10:30', R3),
    event('COMPLETE', '11:00', R2),
    // Two more jobs: `z_job` updated last, `a_job` first (their names in the other order).
    event('COMPLETE', '12:00', uuidFor(4), 'z_job', []),
    event('COMPLETE', '08:00', uuidFor(5), 'a_job', []),
  ])
    model.apply('RunEvent', e);
  const api = new ReadApi(model, noEvents);
  const get = async (path: string) => {
    const answer = await api.get(path.split('/'), new URLSearchParams());
    return (answer.body ?? JSON.parse(answer.raw!)) as Json;
  };
  const ids = (list: unknown) => (list as Json[]).map((r) => r.id);

  it("lists a namespace's jobs updated last first (JobDao.findAll: ORDER BY j.updated_at DESC)", async () => {
    const jobs = (await get(`namespaces/${NS}/jobs`)).jobs as Json[];
    assert.deepEqual(
      jobs.map((j) => j.name),
      ['z_job', 'load', 'a_job'],
    );
    assert.deepEqual(
      ((await get('jobs')).jobs as Json[]).map((j) => j.name),
      ['z_job', 'load', 'a_job'],
    );
  });

  it('answers the jobs of an unknown namespace as an empty list, datasets a 404 (JobResource.list checks no namespace)', async () => {
    assert.deepEqual(await get('namespaces/nowhere/jobs'), { jobs: [], totalCount: 0 });
    assert.deepEqual(await get('namespaces/nowhere/datasets'), { code: 404, message: "Namespace 'nowhere' not found." });
  });

  it("lists a job's runs started last first, a run never started last (RunDao.findAll: started_at DESC NULLS LAST)", async () => {
    assert.deepEqual(ids((await get(`namespaces/${NS}/jobs/load/runs`)).runs), [R1, R2, R3]);
  });

  it("gives a job's latestRuns changed state last first, latestRun the first (RunDao.findByLatestJob)", async () => {
    const job = await get(`namespaces/${NS}/jobs/load`);
    assert.deepEqual(ids(job.latestRuns), [R2, R3, R1]);
    assert.equal((job.latestRun as Json).id, R2);
  });

  it("lists a dataset's versions created last first (DatasetVersionDao.findAll: ORDER BY created_at DESC)", async () => {
    const versions = (await get(`namespaces/${NS}/datasets/table/versions`)).versions as Json[];
    assert.deepEqual(
      versions.map((v) => (v.createdByRun as Json).id),
      [R3, R1, R2],
    );
    assert.deepEqual(
      versions.map((v) => v.createdAt),
      ['2024-05-01T10:30:00.000Z', '2024-05-01T10:00:00.000Z', '2024-05-01T09:00:00.000Z'],
    );
  });
});
