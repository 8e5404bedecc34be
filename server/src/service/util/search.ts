import { lineStarts } from '../text/lines';

/** Index of the first element of the ascending array `sorted` that is ≥ `value` (`sorted.length` if none). */
export function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Maps offsets to 0-based line numbers with one scan of the text, built on first use: for code that asks
 * about many offsets of one large text (a line-number lookup per entry would otherwise rescan the text).
 */
export function lineIndex(text: string): (offset: number) => number {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = lineStarts(text);
    }
    // The line is the last start ≤ offset.
    const i = lowerBound(starts, offset + 1) - 1;
    return Math.max(0, i);
  };
}
