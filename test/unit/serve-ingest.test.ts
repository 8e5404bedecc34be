/**
 * Ingest as Marquez ingests: compressed bodies (gzip, deflate; unknown encodings and zip bombs refused), the
 * body limit and its 413 read by a real client after the body was drained, `--max-body` parsing, and the
 * leniency (a missing schemaURL, an offset-less time) with each deviation recorded in the stored event, shown in
 * `GET /api/v1/events/lineage`, kept across a restart, and refused with `--strict`.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { parseByteSize, startLocalEndpoint, type LocalEndpoint, type LocalEndpointChange } from '../../server/src/serve';
import { parseServeArgs } from '../../server/src/serve/cli';
import { simpleEvent, uuidFor } from '../fixtures/serve/events';

type Json = Record<string, unknown>;
const LIMIT = 64 * 1024;

/** Posts raw bytes with node:http; the status and body, or status 0 and the socket error. */
function post(
  endpoint: LocalEndpoint,
  body: Buffer,
  headers: Record<string, string | number> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(
      `${endpoint.url}/api/v1/lineage`,
      { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, body: error.code ?? error.message }));
    req.end(body);
  });
}

/**
 * Posts as Python's http.client does: the request line, headers and the whole body are written before anything
 * is read. The answer's status line, or the error writing or reading met (a reset when the server closed early).
 */
function postThenRead(endpoint: LocalEndpoint, body: Buffer, contentType = 'application/json'): Promise<string> {
  const url = new URL(endpoint.url);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    let failed: string | undefined;
    socket.on('error', (error: NodeJS.ErrnoException) => (failed ??= error.code ?? error.message));
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('close', () => resolve(failed ?? Buffer.concat(received).toString('latin1').split('\r\n', 1)[0]!));
    const head = `POST /api/v1/lineage HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    socket.write(Buffer.concat([Buffer.from(head), body]), (error) => {
      if (error) failed ??= (error as NodeJS.ErrnoException).code ?? error.message;
    });
  });
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

async function events(endpoint: LocalEndpoint): Promise<Json[]> {
  const response = await fetch(`${endpoint.url}/api/v1/events/lineage?sortDirection=asc`);
  return ((await response.json()) as { events: Json[] }).events;
}

describe('serve: ingest as Marquez ingests', () => {
  let dir: string;
  let endpoint: LocalEndpoint;
  const start = async (options: { strict?: boolean } = {}) =>
    (endpoint = await startLocalEndpoint({ port: 0, dataDir: dir, maxBodyBytes: LIMIT, snapshots: false, ...options }));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'serve-ingest-'));
    await start();
  });
  afterEach(async () => {
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('Content-Encoding', () => {
    it('accepts gzip and deflate (zlib or raw) bodies and stores the decoded event as one line', async () => {
      const a = simpleEvent(uuidFor(1), 'gz');
      const b = simpleEvent(uuidFor(2), 'df');
      const c = simpleEvent(uuidFor(3), 'raw');
      assert.deepEqual(await post(endpoint, gzipSync(json(a)), { 'Content-Encoding': 'gzip' }), { status: 201, body: '' });
      assert.deepEqual(await post(endpoint, deflateSync(json(b)), { 'Content-Encoding': 'Deflate' }), { status: 201, body: '' });
      assert.deepEqual(await post(endpoint, deflateRawSync(json(c)), { 'Content-Encoding': 'deflate' }), { status: 201, body: '' });
      assert.deepEqual(await events(endpoint), [a, b, c]);
      assert.equal(readFileSync(join(dir, 'events.jsonl'), 'utf8'), `${JSON.stringify(a)}\n${JSON.stringify(b)}\n${JSON.stringify(c)}\n`);
    });

    it('refuses an unknown encoding with 415 naming it, and corrupt gzip with 400', async () => {
      const br = await post(endpoint, json(simpleEvent(uuidFor(1), 'j')), { 'Content-Encoding': 'br' });
      assert.deepEqual(br, {
        status: 415,
        body: JSON.stringify({
          code: 415,
          message: 'The body\'s Content-Encoding "br" is not supported: send it uncompressed, gzip or deflate.',
        }),
      });
      const corrupt = await post(endpoint, Buffer.from('not gzip at all'), { 'Content-Encoding': 'gzip' });
      assert.equal(corrupt.status, 400, corrupt.body);
      assert.match((JSON.parse(corrupt.body) as Json).message as string, /^The body is not valid gzip data: /);
      assert.equal(endpoint.eventCount(), 0);
    });

    it('answers 413 to a gzip bomb (16 MiB of spaces in 16 KiB) without inflating it all', async () => {
      const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, ' '));
      assert.ok(bomb.length < LIMIT);
      const reply = await post(endpoint, bomb, { 'Content-Encoding': 'gzip' });
      assert.equal(reply.status, 413, reply.body);
      assert.match(reply.body, /larger than the endpoint's limit of 64 KiB/);
      // The connection stays usable for the next event.
      assert.equal((await post(endpoint, gzipSync(json(simpleEvent(uuidFor(3), 'j'))), { 'Content-Encoding': 'gzip' })).status, 201);
    });
  });

  describe('the body limit', () => {
    it('reads an 8 MiB body away before answering 413, so the client gets the answer, not a reset', async () => {
      const big = Buffer.alloc(8 * 1024 * 1024, 'x');
      assert.equal(await postThenRead(endpoint, big), 'HTTP/1.1 413 Payload Too Large');
      const reply = await post(endpoint, big);
      assert.equal(reply.status, 413, reply.body);
      assert.match(reply.body, /raise it with --max-body/);
      // Sent chunked (no Content-Length), too.
      const chunked = await new Promise<number | string>((resolve) => {
        const req = request(
          `${endpoint.url}/api/v1/lineage`,
          { method: 'POST', headers: { 'Content-Type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
        for (let i = 0; i < 64; i++) req.write(Buffer.alloc(64 * 1024, 'y'));
        req.end();
      });
      assert.equal(chunked, 413);
      assert.equal(endpoint.eventCount(), 0);
    });

    it('reads the body away before refusing a request for what its headers say (401, 415), too', async () => {
      await endpoint.close();
      endpoint = await startLocalEndpoint({ port: 0, dataDir: dir, maxBodyBytes: LIMIT, snapshots: false, apiKey: 'k' });
      const body = Buffer.alloc(8 * 1024 * 1024, 'x');
      assert.equal(await postThenRead(endpoint, body), 'HTTP/1.1 401 Unauthorized');
      await endpoint.close();
      await start();
      assert.equal(await postThenRead(endpoint, body, 'text/plain'), 'HTTP/1.1 415 Unsupported Media Type');
    });

    it('parses --max-body sizes and says what is wrong with a bad one', () => {
      assert.deepEqual(parseByteSize('64MiB'), { ok: true, bytes: 64 * 1024 * 1024 });
      assert.deepEqual(parseByteSize('100MB'), { ok: true, bytes: 100_000_000 });
      assert.deepEqual(parseByteSize('1GB'), { ok: true, bytes: 1_000_000_000 });
      assert.deepEqual(parseByteSize('1.5 gib'), { ok: true, bytes: 1.5 * 1024 ** 3 });
      assert.deepEqual(parseByteSize('512k'), { ok: true, bytes: 512 * 1024 });
      assert.deepEqual(parseByteSize('65536'), { ok: true, bytes: 65536 });
      assert.deepEqual(parseByteSize('lots'), {
        ok: false,
        message: '"lots" is not a size: write a number of bytes or one with a unit, e.g. 64MiB, 100MB, 1GB.',
      });
      assert.deepEqual(parseByteSize('5TB'), {
        ok: false,
        message: '"5TB" is not a size: write a number of bytes or one with a unit, e.g. 64MiB, 100MB, 1GB.',
      });
      assert.deepEqual(parseByteSize('10'), { ok: false, message: '10 is out of range: use from 1KiB to 4GiB (e.g. 64MiB, the default).' });
      assert.deepEqual(parseServeArgs(['--max-body', '100MB', '--strict', '--fsync']), {
        ok: true,
        options: { maxBodyBytes: 100_000_000, strict: true, fsync: true },
        help: false,
      });
      assert.deepEqual(parseServeArgs(['--max-body=-1']), {
        ok: false,
        message: '--max-body: "-1" is not a size: write a number of bytes or one with a unit, e.g. 64MiB, 100MB, 1GB.',
      });
    });
  });

  describe('leniency and deviations', () => {
    const noSchemaUrl = () => {
      const e = simpleEvent(uuidFor(1), 'lenient');
      delete e.schemaURL;
      return e;
    };
    const SCHEMA_URL_DEVIATION = { path: 'schemaURL', message: 'schemaURL is required' };
    const OFFSETLESS_DEVIATION = {
      path: 'eventTime',
      message: 'eventTime must match format "date-time" (no UTC offset; read as UTC)',
    };

    it('accepts an event without schemaURL and with an offset-less eventTime, records both, and keeps them across a restart', async () => {
      const deviant: LocalEndpointChange['deviant'][] = [];
      endpoint.onDidChange((change) => deviant.push(change.deviant));
      const event = { ...noSchemaUrl(), eventTime: '2024-10-14T08:30:00' };
      assert.deepEqual(await post(endpoint, json(event)), { status: 201, body: '' });
      const valid = simpleEvent(uuidFor(2), 'valid');
      assert.deepEqual(await post(endpoint, json(valid)), { status: 201, body: '' });
      const expected = [{ ...event, 'x-lineage-lens-deviations': [SCHEMA_URL_DEVIATION, OFFSETLESS_DEVIATION] }, valid];
      assert.deepEqual(await events(endpoint), expected);
      // Read as UTC.
      const job = (await (await fetch(`${endpoint.url}/api/v1/namespaces/bulk/jobs/lenient`)).json()) as Json;
      assert.equal(job.updatedAt, '2024-10-14T08:30:00.000Z');
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(deviant.flat(), [
        {
          receivedAt: deviant.flat()[0]!.receivedAt,
          producer: 'https://github.com/apache/airflow/tree/providers-openlineage/2.6.0',
          subject: 'bulk/lenient',
          eventType: 'START',
          runId: uuidFor(1),
          deviations: [SCHEMA_URL_DEVIATION, OFFSETLESS_DEVIATION],
        },
      ]);
      await endpoint.close();
      await start();
      assert.deepEqual(await events(endpoint), expected);
    });

    it('recomputes deviations an event arrives with (relayed from another Lineage Lens)', async () => {
      const event = { ...simpleEvent(uuidFor(1), 'relayed'), 'x-lineage-lens-deviations': [SCHEMA_URL_DEVIATION] };
      assert.equal((await post(endpoint, json(event))).status, 201);
      const { ['x-lineage-lens-deviations']: _, ...received } = event;
      assert.deepEqual(await events(endpoint), [received]);
    });

    it('still refuses (422) what Marquez cannot use, naming the field', async () => {
      const reply = await post(endpoint, json({ ...noSchemaUrl(), job: { namespace: 'x' } }));
      assert.deepEqual(reply, {
        status: 422,
        body: JSON.stringify({ code: 422, error: 'Invalid OpenLineage RunEvent: job.name is required.', field: 'job.name' }),
      });
    });

    it('with --strict, refuses (422) every event that is not spec-valid, naming every problem', async () => {
      await endpoint.close();
      await start({ strict: true });
      const reply = await post(endpoint, json({ ...noSchemaUrl(), eventTime: '2024-10-14T08:30:00' }));
      assert.deepEqual(reply, {
        status: 422,
        body: JSON.stringify({
          code: 422,
          error: 'Invalid OpenLineage RunEvent (--strict: 2 problems): schemaURL is required; eventTime must match format "date-time".',
          field: 'schemaURL',
        }),
      });
      assert.equal((await post(endpoint, json(simpleEvent(uuidFor(2), 'valid')))).status, 201);
      assert.equal(endpoint.eventCount(), 1);
    });
  });
});
