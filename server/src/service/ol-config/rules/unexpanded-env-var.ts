import type { OffsetRange } from '../../text/model';
import type { YamlMap, YamlNode, YamlScalar } from '../../yaml/ast';
import { CLIENT } from '../catalog';
import { removePair } from '../edit';
import { envAdvice } from '../env';
import { readersOf, type OlConfigRule } from './rule';

const BRACED = /\$\{[A-Za-z_][A-Za-z0-9_]*(?:(?::?[-=?+])[^}]*)?\}/;
const BARE = /^\$[A-Za-z_][A-Za-z0-9_]*$/;

interface ValueRef {
  readonly scalar: YamlScalar;
  readonly path: readonly string[];
  readonly map?: YamlMap;
  readonly pairIndex?: number;
}

function* values(node: YamlNode | undefined, path: string[], map?: YamlMap, pairIndex?: number): Generator<ValueRef> {
  if (!node) return;
  if (node.kind === 'scalar') yield { scalar: node, path, ...(map ? { map } : {}), ...(pairIndex !== undefined ? { pairIndex } : {}) };
  else if (node.kind === 'map') for (const [i, p] of node.pairs.entries()) yield* values(p.value, [...path, p.key.value], node, i);
  else if (node.kind === 'seq') for (const [i, item] of node.items.entries()) yield* values(item, [...path, `[${i}]`]);
}

/**
 * `${VAR}` in `openlineage.yml`. Neither client expands environment variables in this file (the Python client
 * reads it with plain `yaml.safe_load`), so the reference is sent literally: a key `${OPENLINEAGE_API_KEY}`
 * authenticates with that string. docs/upstream/python-client.md does not record this (unverified), so it is a
 * warning.
 */
export const unexpandedEnvVar: OlConfigRule = {
  id: 'ol-config/unexpanded-env-var',
  defaultSeverity: 'warning',
  summary:
    '`${VAR}` in `openlineage.yml`, which the clients do not expand (the value is used literally); says how to pass it through the environment instead.',
  check(ctx) {
    const root = ctx.analysis.parse.documents[0];
    const readers = readersOf(ctx.dialect);
    for (const ref of values(root, [])) {
      const { scalar } = ref;
      const m = BRACED.exec(scalar.value) ?? BARE.exec(scalar.value.trim());
      if (!m) continue;
      let range: OffsetRange = scalar.range;
      if (scalar.exact) {
        const at = scalar.value.indexOf(m[0]);
        range = { start: scalar.range.start + at, end: scalar.range.start + at + m[0].length };
      }
      const name = ref.path[ref.path.length - 1] ?? 'this value';
      const python = readers.includes('python');
      const who =
        readers.length > 1
          ? `Neither client expands environment variables in \`openlineage.yml\` (the ${CLIENT.python} reads it with plain \`yaml.safe_load\`)`
          : python
            ? `The ${CLIENT.python} reads \`openlineage.yml\` with plain \`yaml.safe_load\` and does not expand environment variables`
            : `The ${CLIENT.java} reads \`openlineage.yml\` with Jackson and does not expand environment variables`;
      const pair = ref.map && ref.pairIndex !== undefined ? ref.map.pairs[ref.pairIndex] : undefined;
      const remove = pair && ref.map ? removePair(ctx.text, ref.map, pair) : undefined;
      ctx.report({
        range,
        message: `${who}, so \`${name}\` is the literal text \`${m[0]}\`. ${envAdvice(ref.path, readers)}`,
        fixes: remove ? [{ title: `Remove ${name} (set it in the environment instead)`, edits: [remove] }] : [],
      });
    }
  },
};
