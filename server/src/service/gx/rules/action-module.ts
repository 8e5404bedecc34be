import { isTemplated } from '../../util/template';
import { nearest } from '../../util/nearest';
import { GE_DEFAULT_ACTION_MODULE, OL_ACTION_CLASS, OL_MODULE, OL_MODULES } from '../catalog';
import { insertPairAfter } from '../edits';
import { looksLikeOpenLineageClass } from '../model';
import { cleanRange } from './action-class';
import type { GxRule } from './rule';

/**
 * `OpenLineageValidationAction` lives outside Great Expectations, so `module_name` is required and must be
 * `openlineage.common.provider.great_expectations` or `openlineage.common.provider.great_expectations.action`.
 */
export const actionModule: GxRule = {
  id: 'gx/action-module',
  defaultSeverity: 'error',
  summary:
    '`OpenLineageValidationAction` without `module_name`, or with a module other than `openlineage.common.provider.great_expectations[.action]`.',
  check(ctx) {
    for (const action of ctx.doc.actions) {
      if (!action.map || !action.className || !looksLikeOpenLineageClass(action.className) || isTemplated(action.className)) continue;
      if (!action.modulePair || !action.moduleName) {
        const anchor = action.classPair!;
        ctx.report({
          range: action.modulePair?.key.range ?? cleanRange(action, 'class')!,
          message: `\`${OL_ACTION_CLASS}\` has no \`module_name\`: Great Expectations then looks for the class in its own \`${GE_DEFAULT_ACTION_MODULE}\` and fails to build the checkpoint. Add \`module_name: ${OL_MODULE}\`.`,
          fixes: action.modulePair
            ? [
                {
                  title: `Set module_name: ${OL_MODULE}`,
                  edits: [
                    {
                      range: {
                        start: action.modulePair.key.range.end,
                        end:
                          action.modulePair.key.range.end +
                          (ctx.text.slice(action.modulePair.key.range.end).match(/^:[^\S\r\n]*/)?.[0].length ?? 0),
                      },
                      newText: `: ${OL_MODULE}`,
                    },
                  ],
                  preferred: true,
                },
              ]
            : [
                {
                  title: `Add module_name: ${OL_MODULE}`,
                  edits: [insertPairAfter(ctx.text, action.map, anchor, 'module_name', OL_MODULE)],
                  preferred: true,
                },
              ],
        });
        continue;
      }
      const module = action.moduleName!;
      if ((OL_MODULES as readonly string[]).includes(module) || isTemplated(module)) continue;
      const range = cleanRange(action, 'module')!;
      const withoutClass = module.endsWith(`.${OL_ACTION_CLASS}`) ? module.slice(0, -OL_ACTION_CLASS.length - 1) : undefined;
      const best =
        withoutClass && (OL_MODULES as readonly string[]).includes(withoutClass)
          ? withoutClass
          : (nearest(module, OL_MODULES, 12) ?? OL_MODULE);
      const why = withoutClass
        ? '`module_name` names the module only; the class goes in `class_name`.'
        : module.startsWith('great_expectations')
          ? `\`${OL_ACTION_CLASS}\` is not part of Great Expectations; it comes with \`openlineage-integration-common[great_expectations]\`.`
          : `No such module provides \`${OL_ACTION_CLASS}\`.`;
      ctx.report({
        range,
        message: `\`${module}\` is not where \`${OL_ACTION_CLASS}\` lives, so Great Expectations cannot import it and the checkpoint fails. ${why} Use \`${OL_MODULES[0]}\` (or \`${OL_MODULES[1]}\`).`,
        fixes: [best, ...OL_MODULES.filter((m) => m !== best)].map((m, i) => ({
          title: `Change to ${m}`,
          edits: [{ range, newText: m }],
          ...(i === 0 ? { preferred: true } : {}),
        })),
      });
    }
  },
};
