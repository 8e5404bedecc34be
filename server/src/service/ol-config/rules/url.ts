import { isTemplated } from '../../util/template';
import { checkHttpUrl } from '../../util/url';
import type { KeyInfo } from '../analysis';
import { replaceScalar } from '../edit';
import { readersOf, type OlConfigRule } from './rule';

/** URL-valued keys (`transport.url`, `auth.tokenEndpoint`, `endpointOverride`) must be absolute http(s) URLs. */
export const url: OlConfigRule = {
  id: 'ol-config/url',
  defaultSeverity: 'error',
  summary: 'A malformed URL in `transport.url` or another URL key (no scheme, no host, whitespace).',
  check(ctx) {
    for (const fact of ctx.analysis.pairs) {
      const v = fact.pair.value;
      if (v?.kind !== 'scalar' || isTemplated(v.value) || !v.value.trim()) continue;
      const isUrl = readersOf(ctx.dialect).some(
        (d) => fact.res[d].kind === 'known' && (fact.res[d] as { info: KeyInfo }).info.type === 'url',
      );
      if (!isUrl) continue;
      const problem = checkHttpUrl(v.value);
      if (!problem) continue;
      ctx.report({
        range: v.exact ? { start: v.range.start + problem.start, end: v.range.start + problem.end } : v.range,
        message: `${problem.message} (\`${fact.path.join('.')}\`)`,
        fixes: problem.suggestion
          ? [{ title: `Use ${problem.suggestion}`, edits: [replaceScalar(v, problem.suggestion)], preferred: true }]
          : [],
      });
    }
  },
};
