/**
 * The lineage graph panel: shows a Marquez lineage response (`GET /api/v1/lineage`) in a webview, from a saved
 * file or from whatever fetched it (`showLineageGraph`). The host reads and parses; the webview validates the
 * shape, lays it out and draws it. The host also serves the webview's requests: saving an export (save dialog,
 * then `workspace.fs`), opening a job's source code location, and fetching more lineage on `expand`. Panels of
 * files survive reloads through a `WebviewPanelSerializer` that re-reads the file named in the webview's state.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type {
  ExpandDirection,
  ExportFormat,
  GraphMode,
  GraphWebviewState,
  HostToWebviewMessage,
  LineageDirection,
  ShowGraphMessage,
  WebviewToHostMessage,
} from '../../protocol/webview';
import { EXPORT_FORMATS as FORMATS, graphHtml, parseWebviewMessage, safeFileName } from './graph-html';
import { completeStep } from './walkthrough';
import { boundGraph, expandResultMessage, truncationNotice, type Truncation } from './bounded';
import { jsonDepthExceeds } from '../../common/json-depth';
import { MAX_JSON_DEPTH } from './endpoint/transport';
import { neutralize } from './untrusted';

export const GRAPH_VIEW_TYPE = 'lineageLens.graph';

const OPEN_AGAIN = 'Open it again with "Lineage Lens: Open Lineage Graph from JSON File".';
/** Larger exports are refused: a 20,000-node PNG at its cap is about 30 MB. */
const MAX_EXPORT_BYTES = 256 * 1024 * 1024;
/** How long the Export command waits for the webview to build the file. */
const EXPORT_ANSWER_MS = 60_000;

/** A file read and parsed as JSON, or why it could not be. */
type Loaded = { ok: true; graph: unknown } | { ok: false; message: string };

/** What a panel shows besides the graph itself. */
export interface GraphContentOptions {
  /** What the graph is shown as: a file name, or the focused node's name. */
  title: string;
  /** Where it comes from (a URI string); file URIs are re-read after a reload. */
  source?: string;
  focus?: string;
  depth?: number;
  direction?: LineageDirection;
  mode?: GraphMode;
  /**
   * Fetches more lineage of a node when the user expands past what the graph holds (its edges lead outside
   * it), e.g. `GET /api/v1/lineage?nodeId=…&depth=…`. Without it the panel says there is no more.
   */
  fetchMore?: (nodeId: string, direction: ExpandDirection) => Promise<{ graph?: unknown; message?: string }>;
  /** Lines shown above the graph: what may be missing from it (besides what was cut to be drawn). */
  notices?: string[];
}

/** Open panels by source, so that showing a source twice reveals (and refreshes) its panel. */
const panels = new Map<string, GraphPanel>();
/** The panel the user looked at last, for the export command. */
let activePanel: GraphPanel | undefined;

function setActivePanel(panel: GraphPanel | undefined): void {
  activePanel = panel;
}

function fileName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path) || uri.toString();
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Largest lineage graph file opened: 2.5 times the endpoint client's 20 MiB limit of one response. */
export const MAX_LINEAGE_FILE_BYTES = 50 * 1024 * 1024;

/** Reads `uri` and parses it as JSON. Never throws; the message names the file and the problem. */
export async function readLineageFile(uri: vscode.Uri): Promise<Loaded> {
  const name = fileName(uri);
  let bytes: Uint8Array;
  const tooLarge = (size: number) => ({
    ok: false as const,
    message: `${name} is ${Math.round(size / 1048576)} MB, more than the ${MAX_LINEAGE_FILE_BYTES / 1048576} MB a lineage graph file may have. Save a smaller response (a smaller depth) to view it.`,
  });
  try {
    // Checked before reading: a file of gigabytes would stall (or end) the extension host.
    const { size } = await vscode.workspace.fs.stat(uri);
    if (size > MAX_LINEAGE_FILE_BYTES) return tooLarge(size);
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    return { ok: false, message: `Cannot read ${name}: ${errorText(e)}` };
  }
  if (bytes.byteLength > MAX_LINEAGE_FILE_BYTES) return tooLarge(bytes.byteLength);
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    return {
      ok: false,
      message: `${name} is empty. Save the response of GET /api/v1/lineage into it, e.g. curl -G 'http://marquez:5000/api/v1/lineage' --data-urlencode 'nodeId=…' > ${name}`,
    };
  }
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    return {
      ok: false,
      message: `${name} nests its JSON more than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels deep: it is not a lineage response (those are a few levels deep).`,
    };
  }
  try {
    return { ok: true, graph: JSON.parse(text) as unknown };
  } catch (e) {
    return {
      ok: false,
      message: `${name} is not valid JSON (${errorText(e)}). A saved lineage response is the JSON body of GET /api/v1/lineage, unchanged.`,
    };
  }
}

function isState(value: unknown): value is GraphWebviewState {
  return typeof value === 'object' && value !== null;
}

/** One webview panel showing one graph. */
class GraphPanel {
  private content: Loaded;
  private options: GraphContentOptions;
  private readonly disposables: vscode.Disposable[] = [];
  /** Whether the webview has drawn the graph last posted; the waiters for it. */
  private drawn = false;
  private drawnWaiters: (() => void)[] = [];
  /** The export the Export command asked for, waiting for the webview's answer. */
  private pendingExport: { target: vscode.Uri | undefined; resolve: (uri: vscode.Uri | undefined) => void } | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    content: Loaded,
    options: GraphContentOptions,
  ) {
    this.content = content;
    this.options = options;
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
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (message) void this.receive(message);
      }),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) setActivePanel(this);
      }),
    );
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    if (options.source !== undefined) panels.set(options.source, this);
    setActivePanel(this);
  }

  /** Replaces what the panel shows, e.g. after the file was opened again. */
  update(content: Loaded, options: GraphContentOptions): void {
    this.content = content;
    this.options = options;
    void this.post();
  }

  /**
   * Asks the webview for an export; it answers with an `export` message, which saves it (to `target`, else
   * where the user picks). Resolves with the file written, or undefined when nothing was (cancelled, failed,
   * or no answer within a minute).
   */
  requestExport(format: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    this.pendingExport?.resolve(undefined);
    return new Promise((resolve) => {
      const pending: { target: vscode.Uri | undefined; resolve: (uri: vscode.Uri | undefined) => void } = { target, resolve };
      this.pendingExport = pending;
      const timer = setTimeout(() => {
        if (this.pendingExport === pending) this.pendingExport = undefined;
        resolve(undefined);
      }, EXPORT_ANSWER_MS);
      pending.resolve = (uri) => {
        clearTimeout(timer);
        resolve(uri);
      };
      // A panel just opened may still be loading: ask once it has drawn the graph (a message sent to a
      // webview before its script listens is lost).
      this.whenDrawn(() => {
        if (this.pendingExport === pending)
          void this.panel.webview.postMessage({ type: 'requestExport', format } satisfies HostToWebviewMessage);
      });
    });
  }

  private whenDrawn(run: () => void): void {
    if (this.drawn) run();
    else this.drawnWaiters.push(run);
  }

  /** The graph as the webview gets it (./bounded.ts), computed once per content. */
  private bounded: { source: unknown; graph: unknown; truncated: Truncation | undefined } | undefined;

  private boundedContent(graph: unknown): { graph: unknown; truncated: Truncation | undefined } {
    if (this.bounded && this.bounded.source === graph) return this.bounded;
    const bounded = { source: graph, ...boundGraph(graph) };
    this.bounded = bounded;
    return bounded;
  }

  private post(): Thenable<boolean> {
    this.drawn = false;
    const o = this.options;
    let message: HostToWebviewMessage;
    if (this.content.ok && o.source !== undefined) {
      const { graph, truncated } = this.boundedContent(this.content.graph);
      const show: ShowGraphMessage = { type: 'showGraph', graph, title: o.title, source: o.source };
      const notices = [...(o.notices ?? []), ...(truncated ? [truncationNotice(truncated)] : [])];
      if (notices.length > 0) show.notices = notices.map((text) => ({ text }));
      if (o.focus !== undefined) show.focus = o.focus;
      if (o.depth !== undefined) show.depth = o.depth;
      if (o.direction !== undefined) show.direction = o.direction;
      if (o.mode !== undefined) show.mode = o.mode;
      message = show;
    } else {
      message = { type: 'error', message: this.content.ok ? `This panel no longer knows its file. ${OPEN_AGAIN}` : this.content.message };
    }
    return this.panel.webview.postMessage(message);
  }

  private async receive(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.post();
        break;
      case 'export':
        {
          // An export the command asked for goes where it said; one from the toolbar asks where. Saved in both
          // cases (`pending?.resolve(await saveExport(…))` would skip the save when no command waits).
          const pending = this.pendingExport;
          this.pendingExport = undefined;
          const written = await saveExport(message, this.options.source, pending?.target);
          pending?.resolve(written);
        }
        break;
      case 'openSource':
        await openSource(message.uri, message.range?.startLine);
        break;
      case 'expand':
        await this.expand(message.nodeId, message.direction);
        break;
      case 'command':
        // Graph tabs offer no command buttons: nothing to run.
        break;
      case 'drawn':
        if (message.state === 'graph') {
          completeStep('graph');
          this.drawn = true;
          for (const run of this.drawnWaiters.splice(0)) run();
        }
        break;
    }
  }

  private async expand(nodeId: string, direction: ExpandDirection): Promise<void> {
    let answer: { graph?: unknown; message?: string };
    if (!this.options.fetchMore) {
      answer = {
        message: `${this.options.title} holds only the lineage shown: its edges ${direction} of this node lead outside it. Save a response with a greater depth (GET /api/v1/lineage?depth=…) to see more.`,
      };
    } else {
      try {
        answer = await this.options.fetchMore(nodeId, direction);
      } catch (e) {
        answer = { message: `Could not fetch the lineage ${direction} of ${nodeId}: ${errorText(e)}` };
      }
    }
    await this.panel.webview.postMessage(expandResultMessage(nodeId, direction, answer));
  }

  private dispose(): void {
    this.pendingExport?.resolve(undefined);
    this.pendingExport = undefined;
    if (this.options.source !== undefined && panels.get(this.options.source) === this) panels.delete(this.options.source);
    if (activePanel === this) setActivePanel(undefined);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The save dialog of exports: VS Code's, unless a test replaced it ({@link setExportSaveDialog}). */
type SaveDialog = (options: vscode.SaveDialogOptions) => Thenable<vscode.Uri | undefined>;
const realSaveDialog: SaveDialog = (options) => vscode.window.showSaveDialog(options);
let showSaveDialog = realSaveDialog;

/**
 * Replaces the save dialog exports ask (undefined: VS Code's again). For the integration tests, which cannot
 * answer a dialog the workbench draws; they get it through the extension's API (`LineageLensApi.testing`).
 */
export function setExportSaveDialog(dialog: SaveDialog | undefined): void {
  showSaveDialog = dialog ?? realSaveDialog;
}

/**
 * Saves an export the webview built: asks where (next to the graph's file, else in the workspace), writes it
 * with `workspace.fs`, and offers to open it. Oversized exports are refused with a message.
 */
export async function saveExport(
  message: { format: ExportFormat; data: string; encoding: 'utf8' | 'base64'; fileName: string },
  sourceOfGraph: string | undefined,
  chosenTarget?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const { format, data, encoding, fileName: suggested } = message;
  const bytes = encoding === 'base64' ? Buffer.from(data, 'base64') : new TextEncoder().encode(data);
  if (bytes.byteLength > MAX_EXPORT_BYTES) {
    void vscode.window.showErrorMessage(
      neutralize(
        `Lineage Lens: the ${format.toUpperCase()} export is ${Math.round(bytes.byteLength / 1048576)} MB, too large to save. Explore around one node to export less.`,
      ),
    );
    return undefined;
  }
  let source: vscode.Uri | undefined;
  try {
    source = sourceOfGraph !== undefined ? vscode.Uri.parse(sourceOfGraph, true) : undefined;
  } catch {
    source = undefined;
  }
  const folder = source?.scheme === 'file' ? vscode.Uri.joinPath(source, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = safeFileName(suggested, format);
  const filters: Record<ExportFormat, Record<string, string[]>> = {
    svg: { 'SVG image': ['svg'] },
    png: { 'PNG image': ['png'] },
    json: { 'Lineage JSON': ['json'] },
  };
  const target =
    chosenTarget ??
    (await showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: filters[format],
      saveLabel: `Export ${format.toUpperCase()}`,
      title: `Export the lineage graph as ${format.toUpperCase()}`,
    }));
  if (!target) return undefined;
  try {
    await vscode.workspace.fs.writeFile(target, bytes);
  } catch (e) {
    void vscode.window.showErrorMessage(neutralize(`Lineage Lens: cannot write ${fileName(target)}: ${errorText(e)}`));
    return undefined;
  }
  const open = format === 'png' ? undefined : 'Open';
  void vscode.window
    .showInformationMessage(neutralize(`Lineage Lens: exported the graph to ${fileName(target)}.`), ...(open ? [open] : []))
    .then((picked) => {
      if (picked === open) void vscode.commands.executeCommand('vscode.open', target);
    });
  return target;
}

/**
 * Opens a source code location from the webview: http(s) links in the browser (VS Code asks before opening an
 * untrusted domain), files only inside the workspace, at the line given. Anything else is refused.
 */
export async function openSource(raw: string, line?: number): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(raw, true);
  } catch {
    void vscode.window.showWarningMessage(neutralize(`Lineage Lens: "${raw}" is not a link that can be opened.`));
    return;
  }
  if (uri.scheme === 'http' || uri.scheme === 'https') {
    await vscode.env.openExternal(uri);
    return;
  }
  if (uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(uri)) {
    const position = new vscode.Position(line ?? 0, 0);
    await vscode.window.showTextDocument(uri.with({ fragment: '' }), { selection: new vscode.Range(position, position), preview: true });
    return;
  }
  void vscode.window.showWarningMessage(
    neutralize(`Lineage Lens: not opening ${raw}: only http(s) links and files in the workspace are opened from a lineage graph.`),
  );
}

function createPanel(context: vscode.ExtensionContext, title: string): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, `Lineage: ${title}`, vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
  });
}

/**
 * Shows a lineage response (untrusted, validated by the webview) in a graph panel: the one already showing the
 * same source, or a new one. This is the `ShowGraph` the lineage viewer commands need.
 */
export async function showLineageGraph(
  context: vscode.ExtensionContext,
  graph: unknown,
  options: GraphContentOptions,
): Promise<vscode.WebviewPanel> {
  const source = options.source ?? `untitled:lineage-${Date.now()}`;
  const o = { ...options, source };
  const existing = panels.get(source);
  if (existing) {
    existing.update({ ok: true, graph }, o);
    existing.panel.reveal();
    return existing.panel;
  }
  const panel = createPanel(context, options.title);
  new GraphPanel(panel, context, { ok: true, graph }, o);
  return panel;
}

/**
 * Shows the lineage response in `uri` as a graph; without `uri`, asks for a JSON file first. A file that
 * cannot be read or is not JSON gives an error notification; JSON of the wrong shape opens the panel, which
 * explains what is wrong. Returns the panel, or undefined when nothing was opened.
 */
export async function openLineageGraphFromFile(
  context: vscode.ExtensionContext,
  uri?: vscode.Uri,
): Promise<vscode.WebviewPanel | undefined> {
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
    void vscode.window.showErrorMessage(neutralize(`Lineage Lens: ${content.message}`));
    return undefined;
  }
  const options: GraphContentOptions = { title: fileName(uri), source: uri.toString() };
  const existing = panels.get(uri.toString());
  if (existing) {
    existing.update(content, options);
    existing.panel.reveal();
    return existing.panel;
  }
  const panel = createPanel(context, fileName(uri));
  new GraphPanel(panel, context, content, options);
  return panel;
}

/** What the Export command did. */
export type ExportResult = { ok: true; uri: string } | { ok: false; message: string };

/** The export command's target argument: a URI (or its string), or an absolute file path. */
function targetOf(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value !== 'string' || value === '') return undefined;
  if (path.isAbsolute(value)) return vscode.Uri.file(value);
  try {
    return vscode.Uri.parse(value, true);
  } catch {
    return undefined;
  }
}

/**
 * Exports the graph of the active (or last active) panel: asks for the format unless given (`svg`, `png`,
 * `json`), then the webview builds the file and the panel saves it, to `target` when given (a URI or an
 * absolute path; for scripts and tests), else where the save dialog says.
 */
export async function exportActiveGraph(format?: unknown, target?: unknown): Promise<ExportResult> {
  const panel = activePanel;
  if (!panel) {
    const message =
      'Open a lineage graph first ("Lineage Lens: Open Lineage Graph from JSON File" or "Lineage Lens: Show Lineage"), then export it.';
    void vscode.window.showInformationMessage(neutralize(`Lineage Lens: ${message}`));
    return { ok: false, message };
  }
  if (format !== undefined && !FORMATS.includes(format as ExportFormat)) {
    const message = `Cannot export as ${JSON.stringify(format)}: the formats are ${FORMATS.join(', ')}.`;
    void vscode.window.showErrorMessage(neutralize(`Lineage Lens: ${message}`));
    return { ok: false, message };
  }
  const to = targetOf(target);
  if (target !== undefined && !to) {
    const message = `Cannot export to ${JSON.stringify(target)}: give a file URI or an absolute path.`;
    void vscode.window.showErrorMessage(neutralize(`Lineage Lens: ${message}`));
    return { ok: false, message };
  }
  let chosen = format as ExportFormat | undefined;
  if (!chosen) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'SVG', description: 'vector image, the theme’s colours', format: 'svg' as const },
        { label: 'PNG', description: 'bitmap image', format: 'png' as const },
        { label: 'JSON', description: 'the shown nodes as a lineage response (opens again as a graph)', format: 'json' as const },
      ],
      { title: 'Export the lineage graph as', placeHolder: 'Format' },
    );
    if (!pick) return { ok: false, message: 'Cancelled.' };
    chosen = pick.format;
  }
  const written = await panel.requestExport(chosen, to);
  return written
    ? { ok: true, uri: written.toString() }
    : { ok: false, message: 'Nothing was exported (cancelled, or the file could not be written).' };
}

/** A fetched graph fetched again after a reload, or why it cannot be. */
export type Refetched = { ok: true; graph: unknown; options: Omit<GraphContentOptions, 'source'> } | { ok: false; message: string };

/** Registers the open and export commands, and restores graph panels after a reload. */
export function registerGraphPanel(
  context: vscode.ExtensionContext,
  deps: { refetch?: (source: string) => Promise<Refetched> } = {},
): void {
  /** Graphs that are not a saved lineage response: fetched from an endpoint, or read from a DAG file's code. */
  const fetched = (uri: vscode.Uri) =>
    uri.scheme === 'http' || uri.scheme === 'https' || (uri.scheme === 'file' && !uri.path.toLowerCase().endsWith('.json'));
  context.subscriptions.push(
    // From the explorer context menu the first argument is the clicked file; from the palette there is none.
    vscode.commands.registerCommand('lineageLens.openLineageFile', (uri?: vscode.Uri) => openLineageGraphFromFile(context, uri)),
    vscode.commands.registerCommand('lineageLens.exportGraph', (format?: unknown, target?: unknown) => exportActiveGraph(format, target)),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const source = isState(state) && typeof state.source === 'string' ? state.source : undefined;
        const title = isState(state) && typeof state.title === 'string' ? state.title : 'lineage graph';
        if (source === undefined) {
          new GraphPanel(
            panel,
            context,
            { ok: false, message: `This lineage graph was restored without the name of its file. ${OPEN_AGAIN}` },
            { title },
          );
          return;
        }
        const uri = vscode.Uri.parse(source, true);
        if (fetched(uri) && deps.refetch) {
          // Such a graph is not kept across reloads: it is fetched again (the view state is the webview's).
          const again = await deps.refetch(source);
          if (again.ok) new GraphPanel(panel, context, { ok: true, graph: again.graph }, { ...again.options, source });
          else new GraphPanel(panel, context, { ok: false, message: again.message }, { title, source });
          return;
        }
        if (uri.scheme === 'http' || uri.scheme === 'https' || uri.scheme === 'untitled') {
          new GraphPanel(
            panel,
            context,
            {
              ok: false,
              message: `This lineage graph (${source}) is not kept across reloads. Show it again with "Lineage Lens: Show Lineage".`,
            },
            { title, source },
          );
          return;
        }
        const content = await readLineageFile(uri);
        new GraphPanel(panel, context, content.ok ? content : { ok: false, message: `${content.message} ${OPEN_AGAIN}` }, {
          title: fileName(uri),
          source,
        });
      },
    }),
  );
}
