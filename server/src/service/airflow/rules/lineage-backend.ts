import type { Finding, Fix } from '../../rules/rule';
import { airflowVersionUnknown } from '../../project/wording';
import { atLeast, literal, removal } from '../analysis';
import { LEGACY_BACKEND, LEGACY_PACKAGE, PROVIDER } from '../catalog';
import type { AirflowRule } from './rule';

/**
 * `[lineage] backend` for the OpenLineage backend of the legacy openlineage-airflow (only for Airflow 2.1–2.2;
 * Airflow 2.3+ registers openlineage-airflow as a plugin; gone from the package in 1.15.0), and any backend on
 * Airflow 3, which removed lineage backends. OpenMetadata's backend is left to the OpenMetadata rules.
 */
export const lineageBackend: AirflowRule = {
  id: 'airflow/lineage-backend',
  defaultSeverity: 'warning',
  summary:
    '`[lineage] backend` set to the OpenLineage backend outside Airflow 2.1–2.2 (where it is not needed or missing), or any non-OpenMetadata lineage backend on Airflow 3, where it does nothing.',
  check(ctx) {
    const airflow = ctx.versions.airflow;
    for (const { setting: s, option } of ctx.settings) {
      if (option?.section !== 'lineage' || option.option !== 'backend' || !literal(s)) continue;
      const value = s.value.trim();
      if (!value || /openmetadata/i.test(value)) continue;
      const openlineage = value === LEGACY_BACKEND || /^openlineage\.lineage_backend\b/.test(value);
      const cut = ctx.doc.settings ? removal(ctx.text, ctx.doc.settings, s) : undefined;
      const remove: Fix[] = cut
        ? [{ title: `Remove ${s.source === 'cfg' ? 'backend' : s.key}`, edits: [{ range: cut, newText: '' }] }]
        : [];
      const report = (f: Omit<Finding, 'range'>) => ctx.report({ range: s.valueRange, ...f });
      if (airflow && atLeast(airflow.version, '3')) {
        report({
          severity: airflow.verified ? 'error' : 'warning',
          tags: ['unnecessary'],
          message: `\`[lineage] backend\` does nothing on ${airflow.label}: Airflow 3.0 removed lineage backends (and \`airflow.lineage.entities\`)${openlineage ? `. For OpenLineage use ${PROVIDER}, which needs no backend` : ''}. Remove the setting.`,
          fixes: remove,
        });
        continue;
      }
      if (!openlineage) continue;
      const legacyPin = ctx.versions.legacy?.pinned;
      if (legacyPin && atLeast(legacyPin.version, '1.15.0')) {
        report({
          severity: 'error',
          message: `\`${LEGACY_BACKEND}\` is gone from ${LEGACY_PACKAGE} since 1.15.0, and this project has ${legacyPin.label}: the import fails. ${airflow && !atLeast(airflow.version, '2.3') ? `On ${airflow.label} pin ${LEGACY_PACKAGE}==1.14.0 (the last version for Airflow 2.1–2.2).` : `Remove the backend${airflow && atLeast(airflow.version, '2.8') ? ` and use ${PROVIDER}` : ''}.`}`,
          fixes: remove,
        });
        continue;
      }
      if (!airflow) {
        report({
          severity: 'information',
          message: `\`${LEGACY_BACKEND}\` is only for Airflow 2.1–2.2 (Airflow 2.3+ registers ${LEGACY_PACKAGE} as a plugin, so no backend is needed; on Airflow 2.8+ use ${PROVIDER}; Airflow 3 has no lineage backends). This cannot be checked: ${airflowVersionUnknown(ctx.project)}.`,
        });
        continue;
      }
      if (!atLeast(airflow.version, '2.1')) {
        report({ severity: 'warning', message: `\`${LEGACY_BACKEND}\` needs Airflow 2.1 or 2.2; this project has ${airflow.label}.` });
        continue;
      }
      if (!atLeast(airflow.version, '2.3')) continue; // the supported case
      report({
        severity: airflow.verified ? 'warning' : 'information',
        tags: ['unnecessary'],
        message: atLeast(airflow.version, '2.8')
          ? `\`${LEGACY_BACKEND}\` is for Airflow 2.1–2.2, and ${LEGACY_PACKAGE} must not be used on ${airflow.label}. Remove the backend and use ${PROVIDER}, configured in \`[openlineage]\` (no backend needed).`
          : `\`${LEGACY_BACKEND}\` is only needed on Airflow 2.1–2.2; on ${airflow.label} ${LEGACY_PACKAGE} registers itself as a plugin, so remove the backend.`,
        fixes: remove,
      });
    }
  },
};
