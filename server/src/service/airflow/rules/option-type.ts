import { literal, replaceValue } from '../analysis';
import type { AirflowRule } from './rule';

const TRUE_LIKE = ['yes', 'y', 'on', 'enabled', 'enable'];
const FALSE_LIKE = ['no', 'n', 'off', 'disabled', 'disable', 'none', ''];

/** The booleans Airflow's `conf.getboolean` accepts (case-insensitive; text after `#` is dropped). */
export function airflowBoolean(value: string): boolean | undefined {
  const v = value.split('#')[0]!.trim().toLowerCase();
  if (v === 't' || v === 'true' || v === '1') return true;
  if (v === 'f' || v === 'false' || v === '0') return false;
  return undefined;
}

/**
 * Values of `[openlineage]` options that do not have the option's type: booleans Airflow's `getboolean` rejects
 * (`yes`, `on`), integers that are not whole numbers (`10s`).
 */
export const optionType: AirflowRule = {
  id: 'airflow/option-type',
  defaultSeverity: 'error',
  summary:
    'An `[openlineage]` option value of the wrong type: a boolean other than `True`/`False` (Airflow rejects `yes`/`on`), an integer with units or decimals.',
  check(ctx) {
    for (const { setting: s, spec } of ctx.settings) {
      if (!spec || !literal(s)) continue;
      const value = s.value.trim();
      if (!value) continue;
      const range = s.valueRange.end > s.valueRange.start ? s.valueRange : s.keyRange;
      if (spec.type === 'boolean' && airflowBoolean(value) === undefined) {
        const lower = value.toLowerCase();
        const to = TRUE_LIKE.includes(lower) ? 'True' : FALSE_LIKE.includes(lower) ? 'False' : undefined;
        const edit = to ? replaceValue(s, to) : undefined;
        ctx.report({
          range,
          message: `\`${s.key}\` is a boolean: write \`True\` or \`False\`. Airflow accepts only true/false, t/f and 1/0 (any case) and fails on \`${value}\` ("Failed to convert value to bool").`,
          fixes: edit ? [{ title: `Replace with ${to}`, edits: [edit], preferred: true }] : [],
        });
      }
      if (spec.type === 'integer' && !/^[+-]?\d+$/.test(value)) {
        const digits = /^(\d+)(?:\.0+)?\s*(s|sec|secs|seconds)?$/i.exec(value);
        const edit = digits ? replaceValue(s, digits[1]!) : undefined;
        ctx.report({
          range,
          message: `\`${s.key}\` takes a whole number${spec.name === 'execution_timeout' ? ' of seconds' : ''}, without units or decimals; Airflow fails to read \`${value}\` as an integer.`,
          fixes: edit ? [{ title: `Replace with ${digits![1]}`, edits: [edit], preferred: true }] : [],
        });
      }
    }
  },
};
