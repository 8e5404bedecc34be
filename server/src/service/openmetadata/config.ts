/**
 * The OpenMetadata view of a settings file: its `[lineage]` options (airflow.cfg, or `AIRFLOW__LINEAGE__*`
 * in .env / Dockerfile / docker-compose), which backend is in effect (here or elsewhere in the workspace),
 * and whether the OpenMetadata rules apply at all. Other `[lineage]` backends belong to the Airflow family.
 */
import { baseName } from '../util/path';
import { projectFileKind, parseSettingsFile } from '../project/index';
import type { ProjectModel, SettingFact } from '../project/model';
import { parseAirflowCfg } from '../settings/airflow-cfg';
import { airflowOption, type Setting, type SettingsDocument } from '../settings/model';
import type { OffsetRange } from '../text/model';
import { CONFIG_FILE_ENV, looksLikeOmBackend, OM_SPECIFIC } from './catalog';

/** A `[lineage]` option written in this document. */
export interface LineageSetting {
  readonly setting: Setting;
  /** The option, lower case (`openmetadata_api_endpoint`). */
  readonly option: string;
}

/**
 * The backend in effect for this document's `[lineage]` options:
 * - `om`: OpenMetadata's (or a misspelling of it), set here (`setting`) or elsewhere in the workspace (`fact`);
 * - `template`: set here from a variable, so unknown;
 * - `other`: some other backend (OpenLineage's...), which the Airflow family checks;
 * - `none`: no backend anywhere in the workspace.
 */
export type BackendState =
  | { readonly kind: 'om'; readonly setting?: LineageSetting; readonly fact?: SettingFact }
  | { readonly kind: 'template'; readonly setting: LineageSetting }
  | { readonly kind: 'other'; readonly setting?: LineageSetting }
  | { readonly kind: 'none' };

export interface LineageView {
  readonly uri: string;
  readonly text: string;
  readonly doc: SettingsDocument;
  /** Every `[lineage]` option in this document, in order. */
  readonly settings: readonly LineageSetting[];
  readonly backend: BackendState;
  /** True when the OpenMetadata rules apply to this document (see `BackendState`). */
  readonly active: boolean;
  /** The `[lineage]` header of an airflow.cfg. */
  readonly header?: OffsetRange;
  /** `[lineage]` options and `OPENMETADATA_LINEAGE_CONFIG` set in other workspace files. */
  readonly elsewhere: readonly SettingFact[];
  /** The last setting of `option` here (the one that wins). */
  last(option: string): LineageSetting | undefined;
  /** A setting of `option` in another workspace file. */
  elsewhereOf(option: string): SettingFact | undefined;
  /**
   * The value the program receives: as parsed, except docker-compose plain YAML booleans (`True`), which
   * compose passes on as `true`.
   */
  valueOf(s: LineageSetting): string;
}

/** The settings form of a file for OpenMetadata purposes, by name (and content for explicit files). */
export function settingsKind(
  uri: string,
  text: string,
  explicit: boolean,
): 'airflow-cfg' | 'env-file' | 'dockerfile' | 'compose' | undefined {
  const kind = projectFileKind(uri);
  if (kind === 'airflow-cfg' || kind === 'env-file' || kind === 'dockerfile' || kind === 'compose') return kind;
  const name = baseName(uri).toLowerCase();
  if ((name.endsWith('.cfg') || explicit) && /^[^\S\r\n\u2028\u2029]*\[lineage\]/im.test(text)) return 'airflow-cfg';
  return undefined;
}

/** Parses a settings file into its OpenMetadata view, or undefined when it has no `[lineage]` options. */
export function lineageView(uri: string, text: string, explicit: boolean, project: ProjectModel): LineageView | undefined {
  const kind = settingsKind(uri, text, explicit);
  if (!kind) return undefined;
  // Cheap test first: most env files and Dockerfiles have no lineage options.
  if (kind === 'airflow-cfg' ? !/^[^\S\r\n\u2028\u2029]*\[lineage\]/im.test(text) : !/AIRFLOW__LINEAGE__/i.test(text)) return undefined;
  const doc = kind === 'airflow-cfg' ? parseAirflowCfg(text) : parseSettingsFile(kind, text)!;
  const settings: LineageSetting[] = [];
  for (const s of doc.settings) {
    const opt = airflowOption(s);
    if (opt?.section === 'lineage') settings.push({ setting: s, option: opt.option });
  }
  const header = doc.sections.find((s) => s.name === 'lineage')?.range;
  if (!settings.length && !header) return undefined;

  const elsewhere = project.settings.filter((f) => f.uri !== uri && (f.section === 'lineage' || f.key === CONFIG_FILE_ENV));
  const last = (option: string) => {
    let found: LineageSetting | undefined;
    for (const s of settings) if (s.option === option) found = s;
    return found;
  };
  const elsewhereOf = (option: string) => elsewhere.find((f) => f.section === 'lineage' && f.option === option);

  let backend: BackendState;
  // An empty backend is no backend (Airflow imports nothing).
  const here = settings.filter((s) => s.option === 'backend' && s.setting.value.trim()).pop();
  if (here) {
    if (here.setting.valueKind !== 'literal') backend = { kind: 'template', setting: here };
    else if (looksLikeOmBackend(here.setting.value)) backend = { kind: 'om', setting: here };
    else backend = { kind: 'other', setting: here };
  } else {
    const others = elsewhere.filter((f) => f.section === 'lineage' && f.option === 'backend');
    const om = others.find((f) => looksLikeOmBackend(f.value));
    backend = om ? { kind: 'om', fact: om } : others.length ? { kind: 'other' } : { kind: 'none' };
  }
  const specific = settings.some((s) => OM_SPECIFIC.has(s.option));
  const active = backend.kind === 'om' || ((backend.kind === 'none' || backend.kind === 'template') && specific);

  const valueOf = (s: LineageSetting) => {
    const v = s.setting.value;
    if (
      doc.form === 'compose' &&
      /^(true|false)$/i.test(v) &&
      s.setting.valueExact &&
      /:\s*$/.test(text.slice(Math.max(0, s.setting.valueRange.start - 4), s.setting.valueRange.start))
    )
      return v.toLowerCase();
    return v;
  };

  return { uri, text, doc, settings, backend, active, ...(header ? { header } : {}), elsewhere, last, elsewhereOf, valueOf };
}

/** The key to write for `option` in this document's syntax (`jwt_token` or `AIRFLOW__LINEAGE__JWT_TOKEN`). */
export function keyFor(view: LineageView, option: string): string {
  return view.doc.form === 'airflow-cfg' ? option : `AIRFLOW__LINEAGE__${option.toUpperCase()}`;
}
