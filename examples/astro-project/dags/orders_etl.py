"""
orders_etl: land the daily order and customer exports from the lake in the warehouse.

    s3://acme-lake/raw/{orders,customers}/<ds>/*.csv  ->  analytics.public.{orders,customers}

The warehouse tables are Airflow Datasets, so spark_orders_enrich, dbt_analytics and
data_quality start as soon as this DAG has refreshed them. The OpenLineage provider turns
the same Datasets into OpenLineage inputs/outputs of each task.
"""

from __future__ import annotations

import pendulum
from airflow.datasets import Dataset
from airflow.decorators import dag, task
from airflow.exceptions import AirflowSkipException
from airflow.providers.amazon.aws.hooks.s3 import S3Hook
from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook

LAKE_BUCKET = "acme-lake"
AWS_CONN_ID = "aws_lake"
WAREHOUSE_CONN_ID = "warehouse_postgres"

RAW_ORDERS = Dataset("s3://acme-lake/raw/orders")
RAW_CUSTOMERS = Dataset("s3://acme-lake/raw/customers")
WAREHOUSE_ORDERS = Dataset("postgres://warehouse:5432/analytics/public/orders")
WAREHOUSE_CUSTOMERS = Dataset("postgres://warehouse:5432/analytics/public/customers")

MERGE_ORDERS_SQL = """
INSERT INTO public.orders AS o (order_id, customer_id, ordered_at, status, amount_usd, _loaded_at)
SELECT order_id, customer_id, ordered_at, status, amount_usd, now()
FROM public.orders_staging
ON CONFLICT (order_id) DO UPDATE
SET status = EXCLUDED.status,
    amount_usd = EXCLUDED.amount_usd,
    _loaded_at = EXCLUDED._loaded_at;
"""

MERGE_CUSTOMERS_SQL = """
INSERT INTO public.customers AS c (customer_id, email, country_code, signed_up_at, _loaded_at)
SELECT customer_id, lower(email), upper(country_code), signed_up_at, now()
FROM public.customers_staging
ON CONFLICT (customer_id) DO UPDATE
SET email = EXCLUDED.email,
    country_code = EXCLUDED.country_code,
    _loaded_at = EXCLUDED._loaded_at;
"""


def _copy_prefix_to_table(prefix: str, table: str) -> int:
    """COPY every CSV under s3://acme-lake/<prefix> into a truncated staging table."""
    s3 = S3Hook(aws_conn_id=AWS_CONN_ID)
    pg = PostgresHook(postgres_conn_id=WAREHOUSE_CONN_ID)
    keys = [k for k in s3.list_keys(bucket_name=LAKE_BUCKET, prefix=prefix) or [] if k.endswith(".csv")]
    if not keys:
        raise AirflowSkipException(f"no CSV files under s3://{LAKE_BUCKET}/{prefix}")
    pg.run(f"TRUNCATE {table}")
    for key in keys:
        local_path = s3.download_file(key=key, bucket_name=LAKE_BUCKET, preserve_file_name=True)
        pg.copy_expert(f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)", local_path)
    return len(keys)


@dag(
    dag_id="orders_etl",
    schedule="0 3 * * *",
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "data-platform", "retries": 2, "retry_delay": pendulum.duration(minutes=5)},
    tags=["etl", "orders", "lineage"],
)
def orders_etl():
    wait_for_orders = S3KeySensor(
        task_id="wait_for_orders_export",
        aws_conn_id=AWS_CONN_ID,
        bucket_key="s3://acme-lake/raw/orders/{{ ds }}/_SUCCESS",
        mode="reschedule",
        poke_interval=300,
        timeout=6 * 60 * 60,
    )

    @task(inlets=[RAW_ORDERS])
    def load_orders(ds: str | None = None) -> int:
        return _copy_prefix_to_table(f"raw/orders/{ds}/", "public.orders_staging")

    @task(inlets=[RAW_CUSTOMERS])
    def load_customers(ds: str | None = None) -> int:
        return _copy_prefix_to_table(f"raw/customers/{ds}/", "public.customers_staging")

    merge_orders = SQLExecuteQueryOperator(
        task_id="merge_orders",
        conn_id=WAREHOUSE_CONN_ID,
        sql=MERGE_ORDERS_SQL,
        outlets=[WAREHOUSE_ORDERS],
    )

    merge_customers = SQLExecuteQueryOperator(
        task_id="merge_customers",
        conn_id=WAREHOUSE_CONN_ID,
        sql=MERGE_CUSTOMERS_SQL,
        outlets=[WAREHOUSE_CUSTOMERS],
    )

    wait_for_orders >> load_orders() >> merge_orders
    load_customers() >> merge_customers


orders_etl()
