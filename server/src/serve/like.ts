/**
 * Marquez's search matching: `q` is a SQL LIKE pattern (`%` any run, `_` any one character), matched
 * case-insensitively against names, in linear passes without backtracking (a hostile pattern cannot make a
 * search slow). Pure.
 */
/** A compiled LIKE pattern: the literal segments between `%`s, as code points (`-1` is `_`). */
export interface LikePattern {
  segments: number[][];
  /** The pattern starts / ends with `%`. */
  openStart: boolean;
  openEnd: boolean;
}

const ANY_ONE = -1;
const fold = (s: string): number[] => Array.from(s.toLowerCase(), (c) => c.codePointAt(0)!);

/** Compiles Marquez's search pattern: SQL LIKE (`%` any run, `_` any one character), case-insensitive. */
export function likePattern(pattern: string): LikePattern {
  const parts = pattern.split('%');
  return {
    segments: parts.map((part) => fold(part).map((c) => (c === 0x5f ? ANY_ONE : c))).filter((segment) => segment.length > 0),
    openStart: parts.length > 1 && parts[0] === '',
    openEnd: parts.length > 1 && parts.at(-1) === '',
  };
}

/**
 * The pattern of a search for `q`, as Marquez builds it: `name ILIKE '%' || q || '%'`. Always a substring
 * match, whatever `q` holds: `fct_orders` finds `analytics.fct_orders` (its `_` still matches any one
 * character, as in Marquez), and `%` and `_` in `q` keep their LIKE meaning.
 */
export function searchPattern(q: string): LikePattern {
  return likePattern(`%${q}%`);
}

function segmentAt(text: readonly number[], at: number, segment: readonly number[]): boolean {
  if (at + segment.length > text.length) return false;
  for (let j = 0; j < segment.length; j++) if (segment[j] !== ANY_ONE && segment[j] !== text[at + j]) return false;
  return true;
}

/**
 * Whether `name` matches the pattern, without backtracking: the first segment must match at the start (unless
 * the pattern starts with `%`), the last at the end (unless it ends with `%`), and the ones between are each
 * taken at their leftmost match after the previous one; leftmost is always right, because what follows a `%`
 * may start anywhere later. O(length of name × length of pattern) at worst.
 */
export function likeMatches(pattern: LikePattern, name: string): boolean {
  const text = fold(name);
  const { segments, openStart, openEnd } = pattern;
  if (segments.length === 0) return openStart || text.length === 0;
  if (!openStart && !openEnd && segments.length === 1) return text.length === segments[0]!.length && segmentAt(text, 0, segments[0]!);
  let from = 0;
  let first = 0;
  let last = segments.length;
  if (!openStart) {
    if (!segmentAt(text, 0, segments[0]!)) return false;
    from = segments[0]!.length;
    first = 1;
  }
  let end = text.length;
  if (!openEnd) {
    const tail = segments[last - 1]!;
    const at = text.length - tail.length;
    if (at < from || !segmentAt(text, at, tail)) return false;
    end = at;
    last--;
  }
  for (let k = first; k < last; k++) {
    const segment = segments[k]!;
    let at = from;
    while (at + segment.length <= end && !segmentAt(text, at, segment)) at++;
    if (at + segment.length > end) return false;
    from = at + segment.length;
  }
  return true;
}
