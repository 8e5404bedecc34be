import type { Fix } from '../../rules/rule';
import { replaceValue } from '../edits';
import type { OmRule } from './rule';

/** Values that mean "yes" to a reader (and to most of Airflow's booleans) but count as false here. */
const MEANT_TRUE = /^(true|t|y|yes|on|1)$/i;
const FALSE = /^(false|f|n|no|off|0)$/i;

/** OpenMetadata compares `only_keep_dag_lineage` with the literal string `true`: `True` and `TRUE` count as false. */
export const onlyKeepDagLineage: OmRule = {
  id: 'openmetadata/only-keep-dag-lineage',
  defaultSeverity: 'error',
  summary:
    '`only_keep_dag_lineage` set to `True`, `TRUE`, `1` or `yes`, which count as false: only the literal `true` turns it on; quick fix writes `true`.',
  check(ctx) {
    const view = ctx.config;
    if (!view || !view.active) return;
    for (const s of view.settings) {
      if (s.option !== 'only_keep_dag_lineage' || s.setting.valueKind !== 'literal') continue;
      const value = view.valueOf(s).trim();
      if (value === 'true' || value === 'false' || !value || FALSE.test(value)) continue;
      const use = (v: string, preferred: boolean): Fix => ({
        title: `Use ${v}`,
        edits: [replaceValue(view, s, v)],
        ...(preferred ? { preferred } : {}),
      });
      if (MEANT_TRUE.test(value)) {
        ctx.report({
          range: s.setting.valueRange,
          message: `OpenMetadata compares \`${s.setting.key}\` with the exact string \`true\`, so \`${value}\` counts as false and lineage that is no longer in the DAG's inlets/outlets is kept. Write \`true\`.`,
          fixes: [use('true', true)],
        });
      } else {
        ctx.report({
          range: s.setting.valueRange,
          severity: 'warning',
          message: `\`${value}\` is not a boolean; OpenMetadata compares \`${s.setting.key}\` with the exact string \`true\`, so this counts as false. Write \`true\` or \`false\`.`,
          fixes: [use('true', false), use('false', false)],
        });
      }
    }
  },
};
