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
 * `apiKey` before `apiKeys`-like neighbours. Ties go to the candidate listed first.
 *
 * Fast: the candidates are indexed once per list (by the length of their lower-case form), only lengths
 * within the limit are looked at, nearest lengths first, stopping once no further length can do better, and
 * distances are computed in a band that gives up past the limit. The answer is the one a plain scan over every
 * candidate with `editDistance` gives (test/unit/service-hardening.test.ts compares them).
 */
export function nearest(input: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const limit = maxDistance ?? Math.min(4, Math.max(1, Math.floor(input.length / 3)));
  const index = indexOf(candidates);
  const lower = input.toLowerCase();
  let best: Candidate | undefined;
  let bestScore = Infinity;
  for (let gap = 0; gap <= limit && gap <= bestScore; gap++) {
    for (const len of gap === 0 ? [lower.length] : [lower.length - gap, lower.length + gap]) {
      for (const c of index.byLength.get(len) ?? []) {
        if (c.text === input) continue;
        const ci = boundedDistance(lower, c.lower, limit);
        if (ci > limit) continue;
        const score = ci + (ci === 0 ? 0.5 : boundedDistance(input, c.text, ci) > ci ? 0.5 : 0);
        if (score < bestScore || (score === bestScore && best && c.order < best.order)) {
          best = c;
          bestScore = score;
        }
      }
    }
  }
  return best?.text;
}

interface Candidate {
  readonly text: string;
  readonly lower: string;
  /** Position in the list: ties go to the first. */
  readonly order: number;
}

interface CandidateIndex {
  readonly size: number;
  readonly byLength: ReadonlyMap<number, readonly Candidate[]>;
}

/** Indexes of candidate lists (arrays and sets, which are mostly module constants), built on first use. */
const indexes = new WeakMap<object, CandidateIndex>();

function indexOf(candidates: Iterable<string>): CandidateIndex {
  const sized = Array.isArray(candidates) ? candidates.length : candidates instanceof Set ? candidates.size : undefined;
  const cached = sized !== undefined ? indexes.get(candidates as object) : undefined;
  // The size check catches a list that grew or shrank since it was indexed.
  if (cached && cached.size === sized) return cached;
  const byLength = new Map<number, Candidate[]>();
  let order = 0;
  for (const text of candidates) {
    const lower = text.toLowerCase();
    let bucket = byLength.get(lower.length);
    if (!bucket) byLength.set(lower.length, (bucket = []));
    bucket.push({ text, lower, order: order++ });
  }
  const index = { size: order, byLength };
  if (sized !== undefined) indexes.set(candidates as object, index);
  return index;
}

let rows: Int32Array[] = [];

/**
 * `editDistance(a, b)` when it is at most `k`, else `k + 1`: only the cells within `k` of the diagonal are
 * computed (the others are over `k` anyway), and it gives up as soon as a whole row is over `k`.
 */
export function boundedDistance(a: string, b: string, k: number): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  const over = k + 1;
  if (Math.abs(n - m) > k) return over;
  if (!n || !m) return Math.max(n, m);
  if (rows.length === 0 || rows[0]!.length < m + 1) rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
  let prev2 = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  for (let j = 0; j <= m; j++) prev[j] = j <= k ? j : over;
  for (let i = 1; i <= n; i++) {
    cur.fill(over, 0, m + 1);
    cur[0] = i <= k ? i : over;
    let rowMin = cur[0]!;
    const lo = Math.max(1, i - k);
    const hi = Math.min(m, i + k);
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prev2[j - 2]! + 1);
      if (d > over) d = over;
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > k) return over;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[m]!, over);
}
