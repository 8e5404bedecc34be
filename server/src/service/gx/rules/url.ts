import { isTemplated } from '../../util/template';
import { checkHttpUrl } from '../../util/url';
import { pair } from '../../yaml/ast';
import { clean, scalarOf } from '../model';
import type { GxRule } from './rule';

/**
 * `openlineage_host` must be an absolute http(s) URL with a host: the action hands it to the Python client's
 * legacy HTTP constructor, which appends the endpoint (`api/v1/lineage`) itself.
 */
export const url: GxRule = {
  id: 'gx/url',
  defaultSeverity: 'error',
  summary: 'A malformed `openlineage_host` (no scheme, no host, whitespace), or one that already ends in the `api/v1/lineage` endpoint.',
  check(ctx) {
    for (const action of ctx.doc.actions) {
      if (action.flavor === 'other') continue;
      const p = pair(action.map, 'openlineage_host');
      const s = scalarOf(p?.value);
      if (!p || !s) continue;
      const value = clean(s.value);
      if (!value || isTemplated(value)) continue;
      const sub = (from: number, to: number) => (s.exact ? { start: s.range.start + from, end: s.range.start + to } : s.range);
      const problem = checkHttpUrl(value);
      if (problem) {
        ctx.report({
          range: sub(problem.start, problem.end),
          message: `${problem.message} (\`openlineage_host\`: the OpenLineage client posts the events to this URL)`,
          fixes: problem.suggestion
            ? [
                {
                  title: `Use ${problem.suggestion}`,
                  edits: [{ range: sub(0, value.length), newText: problem.suggestion }],
                  preferred: true,
                },
              ]
            : [],
        });
        continue;
      }
      const endpoint = /\/?api\/v1\/lineage\/?$/.exec(value);
      if (endpoint) {
        const base = value.slice(0, endpoint.index);
        ctx.report({
          range: sub(endpoint.index, value.length),
          severity: 'warning',
          message: `\`openlineage_host\` ends with the endpoint \`api/v1/lineage\`, which the Python client appends itself (its default endpoint), so events would go to \`…/api/v1/lineage/api/v1/lineage\`. Give the base URL: \`${base}\`.`,
          fixes: [{ title: `Use ${base}`, edits: [{ range: sub(0, value.length), newText: base }], preferred: true }],
        });
      }
    }
  },
};
