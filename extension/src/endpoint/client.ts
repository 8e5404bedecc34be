/**
 * A client of the Marquez HTTP API v1 (and of OpenLineage backends that speak it): one method per API
 * endpoint, each resolving with the typed answer (protocol/marquez.ts) or rejecting with an
 * {@link EndpointError}. No `vscode` import: the extension passes in the endpoint URL and a function that
 * reads the API key, so the client runs and is tested in plain Node.
 *
 * The layers under it: ./transport.ts sends the requests (encoding, deadlines, size and depth limits, the
 * one retry of reads, same-origin redirects, the API key), ./errors.ts says what each failure means and what
 * to do about it, and ./normalize.ts makes timestamps ISO-8601 strings whether the endpoint sent ISO strings
 * or epoch seconds. Here each answer is checked for the shape its endpoint returns.
 */
import type {
  Dataset,
  DatasetList,
  Job,
  JobList,
  LineageEvent,
  LineageEventList,
  LineageGraph,
  NamespaceList,
  Run,
  RunFacetsResult,
  RunList,
  SearchResult,
  SearchResults,
} from '../../../protocol/marquez';
import { shapeError, type EndpointError } from './errors';
import { isObject, readDataset, readJob, readNamespace, readNode, readRun, toIsoTimestamp, withTimestamps } from './normalize';
import { Transport, type Query, type TransportOptions } from './transport';

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

/** Marquez's default lineage depth. */
export const DEFAULT_DEPTH = 20;

/**
 * A client of one endpoint. Methods resolve with the typed response or reject with an {@link EndpointError}.
 */
export class MarquezClient {
  /** The normalised API root (no trailing slash). */
  readonly baseUrl: string;
  /** The only origin that receives the API key. */
  readonly origin: string;
  private readonly transport: Transport;

  constructor(options: TransportOptions) {
    this.transport = new Transport(options);
    this.baseUrl = this.transport.baseUrl;
    this.origin = this.transport.origin;
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
      totalCount:
        typeof (body as { totalCount?: unknown }).totalCount === 'number' ? (body as { totalCount: number }).totalCount : results.length,
      results: results.map((r) => withTimestamps<SearchResult>(r, ['updatedAt'])),
    } as SearchResults;
  }

  /** `GET /namespaces`. */
  async namespaces(options: PageOptions = {}): Promise<NamespaceList> {
    const body = await this.get(['namespaces'], { limit: options.limit, offset: options.offset }, 'namespaces', options.signal);
    return { ...(body as object), namespaces: this.list(body, 'namespaces', 'namespaces').map(readNamespace) };
  }

  /** `GET /namespaces/{ns}/jobs`. */
  async jobs(namespace: string, options: PageOptions = {}): Promise<JobList> {
    const body = await this.get(
      ['namespaces', namespace, 'jobs'],
      { limit: options.limit, offset: options.offset },
      `namespace ${namespace}`,
      options.signal,
    );
    return { ...(body as object), jobs: this.list(body, 'jobs', 'jobs').map(readJob) };
  }

  /** `GET /namespaces/{ns}/datasets`. */
  async datasets(namespace: string, options: PageOptions = {}): Promise<DatasetList> {
    const body = await this.get(
      ['namespaces', namespace, 'datasets'],
      { limit: options.limit, offset: options.offset },
      `namespace ${namespace}`,
      options.signal,
    );
    return { ...(body as object), datasets: this.list(body, 'datasets', 'datasets').map(readDataset) };
  }

  /** `GET /namespaces/{ns}/jobs/{job}`. */
  async job(namespace: string, name: string, options: RequestOptions = {}): Promise<Job> {
    const body = await this.get(
      ['namespaces', namespace, 'jobs', name],
      undefined,
      `job ${name} in namespace ${namespace}`,
      options.signal,
    );
    return readJob(this.object(body, 'name', 'job'));
  }

  /** `GET /namespaces/{ns}/datasets/{dataset}`. */
  async dataset(namespace: string, name: string, options: RequestOptions = {}): Promise<Dataset> {
    const body = await this.get(
      ['namespaces', namespace, 'datasets', name],
      undefined,
      `dataset ${name} in namespace ${namespace}`,
      options.signal,
    );
    return readDataset(this.object(body, 'name', 'dataset'));
  }

  /** `GET /namespaces/{ns}/jobs/{job}/runs`, newest first. */
  async jobRuns(namespace: string, name: string, limit?: number, options: RequestOptions = {}): Promise<RunList> {
    const body = await this.get(
      ['namespaces', namespace, 'jobs', name, 'runs'],
      { limit },
      `job ${name} in namespace ${namespace}`,
      options.signal,
    );
    return { ...(body as object), runs: this.list(body, 'runs', 'runs').map(readRun) };
  }

  /** `GET /jobs/runs/{id}`. */
  async run(id: string, options: RequestOptions = {}): Promise<Run> {
    const body = await this.get(['jobs', 'runs', id], undefined, `run ${id}`, options.signal);
    return readRun(this.object(body, 'id', 'run'));
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
    const body = await this.get(
      ['events', 'lineage'],
      { before: time(before), after: time(after), limit, offset, sortDirection },
      'lineage events',
      signal,
    );
    const events = this.list(body, 'events', 'lineage events') as LineageEvent[];
    const total = (body as { totalCount?: unknown }).totalCount;
    return { ...(body as object), events, totalCount: typeof total === 'number' ? total : events.length };
  }

  /** `POST /lineage`: sends one OpenLineage event. Never retried: a repeated event would be recorded twice. */
  async postEvent(event: LineageEvent | Record<string, unknown>, options: RequestOptions = {}): Promise<PostEventResult> {
    const status = await this.transport.send({
      method: 'POST',
      segments: ['lineage'],
      body: event,
      what: 'lineage event',
      signal: options.signal,
    });
    return { status };
  }

  /** The full URL of an API path (segments encoded), e.g. for messages and logs. */
  urlOf(segments: readonly string[], query?: Query): string {
    return this.transport.urlOf(segments, query);
  }

  private graph(body: unknown, endpoint: string): LineageGraph {
    const nodes = this.list(body, 'graph', endpoint === 'lineage' ? 'lineage graph' : 'column lineage graph');
    return { ...(body as object), graph: nodes.map(readNode) } as LineageGraph;
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
    return shapeError(this.baseUrl, segments ? this.urlOf(segments) : this.baseUrl, what, why);
  }

  private async get(
    segments: readonly string[],
    query: Query | undefined,
    what: string,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    return this.transport.send({ method: 'GET', segments, query, what, signal });
  }
}
