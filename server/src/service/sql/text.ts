/**
 * The SQL text around the parser: Jinja parts replaced by parseable stand-ins of the same length (so every
 * offset still points into the text given), statements split as the Airflow provider splits them before
 * parsing (`sqlparse.split`), and sqlparser-rs's line/column positions turned into UTF-16 offsets. Pure.
 */
import type { OffsetRange } from '../text/model';
import type { Loc } from './meta';

export interface Template {
  readonly text: string;
  readonly range: OffsetRange;
  /** The identifier written in its place (`{{ … }}`), or undefined for a blanked `{% … %}` / `{# … #}`. */
  readonly standIn?: string;
}

const TEMPLATE = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;

/**
 * Replaces `{{ expr }}` by an identifier of the same UTF-16 length (`zj<n>___`), and `{% … %}` / `{# … #}` by
 * spaces. A `{{ … }}` too short for its stand-in is left as written.
 */
export function substituteTemplates(sql: string): { text: string; templates: Template[] } {
  if (!sql.includes('{')) return { text: sql, templates: [] };
  const templates: Template[] = [];
  let count = 0;
  const text = sql.replace(TEMPLATE, (match: string, offset: number) => {
    const range = { start: offset, end: offset + match.length };
    if (match.startsWith('{{')) {
      const id = `zj${(count++).toString(36)}_`;
      if (id.length > match.length) {
        templates.push({ text: match, range });
        return match;
      }
      const standIn = id.padEnd(match.length, '_');
      templates.push({ text: match, range, standIn });
      return standIn;
    }
    templates.push({ text: match, range });
    return ' '.repeat(match.length);
  });
  return { text, templates };
}

/** Writes the templates back into a name or message that contains their stand-ins. */
export function restoreTemplates(s: string, templates: readonly Template[]): string {
  if (!templates.length || !s.includes('zj')) return s;
  for (const t of templates) if (t.standIn && s.includes(t.standIn)) s = s.split(t.standIn).join(t.text);
  return s;
}

/**
 * The statements of a SQL text as the Airflow provider hands them to openlineage-sql (`sqlparse.split`):
 * split at `;` outside quotes, comments and dollar-quoted bodies (and BEGIN … END of a CREATE), each from its
 * first significant character to its `;` included. Pieces with nothing but comments and blanks are dropped.
 */
export function splitStatements(text: string): OffsetRange[] {
  const out: OffsetRange[] = [];
  let start = -1;
  let significant = false;
  let depth = 0;
  let create = false;
  const n = text.length;
  const close = (end: number): void => {
    if (start >= 0 && significant) out.push({ start, end });
    start = -1;
    significant = false;
    depth = 0;
    create = false;
  };
  for (let i = 0; i < n;) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (isSpace(c.charCodeAt(0))) {
      i++;
      continue;
    }
    if (start < 0) start = i;
    if (c === ';' && depth === 0) {
      if (significant) close(i + 1);
      else {
        start = -1;
      }
      i++;
      continue;
    }
    significant = true;
    if (c === "'" || c === '"' || c === '`') {
      i = skipQuoted(text, i, c);
      continue;
    }
    if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (m) {
        const e = text.indexOf(m[0], i + m[0].length);
        i = e < 0 ? n : e + m[0].length;
        continue;
      }
    }
    if (isWordStart(c.charCodeAt(0))) {
      let j = i + 1;
      while (j < n && isWordPart(text.charCodeAt(j))) j++;
      if (j - i === 6 && start === i && text.slice(i, j).toUpperCase() === 'CREATE') create = true;
      else if (create && (j - i === 5 || j - i === 3)) {
        const word = text.slice(i, j).toUpperCase();
        if (word === 'BEGIN') depth++;
        else if (word === 'END' && depth > 0) depth--;
      }
      i = j;
      continue;
    }
    i++;
  }
  if (start >= 0 && significant) out.push({ start, end: trimEnd(text, n) });
  return out;
}

function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x3000
  );
}

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
}

function skipQuoted(text: string, i: number, q: string): number {
  const n = text.length;
  let j = i + 1;
  while (j < n) {
    const c = text[j]!;
    if (c === '\\') j += 2;
    else if (c === q) return j + 1;
    else j++;
  }
  return n;
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

/** Line starts (UTF-16 offsets) of a text, for turning sqlparser-rs positions into offsets and back. */
export class Lines {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The offset of a 1-based line and a 1-based column counted in code points (clamped to the text). */
  offset(loc: Loc): number {
    const line = Math.min(Math.max(loc.line, 1), this.starts.length);
    let at = this.starts[line - 1]!;
    const lineEnd = line < this.starts.length ? this.starts[line]! - 1 : this.text.length;
    for (let col = 1; col < loc.column && at < lineEnd; col++) {
      const code = this.text.charCodeAt(at);
      at += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    }
    return Math.min(at, lineEnd);
  }

  /** The 1-based line and code-point column of an offset. */
  loc(offset: number): Loc {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    let column = 1;
    for (let at = this.starts[lo]!; at < offset; column++) {
      const code = this.text.charCodeAt(at);
      at += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    }
    return { line: lo + 1, column };
  }
}
