/**
 * JSON helpers of the local endpoint that never recurse, so that no document a client sends can exhaust the
 * stack: its nesting limit ({@link MAX_JSON_DEPTH}, measured on the bytes before parsing by
 * common/json-depth.ts), and structural equality of parsed values ({@link jsonEqual}).
 *
 * Why a depth limit: `JSON.parse` copes with any depth, but `JSON.stringify`, Ajv and every recursive walk of a
 * value throw `RangeError: Maximum call stack size exceeded` a few thousand levels down. An event that deep
 * would be acknowledged and then break every read of it, the snapshot and the next start-up; so the endpoint
 * refuses JSON nested deeper than {@link MAX_JSON_DEPTH} before it parses it, and skips such stored lines.
 */

/**
 * Deepest nesting of objects and arrays an event may have: the event object is level 1, `run` level 2, a run
 * facet level 4. OpenLineage's own facets stay under 15 levels; 64 leaves room for producers' facets.
 */
export const MAX_JSON_DEPTH = 64;

/** The message of a refused document: what the limit is. */
export function tooDeepMessage(limit = MAX_JSON_DEPTH): string {
  return `The event nests objects and arrays more than ${limit} levels deep, the endpoint's limit; flatten the facet that nests so deep.`;
}

const own = Object.prototype.hasOwnProperty;

/**
 * Structural equality of JSON values (objects compared key by key, in any order), with an explicit stack
 * instead of recursion: any depth is compared without exhausting the call stack.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const stack: unknown[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop();
    const x = stack.pop();
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push(x[i], y[i]);
      continue;
    }
    if (Array.isArray(y)) return false;
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    let count = 0;
    for (const key in xo) {
      if (!own.call(xo, key)) continue;
      if (!own.call(yo, key)) return false;
      stack.push(xo[key], yo[key]);
      count++;
    }
    for (const key in yo) if (own.call(yo, key)) count--;
    if (count !== 0) return false;
  }
  return true;
}

/**
 * Sets an own data property, also for the key `__proto__` (which plain assignment would take as the
 * prototype): facets keyed `__proto__` stay ordinary data.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
