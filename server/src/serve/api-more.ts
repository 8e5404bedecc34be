/**
 * The rest of Marquez's API v1 beyond lineage, search and the namespace listings (./api.ts): tags and the
 * writes Marquez's web UI and clients make (tags on jobs, datasets and fields; namespaces; sources), `/jobs`,
 * `/stats/*`, `/sources`, job versions, a dataset version, `/runlineage/upstream`. Answered as Marquez answers
 * them (MarquezProject/marquez `api/src/main/java/marquez/api/*Resource.java` at a89b89c), with these
 * differences, deliberate:
 * - a write whose body misses a required field answers 422 `{"code":422,"message":"…"}` (Dropwizard's
 *   validation answers 422 with `{"errors":[…]}`);
 * - sources are those of the datasets' `dataSource` facets (name, `uri` as `connectionUrl`, the URI's scheme in
 *   capitals as `type`), plus those created with `PUT /sources/{s}`; a dataset without the facet has its
 *   namespace as source, as in `sourceName`;
 * - job versions are derived: one per distinct set of inputs and outputs a job's runs had.
 * (As in Marquez: a tag added to a job, dataset or field that does not exist yet is created, without a
 * description; a field's tags are upper-cased; `PUT /tags/{tag}` without a description keeps the one it has.)
 * Soft deletes (`DELETE` of a job, a dataset, a namespace) are ./visibility.ts's. No HTTP here (./http.ts); writes
 * are stored durably (./write-log.ts) before they are answered.
 */
import type { RunState, Tag } from '../../../protocol/marquez';
import { jobNodeId, datasetNodeId } from '../../../protocol/node-ids';
import { Annotations, type WriteRecord } from './annotations';
import { badRequest, errorAnswer, notFound, UNKNOWN_PATH, type Answer } from './answer';
import { nameUuid, type DatasetRecord, type JobRecord, type RunRecord, type StoredLineage } from './model';
import { intParam } from './params';
import { cumulativeMetrics, intervals, statsQuery } from './stats';
import { byUpdate } from './orders';
import { namespaceDelete, signatureOf } from './visibility';
import type { WriteLog } from './write-log';
import type { ReadApi } from './api';

/** Marquez's namespace names: letters, digits, `_ - : / . ; = @ +`, at most 1024 characters. */
const NAMESPACE_NAME = /^[a-zA-Z0-9_\-:/.;=@+]{1,1024}$/;
const MAX_NAME = 1024;
const RUN_STATES: readonly RunState[] = ['NEW', 'RUNNING', 'COMPLETED', 'FAILED', 'ABORTED'];

/**
 * The methods a path under `/api/v1` allows, or undefined when the API has no such path (a 404). `POST
 * /lineage` ingests events; PUT, POST and DELETE elsewhere are the writes of {@link MoreApi.write}.
 */
export function allowedMethods(segments: readonly string[]): readonly string[] | undefined {
  const [a, b, c, , e, , g] = segments;
  const n = segments.length;
  if (n === 1 && a === 'lineage') return ['GET', 'POST'];
  if (n === 1 && ['column-lineage', 'search', 'namespaces', 'tags', 'sources', 'jobs'].includes(a!)) return ['GET'];
  if (n === 2 && (a === 'tags' || a === 'sources')) return a === 'tags' ? ['PUT'] : ['GET', 'PUT'];
  if (n === 2 && a === 'stats' && ['lineage-events', 'jobs', 'datasets', 'sources'].includes(b!)) return ['GET'];
  if (n === 2 && a === 'runlineage' && b === 'upstream') return ['GET'];
  if (a === 'namespaces' && n >= 2) {
    if (n === 2) return ['GET', 'PUT', 'DELETE'];
    if ((c === 'jobs' || c === 'datasets') && n === 3) return ['GET'];
    if ((c === 'jobs' || c === 'datasets') && n === 4) return ['GET', 'DELETE'];
    if (c === 'jobs' && n === 5 && (e === 'runs' || e === 'versions')) return ['GET'];
    if (c === 'datasets' && n === 5 && e === 'versions') return ['GET'];
    if (n === 6 && e === 'versions' && (c === 'jobs' || c === 'datasets')) return ['GET'];
    if (n === 6 && e === 'tags' && (c === 'jobs' || c === 'datasets')) return ['POST', 'DELETE'];
    if (n === 8 && c === 'datasets' && e === 'fields' && g === 'tags') return ['POST', 'DELETE'];
    return undefined;
  }
  if (a === 'jobs' && b === 'runs' && (n === 3 || (n === 4 && segments[3] === 'facets'))) return ['GET'];
  if (a === 'events' && b === 'lineage' && n === 2) return ['GET'];
  return undefined;
}

/** A job version: stable for the same job with the same inputs and outputs. */
export function jobVersion(j: JobRecord, inputs: readonly DatasetRecord[], outputs: readonly DatasetRecord[]): string {
  const ids = (list: readonly DatasetRecord[]) =>
    list
      .map((d) => d.nodeId)
      .sort()
      .join('\u0001');
  return nameUuid('job-version', j.namespace, j.name, ids(inputs), ids(outputs));
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const unprocessable = (message: string) => errorAnswer(422, message);

interface SourceView {
  name: string;
  type: string;
  connectionUrl: string;
  description: string | null;
  createdAt: number;
  updatedAt: number;
}

/** The job a run's inputs and outputs make a version of. */
const runVersion = (r: RunRecord) =>
  jobVersion(
    r.job,
    [...r.inputs.values()].map((x) => x.dataset),
    [...r.outputs.values()].map((x) => x.dataset),
  );

export class MoreApi {
  constructor(
    private readonly api: ReadApi,
    private readonly model: StoredLineage,
    readonly annotations: Annotations,
    private readonly writes: WriteLog | undefined,
    private readonly now: () => number,
  ) {}

  /** Answers a GET this module serves, or undefined when the path is ./api.ts's. */
  async get(segments: readonly string[], query: URLSearchParams): Promise<Answer | undefined> {
    const [a, b, c, d, e, f] = segments;
    const n = segments.length;
    const paging = () => {
      const limit = intParam(query, 'limit', 100, 10_000);
      const offset = intParam(query, 'offset', 0);
      if (typeof limit === 'string') return limit;
      if (typeof offset === 'string') return offset;
      return <T>(items: T[]) => items.slice(offset, offset + limit);
    };
    if (a === 'tags' && n === 1) {
      const page = paging();
      if (typeof page === 'string') return badRequest(page);
      const tags = [...this.annotations.tags.values()].sort((x, y) => (x.name < y.name ? -1 : 1));
      return { status: 200, body: { tags: page(tags).map((t) => ({ name: t.name, description: t.description })) } };
    }
    if (a === 'sources' && n === 1) {
      const page = paging();
      if (typeof page === 'string') return badRequest(page);
      return { status: 200, body: { sources: page([...this.sources().values()]).map(sourceJson) } };
    }
    if (a === 'sources' && n === 2) {
      const source = this.sources().get(b!);
      return source ? { status: 200, body: sourceJson(source) } : notFound(`Source '${b}' not found.`);
    }
    if (a === 'jobs' && n === 1) return this.allJobs(query);
    if (a === 'stats' && n === 2) return this.stats(b!, query);
    if (a === 'runlineage' && b === 'upstream' && n === 2) return this.upstream(query);
    if (a === 'namespaces' && n >= 5 && e === 'versions') {
      if (!this.api.hasNamespace(b!)) return notFound(`Namespace '${b}' not found.`);
      if (c === 'jobs') {
        const job = this.model.jobs.get(jobNodeId({ namespace: b!, name: d! }));
        if (!job || this.api.hidden(job)) return notFound(`Job '${d}' not found in namespace '${b}'.`);
        const versions = this.jobVersions(job);
        if (n === 5) {
          const page = paging();
          if (typeof page === 'string') return badRequest(page);
          return { status: 200, body: { versions: page(versions), totalCount: versions.length } };
        }
        const version = versions.find((v) => v.version === f);
        return version ? { status: 200, body: version } : notFound(`Job version '${f}' not found.`);
      }
      if (c === 'datasets' && n === 6) {
        const dataset = this.model.datasets.get(datasetNodeId({ namespace: b!, name: d! }));
        if (!dataset || this.api.hidden(dataset)) return notFound(`Dataset '${d}' not found in namespace '${b}'.`);
        const version = dataset.versions.find((v) => v.version === f);
        return version ? { status: 200, body: this.api.versionJson(dataset, version) } : notFound(`Dataset version '${f}' not found.`);
      }
    }
    return undefined;
  }

  /** Answers a PUT, POST or DELETE (not `POST /lineage`); `body` is the parsed JSON body, if any. */
  async write(method: string, segments: readonly string[], body: unknown): Promise<Answer> {
    const [a, b, c, d, e, f, , h] = segments;
    const n = segments.length;
    const at = this.now();
    const description = (): string | null | Answer => {
      if (body === undefined || body === null) return null;
      if (!isObject(body)) return unprocessable('The body must be a JSON object.');
      const value = body.description;
      return value === undefined || value === null
        ? null
        : typeof value === 'string'
          ? value
          : unprocessable('description must be a string');
    };
    if (method === 'PUT' && a === 'tags' && n === 2) {
      if (b!.length === 0 || b!.length > MAX_NAME) return badRequest(`A tag name must have 1 to ${MAX_NAME} characters.`);
      const desc = description();
      if (isAnswer(desc)) return desc;
      return this.commit({ op: 'tag', name: b!, description: desc, at }, () => {
        const tag = this.annotations.tags.get(b!)!;
        return { status: 200, body: { name: tag.name, description: tag.description } satisfies Tag };
      });
    }
    if (method === 'PUT' && a === 'namespaces' && n === 2) {
      if (!NAMESPACE_NAME.test(b!)) return badRequest(`Namespace name '${b}' is invalid: use letters, digits and _ - : / . ; = @ + only.`);
      const desc = description();
      if (isAnswer(desc)) return desc;
      const owner = isObject(body) ? body.ownerName : undefined;
      if (typeof owner !== 'string' || owner === '') return unprocessable('ownerName must not be null');
      return this.commit({ op: 'namespace', name: b!, ownerName: owner, description: desc, at }, () => ({
        status: 200,
        body: this.api.namespaceJson(b!),
      }));
    }
    if (method === 'PUT' && a === 'sources' && n === 2) {
      if (b!.length === 0 || b!.length > MAX_NAME) return badRequest(`A source name must have 1 to ${MAX_NAME} characters.`);
      const desc = description();
      if (isAnswer(desc)) return desc;
      const { type, connectionUrl } = isObject(body) ? body : {};
      if (typeof type !== 'string' || type === '') return unprocessable('type must not be null');
      if (typeof connectionUrl !== 'string' || connectionUrl === '') return unprocessable('connectionUrl must not be null');
      return this.commit({ op: 'source', name: b!, type, connectionUrl, description: desc, at }, () => ({
        status: 200,
        body: sourceJson(this.sources().get(b!)!),
      }));
    }
    if (method === 'DELETE' && a === 'namespaces' && n === 2) {
      // Marquez's NamespaceResource.delete: hides the namespace and every job and dataset in it; answers the
      // namespace as found before the delete (./visibility.ts).
      if (!this.api.hasNamespace(b!)) return notFound(`Namespace '${b}' not found.`);
      const body = this.api.namespaceJson(b!);
      return this.commit(namespaceDelete(this.model, b!, at), () => ({ status: 200, body }));
    }
    if (method === 'DELETE' && a === 'namespaces' && n === 4 && (c === 'jobs' || c === 'datasets')) {
      // Marquez's soft delete: hidden until an event names it again; answers the job or dataset.
      if (!this.api.hasNamespace(b!)) return notFound(`Namespace '${b}' not found.`);
      if (c === 'jobs') {
        const job = this.model.jobs.get(jobNodeId({ namespace: b!, name: d! }));
        if (!job || this.api.hidden(job)) return notFound(`Job '${d}' not found in namespace '${b}'.`);
        const body = this.api.jobJson(job, true);
        const record: WriteRecord = { op: 'delete', kind: 'job', namespace: b!, name: d!, signature: signatureOf(job), at };
        return this.commit(record, () => ({ status: 200, body }));
      }
      const dataset = this.model.datasets.get(datasetNodeId({ namespace: b!, name: d! }));
      if (!dataset || this.api.hidden(dataset)) return notFound(`Dataset '${d}' not found in namespace '${b}'.`);
      const body = this.api.datasetJson(dataset, true);
      const record: WriteRecord = { op: 'delete', kind: 'dataset', namespace: b!, name: d!, signature: signatureOf(dataset), at };
      return this.commit(record, () => ({ status: 200, body }));
    }
    if (a === 'namespaces' && (method === 'POST' || method === 'DELETE') && (n === 6 || n === 8)) {
      const add = method === 'POST';
      const ns = b!;
      if (!this.api.hasNamespace(ns)) return notFound(`Namespace '${ns}' not found.`);
      const tag = n === 6 ? f! : h!;
      if (tag.length === 0 || tag.length > MAX_NAME) return badRequest(`A tag name must have 1 to ${MAX_NAME} characters.`);
      if (c === 'jobs' && n === 6) {
        const job = this.model.jobs.get(jobNodeId({ namespace: ns, name: d! }));
        if (!job || this.api.hidden(job)) return notFound(`Job '${d}' not found in namespace '${ns}'.`);
        return this.commit({ op: 'jobTag', namespace: ns, job: d!, tag, add, at }, () => ({
          status: 200,
          body: this.api.jobJson(job, true),
        }));
      }
      const dataset = this.model.datasets.get(datasetNodeId({ namespace: ns, name: d! }));
      if (!dataset || this.api.hidden(dataset)) return notFound(`Dataset '${d}' not found in namespace '${ns}'.`);
      const answer = () => ({ status: 200, body: this.api.datasetJson(dataset, true) });
      if (n === 6) return this.commit({ op: 'datasetTag', namespace: ns, dataset: d!, tag, add, at }, answer);
      const field = f!;
      if (!dataset.fields.some((x) => x.name === field)) return notFound(`Field '${field}' not found for dataset '${d}'.`);
      return this.commit({ op: 'fieldTag', namespace: ns, dataset: d!, field, tag: tag.toUpperCase(), add, at }, answer);
    }
    void e;
    return UNKNOWN_PATH;
  }

  /** Stores the record durably, applies it, then answers; 503 when it cannot be stored. */
  private async commit(record: WriteRecord, answer: () => Answer): Promise<Answer> {
    if (!this.writes) return errorAnswer(503, 'This endpoint has no store for writes.');
    try {
      await this.writes.append(record);
    } catch (error) {
      return errorAnswer(503, `The change was not stored: ${(error as Error).message}`);
    }
    this.annotations.apply(record);
    return answer();
  }

  // ---- reads --------------------------------------------------------------------------------------

  /** Sources by name (sorted): the datasets' `dataSource` facets, then those created with PUT. */
  sources(): Map<string, SourceView> {
    const found = new Map<string, SourceView>();
    for (const d of this.model.datasets.values()) {
      const facet = isObject(d.facets.dataSource) ? d.facets.dataSource : undefined;
      const name = (facet && text(facet.name)) || d.namespace;
      const url = (facet && text(facet.uri)) || d.namespace;
      const known = found.get(name);
      if (known) {
        known.createdAt = Math.min(known.createdAt, d.createdAt);
        known.updatedAt = Math.max(known.updatedAt, d.updatedAt);
      } else {
        const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1];
        found.set(name, {
          name,
          type: scheme ? scheme.toUpperCase() : '',
          connectionUrl: url,
          description: null,
          createdAt: d.createdAt,
          updatedAt: d.updatedAt,
        });
      }
    }
    for (const [name, meta] of this.annotations.sources) found.set(name, { name, ...meta });
    return new Map([...found.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  }

  /**
   * `GET /jobs?limit&offset[&lastRunStates=…]`: every namespace's jobs, most recently updated first (Marquez's
   * JobDao.findAll); the filter keeps jobs whose current run is in one of the states, and jobs without a run;
   * `totalCount` counts every job not hidden, as Marquez's does.
   */
  private allJobs(query: URLSearchParams): Answer {
    const states = runStateFilter(query);
    if (typeof states === 'string') return badRequest(states);
    const limit = intParam(query, 'limit', 100, 10_000);
    const offset = intParam(query, 'offset', 0);
    if (typeof limit === 'string') return badRequest(limit);
    if (typeof offset === 'string') return badRequest(offset);
    const shown = [...this.model.jobs.values()].filter((j) => !this.api.hidden(j));
    const jobs = shown.filter((j) => keepJob(j, states)).sort(byUpdate);
    // JobDao.countFor: every job not hidden, whatever its run's state.
    return this.api.listAnswer('jobs', jobs.slice(offset, offset + limit), (j) => this.api.jobJson(j, true), shown.length);
  }

  private async stats(kind: string, query: URLSearchParams): Promise<Answer> {
    const parsed = statsQuery(query);
    if (typeof parsed === 'string') return badRequest(parsed);
    const spans = intervals(parsed.period, parsed.timezone, this.now());
    // Jobs, datasets and sources: how many were created by the end of each interval.
    const created: Record<string, () => Iterable<{ createdAt: number }>> = {
      jobs: () => this.model.jobs.values(),
      datasets: () => this.model.datasets.values(),
      sources: () => this.sources().values(),
    };
    if (Object.hasOwn(created, kind))
      return {
        status: 200,
        body: cumulativeMetrics(
          spans,
          [...created[kind]!()].map((x) => x.createdAt),
        ),
      };
    // Events by type: counted as they arrived (the events file is not read).
    return { status: 200, body: this.model.eventTypes.metrics(spans) };
  }

  /** `GET /runlineage/upstream?runId&depth`: the runs that produced a run's inputs, and theirs, breadth first. */
  private upstream(query: URLSearchParams): Answer {
    const runId = query.get('runId');
    if (!runId) return badRequest('query param runId must not be null');
    const depth = intParam(query, 'depth', 20);
    if (typeof depth === 'string') return badRequest(depth);
    const start = this.model.runs.get(runId);
    if (!start) return notFound(`Run '${runId}' not found.`);
    const seen = new Set<string>([start.id]);
    const runs: unknown[] = [];
    let frontier = [start];
    for (let level = 0; level <= depth && frontier.length > 0; level++) {
      const next: RunRecord[] = [];
      for (const run of frontier) {
        const inputs = [...run.inputs.values()].map((x) => {
          const producer = x.dataset.versions.find((v) => v.version === x.version)?.runId ?? null;
          const producing = producer ? this.model.runs.get(producer) : undefined;
          if (producing && !seen.has(producing.id)) {
            seen.add(producing.id);
            next.push(producing);
          }
          return { namespace: x.dataset.namespace, name: x.dataset.name, version: x.version, producedByRunId: producer };
        });
        runs.push({
          job: { namespace: run.job.namespace, name: run.job.name, version: runVersion(run) },
          run: { id: run.id, start: iso(run.startedAt), end: iso(run.endedAt), status: run.state },
          inputs,
        });
      }
      frontier = next;
    }
    return { status: 200, body: { runs } };
  }

  /** A job's versions, newest first: one per distinct inputs and outputs of its runs (and its current ones). */
  jobVersions(job: JobRecord): Record<string, unknown>[] {
    const byVersion = new Map<string, { runs: RunRecord[]; inputs: DatasetRecord[]; outputs: DatasetRecord[] }>();
    for (const run of job.runs) {
      const version = runVersion(run);
      const entry = byVersion.get(version);
      if (entry) entry.runs.push(run);
      else
        byVersion.set(version, {
          runs: [run],
          inputs: [...run.inputs.values()].map((x) => x.dataset),
          outputs: [...run.outputs.values()].map((x) => x.dataset),
        });
    }
    const current = jobVersion(job, job.inputs, job.outputs);
    if (!byVersion.has(current)) byVersion.set(current, { runs: [], inputs: job.inputs, outputs: job.outputs });
    const location = isObject(job.facets.sourceCodeLocation) ? text(job.facets.sourceCodeLocation.url) : null;
    const versions = [...byVersion.entries()].map(([version, v]) => {
      const latest = v.runs.at(-1);
      return {
        id: { namespace: job.namespace, name: job.name, version },
        name: job.name,
        version,
        createdAt: iso(v.runs[0]?.createdAt ?? job.createdAt),
        updatedAt: iso(latest?.updatedAt ?? job.updatedAt),
        namespace: job.namespace,
        location,
        inputs: v.inputs.map((d) => ({ namespace: d.namespace, name: d.name })),
        outputs: v.outputs.map((d) => ({ namespace: d.namespace, name: d.name })),
        latestRun: latest ? this.api.runJson(latest) : null,
        facets: job.facets,
        sortKey: v.runs[0]?.createdAt ?? job.createdAt,
      };
    });
    versions.sort((x, y) => y.sortKey - x.sortKey);
    return versions.map(({ sortKey, ...v }) => (void sortKey, v));
  }
}

/**
 * The run states of `lastRunStates` (Marquez's parameter; repeated or comma-separated, any case) or `runState`
 * (what Marquez's web UI sends, which Marquez ignores: filtering on it is a deliberate difference), or an error
 * message; empty: every state.
 */
export function runStateFilter(query: URLSearchParams): Set<RunState> | string {
  const wanted = [...query.getAll('lastRunStates'), ...query.getAll('runState')].flatMap((s) => s.split(',')).filter((s) => s !== '');
  const states = new Set<RunState>();
  for (const raw of wanted) {
    const state = raw.toUpperCase() as RunState;
    if (!RUN_STATES.includes(state)) return `query param lastRunStates must be one of ${RUN_STATES.join(', ')}, not "${raw}"`;
    states.add(state);
  }
  return states;
}

/** Marquez's filter: the job's current run is in one of the states, or it has no run. */
export const keepJob = (j: JobRecord, states: Set<RunState>) =>
  states.size === 0 || j.runs.length === 0 || states.has(j.runs.at(-1)!.state);

const isAnswer = (v: unknown): v is Answer => isObject(v) && typeof v.status === 'number';

function sourceJson(s: SourceView) {
  return {
    type: s.type,
    name: s.name,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    connectionUrl: s.connectionUrl,
    description: s.description,
  };
}

export { Annotations };
