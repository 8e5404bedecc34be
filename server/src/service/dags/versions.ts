/**
 * The facts version-dependent `dags/*` verdicts rest on: the project's Airflow version (and how we know it),
 * which provider packages the workspace declares, and a few Airflow options. Messages name their source, or
 * say the fact is unknown (ARCHITECTURE.md, invariant 9).
 */
import { baseName } from '../util/path';
import type { ProjectModel } from '../project/model';
import { normalizePackage } from '../project/requirements';
import { describeAirflowVersion, describeRequirement } from '../project/wording';
import type { Severity } from '../rules/rule';

export interface AirflowFact {
  readonly major: number;
  readonly minor: number;
  /** "Airflow 2.10.4 (from apache-airflow==2.10.4 in requirements.txt)", from `describeAirflowVersion`. */
  readonly text: string;
  /** False when the version rests on an unverified mapping (Astro Runtime → Airflow, docs/upstream/airflow.md#astro-runtime). */
  readonly verified: boolean;
}

/** The project's Airflow version, if the workspace declares it. */
export function airflowFact(project: ProjectModel): AirflowFact | undefined {
  const a = project.airflow;
  if (!a) return undefined;
  return { major: a.version[0] ?? 0, minor: a.version[1] ?? 0, text: describeAirflowVersion(a), verified: a.verified };
}

/**
 * Severity of a finding that holds only on some Airflow versions: `error` when the project's version is
 * known, verified and affected; `warning` when it is affected but unverified; `information` when unknown;
 * undefined (no finding) when the known version is not affected.
 */
export function severityFor(airflow: AirflowFact | undefined, affected: (a: AirflowFact) => boolean): Severity | undefined {
  if (!airflow) return 'information';
  if (!affected(airflow)) return undefined;
  return airflow.verified ? 'error' : 'warning';
}

/** A declared package (by any spelling of its name), with how it is declared, for messages. */
export function declaredPackage(project: ProjectModel, name: string): { readonly how: string } | undefined {
  const p = project.packages.get(normalizePackage(name));
  if (!p) return undefined;
  return { how: describeRequirement(p) };
}

/** True when an Airflow `[section] option` is set to a true value somewhere in the workspace (cfg or env). */
export function airflowOptionTrue(project: ProjectModel, section: string, ...options: string[]): { readonly where: string } | undefined {
  for (const s of project.settings) {
    if (s.section !== section || !s.option || !options.includes(s.option)) continue;
    if (/^\s*(true|1|t|yes|on)\s*$/i.test(s.value)) return { where: `${s.key} in ${baseName(s.uri)}` };
  }
  return undefined;
}

/** The value of an Airflow `[section] option` set somewhere in the workspace. */
export function airflowOptionValue(project: ProjectModel, section: string, option: string): string | undefined {
  return project.settings.find((s) => s.section === section && s.option === option)?.value;
}
