/**
 * The lineage graph panel in a real VS Code: the command opens a saved Marquez lineage response in a
 * webview panel whose webview reports drawing it, reuses the panel for the same file, refuses a file that
 * is not JSON, and saves the graph when the user clicks the tab's own Export button.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LineageLensApi } from '../../../extension/src/extension';
import type { DrawnMessage } from '../../../protocol/webview';
import { driverAvailable, driverClick } from './driver';
import { DEFAULT_TIMEOUT_MS, EXTENSION_ID, waitFor, workspaceUri } from './helpers';

const graphTabs = (label: string) => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === label);

const isDrawn = (m: unknown): m is DrawnMessage => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'drawn';

/**
 * Resolves with the next `drawn` message of the panel's webview. Call it as soon as the command returned the
 * panel: the webview draws only after it loaded, said `ready` and got the graph, all messages still to come.
 */
function nextDraw(panel: vscode.WebviewPanel): Promise<DrawnMessage> {
  let drawn: DrawnMessage | undefined;
  const listening = panel.webview.onDidReceiveMessage((m: unknown) => {
    if (isDrawn(m)) drawn ??= m;
  });
  return waitFor(
    () => drawn,
    [panel.webview.onDidReceiveMessage],
    DEFAULT_TIMEOUT_MS,
    () => `the webview of ${panel.title} to draw`,
  ).finally(() => listening.dispose());
}

/** What the webview reports drawing for orders-daily.json: its 5 jobs and 8 datasets, none marked. */
const ORDERS_DAILY_DRAWN: DrawnMessage = {
  type: 'drawn',
  state: 'graph',
  nodes: 13,
  onlyInCode: 0,
  onlyAtRuntime: 0,
  title: 'orders-daily.json',
};

describe('Lineage graph panel', function () {
  this.timeout(DEFAULT_TIMEOUT_MS);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a saved lineage response as a graph panel titled after the file', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>(
      'lineageLens.openLineageFile',
      workspaceUri('lineage/orders-daily.json'),
    );
    assert.ok(panel, 'the command returned no panel');
    const drawn = nextDraw(panel);
    assert.equal(panel.viewType, 'lineageLens.graph');
    assert.equal(panel.title, 'Lineage: orders-daily.json');
    assert.equal(panel.webview.options.enableScripts, true);
    assert.match(panel.webview.html, /Content-Security-Policy/);
    // The CSP sits in an HTML attribute, where quotes may be escaped.
    assert.match(panel.webview.html, /default-src (?:'|&#39;)none(?:'|&#39;); script-src (?:'|&#39;)nonce-/);
    // The tab model catches up with the new panel asynchronously.
    const tabs = await waitFor(
      () => graphTabs('Lineage: orders-daily.json').length > 0 && graphTabs('Lineage: orders-daily.json'),
      [vscode.window.tabGroups.onDidChangeTabs],
      DEFAULT_TIMEOUT_MS,
      () => 'the graph tab',
    );
    assert.equal(tabs.length, 1);
    assert.ok(tabs[0]!.input instanceof vscode.TabInputWebview);
    // The user sees the graph: the webview laid it out and drew its first frame.
    assert.deepEqual(await drawn, ORDERS_DAILY_DRAWN);
  });

  it('reuses the panel when the same file is opened again', async () => {
    const first = await vscode.commands.executeCommand<vscode.WebviewPanel>(
      'lineageLens.openLineageFile',
      workspaceUri('lineage/orders-daily.json'),
    );
    const redrawn = nextDraw(first);
    const second = await vscode.commands.executeCommand<vscode.WebviewPanel>(
      'lineageLens.openLineageFile',
      workspaceUri('lineage/orders-daily.json'),
    );
    assert.equal(second, first);
    assert.equal(graphTabs('Lineage: orders-daily.json').length, 1);
    // The file is read again and drawn again in the same panel.
    assert.deepEqual(await redrawn, ORDERS_DAILY_DRAWN);
  });

  it('saves an SVG file when the Export button of the graph tab is clicked', async function () {
    // The click is the driver's (a user's hand in the webview): only under code-server.
    if (!driverAvailable()) this.skip();
    // Its own wait for the file says what was missing before mocha's timeout would.
    this.timeout(3 * DEFAULT_TIMEOUT_MS);
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as LineageLensApi;
    const target = workspaceUri('lineage/exported-by-button.svg');
    rmSync(target.fsPath, { force: true });
    const asked: vscode.SaveDialogOptions[] = [];
    api.testing.setExportSaveDialog((options) => {
      asked.push(options);
      return Promise.resolve(target);
    });
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(workspaceUri('lineage'), '*.svg'));
    try {
      const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>(
        'lineageLens.openLineageFile',
        workspaceUri('lineage/orders-daily.json'),
      );
      await nextDraw(panel);
      await driverClick('.ll-root[data-variant="panel"] .ll-button.export');
      await driverClick('.ll-root[data-variant="panel"] .ll-button.export-svg');
      await waitFor(
        () => existsSync(target.fsPath) && readFileSync(target.fsPath, 'utf8').trimEnd().endsWith('</svg>'),
        [watcher.onDidCreate, watcher.onDidChange],
        DEFAULT_TIMEOUT_MS,
        () => `${target.fsPath} to be written (save dialog asked ${asked.length} time(s))`,
      );
      // The dialog was asked once, next to the graph's file, with a clean name.
      assert.equal(asked.length, 1);
      assert.equal(path.basename(asked[0]!.defaultUri!.fsPath), 'orders-daily-lineage.svg');
      assert.equal(path.dirname(asked[0]!.defaultUri!.fsPath), path.dirname(target.fsPath));
      const svg = readFileSync(target.fsPath, 'utf8');
      assert.match(svg, /<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.match(svg, /extract_orders/);
    } finally {
      api.testing.setExportSaveDialog(undefined);
      watcher.dispose();
      rmSync(target.fsPath, { force: true });
    }
  });

  it('opens no panel for a file that is not valid JSON', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>(
      'lineageLens.openLineageFile',
      workspaceUri('lineage/truncated.json'),
    );
    assert.equal(panel, undefined);
    assert.equal(graphTabs('Lineage: truncated.json').length, 0);
  });
});
