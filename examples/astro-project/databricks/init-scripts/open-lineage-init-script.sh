#!/bin/bash
# Databricks cluster-scoped init script: installs the OpenLineage Spark listener on the driver.
#
# Store this script as a workspace file or in a Unity Catalog volume and attach it under
# Compute > Advanced options > Init scripts (init scripts on DBFS stopped running in Sept 2023).
# Before the first run, upload openlineage-spark_2.12-1.52.0.jar to STAGE_DIR.
# The transport settings live in the cluster's Spark config (../cluster-spark-config-good.conf).
set -euo pipefail

STAGE_DIR="/Volumes/platform/lineage/jars"

echo "BEGIN: install OpenLineage Spark listener jar from ${STAGE_DIR}"
cp -f "${STAGE_DIR}"/openlineage-spark_*.jar /mnt/driver-daemon/jars/ || {
  echo "ERROR: no openlineage-spark_*.jar in ${STAGE_DIR}" >&2
  exit 1
}
echo "END: install OpenLineage Spark listener jar"

# Register the listener next to Databricks' own event-logging listener; dropping
# DBCEventLoggingListener makes the Spark UI unreachable once the cluster is terminated.
echo "BEGIN: write driver Spark defaults"
cat << 'EOF_CONF' > /databricks/driver/conf/openlineage-spark-driver-defaults.conf
[driver] {
  "spark.extraListeners" = "com.databricks.backend.daemon.driver.DBCEventLoggingListener,io.openlineage.spark.agent.OpenLineageSparkListener"
}
EOF_CONF
echo "END: write driver Spark defaults"
