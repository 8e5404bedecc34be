/** Workspaces of the DAG rule tests: where the project says which Airflow version runs the DAGs. */
import type { Files } from './harness';

export const AIRFLOW2: Files = { 'requirements.txt': 'apache-airflow==2.10.4\n' };
export const AIRFLOW3: Files = { 'requirements.txt': 'apache-airflow==3.0.2\n' };
export const ASTRO12: Files = { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.6.0\n' };
export const ASTRO3: Files = { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:3.0-2\n' };
