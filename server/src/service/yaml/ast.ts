/**
 * A small YAML AST with source ranges, built from js-yaml 5's event stream (`parseEvents`), which reports
 * offsets for every scalar (inside the quotes for quoted scalars) and the start of every collection.
 * Values are decoded with js-yaml's own `getScalarValue`; no JS objects are constructed, so anchors and huge
 * alias counts cost nothing.
 */
import { getScalarValue, parseEvents, type Event, type ScalarEvent } from 'js-yaml';
import type { OffsetRange } from '../text/model';

export type YamlNode = YamlScalar | YamlMap | YamlSeq | YamlAlias;

export interface YamlScalar {
  readonly kind: 'scalar';
  /** The decoded string (quotes and escapes resolved); implicit types are not resolved. */
  readonly value: string;
  /** The value's text in the document (inside quotes for quoted scalars). */
  readonly range: OffsetRange;
  readonly style: 'plain' | 'single' | 'double' | 'literal' | 'folded';
  /** Whether `text.slice(range)` equals `value`. */
  readonly exact: boolean;
  /** The anchor (`&name`) written on this node. */
  readonly anchor?: string;
}

export interface YamlPair {
  readonly key: YamlScalar;
  readonly value: YamlNode | undefined;
}

export interface YamlMap {
  readonly kind: 'map';
  readonly pairs: readonly YamlPair[];
  readonly range: OffsetRange;
  readonly flow: boolean;
  readonly anchor?: string;
}

export interface YamlSeq {
  readonly kind: 'seq';
  readonly items: readonly YamlNode[];
  readonly range: OffsetRange;
  readonly flow: boolean;
  readonly anchor?: string;
}

export interface YamlAlias {
  readonly kind: 'alias';
  readonly range: OffsetRange;
  /** The anchor it refers to (`*name`). */
  readonly name: string;
}

export interface YamlParse {
  /** One root per document in the stream (usually one); undefined roots are empty documents. */
  readonly documents: readonly (YamlNode | undefined)[];
  /** The first syntax error, if the text is not valid YAML (then `documents` is empty). */
  readonly error?: { readonly message: string; readonly offset: number };
}

const STYLE: Record<number, YamlScalar['style']> = { 1: 'plain', 2: 'single', 3: 'double', 4: 'literal', 5: 'folded' };

/** Documents whose last parse is kept for {@link parseYamlDocument}; the oldest is dropped first. */
const SHARED_PARSES = 16;
const sharedParses = new Map<string, { text: string; parse: YamlParse }>();

/**
 * {@link parseYaml} of a document, shared by every reader of the same document text: the project model and
 * the Great Expectations family both read `great_expectations.yml` on each edit, and parse it once. The
 * nodes are read-only, so sharing them is safe.
 */
export function parseYamlDocument(uri: string, text: string): YamlParse {
  const hit = sharedParses.get(uri);
  if (hit && hit.text === text) return hit.parse;
  const parse = parseYaml(text);
  sharedParses.delete(uri);
  sharedParses.set(uri, { text, parse });
  if (sharedParses.size > SHARED_PARSES) sharedParses.delete(sharedParses.keys().next().value!);
  return parse;
}

/** Parses YAML text into documents of ranged nodes. Never throws. */
export function parseYaml(text: string): YamlParse {
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: 200 });
  } catch (e) {
    const err = e as { reason?: string; message?: string; mark?: { position?: number } };
    return {
      documents: [],
      error: { message: err.reason ?? err.message ?? 'invalid YAML', offset: Math.min(err.mark?.position ?? 0, text.length) },
    };
  }
  const documents: (YamlNode | undefined)[] = [];
  let i = 0;

  const anchorOf = (ev: { anchorStart: number; anchorEnd: number }) =>
    ev.anchorEnd > ev.anchorStart && ev.anchorStart >= 0 ? { anchor: text.slice(ev.anchorStart, ev.anchorEnd).replace(/^&/, '') } : {};
  const node = (): YamlNode => {
    const ev = events[i++]!;
    switch (ev.type) {
      case 4: {
        const s = ev as ScalarEvent;
        const value = getScalarValue(text, s);
        const start = Math.max(0, s.valueStart);
        const end = Math.max(start, s.valueEnd);
        return {
          kind: 'scalar',
          value,
          range: { start, end },
          style: STYLE[s.style] ?? 'plain',
          exact: text.slice(start, end) === value,
          ...anchorOf(s),
        };
      }
      case 5:
        return {
          kind: 'alias',
          range: { start: Math.max(0, ev.anchorStart - 1), end: Math.max(0, ev.anchorEnd) },
          name: text.slice(Math.max(0, ev.anchorStart), Math.max(0, ev.anchorEnd)).replace(/^\*/, ''),
        };
      case 3: {
        const pairs: YamlPair[] = [];
        while (events[i] && events[i]!.type !== 6) {
          const keyNode = node();
          const key: YamlScalar =
            keyNode.kind === 'scalar' ? keyNode : { kind: 'scalar', value: '', range: keyNode.range, style: 'plain', exact: false };
          const value = events[i] && events[i]!.type !== 6 ? node() : undefined;
          pairs.push({ key, value: value && isEmptyPlain(value) ? undefined : value });
        }
        i++;
        const last = pairs[pairs.length - 1];
        return {
          kind: 'map',
          pairs,
          range: { start: ev.start, end: last ? endOf(last.value ?? last.key) : ev.start },
          flow: ev.style === 2,
          ...anchorOf(ev),
        };
      }
      case 2: {
        const items: YamlNode[] = [];
        while (events[i] && events[i]!.type !== 6) items.push(node());
        i++;
        const last = items[items.length - 1];
        return {
          kind: 'seq',
          items,
          range: { start: ev.start, end: last ? endOf(last) : ev.start },
          flow: ev.style === 2,
          ...anchorOf(ev),
        };
      }
      default:
        throw new Error(`unexpected YAML event ${ev.type}`);
    }
  };

  while (i < events.length) {
    const ev = events[i]!;
    if (ev.type === 1) {
      i++;
      const root = events[i] && events[i]!.type !== 6 ? node() : undefined;
      // Skip to the document's POP.
      while (i < events.length && events[i]!.type !== 6) i++;
      i++;
      documents.push(root);
    } else {
      i++;
    }
  }
  return { documents };
}

function isEmptyPlain(n: YamlNode): boolean {
  return n.kind === 'scalar' && n.style === 'plain' && n.value === '' && n.range.start === n.range.end;
}

function endOf(n: YamlNode): number {
  return n.range.end;
}

/** The pair of `map` whose key is `key`. */
export function pair(map: YamlNode | undefined, key: string): YamlPair | undefined {
  return map?.kind === 'map' ? map.pairs.find((p) => p.key.value === key) : undefined;
}

/** The value under `key`, or under a path of keys. */
export function get(node: YamlNode | undefined, ...path: string[]): YamlNode | undefined {
  let cur = node;
  for (const k of path) cur = pair(cur, k)?.value;
  return cur;
}

/** The scalar string under a path, if the node there is a scalar. */
export function str(node: YamlNode | undefined, ...path: string[]): string | undefined {
  const n = get(node, ...path);
  return n?.kind === 'scalar' ? n.value : undefined;
}

/** The range to report a problem about a pair on: its value when there is one, else its key. */
export function pairRange(p: YamlPair): OffsetRange {
  return p.value && p.value.range.end > p.value.range.start ? p.value.range : p.key.range;
}
