import { nearest } from '../../util/nearest';
import { DBT_ENV, DBT_ENV_VARS } from '../catalog';
import type { DbtRule } from './rule';

const NAMES = DBT_ENV_VARS.map((v) => v.name);

/** `OPENLINEAGE_DBT_*` variables dbt-ol does not read (typos such as `OPENLINEAGE_DBT_JOBNAME`). */
export const unknownEnvVar: DbtRule = {
  id: 'dbt/unknown-env-var',
  defaultSeverity: 'warning',
  summary: 'An `OPENLINEAGE_DBT_*` variable dbt-ol does not read (a typo); suggests the nearest known one.',
  check(ctx) {
    for (const env of ctx.doc.env) {
      if (!env.name.startsWith('OPENLINEAGE_DBT_') || DBT_ENV.has(env.name)) continue;
      const near = nearest(env.name, NAMES, 4);
      ctx.report({
        range: env.nameRange,
        message: `dbt-ol does not read \`${env.name}\`, so it has no effect.${
          near
            ? ` Did you mean \`${near}\`?`
            : ` Its variables are ${NAMES.filter((n) => n.startsWith('OPENLINEAGE_DBT_'))
                .map((n) => `\`${n}\``)
                .join(', ')}.`
        }`,
        fixes: near ? [{ title: `Replace with ${near}`, edits: [{ range: env.nameRange, newText: near }], preferred: true }] : [],
      });
    }
  },
};
