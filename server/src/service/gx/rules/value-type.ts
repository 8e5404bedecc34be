import { isTemplated } from '../../util/template';
import { lookupParam, OL_ACTION_CLASS } from '../catalog';
import { clean, paramPairs, scalarOf } from '../model';
import type { GxRule } from './rule';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRUE = /^(true|True|TRUE)$/;
const FALSE = /^(false|False|FALSE)$/;
const FALSY_WORDS = /^(no|n|off|0|false)$/i;
const TRUTHY_WORDS = /^(yes|y|on|1|true)$/i;

/**
 * Parameter values of the wrong type: `do_publish` must be the YAML boolean `true`/`false` (Great
 * Expectations' YAML 1.2 parser reads `no` as a string, which Python treats as true), run ids must be UUIDs,
 * and the other parameters are strings, not mappings or lists.
 */
export const valueType: GxRule = {
  id: 'gx/value-type',
  defaultSeverity: 'error',
  summary:
    'A parameter value of the wrong type: `do_publish` not `true`/`false`, a run id that is not a UUID, a mapping where a string is expected.',
  check(ctx) {
    for (const action of ctx.doc.actions) {
      if (action.flavor === 'other') continue;
      for (const p of paramPairs(action)) {
        const spec = lookupParam(p.key.value);
        if (!spec || spec.gx1Only || !p.value) continue;
        if (p.value.kind !== 'scalar') {
          if (p.value.kind === 'alias') continue;
          ctx.report({
            range: p.value.range,
            message: `\`${p.key.value}\` takes ${spec.type === 'boolean' ? '`true` or `false`' : 'a string'}, not a ${p.value.kind === 'map' ? 'mapping' : 'list'}; \`${OL_ACTION_CLASS}\` would receive the whole structure. Write a single value.`,
          });
          continue;
        }
        const s = scalarOf(p.value)!;
        const v = clean(s.value);
        if (!v || isTemplated(v) || /^(~|null|Null|NULL)$/.test(v)) continue;
        if (spec.type === 'boolean') {
          if (s.style === 'plain' && (TRUE.test(v) || FALSE.test(v))) continue;
          const intended = FALSY_WORDS.test(v) ? 'false' : TRUTHY_WORDS.test(v) ? 'true' : undefined;
          const quoted = s.style !== 'plain';
          ctx.report({
            range: s.range,
            message: `\`do_publish\` must be the YAML boolean \`true\` or \`false\`. ${quoted ? `The quoted "${v}" is a string` : `\`${v}\` is read as a string by Great Expectations' YAML 1.2 parser`}, and any non-empty string counts as true in Python, so events are ${intended === 'false' ? 'still sent' : 'sent'}.${intended ? ` Write \`${intended}\` without quotes.` : ''}`,
            fixes: intended
              ? [
                  {
                    title: `Use ${intended}`,
                    edits: [{ range: quoted ? { start: s.range.start - 1, end: s.range.end + 1 } : s.range, newText: intended }],
                    preferred: true,
                  },
                ]
              : [],
          });
          continue;
        }
        if (spec.type === 'uuid' && !UUID.test(v)) {
          ctx.report({
            range: s.range,
            severity: 'warning',
            message: `\`${p.key.value}\` should be a UUID (e.g. \`01890f4e-2b1a-7c3d-8e4f-5a6b7c8d9e0f\`): OpenLineage run ids are UUIDs, and consumers such as Marquez may reject or mis-link other values. Use a UUID, or a \`\${VAR}\` that holds one.`,
          });
        }
      }
    }
  },
};
