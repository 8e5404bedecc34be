/**
 * A small scanner for calls nested in an argument's source text, such as the `Column(...)` items of
 * `Table(columns=[...])`, which the DAG model keeps as text. It skips strings and comments and reports each
 * call of the wanted names with its keyword and positional arguments (document offsets).
 */
import type { OffsetRange } from '../../spark/model';

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

/** Calls of `wanted` names (optionally qualified, `entities.Column(`) in `source`, which starts at offset `base`. */
export function scanCalls(source: string, base: number, wanted: ReadonlySet<string>): ScannedCall[] {
  const out: ScannedCall[] = [];
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
    if (/[A-Za-z_]/.test(c) && (i === 0 || !/[A-Za-z0-9_]/.test(source[i - 1]!))) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      const name = m[0];
      const after = i + name.length;
      const paren = /^\s*\(/.exec(source.slice(after));
      if (wanted.has(name) && paren) {
        const open = after + paren[0].length - 1;
        const call = readArgs(source, open);
        out.push({
          name,
          nameRange: { start: base + i, end: base + after },
          range: { start: base + i, end: base + call.end },
          args: call.args.map((a) => ({ ...a, range: { start: base + a.range.start, end: base + a.range.end } })),
        });
        // Continue inside the call: nested calls (`Column(tags=[Tag(...)])`) are found too.
        i = open + 1;
        continue;
      }
      i = after;
      continue;
    }
    i++;
  }
  return out;
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
    const seg = s.slice(segStart, end);
    const trimmed = seg.trim();
    if (!trimmed) return;
    const lead = seg.length - seg.trimStart().length;
    const start = segStart + lead;
    const kw = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/.exec(trimmed);
    if (kw) args.push({ keyword: kw[1]!, range: { start, end: start + kw[1]!.length } });
    else if (trimmed.startsWith('*')) args.push({ range: { start, end: start + trimmed.length }, star: true });
    else args.push({ range: { start, end: start + trimmed.length } });
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
