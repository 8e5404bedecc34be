/**
 * The one harness of the language-service tests (modelled on yaml-language-server's `test/utils`): the service
 * is created once for the whole run, like the server creates it (every built-in family, the tree-sitter Python
 * parser and per-version trees), and the tests speak to it with one set of verbs, whose arguments always come
 * in the same order: where (a URI), what (the text, with a `|` cursor for hover and completion), then options.
 *
 *   const c = validate(ws('airflow.cfg'), text, { project: files });
 *   one(c, 'airflow/section-name', 'OpenLineage', 'warning');
 *   assert.equal(applyFix(c, d), fixedText);
 *   const { markdown } = hover(ws('.env'), 'OPENLINEAGE_U|RL=x\n');
 *
 * Ranges are written as the text they cover (`rangeOf`, `rangeIn`, `spanOf`). Quick fixes are applied exactly
 * as an editor applies a WorkspaceEdit.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, Diagnostic, DiagnosticSeverity, Hover, Range, TextEdit } from 'vscode-languageserver-types';
import {
  createLanguageService,
  DEFAULT_SETTINGS,
  ProjectIndex,
  type LanguageService,
  type LanguageServiceOptions,
  type LanguageSettings,
  type ProjectModel,
} from '../../server/src/service';
import type { DagFile } from '../../server/src/service/dags/model';
import { builtinFamilies } from '../../server/src/service/families';
import { parseDagFile } from '../../server/src/service/dags/parse';
import { createPythonParser, PythonTreeCache, type PythonParser, type PythonTreeSource } from '../../server/src/service/python/parser';
import type { PythonSparkParser } from '../../server/src/service/spark/parse';
import { parsePythonSpark } from '../../server/src/service/spark/parsers/python-spark';
import { jvmSpark, type JvmSpark } from '../../server/src/node/jvm';
import { loadSqlLineage } from '../../server/src/node/sql';
import { LineageIndex } from '../../server/src/service/dags/lineage';
import { WorkspacePredictor } from '../../server/src/service/predict';
import { WorkspaceFiles } from '../../server/src/service/predict/files';
import type { SqlLineageFn } from '../../server/src/service/predict/types';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------------------
// The service, created once

interface Python {
  readonly parser: PythonParser;
  readonly tree: PythonTreeSource;
  readonly spark: PythonSparkParser;
}

let python: Python | undefined;
let jvm: JvmSpark | undefined;
let shared: LanguageService | undefined;
let sql: SqlLineageFn | undefined;

/**
 * Loads the Python support from the wasm files in node_modules (like `loadPythonSpark` does it from `dist/`:
 * the source tree cannot resolve `web-tree-sitter/package.json`, which the package does not export).
 */
async function loadPython(): Promise<Python> {
  const parser = await createPythonParser({
    runtimeWasm: readFileSync(join(ROOT, 'node_modules/web-tree-sitter/web-tree-sitter.wasm')),
    grammarWasm: readFileSync(join(ROOT, 'node_modules/tree-sitter-python/tree-sitter-python.wasm')),
  });
  const trees = new PythonTreeCache(parser);
  const tree: PythonTreeSource = (text, uri, version) => (version === undefined ? parser.parse(text) : trees.get(uri, version, text));
  return { parser, tree, spark: (text, uri, version) => parsePythonSpark(tree(text, uri, version), text) };
}

// A root hook: the one asynchronous step, done before any test of the run.
before(async () => {
  python ??= await loadPython();
  sql ??= await loadSqlLineage();
  if (!jvm) {
    const loading = jvmSpark();
    await Promise.all([loading.load('java'), loading.load('scala')]);
    jvm = loading;
  }
  shared ??= createLanguageService({ python: python.spark, pythonTree: python.tree, jvm: jvm.parse });
});

function loaded(): Python {
  assert.ok(python, 'the Python parser is not loaded yet (use the harness inside it()/before())');
  return python;
}

/** The shared service: every built-in family, with Python support, as the server runs it. */
export function service(): LanguageService {
  assert.ok(shared, 'the language service is not loaded yet (use the harness inside it()/before())');
  return shared;
}

/**
 * A service of its own, for tests that change what the shared one fixes: only the built-in family `family`
 * (for its hover, completion and file kinds, which other families would answer first), limits, a clock. It
 * has the harness's Python support unless `python: false`.
 */
export function createService(
  options: Omit<LanguageServiceOptions, 'python' | 'pythonTree' | 'families'> & { python?: boolean; family?: string } = {},
): LanguageService {
  const { python: withPython = true, family, ...rest } = options;
  const deps = withPython ? { python: loaded().spark, pythonTree: loaded().tree, jvm: jvmSupport().parse } : {};
  const families = family === undefined ? undefined : builtinFamilies(deps).filter((f) => f.id === family);
  assert.ok(!families || families.length === 1, `no built-in family ${family}`);
  return createLanguageService({ ...rest, ...deps, ...(families ? { families } : {}) });
}

const familyServices = new Map<string, LanguageService>();

/** The service of one built-in family (created once), with Python support unless `python` is false. */
export function familyService(family: string, python = true): LanguageService {
  const key = `${family}:${python}`;
  let s = familyServices.get(key);
  if (!s) familyServices.set(key, (s = createService({ family, python })));
  return s;
}

/** Scala and Java support as the server and the CLI run it, both grammars loaded. */
export function jvmSupport(): JvmSpark {
  assert.ok(jvm, 'the Scala/Java grammars are not loaded yet (use the harness inside it()/before())');
  return jvm;
}

/** The tree-sitter Python parser. */
export function pythonParser(): PythonParser {
  return loaded().parser;
}

/** Python syntax trees as the server hands them out: cached per uri and version, fresh without a version. */
export function pythonTrees(): PythonTreeSource {
  return loaded().tree;
}

/** The Python Spark parser the service runs (for the CLI). */
export function pythonSpark(): PythonSparkParser {
  return loaded().spark;
}

/** The DAG file model of `text`, with statement repair (as the family and the server parse). */
export function parseDag(text: string, repair = true): DagFile {
  const p = pythonParser();
  return parseDagFile(p.parse(text), text, repair ? { reparse: (t) => p.parse(t) } : {});
}

// ---------------------------------------------------------------------------------------------------------
// Documents and workspaces

export const CONF_URI = 'file:///w/spark-defaults.conf';
export const SHELL_URI = 'file:///w/submit.sh';
export const PYTHON_URI = 'file:///w/job.py';
export const DATABRICKS_URI = 'file:///w/databricks/cluster-spark-conf.conf';
export const INIT_URI = 'file:///w/init-openlineage.sh';

/** The URI of a workspace file, by its path relative to the workspace root. */
export function ws(path: string): string {
  return path.startsWith('file:') ? path : `file:///w/${path}`;
}

/** Workspace files: path relative to the workspace root (or a full URI) → text. */
export type Files = Record<string, string>;

/** The project model of a workspace made of exactly these files, as the server's ProjectIndex builds it. */
export function projectOf(files: Files): ProjectModel {
  return indexOf(files).model;
}

/** The model of the project `uri` belongs to in a workspace made of exactly these files (as the server picks it). */
export function projectOfFile(files: Files, uri: string): ProjectModel {
  return indexOf(files).modelFor(uri.includes(':') ? uri : ws(uri));
}

function indexOf(files: Files): ProjectIndex {
  const index = new ProjectIndex();
  for (const [path, text] of Object.entries(files)) index.update(ws(path), text);
  return index;
}

function languageOf(uri: string): string {
  if (uri.endsWith('.py')) return 'python';
  if (/\.(sh|bash)$/.test(uri)) return 'shellscript';
  if (/spark-defaults[^/]*\.conf$/.test(uri)) return 'spark-conf';
  return 'plaintext';
}

let version = 0;

/** A TextDocument (a new version each time); the language id follows the file name unless given. */
export function doc(uri: string, text: string, languageId?: string): TextDocument {
  return TextDocument.create(uri, languageId ?? languageOf(uri), ++version, text);
}

/** Text holding one cursor marker (removed), and the cursor's offset. */
export function cursor(textWithCursor: string, marker = '|'): { text: string; offset: number } {
  const offset = textWithCursor.indexOf(marker);
  assert.ok(offset >= 0, `no cursor marker "${marker}" in the text`);
  assert.equal(textWithCursor.indexOf(marker, offset + 1), -1, `more than one cursor marker "${marker}" in the text`);
  return { text: textWithCursor.slice(0, offset) + textWithCursor.slice(offset + marker.length), offset };
}

/** A document from text holding one cursor marker (removed), and the cursor's offset. */
export function withCursor(
  uri: string,
  textWithCursor: string,
  languageId?: string,
  marker = '|',
): { doc: TextDocument; offset: number; text: string } {
  const { text, offset } = cursor(textWithCursor, marker);
  return { doc: doc(uri, text, languageId), offset, text };
}

/** Settings with some rule levels changed. */
export function settings(rules: LanguageSettings['rules'] = {}, enable = true): LanguageSettings {
  return { validation: { enable }, rules: { ...DEFAULT_SETTINGS.rules, ...rules } };
}

// ---------------------------------------------------------------------------------------------------------
// The verbs

export interface Options {
  /** The workspace: a model, or files (the model of exactly those; the document's own entry, if any, gets its text). */
  readonly project?: ProjectModel | Files;
  readonly settings?: LanguageSettings;
  /** The user named the file explicitly (CLI). */
  readonly explicit?: boolean;
  readonly languageId?: string;
  /** Keep only this family's diagnostics (`airflow` keeps `airflow/*`). */
  readonly family?: string;
  /** Another service than the shared one (`createService`). */
  readonly service?: LanguageService;
  /** The workspace's static lineage, with its predictor (see `predicting`). */
  readonly lineage?: LineageIndex;
}

/** A validated document: what the tests assert on. */
export interface Checked {
  readonly uri: string;
  readonly text: string;
  readonly doc: TextDocument;
  readonly diagnostics: Diagnostic[];
  readonly service: LanguageService;
}

function isModel(p: ProjectModel | Files): p is ProjectModel {
  return p instanceof Object && 'packages' in p && p.packages instanceof Map;
}

function projectFor(uri: string, text: string, p: ProjectModel | Files | undefined): ProjectModel | undefined {
  if (!p || isModel(p)) return p;
  const own = Object.keys(p).find((k) => ws(k) === uri);
  return projectOfFile(own === undefined ? p : { ...p, [own]: text }, uri);
}

function requestOptions(uri: string, text: string, o: Options): { project?: ProjectModel; explicit?: boolean; lineage?: LineageIndex } {
  const project = projectFor(uri, text, o.project);
  return { ...(project ? { project } : {}), ...(o.explicit ? { explicit: true } : {}), ...(o.lineage ? { lineage: o.lineage } : {}) };
}

/** SQL lineage over the real sqlparser-rs (loaded before any test). */
export function sqlLineage(): SqlLineageFn {
  assert.ok(sql, 'SQL lineage is not loaded yet (use the harness inside it()/before())');
  return sql;
}

/**
 * A static-lineage index that predicts as the server does: the real SQL parser, the connections and files of
 * `files` (workspace-relative paths: `.env`, `sql/x.sql`, `dbt/dbt_project.yml` …, under file:///w/).
 */
export function predicting(files: Files = {}, namespace = 'default'): LineageIndex {
  const sources = new WorkspaceFiles();
  for (const [path, text] of Object.entries(files)) if (text !== undefined) sources.set(ws(path), text);
  const index = new LineageIndex({ namespace });
  index.predictor = new WorkspacePredictor({
    project: projectOf(files),
    files: sources,
    sql: sqlLineage(),
    pythonTree: pythonTrees(),
    jobNamespace: namespace,
  });
  return index;
}

/** Validates `text` as the file at `uri`, with the default settings unless given. */
export function validate(uri: string, text: string, o: Options = {}): Checked {
  const s = o.service ?? service();
  const d = doc(uri, text, o.languageId);
  const all = s.validate(d, o.settings ?? DEFAULT_SETTINGS, requestOptions(uri, text, o));
  const diagnostics = o.family === undefined ? all : all.filter((x) => String(x.code).startsWith(`${o.family}/`));
  const checked = { uri, text, doc: d, diagnostics, service: s };
  for (const x of diagnostics) origin.set(x, checked);
  return checked;
}

/** The hover at the `|` cursor: `markdown` is its text ('' without a hover), `text` the text without the cursor. */
export function hover(
  uri: string,
  textWithCursor: string,
  o: Options = {},
): { hover: Hover | null; markdown: string; text: string; offset: number } {
  const { text, offset } = cursor(textWithCursor);
  const h = (o.service ?? service()).hover(doc(uri, text, o.languageId), offset, requestOptions(uri, text, o));
  const c = h?.contents;
  const markdown = c && typeof c === 'object' && 'value' in c ? c.value : '';
  return { hover: h, markdown, text, offset };
}

/** The completion items at the `|` cursor, and the text without the cursor. */
export function complete(uri: string, textWithCursor: string, o: Options = {}): { items: CompletionItem[]; text: string; offset: number } {
  const { text, offset } = cursor(textWithCursor);
  return { items: (o.service ?? service()).complete(doc(uri, text, o.languageId), offset, requestOptions(uri, text, o)), text, offset };
}

/** The validated document each diagnostic came from, so that fixes and ranges need only the diagnostic. */
const origin = new WeakMap<Diagnostic, Checked>();

/** The validated document a diagnostic came from (it must be one that `validate` returned). */
export function checkedOf(d: Diagnostic): Checked {
  const c = origin.get(d);
  assert.ok(c, 'not a diagnostic returned by validate()');
  return c;
}

/** The code actions offered for a diagnostic. */
export function codeActions(d: Diagnostic): CodeAction[] {
  const c = checkedOf(d);
  return c.service.codeActions(c.doc, [d]);
}

/** The quick-fix titles offered for a diagnostic. */
export function fixTitles(d: Diagnostic): string[] {
  return codeActions(d).map((a) => a.title);
}

/** The whole text after applying the quick fix of `d` titled `title` (or its only fix), as an editor would. */
export function applyFix(d: Diagnostic, title?: string): string {
  const c = checkedOf(d);
  const actions = codeActions(d);
  const titles = actions.map((a) => a.title);
  const chosen = title === undefined ? (actions.length === 1 ? actions[0] : undefined) : actions.find((a) => a.title === title);
  assert.ok(
    chosen,
    title === undefined
      ? `expected exactly one quick fix, got: ${JSON.stringify(titles)}`
      : `no quick fix titled ${JSON.stringify(title)}; offered: ${JSON.stringify(titles)}`,
  );
  const changes = chosen.edit?.changes ?? {};
  assert.deepEqual(Object.keys(changes), [c.uri], 'the fix should edit only this document');
  return applyEdits(c.text, changes[c.uri]!);
}

// ---------------------------------------------------------------------------------------------------------
// Assertions on diagnostics

/** A severity as the LSP number or the rule table's name. */
export type SeverityLike = DiagnosticSeverity | 'error' | 'warning' | 'information' | 'hint';
const SEVERITY_NAMES = ['error', 'warning', 'information', 'hint'] as const;

/** A diagnostic's severity by name (`warning`). */
export function severityName(d: Diagnostic): string {
  return SEVERITY_NAMES[(d.severity ?? 1) - 1] ?? String(d.severity);
}

function severityOf(s: SeverityLike): DiagnosticSeverity {
  return typeof s === 'number' ? s : ((SEVERITY_NAMES.indexOf(s) + 1) as DiagnosticSeverity);
}

function diagnosticsOf(c: Checked | readonly Diagnostic[]): readonly Diagnostic[] {
  return 'diagnostics' in c ? c.diagnostics : c;
}

/** The diagnostics of one rule. */
export function byRule(c: Checked | readonly Diagnostic[], id: string): Diagnostic[] {
  return diagnosticsOf(c).filter((d) => d.code === id);
}

/** A diagnostic's message as plain text. */
export function msg(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

/** A readable list of diagnostics for assertion messages: `  line:char-line:char [rule] message`. */
export function formatDiagnostics(c: Checked | readonly Diagnostic[]): string {
  const list = diagnosticsOf(c).map(
    (d) => `  ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} [${String(d.code)}] ${msg(d)}`,
  );
  return list.join('\n') || '  (none)';
}

/** The offsets a diagnostic covers in its document. */
export function offsets(d: Diagnostic): { start: number; end: number } {
  const c = checkedOf(d);
  return { start: c.doc.offsetAt(d.range.start), end: c.doc.offsetAt(d.range.end) };
}

/** The text a diagnostic covers. */
export function covered(d: Diagnostic): string {
  const { start, end } = offsets(d);
  return checkedOf(d).text.slice(start, end);
}

/** The only diagnostic of rule `id` (fails with the full list otherwise). */
export function single(c: Checked | readonly Diagnostic[], id: string): Diagnostic {
  const hits = byRule(c, id);
  assert.equal(hits.length, 1, `expected exactly one ${id} diagnostic, got ${hits.length}:\n${formatDiagnostics(c)}`);
  return hits[0]!;
}

/**
 * The only diagnostic of rule `id`, asserted to cover exactly `needle` (its `occurrence`-th occurrence, or the
 * one inside the first occurrence of `in`) with `severity`.
 */
export function one(
  c: Checked | readonly Diagnostic[],
  id: string,
  needle: string,
  severity: SeverityLike,
  where: { occurrence?: number; in?: string } = {},
): Diagnostic {
  const d = single(c, id);
  const text = checkedOf(d).text;
  const range = where.in !== undefined ? rangeIn(text, where.in, needle) : rangeOf(text, needle, where.occurrence ?? 1);
  assert.deepEqual(
    { code: d.code, covers: covered(d), range: d.range, severity: d.severity },
    { code: id, covers: needle, range, severity: severityOf(severity) },
    formatDiagnostics(c),
  );
  return d;
}

/** Asserts that rule `id` (or the diagnostics `which` picks, or any, when omitted) reports nothing. */
export function none(c: Checked | readonly Diagnostic[], which?: string | ((d: Diagnostic) => boolean)): void {
  const all = diagnosticsOf(c);
  const hits = typeof which === 'string' ? byRule(all, which) : which ? all.filter(which) : all;
  assert.deepEqual(hits, [], `expected no ${typeof which === 'string' ? which : 'such'} diagnostic:\n${formatDiagnostics(c)}`);
}

/** Picks errors and warnings (for `none`). */
export const PROBLEMS = (d: Diagnostic): boolean => (d.severity ?? 1) <= 2;

// ---------------------------------------------------------------------------------------------------------
// Ranges written as text, and edits

/** The offsets of the `occurrence`-th (1-based) occurrence of `needle` in `text`. */
export function spanOf(text: string, needle: string, occurrence = 1): { start: number; end: number } {
  assert.ok(needle.length > 0 || occurrence === 1, 'empty needle');
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `occurrence ${occurrence} of ${JSON.stringify(needle)} not found in:\n${text}`);
  }
  return { start: at, end: at + needle.length };
}

/** The offsets of `needle` inside the first occurrence of `context` (for needles that occur elsewhere too). */
export function spanIn(text: string, context: string, needle: string): { start: number; end: number } {
  const at = text.indexOf(context);
  assert.ok(at >= 0, `${JSON.stringify(context)} not found in:\n${text}`);
  const inner = context.indexOf(needle);
  assert.ok(inner >= 0, `${JSON.stringify(needle)} is not inside ${JSON.stringify(context)}`);
  return { start: at + inner, end: at + inner + needle.length };
}

function toRange(text: string, span: { start: number; end: number }): Range {
  const d = TextDocument.create('file:///range', 'plaintext', 0, text);
  return { start: d.positionAt(span.start), end: d.positionAt(span.end) };
}

/** The LSP range of the `occurrence`-th (1-based) occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 1): Range {
  return toRange(text, spanOf(text, needle, occurrence));
}

/** The LSP range of `needle` inside the first occurrence of `context`. */
export function rangeIn(text: string, context: string, needle: string): Range {
  return toRange(text, spanIn(text, context, needle));
}

/** An empty range just after the `occurrence`-th occurrence of `needle`. */
export function pointAfter(text: string, needle: string, occurrence = 1): Range {
  const r = rangeOf(text, needle, occurrence);
  return { start: r.end, end: r.end };
}

/** Applies LSP text edits (all relative to the original text) the way an editor does. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const d = TextDocument.create('file:///edit', 'plaintext', 0, text);
  const resolved = edits
    .map((e, index) => ({ start: d.offsetAt(e.range.start), end: d.offsetAt(e.range.end), newText: e.newText, index }))
    // Ascending by position; inserts at the same position keep their array order.
    .sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);
  let out = '';
  let at = 0;
  for (const e of resolved) {
    assert.ok(e.start >= at, `overlapping edits at offset ${e.start}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}
