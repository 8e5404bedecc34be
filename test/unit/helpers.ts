/**
 * Shared helpers for the unit tests of the language service: documents from text (with a cursor marker),
 * one service with Python support for all tests, LSP ranges written as the text they cover, and quick-fix
 * application exactly as an editor applies a WorkspaceEdit.
 */
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPythonParser, type PythonParser } from '../../server/src/service/python/parser';
import { parsePythonSpark } from '../../server/src/service/spark/parsers/python-spark';
import type { PythonSparkParser } from '../../server/src/service/spark/parse';
import { createLanguageService, DEFAULT_SETTINGS, type LanguageService, type LanguageSettings } from '../../server/src/service';

export const CONF_URI = 'file:///w/spark-defaults.conf';
export const SHELL_URI = 'file:///w/submit.sh';
export const PYTHON_URI = 'file:///w/job.py';
export const DATABRICKS_URI = 'file:///w/databricks/cluster-spark-conf.conf';
export const INIT_URI = 'file:///w/init-openlineage.sh';

function languageOf(uri: string): string {
  if (uri.endsWith('.py')) return 'python';
  if (/\.(sh|bash)$/.test(uri)) return 'shellscript';
  if (/spark-defaults[^/]*\.conf$/.test(uri)) return 'spark-conf';
  return 'plaintext';
}

let version = 0;

/** A TextDocument for `text`; the language id follows the file name unless given. */
export function doc(text: string, uri = CONF_URI, languageId?: string): TextDocument {
  return TextDocument.create(uri, languageId ?? languageOf(uri), ++version, text);
}

/** A document from text holding one cursor marker `|` (removed), and the cursor's offset. */
export function withCursor(textWithCursor: string, uri = CONF_URI, languageId?: string, marker = '|'): { doc: TextDocument; offset: number; text: string } {
  const offset = textWithCursor.indexOf(marker);
  assert.ok(offset >= 0, `no cursor marker "${marker}" in the text`);
  assert.equal(textWithCursor.indexOf(marker, offset + 1), -1, `more than one cursor marker "${marker}" in the text`);
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + marker.length);
  return { doc: doc(text, uri, languageId), offset, text };
}

// One service with Python support for the whole run; the wasm files are loaded once, from node_modules.
// (Built like `loadPythonSpark` in server/src/lsp/python.ts does it. That function cannot be used from the
// sources: its node_modules fallback resolves `web-tree-sitter/package.json`, which the package's `exports`
// does not export, so it throws ERR_PACKAGE_PATH_NOT_EXPORTED; see cli.test.ts.)
const root = join(__dirname, '..', '..');
let shared: LanguageService | undefined;
let sharedPython: PythonSparkParser | undefined;
let loading: Promise<LanguageService> | undefined;

/** A tree-sitter Python parser from the wasm files in node_modules. */
export function createTestPythonParser(): Promise<PythonParser> {
  return createPythonParser({
    runtimeWasm: readFileSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm')),
    grammarWasm: readFileSync(join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm')),
  });
}

/** The Python Spark parser the service is created with, from the wasm files in node_modules. */
export async function loadPython(): Promise<PythonSparkParser> {
  const parser = await createTestPythonParser();
  return (text) => parsePythonSpark(parser.parse(text), text);
}

export function loadService(): Promise<LanguageService> {
  loading ??= loadPython().then((python) => {
    sharedPython = python;
    return (shared = createLanguageService({ python }));
  });
  return loading;
}

/** The Python parser of the shared service (for the CLI tests). */
export function python(): PythonSparkParser {
  assert.ok(sharedPython, 'the Python parser is not loaded yet');
  return sharedPython;
}

before(async () => {
  await loadService();
});

/** The shared service (ready once the root `before` hook has run). */
export function service(): LanguageService {
  assert.ok(shared, 'the language service is not loaded yet (use it inside it()/before())');
  return shared;
}

/** Settings with some rule levels changed. */
export function settings(rules: LanguageSettings['rules'] = {}, enable = true): LanguageSettings {
  return { validation: { enable }, rules: { ...DEFAULT_SETTINGS.rules, ...rules } };
}

/** All diagnostics of `text` as a file at `uri`, with the default settings unless given. */
export function diagnose(text: string, uri = CONF_URI, options: { settings?: LanguageSettings; languageId?: string; explicit?: boolean } = {}): Diagnostic[] {
  return service().validate(doc(text, uri, options.languageId), options.settings ?? DEFAULT_SETTINGS, options.explicit ? { explicit: true } : undefined);
}

/** The diagnostics of one rule. */
export function byRule(diagnostics: readonly Diagnostic[], id: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === id);
}

/** The only diagnostic of rule `id` (fails with the full list otherwise). */
export function single(diagnostics: readonly Diagnostic[], id: string): Diagnostic {
  const hits = byRule(diagnostics, id);
  assert.equal(hits.length, 1, `expected exactly one ${id} diagnostic, got ${hits.length}:\n${formatDiagnostics(diagnostics)}`);
  return hits[0]!;
}

/** A diagnostic's message as plain text. */
export function msg(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

/** A readable list of diagnostics for assertion messages. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `  ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} [${String(d.code)}] ${msg(d)}`).join('\n') || '  (none)';
}

/** Asserts that rule `id` reports nothing on `text`. */
export function assertNone(text: string, id: string, uri = CONF_URI, options: Parameters<typeof diagnose>[2] = {}): void {
  const all = diagnose(text, uri, options);
  assert.deepEqual(byRule(all, id), [], `expected no ${id} diagnostic:\n${formatDiagnostics(all)}`);
}

/** The LSP range of the `occurrence`-th (1-based) occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 1): Range {
  assert.ok(needle.length > 0 || occurrence === 1, 'empty needle');
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `occurrence ${occurrence} of ${JSON.stringify(needle)} not found in:\n${text}`);
  }
  const d = TextDocument.create('file:///range', 'plaintext', 0, text);
  return { start: d.positionAt(at), end: d.positionAt(at + needle.length) };
}

/** The range of `needle` inside the first occurrence of `context` (for needles that occur elsewhere too). */
export function rangeIn(text: string, context: string, needle: string): Range {
  const at = text.indexOf(context);
  assert.ok(at >= 0, `${JSON.stringify(context)} not found in:\n${text}`);
  const inner = context.indexOf(needle);
  assert.ok(inner >= 0, `${JSON.stringify(needle)} is not inside ${JSON.stringify(context)}`);
  const d = TextDocument.create('file:///range', 'plaintext', 0, text);
  return { start: d.positionAt(at + inner), end: d.positionAt(at + inner + needle.length) };
}

/** An empty range at the offset just after the `occurrence`-th occurrence of `needle`. */
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
  let cursor = 0;
  for (const e of resolved) {
    assert.ok(e.start >= cursor, `overlapping edits at offset ${e.start}`);
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

/** The quick-fix titles offered for a diagnostic. */
export function fixTitles(text: string, diagnostic: Diagnostic, uri = CONF_URI): string[] {
  return service().codeActions(doc(text, uri), [diagnostic]).map((a) => a.title);
}

/**
 * The whole text after applying the quick fix of `diagnostic` titled `title` (or its only fix), taken from
 * `service.codeActions` like an editor would.
 */
export function applyFix(text: string, diagnostic: Diagnostic, title?: string, uri = CONF_URI): string {
  const d = doc(text, uri);
  const actions = service().codeActions(d, [diagnostic]);
  const titles = actions.map((a) => a.title);
  const chosen = title === undefined ? (actions.length === 1 ? actions[0] : undefined) : actions.find((a) => a.title === title);
  assert.ok(chosen, title === undefined ? `expected exactly one quick fix, got: ${JSON.stringify(titles)}` : `no quick fix titled ${JSON.stringify(title)}; offered: ${JSON.stringify(titles)}`);
  const changes = chosen.edit?.changes ?? {};
  assert.deepEqual(Object.keys(changes), [d.uri], 'the fix should edit only this document');
  return applyEdits(text, changes[d.uri]!);
}
