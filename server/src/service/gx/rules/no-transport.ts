import { pair } from '../../yaml/ast';
import { OL_ACTION_CLASS } from '../catalog';
import { insertPairAfter } from '../edits';
import { cleanRange } from './action-class';
import { clean, scalarOf } from '../model';
import type { GxRule } from './rule';

const TRANSPORT_VARS = /^(OPENLINEAGE_URL|OPENLINEAGE_CONFIG|OPENLINEAGE__TRANSPORT(__.*)?)$/;

/**
 * Without `openlineage_host` the action builds its client from the environment (`OPENLINEAGE_URL`,
 * `OPENLINEAGE__TRANSPORT…`, `openlineage.yml`); with none of them the Python client falls back to the
 * console transport, so nothing reaches the lineage backend. Checked only when the workspace is indexed;
 * variables set outside it (a deployment) are not visible, hence information.
 */
export const noTransport: GxRule = {
  id: 'gx/no-transport',
  defaultSeverity: 'information',
  summary:
    'An OpenLineage action without `openlineage_host` in a workspace that sets no `OPENLINEAGE_URL`/`OPENLINEAGE__TRANSPORT`/`openlineage.yml`: events go to the console.',
  check(ctx) {
    if (!ctx.project.files.length) return;
    const configured =
      ctx.project.openlineageYmls.length > 0 || ctx.project.settings.some((s) => TRANSPORT_VARS.test(s.key) && s.value.trim() !== '');
    if (configured) return;
    for (const action of ctx.doc.actions) {
      if (action.flavor !== 'openlineage' || !action.classPair) continue;
      const host = scalarOf(pair(action.map, 'openlineage_host')?.value);
      if (host && clean(host.value) && !/^(~|null)$/i.test(clean(host.value))) continue;
      ctx.report({
        range: cleanRange(action, 'class')!,
        message: `This \`${OL_ACTION_CLASS}\` has no \`openlineage_host\`, so it builds its client from the environment, and nothing in the workspace sets \`OPENLINEAGE_URL\`, an \`OPENLINEAGE__TRANSPORT…\` variable or an \`openlineage.yml\`: the Python client then falls back to the console transport and no event reaches the backend. Set \`openlineage_host: \${OPENLINEAGE_URL}\` here, or set \`OPENLINEAGE_URL\` where Great Expectations runs.`,
        fixes:
          action.map && !host
            ? [
                {
                  title: 'Add openlineage_host: ${OPENLINEAGE_URL}',
                  edits: [
                    insertPairAfter(ctx.text, action.map, action.modulePair ?? action.classPair, 'openlineage_host', '${OPENLINEAGE_URL}'),
                  ],
                },
              ]
            : [],
      });
    }
  },
};
