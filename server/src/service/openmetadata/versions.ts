/**
 * The versions an OpenMetadata verdict rests on: `openmetadata-ingestion` from the project's requirements
 * (a pin or a range) and Airflow from the project model. Messages name them, or say they are unknown.
 */
import type { ProjectModel } from '../project/model';
import { describeAirflowVersion, describeRequirement } from '../project/wording';
import { compareVersions, parseVersion, type Version } from '../util/version';
import { OM_PACKAGE } from './catalog';

export interface OmVersion {
  /** How we know, for messages: "openmetadata-ingestion==1.5.3 in requirements.txt". */
  readonly how: string;
  /** Lowest allowed version, if the specifier bounds it. */
  readonly min?: Version;
  /** Highest allowed version, if bounded; `maxInclusive` tells whether it is allowed itself. */
  readonly max?: Version;
  readonly maxInclusive?: boolean;
}

/** The openmetadata-ingestion version range the workspace declares, or undefined when it is not declared. */
export function omVersion(project: ProjectModel): OmVersion | undefined {
  const pkg = project.packages.get(OM_PACKAGE);
  if (!pkg) return undefined;
  const how = describeRequirement(pkg);
  let min: Version | undefined;
  let max: Version | undefined;
  let maxInclusive = false;
  const raise = (v: Version) => {
    if (!min || compareVersions(v, min) > 0) min = v;
  };
  const lower = (v: Version, inclusive: boolean) => {
    if (!max || compareVersions(v, max) < 0 || (compareVersions(v, max) === 0 && !inclusive)) {
      max = v;
      maxInclusive = inclusive;
    }
  };
  for (const clause of pkg.spec.split(',')) {
    const m = /^(===|==|~=|>=|<=|>|<|\^|!=)?\s*([0-9][^\s,;]*)$/.exec(clause.trim());
    if (!m) continue;
    const op = m[1] ?? '==';
    const v = parseVersion(m[2]!);
    if (!v) continue;
    const wildcard = /\.\*$/.test(m[2]!);
    switch (op) {
      case '==':
      case '===':
        raise(v);
        if (wildcard) lower(bump(v, v.length - 1), false);
        else lower(v, true);
        break;
      case '~=':
        raise(v);
        if (v.length > 1) lower(bump(v, v.length - 2), false);
        break;
      case '^':
      case '>=':
      case '>':
        raise(v);
        break;
      case '<=':
        lower(v, true);
        break;
      case '<':
        lower(v, false);
        break;
    }
  }
  return { how, ...(min ? { min } : {}), ...(max ? { max, maxInclusive } : {}) };
}

function bump(v: Version, at: number): Version {
  const out = v.slice(0, at + 1);
  out[at] = (out[at] ?? 0) + 1;
  return out;
}

/**
 * Whether every allowed version is ≥ `threshold` (true), every one is below it (false), or the range says
 * neither (undefined: unknown or spanning the threshold).
 */
export function atLeast(v: OmVersion | undefined, threshold: string): boolean | undefined {
  if (!v) return undefined;
  const t = parseVersion(threshold)!;
  if (v.min && compareVersions(v.min, t) >= 0) return true;
  if (v.max) {
    const c = compareVersions(v.max, t);
    if (c < 0 || (c === 0 && !v.maxInclusive)) return false;
  }
  return undefined;
}

/** "openmetadata-ingestion==1.5.3 in requirements.txt", or a sentence saying the version is unknown. */
export function omVersionText(v: OmVersion | undefined): string {
  return v ? `${v.how}` : `the workspace does not declare ${OM_PACKAGE}, so its version is unknown`;
}

export interface AirflowVerdict {
  readonly major3: boolean;
  readonly how: string;
  readonly verified: boolean;
}

/** The project's Airflow version, if known: is it 3 or later, and how do we know. */
export function airflowVerdict(project: ProjectModel): AirflowVerdict | undefined {
  const a = project.airflow;
  if (!a) return undefined;
  return { major3: (a.version[0] ?? 0) >= 3, how: describeAirflowVersion(a), verified: a.verified };
}
