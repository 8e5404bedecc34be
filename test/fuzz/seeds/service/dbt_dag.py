from airflow import DAG
from airflow.operators.bash import BashOperator
from datetime import datetime

with DAG("dbt_nightly", start_date=datetime(2024, 1, 1), schedule="@daily") as dag:
    run = BashOperator(
        task_id="dbt_run",
        bash_command="dbt-ol run --project-dir /opt/dbt --select orders",
        env={"OPENLINEAGE_URL": "http://marquez:5000", "OPENLINEAGE_NAMESPACE": "dbt"},
    )
