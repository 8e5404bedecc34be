/**
 * `GET /stats/*` as Marquez's dashboard reads them: 24 hourly or 7 daily intervals ending with the current one,
 * events counted by type, jobs / datasets / sources counted cumulatively by creation time; days in the asked
 * time zone. Driven through the read API with a fixed clock.
 */
import assert from 'node:assert/strict';
import { ReadApi, type EventSource } from '../../server/src/serve/api';
import { StoredLineage } from '../../server/src/serve/model';
import { eventKind } from '../../server/src/serve/schema';
import { localMidnight } from '../../server/src/serve/stats';
import { fixtureEvents } from '../fixtures/serve/events';

type Row = Record<string, unknown>;

function apiAt(now: string) {
  const model = new StoredLineage();
  const events = fixtureEvents();
  for (const e of events) model.apply(eventKind(e), e);
  const lines = events.map((e) => JSON.stringify(e));
  const source: EventSource = {
    page: async (after, before, _direction, offset, limit) => {
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
});
