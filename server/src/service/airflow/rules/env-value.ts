import { nearest } from '../../util/nearest';
import { AUTH_TYPES, LOG_LEVELS } from '../catalog';
import { literal, replaceValue } from '../analysis';
import type { AirflowRule } from './rule';

/**
 * Values of `OPENLINEAGE_*` variables the integrations read loosely: booleans where any other value silently
 * means "no" (`OPENLINEAGE_DISABLED=yes` leaves OpenLineage on), log levels Python does not know, and an
 * `OPENLINEAGE__TRANSPORT__AUTH__TYPE` the client does not know (the same values as `auth.type` in the
 * transport JSON: `api_key`, `jwt` or a token provider's import path).
 */
export const envValue: AirflowRule = {
  id: 'airflow/env-value',
  defaultSeverity: 'warning',
  summary:
    'An `OPENLINEAGE_*` variable with a value its reader does not understand: a boolean like `yes` (read as false), an unknown log level, an unknown `OPENLINEAGE__TRANSPORT__AUTH__TYPE`.',
  check(ctx) {
    for (const { setting: s, env } of ctx.settings) {
      if (s.source === 'env' && s.key === 'OPENLINEAGE__TRANSPORT__AUTH__TYPE' && literal(s)) {
        const value = s.value.trim();
        if (value && !AUTH_TYPES.includes(value) && !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(value)) {
          const near =
            AUTH_TYPES.find((a) => a.replace('_', '').toLowerCase() === value.replace(/[_-]/g, '').toLowerCase()) ??
            nearest(value, AUTH_TYPES, 2);
          const edit = near ? replaceValue(s, near) : undefined;
          ctx.report({
            range: s.valueRange,
            message: `\`${s.key}\` is \`${value}\`, which the OpenLineage client does not know: it takes \`api_key\`, \`jwt\` or the import path of a token provider class, and fails to build the transport otherwise.${near ? ` Write \`${near}\`.` : ''}`,
            fixes: edit ? [{ title: `Replace with ${near}`, edits: [edit], preferred: true }] : [],
          });
        }
        continue;
      }
      if (!env || !literal(s)) continue;
      const value = s.value.trim();
      if (!value) continue;
      if (env.type === 'boolean') {
        const trueValues = env.trueValues ?? ['true'];
        const lower = value.toLowerCase();
        const falseValues = env.name === 'OPENLINEAGE_DISABLED' ? ['false'] : ['false', '0', 'f'];
        if (trueValues.includes(lower) || falseValues.includes(lower)) continue;
        const meantTrue = ['yes', 'y', 'on', '1', 't', 'enabled'].includes(lower);
        const to = meantTrue ? 'true' : ['no', 'n', 'off', '0', 'f', 'disabled'].includes(lower) ? 'false' : undefined;
        const edit = to ? replaceValue(s, to) : undefined;
        ctx.report({
          range: s.valueRange,
          message: `\`${s.key}\` counts only ${trueValues.map((t) => `\`${t}\``).join(', ')} (any case) as true; \`${value}\` is read as false${meantTrue ? ', which is probably not what you meant' : ''}. Write \`true\` or \`false\`.`,
          fixes: edit ? [{ title: `Replace with ${to}`, edits: [edit], preferred: true }] : [],
        });
      }
      if (env.type === 'log-level' && !LOG_LEVELS.includes(value.toUpperCase()) && !/^\d+$/.test(value)) {
        ctx.report({
          range: s.valueRange,
          message: `\`${value}\` is not a Python log level; use one of ${['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'].map((l) => `\`${l}\``).join(', ')}.`,
        });
      }
    }
  },
};
