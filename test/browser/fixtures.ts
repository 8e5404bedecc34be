/**
 * Lineage responses for the browser tests: the saved Marquez response of test/fixtures/lineage, the same with
 * OpenLineage facets added the way a richer source (the Marquez dataset/job endpoints, OpenLineage events)
 * provides them, a wide fan-out, a column-lineage response, and large synthetic graphs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface RawNode {
  id: string;
  type: string;
  data: Record<string, unknown>;
  inEdges: { origin: string; destination: string }[];
  outEdges: { origin: string; destination: string }[];
}

export function ordersDaily(): { graph: RawNode[] } {
  return JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'lineage', 'orders-daily.json'), 'utf8')) as { graph: RawNode[] };
}

export const RAW_ORDERS = 'dataset:s3://acme-datalake-raw:orders/daily';
export const ORDERS = 'dataset:postgres://orders-db:5432:orders.public.orders';
export const EXTRACT_ORDERS = 'job:airflow-prod:orders_daily.extract_orders';
export const SPARK = 'job:spark-prod:orders_enrichment.execute_save_into_data_source_command.public_fct_orders';
export const FCT = 'dataset:postgres://warehouse:5432:warehouse.public.fct_orders';
export const BUILD = 'job:airflow-prod:orders_daily.build_daily_revenue';
export const REVENUE = 'dataset:postgres://warehouse:5432:warehouse.public.daily_revenue';
export const RATES = 'dataset:postgres://orders-db:5432:orders.public.currency_rates';
export const LOAD_DIM = 'job:airflow-prod:orders_daily.load_dim_customers';

const facet = (name: string, body: Record<string, unknown>) => ({
  _producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.40.0/integration/airflow',
  _schemaURL: `https://openlineage.io/spec/facets/1-0-0/${name}.json`,
  ...body,
});

export const BUILD_SQL = `-- Daily revenue per currency, in USD
SELECT o.ds, o.currency, SUM(o.total_usd) AS revenue_usd, COUNT(*) AS orders
FROM warehouse.public.fct_orders AS o
WHERE o.status <> 'cancelled' AND o.ds = '2024-11-18'
GROUP BY o.ds, o.currency
HAVING SUM(o.total_usd) > 0.5;`;

/** orders-daily.json with facets on a few nodes: SQL, source location, documentation, owners, assertions, column lineage. */
export function ordersWithFacets(): { graph: RawNode[] } {
  const response = ordersDaily();
  const at = (id: string) => response.graph.find((n) => n.id === id)!;
  at(BUILD).data.facets = {
    sql: facet('SQLJobFacet', { query: BUILD_SQL, dialect: 'postgres' }),
    sourceCodeLocation: facet('SourceCodeLocationJobFacet', {
      type: 'git',
      url: 'https://github.com/acme/airflow-dags/blob/main/dags/orders_daily.py#L42',
      repoUrl: 'https://github.com/acme/airflow-dags',
      path: 'dags/orders_daily.py',
      version: '9f3c2e1',
      branch: 'main',
    }),
    documentation: facet('DocumentationJobFacet', {
      description: 'Aggregates fct_orders into one row per day and currency for the finance dashboards.',
    }),
    ownership: facet('OwnershipJobFacet', { owners: [{ name: 'team:finance-data', type: 'TEAM' }, { name: 'alice@acme.example' }] }),
    airflow: facet('AirflowRunFacet', {
      dag: { dag_id: 'orders_daily', schedule_interval: '@daily' },
      task: { task_id: 'build_daily_revenue', operator_class: 'SQLExecuteQueryOperator' },
    }),
  };
  const load = at(LOAD_DIM).data.latestRun as Record<string, unknown>;
  load.facets = {
    errorMessage: facet('ErrorMessageRunFacet', {
      message: 'psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "dim_customers_pkey"',
      programmingLanguage: 'python',
    }),
  };
  at(RAW_ORDERS).data.facets = {
    dataQualityAssertions: facet('DataQualityAssertionsDatasetFacet', {
      assertions: [
        { assertion: 'expect_column_values_to_not_be_null', success: true, column: 'order_id' },
        { assertion: 'expect_column_values_to_be_unique', success: true, column: 'order_id' },
        {
          assertion: 'expect_column_values_to_be_between',
          success: false,
          column: 'order_total',
          expected: '[0, 100000]',
          actual: '-12.50',
        },
        { assertion: 'expect_table_row_count_to_be_between', success: true },
      ],
    }),
  };
  at(FCT).data.facets = {
    documentation: facet('DocumentationDatasetFacet', { description: 'One row per order, amounts converted to USD.' }),
    ownership: facet('OwnershipDatasetFacet', { owners: [{ name: 'team:finance-data', type: 'TEAM' }] }),
    schema: facet('SchemaDatasetFacet', {
      fields: [
        { name: 'order_id', type: 'bigint' },
        { name: 'customer_id', type: 'bigint' },
        { name: 'total_usd', type: 'numeric(14,2)' },
        { name: 'status', type: 'text' },
        { name: 'ds', type: 'date' },
        {
          name: 'shipping',
          type: 'struct',
          fields: [
            { name: 'city', type: 'text' },
            { name: 'country', type: 'char(2)' },
          ],
        },
      ],
    }),
    columnLineage: facet('ColumnLineageDatasetFacet', {
      fields: {
        order_id: {
          inputFields: [
            {
              namespace: 's3://acme-datalake-raw',
              name: 'orders/daily',
              field: 'order_id',
              transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }],
            },
          ],
        },
        total_usd: {
          inputFields: [
            {
              namespace: 's3://acme-datalake-raw',
              name: 'orders/daily',
              field: 'order_total',
              transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION' }],
            },
            {
              namespace: 's3://acme-datalake-raw',
              name: 'orders/daily',
              field: 'currency',
              transformations: [{ type: 'INDIRECT', subtype: 'JOIN' }],
            },
            {
              namespace: 'postgres://orders-db:5432',
              name: 'orders.public.currency_rates',
              field: 'rate',
              transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION' }],
            },
          ],
        },
        status: {
          inputFields: [
            {
              namespace: 's3://acme-datalake-raw',
              name: 'orders/daily',
              field: 'status',
              transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }],
            },
          ],
        },
      },
    }),
  };
  return response;
}

/** `ordersWithFacets()` plus `count` report jobs reading fct_orders, each writing its own dashboard table: a wide fan-out. */
export function withFanOut(count: number): { graph: RawNode[] } {
  const response = ordersWithFacets();
  const fct = response.graph.find((n) => n.id === FCT)!;
  for (let i = 1; i <= count; i++) {
    const two = String(i).padStart(2, '0');
    const job = `job:airflow-prod:reports.report_${two}`;
    const out = `dataset:postgres://warehouse:5432:bi.dashboard_${two}`;
    const read = { origin: FCT, destination: job };
    const write = { origin: job, destination: out };
    fct.outEdges.push(read);
    response.graph.push({
      id: job,
      type: 'JOB',
      data: {
        id: { namespace: 'airflow-prod', name: `reports.report_${two}` },
        type: 'BATCH',
        name: `reports.report_${two}`,
        simpleName: `reports.report_${two}`,
        namespace: 'airflow-prod',
        latestRun: { state: 'COMPLETED', durationMs: 1000 * i },
      },
      inEdges: [read],
      outEdges: [write],
    });
    response.graph.push({
      id: out,
      type: 'DATASET',
      data: {
        id: { namespace: 'postgres://warehouse:5432', name: `bi.dashboard_${two}` },
        type: 'DB_TABLE',
        name: `bi.dashboard_${two}`,
        namespace: 'postgres://warehouse:5432',
        fields: [],
      },
      inEdges: [write],
      outEdges: [],
    });
  }
  return response;
}

/** A `GET /api/v1/column-lineage` response: DATASET_FIELD nodes. */
export function columnLineage(): { graph: RawNode[] } {
  const f = (dataset: string, field: string, type: string, inputs: [string, string][] = [], description?: string) => ({
    id: `datasetField:warehouse:${dataset}:${field}`,
    type: 'DATASET_FIELD',
    data: {
      namespace: 'warehouse',
      dataset,
      field,
      fieldType: type,
      transformationDescription: description ?? null,
      transformationType: inputs.length ? 'IDENTITY' : null,
      inputFields: inputs.map(([d, x]) => ({ namespace: 'warehouse', dataset: d, field: x })),
    },
    inEdges: inputs.map(([d, x]) => ({
      origin: `datasetField:warehouse:${d}:${x}`,
      destination: `datasetField:warehouse:${dataset}:${field}`,
    })),
    outEdges: [] as { origin: string; destination: string }[],
  });
  const nodes = [
    f('raw.orders', 'order_id', 'bigint'),
    f('raw.orders', 'amount', 'numeric'),
    f('raw.rates', 'rate', 'numeric'),
    f('fct.orders', 'order_id', 'bigint', [['raw.orders', 'order_id']]),
    f(
      'fct.orders',
      'total_usd',
      'numeric',
      [
        ['raw.orders', 'amount'],
        ['raw.rates', 'rate'],
      ],
      'amount * rate',
    ),
    f('rpt.revenue', 'revenue_usd', 'numeric', [['fct.orders', 'total_usd']], 'sum'),
  ];
  for (const n of nodes) for (const e of n.inEdges) nodes.find((m) => m.id === e.origin)!.outEdges.push(e);
  return { graph: nodes };
}
