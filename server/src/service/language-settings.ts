/**
 * The user's `lineageLens.*` settings as the language service reads them (validation on/off, per-rule
 * levels). Not to be confused with `settings/`, the parsers of Airflow settings files.
 */
import { SEVERITIES, type Severity } from './rules/rule';

/** Per-rule level: a severity, or `off`. */
export type RuleLevel = Severity | 'off';

/** The settings the language service reads (`lineageLens.*`), normalised. */
export interface LanguageSettings {
  readonly validation: { readonly enable: boolean };
  /** Rule id → level; rules not listed use their default severity. */
  readonly rules: Readonly<Record<string, RuleLevel>>;
}

export const DEFAULT_SETTINGS: LanguageSettings = { validation: { enable: true }, rules: {} };

/**
 * Normalises whatever the client sent (possibly partial or malformed JSON from settings.json) into
 * `LanguageSettings`. Unknown levels are dropped and reported through `problems`, never thrown.
 */
export function normalizeSettings(raw: unknown, problems: string[] = []): LanguageSettings {
  const obj = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const validation = obj.validation && typeof obj.validation === 'object' ? (obj.validation as Record<string, unknown>) : {};
  const enable = typeof validation.enable === 'boolean' ? validation.enable : true;
  const rules: Record<string, RuleLevel> = {};
  if (obj.rules && typeof obj.rules === 'object') {
    for (const [id, level] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (typeof level === 'string' && (level === 'off' || (SEVERITIES as readonly string[]).includes(level)))
        rules[id] = level as RuleLevel;
      else problems.push(`lineageLens.rules["${id}"]: "${String(level)}" is not a level; use off, hint, information, warning or error.`);
    }
  }
  return { validation: { enable }, rules };
}

/** `lineageLens.diagnostics.scope`: which files the server checks and reports on (the language server's, not the rules'). */
export type DiagnosticsScope = 'workspace' | 'openFiles';

/** Normalises `lineageLens.diagnostics.scope` (default `workspace`); an unknown value is reported through `problems`. */
export function normalizeDiagnosticsScope(raw: unknown, problems: string[] = []): DiagnosticsScope {
  const obj = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const diagnostics = obj.diagnostics && typeof obj.diagnostics === 'object' ? (obj.diagnostics as Record<string, unknown>) : {};
  const scope = diagnostics.scope;
  if (scope === undefined || scope === 'workspace') return 'workspace';
  if (scope === 'openFiles') return 'openFiles';
  problems.push(`lineageLens.diagnostics.scope: "${String(scope)}" is not a scope; use workspace or openFiles.`);
  return 'workspace';
}
