// The demo history of examples/astro-project: three days of the OpenLineage events its Airflow DAGs, Spark job,
// dbt project and Great Expectations checkpoint would have sent to the local lineage endpoint, so that every
// view of the viewer has something true to show (runs, failures, schema versions, column lineage, data-quality
// assertions). Deterministic: the same `now` gives the same events (run ids come from a seeded generator).
//
// What it follows in the example (see its dags/, spark/, dbt/, great_expectations/ and configuration):
// - Airflow (OpenLineage provider): job namespace `acme_local` (docker-compose.override.yml overrides the
//   Dockerfile's `acme` for the local scheduler); a DAG run job `<dag_id>` and task jobs `<dag_id>.<task_id>`
//   with `parent`, `airflow`/`airflowDagRun`, `nominalTime` and `processing_engine` facets. Declared
//   inlets/outlets are reported as the provider converts them: the `s3://acme-lake/...` Datasets become
//   namespace `s3://acme-lake`, name `raw/orders`; the `postgres://...` Datasets are not converted (the
//   static lineage marks them "not emitted"), so those tasks report the tables their SQL names instead
//   (merge_orders, merge_customers: the SQL extractor) or none.
// - Spark (`acme_spark`, orders_enrich.py with jobName.appendDatasetName=false): reads the warehouse over JDBC
//   (`postgres://warehouse:5432`, `analytics.public.orders`), writes `curated/orders_enriched` with `schema` and
//   `columnLineage`, child of the enrich_orders task run. customer_360.py sends nothing: its transport type is
//   misspelled ("htttp") on purpose in the example.
// - dbt-ol (`acme`, OPENLINEAGE_NAMESPACE in dags/dbt_analytics.py): a parent job `acme_dbt_run` under the
//   dbt_run task run, one job per model (`analytics.staging.stg_orders`, ...), and `dbt test` results as
//   `dataQualityAssertions` input facets.
// - Great Expectations (`acme`, job `orders_quality` from orders_checkpoint.yml): `dataQualityAssertions` and
//   `dataQualityMetrics` of the orders.critical suite. customers_checkpoint.yml sends nothing (its host ends in
//   a comma on purpose).
// What happens over the three days:
// - day 1: everything succeeds;
// - day 2: `analytics.public.customers` gains a column (`loyalty_tier`: a new schema version), merge_orders'
//   first try fails (deadlock, `errorMessage`) and its retry succeeds, and the orders status check fails
//   (a new status `refunded`), so validate_orders fails too;
// - day 3: the amounts check fails (a negative amount) and validate_orders fails again.
// A deliberate mismatch for the DAG view: build_customer_360's runs report `curated/customers_360`, the path
// before it was renamed to `curated/customer_360` in the DAG file (runtime/unseen-dataset points at it).
//
// Usage: node examples/demo-history/generate.mjs [--now ISO-TIME] (FILE.jsonl | --post http://127.0.0.1:5000)
// Writes the events as JSON lines to FILE, or posts them one by one to the endpoint's /api/v1/lineage.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../scripts/prng.mjs';

const SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const AIRFLOW_PRODUCER = 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0';
const SPARK_PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.52.0/integration/spark';
const DBT_PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.39.0/integration/dbt';
const GX_PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.39.0/integration/common/openlineage/common/provider/great_expectations';

/** Namespaces of the example. */
export const DEMO_NAMESPACES = { airflow: 'acme_local', spark: 'acme_spark', openlineage: 'acme', warehouse: 'postgres://warehouse:5432', lake: 's3://acme-lake' };
const NS = DEMO_NAMESPACES;
const DAYS = 3;

/** A facet of the given type (`SchemaDatasetFacet`) with the producer's name and the spec's schema URL. */
function facet(producer, type, version, body) {
  return { _producer: producer, _schemaURL: `https://openlineage.io/spec/facets/${version}/${type}.json#/$defs/${type}`, ...body };
}

const table = (name, fields) => ({ name, fields: fields.map(([field, type, description]) => ({ name: field, type, ...(description && { description }) })) });
const ORDERS = table('analytics.public.orders', [['order_id', 'bigint'], ['customer_id', 'bigint'], ['ordered_at', 'timestamp'], ['status', 'text'], ['amount_usd', 'numeric(12,2)'], ['_loaded_at', 'timestamp']]);
const CUSTOMERS = table('analytics.public.customers', [['customer_id', 'bigint'], ['email', 'text'], ['country_code', 'char(2)'], ['signed_up_at', 'timestamp'], ['_loaded_at', 'timestamp']]);
const CUSTOMERS_V2 = table('analytics.public.customers', [...CUSTOMERS.fields.map((f) => [f.name, f.type]), ['loyalty_tier', 'text', 'Added on day 2: bronze, silver or gold.']]);
const ORDERS_ENRICHED = table('curated/orders_enriched', [
  ['order_id', 'long'], ['customer_id', 'long'], ['order_date', 'date'], ['status', 'string'], ['amount_usd', 'decimal(12,2)'], ['country_code', 'string'],
  ['is_first_order', 'boolean'], ['days_since_signup', 'integer'],
]);

const MERGE_ORDERS_SQL = 'INSERT INTO public.orders AS o (order_id, customer_id, ordered_at, status, amount_usd, _loaded_at)\nSELECT order_id, customer_id, ordered_at, status, amount_usd, now()\nFROM public.orders_staging\nON CONFLICT (order_id) DO UPDATE\nSET status = EXCLUDED.status,\n    amount_usd = EXCLUDED.amount_usd,\n    _loaded_at = EXCLUDED._loaded_at;';
const MERGE_CUSTOMERS_SQL = 'INSERT INTO public.customers AS c (customer_id, email, country_code, signed_up_at, _loaded_at)\nSELECT customer_id, lower(email), upper(country_code), signed_up_at, now()\nFROM public.customers_staging\nON CONFLICT (customer_id) DO UPDATE\nSET email = EXCLUDED.email,\n    country_code = EXCLUDED.country_code,\n    _loaded_at = EXCLUDED._loaded_at;';

/** The column lineage of orders_enrich.py's output. */
function ordersEnrichedLineage() {
  const orders = (field) => ({ namespace: NS.warehouse, name: 'analytics.public.orders', field });
  const customers = (field) => ({ namespace: NS.warehouse, name: 'analytics.public.customers', field });
  const t = (type, subtype, description = '') => [{ type, subtype, description, masking: false }];
  const fields = {
    order_id: { inputFields: [{ ...orders('order_id'), transformations: t('DIRECT', 'IDENTITY') }] },
    customer_id: { inputFields: [{ ...orders('customer_id'), transformations: t('DIRECT', 'IDENTITY') }] },
    order_date: { inputFields: [{ ...orders('ordered_at'), transformations: t('DIRECT', 'TRANSFORMATION', 'to_date(ordered_at)') }] },
    status: { inputFields: [{ ...orders('status'), transformations: t('DIRECT', 'IDENTITY') }] },
    amount_usd: { inputFields: [{ ...orders('amount_usd'), transformations: t('DIRECT', 'IDENTITY') }] },
    country_code: { inputFields: [{ ...customers('country_code'), transformations: t('DIRECT', 'IDENTITY') }, { ...customers('customer_id'), transformations: t('INDIRECT', 'JOIN') }] },
    is_first_order: { inputFields: [{ ...orders('ordered_at'), transformations: t('INDIRECT', 'WINDOW', 'row_number() over (partition by customer_id order by ordered_at) = 1') }, { ...orders('customer_id'), transformations: t('INDIRECT', 'WINDOW') }] },
    days_since_signup: { inputFields: [{ ...orders('ordered_at'), transformations: t('DIRECT', 'TRANSFORMATION', 'datediff(order_date, to_date(signed_up_at))') }, { ...customers('signed_up_at'), transformations: t('DIRECT', 'TRANSFORMATION', 'datediff(order_date, to_date(signed_up_at))') }] },
  };
  return facet(SPARK_PRODUCER, 'ColumnLineageDatasetFacet', '1-2-0', { fields });
}

/**
 * The events of the demo history: three days ending before the UTC day of `now`, sorted by event time.
 * @param {{ now?: Date | number | string, seed?: number }} [options]
 * @returns {Record<string, unknown>[]}
 */
export function generateDemoHistory({ now = Date.now(), seed = 7 } = {}) {
  const rand = mulberry32(seed);
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(rand() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  const minutes = (m) => m * 60_000;
  const iso = (ms) => new Date(ms).toISOString();
  const today = Math.floor(new Date(now).getTime() / 86_400_000) * 86_400_000;
  const events = [];

  const dataset = (namespace, name, facets) => ({ namespace, name, ...(facets && { facets }) });
  const lake = (name, facets) => dataset(NS.lake, name, facets);
  const warehouse = (name, facets) => dataset(NS.warehouse, name, facets);
  const schema = (producer, t) => facet(producer, 'SchemaDatasetFacet', '1-1-1', { fields: t.fields });
  const dataSource = (producer, name, uri) => facet(producer, 'DatasourceDatasetFacet', '1-0-1', { name, uri });
  const errorMessage = (producer, message, language, stackTrace) => facet(producer, 'ErrorMessageRunFacet', '1-0-1', { message, programmingLanguage: language, ...(stackTrace && { stackTrace }) });

  /** START and COMPLETE (or FAIL) of one run; `extra` goes into the START, `end` into the last event. */
  function run({ producer, namespace, name, runId = uuid(), start, end, state = 'COMPLETE', jobFacets = {}, runFacets = {}, endRunFacets = {}, inputs = [], outputs = [], endInputs = inputs, endOutputs = outputs }) {
    const job = { namespace, name, facets: jobFacets };
    events.push({ eventType: 'START', eventTime: iso(start), producer, schemaURL: SCHEMA_URL, run: { runId, facets: runFacets }, job, inputs, outputs });
    events.push({ eventType: state, eventTime: iso(end), producer, schemaURL: SCHEMA_URL, run: { runId, facets: endRunFacets }, job: { namespace, name, facets: {} }, inputs: endInputs, outputs: endOutputs });
    return runId;
  }

  const airflowJobType = (jobType) => ({ jobType: facet(AIRFLOW_PRODUCER, 'JobTypeJobFacet', '2-0-3', { processingType: 'BATCH', integration: 'AIRFLOW', jobType }) });
  const engine = facet(AIRFLOW_PRODUCER, 'ProcessingEngineRunFacet', '1-1-1', { version: '2.10.5+astro.1', name: 'Airflow', openlineageAdapterVersion: '1.14.0' });

  /** One DAG run: its DAG-level run and, through `tasks`, its task runs (children of it). */
  function dagRun(dagId, { start, schedule, owner, tasks }) {
    const runId = uuid();
    const dagRunId = schedule === 'dataset' ? `dataset_triggered__${iso(start)}` : `scheduled__${iso(start - minutes(24 * 60) - (start % minutes(60)))}`;
    const nominal = facet(AIRFLOW_PRODUCER, 'NominalTimeRunFacet', '1-0-1', { nominalStartTime: iso(start) });
    const dagInfo = { dag_id: dagId, owner, schedule_interval: schedule === 'dataset' ? 'Dataset' : '0 3 * * *', start_date: '2025-01-01T00:00:00+00:00', tags: `['lineage']`, timetable: {} };
    const dagRunInfo = { dag_id: dagId, run_id: dagRunId, run_type: schedule === 'dataset' ? 'dataset_triggered' : 'scheduled', data_interval_start: iso(start - minutes(24 * 60)), data_interval_end: iso(start), start_date: iso(start) };
    let end = start;
    let failed = false;
    const task = (taskId, { operator, offset, duration, inputs = [], outputs = [], state = 'COMPLETE', tryNumber = 1, jobFacets = {}, error, children }) => {
      const taskStart = start + offset;
      const taskEnd = taskStart + duration;
      end = Math.max(end, taskEnd);
      if (state === 'FAIL') failed = true;
      const parent = facet(AIRFLOW_PRODUCER, 'ParentRunFacet', '1-1-0', { run: { runId }, job: { namespace: NS.airflow, name: dagId } });
      const airflow = {
        _producer: AIRFLOW_PRODUCER,
        _schemaURL: 'https://raw.githubusercontent.com/apache/airflow/providers-openlineage/1.14.0/airflow/providers/openlineage/facets/AirflowRunFacet.json#/$defs/AirflowRunFacet',
        dag: dagInfo,
        dagRun: dagRunInfo,
        task: { task_id: taskId, operator_class: operator, owner, retries: tryNumber > 1 ? 2 : 0, depends_on_past: false },
        taskInstance: { try_number: tryNumber, map_index: -1, pool: operator === 'SparkSubmitOperator' ? 'spark' : 'default_pool', queued_dttm: iso(taskStart - 2000) },
        taskUuid: uuid(),
      };
      const taskRunId = run({
        producer: AIRFLOW_PRODUCER, namespace: NS.airflow, name: `${dagId}.${taskId}`, start: taskStart, end: taskEnd, state, inputs, outputs,
        jobFacets: { ...airflowJobType('TASK'), ...jobFacets },
        runFacets: { nominalTime: nominal, parent, processing_engine: engine, airflow },
        endRunFacets: { parent, ...(error && { errorMessage: errorMessage(AIRFLOW_PRODUCER, error.message, 'python', error.stackTrace) }) },
      });
      children?.(taskRunId, taskStart, taskEnd);
      return taskRunId;
    };
    tasks(task);
    run({
      producer: AIRFLOW_PRODUCER, namespace: NS.airflow, name: dagId, runId, start: start - 1000, end: end + 2000, state: failed ? 'FAIL' : 'COMPLETE',
      jobFacets: airflowJobType('DAG'),
      runFacets: { nominalTime: nominal, processing_engine: engine, airflowDagRun: { _producer: AIRFLOW_PRODUCER, _schemaURL: 'https://raw.githubusercontent.com/apache/airflow/providers-openlineage/1.14.0/airflow/providers/openlineage/facets/AirflowDagRunFacet.json#/$defs/AirflowDagRunFacet', dag: dagInfo, dagRun: dagRunInfo } },
      endRunFacets: failed ? { errorMessage: errorMessage(AIRFLOW_PRODUCER, `DAG run ${dagRunId} failed: a task failed.`, 'python') } : {},
    });
    return end;
  }

  const parentOf = (namespace, name, runId) => ({ parent: facet(SPARK_PRODUCER, 'ParentRunFacet', '1-1-0', { run: { runId }, job: { namespace, name } }) });
  const sql = (producer, query) => ({ sql: facet(producer, 'SQLJobFacet', '1-1-0', { query, dialect: 'postgres' }) });
  const pg = (producer) => dataSource(producer, 'postgres://warehouse:5432', 'postgres://warehouse:5432/analytics');

  for (let day = 0; day < DAYS; day++) {
    const at = today - (DAYS - day) * 86_400_000 + minutes(3 * 60);
    const customers = day === 0 ? CUSTOMERS : CUSTOMERS_V2;

    // orders_etl, daily at 03:00.
    const etlEnd = dagRun('orders_etl', {
      start: at, schedule: 'cron', owner: 'data-platform',
      tasks: (task) => {
        task('wait_for_orders_export', { operator: 'S3KeySensor', offset: 5000, duration: minutes(4) + 17_000 });
        task('load_orders', { operator: '_PythonDecoratedOperator', offset: minutes(5), duration: minutes(3) + Math.round(rand() * 60_000), inputs: [lake('raw/orders')] });
        task('load_customers', { operator: '_PythonDecoratedOperator', offset: 6000, duration: minutes(2) + Math.round(rand() * 30_000), inputs: [lake('raw/customers')] });
        const mergeOrders = (tryNumber, offset, state, error) => task('merge_orders', {
          operator: 'SQLExecuteQueryOperator', offset, duration: 48_000 + Math.round(rand() * 20_000), state, tryNumber, error,
          jobFacets: sql(AIRFLOW_PRODUCER, MERGE_ORDERS_SQL),
          inputs: [warehouse('analytics.public.orders_staging', { dataSource: pg(AIRFLOW_PRODUCER) })],
          outputs: [warehouse('analytics.public.orders', { dataSource: pg(AIRFLOW_PRODUCER), schema: schema(AIRFLOW_PRODUCER, ORDERS) })],
        });
        if (day === 1) {
          mergeOrders(1, minutes(10), 'FAIL', {
            message: 'psycopg2.errors.DeadlockDetected: deadlock detected\nDETAIL:  Process 4711 waits for ShareLock on transaction 91823; blocked by process 4702.',
            stackTrace: 'Traceback (most recent call last):\n  File "/usr/local/lib/python3.12/site-packages/airflow/providers/common/sql/operators/sql.py", line 292, in execute\n    output = hook.run(\npsycopg2.errors.DeadlockDetected: deadlock detected',
          });
          mergeOrders(2, minutes(16), 'COMPLETE');
        } else mergeOrders(1, minutes(10), 'COMPLETE');
        task('merge_customers', {
          operator: 'SQLExecuteQueryOperator', offset: minutes(3), duration: 21_000 + Math.round(rand() * 10_000),
          jobFacets: sql(AIRFLOW_PRODUCER, MERGE_CUSTOMERS_SQL),
          inputs: [warehouse('analytics.public.customers_staging', { dataSource: pg(AIRFLOW_PRODUCER) })],
          outputs: [warehouse('analytics.public.customers', { dataSource: pg(AIRFLOW_PRODUCER), schema: schema(AIRFLOW_PRODUCER, customers) })],
        });
      },
    });

    // spark_orders_enrich, when the warehouse tables are fresh.
    const sparkStart = etlEnd + minutes(1);
    dagRun('spark_orders_enrich', {
      start: sparkStart, schedule: 'dataset', owner: 'data-platform',
      tasks: (task) => {
        task('enrich_orders', {
          operator: 'SparkSubmitOperator', offset: 3000, duration: minutes(7) + Math.round(rand() * minutes(2)), outputs: [lake('curated/orders_enriched')],
          children: (taskRunId, taskStart, taskEnd) => {
            const inputs = [
              warehouse('analytics.public.orders', { dataSource: pg(SPARK_PRODUCER), schema: schema(SPARK_PRODUCER, ORDERS) }),
              warehouse('analytics.public.customers', { dataSource: pg(SPARK_PRODUCER), schema: schema(SPARK_PRODUCER, customers) }),
            ];
            const output = lake('curated/orders_enriched', {
              dataSource: dataSource(SPARK_PRODUCER, 's3://acme-lake', 's3://acme-lake'),
              schema: schema(SPARK_PRODUCER, ORDERS_ENRICHED),
              columnLineage: ordersEnrichedLineage(),
            });
            run({
              producer: SPARK_PRODUCER, namespace: NS.spark, name: 'orders_enrich.execute_insert_into_hadoop_fs_relation_command', start: taskStart + 41_000, end: taskEnd - 9000,
              jobFacets: { jobType: facet(SPARK_PRODUCER, 'JobTypeJobFacet', '2-0-3', { processingType: 'BATCH', integration: 'SPARK', jobType: 'SQL_JOB' }) },
              runFacets: {
                ...parentOf(NS.airflow, 'spark_orders_enrich.enrich_orders', taskRunId),
                processing_engine: facet(SPARK_PRODUCER, 'ProcessingEngineRunFacet', '1-1-1', { version: '3.5.3', name: 'spark', openlineageAdapterVersion: '1.52.0' }),
                spark_properties: { _producer: SPARK_PRODUCER, _schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunFacet', properties: { 'spark.master': 'spark://spark-master:7077', 'spark.app.name': 'orders_enrich', 'spark.executor.memory': '4g' } },
              },
              inputs, outputs: [output],
              endOutputs: [{ ...output, outputFacets: { outputStatistics: facet(SPARK_PRODUCER, 'OutputStatisticsOutputDatasetFacet', '1-0-2', { rowCount: 18_000 + Math.round(rand() * 4000), size: 2_400_000 + Math.round(rand() * 400_000) }) } }],
            });
          },
        });
        // The renamed path: this DAG's earlier version wrote customers_360 (see the header).
        task('build_customer_360', { operator: 'SparkSubmitOperator', offset: minutes(10), duration: minutes(4) + Math.round(rand() * 60_000), inputs: [lake('curated/orders_enriched')], outputs: [lake('curated/customers_360')] });
      },
    });

    // dbt_analytics, when the warehouse tables are fresh: dbt-ol run (one job per model) and dbt-ol test.
    const dbtStart = etlEnd + minutes(1) + 1500;
    dagRun('dbt_analytics', {
      start: dbtStart, schedule: 'dataset', owner: 'analytics-engineering',
      tasks: (task) => {
        task('dbt_run', {
          operator: 'BashOperator', offset: 2000, duration: minutes(3),
          children: (taskRunId, taskStart) => {
            const parentRun = run({
              producer: DBT_PRODUCER, namespace: NS.openlineage, name: 'acme_dbt_run', start: taskStart + 9000, end: taskStart + minutes(2) + 40_000,
              jobFacets: { jobType: facet(DBT_PRODUCER, 'JobTypeJobFacet', '2-0-3', { processingType: 'BATCH', integration: 'DBT', jobType: 'JOB' }) },
              runFacets: parentOf(NS.airflow, 'dbt_analytics.dbt_run', taskRunId),
            });
            const model = (name, offset, inputs, fields, sqlText) => run({
              producer: DBT_PRODUCER, namespace: NS.openlineage, name, start: taskStart + offset, end: taskStart + offset + 12_000 + Math.round(rand() * 8000),
              jobFacets: { jobType: facet(DBT_PRODUCER, 'JobTypeJobFacet', '2-0-3', { processingType: 'BATCH', integration: 'DBT', jobType: 'MODEL' }), ...sql(DBT_PRODUCER, sqlText) },
              runFacets: { parent: facet(DBT_PRODUCER, 'ParentRunFacet', '1-1-0', { run: { runId: parentRun }, job: { namespace: NS.openlineage, name: 'acme_dbt_run' } }) },
              inputs: inputs.map((i) => warehouse(i)),
              outputs: [warehouse(name, { dataSource: pg(DBT_PRODUCER), schema: schema(DBT_PRODUCER, table(name, fields)) })],
            });
            model('analytics.staging.stg_orders', 12_000, ['analytics.public.orders'], [['order_id', 'bigint'], ['customer_id', 'bigint'], ['ordered_at', 'timestamp'], ['order_date', 'date'], ['order_status', 'text'], ['amount_usd', 'numeric'], ['_loaded_at', 'timestamp']], 'select order_id, customer_id, ordered_at, cast(ordered_at as date) as order_date, lower(status) as order_status, round(amount_usd::numeric, 2) as amount_usd, _loaded_at from "analytics"."public"."orders" where order_id is not null');
            model('analytics.staging.stg_customers', 13_000, ['analytics.public.customers'], [['customer_id', 'bigint'], ['email', 'text'], ['country_code', 'text'], ['signed_up_at', 'timestamp'], ['signup_date', 'date']], 'select customer_id, lower(trim(email)) as email, upper(country_code) as country_code, signed_up_at, cast(signed_up_at as date) as signup_date from "analytics"."public"."customers"');
            model('analytics.marts.fct_orders', 40_000, ['analytics.staging.stg_orders', 'analytics.staging.stg_customers'], [['order_id', 'bigint'], ['customer_id', 'bigint'], ['order_date', 'date'], ['order_status', 'text'], ['amount_usd', 'numeric'], ['country_code', 'text'], ['days_since_signup', 'integer'], ['_loaded_at', 'timestamp']], 'select o.order_id, o.customer_id, o.order_date, o.order_status, o.amount_usd, c.country_code, o.order_date - c.signup_date as days_since_signup, o._loaded_at from "analytics"."staging"."stg_orders" o left join customers c using (customer_id)');
            model('analytics.marts.dim_customers', 70_000, ['analytics.staging.stg_customers', 'analytics.marts.fct_orders'], [['customer_id', 'bigint'], ['email', 'text'], ['country_code', 'text'], ['signup_date', 'date'], ['order_count', 'bigint'], ['lifetime_value_usd', 'numeric'], ['first_order_date', 'date'], ['last_order_date', 'date']], 'select c.customer_id, c.email, c.country_code, c.signup_date, coalesce(s.order_count, 0) as order_count, coalesce(s.lifetime_value_usd, 0) as lifetime_value_usd, s.first_order_date, s.last_order_date from customers c left join order_stats s using (customer_id)');
          },
        });
        task('dbt_test', {
          operator: 'BashOperator', offset: minutes(3) + 5000, duration: minutes(1),
          children: (taskRunId, taskStart) => {
            const assertions = (list) => ({ dataQualityAssertions: facet(DBT_PRODUCER, 'DataQualityAssertionsDatasetFacet', '1-0-1', { assertions: list.map(([assertion, column, success]) => ({ assertion, column, success })) }) });
            run({
              producer: DBT_PRODUCER, namespace: NS.openlineage, name: 'acme_dbt_test', start: taskStart + 8000, end: taskStart + 50_000,
              jobFacets: { jobType: facet(DBT_PRODUCER, 'JobTypeJobFacet', '2-0-3', { processingType: 'BATCH', integration: 'DBT', jobType: 'JOB' }) },
              runFacets: parentOf(NS.airflow, 'dbt_analytics.dbt_test', taskRunId),
              inputs: [
                { ...warehouse('analytics.public.orders'), inputFacets: assertions([['not_null', 'order_id', true], ['unique', 'order_id', true], ['not_null', 'customer_id', true]]) },
                { ...warehouse('analytics.public.customers'), inputFacets: assertions([['not_null', 'customer_id', true], ['unique', 'customer_id', day !== 2]]) },
              ],
            });
          },
        });
      },
    });

    // data_quality, when the warehouse tables are fresh: the orders checkpoint reports through OpenLineage.
    const ordersFailures = day === 1 ? ['expect_column_values_to_be_in_set'] : day === 2 ? ['expect_column_values_to_be_between'] : [];
    dagRun('data_quality', {
      start: etlEnd + minutes(1) + 3000, schedule: 'dataset', owner: 'data-platform',
      tasks: (task) => {
        task('validate_orders', {
          operator: '_PythonDecoratedOperator', offset: 2000, duration: 95_000, state: ordersFailures.length ? 'FAIL' : 'COMPLETE',
          error: ordersFailures.length ? { message: `airflow.exceptions.AirflowFailException: orders_checkpoint failed: {'evaluated_expectations': 4, 'successful_expectations': 3, 'unsuccessful_expectations': 1, 'success_percent': 75.0} (${ordersFailures[0]})` } : undefined,
          children: (taskRunId, taskStart) => {
            const rows = 18_000 + Math.round(rand() * 4000);
            const assertions = [
              ['expect_column_values_to_not_be_null', 'order_id'],
              ['expect_column_values_to_be_unique', 'order_id'],
              ['expect_column_values_to_be_between', 'amount_usd'],
              ['expect_column_values_to_be_in_set', 'status'],
            ].map(([assertion, column]) => ({ assertion, column, success: !ordersFailures.includes(assertion) }));
            run({
              producer: GX_PRODUCER, namespace: NS.openlineage, name: 'orders_quality', start: taskStart + 30_000, end: taskStart + 80_000,
              jobFacets: { documentation: facet(GX_PRODUCER, 'DocumentationJobFacet', '1-0-1', { description: 'Critical expectations on analytics.public.orders (keys, amounts, statuses)' }) },
              runFacets: parentOf(NS.airflow, 'data_quality.validate_orders', taskRunId),
              inputs: [{
                ...warehouse('analytics.public.orders', { dataSource: pg(GX_PRODUCER), schema: schema(GX_PRODUCER, ORDERS) }),
                inputFacets: {
                  dataQualityAssertions: facet(GX_PRODUCER, 'DataQualityAssertionsDatasetFacet', '1-0-1', { assertions }),
                  dataQualityMetrics: facet(GX_PRODUCER, 'DataQualityMetricsInputDatasetFacet', '1-0-2', {
                    rowCount: rows,
                    columnMetrics: {
                      order_id: { nullCount: 0, distinctCount: rows },
                      amount_usd: { nullCount: 0, min: day === 2 ? -42.5 : 3.99, max: 2890.0 },
                      status: { nullCount: 0, distinctCount: day === 1 ? 6 : 5 },
                    },
                  }),
                },
              }],
            });
          },
        });
        task('validate_customers', { operator: '_PythonDecoratedOperator', offset: 2500, duration: 61_000 });
      },
    });
  }
  return events.sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
}

/** Posts the events one by one; throws on the first that is not accepted. */
async function post(events, root) {
  const url = `${root.replace(/\/+$/, '')}/api/v1/lineage`;
  for (const [i, event] of events.entries()) {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) });
    const text = await response.text();
    if (response.status !== 201 && response.status !== 200) throw new Error(`event ${i + 1} of ${events.length} (${event.job?.name}, ${event.eventType}) was answered ${response.status}: ${text}`);
  }
}

async function main(argv) {
  const usage = 'Usage: node examples/demo-history/generate.mjs [--now ISO-TIME] (FILE.jsonl | --post http://127.0.0.1:5000)';
  let now = Date.now();
  let file;
  let endpoint;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--now' || arg === '--post') {
      const value = argv[++i];
      if (!value) throw new Error(`${arg} needs a value.\n${usage}`);
      if (arg === '--post') endpoint = value;
      else if (Number.isNaN((now = Date.parse(value)))) throw new Error(`--now must be an ISO time, not "${value}".\n${usage}`);
    } else if (arg === '-h' || arg === '--help') {
      console.log(usage);
      return;
    } else if (!arg.startsWith('-') && file === undefined) file = arg;
    else throw new Error(`unexpected argument "${arg}".\n${usage}`);
  }
  if ((file === undefined) === (endpoint === undefined)) throw new Error(`give a file or --post URL (one of them).\n${usage}`);
  const events = generateDemoHistory({ now });
  if (file !== undefined) {
    writeFileSync(file, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    console.log(`Wrote ${events.length} events to ${file}.`);
  } else {
    await post(events, endpoint);
    console.log(`Posted ${events.length} events to ${endpoint}.`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`generate.mjs: ${error.message}`);
    process.exit(1);
  });
}
