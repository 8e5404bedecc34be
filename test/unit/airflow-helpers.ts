/**
 * Helpers for the Airflow family's tests: a service with the family, a project model built from the test's
 * files (as the LSP server's ProjectIndex builds it from the workspace), and diagnostics of one file of it.
 */
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Diagnostic, Hover } from 'vscode-languageserver-types';
import { createLanguageService, DEFAULT_SETTINGS, ProjectIndex, type LanguageService, type ProjectModel } from '../../server/src/service';
import { airflowFamily } from '../../server/src/service/airflow/family';
import { applyEdits, formatDiagnostics, rangeOf } from './helpers';

export const ROOT = 'file:///w/';

let service: LanguageService | undefined;
/** A service with the Airflow family (added once: not again when it is already a built-in family). */
export function airflowService(): LanguageService {
  if (service) return service;
  const builtin = createLanguageService();
  return (service = builtin.rules.some((r) => r.id.startsWith('airflow/')) ? builtin : createLanguageService({ families: [airflowFamily()] }));
}

/** Files by path relative to the workspace root. */
export type Files = Record<string, string>;

export function projectOf(files: Files): ProjectModel {
  const index = new ProjectIndex();
  for (const [path, text] of Object.entries(files)) index.update(ROOT + path, text);
  return index.model;
}

let version = 0;
export function docOf(files: Files, path: string): TextDocument {
  const text = files[path];
  assert.ok(text !== undefined, `no file ${path}`);
  return TextDocument.create(ROOT + path, 'plaintext', ++version, text);
}

/** The Airflow diagnostics of `path`, with the whole of `files` as the project. */
export function check(files: Files, path: string): Diagnostic[] {
  return airflowService()
    .validate(docOf(files, path), DEFAULT_SETTINGS, { project: projectOf(files) })
    .filter((d) => String(d.code).startsWith('airflow/'));
}

/** Exactly one diagnostic of rule `id` on `path`, covering `needle` (its `occurrence`-th occurrence). */
export function one(files: Files, path: string, id: string, needle: string, severity: Diagnostic['severity'], occurrence = 1): Diagnostic {
  const all = check(files, path);
  const hits = all.filter((d) => d.code === id);
  assert.equal(hits.length, 1, `expected one ${id} on ${path}, got:\n${formatDiagnostics(all)}`);
  const d = hits[0]!;
  assert.deepEqual({ range: d.range, severity: d.severity }, { range: rangeOf(files[path]!, needle, occurrence), severity }, formatDiagnostics(all));
  return d;
}

/** No diagnostic of rule `id` (or of any airflow rule when `id` is omitted) on `path`. */
export function none(files: Files, path: string, id?: string): void {
  const all = check(files, path);
  const hits = id ? all.filter((d) => d.code === id) : all;
  assert.deepEqual(hits, [], `expected no ${id ?? 'airflow'} diagnostic on ${path}:\n${formatDiagnostics(all)}`);
}

/** The text of `path` after applying the fix titled `title` (or the only fix) of `d`. */
export function fixed(files: Files, path: string, d: Diagnostic, title?: string): string {
  const doc = docOf(files, path);
  const actions = airflowService().codeActions(doc, [d]);
  const chosen = title === undefined ? (actions.length === 1 ? actions[0] : undefined) : actions.find((a) => a.title === title);
  assert.ok(chosen, `fix ${title ?? '(only)'} not among ${JSON.stringify(actions.map((a) => a.title))}`);
  return applyEdits(files[path]!, chosen.edit!.changes![doc.uri]!);
}

export function fixTitles(files: Files, path: string, d: Diagnostic): string[] {
  return airflowService().codeActions(docOf(files, path), [d]).map((a) => a.title);
}

export function msg(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : (d.message as { value: string }).value;
}

/** Hover at the `|` marker of `path`'s text (the marker is removed). */
export function hoverAt(files: Files, path: string): { hover: Hover | null; text: string } {
  const withMarker = files[path]!;
  const at = withMarker.indexOf('|');
  const text = withMarker.slice(0, at) + withMarker.slice(at + 1);
  const f = { ...files, [path]: text };
  return { hover: airflowService().hover(docOf(f, path), at, { project: projectOf(f) }), text };
}

export function hoverText(h: Hover | null): string {
  const c = h?.contents;
  return c && typeof c === 'object' && 'value' in c ? c.value : '';
}

/** Completion at the `|` marker of `path`'s text. */
export function completeAt(files: Files, path: string): { items: CompletionItem[]; text: string; offset: number } {
  const withMarker = files[path]!;
  const offset = withMarker.indexOf('|');
  const text = withMarker.slice(0, offset) + withMarker.slice(offset + 1);
  const f = { ...files, [path]: text };
  return { items: airflowService().complete(docOf(f, path), offset, { project: projectOf(f) }), text, offset };
}
