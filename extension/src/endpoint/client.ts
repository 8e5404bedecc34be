/**
 * A client of the Marquez HTTP API v1 (and of OpenLineage backends that speak it). No `vscode` import: the
 * extension passes in the endpoint URL and a function that reads the API key, so the client runs and is
 * tested in plain Node.
 *
 * What it guarantees:
 * - Every path segment and query value is URL-encoded (namespaces such as `postgres://db:5432` contain `:`
 *   and `/`, node ids contain `:` and `#`).
 * - Every request has a deadline (`timeoutMs`) and can be cancelled with an `AbortSignal`; a body larger
 *   than `maxResponseBytes` is cut off while it streams in.
 * - Reads (GET) are retried once after a network error or a 5xx; writes (POST) never are.
 * - The API key goes out as `Authorization: Bearer` only to the configured origin: redirects are followed by
 *   hand, within that origin only; a redirect to another origin is an error, not a request.
 * - Every failure is an {@link EndpointError} whose `kind` says what happened and whose message says what
 *   to do about it.
 * - Timestamps are ISO-8601 strings whether the endpoint sent ISO strings or epoch seconds.
 */
import { normalizeEndpointUrl } from './config';
import type {
  Dataset, DatasetList, IsoTimestamp, Job, JobList, LineageEvent, LineageEventList, LineageGraph, LineageNode, Namespace, NamespaceList, Run,
  RunFacetsResult, RunList, SearchResult, SearchResults,
} from '../../../protocol/marquez';

/** The command users run to store an API key; error messages name it. */
export const SET_API_KEY_COMMAND_TITLE = 'Lineage Lens: Set API Key';

/** What went wrong, for callers that react differently (e.g. offer "Set API Key" on `unauthorized`). */
export type EndpointErrorKind =
  /** Nothing answered: connection refused, unknown host, network down, connection reset. */
  | 'unreachable'
  /** The TLS handshake failed: bad or self-signed certificate, or https to a plain-http port. */
  | 'tls'
  /** No complete answer within `timeoutMs`. */
  | 'timeout'
  /** HTTP 401: no API key, or one the endpoint rejects. */
  | 'unauthorized'
  /** HTTP 403: the key is known but may not do this. */
  | 'forbidden'
  /** HTTP 404: the path is not a lineage API, or the endpoint has no such job, dataset or run. */
  | 'not-found'
  /** The body is not JSON: usually a web UI or a proxy's page instead of the API. */
  | 'not-json'
  /** JSON, but not the shape this endpoint returns (another API at that path). */
  | 'invalid-response'
  /** The body exceeds `maxResponseBytes`. */
  | 'too-large'
  /** A redirect the client does not follow: to another origin, too many, or of a POST. */
  | 'redirect'
  /** Any other HTTP error status (5xx after the retry, 400, 422, ...). */
  | 'http'
  /** The caller cancelled the request. */
  | 'cancelled';

/** Facts about a failure besides its kind and message. */
export interface EndpointErrorDetails {
  /** Method and URL of the request (never the API key). */
  method?: string;
  url?: string;
  status?: number;
  /** The endpoint's own explanation (`message` of a JSON error body, or the start of a text body). */
  serverMessage?: string;
  /** For `redirect`: where the endpoint redirected to. */
  location?: string;
  /** The Node error code of a network or TLS failure (`ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`, ...). */
  code?: string;
  cause?: unknown;
}

/** A failed endpoint request. `message` says what happened and what to do. */
export class EndpointError extends Error {
  override readonly name = 'EndpointError';
  readonly method?: string;
  readonly url?: string;
  readonly status?: number;
  readonly serverMessage?: string;
  readonly location?: string;
  readonly code?: string;

  constructor(
    readonly kind: EndpointErrorKind,
    message: string,
    details: EndpointErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.serverMessage = details.serverMessage;
    this.location = details.location;
    this.code = details.code;
  }
}

/** How to reach the endpoint. */
export interface MarquezClientOptions {
  /** The API root, e.g. `http://localhost:5000` (a trailing `/api/v1` is dropped); see {@link normalizeEndpointUrl}. */
  baseUrl: string;
  /** Reads the API key when a request goes out; without one (or when it gives undefined) no key is sent. */
  apiKey?: () => Promise<string | undefined>;
  /** The fetch implementation; the global one by default. */
  fetch?: typeof fetch;
  /** Deadline of each request, redirects and body included. Default 30 s. */
  timeoutMs?: number;
  /** Largest accepted response body. Default 20 MiB. */
  maxResponseBytes?: number;
  /** Pause before the one retry of a read. Default 250 ms. */
  retryDelayMs?: number;
  /** The `User-Agent` header, so that the endpoint's logs can tell the requests apart. Default `lineage-lens`. */
  userAgent?: string;
}

/** Options every request takes. */
export interface RequestOptions {
  /** Cancels the request (e.g. when the user navigates away); the call then rejects with kind `cancelled`. */
  signal?: AbortSignal;
}

/** Paging of list endpoints; Marquez's defaults apply when left out (limit 100, offset 0). */
export interface PageOptions extends RequestOptions {
  limit?: number;
  offset?: number;
}

/** `GET /search` options. */
export interface SearchOptions extends RequestOptions {
  /** Only datasets or only jobs. */
  filter?: 'dataset' | 'job';
  /** Marquez's default is 10. */
  limit?: number;
  namespace?: string;
  sort?: 'name' | 'updated_at';
  /** `YYYY-MM-DD`. */
  before?: string;
  /** `YYYY-MM-DD`. */
  after?: string;
}

/** `GET /events/lineage` options. */
export interface EventsOptions extends RequestOptions {
  /** Events before this time (ISO string, epoch seconds or Date). */
  before?: string | number | Date;
  /** Events after this time (ISO string, epoch seconds or Date). */
  after?: string | number | Date;
  limit?: number;
  offset?: number;
  sortDirection?: 'asc' | 'desc';
}

/** The answer to `POST /lineage`. */
export interface PostEventResult {
  /** 201 from Marquez (its OpenAPI says 200; both are success). */
  status: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
/** Marquez's default lineage depth. */
export const DEFAULT_DEPTH = 20;
const MAX_REDIRECTS = 5;
/** Error bodies are read only this far: enough for a message, never a reason to fail. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type Query = Record<string, string | number | boolean | undefined>;

interface RequestSpec {
  method: 'GET' | 'POST';
  /** Path segments after `/api/v1`, each encoded here. */
  segments: readonly string[];
  query?: Query;
  body?: unknown;
  /** What was asked for, for not-found messages ("job airflow-prod/orders.load"). */
  what: string;
  signal?: AbortSignal;
}

/** Epoch values at or above this are milliseconds, not seconds (1e11 s is the year 5138). */
const EPOCH_MILLIS_THRESHOLD = 1e11;

/**
 * The one timestamp normaliser. Marquez's API writes ISO-8601 strings, but its fixtures and some
 * serialisers write epoch seconds as decimals (`1624539874.421452`). Returns:
 * - ISO strings as received (their precision and zone kept);
 * - epoch seconds (numbers or numeric strings, fractional allowed, microseconds kept) as `…Z` ISO strings;
 *   values of 1e11 and more are taken as epoch milliseconds;
 * - null for null, undefined and anything that is not a time.
 */
export function toIsoTimestamp(value: unknown): IsoTimestamp | null {
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(text)) return fromEpoch(Number(text));
    return text !== '' && !Number.isNaN(Date.parse(text)) ? text : null;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'number') return fromEpoch(value);
  return null;
}

function fromEpoch(value: number): IsoTimestamp | null {
  if (!Number.isFinite(value)) return null;
  const seconds = Math.abs(value) >= EPOCH_MILLIS_THRESHOLD ? value / 1000 : value;
  let whole = Math.floor(seconds);
  let micros = Math.round((seconds - whole) * 1e6);
  if (micros === 1e6) {
    whole += 1;
    micros = 0;
  }
  const date = new Date(whole * 1000);
  if (Number.isNaN(date.getTime())) return null;
  const base = date.toISOString().slice(0, 19);
  // Milliseconds when that is exact, microseconds otherwise: Marquez's own strings carry microseconds.
  const fraction = micros % 1000 === 0 ? String(micros / 1000).padStart(3, '0') : String(micros).padStart(6, '0');
  return `${base}.${fraction}Z`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of `value` with the named fields' timestamps normalised; other fields (and facets) untouched. */
function withTimestamps<T>(value: unknown, fields: readonly string[]): T {
  if (!isObject(value)) return value as T;
  const copy: Record<string, unknown> = { ...value };
  for (const field of fields) {
    if (field in copy) copy[field] = toIsoTimestamp(copy[field]);
  }
  return copy as T;
}

const ENTITY_TIMES = ['createdAt', 'updatedAt'] as const;

function normalizeNamespace(value: unknown): Namespace {
  return withTimestamps<Namespace>(value, ENTITY_TIMES);
}

function normalizeDataset(value: unknown): Dataset {
  return withTimestamps<Dataset>(value, [...ENTITY_TIMES, 'lastModifiedAt']);
}

function normalizeRun(value: unknown): Run {
  return withTimestamps<Run>(value, [...ENTITY_TIMES, 'nominalStartTime', 'nominalEndTime', 'startedAt', 'endedAt']);
}

function normalizeJob(value: unknown): Job {
  const job = withTimestamps<Job & Record<string, unknown>>(value, ENTITY_TIMES);
  if (!isObject(job)) return job;
  if (isObject(job.latestRun)) job.latestRun = normalizeRun(job.latestRun);
  if (Array.isArray(job.latestRuns)) job.latestRuns = job.latestRuns.map(normalizeRun);
  return job;
}

function normalizeNode(value: unknown): LineageNode {
  if (!isObject(value) || !isObject(value.data)) return value as unknown as LineageNode;
  switch (value.type) {
    case 'DATASET':
      return { ...value, data: normalizeDataset(value.data) } as unknown as LineageNode;
    case 'JOB':
      return { ...value, data: normalizeJob(value.data) } as unknown as LineageNode;
    case 'RUN':
      return { ...value, data: normalizeRun(value.data) } as unknown as LineageNode;
    default:
      return value as unknown as LineageNode;
  }
}

/** Why fetch failed, from the error chain undici gives (`TypeError: fetch failed` → cause with a code). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; isObject(e) || e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ABORT_ERR') return code;
    if (depth > 5) break;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorMessageOf(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++, e = e.cause) parts.push(e.message);
  return parts.join(': ') || String(error);
}

const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|EPROTO$|HOSTNAME_MISMATCH$)/;

/**
 * A client of one endpoint. Methods resolve with the typed response or reject with an {@link EndpointError}.
 */
export class MarquezClient {
  /** The normalised API root (no trailing slash). */
  readonly baseUrl: string;
  /** The only origin that receives the API key. */
  readonly origin: string;
  private readonly apiKey?: () => Promise<string | undefined>;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly retryDelayMs: number;
  private readonly userAgent: string;

  constructor(options: MarquezClientOptions) {
    const normalized = normalizeEndpointUrl(options.baseUrl);
    if (!normalized.ok) throw new TypeError(`Invalid endpoint URL: ${normalized.message}`);
    this.baseUrl = normalized.url;
    this.origin = normalized.origin;
    this.apiKey = options.apiKey;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.userAgent = options.userAgent ?? 'lineage-lens';
  }

  /** `GET /lineage`: the graph around a dataset or job node (`dataset:<ns>:<name>`, `job:<ns>:<name>`). */
  async lineage(nodeId: string, depth = DEFAULT_DEPTH, options: RequestOptions = {}): Promise<LineageGraph> {
    const body = await this.get(['lineage'], { nodeId, depth }, `lineage of ${nodeId}`, options.signal);
    return this.graph(body, 'lineage');
  }

  /** `GET /column-lineage`: field-level lineage of a dataset (`dataset:…`) or one field (`datasetField:…`). */
  async columnLineage(nodeId: string, depth = DEFAULT_DEPTH, withDownstream = false, options: RequestOptions = {}): Promise<LineageGraph> {
    const body = await this.get(['column-lineage'], { nodeId, depth, withDownstream }, `column lineage of ${nodeId}`, options.signal);
    return this.graph(body, 'column-lineage');
  }

  /** `GET /search`: datasets and jobs whose name matches `q` (SQL LIKE: `%` and `_` are wildcards). */
  async search(q: string, options: SearchOptions = {}): Promise<SearchResults> {
    const { filter, limit, namespace, sort, before, after, signal } = options;
    const body = await this.get(['search'], { q, filter, limit, namespace, sort, before, after }, `search for "${q}"`, signal);
    const results = this.list(body, 'results', 'search');
    return {
      ...(body as object),
      totalCount: typeof (body as { totalCount?: unknown }).totalCount === 'number' ? (body as { totalCount: number }).totalCount : results.length,
      results: results.map((r) => withTimestamps<SearchResult>(r, ['updatedAt'])),
    } as SearchResults;
  }

  /** `GET /namespaces`. */
  async namespaces(options: PageOptions = {}): Promise<NamespaceList> {
    const body = await this.get(['namespaces'], { limit: options.limit, offset: options.offset }, 'namespaces', options.signal);
    return { ...(body as object), namespaces: this.list(body, 'namespaces', 'namespaces').map(normalizeNamespace) };
  }

  /** `GET /namespaces/{ns}/jobs`. */
  async jobs(namespace: string, options: PageOptions = {}): Promise<JobList> {
    const body = await this.get(['namespaces', namespace, 'jobs'], { limit: options.limit, offset: options.offset }, `namespace ${namespace}`, options.signal);
    return { ...(body as object), jobs: this.list(body, 'jobs', 'jobs').map(normalizeJob) };
  }

  /** `GET /namespaces/{ns}/datasets`. */
  async datasets(namespace: string, options: PageOptions = {}): Promise<DatasetList> {
    const body = await this.get(['namespaces', namespace, 'datasets'], { limit: options.limit, offset: options.offset }, `namespace ${namespace}`, options.signal);
    return { ...(body as object), datasets: this.list(body, 'datasets', 'datasets').map(normalizeDataset) };
  }

  /** `GET /namespaces/{ns}/jobs/{job}`. */
  async job(namespace: string, name: string, options: RequestOptions = {}): Promise<Job> {
    const body = await this.get(['namespaces', namespace, 'jobs', name], undefined, `job ${name} in namespace ${namespace}`, options.signal);
    return normalizeJob(this.object(body, 'name', 'job'));
  }

  /** `GET /namespaces/{ns}/datasets/{dataset}`. */
  async dataset(namespace: string, name: string, options: RequestOptions = {}): Promise<Dataset> {
    const body = await this.get(['namespaces', namespace, 'datasets', name], undefined, `dataset ${name} in namespace ${namespace}`, options.signal);
    return normalizeDataset(this.object(body, 'name', 'dataset'));
  }

  /** `GET /namespaces/{ns}/jobs/{job}/runs`, newest first. */
  async jobRuns(namespace: string, name: string, limit?: number, options: RequestOptions = {}): Promise<RunList> {
    const body = await this.get(['namespaces', namespace, 'jobs', name, 'runs'], { limit }, `job ${name} in namespace ${namespace}`, options.signal);
    return { ...(body as object), runs: this.list(body, 'runs', 'runs').map(normalizeRun) };
  }

  /** `GET /jobs/runs/{id}`. */
  async run(id: string, options: RequestOptions = {}): Promise<Run> {
    const body = await this.get(['jobs', 'runs', id], undefined, `run ${id}`, options.signal);
    return normalizeRun(this.object(body, 'id', 'run'));
  }

  /** `GET /jobs/runs/{id}/facets?type=run|job`: the run's (or its job's) facets, unknown ones included. */
  async runFacets(id: string, type: 'run' | 'job', options: RequestOptions = {}): Promise<RunFacetsResult> {
    const body = await this.get(['jobs', 'runs', id, 'facets'], { type }, `run ${id}`, options.signal);
    const result = this.object(body, 'facets', 'run facets');
    if (!isObject(result.facets)) throw this.shapeError('run facets', ['jobs', 'runs', id, 'facets'], '`facets` is not an object');
    return result as unknown as RunFacetsResult;
  }

  /** `GET /events/lineage`: the raw OpenLineage events the endpoint received, newest first by default. */
  async events(options: EventsOptions = {}): Promise<LineageEventList> {
    const { before, after, limit, offset, sortDirection, signal } = options;
    const time = (t: EventsOptions['before']) => (t === undefined ? undefined : (toIsoTimestamp(t) ?? String(t)));
    const body = await this.get(['events', 'lineage'], { before: time(before), after: time(after), limit, offset, sortDirection }, 'lineage events', signal);
    const events = this.list(body, 'events', 'lineage events') as LineageEvent[];
    const total = (body as { totalCount?: unknown }).totalCount;
    return { ...(body as object), events, totalCount: typeof total === 'number' ? total : events.length };
  }

  /** `POST /lineage`: sends one OpenLineage event. Never retried: a repeated event would be recorded twice. */
  async postEvent(event: LineageEvent | Record<string, unknown>, options: RequestOptions = {}): Promise<PostEventResult> {
    const status = await this.send({ method: 'POST', segments: ['lineage'], body: event, what: 'lineage event', signal: options.signal });
    return { status };
  }

  /** The full URL of an API path (segments encoded), e.g. for messages and logs. */
  urlOf(segments: readonly string[], query?: Query): string {
    const path = segments.map((s) => encodeURIComponent(s)).join('/');
    const params = Object.entries(query ?? {})
      .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    return `${this.baseUrl}/api/v1/${path}${params ? `?${params}` : ''}`;
  }

  private graph(body: unknown, endpoint: string): LineageGraph {
    const nodes = this.list(body, 'graph', endpoint === 'lineage' ? 'lineage graph' : 'column lineage graph');
    return { ...(body as object), graph: nodes.map(normalizeNode) } as LineageGraph;
  }

  /** `body[key]` as an array, or an `invalid-response` error naming what was expected. */
  private list(body: unknown, key: string, what: string): unknown[] {
    const value = isObject(body) ? body[key] : undefined;
    if (!Array.isArray(value)) throw this.shapeError(what, undefined, `it has no \`${key}\` list`);
    return value;
  }

  /** `body` as an object with `key`, or an `invalid-response` error. */
  private object(body: unknown, key: string, what: string): Record<string, unknown> {
    if (!isObject(body) || !(key in body)) throw this.shapeError(what, undefined, `it has no \`${key}\``);
    return body;
  }

  private shapeError(what: string, segments: readonly string[] | undefined, why: string): EndpointError {
    const url = segments ? this.urlOf(segments) : this.baseUrl;
    return new EndpointError(
      'invalid-response',
      `The endpoint ${this.baseUrl} answered with JSON that is not a ${what} (${why}): the URL serves some other API. Check that lineageLens.endpoint.url points at a Marquez-compatible lineage API root, e.g. http://host:5000.`,
      { url },
    );
  }

  private async get(segments: readonly string[], query: Query | undefined, what: string, signal: AbortSignal | undefined): Promise<unknown> {
    return this.send({ method: 'GET', segments, query, what, signal });
  }

  /**
   * Sends a request: GET resolves with the parsed JSON body, POST with the status. Reads are retried once
   * after a network error or a 5xx, as a restarting server or a dropped keep-alive connection gives them.
   */
  private async send(spec: RequestSpec & { method: 'GET' }): Promise<unknown>;
  private async send(spec: RequestSpec & { method: 'POST' }): Promise<number>;
  private async send(spec: RequestSpec): Promise<unknown> {
    const attempts = spec.method === 'GET' ? 2 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(spec);
      } catch (error) {
        const retryable = error instanceof EndpointError && (error.kind === 'unreachable' || (error.kind === 'http' && (error.status ?? 0) >= 500));
        if (!retryable || attempt >= attempts || spec.signal?.aborted) throw error;
        await this.pause(spec);
      }
    }
  }

  private pause(spec: RequestSpec): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(this.cancelled(spec, this.urlOf(spec.segments, spec.query)));
      };
      const timer = setTimeout(() => {
        spec.signal?.removeEventListener('abort', onAbort);
        resolve();
      }, this.retryDelayMs);
      spec.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private cancelled(spec: RequestSpec, url: string): EndpointError {
    return new EndpointError('cancelled', `The request for the ${spec.what} was cancelled.`, { method: spec.method, url });
  }

  /** One try: the request, same-origin redirects, the body. The deadline covers all of it. */
  private async attempt(spec: RequestSpec): Promise<unknown> {
    const initialUrl = this.urlOf(spec.segments, spec.query);
    if (spec.signal?.aborted) throw this.cancelled(spec, initialUrl);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = () => controller.abort();
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    let url = initialUrl;
    try {
      const key = await this.apiKey?.();
      const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
      for (let redirects = 0; ; redirects++) {
        const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.userAgent };
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        // Checked on every hop, although only same-origin hops get here: the key never leaves its origin.
        const keySent = Boolean(key) && new URL(url).origin === this.origin;
        if (keySent) headers.Authorization = `Bearer ${key}`;
        const response = await this.fetchImpl(url, { method: spec.method, headers, body, redirect: 'manual', signal: controller.signal });
        if (!REDIRECT_STATUSES.has(response.status)) return await this.handle(spec, url, response, keySent, controller.signal);
        await response.body?.cancel().catch(() => undefined);
        url = this.redirectTarget(spec, url, response, redirects);
      }
    } catch (error) {
      if (error instanceof EndpointError) throw error;
      if (timedOut) {
        throw new EndpointError(
          'timeout',
          `The endpoint ${this.origin} did not answer ${spec.method} ${url} within ${formatMs(this.timeoutMs)}. Check that the server is up and not overloaded, and that lineageLens.endpoint.url points at it; for a large lineage graph, ask for a smaller depth.`,
          { method: spec.method, url, cause: error },
        );
      }
      if (spec.signal?.aborted) throw this.cancelled(spec, url);
      throw this.networkError(spec, url, error);
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The next URL of a redirect the client may follow, or a `redirect` error saying why not. */
  private redirectTarget(spec: RequestSpec, url: string, response: Response, redirects: number): string {
    const location = response.headers.get('location');
    const details = { method: spec.method, url, status: response.status, location: location ?? undefined };
    if (!location) throw new EndpointError('http', `${spec.method} ${url} answered HTTP ${response.status} (a redirect) without a Location header.`, details);
    let target: URL;
    try {
      target = new URL(location, url);
    } catch {
      throw new EndpointError('redirect', `${spec.method} ${url} redirected to "${location}", which is not a URL.`, details);
    }
    details.location = target.href;
    if (target.origin !== this.origin) {
      throw new EndpointError(
        'redirect',
        `${spec.method} ${url} redirected to another origin, ${target.origin}. Lineage Lens does not follow it, so your API key is never sent there. If ${target.origin} is the right endpoint, run "Lineage Lens: Set Endpoint" with ${target.origin}${target.pathname.replace(/\/api\/v1\/.*$/, '')}.`,
        details,
      );
    }
    if (redirects + 1 > MAX_REDIRECTS) {
      throw new EndpointError('redirect', `${spec.method} ${this.urlOf(spec.segments, spec.query)} was redirected more than ${MAX_REDIRECTS} times (last to ${target.href}). Check the server or proxy configuration.`, details);
    }
    if (spec.method !== 'GET' && response.status !== 307 && response.status !== 308) {
      throw new EndpointError('redirect', `${spec.method} ${url} answered HTTP ${response.status}, a redirect that would turn the event into a GET of ${target.href}. Set lineageLens.endpoint.url to the URL the server redirects to.`, details);
    }
    return target.href;
  }

  /** The result of a non-redirect response, or the error its status means. */
  private async handle(spec: RequestSpec, url: string, response: Response, keySent: boolean, signal: AbortSignal): Promise<unknown> {
    const details = { method: spec.method, url, status: response.status };
    if (response.ok) {
      if (spec.method === 'POST') {
        await response.body?.cancel().catch(() => undefined);
        return response.status;
      }
      const bytes = await this.readBody(response, this.maxResponseBytes, spec, url, signal);
      return this.parseJson(spec, url, response, bytes);
    }
    const errorBody = await this.readBody(response, MAX_ERROR_BODY_BYTES, spec, url, signal, true);
    const { serverMessage, json } = describeErrorBody(response, errorBody);
    const withServer = { ...details, serverMessage };
    const said = serverMessage ? ` The server said: "${serverMessage}"${/[.!?]$/.test(serverMessage) ? '' : '.'}` : '';
    switch (response.status) {
      case 401:
        throw new EndpointError(
          'unauthorized',
          keySent
            ? `The endpoint ${this.origin} rejected the API key (HTTP 401).${said} Run "${SET_API_KEY_COMMAND_TITLE}" to enter a valid key for ${this.origin}.`
            : `The endpoint ${this.origin} requires an API key (HTTP 401).${said} Run "${SET_API_KEY_COMMAND_TITLE}" to store one for ${this.origin}; it is sent as "Authorization: Bearer <key>".`,
          withServer,
        );
      case 403:
        throw new EndpointError(
          'forbidden',
          keySent
            ? `The endpoint ${this.origin} refused ${spec.method} ${url} with this API key (HTTP 403): the key lacks permission for it.${said} Run "${SET_API_KEY_COMMAND_TITLE}" to use a key with read access to the lineage API.`
            : `The endpoint ${this.origin} refused ${spec.method} ${url} without an API key (HTTP 403).${said} Run "${SET_API_KEY_COMMAND_TITLE}" to store a key for ${this.origin}.`,
          withServer,
        );
      case 404:
        // Marquez answers a missing job, dataset or run with a JSON error naming it, and an unknown path
        // with its generic "HTTP 404 Not Found"; anything else (HTML, plain text) is not the API at all.
        if (json && serverMessage && !/^HTTP 404\b/i.test(serverMessage)) {
          throw new EndpointError('not-found', `The endpoint has no ${spec.what} (HTTP 404).${said}`, withServer);
        }
        throw new EndpointError(
          'not-found',
          `${spec.method} ${url} answered HTTP 404: the path is not a lineage API. Check that lineageLens.endpoint.url points at the API root, e.g. http://host:5000 (Lineage Lens appends /api/v1/...).`,
          withServer,
        );
      default: {
        const hint = response.status >= 500
          ? ` The server failed${spec.method === 'GET' ? ' (asked twice)' : ''}; try again later, or look at the lineage server's logs.`
          : ' The request was refused as invalid; check the names and parameters.';
        throw new EndpointError('http', `${spec.method} ${url} failed with HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.${said}${hint}`, withServer);
      }
    }
  }

  /**
   * The body's bytes, counted as they stream in; beyond `limit` the download is aborted and the call fails
   * with `too-large` (or, with `truncate`, the bytes so far are returned: error bodies only feed messages).
   */
  private async readBody(response: Response, limit: number, spec: RequestSpec, url: string, signal: AbortSignal, truncate = false): Promise<Uint8Array> {
    const tooLarge = (declared?: number) =>
      new EndpointError(
        'too-large',
        `The answer to ${spec.method} ${url} is larger than ${formatBytes(limit)}${declared === undefined ? '' : ` (${formatBytes(declared)})`}, so Lineage Lens stopped reading it. Ask for less: a smaller lineage depth, a narrower search, or a page limit.`,
        { method: spec.method, url, status: response.status },
      );
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (!truncate && Number.isFinite(declared) && declared > limit) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge(declared);
    }
    if (!response.body) return new Uint8Array(await response.arrayBuffer());
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        if (signal.aborted) throw signal.reason ?? new Error('aborted');
        const { done, value } = await reader.read();
        if (done) break;
        if (total + value.byteLength > limit) {
          await reader.cancel().catch(() => undefined);
          if (truncate) {
            chunks.push(value.subarray(0, limit - total));
            total = limit;
            break;
          }
          throw tooLarge();
        }
        chunks.push(value);
        total += value.byteLength;
      }
    } finally {
      reader.releaseLock();
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  }

  private parseJson(spec: RequestSpec, url: string, response: Response, bytes: Uint8Array): unknown {
    const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
    const type = response.headers.get('content-type') ?? '';
    const details = { method: spec.method, url, status: response.status };
    if (/html/i.test(type) || /^\s*</.test(text)) {
      throw new EndpointError(
        'not-json',
        `${spec.method} ${url} answered with a web page (${type || 'HTML'}), not JSON: lineageLens.endpoint.url probably points at a web UI or a proxy's login page. Set it to the API root instead, e.g. http://host:5000 (Marquez's API port, not its web UI on port 3000).`,
        details,
      );
    }
    if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) {
      // JSON.parse takes seconds on millions of levels, blocking the extension host; no lineage answer nests so deep.
      throw new EndpointError(
        'invalid-response',
        `${spec.method} ${url} answered with JSON nested more than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels deep, which Lineage Lens does not read: no lineage answer is nested that deep. Check what serves lineageLens.endpoint.url.`,
        details,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new EndpointError(
        'not-json',
        `${spec.method} ${url} answered with ${text.trim() === '' ? 'an empty body' : `${type || 'a body'} that is not JSON`} (${(error as Error).message}): lineageLens.endpoint.url probably points at something other than the lineage API, e.g. a web UI. Set it to the API root, e.g. http://host:5000.`,
        { ...details, cause: error },
      );
    }
  }

  /** An `unreachable` or `tls` error from a failed fetch, with what to check. */
  private networkError(spec: RequestSpec, url: string, error: unknown): EndpointError {
    const code = errorCode(error);
    const details = { method: spec.method, url, code, cause: error };
    const host = new URL(url).host;
    if (code && TLS_CODES.test(code)) {
      const why =
        /SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code) ? 'its certificate is not signed by an authority this machine trusts (self-signed or a private CA)'
        : /EXPIRED|NOT_YET_VALID/.test(code) ? 'its certificate has expired or is not valid yet'
        : /ALTNAME|HOSTNAME/.test(code) ? `its certificate is not issued for ${new URL(url).hostname}`
        : /WRONG_VERSION_NUMBER|EPROTO|PACKET_LENGTH/.test(code) ? 'it does not speak TLS on that port (is it plain http?)'
        : 'the handshake failed';
      return new EndpointError(
        'tls',
        `The secure connection to ${host} failed: ${why} (${code}). Check the scheme and port in lineageLens.endpoint.url; for a private CA, add it to the system's trusted certificates (or NODE_EXTRA_CA_CERTS).`,
        details,
      );
    }
    const why =
      code === 'ECONNREFUSED' ? `nothing listens on ${host}: is the lineage server running, and is the port right (Marquez's API usually listens on 5000)?`
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `the host name ${new URL(url).hostname} cannot be resolved: check it for typos, and your network or VPN.`
      : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' ? `${host} closed the connection: check the scheme (http or https) and port, and any proxy in between.`
      : code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' ? `${host} cannot be reached from this machine: check your network, VPN or firewall.`
      : `${errorMessageOf(error)}.`;
    return new EndpointError('unreachable', `Cannot reach the endpoint ${this.origin}: ${why}${code ? ` (${code})` : ''}`, details);
  }
}

/** The endpoint's own explanation in an error body: the `message` (or `error`) of JSON, or the start of plain text. */
function describeErrorBody(response: Response, bytes: Uint8Array): { serverMessage?: string; json: boolean } {
  const text = new TextDecoder('utf-8').decode(bytes).trim();
  if (text === '') return { json: false };
  try {
    const body = JSON.parse(text) as unknown;
    if (isObject(body)) {
      const message = typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : undefined;
      return { serverMessage: message ? oneLine(message) : undefined, json: true };
    }
    return { json: true };
  } catch {
    // An HTML page's text says nothing useful in a notification.
    if (/html/i.test(response.headers.get('content-type') ?? '') || text.startsWith('<')) return { json: false };
    return { serverMessage: oneLine(text), json: false };
  }
}

/** Deepest JSON nesting read from an endpoint or a lineage file. */
export const MAX_JSON_DEPTH = 1000;

/**
 * Whether `text`, as JSON, nests arrays and objects more than `max` levels deep: one linear pass (strings
 * skipped), so that a hostile body is refused before JSON.parse spends seconds on it.
 */
export function jsonNestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}
