import type { Fix, OffsetEdit } from '../../rules/rule';
import type { YamlMap } from '../../yaml/ast';
import type { TransportFacts } from '../analysis';
import { CLIENT, JAVA_TRANSPORTS, PY_REQUIRED_DEFAULTS, counterpart, javaRequired, type Dialect } from '../catalog';
import { insertPair } from '../edit';
import { readersOf, type OlConfigRule } from './rule';
import { andList } from '../../text/wording';
import { suppliedByEnv } from '../env-supplied';

/** A required key and how to insert it. */
interface Missing {
  /** As named in messages (`properties.bootstrap.servers`). */
  readonly label: string;
  readonly edit?: OffsetEdit;
}

/** Each transport's required keys, per client (`http` needs `url`; Python `kafka` needs `topic` and `config`, Java `kafka` needs `topicName` and `properties.bootstrap.servers`), and transports without `type`. */
export const transportRequired: OlConfigRule = {
  id: 'ol-config/transport-required',
  defaultSeverity: 'error',
  summary:
    'A transport without `type`, or missing a key its client requires (`http` needs `url`, Python `file` needs `log_file_path`, Java `kafka` needs `topicName`, …).',
  check(ctx) {
    for (const t of ctx.analysis.transports) {
      // `OPENLINEAGE__TRANSPORT__TYPE` set elsewhere in the project fills in the missing `type`.
      if (!t.typePair && suppliedByEnv(ctx.project, [...t.path, 'type'])) continue;
      if (!t.typePair) {
        const url = t.map.pairs.some((p) => p.key.value === 'url');
        const anchor = t.map.pairs[0]?.key.range ?? t.map.range;
        const insert = url ? insertPair(ctx.text, t.map, 'type', 'http') : undefined;
        const python = ctx.dialect.dialect !== 'java';
        ctx.report({
          range: anchor,
          severity: python ? 'error' : 'warning',
          message: `This transport has no \`type\`, so the client cannot build it${python ? ' (the Python client then ignores the whole transport: events go to `OPENLINEAGE_URL` if set, else to the console)' : ''}. ${url ? 'Add `type: http`.' : 'Add `type:` naming the transport these keys configure (e.g. `kafka`).'}`,
          fixes: insert ? [{ title: 'Add type: http', edits: [insert], preferred: true }] : [],
        });
        continue;
      }
      if (t.typeTemplated || !t.typeScalar) continue;
      const readers = readersOf(ctx.dialect).filter((d) => (d === 'python' ? t.python : t.java));
      if (!readers.length) continue;
      // Keys an `OPENLINEAGE__…` variable set elsewhere in the project (a CI workflow, compose) supplies are not missing.
      const missing = new Map<Dialect, Missing[]>(
        readers.map((d) => [
          d,
          missingFor(ctx.text, d, t, !!ctx.dialect.dialect).filter((m) => !suppliedByEnv(ctx.project, [...t.path, ...m.label.split('.')])),
        ]),
      );
      // Either client may read the file: it is enough that one of them finds what it needs.
      if ([...missing.values()].some((m) => !m.length)) continue;
      const range = t.typeScalar.range.end > t.typeScalar.range.start ? t.typeScalar.range : t.typePair.key.range;
      const type = t.typeScalar.value.trim();
      const parts = readers.map((d) => `${andList(missing.get(d)!.map((m) => m.label))}${readers.length > 1 ? ` (${CLIENT[d]})` : ''}`);
      const fixes: Fix[] = readers.flatMap((d) => {
        const edits = missing
          .get(d)!
          .map((m) => m.edit)
          .filter((e): e is OffsetEdit => !!e);
        return edits.length
          ? [
              {
                title: `Add ${missing
                  .get(d)!
                  .map((m) => m.label)
                  .join(', ')}${readers.length > 1 ? ` (${CLIENT[d]})` : ''}`,
                edits,
              },
            ]
          : [];
      });
      const n = missing.get(readers[0]!)!.length;
      ctx.report({
        range,
        ...(readers.length === 1 && readers[0] === 'java' && t.java && JAVA_TRANSPORTS[t.java].thirdParty
          ? { severity: 'warning' as const }
          : {}),
        message: `The \`${type}\` transport needs ${parts.join(' or ')}; without ${n > 1 ? 'them' : 'it'} the client fails to create the transport and no lineage is sent.`,
        fixes,
      });
    }
  },
};

function has(map: YamlMap, key: string): boolean {
  return map.pairs.some((p) => p.key.value === key);
}

function missingFor(text: string, d: Dialect, t: TransportFacts, decided: boolean): Missing[] {
  const out: Missing[] = [];
  if (d === 'python') {
    for (const f of t.python!.fields) {
      if (!f.required || has(t.map, f.name) || f.aliases?.some((a) => has(t.map, a))) continue;
      // Spelled for the other client: ol-config/wrong-dialect-key reports it, with the rename.
      const cp = counterpart(t.python!.type, f.name, 'python');
      if (decided && cp && has(t.map, cp.name)) continue;
      const value =
        f.type === 'map'
          ? ['bootstrap.servers: localhost:9092']
          : f.type === 'transport'
            ? ['type: console']
            : f.type === 'transports'
              ? ['console:', '  type: console']
              : (PY_REQUIRED_DEFAULTS[f.name] ?? '<value>');
      const edit = insertPair(text, t.map, f.name, value);
      out.push({ label: f.name, ...(edit ? { edit } : {}) });
    }
    return out;
  }
  const type = t.java!;
  const required = [...javaRequired(type)];
  const auth = t.map.pairs.find((p) => p.key.value === 'auth')?.value;
  if (
    type === 'http' &&
    auth?.kind === 'map' &&
    auth.pairs.some((p) => p.key.value === 'type' && p.value?.kind === 'scalar' && p.value.value.trim() === 'jwt') &&
    !has(auth, 'tokenEndpoint')
  )
    required.push('auth.tokenEndpoint');
  for (const key of required) {
    const dot = key.indexOf('.');
    const head = dot < 0 ? key : key.slice(0, dot);
    const rest = dot < 0 ? undefined : key.slice(dot + 1);
    const node = t.map.pairs.find((p) => p.key.value === head);
    if (node && (!rest || (node.value?.kind === 'map' && has(node.value, rest)))) continue;
    const cp = counterpart(type, head, 'java');
    if (decided && !rest && cp && has(t.map, cp.name)) continue;
    const placeholder =
      JAVA_TRANSPORTS[type].requiredDefaults[key] ?? (key === 'auth.tokenEndpoint' ? 'https://auth.example.com/oauth/token' : '<value>');
    let edit: OffsetEdit | undefined;
    if (!rest) edit = insertPair(text, t.map, key, placeholder);
    else if (node?.value?.kind === 'map') edit = insertPair(text, node.value, rest, placeholder);
    else if (!node) edit = insertPair(text, t.map, head, [`${rest}: ${placeholder}`]);
    out.push({ label: key, ...(edit ? { edit } : {}) });
  }
  return out;
}
