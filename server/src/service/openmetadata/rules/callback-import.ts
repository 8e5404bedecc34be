import type { Fix } from '../../rules/rule';
import { editDistance, nearest } from '../../util/nearest';
import { CALLBACK_MODULE, CALLBACKS } from '../catalog';
import type { OmRule } from './rule';

const ROOT = 'airflow_provider_openmetadata';
const NAMES = Object.keys(CALLBACKS);

/**
 * Imports of OpenMetadata's callbacks: they live in `airflow_provider_openmetadata.lineage.callback`, which
 * defines `failure_callback` and `success_callback`. Anything else fails with ImportError when the DAG file
 * is parsed, and the DAG disappears from Airflow.
 */
export const callbackImport: OmRule = {
  id: 'openmetadata/callback-import',
  defaultSeverity: 'error',
  summary:
    'An OpenMetadata callback imported from the wrong module or under a name that does not exist (the DAG fails to import); quick fix writes the right import.',
  check(ctx) {
    const dag = ctx.dag;
    if (!dag) return;
    for (const imp of dag.imports) {
      if (imp.misspelledRoot) {
        const first = imp.module.split('.')[0]!;
        const range = { start: imp.moduleRange.start, end: imp.moduleRange.start + first.length };
        ctx.report({
          range,
          message: `There is no package \`${first}\`: openmetadata-ingestion installs \`${ROOT}\`, so this import fails and Airflow cannot load the DAG. Write \`${ROOT}\`.`,
          fixes:
            imp.moduleRange.end - imp.moduleRange.start === imp.module.length
              ? [{ title: `Use ${ROOT}`, edits: [{ range, newText: ROOT }], preferred: true }]
              : [],
        });
        continue;
      }
      if (!imp.from) {
        if (imp.module !== CALLBACK_MODULE && /callback/i.test(imp.module) && editDistance(imp.module, CALLBACK_MODULE) <= 3) {
          ctx.report({
            range: imp.moduleRange,
            message: `There is no module \`${imp.module}\`; the OpenMetadata callbacks are in \`${CALLBACK_MODULE}\`. This import fails and Airflow cannot load the DAG. Use \`${CALLBACK_MODULE}\`.`,
            fixes: exact(imp)
              ? [{ title: `Use ${CALLBACK_MODULE}`, edits: [{ range: imp.moduleRange, newText: CALLBACK_MODULE }], preferred: true }]
              : [],
          });
        }
        continue;
      }
      if (imp.module === CALLBACK_MODULE) {
        for (const n of imp.names) {
          if (NAMES.includes(n.name)) continue;
          const near = nearest(n.name, NAMES, 4);
          ctx.report({
            range: n.range,
            message: `\`${CALLBACK_MODULE}\` has no \`${n.name}\`: it defines \`failure_callback\` (for \`on_failure_callback\`) and \`success_callback\` (for \`on_success_callback\`). This import fails and Airflow cannot load the DAG.${near ? ` Did you mean \`${near}\`?` : ' Use one of those.'}`,
            fixes: near ? [{ title: `Import ${near}`, edits: [{ range: n.range, newText: near }], preferred: true }] : [],
          });
        }
        continue;
      }
      const callbacks = imp.names.filter((n) => NAMES.includes(n.name));
      if (!callbacks.length) continue;
      const all = callbacks.length === imp.names.length;
      const fixes: Fix[] =
        all && exact(imp)
          ? [{ title: `Import from ${CALLBACK_MODULE}`, edits: [{ range: imp.moduleRange, newText: CALLBACK_MODULE }], preferred: true }]
          : [];
      ctx.report({
        range: imp.moduleRange,
        message: `${callbacks.map((n) => `\`${n.name}\``).join(' and ')} ${callbacks.length > 1 ? 'are' : 'is'} defined in \`${CALLBACK_MODULE}\`, not in \`${imp.module}\`: this import fails and Airflow cannot load the DAG. Use \`from ${CALLBACK_MODULE} import …\`.`,
        fixes,
      });
    }
  },
};

/** The module is written without spaces or line breaks inside it, so its range can be replaced as is. */
function exact(imp: { module: string; moduleRange: { start: number; end: number } }): boolean {
  return imp.moduleRange.end - imp.moduleRange.start === imp.module.length;
}
