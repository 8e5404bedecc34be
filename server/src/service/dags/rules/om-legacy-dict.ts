import { atLeast, omVersion, omVersionText } from '../../openmetadata/versions';
import type { Fix } from '../../rules/rule';
import { isAirflow1Dict, isGroupEntry, quoteOf, type LegacyDict } from '../om-xlets';
import type { DagRule, DagRuleContext } from './rule';
import { shown, uniqueXlets } from '../xlets';
import { trimEndIndex } from '../../text/lines';

/**
 * OpenMetadata's legacy inlet/outlet dict `{"tables": ["service.db.schema.table", ...]}` is deprecated since
 * OpenMetadata 1.4.0 (`dictionary_lineage_annotation`, docs/upstream/openmetadata.md#inlets-and-outlets). It still
 * works (every FQN is a Table, every list-valued key a group), with a deprecation warning. The quick fix writes the
 * same lineage in the `{"entity": "table", "fqn": ..., "key": <group>}` form, which needs no import.
 */
export const omLegacyDict: DagRule = {
  id: 'dags/om-legacy-dict',
  defaultSeverity: 'warning',
  summary:
    'OpenMetadata\'s {"tables": [FQN, ...]} inlets/outlets, deprecated since OpenMetadata 1.4.0 (says which openmetadata-ingestion version the verdict rests on); quick fix writes {"entity": "table", "fqn": ..., "key": ...} dicts.',
  check(ctx) {
    const om = omVersion(ctx.project);
    const since = atLeast(om, '1.4.0');
    if (since === false) return; // The format is current before 1.4.0.
    for (const x of uniqueXlets(ctx.file)) {
      if (x.kind !== 'legacy-dict' || isAirflow1Dict(x, ctx.file)) continue;
      const groups = x.entries.filter(isGroupEntry);
      if (!groups.length) continue;
      const first = groups[0]!;
      const fix = convert(ctx, x);
      ctx.report({
        range: shown(ctx.text, first.key),
        tags: ['deprecated'],
        message:
          `This \`{"${first.key.value}": [...]}\` ${x.origin.includes('outlets') ? 'outlet' : 'inlet'} is OpenMetadata's legacy format, deprecated since OpenMetadata 1.4.0 (${since ? omVersionText(om) : `${omVersionText(om)}; from 1.4.0 on it logs a deprecation warning`}). ` +
          `OpenMetadata still reads each FQN as a Table grouped by the key "${first.key.value}". Write each table as \`{"entity": "table", "fqn": "<service.database.schema.table>", "key": "${first.key.value}"}\` (or \`OMEntity(entity=Table, fqn=..., key=...)\`), keeping the key so the lineage pairs up the same way.`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
  },
};

/**
 * The same lineage as `{"entity": "table", "fqn": ..., "key": <group>}` dicts: only for a dict written in
 * place (not bound to a name), whose every entry is a list of literal strings.
 */
function convert(ctx: DagRuleContext, x: LegacyDict): Fix | undefined {
  const text = ctx.text;
  if (x.range.start !== x.definitionRange.start || x.range.end !== x.definitionRange.end) return undefined;
  if (
    !x.entries.length ||
    !x.entries.every((e) => e.items && e.items.length && e.key.kind === 'literal' && e.items.every((i) => i.kind === 'literal' && i.exact))
  )
    return undefined;
  const q = quoteOf(text, x.entries[0]!.key) ?? '"';
  const items: string[] = [];
  for (const e of x.entries) {
    const kq = quoteOf(text, e.key);
    if (!kq || !e.key.exact) return undefined;
    const key = `${kq}${text.slice(e.key.range.start, e.key.range.end)}${kq}`;
    for (const i of e.items!) {
      const iq = quoteOf(text, i);
      if (!iq) return undefined;
      items.push(`{${q}entity${q}: ${q}table${q}, ${q}fqn${q}: ${iq}${text.slice(i.range.start, i.range.end)}${iq}, ${q}key${q}: ${key}}`);
    }
  }
  const start = x.range.start;
  const before = text.slice(0, trimEndIndex(text, start));
  const inList = /[[(,]$/.test(before);
  const multiline = text.slice(x.range.start, x.range.end).includes('\n');
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const startsLine = text.slice(lineStart, start).trim() === '';
  let newText: string;
  if (inList) {
    newText = multiline && startsLine ? items.join(`,\n${indent}`) : items.join(', ');
  } else if (multiline) {
    const unit = /\t/.test(indent) ? '\t' : '    ';
    newText = `[\n${items.map((i) => `${indent}${unit}${i},`).join('\n')}\n${indent}]`;
  } else {
    newText = `[${items.join(', ')}]`;
  }
  return {
    title: 'Convert to {"entity": "table", "fqn": ..., "key": ...} dicts (OpenMetadata ≥ 1.4)',
    edits: [{ range: x.range, newText }],
  };
}
