#!/bin/bash
spark-submit \
  --master yarn \
  --packages io.openlineage:openlineage-spark_2.12:1.20.5 \
  --conf spark.extraListeners=io.openlineage.spark.agent.OpenLineageSparkListener \
  --conf "spark.openlineage.transport.type=http" \
  --conf spark.openlineage.transport.url=http://localhost:5000 \
  --conf 'spark.openlineage.namespace=prod' \
  job.py "$@"
