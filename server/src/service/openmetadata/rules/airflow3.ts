import { OM_AIRFLOW3_DOCS } from '../catalog';
import type { OmRule } from './rule';
import { trimEndChars } from '../../text/lines';

/** Airflow 3 removed lineage backends: the OpenMetadata backend is never loaded there. */
export const airflow3: OmRule = {
  id: 'openmetadata/airflow3',
  defaultSeverity: 'error',
  summary:
    'The OpenMetadata lineage backend on Airflow 3, which removed lineage backends; says what replaces it (the OpenLineage provider pushing to OpenMetadata).',
  check(ctx) {
    const view = ctx.config;
    if (!view || !ctx.airflow?.major3) return;
    if (view.backend.kind !== 'om' || !view.backend.setting) return;
    const s = view.backend.setting;
    const endpoint = view.last('openmetadata_api_endpoint');
    const server =
      endpoint && endpoint.setting.valueKind === 'literal'
        ? trimEndChars(endpoint.setting.value.trim(), '/').replace(/\/api$/, '')
        : '<OpenMetadata server URL>';
    const transport = `{"type": "http", "url": "${server}", "endpoint": "api/v1/openlineage/lineage", "auth": {"type": "api_key", "apiKey": "<bot JWT>"}}`;
    ctx.report({
      range: s.setting.keyRange,
      ...(ctx.airflow.verified ? {} : { severity: 'warning' as const }),
      message:
        `This project runs ${ctx.airflow.how}. Airflow 3 removed lineage backends (apache/airflow#48421), so this OpenMetadata backend is never loaded and the other [lineage] options do nothing. ` +
        `For Airflow 3, OpenMetadata recommends the OpenLineage provider (apache-airflow-providers-openlineage) pushing to OpenMetadata's \`POST /api/v1/openlineage/lineage\`: install the provider, set AIRFLOW__OPENLINEAGE__TRANSPORT to ${transport} (the bot JWT from a secret), then remove this [lineage] configuration. See ${OM_AIRFLOW3_DOCS}`,
    });
  },
};
