/**
 * Helpers for the `dags/*` rule tests: DAG files parsed by the real parser (tree-sitter from node_modules),
 * a project model built from in-memory workspace files, every `DAG_RULES` rule run over them as the family
 * runs them, and findings checked by the text they cover.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectIndex, type ProjectModel } from '../../server/src/service';
import { parseDagFile } from '../../server/src/service/dags/parse';
import { DAG_RULES, type DagRuleContext } from '../../server/src/service/dags/rules';
import { createPythonParser, type PythonParser } from '../../server/src/service/python/parser';
import { runRules, type Finding, type OffsetEdit, type Severity } from '../../server/src/service/rules/rule';

const root = join(__dirname, '..', '..');
let parser: PythonParser | undefined;

before(async () => {
  parser = await createPythonParser({
    runtimeWasm: readFileSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm')),
    grammarWasm: readFileSync(join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm')),
  });
});

/** One finding with its rule and effective severity. */
export interface Hit extends Finding {
  readonly rule: string;
  readonly level: Severity;
}

export interface Linted {
  readonly text: string;
  readonly hits: readonly Hit[];
}

/** The project model of a workspace made of these files (relative path → text). */
export function projectOf(files: Record<string, string>): ProjectModel {
  const index = new ProjectIndex();
  for (const [path, text] of Object.entries(files)) index.update(`file:///ws/${path}`, text);
  return index.model;
}

/** Common workspaces. */
export const AIRFLOW2 = { 'requirements.txt': 'apache-airflow==2.10.4\n' };
export const AIRFLOW3 = { 'requirements.txt': 'apache-airflow==3.0.2\n' };
export const ASTRO12 = { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.6.0\n' };
export const ASTRO3 = { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:3.0-2\n' };

/** Every `dags/*` finding on `text` (a DAG file), with a project made of `files`. */
export function lint(text: string, files: Record<string, string> = {}): Linted {
  assert.ok(parser, 'the Python parser is not loaded yet');
  const p = parser;
  const file = parseDagFile(p.parse(text), text, { reparse: (t) => p.parse(t) });
  const project = projectOf(files);
  const hits: Hit[] = [];
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  runRules<DagRuleContext>(
    DAG_RULES,
    (report) => ({ text, file, project, report, lineAt }),
    () => true,
    (rule, f) => hits.push({ ...f, rule: rule.id, level: f.severity ?? rule.defaultSeverity }),
  );
  return { text, hits };
}

/** A readable list of findings for assertion messages. */
export function format(hits: readonly Hit[], text: string): string {
  return hits.map((h) => `  [${h.rule}] ${h.level} ${JSON.stringify(text.slice(h.range.start, h.range.end))}: ${h.message}`).join('\n') || '  (none)';
}

export function byRule(l: Linted, id: string): Hit[] {
  return l.hits.filter((h) => h.rule === id);
}

/** The offsets of the `occurrence`-th (1-based) occurrence of `needle`. */
export function at(text: string, needle: string, occurrence = 1): { start: number; end: number } {
  let i = -1;
  for (let k = 0; k < occurrence; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `occurrence ${occurrence} of ${JSON.stringify(needle)} not found`);
  }
  return { start: i, end: i + needle.length };
}

/** The only finding of rule `id`, asserted to cover exactly `needle` (its `occurrence`-th occurrence) at `level`. */
export function one(l: Linted, id: string, needle: string, level: Severity, occurrence = 1): Hit {
  const hits = byRule(l, id);
  assert.equal(hits.length, 1, `expected one ${id} finding, got:\n${format(l.hits, l.text)}`);
  const h = hits[0]!;
  assert.deepEqual(
    { covers: l.text.slice(h.range.start, h.range.end), range: h.range, level: h.level },
    { covers: needle, range: at(l.text, needle, occurrence), level },
    format(l.hits, l.text),
  );
  return h;
}

/** The only finding of rule `id`, asserted to cover exactly `needle` inside the first occurrence of `context`. */
export function oneIn(l: Linted, id: string, context: string, needle: string, level: Severity): Hit {
  const c = at(l.text, context);
  const inner = context.indexOf(needle);
  assert.ok(inner >= 0, `${JSON.stringify(needle)} is not inside ${JSON.stringify(context)}`);
  const hits = byRule(l, id);
  assert.equal(hits.length, 1, `expected one ${id} finding, got:\n${format(l.hits, l.text)}`);
  const h = hits[0]!;
  const range = { start: c.start + inner, end: c.start + inner + needle.length };
  assert.deepEqual({ covers: l.text.slice(h.range.start, h.range.end), range: h.range, level: h.level }, { covers: needle, range, level }, format(l.hits, l.text));
  return h;
}

/** Asserts rule `id` (or every rule, when omitted) reports nothing. */
export function none(l: Linted, id?: string): void {
  const hits = id ? byRule(l, id) : l.hits;
  assert.deepEqual(hits.map((h) => h.rule), [], `expected no ${id ?? 'dags/*'} finding:\n${format(l.hits, l.text)}`);
}

/** Applies offset edits (all relative to the original text). */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    assert.ok(e.range.start >= cursor, `overlapping edits at ${e.range.start}`);
    out += text.slice(cursor, e.range.start) + e.newText;
    cursor = e.range.end;
  }
  return out + text.slice(cursor);
}

/** The text after the finding's fix titled `title` (or its only fix). */
export function fixed(l: Linted, hit: Hit, title?: string): string {
  const fixes = hit.fixes ?? [];
  const fix = title === undefined ? (fixes.length === 1 ? fixes[0] : undefined) : fixes.find((f) => f.title === title);
  assert.ok(fix, `no fix ${title === undefined ? '(exactly one expected)' : JSON.stringify(title)}; offered: ${JSON.stringify(fixes.map((f) => f.title))}`);
  return applyEdits(l.text, fix.edits);
}

/** Fix titles of a finding. */
export function titles(hit: Hit): string[] {
  return (hit.fixes ?? []).map((f) => f.title);
}
