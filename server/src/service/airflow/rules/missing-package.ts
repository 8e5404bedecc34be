import { projectFileKind } from '../../project/index';
import { literal } from '../analysis';
import { LEGACY_BACKEND, LEGACY_PACKAGE, PROVIDER, SECTION } from '../catalog';
import type { AirflowRule } from './rule';

/**
 * Configuration for a package the project does not install: `[openlineage]` options without
 * apache-airflow-providers-openlineage, the OpenLineage lineage backend without openlineage-airflow. Only judged
 * when the project has requirements and its Airflow does not come from an image (Astro Runtime ships the
 * provider; the apache/airflow image ships a set of providers) and `apache-airflow` itself is not listed (its
 * `[openlineage]` extra installs the provider).
 */
export const missingPackage: AirflowRule = {
  id: 'airflow/missing-package',
  defaultSeverity: 'warning',
  summary:
    '`[openlineage]` options set but `apache-airflow-providers-openlineage` is not in the requirements (and no Astro Runtime image ships it), or the OpenLineage lineage backend without `openlineage-airflow`.',
  check(ctx) {
    const v = ctx.versions;
    // docker-compose projects usually run the apache/airflow image (which ships providers); the project model
    // does not record compose images, so they are not judged.
    if (
      !v.hasRequirements ||
      v.airflow?.fromImage ||
      ctx.project.airflowConflict ||
      ctx.project.files.some((f) => projectFileKind(f) === 'compose')
    )
      return;
    let providerReported = false;
    for (const { setting: s, option } of ctx.settings) {
      // An empty option (`config_path =` in a generated airflow.cfg) configures nothing.
      if (
        option?.section === SECTION &&
        s.value.trim() &&
        !v.providerListed &&
        !ctx.project.packages.has('apache-airflow') &&
        !providerReported
      ) {
        providerReported = true;
        ctx.report({
          range: s.keyRange,
          message: `\`${s.key}\` configures ${PROVIDER}, but no requirements file of the project lists it, so nothing reads the \`[openlineage]\` settings. Add \`${PROVIDER}\` to requirements.txt (or install it some other way).`,
        });
      }
      if (
        option?.section === 'lineage' &&
        option.option === 'backend' &&
        literal(s) &&
        s.value.trim() === LEGACY_BACKEND &&
        !v.legacyListed
      ) {
        ctx.report({
          range: s.valueRange,
          message: `\`${LEGACY_BACKEND}\` comes from ${LEGACY_PACKAGE}, which no requirements file of the project lists: Airflow fails to import the backend. Add ${LEGACY_PACKAGE} (Airflow 2.1–2.2 only) or remove the backend.`,
        });
      }
    }
  },
};
