#!/usr/bin/env bash
# Submit orders_enrich to the shared cluster by hand (backfills, debugging).
# Usage: OPENLINEAGE_API_KEY=... ./submit_orders.sh [YYYY-MM-DD] [daily|backfill]
set -euo pipefail

: "${OPENLINEAGE_API_KEY:?set OPENLINEAGE_API_KEY (1Password: 'Marquez ingest key')}"

JOB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../jobs" && pwd)"
RUN_DATE="${1:-$(date -u +%F)}"
MODE="${2:-daily}"

spark-submit \
  --master "${SPARK_MASTER:-spark://spark-master:7077}" \
  --deploy-mode client \
  --name orders_enrich \
  --packages io.openlineage:openlineage-spark_2.12:1.52.0,org.apache.hadoop:hadoop-aws:3.3.4,org.postgresql:postgresql:42.7.4 \
  --conf spark.extraListeners=io.openlineage.spark.agent.OpenLineageSparkListener \
  --conf spark.openlineage.transport.type=http \
  --conf spark.openlineage.transport.url=https://lineage.acme-analytics.com \
  --conf spark.openlineage.transport.endpoint=/api/v1/lineage \
  --conf spark.openlineage.transport.auth.type=api_key \
  --conf "spark.openlineage.transport.auth.apiKey=${OPENLINEAGE_API_KEY}" \
  --conf spark.openlineage.namespace=acme_spark \
  --conf spark.openlineage.job.owners.team=data-platform \
  --conf spark.openlineage.capturedProperties=spark.master,spark.app.name,spark.executor.memory \
  --conf spark.executor.memory=4g \
  "${JOB_DIR}/orders_enrich.py" --run-date "${RUN_DATE}" --mode "${MODE}"
