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
