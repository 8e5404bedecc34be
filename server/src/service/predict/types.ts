/**
 * The contract of lineage prediction: what the OpenLineage runtime will emit for a task, read from the code
 * before anything runs (SQL of SQL operators, transfer operators' arguments, dbt models, PySpark jobs). Every
 * predictor (`sql/`, `predict/operators/`, `predict/dbt/`, `predict/pyspark/`) speaks these types; the static
 * lineage (`dags/lineage.ts`) merges their datasets with the declared inlets/outlets, each dataset saying how
 * it was found.
 *
 * Names follow the runtime exactly (docs/upstream/runtime-naming.md). A part only the runtime can know (a host
 * resolved to an IP, an environment variable, information_schema casing) is never guessed: it is written as a
 * named placeholder `<name>` in the namespace or name, and listed in `placeholders`.
 */
import type { StaticProvenance } from '../../../../protocol/lineage';
import type { OffsetRange } from '../text/model';

/** How a dataset was found (declared, sql, operator, dbt, spark): the protocol's type, one home. */
export type Provenance = StaticProvenance;

/** A part of a dataset's namespace or name that only the runtime knows; written `<name>` in it. */
export interface Placeholder {
  /** As written between the angle brackets: `local-ip`, `env:BIGQUERY_PREFIX`, `conn:my_db.host`. */
  readonly name: string;
  /** Why it cannot be known from the code ("the provider resolves the local host name to an IP at run time"). */
  readonly why: string;
}

/** A column of an output dataset and the input columns it is computed from. */
export interface PredictedColumn {
  readonly name: string;
  readonly inputs: readonly { readonly namespace: string; readonly name: string; readonly field: string }[];
}

/** Where in the workspace a prediction comes from (a SQL string, an argument, a model file). */
export interface PredictSource {
  /** The file; omitted for the task's own DAG file. */
  readonly uri?: string;
  /** UTF-16 offsets in that file. */
  readonly range: OffsetRange;
}

export interface PredictedDataset {
  readonly namespace: string;
  readonly name: string;
  readonly provenance: Provenance;
  /** How the name was derived, for hovers and the details panel ("connection `food_delivery_db` (postgres) → …; schema `public`: the default"). */
  readonly note: string;
  readonly placeholders?: readonly Placeholder[];
  /** Column lineage into this dataset (outputs only). */
  readonly columns?: readonly PredictedColumn[];
  readonly source?: PredictSource;
}

/** A problem that stops the runtime from emitting lineage (the SQL does not parse, a connection is unknown). */
export interface PredictProblem {
  /** `sql-parse`: the runtime's parser fails on this statement; `connection`: the connection cannot be found. */
  readonly kind: 'sql-parse' | 'connection' | 'file';
  readonly message: string;
  readonly source: PredictSource;
  /** When `source` is in another file (a `.sql` template): where the DAG file names it (the `sql=` argument's value). */
  readonly argument?: OffsetRange;
}

/** What one task will emit. */
export interface TaskPrediction {
  readonly inputs: readonly PredictedDataset[];
  readonly outputs: readonly PredictedDataset[];
  /** False when the runtime emits no datasets for this operator (no extractor, no OpenLineage methods). */
  readonly supported: boolean;
  /** One line: which extractor/method the runtime uses (`SQLExecuteQueryOperator.get_openlineage_facets_on_start`). */
  readonly method?: string;
  readonly problems: readonly PredictProblem[];
  /** Jobs the task runs that have their own lineage: dbt models, a Spark application. */
  readonly links?: readonly TaskLink[];
}

/** A job the task starts that reports its own lineage (a dbt model run by dbt-ol, a Spark application). */
export interface LinkedJob {
  readonly namespace: string;
  readonly name: string;
  readonly inputs: readonly PredictedDataset[];
  readonly outputs: readonly PredictedDataset[];
  /** Where it is defined (the model's `.sql`, the application's file). */
  readonly source?: { readonly uri: string; readonly range: OffsetRange };
  readonly note?: string;
}

export interface TaskLink {
  readonly kind: 'dbt' | 'spark';
  /** The dbt project folder (ending in `/`), or the Spark application file. */
  readonly uri: string;
  /** The names of the jobs it runs (filled by the workspace predictor). */
  readonly jobs: readonly string[];
  /** Those jobs with their datasets, when the predictor read them. */
  readonly children?: readonly LinkedJob[];
  /** What could not be told (a selector not understood, an application name only known at run time). */
  readonly note?: string;
}

/**
 * Workspace files predictions read besides the DAG file: `.sql` files (template_searchpath), dbt's
 * `target/manifest.json`, `dbt_project.yml`, `profiles.yml` and models, Astro `airflow_settings.yaml`,
 * connection exports, PySpark applications. Filled by the host (the server's workspace scan, the CLI); pure.
 */
export interface SourceFiles {
  /** A file's text by URI, or undefined when it is not known. */
  text(uri: string): string | undefined;
  /** Every known file URI, sorted. */
  uris(): readonly string[];
}

/** SourceFiles over a map (tests, the CLI). */
export function sourceFiles(map: ReadonlyMap<string, string>): SourceFiles {
  let sorted: string[] | undefined;
  return {
    text: (uri) => map.get(uri),
    uris: () => (sorted ??= [...map.keys()].sort()),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// SQL lineage (server/src/service/sql/): openlineage-sql's result, from sqlparser-rs's AST.

/** The dialects `lineage-lens sql --dialect` and the SQL operators use (openlineage-sql's names; `trino` → its mapping). */
export type SqlDialect =
  | 'generic'
  | 'ansi'
  | 'postgres'
  | 'mysql'
  | 'snowflake'
  | 'bigquery'
  | 'redshift'
  | 'trino'
  | 'athena'
  | 'databricks'
  | 'hive'
  | 'mssql'
  | 'sqlite'
  | 'duckdb'
  | 'clickhouse';

export interface SqlOptions {
  readonly dialect: SqlDialect;
  /** Filled into unqualified tables, as `SQLParser(default_schema=…)` (never by default). */
  readonly defaultSchema?: string;
  readonly defaultDatabase?: string;
}

/** A table as the SQL writes it (quotes stripped), `qualifiedName` = the parts joined with dots. */
export interface SqlTable {
  readonly database: string | null;
  readonly schema: string | null;
  readonly name: string;
  readonly qualifiedName: string;
  /** Where the name is written: UTF-16 offsets into the SQL text given. */
  readonly range?: OffsetRange;
}

export interface SqlColumnLineage {
  /** The output table's qualifiedName, or null for a bare SELECT. */
  readonly output: { readonly table: string | null; readonly column: string };
  readonly inputs: readonly { readonly table: string; readonly column: string }[];
}

/** A statement the runtime's parser rejects: sqlparser-rs's message, 1-based line and column in the SQL text. */
export interface SqlError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** UTF-16 offsets into the SQL text given (the failing statement or the token). */
  readonly range: OffsetRange;
}

export interface SqlLineageResult {
  readonly inputs: readonly SqlTable[];
  readonly outputs: readonly SqlTable[];
  readonly columnLineage: readonly SqlColumnLineage[];
  readonly errors: readonly SqlError[];
  /** Jinja / templated parts (`{{ params.table }}`) kept as named unknowns: the text and where it is. */
  readonly templates: readonly { readonly text: string; readonly range: OffsetRange }[];
}

/** SQL lineage with the parser loaded (the host hands it in; undefined while sqlparser-rs is not loaded). */
export type SqlLineageFn = (sql: string, options: SqlOptions) => SqlLineageResult;

// ---------------------------------------------------------------------------------------------------------------
// Airflow connections (server/src/service/predict/connections/): where a conn_id points.

export interface AirflowConnection {
  readonly connId: string;
  /** `conn_type` as Airflow stores it (`postgres`, `mysql`, `snowflake`, `aws`, `google_cloud_platform`, `sftp`, …). */
  readonly connType: string;
  readonly host?: string;
  readonly port?: number;
  /** Airflow's `schema` field: the database for Postgres/MySQL, the schema for Snowflake. */
  readonly schema?: string;
  readonly login?: string;
  readonly extra: Readonly<Record<string, unknown>>;
  /** Where it is defined: `AIRFLOW_CONN_X` in .env/compose/…, airflow_settings.yaml, a connections export. */
  readonly source: { readonly uri: string; readonly range?: OffsetRange; readonly form: string };
  /**
   * Fields written with a template (`${VAR}`, `{{ … }}`): each such field's text with `<placeholder>`s
   * (`host`, `port`, `schema`, `login`, `extra.<key>`), and the placeholders. The string fields above already
   * hold the same `<placeholder>` text; a templated port is only here.
   */
  readonly templated?: { readonly fields: Readonly<Record<string, string>>; readonly placeholders: readonly Placeholder[] };
}

export interface ConnectionLookup {
  get(connId: string): AirflowConnection | undefined;
  all(): readonly AirflowConnection[];
}
