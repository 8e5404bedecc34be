/** Fixtures of the `ol-config/*` tests: openlineage.yml files read by each client, and a dbt workspace. */
import { projectOf } from './harness';

export const OL_URI = 'file:///w/openlineage.yml';
/** An openlineage.yml inside a dbt project (dbt-ol reads it: Python dialect). */
export const DBT_OL_URI = 'file:///w/dbt/acme/openlineage.yml';
/** An openlineage.yml next to Spark jobs (Java dialect). */
export const SPARK_OL_URI = 'file:///w/spark/openlineage.yml';

/** The project of a dbt workspace: `dbt/acme` is a dbt project. */
export const DBT_PROJECT = projectOf({ 'dbt/acme/dbt_project.yml': 'name: acme\nprofile: acme\n' });
