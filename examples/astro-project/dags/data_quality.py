"""
data_quality: run the Great Expectations checkpoints on the warehouse tables.

Each checkpoint's action list contains OpenLineageValidationAction, which sends the
validation results (dataQualityMetrics / greatExpectations_assertions facets) to Marquez.
"""

from __future__ import annotations

import pendulum
from airflow.datasets import Dataset
from airflow.decorators import dag, task
from airflow.exceptions import AirflowFailException

GE_ROOT = "/usr/local/airflow/great_expectations"

WAREHOUSE_ORDERS = Dataset("postgres://warehouse:5432/analytics/public/orders")
WAREHOUSE_CUSTOMERS = Dataset("postgres://warehouse:5432/analytics/public/customers")


def _run_checkpoint(checkpoint_name: str, run_name: str) -> dict:
    # Imported here: great_expectations is slow to import and would slow down DAG parsing.
    from great_expectations.data_context import DataContext

    context = DataContext(context_root_dir=GE_ROOT)
    result = context.run_checkpoint(checkpoint_name=checkpoint_name, run_name=run_name)
    stats = {
        str(identifier): validation["validation_result"].statistics
        for identifier, validation in result.run_results.items()
    }
    if not result.success:
        raise AirflowFailException(f"{checkpoint_name} failed: {stats}")
    return stats


@dag(
    dag_id="data_quality",
    schedule=[WAREHOUSE_ORDERS, WAREHOUSE_CUSTOMERS],
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    default_args={"owner": "data-platform", "retries": 0},
    tags=["great_expectations", "data-quality", "lineage"],
)
def data_quality():
    @task(inlets=[WAREHOUSE_ORDERS])
    def validate_orders(ts_nodash: str | None = None) -> dict:
        return _run_checkpoint("orders_checkpoint", f"orders-{ts_nodash}")

    @task(inlets=[WAREHOUSE_CUSTOMERS])
    def validate_customers(ts_nodash: str | None = None) -> dict:
        return _run_checkpoint("customers_checkpoint", f"customers-{ts_nodash}")

    validate_orders()
    validate_customers()


data_quality()
