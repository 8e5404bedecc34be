/**
 * A small scanner for calls nested in an argument's source text, such as the `Column(...)` items of
 * `Table(columns=[...])`, which the DAG model keeps as text. It skips strings and comments and reports each
 * call of the wanted names with its keyword and positional arguments (document offsets).
 */
import type { OffsetRange } from '../text/model';
import { isWhitespace, trimEndIndex, trimStartIndex } from '../text/lines';

export interface ScannedArg {
  /** Keyword name, or undefined for a positional argument. */
  readonly keyword?: string;
  /** The keyword's range, or the positional argument's. */
  readonly range: OffsetRange;
  /** `*args` / `**kwargs`: anything may be passed. */
  readonly star?: boolean;
}

export interface ScannedCall {
  readonly name: string;
  readonly nameRange: OffsetRange;
  /** From the name to the closing parenthesis (or the end of the text when unclosed). */
  readonly range: OffsetRange;
  readonly args: readonly ScannedArg[];
}

/**
 * Calls of `wanted` names (optionally qualified, `entities.Column(`) in `source`, which starts at offset `base`.
 *
 * One pass with a stack of open brackets: each character is read once however deeply the calls nest (reading
 * each call's arguments from its `(` on rescanned nested calls, and the rest of the file for every unclosed one).
 */
export function scanCalls(source: string, base: number, wanted: ReadonlySet<string>): ScannedCall[] {
  interface Open {
    /** The call this bracket opens, with its arguments so far (undefined: any other bracket). */
    readonly call?: { name: string; start: number; after: number; args: ScannedArg[]; segStart: number; end: number };
  }
  const calls: NonNullable<Open['call']>[] = [];
  const stack: Open[] = [];
  const flush = (call: NonNullable<Open['call']>, end: number) => {
    const arg = segmentArg(source, call.segStart, end);
    if (arg) call.args.push(arg);
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '#') {
      i = skipComment(source, i);
      continue;
    }
    const str = stringEnd(source, i);
    if (str !== undefined) {
      i = str;
      continue;
    }
    if (isIdentStart(c) && (i === 0 || !isIdentChar(source[i - 1]!))) {
      let after = i + 1;
      while (after < source.length && isIdentChar(source[after]!)) after++;
      const name = source.slice(i, after);
      if (wanted.has(name)) {
        let open = after;
        while (open < source.length && isWhitespace(source[open])) open++;
        if (source[open] === '(') {
          const call = { name, start: i, after, args: [], segStart: open + 1, end: source.length };
          calls.push(call);
          stack.push({ call });
          // Continue inside the call: nested calls (`Column(tags=[Tag(...)])`) are found too.
          i = open + 1;
          continue;
        }
      }
      i = after;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      stack.push({});
    } else if (c === ')' || c === ']' || c === '}') {
      const top = stack.pop();
      if (top?.call) {
        flush(top.call, i);
        top.call.end = i + 1;
      }
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.call) {
        flush(top.call, i);
        top.call.segStart = i + 1;
      }
    }
    i++;
  }
  // Unclosed calls run to the end of the text.
  for (const open of stack) if (open.call) flush(open.call, source.length);
  return calls.map((call) => ({
    name: call.name,
    nameRange: { start: base + call.start, end: base + call.after },
    range: { start: base + call.start, end: base + call.end },
    args: call.args.map((a) => ({ ...a, range: { start: base + a.range.start, end: base + a.range.end } })),
  }));
}

/** The argument written in `s[from, to)` (a keyword, `*args`/`**kwargs` or a positional one), if not blank. */
function segmentArg(s: string, from: number, to: number): ScannedArg | undefined {
  const start = trimStartIndex(s, from, to);
  const end = trimEndIndex(s, to, start);
  if (start >= end) return undefined;
  KEYWORD.lastIndex = start;
  const kw = KEYWORD.exec(s);
  if (kw && kw.index === start && start + kw[0].length <= end) return { keyword: kw[1]!, range: { start, end: start + kw[1]!.length } };
  if (s[start] === '*') return { range: { start, end }, star: true };
  return { range: { start, end } };
}

/** `name =` (not `name ==`), matched at a given offset (sticky). */
const KEYWORD = /([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/y;

function isIdentStart(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_';
}

function isIdentChar(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}

function skipComment(s: string, i: number): number {
  const nl = s.indexOf('\n', i);
  return nl < 0 ? s.length : nl;
}

/** If a string literal starts at `i` (with an optional prefix), the offset just after it. */
function stringEnd(s: string, i: number): number | undefined {
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(s.slice(i));
  if (!m) return undefined;
  if (m[1] && i > 0 && /[A-Za-z0-9_]/.test(s[i - 1]!)) return undefined;
  const quote = m[2]!;
  const raw = /r/i.test(m[1]!);
  let j = i + m[0].length;
  while (j < s.length) {
    if (!raw && s[j] === '\\') {
      j += 2;
      continue;
    }
    if (s.startsWith(quote, j)) return j + quote.length;
    if (quote.length === 1 && s[j] === '\n') return j;
    j++;
  }
  return s.length;
}

/** Splits the arguments of the call whose `(` is at `open`; offsets relative to `s`. */
function readArgs(s: string, open: number): { args: ScannedArg[]; end: number } {
  const args: ScannedArg[] = [];
  let depth = 0;
  let segStart = open + 1;
  let i = open + 1;
  const flush = (end: number) => {
    const arg = segmentArg(s, segStart, end);
    if (arg) args.push(arg);
  };
  while (i < s.length) {
    const c = s[i]!;
    if (c === '#') {
      i = skipComment(s, i);
      continue;
    }
    const str = stringEnd(s, i);
    if (str !== undefined) {
      i = str;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        flush(i);
        return { args, end: i + 1 };
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      flush(i);
      segStart = i + 1;
    }
    i++;
  }
  flush(s.length);
  return { args, end: s.length };
}

/** True when the call written in `source` (callee, then its parenthesised arguments) passes `*args` or `**kwargs`. */
export function hasSplat(source: string): boolean {
  const open = source.indexOf('(');
  if (open < 0) return false;
  return readArgs(source, open).args.some((a) => a.star);
}
