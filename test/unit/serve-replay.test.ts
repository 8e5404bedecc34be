/**
 * Moving from the local endpoint to another one (issue 14): `lineage-lens replay` posts the stored events to a
 * second endpoint, in order, resumable and never twice; `serve --import` loads events from JSON, JSON lines and
 * gzip files, validated as posted ones.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startLocalEndpoint, type LocalEndpoint } from '../../server/src/serve';
import { parseReplayArgs, progressBar, runReplay } from '../../server/src/cli/replay';
import { runServe } from '../../server/src/serve/cli';
import { lineageUrl, replay } from '../../server/src/serve/replay';
import { EVENTS_FILE } from '../../server/src/serve/store';
import { simpleEvent, uuidFor } from '../fixtures/serve/events';

const dirs: string[] = [];
const endpoints: LocalEndpoint[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'll-replay-'));
  dirs.push(dir);
  return dir;
};
const start = async (options: Parameters<typeof startLocalEndpoint>[0] = {}) => {
  const endpoint = await startLocalEndpoint({ port: 0, dataDir: tempDir(), snapshots: false, ...options });
  endpoints.push(endpoint);
  return endpoint;
};

/** Event i: a START then a COMPLETE per run, jobs chained through datasets, one second apart. */
function eventAt(i: number): Record<string, unknown> {
  const run = i >> 1;
  const time = new Date(Date.UTC(2024, 9, 15) + i * 1000).toISOString();
  return simpleEvent(uuidFor(run + 1), `job_${run % 4}`, i % 2 ? 'COMPLETE' : 'START', time);
}

async function postAll(endpoint: LocalEndpoint, events: unknown[], headers: Record<string, string> = {}): Promise<void> {
  for (const event of events) {
    const response = await fetch(`${endpoint.url}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(event),
    });
    assert.equal(response.status, 201, await response.text());
  }
}

const storedLines = (endpoint: LocalEndpoint) =>
  readFileSync(join(endpoint.dataDir, EVENTS_FILE), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

async function getJson(endpoint: LocalEndpoint, path: string): Promise<unknown> {
  const response = await fetch(`${endpoint.url}/api/v1${path}`);
  assert.equal(response.status, 200);
  return response.json();
}

/** A target that answers `statuses` in turn (then 201), recording the bodies it acknowledged. */
async function scriptedTarget(statuses: number[]): Promise<{ url: string; acknowledged: string[]; server: Server; headers: string[] }> {
  const acknowledged: string[] = [];
  const headers: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      headers.push(String(req.headers.authorization));
      const status = statuses.shift() ?? 201;
      if (status === 201) acknowledged.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(status === 201 ? '' : JSON.stringify({ code: status, message: `refused with ${status}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, acknowledged, server, headers };
}
const servers: Server[] = [];

describe('serve: replay to another endpoint', () => {
  afterEach(async () => {
    await Promise.all(endpoints.splice(0).map((e) => e.close()));
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('replays every stored event, in stored order, into a second endpoint that then draws the same lineage', async () => {
    const source = await start();
    const target = await start({ apiKey: 'target-secret' });
    await postAll(
      source,
      Array.from({ length: 24 }, (_, i) => eventAt(i)),
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await runReplay(['--to', target.url, '--data', source.dataDir], {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
      env: { LINEAGE_LENS_REPLAY_API_KEY: 'target-secret' },
      isTTY: false,
    });
    assert.equal(code, 0, err.join(''));
    assert.match(out.join(''), /Replayed to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/lineage: 24 posted\./);
    assert.ok(!`${out.join('')}${err.join('')}`.includes('target-secret'), 'the API key is never printed');
    assert.deepEqual(storedLines(target), storedLines(source));
    const nodeId = encodeURIComponent('job:bulk:job_1');
    const keyed = { headers: { Authorization: 'Bearer target-secret' } };
    const read = async (e: LocalEndpoint, path: string) => (await fetch(`${e.url}/api/v1${path}`, e === target ? keyed : {})).json();
    assert.deepEqual(await read(target, `/lineage?nodeId=${nodeId}&depth=3`), await read(source, `/lineage?nodeId=${nodeId}&depth=3`));
    assert.deepEqual(await read(target, '/namespaces/bulk/jobs'), await read(source, '/namespaces/bulk/jobs'));

    // Run again: nothing is sent twice.
    const again = await replay({ to: target.url, dataDir: source.dataDir, apiKey: 'target-secret' });
    assert.deepEqual([again.posted, again.stop.state, again.resumed], [0, 'done', true]);
    assert.equal(target.eventCount(), 24);
  });

  it('sends an event as its emitter sent it: the deviations recorded with it stay here', async () => {
    const source = await start();
    const { schemaURL: _dropped, ...lenient } = eventAt(0) as { schemaURL?: unknown } & Record<string, unknown>;
    await postAll(source, [lenient]);
    assert.match(storedLines(source)[0]!, /x-lineage-lens-deviations/, 'stored with its deviation');
    const target = await scriptedTarget([]);
    servers.push(target.server);
    const result = await replay({ to: target.url, dataDir: source.dataDir });
    assert.equal(result.posted, 1);
    const sent = JSON.parse(target.acknowledged[0]!) as Record<string, unknown>;
    assert.equal(sent['x-lineage-lens-deviations'], undefined);
    assert.deepEqual(sent, lenient);
  });

  it('resumes after an interruption at the first event the target did not acknowledge', async () => {
    const source = await start();
    const target = await start();
    await postAll(
      source,
      Array.from({ length: 10 }, (_, i) => eventAt(i)),
    );
    const interrupt = new AbortController();
    const first = await replay({
      to: `${target.url}/api/v1/lineage`,
      dataDir: source.dataDir,
      signal: interrupt.signal,
      onProgress: (p) => p.done === 4 && interrupt.abort(),
    });
    assert.deepEqual([first.stop.state, first.posted, target.eventCount()], ['interrupted', 4, 4]);
    const second = await replay({ to: target.url, dataDir: source.dataDir });
    assert.deepEqual([second.stop.state, second.posted, second.resumedAt, second.total], ['done', 6, 4, 6]);
    assert.deepEqual(storedLines(target), storedLines(source));
  });

  it('retries a 503 with backoff, stops at a refusal with its status and answer, and resumes there', async () => {
    const source = await start();
    await postAll(
      source,
      Array.from({ length: 3 }, (_, i) => eventAt(i)),
    );
    const target = await scriptedTarget([503, 201, 422]);
    servers.push(target.server);
    const waits: number[] = [];
    const err: string[] = [];
    const io = {
      out: () => undefined,
      err: (s: string) => err.push(s),
      env: {},
      isTTY: false,
      sleep: async (ms: number) => void waits.push(ms),
    };
    const code = await runReplay(['--to', target.url, '--data-dir', source.dataDir, '--api-key', 'k-123'], io);
    assert.equal(code, 1);
    assert.deepEqual(waits, [500]);
    assert.match(err.join(''), /answered 503: \{"code":503,"message":"refused with 503"\}; retrying in 0\.5 s \(1 of 6\)/);
    assert.match(
      err.join(''),
      /stopped: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/lineage answered 422: \{"code":422,"message":"refused with 422"\}/,
    );
    assert.match(err.join(''), /or pass --skip-rejected/);
    assert.ok(!err.join('').includes('k-123'));
    assert.deepEqual(target.headers[0], 'Bearer k-123');
    assert.equal(target.acknowledged.length, 1);
    // The refused event (the second) is the first one sent on the next run.
    assert.equal(await runReplay(['--to', target.url, '--data', source.dataDir], io), 0);
    assert.deepEqual(target.acknowledged, storedLines(source));
  });

  it('with --skip-rejected records a refused event and goes on; 401 always stops', async () => {
    const source = await start();
    await postAll(
      source,
      Array.from({ length: 3 }, (_, i) => eventAt(i)),
    );
    const target = await scriptedTarget([400]);
    servers.push(target.server);
    const result = await replay({ to: target.url, dataDir: source.dataDir, skipRejected: true });
    assert.deepEqual([result.stop.state, result.posted, result.rejected], ['done', 2, 1]);
    const recorded = readFileSync(result.cursorFile.replace(/\.json$/, '.rejected.jsonl'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(recorded.length, 1);
    assert.equal((JSON.parse(recorded[0]!) as { status: number }).status, 400);

    const locked = await scriptedTarget([401]);
    servers.push(locked.server);
    const stopped = await replay({ to: locked.url, dataDir: source.dataDir, skipRejected: true });
    assert.equal(stopped.stop.state, 'failed');
    assert.match((stopped.stop as { message: string }).message, /answered 401.*pass --api-key/);
  });

  it('draws a progress bar on a terminal, ending with the whole count', async () => {
    const source = await start();
    const target = await start();
    await postAll(
      source,
      Array.from({ length: 3 }, (_, i) => eventAt(i)),
    );
    const err: string[] = [];
    const code = await runReplay(['--to', target.url, '--data', source.dataDir], {
      out: () => undefined,
      err: (s) => err.push(s),
      env: {},
      isTTY: true,
    });
    assert.equal(code, 0);
    assert.match(err.join(''), /^\r\[#+-*\] \d+% \d\/3 events(?:\r\[[#-]+\] \d+% \d\/3 events)*\r\[#{30}\] 100% 3\/3 events\n$/);
  });

  it('--since passes over earlier events', async () => {
    const source = await start();
    const target = await start();
    await postAll(
      source,
      Array.from({ length: 6 }, (_, i) => eventAt(i)),
    );
    const result = await replay({ to: target.url, dataDir: source.dataDir, since: Date.parse('2024-10-15T00:00:04Z') });
    assert.deepEqual([result.posted, result.passed], [2, 4]);
    assert.deepEqual(storedLines(target), storedLines(source).slice(4));
  });

  it('parses its arguments, refuses a URL with credentials, and draws a progress bar', () => {
    assert.deepEqual(parseReplayArgs([]), { ok: false, message: '--to URL is required.' });
    assert.deepEqual(parseReplayArgs(['--to', 'http://m:5000', '--since', 'yesterday']), {
      ok: false,
      message: '--since must be an ISO 8601 time such as 2024-10-15T08:00:00Z, not "yesterday".',
    });
    const parsed = parseReplayArgs(['--to=http://m:5000', '--since', '2024-10-15T08:00:00'], { LINEAGE_LENS_REPLAY_API_KEY: 'x' });
    assert.ok(parsed.ok);
    assert.equal(parsed.options.since, Date.parse('2024-10-15T08:00:00Z'));
    assert.equal(parsed.options.apiKey, 'x');
    assert.equal(lineageUrl('http://m:5000/').href, 'http://m:5000/api/v1/lineage');
    assert.equal(lineageUrl('https://m/api/v1/lineage').href, 'https://m/api/v1/lineage');
    assert.throws(() => lineageUrl('http://user:pw@m:5000'), /no credentials in the URL/);
    assert.equal(progressBar({ done: 5, total: 20, posted: 5, passed: 0, rejected: 0 }, 8), '[##------] 25% 5/20 events');
  });
});

describe('serve --import', () => {
  afterEach(async () => {
    await Promise.all(endpoints.splice(0).map((e) => e.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('imports gzip JSON lines, a JSON array and a single event, validated like posts, and not twice', async () => {
    const files = tempDir();
    mkdirSync(join(files, 'nested'));
    const lines = [eventAt(0), eventAt(1), { ...eventAt(2), eventType: 'BEGIN' }, eventAt(3)].map((e) => JSON.stringify(e));
    lines.splice(2, 0, '{not json');
    writeFileSync(join(files, 'a.jsonl.gz'), gzipSync(`${lines.join('\n')}\n`));
    writeFileSync(join(files, 'nested', 'b.json'), JSON.stringify([eventAt(4), eventAt(5)], null, 2));
    writeFileSync(join(files, 'nested', 'c.json'), JSON.stringify(eventAt(6), null, 2));
    writeFileSync(join(files, 'nested', 'd.json'), JSON.stringify({ events: [eventAt(7)], totalCount: 1 }));
    writeFileSync(join(files, 'notes.txt'), 'not an event file');
    const dataDir = tempDir();
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: () => undefined, env: {}, stopSignal: () => Promise.resolve('SIGTERM') };
    assert.equal(await runServe(['--port', '0', '--data', dataDir, '--import', files], io), 0);
    const text = out.join('');
    assert.match(text, /Imported 7 events from 4 files; 2 refused:\n/);
    assert.match(text, /a\.jsonl\.gz:3: not JSON/);
    assert.match(text, /a\.jsonl\.gz:4: Invalid OpenLineage RunEvent: eventType must be one of "START"/);

    const endpoint = await start({ dataDir, importFrom: [files] });
    assert.equal(endpoint.eventCount(), 7);
    assert.deepEqual(endpoint.startup.imported?.alreadyImported.length, 4);
    const runs = (await getJson(endpoint, '/namespaces/bulk/jobs/job_3/runs')) as { runs: { state: string }[] };
    assert.deepEqual(
      runs.runs.map((r) => r.state),
      ['COMPLETED'],
    );
  });

  it('stores what an imported event breaks of the spec with it, as for a posted event', async () => {
    const files = tempDir();
    const { schemaURL: _dropped, ...lenient } = eventAt(0) as { schemaURL?: unknown } & Record<string, unknown>;
    writeFileSync(join(files, 'one.json'), JSON.stringify(lenient));
    const endpoint = await start({ importFrom: [files] });
    assert.equal(endpoint.eventCount(), 1);
    assert.match(storedLines(endpoint)[0]!, /"x-lineage-lens-deviations":\[\{"path":"[^"]*","message":"[^"]*schemaURL/);
  });

  it('says which path cannot be read', async () => {
    await assert.rejects(
      start({ importFrom: [join(tmpdir(), 'no-such-events-dir')] }),
      /Cannot import .*no-such-events-dir: no such file or directory/,
    );
  });
});
