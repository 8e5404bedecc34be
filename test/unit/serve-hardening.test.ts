/**
 * The local endpoint against hostile input (issue 11): events nested too deep, stored lines the model cannot
 * use, search patterns that made the old regex backtrack, requests from web pages (Content-Type, Origin, Host /
 * DNS rebinding), the read key, the lock taken by two endpoints at once or a file the endpoint did not write,
 * and listing pages too large to answer.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LocalEndpointError,
  MAX_JSON_DEPTH,
  startLocalEndpoint,
  type LocalEndpoint,
  type LocalEndpointOptions,
} from '../../server/src/serve';
import { ReadApi, MAX_QUERY_LENGTH } from '../../server/src/serve/api';
import { likeMatches, likePattern } from '../../server/src/serve/like';
import { SERVE_USAGE } from '../../server/src/serve/cli';
import { hostAllowed, isJsonContentType } from '../../server/src/serve/http';
import { jsonDepthExceeds } from '../../common/json-depth';
import { jsonEqual } from '../../server/src/serve/json';
import { StoredLineage } from '../../server/src/serve/model';
import { LOCK_FILE } from '../../server/src/serve/data-dir';
import { EVENTS_FILE, EventStore } from '../../server/src/serve/store';
import { simpleEvent, uuidFor } from '../fixtures/serve/events';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: unknown;
}

/** One request over node:http, so that any header (Host included) goes out as given. */
function send(
  endpoint: LocalEndpoint,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const url = new URL(endpoint.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: text ? (JSON.parse(text) as unknown) : undefined });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const JSON_TYPE = { 'Content-Type': 'application/json' };
const post = (endpoint: LocalEndpoint, event: unknown, headers: Record<string, string> = JSON_TYPE) =>
  send(endpoint, 'POST', '/api/v1/lineage', { headers, body: typeof event === 'string' ? event : JSON.stringify(event) });
const get = (endpoint: LocalEndpoint, path: string, headers: Record<string, string> = {}) => send(endpoint, 'GET', path, { headers });

/** A RunEvent whose run facet `deep` nests `levels` objects (the event itself being level 1, the facet level 4). */
function deepEvent(runId: string, job: string, levels: number): string {
  const event = simpleEvent(runId, job);
  const text = JSON.stringify({ ...event, run: { runId, facets: { deep: { _producer: 'https://p', _schemaURL: 'https://s', x: '@' } } } });
  const inner = levels - 4;
  return text.replace('"@"', `${'{"a":'.repeat(inner)}1${'}'.repeat(inner)}`);
}

describe('serve hardening: nesting depth', function () {
  this.timeout(30_000);
  let dir: string;
  let endpoint: LocalEndpoint | undefined;
  const logs: string[] = [];
  const start = async (options: LocalEndpointOptions = {}) =>
    (endpoint = await startLocalEndpoint({ port: 0, dataDir: dir, log: (m) => logs.push(m), ...options }));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'serve-hard-'));
    logs.length = 0;
  });
  afterEach(async () => {
    await endpoint?.close();
    endpoint = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a 30 KB event nesting 5,000 levels with a 400 naming the limit, and keeps answering reads and restarting', async () => {
    const e = await start();
    assert.equal((await post(e, simpleEvent(uuidFor(1), 'ok_job'))).status, 201);
    const deep = deepEvent(uuidFor(2), 'deep_job', 5000);
    assert.ok(deep.length < 40_000);
    const reply = await post(e, deep);
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body, {
      code: 400,
      error: `The event nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep, the endpoint's limit; flatten the facet that nests so deep.`,
      field: '',
    });
    assert.equal(e.eventCount(), 1);
    for (const path of [
      '/api/v1/namespaces/bulk/jobs/ok_job',
      `/api/v1/jobs/runs/${uuidFor(1)}`,
      `/api/v1/jobs/runs/${uuidFor(1)}/facets?type=run`,
      '/api/v1/events/lineage',
      '/api/v1/namespaces/bulk/jobs',
    ]) {
      assert.equal((await get(e, path)).status, 200, path);
    }
    assert.equal((await get(e, '/api/v1/namespaces/bulk/jobs/deep_job')).status, 404);
    await e.close();
    const again = await start();
    assert.equal(again.startup.events, 1);
    assert.equal(again.startup.snapshot.state, 'used');
  });

  it(`accepts an event nested exactly ${MAX_JSON_DEPTH} levels and refuses one level more`, async () => {
    const e = await start();
    assert.equal((await post(e, deepEvent(uuidFor(3), 'at_limit', MAX_JSON_DEPTH))).status, 201);
    assert.equal((await post(e, deepEvent(uuidFor(4), 'over_limit', MAX_JSON_DEPTH + 1))).status, 400);
    const job = (await get(e, '/api/v1/namespaces/bulk/jobs/at_limit')).body as { latestRun: { facets: Record<string, unknown> } };
    assert.ok(job.latestRun.facets.deep);
  });

  it('measures depth on the raw text: brackets inside strings (escaped quotes included) do not count', () => {
    assert.equal(jsonDepthExceeds('{"a":"[[[[[[{{{{\\"[[[[[[["}', 2), false);
    assert.equal(jsonDepthExceeds(Buffer.from('{"a":[[1]]}'), 2), true);
    assert.equal(jsonDepthExceeds(Buffer.from('{"é":"\\\\","b":[{}]}'), 3), false);
    assert.equal(jsonDepthExceeds('['.repeat(1_000_000), 64), true);
  });

  it('compares facets of any depth without exhausting the stack', () => {
    const nest = (n: number, leaf: unknown) => {
      let v: unknown = leaf;
      for (let i = 0; i < n; i++) v = { a: v, b: [i] };
      return v;
    };
    assert.equal(jsonEqual(nest(100_000, 1), nest(100_000, 1)), true);
    assert.equal(jsonEqual(nest(100_000, 1), nest(100_000, 2)), false);
    assert.equal(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }), true);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, b: undefined }), false);
    assert.equal(jsonEqual([1, 2], { 0: 1, 1: 2 }), false);
  });

  it('starts when the events file holds a line nesting 5,000 levels (stored by an older version): skips it with a warning naming the line', async () => {
    const good = (i: number) => JSON.stringify(simpleEvent(uuidFor(i), `job_${i}`));
    writeFileSync(join(dir, EVENTS_FILE), `${good(1)}\n${deepEvent(uuidFor(2), 'deep_job', 5000)}\n${good(3)}\n`);
    const e = await start();
    assert.equal(e.startup.events, 2);
    assert.equal(e.startup.skipped, 1);
    assert.ok(
      logs.some((m) => /line 2 of .*events\.jsonl: it nests more than 64 levels deep/.test(m)),
      logs.join('\n'),
    );
    assert.equal((await get(e, '/api/v1/namespaces/bulk/jobs/job_3')).status, 200);
    assert.equal((await get(e, '/api/v1/events/lineage')).status, 200);
    await e.close();
    assert.equal((await start()).startup.events, 2);
  });
});

describe('serve hardening: stored lines the model cannot use', function () {
  this.timeout(30_000);
  let dir: string;
  const logs: string[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'serve-hard-'));
    logs.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('skips {}, {"run":{}}, inputs [null] and the like with a warning per line, counts them, and keeps every other line', async () => {
    const good = (i: number) => JSON.stringify(simpleEvent(uuidFor(i), `job_${i}`));
    const bad = [
      '{}',
      '{"run":{}}',
      JSON.stringify({ ...simpleEvent(uuidFor(9), 'nulls'), inputs: [null] }),
      JSON.stringify({ ...simpleEvent(uuidFor(10), 'num'), job: { namespace: 1, name: 'x' } }),
      JSON.stringify({ eventTime: '2024-01-01T00:00:00Z', dataset: { namespace: 'x' } }),
      '[1,2]',
      'not json',
    ];
    writeFileSync(join(dir, EVENTS_FILE), `${good(1)}\n${bad.join('\n')}\n${good(2)}\n`);
    const e = await startLocalEndpoint({ port: 0, dataDir: dir, log: (m) => logs.push(m) });
    try {
      assert.equal(e.startup.events, 2);
      assert.equal(e.startup.skipped, bad.length);
      for (let line = 2; line <= bad.length + 1; line++)
        assert.ok(
          logs.some((m) => m.includes(`Skipped line ${line} of `)),
          `line ${line}: ${logs.join('\n')}`,
        );
      assert.ok(
        logs.some((m) => /line 4 .*inputs must be a list of datasets/.test(m)),
        logs.join('\n'),
      );
      assert.equal((await get(e, '/api/v1/namespaces/bulk/jobs/job_2')).status, 200);
      assert.equal(((await get(e, '/api/v1/events/lineage')).body as { totalCount: number }).totalCount, 2);
    } finally {
      await e.close();
    }
    assert.equal(
      readFileSync(join(dir, EVENTS_FILE), 'utf8').split('\n').filter(Boolean).length,
      bad.length + 2,
      'no line is removed from the file',
    );
  });

  it('model.apply refuses (without throwing) an event lacking what it reads', () => {
    const model = new StoredLineage();
    assert.equal(model.apply('RunEvent', {}), false);
    assert.equal(model.apply('RunEvent', { run: {} }), false);
    assert.equal(model.apply('RunEvent', { ...simpleEvent(uuidFor(1), 'j'), inputs: [null] }), false);
    assert.equal(model.apply('JobEvent', { job: { namespace: 'n', name: 'j' }, outputs: 'x' }), false);
    assert.equal(model.apply('DatasetEvent', { dataset: null }), false);
    assert.equal(model.eventCount, 0);
    assert.equal(model.apply('RunEvent', simpleEvent(uuidFor(1), 'j')), true);
    assert.equal(model.jobs.size, 1);
  });

  it("keeps a facet named __proto__ as data, not as the prototype of the job's facets", async () => {
    const e = await startLocalEndpoint({ port: 0, dataDir: dir });
    try {
      const event = simpleEvent(uuidFor(1), 'proto_job');
      const text = JSON.stringify({
        ...event,
        job: {
          namespace: 'bulk',
          name: 'proto_job',
          facets: { PROTO: { _producer: 'https://p', _schemaURL: 'https://s', polluted: true } },
        },
      }).replace('"PROTO"', '"__proto__"');
      assert.equal((await post(e, text)).status, 201);
      assert.equal((await post(e, text)).status, 201);
      const job = (await get(e, '/api/v1/namespaces/bulk/jobs/proto_job')).body as { facets: Record<string, unknown> };
      assert.deepEqual(Object.keys(job.facets), ['__proto__']);
      assert.equal((job.facets.__proto__ as { polluted: boolean }).polluted, true);
    } finally {
      await e.close();
    }
  });
});

describe('serve hardening: search', () => {
  let dir: string;
  let endpoint: LocalEndpoint;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'serve-hard-'));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    assert.equal((await post(endpoint, simpleEvent(uuidFor(1), 'a'.repeat(50)))).status, 201);
  });
  after(async () => {
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers q=%_%_%_%_%_%_%_%_%# against 50-character names at once (it used to block for > 20 s)', async () => {
    const started = performance.now();
    const reply = await get(endpoint, `/api/v1/search?q=${encodeURIComponent('%_%_%_%_%_%_%_%_%#')}`);
    const ms = performance.now() - started;
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { totalCount: 0, results: [] });
    assert.ok(ms < 500, `${ms} ms`);
  });

  it(`refuses a q longer than ${MAX_QUERY_LENGTH} characters`, async () => {
    const reply = await get(endpoint, `/api/v1/search?q=${'%_'.repeat(200)}`);
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body, { code: 400, message: `query param q must be at most ${MAX_QUERY_LENGTH} characters, not 400` });
    assert.equal((await get(endpoint, `/api/v1/search?q=${'a'.repeat(MAX_QUERY_LENGTH)}`)).status, 200);
  });

  it('matches as SQL LIKE did (%, _, case-insensitive, whole name)', () => {
    const cases: [string, string, boolean][] = [
      ['orders', 'orders', true],
      ['orders', 'Orders', true],
      ['orders', 'orders2', false],
      ['%ders', 'orders', true],
      ['ord%', 'orders', true],
      ['o_ders', 'orders', true],
      ['o_ders', 'oders', false],
      ['%r%r%r%', 'orders', false],
      ['%r%r%', 'orders', true],
      ['%r%s', 'orders', true],
      ['%d%r%', 'orders', true],
      ['a%a', 'a', false],
      ['a%a', 'aa', true],
      ['%', '', true],
      ['_', '', false],
      ['%_%_%', 'ab', true],
      ['%_%_%', 'a', false],
      ['%aab', 'aaab', true],
      ['a%b%c', 'abbbc', true],
      ['a%b%c', 'acb', false],
      ['%.%', 'a.b', true],
      ['%.%', 'ab', false],
      ['x%', 'x\ny', true],
      ['%_%_%_%_%_%_%_%_%#', 'a'.repeat(50), false],
      ['%_%_%_%_%_%_%_%_%#', `${'a'.repeat(50)}#`, true],
      ['ÉTÉ', 'été', true],
      ['%[a]%', 'x[a]y', true],
    ];
    for (const [pattern, name, expected] of cases)
      assert.equal(likeMatches(likePattern(pattern), name), expected, `${pattern} ~ ${JSON.stringify(name)}`);
  });

  it('agrees with the regular expression it replaces on 20,000 generated ASCII patterns and names', async () => {
    const { mulberry32 } = (await import('../../scripts/prng.mjs')) as { mulberry32: (seed: number) => () => number };
    const rng = mulberry32(11);
    const pick = (alphabet: string, max: number) =>
      Array.from({ length: Math.floor(rng() * max) }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('');
    for (let i = 0; i < 20_000; i++) {
      const pattern = pick('ab%_A.', 7) || '%';
      const name = pick('abAB.', 8);
      const old = new RegExp(
        `^${[...pattern].map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
        'is',
      );
      assert.equal(likeMatches(likePattern(pattern), name), old.test(name), `${pattern} ~ ${name}`);
    }
  });
});

describe('serve hardening: requests from browsers', () => {
  let dir: string;
  let endpoint: LocalEndpoint;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'serve-hard-'));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
  });
  afterEach(async () => {
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses events sent as text/plain, form types or without Content-Type with a 415 saying what to send, and stores nothing', async () => {
    const event = simpleEvent(uuidFor(1), 'job');
    for (const type of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      undefined,
    ]) {
      const reply = await post(endpoint, event, type === undefined ? {} : { 'Content-Type': type });
      assert.equal(reply.status, 415, String(type));
      assert.match((reply.body as { message: string }).message, /^Send the event with "Content-Type: application\/json" \(got /);
    }
    assert.equal(endpoint.eventCount(), 0);
  });

  it('accepts application/json with parameters (the Java client sends charset=UTF-8) and application/*+json', async () => {
    const types = [
      'application/json',
      'application/json; charset=UTF-8',
      'Application/JSON;charset=utf-8',
      'application/vnd.openlineage+json',
    ];
    for (const [i, type] of types.entries())
      assert.equal((await post(endpoint, simpleEvent(uuidFor(i + 1), 'job'), { 'Content-Type': type })).status, 201, type);
    assert.equal(endpoint.eventCount(), types.length);
    assert.equal(isJsonContentType('application/jsonp'), false);
    assert.equal(isJsonContentType('text/json'), false);
  });

  it('refuses requests from a web page of another origin with a 403, and answers its own origin and non-browser clients', async () => {
    const event = simpleEvent(uuidFor(1), 'job');
    for (const origin of ['https://evil.example', 'null', `http://localhost:${endpoint.port + 1}`]) {
      const write = await post(endpoint, event, { ...JSON_TYPE, Origin: origin });
      assert.equal(write.status, 403, origin);
      assert.match((write.body as { message: string }).message, /Requests from web pages of other origins/);
      assert.equal((await get(endpoint, '/api/v1/namespaces', { Origin: origin })).status, 403);
    }
    assert.equal(endpoint.eventCount(), 0);
    assert.equal((await get(endpoint, '/api/v1/namespaces', { Origin: endpoint.url })).status, 200);
    assert.equal((await get(endpoint, '/api/v1/namespaces')).status, 200);
  });

  it('refuses a Host that does not name the endpoint (DNS rebinding) with a 421, and answers localhost, 127.0.0.1 and [::1]', async () => {
    const port = endpoint.port;
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      '127.0.0.1:99999',
    ]) {
      const reply = await get(endpoint, '/api/v1/namespaces', { Host: host });
      assert.equal(reply.status, 421, host);
      assert.match((reply.body as { message: string }).message, /does not name this lineage endpoint/);
      assert.equal((await post(endpoint, simpleEvent(uuidFor(1), 'job'), { ...JSON_TYPE, Host: host })).status, 421);
    }
    assert.equal(endpoint.eventCount(), 0);
    // Any port: a reverse proxy on this machine (Marquez's web UI server) forwards its own Host, localhost:3000.
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`, 'localhost:3000', 'localhost']) {
      assert.equal((await get(endpoint, '/api/v1/namespaces', { Host: host })).status, 200, host);
    }
  });

  it('knows which Host names a bound address', () => {
    assert.equal(hostAllowed('127.0.0.1:5000', { host: '127.0.0.1', port: 5000 }), true);
    assert.equal(hostAllowed('10.1.2.3:5000', { host: '127.0.0.1', port: 5000 }), false);
    assert.equal(hostAllowed('lineage.corp:5000', { host: 'lineage.corp', port: 5000 }), true);
    assert.equal(hostAllowed('10.1.2.3:5000', { host: '10.1.2.3', port: 5000 }), true);
    assert.equal(hostAllowed('evil.example:5000', { host: '10.1.2.3', port: 5000 }), false);
    assert.equal(hostAllowed('10.1.2.3:5000', { host: '0.0.0.0', port: 5000 }), true);
    assert.equal(hostAllowed('[fe80::1]:5000', { host: '::', port: 5000 }), true);
    assert.equal(hostAllowed('evil.example:5000', { host: '0.0.0.0', port: 5000 }), false);
    assert.equal(hostAllowed('localhost:80', { host: '127.0.0.1', port: 80 }), true);
    assert.equal(hostAllowed('localhost', { host: '127.0.0.1', port: 80 }), true);
    assert.equal(hostAllowed('a:b:5000', { host: '127.0.0.1', port: 5000 }), false);
    assert.equal(hostAllowed('127.0.0.1:3000', { host: '127.0.0.1', port: 5000 }), true);
  });
});

describe('serve hardening: readApiKey', () => {
  let dir: string;
  let endpoint: LocalEndpoint | undefined;
  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'serve-hard-'));
  });
  afterEach(async () => {
    await endpoint?.close();
    endpoint = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('needs the read key for every read, but not for posting events', async () => {
    const e = (endpoint = await startLocalEndpoint({ port: 0, dataDir: dir, readApiKey: 'read-secret' }));
    assert.equal((await post(e, simpleEvent(uuidFor(1), 'job'))).status, 201);
    for (const path of [
      '/api/v1/namespaces',
      '/api/v1/events/lineage',
      '/api/v1/search?q=job',
      '/api/v1/lineage?nodeId=job:bulk:job',
      '/api/v1/nope',
    ]) {
      const missing = await get(e, path);
      assert.equal(missing.status, 401, path);
      assert.equal(missing.headers['www-authenticate'], 'Bearer');
      assert.equal((await get(e, path, bearer('wrong'))).status, 401);
    }
    assert.equal((await get(e, '/api/v1/namespaces', bearer('read-secret'))).status, 200);
    assert.equal((await get(e, '/api/v1/namespaces/bulk/jobs/job', bearer('read-secret'))).status, 200);
  });

  it('with apiKey too: either key opens reads, and posting needs the apiKey', async () => {
    const e = (endpoint = await startLocalEndpoint({ port: 0, dataDir: dir, apiKey: 'main-secret', readApiKey: 'read-secret' }));
    assert.equal((await post(e, simpleEvent(uuidFor(1), 'job'))).status, 401);
    assert.equal((await post(e, simpleEvent(uuidFor(1), 'job'), { ...JSON_TYPE, ...bearer('read-secret') })).status, 401);
    assert.equal((await post(e, simpleEvent(uuidFor(1), 'job'), { ...JSON_TYPE, ...bearer('main-secret') })).status, 201);
    assert.equal((await get(e, '/api/v1/namespaces', bearer('read-secret'))).status, 200);
    assert.equal((await get(e, '/api/v1/namespaces', bearer('main-secret'))).status, 200);
    assert.equal((await get(e, '/api/v1/namespaces')).status, 401);
  });
});

describe('serve hardening: lock', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'serve-hard-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('of two endpoints started together on one directory, exactly one runs (20 tries)', async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const results = await Promise.allSettled([
        startLocalEndpoint({ port: 0, dataDir: dir }),
        startLocalEndpoint({ port: 0, dataDir: dir }),
      ]);
      const running = results.filter((r): r is PromiseFulfilledResult<LocalEndpoint> => r.status === 'fulfilled').map((r) => r.value);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      for (const endpoint of running) await endpoint.close();
      assert.equal(running.length, 1, `attempt ${attempt}: ${running.length} endpoints ran`);
      assert.ok(refused[0]!.reason instanceof LocalEndpointError);
      assert.equal((refused[0]!.reason as LocalEndpointError).code, 'locked');
      assert.equal(existsSync(join(dir, LOCK_FILE)), false);
    }
  });

  it('never takes a lock being created (still empty) for a dead one: it waits for the pid, and refuses a live owner', async () => {
    const path = join(dir, LOCK_FILE);
    // Another endpoint (here the parent process, alive) has created the lock and is about to write its pid.
    writeFileSync(path, '');
    const written = new Promise<void>((resolve) =>
      setTimeout(() => {
        writeFileSync(path, `${process.ppid}\n`);
        resolve();
      }, 30),
    );
    await assert.rejects(
      EventStore.open(dir),
      (error: Error & { code: string }) => error.code === 'locked' && error.message.includes(`(process ${process.ppid})`),
    );
    await written;
    assert.equal(readFileSync(path, 'utf8'), `${process.ppid}\n`);
  });

  it('leaves a file named lock that no endpoint wrote alone, and says so', async () => {
    const path = join(dir, LOCK_FILE);
    writeFileSync(path, 'my lock notes\n');
    await assert.rejects(startLocalEndpoint({ port: 0, dataDir: dir }), (error: LocalEndpointError) => {
      assert.equal(error.code, 'locked');
      assert.equal(
        error.message,
        `The data directory ${dir} has a file named "lock" that no lineage endpoint wrote (${path}). Move or remove it if nothing needs it, or choose another directory with --data DIR.`,
      );
      return true;
    });
    assert.equal(readFileSync(path, 'utf8'), 'my lock notes\n');
  });

  it("takes over the lock of a process that is gone, in this version's format and the older one", async () => {
    for (const text of ['999999999\n', `${JSON.stringify({ owner: 'lineage-lens endpoint', pid: 999999999 })}\n`]) {
      writeFileSync(join(dir, LOCK_FILE), text);
      const e = await startLocalEndpoint({ port: 0, dataDir: dir });
      assert.equal(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid, process.pid);
      await e.close();
    }
  });
});

describe('serve hardening: page sizes', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'serve-hard-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('ends an events page early at the answer budget, keeps totalCount, and paging by what came gets every event once', async () => {
    const store = await EventStore.open(dir);
    try {
      await store.load(() => 0);
      const lines: string[] = [];
      for (let i = 0; i < 30; i++) {
        const line = JSON.stringify(simpleEvent(uuidFor(i), `job_${i}`, 'START', new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString()));
        lines.push(line);
        await store.append(line, Date.UTC(2024, 0, 1, 0, i));
      }
      const budget = lines[0]!.length * 4;
      const api = new ReadApi(new StoredLineage(), store, { answerBudget: budget });
      const seen: string[] = [];
      for (let offset = 0, pages = 0; offset < 30; pages++) {
        assert.ok(pages < 30);
        const answer = await api.get(['events', 'lineage'], new URLSearchParams(`sortDirection=asc&limit=100&offset=${offset}`));
        assert.equal(answer.status, 200);
        const body = JSON.parse(answer.raw!) as { events: { run: { runId: string } }[]; totalCount: number };
        assert.equal(body.totalCount, 30);
        assert.ok(body.events.length >= 1 && body.events.length <= 5, String(body.events.length));
        assert.ok(answer.raw!.length < budget * 2);
        if (offset + body.events.length < 30) assert.equal(answer.headers?.['X-Lineage-Lens-Truncated'], 'true');
        seen.push(...body.events.map((e) => e.run.runId));
        offset += body.events.length;
      }
      assert.deepEqual(
        seen,
        lines.map((_, i) => uuidFor(i)),
      );
    } finally {
      await store.close();
    }
  });

  it('ends job listings early at the answer budget too', () => {
    const model = new StoredLineage();
    for (let i = 0; i < 50; i++) model.apply('RunEvent', simpleEvent(uuidFor(i), `job_${String(i).padStart(2, '0')}`));
    const api = new ReadApi(model, { page: () => Promise.resolve({ lines: [], totalCount: 0 }) }, { answerBudget: 5000 });
    return api.get(['namespaces', 'bulk', 'jobs'], new URLSearchParams('limit=10000')).then((answer) => {
      const body = JSON.parse(answer.raw!) as { jobs: { name: string }[]; totalCount: number };
      assert.equal(body.totalCount, 50);
      assert.ok(body.jobs.length > 0 && body.jobs.length < 50);
      assert.equal(body.jobs[0]!.name, 'job_00');
      assert.equal(answer.headers?.['X-Lineage-Lens-Truncated'], 'true');
    });
  });
});

describe('serve hardening: usage', () => {
  it('says LINEAGE_LENS_API_KEY is preferred to --api-key, which other users see in ps', () => {
    assert.match(
      SERVE_USAGE,
      /Prefer setting LINEAGE_LENS_API_KEY instead: command\s+line arguments are visible to other users of this machine \(ps\)/,
    );
    assert.match(SERVE_USAGE, /Content-Type: application\/json/);
  });
});

describe('serve hardening: found by fuzzing', () => {
  it('reads the lineage of a job whose namespace starts with a newline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-hard-'));
    const e = await startLocalEndpoint({ port: 0, dataDir: dir });
    try {
      const event = { ...simpleEvent(uuidFor(1), 'job'), job: { namespace: '\nns', name: 'job' } };
      assert.equal((await post(e, event)).status, 201);
      const reply = await get(e, `/api/v1/lineage?nodeId=${encodeURIComponent('job:\nns:job')}`);
      assert.equal(reply.status, 200, reply.text);
    } finally {
      await e.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
