/**
 * The walkthrough's commands in a real VS Code, in order, as a new user runs them: start the local endpoint,
 * set up an integration (written into the workspace; a second run changes nothing), verify the setup (every
 * endpoint check passes, the test run is read back, and the integrations found get their verdicts), and the
 * test run's lineage in the graph.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LineageLensApi } from '../../../extension/src/extension';
import type { StartLocalEndpointResult } from '../../../extension/src/local-endpoint';
import type { SetUpResult } from '../../../extension/src/setup/command';
import type { VerifySetupResult } from '../../../extension/src/setup/verify';
import type { ShowLineageResult } from '../../../extension/src/viewer';
import { DEFAULT_TIMEOUT_MS, EXTENSION_ID, waitFor, workspaceUri } from './helpers';

describe('Walkthrough: from an endpoint to a first graph', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);
  let dataDir: string;
  let url: string;
  let api: LineageLensApi;

  before(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as LineageLensApi;
    await vscode.workspace.getConfiguration('lineageLens').update('endpoint.url', undefined, vscode.ConfigurationTarget.Global);
    dataDir = mkdtempSync(join(tmpdir(), 'lineage-lens-walkthrough-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('lineageLens.stopLocalEndpoint');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('1. Start Local Lineage Endpoint', async () => {
    const started = await vscode.commands.executeCommand<StartLocalEndpointResult>('lineageLens.startLocalEndpoint', { port: 0, dataDir });
    assert.ok(started.ok, JSON.stringify(started));
    url = started.url;
    // The status bar shows it running at that address, with its data folder (new: no events yet).
    const status = await waitFor(
      () => api.localEndpoint.current.running && api.localEndpoint.current,
      [api.localEndpoint.onDidChange],
      DEFAULT_TIMEOUT_MS,
      () => `the status to say the endpoint runs (${JSON.stringify(api.localEndpoint.current)})`,
    );
    assert.deepEqual([status.url, status.dataDir, status.eventCount], [url, started.dataDir, 0]);
  });

  it('2. Set Up Integration fixes the workspace’s Spark configuration for that endpoint, and a second run changes nothing', async () => {
    // The fixture's values it replaces are put to the user first (answered yes here).
    const confirmed: string[] = [];
    api.testing.setSetupPrompts({
      pick: () => Promise.resolve(undefined),
      input: () => Promise.resolve(undefined),
      confirm: (_message, detail) => {
        confirmed.push(detail);
        return Promise.resolve(true);
      },
    });
    const setUp = { integration: 'spark', target: 'spark-defaults', project: '.', url, namespace: 'walkthrough', preview: false };
    const first = await vscode.commands.executeCommand<SetUpResult>('lineageLens.setUpIntegration', setUp).then(
      (r) => (api.testing.setSetupPrompts(undefined), r),
      (e: unknown) => {
        api.testing.setSetupPrompts(undefined);
        throw e;
      },
    );
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(confirmed.length, 1);
    assert.match(confirmed[0]!, /spark-defaults\.conf: spark\.openlineage\.namespace: integration-tests → walkthrough/);
    // The fixture's spark-defaults.conf (with deliberate mistakes) is fixed in place, not duplicated.
    assert.deepEqual(first.written, ['spark-defaults.conf']);
    const written = readFileSync(workspaceUri('spark-defaults.conf').fsPath, 'utf8');
    assert.match(written, /^spark\.extraListeners\s+io\.openlineage\.spark\.agent\.OpenLineageSparkListener$/m);
    assert.match(written, new RegExp(`^spark\\.openlineage\\.transport\\.url\\s+${url.replace(/[.]/g, '\\.')}$`, 'm'));
    assert.match(written, /^spark\.openlineage\.namespace\s+walkthrough$/m);
    // The local endpoint needs no key: nothing refers to one.
    assert.equal(first.secret, undefined);

    const second = await vscode.commands.executeCommand<SetUpResult>('lineageLens.setUpIntegration', setUp);
    assert.ok(second.ok && second.written.length === 0, JSON.stringify(second));
    assert.ok(second.ok && second.alreadyConfigured.length > 0);
    assert.equal(readFileSync(workspaceUri('spark-defaults.conf').fsPath, 'utf8'), written);
  });

  it('3. Verify Setup passes every endpoint check, reads the test run back, and judges the workspace’s integrations', async () => {
    const result = await vscode.commands.executeCommand<VerifySetupResult>('lineageLens.verifySetup', {
      namespace: 'walkthrough-verify',
      show: false,
    });
    assert.ok(result.endpoint, JSON.stringify(result));
    assert.equal(result.endpoint.url, url);
    assert.deepEqual(
      result.endpoint.steps.map((s) => `${s.id} ${s.status}`),
      ['url pass', 'dns skip', 'tcp pass', 'tls skip', 'http pass', 'auth pass', 'send pass', 'read pass'],
    );
    assert.equal(result.endpoint.test?.readBack, true);
    // Spark, set up in step 2, would send lineage: nothing is left to fix but the fixture notebook's deliberate
    // misspelling (a warning, which project-notebooks.test.ts fixes when it runs first; with --grep it may not).
    const spark = result.integrations?.find((i) => i.id === 'spark');
    assert.deepEqual(
      spark?.problems.filter((p) => !p.uri.endsWith('/notebooks/orders_job.ipynb')),
      [],
      JSON.stringify(result.integrations),
    );
    assert.equal(spark?.verdict === 'sends' || spark?.problems.every((p) => p.severity === 'warning'), true, JSON.stringify(spark));
    const airflow = result.integrations?.find((i) => i.id === 'airflow');
    assert.notEqual(airflow?.verdict, 'sends');
    const cfg = workspaceUri('airflow/airflow.cfg').toString();
    assert.ok(
      airflow?.problems.some((p) => p.uri === cfg),
      JSON.stringify(airflow?.problems),
    );
    assert.ok(result.markdown.includes(`](${cfg}#L`), 'the report links the line at fault');
    // The job name's underscores stay bare: inside a word CommonMark never reads them as emphasis (common/markdown.ts).
    assert.match(
      result.markdown,
      /\| Read it back \| ✓ pass \| GET \/api\/v1\/namespaces\/walkthrough-verify\/jobs\/lineage_lens\.verify_setup shows the test run/,
    );
  });

  it('4. Show Lineage opens the test run’s lineage from the local endpoint', async () => {
    const shown = await vscode.commands.executeCommand<ShowLineageResult>('lineageLens.showLineage', {
      nodeId: 'job:walkthrough-verify:lineage_lens.verify_setup',
    });
    assert.ok(shown.ok, JSON.stringify(shown));
    // The job, the dataset it reads and the one it writes.
    assert.equal(shown.shown.nodeCount, 3);
  });
});
