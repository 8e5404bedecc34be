/**
 * OpenMetadata fully qualified names, as `metadata/utils/fqn.py` (mirroring Java `FullyQualifiedName`) reads
 * them (docs/upstream/openmetadata.md#fqn-rules): parts separated by `.`; a part containing `.` is wrapped in double
 * quotes; a `"` anywhere else is invalid; a quoted part without a dot is normalised to its unquoted form.
 */

export interface FqnPart {
  /** The name without wrapping quotes. */
  readonly name: string;
  /** Offsets of the part as written (quotes included), relative to the FQN string. */
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
}

export interface FqnProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export type FqnSplit = { readonly ok: true; readonly parts: readonly FqnPart[] } | { readonly ok: false; readonly problem: FqnProblem };

export function splitFqn(fqn: string): FqnSplit {
  if (fqn.trim() === '') return { ok: false, problem: { message: 'is empty', start: 0, end: fqn.length } };
  const parts: FqnPart[] = [];
  let i = 0;
  for (;;) {
    const start = i;
    if (fqn[i] === '"') {
      const close = fqn.indexOf('"', i + 1);
      if (close < 0) return { ok: false, problem: { message: 'opens a double quote that is never closed', start: i, end: fqn.length } };
      if (close + 1 < fqn.length && fqn[close + 1] !== '.') {
        const next = fqn.indexOf('.', close + 1);
        const end = next < 0 ? fqn.length : next;
        return {
          ok: false,
          problem: {
            message: `has a \`"\` inside the part \`${fqn.slice(start, end)}\`; double quotes may only wrap a whole part`,
            start,
            end,
          },
        };
      }
      parts.push({ name: fqn.slice(i + 1, close), start, end: close + 1, quoted: true });
      i = close + 1;
    } else {
      const next = fqn.indexOf('.', i);
      const end = next < 0 ? fqn.length : next;
      const raw = fqn.slice(i, end);
      const quote = raw.indexOf('"');
      if (quote >= 0) {
        return {
          ok: false,
          problem: { message: `has a \`"\` inside the part \`${raw}\`; double quotes may only wrap a whole part`, start, end },
        };
      }
      parts.push({ name: raw, start, end, quoted: false });
      i = end;
    }
    if (i >= fqn.length) break;
    // fqn[i] is '.'
    i++;
    if (i >= fqn.length) {
      parts.push({ name: '', start: i, end: i, quoted: false });
      break;
    }
  }
  const empty = parts.find((p) => p.name === '' && !p.quoted);
  if (empty) {
    // The dot(s) around the empty part: `..`, a leading `.` or a trailing `.`.
    const p = empty.start;
    return {
      ok: false,
      problem: {
        message: 'has an empty part (two dots in a row, or a leading or trailing dot)',
        start: Math.max(p - 1, 0),
        end: Math.min(p + 1, fqn.length),
      },
    };
  }
  return { ok: true, parts };
}

/** The FQN shapes docs/upstream/openmetadata.md#fqn-rules gives, by entity type (the `ENTITY_REFERENCE_CLASS_MAP` key). */
export interface FqnShape {
  readonly shape: string;
  /** Exact number of parts, or the minimum when `atLeast`. */
  readonly parts: number;
  readonly atLeast?: boolean;
}

const SHAPES: Readonly<Record<string, FqnShape>> = {
  table: { shape: 'service.database.schema.table', parts: 4 },
  container: { shape: 'service.container[.child…]', parts: 2, atLeast: true },
  dashboard: { shape: 'service.dashboard', parts: 2 },
  topic: { shape: 'service.topic', parts: 2 },
  pipeline: { shape: 'service.pipeline', parts: 2 },
  mlmodel: { shape: 'service.mlmodel', parts: 2 },
};

export function fqnShape(entityType: string): FqnShape | undefined {
  return Object.prototype.hasOwnProperty.call(SHAPES, entityType) ? SHAPES[entityType] : undefined;
}
