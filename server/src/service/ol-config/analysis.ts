/**
 * Reads an `openlineage.yml` twice, once as each client would, and records for every key what each client
 * makes of it: a known setting (with its spec), a key it does not read, a free-form name (a header, a Kafka
 * producer setting) or a key below something it cannot check (an unknown transport type). Rules combine the
 * two readings with the file's dialect.
 */
import type { YamlMap, YamlNode, YamlPair, YamlParse, YamlScalar } from '../yaml/ast';
import { isTemplated } from '../util/template';
import type { KeySpec } from '../spark/catalog';
import {
  CLIENT,
  DOCS,
  PY_COMPOSITE_ENTRY_FIELDS,
  PY_FILTER_FIELDS,
  PYTHON_ROOT,
  PYTHON_TRANSPORTS,
  javaTransport,
  type Dialect,
  type FieldSpec,
  type FieldType,
  type JavaTransportType,
  type PythonTransport,
} from './catalog';
import {
  fieldTypeOf,
  javaAlias,
  javaChildNames,
  javaContainerSpecs,
  javaFreeForm,
  javaLeaf,
  javaLegacy,
  javaPrefixes,
  JAVA_GENERIC_SECTIONS,
  specTransports,
} from './java';

/** What one client knows about a key: the facts hover shows and value checks use. */
export interface KeyInfo {
  /** The YAML path as written, dotted (`transport.auth.apiKey`). */
  readonly path: string;
  readonly type: FieldType;
  readonly description: string;
  readonly docs: string;
  readonly default?: string;
  readonly since?: string;
  readonly values?: readonly string[];
  readonly allowsClass?: boolean;
  readonly caseInsensitive?: boolean;
  readonly unverified?: string;
  /** Java transport types the key belongs to. */
  readonly transports?: readonly string[];
  /** Read only by the Spark integration (Spark's own settings in the Java file). */
  readonly sparkOnly?: boolean;
  /** Python field spec (for object children and aliases). */
  readonly field?: FieldSpec;
  /** Java Spark spec. */
  readonly spark?: KeySpec;
}

export type Resolution =
  | { readonly kind: 'known'; readonly info: KeyInfo }
  /** A name in a free-form mapping (headers, producer settings): any name is fine. `fields` are the usual ones, if any. */
  | { readonly kind: 'free'; readonly fields?: readonly FieldSpec[] }
  /** Nothing can be said: below an unknown transport type or below a key this client does not read. */
  | { readonly kind: 'unchecked' }
  | {
      readonly kind: 'unknown';
      /** Known names at this place, for suggestions. */
      readonly candidates: readonly string[];
      /** Transport types of this client that do read the key. */
      readonly belongsTo?: readonly string[];
      /** A documented misspelling and its replacement (Java `facets.environment_variables`). */
      readonly alias?: { readonly replacement: string; readonly why: string };
      /** A key this client removed. */
      readonly legacy?: { readonly removedIn: string; readonly replacement?: string; readonly explanation: string };
      /** Python: the fields of this place (for completion). */
      readonly fields?: readonly FieldSpec[];
      /** Java: the Spark-relative path of the mapping holding the key, and the transport type (for completion). */
      readonly javaParent?: string;
      readonly javaTransport?: string;
    };

export interface TransportFacts {
  readonly map: YamlMap;
  readonly path: readonly string[];
  readonly typePair?: YamlPair;
  /** The `type` scalar when it is a literal scalar. */
  readonly typeScalar?: YamlScalar;
  readonly typeTemplated: boolean;
  /** The Python transport, matched exactly or (see `pythonExact`) ignoring case. */
  readonly python?: PythonTransport;
  /** Whether `type` is written exactly as the Python client needs it. */
  readonly pythonExact: boolean;
  /** The Java transport, matched case-insensitively. */
  readonly java?: JavaTransportType;
  readonly nestedIn?: 'composite' | 'transform';
}

export interface PairFact {
  readonly pair: YamlPair;
  /** The mapping holding the pair. */
  readonly map: YamlMap;
  /** YAML keys from the root (list items as `[i]`). */
  readonly path: readonly string[];
  /** `root`, `facets`, `auth`, `tags`, `filter`, or the transport type: where counterparts are looked up. */
  readonly section: string;
  readonly transport?: TransportFacts;
  readonly res: Record<Dialect, Resolution>;
}

export interface OlConfigAnalysis {
  readonly parse: YamlParse;
  readonly root?: YamlMap;
  readonly pairs: readonly PairFact[];
  readonly transports: readonly TransportFacts[];
  /** Keys known to exactly one client (the other does not read them), for deciding the dialect. */
  readonly evidence: Record<Dialect, PairFact[]>;
  /** Transport types only one client has. */
  readonly typeEvidence: Record<Dialect, TransportFacts[]>;
}

const UNCHECKED: Resolution = { kind: 'unchecked' };
const FREE: Resolution = { kind: 'free' };

/** What a Python field spec and a Java key spec both document, as the fields of a {@link KeyInfo}. */
type DocumentedSpec = Pick<KeyInfo, 'description' | 'docs' | 'default' | 'since' | 'values' | 'allowsClass' | 'unverified'>;

function documented(spec: DocumentedSpec, path: readonly string[]): Omit<KeyInfo, 'type'> {
  return {
    path: path.join('.'),
    description: spec.description,
    docs: spec.docs,
    ...(spec.default !== undefined ? { default: spec.default } : {}),
    ...(spec.since ? { since: spec.since } : {}),
    ...(spec.values ? { values: spec.values } : {}),
    ...(spec.allowsClass ? { allowsClass: true } : {}),
    ...(spec.unverified ? { unverified: spec.unverified } : {}),
  };
}

export const isMap = (n: YamlNode | undefined): n is YamlMap => n?.kind === 'map';
const nonEmptyMap = (n: YamlNode | undefined): n is YamlMap => n?.kind === 'map' && n.pairs.length > 0;

export function scalarText(n: YamlNode | undefined): string | undefined {
  return n?.kind === 'scalar' ? n.value : undefined;
}

/** Builds the two readings of a parsed `openlineage.yml`. */
export function analyze(parse: YamlParse): OlConfigAnalysis {
  const root = parse.documents[0];
  const facts = new Map<
    YamlPair,
    { pair: YamlPair; map: YamlMap; path: string[]; section: string; transport?: TransportFacts; res: Record<Dialect, Resolution> }
  >();
  const transports = new Map<YamlMap, TransportFacts>();

  const fact = (pair: YamlPair, map: YamlMap, path: string[], section: string, transport?: TransportFacts) => {
    let f = facts.get(pair);
    if (!f) {
      f = {
        pair,
        map,
        path: [...path, pair.key.value],
        section,
        ...(transport ? { transport } : {}),
        res: { python: UNCHECKED, java: UNCHECKED },
      };
      facts.set(pair, f);
    }
    return f;
  };
  const set = (d: Dialect, pair: YamlPair, map: YamlMap, path: string[], section: string, res: Resolution, transport?: TransportFacts) => {
    fact(pair, map, path, section, transport).res[d] = res;
  };

  const transportFacts = (map: YamlMap, path: string[], nestedIn?: 'composite' | 'transform'): TransportFacts => {
    let t = transports.get(map);
    if (!t) {
      const typePair = map.pairs.find((p) => p.key.value === 'type');
      const typeScalar = typePair?.value?.kind === 'scalar' ? typePair.value : undefined;
      const templated = !!typeScalar && isTemplated(typeScalar.value);
      const value = typeScalar && !templated ? typeScalar.value : undefined;
      // A case variant (`HTTP`) is reported by ol-config/transport-type; its keys are still checked as `http`'s.
      const python =
        value !== undefined
          ? (PYTHON_TRANSPORTS.get(value) ??
            [...PYTHON_TRANSPORTS.values()].find((p) => p.type.toLowerCase() === value.trim().toLowerCase()))
          : undefined;
      const pythonExact = value !== undefined && PYTHON_TRANSPORTS.has(value);
      const java = value !== undefined ? javaTransport(value) : undefined;
      t = {
        map,
        path,
        ...(typePair ? { typePair } : {}),
        ...(typeScalar ? { typeScalar } : {}),
        typeTemplated: templated,
        pythonExact,
        ...(python ? { python } : {}),
        ...(java ? { java } : {}),
        ...(nestedIn ? { nestedIn } : {}),
      };
      transports.set(map, t);
    }
    return t;
  };

  // ---------------------------------------------------------------- Python reading
  const pyInfo = (spec: FieldSpec, path: string[]): KeyInfo => ({ ...documented(spec, path), type: spec.type, field: spec });
  /** The transports of a composite transport: a map of named transports, or a list; `visit` reads each one. */
  const compositeTransports = (
    d: Dialect,
    value: YamlNode | undefined,
    path: string[],
    t: TransportFacts | undefined,
    visit: (map: YamlMap, path: string[]) => void,
  ) => {
    if (isMap(value)) {
      for (const p of value.pairs) {
        set(d, p, value, path, 'transports', { kind: 'known', info: namedTransportInfo(p.key.value, [...path, p.key.value], d) }, t);
        if (isMap(p.value)) visit(p.value, [...path, p.key.value]);
      }
    } else if (value?.kind === 'seq') {
      value.items.forEach((item, i) => isMap(item) && visit(item, [...path, `[${i}]`]));
    }
  };

  const findField = (fields: readonly FieldSpec[], name: string) => fields.find((f) => f.name === name || f.aliases?.includes(name));

  const pyObject = (
    map: YamlMap,
    fields: readonly FieldSpec[],
    open: boolean,
    path: string[],
    section: string,
    transport?: TransportFacts,
  ) => {
    for (const pair of map.pairs) {
      const name = pair.key.value;
      const spec = findField(fields, name);
      if (!spec) {
        set(
          'python',
          pair,
          map,
          path,
          section,
          open ? { kind: 'free', fields } : { kind: 'unknown', candidates: fields.map((f) => f.name), fields },
          transport,
        );
        continue;
      }
      set('python', pair, map, path, section, { kind: 'known', info: pyInfo(spec, [...path, name]) }, transport);
      pyDescend(pair.value, spec, [...path, name], transport);
    }
  };

  const pyDescend = (value: YamlNode | undefined, spec: FieldSpec, path: string[], transport?: TransportFacts) => {
    switch (spec.type) {
      case 'object':
        if (isMap(value)) pyObject(value, spec.fields ?? [], !!spec.open, path, spec.name === 'auth' ? 'auth' : spec.name, transport);
        break;
      case 'map':
        if (isMap(value)) for (const p of value.pairs) set('python', p, value, path, spec.name, FREE, transport);
        break;
      case 'transport':
        if (isMap(value)) pyTransport(value, path, transport ? 'transform' : undefined);
        break;
      case 'transports':
        compositeTransports('python', value, path, transport, (m, p) => pyTransport(m, p, 'composite'));
        break;
      case 'filters':
        if (value?.kind === 'seq')
          value.items.forEach((item, i) => isMap(item) && pyObject(item, PY_FILTER_FIELDS, false, [...path, `[${i}]`], 'filter'));
        break;
      default:
        break;
    }
  };

  const pyTransport = (map: YamlMap, path: string[], nestedIn?: 'composite' | 'transform') => {
    const t = transportFacts(map, path, nestedIn);
    const info = t.python;
    if (!info) {
      // Unknown or missing type: only `type` itself can be described.
      for (const pair of map.pairs) {
        if (pair.key.value === 'type')
          set(
            'python',
            pair,
            map,
            path,
            'transport',
            { kind: 'known', info: pyInfo(PYTHON_TRANSPORTS.get('http')!.fields[0]!, [...path, 'type']) },
            t,
          );
        else set('python', pair, map, path, 'transport', UNCHECKED, t);
      }
      return;
    }
    const fields = nestedIn === 'composite' ? [...info.fields, ...PY_COMPOSITE_ENTRY_FIELDS] : info.fields;
    for (const pair of map.pairs) {
      const name = pair.key.value;
      const spec = findField(fields, name);
      if (!spec) {
        const belongsTo = [...PYTHON_TRANSPORTS.values()]
          .filter((o) => o.type !== info.type && findField(o.fields, name))
          .map((o) => o.type);
        set(
          'python',
          pair,
          map,
          path,
          info.type,
          { kind: 'unknown', candidates: fields.map((f) => f.name), fields, ...(belongsTo.length ? { belongsTo } : {}) },
          t,
        );
        continue;
      }
      set('python', pair, map, path, info.type, { kind: 'known', info: pyInfo(spec, [...path, name]) }, t);
      pyDescend(pair.value, spec, [...path, name], t);
    }
  };

  // ---------------------------------------------------------------- Java reading
  const javaInfo = (spec: KeySpec, path: string[], transport?: string): KeyInfo => {
    const ts = specTransports(spec);
    return {
      ...documented(spec, path),
      type: fieldTypeOf(spec.type),
      ...(spec.caseInsensitive ? { caseInsensitive: true } : {}),
      ...(ts ? { transports: transport ? [transport] : ts } : {}),
      ...(!JAVA_GENERIC_SECTIONS.has(spec.key.split('.')[0]!) ? { sparkOnly: true } : {}),
      spark: spec,
    };
  };
  const containerInfo = (dotted: string, path: string[], transport?: string): KeyInfo => {
    const specs = javaContainerSpecs(dotted, transport);
    const free = javaFreeForm(dotted);
    const children = javaChildNames(dotted, transport);
    const single = free ? specs[0] : undefined;
    const generic = JAVA_GENERIC_SECTIONS.has(dotted.split('.')[0]!);
    return {
      path: path.join('.'),
      type: free ? 'map' : 'object',
      description: single
        ? single.description
        : `A section with the keys ${children.map((c) => `\`${c}\``).join(', ')}${specs.some((s) => s.key.slice(dotted.length + 1).startsWith('<')) ? ' (and names of your own)' : ''}.`,
      docs: specs[0]?.docs ?? DOCS.java,
      ...(!generic ? { sparkOnly: true } : {}),
      ...(specs.every((s) => s.since) && specs.length === 1 ? { since: specs[0]!.since! } : {}),
    };
  };
  const javaUnknown = (dotted: string, parent: string, transport?: string, belongsTo?: string[]): Resolution => {
    const alias = javaAlias(dotted);
    const legacy = javaLegacy(dotted);
    return {
      kind: 'unknown',
      candidates: javaChildNames(parent, transport),
      javaParent: parent,
      ...(transport ? { javaTransport: transport } : {}),
      ...(belongsTo?.length ? { belongsTo } : {}),
      ...(alias ? { alias } : {}),
      ...(legacy ? { legacy } : {}),
    };
  };

  /** A pair outside `transport` at the Spark-relative path `dotted`. */
  const javaSection = (pair: YamlPair, map: YamlMap, path: string[], dotted: string, parent: string) => {
    const value = pair.value;
    const section = parent === 'facets' ? 'facets' : parent || 'root';
    if (nonEmptyMap(value)) {
      if (javaPrefixes(dotted).length) {
        set('java', pair, map, path, section, { kind: 'known', info: containerInfo(dotted, [...path, pair.key.value]) });
        for (const child of value.pairs) javaSection(child, value, [...path, pair.key.value], `${dotted}.${child.key.value}`, dotted);
      } else {
        set('java', pair, map, path, section, javaUnknown(dotted, parent));
      }
      return;
    }
    const specs = javaLeaf(dotted);
    if (specs.length) set('java', pair, map, path, section, { kind: 'known', info: javaInfo(specs[0]!, [...path, pair.key.value]) });
    else if (javaPrefixes(dotted).length && (value === undefined || isMap(value)))
      set('java', pair, map, path, section, { kind: 'known', info: containerInfo(dotted, [...path, pair.key.value]) });
    else set('java', pair, map, path, section, javaUnknown(dotted, parent));
  };

  const javaTransportMap = (map: YamlMap, path: string[], nestedIn?: 'composite' | 'transform') => {
    const t = transportFacts(map, path, nestedIn);
    const type = t.java;
    for (const pair of map.pairs) {
      if (pair.key.value === 'type') {
        set('java', pair, map, path, 'transport', { kind: 'known', info: javaInfo(javaLeaf('transport.type')[0]!, [...path, 'type']) }, t);
        continue;
      }
      if (!type) {
        set('java', pair, map, path, 'transport', UNCHECKED, t);
        continue;
      }
      if (nestedIn === 'composite' && pair.key.value === 'name') {
        set(
          'java',
          pair,
          map,
          path,
          type,
          {
            kind: 'known',
            info: {
              path: [...path, 'name'].join('.'),
              type: 'string',
              description: 'Composite: the name of this transport (list form).',
              docs: DOCS.java,
              unverified: 'the list form of `transports` is documented upstream without its keys',
            },
          },
          t,
        );
        continue;
      }
      javaTransportPair(pair, map, path, pair.key.value, type, t);
    }
  };

  const javaTransportPair = (pair: YamlPair, map: YamlMap, path: string[], rel: string, type: JavaTransportType, t: TransportFacts) => {
    const here = [...path, pair.key.value];
    const value = pair.value;
    const full = `transport.${rel}`;
    if (rel === 'transports' && type === 'composite') {
      set(
        'java',
        pair,
        map,
        path,
        type,
        { kind: 'known', info: { ...javaInfo(javaLeaf('transport.transports.x.type')[0]!, here, 'composite'), type: 'transports' } },
        t,
      );
      compositeTransports('java', value, here, t, (m, p) => javaTransportMap(m, p, 'composite'));
      return;
    }
    if (rel === 'transport' && type === 'transform') {
      set(
        'java',
        pair,
        map,
        path,
        type,
        { kind: 'known', info: { ...javaInfo(javaLeaf('transport.transport.type')[0]!, here, 'transform'), type: 'transport' } },
        t,
      );
      if (isMap(value)) javaTransportMap(value, here, 'transform');
      return;
    }
    const parentRel = rel.includes('.') ? `transport.${rel.slice(0, rel.lastIndexOf('.'))}` : 'transport';
    const appliesHere = (s: KeySpec) => !specTransports(s) || specTransports(s)!.includes(type);
    if (nonEmptyMap(value)) {
      const specs = javaContainerSpecs(full);
      const mine = specs.filter(appliesHere);
      if (mine.length) {
        set(
          'java',
          pair,
          map,
          path,
          rel.startsWith('auth.') || rel === 'auth' ? (rel === 'auth' ? type : 'auth') : type,
          { kind: 'known', info: containerInfo(full, here, type) },
          t,
        );
        for (const child of value.pairs) javaTransportPair(child, value, here, `${rel}.${child.key.value}`, type, t);
      } else {
        const owners = [...new Set(specs.flatMap((s) => specTransports(s) ?? []))];
        set('java', pair, map, path, type, javaUnknown(full, parentRel, type, owners), t);
      }
      return;
    }
    const section = rel.startsWith('auth.') ? 'auth' : type;
    const specs = javaLeaf(full);
    const mine = specs.filter(appliesHere);
    const legacy = javaLegacy(full);
    if (mine.length && !(legacy && type !== 'openMetadata')) {
      set('java', pair, map, path, section, { kind: 'known', info: javaInfo(mine[0]!, here, type) }, t);
      return;
    }
    if (!legacy && javaContainerSpecs(full).some(appliesHere) && (value === undefined || isMap(value))) {
      set('java', pair, map, path, section, { kind: 'known', info: containerInfo(full, here, type) }, t);
      return;
    }
    const owners = [...new Set(specs.flatMap((s) => specTransports(s) ?? []))].filter((o) => o !== type);
    set('java', pair, map, path, section, javaUnknown(full, parentRel, type, legacy ? [] : owners), t);
  };

  if (isMap(root)) {
    // Python.
    const pyRoot: FieldSpec[] = [...PYTHON_ROOT];
    pyObject(root, pyRoot, false, [], 'root');
    // Java.
    for (const pair of root.pairs) {
      if (pair.key.value === 'transport') {
        set('java', pair, root, [], 'root', {
          kind: 'known',
          info: {
            path: 'transport',
            type: 'transport',
            description:
              'How events are sent: a mapping with `type` and that transport’s keys (the same keys as `spark.openlineage.transport.*`).',
            docs: DOCS.java,
          },
        });
        if (isMap(pair.value)) javaTransportMap(pair.value, ['transport']);
      } else {
        javaSection(pair, root, [], pair.key.value, '');
      }
    }
  }

  const pairs = [...facts.values()].sort((a, b) => a.pair.key.range.start - b.pair.key.range.start);
  const evidence: Record<Dialect, PairFact[]> = { python: [], java: [] };
  for (const f of pairs) {
    if (f.res.python.kind === 'known' && f.res.java.kind === 'unknown') evidence.python.push(f);
    else if (f.res.java.kind === 'known' && f.res.python.kind === 'unknown') evidence.java.push(f);
  }
  const typeEvidence: Record<Dialect, TransportFacts[]> = { python: [], java: [] };
  const all = [...transports.values()];
  for (const t of all) {
    const v = t.typeScalar && !t.typeTemplated ? t.typeScalar.value : undefined;
    if (v === undefined) continue;
    if (t.python && t.pythonExact && !t.java) typeEvidence.python.push(t);
    else if (t.java && !t.python && !PYTHON_TRANSPORTS.has(v.toLowerCase())) typeEvidence.java.push(t);
  }
  return { parse, ...(isMap(root) ? { root } : {}), pairs, transports: all, evidence, typeEvidence };
}

function namedTransportInfo(name: string, path: string[], dialect: Dialect): KeyInfo {
  return {
    path: path.join('.'),
    type: 'transport',
    description: `Composite: the transport named \`${name}\`, configured with the same keys as \`transport\` (${CLIENT[dialect]}).`,
    docs: dialect === 'python' ? DOCS.python : DOCS.java,
  };
}
