import { edit, last } from '../analysis';
import { OL_PREFIX } from '../catalog';
import type { Fix } from '../../rules/rule';
import type { SparkRule } from './rule';

/**
 * `spark.openlineage.job.name` / `job.namespace`: the Java client reads them into its `JobConfig`, but the
 * Spark integration reads only `job.tags` and `job.owners` from it (docs/upstream/spark.md#java-client-sections).
 * Spark job names come from `spark.openlineage.appName` (else `spark.app.name`), the job namespace from
 * `spark.openlineage.namespace`.
 */
const IGNORED: Readonly<Record<string, { readonly use: string; readonly what: string }>> = {
  'job.name': {
    use: 'appName',
    what: 'Spark job names are built from `spark.openlineage.appName` (when set, else the Spark application name, `spark.app.name`) plus the action and dataset, as `<appName>.<action>.<dataset>`',
  },
  'job.namespace': {
    use: 'namespace',
    what: 'the namespace of Spark jobs is `spark.openlineage.namespace` (default `default`)',
  },
};

export const ignoredJobKey: SparkRule = {
  id: 'spark/ignored-job-key',
  defaultSeverity: 'warning',
  summary:
    '`spark.openlineage.job.name` / `job.namespace`: read by the Java client but never used by the Spark integration, which names jobs from `appName` (or `spark.app.name`) and `namespace`.',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const entry of facts.scope.entries) {
        const hit = entry.key.startsWith(OL_PREFIX) ? IGNORED[entry.key.slice(OL_PREFIX.length)] : undefined;
        if (!hit) continue;
        const target = OL_PREFIX + hit.use;
        // Renaming would set the same key twice; then the key is only removed by hand.
        const taken = !!last(facts, target);
        const fixes: Fix[] = taken ? [] : [{ title: `Replace with ${target}`, edits: [edit.replaceKey(entry, target)], preferred: true }];
        ctx.report({
          range: entry.keyRange,
          message: `\`${entry.key}\` does nothing in Spark: the OpenLineage Java client reads it, but the Spark integration uses only \`job.tags\` and \`job.owners\` from that section, so the value is silently dropped; ${hit.what}. ${taken ? `\`${target}\` is already set here, so remove this line.` : `Use \`${target}\` instead.`}`,
          tags: ['unnecessary'],
          fixes,
        });
      }
    }
  },
};
