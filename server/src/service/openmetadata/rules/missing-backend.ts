import { BACKEND_CURRENT, BACKEND_OLD, BACKEND_RENAMED_IN, OM_SPECIFIC } from '../catalog';
import { keyFor } from '../config';
import { addOption, replaceValue } from '../edits';
import { atLeast, omVersionText } from '../versions';
import type { OmRule } from './rule';

/** OpenMetadata `[lineage]` options with no `backend` anywhere: Airflow never loads the backend that reads them. */
export const missingBackend: OmRule = {
  id: 'openmetadata/missing-backend',
  defaultSeverity: 'warning',
  summary:
    'OpenMetadata `[lineage]` options but no `backend` line selecting the OpenMetadata backend, here or anywhere in the workspace; quick fix adds it.',
  check(ctx) {
    const view = ctx.config;
    if (!view || !view.active || view.backend.kind !== 'none') return;
    const first = view.settings.find((s) => OM_SPECIFIC.has(s.option));
    if (!first) return;
    const current = atLeast(ctx.om, BACKEND_RENAMED_IN);
    const path = current === false ? BACKEND_OLD : BACKEND_CURRENT;
    const key = keyFor(view, 'backend');
    // An empty `backend =` line gets its value; otherwise a new line (a second `backend` would be a duplicate option).
    const empty = view.settings.find((s) => s.option === 'backend');
    const edit = empty ? replaceValue(view, empty, path) : addOption(view, 'backend', path);
    ctx.report({
      range: empty ? empty.setting.keyRange : view.doc.form === 'airflow-cfg' && view.header ? view.header : first.setting.keyRange,
      message:
        `These [lineage] options configure OpenMetadata's lineage backend, but no \`backend\` selects it (not here, nor as AIRFLOW__LINEAGE__BACKEND anywhere in the workspace), so Airflow never loads it and nothing is sent. ` +
        `Add \`${key}${view.doc.form === 'airflow-cfg' ? ' = ' : '='}${path}\` (${current === undefined ? `the path from openmetadata-ingestion ${BACKEND_RENAMED_IN} on; ${omVersionText(ctx.om)}` : `the path for ${omVersionText(ctx.om)}`}).`,
      fixes: edit ? [{ title: `Add ${key}`, edits: [edit] }] : [],
    });
  },
};
