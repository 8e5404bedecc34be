/**
 * Run facets read back from the events file (server/src/serve/runs.ts, issue 14 "Scale"): the model snapshot does
 * not hold them, a start-up from it answers every run as a full replay does (also once more events reach a
 * restored run), an event posted or imported is found again in the file by its time and bytes
 * (`EventStore.locate`), and a file changed behind the endpoint's back is said in the log, not a failed request.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalEndpoint } from '../../server/src/serve';
import { SNAPSHOT_FILE } from '../../server/src/serve/snapshot';
import { EVENTS_FILE, EventStore } from '../../server/src/serve/store';
import { simpleEvent, uuidFor } from '../fixtures/serve/events';
import { endpointsIn, postAccepted } from '../support/serve-endpoints';

type Json = Record<string, unknown>;

const PRODUCER = 'https://example.com/lineage-lens-tests';
/** A run event whose run carries a `marker` facet with `value`. */
function marked(i: number, eventType: string, time: string, value: string, facet = 'marker'): Json {
  const event = simpleEvent(uuidFor(i), `job_${i % 3}`, eventType, time);
  (event.run as Json).facets = { [facet]: { _producer: PRODUCER, _schemaURL: `${PRODUCER}/Marker.json`, value } };
  return event;
}

const post = postAccepted;

async function runFacets(endpoint: LocalEndpoint, i: number): Promise<Json> {
  const response = await fetch(`${endpoint.url}/api/v1/jobs/runs/${uuidFor(i)}`);
  assert.equal(response.status, 200);
  return ((await response.json()) as { facets: Json }).facets;
}

describe('serve: run facets read back from the events file', function () {
  this.timeout(30_000);
  let dir: string;
  const { start, stop, closeAll } = endpointsIn(() => dir);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'serve-run-facets-'));
  });
  afterEach(async () => {
    await closeAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps run facets out of the snapshot and reads them back, also merged with events after it', async () => {
    let endpoint = await start();
    for (let i = 0; i < 6; i++) await post(endpoint, marked(i, 'START', `2024-10-15T00:0${i}:00.000Z`, `start-${i}`));
    await stop(endpoint);
    const snapshot = readFileSync(join(dir, SNAPSHOT_FILE), 'utf8');
    assert.ok(!snapshot.includes('start-3'), 'no run facet in the snapshot');
    assert.ok(snapshot.includes('job_1'), 'the rest of the model is');

    endpoint = await start();
    assert.deepEqual(endpoint.startup.snapshot, { state: 'used' });
    assert.equal(((await runFacets(endpoint, 3)).marker as Json).value, 'start-3');
    // More events for a restored run: the latest value of a facet wins, other facets stay.
    await post(endpoint, marked(3, 'COMPLETE', '2024-10-15T01:00:00.000Z', 'complete-3'));
    await post(endpoint, marked(3, 'COMPLETE', '2024-10-15T01:00:01.000Z', 'other-3', 'other'));
    const merged = { marker: 'complete-3', other: 'other-3' };
    const values = (facets: Json) => Object.fromEntries(Object.entries(facets).map(([k, v]) => [k, (v as Json).value]));
    assert.deepEqual(values(await runFacets(endpoint, 3)), merged);
    await stop(endpoint);

    endpoint = await start();
    assert.equal(endpoint.startup.replayed, 0);
    assert.deepEqual(values(await runFacets(endpoint, 3)), merged);
    assert.deepEqual(values(await runFacets(endpoint, 4)), { marker: 'start-4' });
    await stop(endpoint);
    rmSync(join(dir, SNAPSHOT_FILE));
    endpoint = await start({ snapshots: false });
    assert.deepEqual(endpoint.startup.snapshot, { state: 'missing' });
    assert.deepEqual(values(await runFacets(endpoint, 3)), merged, 'as a full replay has them');
  });

  it('reads imported events back as well', async () => {
    const file = join(dir, 'import.jsonl');
    writeFileSync(file, [marked(1, 'START', '2024-10-15T00:00:00Z', 'imported-1')].map((e) => `${JSON.stringify(e)}\n`).join(''));
    let endpoint = await start({ importFrom: [file] });
    assert.equal(((await runFacets(endpoint, 1)).marker as Json).value, 'imported-1');
    await stop(endpoint);
    assert.ok(!readFileSync(join(dir, SNAPSHOT_FILE), 'utf8').includes('imported-1'), 'placed in the events file, not held');
    endpoint = await start();
    assert.equal(((await runFacets(endpoint, 1)).marker as Json).value, 'imported-1');
  });

  it('answers without the facets of an event line changed behind its back, and says so once', async () => {
    let endpoint = await start();
    await post(endpoint, marked(1, 'START', '2024-10-15T00:00:00.000Z', 'start-1'));
    await post(endpoint, marked(2, 'START', '2024-10-15T00:00:01.000Z', 'start-2'));
    await stop(endpoint);
    const logs: string[] = [];
    endpoint = await start({ log: (m) => logs.push(m) });
    // Edited while the endpoint runs (it checks the file against the snapshot only at start-up): run 1's line now
    // names another run.
    const path = join(dir, EVENTS_FILE);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace(uuidFor(1), uuidFor(9)));
    assert.deepEqual(await runFacets(endpoint, 1), {});
    assert.deepEqual(await runFacets(endpoint, 1), {});
    assert.equal(((await runFacets(endpoint, 2)).marker as Json).value, 'start-2');
    assert.equal(logs.filter((l) => /no longer holds an event of run/.test(l)).length, 1, logs.join('\n'));
    writeFileSync(path, text);
  });
});

describe('serve: EventStore.append says where the line is', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'serve-place-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const durability of ['process', 'disk'] as const) {
    it(`resolves each append with its line's offset and length (${durability}; concurrent appends too)`, async () => {
      const store = await EventStore.open(dir, () => undefined, durability);
      await store.load(() => 0);
      try {
        const lines = ['{"a":1}', '{"b":2}', '{"c":3}', '{"d":44}'];
        const places = await Promise.all(lines.map((line) => store.append(line, 5)));
        assert.deepEqual(
          places.map((p) => store.readLineSync(p.offset, p.length)),
          lines,
        );
        assert.deepEqual(await store.append(Buffer.from('{"e":5}'), 6), { offset: 33, length: 7 });
      } finally {
        await store.close();
      }
    });
  }
});
