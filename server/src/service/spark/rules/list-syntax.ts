import { edit } from '../analysis';
import { lookupKey } from '../catalog';
import type { SparkRule } from './rule';

/**
 * OpenLineage turns a value written `[a;b]` into a list (split on `;`). List keys written as `a,b` or `[a,b]`
 * become one string or one element. `capturedProperties` is the exception: a plain comma-separated list.
 */
export const listSyntax: SparkRule = {
  id: 'spark/list-syntax',
  defaultSeverity: 'error',
  summary: 'List syntax: list keys need `[a;b]`; `capturedProperties` needs a plain comma list.',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const entry of facts.scope.entries) {
        if (entry.valueKind !== 'literal' || !entry.value.trim()) continue;
        const spec = lookupKey(entry.key)[0];
        const value = entry.value.trim();
        if (spec?.type === 'list') {
          const bracketed = value.startsWith('[') && value.endsWith(']');
          const inner = bracketed ? value.slice(1, -1) : value;
          if (bracketed && !inner.includes(',')) continue;
          const items = inner
            .split(/[;,]/)
            .map((s) => s.trim())
            .filter(Boolean);
          const fixed = `[${items.join(';')}]`;
          ctx.report({
            range: entry.valueRange,
            severity: !bracketed && items.length === 1 ? 'warning' : 'error',
            message: bracketed
              ? `List items in \`${entry.key}\` are separated by \`;\`, not \`,\`: \`${value}\` is read as one item. Write \`${fixed}\`.`
              : `\`${entry.key}\` is a list: OpenLineage only splits values written as \`[a;b]\`, so \`${value}\` is read as a single string. Write \`${fixed}\`.`,
            fixes: [{ title: `Replace with ${fixed}`, edits: [edit.replaceValue(entry, fixed)], preferred: true }],
          });
        } else if (spec?.type === 'comma-list' && (value.startsWith('[') || value.includes(';'))) {
          const fixed = value
            .replace(/^\[|\]$/g, '')
            .split(/[;,]/)
            .map((s) => s.trim())
            .filter(Boolean)
            .join(',');
          ctx.report({
            range: entry.valueRange,
            message: `\`${entry.key}\` is a plain comma-separated list, unlike other list keys: \`${value}\` would look for a property literally named like that. Write \`${fixed}\`.`,
            fixes: [{ title: `Replace with ${fixed}`, edits: [edit.replaceValue(entry, fixed)], preferred: true }],
          });
        }
      }
    }
  },
};
