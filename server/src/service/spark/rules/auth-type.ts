import { edit } from '../analysis';
import type { SparkRule } from './rule';

const FQCN = /^([a-zA-Z_$][\w$]*\.)+[A-Z][\w$]*$/;

/**
 * `transport.auth.type` must be exactly `api_key` or `jwt`, or a TokenProvider class name. Anything else,
 * including the documented-but-wrong `apiKey`, is loaded as a class and the listener fails.
 */
export const authType: SparkRule = {
  id: 'spark/auth-type',
  defaultSeverity: 'error',
  summary:
    '`transport.auth.type` other than exactly `api_key`, `jwt` or a TokenProvider class name (e.g. `apiKey`, which fails at start-up).',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const entry of facts.scope.entries) {
        if (!/^spark\.openlineage\.(.*\.)?auth\.type$/.test(entry.key) || entry.valueKind !== 'literal') continue;
        const value = entry.value.trim();
        if (value === 'api_key' || value === 'jwt' || FQCN.test(value)) continue;
        const norm = value.toLowerCase().replace(/[^a-z]/g, '');
        const suggestion = norm === 'apikey' || norm === 'bearer' || norm === 'token' ? 'api_key' : norm === 'jwt' ? 'jwt' : undefined;
        ctx.report({
          range: entry.valueRange.end > entry.valueRange.start ? entry.valueRange : entry.keyRange,
          message: `\`${value}\` is not an auth type: Spark accepts exactly \`api_key\` or \`jwt\` (case-sensitive) or a TokenProvider class name, and fails with “No class matches ${value}”.${suggestion ? ` Use \`${suggestion}\`.` : ''}${norm === 'apikey' ? ' (The Java docs’ “apiKey” is wrong.)' : ''}`,
          fixes: suggestion
            ? [{ title: `Replace with ${suggestion}`, edits: [edit.replaceValue(entry, suggestion)], preferred: true }]
            : [],
        });
      }
    }
  },
};
