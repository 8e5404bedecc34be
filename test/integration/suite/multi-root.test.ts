/**
 * A multi-root workspace in a real VS Code (run by `node test/integration/run.mjs --multi-root` on
 * test/fixtures/multi-root): each folder is its own set of projects, so the same `airflow.cfg` line gets the
 * verdict of its own folder's Airflow, and the Problems panel holds both folders' problems from start-up,
 * before any file is opened; the local endpoint says which folder keeps its events.
 */
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { StartLocalEndpointResult } from '../../../extension/src/local-endpoint';
import { DEFAULT_TIMEOUT_MS, EXTENSION_ID, waitFor } from './helpers';

const folder = (name: string) => vscode.workspace.workspaceFolders!.find((f) => f.name === name)!;
const backendProblems = (name: string) =>
  vscode.languages
    .getDiagnostics(vscode.Uri.joinPath(folder(name).uri, 'airflow.cfg'))
    .filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'airflow/lineage-backend');

describe('Multi-root workspace', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('lineageLens.stopLocalEndpoint');
  });

  it('opens with two folders', () => {
    assert.deepEqual(
      vscode.workspace.workspaceFolders?.map((f) => f.name),
      ['legacy', 'current'],
    );
  });

  it("judges each folder's airflow.cfg by that folder's own Airflow, before any file is opened", async () => {
    const current = await waitFor(
      () => backendProblems('current')[0],
      [vscode.languages.onDidChangeDiagnostics],
      DEFAULT_TIMEOUT_MS,
      () =>
        `the lineage backend problem in current/airflow.cfg (${JSON.stringify(vscode.languages.getDiagnostics().map(([u, d]) => [u.path, d.length]))})`,
    );
    assert.match(current.message, /Airflow 3/);
    // The same line on Airflow 2.2 with openlineage-airflow is right: nothing to say there.
    assert.deepEqual(
      backendProblems('legacy').map((d) => d.message),
      [],
    );
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.uri.path.endsWith('airflow.cfg')).length, 0, 'no airflow.cfg was opened');
  });

  it('keeps the local endpoint’s events in the first folder and says where', async () => {
    const started = await vscode.commands.executeCommand<StartLocalEndpointResult>('lineageLens.startLocalEndpoint', { port: 0 });
    assert.ok(started.ok, JSON.stringify(started));
    assert.equal(started.dataDir, join(folder('legacy').uri.fsPath, '.lineage'));
    await vscode.commands.executeCommand('lineageLens.stopLocalEndpoint');
    rmSync(started.dataDir, { recursive: true, force: true });
  });
});
