import { LOG_LEVELS } from '../catalog';
import type { DbtRule } from './rule';

const BOOL_FIX: Readonly<Record<string, string>> = {
  yes: 'true',
  y: 'true',
  on: 'true',
  t: 'true',
  enabled: 'true',
  no: 'false',
  n: 'false',
  off: 'false',
  f: 'false',
  disabled: 'false',
};

/**
 * Values of dbt-ol's plain variables: `OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME` accepts only `true`, `1`,
 * `false`, `0` (anything else raises `ValueError`), `OPENLINEAGE_DBT_LOGGING` is a log level.
 */
export const envValue: DbtRule = {
  id: 'dbt/env-value',
  defaultSeverity: 'error',
  summary:
    'A bad value of a dbt-ol variable: `OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME` other than `true`/`1`/`false`/`0` (dbt-ol fails), `OPENLINEAGE_DBT_LOGGING` that is not a log level.',
  check(ctx) {
    for (const env of ctx.doc.env) {
      if (env.dynamic) continue;
      const value = env.value.trim();
      const range = env.valueRange.end > env.valueRange.start ? env.valueRange : env.nameRange;
      if (env.name === 'OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME') {
        if (/^(true|1|false|0)$/i.test(value)) continue;
        const to = BOOL_FIX[value.toLowerCase()];
        ctx.report({
          range,
          message: `dbt-ol accepts only \`true\`, \`1\`, \`false\` or \`0\` here (any case); \`${value}\` makes it fail with “ValueError: Invalid value for OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME”.${to ? ` Write \`${to}\`.` : ''}`,
          fixes:
            to && env.valueExact ? [{ title: `Replace with ${to}`, edits: [{ range: env.valueRange, newText: to }], preferred: true }] : [],
        });
      } else if (env.name === 'OPENLINEAGE_DBT_LOGGING') {
        if (/^\d+$/.test(value) || LOG_LEVELS.includes(value.toUpperCase())) continue;
        ctx.report({
          range,
          severity: 'warning',
          message: `\`${value}\` is not a Python log level; use one of ${LOG_LEVELS.filter((l) => l !== 'FATAL' && l !== 'WARN')
            .map((l) => `\`${l}\``)
            .join(', ')}.`,
        });
      }
    }
  },
};
