import { literal, replaceValue } from '../analysis';
import type { AirflowRule } from './rule';

const IMPORT_PATH = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$/;

/**
 * `;`-separated lists of import paths (`extractors`, `custom_run_facets`, `disabled_for_operators`,
 * `OPENLINEAGE_EXTRACTORS`) written with commas, or holding something that is not a full import path.
 */
export const listSeparator: AirflowRule = {
  id: 'airflow/list-separator',
  defaultSeverity: 'warning',
  summary:
    'A `;`-separated list of import paths (`extractors`, `custom_run_facets`, `disabled_for_operators`, `OPENLINEAGE_EXTRACTORS`) written with commas, or with an entry that is not a full import path.',
  check(ctx) {
    for (const { setting: s, spec, env } of ctx.settings) {
      if ((spec?.type !== 'semicolon-list' && env?.type !== 'semicolon-list') || !literal(s)) continue;
      const value = s.value.trim();
      if (!value) continue;
      if (/,/.test(value) && !value.includes(';')) {
        const fixed = s.value
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
          .join(';');
        const edit = replaceValue(s, fixed);
        ctx.report({
          range: s.valueRange,
          message: `\`${s.key}\` is split on \`;\`, not on commas: this reads as one import path \`${value}\`, which fails to import. Separate the paths with \`;\`.`,
          fixes: edit ? [{ title: 'Separate with ;', edits: [edit], preferred: true }] : [],
        });
        continue;
      }
      let at = 0;
      for (const part of s.value.split(';')) {
        const t = part.trim();
        const start = at + part.indexOf(t);
        at += part.length + 1;
        if (!t || IMPORT_PATH.test(t)) continue;
        const r = s.valueExact ? { start: s.valueRange.start + start, end: s.valueRange.start + start + t.length } : s.valueRange;
        ctx.report({
          range: r,
          message: `\`${t}\` is not a full import path (\`package.module.Name\`); each entry of \`${s.key}\` must be one, or it fails to import.`,
        });
      }
    }
  },
};
