/**
 * The lineage graph panel: reads a saved Marquez lineage response (`GET /api/v1/lineage`) and shows it in a
 * webview. The host only reads and parses the file; the webview validates the shape and draws it. The panel
 * survives reloads through a `WebviewPanelSerializer` that re-reads the file named in the webview's state.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GraphWebviewState, HostToWebviewMessage, WebviewToHostMessage } from '../../server/src/protocol/webview';
import { graphHtml } from './graph-html';

export const GRAPH_VIEW_TYPE = 'lineageLens.graph';

const OPEN_AGAIN = 'Open it again with "Lineage Lens: Open Lineage Graph from JSON File".';

/** A file read and parsed as JSON, or why it could not be. */
type Loaded = { ok: true; graph: unknown } | { ok: false; message: string };

/** Open panels by file URI, so that opening a file twice reveals (and refreshes) its panel. */
const panels = new Map<string, GraphPanel>();

function fileName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path) || uri.toString();
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads `uri` and parses it as JSON. Never throws; the message names the file and the problem. */
export async function readLineageFile(uri: vscode.Uri): Promise<Loaded> {
  const name = fileName(uri);
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    return { ok: false, message: `Cannot read ${name}: ${errorText(e)}` };
  }
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    return { ok: false, message: `${name} is empty. Save the response of GET /api/v1/lineage into it, e.g. curl -G 'http://marquez:5000/api/v1/lineage' --data-urlencode 'nodeId=…' > ${name}` };
  }
  try {
    return { ok: true, graph: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: `${name} is not valid JSON (${errorText(e)}). A saved lineage response is the JSON body of GET /api/v1/lineage, unchanged.` };
  }
}

function isState(value: unknown): value is GraphWebviewState {
  return typeof value === 'object' && value !== null;
}

/** One webview panel showing one file. */
class GraphPanel {
  private content: Loaded;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly uri: vscode.Uri | undefined,
    content: Loaded,
  ) {
    this.content = content;
    const webview = panel.webview;
    const root = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    webview.options = { enableScripts: true, localResourceRoots: [root] };
    webview.html = graphHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css')).toString(),
      nonce: randomBytes(16).toString('base64'),
      title: panel.title,
    });
    // The webview says `ready` each time it (re)loads, e.g. when its tab is shown again: answer every time.
    this.disposables.push(
      webview.onDidReceiveMessage((message: WebviewToHostMessage) => {
        if (message?.type === 'ready') void this.post();
      }),
    );
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    if (uri) panels.set(uri.toString(), this);
  }

  /** Replaces what the panel shows, e.g. after the file was opened again. */
  update(content: Loaded): void {
    this.content = content;
    void this.post();
  }

  private post(): Thenable<boolean> {
    const message: HostToWebviewMessage =
      this.content.ok && this.uri
        ? { type: 'showGraph', graph: this.content.graph, title: fileName(this.uri), source: this.uri.toString() }
        : { type: 'error', message: this.content.ok ? `This panel no longer knows its file. ${OPEN_AGAIN}` : `${this.content.message} ${OPEN_AGAIN}` };
    return this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    if (this.uri && panels.get(this.uri.toString()) === this) panels.delete(this.uri.toString());
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/**
 * Shows the lineage response in `uri` as a graph; without `uri`, asks for a JSON file first. A file that
 * cannot be read or is not JSON gives an error notification; JSON of the wrong shape opens the panel, which
 * explains what is wrong. Returns the panel, or undefined when nothing was opened.
 */
export async function openLineageGraphFromFile(context: vscode.ExtensionContext, uri?: vscode.Uri): Promise<vscode.WebviewPanel | undefined> {
  if (!(uri instanceof vscode.Uri)) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      canSelectFolders: false,
      filters: { 'Lineage JSON': ['json'], 'All files': ['*'] },
      openLabel: 'Open Lineage Graph',
      title: 'Open a saved Marquez lineage response (GET /api/v1/lineage)',
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    if (!picked || picked.length === 0) return undefined;
    uri = picked[0];
  }
  const content = await readLineageFile(uri);
  if (!content.ok) {
    void vscode.window.showErrorMessage(`Lineage Lens: ${content.message}`);
    return undefined;
  }
  const existing = panels.get(uri.toString());
  if (existing) {
    existing.update(content);
    existing.panel.reveal();
    return existing.panel;
  }
  const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, `Lineage: ${fileName(uri)}`, vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
  });
  new GraphPanel(panel, context, uri, content);
  return panel;
}

/** Registers the `lineageLens.openLineageFile` command and restores graph panels after a reload. */
export function registerGraphPanel(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    // From the explorer context menu the first argument is the clicked file; from the palette there is none.
    vscode.commands.registerCommand('lineageLens.openLineageFile', (uri?: vscode.Uri) => openLineageGraphFromFile(context, uri)),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const source = isState(state) && typeof state.source === 'string' ? state.source : undefined;
        if (source === undefined) {
          new GraphPanel(panel, context, undefined, { ok: false, message: 'This lineage graph was restored without the name of its file.' });
          return;
        }
        const uri = vscode.Uri.parse(source, true);
        new GraphPanel(panel, context, uri, await readLineageFile(uri));
      },
    }),
  );
}
