/**
 * Version evidence read from a project's files, wherever it is written: a Dockerfile's base image (through
 * `ARG` defaults, build args and stage names), `${VAR:-default}` in compose files, openlineage-spark pins in
 * any file (Maven coordinates, jar names, pom.xml, sbt), and the Airflow version an MWAA environment is
 * created with in infrastructure code. Pure text functions; the project index decides what applies where.
 */
import type { OffsetRange } from '../text/model';
import { parseVersion, type Version } from '../util/version';

/** `${X}`, `${X:-default}`, `${X-default}` and `$X`, resolved from `vars`; unresolved variables stay as written. */
export function resolveVars(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{(\w+)(?:(:?-)([^}]*))?\}|\$(\w+)/g, (whole, braced?: string, op?: string, fallback?: string, bare?: string) => {
    const name = (braced ?? bare)!;
    const value = vars.get(name);
    if (op === ':-') return value !== undefined && value !== '' ? value : (fallback ?? '');
    if (op === '-') return value ?? fallback ?? '';
    return value ?? whole;
  });
}

export interface DockerfileBase {
  /** The final stage's base image, variables resolved where the Dockerfile or the build args give them. */
  readonly image: string;
  readonly range: OffsetRange;
}

/**
 * The image the final stage of a Dockerfile builds on: `FROM a AS base` … `FROM base` follows stage names;
 * `FROM $AIRFLOW_IMAGE` takes the `ARG` default, unless the build (compose `build.args`) passes one.
 */
export function dockerfileBase(text: string, buildArgs: ReadonlyMap<string, string> = new Map()): DockerfileBase | undefined {
  const args = new Map<string, string>();
  const stages = new Map<string, string>();
  let base: DockerfileBase | undefined;
  const re = /^[ \t]*(ARG|FROM)[ \t]+([^\r\n]*)/gim;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]!.replace(/\s+#.*$/, '').trim();
    if (m[1]!.toUpperCase() === 'ARG') {
      for (const decl of body.split(/\s+/)) {
        const eq = decl.indexOf('=');
        const name = eq < 0 ? decl : decl.slice(0, eq);
        const value = buildArgs.get(name) ?? (eq < 0 ? undefined : decl.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2'));
        if (name && value !== undefined) args.set(name, value);
      }
      continue;
    }
    const from = /^(?:--platform=\S+\s+)?(\S+)(?:\s+as\s+(\S+))?/i.exec(body);
    if (!from) continue;
    const written = from[1]!;
    const resolved = resolveVars(written, args);
    const image = stages.get(resolved.toLowerCase()) ?? resolved;
    if (from[2]) stages.set(from[2].toLowerCase(), image);
    const at = m.index + m[0].indexOf(written, m[1]!.length);
    base = { image, range: { start: at, end: at + written.length } };
  }
  return base;
}

export interface SparkPin {
  readonly version: Version;
  readonly text: string;
  /** The coordinate or file name as written: `io.openlineage:openlineage-spark_2.12:1.23.0`. */
  readonly written: string;
  readonly range: OffsetRange;
}

/**
 * Every openlineage-spark version pinned in a text: Maven coordinates (`--packages`, `spark.jars.packages`,
 * Databricks libraries, runner scripts), jar file names and download URLs, sbt (`"io.openlineage" %%
 * "openlineage-spark" % "1.2.3"`) and pom.xml dependencies.
 */
export function sparkPins(text: string): SparkPin[] {
  if (!text.includes('openlineage-spark')) return [];
  const pins: SparkPin[] = [];
  const add = (written: string, versionText: string, at: number) => {
    const version = parseVersion(versionText);
    if (version && version.length >= 2) pins.push({ version, text: versionText, written, range: { start: at, end: at + written.length } });
  };
  const patterns = [
    /io\.openlineage:openlineage-spark(?:_\d+\.\d+)?:(\d+\.\d+\.\d+[\w.-]*)/g,
    /openlineage-spark(?:_\d+\.\d+)?-(\d+\.\d+\.\d+)[\w.-]*?\.jar/g,
    /"io\.openlineage"\s*%%?\s*"openlineage-spark(?:_\d+\.\d+)?"\s*%\s*"(\d+\.\d+\.\d+[\w.-]*)"/g,
    /<artifactId>\s*openlineage-spark(?:_\d+\.\d+)?\s*<\/artifactId>\s*<version>\s*(\d+\.\d+\.\d+[\w.-]*)\s*<\/version>/g,
  ];
  for (const re of patterns) for (let m = re.exec(text); m; m = re.exec(text)) add(m[0], m[1]!, m.index);
  return pins;
}

export interface MwaaVersion {
  /** The version written, or the constant it names. */
  readonly literal?: string;
  readonly constant?: string;
  readonly range: OffsetRange;
}

/**
 * The Airflow version an MWAA environment is created with in infrastructure code: CDK (`airflow_version=`,
 * `airflowVersion:`), CloudFormation (`AirflowVersion:`), Terraform (`airflow_version = "2.8.1"`). The value
 * is a literal or an UPPER_CASE constant defined elsewhere in the project.
 */
export function mwaaVersions(text: string): MwaaVersion[] {
  if (!/airflow_?version/i.test(text)) return [];
  const out: MwaaVersion[] = [];
  const re =
    /\b(?:airflow_version|airflowVersion|AirflowVersion)\b["']?\s*[=:]\s*(?:(["'])(\d+\.\d+(?:\.\d+)?)\1|(?:\w+\.)*([A-Z][A-Z0-9_]*)\b)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const value = m[2] ?? m[3]!;
    const at = m.index + m[0].lastIndexOf(value);
    out.push({ ...(m[2] ? { literal: m[2] } : { constant: m[3]! }), range: { start: at, end: at + value.length } });
  }
  return out;
}

/** UPPER_CASE constants assigned a version string (`DEV_MWAA_ENV_VERSION = "2.6.3"`). */
export function versionConstants(text: string): Map<string, { text: string; range: OffsetRange }> {
  const out = new Map<string, { text: string; range: OffsetRange }>();
  const re = /^[ \t]*([A-Z][A-Z0-9_]*)[ \t]*(?::[ \t]*\w+[ \t]*)?=[ \t]*(["'])(\d+\.\d+(?:\.\d+)?)\2/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + m[0].lastIndexOf(m[3]!);
    out.set(m[1]!, { text: m[3]!, range: { start: at, end: at + m[3]!.length } });
  }
  return out;
}

/** Requirement specifiers in `_PIP_ADDITIONAL_REQUIREMENTS` (space separated, as the official image splits them). */
export function pipAdditionalRequirements(value: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  const re = /[^\s"']+/g;
  for (let m = re.exec(value); m; m = re.exec(value)) if (/^[A-Za-z0-9]/.test(m[0])) out.push({ text: m[0], offset: m.index });
  return out;
}

/**
 * Airflow's constraint files name the Airflow version they are for: `--constraint
 * "https://raw.githubusercontent.com/apache/airflow/constraints-2.7.2/constraints-3.11.txt"` (how MWAA and
 * the Airflow docs install providers). Each such URL is evidence of the version the packages go into.
 */
export function airflowConstraints(text: string): { text: string; range: OffsetRange }[] {
  if (!text.includes('constraints-')) return [];
  const out: { text: string; range: OffsetRange }[] = [];
  const re = /apache\/airflow\/constraints-(\d+\.\d+\.\d+)\//g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + m[0].indexOf(m[1]!);
    out.push({ text: m[1]!, range: { start: at, end: at + m[1]!.length } });
  }
  return out;
}
