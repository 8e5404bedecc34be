/**
 * How messages name what the project model knows about versions: a requirement as the workspace writes it,
 * the Airflow version with where it comes from, and the sentence used when the Airflow version is unknown.
 * Every family words these facts the same way, so they have one home here.
 */
import { baseName } from '../util/path';
import type { AirflowVersionFact, PackageFact, ProjectModel } from './model';

/** A requirement as written, with its file: "apache-airflow-providers-openlineage==2.1.0 in requirements.txt". */
export function describeRequirement(p: PackageFact): string {
  return `${p.written}${p.spec} in ${baseName(p.source.uri)}`;
}

/**
 * The project's Airflow version and where it comes from: "Airflow 2.10.4 (from apache-airflow==2.10.4 in
 * requirements.txt)", or "Airflow 2.10 (from Astro Runtime 12.6.0, mapping not verified)" when it rests on
 * the Astro Runtime → Airflow table.
 */
export function describeAirflowVersion(a: AirflowVersionFact): string {
  return `Airflow ${a.text} (from ${a.how}${a.verified ? '' : ', mapping not verified'})`;
}

/** The sentence for messages whose verdict needs the Airflow version when the project does not declare it. */
export const AIRFLOW_VERSION_UNKNOWN =
  'the project’s Airflow version is unknown (no `apache-airflow==…` pin and no Astro Runtime or apache/airflow image found)';

/**
 * Why the project's Airflow version is unknown, for messages: nothing declares it, or its sources disagree
 * ("the project’s Airflow version sources disagree: 2.10.5 (from the apache/airflow:2.10.5 image in Dockerfile)
 * and 3.0.2 (from …)"), in which case no verdict rests on either.
 */
export function airflowVersionUnknown(project: Pick<ProjectModel, 'airflowConflict'>): string {
  const c = project.airflowConflict;
  if (!c?.length) return AIRFLOW_VERSION_UNKNOWN;
  const each = c.map((a) => `${a.text} (from ${a.how}${a.verified ? '' : ', mapping not verified'})`);
  return `the project’s Airflow version sources disagree: ${each.slice(0, -1).join(', ')} and ${each[each.length - 1]}`;
}
