import type { DagRule } from './rule';

/**
 * A SQL operator's statement that openlineage-sql (sqlparser-rs, the parser the OpenLineage provider runs on
 * every SQL operator's SQL) cannot parse: the provider then reports no datasets from it, and records the
 * failure in an `extractionError` run facet (providers/openlineage/sqlparser.py; openlineage-sql's
 * `parse_multiple_statements` keeps the statements that do parse). Found by running the same parser, in the
 * same version, on the SQL as the task gives it (inline, through a variable, a list, or a `.sql` template).
 * Templated parts (`{{ … }}`) are never a failure: they are rendered at run time.
 */
export const sqlUnparsable: DagRule = {
  id: 'dags/sql-unparsable',
  defaultSeverity: 'warning',
  summary:
    'SQL of a SQL operator that the OpenLineage provider’s parser (openlineage-sql, sqlparser-rs) rejects: the task’s events carry no datasets from that statement, only an `extractionError` facet. The message gives the parser’s own error with its line and column.',
  check(ctx) {
    if (!ctx.predict) return;
    const seen = new Set<string>();
    for (const task of ctx.file.tasks) {
      const prediction = ctx.predict(task);
      if (!prediction) continue;
      for (const p of prediction.problems) {
        if (p.kind !== 'sql-parse') continue;
        // A problem in a `.sql` template is reported on the argument naming it (its offsets are in that file).
        const range =
          p.source.uri === undefined
            ? p.source.range
            : (p.argument ?? { start: task.range.start, end: task.range.start + task.operator.length });
        const key = `${range.start}:${range.end}:${p.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // DB-API parameters (`%(name)s`, `%s`) are bound by the driver after the provider has parsed the SQL.
        const dbApi = p.source.uri === undefined && /^%(\(\w+\))?s/.test(ctx.text.slice(range.start, range.start + 40));
        report(ctx, range, p.message, p.source.uri, dbApi);
      }
    }
  },
};

function report(
  ctx: Parameters<DagRule['check']>[0],
  range: { start: number; end: number },
  message: string,
  file: string | undefined,
  dbApi: boolean,
): void {
  const where = file ? ` (in ${file.slice(file.lastIndexOf('/') + 1)})` : '';
  const said = message.charAt(0).toUpperCase() + message.slice(1);
  const advice = dbApi
    ? 'the driver fills DB-API parameters in after the provider has parsed the SQL, and the parser does not take them: pass the value as a Jinja template instead (`{{ params.value }}`), which Airflow renders before the parse'
    : 'check the statement near that position, or put what sqlparser-rs does not support in a task of its own';
  ctx.report({
    range,
    message: `${said}${where}. The OpenLineage provider will report no datasets from it for this task: ${advice}.`,
    fixes: [],
  });
}
