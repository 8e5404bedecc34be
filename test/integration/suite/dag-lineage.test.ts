/**
 * The DAG Lineage view in a real VS Code, against the Marquez test server started here in the extension
 * host: it follows the active editor, merges the DAG file's lineage with what the server saw at runtime, and
 * the webview reports drawing it with the marks; a file that is not a DAG and a workspace with no endpoint
 * get what users expect. Also the Export command writing a file from a graph tab.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DagViewState } from '../../../extension/src/dag-lineage/view';
import type { LineageLensApi } from '../../../extension/src/extension';
import type { ExportResult } from '../../../extension/src/graph-panel';
import type { DrawnMessage } from '../../../protocol/webview';
import { AIRFLOW_NS } from '../../support/marquez-fixtures';
import { startMarquezServer, type MarquezTestServer } from '../../support/marquez-server';
import { DEFAULT_TIMEOUT_MS, EXTENSION_ID, lineStartingWith, openWorkspaceFile, waitFor, workspaceUri } from './helpers';

const config = () => vscode.workspace.getConfiguration('lineageLens');

describe('DAG Lineage view', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);
  let server: MarquezTestServer;
  let api: LineageLensApi;

  /** Resolves with the view's state once it shows `file` (relative to the workspace) in state `kind`. */
  const viewShows = (file: string, kind: DagViewState['kind']) =>
    waitFor(
      () => {
        const s = api.dagLineage.current;
        return s.uri === workspaceUri(file).toString() && s.kind === kind && s;
      },
      [api.dagLineage.onDidChange],
      DEFAULT_TIMEOUT_MS,
      () => `the view to show ${file} as ${kind} (it shows ${JSON.stringify(api.dagLineage.current)})`,
    );

  /** Every drawing the webview reported since the suite started, in order. */
  const draws: DrawnMessage[] = [];
  let recording: vscode.Disposable | undefined;
  /** A moment to wait for drawings from: take it before the step that makes the view draw. */
  const mark = () => draws.length;

  /**
   * Resolves with the first drawing made after `since` (a `mark()`) whose title is `title` (or matches it) and
   * that `accept` likes: a drawing of another file, or one from before the step, never counts.
   */
  const webviewDraws = (since: number, title: string | RegExp, accept: (d: DrawnMessage) => boolean = () => true) => {
    const titled = (d: DrawnMessage) => (typeof title === 'string' ? d.title === title : title.test(d.title));
    return waitFor(
      () => draws.slice(since).find((d) => titled(d) && accept(d)),
      [api.dagLineage.onDidDraw],
      DEFAULT_TIMEOUT_MS,
      () => `the webview to draw ${String(title)} (drawn since: ${JSON.stringify(draws.slice(since))})`,
    );
  };

  before(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as LineageLensApi;
    recording = api.dagLineage.onDidDraw((d) => draws.push(d));
    server = await startMarquezServer();
    await vscode.commands.executeCommand('lineageLens.setEndpoint', server.url);
    await config().update('endpoint.namespace', AIRFLOW_NS, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    recording?.dispose();
    await config().update('endpoint.namespace', undefined, vscode.ConfigurationTarget.Global);
    await config().update('endpoint.url', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server?.close();
  });

  it('shows the DAG being edited: the code’s lineage merged with the runtime’s, found-in-one-place marked', async () => {
    const since = mark();
    await openWorkspaceFile('dags/orders_pipeline.py');
    const state = await vscode.commands.executeCommand<DagViewState>('lineageLens.showDagLineage');
    assert.equal(state.kind, 'merged', JSON.stringify(state));
    assert.equal(state.endpoint, server.url);
    assert.equal(state.namespace, AIRFLOW_NS);
    assert.deepEqual(state.summary?.tasks, { code: 1, runtime: 0, both: 2 });
    assert.deepEqual(state.summary?.onlyInCode, ['dataset:s3://lake-bucket:raw/order']);
    assert.deepEqual(state.summary?.onlyAtRuntime, ['dataset:s3://lake-bucket:raw/orders']);
    assert.deepEqual(state.notices, [
      `Compared with ${server.url}: 1 task never ran, 1 dataset only in the code (dashed), 1 dataset only at runtime (dotted).`,
    ]);
    // The webview in the side bar drew it: 3 tasks and 5 datasets; the task that never ran and the misspelled
    // dataset dashed, the dataset only the runtime knows dotted.
    const drawn = await webviewDraws(since, 'orders_pipeline.py · orders_pipeline', (d) => d.state === 'graph' && d.onlyInCode > 0);
    assert.deepEqual([drawn.nodes, drawn.onlyInCode, drawn.onlyAtRuntime], [8, 2, 1]);
  });

  it('follows the active editor to another DAG file, and says so for a file that is not Python', async () => {
    const toOther = mark();
    await openWorkspaceFile('dags/orders_lineage.py');
    const other = await viewShows('dags/orders_lineage.py', 'merged');
    // Nothing of this DAG ever reached the endpoint.
    assert.deepEqual(other.summary?.tasks, { code: 2, runtime: 0, both: 0 });
    assert.match(other.notices[0] ?? '', /has no task of orders_lineage in namespace airflow-prod/);
    // The code's lineage may be drawn first while the runtime's is read: wait for the compared drawing.
    const drawnOther = await webviewDraws(toOther, /^orders_lineage\.py · /, (d) => d.state === 'graph' && d.onlyInCode > 0);
    // None of its tasks and datasets reached the endpoint: all of them dashed.
    assert.ok(drawnOther.nodes > 0, JSON.stringify(drawnOther));
    assert.deepEqual([drawnOther.onlyInCode, drawnOther.onlyAtRuntime], [drawnOther.nodes, 0]);

    const toCfg = mark();
    await openWorkspaceFile('airflow/airflow.cfg');
    await viewShows('airflow/airflow.cfg', 'not-python');
    const notice = await webviewDraws(toCfg, 'airflow.cfg is not a Python file.');
    assert.equal(notice.state, 'empty');
  });

  it('marks the dataset the DAG declares but never reported (runtime/unseen-dataset), and clears it without an endpoint', async () => {
    const editor = await openWorkspaceFile('dags/orders_pipeline.py');
    const uri = editor.document.uri;
    const unseen = () =>
      vscode.languages
        .getDiagnostics(uri)
        .filter((d) => d.source === 'Lineage Lens' && typeof d.code === 'object' && d.code.value === 'runtime/unseen-dataset');
    const [diagnostic] = await waitFor(
      () => unseen().length > 0 && unseen(),
      [vscode.languages.onDidChangeDiagnostics],
      DEFAULT_TIMEOUT_MS,
      () => `the runtime/unseen-dataset diagnostic (has ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.message))})`,
    );
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(editor.document.getText(diagnostic!.range), 'Dataset("s3://lake-bucket/raw/order")');
    assert.match(
      diagnostic!.message,
      /never reported it to .* \(namespace airflow-prod\), though its tasks ran\. At runtime the tasks used s3:\/\/lake-bucket\/raw\/orders/,
    );
    // The task that writes it: its last run reported another dataset than its code names (runtime/lineage-drift).
    const drift = await waitFor(
      () =>
        vscode.languages
          .getDiagnostics(uri)
          .find((d) => d.source === 'Lineage Lens' && typeof d.code === 'object' && d.code.value === 'runtime/lineage-drift'),
      [vscode.languages.onDidChangeDiagnostics],
      DEFAULT_TIMEOUT_MS,
      () => 'the runtime/lineage-drift diagnostic',
    );
    assert.equal(drift.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(editor.document.getText(drift.range), 'BashOperator');
    assert.equal(drift.range.start.line, lineStartingWith(editor.document, 'extract = BashOperator('));
    assert.match(
      drift.message,
      /^Lineage of orders_pipeline\.extract_orders has drifted: its last run reported .*s3:\/\/lake-bucket\/raw\/orders, which the code does not name/,
    );
    assert.match(drift.message, /the code now names s3:\/\/lake-bucket\/raw\/order, which the last run did not report/);
    // With no endpoint there is nothing to compare with: the diagnostic goes.
    await config().update('endpoint.url', undefined, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(
        () => unseen().length === 0,
        [vscode.languages.onDidChangeDiagnostics],
        DEFAULT_TIMEOUT_MS,
        () => 'the diagnostic to be cleared',
      );
    } finally {
      await vscode.commands.executeCommand('lineageLens.setEndpoint', server.url);
    }
  });

  it('without an endpoint shows the lineage read from the code, unmarked', async () => {
    const since = mark();
    await config().update('endpoint.url', undefined, vscode.ConfigurationTarget.Global);
    try {
      await openWorkspaceFile('dags/orders_pipeline.py');
      const state = await viewShows('dags/orders_pipeline.py', 'code');
      assert.match(
        state.notices[0] ?? '',
        /^Lineage read from the code\. To compare it with what the DAG reported when it ran, set a lineage endpoint or start the local one/,
      );
      // The merged graph (8 nodes) of the endpoint set by the previous test may still be drawn first.
      const drawn = await webviewDraws(since, /^orders_pipeline\.py · /, (d) => d.state === 'graph' && d.nodes === 7);
      assert.deepEqual([drawn.onlyInCode, drawn.onlyAtRuntime], [0, 0]);
      // Starting the local endpoint: the view compares with it at once (it has no run of the DAG yet).
      const dataDir = mkdtempSync(join(tmpdir(), 'lineage-lens-dag-local-'));
      try {
        const started = await vscode.commands.executeCommand<{ ok: boolean; url?: string }>('lineageLens.startLocalEndpoint', {
          port: 0,
          dataDir,
        });
        assert.ok(started.ok, JSON.stringify(started));
        await waitFor(
          () => api.dagLineage.current.notices.some((n) => n.startsWith(`${started.url} has no task of orders_pipeline`)),
          [api.dagLineage.onDidChange],
          DEFAULT_TIMEOUT_MS,
          () => `the view to compare with the local endpoint (${JSON.stringify(api.dagLineage.current.notices)})`,
        );
      } finally {
        await vscode.commands.executeCommand('lineageLens.stopLocalEndpoint');
        rmSync(dataDir, { recursive: true, force: true });
      }
    } finally {
      await vscode.commands.executeCommand('lineageLens.setEndpoint', server.url);
    }
  });
});

describe('Export Lineage Graph', function () {
  this.timeout(DEFAULT_TIMEOUT_MS);
  let dir: string;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    dir = mkdtempSync(join(tmpdir(), 'lineage-lens-export-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the drawn graph of the active graph tab as JSON and SVG to the file given', async () => {
    await vscode.commands.executeCommand('lineageLens.openLineageFile', workspaceUri('lineage/orders-daily.json'));
    const json = await vscode.commands.executeCommand<ExportResult>('lineageLens.exportGraph', 'json', join(dir, 'orders.json'));
    assert.deepEqual(json, { ok: true, uri: vscode.Uri.file(join(dir, 'orders.json')).toString() });
    const saved = JSON.parse(readFileSync(join(dir, 'orders.json'), 'utf8')) as { graph: { id: string }[] };
    const original = JSON.parse(readFileSync(workspaceUri('lineage/orders-daily.json').fsPath, 'utf8')) as { graph: { id: string }[] };
    assert.deepEqual(saved.graph.map((n) => n.id).sort(), original.graph.map((n) => n.id).sort());

    const svg = await vscode.commands.executeCommand<ExportResult>(
      'lineageLens.exportGraph',
      'svg',
      vscode.Uri.file(join(dir, 'orders.svg')),
    );
    assert.ok(svg.ok, JSON.stringify(svg));
    assert.match(readFileSync(join(dir, 'orders.svg'), 'utf8'), /^<\?xml [^>]*\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('refuses a format it does not know, saying which ones it does', async () => {
    const result = await vscode.commands.executeCommand<ExportResult>('lineageLens.exportGraph', 'pdf', join(dir, 'x.pdf'));
    assert.deepEqual(result, { ok: false, message: 'Cannot export as "pdf": the formats are svg, png, json.' });
  });
});
