import { checkHttpUrl } from '../../util/url';
import { appendToValue, replaceValue } from '../edits';
import type { OmRule } from './rule';
import { trimEndChars, cutAtFirst } from '../../text/lines';

/**
 * `openmetadata_api_endpoint` is the server's API base URL and must include `/api`
 * (`http://openmetadata:8585/api`); the client adds the rest of each path itself.
 */
export const apiEndpoint: OmRule = {
  id: 'openmetadata/api-endpoint',
  defaultSeverity: 'error',
  summary: '`openmetadata_api_endpoint` without `/api`, or not an http(s) URL; quick fix appends `/api`.',
  check(ctx) {
    const view = ctx.config;
    if (!view || !view.active) return;
    for (const s of view.settings) {
      if (s.option !== 'openmetadata_api_endpoint' || s.setting.valueKind !== 'literal') continue;
      const value = s.setting.value;
      const range = s.setting.valueRange;
      if (!value.trim()) {
        ctx.report({
          range: s.setting.keyRange,
          message: `\`${s.setting.key}\` is empty; write the OpenMetadata API URL including \`/api\`, e.g. \`http://openmetadata:8585/api\` (default \`http://localhost:8585/api\`).`,
        });
        continue;
      }
      const problem = checkHttpUrl(value);
      if (problem) {
        const suggestion = problem.suggestion && withApi(problem.suggestion);
        ctx.report({
          range: s.setting.valueExact ? { start: range.start + problem.start, end: range.start + problem.end } : range,
          message: `${problem.message} \`${s.setting.key}\` must be the OpenMetadata API URL including \`/api\`: ${suggestion ? `use \`${suggestion}\`` : 'write it like `http://openmetadata:8585/api`'}.`,
          fixes: suggestion ? [{ title: `Use ${suggestion}`, edits: [replaceValue(view, s, suggestion)], preferred: true }] : [],
        });
        continue;
      }
      const url = new URL(value.trim());
      const path = trimEndChars(url.pathname, '/');
      if (/\/api$/.test(path)) continue;
      if (/\/api\//.test(path)) {
        const fixed = value.trim().replace(/(\/api)\/[^?#]*/, '$1');
        ctx.report({
          range,
          severity: 'warning',
          message: `\`${s.setting.key}\` goes past \`/api\` (\`${url.pathname}\`): it is the API base URL, and the OpenMetadata client adds the versioned paths (\`/v1/…\`) itself. Use \`${fixed}\`.`,
          fixes: [{ title: `Use ${fixed}`, edits: [replaceValue(view, s, fixed)] }],
        });
        continue;
      }
      const trailing = value.length - trimEndChars(value, '/').length;
      const edit =
        trailing || url.search || url.hash || !s.setting.valueExact
          ? replaceValue(view, s, withApi(value.trim()))
          : appendToValue(view, s, '/api');
      ctx.report({
        range,
        message: `\`${s.setting.key}\` must include \`/api\`: the OpenMetadata client sends its requests below that path (\`/api/v1/…\`), so without it they miss the API and no lineage reaches OpenMetadata. Use \`${withApi(value.trim())}\`.`,
        fixes: [{ title: 'Append /api', edits: [edit], preferred: true }],
      });
    }
  },
};

/** The URL with `/api` as the end of its path. */
function withApi(url: string): string {
  // `/^([^?#]*?)\/*([?#].*)?$/` by hand (quadratic on `////…`).
  const base = trimEndChars(cutAtFirst(url, '?#'), '/');
  const rest = url.slice(cutAtFirst(url, '?#').length);
  return base.endsWith('/api') ? url : `${base}/api${rest}`;
}
