/**
 * A small POSIX-shell reader shared by the families that read shell text (spark-submit scripts, Databricks init
 * scripts, dbt-ol invocations, Dockerfile `RUN`/`ENV` lines): words with their source offsets, simple
 * commands and here-documents, and quoting an argument back.
 */
import type { SyntaxProblem } from './model';
import { isWhitespace } from './lines';

/** A shell word with its unquoted text and, per character, the source offset it came from. */
export interface ShellWord {
  readonly text: string;
  readonly offsets: readonly number[];
  readonly start: number;
  readonly end: number;
  /** True when any part of the word was quoted. */
  readonly quoted: boolean;
}

/** A simple command: its words, in order. */
export interface ShellCommand {
  readonly words: readonly ShellWord[];
}

export interface ShellParse {
  readonly commands: readonly ShellCommand[];
  /** Bodies of here-documents (`<<EOF ... EOF`), which hold the files init scripts write. */
  readonly heredocs: readonly { start: number; end: number }[];
  readonly problems: readonly SyntaxProblem[];
}

/**
 * A small POSIX-shell tokenizer: enough to read `spark-submit` invocations with quotes, escapes and line
 * continuations, and to find here-documents. It never throws; unterminated quotes become problems.
 */
export function tokenizeShell(text: string): ShellParse {
  const commands: ShellCommand[] = [];
  const heredocs: { start: number; end: number }[] = [];
  const problems: SyntaxProblem[] = [];
  let words: ShellWord[] = [];
  const pendingHeredocs: { delim: string; stripTabs: boolean }[] = [];
  let i = 0;
  const n = text.length;

  const endCommand = () => {
    if (words.length) commands.push({ words });
    words = [];
  };

  // Every iteration must consume at least one character; `before` (checked at the top) enforces it.
  let before = -1;
  while (i < n) {
    if (i === before) i++; // defensive: no branch below may leave `i` where it was
    if (i >= n) break;
    before = i;
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 3;
      continue;
    }
    // One definition of whitespace for this loop and the word loop below (NBSP, U+2028, \f, BOM, ... too):
    // a character the word loop stops at must be skipped here, or no word would ever consume it.
    if (c !== '\n' && isWhitespace(c)) {
      i++;
      continue;
    }
    if (c === '\n') {
      endCommand();
      i++;
      // Here-document bodies start after the newline that ends the command introducing them.
      for (const h of pendingHeredocs.splice(0)) {
        const bodyStart = i;
        let lineStart = i;
        let found = false;
        while (lineStart < n) {
          let lineEnd = text.indexOf('\n', lineStart);
          if (lineEnd < 0) lineEnd = n;
          const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
          if ((h.stripTabs ? line.replace(/^\t+/, '') : line) === h.delim) {
            heredocs.push({ start: bodyStart, end: lineStart });
            i = Math.min(n, lineEnd + 1);
            found = true;
            break;
          }
          lineStart = lineEnd + 1;
        }
        if (!found) {
          heredocs.push({ start: bodyStart, end: n });
          problems.push({
            range: { start: bodyStart, end: bodyStart },
            message: `The here-document is not closed: add a line \`${h.delim}\` after its last line.`,
          });
          i = n;
        }
      }
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      endCommand();
      i++;
      continue;
    }
    if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      // Here-document operator: <<DELIM, <<'DELIM', <<"DELIM", <<-DELIM.
      let j = i + 2;
      const stripTabs = text[j] === '-';
      if (stripTabs) j++;
      while (text[j] === ' ' || text[j] === '\t') j++;
      const m = /^(['"]?)([A-Za-z0-9_.-]+)\1/.exec(text.slice(j, j + 100));
      if (m) {
        pendingHeredocs.push({ delim: m[2]!, stripTabs });
        i = j + m[0].length;
        continue;
      }
    }
    // A word.
    let wordText = '';
    const offsets: number[] = [];
    let quoted = false;
    const start = i;
    while (i < n) {
      const ch = text[i]!;
      if (isWhitespace(ch) || ch === ';' || ch === '|' || ch === '&' || ch === '(' || ch === ')') break;
      if (ch === '\\') {
        if (text[i + 1] === '\n') {
          i += 2;
          continue;
        }
        if (i + 1 < n) {
          wordText += text[i + 1];
          offsets.push(i + 1);
          i += 2;
          continue;
        }
        i++;
        continue;
      }
      if (ch === "'") {
        quoted = true;
        const close = text.indexOf("'", i + 1);
        const stop = close < 0 ? n : close;
        if (close < 0)
          problems.push({ range: { start: i, end: i + 1 }, message: "This single quote is never closed; add the closing `'`." });
        for (let k = i + 1; k < stop; k++) {
          wordText += text[k];
          offsets.push(k);
        }
        i = stop + 1;
        continue;
      }
      if (ch === '"') {
        quoted = true;
        let k = i + 1;
        while (k < n && text[k] !== '"') {
          if (text[k] === '\\' && /["\\$`\n]/.test(text[k + 1] ?? '')) {
            if (text[k + 1] !== '\n') {
              wordText += text[k + 1];
              offsets.push(k + 1);
            }
            k += 2;
            continue;
          }
          wordText += text[k];
          offsets.push(k);
          k++;
        }
        if (k >= n) problems.push({ range: { start: i, end: i + 1 }, message: 'This double quote is never closed; add the closing `"`.' });
        i = k + 1;
        continue;
      }
      wordText += ch;
      offsets.push(i);
      i++;
    }
    if (i === start) continue; // nothing consumed (cannot happen): the guard at the top advances
    words.push({ text: wordText, offsets, start, end: Math.min(i, n), quoted });
  }
  endCommand();
  return { commands, heredocs, problems };
}

/** Quotes a shell argument only when needed; `$VAR` references stay expandable inside double quotes. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_.,:/=@%+-]+$/.test(s)) return s;
  if (/\$/.test(s) && !/["\\`]/.test(s)) return `"${s}"`;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
