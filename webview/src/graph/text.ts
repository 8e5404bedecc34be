/**
 * Fitting node labels into node boxes. Widths come from a per-character cache (each character measured once
 * per font), so fitting a label is linear in its length with prefix sums, and sizing 20,000 nodes costs
 * milliseconds. Pure: the measuring function is passed in (a canvas `measureText` in the webview, a fixed
 * width per character in tests).
 */

/** The width of one character in the font the cache is for. */
export type MeasureChar = (char: string) => number;

export const ELLIPSIS = '…';

/** Widths of strings in one font, from cached character widths (kerning is ignored; it is below a pixel here). */
export class CharWidths {
  private readonly cache = new Map<number, number>();

  constructor(private readonly measure: MeasureChar) {}

  char(code: number): number {
    let w = this.cache.get(code);
    if (w === undefined) {
      w = this.measure(String.fromCharCode(code));
      this.cache.set(code, w);
    }
    return w;
  }

  width(text: string): number {
    let w = 0;
    for (let i = 0; i < text.length; i++) w += this.char(text.charCodeAt(i));
    return w;
  }

  /** prefix[i] = width of text.slice(0, i). */
  prefix(text: string): Float64Array {
    const p = new Float64Array(text.length + 1);
    for (let i = 0; i < text.length; i++) p[i + 1] = p[i] + this.char(text.charCodeAt(i));
    return p;
  }
}

/**
 * `text` if it fits in `max`. Otherwise, for a name with parts (`dag.task`, `db.schema.table`, `bucket/path`,
 * `execute_insert_command`), an ellipsis and the longest run of trailing parts that fits, since the end is what
 * tells sibling names apart (they share their start); failing that (or with `keepTail` false), the start and
 * the end of `text` around an ellipsis, with two thirds of the room for the end.
 */
export function fitText(text: string, max: number, widths: CharWidths, keepTail = true, prefix = widths.prefix(text)): string {
  const total = prefix[text.length];
  if (total <= max) return text;
  const ellipsis = widths.width(ELLIPSIS);
  for (let i = 1; keepTail && i < text.length - 1; i++) {
    if (!BOUNDARY.includes(text[i - 1])) continue;
    if (ellipsis + total - prefix[i] <= max) return ELLIPSIS + text.slice(i);
  }
  const head = (keep: number) => Math.floor(keep / 3);
  const cutWidth = (keep: number) => prefix[head(keep)] + ellipsis + total - prefix[text.length - (keep - head(keep))];
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (cutWidth(mid) <= max) low = mid;
    else high = mid - 1;
  }
  return `${text.slice(0, head(low))}${ELLIPSIS}${text.slice(text.length - (low - head(low)))}`;
}

/** Where a name's parts meet: a part after one of these can stand for the name's end. */
const BOUNDARY = './:_-';

/**
 * A name in at most two lines of at most `max` wide: whole on one line if it fits; otherwise broken after a
 * separator (`.`, `/`, `:`, else `_`, `-`), as evenly as possible while both lines fit, or else with the longest
 * first line that fits and the second shortened from its start; failing all that, one shortened line.
 */
export function fitLines(text: string, max: number, widths: CharWidths): string[] {
  const prefix = widths.prefix(text);
  const total = prefix[text.length];
  if (total <= max) return [text];
  for (const separators of ['./:', '_-']) {
    let best: { at: number; fits: boolean; score: number } | undefined;
    for (let i = 1; i < text.length; i++) {
      if (!separators.includes(text[i - 1])) continue;
      const w1 = prefix[i];
      if (w1 > max) break;
      const w2 = total - w1;
      const fits = w2 <= max;
      // Both fitting beats one shortened; among fitting breaks the most even, else the longest first line.
      const score = fits ? Math.max(w1, w2) : 2 * max - w1;
      if (!best || (fits && !best.fits) || (fits === best.fits && score < best.score)) best = { at: i, fits, score };
    }
    if (best) {
      const second = text.slice(best.at);
      return [text.slice(0, best.at), best.fits ? second : fitText(second, max, widths)];
    }
  }
  return [fitText(text, max, widths, true, prefix)];
}
