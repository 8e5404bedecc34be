import type { OffsetRange } from '../../text/model';
import { UUID } from '../catalog';
import type { EnvAssignment } from '../parse';
import type { DbtRule } from './rule';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems with one run reference `{run: {runId}, job: {namespace, name}}` at `where`. */
function runRefProblems(v: Json | undefined, where: string): string[] {
  if (!isObject(v)) return [`\`${where}\` must be an object with \`run\` and \`job\``];
  const out: string[] = [];
  const run = v['run'];
  const job = v['job'];
  if (!isObject(run) || typeof run['runId'] !== 'string') out.push(`\`${where}.run.runId\` is missing`);
  else if (!UUID.test(run['runId'])) out.push(`\`${where}.run.runId\` (\`${run['runId']}\`) is not a UUID`);
  if (!isObject(job)) out.push(`\`${where}.job\` is missing`);
  else {
    if (typeof job['namespace'] !== 'string' || !job['namespace']) out.push(`\`${where}.job.namespace\` is missing`);
    if (typeof job['name'] !== 'string' || !job['name']) out.push(`\`${where}.job.name\` is missing`);
  }
  return out;
}

function valueRange(env: EnvAssignment): OffsetRange {
  return env.valueRange.end > env.valueRange.start ? env.valueRange : env.nameRange;
}

/**
 * `OPENLINEAGE_CONTEXT` (1.52.0): the parent (and root) run as JSON
 * `{"parent": {"run": {"runId": …}, "job": {"namespace": …, "name": …}}, "root": {…}}`.
 */
export const context: DbtRule = {
  id: 'dbt/context',
  defaultSeverity: 'error',
  summary: '`OPENLINEAGE_CONTEXT` that is not JSON, or lacks `parent.run.runId` (a UUID) and `parent.job.namespace`/`name`.',
  check(ctx) {
    for (const env of ctx.doc.env) {
      if (env.name !== 'OPENLINEAGE_CONTEXT' || env.dynamic) continue;
      // An empty value unsets the variable.
      if (!env.value.trim()) continue;
      let parsed: Json;
      try {
        parsed = JSON.parse(env.value) as Json;
      } catch (e) {
        const at = /position (\d+)/.exec((e as Error).message);
        const pos = at ? Number(at[1]) : undefined;
        ctx.report({
          range:
            env.valueExact && pos !== undefined && pos < env.value.length
              ? { start: env.valueRange.start + pos, end: env.valueRange.start + pos + 1 }
              : valueRange(env),
          message: `\`OPENLINEAGE_CONTEXT\` is not valid JSON (${(e as Error).message}). Write it as \`{"parent": {"run": {"runId": "<uuid>"}, "job": {"namespace": "<ns>", "name": "<job>"}}}\`, quoted for the shell or file it is in.`,
        });
        continue;
      }
      const problems = isObject(parsed) ? runRefProblems(parsed['parent'], 'parent') : ['the value must be a JSON object'];
      if (isObject(parsed)) {
        const root = parsed['root'] ?? (isObject(parsed['parent']) ? parsed['parent']['root'] : undefined);
        if (root !== undefined) problems.push(...runRefProblems(root, 'root'));
      }
      if (!problems.length) continue;
      ctx.report({
        range: valueRange(env),
        severity: 'warning',
        message: `\`OPENLINEAGE_CONTEXT\` is not a usable run context: ${problems.join('; ')}. It needs \`{"parent": {"run": {"runId": "<uuid>"}, "job": {"namespace": "<ns>", "name": "<job>"}}}\` (plus an optional \`root\` of the same shape); otherwise dbt-ol cannot link its jobs to the parent run.`,
      });
    }
  },
};
