/**
 * The lineage model of the local endpoint, built from OpenLineage events as Marquez builds its own: namespaces,
 * jobs, datasets, runs and column lineage, with the indexes the read API needs (a dataset's producing and
 * consuming jobs, a field's upstream and downstream fields). Pure: no I/O; the same {@link StoredLineage.apply}
 * serves events as they arrive and the replay of the store at start-up, so both give the same model.
 *
 * What each event does:
 * - RunEvent: creates the job, its run and the datasets it names; merges the job, run and dataset facets (the
 *   latest value of each facet wins; a dataset facet with `_deleted: true` is removed); moves the run through
 *   its states (START → RUNNING → COMPLETED / FAILED / ABORTED; a finished run never goes back); records the
 *   input and output dataset versions of the run (one new version of each output per run) with the run's
 *   input and output facets (e.g. `dataQualityAssertions`). A job's inputs and outputs are those of its
 *   newest run that reported any, accumulated over that run's events.
 * - JobEvent: the job's facets, and its inputs and outputs as given (static lineage).
 * - DatasetEvent: the dataset's facets (schema, documentation, ...).
 *
 * Times are epoch milliseconds here; an `eventTime` without a UTC offset is read as UTC.
 *
 * Memory: a job's or dataset's facet that arrives equal to the one it holds keeps the held object, so the
 * schemas and column lineage repeated in every event are stored once and shared by all versions, and an
 * unchanged `columnLineage` facet is not indexed again. A run's facets are not held when the places of its
 * events in the events file are known (`apply`'s `place`): they are read back from there when asked for
 * (./runs.ts). {@link StoredLineage.restore} rebuilds a model from a snapshot's records (./snapshot.ts). The
 * events counted by `/stats/lineage-events` are kept by type and time ({@link StoredLineage.eventTypes}).
 */
import { createHash } from 'node:crypto';
import type { Facets, RunState } from '../../../protocol/marquez';
import { datasetFieldNodeId, datasetNodeId, jobNodeId } from '../../../protocol/node-ids';
import { mergeFacets, RunFacetSource, StoredRun } from './runs';
import type { EventKind } from './schema';
import { LineageEventCounts } from './stats';

export { jsonEqual } from './json';

export interface NamespaceRecord {
  name: string;
  createdAt: number;
  updatedAt: number;
}

/** One field of a dataset's schema facet. */
export interface FieldRecord {
  name: string;
  type: string | null;
  description: string | null;
}

/** A version of a dataset: one per run that wrote it. */
export interface DatasetVersionRecord {
  version: string;
  runId: string | null;
  createdAt: number;
  /** The dataset's facets as of this version. */
  facets: Facets;
  fields: FieldRecord[];
}

export interface DatasetRecord {
  namespace: string;
  name: string;
  /** `dataset:<namespace>:<name>`. */
  nodeId: string;
  createdAt: number;
  updatedAt: number;
  /** When a run last finished writing it. */
  lastModifiedAt: number | null;
  facets: Facets;
  fields: FieldRecord[];
  versions: DatasetVersionRecord[];
  /** Jobs whose current outputs include it. */
  producers: Set<JobRecord>;
  /** Jobs whose current inputs include it. */
  consumers: Set<JobRecord>;
}

/** A dataset a run read or wrote, with the version and that run's input or output facets. */
export interface RunDatasetRecord {
  dataset: DatasetRecord;
  version: string;
  facets: Facets;
  /** Outputs: the version this run wrote. */
  written?: DatasetVersionRecord;
}

export interface RunRecord {
  readonly id: string;
  job: JobRecord;
  createdAt: number;
  updatedAt: number;
  state: RunState;
  startedAt: number | null;
  endedAt: number | null;
  /** Event time of the event that set the state. */
  stateAt: number;
  /** Held, or read back from the events file (./runs.ts). */
  readonly facets: Facets;
  /** The places (offset, length, …) of the events applied to the run, in file order; null when one is not known. */
  readonly eventRefs: number[] | null;
  readonly inputs: Map<string, RunDatasetRecord>;
  readonly outputs: Map<string, RunDatasetRecord>;
}

export interface JobRecord {
  namespace: string;
  name: string;
  /** `job:<namespace>:<name>`. */
  nodeId: string;
  createdAt: number;
  updatedAt: number;
  facets: Facets;
  inputs: DatasetRecord[];
  outputs: DatasetRecord[];
  /** The run whose datasets are `inputs` and `outputs` (null: set by a JobEvent or none yet). */
  ioRunId: string | null;
  /** Oldest first (by creation time). */
  runs: RunRecord[];
  parent: { namespace: string; name: string; runId: string | null } | null;
}

/** One upstream field of a column-lineage field, from a `columnLineage` facet. */
export interface FieldInput {
  namespace: string;
  dataset: string;
  field: string;
  transformationDescription: string | null;
  transformationType: string | null;
}

const FINISHED: ReadonlySet<RunState> = new Set(['COMPLETED', 'FAILED', 'ABORTED']);
const STATE_OF_EVENT: Record<string, RunState | undefined> = {
  START: 'RUNNING',
  RUNNING: 'RUNNING',
  COMPLETE: 'COMPLETED',
  FAIL: 'FAILED',
  ABORT: 'ABORTED',
};

/** Epoch ms of an ISO-8601 time; one without an offset is UTC. NaN when unreadable. */
export function parseEventTime(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  const hasZone = /(?:[zZ]|[+-]\d\d(?::?\d\d)?)$/.test(value) && /T/.test(value);
  return Date.parse(hasZone || !/T/.test(value) ? value : `${value}Z`);
}

/** Recent {@link nameUuid} answers: the read API asks for the same job versions and parents in every answer. */
const uuids = new Map<string, string>();
const UUIDS_KEPT = 20_000;

/** A name-based UUID (version 5 layout, SHA-1) of the parts: stable dataset and job version ids. */
export function nameUuid(...parts: string[]): string {
  const key = parts.join('\u0000');
  const known = uuids.get(key);
  if (known !== undefined) return known;
  const hash = createHash('sha1').update(key).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  if (uuids.size >= UUIDS_KEPT) uuids.clear();
  uuids.set(key, uuid);
  return uuid;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const named = (v: unknown): boolean => isObject(v) && typeof v.namespace === 'string' && typeof v.name === 'string';
const datasetList = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.every(named));

/**
 * Why {@link StoredLineage.apply} cannot use an event of this kind, or undefined when it can: the fields the
 * model reads must have their types (`job.namespace` and `job.name` strings, `run.runId` a string, datasets
 * objects with a string namespace and name). Every event that passed schema validation has them; a stored
 * line from elsewhere (an edited file, an older version) may not.
 */
export function unusableEvent(kind: EventKind, event: Record<string, unknown>): string | undefined {
  if (kind === 'DatasetEvent') return named(event.dataset) ? undefined : 'dataset needs a string namespace and name';
  if (!named(event.job)) return 'job needs a string namespace and name';
  if (kind === 'RunEvent' && !(isObject(event.run) && typeof event.run.runId === 'string')) return 'run needs a string runId';
  if (!datasetList(event.inputs)) return 'inputs must be a list of datasets with a string namespace and name';
  if (!datasetList(event.outputs)) return 'outputs must be a list of datasets with a string namespace and name';
  return undefined;
}

const fieldsBySchema = new WeakMap<object, FieldRecord[]>();
const NO_FIELDS: FieldRecord[] = [];

/** The fields of a `schema` facet (top level); one array per schema facet object, shared by its versions. */
export function fieldsOf(facets: Facets): FieldRecord[] {
  const schema = facets.schema;
  if (!isObject(schema) || !Array.isArray(schema.fields)) return NO_FIELDS;
  const known = fieldsBySchema.get(schema);
  if (known) return known;
  const fields: FieldRecord[] = [];
  for (const f of schema.fields) {
    if (isObject(f) && typeof f.name === 'string') fields.push({ name: f.name, type: str(f.type), description: str(f.description) });
  }
  fieldsBySchema.set(schema, fields);
  return fields;
}

/** The records of a model, linked to each other, as a snapshot restores them (see ./snapshot.ts). */
export interface ModelRecords {
  namespaces: NamespaceRecord[];
  /** With `facets` and `versions`; `fields` is derived from the facets. */
  datasets: DatasetRecord[];
  jobs: JobRecord[];
  /** Created with the model's {@link RunFacetSource}. */
  runs: StoredRun[];
  eventCount: number;
  /** Events by type and time, for `/stats/lineage-events`. */
  eventTypes: LineageEventCounts;
}

/** The lineage the local endpoint holds, built from the events it received (not the webview's graph model). */
export class StoredLineage {
  readonly namespaces = new Map<string, NamespaceRecord>();
  /** By node id. */
  readonly datasets = new Map<string, DatasetRecord>();
  /** By node id. */
  readonly jobs = new Map<string, JobRecord>();
  readonly runs = new Map<string, RunRecord>();
  /** Column lineage: a field's node id → its upstream fields (from its dataset's `columnLineage` facet). */
  readonly fieldInputs = new Map<string, FieldInput[]>();
  /** Column lineage: a field's node id → the node ids of the fields computed from it. */
  readonly fieldOutputs = new Map<string, Set<string>>();
  /** The parts of every field that column lineage mentions, by node id. */
  readonly fieldRefs = new Map<string, { namespace: string; dataset: string; field: string }>();
  /** The fields each dataset's `columnLineage` facet covers, so a new facet replaces the old edges. */
  private readonly lineageFieldsOf = new Map<string, string[]>();
  private eventsApplied = 0;
  /** Events by type and time (`/stats/lineage-events` answers from them, not from the events file). */
  eventTypes = new LineageEventCounts();

  /** `runFacets`: where runs read their facets back from (set its `reader` once the events file is open). */
  constructor(readonly runFacets = new RunFacetSource()) {}

  /** How many events the model was built from. */
  get eventCount(): number {
    return this.eventsApplied;
  }

  /**
   * A model from restored records (a snapshot): the maps keep the records' order, dataset fields and the
   * column-lineage indexes are derived again from the facets. Producers and consumers come as restored.
   */
  static restore(records: ModelRecords, runFacets: RunFacetSource): StoredLineage {
    const model = new StoredLineage(runFacets);
    for (const ns of records.namespaces) model.namespaces.set(ns.name, ns);
    for (const job of records.jobs) model.jobs.set(job.nodeId, job);
    for (const run of records.runs) model.runs.set(run.id, run);
    for (const dataset of records.datasets) {
      model.datasets.set(dataset.nodeId, dataset);
      dataset.fields = fieldsOf(dataset.facets);
      for (const version of dataset.versions) version.fields = fieldsOf(version.facets);
      if (dataset.facets.columnLineage !== undefined) model.indexColumnLineage(dataset);
    }
    model.eventsApplied = records.eventCount;
    model.eventTypes = records.eventTypes;
    return model;
  }

  /**
   * Applies one event; false (and nothing changed) when it lacks what the model reads ({@link unusableEvent}).
   * Never throws: every event that passed schema validation is applied. `place`: where the event's line is in the
   * events file, when the caller knows it (a run whose events' places are all known reads its facets back).
   */
  apply(kind: EventKind, event: Record<string, unknown>, place?: { offset: number; length: number }): boolean {
    if (unusableEvent(kind, event) !== undefined) return false;
    const time = parseEventTime(event.eventTime);
    const at = Number.isNaN(time) ? 0 : time;
    this.eventsApplied++;
    this.eventTypes.add(event.eventType, time);
    if (kind === 'RunEvent') this.applyRunEvent(event, at, place);
    else if (kind === 'JobEvent') this.applyJobEvent(event, at);
    else this.applyDatasetEvent(event, at);
    return true;
  }

  private namespace(name: string, at: number): void {
    const ns = this.namespaces.get(name);
    if (!ns) this.namespaces.set(name, { name, createdAt: at, updatedAt: at });
    else {
      if (at < ns.createdAt) ns.createdAt = at;
      if (at > ns.updatedAt) ns.updatedAt = at;
    }
  }

  private job(namespace: string, name: string, at: number): JobRecord {
    const nodeId = jobNodeId({ namespace, name });
    let job = this.jobs.get(nodeId);
    if (!job) {
      this.namespace(namespace, at);
      job = {
        namespace,
        name,
        nodeId,
        createdAt: at,
        updatedAt: at,
        facets: {},
        inputs: [],
        outputs: [],
        ioRunId: null,
        runs: [],
        parent: null,
      };
      this.jobs.set(nodeId, job);
    } else {
      if (at < job.createdAt) job.createdAt = at;
      if (at > job.updatedAt) job.updatedAt = at;
      this.namespace(namespace, at);
    }
    return job;
  }

  /** The dataset an event names (created if new), with its facets merged. */
  private dataset(value: Record<string, unknown>, at: number): DatasetRecord {
    const namespace = String(value.namespace);
    const name = String(value.name);
    const nodeId = datasetNodeId({ namespace, name });
    let dataset = this.datasets.get(nodeId);
    if (!dataset) {
      dataset = {
        namespace,
        name,
        nodeId,
        createdAt: at,
        updatedAt: at,
        lastModifiedAt: null,
        facets: {},
        fields: [],
        versions: [],
        producers: new Set(),
        consumers: new Set(),
      };
      this.datasets.set(nodeId, dataset);
    } else {
      if (at < dataset.createdAt) dataset.createdAt = at;
      if (at > dataset.updatedAt) dataset.updatedAt = at;
    }
    this.namespace(namespace, at);
    const facets = value.facets;
    if (isObject(facets)) {
      const { schema, columnLineage } = dataset.facets;
      if (mergeFacets(dataset.facets, facets, true)) {
        if (dataset.facets.schema !== schema) dataset.fields = fieldsOf(dataset.facets);
        if (dataset.facets.columnLineage !== columnLineage) this.indexColumnLineage(dataset);
      }
    }
    return dataset;
  }

  private applyRunEvent(event: Record<string, unknown>, at: number, place: { offset: number; length: number } | undefined): void {
    const jobValue = event.job as Record<string, unknown>;
    const runValue = event.run as Record<string, unknown>;
    const job = this.job(String(jobValue.namespace), String(jobValue.name), at);
    mergeFacets(job.facets, jobValue.facets, true);
    const runId = String(runValue.runId);
    let run = this.runs.get(runId) as StoredRun | undefined; // every run of the model is one
    if (!run) {
      const init = { id: runId, job, createdAt: at, updatedAt: at, state: 'NEW', startedAt: null, endedAt: null, stateAt: at } as const;
      run = new StoredRun(this.runFacets, init, place && this.runFacets.reader ? undefined : {}, []);
      this.runs.set(runId, run);
      insertByCreation(job.runs, run);
    } else {
      if (at > run.updatedAt) run.updatedAt = at;
      if (at < run.createdAt) run.createdAt = at;
    }
    run.addEvent(runValue.facets, place);
    const parent = isObject(runValue.facets) ? runValue.facets.parent : undefined;
    if (isObject(parent) && isObject(parent.job) && typeof parent.job.namespace === 'string' && typeof parent.job.name === 'string') {
      job.parent = { namespace: parent.job.namespace, name: parent.job.name, runId: isObject(parent.run) ? str(parent.run.runId) : null };
    }
    this.transition(run, typeof event.eventType === 'string' ? event.eventType : undefined, at);

    const inputs = Array.isArray(event.inputs) ? (event.inputs as Record<string, unknown>[]) : [];
    const outputs = Array.isArray(event.outputs) ? (event.outputs as Record<string, unknown>[]) : [];
    for (const input of inputs) {
      const dataset = this.dataset(input, at);
      const known = run.inputs.get(dataset.nodeId);
      const version = known?.version ?? dataset.versions.at(-1)?.version ?? this.newVersion(dataset, null, at).version;
      const facets = known?.facets ?? {};
      mergeFacets(facets, input.inputFacets);
      if (!known) run.inputs.set(dataset.nodeId, { dataset, version, facets });
    }
    for (const output of outputs) {
      const dataset = this.dataset(output, at);
      const known = run.outputs.get(dataset.nodeId);
      const written = known?.written;
      if (written) {
        written.facets = { ...dataset.facets };
        written.fields = dataset.fields;
      }
      const facets = known?.facets ?? {};
      mergeFacets(facets, output.outputFacets);
      if (!known) {
        const version = this.newVersion(dataset, run.id, at);
        run.outputs.set(dataset.nodeId, { dataset, version: version.version, facets, written: version });
      }
      if (run.state === 'COMPLETED' && (dataset.lastModifiedAt === null || at > dataset.lastModifiedAt)) dataset.lastModifiedAt = at;
    }
    if (inputs.length + outputs.length > 0) this.updateJobIo(job, run);
    else if (run.state === 'COMPLETED' && job.ioRunId === run.id) {
      for (const d of job.outputs) if (d.lastModifiedAt === null || at > d.lastModifiedAt) d.lastModifiedAt = at;
    }
  }

  /** A finished run keeps its state unless a later finishing event replaces it; START never undoes an end. */
  private transition(run: RunRecord, eventType: string | undefined, at: number): void {
    const next = eventType ? STATE_OF_EVENT[eventType] : undefined;
    if (eventType === 'START' && (run.startedAt === null || at < run.startedAt)) run.startedAt = at;
    if (eventType === 'RUNNING' && run.startedAt === null) run.startedAt = at;
    if (!next) return;
    if (FINISHED.has(next)) {
      if (!FINISHED.has(run.state) || at >= run.stateAt) {
        run.state = next;
        run.stateAt = at;
        run.endedAt = at;
      }
    } else if (!FINISHED.has(run.state)) {
      run.state = next;
      run.stateAt = at;
    }
  }

  private newVersion(dataset: DatasetRecord, runId: string | null, at: number): DatasetVersionRecord {
    const version: DatasetVersionRecord = {
      version: nameUuid('dataset-version', dataset.namespace, dataset.name, runId ?? ''),
      runId,
      createdAt: at,
      facets: { ...dataset.facets },
      fields: dataset.fields,
    };
    dataset.versions.push(version);
    return version;
  }

  /** Makes the run's datasets the job's inputs and outputs, unless a newer run already set them. */
  private updateJobIo(job: JobRecord, run: RunRecord): void {
    if (job.ioRunId !== run.id && job.ioRunId !== null) {
      const current = this.runs.get(job.ioRunId);
      if (current && current.createdAt > run.createdAt) return;
    }
    job.ioRunId = run.id;
    this.setJobIo(
      job,
      [...run.inputs.values()].map((r) => r.dataset),
      [...run.outputs.values()].map((r) => r.dataset),
    );
  }

  private setJobIo(job: JobRecord, inputs: DatasetRecord[], outputs: DatasetRecord[]): void {
    for (const d of job.inputs) d.consumers.delete(job);
    for (const d of job.outputs) d.producers.delete(job);
    job.inputs = inputs;
    job.outputs = outputs;
    for (const d of inputs) d.consumers.add(job);
    for (const d of outputs) d.producers.add(job);
  }

  private applyJobEvent(event: Record<string, unknown>, at: number): void {
    const jobValue = event.job as Record<string, unknown>;
    const job = this.job(String(jobValue.namespace), String(jobValue.name), at);
    mergeFacets(job.facets, jobValue.facets, true);
    const inputs = Array.isArray(event.inputs) ? (event.inputs as Record<string, unknown>[]).map((d) => this.dataset(d, at)) : undefined;
    const outputs = Array.isArray(event.outputs) ? (event.outputs as Record<string, unknown>[]).map((d) => this.dataset(d, at)) : undefined;
    if (inputs || outputs) {
      job.ioRunId = null;
      this.setJobIo(job, inputs ?? job.inputs, outputs ?? job.outputs);
    }
  }

  private applyDatasetEvent(event: Record<string, unknown>, at: number): void {
    this.dataset(event.dataset as Record<string, unknown>, at);
  }

  /** Replaces the column-lineage edges of a dataset's fields with those of its current `columnLineage` facet. */
  private indexColumnLineage(dataset: DatasetRecord): void {
    for (const fieldId of this.lineageFieldsOf.get(dataset.nodeId) ?? []) {
      for (const input of this.fieldInputs.get(fieldId) ?? [])
        this.fieldOutputs.get(datasetFieldNodeId({ namespace: input.namespace, name: input.dataset }, input.field))?.delete(fieldId);
      this.fieldInputs.delete(fieldId);
    }
    const covered: string[] = [];
    const facet = dataset.facets.columnLineage;
    const fields = isObject(facet) && isObject(facet.fields) ? facet.fields : {};
    for (const [field, value] of Object.entries(fields)) {
      if (!isObject(value) || !Array.isArray(value.inputFields)) continue;
      const fieldId = datasetFieldNodeId(dataset, field);
      if (!this.fieldRefs.has(fieldId)) this.fieldRefs.set(fieldId, { namespace: dataset.namespace, dataset: dataset.name, field });
      const inputs: FieldInput[] = [];
      for (const input of value.inputFields) {
        if (!isObject(input) || typeof input.namespace !== 'string' || typeof input.name !== 'string' || typeof input.field !== 'string')
          continue;
        const transformation =
          Array.isArray(input.transformations) && isObject(input.transformations[0]) ? input.transformations[0] : undefined;
        const type = transformation
          ? [str(transformation.type), str(transformation.subtype)].filter(Boolean).join('/') || null
          : str(value.transformationType);
        inputs.push({
          namespace: input.namespace,
          dataset: input.name,
          field: input.field,
          transformationDescription: transformation ? str(transformation.description) : str(value.transformationDescription),
          transformationType: type,
        });
        const inputId = datasetFieldNodeId({ namespace: input.namespace, name: input.name }, input.field);
        if (!this.fieldRefs.has(inputId))
          this.fieldRefs.set(inputId, { namespace: input.namespace, dataset: input.name, field: input.field });
        let outs = this.fieldOutputs.get(inputId);
        if (!outs) this.fieldOutputs.set(inputId, (outs = new Set()));
        outs.add(fieldId);
      }
      this.fieldInputs.set(fieldId, inputs);
      covered.push(fieldId);
    }
    this.lineageFieldsOf.set(dataset.nodeId, covered);
  }

  /** The run a job has most recently created, or undefined. */
  latestRun(job: JobRecord): RunRecord | undefined {
    return job.runs.at(-1);
  }
}

/** Keeps `runs` ordered by creation time (events mostly arrive in order, so this is usually a push). */
function insertByCreation(runs: RunRecord[], run: RunRecord): void {
  let i = runs.length;
  while (i > 0 && runs[i - 1]!.createdAt > run.createdAt) i--;
  runs.splice(i, 0, run);
}
