/**
 * The project model through the real server: facts from files on disk that are not open (a requirements.txt
 * pinning Airflow) decide verdicts in an open file, and watched-file changes re-validate open documents.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setupReportRequest } from '../../protocol/setup';
import { assertBuilt, LspTestClient, messageText } from './client';

describe('project model in the language server', () => {
  let dir: string;
  let client: LspTestClient;

  before(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'lineage-lens-project-'));
    writeFileSync(join(dir, 'requirements.txt'), 'apache-airflow==3.0.1\napache-airflow-providers-openlineage==2.3.0\n');
    ({ client } = await LspTestClient.start({ workspace: dir }));
  });

  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('judges an open airflow.cfg by the Airflow version pinned in a requirements.txt on disk', async () => {
    const uri = pathToFileURL(join(dir, 'airflow.cfg')).href;
    const text = '[lineage]\nbackend = openlineage.lineage_backend.OpenLineageBackend\n';
    await client.open(uri, 'ini', text);
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'airflow/lineage-backend'), 10000);
    const d = published.diagnostics.find((x) => x.code === 'airflow/lineage-backend')!;
    assert.match(messageText(d), /Airflow 3/);
    assert.match(messageText(d), /requirements\.txt/);
    assert.equal(d.range.start.line, 1);
  });

  it('re-validates open documents when a watched project file changes on disk', async () => {
    const uri = pathToFileURL(join(dir, 'airflow.cfg')).href;
    const before = client.published.filter((p) => p.uri === uri).length;
    writeFileSync(join(dir, 'requirements.txt'), 'apache-airflow==2.2.5\nopenlineage-airflow==1.14.0\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(dir, 'requirements.txt')).href, type: 2 }],
    });
    const published = await client.waitForDiagnostics(
      uri,
      (p) =>
        client.published.filter((q) => q.uri === uri).length > before &&
        !p.diagnostics.some((d) => d.code === 'airflow/lineage-backend' && /Airflow 3/.test(messageText(d))),
      10000,
    );
    // On Airflow 2.2 with openlineage-airflow installed, the OpenLineage backend is the right setup.
    assert.deepEqual(published.diagnostics.filter((d) => d.code === 'airflow/lineage-backend').map(messageText), []);
  });
});

describe('project file edits in the language server', () => {
  let dir: string;
  let client: LspTestClient;

  before(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'lineage-lens-edits-'));
    writeFileSync(join(dir, 'requirements.txt'), 'apache-airflow==3.0.1\napache-airflow-providers-openlineage==2.3.0\n');
    ({ client } = await LspTestClient.start({ workspace: dir }));
  });

  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates an edited project file once per edit, and the documents resting on its facts once typing pauses', async () => {
    const cfg = pathToFileURL(join(dir, 'airflow.cfg')).href;
    const requirements = pathToFileURL(join(dir, 'requirements.txt')).href;
    await client.open(cfg, 'ini', '[lineage]\nbackend = openlineage.lineage_backend.OpenLineageBackend\n');
    await client.waitForDiagnostics(cfg, (p) => p.diagnostics.some((d) => d.code === 'airflow/lineage-backend'), 10000);
    await client.open(requirements, 'pip-requirements', 'apache-airflow==3.0.1\napache-airflow-providers-openlineage==2.3.0\n');
    await client.waitForDiagnostics(requirements);
    const version = await client.change(requirements, [{ text: 'apache-airflow==2.2.5\nopenlineage-airflow==1.14.0\n' }]);
    // The open airflow.cfg follows the new Airflow version once typing pauses.
    await client.waitForDiagnostics(cfg, (p) => !p.diagnostics.some((d) => d.code === 'airflow/lineage-backend'), 10000);
    // A barrier instead of a sleep: a document opened now is validated after anything already scheduled, so
    // a second validation of the edited file (as the old delayed project update did) would have shown by then.
    // (Not a project file: opening one would re-validate every document on purpose.)
    const conf = pathToFileURL(join(dir, 'barrier.conf')).href;
    await client.open(conf, 'spark-conf', 'spark.openlineage.namespace=barrier\n');
    await client.waitForDiagnostics(conf);
    assert.equal(client.published.filter((p) => p.uri === requirements && p.version === version).length, 1);
  });
});

describe('setup report in the language server', () => {
  let dir: string;
  let client: LspTestClient;

  before(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'lineage-lens-setup-'));
    writeFileSync(join(dir, 'requirements.txt'), 'apache-airflow==2.10.4\napache-airflow-providers-openlineage==2.3.0\n');
    // The transport JSON quoted twice: nothing is sent (an error on a file that is not open).
    writeFileSync(
      join(dir, '.env'),
      `AIRFLOW__OPENLINEAGE__TRANSPORT='"{\\"type\\": \\"http\\", \\"url\\": \\"http://marquez:5000\\"}"'\n`,
    );
    writeFileSync(
      join(dir, 'spark-defaults.conf'),
      'spark.extraListeners io.openlineage.spark.agent.OpenLineageSparkListener\nspark.openlineage.transport.type console\n',
    );
    ({ client } = await LspTestClient.start({ workspace: dir }));
  });

  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks every file of the workspace as the CLI does, with the families and the project facts', async () => {
    const report = await client.connection.sendRequest(setupReportRequest, {});
    assert.deepEqual(report.folders, [pathToFileURL(dir).href]);
    const kinds = Object.fromEntries(report.files.map((f) => [f.uri.slice(f.uri.lastIndexOf('/') + 1), `${f.family} ${f.kind}`]));
    assert.equal(kinds['spark-defaults.conf'], 'spark spark-conf');
    assert.equal(kinds['.env'], 'airflow env-file');
    const envProblems = report.problems.filter((p) => p.uri.endsWith('/.env') && p.severity === 'error');
    assert.ok(envProblems.length > 0, JSON.stringify(report.problems));
    assert.equal(envProblems[0]!.range.start.line, 0);
    assert.deepEqual(report.project.airflow && [report.project.airflow.version, report.project.airflow.verified], ['2.10.4', true]);
    assert.ok(report.project.packages.some((p) => p.name === 'apache-airflow-providers-openlineage' && p.line === 1));
    assert.ok(report.project.settings.some((s) => s.section === 'openlineage' && s.option === 'transport'));
  });
});
