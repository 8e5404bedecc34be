/**
 * Method chains cut by a missing line continuation:
 *
 *     spark = SparkSession.builder \
 *         .appName("x") \
 *         .config("k", "v")          <- no `\`: the statement ends here
 *         .config("k2", "v2")        <- a line that starts with `.name`: IndentationError / SyntaxError
 *
 * Python rejects the file, and tree-sitter's error recovery leaves the calls after the break outside the chain.
 * `chainBreaks` finds each such break from the text alone; `joinChainBreaks` returns a copy of the text (same
 * length, so every offset stays valid) in which the lines are joined with spaces, so that a parse of the copy
 * sees the chain the author meant.
 */
import { indentOf, isBlank, lineTable, lineText, type LineTable } from './repair';
import type { OffsetRange } from '../text/model';

/** One line that ends a statement although the next line continues its chain. */
export interface ChainBreak {
  /** The last character of code on the line lacking its `\` (a `)` most often). */
  readonly last: OffsetRange;
  /** Offset just after that character: where ` \` goes. */
  readonly codeEnd: number;
  /** Whether the line has a comment after its code (then ` \` cannot simply be appended). */
  readonly comment: boolean;
  /** The `.name` that starts the next line of code, and the method name. */
  readonly next: OffsetRange;
  readonly method: string;
  /** True when the next line is indented deeper than the statement (IndentationError rather than SyntaxError). */
  readonly indented: boolean;
  /** The statement the chain belongs to: where its expression starts and where its last line's code ends. */
  readonly statement: OffsetRange;
  /** Where the chain's expression starts (after `name = `), for wrapping it in parentheses. */
  readonly expressionStart: number;
}

/** A line that starts with `.name`: a method call continuing something (never `...` or `.5`). */
const DOT_LINE = /^([ \t]*)(\.[ \t]*([A-Za-z_][A-Za-z0-9_]*))/;
/** Characters a chain's line can end with: a call, a subscript, a name or a string. */
const CHAIN_END = /[)\]}A-Za-z0-9_"']/;
/** At most this many breaks are read per file. */
const MAX_BREAKS = 200;

/** The chain breaks of a Python text, in document order; empty (cheaply) for most files. */
export function chainBreaks(text: string): ChainBreak[] {
  if (!/^[ \t]*\.[ \t]*[A-Za-z_]/m.test(text)) return [];
  const lines = lineTable(text);
  const out: ChainBreak[] = [];
  /** The code line before the current one (blank and comment-only lines skipped), and its statement's first line. */
  let previous = -1;
  let statementFirst = 0;
  let pending: Omit<ChainBreak, 'statement' | 'expressionStart'>[] = [];
  const flush = (endLine: number) => {
    if (!pending.length) return;
    const first = lineText(text, lines, statementFirst);
    const start = lines.starts[statementFirst]! + indentOf(first);
    const assignment = /^[ \t]*[A-Za-z_][\w.]*(?:[ \t]*:[^=\n]*)?[ \t]*=(?!=)[ \t]*/.exec(first);
    const expressionStart = assignment ? lines.starts[statementFirst]! + assignment[0].length : start;
    const end = lines.codeEnds[endLine]!;
    for (const p of pending) out.push({ ...p, statement: { start, end }, expressionStart });
    pending = [];
  };
  for (let l = 0; l < lines.starts.length && out.length + pending.length < MAX_BREAKS; l++) {
    const line = lineText(text, lines, l);
    if (isBlank(line)) continue;
    if (lines.logical[l]) {
      const m = previous >= 0 ? DOT_LINE.exec(line) : null;
      const codeEnd = previous >= 0 ? lines.codeEnds[previous]! : -1;
      if (m && codeEnd > 0 && CHAIN_END.test(text[codeEnd - 1]!)) {
        const dot = lines.starts[l]! + m[1]!.length;
        pending.push({
          last: { start: codeEnd - 1, end: codeEnd },
          codeEnd,
          comment: hasComment(text, lines, previous, codeEnd),
          next: { start: dot, end: dot + m[2]!.length },
          method: m[3]!,
          indented: m[1]!.length > indentOf(lineText(text, lines, statementFirst)),
        });
      } else {
        flush(previous);
        statementFirst = l;
      }
    }
    previous = l;
  }
  flush(previous);
  return out;
}

/** `text` with each break's line end (up to the next line's `.`) replaced by spaces: the chain on one line. */
export function joinChainBreaks(text: string, breaks: readonly ChainBreak[]): string {
  let out = '';
  let from = 0;
  for (const b of breaks) {
    out += text.slice(from, b.codeEnd) + ' '.repeat(b.next.start - b.codeEnd);
    from = b.next.start;
  }
  return out + text.slice(from);
}

/** Whether the code of line `l` (ending at `codeEnd`) is followed by a comment. */
function hasComment(text: string, lines: LineTable, l: number, codeEnd: number): boolean {
  const next = lines.starts[l + 1];
  const rest = text.slice(codeEnd, next === undefined ? text.length : next - 1);
  return /^[ \t]*#/.test(rest);
}
