import { checkHttpUrl } from '../../util/url';
import { literal, replaceValue } from '../analysis';
import type { AirflowRule } from './rule';

/**
 * `OPENLINEAGE_URL` (and the legacy `MARQUEZ_URL`) must be an absolute http(s) URL: the server's base URL, to
 * which the client appends `OPENLINEAGE_ENDPOINT` (default `api/v1/lineage`).
 */
export const url: AirflowRule = {
  id: 'airflow/url',
  defaultSeverity: 'error',
  summary:
    'A malformed `OPENLINEAGE_URL` (no scheme, no host, whitespace), or one that already ends with the `api/v1/lineage` endpoint the client appends.',
  check(ctx) {
    for (const { setting: s, env } of ctx.settings) {
      if (env?.type !== 'url' || !literal(s) || !s.value.trim()) continue;
      const problem = checkHttpUrl(s.value);
      if (problem) {
        const edit = problem.suggestion ? replaceValue(s, problem.suggestion) : undefined;
        ctx.report({
          range: s.valueExact ? { start: s.valueRange.start + problem.start, end: s.valueRange.start + problem.end } : s.valueRange,
          message: `${problem.message} (\`${s.key}\`; the OpenLineage client cannot send events to it.)`,
          fixes: edit ? [{ title: `Use ${problem.suggestion}`, edits: [edit], preferred: true }] : [],
        });
        continue;
      }
      const m = /\/api\/v1\/lineage\/?$/.exec(s.value.trim());
      const hasEndpoint =
        ctx.project.settings.some((o) => o.key === 'OPENLINEAGE_ENDPOINT') ||
        ctx.settings.some((o) => o.setting.key === 'OPENLINEAGE_ENDPOINT');
      if (m && !hasEndpoint) {
        const base = s.value.trim().slice(0, m.index);
        const edit = replaceValue(s, base);
        ctx.report({
          range: s.valueRange,
          severity: 'warning',
          message: `\`${s.key}\` should be the server's base URL: the client appends \`OPENLINEAGE_ENDPOINT\` (default \`api/v1/lineage\`), so events would go to \`…/api/v1/lineage/api/v1/lineage\`. Use \`${base}\`.`,
          fixes: edit ? [{ title: `Use ${base}`, edits: [edit], preferred: true }] : [],
        });
      }
    }
  },
};
