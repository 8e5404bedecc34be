import { cleanRange } from './action-class';
import { yamlActionVerdict } from '../versions';
import type { GxRule } from './rule';

/**
 * The pinned great_expectations / openlineage-integration-common versions against what
 * docs/upstream/great-expectations.md#version-support says supports a YAML `OpenLineageValidationAction`:
 * 0.13.26–0.15.34 with ≤1.39.x; 0.15.35–0.18.x is not covered by the extra; from 1.40.0 the action is GX 1.x only,
 * and GX 1.x has no YAML actions.
 */
export const versionSupport: GxRule = {
  id: 'gx/version-support',
  defaultSeverity: 'warning',
  summary:
    'The pinned great_expectations / openlineage-integration-common do not support this YAML action (GE 0.15.35–0.18 uncovered, OL ≥1.40 or GX 1.x); says so when versions are unknown.',
  check(ctx) {
    const actions = ctx.doc.actions.filter((a) => a.flavor === 'openlineage' && a.classPair);
    if (!actions.length) return;
    const verdict = yamlActionVerdict(ctx.versions);
    if (!verdict.severity) return;
    for (const action of actions) {
      ctx.report({ range: cleanRange(action, 'class')!, severity: verdict.severity, message: verdict.text });
    }
  },
};
