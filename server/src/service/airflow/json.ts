/**
 * A JSON reader with ranges, following Python's `json.loads` (what Airflow's `conf.getjson` and the client use):
 * strict double-quoted strings, no trailing commas or comments, `NaN`/`Infinity` accepted. Errors carry the
 * offset and Python's own wording ("Expecting ',' delimiter"), so a message matches what Airflow logs.
 * Also converts a YAML node to the same tree, so a transport written in YAML is checked by the same code.
 */
import type { OffsetRange } from '../text/model';
import type { YamlNode } from '../yaml/ast';

export type JsonNode = JsonObject | JsonArray | JsonScalar;

export interface JsonEntry {
  readonly key: string;
  readonly keyRange: OffsetRange;
  readonly value: JsonNode;
}

export interface JsonObject {
  readonly kind: 'object';
  readonly entries: readonly JsonEntry[];
  readonly range: OffsetRange;
}

export interface JsonArray {
  readonly kind: 'array';
  readonly items: readonly JsonNode[];
  readonly range: OffsetRange;
}

export interface JsonScalar {
  /** `untyped`: a plain YAML scalar, whose type we do not resolve. Strings' ranges are inside their quotes. */
  readonly kind: 'string' | 'number' | 'boolean' | 'null' | 'untyped';
  readonly value: string;
  readonly range: OffsetRange;
}

export interface JsonParse {
  readonly node?: JsonNode;
  readonly error?: { readonly message: string; readonly offset: number; readonly end: number };
}

class JsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly end: number = offset + 1,
  ) {
    super(message);
  }
}

/** Parses `text` as Python's `json.loads` would. Offsets are indices into `text`. Never throws. */
export function parseJson(text: string): JsonParse {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const value = (depth: number): JsonNode => {
    if (depth > 200) throw new JsonError('Nesting too deep', i);
    ws();
    const c = text[i];
    const start = i;
    if (c === '{') {
      i++;
      const entries: JsonEntry[] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', entries, range: { start, end: i } };
      }
      for (;;) {
        ws();
        if (text[i] !== '"')
          throw new JsonError(
            entries.length ? 'Illegal trailing comma before end of object' : 'Expecting property name enclosed in double quotes',
            i,
            tokenEnd(text, i),
          );
        const k = string();
        ws();
        if (text[i] !== ':') throw new JsonError("Expecting ':' delimiter", i, tokenEnd(text, i));
        i++;
        const v = value(depth + 1);
        entries.push({ key: k.value, keyRange: k.range, value: v });
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === '}') throw new JsonError('Illegal trailing comma before end of object', i - 1, i);
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { kind: 'object', entries, range: { start, end: i } };
        }
        throw new JsonError("Expecting ',' delimiter", i, tokenEnd(text, i));
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items, range: { start, end: i } };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') throw new JsonError('Illegal trailing comma before end of array', i - 1, i);
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'array', items, range: { start, end: i } };
        }
        throw new JsonError("Expecting ',' delimiter", i, tokenEnd(text, i));
      }
    }
    if (c === '"') return string();
    const lit = /^(?:true|false|null|NaN|-?Infinity|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (lit) {
      i += lit[0].length;
      const v = lit[0];
      const kind = v === 'true' || v === 'false' ? 'boolean' : v === 'null' ? 'null' : 'number';
      return { kind, value: v, range: { start, end: i } };
    }
    throw new JsonError('Expecting value', i, tokenEnd(text, i));
  };
  const string = (): JsonScalar => {
    const start = i;
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) throw new JsonError('Unterminated string starting at', start, start + 1);
      const c = text[i]!;
      if (c === '"') {
        i++;
        // The range is inside the quotes (like YAML scalars): replacing it keeps them.
        return { kind: 'string', value: out, range: { start: start + 1, end: i - 1 } };
      }
      if (c === '\\') {
        const n = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (n !== undefined && simple[n] !== undefined) {
          out += simple[n];
          i += 2;
          continue;
        }
        if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        throw new JsonError('Invalid \\escape', i, Math.min(text.length, i + 2));
      }
      if (c < ' ') throw new JsonError('Invalid control character at', i);
      out += c;
      i++;
    }
  };
  try {
    const node = value(0);
    ws();
    if (i < text.length) throw new JsonError('Extra data', i, text.length);
    return { node };
  } catch (e) {
    if (e instanceof JsonError) {
      // An error at the very end (unclosed bracket) points at the last character, so it has a visible range.
      const offset = e.offset >= text.length && text.length ? text.length - 1 : e.offset;
      return { error: { message: e.message, offset, end: Math.max(Math.min(e.end, text.length), offset + (text.length ? 1 : 0)) } };
    }
    throw e;
  }
}

/** The end of the token starting at `i` (at least one character when there is one), for error ranges. */
function tokenEnd(text: string, i: number): number {
  if (i >= text.length) return i;
  const m = /^(?:"[^"\n]*"?|[A-Za-z0-9_.+-]+|.)/.exec(text.slice(i));
  return i + (m ? m[0].length : 1);
}

/** A YAML node as a JSON tree (plain scalars stay untyped; aliases become untyped scalars). */
export function fromYaml(node: YamlNode): JsonNode {
  switch (node.kind) {
    case 'map':
      return {
        kind: 'object',
        range: node.range,
        entries: node.pairs.map((p) => ({
          key: p.key.value,
          keyRange: p.key.range,
          value: p.value ? fromYaml(p.value) : { kind: 'null', value: '', range: p.key.range },
        })),
      };
    case 'seq':
      return { kind: 'array', range: node.range, items: node.items.map(fromYaml) };
    case 'scalar':
      return { kind: node.style === 'plain' ? 'untyped' : 'string', value: node.value, range: node.range };
    default:
      return { kind: 'untyped', value: '', range: node.range };
  }
}

/** The entry of `key` in an object node. */
export function entry(node: JsonNode | undefined, key: string): JsonEntry | undefined {
  return node?.kind === 'object' ? [...node.entries].reverse().find((e) => e.key === key) : undefined;
}

export function describeKind(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return '`null`';
    default:
      return 'a value';
  }
}
