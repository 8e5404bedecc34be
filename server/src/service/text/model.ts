/**
 * The text types every family shares: spans of document offsets, how a value was written, where a new entry
 * goes, and a syntax problem a parser found.
 *
 * All positions are UTF-16 offsets into the document text (the unit `TextDocument.positionAt` takes).
 */

/** A half-open `[start, end)` span of document offsets. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/**
 * How a value was written.
 * - `literal`: a plain value we can check.
 * - `template`: contains `${VAR}`, `$VAR`, `{{ ... }}` or `{{secrets/...}}`; resolved at run time, never type-checked.
 * - `expression`: computed by code (a Python variable, a call, an f-string); only the key can be checked.
 */
export type ValueKind = 'literal' | 'template' | 'expression';

/** A place to insert a new entry, and how to format one there. */
export interface EntryInsertion {
  readonly offset: number;
  /** Returns the text to insert at `offset` for a new `key`/`value` entry, matching the surrounding style. */
  format(key: string, value: string): string;
}

/** A problem a parser found in the syntax itself (an unterminated quote, a `--conf` without `=`). */
export interface SyntaxProblem {
  readonly range: OffsetRange;
  readonly message: string;
}
