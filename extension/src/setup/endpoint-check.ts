/**
 * Verify Setup's endpoint checks, one layer at a time so that the first failure says exactly what is wrong:
 * the URL, DNS, TCP, TLS, the HTTP API, the API key; then a test OpenLineage run (START and COMPLETE, clearly
 * named) sent to the endpoint and read back through its Marquez read API.
 *
 * No vscode: it runs against the Marquez test server and the local endpoint in the unit tests. Network
 * primitives can be replaced (`lookup`) so DNS failures are testable offline.
 */
import { randomUUID } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, Socket } from 'node:net';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { jobNodeId } from '../../../protocol/node-ids';
import { MarquezClient } from '../endpoint/client';
import { EndpointError } from '../endpoint/errors';
import { normalizeEndpointUrl } from '../endpoint/config';

export type StepStatus = 'pass' | 'warn' | 'fail' | 'skip';
export type StepId = 'url' | 'dns' | 'tcp' | 'tls' | 'http' | 'auth' | 'send' | 'read';

export interface CheckStep {
  id: StepId;
  label: string;
  status: StepStatus;
  /** What was found. */
  detail: string;
  /** What to do, for `fail` and `warn`. */
  fix?: string;
  ms?: number;
}

export interface EndpointCheckOptions {
  url: string;
  /** Sent as a bearer token (only to this endpoint's origin; the client never forwards it elsewhere). */
  apiKey?: string;
  /** `apiKey` is the local endpoint's per-session read key (the report then says so, not "the API key"). */
  sessionKey?: boolean;
  /** Where the test run goes; its job is {@link TEST_JOB}. */
  namespace: string;
  /** Send and read back the test run (default true). */
  sendTestEvent?: boolean;
  /** Per network step. Default 5 s. */
  timeoutMs?: number;
  lookup?: (host: string) => Promise<{ address: string; family: number }[]>;
  /** How often to read the test run back before giving up (the endpoint may store it asynchronously). */
  readAttempts?: number;
  signal?: AbortSignal;
}

export interface EndpointCheckResult {
  steps: CheckStep[];
  /** Whether every step passed (warnings allowed). */
  ok: boolean;
  /** The test run, when it was sent: its job's node id opens it in the graph. */
  test?: { namespace: string; job: string; runId: string; nodeId: string; readBack: boolean };
}

/** The job of the test run: easy to recognise in any lineage UI, and to delete. */
export const TEST_JOB = 'lineage_lens.verify_setup';
export const TEST_PRODUCER = 'https://github.com/lineage-lens/lineage-lens/tree/main/extension/src/setup';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** The two events of the test run: a job reading one dataset and writing another, started and completed. */
export function testRunEvents(namespace: string, runId: string, now: Date): Record<string, unknown>[] {
  const base = {
    producer: TEST_PRODUCER,
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId },
    job: {
      namespace,
      name: TEST_JOB,
      facets: {
        documentation: {
          _producer: TEST_PRODUCER,
          _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/DocumentationJobFacet.json#/$defs/DocumentationJobFacet',
          description:
            'A test run sent by "Lineage Lens: Verify Setup" to check that this endpoint receives OpenLineage events. Safe to delete.',
        },
      },
    },
    inputs: [{ namespace: 'lineage-lens', name: 'verify_setup.source' }],
    outputs: [{ namespace: 'lineage-lens', name: 'verify_setup.target' }],
  };
  return [
    { ...base, eventType: 'START', eventTime: new Date(now.getTime() - 1000).toISOString() },
    { ...base, eventType: 'COMPLETE', eventTime: now.toISOString() },
  ];
}

function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  return work().then((value) => ({ value, ms: Math.round(performance.now() - started) }));
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? (error instanceof Error ? error.message : String(error));
}

function tcpConnect(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    socket.once('error', done);
    socket.connect(port, host, () => done());
  });
}

function tlsHandshake(
  host: string,
  address: string,
  port: number,
  timeoutMs: number,
): Promise<{ authorized: boolean; error?: string; cert: PeerCertificate }> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: address,
      port,
      servername: isIP(host) ? undefined : host,
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    socket.once('secureConnect', () => {
      const result = {
        authorized: socket.authorized,
        ...(socket.authorizationError ? { error: String(socket.authorizationError) } : {}),
        cert: socket.getPeerCertificate(),
      };
      socket.destroy();
      resolve(result);
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

/** What a TLS verification error means and what to do about it. */
function tlsFix(code: string, host: string): string {
  if (/SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY_LEAF/.test(code)) {
    return `The certificate of ${host} is not signed by a certificate authority VS Code trusts (self-signed or a private CA). Add the CA to your system's trust store (or start VS Code with NODE_EXTRA_CA_CERTS=/path/to/ca.pem), or use the endpoint's publicly trusted address.`;
  }
  if (/EXPIRED/.test(code)) return `The certificate of ${host} has expired: the endpoint's operators must renew it.`;
  if (/ALTNAME|HOSTNAME/.test(code))
    return `The certificate is not for ${host}: use the host name the certificate names in lineageLens.endpoint.url.`;
  return `Fix the endpoint's certificate (${code}), or use its publicly trusted address.`;
}

/**
 * Runs the checks in order; a failed step skips the steps that need it. Never throws for network failures:
 * each becomes a failed step with its fix.
 */
export async function checkEndpoint(options: EndpointCheckOptions): Promise<EndpointCheckResult> {
  const steps: CheckStep[] = [];
  const timeoutMs = options.timeoutMs ?? 5000;
  const add = (step: CheckStep) => steps.push(step);
  const skipRest = (from: StepId[], why: string) => {
    for (const id of from) add({ id, label: LABELS[id], status: 'skip', detail: why });
  };
  const finish = (test?: EndpointCheckResult['test']): EndpointCheckResult => ({
    steps,
    ok: steps.every((s) => s.status === 'pass' || s.status === 'warn' || s.status === 'skip') && !steps.some((s) => s.status === 'fail'),
    ...(test && { test }),
  });

  const normalized = normalizeEndpointUrl(options.url);
  if (!normalized.ok) {
    add({
      id: 'url',
      label: LABELS.url,
      status: 'fail',
      detail: normalized.message,
      fix: 'Run "Lineage Lens: Set Endpoint" and enter the API root, e.g. http://localhost:5000.',
    });
    skipRest(['dns', 'tcp', 'tls', 'http', 'auth', 'send', 'read'], 'needs a valid URL');
    return finish();
  }
  const url = new URL(normalized.url);
  const https = url.protocol === 'https:';
  const host = url.hostname;
  const port = Number(url.port || (https ? 443 : 80));
  add({ id: 'url', label: LABELS.url, status: 'pass', detail: `${normalized.url} (${https ? 'HTTPS' : 'HTTP'}, port ${port})` });

  // DNS
  let address = host.replace(/^\[|\]$/g, '');
  if (isIP(address)) add({ id: 'dns', label: LABELS.dns, status: 'skip', detail: `${address} is an IP address` });
  else {
    try {
      const { value, ms } = await timed(() => (options.lookup ?? ((h: string) => dnsLookup(h, { all: true })))(host));
      if (value.length === 0) throw Object.assign(new Error('no address'), { code: 'ENOTFOUND' });
      address = value[0]!.address;
      add({ id: 'dns', label: LABELS.dns, status: 'pass', detail: `${host} → ${value.map((a) => a.address).join(', ')}`, ms });
    } catch (error) {
      add({
        id: 'dns',
        label: LABELS.dns,
        status: 'fail',
        detail: `${host} does not resolve (${errorCode(error)}).`,
        fix: `Check the host name in lineageLens.endpoint.url; if it is on a private network, connect to it (VPN) first.`,
      });
      skipRest(['tcp', 'tls', 'http', 'auth', 'send', 'read'], `needs ${host} to resolve`);
      return finish();
    }
  }

  // TCP
  try {
    const { ms } = await timed(() => tcpConnect(address, port, timeoutMs));
    add({ id: 'tcp', label: LABELS.tcp, status: 'pass', detail: `connected to ${address}:${port}`, ms });
  } catch (error) {
    const code = errorCode(error);
    const fix =
      code === 'ECONNREFUSED'
        ? `Nothing listens on ${host}:${port}. Start the lineage backend (for Marquez: docker compose up), or run "Lineage Lens: Start Local Lineage Endpoint"; or correct the port in lineageLens.endpoint.url.`
        : code === 'ETIMEDOUT'
          ? `${host}:${port} did not answer within ${timeoutMs / 1000} s: a firewall may drop the connection, or the host is down.`
          : `Check that ${host}:${port} is reachable from this machine.`;
    add({ id: 'tcp', label: LABELS.tcp, status: 'fail', detail: `cannot connect to ${host}:${port} (${code}).`, fix });
    skipRest(['tls', 'http', 'auth', 'send', 'read'], `needs a connection to ${host}:${port}`);
    return finish();
  }

  // TLS
  if (!https) {
    const remote = !LOOPBACK.has(host);
    add({
      id: 'tls',
      label: LABELS.tls,
      status: remote && options.apiKey ? 'warn' : 'skip',
      detail: remote && options.apiKey ? 'plain HTTP to another machine: the API key and the lineage travel unencrypted.' : 'plain HTTP',
      ...(remote && options.apiKey && { fix: 'Use the endpoint’s https:// address if it has one.' }),
    });
  } else {
    try {
      const { value, ms } = await timed(() => tlsHandshake(host, address, port, timeoutMs));
      if (!value.authorized) {
        const code = value.error ?? 'UNKNOWN';
        add({ id: 'tls', label: LABELS.tls, status: 'fail', detail: `the certificate is not trusted (${code}).`, fix: tlsFix(code, host) });
        skipRest(['http', 'auth', 'send', 'read'], 'needs a trusted TLS connection');
        return finish();
      }
      const expires = value.cert.valid_to ? `, valid until ${new Date(value.cert.valid_to).toISOString().slice(0, 10)}` : '';
      add({
        id: 'tls',
        label: LABELS.tls,
        status: 'pass',
        detail: `trusted certificate for ${value.cert.subject?.CN ?? host}${expires}`,
        ms,
      });
    } catch (error) {
      const code = errorCode(error);
      add({
        id: 'tls',
        label: LABELS.tls,
        status: 'fail',
        detail: `the TLS handshake failed (${code}).`,
        fix: /EPROTO|WRONG_VERSION/i.test(code)
          ? `${host}:${port} does not speak TLS: use http:// in lineageLens.endpoint.url, or the HTTPS port.`
          : `Check the endpoint's TLS configuration (${code}).`,
      });
      skipRest(['http', 'auth', 'send', 'read'], 'needs a TLS connection');
      return finish();
    }
  }

  // HTTP and auth: list namespaces, with the key when there is one.
  const client = new MarquezClient({
    baseUrl: normalized.url,
    ...(options.apiKey !== undefined && { apiKey: async () => options.apiKey }),
    timeoutMs: timeoutMs * 2,
    userAgent: 'lineage-lens (verify setup)',
  });
  try {
    const { value, ms } = await timed(() => client.namespaces({ limit: 10, ...(options.signal && { signal: options.signal }) }));
    add({
      id: 'http',
      label: LABELS.http,
      status: 'pass',
      detail: `GET /api/v1/namespaces answered with ${value.namespaces.length} namespace${value.namespaces.length === 1 ? '' : 's'}`,
      ms,
    });
    add({
      id: 'auth',
      label: LABELS.auth,
      status: 'pass',
      detail: options.sessionKey
        ? 'the local endpoint accepted this session’s read key'
        : options.apiKey
          ? 'the API key was accepted'
          : 'the endpoint answered without an API key',
    });
  } catch (error) {
    if (!(error instanceof EndpointError)) throw error;
    if (error.kind === 'unauthorized' || error.kind === 'forbidden') {
      add({
        id: 'http',
        label: LABELS.http,
        status: 'pass',
        detail: `the lineage API answered (HTTP ${error.status ?? (error.kind === 'unauthorized' ? 401 : 403)})`,
      });
      add({
        id: 'auth',
        label: LABELS.auth,
        status: 'fail',
        detail: options.sessionKey
          ? 'the local endpoint rejected this session’s read key.'
          : options.apiKey
            ? 'the endpoint rejected the API key.'
            : 'the endpoint needs an API key, and none is set.',
        fix: options.sessionKey
          ? 'Another program may listen on the local endpoint’s port: run "Lineage Lens: Stop Local Lineage Endpoint", then start it again.'
          : error.message,
      });
      skipRest(['send', 'read'], 'needs the API to accept the key');
      return finish();
    }
    add({
      id: 'http',
      label: LABELS.http,
      status: 'fail',
      detail: error.message,
      fix:
        error.kind === 'not-found' || error.kind === 'not-json' || error.kind === 'invalid-response'
          ? 'Point lineageLens.endpoint.url at the API root (the address that serves /api/v1/namespaces), not at the web UI.'
          : 'See the detail; "Lineage Lens: Test Connection" repeats this check alone.',
    });
    skipRest(['auth', 'send', 'read'], 'needs the lineage API to answer');
    return finish();
  }

  if (options.sendTestEvent === false) {
    skipRest(['send', 'read'], 'not asked for');
    return finish();
  }

  // Send a test run and read it back.
  const runId = randomUUID();
  const test = {
    namespace: options.namespace,
    job: TEST_JOB,
    runId,
    nodeId: jobNodeId({ namespace: options.namespace, name: TEST_JOB }),
    readBack: false,
  };
  try {
    const started = performance.now();
    const statuses: number[] = [];
    for (const event of testRunEvents(options.namespace, runId, new Date()))
      statuses.push((await client.postEvent(event, { ...(options.signal && { signal: options.signal }) })).status);
    add({
      id: 'send',
      label: LABELS.send,
      status: 'pass',
      detail: `POST /api/v1/lineage accepted a START and a COMPLETE event (HTTP ${statuses.join(', ')}) for job ${TEST_JOB} in namespace ${options.namespace}`,
      ms: Math.round(performance.now() - started),
    });
  } catch (error) {
    if (!(error instanceof EndpointError)) throw error;
    add({
      id: 'send',
      label: LABELS.send,
      status: 'fail',
      detail: error.message,
      fix:
        error.kind === 'forbidden'
          ? 'The API key may read but not write: use a key with write access.'
          : 'The endpoint does not accept OpenLineage events at /api/v1/lineage: check that it is an OpenLineage receiver (Marquez, or the local endpoint).',
    });
    skipRest(['read'], 'needs the test run to be accepted');
    return finish(test);
  }
  const attempts = options.readAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      const job = await client.job(options.namespace, TEST_JOB, { ...(options.signal && { signal: options.signal }) });
      const latest = job.latestRun?.id;
      if (latest === runId) {
        add({
          id: 'read',
          label: LABELS.read,
          status: 'pass',
          detail: `GET /api/v1/namespaces/${options.namespace}/jobs/${TEST_JOB} shows the test run ${runId} (${job.latestRun?.state ?? 'no state'})`,
        });
        return finish({ ...test, readBack: true });
      }
      if (attempt >= attempts) {
        add({
          id: 'read',
          label: LABELS.read,
          status: 'warn',
          detail: `the job is there, but its latest run is ${latest ?? 'none'}, not the test run ${runId}.`,
          fix: 'The endpoint may store events asynchronously: run Verify Setup again in a moment.',
        });
        return finish(test);
      }
    } catch (error) {
      if (!(error instanceof EndpointError)) throw error;
      if (error.kind === 'not-found' && attempt < attempts) {
        // Stored asynchronously (Marquez behind a queue): give it a moment.
      } else {
        add({
          id: 'read',
          label: LABELS.read,
          status: error.kind === 'not-found' ? 'warn' : 'fail',
          detail:
            error.kind === 'not-found'
              ? 'the endpoint accepted the test run but does not show it: it may have no Marquez read API (a proxy or a queue in front of the backend).'
              : error.message,
          fix: 'The viewer needs a Marquez-compatible read API at the same URL; lineage can still be sent here.',
        });
        return finish(test);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

const LABELS: Record<StepId, string> = {
  url: 'Endpoint URL',
  dns: 'DNS',
  tcp: 'TCP connection',
  tls: 'TLS',
  http: 'Lineage API',
  auth: 'API key',
  send: 'Send a test run',
  read: 'Read it back',
};
