"""
orders_enrich: join warehouse orders with customer attributes and write the curated,
date-partitioned orders_enriched table to the lake.

    analytics.public.orders + analytics.public.customers -> s3a://acme-lake/curated/orders_enriched

Submitted by dags/spark_orders_enrich.py and spark/scripts/submit_orders.sh.
"""

from __future__ import annotations

import argparse
import os

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.window import Window

JDBC_URL = "jdbc:postgresql://warehouse:5432/analytics"
OUTPUT_PATH = "s3a://acme-lake/curated/orders_enriched"


def build_session() -> SparkSession:
    return (
        SparkSession.builder.appName("orders_enrich")
        .config("spark.jars.packages", "io.openlineage:openlineage-spark_2.12:1.52.0,org.postgresql:postgresql:42.7.4")
        .config("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")
        .config("spark.openlineage.transport.type", "http")
        .config("spark.openlineage.transport.url", os.environ.get("OPENLINEAGE_URL", "https://lineage.acme-analytics.com"))
        .config("spark.openlineage.transport.endpoint", "/api/v1/lineage")
        .config("spark.openlineage.transport.auth.type", "api_key")
        .config("spark.openlineage.transport.auth.apiKey", os.environ["OPENLINEAGE_API_KEY"])
        .config("spark.openlineage.namespace", "acme_spark")
        .config("spark.openlineage.jobName.appendDatasetName", "false")
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .getOrCreate()
    )


def read_table(spark: SparkSession, table: str) -> DataFrame:
    return (
        spark.read.format("jdbc")
        .option("url", JDBC_URL)
        .option("dbtable", table)
        .option("user", os.environ["WAREHOUSE_USER"])
        .option("password", os.environ["WAREHOUSE_PASSWORD"])
        .option("driver", "org.postgresql.Driver")
        .load()
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--run-date", required=True, help="YYYY-MM-DD; the partition rebuilt in daily mode")
    parser.add_argument("--mode", choices=["daily", "backfill"], default="daily")
    args = parser.parse_args()

    spark = build_session()
    orders = read_table(spark, "public.orders")
    customers = read_table(spark, "public.customers").select("customer_id", "country_code", "signed_up_at")

    first_order = Window.partitionBy("customer_id").orderBy("ordered_at")
    enriched = (
        orders.join(customers, "customer_id", "left")
        .withColumn("order_date", F.to_date("ordered_at"))
        .withColumn("is_first_order", F.row_number().over(first_order) == 1)
        .withColumn("days_since_signup", F.datediff("order_date", F.to_date("signed_up_at")))
        .select(
            "order_id", "customer_id", "order_date", "status", "amount_usd",
            "country_code", "is_first_order", "days_since_signup",
        )
    )
    if args.mode == "daily":
        # Dynamic partition overwrite: only the run date's partition is replaced.
        enriched = enriched.where(F.col("order_date") == F.lit(args.run_date))

    enriched.write.mode("overwrite").partitionBy("order_date").parquet(OUTPUT_PATH)
    spark.stop()


if __name__ == "__main__":
    main()
