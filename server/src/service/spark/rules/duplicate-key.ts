import { removalRange } from '../analysis';
import type { SparkRule } from './rule';

/** The same key set twice in one configuration: Spark keeps the last value, so the earlier one is dead. */
export const duplicateKey: SparkRule = {
  id: 'spark/duplicate-key',
  defaultSeverity: 'warning',
  summary: 'The same key set twice in one configuration; only the last value counts.',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const [key, list] of facts.byKey) {
        if (list.length < 2) continue;
        const winner = list[list.length - 1]!;
        const line = ctx.lineAt(winner.keyRange.start) + 1;
        for (const entry of list.slice(0, -1)) {
          ctx.report({
            range: entry.keyRange,
            tags: ['unnecessary'],
            message: `\`${key}\` is set again on line ${line}; Spark uses only the last value${winner.value !== entry.value ? ` (\`${winner.value}\`)` : ''}, so this one has no effect. Remove one of them.`,
            fixes: [{ title: 'Remove this earlier setting', edits: [{ range: removalRange(ctx.text, ctx.doc, entry), newText: '' }] }],
          });
        }
      }
    }
  },
};
