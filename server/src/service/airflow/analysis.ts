/**
 * Facts the Airflow rules share: the versions a verdict rests on (from the project model, with how they were
 * found), what each setting of the document is (a provider option, an `OPENLINEAGE_*` variable), the transports
 * written in the document, and edit helpers that write in the file's own syntax.
 */
import type { ProjectModel } from '../project/model';
import { describeAirflowVersion, describeRequirement } from '../project/wording';
import type { OffsetEdit } from '../rules/rule';
import { airflowOption, settingSubRange, type Setting, type SettingsDocument } from '../settings/model';
import type { OffsetRange } from '../text/model';
import { compareVersions, parseVersion, type Version } from '../util/version';
import { ENV_PREFIX, LEGACY_PACKAGE, lookupEnv, lookupOption, PROVIDER, SECTION, type EnvSpec, type OptionSpec } from './catalog';
import { parseJson, type JsonNode } from './json';

export interface VersionFact {
  readonly version: Version;
  readonly text: string;
  /** For messages: "Airflow 2.10 (from Astro Runtime 12.6.0, mapping not verified)". */
  readonly label: string;
  readonly verified: boolean;
}

export interface Versions {
  readonly airflow?: VersionFact & { readonly fromImage: boolean; readonly astro: boolean };
  /** The provider's pinned version, when requirements pin it. */
  readonly provider?: VersionFact;
  readonly providerListed: boolean;
  readonly legacy?: { readonly pinned?: VersionFact };
  readonly legacyListed: boolean;
  /** Whether any requirements file is part of the project (else nothing is known about packages). */
  readonly hasRequirements: boolean;
}

export function versionsOf(project: ProjectModel): Versions {
  const a = project.airflow;
  let airflow: Versions['airflow'];
  if (a) {
    const astro = a.from === 'astro-runtime';
    airflow = {
      version: a.version,
      text: a.text,
      verified: a.verified,
      fromImage: a.from !== 'requirement',
      astro,
      label: describeAirflowVersion(a),
    };
  }
  const pin = (name: string): VersionFact | undefined => {
    const p = project.packages.get(name);
    if (!p?.pinned) return undefined;
    return { version: p.pinned, text: p.pinnedText!, verified: true, label: `${name} ${p.pinnedText} (from ${describeRequirement(p)})` };
  };
  const provider = pin(PROVIDER);
  const legacyPin = pin(LEGACY_PACKAGE);
  return {
    ...(airflow ? { airflow } : {}),
    ...(provider ? { provider } : {}),
    providerListed: project.packages.has(PROVIDER),
    ...(project.packages.has(LEGACY_PACKAGE) ? { legacy: legacyPin ? { pinned: legacyPin } : {} } : {}),
    legacyListed: project.packages.has(LEGACY_PACKAGE),
    hasRequirements: project.files.some((f) => /(^|\/)(requirements[\w.-]*\.txt|pyproject\.toml)$/i.test(f)),
  };
}

export const atLeast = (v: Version, t: string) => compareVersions(v, parseVersion(t)!) >= 0;

export const UNKNOWN_PROVIDER = `the project’s ${PROVIDER} version is unknown (no \`${PROVIDER}==…\` pin in the requirements; Astro Runtime images ship a version Lineage Lens does not know)`;

/** What one setting of the document is for the Airflow rules. */
export interface SettingInfo {
  readonly setting: Setting;
  /** The Airflow option it sets (lower case), if any. */
  readonly option?: { readonly section: string; readonly option: string };
  /** Set when it is an option of `[openlineage]`. */
  readonly spec?: OptionSpec;
  /** Set when it is a known `OPENLINEAGE_*` / `MARQUEZ_*` variable. */
  readonly env?: EnvSpec;
}

export function settingInfos(doc: SettingsDocument | undefined): SettingInfo[] {
  if (!doc) return [];
  // Variables of a compose service that runs something else (Marquez, Spark) are not Airflow settings.
  return doc.settings
    .filter((s) => s.service?.airflow !== false)
    .map((setting) => {
      const option = airflowOption(setting);
      const spec = option?.section === SECTION ? lookupOption(option.option) : undefined;
      const env = setting.source === 'env' ? lookupEnv(setting.key) : undefined;
      return { setting, ...(option ? { option } : {}), ...(spec ? { spec } : {}), ...(env ? { env } : {}) };
    });
}

/** True for literal values we may judge (not `${VAR}`, `{{ … }}`). */
export const literal = (s: Setting) => s.valueKind === 'literal';

/** A Python-client transport written somewhere in the document, parsed. */
export interface TransportSite {
  readonly setting?: Setting;
  /** Where it is, for messages: "`[openlineage] transport`". */
  readonly label: string;
  readonly json?: JsonNode;
  readonly error?: { readonly message: string; readonly range: OffsetRange };
  /** Quotes around the JSON that are part of the value. */
  readonly extraQuotes?: boolean;
  /** Maps a range of the JSON text to the document. */
  map(r: OffsetRange): OffsetRange;
  /** Whether fixes inside the JSON can be offered (the JSON maps 1:1 to the document). */
  readonly exact: boolean;
  /** Severities are capped at warning (a structure unverified upstream: docs/upstream/airflow.md#provider-options). */
  readonly unverified?: boolean;
  /** The value holds `${VAR}` or `{{ … }}`: JSON errors are not reported (the template may produce the JSON). */
  readonly templated?: boolean;
}

/** The transports set in a settings document: `[openlineage] transport`, its env form and `OPENLINEAGE__TRANSPORT`. */
export function transportSites(infos: readonly SettingInfo[]): TransportSite[] {
  const out: TransportSite[] = [];
  for (const info of infos) {
    const s = info.setting;
    const isProvider = info.option?.section === SECTION && info.option.option === 'transport';
    const isClient = s.source === 'env' && s.key === 'OPENLINEAGE__TRANSPORT';
    // Templated values (`${VAR}` inside the JSON) are parsed too: only their templated strings escape checks.
    if ((!isProvider && !isClient) || s.valueKind === 'expression' || !s.value.trim()) continue;
    out.push(jsonSite(s, isProvider ? (s.source === 'cfg' ? '`[openlineage] transport`' : `\`${s.key}\``) : '`OPENLINEAGE__TRANSPORT`'));
  }
  return out;
}

/** Parses a JSON-valued setting, looking through one pair of quotes that are part of the value. */
export function jsonSite(s: Setting, label: string): TransportSite {
  let text = s.value;
  let base = 0;
  const q = text.trim()[0];
  const trimmed = text.trim();
  let extraQuotes = false;
  if ((q === "'" || q === '"') && trimmed.length >= 2 && trimmed.endsWith(q) && /^\s*[{[]/.test(trimmed.slice(1))) {
    extraQuotes = true;
    base = text.indexOf(q) + 1;
    text = trimmed.slice(1, -1);
  }
  const map = (r: OffsetRange) => settingSubRange(s, r.start + base, r.end + base);
  const parsed = parseJson(text);
  return {
    setting: s,
    label,
    ...(parsed.node ? { json: parsed.node } : {}),
    ...(parsed.error
      ? { error: { message: parsed.error.message, range: map({ start: parsed.error.offset, end: parsed.error.end }) } }
      : {}),
    ...(extraQuotes ? { extraQuotes } : {}),
    map,
    exact: s.valueExact || !!s.valueAt,
    ...(s.valueKind === 'template' ? { templated: true } : {}),
  };
}

export const envName = (option: string) => `${ENV_PREFIX}${option.toUpperCase()}`;

// ---------------------------------------------------------------------------------------------------------
// Edits

/** The range that deletes a whole setting, with its line break when it is alone on its line(s). */
export function removal(text: string, doc: SettingsDocument, s: Setting): OffsetRange | undefined {
  if (doc.form === 'dockerfile' && doc.settings.filter((o) => o.span.start === s.span.start).length > 1) return undefined;
  let start = s.span.start;
  if (doc.form === 'compose') {
    // From the start of the line (indentation and `- `).
    start = text.lastIndexOf('\n', start - 1) + 1;
    if (text.slice(start, s.span.start).trim() !== '' && text.slice(start, s.span.start).trim() !== '-') return undefined;
  }
  const end = s.span.end;
  const lineBreak = text.startsWith('\r\n', end) ? 2 : text[end] === '\n' ? 1 : 0;
  return { start, end: end + lineBreak };
}

/** Quotes a value for the syntax of the document's form, when the value needs it there. */
export function quoteFor(form: SettingsDocument['form'], value: string, composeList = false): string {
  switch (form) {
    case 'airflow-cfg':
    case 'notebook':
      return value;
    case 'env-file':
    case 'dockerfile':
    case 'shell-script':
      return /[\s"'$\\#{}[\]]/.test(value) && !value.includes("'")
        ? `'${value}'`
        : /[\s"'$\\#]/.test(value)
          ? `"${value.replace(/["\\$]/g, '\\$&')}"`
          : value;
    case 'compose':
    case 'kubernetes':
    case 'github-actions':
    case 'iac':
      return composeList ? value : /^[\w./:@-]*$/.test(value) && value !== '' ? value : `'${value.replace(/'/g, "''")}'`;
  }
}

/**
 * An edit that rewrites a setting as `key`=`value` in the document's syntax (airflow.cfg `key = value`, `.env`
 * and Dockerfile `KEY=value`, compose `KEY: value` or `- KEY=value`). Undefined where that cannot be done
 * safely (a Dockerfile `ENV` with several variables).
 */
export function rewriteSetting(text: string, doc: SettingsDocument, s: Setting, key: string, value: string): OffsetEdit | undefined {
  switch (doc.form) {
    case 'notebook':
      return undefined;
    case 'airflow-cfg':
      return { range: { start: s.keyRange.start, end: s.span.end }, newText: `${key} = ${value}` };
    case 'env-file':
      return { range: { start: s.keyRange.start, end: s.span.end }, newText: `${key}=${quoteFor('env-file', value)}` };
    case 'dockerfile':
      if (doc.settings.filter((o) => o.span.start === s.span.start).length > 1) return undefined;
      return { range: { start: s.keyRange.start, end: s.span.end }, newText: `${key}=${quoteFor('dockerfile', value)}` };
    case 'compose': {
      const list = text[s.keyRange.end] === '=';
      if (list) {
        const start = s.span.start;
        const item = `${key}=${value}`;
        return {
          range: { start, end: s.span.end },
          newText: /^[^'"\s#&*!|>%@`{[-][^#]*$/.test(item) && !/:\s/.test(item) ? item : `'${item.replace(/'/g, "''")}'`,
        };
      }
      return { range: { start: s.span.start, end: s.span.end }, newText: `${key}: ${quoteFor('compose', value)}` };
    }
  }
}

/** Replaces a setting's value in place when it maps 1:1 to the document (the value's own quotes are kept). */
export function replaceValue(s: Setting, value: string): OffsetEdit | undefined {
  return s.valueExact ? { range: s.valueRange, newText: value } : undefined;
}

/** Writes a key name in the style of the setting (`option` in airflow.cfg, `AIRFLOW__OPENLINEAGE__OPTION` elsewhere). */
export function optionKey(s: Setting, option: string): string {
  return s.source === 'cfg' ? option : envName(option);
}
