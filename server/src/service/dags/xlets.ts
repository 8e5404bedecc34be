/**
 * Shared reading of the DAG model for the `dags/*` rules: every xlet with where it is used, arguments by
 * keyword or position, one report per object (an xlet bound to a name and used by three tasks is reported
 * once, at its definition), and argument-removal edits.
 */
import type { Finding, OffsetEdit } from '../rules/rule';
import type { OffsetRange } from '../text/model';
import type { DagFile, PyArg, PyString, TaskDef, Xlet } from './model';
import { hasSplat } from './scan-calls';
import type { DagRuleContext } from './rules/rule';
import { trimEndIndex } from '../text/lines';

export type XletSide = 'inlets' | 'outlets' | 'schedule';

/** One place an xlet is used. */
export interface XletUse {
  readonly xlet: Xlet;
  readonly side: XletSide;
  readonly task?: TaskDef;
  /** Index into `DagFile.dags`, when known. */
  readonly dag?: number;
}

/** Every xlet of the file: task inlets/outlets, DAG schedules and `default_args` inlets/outlets. */
export function allXlets(file: DagFile): XletUse[] {
  const out: XletUse[] = [];
  file.dags.forEach((d, i) => {
    for (const x of d.schedule) out.push({ xlet: x, side: 'schedule', dag: i });
    for (const x of d.defaultInlets) out.push({ xlet: x, side: 'inlets', dag: i });
    for (const x of d.defaultOutlets) out.push({ xlet: x, side: 'outlets', dag: i });
  });
  for (const t of file.tasks) {
    const dag = t.dag ?? (file.dags.length === 1 ? 0 : undefined);
    for (const x of t.inlets) out.push({ xlet: x, side: 'inlets', task: t, ...(dag !== undefined ? { dag } : {}) });
    for (const x of t.outlets) out.push({ xlet: x, side: 'outlets', task: t, ...(dag !== undefined ? { dag } : {}) });
  }
  return out;
}

/** Each constructed object once (by its definition range), in file order. */
export function uniqueXlets(file: DagFile): Xlet[] {
  const seen = new Set<string>();
  const out: Xlet[] = [];
  for (const { xlet } of allXlets(file)) {
    const k = `${xlet.kind}:${xlet.definitionRange.start}:${xlet.definitionRange.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(xlet);
  }
  return out.sort((a, b) => a.definitionRange.start - b.definitionRange.start);
}

/** A reporter that drops exact duplicates (same range and message), for objects reached through several uses. */
export function onceReporter(ctx: DagRuleContext): (f: Finding) => void {
  const seen = new Set<string>();
  return (f) => {
    const k = `${f.range.start}:${f.range.end}:${f.message}`;
    if (seen.has(k)) return;
    seen.add(k);
    ctx.report(f);
  };
}

/** The argument passed by keyword `name`, or at position `position` when given. */
export function argOf(args: readonly PyArg[], name: string, position?: number): PyArg | undefined {
  return args.find((a) => a.name === name) ?? (position !== undefined ? args.find((a) => a.name === `#${position}`) : undefined);
}

export function positional(args: readonly PyArg[]): PyArg[] {
  return args.filter((a) => a.name.startsWith('#'));
}

/** A literal string argument value (templates and expressions are never judged). */
export function literal(arg: PyArg | undefined): PyString | undefined {
  const s = arg?.string;
  return s && s.kind === 'literal' ? s : undefined;
}

/** A range inside a literal's value (`start`/`end` relative to the value), or the whole value when inexact. */
export function subRange(s: PyString, start: number, end: number): OffsetRange {
  if (!s.exact) return s.range;
  return { start: s.range.start + start, end: s.range.start + end };
}

/** The range to report a missing argument on: the call's name (`Table` in `Table(...)`), else the call. */
export function callNameRange(text: string, xlet: Xlet): OffsetRange {
  const r = xlet.definitionRange;
  // Up to the blanks before the first `(` (by hand: `/^[\s\S]*?(?=\s*\()/` is quadratic on long blank runs).
  const source = text.slice(r.start, r.end);
  const paren = source.indexOf('(');
  const name = paren < 0 ? '' : source.slice(0, trimEndIndex(source, paren));
  if (name.length > 0) {
    const lead = name.length - name.trimStart().length;
    return { start: r.start + lead, end: r.start + name.length };
  }
  return r;
}

/**
 * Removes one argument with its separator: up to the next argument when there is one (keeping that one's
 * place and indentation), else from the end of the previous one.
 */
export function removeArg(args: readonly PyArg[], arg: PyArg): OffsetEdit {
  const sorted = [...args].sort((a, b) => a.nameRange.start - b.nameRange.start);
  const i = sorted.indexOf(arg);
  const next = sorted[i + 1];
  const prev = sorted[i - 1];
  if (next) return { range: { start: arg.nameRange.start, end: next.nameRange.start }, newText: '' };
  if (prev) return { range: { start: prev.valueRange.end, end: arg.valueRange.end }, newText: '' };
  return { range: { start: arg.nameRange.start, end: arg.valueRange.end }, newText: '' };
}

/** The call passes `*args` / `**kwargs` (the model drops those), so any argument may be given: skip arity checks. */
export function splats(text: string, x: Xlet): boolean {
  return hasSplat(text.slice(x.definitionRange.start, x.definitionRange.end));
}

/** A string's range for a diagnostic: its value, or the quotes around an empty one (never zero-width). */
export function shown(text: string, s: PyString): OffsetRange {
  if (s.range.end > s.range.start) return s.range;
  const q = text[s.range.start - 1];
  if ((q === '"' || q === "'") && text[s.range.end] === q) return { start: s.range.start - 1, end: s.range.end + 1 };
  return s.range;
}
