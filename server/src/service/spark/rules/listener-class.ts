import { edit, valueSubRange } from '../analysis';
import { DATABRICKS_LISTENER_CLASS, LISTENER_CLASS } from '../catalog';
import { nearest } from '../../util/nearest';
import type { SparkRule } from './rule';

const KNOWN_LISTENERS = [LISTENER_CLASS, DATABRICKS_LISTENER_CLASS];

/** A misspelled listener class in `spark.extraListeners`: Spark fails to start the application with ClassNotFoundException. */
export const listenerClass: SparkRule = {
  id: 'spark/listener-class',
  defaultSeverity: 'error',
  summary: 'A misspelled OpenLineage or Databricks listener class in `spark.extraListeners` (Spark fails with ClassNotFoundException).',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const entry of facts.byKey.get('spark.extraListeners') ?? []) {
        if (entry.valueKind !== 'literal') continue;
        let from = 0;
        for (const part of entry.value.split(',')) {
          const lead = part.length - part.trimStart().length;
          const cls = part.trim();
          const start = from + lead;
          from += part.length + 1;
          if (!cls || KNOWN_LISTENERS.includes(cls)) continue;
          const near = nearest(cls, KNOWN_LISTENERS, 6) ?? (/openlineage/i.test(cls) && /listener/i.test(cls) ? LISTENER_CLASS : undefined);
          if (!near) continue;
          const range = valueSubRange(entry, start, start + cls.length);
          const newValue = entry.value.slice(0, start) + near + entry.value.slice(start + cls.length);
          ctx.report({
            range,
            message: `\`${cls}\` is not a listener class; Spark will fail to start with ClassNotFoundException. Did you mean \`${near}\`?`,
            fixes: [
              {
                title: `Replace with ${near}`,
                edits: [entry.valueExact ? { range, newText: near } : edit.replaceValue(entry, newValue)],
                preferred: true,
              },
            ],
          });
        }
      }
    }
  },
};
