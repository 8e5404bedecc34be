/**
 * The Airflow family over real files: the example Astro project (correct for Airflow: nothing reported) and
 * the shared OpenLineage corpus (no error-severity false positives). The project model is built from every
 * file, as the LSP server and the CLI build it.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { DEFAULT_SETTINGS, ProjectIndex } from '../../server/src/service';
import { airflowService } from './airflow-helpers';
import { formatDiagnostics } from './helpers';

const ROOT = join(__dirname, '..', '..');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function run(dir: string): { file: string; kind?: string; lines: string[]; errors: number }[] {
  const files = walk(dir);
  const index = new ProjectIndex();
  for (const f of files) index.update(`file://${f}`, readFileSync(f, 'utf8'));
  const project = index.model;
  return files.map((f) => {
    const doc = TextDocument.create(`file://${f}`, 'plaintext', 1, readFileSync(f, 'utf8'));
    const ds = airflowService().validate(doc, DEFAULT_SETTINGS, { project }).filter((d) => String(d.code).startsWith('airflow/'));
    const kind = airflowService().fileKind(doc, { project });
    return { file: relative(dir, f), ...(kind ? { kind } : {}), lines: ds.length ? [formatDiagnostics(ds)] : [], errors: ds.filter((d) => d.severity === DiagnosticSeverity.Error).length };
  });
}

describe('airflow family on real files', () => {
  it('reports only the deliberate mistake of the example Astro project, and reads its Airflow files', () => {
    const results = run(join(ROOT, 'examples', 'astro-project'));
    const kinds = Object.fromEntries(results.filter((r) => r.kind).map((r) => [r.file, r.kind]));
    for (const f of ['.env', 'Dockerfile', 'docker-compose.override.yml', 'requirements.txt', 'airflow_settings.yaml', 'include/openmetadata/airflow.cfg']) assert.ok(kinds[f], `${f} is not read (${JSON.stringify(kinds)})`);
    const reported = results.filter((r) => r.lines.length);
    // The one mistake examples/astro-project/README.md lists for Airflow: the quoted JSON in a compose list item.
    assert.deepEqual(reported.map((r) => r.file), ['docker-compose.override.yml']);
    assert.match(reported[0]!.lines.join('\n'), /^ {2}6:40-6:98 \[airflow\/transport-json\] `AIRFLOW__OPENLINEAGE__TRANSPORT` is wrapped in single quotes/m);
    assert.equal(reported[0]!.errors, 1);
  });

  const corpus = join(ROOT, '..', 'shared', 'openlineage-corpus');
  (existsSync(corpus) ? it : it.skip)('reports no error on the shared OpenLineage corpus', () => {
    const errors = run(corpus).filter((r) => r.errors);
    assert.deepEqual(errors.map((r) => `${r.file}:\n${r.lines.join('\n')}`), []);
  });
});
