/**
 * The endpoint transport (extension/src/endpoint/transport.ts) through the client, against the test server
 * (test/support/marquez-server.ts): every failure kind with its message (extension/src/endpoint/errors.ts),
 * one retry of reads only, cancellation, and the API key sent only to the configured origin.
 */
import assert from 'node:assert/strict';
import { MarquezClient } from '../../extension/src/endpoint/client';
import { EndpointError, type EndpointErrorKind } from '../../extension/src/endpoint/errors';
import { DEFAULT_MAX_RESPONSE_BYTES, type TransportOptions } from '../../extension/src/endpoint/transport';
import { AIRFLOW_NS, LOAD_JOB, RUN_EXTRACT, RUN_LOAD } from '../support/marquez-fixtures';
import {
  closedPortUrl,
  selfSignedCertificate,
  startMarquezServer,
  type MarquezTestServer,
  type RecordedRequest,
} from '../support/marquez-server';

/** Runs `promise`, expecting an EndpointError of `kind`; returns it for more assertions. */
async function rejection(promise: Promise<unknown>, kind: EndpointErrorKind): Promise<EndpointError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EndpointError, `expected an EndpointError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected kind ${kind}, got ${error.kind}: ${error.message}`);
    return error;
  }
  assert.fail(`expected an EndpointError of kind ${kind}, but the call succeeded`);
}

function apiRequests(server: MarquezTestServer): RecordedRequest[] {
  return server.requests.filter((r) => r.url.startsWith('/api/v1/') || r.url.startsWith('/moved/'));
}

describe('endpoint client: failures', function () {
  let server: MarquezTestServer;

  before(async () => {
    server = await startMarquezServer();
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  const client = (options: Partial<TransportOptions> = {}) => new MarquezClient({ baseUrl: server.url, retryDelayMs: 10, ...options });

  it('unreachable: nothing listens on the port', async () => {
    const url = await closedPortUrl();
    const error = await rejection(new MarquezClient({ baseUrl: url, retryDelayMs: 10 }).namespaces(), 'unreachable');
    assert.equal(error.code, 'ECONNREFUSED');
    assert.equal(
      error.message,
      `Cannot reach the endpoint ${url}: nothing listens on ${url.slice(7)}: is the lineage server running, and is the port right (Marquez's API usually listens on 5000)? (ECONNREFUSED)`,
    );
  });

  it('tls: https to a plain-http port', async () => {
    const error = await rejection(client({ baseUrl: server.url.replace('http:', 'https:') }).namespaces(), 'tls');
    assert.match(
      error.message,
      /^The secure connection to 127\.0\.0\.1:\d+ failed: it does not speak TLS on that port \(is it plain http\?\)/,
    );
    assert.match(error.message, /Check the scheme and port in lineageLens\.endpoint\.url/);
  });

  it('tls: a self-signed certificate', async function () {
    const tls = selfSignedCertificate();
    if (!tls) this.skip(); // No openssl to make a certificate with.
    const https = await startMarquezServer({ tls });
    try {
      const error = await rejection(new MarquezClient({ baseUrl: https.url }).namespaces(), 'tls');
      assert.equal(error.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      assert.match(error.message, /its certificate is not signed by an authority this machine trusts \(self-signed or a private CA\)/);
      assert.equal(https.requests.length, 0);
    } finally {
      await https.close();
    }
  });

  it('timeout: no answer within timeoutMs, and no retry', async () => {
    server.mode = 'slow';
    const error = await rejection(client({ timeoutMs: 150 }).namespaces(), 'timeout');
    assert.equal(
      error.message,
      `The endpoint ${server.url} did not answer GET ${server.url}/api/v1/namespaces within 150 ms. Check that the server is up and not overloaded, and that lineageLens.endpoint.url points at it; for a large lineage graph, ask for a smaller depth.`,
    );
    assert.equal(server.requests.length, 1);
  });

  it('unauthorized without a key: says to run "Lineage Lens: Set API Key"', async () => {
    server.requireApiKey = 'secret';
    const error = await rejection(client().namespaces(), 'unauthorized');
    assert.equal(error.status, 401);
    assert.equal(
      error.message,
      `The endpoint ${server.url} requires an API key (HTTP 401). The server said: "Missing API key". Run "Lineage Lens: Set API Key" to store one for ${server.url}; it is sent as "Authorization: Bearer <key>".`,
    );
    assert.equal(server.requests.length, 1, '4xx is not retried');
  });

  it('unauthorized with a wrong key: says the key was rejected', async () => {
    server.requireApiKey = 'secret';
    const error = await rejection(client({ apiKey: async () => 'wrong' }).namespaces(), 'unauthorized');
    assert.equal(
      error.message,
      `The endpoint ${server.url} rejected the API key (HTTP 401). The server said: "Invalid API key". Run "Lineage Lens: Set API Key" to enter a valid key for ${server.url}.`,
    );
    assert.equal(server.requests[0]!.headers.authorization, 'Bearer wrong');
  });

  it('forbidden: the key lacks permission', async () => {
    server.mode = 'forbidden';
    const error = await rejection(client({ apiKey: async () => 'reader' }).namespaces(), 'forbidden');
    assert.equal(error.status, 403);
    assert.match(
      error.message,
      /refused GET .*\/api\/v1\/namespaces with this API key \(HTTP 403\): the key lacks permission for it\. The server said: "API key has no access to this resource"\. Run "Lineage Lens: Set API Key" to use a key with read access/,
    );
  });

  it('not-found: a path that is not a lineage API says to point the URL at the API root', async () => {
    const error = await rejection(client({ baseUrl: `${server.url}/ui` }).namespaces(), 'not-found');
    assert.equal(
      error.message,
      `GET ${server.url}/ui/api/v1/namespaces answered HTTP 404: the path is not a lineage API. Check that lineageLens.endpoint.url points at the API root, e.g. http://host:5000 (Lineage Lens appends /api/v1/...).`,
    );
  });

  it("not-found: Marquez's generic 404 for an unknown API path means the same", async () => {
    // The base URL ends up as <server>/api/v1, so the client asks for /api/v1/api/v1/namespaces.
    const error = await rejection(client({ baseUrl: `${server.url}/api/v1/api/v1` }).namespaces(), 'not-found');
    assert.equal(error.serverMessage, 'HTTP 404 Not Found');
    assert.match(error.message, /the path is not a lineage API/);
  });

  it("not-found: a missing job says which, with the endpoint's own message", async () => {
    const error = await rejection(client().job(AIRFLOW_NS, 'orders_pipeline.missing'), 'not-found');
    assert.equal(
      error.message,
      'The endpoint has no job orders_pipeline.missing in namespace airflow-prod (HTTP 404). The server said: "Job \'orders_pipeline.missing\' not found."',
    );
    assert.equal(error.serverMessage, "Job 'orders_pipeline.missing' not found.");
  });

  it('not-json: an HTML page means the URL points at a web UI', async () => {
    server.mode = 'html';
    const error = await rejection(client().namespaces(), 'not-json');
    assert.equal(
      error.message,
      `GET ${server.url}/api/v1/namespaces answered with a web page (text/html; charset=utf-8), not JSON: lineageLens.endpoint.url probably points at a web UI or a proxy's login page. Set it to the API root instead, e.g. http://host:5000 (Marquez's API port, not its web UI on port 3000).`,
    );
  });

  it('not-json: a body that does not parse', async () => {
    const fetch: typeof globalThis.fetch = async () => new Response('{"graph": [', { headers: { 'content-type': 'application/json' } });
    const error = await rejection(client({ fetch }).lineage('job:a:b'), 'not-json');
    assert.match(
      error.message,
      /answered with application\/json that is not JSON \(.*\): lineageLens\.endpoint\.url probably points at something other than the lineage API/,
    );
  });

  it('invalid-response: JSON of another shape', async () => {
    const fetch: typeof globalThis.fetch = async () => Response.json({ status: 'UP' });
    const error = await rejection(client({ fetch }).lineage('job:a:b'), 'invalid-response');
    assert.match(error.message, /answered with JSON that is not a lineage graph \(it has no `graph` list\)/);
  });

  it('too-large: a streamed body over the limit is cut off while it arrives', async () => {
    server.mode = 'huge';
    server.hugeBytes = 200 * 1024 * 1024;
    const error = await rejection(client().namespaces(), 'too-large');
    assert.equal(
      error.message,
      `The answer to GET ${server.url}/api/v1/namespaces is larger than 20 MiB, so Lineage Lens stopped reading it. Ask for less: a smaller lineage depth, a narrower search, or a page limit.`,
    );
    assert.ok(server.hugeBytesSent < 100 * 1024 * 1024, `the server sent ${server.hugeBytesSent} bytes: the download was not cut off`);
    assert.equal(DEFAULT_MAX_RESPONSE_BYTES, 20 * 1024 * 1024);
  });

  it('too-large: a declared Content-Length over the limit fails before reading', async () => {
    let read = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          read = true;
          controller.enqueue(new Uint8Array(4096));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const fetch: typeof globalThis.fetch = async () =>
      new Response(body, { headers: { 'content-type': 'application/json', 'content-length': '4096' } });
    const error = await rejection(client({ fetch, maxResponseBytes: 1024 }).namespaces(), 'too-large');
    assert.match(error.message, /is larger than 1 KiB \(4 KiB\)/);
    assert.equal(read, false);
  });

  it('http: a 5xx that persists after the one retry', async () => {
    server.mode = 'error';
    const error = await rejection(client().namespaces(), 'http');
    assert.equal(error.status, 500);
    assert.equal(
      error.message,
      `GET ${server.url}/api/v1/namespaces failed with HTTP 500 Internal Server Error. The server said: "There was an error processing your request. It has been logged (ID 5d41402abc4b2a76)." The server failed (asked twice); try again later, or look at the lineage server's logs.`,
    );
    assert.equal(server.requests.length, 2);
  });

  it("http: other client errors with the endpoint's message, not retried", async () => {
    const error = await rejection(client().runFacets(RUN_LOAD, 'jobs' as 'job'), 'http');
    assert.equal(error.status, 400);
    assert.match(
      error.message,
      /failed with HTTP 400 Bad Request\. The server said: "query param type must be run or job"\. The request was refused as invalid/,
    );
    assert.equal(server.requests.length, 1);
  });

  it('cancelled: aborting the signal ends a pending request', async () => {
    server.mode = 'slow';
    const abort = new AbortController();
    // Aborted once the server has the request (and holds its answer back): the request is pending.
    void server.nextRequest().then(() => abort.abort());
    const started = Date.now();
    const error = await rejection(client().lineage('job:airflow-prod:x', 3, { signal: abort.signal }), 'cancelled');
    assert.ok(Date.now() - started < 1000, 'cancelled promptly');
    assert.equal(error.message, 'The request for the lineage of job:airflow-prod:x was cancelled.');
    assert.equal(server.requests.length, 1, 'a cancelled request is not retried');
  });

  it('cancelled: an already aborted signal sends nothing', async () => {
    const abort = new AbortController();
    abort.abort();
    await rejection(client().namespaces({ signal: abort.signal }), 'cancelled');
    assert.equal(server.requests.length, 0);
  });

  it('cancelled: aborting while the body streams in', async () => {
    server.mode = 'huge';
    server.hugeBytes = 200 * 1024 * 1024;
    const abort = new AbortController();
    const slowFetch: typeof globalThis.fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      abort.abort();
      return response;
    };
    await rejection(client({ fetch: slowFetch }).namespaces({ signal: abort.signal }), 'cancelled');
  });
});

describe('endpoint client: retries', () => {
  let server: MarquezTestServer;

  before(async () => {
    server = await startMarquezServer();
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  const client = () => new MarquezClient({ baseUrl: server.url, retryDelayMs: 10 });
  const event = {
    eventType: 'COMPLETE',
    eventTime: '2024-10-15T03:00:00Z',
    run: { runId: RUN_LOAD },
    job: { namespace: AIRFLOW_NS, name: LOAD_JOB },
    producer: 'p',
    schemaURL: 's',
  };

  it('retries a GET once after a 500, and succeeds', async () => {
    server.mode = 'flaky';
    const { namespaces } = await client().namespaces();
    assert.equal(namespaces.length, 4);
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.url}`),
      ['GET /api/v1/namespaces', 'GET /api/v1/namespaces'],
    );
  });

  it('retries a GET once after a dropped connection, and succeeds', async () => {
    server.mode = 'drop-once';
    const run = await client().run(RUN_EXTRACT);
    assert.equal(run.state, 'COMPLETED');
    assert.equal(server.requests.length, 2);
  });

  it('retries a GET only once', async () => {
    server.mode = 'drop';
    await rejection(client().namespaces(), 'unreachable');
    assert.equal(server.requests.length, 2);
  });

  it('never retries a POST after a 500', async () => {
    server.mode = 'flaky';
    const error = await rejection(client().postEvent(event), 'http');
    assert.equal(error.status, 500);
    assert.doesNotMatch(error.message, /asked twice/);
    assert.deepEqual(
      server.requests.map((r) => r.method),
      ['POST'],
    );
  });

  it('never retries a POST after a dropped connection', async () => {
    server.mode = 'drop-once';
    await rejection(client().postEvent(event), 'unreachable');
    assert.deepEqual(
      server.requests.map((r) => r.method),
      ['POST'],
    );
  });
});

describe('endpoint client: the API key goes to the configured origin only', () => {
  let server: MarquezTestServer;
  let other: MarquezTestServer;

  before(async () => {
    server = await startMarquezServer();
    other = await startMarquezServer();
  });
  after(async () => {
    await server.close();
    await other.close();
  });
  beforeEach(() => {
    server.reset();
    other.reset();
  });

  it('sends it as a bearer token, read again for every request', async () => {
    let key = 'first';
    const client = new MarquezClient({ baseUrl: server.url, apiKey: async () => key });
    server.requireApiKey = 'first';
    await client.namespaces();
    key = 'second';
    server.requireApiKey = 'second';
    await client.namespaces();
    assert.deepEqual(
      server.requests.map((r) => r.headers.authorization),
      ['Bearer first', 'Bearer second'],
    );
  });

  it('sends no Authorization header without a key', async () => {
    await new MarquezClient({ baseUrl: server.url, apiKey: async () => undefined }).namespaces();
    assert.equal(server.requests[0]!.headers.authorization, undefined);
  });

  it('follows a same-origin redirect, with the key', async () => {
    const client = new MarquezClient({ baseUrl: `${server.url}/moved`, apiKey: async () => 'k' });
    const { namespaces } = await client.namespaces();
    assert.equal(namespaces.length, 4);
    assert.deepEqual(
      server.requests.map((r) => [r.url, r.headers.authorization]),
      [
        ['/moved/api/v1/namespaces', 'Bearer k'],
        ['/api/v1/namespaces', 'Bearer k'],
      ],
    );
  });

  it('follows a same-origin 308 of a POST with its body', async () => {
    const client = new MarquezClient({ baseUrl: `${server.url}/moved`, apiKey: async () => 'k' });
    const event = {
      eventTime: '2024-10-15T03:00:00Z',
      producer: 'p',
      schemaURL: 's',
      job: { namespace: 'n', name: 'j' },
      run: { runId: 'r' },
    };
    assert.deepEqual(await client.postEvent(event), { status: 201 });
    assert.deepEqual(
      apiRequests(server).map((r) => [r.method, r.url, r.body]),
      [
        ['POST', '/moved/api/v1/lineage', JSON.stringify(event)],
        ['POST', '/api/v1/lineage', JSON.stringify(event)],
      ],
    );
  });

  it('refuses a redirect to another origin: the other origin gets no request, the error says so', async () => {
    server.redirectOrigin = other.url;
    const client = new MarquezClient({ baseUrl: `${server.url}/moved`, apiKey: async () => 'k' });
    const error = await rejection(client.lineage('job:airflow-prod:x'), 'redirect');
    assert.equal(error.location, `${other.url}/api/v1/lineage?nodeId=job%3Aairflow-prod%3Ax&depth=20`);
    assert.equal(
      error.message,
      `GET ${server.url}/moved/api/v1/lineage?nodeId=job%3Aairflow-prod%3Ax&depth=20 redirected to another origin, ${other.url}. Lineage Lens does not follow it, so your API key is never sent there. If ${other.url} is the right endpoint, run "Lineage Lens: Set Endpoint" with ${other.url}.`,
    );
    assert.equal(other.requests.length, 0);
    assert.equal(server.requests.length, 1, 'a refused redirect is not retried');
  });

  it('checks the origin with scheme and port: http → https on the same host is another origin', async () => {
    const fetches: { url: string; authorization?: string }[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      fetches.push({ url: String(input), authorization: (init?.headers as Record<string, string>).Authorization });
      return new Response(null, { status: 301, headers: { location: String(input).replace('http://', 'https://') } });
    };
    const client = new MarquezClient({ baseUrl: 'http://marquez.example.com:5000', apiKey: async () => 'k', fetch });
    const error = await rejection(client.namespaces(), 'redirect');
    assert.match(error.message, /redirected to another origin, https:\/\/marquez\.example\.com:5000\./);
    assert.deepEqual(fetches, [{ url: 'http://marquez.example.com:5000/api/v1/namespaces', authorization: 'Bearer k' }]);
  });

  it('gives up after 5 same-origin redirects', async () => {
    const fetch: typeof globalThis.fetch = async (input) => new Response(null, { status: 302, headers: { location: `${String(input)}x` } });
    const error = await rejection(new MarquezClient({ baseUrl: 'http://marquez:5000', fetch }).namespaces(), 'redirect');
    assert.match(error.message, /was redirected more than 5 times/);
  });
});
