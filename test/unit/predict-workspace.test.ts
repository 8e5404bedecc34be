/**
 * The workspace predictor inside the static lineage, as the server and `lineage-lens graph` run it: a SQL
 * operator's tables named from its connection with column lineage, declared inlets/outlets the provider then
 * ignores, a dbt-ol task with the models it runs as child jobs, a Spark submit with its application's job.
 * The real SQL parser and Python parser run; the projects are our own.
 */
import assert from 'node:assert/strict';
import type { StaticDatasetData, StaticJobData, StaticLineageNode } from '../../protocol/lineage';
import { parseDag, predicting, ws } from '../support/harness';

const DAG = ws('dags/shop.py');
const DAG_TEXT = `from airflow import DAG
from airflow.datasets import Dataset
from airflow.operators.bash import BashOperator
from airflow.providers.postgres.operators.postgres import PostgresOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

with DAG("shop") as dag:
    daily = PostgresOperator(
        task_id="daily_totals",
        postgres_conn_id="shop_db",
        sql="INSERT INTO reporting.daily (day, total) SELECT order_day AS day, SUM(amount) AS total FROM orders GROUP BY order_day",
        outlets=[Dataset("s3://declared/never")],
    )
    models = BashOperator(
        task_id="models",
        bash_command="dbt-ol run --project-dir /opt/airflow/analytics",
        env={"SHOP_SCHEMA": "marts"},
    )
    spark = SparkSubmitOperator(task_id="enrich", application="jobs/enrich.py")
    daily >> models >> spark
`;

const FILES = {
  '.env': 'AIRFLOW_CONN_SHOP_DB=postgres://app:secret@db.internal:6432/shop\nOPENLINEAGE_NAMESPACE=shop_ns\n',
  'analytics/dbt_project.yml': "name: analytics\nprofile: analytics\nmodel-paths: ['models']\n",
  'analytics/profiles.yml':
    'analytics:\n  target: prod\n  outputs:\n    prod:\n      type: postgres\n      host: warehouse\n      port: 5432\n      dbname: dw\n      schema: "{{ env_var(\'SHOP_SCHEMA\') }}"\n',
  'analytics/models/customers.sql': "select id, name from {{ source('raw', 'customers') }}\n",
  'analytics/models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: raw\n    tables:\n      - name: customers\n',
  'dags/jobs/enrich.py':
    'from pyspark.sql import SparkSession\nspark = SparkSession.builder.appName("enrich orders").getOrCreate()\ndf = spark.read.parquet("s3a://lake/raw/orders")\ndf.write.saveAsTable("analytics.orders_enriched")\n',
};

function graph() {
  const index = predicting(FILES, 'shop_ns');
  index.update(DAG, parseDag(DAG_TEXT), DAG_TEXT);
  return index.graph();
}

const node = (nodes: StaticLineageNode[], id: string) => {
  const n = nodes.find((x) => x.id === id);
  assert.ok(n, `no ${id} in ${nodes.map((x) => x.id).join(', ')}`);
  return n;
};

describe('the workspace predictor in the static lineage', () => {
  it('names a SQL operator’s tables from its connection, with how they were found and their column lineage', () => {
    const nodes = graph().graph;
    const out = node(nodes, 'dataset:postgres://db.internal:6432:shop.reporting.daily').data as StaticDatasetData;
    assert.deepEqual(out.provenance, ['sql']);
    assert.equal(out.emitted, true);
    const from = (field: string) => [{ namespace: 'postgres://db.internal:6432', name: 'shop.public.orders', field }];
    assert.deepEqual(out.facets.columnLineage?.fields, { day: { inputFields: from('order_day') }, total: { inputFields: from('amount') } });
    // The unqualified input gets Postgres' default schema, as the provider fills it.
    const job = node(nodes, 'job:shop_ns:shop.daily_totals');
    assert.deepEqual(
      job.inEdges.map((e) => e.origin),
      ['dataset:postgres://db.internal:6432:shop.public.orders'],
    );
    assert.match((job.data as StaticJobData).prediction?.method ?? '', /get_openlineage_facets/);
  });

  it('keeps declared outlets of an operator that reports its own lineage, marked not emitted', () => {
    const declared = node(graph().graph, 'dataset:s3://declared:never').data as StaticDatasetData;
    assert.equal(declared.emitted, false);
    assert.deepEqual(declared.provenance, ['declared']);
    assert.match(declared.note, /reads inlets\/outlets only when it reports none/);
  });

  it('links a dbt-ol task to the models it runs, named with the task’s own environment', () => {
    const nodes = graph().graph;
    const model = node(nodes, 'job:shop_ns:dw.marts.analytics.customers').data as StaticJobData;
    assert.equal(model.parentJobName, 'shop.models');
    const out = node(nodes, 'dataset:postgres://warehouse:5432:dw.marts.customers').data as StaticDatasetData;
    assert.deepEqual(out.provenance, ['dbt']);
    const task = node(nodes, 'job:shop_ns:shop.models').data as StaticJobData;
    assert.deepEqual(task.prediction?.links?.[0]?.jobs, ['dw.marts.analytics.customers']);
  });

  it('links a Spark submit to its application’s job and the datasets it reads and writes', () => {
    const nodes = graph().graph;
    const job = nodes.find((n) => n.type === 'JOB' && (n.data as StaticJobData).parentJobName === 'shop.enrich');
    assert.ok(job, 'no Spark job under shop.enrich');
    assert.equal((job.data as StaticJobData).name, 'enrich_orders');
    assert.deepEqual(
      job.inEdges.map((e) => e.origin),
      ['dataset:s3://lake:raw/orders'],
    );
    assert.equal(job.outEdges.length, 1);
  });

  it('leaves out, with emittedOnly, what the provider would not report', () => {
    const index = predicting(FILES, 'shop_ns');
    index.update(DAG, parseDag(DAG_TEXT), DAG_TEXT);
    assert.ok(!index.graph({ emittedOnly: true }).graph.some((n) => n.id === 'dataset:s3://declared:never'));
  });

  it('reads a notebook a task submits as its Spark application', () => {
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source });
    const notebook = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', language: 'python' }, language_info: { name: 'python' } },
      cells: [
        cell('from pyspark.sql import SparkSession\nspark = SparkSession.builder.appName("score").getOrCreate()\n'),
        cell('df = spark.read.parquet("s3a://lake/features")\ndf.write.parquet("s3a://lake/scores")\n'),
      ],
    });
    const text = DAG_TEXT.replace('application="jobs/enrich.py"', 'application="jobs/score.ipynb"');
    const index = predicting({ ...FILES, 'dags/jobs/score.ipynb': notebook }, 'shop_ns');
    index.update(DAG, parseDag(text), text);
    const nodes = index.graph().graph;
    const job = nodes.find((n) => n.type === 'JOB' && (n.data as StaticJobData).parentJobName === 'shop.enrich');
    assert.ok(job, 'no Spark job under shop.enrich');
    assert.equal((job.data as StaticJobData).name, 'score');
    assert.deepEqual(
      job.inEdges.map((e) => e.origin),
      ['dataset:s3://lake:features'],
    );
    assert.deepEqual(
      job.outEdges.map((e) => e.destination),
      ['dataset:s3://lake:scores'],
    );
  });

  it('takes a variable the task’s env= sets over the project’s value of it', () => {
    const files = { ...FILES, '.env': `${FILES['.env']}SHOP_SCHEMA=staging\n` };
    const index = predicting(files, 'shop_ns');
    index.update(DAG, parseDag(DAG_TEXT), DAG_TEXT);
    const task = node(index.graph().graph, 'job:shop_ns:shop.models').data as StaticJobData;
    assert.deepEqual(task.prediction?.links?.[0]?.jobs, ['dw.marts.analytics.customers']);
  });
});
