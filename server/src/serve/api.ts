/**
 * The read API of the local endpoint: Marquez API v1 paths answered from the {@link StoredLineage}, in
 * Marquez's shapes (protocol/marquez.ts; docs/upstream/marquez-api.md). No HTTP here: a request is its decoded
 * path segments (after `/api/v1`) and query, an answer a status and a JSON value.
 *
 * Marquez's behaviours kept: node ids `dataset:<ns>:<name>`, `job:<ns>:<name>`,
 * `datasetField:<ns>:<name>:<field>` (and `run:<id>`, which stands for its job); lineage depth counts jobs and
 * defaults to 20; graphs are sorted by node id; search is `name ILIKE '%' || q || '%'` (./like.ts), limit 10;
 * lists default to limit 100; unknown paths answer `{"code":404,"message":"HTTP 404 Not Found"}` and missing
 * jobs, datasets and runs a 404 naming them.
 */
import type {
  Dataset,
  DatasetFieldNode,
  DatasetNode,
  Job,
  JobNode,
  LineageGraph,
  Namespace,
  Run,
  SearchResult,
  SearchResults,
  SearchResultType,
} from '../../../protocol/marquez';
import { datasetFieldNodeId, datasetNodeId, jobNodeId, nodeIdKind, parseNodeId } from '../../../protocol/node-ids';
import { likeMatches, searchPattern } from './like';
import { intParam, timeParam } from './params';
import {
  nameUuid,
  type DatasetRecord,
  type DatasetVersionRecord,
  type FieldInput,
  type JobRecord,
  type StoredLineage,
  type RunDatasetRecord,
  type RunRecord,
} from './model';

/** An HTTP answer: status, JSON body (omitted: none), extra headers. */
export interface Answer {
  status: number;
  body?: unknown;
  /** The body as JSON text already (instead of `body`). */
  raw?: string;
  headers?: Record<string, string>;
}

/** The stored events, for `GET /events/lineage`. */
export interface EventSource {
  /** At most `limit` events, and no more than `maxBytes` of them unless the first alone is larger. */
  page(
    after: number,
    before: number,
    direction: 'asc' | 'desc',
    offset: number,
    limit: number,
    maxBytes?: number,
  ): Promise<{ lines: string[]; totalCount: number }>;
}

/**
 * Most characters of JSON one listing answer holds (events, jobs, datasets, runs, versions, namespaces): a page
 * stops early (with at least one item) rather than building an answer too large for one string. `totalCount`
 * stays the total, so a client paging by `offset += items.length` gets every item; such an answer carries
 * `X-Lineage-Lens-Truncated: true`.
 */
export const ANSWER_BUDGET = 64 * 1024 * 1024;
/** Longest search query `q`, in characters. */
export const MAX_QUERY_LENGTH = 256;
/** Largest `limit` of a listing or search. */
export const MAX_LIMIT = 10_000;

/** `sort` values of `GET /search`, case-insensitive (Marquez's enum names and the names its docs give). */
const SEARCH_SORTS: Record<string, 'name' | 'updated_at' | undefined> = { NAME: 'name', UPDATE_AT: 'updated_at', UPDATED_AT: 'updated_at' };

/** Marquez's default lineage depth. */
export const DEFAULT_DEPTH = 20;
/** How many runs a job's `latestRuns` holds. */
const LATEST_RUNS = 10;

/** A Marquez-style error answer. */
export function errorAnswer(status: number, message: string, headers?: Record<string, string>): Answer {
  return { status, body: { code: status, message }, ...(headers && { headers }) };
}

const notFound = (message: string) => errorAnswer(404, message);
const badRequest = (message: string) => errorAnswer(400, message);
/** Marquez's (Dropwizard's) answer to a path it does not serve. */
export const UNKNOWN_PATH: Answer = errorAnswer(404, 'HTTP 404 Not Found');

/**
 * The methods a path under `/api/v1` allows, or undefined when the API has no such path. `POST /lineage`
 * is the only write.
 */
export function allowedMethods(segments: readonly string[]): readonly string[] | undefined {
  const [a, b, c, , e] = segments;
  const n = segments.length;
  if (n === 1 && a === 'lineage') return ['GET', 'POST'];
  if (n === 1 && (a === 'column-lineage' || a === 'search' || a === 'namespaces')) return ['GET'];
  if (a === 'namespaces' && n >= 2) {
    if (n === 2) return ['GET'];
    if ((c === 'jobs' || c === 'datasets') && n <= 4) return ['GET'];
    if (c === 'jobs' && n === 5 && e === 'runs') return ['GET'];
    if (c === 'datasets' && n === 5 && e === 'versions') return ['GET'];
    return undefined;
  }
  if (a === 'jobs' && b === 'runs' && (n === 3 || (n === 4 && segments[3] === 'facets'))) return ['GET'];
  if (a === 'events' && b === 'lineage' && n === 2) return ['GET'];
  return undefined;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const byName = <T extends { name: string }>(x: T, y: T) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Answers Marquez API reads from the model. */
export class ReadApi {
  private readonly budget: number;

  constructor(
    private readonly model: StoredLineage,
    private readonly events: EventSource,
    options: { answerBudget?: number } = {},
  ) {
    this.budget = options.answerBudget ?? ANSWER_BUDGET;
  }

  /**
   * A listing answer `{"<key>":[…],"totalCount":n}` serialised item by item within the answer budget: it stops
   * after the item that reaches the budget (a truncated page; `totalCount` is still the total).
   */
  private listAnswer<T>(key: string, items: readonly T[], toJson: (item: T) => unknown, totalCount?: number): Answer {
    const parts: string[] = [];
    let size = 0;
    try {
      for (const item of items) {
        if (parts.length > 0 && size >= this.budget) break;
        const json = JSON.stringify(toJson(item));
        parts.push(json);
        size += json.length + 1;
      }
    } catch (error) {
      return badRequest(`The answer is too large to send (${(error as Error).message}); ask for less: a smaller limit.`);
    }
    const truncated = parts.length < items.length;
    return {
      status: 200,
      raw: `{${JSON.stringify(key)}:[${parts.join(',')}]${totalCount === undefined ? '' : `,"totalCount":${totalCount}`}}`,
      ...(truncated && { headers: { 'X-Lineage-Lens-Truncated': 'true' } }),
    };
  }

  /** Answers `GET /api/v1/<segments>?<query>`; segments are decoded. */
  async get(segments: readonly string[], query: URLSearchParams): Promise<Answer> {
    const [a, b, c, d, e] = segments;
    const n = segments.length;
    const limit = (fallback: number) => intParam(query, 'limit', fallback, MAX_LIMIT);
    const offset = () => intParam(query, 'offset', 0);
    const page = <T>(items: T[], fallback = 100): T[] | string => {
      const l = limit(fallback);
      const o = offset();
      if (typeof l === 'string') return l;
      if (typeof o === 'string') return o;
      return items.slice(o, o + l);
    };

    if (a === 'lineage' && n === 1) return this.lineage(query);
    if (a === 'column-lineage' && n === 1) return this.columnLineage(query);
    if (a === 'search' && n === 1) return this.search(query);
    if (a === 'events' && b === 'lineage' && n === 2) return this.eventList(query);
    if (a === 'namespaces') {
      if (n === 1) {
        const all = [...this.model.namespaces.values()].sort(byName).map((ns) => this.namespaceJson(ns.name));
        const items = page(all);
        return typeof items === 'string' ? badRequest(items) : this.listAnswer('namespaces', items, (x) => x);
      }
      const ns = b!;
      if (!this.model.namespaces.has(ns)) return notFound(`Namespace '${ns}' not found.`);
      if (n === 2) return { status: 200, body: this.namespaceJson(ns) };
      if (c === 'jobs' && n === 3) {
        const jobs = [...this.model.jobs.values()].filter((j) => j.namespace === ns).sort(byName);
        const items = page(jobs);
        return typeof items === 'string' ? badRequest(items) : this.listAnswer('jobs', items, (j) => this.jobJson(j, true), jobs.length);
      }
      if (c === 'datasets' && n === 3) {
        const datasets = [...this.model.datasets.values()].filter((x) => x.namespace === ns).sort(byName);
        const items = page(datasets);
        return typeof items === 'string'
          ? badRequest(items)
          : this.listAnswer('datasets', items, (x) => this.datasetJson(x, true), datasets.length);
      }
      if (c === 'jobs' && d !== undefined) {
        const job = this.model.jobs.get(jobNodeId({ namespace: ns, name: d }));
        if (!job) return notFound(`Job '${d}' not found in namespace '${ns}'.`);
        if (n === 4) return { status: 200, body: this.jobJson(job, true) };
        if (e === 'runs' && n === 5) {
          const items = page([...job.runs].reverse());
          return typeof items === 'string' ? badRequest(items) : this.listAnswer('runs', items, (r) => this.runJson(r), job.runs.length);
        }
      }
      if (c === 'datasets' && d !== undefined) {
        const dataset = this.model.datasets.get(datasetNodeId({ namespace: ns, name: d }));
        if (!dataset) return notFound(`Dataset '${d}' not found in namespace '${ns}'.`);
        if (n === 4) return { status: 200, body: this.datasetJson(dataset, true) };
        if (e === 'versions' && n === 5) {
          const items = page([...dataset.versions].reverse());
          return typeof items === 'string'
            ? badRequest(items)
            : this.listAnswer('versions', items, (v) => this.versionJson(dataset, v), dataset.versions.length);
        }
      }
    }
    if (a === 'jobs' && b === 'runs' && c !== undefined) {
      const run = this.model.runs.get(c);
      if (!run) return notFound(`Run '${c}' not found.`);
      if (n === 3) return { status: 200, body: this.runJson(run) };
      if (d === 'facets' && n === 4) {
        const type = query.get('type');
        if (type !== 'run' && type !== 'job') return badRequest('query param type must be run or job');
        return { status: 200, body: { runId: run.id, facets: type === 'run' ? run.facets : run.job.facets } };
      }
    }
    return UNKNOWN_PATH;
  }

  // ---- lineage --------------------------------------------------------------------------------------

  private lineage(query: URLSearchParams): Answer {
    const nodeId = query.get('nodeId');
    if (!nodeId) return badRequest('query param nodeId must not be null');
    if (!nodeIdKind(nodeId)) return badRequest(`nodeId ${nodeId} is invalid: it must start with dataset:, job: or run:`);
    const depth = intParam(query, 'depth', DEFAULT_DEPTH);
    if (typeof depth === 'string') return badRequest(depth);
    const start = this.lineageStart(nodeId);
    if (!start) return notFound(`Node '${nodeId}' not found.`);
    // Depth counts jobs: two hops (dataset → job → dataset) per level.
    const maxHops = depth * 2;
    const seen = new Map<string, JobRecord | DatasetRecord>([[start.nodeId, start]]);
    let frontier: (JobRecord | DatasetRecord)[] = [start];
    for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
      const next: (JobRecord | DatasetRecord)[] = [];
      for (const node of frontier) {
        for (const neighbour of neighbours(node)) {
          if (seen.has(neighbour.nodeId)) continue;
          seen.set(neighbour.nodeId, neighbour);
          next.push(neighbour);
        }
      }
      frontier = next;
    }
    const graph = [...seen.keys()].sort().map((id): JobNode | DatasetNode => {
      const node = seen.get(id)!;
      if (isJob(node)) {
        return {
          id,
          type: 'JOB',
          data: this.jobJson(node, false),
          inEdges: node.inputs.map((d) => ({ origin: d.nodeId, destination: id })),
          outEdges: node.outputs.map((d) => ({ origin: id, destination: d.nodeId })),
        };
      }
      return {
        id,
        type: 'DATASET',
        data: this.datasetJson(node, false),
        inEdges: [...node.producers].map((j) => ({ origin: j.nodeId, destination: id })),
        outEdges: [...node.consumers].map((j) => ({ origin: id, destination: j.nodeId })),
      };
    });
    return { status: 200, body: { graph } satisfies LineageGraph };
  }

  /** The job or dataset a node id names (`run:` ids name their job; a `#version` suffix is ignored). */
  private lineageStart(nodeId: string): JobRecord | DatasetRecord | undefined {
    const exact = this.model.jobs.get(nodeId) ?? this.model.datasets.get(nodeId);
    if (exact) return exact;
    const kind = nodeIdKind(nodeId);
    if (kind === 'run') return this.model.runs.get(parseNodeId(nodeId).name)?.job;
    if (kind === 'field') {
      const ref = this.model.fieldRefs.get(nodeId.replace(/#[^#]*$/, ''));
      if (ref) return this.model.datasets.get(datasetNodeId({ namespace: ref.namespace, name: ref.dataset }));
      for (const dataset of this.model.datasets.values()) {
        if (dataset.fields.some((f) => datasetFieldNodeId(dataset, f.name) === nodeId)) return dataset;
      }
      return undefined;
    }
    const hash = nodeId.lastIndexOf('#');
    if (hash > 0) return this.model.jobs.get(nodeId.slice(0, hash)) ?? this.model.datasets.get(nodeId.slice(0, hash));
    return undefined;
  }

  private columnLineage(query: URLSearchParams): Answer {
    const nodeId = query.get('nodeId');
    if (!nodeId) return badRequest('query param nodeId must not be null');
    const kind = nodeIdKind(nodeId);
    if (kind !== 'dataset' && kind !== 'field')
      return badRequest(`nodeId ${nodeId} is invalid: column lineage starts at a dataset: or datasetField: node`);
    const depth = intParam(query, 'depth', DEFAULT_DEPTH);
    if (typeof depth === 'string') return badRequest(depth);
    const withDownstream = query.get('withDownstream') === 'true';
    const refs = new Map<string, { namespace: string; dataset: string; field: string }>();
    if (kind === 'dataset') {
      const dataset = this.model.datasets.get(nodeId);
      if (!dataset) return notFound(`Node '${nodeId}' not found.`);
      for (const f of dataset.fields)
        refs.set(datasetFieldNodeId(dataset, f.name), { namespace: dataset.namespace, dataset: dataset.name, field: f.name });
      const prefix = datasetFieldNodeId(dataset, '');
      for (const [id, ref] of this.model.fieldRefs)
        if (ref.namespace === dataset.namespace && ref.dataset === dataset.name && id.startsWith(prefix)) refs.set(id, ref);
    } else {
      const ref = this.model.fieldRefs.get(nodeId) ?? this.schemaField(nodeId);
      if (!ref) return notFound(`Node '${nodeId}' not found.`);
      refs.set(nodeId, ref);
    }
    let frontier = [...refs.keys()];
    for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
      const next: string[] = [];
      const visit = (id: string, ref: { namespace: string; dataset: string; field: string } | undefined) => {
        if (refs.has(id) || !ref) return;
        refs.set(id, ref);
        next.push(id);
      };
      for (const id of frontier) {
        for (const input of this.model.fieldInputs.get(id) ?? []) {
          const inputId = datasetFieldNodeId({ namespace: input.namespace, name: input.dataset }, input.field);
          visit(inputId, this.model.fieldRefs.get(inputId));
        }
        if (withDownstream) for (const out of this.model.fieldOutputs.get(id) ?? []) visit(out, this.model.fieldRefs.get(out));
      }
      frontier = next;
    }
    const graph = [...refs.keys()].sort().map((id): DatasetFieldNode => {
      const ref = refs.get(id)!;
      const dataset = this.model.datasets.get(datasetNodeId({ namespace: ref.namespace, name: ref.dataset }));
      const inputs: FieldInput[] = this.model.fieldInputs.get(id) ?? [];
      return {
        id,
        type: 'DATASET_FIELD',
        data: {
          namespace: ref.namespace,
          dataset: ref.dataset,
          datasetVersion: dataset?.versions.at(-1)?.version ?? null,
          field: ref.field,
          fieldType: dataset?.fields.find((f) => f.name === ref.field)?.type ?? null,
          transformationDescription: inputs[0]?.transformationDescription ?? null,
          transformationType: inputs[0]?.transformationType ?? null,
          inputFields: inputs.map((i) => ({
            namespace: i.namespace,
            dataset: i.dataset,
            datasetVersion:
              this.model.datasets.get(datasetNodeId({ namespace: i.namespace, name: i.dataset }))?.versions.at(-1)?.version ?? null,
            field: i.field,
            transformationDescription: i.transformationDescription,
            transformationType: i.transformationType,
          })),
        },
        inEdges: inputs.map((i) => ({ origin: datasetFieldNodeId({ namespace: i.namespace, name: i.dataset }, i.field), destination: id })),
        outEdges: [...(this.model.fieldOutputs.get(id) ?? [])].map((out) => ({ origin: id, destination: out })),
      };
    });
    return { status: 200, body: { graph } satisfies LineageGraph };
  }

  /** A `datasetField:` id naming a field of a dataset's schema (no column lineage). */
  private schemaField(nodeId: string): { namespace: string; dataset: string; field: string } | undefined {
    for (const dataset of this.model.datasets.values()) {
      const prefix = datasetFieldNodeId(dataset, '');
      if (!nodeId.startsWith(prefix)) continue;
      const field = nodeId.slice(prefix.length);
      if (dataset.fields.some((f) => f.name === field)) return { namespace: dataset.namespace, dataset: dataset.name, field };
    }
    return undefined;
  }

  // ---- search and events ----------------------------------------------------------------------------

  private search(query: URLSearchParams): Answer {
    const q = query.get('q');
    if (!q) return badRequest('query param q must not be null');
    if (q.length > MAX_QUERY_LENGTH) return badRequest(`query param q must be at most ${MAX_QUERY_LENGTH} characters, not ${q.length}`);
    const filter = query.get('filter')?.toLowerCase();
    if (filter && filter !== 'dataset' && filter !== 'job') return badRequest(`query param filter must be dataset or job, not "${filter}"`);
    // Marquez's SearchSort enum is NAME | UPDATE_AT (its web UI sends those); its docs say `name` | `updated_at`.
    const sortRaw = query.get('sort') || 'NAME';
    const sort = SEARCH_SORTS[sortRaw.toUpperCase()];
    if (!sort) return badRequest(`query param sort must be NAME or UPDATE_AT, not "${sortRaw}"`);
    const limit = intParam(query, 'limit', 10, MAX_LIMIT);
    if (typeof limit === 'string') return badRequest(limit);
    const namespace = query.get('namespace') ?? undefined;
    const bound = (name: string): number | string | undefined => {
      const raw = query.get(name);
      if (raw === null || raw === '') return undefined;
      const t = Date.parse(raw);
      return Number.isNaN(t) ? `query param ${name} must be a date (YYYY-MM-DD), not "${raw}"` : t;
    };
    const before = bound('before');
    const after = bound('after');
    if (typeof before === 'string') return badRequest(before);
    if (typeof after === 'string') return badRequest(after);
    const pattern = searchPattern(q);
    const keep = (x: { name: string; namespace: string; updatedAt: number }) =>
      likeMatches(pattern, x.name) &&
      (namespace === undefined || x.namespace === namespace) &&
      (before === undefined || x.updatedAt < before) &&
      (after === undefined || x.updatedAt > after);
    const hits: { type: SearchResultType; name: string; updatedAt: number; namespace: string; nodeId: string }[] = [];
    if (filter !== 'job')
      for (const d of this.model.datasets.values())
        if (keep(d)) hits.push({ type: 'DATASET', name: d.name, updatedAt: d.updatedAt, namespace: d.namespace, nodeId: d.nodeId });
    if (filter !== 'dataset')
      for (const j of this.model.jobs.values())
        if (keep(j)) hits.push({ type: 'JOB', name: j.name, updatedAt: j.updatedAt, namespace: j.namespace, nodeId: j.nodeId });
    hits.sort(sort === 'name' ? (x, y) => byName(x, y) || (x.nodeId < y.nodeId ? -1 : 1) : (x, y) => y.updatedAt - x.updatedAt);
    const results = hits.slice(0, limit).map((h): SearchResult => ({ ...h, updatedAt: iso(h.updatedAt) }));
    return { status: 200, body: { totalCount: results.length, results } satisfies SearchResults };
  }

  private async eventList(query: URLSearchParams): Promise<Answer> {
    const before = timeParam(query.get('before') || '2030-01-01T00:00:00Z');
    const after = timeParam(query.get('after') || '1970-01-01T00:00:00Z');
    if (Number.isNaN(before)) return badRequest(`query param before must be an ISO-8601 time, not "${query.get('before')}"`);
    if (Number.isNaN(after)) return badRequest(`query param after must be an ISO-8601 time, not "${query.get('after')}"`);
    const direction = (query.get('sortDirection') || 'desc').toLowerCase();
    if (direction !== 'asc' && direction !== 'desc') return badRequest(`query param sortDirection must be asc or desc, not "${direction}"`);
    const limit = intParam(query, 'limit', 100, MAX_LIMIT);
    const offset = intParam(query, 'offset', 0);
    if (typeof limit === 'string') return badRequest(limit);
    if (typeof offset === 'string') return badRequest(offset);
    const page = await this.events.page(after, before, direction, offset, limit, this.budget);
    // The stored lines are JSON text already: they go out as they are (each checked, in case the file was edited).
    const lines = page.lines.map((line) => {
      try {
        JSON.parse(line);
        return line;
      } catch {
        return 'null';
      }
    });
    const truncated = lines.length < Math.min(limit, Math.max(0, page.totalCount - offset));
    return {
      status: 200,
      raw: `{"events":[${lines.join(',')}],"totalCount":${page.totalCount}}`,
      ...(truncated && { headers: { 'X-Lineage-Lens-Truncated': 'true' } }),
    };
  }

  // ---- JSON of the model ----------------------------------------------------------------------------

  private namespaceJson(name: string): Namespace {
    const ns = this.model.namespaces.get(name)!;
    return { name, createdAt: iso(ns.createdAt), updatedAt: iso(ns.updatedAt), ownerName: 'anonymous', description: null, isHidden: false };
  }

  /** A Dataset; lineage nodes' `data` (`full` false) has no facets, version or deleted flag. */
  datasetJson(d: DatasetRecord, full: boolean): Dataset {
    const dataSource = d.facets.dataSource;
    const documentation = d.facets.documentation;
    const lifecycle = d.facets.lifecycleStateChange;
    const datasetType = isObject(d.facets.datasetType) ? text(d.facets.datasetType.datasetType)?.toUpperCase() : undefined;
    return {
      id: { namespace: d.namespace, name: d.name },
      type: datasetType === 'STREAM' || datasetType === 'TOPIC' ? 'STREAM' : 'DB_TABLE',
      name: d.name,
      physicalName: d.name,
      createdAt: iso(d.createdAt),
      updatedAt: iso(d.updatedAt),
      namespace: d.namespace,
      sourceName: (isObject(dataSource) && text(dataSource.name)) || d.namespace,
      fields: d.fields.map((f) => ({ name: f.name, type: f.type, tags: [], description: f.description })),
      tags: [],
      lastModifiedAt: iso(d.lastModifiedAt),
      lastLifecycleState: isObject(lifecycle) ? text(lifecycle.lifecycleStateChange) : null,
      description: isObject(documentation) ? text(documentation.description) : null,
      ...(full && { facets: d.facets, currentVersion: d.versions.at(-1)?.version ?? null, deleted: false }),
    };
  }

  private versionJson(d: DatasetRecord, v: DatasetVersionRecord): Record<string, unknown> {
    const run = v.runId ? this.model.runs.get(v.runId) : undefined;
    return {
      id: { namespace: d.namespace, name: d.name, version: v.version },
      type: 'DB_TABLE',
      name: d.name,
      physicalName: d.name,
      createdAt: iso(v.createdAt),
      version: v.version,
      namespace: d.namespace,
      sourceName: (isObject(v.facets.dataSource) && text(v.facets.dataSource.name)) || d.namespace,
      fields: v.fields.map((f) => ({ name: f.name, type: f.type, tags: [], description: f.description })),
      tags: [],
      lifecycleState: isObject(v.facets.lifecycleStateChange) ? text(v.facets.lifecycleStateChange.lifecycleStateChange) : null,
      description: isObject(v.facets.documentation) ? text(v.facets.documentation.description) : null,
      createdByRun: run ? this.runJson(run) : null,
      facets: v.facets,
    };
  }

  /** A Job; lineage nodes' `data` (`full` false) has `currentRunUuid` instead of facets and latestRuns. */
  jobJson(j: JobRecord, full: boolean): Job {
    const latest = j.runs.at(-1);
    const jobType = isObject(j.facets.jobType) ? text(j.facets.jobType.processingType)?.toUpperCase() : undefined;
    const location = j.facets.sourceCodeLocation;
    const documentation = j.facets.documentation;
    const parentName = j.parent?.name ?? null;
    const simpleName = parentName && j.name.startsWith(`${parentName}.`) ? j.name.slice(parentName.length + 1) : j.name;
    return {
      id: { namespace: j.namespace, name: j.name },
      type: jobType === 'STREAMING' || jobType === 'STREAM' ? 'STREAM' : jobType === 'SERVICE' ? 'SERVICE' : 'BATCH',
      name: j.name,
      simpleName,
      parentJobName: parentName,
      parentJobUuid: j.parent ? nameUuid('job', j.parent.namespace, j.parent.name) : null,
      createdAt: iso(j.createdAt),
      updatedAt: iso(j.updatedAt),
      namespace: j.namespace,
      inputs: j.inputs.map((d) => ({ namespace: d.namespace, name: d.name })),
      outputs: j.outputs.map((d) => ({ namespace: d.namespace, name: d.name })),
      location: isObject(location) ? text(location.url) : null,
      description: isObject(documentation) ? text(documentation.description) : null,
      latestRun: latest ? this.runJson(latest) : null,
      ...(full
        ? {
            latestRuns: j.runs
              .slice(-LATEST_RUNS)
              .reverse()
              .map((r) => this.runJson(r)),
            facets: j.facets,
            currentVersion: jobVersion(j, j.inputs, j.outputs),
          }
        : { currentRunUuid: latest?.id ?? null }),
    };
  }

  /** A Run with its dataset versions and facets. */
  runJson(r: RunRecord): Run {
    const nominal = isObject(r.facets.nominalTime) ? r.facets.nominalTime : undefined;
    const inputs = [...r.inputs.values()];
    const outputs = [...r.outputs.values()];
    const versionOf = (x: RunDatasetRecord) => ({
      datasetVersionId: { namespace: x.dataset.namespace, name: x.dataset.name, version: x.version },
      facets: x.facets,
    });
    return {
      id: r.id,
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
      nominalStartTime: nominal ? text(nominal.nominalStartTime) : null,
      nominalEndTime: nominal ? text(nominal.nominalEndTime) : null,
      state: r.state,
      startedAt: iso(r.startedAt),
      endedAt: iso(r.endedAt),
      durationMs: r.startedAt !== null && r.endedAt !== null ? Math.max(0, r.endedAt - r.startedAt) : null,
      args: {},
      jobVersion: {
        namespace: r.job.namespace,
        name: r.job.name,
        version: jobVersion(
          r.job,
          inputs.map((x) => x.dataset),
          outputs.map((x) => x.dataset),
        ),
      },
      inputDatasetVersions: inputs.map(versionOf),
      outputDatasetVersions: outputs.map(versionOf),
      facets: r.facets,
    };
  }
}

/** A job version: stable for the same job with the same inputs and outputs. */
function jobVersion(j: JobRecord, inputs: readonly DatasetRecord[], outputs: readonly DatasetRecord[]): string {
  return nameUuid(
    'job-version',
    j.namespace,
    j.name,
    inputs
      .map((d) => d.nodeId)
      .sort()
      .join('\u0001'),
    outputs
      .map((d) => d.nodeId)
      .sort()
      .join('\u0001'),
  );
}

function isJob(node: JobRecord | DatasetRecord): node is JobRecord {
  return 'runs' in node;
}

function neighbours(node: JobRecord | DatasetRecord): Iterable<JobRecord | DatasetRecord> {
  if (isJob(node)) return [...node.inputs, ...node.outputs];
  return [...node.producers, ...node.consumers];
}
