import { PARAMS } from '../catalog';
import { paramPairs } from '../model';
import { paramVersionVerdict } from '../versions';
import type { GxRule } from './rule';

/** Parameters added in a later openlineage-integration-common release than the one the workspace pins. */
export const parameterVersion: GxRule = {
  id: 'gx/parameter-version',
  defaultSeverity: 'error',
  summary:
    'A parameter newer than the pinned openlineage-integration-common (`openlineage_root_parent_*` need 1.31.0); says so when the version is unknown.',
  check(ctx) {
    for (const action of ctx.doc.actions) {
      if (action.flavor === 'other') continue;
      for (const p of paramPairs(action)) {
        const spec = PARAMS.find((s) => s.name === p.key.value);
        if (!spec?.since) continue;
        const verdict = paramVersionVerdict(ctx.versions, spec.name, spec.since);
        if (verdict) ctx.report({ range: p.key.range, severity: verdict.severity, message: verdict.text });
      }
    }
  },
};
