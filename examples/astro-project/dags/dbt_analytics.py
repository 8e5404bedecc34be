"""
dbt_analytics: build the analytics marts with dbt once the warehouse tables are fresh.

dbt runs through dbt-ol (openlineage-dbt), which wraps the dbt CLI and, after each command,
sends one OpenLineage job per model/test using dbt/acme_dbt/openlineage.yml.
OPENLINEAGE_PARENT_ID makes those jobs children of the Airflow task in the lineage graph.
"""

from __future__ import annotations

import pendulum
from airflow.datasets import Dataset
from airflow.decorators import dag
from airflow.operators.bash import BashOperator

DBT_PROJECT_DIR = "/usr/local/airflow/dbt/acme_dbt"
DBT_VENV_ACTIVATE = "source /usr/local/airflow/dbt_venv/bin/activate"

WAREHOUSE_ORDERS = Dataset("postgres://warehouse:5432/analytics/public/orders")
WAREHOUSE_CUSTOMERS = Dataset("postgres://warehouse:5432/analytics/public/customers")
FCT_ORDERS = Dataset("postgres://warehouse:5432/analytics/marts/fct_orders")
DIM_CUSTOMERS = Dataset("postgres://warehouse:5432/analytics/marts/dim_customers")

DBT_ENV = {
    "OPENLINEAGE_CONFIG": f"{DBT_PROJECT_DIR}/openlineage.yml",
    "OPENLINEAGE_NAMESPACE": "acme",
    "OPENLINEAGE_PARENT_ID": "{{ macros.OpenLineageProviderPlugin.lineage_parent_id(task_instance) }}",
    "DBT_PROFILES_DIR": DBT_PROJECT_DIR,
    "DBT_USER": "{{ conn.warehouse_postgres.login }}",
    "DBT_PASSWORD": "{{ conn.warehouse_postgres.password }}",
}

DBT_TARGET = "{{ var.value.get('dbt_target', 'dev') }}"


@dag(
    dag_id="dbt_analytics",
    schedule=[WAREHOUSE_ORDERS, WAREHOUSE_CUSTOMERS],
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    default_args={"owner": "analytics-engineering", "retries": 1},
    tags=["dbt", "lineage"],
)
def dbt_analytics():
    dbt_run = BashOperator(
        task_id="dbt_run",
        bash_command=(
            f"{DBT_VENV_ACTIVATE} && cd {DBT_PROJECT_DIR} && "
            f"dbt-ol run --target {DBT_TARGET} --select staging+ "
            "--openlineage-dbt-job-name acme_dbt_run"
        ),
        env=DBT_ENV,
        append_env=True,
        inlets=[WAREHOUSE_ORDERS, WAREHOUSE_CUSTOMERS],
        outlets=[FCT_ORDERS, DIM_CUSTOMERS],
    )

    dbt_test = BashOperator(
        task_id="dbt_test",
        bash_command=(
            f"{DBT_VENV_ACTIVATE} && cd {DBT_PROJECT_DIR} && "
            f"dbt-ol test --target {DBT_TARGET} --select staging+"
        ),
        env=DBT_ENV,
        append_env=True,
    )

    dbt_run >> dbt_test


dbt_analytics()
