/**
 * The `lineageLens/staticLineage` request: the lineage the OpenLineage Airflow provider would report for the
 * workspace's DAG files, read from the code (no Airflow run needed), in the shape of Marquez's
 * `GET /api/v1/lineage` response so the lineage viewer draws it like a graph fetched from Marquez.
 *
 * Types, and the request object (`staticLineageRequest`) that the extension and the tests send and the
 * server answers. The request objects are built on the top-level `vscode-jsonrpc` (10), the one
 * vscode-languageclient 11 and the test client use, so the clients take them as they are. The server's
 * vscode-languageserver 10.1 still runs on its own vscode-jsonrpc 9, whose `RequestType` is a distinct class
 * (private members: not assignable), so the server re-declares each one with the same method and type
 * parameters (`server/src/lsp/requests.ts`, `forServer`): one declaration, type-checked on both sides.
 */
import { RequestType } from 'vscode-jsonrpc';
import type { Range } from 'vscode-languageserver-types';
import type { DatasetId } from './marquez';
import type { LineageGraphResponse, MarquezEdge } from './webview';

export interface StaticLineageParams {
  /** A DAG file: the graph of the DAG(s) it defines and the datasets they read and write. Omitted: the whole workspace. */
  uri?: string;
  /** Leave out datasets the OpenLineage provider would not emit (kept by default, marked `emitted: false`). */
  emittedOnly?: boolean;
}

/** `lineageLens/staticLineage`: the lineage read from the DAG code (one file's, or the workspace's). */
export const staticLineageRequest = new RequestType<StaticLineageParams, StaticLineageResult, void>('lineageLens/staticLineage');

/** Where a node is declared: a workspace file and the range of the task / the object. */
export type SourceLocation = {
  uri: string;
  range: Range;
};

/**
 * How a dataset of the code was found: declared in `inlets`/`outlets` (`declared`), read from the SQL of a SQL
 * operator (`sql`), from a transfer operator's arguments or its own OpenLineage method (`operator`), from a dbt
 * project (`dbt`), from a PySpark job (`spark`).
 */
export type StaticProvenance = 'declared' | 'sql' | 'operator' | 'dbt' | 'spark';

/** A part of a namespace or name only the runtime knows, written `<name>` in it. */
export type StaticPlaceholder = { name: string; why: string };

/** The `columnLineage` facet's shape (OpenLineage ColumnLineageDatasetFacet), as predicted from the code. */
export type StaticColumnLineageFacet = {
  fields: Record<string, { inputFields: { namespace: string; name: string; field: string }[] }>;
};

/**
 * A DATASET node's `data`: Marquez's DatasetData fields where they have a static meaning, plus where the
 * dataset is declared and whether OpenLineage would report it.
 */
export type StaticDatasetData = {
  id: DatasetId;
  type: 'DB_TABLE';
  name: string;
  physicalName: string;
  namespace: string;
  sourceName: string;
  fields: never[];
  tags: never[];
  /** The column lineage predicted into it (from SQL), as OpenLineage's facet. */
  facets: { columnLineage?: StaticColumnLineageFacet };
  description: string | null;
  lastModifiedAt: null;
  /** Every way the code names it (a dataset can be both declared and read from SQL). */
  provenance: StaticProvenance[];
  /** Parts of its namespace or name only the runtime knows. */
  placeholders?: StaticPlaceholder[];
  /**
   * Whether the OpenLineage provider puts this dataset in task events. False for OpenMetadata entities and for
   * Airflow assets the provider drops (no converter for the scheme); `note` says why.
   */
  emitted: boolean;
  /** `openlineage`: an OpenLineage dataset; `openmetadata`: an OpenMetadata entity FQN; `airflow-asset`: an Airflow asset with no OpenLineage name. */
  origin: 'openlineage' | 'openmetadata' | 'airflow-asset';
  /** How the name was derived (the provider converter used), or why the dataset is not emitted. */
  note: string;
  /** The first place the dataset is declared (object construction), by file then offset. */
  sourceLocation: SourceLocation;
  /** Every place the dataset's object is constructed. */
  definitions: SourceLocation[];
  /** OpenMetadata entity type and lineage key, for `origin: 'openmetadata'`. */
  openmetadata?: { entity: string; key?: string };
};

/** What the runtime will do for a task, as predicted from its operator and arguments. */
export type StaticPrediction = {
  /** False when the provider emits no datasets for this operator (no extractor, no OpenLineage method). */
  supported: boolean;
  /** The extractor or method the provider uses. */
  method?: string;
  /** Why the runtime would emit nothing or less (SQL its parser rejects, an unknown connection, a missing file). */
  problems: { kind: 'sql-parse' | 'connection' | 'file'; message: string; sourceLocation: SourceLocation }[];
  /** Jobs the task runs that have their own lineage (dbt models, a Spark application). */
  links?: { kind: 'dbt' | 'spark'; uri: string; jobs: string[] }[];
};

/** The DAG a task job belongs to. */
export type StaticDagInfo = {
  dagId: string;
  sourceLocation: SourceLocation;
  /** Assets the DAG is scheduled on (`schedule=[...]`): DAG metadata, not task inputs in OpenLineage events. */
  schedule: DatasetId[];
};

/** A JOB node's `data`: Marquez's JobData fields where they have a static meaning, plus the task's place in its DAG. */
export type StaticJobData = {
  id: DatasetId;
  type: 'BATCH';
  /** `dag_id.task_id` (with task group prefixes), as the OpenLineage provider names task jobs. */
  name: string;
  /** The task id. */
  simpleName: string;
  /** The DAG id: the provider's DAG-run job, parent of the task's runs. */
  parentJobName: string;
  namespace: string;
  inputs: DatasetId[];
  outputs: DatasetId[];
  location: null;
  description: string | null;
  latestRun: null;
  facets: Record<string, never>;
  /** The operator class or `@task` decorator as written. */
  operator: string;
  /** The task's source (the operator call or the decorated function). */
  sourceLocation: SourceLocation;
  /** Job names of the tasks directly upstream / downstream of this one in its DAG. */
  upstream: string[];
  downstream: string[];
  dag: StaticDagInfo;
  /** The DAG id or task id is computed (f-string, name, call): the name shows the expression as written. */
  dynamic?: boolean;
  /** What the operator itself reports, when a predictor knows it. */
  prediction?: StaticPrediction;
};

export type StaticLineageNode =
  | { id: string; type: 'DATASET'; data: StaticDatasetData; inEdges: MarquezEdge[]; outEdges: MarquezEdge[] }
  | { id: string; type: 'JOB'; data: StaticJobData; inEdges: MarquezEdge[]; outEdges: MarquezEdge[] };

/** The response: Marquez's `{"graph": [...]}`, nodes sorted by id (type aliases above, so it is a `LineageGraphResponse`). */
export interface StaticLineageResult extends LineageGraphResponse {
  graph: StaticLineageNode[];
}
