/**
 * Query parameters of the read API as Marquez reads them: counts (`limit`, `offset`, `depth`) and times
 * (`before`, `after`: ISO-8601, with or without a zone, or epoch seconds). Pure.
 */

/** A non-negative integer query parameter, its default, or an error message. */
export function intParam(query: URLSearchParams, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number | string {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return `query param ${name} must be a non-negative integer, not "${raw}"`;
  return Math.min(Number(raw), max);
}

/** An ISO-8601 time or epoch seconds as epoch ms, NaN when neither. */
export function timeParam(raw: string): number {
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  return Date.parse(/T.*(?:[zZ]|[+-]\d\d:?\d\d)$/.test(raw) || !/T/.test(raw) ? raw : `${raw}Z`);
}
