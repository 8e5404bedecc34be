/**
 * What one document may cost. A file over the size budget gets one information diagnostic and no other work
 * (no parse, no rules, no hover or completion); a validation that runs over the time budget stops between
 * rules and says so. So one pathological file costs at most one diagnostic, never the server.
 *
 * No real configuration or DAG file comes near these numbers (the largest file of the OpenLineage corpus is
 * 167 KB, its longest line in a config or DAG file 258 characters).
 */
import type { RuleMeta } from './rules/rule';

export interface Limits {
  /** The largest document checked, in characters (UTF-16 code units, as editors count them). */
  readonly maxChars: number;
  /** The longest line checked, in characters. */
  readonly maxLineChars: number;
  /** How long one document's validation may run, in milliseconds, before its remaining rules are skipped. */
  readonly timeMs: number;
}

export const DEFAULT_LIMITS: Limits = { maxChars: 2_000_000, maxLineChars: 100_000, timeMs: 2_000 };

/**
 * A file on disk larger than this many bytes certainly exceeds `maxChars` (UTF-8 needs at most 3 bytes per
 * UTF-16 code unit), so readers can report it as too large without reading it.
 */
export function maxFileBytes(limits: Limits = DEFAULT_LIMITS): number {
  return limits.maxChars * 3;
}

export const TOO_LARGE: RuleMeta = {
  id: 'general/too-large',
  defaultSeverity: 'information',
  summary:
    'A file too large to check (over 2,000,000 characters, or a line over 100,000 characters): reported once at the start of the file, which is not checked further.',
};

export const TIME_BUDGET: RuleMeta = {
  id: 'general/time-budget',
  defaultSeverity: 'information',
  summary: 'Checking a file took longer than 2 seconds: the rules not run yet were skipped, so the file may have more problems than shown.',
};

export const GENERAL_RULES: readonly RuleMeta[] = [TOO_LARGE, TIME_BUDGET];

/** Why a text is over the size budget (a sentence), or undefined when it is within it. Linear, no allocation. */
export function overBudget(text: string, limits: Limits = DEFAULT_LIMITS): string | undefined {
  if (text.length > limits.maxChars) return tooLargeMessage(text.length, limits);
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lineStart = i + 1;
    } else if (i - lineStart >= limits.maxLineChars) {
      let end = i;
      while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
      return `Lineage Lens: this file is too large to check: line ${lineNumber(text, lineStart)} is ${(end - lineStart).toLocaleString('en-US')} characters long, the limit is ${limits.maxLineChars.toLocaleString('en-US')}. Lineage Lens checks files up to ${mb(limits.maxChars)} with lines up to ${limits.maxLineChars.toLocaleString('en-US')} characters.`;
    }
  }
  return undefined;
}

/** The message for a text (or file) of `size` characters (or bytes) over the budget. */
export function tooLargeMessage(size: number, limits: Limits = DEFAULT_LIMITS, unit: 'characters' | 'bytes' = 'characters'): string {
  return `Lineage Lens: this file is too large to check: ${mb(size)}${unit === 'bytes' ? ' on disk' : ''}, the limit is ${mb(limits.maxChars)}. Lineage Lens checks files up to ${mb(limits.maxChars)} with lines up to ${limits.maxLineChars.toLocaleString('en-US')} characters.`;
}

function mb(n: number): string {
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

function lineNumber(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

/**
 * The time budget of the validation (or request) running now. The service is synchronous, so one module-level
 * deadline is enough: the service sets it around each `validate` (and hover, completion, ...), `runRules`
 * consults it between rules, and the Python parser and the tree-sitter queries consult it while they run.
 */
let deadline = Infinity;
let clock: () => number = () => Date.now();
let stopped = false;
let parseStopped = false;

/** How work under a time budget ended: `done`, `rules` (stopped between rules) or `parse` (a parse was cancelled). */
export type BudgetOutcome = 'done' | 'rules' | 'parse';

/** Runs `work` with a deadline `timeMs` from now; says whether (and where) work was cut short. */
export function withTimeBudget(timeMs: number, now: () => number, work: () => void): BudgetOutcome {
  const saved = { deadline, clock, stopped, parseStopped };
  clock = now;
  deadline = now() + timeMs;
  stopped = false;
  parseStopped = false;
  try {
    work();
    return parseStopped ? 'parse' : stopped ? 'rules' : 'done';
  } finally {
    ({ deadline, clock, stopped, parseStopped } = saved);
  }
}

/** True (and remembered) once the running validation is over its time budget: skip the remaining work. */
export function outOfTime(): boolean {
  if (stopped) return true;
  if (deadline !== Infinity && clock() > deadline) stopped = true;
  return stopped;
}

/** Whether a deadline applies now (inside {@link withTimeBudget}); parsers skip their progress checks otherwise. */
export function underTimeBudget(): boolean {
  return deadline !== Infinity;
}

/**
 * A parse of the document was cancelled (past the deadline, or its tree was cancelled earlier and is known to
 * be missing): the running validation stops and reports only that.
 */
export function parseCancelled(): void {
  if (deadline === Infinity) return; // outside a budget there is nothing to stop
  stopped = true;
  parseStopped = true;
}
