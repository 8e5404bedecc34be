/**
 * The hover on a task that runs jobs with their own lineage: a dbt-ol task lists the models dbt-ol will report
 * and what each writes; a Spark submit, its application's job with what it reads and writes. Real parsers, own
 * project.
 */
import assert from 'node:assert/strict';
import { hover, predicting, ws } from '../support/harness';

const DAG = `from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

with DAG("nightly") as dag:
    models = Bash|Operator(task_id="models", bash_command="dbt-ol run --project-dir /opt/dbt/shop")
    enrich = SparkSubmitOperator(task_id="enrich", application="jobs/enrich.py")
`;

const FILES = {
  'dbt/shop/dbt_project.yml': "name: shop\nprofile: shop\nmodel-paths: ['models']\n",
  'dbt/shop/profiles.yml':
    'shop:\n  target: prod\n  outputs:\n    prod:\n      type: postgres\n      host: wh\n      port: 5432\n      dbname: dw\n      schema: marts\n',
  'dbt/shop/models/daily.sql': 'select 1 as one\n',
  'dags/jobs/enrich.py':
    'from pyspark.sql import SparkSession\nspark = SparkSession.builder.appName("enrich").getOrCreate()\nspark.read.parquet("s3a://lake/raw").write.parquet("s3a://lake/curated")\n',
};

describe('hover on a task that runs jobs with their own lineage', () => {
  it('lists the dbt models a dbt-ol task runs, with what each writes', () => {
    const lineage = predicting(FILES);
    const { markdown } = hover(ws('dags/nightly.py'), DAG, { project: FILES, lineage });
    assert.match(markdown, /\*\*Runs 1 dbt model\*\*, each reported by dbt-ol as a job of its own:/);
    assert.match(markdown, /- `dw\.marts\.shop\.daily`: writes `postgres:\/\/wh:5432\/dw\.marts\.daily`/);
  });

  it('says what the Spark application a task submits reads and writes', () => {
    const lineage = predicting(FILES);
    const { markdown } = hover(
      ws('dags/nightly.py'),
      DAG.replace('Bash|Operator', 'BashOperator').replace('SparkSubmitOperator(task', 'SparkSubmit|Operator(task'),
      {
        project: FILES,
        lineage,
      },
    );
    assert.match(markdown, /\*\*Submits a Spark application\*\* \(enrich\.py\)/);
    assert.match(markdown, /- job `enrich` reads `s3:\/\/lake\/raw`, writes `s3:\/\/lake\/curated`/);
  });
});
