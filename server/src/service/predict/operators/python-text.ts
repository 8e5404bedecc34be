/**
 * Values read from a Python module's text, for what the DAG parser's model does not carry: a class or function
 * body (by indentation), a module-level function that only returns a string literal, a module-level name bound
 * once to a string (literals, `os.environ[...]` / `os.getenv(...)` parts joined with `+`), and f-strings
 * rendered from such names. What only the run knows (environment variables, other expressions) becomes a
 * placeholder, written through a caller's `mark`; nothing is guessed. Pure.
 */
import type { OffsetRange } from '../../text/model';
import type { Placeholder } from '../types';

/** The lines after `from` more indented than `indent`: a Python block. */
export function blockAfter(text: string, from: number, indent: number): OffsetRange {
  const lineEnd = text.indexOf('\n', from);
  let end = lineEnd < 0 ? text.length : lineEnd + 1;
  const re = /^([ \t]*)(\S?)[^\n]*(\n|$)/gm;
  re.lastIndex = end;
  for (let m = re.exec(text); m && m[0].length > 0; m = re.exec(text)) {
    if (m[2] && m[1]!.length <= indent) break;
    end = m.index + m[0].length;
  }
  return { start: from, end };
}

/** The index of the bracket closing the one at `at` (or the end). */
export function matching(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') if (--depth === 0) return i;
  }
  return text.length;
}

/** A string literal read from the text: its decoded value, where its content is, whether the content is the value. */
export interface Literal {
  readonly value: string;
  readonly content: OffsetRange;
  readonly exact: boolean;
  /** The end of the literal (after the closing quote). */
  readonly end: number;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/** The plain (not f-, not bytes) string literal starting at `at`, or undefined. */
export function literalAt(text: string, at: number): Literal | undefined {
  const m = /^([rRuU]?)("""|'''|"|')/.exec(text.slice(at, at + 4));
  if (!m) return undefined;
  const raw = m[1]!.toLowerCase() === 'r';
  const quote = m[2]!;
  const start = at + m[0].length;
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (quote.length === 1 && c === '\n') return undefined;
    if (text.startsWith(quote, i)) break;
  }
  if (i >= text.length) return undefined;
  const content = text.slice(start, i);
  const value = raw ? content : content.replace(/\\([\s\S])/g, (all, c: string) => ESCAPES[c] ?? all);
  return { value, content: { start, end: i }, exact: value === content, end: i + quote.length };
}

/** Whitespace and comments from `at`; the index of the next code character. */
function skipBlank(text: string, at: number, end: number): number {
  let i = at;
  for (;;) {
    while (i < end && /\s/.test(text[i]!)) i++;
    if (text[i] !== '#') return i;
    while (i < end && text[i] !== '\n') i++;
  }
}

/** A module-level `def name(...)` whose body is only `return "<literal>"` (after an optional docstring). */
export function functionReturnLiteral(name: string, text: string): Literal | undefined {
  const defs = [...text.matchAll(new RegExp(`^(?:async[ \\t]+)?def[ \\t]+${escape(name)}[ \\t]*\\(`, 'gm'))];
  if (defs.length !== 1) return undefined;
  const open = defs[0]!.index + defs[0]![0].length - 1;
  const close = matching(text, open);
  const colon = /^\s*(?:->[^:\n]*)?:/.exec(text.slice(close + 1));
  if (!colon) return undefined;
  const body = blockAfter(text, close + 1 + colon[0].length, 0);
  let i = skipBlank(text, body.start, body.end);
  let lit = literalAt(text, i);
  if (lit) i = skipBlank(text, lit.end, body.end); // a docstring
  if (!text.startsWith('return', i) || !/\s/.test(text[i + 6] ?? '')) return undefined;
  lit = literalAt(text, skipBlank(text, i + 6, body.end));
  if (!lit || skipBlank(text, lit.end, body.end) < body.end) return undefined;
  return lit;
}

/** A value built from parts: its text (placeholders written by `mark`) and the placeholders in it. */
export interface Rendered {
  readonly text: string;
  readonly placeholders: readonly Placeholder[];
}

export type Mark = (name: string) => string;

const ENV_READ = /^os\.(?:environ\s*\[\s*(["'])(\w+)\1\s*\]|(?:getenv|environ\.get)\(\s*(["'])(\w+)\3\s*(?:,[^()]*)?\))/;

/** An expression of literals, environment reads and names bound once to such, joined with `+`. */
function renderExpression(expr: string, text: string, mark: Mark, depth: number): Rendered | undefined {
  const parts: string[] = [];
  const placeholders: Placeholder[] = [];
  let rest = expr.trim();
  while (rest) {
    let m: RegExpExecArray | null;
    const lit = literalAt(rest, 0);
    if (lit) {
      parts.push(lit.value);
      rest = rest.slice(lit.end);
    } else if ((m = ENV_READ.exec(rest))) {
      const name = `env:${m[2] ?? m[4]}`;
      parts.push(mark(name));
      if (!placeholders.some((p) => p.name === name))
        placeholders.push({ name, why: 'an environment variable read when the DAG file is parsed' });
      rest = rest.slice(m[0].length);
    } else if ((m = /^[A-Za-z_]\w*(?![\w.([])/.exec(rest))) {
      const inner = depth < 4 ? moduleString(m[0], text, mark, depth + 1) : undefined;
      if (!inner) return undefined;
      parts.push(inner.text);
      for (const p of inner.placeholders) if (!placeholders.some((q) => q.name === p.name)) placeholders.push(p);
      rest = rest.slice(m[0].length);
    } else return undefined;
    rest = rest.trim();
    if (!rest) break;
    if (!rest.startsWith('+')) return undefined;
    rest = rest.slice(1).trim();
  }
  return parts.length ? { text: parts.join(''), placeholders } : undefined;
}

/** A module-level name bound exactly once, to a string expression {@link renderExpression} reads. */
export function moduleString(name: string, text: string, mark: Mark, depth = 0): Rendered | undefined {
  const binds = [...text.matchAll(new RegExp(`^${escape(name)}[ \\t]*(?::[^=\\n]+)?=(?!=)[ \\t]*([^\\n]*)$`, 'gm'))];
  if (binds.length !== 1) return undefined;
  const value = binds[0]![1]!.replace(/\s+#[^"'\n]*$/, '');
  return renderExpression(value, text, mark, depth);
}

/**
 * An f-string's source (between its quotes) rendered: `{{`/`}}` as braces, each `{field}` from a module-level
 * name or an environment read; undefined when a field is anything else (a call, a format spec, a conversion).
 */
export function renderFString(source: string, text: string, mark: Mark): Rendered | undefined {
  let out = '';
  const placeholders: Placeholder[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if ((c === '{' || c === '}') && source[i + 1] === c) {
      out += c;
      i++;
      continue;
    }
    if (c === '}') return undefined;
    if (c !== '{') {
      out += c;
      continue;
    }
    const close = source.indexOf('}', i);
    if (close < 0) return undefined;
    const field = source.slice(i + 1, close).trim();
    if (/[!:]\w*$|[{]/.test(field.replace(/\[[^\]]*\]|\([^)]*\)/g, ''))) return undefined;
    const r = renderExpression(field, text, mark, 0);
    if (!r) return undefined;
    out += r.text;
    for (const p of r.placeholders) if (!placeholders.some((q) => q.name === p.name)) placeholders.push(p);
    i = close;
  }
  return { text: out, placeholders };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
