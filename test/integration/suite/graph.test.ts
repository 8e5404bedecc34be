/**
 * The lineage graph panel in a real VS Code: the command opens a saved Marquez lineage response in a
 * webview panel, reuses the panel for the same file, and refuses a file that is not JSON.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_TIMEOUT_MS, EXTENSION_ID, waitFor, workspaceUri } from './helpers';

const graphTabs = (label: string) => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === label);

describe('Lineage graph panel', function () {
  this.timeout(DEFAULT_TIMEOUT_MS);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a saved lineage response as a graph panel titled after the file', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('lineageLens.openLineageFile', workspaceUri('lineage/orders-daily.json'));
    assert.ok(panel, 'the command returned no panel');
    assert.equal(panel.viewType, 'lineageLens.graph');
    assert.equal(panel.title, 'Lineage: orders-daily.json');
    assert.equal(panel.webview.options.enableScripts, true);
    assert.match(panel.webview.html, /Content-Security-Policy/);
    // The CSP sits in an HTML attribute, where quotes may be escaped.
    assert.match(panel.webview.html, /default-src (?:'|&#39;)none(?:'|&#39;); script-src (?:'|&#39;)nonce-/);
    // The tab model catches up with the new panel asynchronously.
    const tabs = await waitFor(() => graphTabs('Lineage: orders-daily.json').length > 0 && graphTabs('Lineage: orders-daily.json'), [vscode.window.tabGroups.onDidChangeTabs], DEFAULT_TIMEOUT_MS, () => 'the graph tab');
    assert.equal(tabs.length, 1);
    assert.ok(tabs[0]!.input instanceof vscode.TabInputWebview);
  });

  it('reuses the panel when the same file is opened again', async () => {
    const first = await vscode.commands.executeCommand<vscode.WebviewPanel>('lineageLens.openLineageFile', workspaceUri('lineage/orders-daily.json'));
    const second = await vscode.commands.executeCommand<vscode.WebviewPanel>('lineageLens.openLineageFile', workspaceUri('lineage/orders-daily.json'));
    assert.equal(second, first);
    assert.equal(graphTabs('Lineage: orders-daily.json').length, 1);
  });

  it('opens no panel for a file that is not valid JSON', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('lineageLens.openLineageFile', workspaceUri('lineage/truncated.json'));
    assert.equal(panel, undefined);
    assert.equal(graphTabs('Lineage: truncated.json').length, 0);
  });
});
