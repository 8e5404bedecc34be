#!/usr/bin/env bash
# Old submit wrapper from the on-prem cluster, still used for the nightly backfill and the
# clickstream export. Its OpenLineage settings predate 1.x; kept for the Lineage Lens demo.
set -euo pipefail

JOB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../jobs" && pwd)"
RUN_DATE="${1:-$(date -u +%F)}"

# Backfill orders_enrich.
# BROKEN (demo): spark.openlineage.url is a legacy key, removed in 0.22.0; use transport.url (+ transport.endpoint)
spark-submit \
  --master "${SPARK_MASTER:-spark://spark-legacy:7077}" \
  --name orders_backfill \
  --packages io.openlineage:openlineage-spark_2.12:1.52.0,org.postgresql:postgresql:42.7.4 \
  --conf spark.extraListeners=io.openlineage.spark.agent.OpenLineageSparkListener \
  --conf spark.openlineage.url=http://marquez.legacy.acme.internal:5000/api/v1/namespaces/acme_spark/ \
  "${JOB_DIR}/orders_enrich.py" --run-date "${RUN_DATE}" --mode backfill

# Rebuild customer_360, sending lineage to Kafka for the platform team's consumer.
# BROKEN (demo): the kafka transport requires spark.openlineage.transport.topicName
spark-submit \
  --master "${SPARK_MASTER:-spark://spark-legacy:7077}" \
  --name customer_360_rebuild \
  --packages io.openlineage:openlineage-spark_2.12:1.52.0,org.apache.kafka:kafka-clients:3.7.1,org.postgresql:postgresql:42.7.4 \
  --conf spark.extraListeners=io.openlineage.spark.agent.OpenLineageSparkListener \
  --conf spark.openlineage.transport.type=kafka \
  --conf spark.openlineage.transport.properties.bootstrap.servers=kafka-1.acme.internal:9092,kafka-2.acme.internal:9092 \
  --conf spark.openlineage.transport.properties.key.serializer=org.apache.kafka.common.serialization.StringSerializer \
  --conf spark.openlineage.transport.properties.value.serializer=org.apache.kafka.common.serialization.StringSerializer \
  --conf spark.openlineage.namespace=acme_spark \
  "${JOB_DIR}/customer_360.py" --run-date "${RUN_DATE}"

# Re-run orders_enrich for yesterday against the new lineage endpoint.
# BROKEN (demo): transport.url has no scheme; it must be an absolute URL (https://lineage.acme-analytics.com)
spark-submit \
  --master "${SPARK_MASTER:-spark://spark-legacy:7077}" \
  --name orders_enrich_rerun \
  --packages io.openlineage:openlineage-spark_2.12:1.52.0,org.postgresql:postgresql:42.7.4 \
  --conf spark.extraListeners=io.openlineage.spark.agent.OpenLineageSparkListener \
  --conf spark.openlineage.transport.type=http \
  --conf spark.openlineage.transport.url=lineage.acme-analytics.com \
  --conf spark.openlineage.transport.endpoint=/api/v1/lineage \
  --conf spark.openlineage.namespace=acme_spark \
  "${JOB_DIR}/orders_enrich.py" --run-date "$(date -u -d yesterday +%F)" --mode daily
