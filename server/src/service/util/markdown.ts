/**
 * Document text in hover and completion Markdown. Hovers quote keys, values and names from the document; VS Code
 * renders `[label](command:…)` and `[label](https://…)` in Markdown as links, so text from a document must never
 * reach Markdown as Markdown. Every builder puts it through {@link mdCode} (a code span: nothing inside is
 * parsed) or {@link mdText} (prose with every Markdown character escaped).
 */

/** Longer document text is cut (with `…`) in hovers: a hover is no place for a 100,000-character value. */
const MAX_QUOTED = 200;

/** Line breaks (the LSP's and Unicode's): a code span is one line, a line break would end a table row or paragraph. */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;

/**
 * `text` as an inline code span: fenced with one more backtick than its longest run of backticks (so it cannot
 * close early), padded with a space when it starts or ends with a backtick or a space (CommonMark strips one),
 * line breaks shown as `↵`. Nothing inside a code span is Markdown: no links, emphasis or HTML.
 */
export function mdCode(text: string, max = MAX_QUOTED): string {
  let s = text.length > max ? `${text.slice(0, max)}…` : text;
  s = s.replace(LINE_BREAKS, '↵');
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
 * never reads `_` between letters or digits as emphasis), table cells (`|`), headings (`#`) and the escape
 * itself. Without `[` and `<` no link of any kind can form. Other punctuation (`.`, `-`, `(`, `=`, `:`) stays
 * as it is, so versions, file names and requirement specs read naturally in the Markdown source too.
 */
const MARKDOWN_SYNTAX = /[\\`*[\]<>&|~!#]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;

/**
 * `text` as inline Markdown prose that renders as itself (for use inside a sentence, not at the start of a
 * line): every character that could start a link, emphasis, code, HTML or an entity is backslash-escaped, and
 * line breaks become spaces.
 */
export function mdText(text: string, max = MAX_QUOTED): string {
  const s = text.length > max ? `${text.slice(0, max)}…` : text;
  return s.replace(LINE_BREAKS, ' ').replace(MARKDOWN_SYNTAX, '\\$&');
}
