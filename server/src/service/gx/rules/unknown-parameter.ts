import { nearest } from '../../util/nearest';
import { OL_ACTION_CLASS, PARAM_ALIASES, PARAMS, lookupParam } from '../catalog';
import { deletePairLines } from '../edits';
import { paramPairs } from '../model';
import type { GxRule } from './rule';

const NAMES = PARAMS.filter((p) => !p.gx1Only).map((p) => p.name);

/** The parameter a misspelled key most likely means. */
export function intendedParam(key: string): string | undefined {
  return PARAM_ALIASES[key] ?? PARAM_ALIASES[key.toLowerCase()] ?? nearest(key, NAMES);
}

/**
 * Great Expectations passes every key of the action mapping (but `class_name`/`module_name`) to the action's
 * constructor, which takes only the parameters of docs/upstream/great-expectations.md#action-parameters: anything
 * else fails the checkpoint with `TypeError: __init__() got an unexpected keyword argument`.
 */
export const unknownParameter: GxRule = {
  id: 'gx/unknown-parameter',
  defaultSeverity: 'error',
  summary:
    'A parameter `OpenLineageValidationAction` does not take (e.g. `openlineage_apikey` for `openlineage_apiKey`); Great Expectations fails with TypeError.',
  check(ctx) {
    for (const action of ctx.doc.actions) {
      if (action.flavor === 'other') continue;
      const present = new Set(action.map?.pairs.map((p) => p.key.value));
      for (const p of paramPairs(action)) {
        const key = p.key.value;
        const spec = lookupParam(key);
        if (spec && !spec.gx1Only) continue;
        const remove = action.map && deletePairLines(ctx.text, action.map, p);
        const removeFix = remove ? [{ title: `Remove ${key}`, edits: [remove] }] : [];
        const typeError = `Great Expectations passes every key of the action to its constructor, so the checkpoint fails with \`TypeError: __init__() got an unexpected keyword argument '${key}'\``;
        if (spec?.gx1Only) {
          ctx.report({
            range: p.key.range,
            message: `\`${key}\` is the GX 1.x discriminator of the pydantic action, which is configured in Python; the YAML (0.x) \`${OL_ACTION_CLASS}\` does not take it. ${typeError}. Remove it.`,
            fixes: removeFix.map((f) => ({ ...f, preferred: true })),
          });
          continue;
        }
        const intended = intendedParam(key);
        if (intended) {
          const clash = present.has(intended);
          const apiKeyNote = intended === 'openlineage_apiKey' ? ' (camelCase `apiKey`, capital K)' : '';
          ctx.report({
            range: p.key.range,
            message: `\`${key}\` is not a parameter of \`${OL_ACTION_CLASS}\`: the exact spelling is \`${intended}\`${apiKeyNote}. ${typeError}.${clash ? ` (\`${intended}\` is also set in this action; remove one of them.)` : ` Rename it to \`${intended}\`.`}`,
            fixes: [
              { title: `Rename to ${intended}`, edits: [{ range: p.key.range, newText: intended }], ...(clash ? {} : { preferred: true }) },
              ...removeFix,
            ],
          });
          continue;
        }
        ctx.report({
          range: p.key.range,
          message: `\`${key}\` is not a parameter of \`${OL_ACTION_CLASS}\`. ${typeError}. Its parameters are ${NAMES.map((n) => `\`${n}\``).join(', ')}; remove it or use one of them.`,
          fixes: removeFix,
        });
      }
    }
  },
};
