import { nearest } from '../../util/nearest';
import { CLIENT_TOP_KEYS, SECTION } from '../catalog';
import type { AirflowRule } from './rule';
import { olConnections } from '../connections';

/**
 * The OpenLineage connection of an Astro `airflow_settings.yaml`: the provider reads the connection named by
 * `[openlineage] config_conn_id` and takes the client configuration from its extra. Checks that the link is
 * set, that the extra is an object of client config (`transport`, `facets`, `filters`, `tags`). Its transport
 * is checked by the transport rules. The extra's structure is unverified upstream
 * (docs/upstream/airflow.md#provider-options): warnings only.
 */
export const openlineageConnection: AirflowRule = {
  id: 'airflow/openlineage-connection',
  defaultSeverity: 'warning',
  summary:
    'In `airflow_settings.yaml`: an OpenLineage connection that `[openlineage] config_conn_id` does not name, or whose extra is not an object of OpenLineage client config.',
  check(ctx) {
    if (ctx.doc.kind !== 'airflow-settings') return;
    const configured = ctx.project.settings.filter((s) => s.section === SECTION && s.option === 'config_conn_id' && s.value.trim());
    for (const c of olConnections(ctx.doc, ctx.project)) {
      if (!configured.length) {
        ctx.report({
          range: c.idRange,
          severity: 'information',
          message: `The connection \`${c.id}\` looks like OpenLineage configuration, but no \`[openlineage] config_conn_id\` (\`AIRFLOW__OPENLINEAGE__CONFIG_CONN_ID\`) in the project names it, so the provider does not read it. Set \`AIRFLOW__OPENLINEAGE__CONFIG_CONN_ID=${c.id}\`.`,
        });
      }
      if (!c.extra) {
        ctx.report({
          range: c.idRange,
          message: `The OpenLineage connection \`${c.id}\` has no \`conn_extra\`; the provider takes the client configuration (e.g. \`transport\`) from the extra. Add \`conn_extra: {transport: {type: http, url: …}}\`.`,
        });
        continue;
      }
      if (c.extra.kind !== 'object') {
        ctx.report({
          range: c.extra.range,
          message: `\`conn_extra\` of \`${c.id}\` must be an object of OpenLineage client configuration (\`transport\`, \`facets\`, \`filters\`, \`tags\`).`,
        });
        continue;
      }
      for (const e of c.extra.entries) {
        if (CLIENT_TOP_KEYS.includes(e.key)) continue;
        const near = nearest(e.key, CLIENT_TOP_KEYS);
        ctx.report({
          range: e.keyRange,
          message: `The OpenLineage client ignores \`${e.key}\` in the extra of \`${c.id}\`; it reads ${CLIENT_TOP_KEYS.map((k) => `\`${k}\``).join(', ')}.${near ? ` Did you mean \`${near}\`?` : ''}`,
        });
      }
    }
  },
};
