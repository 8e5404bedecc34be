/**
 * `GET /stats/*` as Marquez's dashboard reads them: 24 hourly or 7 daily intervals ending with the current one,
 * events counted by type, jobs / datasets / sources counted cumulatively by creation time; days in the asked
 * time zone. Driven through the read API with a fixed clock. Events are counted as they arrive (kept across a
 * restart, from the snapshot or the replay): a stats call does not read the events file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint, type LocalEndpoint } from '../../server/src/serve';
import { ReadApi, type EventSource } from '../../server/src/serve/api';
import { StoredLineage } from '../../server/src/serve/model';
import { eventKind } from '../../server/src/serve/schema';
import { SNAPSHOT_FILE } from '../../server/src/serve/snapshot';
import { LineageEventCounts, localMidnight } from '../../server/src/serve/stats';
import { EVENTS_FILE } from '../../server/src/serve/store';
import { fixtureEvents, simpleEvent, uuidFor } from '../fixtures/serve/events';

type Row = Record<string, unknown>;

function apiAt(now: string, reads = { count: 0 }) {
  const model = new StoredLineage();
  const events = fixtureEvents();
  for (const e of events) model.apply(eventKind(e), e);
  const lines = events.map((e) => JSON.stringify(e));
  const source: EventSource = {
    page: async (after, before, _direction, offset, limit) => {
      reads.count++;
      const inWindow = lines.filter((l) => {
        const t = Date.parse(JSON.parse(l).eventTime as string);
        return t > after && t < before;
      });
      return { lines: inWindow.slice(offset, offset + limit), totalCount: inWindow.length };
    },
  };
  return new ReadApi(model, source, { now: () => Date.parse(now) });
}

const stats = async (api: ReadApi, kind: string, query: string) => {
  const answer = await api.get(['stats', kind], new URLSearchParams(query));
  return { status: answer.status, body: answer.body as Row[] & Row };
};

describe('serve: /stats as Marquez shapes them', () => {
  it('counts the last 24 hours of events by type, hour by hour', async () => {
    const { status, body } = await stats(apiAt('2024-10-14T03:30:00Z'), 'lineage-events', 'period=DAY');
    assert.equal(status, 200);
    assert.equal(body.length, 24);
    assert.deepEqual(body[0], {
      startInterval: '2024-10-13T04:00:00.000Z',
      endInterval: '2024-10-13T05:00:00.000Z',
      fail: 0,
      start: 0,
      complete: 0,
      abort: 0,
    });
    assert.deepEqual(body.slice(-2), [
      { startInterval: '2024-10-14T02:00:00.000Z', endInterval: '2024-10-14T03:00:00.000Z', fail: 1, start: 2, complete: 1, abort: 0 },
      { startInterval: '2024-10-14T03:00:00.000Z', endInterval: '2024-10-14T04:00:00.000Z', fail: 0, start: 1, complete: 1, abort: 0 },
    ]);
  });

  it('counts jobs, datasets and sources cumulatively; a week in days of the asked zone', async () => {
    const api = apiAt('2024-10-14T12:00:00Z');
    const jobs = (await stats(api, 'jobs', 'period=week&timezone=UTC')).body;
    assert.equal(jobs.length, 7);
    assert.deepEqual(jobs.at(-1), { startInterval: '2024-10-14T00:00:00.000Z', endInterval: '2024-10-15T00:00:00.000Z', count: 3 });
    assert.equal(jobs.at(-2)!.count, 0);
    assert.equal((await stats(api, 'datasets', 'period=DAY')).body.at(-1)!.count, 4);
    assert.equal((await stats(api, 'sources', 'period=DAY')).body.at(-1)!.count, 3);
    const paris = (await stats(api, 'lineage-events', 'period=WEEK&timezone=Europe/Paris')).body;
    assert.deepEqual([paris.at(-1)!.startInterval, paris.at(-1)!.endInterval], ['2024-10-13T22:00:00.000Z', '2024-10-14T22:00:00.000Z']);
    assert.equal(paris.at(-1)!.start, 3);
  });

  it('refuses a missing or unknown period, a WEEK without a zone and an unknown zone with 400', async () => {
    const api = apiAt('2024-10-14T12:00:00Z');
    assert.equal((await stats(api, 'jobs', '')).status, 400);
    assert.equal((await stats(api, 'jobs', 'period=MONTH')).status, 400);
    assert.deepEqual((await stats(api, 'lineage-events', 'period=WEEK')).body, {
      code: 400,
      message: "Timezone must be specified for period 'WEEK'",
    });
    assert.equal((await stats(api, 'datasets', 'period=WEEK&timezone=Mars/Olympus')).status, 400);
  });

  it('finds local midnight across a daylight-saving change', () => {
    // Europe/Paris moves from +02:00 to +01:00 on 2024-10-27 at 03:00 local time.
    assert.equal(new Date(localMidnight(Date.parse('2024-10-27T20:00:00Z'), 'Europe/Paris')).toISOString(), '2024-10-26T22:00:00.000Z');
    assert.equal(new Date(localMidnight(Date.parse('2024-10-28T05:00:00Z'), 'Europe/Paris')).toISOString(), '2024-10-27T23:00:00.000Z');
    assert.equal(new Date(localMidnight(Date.parse('2024-10-14T02:00:00Z'), 'America/New_York')).toISOString(), '2024-10-13T04:00:00.000Z');
  });

  it('answers lineage-events from the counts kept as events arrived, without reading the events', async () => {
    const reads = { count: 0 };
    const { body } = await stats(apiAt('2024-10-14T03:30:00Z', reads), 'lineage-events', 'period=DAY');
    assert.deepEqual(body.at(-2), {
      startInterval: '2024-10-14T02:00:00.000Z',
      endInterval: '2024-10-14T03:00:00.000Z',
      fail: 1,
      start: 2,
      complete: 1,
      abort: 0,
    });
    assert.equal(reads.count, 0);
  });

  it('counts events that arrive out of time order, and keeps the counts through an encoding', () => {
    const counts = new LineageEventCounts();
    for (const [type, time] of [
      ['START', 50],
      ['START', 10],
      ['COMPLETE', 30],
      ['START', 30],
      ['RUNNING', 20],
      ['FAIL', NaN],
    ] as const)
      counts.add(type, time);
    const spans = [
      { startInterval: 0, endInterval: 30 },
      { startInterval: 30, endInterval: 60 },
    ];
    const expected = [
      { startInterval: '1970-01-01T00:00:00.000Z', endInterval: '1970-01-01T00:00:00.030Z', fail: 0, start: 1, complete: 0, abort: 0 },
      { startInterval: '1970-01-01T00:00:00.030Z', endInterval: '1970-01-01T00:00:00.060Z', fail: 0, start: 2, complete: 1, abort: 0 },
    ];
    assert.deepEqual(counts.metrics(spans), expected);
    assert.deepEqual(counts.encode(), [[], [10, 20, 20], [30], []]);
    assert.deepEqual(LineageEventCounts.decode(JSON.parse(JSON.stringify(counts.encode()))).metrics(spans), expected);
    assert.throws(() => LineageEventCounts.decode([[], [10, -5], [], []]), /not sorted times/);
    assert.throws(() => LineageEventCounts.decode([[]]), /one list per type/);
  });
});

describe('serve: /stats/lineage-events across restarts', function () {
  this.timeout(30_000);
  let dir: string;
  let endpoint: LocalEndpoint | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'serve-stats-'));
  });
  afterEach(async () => {
    await endpoint?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Events of the last 24 hours by type (totals: the hourly intervals move with the clock). */
  const totals = async () => {
    const response = await fetch(`${endpoint!.url}/api/v1/stats/lineage-events?period=DAY`);
    const rows = (await response.json()) as Record<string, number>[];
    const sum = (key: string) => rows.reduce((n, r) => n + r[key]!, 0);
    return { fail: sum('fail'), start: sum('start'), complete: sum('complete'), abort: sum('abort') };
  };

  it('gives the same counts after a restart from the snapshot or a full replay, and does not re-read the file', async () => {
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    const types = ['START', 'COMPLETE', 'START', 'FAIL', 'START', 'ABORT', 'START', 'COMPLETE', 'RUNNING'];
    for (const [i, type] of types.entries()) {
      const event = simpleEvent(uuidFor(i), 'job', type, new Date(Date.now() - (i + 1) * 60_000).toISOString());
      const response: Response = await fetch(`${endpoint.url}/api/v1/lineage`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(event),
      });
      assert.equal(response.status, 201);
    }
    const expected = { fail: 1, start: 4, complete: 2, abort: 1 };
    assert.deepEqual(await totals(), expected);
    // The stored events changed in place (same length): a count read from the file would change with them.
    const path = join(dir, EVENTS_FILE);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replaceAll('"eventType":"START"', '"eventType":"ABORT"'));
    assert.deepEqual(await totals(), expected);
    writeFileSync(path, text);
    await endpoint.close();
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    assert.deepEqual(endpoint.startup.snapshot, { state: 'used' });
    assert.deepEqual(await totals(), expected);
    await endpoint.close();
    rmSync(join(dir, SNAPSHOT_FILE));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir, snapshots: false });
    assert.deepEqual(endpoint.startup.snapshot, { state: 'missing' });
    assert.deepEqual(await totals(), expected);
  });
});
