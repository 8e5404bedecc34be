/**
 * Typed responses of the Marquez HTTP API v1 (`/api/v1/...`), as returned by {@link MarquezClient} (see
 * ./client.ts). They follow Marquez's OpenAPI spec and its resource classes, with two corrections from the
 * real API: lineage nodes may be `DATASET_FIELD` or `RUN`, and timestamps may arrive as epoch seconds (the
 * client turns every timestamp it knows into an ISO-8601 string, {@link IsoTimestamp}).
 *
 * Facets are kept exactly as received (`Record<string, unknown>`): producers add their own (`spark_properties`,
 * `airflow`, `dbt_*`, ...) and a viewer must pass them through. Types only: no runtime code.
 */

/** An ISO-8601 timestamp, normalised by the client from ISO strings or epoch seconds. */
export type IsoTimestamp = string;

/** Facets by key, exactly as received: standard and producer-specific ones alike. */
export type Facets = Record<string, unknown>;

/** A dataset or job as Marquez names one: `{namespace, name}` (the source of node ids). */
export interface EntityId {
  namespace: string;
  name: string;
}

/** A dataset's id. */
export type DatasetId = EntityId;

/** A job's id; in run and version objects it carries the job version. */
export interface JobId extends EntityId {
  version?: string;
}

/** A dataset's id with its version (run inputs and outputs). */
export interface DatasetVersionId extends EntityId {
  version: string;
}

/** A namespace (`GET /namespaces`). */
export interface Namespace {
  name: string;
  createdAt: IsoTimestamp | null;
  updatedAt: IsoTimestamp | null;
  ownerName?: string | null;
  description?: string | null;
  isHidden?: boolean;
}

/** `GET /namespaces`. */
export interface NamespaceList {
  namespaces: Namespace[];
}

/** One field (column) of a dataset. */
export interface DatasetField {
  name: string;
  type?: string | null;
  tags?: string[];
  description?: string | null;
}

/** `DB_TABLE` and `STREAM` are Marquez's dataset types; others are passed through. */
export type DatasetType = 'DB_TABLE' | 'STREAM' | (string & {});

/** A dataset (`GET /namespaces/{ns}/datasets/{name}`, and the `data` of a `DATASET` lineage node). */
export interface Dataset {
  id: DatasetId;
  type: DatasetType;
  name: string;
  physicalName: string;
  createdAt: IsoTimestamp | null;
  updatedAt: IsoTimestamp | null;
  namespace: string;
  sourceName: string;
  fields: DatasetField[];
  tags: string[];
  lastModifiedAt: IsoTimestamp | null;
  lastLifecycleState?: string | null;
  description?: string | null;
  /** Absent in lineage nodes' `data`. */
  facets?: Facets;
  currentVersion?: string | null;
  /** Each field's input fields (full datasets only; Marquez's `Dataset.columnLineage`). */
  columnLineage?: ColumnLineage[] | null;
  deleted?: boolean;
}

/** One field's column lineage in a Dataset. */
export interface ColumnLineage {
  name: string;
  /** Deprecated in Marquez in favour of the input fields' own. */
  transformationDescription?: string | null;
  /** Deprecated in Marquez in favour of the input fields' own. */
  transformationType?: string | null;
  inputFields: ColumnLineageInputField[];
}

/** `GET /namespaces/{ns}/datasets/{ds}/versions[/{v}]`: a dataset as one run wrote it. */
export interface DatasetVersion {
  id: DatasetVersionId;
  type: DatasetType;
  name: string;
  physicalName: string;
  createdAt: IsoTimestamp | null;
  version: string;
  namespace: string;
  sourceName: string;
  fields: DatasetField[];
  tags: string[];
  lifecycleState: string | null;
  description: string | null;
  createdByRun: Run | null;
  createdByRunUuid: string | null;
  currentSchemaVersion: string | null;
  facets: Facets;
}

/** `GET /tags`: `{tags: Tag[]}`; `PUT /tags/{tag}` answers one Tag. */
export interface Tag {
  name: string;
  description: string | null;
}

/** `GET /sources/{s}` (and `{sources: Source[]}` from `GET /sources`). */
export interface Source {
  type: string;
  name: string;
  createdAt: IsoTimestamp | null;
  updatedAt: IsoTimestamp | null;
  connectionUrl: string;
  description: string | null;
}

/** `GET /namespaces/{ns}/jobs/{job}/versions[/{v}]`. */
export interface JobVersion {
  id: JobId;
  name: string;
  version: string;
  createdAt: IsoTimestamp | null;
  updatedAt: IsoTimestamp | null;
  namespace: string;
  location: string | null;
  inputs: DatasetId[];
  outputs: DatasetId[];
  latestRun: Run | null;
  facets: Facets;
}

/** `GET /stats/lineage-events`: events by type per interval. */
export interface LineageMetric {
  startInterval: IsoTimestamp;
  endInterval: IsoTimestamp;
  fail: number;
  start: number;
  complete: number;
  abort: number;
}

/** `GET /stats/{jobs|datasets|sources}`: how many existed by the end of each interval. */
export interface IntervalMetric {
  startInterval: IsoTimestamp;
  endInterval: IsoTimestamp;
  count: number;
}

/** `GET /runlineage/upstream`. */
export interface UpstreamRunLineage {
  runs: {
    job: { namespace: string; name: string; version: string };
    run: { id: string; start: IsoTimestamp | null; end: IsoTimestamp | null; status: RunState };
    inputs: { namespace: string; name: string; version: string; producedByRunId: string | null }[];
  }[];
}

/** `GET /namespaces/{ns}/datasets`. */
export interface DatasetList {
  datasets: Dataset[];
  totalCount?: number;
}

/** A run's state in Marquez. */
export type RunState = 'NEW' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'ABORTED';

/** A dataset version a run read or wrote, with the input/output facets of that run. */
export interface RunDatasetVersion {
  datasetVersionId: DatasetVersionId;
  facets: Facets;
}

/** A run (`GET /jobs/runs/{id}`, a job's `latestRun`, `GET .../jobs/{job}/runs`). */
export interface Run {
  id: string;
  createdAt: IsoTimestamp | null;
  updatedAt: IsoTimestamp | null;
  nominalStartTime: IsoTimestamp | null;
  nominalEndTime: IsoTimestamp | null;
  state: RunState;
  startedAt: IsoTimestamp | null;
  endedAt: IsoTimestamp | null;
  /** Null while the run has not ended. */
  durationMs: number | null;
  args?: Record<string, unknown>;
  jobVersion?: JobId;
  inputDatasetVersions?: RunDatasetVersion[];
  outputDatasetVersions?: RunDatasetVersion[];
  facets: Facets;
}

/** `GET /namespaces/{ns}/jobs/{job}/runs`. */
export interface RunList {
  runs: Run[];
}

/** `BATCH`, `STREAM` and `SERVICE` are Marquez's job types; others are passed through. */
export type JobType = 'BATCH' | 'STREAM' | 'SERVICE' | (string & {});

/** A job (`GET /namespaces/{ns}/jobs/{job}`, and the `data` of a `JOB` lineage node). */
export interface Job {
  id: JobId;
  type: JobType;
  /** `dag_id.task_id` for Airflow tasks, `appName.command.table` for Spark. */
  name: string;
  simpleName?: string;
  parentJobName?: string | null;
  parentJobUuid?: string | null;
  createdAt: IsoTimestamp | null;
  updatedAt: IsoTimestamp | null;
  namespace: string;
  inputs: DatasetId[];
  outputs: DatasetId[];
  location?: string | null;
  description?: string | null;
  latestRun?: Run | null;
  latestRuns?: Run[];
  /** Absent in lineage nodes' `data`. */
  facets?: Facets;
  currentVersion?: string | null;
  /** Full jobs only (`GET /namespaces/{ns}/jobs[/{job}]`, `GET /jobs`); Marquez's web UI reads `tags.length`. */
  tags?: string[];
  labels?: string[];
  /** Lineage nodes' `data` only. */
  currentRunUuid?: string | null;
}

/** `GET /namespaces/{ns}/jobs`. */
export interface JobList {
  jobs: Job[];
  totalCount?: number;
}

/** One edge as Marquez writes it in a node's `inEdges` / `outEdges`: two node ids. */
export interface LineageEdge {
  origin: string;
  destination: string;
}

/** An upstream field of a column-lineage node. */
export interface ColumnLineageInputField {
  namespace: string;
  dataset: string;
  datasetVersion?: string | null;
  field: string;
  transformationDescription?: string | null;
  transformationType?: string | null;
}

/** The `data` of a `DATASET_FIELD` node (`GET /column-lineage`). */
export interface ColumnLineageData {
  namespace: string;
  dataset: string;
  datasetVersion?: string | null;
  field: string;
  fieldType?: string | null;
  /** Deprecated in Marquez in favour of the input fields' own. */
  transformationDescription?: string | null;
  /** Deprecated in Marquez in favour of the input fields' own. */
  transformationType?: string | null;
  inputFields: ColumnLineageInputField[];
}

interface NodeBase<T extends string, D> {
  /** A node id: `dataset:<ns>:<name>`, `job:<ns>:<name>`, `datasetField:<ns>:<name>:<field>`, `run:<uuid>`. */
  id: string;
  type: T;
  data: D;
  inEdges: LineageEdge[];
  outEdges: LineageEdge[];
}

export type DatasetNode = NodeBase<'DATASET', Dataset>;
export type JobNode = NodeBase<'JOB', Job>;
export type DatasetFieldNode = NodeBase<'DATASET_FIELD', ColumnLineageData>;
export type RunNode = NodeBase<'RUN', Run>;

/** One node of a lineage graph, discriminated on `type`. */
export type LineageNode = DatasetNode | JobNode | DatasetFieldNode | RunNode;

/** `GET /lineage` and `GET /column-lineage`: nodes sorted by id. */
export interface LineageGraph {
  graph: LineageNode[];
}

/** `DATASET` or `JOB`. */
export type SearchResultType = 'DATASET' | 'JOB';

/** One hit of `GET /search`. */
export interface SearchResult {
  type: SearchResultType;
  name: string;
  updatedAt: IsoTimestamp | null;
  namespace: string;
  /** The node id to ask `/lineage` for. */
  nodeId: string;
}

/** `GET /search`. */
export interface SearchResults {
  totalCount: number;
  results: SearchResult[];
}

/** `GET /jobs/runs/{id}/facets?type=run|job`. */
export interface RunFacetsResult {
  runId: string;
  facets: Facets;
}

/** An OpenLineage event (RunEvent, DatasetEvent or JobEvent) as stored and returned by the endpoint. */
export interface LineageEvent {
  eventTime: string;
  producer: string;
  schemaURL: string;
  eventType?: 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';
  run?: { runId: string; facets?: Facets };
  job?: { namespace: string; name: string; facets?: Facets };
  inputs?: { namespace: string; name: string; facets?: Facets; inputFacets?: Facets }[];
  outputs?: { namespace: string; name: string; facets?: Facets; outputFacets?: Facets }[];
  /** DatasetEvent only. */
  dataset?: { namespace: string; name: string; facets?: Facets };
  [key: string]: unknown;
}

/** `GET /events/lineage`. */
export interface LineageEventList {
  events: LineageEvent[];
  totalCount: number;
}
