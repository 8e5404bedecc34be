import { nearest } from '../../util/nearest';
import type { Fix } from '../../rules/rule';
import { CLIENT, other } from '../catalog';
import { removePair, renameKey } from '../edit';
import { verdict, type OlConfigRule } from './rule';
import { orList } from '../../text/wording';

/**
 * Keys that the client(s) reading the file do not read at all: typos, keys of removed versions, documented
 * misspellings. Both clients ignore unknown transport keys, so a typo is a setting that never applies.
 */
export const unknownKey: OlConfigRule = {
  id: 'ol-config/unknown-key',
  defaultSeverity: 'warning',
  summary: 'A key the client reading `openlineage.yml` does not read (a typo, a removed key); suggests the nearest known key.',
  check(ctx) {
    for (const fact of ctx.analysis.pairs) {
      const v = verdict(fact, ctx.dialect);
      if (v.kind !== 'unknown') continue;
      const name = fact.pair.key.value;
      // Complex (non-scalar) keys have no name to report.
      if (!name) continue;
      const who = v.readers.length === 1 ? `the ${CLIENT[v.readers[0]!]}` : 'neither the Python nor the Java client';
      const reads = v.readers.length === 1 ? 'does not read it' : 'reads it';
      const legacy = v.unknown.find((u) => u.legacy)?.legacy;
      const alias = v.unknown.find((u) => u.alias)?.alias;
      const where = fact.path.length > 1 ? ` under \`${fact.path.slice(0, -1).join('.')}\`` : ' at the top level';
      const python = v.readers.includes('python') && v.readers.length === 1;
      const consequence =
        python && (fact.section === 'facets' || fact.section === 'filter')
          ? ` The Python client passes the keys of \`${fact.section === 'facets' ? 'facets' : 'filters'}\` to a config class, so an unknown one makes it fail with \`ValueError: Failed to parse OpenLineage config.\``
          : '';
      if (legacy) {
        const replacement = legacy.replacement?.split('.').pop();
        const sameParent = legacy.replacement && legacy.replacement.split('.').length === fact.path.length;
        ctx.report({
          range: fact.pair.key.range,
          tags: ['deprecated'],
          message: `\`${name}\` was removed in OpenLineage ${legacy.removedIn} and is ignored since: ${legacy.explanation}.${replacement && sameParent ? ` Use \`${replacement}\`.` : ' Remove it.'}`,
          fixes:
            replacement && sameParent
              ? [{ title: `Replace with ${replacement}`, edits: [renameKey(fact.pair, replacement)], preferred: true }]
              : removeFix(ctx.text, fact),
        });
        continue;
      }
      if (alias) {
        const replacement = alias.replacement.split('.').pop()!;
        ctx.report({
          range: fact.pair.key.range,
          message: `\`${name}\` is ignored: ${alias.why}. Use \`${replacement}\`.`,
          fixes: [{ title: `Replace with ${replacement}`, edits: [renameKey(fact.pair, replacement)], preferred: true }],
        });
        continue;
      }
      const candidates = [...new Set(v.unknown.flatMap((u) => u.candidates))].filter((c) => !fact.map.pairs.some((p) => p.key.value === c));
      const suggestion = nearest(name, candidates);
      // A typo of the other client's key (the file's dialect may have been guessed from its keys).
      const theirs = v.readers.length === 1 ? fact.res[other(v.readers[0]!)] : undefined;
      const elsewhere =
        !suggestion && theirs?.kind === 'unknown'
          ? nearest(
              name,
              theirs.candidates.filter((c) => !fact.map.pairs.some((p) => p.key.value === c)),
            )
          : undefined;
      const hint = suggestion
        ? ` Did you mean \`${suggestion}\`?`
        : elsewhere
          ? ` Did you mean \`${elsewhere}\`? That is a key of the ${CLIENT[other(v.readers[0]!)]}, though; this file is read by the ${CLIENT[v.readers[0]!]} (${ctx.dialect.reason}).`
          : candidates.length
            ? ` Known keys here: ${orList(candidates.slice(0, 8))}.`
            : '';
      ctx.report({
        range: fact.pair.key.range,
        message: `Unknown key \`${name}\`${where}: ${who} ${reads}, so it has no effect.${hint}${consequence}`,
        fixes: suggestion
          ? [{ title: `Replace with ${suggestion}`, edits: [renameKey(fact.pair, suggestion)], preferred: true }]
          : elsewhere
            ? [{ title: `Replace with ${elsewhere} (${CLIENT[other(v.readers[0]!)]})`, edits: [renameKey(fact.pair, elsewhere)] }]
            : [],
      });
    }
  },
};

function removeFix(text: string, fact: { map: Parameters<typeof removePair>[1]; pair: Parameters<typeof removePair>[2] }): Fix[] {
  const e = removePair(text, fact.map, fact.pair);
  return e ? [{ title: `Remove ${fact.pair.key.value}`, edits: [e] }] : [];
}
