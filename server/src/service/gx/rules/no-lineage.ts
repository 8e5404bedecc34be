import type { GxContextFact, GxOperatorFact } from '../../project/model';
import { describeSource } from '../../project/model';
import type { Fix } from '../../rules/rule';
import { isTemplated } from '../../util/template';
import { pair } from '../../yaml/ast';
import { OL_ACTION_CLASS, olActionEntryLines } from '../catalog';
import { appendSeqItem, eolOf, insertPairAfter } from '../edits';
import { clean, scalarOf, type GxDocument } from '../model';
import type { GxRule, GxRuleContext } from './rule';

/**
 * The project sends Great Expectations lineage: an OpenLineage action anywhere we can see, or the package
 * that holds it declared for that purpose. openlineage-airflow alone does not count: projects install it for
 * Airflow's own lineage, and a checkpoint without the action is then a choice, not a mistake.
 */
function openLineageInUse(ctx: GxRuleContext): boolean {
  return (
    ctx.doc.actions.some((a) => a.flavor !== 'other') ||
    !!ctx.context?.operators.some((o) => o.hasOpenLineageAction) ||
    ctx.project.packages.has('openlineage-integration-common')
  );
}

function withOpenLineage(context: GxContextFact | undefined): GxOperatorFact[] {
  return context?.operators.filter((o) => o.hasOpenLineageAction) ?? [];
}

/**
 * A checkpoint whose actions do not include `OpenLineageValidationAction` emits no lineage: for a
 * `LegacyCheckpoint` the actions are those of its validation operator in `great_expectations.yml`; a
 * `Checkpoint` runs its own `action_list` (and those of its `validations`). Reported only in projects that
 * use OpenLineage.
 */
export const noLineage: GxRule = {
  id: 'gx/no-lineage',
  defaultSeverity: 'warning',
  summary:
    'A checkpoint that emits no lineage: its `action_list` (Checkpoint) or its validation operator (LegacyCheckpoint) has no `OpenLineageValidationAction`.',
  check(ctx) {
    const cp = ctx.doc.checkpoint;
    if (!cp || !openLineageInUse(ctx)) return;
    const root = ctx.doc.root?.kind === 'map' ? ctx.doc.root : undefined;
    if (!root) return;
    const olOperators = withOpenLineage(ctx.context);

    if (cp.className === 'LegacyCheckpoint') {
      const s = scalarOf(cp.operatorPair?.value);
      const name = s && clean(s.value);
      if (!s || !name) {
        const anchor = cp.classPair ?? root.pairs[0];
        if (!anchor) return;
        const fixes: Fix[] = olOperators.slice(0, 3).map((o, i) => ({
          title: `Add validation_operator_name: ${o.name}`,
          edits: [insertPairAfter(ctx.text, root, anchor, 'validation_operator_name', o.name)],
          ...(i === 0 && olOperators.length === 1 ? { preferred: true } : {}),
        }));
        ctx.report({
          range: cp.classPair?.value?.range ?? anchor.key.range,
          message: `This LegacyCheckpoint has no \`validation_operator_name\`, so it runs Great Expectations' default actions (store results and evaluation parameters, update data docs), which emit no lineage.${olOperators.length ? ` Name an operator that has \`${OL_ACTION_CLASS}\`: ${olOperators.map((o) => `\`${o.name}\``).join(', ')}.` : ` Define a validation operator with \`${OL_ACTION_CLASS}\` in \`great_expectations.yml\` and name it here.`}`,
          fixes,
        });
        return;
      }
      if (isTemplated(name)) return;
      const op = ctx.context?.operators.find((o) => o.name === name);
      if (!op || op.hasOpenLineageAction) return; // unknown operators: gx/unknown-validation-operator
      ctx.report({
        range: s.range,
        message: `The validation operator \`${name}\` (${describeSource(op.source)}) has no \`${OL_ACTION_CLASS}\` in its \`action_list\`, so this checkpoint emits no lineage. Add the OpenLineage action to that operator${olOperators.length ? `, or use an operator that has it: ${olOperators.map((o) => `\`${o.name}\``).join(', ')}` : ''}.`,
        fixes: olOperators.slice(0, 3).map((o, i) => ({
          title: `Change to ${o.name}`,
          edits: [{ range: s.range, newText: o.name }],
          ...(i === 0 && olOperators.length === 1 ? { preferred: true } : {}),
        })),
      });
      return;
    }

    if (cp.className !== 'Checkpoint') return; // SimpleCheckpoint builds its own action list
    if (pair(root, 'template_name') && scalarOf(pair(root, 'template_name')?.value)?.value) return; // actions may come from the template
    if (ctx.doc.actions.some((a) => a.flavor !== 'other')) return;
    const s = scalarOf(cp.operatorPair?.value);
    const opName = s && clean(s.value);
    const op = opName ? ctx.context?.operators.find((o) => o.name === opName) : undefined;
    const ignored = op?.hasOpenLineageAction
      ? ` \`validation_operator_name: ${opName}\` names an operator that has it, but a Checkpoint ignores \`validation_operator_name\` (only LegacyCheckpoint uses it).`
      : '';
    const listPair = pair(root, 'action_list');
    const own = ctx.doc.actionLists.find((l) => l.where === 'checkpoint' && l.keyPair === listPair);
    const fix = addActionFix(ctx.text, ctx.doc, own?.seq, listPair);
    ctx.report({
      range: listPair?.key.range ?? cp.classPair?.value?.range ?? root.pairs[0]!.key.range,
      message: `This checkpoint's \`action_list\` has no \`${OL_ACTION_CLASS}\`, so it emits no lineage.${ignored} Add the OpenLineage action to \`action_list\`.`,
      fixes: fix ? [{ title: `Add ${OL_ACTION_CLASS} to action_list`, edits: [fix], preferred: true }] : [],
    });
  },
};

function addActionFix(
  text: string,
  doc: GxDocument,
  seq: Parameters<typeof appendSeqItem>[1] | undefined,
  listPair: ReturnType<typeof pair>,
) {
  if (seq) return appendSeqItem(text, seq, olActionEntryLines());
  if (listPair || !doc.root) return undefined;
  // No action_list at all: append one at the end of the file.
  const eol = eolOf(text);
  const lines = ['action_list:', ...olActionEntryLines().map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))];
  const end = text.length;
  const lead = end === 0 || text.endsWith('\n') ? '' : eol;
  return { range: { start: end, end }, newText: `${lead}${lines.join(eol)}${eol}` };
}
