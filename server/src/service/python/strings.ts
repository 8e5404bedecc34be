/**
 * Python string literals read from the tree-sitter tree: prefixes (`r`, `b`, `u`, `f`, `t` and their
 * combinations), escapes, triple quotes, `{{`/`}}` in f-strings and implicit concatenation (`"a" "b"`), and
 * the reverse: a value written back as a literal. The one place the service decodes Python strings.
 *
 * All offsets are UTF-16 offsets into the parsed text.
 */
import type { OffsetRange } from '../text/model';
import { trimEndChars } from '../text/lines';
import type { PythonNode } from './parser';

/** A Python string literal, or an implicit concatenation of literals, decoded. */
export interface PythonString {
  /**
   * The decoded value. For an f-string with replacement fields (`interpolated`), the source text between the
   * first opening and the last closing quote instead.
   */
  readonly value: string;
  /** From after the opening quote to before the closing quote (first to last part when concatenated). */
  readonly range: OffsetRange;
  /** True when `text.slice(range) === value` (no escape decoded, no parts joined), so sub-ranges are exact. */
  readonly exact: boolean;
  /** The quote character of the (first) literal: `"` or `'`. */
  readonly quote: string;
  /** An f-string (or t-string) with `{...}` replacement fields: its value is only known at run time. */
  readonly interpolated: boolean;
}

/**
 * Reads a `string` or `concatenated_string` node of a tree parsed from `text`. Undefined for anything else,
 * for a literal with a syntax error (unterminated), and for a concatenation with such a part.
 */
export function readString(node: PythonNode, text: string): PythonString | undefined {
  if (node.type === 'concatenated_string') {
    const parts: PythonString[] = [];
    for (const child of node.namedChildren) {
      if (child?.type === 'comment') continue;
      const part = child ? readString(child, text) : undefined;
      if (part === undefined) return undefined;
      parts.push(part);
    }
    if (parts.length === 0) return undefined;
    const range = { start: parts[0]!.range.start, end: parts[parts.length - 1]!.range.end };
    const interpolated = parts.some((p) => p.interpolated);
    return {
      value: interpolated ? text.slice(range.start, range.end) : parts.map((p) => p.value).join(''),
      range,
      exact: false,
      quote: parts[0]!.quote,
      interpolated,
    };
  }
  if (node.type !== 'string' || node.hasError) return undefined;
  const start = node.firstChild;
  const end = node.lastChild;
  if (!start || !end || start.type !== 'string_start' || end.type !== 'string_end' || end.isMissing) return undefined;
  const opening = text.slice(start.startIndex, start.endIndex); // prefix + quote(s), e.g. `rb"""`
  const quote = opening.charAt(opening.length - 1);
  const prefix = trimEndChars(opening, `"'`).toLowerCase();
  const range = { start: start.endIndex, end: end.startIndex };
  const raw = text.slice(range.start, range.end);
  const formatted = prefix.includes('f') || prefix.includes('t');
  if (formatted && node.children.some((c) => c?.type === 'interpolation'))
    return { value: raw, range, exact: true, quote, interpolated: true };
  let value = prefix.includes('r') ? raw : decodeEscapes(raw, prefix.includes('b'));
  if (formatted) value = value.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  return { value, range, exact: value === raw, quote, interpolated: false };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * Decodes the escapes of a non-raw Python string body (`bytes`: of a `b"..."` literal, which has no `\u`
 * escapes). Unknown escapes (`\d`) stay as written, as in Python; `\N{NAME}` cannot be resolved without
 * Unicode name tables and is kept as written too. A backslash before a newline joins the lines.
 */
export function decodeEscapes(raw: string, bytes: boolean): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(\r\n|\n|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (match: string, esc: string) => {
    if (esc === '\n' || esc === '\r\n') return ''; // line continuation inside the literal
    const first = esc.charAt(0);
    if (/[0-7]/.test(first)) return String.fromCharCode(parseInt(esc, 8));
    if (first === 'x' && esc.length === 3) return String.fromCharCode(parseInt(esc.slice(1), 16));
    if ((first === 'u' && esc.length === 5) || (first === 'U' && esc.length === 9)) {
      if (bytes) return match;
      const code = parseInt(esc.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return SIMPLE_ESCAPES[esc] ?? match;
  });
}

/** `value` written as a one-line Python string literal quoted with `quote` (`"` or `'`). */
export function stringLiteral(value: string, quote: string): string {
  const escaped = value.replace(/[\\\n\r\t"']/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return c === quote ? `\\${c}` : c;
    }
  });
  return `${quote}${escaped}${quote}`;
}
