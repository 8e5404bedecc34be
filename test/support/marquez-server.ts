/**
 * A small Marquez API v1 server for tests, on `node:http` (or `node:https` with a given certificate), serving
 * the in-memory deployment of ./marquez-fixtures.ts. It records every request (method, raw path, decoded
 * query, headers, body) so tests can assert encoding and the Authorization header, and it can be switched
 * into failure modes:
 *
 * | mode           | every `/api/v1/...` request answers                                   |
 * |----------------|-----------------------------------------------------------------------|
 * | `ok`           | like Marquez                                                          |
 * | `unauthorized` | 401 (also: `requireApiKey` set and the bearer missing or different)   |
 * | `forbidden`    | 403                                                                   |
 * | `html`         | 200 with a web UI's HTML page                                         |
 * | `huge`         | 200 with `hugeBytes` of JSON, streamed without a Content-Length       |
 * | `slow`         | like Marquez, after `delayMs`                                         |
 * | `flaky`        | 500 the first time per method and path, then like Marquez             |
 * | `error`        | 500 always                                                            |
 * | `drop-once`    | the first request's connection is closed without an answer, then ok   |
 * | `drop`         | every connection is closed without an answer                          |
 *
 * Independently of the mode: paths outside `/api/v1` answer a plain-text 404 (a path that is not the API),
 * and `/moved/...` answers 308 to `redirectOrigin` + the rest of the path (this server by default: a
 * same-origin redirect; another server's origin: a cross-origin one). {@link closedPortUrl} gives a URL
 * nothing listens on.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  fixtureDatasets,
  fixtureEvents,
  fixtureJobs,
  fixtureNamespaces,
  type FixtureDataset,
  type FixtureJob,
  type FixtureRun,
} from './marquez-fixtures';

export type ServerMode = 'ok' | 'unauthorized' | 'forbidden' | 'html' | 'huge' | 'slow' | 'flaky' | 'error' | 'drop-once' | 'drop';

/** One request as received. */
export interface RecordedRequest {
  method: string;
  /** The raw request target, exactly as sent (encoding intact), e.g. `/api/v1/namespaces/postgres%3A%2F%2Fdb%3A5432/jobs`. */
  url: string;
  /** The path's segments, decoded. */
  segments: string[];
  /** The query, decoded. */
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The body as text (POST). */
  body?: string;
}

export interface MarquezTestServer {
  /** `http://127.0.0.1:<port>` (or https): the API root to configure. */
  readonly url: string;
  readonly origin: string;
  readonly requests: RecordedRequest[];
  mode: ServerMode;
  /** `slow` mode's delay. Default 2000 ms. */
  delayMs: number;
  /** `huge` mode's body size. Default 25 MiB. */
  hugeBytes: number;
  /** How many bytes the last `huge` answer wrote before it ended or the client went away. */
  hugeBytesSent: number;
  /** When set, `/api/v1` requests without `Authorization: Bearer <requireApiKey>` answer 401. */
  requireApiKey: string | undefined;
  /** Where `/moved/...` redirects to. Default: this server. */
  redirectOrigin: string;
  /** Resolves with the next request the server receives (once recorded, before it is answered): a wait on an event, not a sleep. */
  nextRequest(): Promise<RecordedRequest>;
  /** Back to mode `ok`, no key required, no recorded requests, the fixture events only. */
  reset(): void;
  /** The first recorded request that `matches`: one already recorded, or the next to arrive (an event, not a poll). */
  request(matches: (r: RecordedRequest) => boolean): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/**
 * The requests the user's commands made: without those Lineage Lens makes in the background (the DAG
 * Lineage view following the editor, runtime diagnostics), which say so in their User-Agent.
 */
export function foregroundRequests(server: MarquezTestServer): RecordedRequest[] {
  return server.requests.filter(isForeground);
}

/** Whether a request was made by a user's command (not in the background). */
export function isForeground(r: RecordedRequest): boolean {
  return !String(r.headers['user-agent'] ?? '').includes('(background)');
}

export interface MarquezServerOptions {
  /** Serve https with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

const JSON_TYPE = 'application/json';

/** A Marquez-style JSON error body. */
function errorBody(code: number, message: string): string {
  return JSON.stringify({ code, message });
}

function datasetId(d: { namespace: string; name: string }): string {
  return `dataset:${d.namespace}:${d.name}`;
}

function jobId(j: { namespace: string; name: string }): string {
  return `job:${j.namespace}:${j.name}`;
}

function fieldId(namespace: string, dataset: string, field: string): string {
  return `datasetField:${namespace}:${dataset}:${field}`;
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Marquez's search: SQL LIKE (`%`, `_`), case-insensitive. */
function likeToRegExp(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'i');
}

/** The Marquez model of the fixtures. */
class Deployment {
  readonly namespaces = fixtureNamespaces();
  readonly datasets = fixtureDatasets();
  readonly jobs = fixtureJobs();
  events = fixtureEvents();

  dataset(namespace: string, name: string): FixtureDataset | undefined {
    return this.datasets.find((d) => d.namespace === namespace && d.name === name);
  }

  job(namespace: string, name: string): FixtureJob | undefined {
    return this.jobs.find((j) => j.namespace === namespace && j.name === name);
  }

  runById(id: string): { job: FixtureJob; run: FixtureRun } | undefined {
    for (const job of this.jobs) {
      const run = job.runs.find((r) => r.id === id);
      if (run) return { job, run };
    }
    return undefined;
  }

  runJson(job: FixtureJob, run: FixtureRun): Record<string, unknown> {
    const { inputFacets, ...fields } = run;
    return {
      ...fields,
      args: {},
      jobVersion: { namespace: job.namespace, name: job.name, version: job.currentVersion },
      inputDatasetVersions: job.inputs.map((i) => ({
        datasetVersionId: { ...i, version: this.dataset(i.namespace, i.name)!.currentVersion },
        facets: inputFacets?.find((f) => f.namespace === i.namespace && f.name === i.name)?.facets ?? {},
      })),
      outputDatasetVersions: job.outputs.map((o) => ({
        datasetVersionId: { ...o, version: this.dataset(o.namespace, o.name)!.currentVersion },
        facets: {},
      })),
    };
  }

  datasetJson(d: FixtureDataset, withFacets = true): Record<string, unknown> {
    return {
      id: { namespace: d.namespace, name: d.name },
      type: d.type,
      name: d.name,
      physicalName: d.name,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      namespace: d.namespace,
      sourceName: d.sourceName,
      fields: d.fields.map((f) => ({ name: f.name, type: f.type, tags: [], description: f.description ?? null })),
      tags: [],
      lastModifiedAt: d.lastModifiedAt,
      lastLifecycleState: null,
      description: d.description,
      ...(withFacets && { facets: d.facets, currentVersion: d.currentVersion, deleted: false }),
    };
  }

  jobJson(j: FixtureJob, withFacets = true): Record<string, unknown> {
    const latest = j.runs[0];
    return {
      id: { namespace: j.namespace, name: j.name },
      type: j.type,
      name: j.name,
      simpleName: j.simpleName,
      parentJobName: j.parentJobName,
      parentJobUuid: null,
      createdAt: j.createdAt,
      updatedAt: j.updatedAt,
      namespace: j.namespace,
      inputs: j.inputs,
      outputs: j.outputs,
      location: j.location,
      description: j.description,
      latestRun: latest ? this.runJson(j, latest) : null,
      ...(withFacets
        ? { latestRuns: j.runs.slice(0, 10).map((r) => this.runJson(j, r)), facets: j.facets, currentVersion: j.currentVersion }
        : { currentRunUuid: latest?.id ?? null }),
    };
  }

  /** `GET /lineage`: every node within `depth` jobs of the start, in both directions, sorted by id. */
  lineage(nodeId: string, depth: number): Record<string, unknown>[] | undefined {
    const edges: [string, string][] = this.jobs.flatMap((j) => [
      ...j.inputs.map((i): [string, string] => [datasetId(i), jobId(j)]),
      ...j.outputs.map((o): [string, string] => [jobId(j), datasetId(o)]),
    ]);
    const nodes = new Map<string, Record<string, unknown>>();
    for (const d of this.datasets) nodes.set(datasetId(d), { id: datasetId(d), type: 'DATASET', data: this.datasetJson(d, false) });
    for (const j of this.jobs) nodes.set(jobId(j), { id: jobId(j), type: 'JOB', data: this.jobJson(j, false) });
    if (!nodes.has(nodeId)) return undefined;
    // Depth counts jobs: two edges (dataset → job → dataset) per level.
    const distance = new Map([[nodeId, 0]]);
    const queue = [nodeId];
    while (queue.length > 0) {
      const id = queue.shift()!;
      const d = distance.get(id)!;
      if (d >= depth * 2) continue;
      for (const [a, b] of edges) {
        const next = a === id ? b : b === id ? a : undefined;
        if (next && !distance.has(next)) {
          distance.set(next, d + 1);
          queue.push(next);
        }
      }
    }
    return [...distance.keys()].sort().map((id) => ({
      ...nodes.get(id)!,
      inEdges: edges.filter(([, b]) => b === id).map(([origin, destination]) => ({ origin, destination })),
      outEdges: edges.filter(([a]) => a === id).map(([origin, destination]) => ({ origin, destination })),
    }));
  }

  /** `GET /column-lineage`: field nodes upstream of a dataset's fields (or one field), and downstream on request. */
  columnLineage(nodeId: string, depth: number, withDownstream: boolean): Record<string, unknown>[] | undefined {
    type Field = { namespace: string; dataset: string; field: string };
    const all = this.datasets.flatMap((d) => d.fields.map((f) => ({ d, f, id: fieldId(d.namespace, d.name, f.name) })));
    const edges: [string, string][] = all.flatMap(({ f, id }) =>
      (f.from ?? []).map((s): [string, string] => [fieldId(s.namespace, s.dataset, s.field), id]),
    );
    const start = nodeId.startsWith('dataset:')
      ? all.filter(({ d }) => datasetId(d) === nodeId).map((x) => x.id)
      : all.filter(({ id }) => id === nodeId).map((x) => x.id);
    if (start.length === 0) return undefined;
    const distance = new Map(start.map((id) => [id, 0]));
    const queue = [...start];
    while (queue.length > 0) {
      const id = queue.shift()!;
      const d = distance.get(id)!;
      if (d >= depth) continue;
      for (const [a, b] of edges) {
        const next = b === id ? a : withDownstream && a === id ? b : undefined;
        if (next && !distance.has(next)) {
          distance.set(next, d + 1);
          queue.push(next);
        }
      }
    }
    return [...distance.keys()].sort().map((id) => {
      const { d, f } = all.find((x) => x.id === id)!;
      const inputFields = (f.from ?? []).map((s): Field & Record<string, unknown> => ({
        namespace: s.namespace,
        dataset: s.dataset,
        datasetVersion: this.dataset(s.namespace, s.dataset)?.currentVersion ?? null,
        field: s.field,
        transformationDescription: s.description,
        transformationType: s.type,
      }));
      return {
        id,
        type: 'DATASET_FIELD',
        data: {
          namespace: d.namespace,
          dataset: d.name,
          datasetVersion: d.currentVersion,
          field: f.name,
          fieldType: f.type,
          transformationDescription: f.from?.[0]?.description ?? null,
          transformationType: f.from?.[0]?.type ?? null,
          inputFields,
        },
        inEdges: edges.filter(([, b]) => b === id).map(([origin, destination]) => ({ origin, destination })),
        outEdges: edges.filter(([a]) => a === id).map(([origin, destination]) => ({ origin, destination })),
      };
    });
  }

  search(q: string, filter: string | undefined, namespace: string | undefined, limit: number): Record<string, unknown>[] {
    const pattern = likeToRegExp(q.includes('%') || q.includes('_') ? q : `%${q}%`);
    const hits = [
      ...(filter === 'job'
        ? []
        : this.datasets.map((d) => ({
            type: 'DATASET',
            name: d.name,
            updatedAt: d.updatedAt,
            namespace: d.namespace,
            nodeId: datasetId(d),
          }))),
      ...(filter === 'dataset'
        ? []
        : this.jobs.map((j) => ({ type: 'JOB', name: j.name, updatedAt: j.updatedAt, namespace: j.namespace, nodeId: jobId(j) }))),
    ];
    return hits
      .filter((h) => pattern.test(h.name) && (namespace === undefined || h.namespace === namespace))
      .sort(byName)
      .slice(0, limit);
  }
}

type Answer = { status: number; body?: string; type?: string; headers?: Record<string, string> };

/** Routes one API request (segments after `/api/v1`) to the deployment. */
function route(
  deployment: Deployment,
  method: string,
  segments: string[],
  query: Record<string, string>,
  body: string | undefined,
): Answer {
  const json = (value: unknown, status = 200): Answer => ({ status, body: JSON.stringify(value), type: JSON_TYPE });
  const notFound = (message: string): Answer => ({ status: 404, body: errorBody(404, message), type: JSON_TYPE });
  const limit = (fallback: number) => (query.limit === undefined ? fallback : Number(query.limit));
  const offset = () => Number(query.offset ?? 0);
  const page = <T>(items: T[]) => items.slice(offset(), offset() + limit(100));
  const [a, b, c, d, e] = segments;
  const n = segments.length;

  if (method === 'POST' && a === 'lineage' && n === 1) {
    let event: unknown;
    try {
      event = JSON.parse(body ?? '');
    } catch {
      return { status: 400, body: errorBody(400, 'Unable to process JSON'), type: JSON_TYPE };
    }
    const missing = ['eventTime', 'producer', 'schemaURL'].filter((k) => typeof (event as Record<string, unknown>)?.[k] !== 'string');
    if (missing.length > 0) return json({ errors: missing.map((k) => `${k} must not be null`) }, 422);
    deployment.events.push(event as Record<string, unknown>);
    return { status: 201 };
  }
  if (method !== 'GET') return { status: 405, body: errorBody(405, 'HTTP 405 Method Not Allowed'), type: JSON_TYPE };

  if (a === 'namespaces' && n === 1) return json({ namespaces: page(deployment.namespaces) });
  if (a === 'namespaces' && n >= 2) {
    const ns = deployment.namespaces.find((x) => x.name === b);
    if (n === 2) return ns ? json(ns) : notFound(`Namespace '${b}' not found.`);
    if (!ns) return notFound(`Namespace '${b}' not found.`);
    if (c === 'jobs' && n === 3) {
      const jobs = deployment.jobs.filter((j) => j.namespace === b).sort(byName);
      return json({ totalCount: jobs.length, jobs: page(jobs).map((j) => deployment.jobJson(j)) });
    }
    if (c === 'datasets' && n === 3) {
      const datasets = deployment.datasets.filter((x) => x.namespace === b).sort(byName);
      return json({ totalCount: datasets.length, datasets: page(datasets).map((x) => deployment.datasetJson(x)) });
    }
    if (c === 'jobs' && d !== undefined) {
      const job = deployment.job(b!, d);
      if (!job) return notFound(`Job '${d}' not found.`);
      if (n === 4) return json(deployment.jobJson(job));
      if (e === 'runs' && n === 5) return json({ runs: page(job.runs).map((r) => deployment.runJson(job, r)) });
    }
    if (c === 'datasets' && d !== undefined && n === 4) {
      const dataset = deployment.dataset(b!, d);
      return dataset ? json(deployment.datasetJson(dataset)) : notFound(`Dataset '${d}' not found.`);
    }
  }
  if (a === 'jobs' && b === 'runs' && c !== undefined) {
    const found = deployment.runById(c);
    if (!found) return notFound(`Run '${c}' not found.`);
    if (n === 3) return json(deployment.runJson(found.job, found.run));
    if (d === 'facets' && n === 4) {
      if (query.type !== 'run' && query.type !== 'job')
        return { status: 400, body: errorBody(400, 'query param type must be run or job'), type: JSON_TYPE };
      return json({ runId: found.run.id, facets: query.type === 'run' ? found.run.facets : found.job.facets });
    }
  }
  if ((a === 'lineage' || a === 'column-lineage') && n === 1) {
    if (!query.nodeId) return { status: 400, body: errorBody(400, 'query param nodeId must not be null'), type: JSON_TYPE };
    if (!/^(dataset|datasetField|job|run):.*$/.test(query.nodeId))
      return { status: 400, body: errorBody(400, `nodeId ${query.nodeId} is invalid`), type: JSON_TYPE };
    const depth = Number(query.depth ?? 20);
    const graph =
      a === 'lineage'
        ? deployment.lineage(query.nodeId, depth)
        : deployment.columnLineage(query.nodeId, depth, query.withDownstream === 'true');
    return graph ? json({ graph }) : notFound(`Node '${query.nodeId}' not found.`);
  }
  if (a === 'search' && n === 1) {
    if (!query.q) return { status: 400, body: errorBody(400, 'query param q must not be null'), type: JSON_TYPE };
    const results = deployment.search(query.q, query.filter, query.namespace, limit(10));
    return json({ totalCount: results.length, results });
  }
  if (a === 'events' && b === 'lineage' && n === 2) {
    const before = Date.parse(query.before ?? '2030-01-01T00:00:00Z');
    const after = Date.parse(query.after ?? '1970-01-01T00:00:00Z');
    const sorted = deployment.events
      .filter((x) => {
        const t = Date.parse(String(x.eventTime));
        return t < before && t > after;
      })
      .sort((x, y) => Date.parse(String(x.eventTime)) - Date.parse(String(y.eventTime)));
    if ((query.sortDirection ?? 'desc') === 'desc') sorted.reverse();
    return json({ events: page(sorted), totalCount: sorted.length });
  }
  // Marquez (Dropwizard) answers unknown API paths with its generic JSON 404.
  return notFound('HTTP 404 Not Found');
}

const HTML_PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Marquez</title></head><body><div id="root"></div><script src="/main.js"></script></body></html>';

/**
 * A self-signed certificate for 127.0.0.1 (one day), made with openssl in a temporary folder that is removed at
 * once, for `startMarquezServer({ tls })`; undefined when there is no openssl to make one with.
 */
export function selfSignedCertificate(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'lineage-lens-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts a server on 127.0.0.1 with a free port. */
export async function startMarquezServer(options: MarquezServerOptions = {}): Promise<MarquezTestServer> {
  let deployment = new Deployment();
  const flaky = new Set<string>();
  let dropped = false;
  const timers = new Set<NodeJS.Timeout>();

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = req.url ?? '/';
      const parsed = new URL(raw, 'http://placeholder');
      const segments = parsed.pathname
        .split('/')
        .filter((s) => s !== '')
        .map((s) => decodeURIComponent(s));
      const query = Object.fromEntries(parsed.searchParams);
      const body = chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined;
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: raw,
        segments,
        query,
        headers: { ...req.headers },
        ...(body !== undefined && { body }),
      };
      server.requests.push(recorded);
      for (const w of [...waiters]) {
        if (!w.matches(recorded)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(recorded);
      }
      answer(req, res, raw, segments, query, body);
    });
  };

  const send = (res: ServerResponse, a: Answer) => {
    const headers: Record<string, string> = { ...a.headers };
    if (a.type) headers['Content-Type'] = a.type;
    res.writeHead(a.status, headers);
    res.end(a.body);
  };

  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    raw: string,
    segments: string[],
    query: Record<string, string>,
    body: string | undefined,
  ) => {
    if (segments[0] === 'moved') {
      const rest = raw.replace(/^\/moved/, '');
      send(res, { status: 308, headers: { Location: `${server.redirectOrigin}${rest}` }, body: '' });
      return;
    }
    if (segments[0] !== 'api' || segments[1] !== 'v1') {
      send(res, { status: 404, type: 'text/plain', body: 'Not Found' });
      return;
    }
    const api = segments.slice(2);
    const authorization = req.headers.authorization;
    if (server.mode === 'drop' || (server.mode === 'drop-once' && !dropped)) {
      dropped = true;
      req.socket.destroy();
      return;
    }
    if (server.mode === 'unauthorized' || (server.requireApiKey !== undefined && authorization !== `Bearer ${server.requireApiKey}`)) {
      send(res, {
        status: 401,
        type: JSON_TYPE,
        body: errorBody(401, authorization ? 'Invalid API key' : 'Missing API key'),
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
      return;
    }
    if (server.mode === 'forbidden') {
      send(res, { status: 403, type: JSON_TYPE, body: errorBody(403, 'API key has no access to this resource') });
      return;
    }
    if (server.mode === 'html') {
      send(res, { status: 200, type: 'text/html; charset=utf-8', body: HTML_PAGE });
      return;
    }
    if (server.mode === 'error') {
      send(res, {
        status: 500,
        type: JSON_TYPE,
        body: errorBody(500, 'There was an error processing your request. It has been logged (ID 5d41402abc4b2a76).'),
      });
      return;
    }
    const key = `${req.method} ${api.join('/')}`;
    if (server.mode === 'flaky' && !flaky.has(key)) {
      flaky.add(key);
      send(res, {
        status: 500,
        type: JSON_TYPE,
        body: errorBody(500, 'There was an error processing your request. It has been logged (ID 7f3c9a0b1e2d4c5f).'),
      });
      return;
    }
    if (server.mode === 'huge') {
      streamHuge(res);
      return;
    }
    const respond = () => send(res, route(deployment, req.method ?? 'GET', api, query, body));
    if (server.mode === 'slow') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) respond();
      }, server.delayMs);
      timers.add(timer);
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
      return;
    }
    respond();
  };

  /** Writes `hugeBytes` of valid JSON in 64 KiB chunks, minding backpressure, until done or the client leaves. */
  const streamHuge = (res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': JSON_TYPE });
    server.hugeBytesSent = 0;
    const open = '{"graph":[';
    const close = ']}';
    const filler = Buffer.alloc(64 * 1024, ' ');
    res.write(open);
    server.hugeBytesSent += open.length;
    const pump = () => {
      while (!res.destroyed && server.hugeBytesSent + filler.length + close.length <= server.hugeBytes) {
        server.hugeBytesSent += filler.length;
        if (!res.write(filler)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) {
        server.hugeBytesSent += close.length;
        res.end(close);
      }
    };
    pump();
  };

  const http: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  /** Who waits for a request: `request(matches)` and `nextRequest()`. */
  const waiters: { matches: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  const server: MarquezTestServer = {
    url: origin,
    origin,
    requests: [],
    mode: 'ok',
    delayMs: 2000,
    hugeBytes: 25 * 1024 * 1024,
    hugeBytesSent: 0,
    requireApiKey: undefined,
    redirectOrigin: origin,
    request(matches) {
      const seen = server.requests.find(matches);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ matches, resolve }));
    },
    nextRequest() {
      return new Promise((resolve) => waiters.push({ matches: () => true, resolve }));
    },
    reset() {
      server.mode = 'ok';
      server.requireApiKey = undefined;
      server.redirectOrigin = origin;
      server.requests.length = 0;
      server.hugeBytesSent = 0;
      flaky.clear();
      dropped = false;
      deployment = new Deployment();
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
  return server;
}

/** A URL on 127.0.0.1 where nothing listens (a port that was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const probe = createHttpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
