import type { Fix } from '../../rules/rule';
import type { OffsetRange } from '../../text/model';
import type { PyString } from '../model';
import { dictEntry, isAirflow1Dict, isGroupEntry, omEntityArgs } from '../om-xlets';
import type { DagRule } from './rule';
import { allXlets, callNameRange, shown } from '../xlets';

interface KeyUse {
  readonly key: string;
  readonly side: 'inlets' | 'outlets';
  /** Where to report: the key string, or the `OMEntity` name when the key is the default. */
  readonly range: OffsetRange;
  /** The key's literal, when written (a rename fix edits it). */
  readonly literal?: PyString;
}

/**
 * OpenMetadata builds lineage per group key across all tasks of a DAG: inlets[key] → the DAG's pipeline →
 * outlets[key] (`get_xlets_from_dag`, docs/upstream/openmetadata.md#inlets-and-outlets). A key used only in inlets,
 * or only in outlets, anywhere in the DAG produces no lineage. Reported at the key; keys that cannot be read
 * (expressions, objects we do not know on the other side) are never judged.
 */
export const omGroupKey: DagRule = {
  id: 'dags/om-group-key',
  defaultSeverity: 'warning',
  summary:
    "An OpenMetadata lineage group key used only in inlets or only in outlets across a DAG's tasks, which produces no lineage; quick fix uses the other side's unmatched key.",
  check(ctx) {
    const byDag = new Map<number, { uses: KeyUse[]; unsure: Set<'inlets' | 'outlets'> }>();
    const unsureEverywhere = new Set<'inlets' | 'outlets'>();
    const reported = new Set<string>();
    for (const use of allXlets(ctx.file)) {
      if (use.side === 'schedule') continue;
      const side = use.side;
      const x = use.xlet;
      const found: KeyUse[] = [];
      let unsure = false;
      switch (x.kind) {
        case 'legacy-dict':
          if (isAirflow1Dict(x, ctx.file)) break;
          for (const e of x.entries) {
            if (e.key.kind !== 'literal') {
              unsure = true;
              continue;
            }
            if (isGroupEntry(e)) {
              // An empty list adds nothing: `if value and outlets.get(key)`.
              if (e.items!.length) found.push({ key: e.key.value, side, range: shown(ctx.text, e.key), literal: e.key });
            } else if (e.value && e.value.kind !== 'literal') unsure = true; // a name that may hold a list
          }
          break;
        case 'om-entity': {
          const { key } = omEntityArgs(x);
          if (!key) found.push({ key: 'default', side, range: callNameRange(ctx.text, x) });
          else if (key.string?.kind === 'literal')
            found.push({ key: key.string.value, side, range: shown(ctx.text, key.string), literal: key.string });
          else unsure = true;
          break;
        }
        case 'om-dict': {
          const key = dictEntry(x, 'key');
          if (!dictEntry(x, 'entity') || !dictEntry(x, 'fqn') || !key) break; // not read as an entity (dags/om-entity)
          if (key.value?.kind === 'literal')
            found.push({ key: key.value.value, side, range: shown(ctx.text, key.value), literal: key.value });
          else unsure = true;
          break;
        }
        case 'unknown':
          unsure = true;
          break;
        default:
          break;
      }
      if (use.dag === undefined) {
        // A task we cannot place in a DAG may complete any DAG's groups.
        if (found.length || unsure) {
          unsureEverywhere.add('inlets');
          unsureEverywhere.add('outlets');
        }
        continue;
      }
      let group = byDag.get(use.dag);
      if (!group) byDag.set(use.dag, (group = { uses: [], unsure: new Set() }));
      group.uses.push(...found);
      if (unsure) group.unsure.add(side);
    }
    for (const [dag, group] of byDag) {
      if (!group.uses.length) continue;
      const keys = (side: 'inlets' | 'outlets') => new Set(group.uses.filter((u) => u.side === side).map((u) => u.key));
      const ins = keys('inlets');
      const outs = keys('outlets');
      const dagName = ctx.file.dags[dag]?.dagId?.value;
      const where = dagName ? `DAG "${dagName}"` : 'this DAG';
      for (const u of group.uses) {
        const other = u.side === 'inlets' ? 'outlets' : 'inlets';
        const otherKeys = u.side === 'inlets' ? outs : ins;
        if (otherKeys.has(u.key) || group.unsure.has(other) || unsureEverywhere.has(other)) continue;
        const k = `${u.range.start}:${u.range.end}`;
        if (reported.has(k)) continue;
        reported.add(k);
        const sameSide = u.side === 'inlets' ? ins : outs;
        const orphans = [...otherKeys].filter((o) => !sameSide.has(o));
        const fixes: Fix[] = [];
        if (orphans.length === 1 && u.literal?.exact) {
          fixes.push({ title: `Use the key "${orphans[0]}"`, edits: [{ range: u.literal.range, newText: orphans[0]! }] });
        }
        const hint = orphans.length
          ? ` The ${other} of ${where} use ${orphans.map((o) => `"${o}"`).join(', ')}: if they belong together, use the same key.`
          : ` Add ${other} with the key "${u.key}" to a task of ${where}, or remove this group.`;
        ctx.report({
          range: u.range,
          message:
            `OpenMetadata pairs inlets and outlets by group key across all tasks of a DAG (inlets[key] → pipeline → outlets[key]). ` +
            `The key "${u.key}"${u.literal ? '' : " (OMEntity's default)"} appears only in the ${u.side} of ${where}, so this group produces no lineage.${hint}`,
          ...(fixes.length ? { fixes } : {}),
        });
      }
    }
  },
};
