import { describeSource } from '../../project/model';
import { nearest } from '../../util/nearest';
import { isTemplated } from '../../util/template';
import { deletePairLines } from '../edits';
import { clean, scalarOf, shortPath } from '../model';
import type { Fix } from '../../rules/rule';
import type { GxRule } from './rule';

/**
 * A checkpoint's `validation_operator_name` should name a validation operator of its data context's
 * `great_expectations.yml`. A `LegacyCheckpoint` whose operator is missing does not fail: Great Expectations
 * logs "Could not find Validation Operator … Using default action_list_operator" and runs the default actions
 * (store the result and the evaluation parameters, update data docs), so the actions the named operator was
 * meant to add, OpenLineage's among them, never run (docs/upstream/great-expectations.md#legacycheckpoint). That
 * loses lineage only in a project that sends GX lineage: a warning there, information elsewhere. A `Checkpoint`
 * ignores the field (it runs its own `action_list`), so there it is a dead, misleading reference.
 */
export const unknownValidationOperator: GxRule = {
  id: 'gx/unknown-validation-operator',
  defaultSeverity: 'warning',
  summary:
    '`validation_operator_name` names no operator of the data context’s `great_expectations.yml`: a LegacyCheckpoint then runs the default actions, without lineage (information when the project sends no GX lineage); a Checkpoint ignores the field.',
  check(ctx) {
    const cp = ctx.doc.checkpoint;
    const p = cp?.operatorPair;
    const s = scalarOf(p?.value);
    if (!cp || !p || !s) return;
    const name = clean(s.value);
    if (!name || isTemplated(name)) return;
    const context = ctx.context;
    if (!context) {
      ctx.report({
        range: s.range,
        severity: 'information',
        message: `No \`great_expectations.yml\` was found in a folder above this checkpoint${ctx.project.files.length ? '' : ' (the workspace has not been indexed)'}, so whether a validation operator \`${name}\` exists was not checked.`,
      });
      return;
    }
    if (context.operators.some((o) => o.name === name)) return;
    const where = `\`${shortPath(context.uri)}\``;
    const names = context.operators.map((o) => o.name);
    const defined = names.length
      ? `It defines ${names.map((n) => `\`${n}\``).join(', ')}.`
      : 'It defines no `validation_operators` at all.';
    const legacy = cp.className === 'LegacyCheckpoint';
    const best = nearest(name, names) ?? (names.length === 1 ? names[0] : undefined);
    const rename: Fix[] = [best, ...names.filter((n) => n !== best)]
      .filter((n): n is string => !!n)
      .slice(0, 5)
      .map((n, i) => ({
        title: `Change to ${n}`,
        edits: [{ range: s.range, newText: n }],
        ...(legacy && i === 0 && best ? { preferred: true } : {}),
      }));
    const del = ctx.doc.root?.kind === 'map' ? deletePairLines(ctx.text, ctx.doc.root, p) : undefined;
    if (legacy) {
      // Lineage is lost only where the project sends GX lineage (an OpenLineage action somewhere in its context).
      const lineage = context.operators.some((o) => o.hasOpenLineageAction) || ctx.project.packages.has('openlineage-integration-common');
      ctx.report({
        range: s.range,
        ...(lineage ? {} : { severity: 'information' as const }),
        message: `${where} defines no validation operator \`${name}\`: Great Expectations logs a warning and runs this LegacyCheckpoint with its default actions (store the result and evaluation parameters, update data docs)${lineage ? ', which send no lineage' : ''}. ${defined}${best ? ` Did you mean \`${best}\`?` : ''}${context.operators.length ? ` (Operators are defined under \`validation_operators\`, e.g. ${describeSource(context.operators[0]!.source)}.)` : ''}`,
        fixes: rename,
      });
      return;
    }
    ctx.report({
      range: s.range,
      severity: 'warning',
      message: `${where} defines no validation operator \`${name}\`. ${defined} A \`${cp.className}\` does not use \`validation_operator_name\` (only LegacyCheckpoint does): it runs its own \`action_list\`, so this reference has no effect and misleads readers about which actions run. Remove it, or name a defined operator.`,
      fixes: [...(del ? [{ title: 'Remove validation_operator_name', edits: [del], preferred: true }] : []), ...rename],
    });
  },
};
