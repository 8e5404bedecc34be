import { replaceValue } from '../edits';
import type { OmRule } from './rule';

/** Python's `int()` syntax: optional sign, digits, single underscores between digits. */
const PY_INT = /^[+-]?\d+(?:_\d+)*$/;

/** `max_status` is read with `int(...)`: anything else makes the loader fail and nothing is sent. */
export const maxStatus: OmRule = {
  id: 'openmetadata/max-status',
  defaultSeverity: 'error',
  summary: '`max_status` is not an integer: the lineage configuration fails to load and nothing is sent.',
  check(ctx) {
    const view = ctx.config;
    if (!view || !view.active) return;
    for (const s of view.settings) {
      if (s.option !== 'max_status' || s.setting.valueKind !== 'literal') continue;
      const value = s.setting.value.trim();
      if (PY_INT.test(value)) {
        const n = Number(value.replace(/_/g, ''));
        if (n <= 0) {
          ctx.report({
            range: s.setting.valueRange,
            severity: 'warning',
            message: `\`${s.setting.key}\` is the number of recent DAG runs whose status is sent to OpenMetadata (default 10); ${n === 0 ? '0 sends none' : 'a negative count is not meaningful'}. Write a positive number.`,
          });
        }
        continue;
      }
      const whole = /^([+-]?\d+)\.0*$/.exec(value)?.[1];
      ctx.report({
        range: s.setting.valueRange,
        message: `${value ? `\`${value}\`` : 'An empty value'} is not an integer: OpenMetadata reads \`${s.setting.key}\` with \`int()\`, which fails, so the lineage configuration does not load and nothing is sent. Write a whole number of recent DAG runs (default 10).`,
        fixes: whole ? [{ title: `Use ${whole}`, edits: [replaceValue(view, s, whole)], preferred: true }] : [],
      });
    }
  },
};
