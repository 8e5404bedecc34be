"""
spark_orders_enrich: build the curated order tables on the Spark cluster.

Runs when orders_etl has refreshed the warehouse. Each spark-submit loads the OpenLineage
listener, so the Spark job reports its own column-level lineage; the parent* keys link that
Spark run to this Airflow task run in Marquez.
"""

from __future__ import annotations

import pendulum
from airflow.datasets import Dataset
from airflow.decorators import dag
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JOBS_DIR = "/usr/local/airflow/spark/jobs"

WAREHOUSE_ORDERS = Dataset("postgres://warehouse:5432/analytics/public/orders")
WAREHOUSE_CUSTOMERS = Dataset("postgres://warehouse:5432/analytics/public/customers")
ORDERS_ENRICHED = Dataset("s3://acme-lake/curated/orders_enriched")
CUSTOMER_360 = Dataset("s3://acme-lake/curated/customer_360")


@dag(
    dag_id="spark_orders_enrich",
    schedule=[WAREHOUSE_ORDERS, WAREHOUSE_CUSTOMERS],
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    default_args={"owner": "data-platform", "retries": 1, "pool": "spark"},
    tags=["spark", "orders", "lineage"],
)
def spark_orders_enrich():
    enrich_orders = SparkSubmitOperator(
        task_id="enrich_orders",
        conn_id="spark_default",
        application=f"{JOBS_DIR}/orders_enrich.py",
        name="orders_enrich",
        packages=(
            "io.openlineage:openlineage-spark_2.12:1.52.0,"
            "org.apache.hadoop:hadoop-aws:3.3.4,"
            "org.postgresql:postgresql:42.7.4"
        ),
        conf={
            "spark.extraListeners": "io.openlineage.spark.agent.OpenLineageSparkListener",
            "spark.openlineage.transport.type": "http",
            "spark.openlineage.transport.url": "http://host.docker.internal:5000",
            "spark.openlineage.transport.endpoint": "/api/v1/lineage",
            "spark.openlineage.transport.timeoutInMillis": "10000",
            "spark.openlineage.namespace": "acme_spark",
            "spark.openlineage.capturedProperties": "spark.master,spark.app.name,spark.executor.memory",
            "spark.openlineage.parentJobNamespace": "{{ macros.OpenLineageProviderPlugin.lineage_job_namespace() }}",
            "spark.openlineage.parentJobName": "{{ macros.OpenLineageProviderPlugin.lineage_job_name(task_instance) }}",
            "spark.openlineage.parentRunId": "{{ macros.OpenLineageProviderPlugin.lineage_run_id(task_instance) }}",
            "spark.executor.memory": "4g",
            "spark.sql.shuffle.partitions": "64",
        },
        application_args=["--run-date", "{{ ds }}"],
        inlets=[WAREHOUSE_ORDERS, WAREHOUSE_CUSTOMERS],
        outlets=[ORDERS_ENRICHED],
    )

    build_customer_360 = SparkSubmitOperator(
        task_id="build_customer_360",
        conn_id="spark_default",
        application=f"{JOBS_DIR}/customer_360.py",
        name="customer_360",
        packages="io.openlineage:openlineage-spark_2.12:1.52.0,org.postgresql:postgresql:42.7.4",
        conf={
            "spark.extraListeners": "io.openlineage.spark.agent.OpenLineageSparkListener",
            "spark.openlineage.transport.type": "http",
            "spark.openlineage.transport.url": "http://host.docker.internal:5000",
            "spark.openlineage.transport.endpoint": "/api/v1/lineage",
            "spark.openlineage.namespace": "acme_spark",
            "spark.openlineage.parentJobNamespace": "{{ macros.OpenLineageProviderPlugin.lineage_job_namespace() }}",
            "spark.openlineage.parentJobName": "{{ macros.OpenLineageProviderPlugin.lineage_job_name(task_instance) }}",
            "spark.openlineage.parentRunId": "{{ macros.OpenLineageProviderPlugin.lineage_run_id(task_instance) }}",
            # BROKEN (demo): capturedProperties is a comma-separated list, not the [a;b] array form
            "spark.openlineage.capturedProperties": "[spark.master;spark.app.name;spark.executor.memory]",
            # BROKEN (demo): "facets.variables" is a docs error; the key is facets.custom_environment_variables
            "spark.openlineage.facets.variables": "[AWS_REGION;ACME_ENV]",
            "spark.executor.memory": "8g",
        },
        application_args=["--run-date", "{{ ds }}"],
        inlets=[ORDERS_ENRICHED, WAREHOUSE_CUSTOMERS],
        outlets=[CUSTOMER_360],
    )

    enrich_orders >> build_customer_360


spark_orders_enrich()
