import type { Fix, OffsetEdit } from '../../rules/rule';
import { isTemplated } from '../../util/template';
import { CLIENT, counterpart, ROOT_NOTES, type Counterpart } from '../catalog';
import { removePair, renameKey, replaceScalar } from '../edit';
import { verdict, type OlConfigRule } from './rule';

/**
 * A key spelled for the other client (`timeoutInMillis` in a file the Python client reads, `topic` in one the
 * Java client reads): the reading client ignores it. The quick fix writes the reading client's spelling.
 */
export const wrongDialectKey: OlConfigRule = {
  id: 'ol-config/wrong-dialect-key',
  defaultSeverity: 'warning',
  summary:
    'A key of the other OpenLineage client (Java `timeoutInMillis` where the Python client reads the file, Python `topic` where the Java client does), which is ignored; quick fix writes the right spelling.',
  check(ctx) {
    const others = (reader: string) =>
      ctx.analysis.pairs.filter((f) => {
        const v = verdict(f, ctx.dialect);
        return v.kind === 'wrong-dialect' && v.owner === reader;
      });
    for (const fact of ctx.analysis.pairs) {
      const v = verdict(fact, ctx.dialect);
      if (v.kind !== 'wrong-dialect') continue;
      const name = fact.pair.key.value;
      let cp: Counterpart | undefined = counterpart(fact.section, name, v.owner);
      if (!cp && v.unknown.alias) cp = { name: v.unknown.alias.replacement.split('.').pop()! };
      const note = fact.path.length === 1 ? ROOT_NOTES[name]?.[v.reader] : undefined;
      const legacy = v.unknown.legacy
        ? ` (The ${CLIENT[v.reader]} removed \`${name}\` in ${v.unknown.legacy.removedIn}: ${v.unknown.legacy.explanation}.)`
        : '';
      const taken = cp ? fact.map.pairs.find((p) => p.key.value === cp!.name) : undefined;
      const instead = cp
        ? ` Use \`${cp.name}\`${cp.note ? ` (${cp.note})` : ''} instead${taken ? `; \`${cp.name}\` is already set, so remove this key` : ''}.`
        : note
          ? ` ${note}`
          : ' Remove it, or configure the same setting the way this client reads it.';
      let message: string;
      if (v.mixed) {
        const theirs = others(v.reader)
          .filter((f) => f !== fact)
          .map((f) => `\`${f.pair.key.value}\``);
        message = `This file mixes the two clients’ spellings: \`${name}\` is read only by the ${CLIENT[v.owner]}, while ${theirs.length ? theirs.slice(0, 3).join(', ') : 'other keys here'} only by the ${CLIENT[v.reader]}. Whichever client reads the file ignores the other’s keys.${cp ? ` For the ${CLIENT[v.reader]}, write \`${cp.name}\`${cp.note ? ` (${cp.note})` : ''}.` : ''}`;
      } else {
        message = `\`${name}\` is the ${CLIENT[v.owner]}’s key, but this file is read by the ${CLIENT[v.reader]} (${ctx.dialect.reason}), which ignores it.${instead}${legacy}`;
      }
      const fixes: Fix[] = [];
      if (cp && taken) {
        const e = removePair(ctx.text, fact.map, fact.pair);
        if (e) fixes.push({ title: `Remove ${name} (${cp.name} is set)`, edits: [e] });
      } else if (cp) {
        const edits: OffsetEdit[] = [renameKey(fact.pair, cp.name)];
        const value = fact.pair.value;
        let converted: string | undefined;
        if (cp.convert && value?.kind === 'scalar' && !isTemplated(value.value)) {
          converted = cp.convert(value.value.trim());
          if (converted !== undefined) edits.push(replaceScalar(value, converted));
        }
        fixes.push({
          title: `Replace with ${cp.name}${converted !== undefined ? `: ${converted}` : ''} (${CLIENT[v.reader]})`,
          edits,
          ...(v.mixed ? {} : { preferred: true }),
        });
      }
      ctx.report({ range: fact.pair.key.range, message, fixes });
    }
  },
};
