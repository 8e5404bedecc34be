/**
 * The OpenMetadata family on real files: OpenMetadata's own example DAG (corpus), the `[lineage]` block of
 * OpenMetadata's example airflow.cfg (quoted in the corpus MANIFEST, kept as a fixture) and the demo Astro
 * project. None may get an error the reference does not back.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { DEFAULT_SETTINGS, ProjectIndex, projectFileKind } from '../../server/src/service';
import { doc, formatDiagnostics } from './helpers';
import { check, omService } from './openmetadata-helpers';

const root = join(__dirname, '..', '..');
const CORPUS_DAG = '/work/shared/openlineage-corpus/openmetadata/om_ingestion_examples_airflow_dags_airflow_lineage_example.py';
const MANIFEST_CFG = join(root, 'test/fixtures/workspace/openmetadata/manifest-example/airflow.cfg');
const ASTRO = join(root, 'examples/astro-project');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const summary = (ds: Diagnostic[]) => ds.map((d) => `${String(d.code)}:${d.severity}:${d.range.start.line + 1}`);

describe('openmetadata on real files', () => {
  (existsSync(CORPUS_DAG) ? it : it.skip)('finds nothing wrong in OpenMetadata\'s example lineage DAG', () => {
    const c = check('dags/airflow_lineage_example.py', readFileSync(CORPUS_DAG, 'utf8'), { 'airflow.cfg': readFileSync(MANIFEST_CFG, 'utf8') });
    assert.deepEqual(c.all, [], formatDiagnostics(c.all));
  });

  it('only warns about the MANIFEST\'s [lineage] block: old class path (version unknown), auth_provider_type', () => {
    const c = check('airflow.cfg', readFileSync(MANIFEST_CFG, 'utf8'));
    assert.deepEqual(summary(c.all), ['openmetadata/backend-class:2:6', 'openmetadata/legacy-auth:2:9'], formatDiagnostics(c.all));
    // With a current openmetadata-ingestion pinned, the old class path is certainly wrong.
    const pinned = check('airflow.cfg', readFileSync(MANIFEST_CFG, 'utf8'), { 'requirements.txt': 'openmetadata-ingestion==1.5.3\n' });
    assert.deepEqual(summary(pinned.all), ['openmetadata/backend-class:1:6', 'openmetadata/legacy-auth:2:9'], formatDiagnostics(pinned.all));
  });

  it('reports exactly the demo project\'s deliberate mistake: the endpoint without /api', () => {
    const all = files(ASTRO);
    const index = new ProjectIndex();
    const uri = (p: string) => `file://${p}`;
    for (const p of all) if (projectFileKind(p)) index.update(uri(p), readFileSync(p, 'utf8'));
    const project = index.model;
    const found: string[] = [];
    for (const p of all) {
      const text = readFileSync(p, 'utf8');
      const ds = omService()
        .validate(doc(text, uri(p), p.endsWith('.py') ? 'python' : 'plaintext'), DEFAULT_SETTINGS, { project })
        .filter((d) => String(d.code).startsWith('openmetadata/'));
      for (const d of ds) found.push(`${relative(ASTRO, p)}:${d.range.start.line + 1}:${String(d.code)}:${d.severity === DiagnosticSeverity.Error ? 'error' : 'not error'}`);
    }
    assert.deepEqual(found, ['include/openmetadata/airflow.cfg:11:openmetadata/api-endpoint:error']);
  });
});
