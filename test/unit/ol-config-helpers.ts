/**
 * Helpers for the `ol-config/*` and `dbt/*` tests: services with those families, a project model built from
 * in-memory files, and assertions on one rule's diagnostics with exact ranges.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { createLanguageService, DEFAULT_SETTINGS, EMPTY_PROJECT, ProjectIndex, type LanguageService, type ProjectModel } from '../../server/src/service';
import { dbtFamily } from '../../server/src/service/dbt/family';
import { olConfigFamily } from '../../server/src/service/ol-config/family';
import { createPythonParser } from '../../server/src/service/python/parser';
import { byRule, doc, formatDiagnostics, rangeOf } from './helpers';

export const OL_URI = 'file:///w/openlineage.yml';
/** An openlineage.yml inside a dbt project (dbt-ol reads it: Python dialect). */
export const DBT_OL_URI = 'file:///w/dbt/acme/openlineage.yml';
/** An openlineage.yml next to Spark jobs (Java dialect). */
export const SPARK_OL_URI = 'file:///w/spark/openlineage.yml';

/** A project model from in-memory files (`{ 'dbt/acme/dbt_project.yml': 'name: acme' }`), paths under `file:///w/`. */
export function project(files: Record<string, string>): ProjectModel {
  const index = new ProjectIndex();
  for (const [path, text] of Object.entries(files)) index.update(`file:///w/${path}`, text);
  return index.model;
}

/** The project of a dbt workspace: `dbt/acme` is a dbt project. */
export const DBT_PROJECT = project({ 'dbt/acme/dbt_project.yml': 'name: acme\nprofile: acme\n' });

export const olService: LanguageService = createLanguageService({ families: [olConfigFamily()] });

let dbt: LanguageService | undefined;
let dbtNoPython: LanguageService | undefined;

before(async () => {
  const root = join(__dirname, '..', '..');
  const parser = await createPythonParser({
    runtimeWasm: readFileSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm')),
    grammarWasm: readFileSync(join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm')),
  });
  dbt = createLanguageService({ families: [dbtFamily({ pythonTree: (text) => parser.parse(text) })] });
  dbtNoPython = createLanguageService({ families: [dbtFamily()] });
});

/** The dbt service (with Python trees unless `python` is false). */
export function dbtService(python = true): LanguageService {
  const s = python ? dbt : dbtNoPython;
  assert.ok(s, 'the dbt service is not loaded yet (use it inside it()/before())');
  return s;
}

/** Diagnostics of a family's rules only (the built-in Spark family also runs). */
export function diagnoseWith(service: LanguageService, area: string, text: string, uri: string, model: ProjectModel = EMPTY_PROJECT, explicit = false): Diagnostic[] {
  return service.validate(doc(text, uri), DEFAULT_SETTINGS, { project: model, ...(explicit ? { explicit } : {}) }).filter((d) => String(d.code).startsWith(`${area}/`));
}

export function olDiagnose(text: string, uri = OL_URI, model: ProjectModel = EMPTY_PROJECT, explicit = false): Diagnostic[] {
  return diagnoseWith(olService, 'ol-config', text, uri, model, explicit);
}

export function dbtDiagnose(text: string, uri = 'file:///w/run.sh', model: ProjectModel = EMPTY_PROJECT, python = true): Diagnostic[] {
  return diagnoseWith(dbtService(python), 'dbt', text, uri, model);
}

/** Asserts exactly one diagnostic of `id`, covering the `occurrence`-th `needle`, with `severity`; returns it. */
export function one(all: readonly Diagnostic[], id: string, text: string, needle: string, severity: DiagnosticSeverity, occurrence = 1): Diagnostic {
  const hits = byRule(all, id);
  assert.equal(hits.length, 1, `expected one ${id} diagnostic, got:\n${formatDiagnostics(all)}`);
  const d = hits[0]!;
  assert.deepEqual({ code: d.code, severity: d.severity, range: d.range }, { code: id, severity, range: rangeOf(text, needle, occurrence) }, formatDiagnostics(all));
  return d;
}

/** Asserts that rule `id` reports nothing. */
export function none(all: readonly Diagnostic[], id: string): void {
  assert.deepEqual(byRule(all, id), [], `expected no ${id} diagnostic:\n${formatDiagnostics(all)}`);
}
