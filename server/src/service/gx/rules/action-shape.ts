import type { OffsetEdit } from '../../rules/rule';
import { pair, type YamlMap, type YamlPair } from '../../yaml/ast';
import { OL_ACTION_CLASS } from '../catalog';
import { column, deletePairLines, eolOf, insertPairAfter, lineEnd, lineStart, nodeEnd, pairEnd } from '../edits';
import type { GxAction } from '../model';
import type { GxRule } from './rule';

/**
 * Great Expectations builds each `action_list` entry only if its keys are exactly `name` and `action`
 * (`KeyError: Action config keys must be ("name", "action")` otherwise), and `action` must be a mapping.
 */
export const actionShape: GxRule = {
  id: 'gx/action-shape',
  defaultSeverity: 'error',
  summary:
    'An `action_list` that is not a list, or an entry whose keys are not exactly `name` and `action` (Great Expectations raises KeyError).',
  check(ctx) {
    const { text } = ctx;
    for (const list of ctx.doc.actionLists) {
      const v = list.keyPair.value;
      if (v && !list.seq && !(v.kind === 'scalar' && /^(~|null|)$/i.test(v.value.trim()))) {
        ctx.report({
          range: list.keyPair.key.range,
          message:
            '`action_list` must be a list of entries, each `- name: …` with an `action:` mapping under it. Great Expectations cannot read this value.',
        });
      }
    }
    for (const action of ctx.doc.actions) {
      const item = action.itemMap;
      if (!item) {
        ctx.report({
          range: action.item.range,
          message:
            'Each `action_list` entry must be a mapping with `name` and `action` (`- name: store_validation_result` and `action: {class_name: …}` under it).',
        });
        continue;
      }
      if (!action.nested) {
        ctx.report({
          range: (action.classPair ?? action.modulePair)!.key.range,
          message: `The action's keys are written directly in the list entry: Great Expectations requires each entry to have exactly \`name\` and \`action\`, with \`class_name\`${action.flavor !== 'other' ? ', `module_name` and the parameters' : ' and the parameters'} indented under \`action:\` (otherwise it raises \`KeyError: Action config keys must be ("name", "action")\`). Nest them under \`action:\`.`,
          fixes: nestFix(text, action),
        });
        continue;
      }
      if (!action.actionPair) {
        ctx.report({
          range: (action.namePair ?? item.pairs[0])?.key.range ?? item.range,
          message:
            'This `action_list` entry has no `action:` mapping, so Great Expectations raises `KeyError: Action config keys must be ("name", "action")`. Add `action:` with the action\'s `class_name` under it.',
        });
        continue;
      }
      if (action.actionPair.value?.kind !== 'map') {
        ctx.report({
          range: action.actionPair.value?.range ?? action.actionPair.key.range,
          message:
            "`action` must be a mapping with the action's `class_name` (and `module_name` and parameters), e.g. `action:` followed by an indented `class_name: StoreValidationResultAction`.",
        });
        continue;
      }
      if (!action.namePair) {
        const name = action.flavor !== 'other' ? 'openlineage' : snake(action.className ?? 'action');
        ctx.report({
          range: action.actionPair.key.range,
          message: `This \`action_list\` entry has no \`name\`, so Great Expectations raises \`KeyError: Action config keys must be ("name", "action")\`. Add \`name: ${name}\` (any unique name; it keys the action's result).`,
          fixes: [{ title: `Add name: ${name}`, edits: [insertPairAfter(text, item, action.actionPair, 'name', name)], preferred: true }],
        });
      }
      const actionMap = action.actionPair.value;
      for (const p of item.pairs) {
        if (p.key.value === 'name' || p.key.value === 'action') continue;
        const intoAction = moveIntoAction(text, item, actionMap, p);
        ctx.report({
          range: p.key.range,
          message: `\`${p.key.value}\` is beside \`action:\` in the list entry: Great Expectations requires each entry to have exactly \`name\` and \`action\` and raises \`KeyError: Action config keys must be ("name", "action")\`. ${action.flavor !== 'other' || /^(openlineage_|job_|do_publish|code_location)/.test(p.key.value) ? 'Indent it under `action:` to pass it to the action.' : 'Move it under `action:` or remove it.'}`,
          fixes: [
            ...(intoAction ? [{ title: `Move ${p.key.value} under action:`, edits: intoAction, preferred: true }] : []),
            ...(deletePairLines(text, item, p) ? [{ title: `Remove ${p.key.value}`, edits: [deletePairLines(text, item, p)!] }] : []),
          ],
        });
      }
    }
  },
};

function snake(className: string): string {
  return (
    className
      .replace(/Action$/, '')
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase() || 'action'
  );
}

/** Moves a scalar pair from the list entry to the end of the `action` mapping. */
function moveIntoAction(text: string, item: YamlMap, actionMap: YamlMap, p: YamlPair): OffsetEdit[] | undefined {
  const del = deletePairLines(text, item, p);
  const last = actionMap.pairs[actionMap.pairs.length - 1];
  if (!del || !last || actionMap.flow || (p.value && p.value.kind !== 'scalar')) return undefined;
  const valueText = p.value
    ? text.slice(p.value.range.start - (p.value.kind === 'scalar' && p.value.style !== 'plain' ? 1 : 0), nodeEnd(text, p.value))
    : '';
  const ins = insertPairAfter(text, actionMap, last, p.key.value, valueText);
  // The deleted lines must not overlap the insertion point.
  if (del.range.start <= ins.range.start && ins.range.start < del.range.end) return undefined;
  return [del, ins];
}

/**
 * `- name: x` followed by `class_name: …` at the same level: inserts `action:` before the first action key
 * and indents the action keys under it. Only for block entries whose `name` comes first.
 */
function nestFix(text: string, action: GxAction): { title: string; edits: OffsetEdit[]; preferred: boolean }[] {
  const item = action.itemMap!;
  if (item.flow || item.pairs[0]?.key.value !== 'name' || item.pairs.length < 2) return [];
  const rest = item.pairs.slice(1);
  if (rest.some((p) => p.key.value === 'name' || p.key.value === 'action')) return [];
  const first = rest[0]!;
  const firstLine = lineStart(text, first.key.range.start);
  if (text.slice(firstLine, first.key.range.start).trim() !== '') return [];
  const indent = column(text, first.key.range.start);
  const end = lineEnd(text, pairEnd(text, rest[rest.length - 1]!));
  const edits: OffsetEdit[] = [{ range: { start: firstLine, end: firstLine }, newText: `${' '.repeat(indent)}action:${eolOf(text)}` }];
  for (let at = firstLine; at <= end;) {
    const lineText = text.slice(at, lineEnd(text, at));
    if (lineText.trim()) edits.push({ range: { start: at, end: at }, newText: '  ' });
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    at = nl + 1;
  }
  const cls = pair(item, 'class_name');
  return [
    {
      title: `Nest ${cls && action.className === OL_ACTION_CLASS ? 'the OpenLineage action' : 'the keys'} under action:`,
      edits,
      preferred: true,
    },
  ];
}
