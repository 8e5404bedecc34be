"""A DAG whose tasks' lineage comes from their SQL, their operators and the jobs they run (fuzz seed)."""
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.providers.amazon.aws.operators.s3 import S3CopyObjectOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.providers.postgres.operators.postgres import PostgresOperator

SCHEMA = "marts"
MERGE = f"""
    WITH recent AS (SELECT id, amount FROM staging.payments WHERE day = '{{{{ ds }}}}')
    INSERT INTO {SCHEMA}.daily (id, total)
    SELECT r.id, SUM(r.amount) AS total FROM recent r JOIN dims.accounts a ON a.id = r.id GROUP BY r.id;
    UPDATE {SCHEMA}.daily d SET total = 0 FROM dims.closed c WHERE c.id = d.id;
"""

with DAG("fuzz_sql", template_searchpath=["sql"], user_defined_macros={"get_sql": lambda: "SELECT 1"}) as dag:
    merge = SQLExecuteQueryOperator(task_id="merge", conn_id="warehouse", sql=MERGE)
    listed = PostgresOperator(task_id="listed", sql=["DELETE FROM a.b", "INSERT INTO a.b SELECT * FROM c.d", "COPY x FROM 's3://b/k'"])
    template = SQLExecuteQueryOperator(task_id="template", conn_id="warehouse", sql="load.sql")
    macro = SQLExecuteQueryOperator(task_id="macro", conn_id="warehouse", sql="{{ get_sql() }}")
    broken = SQLExecuteQueryOperator(task_id="broken", conn_id="warehouse", sql="INSERT INTO x SELEC 1 FROM %(p)s")
    copy = S3CopyObjectOperator(task_id="copy", source_bucket_key="s3://raw/in.csv", dest_bucket_name="lake", dest_bucket_key="out.csv")
    dbt = BashOperator(task_id="dbt", bash_command="cd /opt/dbt && dbt-ol run --select +orders --target {{ var.value.target }}")
    spark = SparkSubmitOperator(task_id="spark", application="jobs/enrich.py", conf={"spark.openlineage.namespace": "s"})
    merge >> listed >> template >> macro >> broken >> copy >> dbt >> spark
