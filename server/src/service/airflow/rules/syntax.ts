import type { AirflowRule } from './rule';

/**
 * Files that Airflow, docker compose or the Astro CLI cannot read: a line of airflow.cfg or .env that is not a
 * setting, an unclosed quote, invalid YAML in docker-compose or airflow_settings.yaml.
 */
export const syntax: AirflowRule = {
  id: 'airflow/syntax',
  defaultSeverity: 'error',
  summary:
    'A line of `airflow.cfg` or `.env` that is not a setting, an unclosed quote, or invalid YAML in docker-compose / `airflow_settings.yaml`.',
  check(ctx) {
    const widen = (r: { start: number; end: number }) => {
      if (r.end > r.start) return r;
      // An empty range (a YAML error offset): cover the rest of the line, or the character before the end.
      let end = ctx.text.indexOf('\n', r.start);
      if (end < 0) end = ctx.text.length;
      if (ctx.text[end - 1] === '\r') end--;
      return end > r.start ? { start: r.start, end } : { start: Math.max(0, r.start - 1), end: r.start };
    };
    for (const p of ctx.doc.settings?.syntaxProblems ?? []) ctx.report({ range: widen(p.range), message: p.message });
    const error = ctx.doc.yaml?.error;
    if (error) {
      ctx.report({
        range: widen({ start: error.offset, end: error.offset }),
        message: `This file is not valid YAML (${error.message}); \`astro dev start\` cannot load the connections, variables and pools in it. Fix the YAML.`,
      });
    }
  },
};
