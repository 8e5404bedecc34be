import type { OffsetRange } from '../../text/model';
import { isTemplated } from '../../util/template';
import { OL_ACTION_CLASS, OL_MODULES } from '../catalog';
import { insertPairAfter } from '../edits';
import { scalarOf, type GxAction } from '../model';
import type { GxRule } from './rule';

/** The part of a `class_name`/`module_name` value without its trailing comma (reported by gx/trailing-comma). */
export function cleanRange(action: GxAction, which: 'class' | 'module'): OffsetRange | undefined {
  const p = which === 'class' ? action.classPair : action.modulePair;
  const s = scalarOf(p?.value);
  if (!s) return p?.value?.range;
  const v = which === 'class' ? action.className : action.moduleName;
  return s.exact && v !== undefined && s.value.startsWith(v) ? { start: s.range.start, end: s.range.start + v.length } : s.range;
}

/**
 * `class_name` of an OpenLineage action must be exactly `OpenLineageValidationAction`: Great Expectations
 * imports the class by name from `module_name`, so a misspelling fails the whole checkpoint. Every action
 * needs a `class_name`.
 */
export const actionClass: GxRule = {
  id: 'gx/action-class',
  defaultSeverity: 'error',
  summary:
    'An action without `class_name`, or a misspelled `OpenLineageValidationAction` (Great Expectations imports the class by its exact name).',
  check(ctx) {
    for (const action of ctx.doc.actions) {
      if (!action.map || (action.nested && !action.actionPair)) continue;
      if (!action.className) {
        const olModule = action.flavor !== 'other';
        const anchor = action.modulePair ?? action.classPair;
        ctx.report({
          range: action.classPair?.key.range ?? action.actionPair?.key.range ?? action.map.range,
          message: `This action has no \`class_name\`, so Great Expectations cannot build it and the checkpoint fails.${olModule ? ` With \`module_name\` from OpenLineage, add \`class_name: ${OL_ACTION_CLASS}\`.` : ' Add the action class, e.g. `class_name: StoreValidationResultAction`.'}`,
          fixes:
            olModule && anchor && !action.classPair
              ? [
                  {
                    title: `Add class_name: ${OL_ACTION_CLASS}`,
                    edits: [insertPairAfter(ctx.text, action.map, anchor, 'class_name', OL_ACTION_CLASS)],
                    preferred: true,
                  },
                ]
              : [],
        });
        continue;
      }
      if (action.flavor !== 'openlineage-like' || !action.className || isTemplated(action.className)) continue;
      const fromOlModule = !!action.moduleName && (OL_MODULES as readonly string[]).includes(action.moduleName);
      const range = cleanRange(action, 'class')!;
      ctx.report({
        range,
        message: `\`${action.className}\` is not a class of the OpenLineage Great Expectations integration${fromOlModule ? ` (\`${action.moduleName}\` provides only \`${OL_ACTION_CLASS}\`)` : ''}: Great Expectations imports the class by its exact, case-sensitive name and fails to build the checkpoint. Write \`${OL_ACTION_CLASS}\`.`,
        fixes: [{ title: `Change to ${OL_ACTION_CLASS}`, edits: [{ range, newText: OL_ACTION_CLASS }], preferred: true }],
      });
    }
  },
};
