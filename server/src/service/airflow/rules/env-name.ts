import { nearest } from '../../util/nearest';
import { ENV_VARS, EXTRACTOR_ENV, FOREIGN_ENV_NAMES, foreignEnv, LEGACY_PACKAGE, lookupEnv } from '../catalog';
import type { ProjectModel } from '../../project/model';
import type { AirflowRule } from './rule';

const KNOWN = [...ENV_VARS.map((e) => e.name), ...FOREIGN_ENV_NAMES];

/**
 * `OPENLINEAGE_*` names nothing reads. Another integration may read an unknown name, so this is at most a hint,
 * and only when the name is close to a known one. Also the `MARQUEZ_*` aliases, which only the legacy
 * openlineage-airflow reads.
 */
export const envName: AirflowRule = {
  id: 'airflow/env-name',
  defaultSeverity: 'hint',
  summary:
    'An `OPENLINEAGE_*` name close to a known variable (a likely typo), or, in a project that runs Airflow, a `MARQUEZ_*` alias that only the legacy openlineage-airflow reads (Marquez and its client read `MARQUEZ_URL` too).',
  check(ctx) {
    for (const { setting: s, env } of ctx.settings) {
      if (s.source !== 'env') continue;
      if (env?.replacement) {
        // In a project with no Airflow at all, `MARQUEZ_*` belongs to something else (the project's own app, Marquez).
        if (ctx.versions.legacyListed || !airflowInProject(ctx.project)) continue;
        ctx.report({
          range: s.keyRange,
          severity: 'warning',
          message: `\`${s.key}\` is read only by the legacy ${LEGACY_PACKAGE} (which this project does not install); the provider and the OpenLineage client ignore it. Use \`${env.replacement}\`.`,
          fixes: [{ title: `Rename to ${env.replacement}`, edits: [{ range: s.keyRange, newText: env.replacement }], preferred: true }],
        });
        continue;
      }
      if (env || !/^OPENLINEAGE_[^_]/i.test(s.key) || foreignEnv(s.key) || EXTRACTOR_ENV.test(s.key)) continue;
      const near = nearest(s.key, KNOWN, 3) ?? nearest(s.key.toUpperCase(), KNOWN, 3);
      if (!near || !lookupEnv(near)) continue;
      ctx.report({
        range: s.keyRange,
        message: `No OpenLineage integration Lineage Lens knows reads \`${s.key}\`. Did you mean \`${near}\`?`,
        fixes: [{ title: `Rename to ${near}`, edits: [{ range: s.keyRange, newText: near }] }],
      });
    }
  },
};

/**
 * Whether anything in the project shows Airflow: a version, an Airflow package, DAG files, a compose service
 * that runs Airflow. Without a project model (a lone file) nothing is known, so Airflow is assumed.
 */
function airflowInProject(p: ProjectModel): boolean {
  if (!p.files.length) return true;
  return (
    !!p.airflow ||
    !!p.airflowConflict ||
    [...p.packages.keys()].some(
      (n) => n === 'apache-airflow' || n.startsWith('apache-airflow-providers-') || n === 'openlineage-airflow',
    ) ||
    p.hasAirflowDags ||
    p.configSources.some((c) => c.kind === 'compose' && c.services.some((s) => s.airflow === true)) ||
    p.settings.some((s) => s.section !== undefined && s.form === 'airflow-cfg')
  );
}
