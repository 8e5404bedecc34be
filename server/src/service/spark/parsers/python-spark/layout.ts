/**
 * Where and how a new setting is written into Python source in the file's own style: inline or on a new line
 * with the indentation of its neighbours, `\` continuations kept, the quote character and separators reused.
 * Also the spans that deleting a setting removes.
 */
import type { PythonNode } from '../../../python/parser';
import { stringLiteral } from '../../../python/strings';
import { lowerBound } from '../../../util/search';
import type { EntryInsertion, OffsetRange } from '../../../text/model';

/** Writes a setting (key and value) as source text. */
export type Render = (key: string, value: string) => string;

/** How a chain's lines are laid out. */
export interface ChainLayout {
  /**
   * Offsets of the dots of the chain's links (and of `.builder`) that start a line, sorted: a call inserted
   * near them goes on a new line with their indentation.
   */
  readonly leading: number[];
  /** The chain continues lines with `\` rather than inside brackets. */
  readonly backslash: boolean;
}

/** Renders a call `.method(k, v)` (or `receiver.method(k, v)` for statements) in the source's style. */
export function callRender(method: string, quote: string, receiver = '', keyword = false, separator = ', '): Render {
  return (k, v) =>
    keyword
      ? `${receiver}.${method}(key=${stringLiteral(k, quote)}, value=${stringLiteral(v, quote)})`
      : `${receiver}.${method}(${stringLiteral(k, quote)}${separator}${stringLiteral(v, quote)})`;
}

/** Layout questions about one document's text. */
export class SourceLayout {
  /** The document's line ending. */
  readonly eol: string;

  /** @param trailingComment what starts a comment that ends its line (`#` in Python, `//` in Java and Scala). */
  constructor(
    private readonly text: string,
    private readonly trailingComment = '#',
  ) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  /** The layout of a chain whose links' dots are `dots` (negative: none). */
  chainLayout(dots: readonly number[]): ChainLayout {
    // A multi-line chain outside brackets must end its lines with `\`; new lines we add must too.
    const leading = dots.filter((d) => d >= 0 && this.isLineLeading(d));
    const backslash = leading.some((d) => this.previousLineEndsWithBackslash(d));
    return { leading, backslash };
  }

  /**
   * Insertion of a new chain call at `after`, the end of the call whose dot is at `dot` (or of the chain's head,
   * with `dot` its own dot or `after`). One-line chains get the call inline; multi-line chains get a new line
   * indented like that call, or like the nearest call that starts a line.
   */
  chainInsertion(chain: ChainLayout, after: number, dot: number, render: Render): EntryInsertion {
    const indent = this.chainIndent(chain.leading, dot);
    if (indent === undefined) return { offset: after, format: render };
    if (chain.backslash) {
      return { offset: after, format: (k, v) => ` \\${this.eol}${indent}${render(k, v)}` };
    }
    // Keep a trailing comment with the call it belongs to.
    const offset = this.restIsTrivia(after) ? this.lineContentEnd(after) : after;
    return { offset, format: (k, v) => `${this.eol}${indent}${render(k, v)}` };
  }

  /** The indentation of `dot` when it starts a line, else of the next (or previous) line-starting dot. */
  private chainIndent(leading: readonly number[], dot: number): string | undefined {
    if (leading.length === 0) return undefined;
    // First leading dot at or after `dot` (binary search: chains can have thousands of calls).
    const lo = lowerBound(leading, dot);
    return this.indentOf(leading[lo] ?? leading[leading.length - 1]!);
  }

  /** A new statement on its own line after `statement`, with the same indentation. */
  statementInsertion(statement: PythonNode, render: Render): EntryInsertion {
    const indent = this.indentOf(statement.startIndex);
    return { offset: this.lineContentEnd(statement.endIndex), format: (k, v) => `${this.eol}${indent}${render(k, v)}` };
  }

  /** The statement's whole line(s) when it has them to itself, so deleting it leaves no blank line. */
  statementSpan(statement: PythonNode): OffsetRange {
    const { startIndex: start, endIndex: end } = statement;
    if (!this.isLineLeading(start) || !this.restIsTrivia(end)) return { start, end };
    const newline = this.text.indexOf('\n', end);
    return { start: this.lineStart(start), end: newline < 0 ? this.text.length : newline + 1 };
  }

  /** A dict pair / `setAll` tuple including its trailing comma. */
  elementSpan(element: PythonNode): OffsetRange {
    const next = element.nextSibling;
    return { start: element.startIndex, end: next !== null && next.type === ',' ? next.endIndex : element.endIndex };
  }

  /** A new element after `element` in its dict/list: inline `, x` or, when elements start lines, a new line. */
  elementInsertion(element: PythonNode, render: Render): EntryInsertion {
    if (!this.isLineLeading(element.startIndex)) {
      return { offset: element.endIndex, format: (k, v) => `, ${render(k, v)}` };
    }
    const indent = this.indentOf(element.startIndex);
    const next = element.nextSibling;
    if (next !== null && next.type === ',') {
      const offset = this.restIsTrivia(next.endIndex) ? this.lineContentEnd(next.endIndex) : next.endIndex;
      return { offset, format: (k, v) => `${this.eol}${indent}${render(k, v)},` };
    }
    return { offset: element.endIndex, format: (k, v) => `,${this.eol}${indent}${render(k, v)}` };
  }

  /** The source's separator between two parts (`, ` / `,` / `: `) when it is simple, else `fallback`. */
  separator(from: number, to: number, mark: string, fallback: string): string {
    const s = this.text.slice(from, to);
    return s.startsWith(mark) && /^[ \t]*$/.test(s.slice(mark.length)) ? s : fallback;
  }

  /** The quote character of the first string literal in `roots` (in order), else `"`. */
  firstQuote(roots: readonly PythonNode[]): string {
    for (const root of roots) {
      const found = root.descendantsOfType('string_start')[0];
      if (found !== undefined && found !== null) {
        const opening = this.text.slice(found.startIndex, found.endIndex);
        return opening.charAt(opening.length - 1);
      }
    }
    return '"';
  }

  /**
   * The offset of the `.` before `name` (skipping whitespace and `\` line continuations), or `fallback` when the
   * previous significant character is not a dot.
   */
  dotBefore(name: PythonNode | null, fallback: number): number {
    if (name === null) return fallback;
    let i = name.startIndex - 1;
    while (i >= 0 && /[ \t\r\n\\]/.test(this.text.charAt(i))) i--;
    return this.text.charAt(i) === '.' ? i : fallback;
  }

  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** End of the line containing `offset`, before its `\n` / `\r\n`. */
  lineContentEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    if (newline < 0) return this.text.length;
    return newline > 0 && this.text.charAt(newline - 1) === '\r' ? newline - 1 : newline;
  }

  indentOf(offset: number): string {
    return /^[ \t]*/.exec(this.text.slice(this.lineStart(offset), offset))![0];
  }

  isLineLeading(offset: number): boolean {
    return /^[ \t]*$/.test(this.text.slice(this.lineStart(offset), offset));
  }

  /** Only whitespace and maybe a comment follow `offset` on its line. */
  restIsTrivia(offset: number): boolean {
    const rest = this.text.slice(offset, this.lineContentEnd(offset)).replace(/^[ \t]*/, '');
    return rest === '' || rest.startsWith(this.trailingComment);
  }

  private previousLineEndsWithBackslash(offset: number): boolean {
    const start = this.lineStart(offset);
    if (start === 0) return false;
    const previous = this.text.slice(this.lineStart(start - 1), start - 1).replace(/\r$/, '');
    return previous.endsWith('\\');
  }
}
