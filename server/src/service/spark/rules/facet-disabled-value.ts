import { edit } from '../analysis';
import type { SparkRule } from './rule';

/** `facets.<name>.disabled` only understands the strings `true` and `false`; anything else is dropped with a warning. */
export const facetDisabledValue: SparkRule = {
  id: 'spark/facet-disabled-value',
  defaultSeverity: 'error',
  summary: '`facets.<name>.disabled` set to something other than `true` or `false` (dropped by OpenLineage).',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const entry of facts.scope.entries) {
        const m = /^spark\.openlineage\.facets\.(.+)\.disabled$/.exec(entry.key);
        if (!m || entry.valueKind !== 'literal') continue;
        const value = entry.value.trim();
        if (value === 'true' || value === 'false') continue;
        const lower = value.toLowerCase();
        const to =
          lower === 'true' || ['yes', 'on', '1'].includes(lower)
            ? 'true'
            : lower === 'false' || ['no', 'off', '0'].includes(lower)
              ? 'false'
              : undefined;
        ctx.report({
          range: value ? entry.valueRange : entry.keyRange,
          message: `\`${entry.key}\` must be exactly \`true\` (turn the \`${m[1]}\` facet off) or \`false\` (turn it back on); \`${value || '(empty)'}\` is dropped with a warning.`,
          fixes: to ? [{ title: `Replace with ${to}`, edits: [edit.replaceValue(entry, to)], preferred: true }] : [],
        });
      }
    }
  },
};
