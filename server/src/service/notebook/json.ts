/**
 * A JSON reader for notebook files that keeps offsets: every value knows where it is in the text, and a string
 * decodes with the offset of each of its characters, so a problem in a cell's source can be shown at its place
 * in the `.ipynb` text. Iterative (no recursion, whatever the nesting), linear, never throws: bad JSON gives
 * the offset and a sentence. Values under keys in `skip` (a notebook's `outputs`, `attachments`) are checked
 * for syntax but not kept, so huge outputs cost one scan and no memory.
 *
 * All offsets are UTF-16 offsets into the text.
 */

export type JsonValue =
  | { readonly type: 'object'; readonly start: number; end: number; readonly entries: JsonEntry[] }
  | { readonly type: 'array'; readonly start: number; end: number; readonly items: JsonValue[] }
  /** A string: `start` is its opening quote, `end` just after its closing quote. Decode it with {@link decodeString}. */
  | { readonly type: 'string'; readonly start: number; readonly end: number }
  | { readonly type: 'number' | 'true' | 'false' | 'null'; readonly start: number; readonly end: number };

export interface JsonEntry {
  readonly key: string;
  readonly keyStart: number;
  readonly value: JsonValue;
}

export type JsonParse =
  { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly offset: number; readonly message: string };

/** A decoded string with, for each of its UTF-16 units, where it is written in the JSON text. */
export interface DecodedString {
  readonly value: string;
  /** `rawStart[i]`: the text offset where character `i` is written (its escape's backslash, if escaped). */
  readonly rawStart: Int32Array;
  /** `rawEnd[i]`: the text offset just after character `i` as written. */
  readonly rawEnd: Int32Array;
}

interface Container {
  readonly kind: 'object' | 'array';
  /** The node being built; undefined inside a skipped value. */
  readonly node: (JsonValue & { type: 'object' | 'array' }) | undefined;
  /** Members or items read so far. */
  count: number;
  /** An object's key whose value is being read. */
  key?: { key: string; keyStart: number };
  /** An object: `key` (or `}`) or `value` next; an array: `value` or `comma` (or `]`) next. */
  expect: 'key' | 'value' | 'comma';
  /** Its children are not kept. */
  readonly skipping: boolean;
}

const WS = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Parses `text` as one JSON value; values under a key in `skip` are validated but replaced by `null` nodes. */
export function parseJson(text: string, skip: ReadonlySet<string> = new Set()): JsonParse {
  const stack: Container[] = [];
  /** How many enclosing containers are skipped (their children are not kept). */
  let skipped = 0;
  let root: JsonValue | undefined;
  let i = 0;
  const n = text.length;
  const fail = (offset: number, message: string): JsonParse => ({ ok: false, offset, message });
  const ws = () => {
    while (i < n && WS(text.charCodeAt(i))) i++;
  };
  // Attaches a finished value to its container (or makes it the root).
  const attach = (v: JsonValue) => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = v;
      return;
    }
    top.count++;
    if (top.kind === 'object') {
      if (top.node?.type === 'object' && top.key) top.node.entries.push({ key: top.key.key, keyStart: top.key.keyStart, value: v });
      top.key = undefined;
      top.expect = 'key';
    } else {
      if (top.node?.type === 'array') top.node.items.push(v);
      top.expect = 'comma';
    }
  };
  // Closes the container on top of the stack at its closing bracket.
  const close = () => {
    i++;
    const done = stack.pop()!;
    if (done.node) done.node.end = i;
    if (done.skipping) skipped--;
    attach(done.node ?? { type: 'null', start: i - 1, end: i });
  };
  for (;;) {
    ws();
    const top = stack[stack.length - 1];
    if (top?.kind === 'object' && top.expect === 'key') {
      // `}` (an empty object, or after a member), or a key (after `,` once there are members).
      let c = text[i];
      if (c === '}' && top.count === 0) {
        close();
        if (!stack.length) break;
        continue;
      }
      if (top.count > 0) {
        if (c === '}') {
          close();
          if (!stack.length) break;
          continue;
        }
        if (c !== ',') return fail(i, c === undefined ? 'the file ends inside an object' : "expected ',' or '}' after an object member");
        i++;
        ws();
        c = text[i];
      }
      if (c !== '"') return fail(i, i >= n ? 'the file ends inside an object' : 'expected a double-quoted key');
      const keyStart = i;
      const end = scanString(text, i);
      if (end < 0) return fail(i, 'unterminated string');
      const key = decodeString(text, { start: i, end }).value;
      i = end;
      ws();
      if (text[i] !== ':') return fail(i, "expected ':' after a key");
      i++;
      top.key = { key, keyStart };
      top.expect = 'value';
      continue;
    }
    if (top?.kind === 'array' && top.expect === 'comma') {
      const c = text[i];
      if (c === ']') {
        close();
        if (!stack.length) break;
        continue;
      }
      if (c !== ',') return fail(i, c === undefined ? 'the file ends inside a list' : "expected ',' or ']' after a list item");
      i++;
      top.expect = 'value';
      continue;
    }
    // A value is expected here.
    ws();
    const start = i;
    const c = text[i];
    if (c === undefined) return fail(i, stack.length ? 'the file ends before a value' : 'the file is empty');
    const skipThis = skipped > 0 || (top?.kind === 'object' && top.key !== undefined && skip.has(top.key.key));
    if (c === '{' || c === '[') {
      i++;
      const keep = !skipThis;
      const node: Container['node'] = !keep
        ? undefined
        : c === '{'
          ? { type: 'object', start, end: start, entries: [] }
          : { type: 'array', start, end: start, items: [] };
      if (!keep) skipped++;
      stack.push({ kind: c === '{' ? 'object' : 'array', node, count: 0, expect: c === '{' ? 'key' : 'value', skipping: !keep });
      if (c === '[') {
        ws();
        if (text[i] === ']') {
          close();
          if (!stack.length) break;
        }
      }
      continue;
    }
    let v: JsonValue;
    if (c === '"') {
      const end = scanString(text, i);
      if (end < 0) return fail(i, 'unterminated string');
      i = end;
      v = { type: 'string', start, end };
    } else if (text.startsWith('true', i)) {
      i += 4;
      v = { type: 'true', start, end: i };
    } else if (text.startsWith('false', i)) {
      i += 5;
      v = { type: 'false', start, end: i };
    } else if (text.startsWith('null', i)) {
      i += 4;
      v = { type: 'null', start, end: i };
    } else {
      const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
      m.lastIndex = i;
      const hit = m.exec(text);
      if (!hit || hit[0] === '-') return fail(i, c === ']' || c === '}' ? `unexpected '${c}' where a value belongs` : 'expected a value');
      i += hit[0].length;
      v = { type: 'number', start, end: i };
    }
    attach(v);
    if (!stack.length) break;
  }
  ws();
  if (i < n) return fail(i, 'unexpected text after the end of the JSON value');
  return { ok: true, value: root! };
}

/** The offset just after the string starting at `start` (its opening quote), or -1 when it is unterminated or holds a raw line break. */
function scanString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c === 0x5c) i++;
    else if (c < 0x20) return -1;
  }
  return -1;
}

const SIMPLE: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Decodes a string node, with the text offset of each decoded character. Bad escapes are kept as written. */
export function decodeString(text: string, node: { readonly start: number; readonly end: number }): DecodedString {
  const from = node.start + 1;
  const to = node.end - 1;
  const rawStart = new Int32Array(to - from);
  const rawEnd = new Int32Array(to - from);
  let out = '';
  let k = 0;
  for (let i = from; i < to;) {
    let ch: string;
    let len = 1;
    if (text.charCodeAt(i) === 0x5c) {
      const e = text[i + 1] ?? '';
      if (SIMPLE[e] !== undefined) {
        ch = SIMPLE[e];
        len = 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        ch = String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        len = 6;
      } else {
        ch = '\\';
      }
    } else {
      ch = text[i]!;
    }
    out += ch;
    rawStart[k] = i;
    rawEnd[k] = i + len;
    k++;
    i += len;
  }
  return { value: out, rawStart: rawStart.subarray(0, k), rawEnd: rawEnd.subarray(0, k) };
}

/** The entry `key` of an object value, if the value is an object that has it. */
export function member(v: JsonValue | undefined, key: string): JsonValue | undefined {
  if (v?.type !== 'object') return undefined;
  for (let i = v.entries.length - 1; i >= 0; i--) if (v.entries[i]!.key === key) return v.entries[i]!.value;
  return undefined;
}

/** The decoded value of a string node (undefined for any other value). */
export function stringValue(text: string, v: JsonValue | undefined): string | undefined {
  return v?.type === 'string' ? decodeString(text, v).value : undefined;
}
