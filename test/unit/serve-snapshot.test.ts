/**
 * Model snapshots of the local endpoint (server/src/serve/snapshot.ts): a start-up from a snapshot, with or
 * without events after it, answers every read exactly as a full replay of the events file does; a missing,
 * stale, damaged, cut, foreign-version snapshot, or one whose events file was replaced or cut, is refused
 * (with the reason) and the model is rebuilt by a full replay; snapshots are written on close and after every
 * N events.
 */
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startLocalEndpoint, type LocalEndpoint } from '../../server/src/serve';
import {
  captureSnapshot,
  decodeBody,
  encodeBody,
  SNAPSHOT_FILE,
  SNAPSHOT_VERSION,
  type SnapshotBody,
} from '../../server/src/serve/snapshot';
import { eventKind } from '../../server/src/serve/schema';
import { EVENTS_FILE, type EventStore } from '../../server/src/serve/store';
import { Checkpoints } from '../../server/src/serve/checkpoints';
import { StoredLineage } from '../../server/src/serve/model';
import { fixtureEvents, simpleEvent, uuidFor } from '../fixtures/serve/events';
import { endpointsIn, postAccepted } from '../support/serve-endpoints';

type Json = Record<string, unknown>;

/** Resolves when `path` exists: at once, or on the file-system event of its creation (fails after `ms`). */
function fileAppears(path: string, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dirname(path), () => check());
    const timer = setTimeout(() => finish(new Error(`${path} did not appear within ${ms} ms`)), ms);
    function finish(error?: Error): void {
      watcher.close();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    }
    function check(): void {
      if (existsSync(path)) finish();
    }
    check();
  });
}

const post = postAccepted;

async function get(endpoint: LocalEndpoint, path: string): Promise<unknown> {
  const response = await fetch(`${endpoint.url}/api/v1${path}`);
  assert.equal(response.status, 200, path);
  return response.json();
}

/** Every read the viewer makes, for every namespace, job, dataset and run the endpoint holds. */
async function everything(endpoint: LocalEndpoint): Promise<Json> {
  const e = encodeURIComponent;
  const out: Json = {};
  const put = async (path: string) => (out[path] = await get(endpoint, path));
  const { namespaces } = (await put('/namespaces')) as { namespaces: { name: string }[] };
  for (const { name: ns } of namespaces) {
    const { jobs } = (await put(`/namespaces/${e(ns)}/jobs?limit=1000`)) as { jobs: { name: string; latestRuns: { id: string }[] }[] };
    const { datasets } = (await put(`/namespaces/${e(ns)}/datasets?limit=1000`)) as { datasets: { name: string }[] };
    for (const job of jobs) {
      await put(`/namespaces/${e(ns)}/jobs/${e(job.name)}/runs?limit=1000`);
      await put(`/lineage?nodeId=${e(`job:${ns}:${job.name}`)}&depth=20`);
      for (const run of job.latestRuns) await put(`/jobs/runs/${run.id}`);
    }
    for (const dataset of datasets) {
      await put(`/namespaces/${e(ns)}/datasets/${e(dataset.name)}/versions?limit=1000`);
      await put(`/column-lineage?nodeId=${e(`dataset:${ns}:${dataset.name}`)}&withDownstream=true`);
    }
  }
  await put('/search?q=%25&limit=1000');
  await put('/events/lineage?limit=1000&sortDirection=asc');
  return out;
}

/** The history the tests store: the API fixture plus a few hundred runs, some sharing datasets. */
function history(count = 300): Json[] {
  const events: Json[] = fixtureEvents();
  for (let i = 0; i < count; i++) {
    const time = new Date(Date.UTC(2024, 9, 15) + i * 60_000).toISOString();
    events.push(simpleEvent(uuidFor(i >> 1), `job_${(i >> 1) % 7}`, i % 2 === 0 ? 'START' : i % 10 === 9 ? 'FAIL' : 'COMPLETE', time));
  }
  return events;
}

describe('serve: model snapshots', function () {
  this.timeout(30_000);
  let dir: string;
  const { start, stop, closeAll } = endpointsIn(() => dir);
  /** What a full replay of the events file answers (the snapshot moved aside, then put back). */
  const replayed = async (): Promise<Json> => {
    const path = join(dir, SNAPSHOT_FILE);
    const saved = existsSync(path) ? readFileSync(path) : undefined;
    rmSync(path, { force: true });
    const endpoint = await start({ snapshots: false });
    assert.equal(endpoint.startup.snapshot.state, 'missing');
    const answers = await everything(endpoint);
    await stop(endpoint);
    if (saved) writeFileSync(path, saved);
    return answers;
  };
  /** Stores the history through the API and stops cleanly (which writes the snapshot). */
  const seed = async (events: Json[]) => {
    const endpoint = await start();
    for (const event of events) await post(endpoint, event);
    await stop(endpoint);
    assert.ok(existsSync(join(dir, SNAPSHOT_FILE)), 'a clean stop writes the snapshot');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'serve-snapshot-'));
  });
  afterEach(async () => {
    await closeAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts from the snapshot after a clean stop, replaying nothing, and answers as a full replay does', async () => {
    const events = history();
    await seed(events);
    const expected = await replayed();
    const endpoint = await start();
    assert.deepEqual(endpoint.startup.snapshot, { state: 'used' });
    assert.equal(endpoint.startup.events, events.length);
    assert.equal(endpoint.startup.replayed, 0);
    assert.deepEqual(await everything(endpoint), expected);
  });

  it('replays only the events after a stale snapshot (acknowledged after it, then a crash)', async () => {
    const events = history();
    await seed(events.slice(0, 200));
    // The events the endpoint acknowledged after its last snapshot, then killed: they are only in the file.
    appendFileSync(
      join(dir, EVENTS_FILE),
      events
        .slice(200)
        .map((e) => `${JSON.stringify(e)}\n`)
        .join(''),
    );
    const expected = await replayed();
    const endpoint = await start();
    assert.deepEqual(endpoint.startup.snapshot, { state: 'used' });
    assert.equal(endpoint.startup.events, events.length);
    assert.equal(endpoint.startup.replayed, events.length - 200);
    assert.deepEqual(await everything(endpoint), expected);
    // Events posted now extend the restored model like any other.
    await post(endpoint, simpleEvent(uuidFor(10_000), 'job_1', 'START', '2024-10-20T00:00:00.000Z'));
    const job = (await get(endpoint, '/namespaces/bulk/jobs/job_1')) as { latestRun: { id: string } };
    assert.equal(job.latestRun.id, uuidFor(10_000));
  });

  it('replays everything when there is no snapshot, and writes one on close', async () => {
    const events = history(50);
    await seed(events);
    rmSync(join(dir, SNAPSHOT_FILE));
    const endpoint = await start();
    assert.deepEqual(endpoint.startup.snapshot, { state: 'missing' });
    assert.equal(endpoint.startup.replayed, events.length);
    await stop(endpoint);
    const again = await start();
    assert.deepEqual(again.startup.snapshot, { state: 'used' });
    assert.equal(again.startup.replayed, 0);
  });

  const refused: [string, (snapshot: Buffer) => Buffer | undefined, RegExp][] = [
    [
      'a damaged snapshot (one byte changed)',
      (s) => {
        const copy = Buffer.from(s);
        copy[copy.length - 10] = copy[copy.length - 10]! ^ 0x01;
        return copy;
      },
      /SHA-256 does not match/,
    ],
    ['a snapshot cut short', (s) => s.subarray(0, s.length - 100), /cut short/],
    [
      'a snapshot of another format version',
      (s) => Buffer.from(s.toString('utf8').replace(`"version":${SNAPSHOT_VERSION}`, '"version":999')),
      /version 999/,
    ],
    ['a file that is not a snapshot', () => Buffer.from('{"hello": "world"}\n{}'), /not a Lineage Lens snapshot/],
    ['a snapshot without a header', () => Buffer.from('garbage'), /no header/],
  ];
  for (const [what, damage, reason] of refused) {
    it(`refuses ${what} and replays the whole file`, async () => {
      const events = history(40);
      await seed(events);
      const path = join(dir, SNAPSHOT_FILE);
      writeFileSync(path, damage(readFileSync(path))!);
      const logs: string[] = [];
      const endpoint = await start({ log: (m) => logs.push(m), snapshots: false });
      assert.equal(endpoint.startup.snapshot.state, 'rejected');
      assert.match((endpoint.startup.snapshot as { reason: string }).reason, reason);
      assert.equal(endpoint.startup.replayed, events.length);
      assert.ok(
        logs.some((l) => /Not using the model snapshot/.test(l)),
        logs.join('\n'),
      );
      assert.deepEqual(
        await everything(endpoint),
        await (async () => {
          await stop(endpoint);
          return replayed();
        })(),
      );
    });
  }

  it('refuses a snapshot whose events file was cut or replaced, and rebuilds from the file', async () => {
    const events = history(40);
    await seed(events);
    const file = join(dir, EVENTS_FILE);
    // Cut: the file now ends before the bytes the snapshot covers.
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    truncateSync(file, statSync(file).size - Buffer.byteLength(`${lines.at(-1)}\n`));
    let endpoint = await start({ snapshots: false });
    assert.equal(endpoint.startup.snapshot.state, 'rejected');
    assert.match((endpoint.startup.snapshot as { reason: string }).reason, /fewer than/);
    assert.equal(endpoint.startup.events, events.length - 1);
    await stop(endpoint);
    // Replaced: as long as before, other events.
    const other = history(40).map((e, i) => (i >= 9 ? { ...e, run: { ...(e.run as Json), runId: uuidFor(50_000 + i) } } : e));
    writeFileSync(file, other.map((e) => `${JSON.stringify(e)}\n`).join(''));
    await seed([]); // a clean stop over the replaced file writes a fresh snapshot of it...
    writeFileSync(file, events.map((e) => `${JSON.stringify(e)}\n`).join('')); // ...which the original file does not match
    endpoint = await start({ snapshots: false });
    assert.equal(endpoint.startup.snapshot.state, 'rejected');
    assert.match((endpoint.startup.snapshot as { reason: string }).reason, /does not start with the events it covers/);
    assert.equal(endpoint.startup.events, events.length);
    const runs = (await get(endpoint, `/namespaces/bulk/jobs/job_0/runs?limit=100`)) as { runs: { id: string }[] };
    assert.ok(
      runs.runs.some((r) => r.id === uuidFor(0)),
      'the model is the file’s, not the snapshot’s',
    );
  });

  it('writes a snapshot every N events while running', async () => {
    const endpoint = await start({ snapshots: { everyEvents: 25, everyMs: 60_000 } });
    const path = join(dir, SNAPSHOT_FILE);
    const written = fileAppears(path);
    for (const event of history(30)) await post(endpoint, event);
    await written;
    assert.ok(existsSync(path), 'a snapshot after 25 events');
    const header = JSON.parse(readFileSync(path, 'utf8').split('\n', 1)[0]!) as { format: string; bytes: number };
    assert.equal(header.format, 'lineage-lens-snapshot');
    // kill -9 now: the next start resumes from that snapshot and replays the rest.
    const copy = mkdtempSync(join(tmpdir(), 'serve-snapshot-copy-'));
    try {
      writeFileSync(join(copy, EVENTS_FILE), readFileSync(join(dir, EVENTS_FILE)));
      writeFileSync(join(copy, SNAPSHOT_FILE), readFileSync(path));
      const resumed = await startLocalEndpoint({ port: 0, dataDir: copy, snapshots: false });
      try {
        assert.deepEqual(resumed.startup.snapshot, { state: 'used' });
        assert.equal(resumed.startup.events, endpoint.eventCount());
        assert.ok(resumed.startup.replayed < endpoint.eventCount());
        assert.deepEqual(await everything(resumed), await everything(endpoint));
      } finally {
        await resumed.close();
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('on a large store, waits for a tenth of it before the next snapshot (each one costs the whole model)', async () => {
    const count = { value: 300 };
    const store = {
      get count() {
        return count.value;
      },
      checkpoint: () => ({ bytes: 0, index: { times: [], offsets: [], lengths: [] } }),
      guard: () => Promise.resolve({ bytes: 0, head: '', tail: '' }),
    } as unknown as EventStore;
    const checkpoints = new Checkpoints(dir, new StoredLineage(), store, { everyEvents: 5, everyMs: 60_000 }, () => undefined);
    const busy = () => (checkpoints as unknown as { scheduled: boolean }).scheduled;
    try {
      checkpoints.note(29);
      assert.equal(busy(), false, '29 events of 300: under a tenth, no snapshot yet');
      const written = fileAppears(join(dir, SNAPSHOT_FILE));
      checkpoints.note(1);
      assert.equal(busy(), true, '30 events: a tenth of the store');
      await written;
    } finally {
      await checkpoints.close();
    }
    count.value = 20;
    const small = new Checkpoints(dir, new StoredLineage(), store, { everyEvents: 5, everyMs: 60_000 }, () => undefined);
    try {
      small.note(5);
      assert.equal((small as unknown as { scheduled: boolean }).scheduled, true, 'a small store keeps everyEvents');
    } finally {
      await small.close();
    }
  });

  it('writes a snapshot a while after the first event no snapshot covers', async () => {
    const endpoint = await start({ snapshots: { everyEvents: 1000, everyMs: 50 } });
    const path = join(dir, SNAPSHOT_FILE);
    const written = fileAppears(path);
    await post(endpoint, simpleEvent(uuidFor(1), 'job_1'));
    await written;
    assert.ok(existsSync(path));
  });

  it('keeps serving when a snapshot cannot be written, and does not retry in a loop', async () => {
    // snapshot.json is a directory: it cannot be read, and renaming a file onto it fails.
    mkdirSync(join(dir, SNAPSHOT_FILE));
    writeFileSync(join(dir, SNAPSHOT_FILE, 'keep'), '');
    const logs: string[] = [];
    const failures = () => logs.filter((l) => /Could not write the model snapshot/.test(l)).length;
    let failed: () => void = () => undefined;
    const firstFailure = new Promise<void>((resolve) => (failed = resolve));
    const log = (m: string) => {
      logs.push(m);
      if (failures() > 0) failed();
    };
    const endpoint = await start({ log, snapshots: { everyEvents: 5, everyMs: 60_000 } });
    assert.equal(endpoint.startup.snapshot.state, 'rejected');
    // The 5th event starts a write, which fails; the 25 after it would start more if failures were retried.
    const events = history(30);
    for (const event of events.slice(0, 5)) await post(endpoint, event);
    await firstFailure;
    for (const event of events.slice(5)) await post(endpoint, event);
    assert.equal(failures(), 1, logs.join('\n'));
    assert.equal(endpoint.eventCount(), history(30).length);
    await stop(endpoint);
    assert.equal(failures(), 2, 'one more try on close');
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.endsWith('.tmp')),
      [],
      'no temporary file left behind',
    );
  });

  it('writes facet values and runs in lines of bounded size (no string near V8 limit at a million events) and reads them back', () => {
    const model = new StoredLineage();
    for (const event of history(10)) model.apply(eventKind(event), event);
    assert.equal(model.runs.size, 8);
    const { bytes, ...capture } = captureSnapshot(model, { bytes: 10, index: { times: [1, 2], offsets: [0, 5], lengths: [4, 4] } }, 4);
    const body: SnapshotBody = { ...capture, guard: { bytes, head: 'h', tail: 't' } };
    assert.equal(body.values.length, 15, 'the facets of the runs (held: no events file here), jobs and datasets');
    const lines = encodeBody(body, 4);
    // A head line, 4 lines of facet values (4 + 4 + 4 + 3), 2 of runs (4 + 4).
    assert.equal(lines.length, 7);
    assert.deepEqual(
      body.runs.map((line) => line.id.length),
      [4, 4],
    );
    assert.deepEqual(decodeBody(Buffer.concat(lines)), JSON.parse(JSON.stringify(body)));
    assert.throws(() => decodeBody(Buffer.concat([...lines.slice(0, 4), lines[5]!, lines[6]!])), /the body has 6 lines, not 7/);
  });
});
