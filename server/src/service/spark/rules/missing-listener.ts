import { edit } from '../analysis';
import { DATABRICKS_LISTENER_CLASS, LISTENER_CLASS } from '../catalog';
import type { SparkRule } from './rule';

/**
 * OpenLineage keys are set but the listener is not registered, so nothing is emitted. A `spark.extraListeners`
 * set by `--conf` or the builder replaces the one from spark-defaults.conf, so a value without the OpenLineage
 * listener also drops it.
 */
export const missingListener: SparkRule = {
  id: 'spark/missing-listener',
  defaultSeverity: 'warning',
  summary: '`spark.openlineage.*` keys without `OpenLineageSparkListener` in `spark.extraListeners`, so nothing is sent.',
  check(ctx) {
    for (const facts of ctx.scopes) {
      if (!facts.configuresOpenLineage) continue;
      const listeners = facts.byKey.get('spark.extraListeners');
      const lastListeners = listeners?.[listeners.length - 1];
      if (lastListeners) {
        if (lastListeners.valueKind !== 'literal' || lastListeners.value.split(',').some((c) => c.trim() === LISTENER_CLASS)) continue;
        // A near-miss is reported by spark/listener-class; do not report it twice.
        if (/openlineage/i.test(lastListeners.value)) continue;
        const newValue = lastListeners.value.trim() ? `${lastListeners.value.trim()},${LISTENER_CLASS}` : LISTENER_CLASS;
        ctx.report({
          range: lastListeners.valueKind === 'literal' && lastListeners.value ? lastListeners.valueRange : lastListeners.keyRange,
          message: `\`spark.extraListeners\` does not include \`${LISTENER_CLASS}\`, so no lineage is emitted although OpenLineage is configured. This value replaces any listener list set elsewhere; add the OpenLineage listener to it.`,
          fixes: [
            {
              title: 'Add OpenLineageSparkListener to spark.extraListeners',
              edits: [edit.replaceValue(lastListeners, newValue)],
              preferred: true,
            },
          ],
        });
        continue;
      }
      // The code that made the rest of this scope's settings may register the listener.
      if (facts.scope.partial) continue;
      const first = facts.scope.entries.find((e) => e.key.startsWith('spark.openlineage.'))!;
      // On Databricks the value replaces Databricks' own listener, which must stay (spark/databricks-listener).
      const listenerValue = ctx.doc.databricks ? `${DATABRICKS_LISTENER_CLASS},${LISTENER_CLASS}` : LISTENER_CLASS;
      const insert = edit.insertInScope(facts.scope, 'spark.extraListeners', listenerValue);
      const local = ctx.doc.form === 'conf';
      ctx.report({
        range: facts.scope.anchor.end > facts.scope.anchor.start ? facts.scope.anchor : first.keyRange,
        severity: local ? 'warning' : 'information',
        message: local
          ? `OpenLineage is configured here but \`spark.extraListeners\` does not register \`${LISTENER_CLASS}\`, so nothing is emitted. Add \`spark.extraListeners ${listenerValue}\`.`
          : `OpenLineage is configured in ${facts.scope.label} but \`spark.extraListeners\` is not set here. Unless spark-defaults.conf registers \`${LISTENER_CLASS}\`, nothing is emitted: add \`spark.extraListeners=${listenerValue}\` here.`,
        fixes: insert ? [{ title: 'Register the OpenLineage listener (spark.extraListeners)', edits: [insert], preferred: local }] : [],
      });
    }
  },
};
