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
import type { ColumnLineage, Dataset, DatasetVersion, Job, LineageGraph, Namespace, Run } from '../../../protocol/marquez';
import { datasetFieldNodeId, datasetNodeId, jobNodeId, nodeIdKind } from '../../../protocol/node-ids';
import { Annotations } from './annotations';
import { allowedMethods, jobVersion, keepJob, MoreApi, runStateFilter } from './api-more';
import { DEFAULT_DEPTH, lineageAnswer } from './lineage-graph';
import { byUpdate, latestRunsOf, runsByStart, versionsNewestFirst } from './orders';
import { badRequest, notFound, UNKNOWN_PATH, type Answer } from './answer';
import { searchAnswer } from './search';
import { columnLineageGraph } from './column-graph';
import { intParam, timeParam } from './params';
import {
  nameUuid,
  type DatasetRecord,
  type DatasetVersionRecord,
  type JobRecord,
  type StoredLineage,
  type RunDatasetRecord,
  type RunRecord,
} from './model';
import type { WriteLog } from './write-log';

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
export { MAX_QUERY_LENGTH } from './search';
/** Largest `limit` of a listing or search. */
export const MAX_LIMIT = 10_000;

export { errorAnswer, UNKNOWN_PATH, type Answer } from './answer';
export { allowedMethods };

export { DEFAULT_DEPTH };
/** How many runs a job's `latestRuns` holds. */
const LATEST_RUNS = 10;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const byName = <T extends { name: string }>(x: T, y: T) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Answers Marquez API reads from the model. */
export class ReadApi {
  private readonly budget: number;
  private readonly more: MoreApi;
  /** Tags, namespaces' owners, sources: what the API's writes made (./annotations.ts). */
  readonly annotations: Annotations;

  constructor(
    private readonly model: StoredLineage,
    private readonly events: EventSource,
    options: { answerBudget?: number; annotations?: Annotations; writes?: WriteLog; now?: () => number } = {},
  ) {
    this.budget = options.answerBudget ?? ANSWER_BUDGET;
    this.annotations = options.annotations ?? new Annotations();
    this.more = new MoreApi(this, model, this.annotations, options.writes, options.now ?? Date.now);
  }

  /** Answers a PUT, POST or DELETE under `/api/v1` other than `POST /lineage` (./api-more.ts). */
  write(method: string, segments: readonly string[], body: unknown): Promise<Answer> {
    return this.more.write(method, segments, body);
  }

  /** Whether a job or dataset was soft-deleted (alone or with its namespace) and not named since (./visibility.ts). */
  hidden(x: JobRecord | DatasetRecord): boolean {
    return this.annotations.deletions.hidden(x);
  }

  /** Whether a namespace exists: it has jobs or datasets, or was created with `PUT /namespaces/{ns}`. */
  hasNamespace(name: string): boolean {
    return this.model.namespaces.has(name) || this.annotations.namespaces.has(name);
  }

  /**
   * A listing answer `{"<key>":[…],"totalCount":n}` serialised item by item within the answer budget: it stops
   * after the item that reaches the budget (a truncated page; `totalCount` is still the total).
   */
  listAnswer<T>(key: string, items: readonly T[], toJson: (item: T) => unknown, totalCount?: number): Answer {
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
    const more = await this.more.get(segments, query);
    if (more) return more;
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

    if (a === 'lineage' && n === 1) return lineageAnswer(this.model, this, query);
    if (a === 'column-lineage' && n === 1) return this.columnLineage(query);
    if (a === 'search' && n === 1) return searchAnswer(this.model, query, (x) => this.hidden(x));
    if (a === 'events' && b === 'lineage' && n === 2) return this.eventList(query);
    if (a === 'namespaces') {
      if (n === 1) {
        const names = new Set([...this.model.namespaces.keys(), ...this.annotations.namespaces.keys()]);
        const all = [...names].sort().map((ns) => this.namespaceJson(ns));
        const items = page(all);
        return typeof items === 'string' ? badRequest(items) : this.listAnswer('namespaces', items, (x) => x);
      }
      const ns = b!;
      // JobResource.list does not check the namespace: an unknown one has no jobs (200). The other paths do (404).
      if (!this.hasNamespace(ns) && !(c === 'jobs' && n === 3)) return notFound(`Namespace '${ns}' not found.`);
      if (n === 2) return { status: 200, body: this.namespaceJson(ns) };
      if (c === 'jobs' && n === 3) {
        const states = runStateFilter(query);
        if (typeof states === 'string') return badRequest(states);
        // JobDao.findAll: newest update first; totalCount (JobDao.countFor) counts the jobs not hidden, whatever their state.
        const shown = [...this.model.jobs.values()].filter((j) => j.namespace === ns && !this.hidden(j));
        const items = page(shown.filter((j) => keepJob(j, states)).sort(byUpdate));
        return typeof items === 'string' ? badRequest(items) : this.listAnswer('jobs', items, (j) => this.jobJson(j, true), shown.length);
      }
      if (c === 'datasets' && n === 3) {
        const datasets = [...this.model.datasets.values()].filter((x) => x.namespace === ns && !this.hidden(x)).sort(byName);
        const items = page(datasets);
        return typeof items === 'string'
          ? badRequest(items)
          : this.listAnswer('datasets', items, (x) => this.datasetJson(x, true), datasets.length);
      }
      if (c === 'jobs' && d !== undefined) {
        const job = this.model.jobs.get(jobNodeId({ namespace: ns, name: d }));
        if (!job || this.hidden(job)) return notFound(`Job '${d}' not found in namespace '${ns}'.`);
        if (n === 4) return { status: 200, body: this.jobJson(job, true) };
        if (e === 'runs' && n === 5) {
          const items = page(runsByStart(job));
          return typeof items === 'string' ? badRequest(items) : this.listAnswer('runs', items, (r) => this.runJson(r), job.runs.length);
        }
      }
      if (c === 'datasets' && d !== undefined) {
        const dataset = this.model.datasets.get(datasetNodeId({ namespace: ns, name: d }));
        if (!dataset || this.hidden(dataset)) return notFound(`Dataset '${d}' not found in namespace '${ns}'.`);
        if (n === 4) return { status: 200, body: this.datasetJson(dataset, true) };
        if (e === 'versions' && n === 5) {
          const items = page(versionsNewestFirst(dataset));
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

  // ---- column lineage -----------------------------------------------------------------------------

  private columnLineage(query: URLSearchParams): Answer {
    const nodeId = query.get('nodeId');
    if (!nodeId) return badRequest('query param nodeId must not be null');
    const kind = nodeIdKind(nodeId);
    if (kind !== 'dataset' && kind !== 'field' && kind !== 'job')
      return badRequest(`nodeId ${nodeId} is invalid: column lineage starts at a dataset:, datasetField: or job: node`);
    const depth = intParam(query, 'depth', DEFAULT_DEPTH);
    if (typeof depth === 'string') return badRequest(depth);
    // Booleans as Jersey reads them: `true` in any case (Marquez's Python client sends `True`).
    const withDownstream = query.get('withDownstream')?.toLowerCase() === 'true';
    // Marquez's ColumnLineageResource refuses a versioned node (`…#<version>`) with withDownstream.
    if (withDownstream && nodeId.includes('#')) return badRequest('Node version cannot be specified when withDownstream is true');
    const refs = new Map<string, { namespace: string; dataset: string; field: string }>();
    const hiddenField = (ref: { namespace: string; dataset: string } | undefined): boolean => {
      const dataset =
        ref && this.annotations.deletions.any && this.model.datasets.get(datasetNodeId({ namespace: ref.namespace, name: ref.dataset }));
      return !!dataset && this.hidden(dataset);
    };
    const addDataset = (dataset: DatasetRecord) => {
      for (const f of dataset.fields)
        refs.set(datasetFieldNodeId(dataset, f.name), { namespace: dataset.namespace, dataset: dataset.name, field: f.name });
      const prefix = datasetFieldNodeId(dataset, '');
      for (const [id, ref] of this.model.fieldRefs)
        if (ref.namespace === dataset.namespace && ref.dataset === dataset.name && id.startsWith(prefix)) refs.set(id, ref);
    };
    if (kind === 'job') {
      // Marquez (and its Python client's column lineage by job): the column lineage of the job's outputs.
      const job = this.model.jobs.get(nodeId) ?? this.model.jobs.get(nodeId.replace(/#[^#]*$/, ''));
      if (!job || this.hidden(job)) return notFound(`Node '${nodeId}' not found.`);
      job.outputs.forEach(addDataset);
    } else if (kind === 'dataset') {
      // `dataset:<ns>:<name>#<version>` (the Python client's column lineage by dataset version): that version must exist.
      let dataset = this.model.datasets.get(nodeId);
      const hash = nodeId.lastIndexOf('#');
      if (!dataset && hash > 0) {
        dataset = this.model.datasets.get(nodeId.slice(0, hash));
        if (dataset && !dataset.versions.some((v) => v.version === nodeId.slice(hash + 1))) dataset = undefined;
      }
      if (!dataset || this.hidden(dataset)) return notFound(`Node '${nodeId}' not found.`);
      addDataset(dataset);
    } else {
      // A `#<version>` suffix (the Python client's column lineage by field and version) names the field too.
      const bare = nodeId.replace(/#[^#]*$/, '');
      const exact = this.model.fieldRefs.get(nodeId) ?? this.schemaField(nodeId);
      const ref = exact ?? this.model.fieldRefs.get(bare) ?? this.schemaField(bare);
      if (!ref || hiddenField(ref)) return notFound(`Node '${nodeId}' not found.`);
      refs.set(exact ? nodeId : bare, ref);
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
    // Walked through, not shown: the fields of hidden datasets (ColumnLineageDao.getLineage joins datasets_view);
    // edges join only the fields shown (./column-graph.ts).
    const shown = new Map([...refs].filter(([, ref]) => !hiddenField(ref)));
    const graph = columnLineageGraph(this.model, shown);
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

  namespaceJson(name: string): Namespace {
    const ns = this.model.namespaces.get(name);
    const meta = this.annotations.namespaces.get(name);
    const createdAt = Math.min(ns?.createdAt ?? Infinity, meta?.createdAt ?? Infinity);
    const updatedAt = Math.max(ns?.updatedAt ?? -Infinity, meta?.updatedAt ?? -Infinity);
    return {
      name,
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
      ownerName: meta?.ownerName ?? 'anonymous',
      description: meta?.description ?? null,
      isHidden: this.annotations.deletions.namespaceHidden(this.model, name),
    };
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
      fields: this.fieldsJson(d, d.fields),
      tags: this.annotations.datasetTags(d.namespace, d.name),
      lastModifiedAt: iso(d.lastModifiedAt),
      lastLifecycleState: isObject(lifecycle) ? text(lifecycle.lifecycleStateChange) : null,
      description: isObject(documentation) ? text(documentation.description) : null,
      ...(full && {
        facets: d.facets,
        currentVersion: d.versions.at(-1)?.version ?? null,
        columnLineage: this.datasetColumnLineage(d),
        deleted: false,
      }),
    };
  }

  private fieldsJson(d: DatasetRecord, fields: readonly { name: string; type: string | null; description: string | null }[]) {
    return fields.map((f) => ({
      name: f.name,
      type: f.type,
      tags: this.annotations.fieldTags(d.namespace, d.name, f.name),
      description: f.description,
    }));
  }

  /** Marquez's `Dataset.columnLineage`: each field's input fields, from the dataset's `columnLineage` facet. */
  private datasetColumnLineage(d: DatasetRecord): ColumnLineage[] {
    const lineage: ColumnLineage[] = [];
    const facet = d.facets.columnLineage;
    const fields = isObject(facet) && isObject(facet.fields) ? Object.keys(facet.fields) : [];
    for (const name of fields) {
      const inputs = this.model.fieldInputs.get(datasetFieldNodeId(d, name));
      if (!inputs) continue;
      lineage.push({
        name,
        // Deprecated in Marquez in favour of the input fields' own; kept, as Marquez keeps them.
        transformationDescription: inputs[0]?.transformationDescription ?? null,
        transformationType: inputs[0]?.transformationType ?? null,
        inputFields: inputs.map((i) => ({
          namespace: i.namespace,
          dataset: i.dataset,
          field: i.field,
          transformationDescription: i.transformationDescription,
          transformationType: i.transformationType,
        })),
      });
    }
    return lineage;
  }

  versionJson(d: DatasetRecord, v: DatasetVersionRecord): DatasetVersion {
    const run = v.runId ? this.model.runs.get(v.runId) : undefined;
    return {
      id: { namespace: d.namespace, name: d.name, version: v.version },
      type: this.datasetJson(d, false).type,
      name: d.name,
      physicalName: d.name,
      createdAt: iso(v.createdAt),
      version: v.version,
      namespace: d.namespace,
      sourceName: (isObject(v.facets.dataSource) && text(v.facets.dataSource.name)) || d.namespace,
      fields: this.fieldsJson(d, v.fields),
      tags: this.annotations.datasetTags(d.namespace, d.name),
      lifecycleState: isObject(v.facets.lifecycleStateChange) ? text(v.facets.lifecycleStateChange.lifecycleStateChange) : null,
      description: isObject(v.facets.documentation) ? text(v.facets.documentation.description) : null,
      createdByRun: run ? this.runJson(run) : null,
      // Marquez's model has it but does not serialise it (@JsonIgnore at a89b89c); sent for clients that read it.
      createdByRunUuid: v.runId,
      // A name-based id of the schema's fields: the same schema, the same id (null without a schema).
      currentSchemaVersion: v.fields.length > 0 ? nameUuid('schema', d.namespace, d.name, JSON.stringify(v.fields)) : null,
      facets: v.facets,
    };
  }

  /** A Job; lineage nodes' `data` (`full` false) has `currentRunUuid` instead of facets and latestRuns. */
  jobJson(j: JobRecord, full: boolean): Job {
    // A job's latestRun is the first of its latestRuns (JobDao.setJobData); a lineage node's, its current run.
    const recent = full ? latestRunsOf(j, LATEST_RUNS) : undefined;
    const latest = recent ? recent[0] : j.runs.at(-1);
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
            latestRuns: recent!.map((r) => this.runJson(r)),
            facets: j.facets,
            currentVersion: jobVersion(j, j.inputs, j.outputs),
            tags: this.annotations.jobTags(j.namespace, j.name),
            labels: [],
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
