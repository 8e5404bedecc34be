/**
 * Java and Scala string literals read from their tree-sitter trees, and a value written back as a literal.
 *
 * Read: Java `"..."` (escapes decoded), Scala `"..."` (escapes decoded) and `"""..."""` (raw), and Scala
 * `s"..."`/`f"..."`/`raw"..."` without `$` substitutions (their text is fixed). Everything else — Java text blocks,
 * interpolations with substitutions, concatenations — is computed at run time and never guessed.
 *
 * All offsets are UTF-16 offsets into the parsed text.
 */
import type { Node } from 'web-tree-sitter';
import type { OffsetRange } from '../../../text/model';

/** A string literal, decoded. */
export interface JvmString {
  readonly value: string;
  /** From after the opening quote(s) to before the closing one(s). */
  readonly range: OffsetRange;
  /** True when `text.slice(range) === value`, so offsets inside the value map 1:1 to the document. */
  readonly exact: boolean;
  /** True for an interpolation with substitutions (`s"$a"`): `value` is then its source text, not its value. */
  readonly interpolated: boolean;
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', s: ' ', '"': '"', "'": "'", '\\': '\\' };

/** Decodes Java/Scala escapes (`\n`, `\"`, `\\`, octal, `\uXXXX`); unknown ones stay as written. */
export function decodeJvmEscapes(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(u+[0-9a-fA-F]{4}|[0-3][0-7]{0,2}|[4-7][0-7]?|[\s\S])/g, (match: string, esc: string) => {
    const first = esc.charAt(0);
    if (first === 'u' && esc.length > 1) return String.fromCharCode(parseInt(esc.replace(/^u+/, ''), 16));
    if (/[0-7]/.test(first)) return String.fromCharCode(parseInt(esc, 8));
    return ESCAPES[esc] ?? match;
  });
}

/** `value` as a one-line `"..."` literal, valid in Java and Scala. */
export function jvmStringLiteral(value: string): string {
  const escaped = value.replace(/[\\"\n\r\t]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\${c}`;
    }
  });
  return `"${escaped}"`;
}

/** Reads a string literal node of a Java or Scala tree; undefined for anything else or a broken literal. */
export function readJvmString(node: Node, text: string): JvmString | undefined {
  if (node.hasError) return undefined;
  switch (node.type) {
    case 'string_literal':
      return javaString(node, text);
    case 'string':
      return scalaString(node, text);
    case 'interpolated_string_expression':
      return scalaInterpolated(node, text);
    default:
      return undefined;
  }
}

/** Java: `"..."`; a text block (`"""`) strips indentation by rules not worth guessing, so it is not read. */
function javaString(node: Node, text: string): JvmString | undefined {
  const open = node.firstChild;
  const close = node.lastChild;
  if (open === null || close === null || open.type !== '"' || close.type !== '"' || close.isMissing || node.childCount < 2)
    return undefined;
  if (node.children.some((c) => c?.type === 'string_interpolation')) {
    const range = { start: open.endIndex, end: close.startIndex };
    return { value: text.slice(range.start, range.end), range, exact: true, interpolated: true };
  }
  return decoded({ start: open.endIndex, end: close.startIndex }, text, true);
}

function scalaString(node: Node, text: string): JvmString | undefined {
  const raw = text.slice(node.startIndex, node.endIndex);
  if (raw.startsWith('"""')) {
    if (raw.length < 6 || !raw.endsWith('"""')) return undefined;
    return decoded({ start: node.startIndex + 3, end: node.endIndex - 3 }, text, false);
  }
  if (raw.length < 2 || !raw.endsWith('"')) return undefined;
  return decoded({ start: node.startIndex + 1, end: node.endIndex - 1 }, text, true);
}

/** `s"..."` and friends: fixed text when there is no `$` substitution (`$$` is a literal `$`). */
function scalaInterpolated(node: Node, text: string): JvmString | undefined {
  const body = node.namedChildren.find((c) => c?.type === 'interpolated_string');
  const interpolator = text.slice(node.startIndex, body?.startIndex ?? node.startIndex);
  if (!body) return undefined;
  const raw = text.slice(body.startIndex, body.endIndex);
  const quotes = raw.startsWith('"""') ? 3 : 1;
  if (raw.length < 2 * quotes) return undefined;
  const range = { start: body.startIndex + quotes, end: body.endIndex - quotes };
  const inner = text.slice(range.start, range.end);
  if (body.namedChildren.some((c) => c?.type === 'interpolation') || /\$(?!\$)/.test(inner.replace(/\$\$/g, ''))) {
    return { value: inner, range, exact: true, interpolated: true };
  }
  const unescaped = inner.replace(/\$\$/g, '$');
  // `raw"..."` and triple quotes keep backslashes; `s` and `f` decode them.
  const value = interpolator === 'raw' || quotes === 3 ? unescaped : decodeJvmEscapes(unescaped);
  return { value, range, exact: value === inner, interpolated: false };
}

function decoded(range: OffsetRange, text: string, escapes: boolean): JvmString {
  const raw = text.slice(range.start, range.end);
  const value = escapes ? decodeJvmEscapes(raw) : raw;
  return { value, range, exact: value === raw, interpolated: false };
}
