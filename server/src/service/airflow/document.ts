/**
 * The files the Airflow family reads, and their parse: settings files through the shared settings model,
 * requirements through the project's requirements reader, `airflow_settings.yaml` as ranged YAML and
 * `packages.txt` as lines.
 */
import { baseName } from '../util/path';
import { parseSettingsFile, projectFileKind } from '../project/index';
import { parseRequirements, type Requirement } from '../project/requirements';
import type { SettingsDocument } from '../settings/model';
import type { OffsetRange } from '../text/model';
import { splitLines } from '../spark/parsers/conf';
import { parseYaml, type YamlParse } from '../yaml/ast';
import { parseShellScript } from '../settings/shell-script';

export type AirflowKind =
  'airflow-cfg' | 'env-file' | 'dockerfile' | 'compose' | 'requirements' | 'airflow-settings' | 'packages-txt' | 'shell-script';

export interface AirflowDocument {
  readonly kind: AirflowKind;
  readonly settings?: SettingsDocument;
  readonly requirements?: readonly Requirement[];
  readonly yaml?: YamlParse;
  /** packages.txt: one OS package per line. */
  readonly lines?: readonly { readonly name: string; readonly range: OffsetRange; readonly line: OffsetRange }[];
}

/** Env-style files are ours when they mention Airflow options or OpenLineage variables. */
const ENV_RELEVANT = /AIRFLOW_|OPENLINEAGE|MARQUEZ_/i;
const REQ_RELEVANT = /airflow|openlineage/i;

/** The kind of file for the Airflow family, or undefined. Cheap: a name test and at most one regex. */
export function airflowKind(uri: string, text: string): AirflowKind | undefined {
  const name = baseName(uri).toLowerCase();
  if (name === 'airflow_settings.yaml' || name === 'airflow_settings.yml') return 'airflow-settings';
  if (name === 'packages.txt') return /openlineage|airflow/i.test(text) ? 'packages-txt' : undefined;
  const kind = projectFileKind(uri);
  switch (kind) {
    case 'airflow-cfg':
      return 'airflow-cfg';
    case 'requirements':
      // Constraints files pin every package of a release: nothing to say about them.
      return !name.startsWith('constraints') && REQ_RELEVANT.test(text) ? 'requirements' : undefined;
    case 'env-file':
    case 'dockerfile':
    case 'compose':
      return ENV_RELEVANT.test(text) ||
        (kind === 'dockerfile' && /^[^\S\r\n\u2028\u2029]*FROM[^\S\r\n\u2028\u2029]+\S*(astro-runtime|apache\/airflow)/im.test(text))
        ? kind
        : undefined;
    case 'shell':
      // A script that exports Airflow's OpenLineage options or variables (a start script).
      return /AIRFLOW__OPENLINEAGE__|OPENLINEAGE_[A-Z]/.test(text) && parseShellScript(text).settings.length ? 'shell-script' : undefined;
    default:
      return undefined;
  }
}

export function parseAirflowDocument(kind: AirflowKind, text: string): AirflowDocument {
  switch (kind) {
    case 'airflow-cfg':
    case 'env-file':
    case 'dockerfile':
    case 'compose':
      return { kind, settings: parseSettingsFile(kind, text)! };
    case 'shell-script':
      return { kind, settings: parseShellScript(text) };
    case 'requirements':
      return { kind, requirements: parseRequirements(text) };
    case 'airflow-settings':
      return { kind, yaml: parseYaml(text) };
    case 'packages-txt': {
      const lines: { name: string; range: OffsetRange; line: OffsetRange }[] = [];
      for (const l of splitLines(text)) {
        const m = /^(\s*)([^\s#]+)/.exec(l.text);
        if (!m) continue;
        const start = l.start + m[1]!.length;
        lines.push({ name: m[2]!, range: { start, end: start + m[2]!.length }, line: { start: l.start, end: l.start + l.text.length } });
      }
      return { kind, lines };
    }
  }
}
