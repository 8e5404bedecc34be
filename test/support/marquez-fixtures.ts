/**
 * In-memory data for the Marquez test server (./marquez-server.ts): a small but realistic deployment.
 *
 *   postgres://db:5432 shop.public.orders
 *     → airflow-prod orders_pipeline.extract_orders (Airflow task, COMPLETED)
 *     → s3://lake-bucket raw/orders
 *     → spark-prod orders_enrichment.execute_insert_into_hadoop_fs_relation_command.curated_orders_enriched
 *       (Spark, latest run FAILED, the one before COMPLETED)
 *     → s3://lake-bucket curated/orders_enriched
 *     → airflow-prod orders_pipeline.load_orders_daily (Airflow task, RUNNING; the run before ABORTED)
 *     → postgres://db:5432 analytics.public.orders_daily
 *
 * with column lineage along the same path, data-quality assertions the extract task checked on its input (one of
 * them failed), facets from the Spark and Airflow integrations (standard and
 * producer-specific ones), and the OpenLineage events behind it. `raw/orders` and one Spark run carry epoch
 * seconds instead of ISO strings, as Marquez's own fixtures do, so clients must accept both.
 */

export interface FixtureField {
  name: string;
  type: string;
  description?: string;
  /** Column lineage: the fields this one is computed from. */
  from?: { namespace: string; dataset: string; field: string; type: 'IDENTITY' | 'TRANSFORMATION' | 'AGGREGATION'; description: string }[];
}

export interface FixtureDataset {
  namespace: string;
  name: string;
  type: 'DB_TABLE' | 'STREAM';
  sourceName: string;
  description: string;
  createdAt: string | number;
  updatedAt: string | number;
  lastModifiedAt: string | number | null;
  currentVersion: string;
  fields: FixtureField[];
  facets: Record<string, unknown>;
}

export interface FixtureRun {
  id: string;
  state: 'NEW' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'ABORTED';
  createdAt: string | number;
  updatedAt: string | number;
  nominalStartTime: string | null;
  nominalEndTime: string | null;
  startedAt: string | number | null;
  endedAt: string | number | null;
  durationMs: number | null;
  facets: Record<string, unknown>;
  /** Input facets this run reported per input dataset (`inputDatasetVersions[].facets`), e.g. data-quality assertions. */
  inputFacets?: { namespace: string; name: string; facets: Record<string, unknown> }[];
}

export interface FixtureJob {
  namespace: string;
  name: string;
  simpleName: string;
  parentJobName: string | null;
  type: 'BATCH' | 'STREAM' | 'SERVICE';
  description: string | null;
  location: string | null;
  createdAt: string;
  updatedAt: string;
  currentVersion: string;
  inputs: { namespace: string; name: string }[];
  outputs: { namespace: string; name: string }[];
  facets: Record<string, unknown>;
  /** Newest first. */
  runs: FixtureRun[];
}

export interface FixtureNamespace {
  name: string;
  ownerName: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export const PG = 'postgres://db:5432';
export const S3 = 's3://lake-bucket';
export const AIRFLOW_NS = 'airflow-prod';
export const SPARK_NS = 'spark-prod';

const PRODUCER_SPARK = 'https://github.com/OpenLineage/OpenLineage/tree/1.52.0/integration/spark';
const PRODUCER_AIRFLOW = 'https://github.com/apache/airflow/tree/providers-openlineage/2.6.0';
const facet = (producer: string, schema: string, body: Record<string, unknown>) => ({
  _producer: producer,
  _schemaURL: `https://openlineage.io/spec/facets/${schema}`,
  ...body,
});

export const EXTRACT_JOB = 'orders_pipeline.extract_orders';
export const SPARK_JOB = 'orders_enrichment.execute_insert_into_hadoop_fs_relation_command.curated_orders_enriched';
export const LOAD_JOB = 'orders_pipeline.load_orders_daily';

export const RUN_EXTRACT = '01928c5e-7a10-7c3e-9f4a-2b1d0e6f5a01';
export const RUN_SPARK_FAILED = '01928c6a-11f0-7d2b-8e3c-5a4b3c2d1e02';
export const RUN_SPARK_OK = '01927a0b-33c1-7a9e-b1d2-6c5b4a3f2e03';
export const RUN_LOAD = '01928c71-4e22-7f10-a0b9-8d7c6b5a4f04';
export const RUN_LOAD_ABORTED = '019287d2-0b33-7c41-9d5e-3f2a1b0c9e05';

export function fixtureNamespaces(): FixtureNamespace[] {
  return [
    {
      name: AIRFLOW_NS,
      ownerName: 'data-platform',
      description: 'Airflow production deployment',
      createdAt: '2024-09-30T08:00:11.204518Z',
      updatedAt: '2024-10-14T02:10:03.881200Z',
    },
    {
      name: PG,
      ownerName: 'anonymous',
      description: null,
      createdAt: '2024-09-30T08:00:12.517731Z',
      updatedAt: '2024-10-14T02:31:40.112870Z',
    },
    {
      name: S3,
      ownerName: 'anonymous',
      description: null,
      createdAt: '2024-09-30T08:00:12.593004Z',
      updatedAt: '2024-10-14T02:18:22.540091Z',
    },
    {
      name: SPARK_NS,
      ownerName: 'data-platform',
      description: 'Spark jobs on the shared cluster',
      createdAt: '2024-09-30T08:03:47.900112Z',
      updatedAt: '2024-10-14T02:18:22.540091Z',
    },
  ];
}

export function fixtureDatasets(): FixtureDataset[] {
  return [
    {
      namespace: PG,
      name: 'shop.public.orders',
      type: 'DB_TABLE',
      sourceName: PG,
      description: 'Orders as the shop writes them.',
      createdAt: '2024-09-30T08:00:12.517731Z',
      updatedAt: '2024-10-14T02:05:10.001122Z',
      lastModifiedAt: null,
      currentVersion: '6f1b5a0e-0c7d-4b53-9a8e-2a1f0e9d8c01',
      fields: [
        { name: 'order_id', type: 'INTEGER', description: 'Primary key' },
        { name: 'customer_id', type: 'INTEGER' },
        { name: 'amount', type: 'NUMERIC(12,2)', description: 'In the order currency' },
        { name: 'currency', type: 'CHAR(3)' },
        { name: 'created_at', type: 'TIMESTAMP' },
      ],
      facets: {
        dataSource: facet(PRODUCER_AIRFLOW, '1-0-1/DatasourceDatasetFacet.json', { name: PG, uri: `${PG}/shop` }),
        schema: facet(PRODUCER_AIRFLOW, '1-2-0/SchemaDatasetFacet.json', {
          fields: [
            { name: 'order_id', type: 'INTEGER' },
            { name: 'customer_id', type: 'INTEGER' },
            { name: 'amount', type: 'NUMERIC(12,2)' },
            { name: 'currency', type: 'CHAR(3)' },
            { name: 'created_at', type: 'TIMESTAMP' },
          ],
        }),
      },
    },
    {
      namespace: S3,
      name: 'raw/orders',
      type: 'DB_TABLE',
      sourceName: S3,
      description: 'Daily extracts of shop.public.orders, Parquet.',
      // Epoch seconds, as in Marquez's own test fixtures.
      createdAt: 1727683212.593004,
      updatedAt: 1728872302.540091,
      lastModifiedAt: 1728872302.540091,
      currentVersion: '0d7e4c2b-5f1a-4e8d-b6c3-9a2e1f0d7c02',
      fields: [
        {
          name: 'order_id',
          type: 'long',
          from: [{ namespace: PG, dataset: 'shop.public.orders', field: 'order_id', type: 'IDENTITY', description: 'copied' }],
        },
        {
          name: 'customer_id',
          type: 'long',
          from: [{ namespace: PG, dataset: 'shop.public.orders', field: 'customer_id', type: 'IDENTITY', description: 'copied' }],
        },
        {
          name: 'amount',
          type: 'decimal(12,2)',
          from: [{ namespace: PG, dataset: 'shop.public.orders', field: 'amount', type: 'IDENTITY', description: 'copied' }],
        },
        {
          name: 'currency',
          type: 'string',
          from: [{ namespace: PG, dataset: 'shop.public.orders', field: 'currency', type: 'IDENTITY', description: 'copied' }],
        },
        {
          name: 'created_at',
          type: 'timestamp',
          from: [{ namespace: PG, dataset: 'shop.public.orders', field: 'created_at', type: 'IDENTITY', description: 'copied' }],
        },
      ],
      facets: {
        storage: facet(PRODUCER_AIRFLOW, '1-0-1/StorageDatasetFacet.json', { storageLayer: 's3', fileFormat: 'parquet' }),
      },
    },
    {
      namespace: S3,
      name: 'curated/orders_enriched',
      type: 'DB_TABLE',
      sourceName: S3,
      description: 'Orders with amounts converted to EUR.',
      createdAt: '2024-09-30T08:03:48.010455Z',
      updatedAt: '2024-10-13T02:19:55.771203Z',
      lastModifiedAt: '2024-10-13T02:19:55.771203Z',
      currentVersion: '3b9a6d1c-2e4f-4a7b-8c5d-1e0f9a8b7c03',
      fields: [
        {
          name: 'order_id',
          type: 'long',
          from: [{ namespace: S3, dataset: 'raw/orders', field: 'order_id', type: 'IDENTITY', description: 'copied' }],
        },
        {
          name: 'customer_id',
          type: 'long',
          from: [{ namespace: S3, dataset: 'raw/orders', field: 'customer_id', type: 'IDENTITY', description: 'copied' }],
        },
        {
          name: 'amount_eur',
          type: 'decimal(14,2)',
          description: 'amount × EUR rate of the order day',
          from: [
            { namespace: S3, dataset: 'raw/orders', field: 'amount', type: 'TRANSFORMATION', description: 'amount * rate' },
            { namespace: S3, dataset: 'raw/orders', field: 'currency', type: 'TRANSFORMATION', description: 'rate lookup key' },
          ],
        },
        {
          name: 'created_at',
          type: 'timestamp',
          from: [{ namespace: S3, dataset: 'raw/orders', field: 'created_at', type: 'IDENTITY', description: 'copied' }],
        },
      ],
      facets: {
        schema: facet(PRODUCER_SPARK, '1-2-0/SchemaDatasetFacet.json', {
          fields: [
            { name: 'order_id', type: 'long' },
            { name: 'customer_id', type: 'long' },
            { name: 'amount_eur', type: 'decimal(14,2)' },
            { name: 'created_at', type: 'timestamp' },
          ],
        }),
        symlinks: facet(PRODUCER_SPARK, '1-0-1/SymlinksDatasetFacet.json', {
          identifiers: [{ namespace: 'hive://metastore:9083', name: 'curated.orders_enriched', type: 'TABLE' }],
        }),
        // A producer-specific facet: clients must pass it through untouched.
        spark_unknown: {
          _producer: PRODUCER_SPARK,
          _schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetFacet',
          inputs: [{ description: { '@class': 'org.apache.spark.sql.execution.datasources.LogicalRelation' } }],
        },
      },
    },
    {
      namespace: PG,
      name: 'analytics.public.orders_daily',
      type: 'DB_TABLE',
      sourceName: PG,
      description: 'Revenue per day, in EUR.',
      createdAt: '2024-09-30T08:05:01.330010Z',
      updatedAt: '2024-10-13T02:31:40.112870Z',
      lastModifiedAt: '2024-10-13T02:31:40.112870Z',
      currentVersion: '9c8b7a6d-5e4f-4a3b-9c2d-1e0f8a7b6c04',
      fields: [
        {
          name: 'day',
          type: 'DATE',
          from: [
            {
              namespace: S3,
              dataset: 'curated/orders_enriched',
              field: 'created_at',
              type: 'TRANSFORMATION',
              description: 'CAST(created_at AS DATE)',
            },
          ],
        },
        {
          name: 'revenue_eur',
          type: 'NUMERIC(16,2)',
          from: [
            { namespace: S3, dataset: 'curated/orders_enriched', field: 'amount_eur', type: 'AGGREGATION', description: 'SUM(amount_eur)' },
          ],
        },
        {
          name: 'order_count',
          type: 'BIGINT',
          from: [
            { namespace: S3, dataset: 'curated/orders_enriched', field: 'order_id', type: 'AGGREGATION', description: 'COUNT(order_id)' },
          ],
        },
      ],
      facets: {
        dataSource: facet(PRODUCER_AIRFLOW, '1-0-1/DatasourceDatasetFacet.json', { name: PG, uri: `${PG}/analytics` }),
      },
    },
  ];
}

const airflowFacet = (task: string) => ({
  _producer: PRODUCER_AIRFLOW,
  _schemaURL: `${PRODUCER_AIRFLOW}/openlineage/facets/AirflowRunFacet.json`,
  dag: { dag_id: 'orders_pipeline', schedule_interval: '0 2 * * *', owner: 'data-platform' },
  task: { task_id: task, operator_class: 'SQLExecuteQueryOperator' },
});

export function fixtureJobs(): FixtureJob[] {
  return [
    {
      namespace: AIRFLOW_NS,
      name: EXTRACT_JOB,
      simpleName: 'extract_orders',
      parentJobName: 'orders_pipeline',
      type: 'BATCH',
      description: "Copies yesterday's orders to the lake.",
      location: 'https://git.example.com/data/airflow/blob/main/dags/orders_pipeline.py',
      createdAt: '2024-09-30T08:00:12.600731Z',
      updatedAt: '2024-10-14T02:05:10.001122Z',
      currentVersion: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c01',
      inputs: [{ namespace: PG, name: 'shop.public.orders' }],
      outputs: [{ namespace: S3, name: 'raw/orders' }],
      facets: {
        jobType: facet(PRODUCER_AIRFLOW, '2-0-3/JobTypeJobFacet.json', {
          processingType: 'BATCH',
          integration: 'AIRFLOW',
          jobType: 'TASK',
        }),
        sql: facet(PRODUCER_AIRFLOW, '1-1-0/SQLJobFacet.json', {
          query: "SELECT * FROM public.orders WHERE created_at::date = '{{ ds }}'",
          dialect: 'postgres',
        }),
      },
      runs: [
        {
          id: RUN_EXTRACT,
          state: 'COMPLETED',
          createdAt: '2024-10-14T02:00:04.318220Z',
          updatedAt: '2024-10-14T02:05:10.001122Z',
          nominalStartTime: '2024-10-14T02:00:00Z',
          nominalEndTime: null,
          startedAt: '2024-10-14T02:00:04.318220Z',
          endedAt: '2024-10-14T02:05:10.001122Z',
          durationMs: 305683,
          facets: {
            nominalTime: facet(PRODUCER_AIRFLOW, '1-0-1/NominalTimeRunFacet.json', { nominalStartTime: '2024-10-14T02:00:00Z' }),
            airflow: airflowFacet('extract_orders'),
            processing_engine: facet(PRODUCER_AIRFLOW, '1-1-1/ProcessingEngineRunFacet.json', {
              version: '2.10.2',
              name: 'Airflow',
              openlineageAdapterVersion: '2.6.0',
            }),
          },
          inputFacets: [
            {
              namespace: PG,
              name: 'shop.public.orders',
              facets: {
                dataQualityAssertions: facet(PRODUCER_AIRFLOW, '1-1-0/DataQualityAssertionsDatasetFacet.json', {
                  assertions: [
                    { assertion: 'not_null', success: false, column: 'customer_id', severity: 'error', expected: '0', actual: '3' },
                    { assertion: 'unique', success: true, column: 'order_id' },
                    { assertion: 'row_count_min', success: true, expected: '1', actual: '1204' },
                  ],
                }),
                dataQualityMetrics: facet(PRODUCER_AIRFLOW, '1-0-3/DataQualityMetricsInputDatasetFacet.json', {
                  rowCount: 1204,
                  columnMetrics: { customer_id: { nullCount: 3, distinctCount: 871 }, order_id: { nullCount: 0, distinctCount: 1204 } },
                }),
              },
            },
          ],
        },
      ],
    },
    {
      namespace: SPARK_NS,
      name: SPARK_JOB,
      simpleName: 'orders_enrichment',
      parentJobName: null,
      type: 'BATCH',
      description: null,
      location: null,
      createdAt: '2024-09-30T08:03:47.900112Z',
      updatedAt: '2024-10-14T02:18:22.540091Z',
      currentVersion: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d02',
      inputs: [{ namespace: S3, name: 'raw/orders' }],
      outputs: [{ namespace: S3, name: 'curated/orders_enriched' }],
      facets: {
        jobType: facet(PRODUCER_SPARK, '2-0-3/JobTypeJobFacet.json', { processingType: 'BATCH', integration: 'SPARK', jobType: 'SQL_JOB' }),
      },
      runs: [
        {
          id: RUN_SPARK_FAILED,
          state: 'FAILED',
          createdAt: '2024-10-14T02:06:01.004411Z',
          updatedAt: '2024-10-14T02:18:22.540091Z',
          nominalStartTime: null,
          nominalEndTime: null,
          startedAt: '2024-10-14T02:06:01.004411Z',
          endedAt: '2024-10-14T02:18:22.540091Z',
          durationMs: 741536,
          facets: {
            errorMessage: facet(PRODUCER_SPARK, '1-0-1/ErrorMessageRunFacet.json', {
              message: 'Job aborted due to stage failure: Task 3 in stage 7.0 failed 4 times',
              programmingLanguage: 'JAVA',
              stackTrace: 'org.apache.spark.SparkException: Job aborted due to stage failure…',
            }),
            processing_engine: facet(PRODUCER_SPARK, '1-1-1/ProcessingEngineRunFacet.json', {
              version: '3.5.3',
              name: 'spark',
              openlineageAdapterVersion: '1.52.0',
            }),
            spark_properties: {
              _producer: PRODUCER_SPARK,
              _schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunFacet',
              properties: { 'spark.master': 'k8s://https://k8s.example.com:6443', 'spark.app.name': 'orders_enrichment' },
            },
          },
        },
        {
          id: RUN_SPARK_OK,
          state: 'COMPLETED',
          // Epoch seconds, as in Marquez's own test fixtures.
          createdAt: 1728785161.004411,
          updatedAt: 1728785995.771203,
          nominalStartTime: null,
          nominalEndTime: null,
          startedAt: 1728785161.004411,
          endedAt: 1728785995.771203,
          durationMs: 834767,
          facets: {
            processing_engine: facet(PRODUCER_SPARK, '1-1-1/ProcessingEngineRunFacet.json', {
              version: '3.5.3',
              name: 'spark',
              openlineageAdapterVersion: '1.52.0',
            }),
          },
        },
      ],
    },
    {
      namespace: AIRFLOW_NS,
      name: LOAD_JOB,
      simpleName: 'load_orders_daily',
      parentJobName: 'orders_pipeline',
      type: 'BATCH',
      description: 'Aggregates enriched orders per day.',
      location: 'https://git.example.com/data/airflow/blob/main/dags/orders_pipeline.py',
      createdAt: '2024-09-30T08:05:01.330010Z',
      updatedAt: '2024-10-14T02:31:40.112870Z',
      currentVersion: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e03',
      inputs: [{ namespace: S3, name: 'curated/orders_enriched' }],
      outputs: [{ namespace: PG, name: 'analytics.public.orders_daily' }],
      facets: {
        jobType: facet(PRODUCER_AIRFLOW, '2-0-3/JobTypeJobFacet.json', {
          processingType: 'BATCH',
          integration: 'AIRFLOW',
          jobType: 'TASK',
        }),
      },
      runs: [
        {
          id: RUN_LOAD,
          state: 'RUNNING',
          createdAt: '2024-10-14T02:31:40.112870Z',
          updatedAt: '2024-10-14T02:31:40.112870Z',
          nominalStartTime: '2024-10-14T02:00:00Z',
          nominalEndTime: null,
          startedAt: '2024-10-14T02:31:40.112870Z',
          endedAt: null,
          durationMs: null,
          facets: { airflow: airflowFacet('load_orders_daily') },
        },
        {
          id: RUN_LOAD_ABORTED,
          state: 'ABORTED',
          createdAt: '2024-10-13T02:20:00.000000Z',
          updatedAt: '2024-10-13T02:50:00.000000Z',
          nominalStartTime: '2024-10-13T02:00:00Z',
          nominalEndTime: null,
          startedAt: '2024-10-13T02:20:00.000000Z',
          endedAt: '2024-10-13T02:50:00.000000Z',
          durationMs: 1800000,
          facets: { airflow: airflowFacet('load_orders_daily') },
        },
      ],
    },
  ];
}

/** The OpenLineage events behind the fixtures (a subset), oldest first. */
export function fixtureEvents(): Record<string, unknown>[] {
  const event = (eventType: string, eventTime: string, runId: string, namespace: string, name: string, producer: string) => ({
    eventType,
    eventTime,
    run: { runId, facets: {} },
    job: { namespace, name, facets: {} },
    inputs: [],
    outputs: [],
    producer,
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  });
  return [
    event('START', '2024-10-14T02:00:04.318220Z', RUN_EXTRACT, AIRFLOW_NS, EXTRACT_JOB, PRODUCER_AIRFLOW),
    event('COMPLETE', '2024-10-14T02:05:10.001122Z', RUN_EXTRACT, AIRFLOW_NS, EXTRACT_JOB, PRODUCER_AIRFLOW),
    event('START', '2024-10-14T02:06:01.004411Z', RUN_SPARK_FAILED, SPARK_NS, SPARK_JOB, PRODUCER_SPARK),
    event('FAIL', '2024-10-14T02:18:22.540091Z', RUN_SPARK_FAILED, SPARK_NS, SPARK_JOB, PRODUCER_SPARK),
    event('START', '2024-10-14T02:31:40.112870Z', RUN_LOAD, AIRFLOW_NS, LOAD_JOB, PRODUCER_AIRFLOW),
  ];
}
