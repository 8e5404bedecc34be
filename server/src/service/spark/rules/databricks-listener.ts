import { edit } from '../analysis';
import { DATABRICKS_LISTENER_CLASS, LISTENER_CLASS } from '../catalog';
import type { SparkRule } from './rule';

/**
 * On Databricks, `spark.extraListeners` must keep `DBCEventLoggingListener` next to the OpenLineage listener;
 * without it the Spark UI is unreachable once the cluster shuts down.
 */
export const databricksListener: SparkRule = {
  id: 'spark/databricks-listener',
  defaultSeverity: 'warning',
  summary:
    'Databricks configuration whose `spark.extraListeners` drops `DBCEventLoggingListener` (the Spark UI breaks after cluster shutdown).',
  check(ctx) {
    if (!ctx.doc.databricks) return;
    for (const facts of ctx.scopes) {
      for (const entry of facts.byKey.get('spark.extraListeners') ?? []) {
        if (entry.valueKind !== 'literal') continue;
        const classes = entry.value.split(',').map((c) => c.trim());
        if (!classes.includes(LISTENER_CLASS) || classes.includes(DATABRICKS_LISTENER_CLASS)) continue;
        const newValue = [DATABRICKS_LISTENER_CLASS, ...classes.filter(Boolean)].join(',');
        ctx.report({
          range: entry.valueRange,
          message: `On Databricks, \`spark.extraListeners\` must also list \`${DATABRICKS_LISTENER_CLASS}\`: this value replaces Databricks’ own listener, and without it the Spark UI is unreachable after the cluster shuts down.`,
          fixes: [{ title: 'Add DBCEventLoggingListener', edits: [edit.replaceValue(entry, newValue)], preferred: true }],
        });
      }
    }
  },
};
