/**
 * Text from outside (document keys, values and names; an endpoint's answers; file paths) quoted in Markdown:
 * the language service's hovers and completions, and the extension's Markdown (the Verify Setup report).
 * VS Code renders `[label](command:…)` and `[label](https://…)` in Markdown as links, so such text must never
 * reach Markdown as Markdown: every builder puts it through {@link mdCode} (a code span: nothing inside is
 * parsed) or {@link mdText} (prose with every Markdown character escaped). Pure: no Node, no DOM, no vscode.
 */

/** Longer document text is cut (with `…`) in hovers: a hover is no place for a 100,000-character value. */
const MAX_QUOTED = 200;

/** Line breaks (the LSP's and Unicode's): a code span is one line, a line break would end a table row or paragraph. */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;

/** Bidirectional overrides and isolates: they reorder what is shown ("Trojan Source"), so they are dropped. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** A line break and the white space after it (more line breaks included). */
const BREAK_AND_SPACE = /(?:\r\n|[\r\n\u2028\u2029\u0085])\s*/g;

/**
 * `text` on one line: every run of line breaks, with the white space around it, becomes one space. Linear on
 * any input (a pattern with white space before the break would backtrack quadratically over long blanks).
 */
function oneLine(text: string): string {
  const pieces = text.replace(BREAK_AND_SPACE, '\n').split('\n');
  return pieces.map((piece, i) => (i < pieces.length - 1 ? piece.trimEnd() : piece)).join(' ');
}

/** `text` without bidirectional overrides and isolates (for notifications as much as for Markdown). */
export function withoutBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * `text` as an inline code span: cut to `max` characters (then `…`); bidi controls dropped; fenced with one
 * more backtick than its longest run of backticks (so it cannot close early), padded with a space when it
 * starts or ends with a backtick or a space (CommonMark strips one). A code span is one line: line breaks are
 * shown as `↵` (`lineBreaks: 'mark'`, for document text in hovers) or, with the blanks around them, become one
 * space (`'space'`, for names and URLs in reports and tooltips). Nothing inside a code span is Markdown: no
 * links, emphasis or HTML.
 */
export function mdCode(text: string, max = MAX_QUOTED, lineBreaks: 'mark' | 'space' = 'mark'): string {
  let s = withoutBidi(text.length > max ? `${text.slice(0, max)}…` : text);
  s = lineBreaks === 'mark' ? s.replace(LINE_BREAKS, '↵') : oneLine(s);
  if (s === '') return '` `';
  let longest = 0;
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 96 /* ` */) longest = Math.max(longest, ++run);
    else run = 0;
  }
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(s) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/**
 * The characters that can start inline Markdown syntax mid-line: links and images (`[`, `]`, `!`), autolinks
 * and HTML (`<`, `>`), entities (`&`), code (`` ` ``), emphasis (`*`, `~`, and `_` at a word boundary: CommonMark
 * never reads `_` between letters or digits as emphasis), table cells (`|`), headings (`#`), theme icons and
 * math (`$`) and the escape itself. Without `[` and `<` no link of any kind can form. Other punctuation (`.`,
 * `-`, `(`, `=`, `:`) stays as it is, so versions, file names and requirement specs read naturally in the
 * Markdown source too.
 */
const MARKDOWN_SYNTAX = /[\\`*[\]<>&|~!#$]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;

/**
 * `text` as inline Markdown prose that renders as itself (for use inside a sentence, not at the start of a
 * line): cut to `max` characters (then `…`); bidi controls dropped; every character that could start a link,
 * emphasis, code, HTML, an entity or a theme icon backslash-escaped; line breaks (and the spaces around them)
 * become one space. Pass `Infinity` as `max` for text that must stay whole (a report's messages).
 */
export function mdText(text: string, max = MAX_QUOTED): string {
  const s = text.length > max ? `${text.slice(0, max)}…` : text;
  return oneLine(withoutBidi(s)).replace(MARKDOWN_SYNTAX, '\\$&');
}
