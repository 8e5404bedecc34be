/**
 * Lines and whitespace, defined once for the whole service.
 *
 * Lines end as the LSP defines them (and the editor counts them): `\r\n`, `\n` or a lone `\r`. Every piece of
 * the service that splits text into lines uses {@link splitLines} or {@link lineStarts}, so a line number from
 * here is the editor's line number, whatever the file's line endings.
 */

/** One line of a text: where it starts and its text without the line terminator. */
export interface Line {
  readonly start: number;
  readonly text: string;
}

/** Offsets at which lines start (`\r\n`, `\n`, lone `\r` end a line); always starts with 0. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The text's lines (LSP line ends: `\r\n`, `\n`, `\r`), without their terminators. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push({ start, text: text.slice(start, i) });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lines.push({ start, text: text.slice(start) });
  return lines;
}

/** The text's lines as strings (LSP line ends). */
export function lineTexts(text: string): string[] {
  return splitLines(text).map((l) => l.text);
}

/**
 * True for every character JavaScript's `\s` matches (space, tab, line ends, `\f`, `\v`, U+00A0, U+1680,
 * U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF). Hand-written scanners use this so that
 * they agree with the regular expressions about what whitespace is.
 */
export function isWhitespace(c: string | undefined): boolean {
  if (c === undefined || c === '') return false;
  const code = c.charCodeAt(0);
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  if (code < 128) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** The offset after the last non-whitespace character of `text[from, to)` (linear; unlike `/\s+$/`). */
export function trimEndIndex(text: string, to = text.length, from = 0): number {
  let end = to;
  while (end > from && isWhitespace(text[end - 1])) end--;
  return end;
}

/** The offset of the first non-whitespace character of `text[from, to)` (or `to`). */
export function trimStartIndex(text: string, from = 0, to = text.length): number {
  let i = from;
  while (i < to && isWhitespace(text[i])) i++;
  return i;
}

/** `s` without the trailing characters that are in `chars` (linear; unlike `s.replace(/[chars]+$/, '')`). */
export function trimEndChars(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** `s` up to the first of `chars` (all of it if none): `s.replace(/[chars].*$/, '')` for one-line strings. */
export function cutAtFirst(s: string, chars: string): string {
  for (let i = 0; i < s.length; i++) if (chars.includes(s[i]!)) return s.slice(0, i);
  return s;
}

/**
 * One line without its trailing ` # comment` (a `#` preceded by whitespace) and the whitespace before it:
 * `line.replace(/\s+#.*$/, '')`, in linear time.
 */
export function stripHashComment(line: string): string {
  for (let i = line.indexOf('#', 1); i > 0; i = line.indexOf('#', i + 1)) {
    if (isWhitespace(line[i - 1])) return line.slice(0, trimEndIndex(line, i));
  }
  return line;
}

/** `s` without trailing whitespace and trailing `chars`, mixed: `s.replace(/[\s<chars>]+$/, '')`, linear. */
export function trimEndSpaceAnd(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && (isWhitespace(s[end - 1]) || chars.includes(s[end - 1]!))) end--;
  return end === s.length ? s : s.slice(0, end);
}
