#!/usr/bin/env bash
set -euo pipefail
export OPENLINEAGE_URL="http://localhost:5000"
export AIRFLOW__OPENLINEAGE__NAMESPACE=orders
declare -x AIRFLOW__OPENLINEAGE__CONFIG_PATH=/opt/airflow/openlineage.yml
OPENLINEAGE_DISABLED=false airflow scheduler &
env OPENLINEAGE_API_KEY=$KEY airflow webserver
