/** Damerau-style edit distance (optimal string alignment) between two strings. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `input`, if it is close enough to be a plausible typo: at most a third of the
 * input's length in edits (at least 1, at most 4). Case differences count as half an edit, so `apikey` finds
 * `apiKey` before `apiKeys`-like neighbours.
 */
export function nearest(input: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const limit = maxDistance ?? Math.min(4, Math.max(1, Math.floor(input.length / 3)));
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = input.toLowerCase();
  for (const c of candidates) {
    if (c === input) continue;
    const ci = editDistance(lower, c.toLowerCase());
    const score = ci + (ci === 0 ? 0.5 : editDistance(input, c) > ci ? 0.5 : 0);
    if (ci <= limit && score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}
