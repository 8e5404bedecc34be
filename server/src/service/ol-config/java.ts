/**
 * The Java client's `openlineage.yml`, read through the Spark catalogue: a YAML path `a: {b: {c: v}}` is the
 * Spark key `spark.openlineage.a.b.c` (docs/upstream/spark.md#transports: "the same keys as `transport:` in the Java
 * client's `openlineage.yml`"). Leaves are looked up with `lookupKey`; a mapping is known when some key continues
 * below its path.
 */
import { KEYS, KNOWN_ALIASES, lookupKey, lookupLegacy, OL_PREFIX, type KeySpec, type ValueType } from '../spark/catalog';
import type { FieldType } from './catalog';

interface PrefixPattern {
  readonly regex: RegExp;
  readonly spec: KeySpec;
  /** The pattern segments after the prefix (to list child names). */
  readonly next: string;
}

function segmentRegex(seg: string): string {
  if (seg === '<rest>') return '(.+)';
  if (seg === '<name>') return '([^.]+)';
  return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const PREFIXES: readonly PrefixPattern[] = KEYS.filter((k) => !k.absolute).flatMap((spec) => {
  const segs = spec.key.split('.');
  const out: PrefixPattern[] = [];
  for (let i = 1; i < segs.length; i++) {
    out.push({ regex: new RegExp(`^${segs.slice(0, i).map(segmentRegex).join('\\.')}$`), spec, next: segs[i]! });
  }
  return out;
});

const prefixCache = new Map<string, PrefixPattern[]>();

/** Keys that continue below `path` (a mapping at `path` is known when this is not empty). */
export function javaPrefixes(path: string): PrefixPattern[] {
  let hit = prefixCache.get(path);
  if (!hit) {
    hit = PREFIXES.filter((p) => p.regex.test(path));
    if (prefixCache.size > 2000) prefixCache.clear();
    prefixCache.set(path, hit);
  }
  return hit;
}

/** The Spark specs of a leaf at `path` (relative to `spark.openlineage.`). */
export function javaLeaf(path: string): KeySpec[] {
  return lookupKey(OL_PREFIX + path);
}

/** Transports a spec applies to. The third-party openMetadata transport also reads `auth.*` (docs/upstream/spark.md#transports). */
export function specTransports(spec: KeySpec): readonly string[] | undefined {
  if (!spec.transports) return undefined;
  return spec.key.startsWith('transport.auth.') ? [...spec.transports, 'openMetadata'] : spec.transports;
}

export function javaAlias(path: string): { replacement: string; why: string } | undefined {
  return KNOWN_ALIASES[path];
}

export function javaLegacy(path: string): { removedIn: string; replacement?: string; explanation: string } | undefined {
  const hit = lookupLegacy(OL_PREFIX + path);
  if (!hit) return undefined;
  const replacement = hit.legacy.replacement?.replace('<rest>', hit.rest ?? '<name>');
  return { removedIn: hit.legacy.removedIn, explanation: hit.legacy.explanation, ...(replacement ? { replacement } : {}) };
}

/**
 * Names that may follow `path` (concrete segments only), for suggestions and completion; with `transport`,
 * only keys of that transport type.
 */
export function javaChildNames(path: string, transport?: string): string[] {
  const names = new Set<string>();
  const prefix = path ? `${path}.` : '';
  for (const spec of KEYS) {
    if (spec.absolute) continue;
    if (transport) {
      const ts = specTransports(spec);
      if (ts && !ts.includes(transport)) continue;
    }
    if (prefix && !spec.key.startsWith(prefix)) continue;
    const next = spec.key.slice(prefix.length).split('.')[0]!;
    if (!next.includes('<')) names.add(next);
  }
  return [...names];
}

/** Specs describing what sits at `path` when it is a mapping (for hover and for its type). */
export function javaContainerSpecs(path: string, transport?: string): KeySpec[] {
  return javaPrefixes(path)
    .filter((p) => !transport || !specTransports(p.spec) || specTransports(p.spec)!.includes(transport))
    .map((p) => p.spec);
}

/** Whether a mapping at `path` has free-form names below it (`headers`, `properties`, `urlParams`, ...). */
export function javaFreeForm(path: string): boolean {
  const ps = javaPrefixes(path);
  return (
    ps.length > 0 && ps.every((p) => p.next === '<rest>' || p.next === '<name>') && ps.every((p) => p.spec.key.split('.').pop() === p.next)
  );
}

export function fieldTypeOf(t: ValueType): FieldType {
  switch (t) {
    case 'boolean':
    case 'strict-boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'url':
      return 'url';
    case 'enum':
      return 'enum';
    case 'secret':
      return 'secret';
    case 'class':
      return 'class';
    case 'list':
    case 'comma-list':
      return 'list';
    case 'json':
    case 'tags':
      return 'any';
    default:
      return 'string';
  }
}

/** Top-level sections of the Java client itself; the other top-level keys are the Spark integration's. */
export const JAVA_GENERIC_SECTIONS = new Set(['transport', 'facets', 'job', 'run', 'dataset', 'circuitBreaker', 'metrics']);
