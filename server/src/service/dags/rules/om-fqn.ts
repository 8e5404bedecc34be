import type { Finding } from '../../rules/rule';
import type { PyString } from '../model';
import { fqnShape, splitFqn } from '../om-fqn';
import { dictEntry, isAirflow1Dict, isGroupEntry, OM_ENTITY_TYPES, omEntityArgs, omEntityType } from '../om-xlets';
import type { DagRule } from './rule';
import { onceReporter, shown, subRange, uniqueXlets } from '../xlets';

/**
 * OpenMetadata FQNs in inlets/outlets (docs/upstream/openmetadata.md#fqn-rules, `fqn.py`): the number of parts for
 * the entity type (a table is `service.database.schema.table`; dashboards, topics, pipelines and ML models
 * `service.name`; containers `service.container[.child…]`), a part containing `.` wrapped in double quotes, and no
 * `"` anywhere else. Legacy `{"tables": [...]}` FQNs are tables.
 */
export const omFqn: DagRule = {
  id: 'dags/om-fqn',
  defaultSeverity: 'error',
  summary:
    'OpenMetadata FQNs in inlets/outlets with the wrong number of parts for their entity (a table is service.database.schema.table), an unquoted part containing a dot, or a stray double quote.',
  check(ctx) {
    const report = onceReporter(ctx);
    for (const x of uniqueXlets(ctx.file)) {
      if (x.kind === 'legacy-dict') {
        if (isAirflow1Dict(x, ctx.file)) continue;
        for (const e of x.entries) if (isGroupEntry(e)) for (const item of e.items!) checkFqn(ctx.text, report, item, 'table');
      } else if (x.kind === 'om-entity') {
        const { entity, fqn } = omEntityArgs(x);
        if (fqn?.string) checkFqn(ctx.text, report, fqn.string, omEntityType(ctx.file, entity));
      } else if (x.kind === 'om-dict') {
        const fqn = dictEntry(x, 'fqn')?.value;
        const entity = dictEntry(x, 'entity')?.value;
        const type = entity?.kind === 'literal' && OM_ENTITY_TYPES.includes(entity.value) ? entity.value : undefined;
        if (fqn) checkFqn(ctx.text, report, fqn, type);
      }
    }
  },
};

function checkFqn(text: string, report: (f: Finding) => void, s: PyString, type: string | undefined): void {
  if (s.kind !== 'literal') return;
  const split = splitFqn(s.value);
  if (!split.ok) {
    const p = split.problem;
    report({
      range: p.end > p.start ? subRange(s, p.start, p.end) : shown(text, s),
      message: `The OpenMetadata FQN "${s.value}" ${p.message}, so OpenMetadata rejects it as an invalid name and this xlet gives no lineage. Separate parts with \`.\`, and wrap a part that contains a dot in double quotes, e.g. \`service.db."my.schema".table\`.`,
    });
    return;
  }
  const parts = split.parts;
  const shape = type ? fqnShape(type) : undefined;
  if (shape && (shape.atLeast ? parts.length < shape.parts : parts.length !== shape.parts)) {
    const dotted =
      parts.length > shape.parts ? ' If a name contains a dot, wrap that part in double quotes (`service.db."my.schema".table`).' : '';
    report({
      range: s.range,
      message: `"${s.value}" has ${parts.length} part${parts.length === 1 ? '' : 's'}, but a ${type} FQN is \`${shape.shape}\` (${shape.atLeast ? 'at least ' : ''}${shape.parts} parts), so OpenMetadata finds no such ${type} and this xlet gives no lineage. Write the full FQN as OpenMetadata shows it on the entity's page.${dotted}`,
    });
    return;
  }
  for (const p of parts) {
    if (!p.quoted || p.name.includes('.')) continue;
    report({
      range: subRange(s, p.start, p.end),
      severity: 'hint',
      message: `The quotes around \`${p.name}\` are not needed (only parts containing a dot are quoted); OpenMetadata normalises it to the unquoted form. Remove them.`,
      ...(s.exact ? { fixes: [{ title: `Unquote ${p.name}`, edits: [{ range: subRange(s, p.start, p.end), newText: p.name }] }] } : {}),
    });
  }
}
