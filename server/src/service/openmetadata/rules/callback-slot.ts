import { CALLBACKS } from '../catalog';
import type { OmRule } from './rule';

/** `failure_callback` belongs in `on_failure_callback`, `success_callback` in `on_success_callback`. */
export const callbackSlot: OmRule = {
  id: 'openmetadata/callback-slot',
  defaultSeverity: 'warning',
  summary:
    'An OpenMetadata callback in the other slot (`failure_callback` in `on_success_callback` or the reverse); quick fix moves it to its slot.',
  check(ctx) {
    const dag = ctx.dag;
    if (!dag) return;
    for (const use of dag.uses) {
      const expected = CALLBACKS[use.callback];
      if (use.slot === expected) continue;
      const when = use.slot === 'on_success_callback' ? 'succeeds' : 'fails';
      ctx.report({
        range: use.range,
        message: `\`${use.callback}\` is OpenMetadata's callback for \`${expected}\`, but here it runs when the task ${when}, so OpenMetadata records the wrong task status. Pass it as \`${expected}\` (and \`${use.callback === 'failure_callback' ? 'success_callback' : 'failure_callback'}\` as \`${use.slot}\`).`,
        fixes: use.siblings.includes(expected)
          ? []
          : [{ title: `Pass it as ${expected}`, edits: [{ range: use.slotRange, newText: expected }] }],
      });
    }
  },
};
