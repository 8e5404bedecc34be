import { CONFIG_FILE_ENV } from '../catalog';
import { keyFor } from '../config';
import type { OmRule } from './rule';

/**
 * `airflow_service_name` is what makes the loader read `[lineage]` at all: unset (and no JSON file named by
 * OPENMETADATA_LINEAGE_CONFIG), the newest versions raise "Missing lineage backend configuration" and send
 * nothing; old versions fell back to service `airflow` on localhost.
 */
export const serviceName: OmRule = {
  id: 'openmetadata/service-name',
  defaultSeverity: 'error',
  summary: 'The OpenMetadata backend without `airflow_service_name` (empty, or set nowhere in the workspace): nothing is sent.',
  check(ctx) {
    const view = ctx.config;
    if (!view || !view.active) return;
    const key = keyFor(view, 'airflow_service_name');
    const here = view.last('airflow_service_name');
    if (here) {
      if (here.setting.valueKind === 'literal' && !here.setting.value.trim()) {
        ctx.report({
          range: here.setting.keyRange,
          message: `\`${here.setting.key}\` is empty, which the OpenMetadata loader treats as unset: the newest openmetadata-ingestion raises "Missing lineage backend configuration" and sends nothing. Write the name of the Airflow pipeline service in OpenMetadata there.`,
        });
      }
      return;
    }
    // Reported once, where the backend is selected.
    if (view.backend.kind !== 'om' || !view.backend.setting) return;
    const elsewhere = view.elsewhereOf('airflow_service_name');
    const configFile = view.elsewhere.find((f) => f.key === CONFIG_FILE_ENV) ?? view.doc.settings.find((s) => s.key === CONFIG_FILE_ENV);
    if (elsewhere || configFile) return;
    ctx.report({
      range: view.backend.setting.setting.keyRange,
      severity: 'warning',
      message:
        `The OpenMetadata backend needs \`airflow_service_name\` (the Airflow pipeline service's name in OpenMetadata), and it is set neither here nor anywhere in the workspace (as \`${key}\`, AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME, or a JSON file named by ${CONFIG_FILE_ENV}). ` +
        `Without it the newest openmetadata-ingestion raises "Missing lineage backend configuration" and sends nothing (old versions fell back to the service \`airflow\` on localhost). Add \`${view.doc.form === 'airflow-cfg' ? `${key} = <service name>` : `${key}=<service name>`}\`${view.doc.form === 'airflow-cfg' ? ' under [lineage]' : ''}; if your deployment sets it outside this workspace, ignore this warning.`,
    });
  },
};
