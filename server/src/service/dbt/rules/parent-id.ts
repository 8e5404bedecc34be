import { UUID } from '../catalog';
import type { DbtRule } from './rule';

/** `OPENLINEAGE_PARENT_ID` / `OPENLINEAGE_ROOT_PARENT_ID`: exactly `namespace/job_name/run_id`, else ignored. */
export const parentId: DbtRule = {
  id: 'dbt/parent-id',
  defaultSeverity: 'warning',
  summary:
    '`OPENLINEAGE_PARENT_ID` / `OPENLINEAGE_ROOT_PARENT_ID` not of the form `namespace/job_name/run_id` (dbt-ol ignores it), or a run id that is not a UUID.',
  check(ctx) {
    for (const env of ctx.doc.env) {
      if ((env.name !== 'OPENLINEAGE_PARENT_ID' && env.name !== 'OPENLINEAGE_ROOT_PARENT_ID') || env.dynamic) continue;
      // An empty value unsets the variable.
      if (!env.value.trim()) continue;
      const value = env.value.trim();
      const range = env.valueRange.end > env.valueRange.start ? env.valueRange : env.nameRange;
      const parts = value.split('/');
      if (parts.length !== 3 || parts.some((p) => !p)) {
        ctx.report({
          range,
          message: `\`${env.name}\` must be exactly \`namespace/job_name/run_id\` (three non-empty parts separated by \`/\`); \`${value}\` has ${parts.length} part${parts.length === 1 ? '' : 's'}${parts.some((p) => !p) && parts.length === 3 ? ', one of them empty' : ''}, so dbt-ol ignores it with a warning and its jobs get no parent. In Airflow, use \`{{ macros.OpenLineageProviderPlugin.lineage_${env.name === 'OPENLINEAGE_PARENT_ID' ? 'parent_id' : 'root_parent_id'}(task_instance) }}\`.`,
        });
        continue;
      }
      const run = parts[2]!;
      if (!UUID.test(run)) {
        const at = value.lastIndexOf('/') + 1;
        ctx.report({
          range: env.valueExact
            ? {
                start: env.valueRange.start + (env.value.indexOf(value) + at),
                end: env.valueRange.start + env.value.indexOf(value) + value.length,
              }
            : range,
          message: `The run id in \`${env.name}\` must be a UUID (the parent run’s \`runId\`); \`${run}\` is not one, so the parent link points to no run.`,
        });
      }
    }
  },
};
