import { edit, last } from '../analysis';
import { OL_PREFIX } from '../catalog';
import type { SparkRule } from './rule';

/**
 * `transport.auth.api_key` / `apikey`: the Python client accepts them, the Java client (Spark) reads only
 * camelCase `apiKey` and drops the others, so requests go out without credentials.
 */
export const apiKeySpelling: SparkRule = {
  id: 'spark/api-key-spelling',
  defaultSeverity: 'error',
  summary: '`transport.auth.api_key` or `apikey`, which Spark silently ignores: the key must be spelled `apiKey`.',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const entry of facts.scope.entries) {
        const m = /^spark\.openlineage\.(.*\.)?auth\.(api_key|apikey|API_KEY|ApiKey|apiKEY|api-key)$/.exec(entry.key);
        if (!m) continue;
        const correct = `${OL_PREFIX}${m[1] ?? ''}auth.apiKey`;
        const clash = last(facts, correct);
        ctx.report({
          range: entry.keyRange,
          message: `\`${entry.key}\` is ignored by Spark: the Java client reads only \`auth.apiKey\` (camelCase), so no Authorization header is sent. Rename it to \`${correct}\`.${clash ? ' (`apiKey` is also set in this configuration; remove one of them.)' : ''}`,
          fixes: [{ title: `Rename to ${correct}`, edits: [edit.replaceKey(entry, correct)], preferred: !clash }],
        });
      }
    }
  },
};
