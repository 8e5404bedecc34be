/**
 * Error repair for a Python file being typed: the statement holding the first syntax error is blanked out
 * (same length, newlines kept, so every offset stays valid) and the text is parsed again, a few times at most.
 * One unclosed bracket then costs only its own statement instead of everything after it, which tree-sitter's
 * own error recovery often swallows.
 */
import type { PythonNode, PythonTree } from './parser';

/** A statement's text span; `header`: it is a compound statement's header (`with DAG(...) as dag:`). */
export interface StatementSpan {
  readonly start: number;
  readonly end: number;
  readonly header: boolean;
}

/** How many statements are blanked out at most. */
const MAX_REPAIRS = 8;

/**
 * Repairs `text` (parsed as `root`) statement by statement: blanks out the statement of the first ERROR node
 * and reparses with `reparse`, until no error is left, nothing more can be blanked, or `reparse` returns
 * `undefined` (its parse was cancelled: time budget) or throws. Returns the last tree and the text it was parsed
 * from (the same length as `text`).
 */
export function repairSyntaxErrors(
  root: PythonNode,
  text: string,
  reparse: (text: string) => PythonTree | undefined,
): { root: PythonNode; text: string } {
  let current = root;
  let source = text;
  let lastStart = -1;
  for (let i = 0; i < MAX_REPAIRS; i++) {
    const error = firstError(current);
    if (!error) break;
    // Recomputed each time: a blanked statement's unclosed bracket no longer counts.
    const span = brokenStatement(source, lineTable(source), error.startIndex);
    if (!span || span.start <= lastStart) break;
    lastStart = span.start;
    const blanked = blankStatement(source, span);
    let tree: PythonTree | undefined;
    try {
      tree = reparse(blanked);
    } catch {
      tree = undefined;
    }
    if (!tree) break; // cancelled (time budget): read the last tree there is
    source = blanked;
    current = tree.rootNode;
  }
  return { root: current, text: source };
}

/** The first ERROR node in document order (MISSING nodes alone leave a usable tree). */
function firstError(node: PythonNode): PythonNode | undefined {
  if (!node.hasError) return undefined;
  for (const child of node.children) {
    if (!child) continue;
    if (child.isError) return child;
    if (child.hasError) {
      const inner = firstError(child);
      if (inner) return inner;
    }
  }
  return undefined;
}

export interface LineTable {
  readonly starts: number[];
  /** Whether each line starts a logical line (not inside brackets, a triple-quoted string or after `\`). */
  readonly logical: boolean[];
  /** Per line, the offset just after its last character of code (strings count, comments and blanks do not); -1 if none. */
  readonly codeEnds: number[];
}

/** Line starts and which lines start a logical line, from a small Python tokenizer (strings, comments, brackets). */
export function lineTable(text: string): LineTable {
  const starts = [0];
  const logical = [true];
  const codeEnds: number[] = [];
  let codeEnd = -1;
  let depth = 0;
  let quote = '';
  let continued = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      if (quote.length === 1) quote = ''; // an unterminated one-line string ends with its line
      starts.push(i + 1);
      logical.push(depth === 0 && quote === '' && !continued);
      codeEnds.push(codeEnd);
      codeEnd = -1;
      continued = false;
      continue;
    }
    if (quote) {
      if (c === '\\') {
        if (text[i + 1] !== '\n') i++;
      } else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = '';
      }
      if (c !== '\r') codeEnd = i + 1;
      continue;
    }
    continued = false;
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = (nl < 0 ? text.length : nl) - 1;
      continue;
    }
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\f') codeEnd = i + 1;
    if (c === '"' || c === "'") {
      quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length - 1;
      codeEnd = i + 1;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    } else if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      continued = true;
    }
  }
  codeEnds.push(codeEnd);
  return { starts, logical, codeEnds };
}

export function lineOf(lines: LineTable, offset: number): number {
  let lo = 0;
  let hi = lines.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function lineText(text: string, lines: LineTable, line: number): string {
  const start = lines.starts[line]!;
  const next = lines.starts[line + 1];
  return text.slice(start, next === undefined ? text.length : next - 1).replace(/\r$/, '');
}

export const indentOf = (line: string): number => /^[ \t]*/.exec(line)![0].length;
export const isBlank = (line: string): boolean => /^[ \t]*(#.*)?$/.test(line);

/** The broken statement around `offset` in `text` (see {@link brokenStatement}). */
export function brokenStatementAt(text: string, offset: number): StatementSpan | undefined {
  return brokenStatement(text, lineTable(text), offset);
}

/**
 * The broken statement around `offset`: from the start of its logical line to the next line that starts a
 * statement at the same or a lower indentation (an unclosed bracket never ends its logical line).
 */
function brokenStatement(text: string, lines: LineTable, offset: number): StatementSpan | undefined {
  let first = lineOf(lines, offset);
  while (first > 0 && (!lines.logical[first] || isBlank(lineText(text, lines, first)))) first--;
  const indent = indentOf(lineText(text, lines, first));
  let end = lines.starts.length;
  for (let l = first + 1; l < lines.starts.length; l++) {
    const t = lineText(text, lines, l);
    if (isBlank(t)) continue;
    if (lines.logical[l] || (indentOf(t) <= indent && !/^[ \t]*[)\]}]/.test(t))) {
      end = l;
      break;
    }
  }
  const start = lines.starts[first]! + indent;
  const stop = end < lines.starts.length ? lines.starts[end]! - 1 : text.length;
  if (stop <= start) return undefined;
  // A compound statement's header (`with DAG(...) as dag:`): keep its block parseable.
  const whole = text.slice(start, stop);
  // The last line's comment, `whole.replace(/#[^\n]*$/, '')` by hand (that regex is quadratic on `####…`).
  const hash = whole.indexOf('#', whole.lastIndexOf('\n') + 1);
  const statement = (hash < 0 ? whole : whole.slice(0, hash)).trimEnd();
  const next = end < lines.starts.length ? lineText(text, lines, end) : '';
  const header = statement.endsWith(':') && indentOf(next) > indent;
  return { start, end: stop, header };
}

/** `text` with `span` replaced by `pass` (or `if 1:` for a header) and spaces; newlines are kept. */
export function blankStatement(text: string, span: StatementSpan): string {
  const filler = span.header ? 'if 1:' : 'pass';
  let body = text.slice(span.start, span.end).replace(/[^\r\n]/g, ' ');
  const firstLine = body.search(/[\r\n]/);
  const room = firstLine < 0 ? body.length : firstLine;
  if (room >= filler.length) body = filler + body.slice(filler.length);
  return text.slice(0, span.start) + body + text.slice(span.end);
}
