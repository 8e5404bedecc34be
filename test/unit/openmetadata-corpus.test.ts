/**
 * The OpenMetadata family on real files: OpenMetadata's own example DAG (corpus), the `[lineage]` block of
 * OpenMetadata's example airflow.cfg (quoted in the corpus MANIFEST, kept as a fixture) and the demo Astro
 * project. None may get an error that docs/upstream does not back.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { ProjectIndex, projectFileKind } from '../../server/src/service';
import { type Files, formatDiagnostics, ROOT, validate, ws } from '../support/harness';
import { corpusPath, needsSharedCorpus } from '../support/shared-corpus';

/** The `openmetadata/*` diagnostics of `text` as the workspace file `path`, the project being `files` and this file. */
const check = (path: string, text: string, files: Files = {}, explicit = false) =>
  validate(ws(path), text, { project: { ...files, [path]: text }, explicit, family: 'openmetadata' });

const CORPUS_DAG = corpusPath('openmetadata/om_ingestion_examples_airflow_dags_airflow_lineage_example.py');
const MANIFEST_CFG = join(ROOT, 'test/fixtures/workspace/openmetadata/manifest-example/airflow.cfg');
const ASTRO = join(ROOT, 'examples/astro-project');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const summary = (ds: Diagnostic[]) => ds.map((d) => `${String(d.code)}:${d.severity}:${d.range.start.line + 1}`);

describe('openmetadata on real files', () => {
  it("finds nothing wrong in OpenMetadata's example lineage DAG", function () {
    needsSharedCorpus(this, CORPUS_DAG);
    const c = check('dags/airflow_lineage_example.py', readFileSync(CORPUS_DAG, 'utf8'), {
      'airflow.cfg': readFileSync(MANIFEST_CFG, 'utf8'),
    });
    assert.deepEqual(c.diagnostics, [], formatDiagnostics(c.diagnostics));
  });

  it("only warns about the MANIFEST's [lineage] block: old class path (version unknown), auth_provider_type", () => {
    const c = check('airflow.cfg', readFileSync(MANIFEST_CFG, 'utf8'));
    assert.deepEqual(
      summary(c.diagnostics),
      ['openmetadata/backend-class:2:6', 'openmetadata/legacy-auth:2:9'],
      formatDiagnostics(c.diagnostics),
    );
    // With a current openmetadata-ingestion pinned, the old class path is certainly wrong.
    const pinned = check('airflow.cfg', readFileSync(MANIFEST_CFG, 'utf8'), { 'requirements.txt': 'openmetadata-ingestion==1.5.3\n' });
    assert.deepEqual(
      summary(pinned.diagnostics),
      ['openmetadata/backend-class:1:6', 'openmetadata/legacy-auth:2:9'],
      formatDiagnostics(pinned.diagnostics),
    );
  });

  it("reports exactly the demo project's deliberate mistake: the endpoint without /api", () => {
    const all = files(ASTRO);
    const index = new ProjectIndex();
    const uri = (p: string) => `file://${p}`;
    for (const p of all) if (projectFileKind(p)) index.update(uri(p), readFileSync(p, 'utf8'));
    const project = index.model;
    const found: string[] = [];
    for (const p of all) {
      const text = readFileSync(p, 'utf8');
      const ds = validate(uri(p), text, { project, family: 'openmetadata' }).diagnostics;
      for (const d of ds)
        found.push(
          `${relative(ASTRO, p)}:${d.range.start.line + 1}:${String(d.code)}:${d.severity === DiagnosticSeverity.Error ? 'error' : 'not error'}`,
        );
    }
    assert.deepEqual(found, ['include/openmetadata/airflow.cfg:11:openmetadata/api-endpoint:error']);
  });
});
