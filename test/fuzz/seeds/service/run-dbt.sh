#!/usr/bin/env bash
export OPENLINEAGE_URL=http://localhost:5000
export OPENLINEAGE_NAMESPACE=dbt
export OPENLINEAGE_DBT_JOB_NAME=nightly
dbt-ol run --project-dir ./analytics --profiles-dir . --target prod
