/**
 * The runs behind the Recent Runs and Issues views: fetched once per refresh from the endpoint's job lists
 * (each job carries its `latestRuns`, so one request per page of jobs gives every job's recent runs, no
 * request per job), then turned into the newest runs and the open issues:
 *
 * - a **failed run** is an issue while it is its job's newest finished run (a later COMPLETED run resolves
 *   it; a run still RUNNING does not);
 * - **failed data-quality assertions** are an issue while the newest run that checked the dataset reported
 *   them (the `dataQualityAssertions` facet of the run's input datasets, or a producer's own `*_assertions`
 *   facet of the same shape, such as Great Expectations' `greatExpectations_assertions`), read by
 *   common/quality.ts as the graph's details read them.
 *
 * Pure apart from the injected client: no `vscode`, so the unit tests drive it with plain objects. Data from
 * the endpoint is untrusted: runs, facets and assertions of the wrong shape are skipped, never thrown on.
 */
import { datasetNodeId, jobNodeId } from '../../../protocol/node-ids';
import type { MarquezClient } from '../endpoint/client';
import { EndpointError, type EndpointErrorKind } from '../endpoint/errors';
import type { EndpointChoice } from '../endpoint/config';
import type { EntityId, Job, Run } from '../../../protocol/marquez';
import { facetText, readAssertions, type Assertion } from '../../../common/quality';

/** The job a run belongs to. */
export interface JobRef {
  namespace: string;
  name: string;
  simpleName?: string;
}

/** One run with its job. */
export interface JobRun {
  job: JobRef;
  run: Run;
}

/** A run that failed and is its job's newest finished run. */
export interface FailedRunIssue {
  kind: 'failed-run';
  /** Stable across refreshes: `failed-run:<run id>`. */
  id: string;
  job: JobRef;
  run: Run;
  /** The graph node to open: the job. */
  nodeId: string;
  /** When it failed (end, else last update, else start). */
  at: string | null;
  /** The `errorMessage` run facet's message, if the producer sent one. */
  message?: string;
}

/** Failed assertions on a dataset, reported by the newest run that checked it. */
export interface AssertionIssue {
  kind: 'failed-assertions';
  /** Stable across refreshes: `failed-assertions:<run id>:<dataset node id>`. */
  id: string;
  dataset: EntityId;
  /** The job whose run checked the dataset. */
  job: JobRef;
  run: Run;
  /** The graph node to open: the dataset. */
  nodeId: string;
  at: string | null;
  failed: Assertion[];
  /** How many assertions the run reported on the dataset, passed ones included. */
  total: number;
  /** The facet they came from (`dataQualityAssertions`, or a producer's own). */
  facet: string;
}

export type Issue = FailedRunIssue | AssertionIssue;

/** What one refresh fetched. */
export interface RunsSnapshot {
  /** The configured namespace, or undefined when every namespace was read. */
  namespace?: string;
  /** The namespaces whose jobs were read. */
  namespaces: string[];
  /** How many jobs were read. */
  jobCount: number;
  /** What was left out to keep the refresh bounded (jobs or namespaces beyond the caps), as sentences. */
  truncated: string[];
  /** Every run read, newest first. */
  runs: JobRun[];
  /** Open issues, newest first. */
  issues: Issue[];
}

/** What the views show: a snapshot, or why there is none. */
export type RunsState =
  | { kind: 'ok'; endpoint: string; snapshot: RunsSnapshot }
  /** No usable endpoint: `message` says why, `reason` classifies it for the views' welcome content. */
  | { kind: 'unconfigured'; message: string; reason: UnconfiguredReason }
  /** The endpoint failed: `message` is the {@link EndpointError}'s. */
  | { kind: 'error'; message: string; errorKind: EndpointErrorKind };

/**
 * Why there is no endpoint to use: `none` is set, the URL is `invalid`, or the only URL is the workspace's and
 * waits for trust (`untrusted`, Restricted Mode) or for the user to confirm it (`unconfirmed`).
 */
export const UNCONFIGURED_REASONS = ['none', 'invalid', 'untrusted', 'unconfirmed'] as const;
export type UnconfiguredReason = (typeof UNCONFIGURED_REASONS)[number];

/** The reason behind an endpoint choice without a URL, in the order resolveEndpoint() reports them. */
export function unconfiguredReason(choice: EndpointChoice): UnconfiguredReason {
  if (choice.kind !== 'none') return 'none';
  if (choice.problem) return 'invalid';
  return choice.pending?.reason ?? 'none';
}

/** The runs' states that end a run. */
const FINISHED = new Set(['COMPLETED', 'FAILED', 'ABORTED']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRun(value: unknown): value is Run {
  return isObject(value) && typeof value.id === 'string' && value.id !== '' && typeof value.state === 'string';
}

function timeOf(value: string | null | undefined): number {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(t) ? t : -Infinity;
}

/** When a run ran: its start, else its creation, else its last update. */
export function runTime(run: Run): string | null {
  return run.startedAt ?? run.createdAt ?? run.updatedAt ?? null;
}

/** When a run ended or last changed: its end, else its last update, else its start. */
export function runEndTime(run: Run): string | null {
  return run.endedAt ?? run.updatedAt ?? runTime(run);
}

/** A job's `{namespace, name}`, from its `id` (the API's own) or its fields. */
export function jobRef(job: Job): JobRef | undefined {
  const namespace = isObject(job.id) && typeof job.id.namespace === 'string' ? job.id.namespace : job.namespace;
  const name = isObject(job.id) && typeof job.id.name === 'string' ? job.id.name : job.name;
  if (typeof namespace !== 'string' || typeof name !== 'string') return undefined;
  return { namespace, name, ...(typeof job.simpleName === 'string' && job.simpleName !== name && { simpleName: job.simpleName }) };
}

/** Every run of the jobs (`latestRuns`, else `latestRun`), each once, newest first. */
export function collectRuns(jobs: readonly Job[]): JobRun[] {
  const seen = new Set<string>();
  const records: JobRun[] = [];
  for (const job of jobs) {
    if (!isObject(job)) continue;
    const ref = jobRef(job);
    if (!ref) continue;
    const runs: unknown[] =
      Array.isArray(job.latestRuns) && job.latestRuns.length > 0 ? job.latestRuns : job.latestRun ? [job.latestRun] : [];
    for (const run of runs) {
      if (!isRun(run) || seen.has(run.id)) continue;
      seen.add(run.id);
      records.push({ job: ref, run });
    }
  }
  return records.sort(
    (a, b) => timeOf(runTime(b.run)) - timeOf(runTime(a.run)) || (a.run.id < b.run.id ? -1 : a.run.id > b.run.id ? 1 : 0),
  );
}

function errorMessageOf(run: Run): string | undefined {
  const facet = isObject(run.facets) ? run.facets.errorMessage : undefined;
  return isObject(facet) ? facetText(facet.message) : undefined;
}

/** The datasets a run read and wrote, with that run's facets of each. */
function datasetVersions(run: Run): { dataset: EntityId; facets: unknown }[] {
  const out: { dataset: EntityId; facets: unknown }[] = [];
  for (const list of [run.inputDatasetVersions, run.outputDatasetVersions]) {
    if (!Array.isArray(list)) continue;
    for (const version of list as unknown[]) {
      if (!isObject(version) || !isObject(version.datasetVersionId)) continue;
      const { namespace, name } = version.datasetVersionId;
      if (typeof namespace !== 'string' || typeof name !== 'string') continue;
      out.push({ dataset: { namespace, name }, facets: version.facets });
    }
  }
  return out;
}

/** The open issues among runs sorted newest first ({@link collectRuns}), newest first. */
export function extractIssues(records: readonly JobRun[]): Issue[] {
  const issues: Issue[] = [];
  const decidedJobs = new Set<string>();
  const checkedDatasets = new Set<string>();
  for (const { job, run } of records) {
    const jobId = jobNodeId(job);
    if (!decidedJobs.has(jobId) && FINISHED.has(run.state)) {
      decidedJobs.add(jobId);
      if (run.state === 'FAILED') {
        const message = errorMessageOf(run);
        issues.push({
          kind: 'failed-run',
          id: `failed-run:${run.id}`,
          job,
          run,
          nodeId: jobId,
          at: runEndTime(run),
          ...(message !== undefined && { message }),
        });
      }
    }
    for (const { dataset, facets } of datasetVersions(run)) {
      const found = readAssertions(facets);
      if (!found) continue;
      const nodeId = datasetNodeId(dataset);
      if (checkedDatasets.has(nodeId)) continue;
      checkedDatasets.add(nodeId);
      const failed = found.assertions.filter((a) => !a.success);
      if (failed.length === 0) continue;
      issues.push({
        kind: 'failed-assertions',
        id: `failed-assertions:${run.id}:${nodeId}`,
        dataset,
        job,
        run,
        nodeId,
        at: runEndTime(run),
        failed,
        total: found.assertions.length,
        facet: found.facet,
      });
    }
  }
  return issues.sort((a, b) => timeOf(b.at) - timeOf(a.at));
}

/** Limits of one refresh, so a large deployment cannot make it unbounded. */
export interface FetchLimits {
  /** Jobs per request (Marquez's own default page). */
  pageSize: number;
  /** Jobs read per namespace at most. */
  maxJobsPerNamespace: number;
  /** Namespaces read at most when no namespace is configured. */
  maxNamespaces: number;
  /** Namespaces read at the same time. */
  concurrency: number;
}

export const DEFAULT_LIMITS: FetchLimits = { pageSize: 100, maxJobsPerNamespace: 500, maxNamespaces: 50, concurrency: 4 };

/** The client calls a refresh needs. */
export type RunsClient = Pick<MarquezClient, 'namespaces' | 'jobs'>;

/** The jobs of one namespace, page by page up to the cap; `total` when the endpoint said how many there are. */
export async function namespaceJobs(
  client: Pick<RunsClient, 'jobs'>,
  namespace: string,
  limits: FetchLimits,
  signal?: AbortSignal,
): Promise<{ jobs: Job[]; total?: number }> {
  const jobs: Job[] = [];
  let total: number | undefined;
  while (jobs.length < limits.maxJobsPerNamespace) {
    const limit = Math.min(limits.pageSize, limits.maxJobsPerNamespace - jobs.length);
    const page = await client.jobs(namespace, { limit, offset: jobs.length, signal });
    total = typeof page.totalCount === 'number' ? page.totalCount : undefined;
    jobs.push(...page.jobs);
    if (page.jobs.length < limit || (total !== undefined && jobs.length >= total)) break;
  }
  return { jobs, ...(total !== undefined && { total }) };
}

/** Runs `task` over `items`, at most `concurrency` at a time, results in order. */
export async function mapLimited<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/**
 * Reads the jobs of `namespace` (or of every visible namespace) with their latest runs, and derives the
 * recent runs and the open issues. Rejects with the client's {@link EndpointError}; a namespace that
 * disappears between listing and reading is skipped.
 */
export async function fetchRuns(
  client: RunsClient,
  options: { namespace?: string; signal?: AbortSignal; limits?: Partial<FetchLimits> } = {},
): Promise<RunsSnapshot> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const { namespace, signal } = options;
  const truncated: string[] = [];
  let namespaces: string[];
  if (namespace !== undefined) {
    namespaces = [namespace];
  } else {
    const listed = (await client.namespaces({ limit: 100, signal })).namespaces
      .filter((n) => isObject(n) && typeof n.name === 'string' && n.isHidden !== true)
      .map((n) => n.name);
    namespaces = listed.slice(0, limits.maxNamespaces);
    if (listed.length > namespaces.length)
      truncated.push(
        `Only the first ${namespaces.length} of ${listed.length} namespaces were read: set lineageLens.endpoint.namespace to see one namespace's runs.`,
      );
  }
  const perNamespace = await mapLimited(namespaces, limits.concurrency, async (ns) => {
    try {
      return { ns, ...(await namespaceJobs(client, ns, limits, signal)) };
    } catch (error) {
      // Listed a moment ago and gone now: nothing to show for it. A configured namespace that does not exist is an error.
      if (namespace === undefined && error instanceof EndpointError && error.kind === 'not-found') return { ns, jobs: [] as Job[] };
      throw error;
    }
  });
  for (const { ns, jobs, total } of perNamespace as { ns: string; jobs: Job[]; total?: number }[]) {
    if (jobs.length >= limits.maxJobsPerNamespace && (total === undefined || total > jobs.length)) {
      truncated.push(`Only ${jobs.length}${total === undefined ? '' : ` of ${total}`} jobs of namespace ${ns} were read.`);
    }
  }
  const jobs = perNamespace.flatMap((p) => p.jobs);
  const runs = collectRuns(jobs);
  return { ...(namespace !== undefined && { namespace }), namespaces, jobCount: jobs.length, truncated, runs, issues: extractIssues(runs) };
}

/**
 * The one load the views share, with cancellation: `get()` starts a load if none is under way or done and
 * resolves with its state; `refresh()` aborts the load in flight (its requests are cancelled) and forgets the
 * result, so the next `get()` loads again. Callers still waiting on an aborted load get the next load's state.
 */
export class RunsStore {
  private current: { controller: AbortController; promise: Promise<RunsState>; settled?: RunsState } | undefined;
  private readonly listeners = new Set<() => void>();
  private disposed = false;

  /** `load` must resolve with a state, or reject only when its signal was aborted. */
  constructor(private readonly load: (signal: AbortSignal) => Promise<RunsState>) {}

  /** Called after each `refresh()`: the views ask again. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The state of the load that finished, if the last one did. */
  peek(): RunsState | undefined {
    return this.current?.settled;
  }

  /** Whether a load is under way. */
  get loading(): boolean {
    return this.current !== undefined && this.current.settled === undefined;
  }

  async get(): Promise<RunsState> {
    for (;;) {
      if (this.disposed) throw new EndpointError('cancelled', 'The views were closed.');
      const current = (this.current ??= this.start());
      try {
        return await current.promise;
      } catch (error) {
        // Superseded by a refresh: wait for the new load instead.
        if (current.controller.signal.aborted && this.current !== current) continue;
        throw error;
      }
    }
  }

  /** Cancels the load in flight, forgets the last state and tells the views. */
  refresh(): void {
    this.current?.controller.abort();
    this.current = undefined;
    for (const listener of [...this.listeners]) listener();
  }

  dispose(): void {
    this.disposed = true;
    this.current?.controller.abort();
    this.current = undefined;
    this.listeners.clear();
  }

  private start(): { controller: AbortController; promise: Promise<RunsState>; settled?: RunsState } {
    const controller = new AbortController();
    const entry: { controller: AbortController; promise: Promise<RunsState>; settled?: RunsState } = {
      controller,
      promise: Promise.resolve(undefined as never),
    };
    entry.promise = this.load(controller.signal).then((state) => {
      entry.settled = state;
      return state;
    });
    // A rejection nobody awaits (the load was aborted and no one asked again) is not an error.
    entry.promise.catch(() => undefined);
    return entry;
  }
}

/**
 * Loads the state for the views: `resolve` gives the endpoint (or why there is none) and a client for it.
 * Endpoint failures become an `error` state with the client's message; only cancellation rejects.
 */
export async function loadRunsState(
  endpoint:
    | { ok: true; url: string; namespace: string | undefined; client: RunsClient }
    | { ok: false; message: string; reason?: UnconfiguredReason },
  signal: AbortSignal,
  limits?: Partial<FetchLimits>,
): Promise<RunsState> {
  if (!endpoint.ok) return { kind: 'unconfigured', message: endpoint.message, reason: endpoint.reason ?? 'none' };
  try {
    const snapshot = await fetchRuns(endpoint.client, {
      ...(endpoint.namespace !== undefined && { namespace: endpoint.namespace }),
      signal,
      ...(limits && { limits }),
    });
    return { kind: 'ok', endpoint: endpoint.url, snapshot };
  } catch (error) {
    if (signal.aborted) throw error;
    if (error instanceof EndpointError) {
      if (error.kind === 'cancelled') throw error;
      return { kind: 'error', message: error.message, errorKind: error.kind };
    }
    return {
      kind: 'error',
      message: `Loading the runs failed: ${error instanceof Error ? error.message : String(error)}`,
      errorKind: 'invalid-response',
    };
  }
}
