"""
customer_360: one row per customer with lifetime order metrics.

    s3a://acme-lake/curated/orders_enriched + analytics.public.customers
        -> s3a://acme-lake/curated/customer_360

The OpenLineage settings below were copied from a wiki page and are wrong in three ways
(kept on purpose for the Lineage Lens demo; see README.md).
"""

from __future__ import annotations

import argparse
import os

from pyspark import SparkConf
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

JDBC_URL = "jdbc:postgresql://warehouse:5432/analytics"
ORDERS_ENRICHED_PATH = "s3a://acme-lake/curated/orders_enriched"
OUTPUT_PATH = "s3a://acme-lake/curated/customer_360"

conf = (
    SparkConf()
    .setAppName("customer_360")
    .set("spark.jars.packages", "io.openlineage:openlineage-spark_2.12:1.52.0,org.postgresql:postgresql:42.7.4")
    .set("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")
    # BROKEN (demo): typo in the transport type ("htttp"); no transport matches it
    .set("spark.openlineage.transport.type", "htttp")
    .set("spark.openlineage.transport.url", "https://lineage.acme-analytics.com")
    # BROKEN (demo): auth.type must be "api_key" (or "jwt"); "apiKey" is loaded as a class name and fails
    .set("spark.openlineage.transport.auth.type", "apiKey")
    # BROKEN (demo): the Java/Spark field is auth.apiKey; auth.api_key is silently ignored
    .set("spark.openlineage.transport.auth.api_key", os.environ["OPENLINEAGE_API_KEY"])
    .set("spark.openlineage.namespace", "acme_spark")
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--run-date", required=True)
    args = parser.parse_args()

    spark = SparkSession.builder.config(conf=conf).getOrCreate()

    orders = spark.read.parquet(ORDERS_ENRICHED_PATH).where(F.col("order_date") <= F.lit(args.run_date))
    customers = (
        spark.read.format("jdbc")
        .option("url", JDBC_URL)
        .option("dbtable", "public.customers")
        .option("user", os.environ["WAREHOUSE_USER"])
        .option("password", os.environ["WAREHOUSE_PASSWORD"])
        .option("driver", "org.postgresql.Driver")
        .load()
    )

    metrics = orders.where(F.col("status") != "cancelled").groupBy("customer_id").agg(
        F.count("order_id").alias("order_count"),
        F.sum("amount_usd").alias("lifetime_value_usd"),
        F.min("order_date").alias("first_order_date"),
        F.max("order_date").alias("last_order_date"),
    )

    customer_360 = (
        customers.join(metrics, "customer_id", "left")
        .fillna({"order_count": 0, "lifetime_value_usd": 0.0})
        .withColumn("days_since_last_order", F.datediff(F.lit(args.run_date), "last_order_date"))
        .withColumn("as_of_date", F.lit(args.run_date).cast("date"))
    )

    customer_360.write.mode("overwrite").parquet(OUTPUT_PATH)
    spark.stop()


if __name__ == "__main__":
    main()
