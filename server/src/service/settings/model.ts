/**
 * Settings written as environment variables or `airflow.cfg` options, wherever they are written: `.env`,
 * Dockerfile `ENV`, docker-compose `environment`, `airflow.cfg`. Airflow, the OpenLineage clients, dbt-ol and
 * OpenMetadata rules all read this one model.
 */
import type { EntryInsertion, OffsetRange, SyntaxProblem, ValueKind } from '../text/model';
import { isTemplated } from '../util/template';

export type SettingsForm =
  | 'env-file'
  | 'dockerfile'
  | 'compose'
  | 'airflow-cfg'
  /** `export K=V`, `K=V cmd`, `env K=V cmd` in a shell script (settings/shell-script.ts). */
  | 'shell-script'
  /** Kubernetes manifests' and Helm values' `env:` lists, the Airflow chart's `config:` (settings/kube-env.ts). */
  | 'kubernetes'
  /** GitHub Actions `env:` blocks (settings/kube-env.ts). */
  | 'github-actions'
  /** MWAA `airflow_configuration_options` in CDK, Terraform or CloudFormation code (settings/iac.ts). */
  | 'iac'
  /** `%env` lines and `os.environ[...] = ...` in Jupyter notebooks (notebook/env.ts). */
  | 'notebook';

/** The docker compose service (or Kubernetes container) a setting is set on, and whether it runs Airflow. */
export interface ServiceTag {
  readonly name: string;
  /** True when its image/build/command shows Airflow, false when it clearly runs something else, else unknown. */
  readonly airflow?: boolean;
}

export interface Setting {
  readonly source: 'env' | 'cfg';
  /** The name as written: `AIRFLOW__OPENLINEAGE__TRANSPORT`, `OPENLINEAGE_URL`, or a cfg option `transport`. */
  readonly key: string;
  readonly keyRange: OffsetRange;
  /** For cfg options, the section they are in (lower case). */
  readonly section?: string;
  /** The value the program receives (after the quote handling of this syntax). */
  readonly value: string;
  readonly valueRange: OffsetRange;
  readonly valueExact: boolean;
  /**
   * For values that are not exact (escapes, joined continuation lines): the document offset of the character at
   * `index` of `value`, so findings inside the value (a JSON error) still get an exact range.
   */
  readonly valueAt?: (index: number) => number;
  readonly valueKind: ValueKind;
  /** The whole setting (line, list item), for deletion. */
  readonly span: OffsetRange;
  readonly insertAfter: EntryInsertion;
  /** compose: the service whose `environment` (or `env_file`) sets it; unset outside services (`x-` anchors). */
  readonly service?: ServiceTag;
}

export interface SettingsDocument {
  readonly form: SettingsForm;
  readonly settings: readonly Setting[];
  /** Sections of an `airflow.cfg`, with the range of their `[name]` header. */
  readonly sections: readonly { readonly name: string; readonly range: OffsetRange; readonly end: number }[];
  /** Dockerfile `FROM` images. */
  readonly images: readonly { readonly image: string; readonly range: OffsetRange }[];
  readonly syntaxProblems: readonly SyntaxProblem[];
  /** Where a new setting goes when there is none to insert after (end of file / section). */
  readonly append?: EntryInsertion;
}

/**
 * The Airflow option a setting sets, if any: `[section] option` in airflow.cfg, or
 * `AIRFLOW__SECTION__OPTION` in the environment (Airflow matches both case-insensitively on the env side by
 * upper-casing). Returns lower-case names.
 */
export function airflowOption(s: Setting): { section: string; option: string } | undefined {
  if (s.source === 'cfg') return s.section ? { section: s.section, option: s.key.toLowerCase() } : undefined;
  const m = /^AIRFLOW__([A-Z0-9_]+?)__([A-Z0-9_]+)$/i.exec(s.key);
  return m ? { section: m[1]!.toLowerCase(), option: m[2]!.toLowerCase() } : undefined;
}

/** How to write an Airflow option in the same syntax as `like` (the env var name or the cfg option). */
export function airflowKey(like: Setting, section: string, option: string): string {
  return like.source === 'cfg' ? option : `AIRFLOW__${section.toUpperCase()}__${option.toUpperCase()}`;
}

/**
 * The document range of `[from, to)` inside a setting's value: exact when the value maps 1:1 (or through
 * `valueAt`), else the whole value.
 */
export function settingSubRange(s: Setting, from: number, to: number): OffsetRange {
  if (s.valueExact) return { start: s.valueRange.start + from, end: s.valueRange.start + to };
  if (s.valueAt) {
    if (from >= s.value.length) return { start: s.valueRange.end, end: s.valueRange.end };
    const start = s.valueAt(from);
    const end = to <= from ? start : s.valueAt(Math.min(to, s.value.length) - 1) + 1;
    return { start, end: Math.max(start, end) };
  }
  return s.valueRange;
}

/** Where a line-based environment syntax (`.env`, Dockerfile `ENV`) read one variable. */
export interface EnvSettingAt {
  readonly key: string;
  readonly keyStart: number;
  readonly value: string;
  readonly valueRange: OffsetRange;
  readonly valueExact: boolean;
  /** Maps `value` back to the document when it is not exact (see `Setting.valueAt`). */
  readonly valueAt?: (index: number) => number;
  /** The whole setting; a new one is inserted at its end. */
  readonly span: OffsetRange;
  /** Writes a new `key`/`value` entry after this one, in the syntax of the file. */
  readonly format: EntryInsertion['format'];
}

/** The `Setting` for an environment variable read by `.env` or Dockerfile `ENV` parsing. */
export function envSetting(at: EnvSettingAt): Setting {
  return {
    source: 'env',
    key: at.key,
    keyRange: { start: at.keyStart, end: at.keyStart + at.key.length },
    value: at.value,
    valueRange: at.valueRange,
    valueExact: at.valueExact,
    ...(!at.valueExact && at.valueAt ? { valueAt: at.valueAt } : {}),
    valueKind: isTemplated(at.value) ? 'template' : 'literal',
    span: at.span,
    insertAfter: { offset: at.span.end, format: at.format },
  };
}

export function emptyDocument(form: SettingsForm): SettingsDocument {
  return { form, settings: [], sections: [], images: [], syntaxProblems: [] };
}
