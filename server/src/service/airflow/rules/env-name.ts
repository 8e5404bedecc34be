import { nearest } from '../../util/nearest';
import { ENV_VARS, EXTRACTOR_ENV, FOREIGN_ENV_NAMES, foreignEnv, LEGACY_PACKAGE } from '../catalog';
import type { ProjectModel } from '../../project/model';
import type { AirflowRule } from './rule';

/** Suggestions: the names OpenLineage reads (not the `MARQUEZ_*` aliases). */
const KNOWN = [...ENV_VARS.filter((e) => !e.replacement).map((e) => e.name), ...FOREIGN_ENV_NAMES];

/**
 * `OPENLINEAGE_*` names no OpenLineage client or integration reads (docs/upstream/airflow.md#environment-variables:
 * the Python and Java clients, the Airflow provider, openlineage-airflow, dbt-ol; `OPENLINEAGE__*` names are the
 * clients' nested configuration and airflow/dynamic-env-key checks them). A name close to a known one is a typo: a
 * warning with the rename. Any other name may be read by the project's own code or another library, so it is only
 * information. Also the `MARQUEZ_*` aliases, which only the legacy openlineage-airflow reads.
 */
export const envName: AirflowRule = {
  id: 'airflow/env-name',
  defaultSeverity: 'warning',
  summary:
    'An `OPENLINEAGE_*` variable no OpenLineage client or integration reads: a warning with the rename when it is close to a known name (a typo), information otherwise; or, in a project that runs Airflow, a `MARQUEZ_*` alias only the legacy openlineage-airflow reads.',
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
      if (near) {
        ctx.report({
          range: s.keyRange,
          message: `No OpenLineage client or integration reads \`${s.key}\`, so it has no effect. Did you mean \`${near}\`?`,
          fixes: [{ title: `Rename to ${near}`, edits: [{ range: s.keyRange, newText: near }], preferred: true }],
        });
        continue;
      }
      ctx.report({
        range: s.keyRange,
        severity: 'information',
        message: `No OpenLineage client or integration (the Python and Java clients, the Spark listener, the Airflow provider, openlineage-airflow, dbt-ol) reads \`${s.key}\`, so it configures nothing; nested client settings are written \`OPENLINEAGE__SECTION__KEY\`. If your own code reads it, ignore this.`,
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
