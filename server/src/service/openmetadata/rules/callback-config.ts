import type { OffsetRange } from '../../text/model';
import { CALLBACK_MODULE, CONFIG_FILE_ENV, OM_DOCS, type CallbackName } from '../catalog';
import type { OmRule } from './rule';

/**
 * OpenMetadata's callbacks read the same `[lineage]` configuration as the backend. A DAG using them in a
 * workspace where nothing sets it gets nothing recorded: the callback logs "Missing lineage backend
 * configuration" (newest versions) and returns.
 */
export const callbackConfig: OmRule = {
  id: 'openmetadata/callback-config',
  defaultSeverity: 'warning',
  summary:
    "A DAG uses OpenMetadata's `failure_callback`/`success_callback`, but no workspace file configures OpenMetadata's `[lineage]` options they read.",
  check(ctx) {
    const dag = ctx.dag;
    // Without workspace files (a single file checked alone), there is nothing to compare with.
    if (!dag || !ctx.project.files.length) return;
    const configured = ctx.project.settings.some(
      (s) => (s.section === 'lineage' && s.option === 'airflow_service_name' && s.value.trim()) || s.key === CONFIG_FILE_ENV,
    );
    if (configured) return;
    const where = new Map<CallbackName, OffsetRange>();
    for (const imp of dag.imports) {
      if (!imp.from || imp.module !== CALLBACK_MODULE) continue;
      for (const n of imp.names)
        if ((n.name === 'failure_callback' || n.name === 'success_callback') && !where.has(n.name)) where.set(n.name, n.range);
    }
    for (const use of dag.uses) if (use.fromCallbackModule && !where.has(use.callback)) where.set(use.callback, use.range);
    for (const [callback, range] of where) {
      ctx.report({
        range,
        message:
          `\`${callback}\` reads OpenMetadata's [lineage] configuration (the lineage backend's: airflow_service_name, openmetadata_api_endpoint, jwt_token), but no file in this workspace sets airflow_service_name (airflow.cfg [lineage], or AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME in .env, a Dockerfile or docker-compose) or ${CONFIG_FILE_ENV}. ` +
          `Without it the callback only logs "Missing lineage backend configuration" (newest openmetadata-ingestion) and OpenMetadata records nothing. Add the [lineage] options as for the backend (${OM_DOCS}); if your deployment sets them outside this workspace, ignore this warning.`,
      });
    }
  },
};
