#!/bin/bash
set -e
/databricks/python/bin/pip install --quiet "openlineage-spark==1.20.0" openlineage-python
cat << 'EOF' > /databricks/driver/conf/openlineage-spark-driver-defaults.conf
[driver] {
  "spark.extraListeners" = "io.openlineage.spark.agent.OpenLineageSparkListener"
  "spark.openlineage.job.name" = "nightly"
}
EOF
