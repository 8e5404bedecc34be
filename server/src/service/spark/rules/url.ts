import { edit, valueSubRange } from '../analysis';
import { lookupKey } from '../catalog';
import { checkHttpUrl } from '../../util/url';
import type { SparkRule } from './rule';

/** URL-valued keys (`transport.url`, `auth.tokenEndpoint`, ...) must be absolute http(s) URLs with a host. */
export const url: SparkRule = {
  id: 'spark/url',
  defaultSeverity: 'error',
  summary: 'A malformed URL in `transport.url` or another URL key (no scheme, no host, whitespace).',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const entry of facts.scope.entries) {
        const legacyUrl = entry.key === 'spark.openlineage.url' || entry.key === 'spark.openlineage.host';
        if (!legacyUrl && !lookupKey(entry.key).some((s) => s.type === 'url')) continue;
        if (entry.valueKind !== 'literal' || !entry.value.trim()) continue;
        const problem = checkHttpUrl(entry.value);
        if (!problem) continue;
        ctx.report({
          range: valueSubRange(entry, problem.start, problem.end),
          message: `${problem.message} (\`${entry.key}\`)`,
          fixes: problem.suggestion
            ? [{ title: `Use ${problem.suggestion}`, edits: [edit.replaceValue(entry, problem.suggestion)], preferred: true }]
            : [],
        });
      }
    }
  },
};
