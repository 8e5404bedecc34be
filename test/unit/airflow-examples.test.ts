/**
 * The Airflow family over real files: the example Astro project (correct for Airflow: nothing reported) and
 * the shared OpenLineage corpus (no error-severity false positives). The project model is built from every
 * file, as the LSP server and the CLI build it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { formatDiagnostics, projectOf, ROOT, service, validate, type Files } from '../support/harness';
import { needsSharedCorpus, SHARED_CORPUS } from '../support/shared-corpus';

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
  const texts: Files = Object.fromEntries(files.map((f) => [`file://${f}`, readFileSync(f, 'utf8')]));
  const project = projectOf(texts);
  return files.map((f) => {
    const c = validate(`file://${f}`, texts[`file://${f}`]!, { project, family: 'airflow' });
    const ds = c.diagnostics;
    const kind = service().fileKind(c.doc, { project });
    return {
      file: relative(dir, f),
      ...(kind ? { kind } : {}),
      lines: ds.length ? [formatDiagnostics(ds)] : [],
      errors: ds.filter((d) => d.severity === DiagnosticSeverity.Error).length,
    };
  });
}

describe('airflow family on real files', () => {
  it('reports only the deliberate mistake of the example Astro project, and reads its Airflow files', () => {
    const results = run(join(ROOT, 'examples', 'astro-project'));
    const kinds = Object.fromEntries(results.filter((r) => r.kind).map((r) => [r.file, r.kind]));
    for (const f of [
      '.env',
      'Dockerfile',
      'docker-compose.override.yml',
      'requirements.txt',
      'airflow_settings.yaml',
      'include/openmetadata/airflow.cfg',
    ])
      assert.ok(kinds[f], `${f} is not read (${JSON.stringify(kinds)})`);
    const reported = results.filter((r) => r.lines.length);
    // The one mistake examples/astro-project/README.md lists for Airflow: the quoted JSON in a compose list item.
    assert.deepEqual(
      reported.map((r) => r.file),
      ['docker-compose.override.yml'],
    );
    assert.match(
      reported[0]!.lines.join('\n'),
      /^ {2}6:40-6:98 \[airflow\/transport-json\] `AIRFLOW__OPENLINEAGE__TRANSPORT` is wrapped in single quotes/m,
    );
    assert.equal(reported[0]!.errors, 1);
  });

  it('reports no error on the shared OpenLineage corpus', function () {
    needsSharedCorpus(this);
    const errors = run(SHARED_CORPUS).filter((r) => r.errors);
    assert.deepEqual(
      errors.map((r) => `${r.file}:\n${r.lines.join('\n')}`),
      [],
    );
  });
});
