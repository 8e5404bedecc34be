import type { SparkRule } from './rule';

/** `dataset.removePath.pattern` does nothing without a named group `remove`. */
export const removePathPattern: SparkRule = {
  id: 'spark/remove-path-pattern',
  defaultSeverity: 'warning',
  summary: '`dataset.removePath.pattern` without a `(?<remove>…)` group (does nothing) or not a valid regex.',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const entry of facts.byKey.get('spark.openlineage.dataset.removePath.pattern') ?? []) {
        if (entry.valueKind !== 'literal' || !entry.value.trim()) continue;
        const pattern = entry.value.trim();
        try {
          // Java and JavaScript share the named-group syntax this rule is about; other differences are ignored.
          new RegExp(pattern.replace(/\(\?<([a-zA-Z][a-zA-Z0-9]*)>/g, '(?<$1>').replace(/\\[QEZz]|\(\?[imsux-]+\)|[*+?]\+/g, ''));
        } catch (e) {
          ctx.report({
            range: entry.valueRange,
            message: `\`${pattern}\` may not be a valid regular expression (${(e as Error).message}). Check the pattern (Java regex syntax applies).`,
          });
          continue;
        }
        if (!/\(\?<remove>/.test(pattern)) {
          ctx.report({
            range: entry.valueRange,
            message:
              'The pattern has no named group `remove`, so nothing is removed from dataset names. Wrap the part to strip in `(?<remove>…)`, e.g. `(.*)(?<remove>/\\d{8})`.',
          });
        }
      }
    }
  },
};
