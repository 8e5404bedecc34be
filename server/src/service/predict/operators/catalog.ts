/**
 * The operators whose lineage the OpenLineage provider derives at run time, and what its method for each reads:
 * one data table. Sources: the provider file and commit each fact was read from (apache/airflow, read with the
 * code index; docs/upstream/runtime-naming.md, section "operators", and docs/lineage-from-code.md, "Operators").
 *
 * SQL operators: the argument holding the SQL (a dotted path for dict entries), the conn-id arguments in the
 * order the operator reads them and the default conn id, the dialect of the operator's hook (the connection's
 * type decides it for `SQLExecuteQueryOperator`), the arguments that name the database or schema, and the
 * template extensions (a string ending with one is a template file, rendered from the DAG folder or
 * `template_searchpath`).
 */
import type { SqlDialect } from '../types';

export interface SqlOperatorSpec {
  readonly kind: 'sql';
  /** The argument holding the SQL: a string, a list of statements, or a template file path. */
  readonly sql: string;
  readonly connArgs: readonly string[];
  /** The conn id when none is given; undefined when the operator requires one. */
  readonly defaultConnId?: string;
  /** The dialect of the operator's hook; `generic` when the connection's type decides (SQLExecuteQueryOperator). */
  readonly dialect: SqlDialect;
  /** Arguments (dotted paths for dict entries) handed to the naming as hints: `database`, `schema`, `project_id`... */
  readonly hints: readonly string[];
  readonly templateExt: readonly string[];
  readonly method: string;
  readonly source: string;
}

/** Transfer and storage operators: the prediction is written per operator in `transfer.ts`. */
export interface TransferOperatorSpec {
  readonly kind: 'transfer';
  readonly method: string;
  readonly source: string;
}

/** Operators that run a job with lineage of its own (a Spark application, dbt models). */
export interface LinkOperatorSpec {
  readonly kind: 'spark' | 'dbt';
  readonly method: string;
}

export type OperatorSpec = SqlOperatorSpec | TransferOperatorSpec | LinkOperatorSpec;

const SQL_COMMON = 'providers/common/sql/src/airflow/providers/common/sql/operators/sql.py';
const SQL_EXECUTE = 'SQLExecuteQueryOperator.get_openlineage_facets_on_start (openlineage-sql on the SQL, names from the hook)';

function sqlOp(connArg: string, defaultConnId: string, dialect: SqlDialect, hints: readonly string[] = ['database']): SqlOperatorSpec {
  return {
    kind: 'sql',
    sql: 'sql',
    connArgs: [connArg],
    defaultConnId,
    dialect,
    hints,
    templateExt: ['.sql'],
    method: SQL_EXECUTE,
    source: SQL_COMMON,
  };
}

/** The old BigQuery query operators, covered by the legacy openlineage-airflow BigQueryExtractor; they differ in which conn id argument comes first. */
function legacyBigQuery(connArgs: readonly string[]): SqlOperatorSpec {
  return {
    kind: 'sql',
    sql: 'sql',
    connArgs,
    defaultConnId: 'google_cloud_default',
    dialect: 'bigquery',
    hints: ['destination_dataset_table'],
    templateExt: ['.sql'],
    method: 'openlineage-airflow BigQueryExtractor (tables the BigQuery job reports)',
    source: 'OpenLineage integration/airflow/openlineage/airflow/extractors/bigquery_extractor.py@0309d639',
  };
}

/** Every catalogued operator by class name. */
export const OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  // ---- SQL operators -------------------------------------------------------------------------------------
  SQLExecuteQueryOperator: {
    kind: 'sql',
    sql: 'sql',
    connArgs: ['conn_id'],
    dialect: 'generic',
    hints: ['database'],
    templateExt: ['.sql', '.json'],
    method: SQL_EXECUTE,
    source: SQL_COMMON,
  },
  PostgresOperator: sqlOp('postgres_conn_id', 'postgres_default', 'postgres'),
  MySqlOperator: sqlOp('mysql_conn_id', 'mysql_default', 'mysql'),
  SnowflakeOperator: sqlOp('snowflake_conn_id', 'snowflake_default', 'snowflake', ['database', 'schema', 'warehouse', 'role']),
  SnowflakeSqlApiOperator: sqlOp('snowflake_conn_id', 'snowflake_default', 'snowflake', ['database', 'schema', 'warehouse', 'role']),
  RedshiftSQLOperator: sqlOp('redshift_conn_id', 'redshift_default', 'redshift', []),
  TrinoOperator: sqlOp('trino_conn_id', 'trino_default', 'trino', []),
  MsSqlOperator: sqlOp('mssql_conn_id', 'mssql_default', 'mssql'),
  SqliteOperator: sqlOp('sqlite_conn_id', 'sqlite_default', 'sqlite', []),
  DatabricksSqlOperator: {
    ...sqlOp('databricks_conn_id', 'databricks_default', 'databricks', ['catalog', 'schema', 'http_path', 'sql_endpoint_name']),
    source: 'providers/databricks/src/airflow/providers/databricks/operators/databricks_sql.py',
  },
  RedshiftDataOperator: {
    kind: 'sql',
    sql: 'sql',
    connArgs: ['aws_conn_id'],
    defaultConnId: 'aws_default',
    dialect: 'redshift',
    hints: ['database', 'cluster_identifier', 'workgroup_name', 'region_name'],
    templateExt: ['.sql'],
    method: 'RedshiftDataOperator.get_openlineage_facets_on_complete (openlineage-sql; namespace from the cluster or workgroup)',
    source: 'providers/amazon/src/airflow/providers/amazon/aws/operators/redshift_data.py',
  },
  AthenaOperator: {
    kind: 'sql',
    sql: 'query',
    connArgs: ['aws_conn_id'],
    defaultConnId: 'aws_default',
    dialect: 'athena',
    hints: ['database', 'catalog', 'output_location', 'region_name'],
    templateExt: ['.sql'],
    method: 'AthenaOperator.get_openlineage_facets_on_complete (openlineage-sql; namespace awsathena://athena.<region>.amazonaws.com)',
    source: 'providers/amazon/src/airflow/providers/amazon/aws/operators/athena.py',
  },
  BigQueryInsertJobOperator: {
    kind: 'sql',
    sql: 'configuration.query.query',
    connArgs: ['gcp_conn_id'],
    defaultConnId: 'google_cloud_default',
    dialect: 'bigquery',
    hints: ['project_id', 'configuration.query.defaultDataset.projectId', 'configuration.query.defaultDataset.datasetId'],
    templateExt: ['.json', '.sql'],
    method: 'BigQueryInsertJobOperator.get_openlineage_facets_on_complete (tables the BigQuery job reports)',
    source: 'providers/google/src/airflow/providers/google/cloud/operators/bigquery.py',
  },
  BigQueryExecuteQueryOperator: legacyBigQuery(['gcp_conn_id', 'bigquery_conn_id']),
  BigQueryOperator: legacyBigQuery(['bigquery_conn_id', 'gcp_conn_id']),

  // ---- transfer and storage operators (see transfer.ts) ---------------------------------------------------
  S3CopyObjectOperator: transfer('S3CopyObjectOperator.get_openlineage_facets_on_start', 'amazon/aws/operators/s3.py@cb295c35'),
  S3CreateObjectOperator: transfer('S3CreateObjectOperator.get_openlineage_facets_on_start', 'amazon/aws/operators/s3.py@cb295c35'),
  S3ReadObjectOperator: transfer(
    'S3ReadObjectOperator.get_openlineage_facets_on_start',
    'amazon/tests/unit/amazon/aws/operators/test_s3.py@0060cc347f21 (TestS3ReadObjectOperator)',
  ),
  S3DeleteObjectsOperator: transfer('S3DeleteObjectsOperator.get_openlineage_facets_on_complete', 'amazon/aws/operators/s3.py@cb295c35'),
  S3FileTransformOperator: transfer('S3FileTransformOperator.get_openlineage_facets_on_start', 'amazon/aws/operators/s3.py@cb295c35'),
  S3ToRedshiftOperator: transfer(
    'S3ToRedshiftOperator.get_openlineage_facets_on_complete',
    'amazon/aws/transfers/s3_to_redshift.py@ebe8011e',
  ),
  RedshiftToS3Operator: transfer(
    'RedshiftToS3Operator.get_openlineage_facets_on_complete',
    'amazon/aws/transfers/redshift_to_s3.py@9abf5816',
  ),
  GCSToS3Operator: transfer('GCSToS3Operator.get_openlineage_facets_on_start', 'amazon/aws/transfers/gcs_to_s3.py@08e811ca'),
  S3ToGCSOperator: transfer('S3ToGCSOperator.get_openlineage_facets_on_start', 'google/cloud/transfers/s3_to_gcs.py@00a1c46d'),
  GCSToGCSOperator: transfer('GCSToGCSOperator.get_openlineage_facets_on_complete', 'google/cloud/transfers/gcs_to_gcs.py@03cb2aa0'),
  GCSToBigQueryOperator: transfer(
    'GCSToBigQueryOperator.get_openlineage_facets_on_complete',
    'google/cloud/transfers/gcs_to_bigquery.py@0287e01f',
  ),
  BigQueryToGCSOperator: transfer(
    'BigQueryToGCSOperator.get_openlineage_facets_on_complete',
    'google/cloud/transfers/bigquery_to_gcs.py@09ac62c2',
  ),
  LocalFilesystemToGCSOperator: transfer(
    'LocalFilesystemToGCSOperator.get_openlineage_facets_on_start',
    'google/cloud/transfers/local_to_gcs.py@16feeb24',
  ),
  GCSToLocalFilesystemOperator: transfer(
    'GCSToLocalFilesystemOperator.get_openlineage_facets_on_start',
    'google/cloud/transfers/gcs_to_local.py@08bd9f39',
  ),
  GCSDeleteObjectsOperator: transfer('GCSDeleteObjectsOperator.get_openlineage_facets_on_start', 'google/cloud/operators/gcs.py@00df35e6'),
  GCSFileTransformOperator: transfer('GCSFileTransformOperator.get_openlineage_facets_on_start', 'google/cloud/operators/gcs.py@00df35e6'),
  GCSTimeSpanFileTransformOperator: transfer(
    'GCSTimeSpanFileTransformOperator.get_openlineage_facets_on_complete',
    'google/cloud/operators/gcs.py@00df35e6',
  ),
  BigQueryToBigQueryOperator: transfer(
    'BigQueryToBigQueryOperator.get_openlineage_facets_on_complete',
    'google/cloud/transfers/bigquery_to_bigquery.py@3b132dd8',
  ),
  SFTPToGCSOperator: transfer('SFTPToGCSOperator.get_openlineage_facets_on_start', 'google/cloud/transfers/sftp_to_gcs.py@44ffb6af'),
  GCSToSFTPOperator: transfer('GCSToSFTPOperator.get_openlineage_facets_on_start', 'google/cloud/transfers/gcs_to_sftp.py@00df35e6'),
  SFTPOperator: transfer('SFTPOperator.get_openlineage_facets_on_start', 'sftp/operators/sftp.py@05120a96'),
  FTPFileTransmitOperator: transfer('FTPFileTransmitOperator.get_openlineage_facets_on_start', 'ftp/operators/ftp.py@227f76f0'),
  FTPSFileTransmitOperator: transfer('FTPSFileTransmitOperator.get_openlineage_facets_on_start', 'ftp/operators/ftp.py@227f76f0'),

  // ---- jobs with lineage of their own ---------------------------------------------------------------------
  SparkSubmitOperator: { kind: 'spark', method: 'the OpenLineage Spark listener of the submitted application' },
  DbtRunOperator: { kind: 'dbt', method: 'dbt models run by astronomer-cosmos' },
  DbtTaskGroup: { kind: 'dbt', method: 'dbt models run by astronomer-cosmos' },
  DbtDag: { kind: 'dbt', method: 'dbt models run by astronomer-cosmos' },
};

function transfer(method: string, source: string): TransferOperatorSpec {
  return { kind: 'transfer', method, source: `providers/${source}` };
}

/**
 * The catalogued spec of an operator as written (`PostgresOperator`, `sql.SQLExecuteQueryOperator`, `Op.partial`),
 * or under another name the DAG file gives the class (`from m import C as X`, `X = C`,
 * `X = try_import_from_string("m.C")`) when `text` is given.
 */
export function operatorSpec(operator: string, text?: string): { name: string; spec: OperatorSpec } | undefined {
  const parts = operator.split('.');
  const written = parts[parts.length - 1] === 'partial' ? parts[parts.length - 2] : parts[parts.length - 1];
  const lookup = (name: string | undefined) =>
    name !== undefined && Object.prototype.hasOwnProperty.call(OPERATORS, name) ? { name, spec: OPERATORS[name]! } : undefined;
  return lookup(written) ?? (text !== undefined && parts.length === 1 && written ? lookup(aliasOf(written, text)) : undefined);
}

/** The class a module-level alias names, when it is bound exactly once. */
function aliasOf(name: string, text: string): string | undefined {
  if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
  const found = new Set<string>();
  const assign = new RegExp(
    `^${name}[ \\t]*=[ \\t]*(?:(?:try_)?import_(?:from_)?string\\(\\s*["']([\\w.]+)["']\\s*\\)|([A-Za-z_][\\w.]*))[ \\t]*(?:#.*)?$`,
    'gm',
  );
  for (const m of text.matchAll(assign)) found.add((m[1] ?? m[2])!.split('.').pop()!);
  for (const m of text.matchAll(new RegExp(`^[ \\t]*from[ \\t]+[\\w.]+[ \\t]+import[^\\n]*?\\b(\\w+)[ \\t]+as[ \\t]+${name}\\b`, 'gm')))
    found.add(m[1]!);
  return found.size === 1 ? [...found][0] : undefined;
}
