/**
 * Small pieces of English that messages share: lists joined with "or"/"and" (names in code spans by default)
 * and a sentence's first letter in upper case.
 */

/** "`a`, `b` or `c`"; unquoted when `quote` is false. Empty for no items. */
export function orList(items: readonly string[], quote = true): string {
  return joinList(items, 'or', quote);
}

/** "`a`, `b` and `c`"; unquoted when `quote` is false. Empty for no items. */
export function andList(items: readonly string[], quote = true): string {
  return joinList(items, 'and', quote);
}

function joinList(items: readonly string[], conjunction: string, quote: boolean): string {
  const q = items.map((i) => (quote ? `\`${i}\`` : i));
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} ${conjunction} ${q[q.length - 1]}`;
}

/** The text with its first letter in upper case, for a phrase that starts a sentence. */
export function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
