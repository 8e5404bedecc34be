/**
 * Helpers for the `openmetadata/*` tests: a language service with the OpenMetadata family (and Python trees
 * from the wasm files in node_modules), a workspace built from in-memory files, and diagnostics of one file
 * checked with that workspace's project model, as the server and the CLI do it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionItem, Diagnostic, Hover } from 'vscode-languageserver-types';
import { createLanguageService, DEFAULT_SETTINGS, ProjectIndex, type LanguageService, type ProjectModel } from '../../server/src/service';
import { openmetadataFamily } from '../../server/src/service/openmetadata/family';
import { createPythonParser } from '../../server/src/service/python/parser';
import { byRule, doc, formatDiagnostics, rangeOf } from './helpers';

const root = join(__dirname, '..', '..');
let om: LanguageService | undefined;

before(async () => {
  const parser = await createPythonParser({
    runtimeWasm: readFileSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm')),
    grammarWasm: readFileSync(join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm')),
  });
  om = createLanguageService({ families: [openmetadataFamily({ pythonTree: (text) => parser.parse(text) })] });
});

/** The service with the OpenMetadata family. */
export function omService(): LanguageService {
  assert.ok(om, 'the OpenMetadata service is not loaded yet');
  return om;
}

/** A workspace URI for a relative path. */
export function wsUri(path: string): string {
  return `file:///ws/${path}`;
}

/** The project model of a workspace made of these files (relative path → text). */
export function projectOf(files: Record<string, string>): ProjectModel {
  const index = new ProjectIndex();
  for (const [path, text] of Object.entries(files)) index.update(wsUri(path), text);
  return index.model;
}

export interface Checked {
  readonly all: Diagnostic[];
  readonly uri: string;
  readonly text: string;
}

/**
 * The `openmetadata/*` diagnostics of `text` as the workspace file `path`, with a project made of `files`
 * plus this file.
 */
export function check(path: string, text: string, files: Record<string, string> = {}, options: { explicit?: boolean } = {}): Checked {
  const project = projectOf({ ...files, [path]: text });
  const d = doc(text, wsUri(path), path.endsWith('.py') ? 'python' : 'plaintext');
  const all = omService()
    .validate(d, DEFAULT_SETTINGS, { project, ...(options.explicit ? { explicit: true } : {}) })
    .filter((x) => String(x.code).startsWith('openmetadata/'));
  return { all, uri: d.uri, text };
}

/** The only diagnostic of rule `id`, asserted to cover `needle` (its `occurrence`-th occurrence) with `severity`. */
export function one(c: Checked, id: string, needle: string, severity: number, occurrence = 1): Diagnostic {
  const hits = byRule(c.all, id);
  assert.equal(hits.length, 1, `expected one ${id} diagnostic, got:\n${formatDiagnostics(c.all)}`);
  const d = hits[0]!;
  assert.deepEqual({ range: d.range, severity: d.severity }, { range: rangeOf(c.text, needle, occurrence), severity }, formatDiagnostics(c.all));
  return d;
}

/** Asserts rule `id` (or every OpenMetadata rule, when omitted) reports nothing. */
export function none(c: Checked, id?: string): void {
  const hits = id ? byRule(c.all, id) : c.all;
  assert.deepEqual(hits, [], `expected no ${id ?? 'openmetadata/*'} diagnostic:\n${formatDiagnostics(c.all)}`);
}

/** The hover at the `|` marker of `textWithCursor` (removed) in workspace file `path`. */
export function hoverAt(path: string, textWithCursor: string, files: Record<string, string> = {}): Hover | null {
  const offset = textWithCursor.indexOf('|');
  assert.ok(offset >= 0, 'no cursor marker');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const project = projectOf({ ...files, [path]: text });
  return omService().hover(doc(text, wsUri(path), path.endsWith('.py') ? 'python' : 'plaintext'), offset, { project });
}

/** The hover's markdown text. */
export function hoverText(h: Hover | null): string {
  assert.ok(h, 'no hover');
  const c = h.contents;
  return typeof c === 'object' && 'value' in c ? c.value : JSON.stringify(c);
}

/** The completion items at the `|` marker in workspace file `path`. */
export function completeAt(path: string, textWithCursor: string, files: Record<string, string> = {}): CompletionItem[] {
  const offset = textWithCursor.indexOf('|');
  assert.ok(offset >= 0, 'no cursor marker');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const project = projectOf({ ...files, [path]: text });
  return omService().complete(doc(text, wsUri(path)), offset, { project });
}
