/**
 * Counts in English, one way for every message that says how many: `1 node`, `2 nodes`, `1,234 nodes`.
 * Pure: no Node, no DOM, no `vscode`.
 */

/** `n` and the noun, singular for exactly one: `count(1, 'node')` is `1 node`, `count(3, 'entry', 'entries')` `3 entries`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
