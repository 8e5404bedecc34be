/**
 * The DAG Lineage view: a webview view in the Lineage side bar that follows the active editor. For a Python
 * file defining Airflow DAGs it shows their lineage: the tasks and datasets the code declares, merged with
 * what the lineage endpoint saw at runtime, datasets and tasks found only in one place marked. A click on a
 * task opens its definition; a click on a dataset fetches its lineage around it (from the endpoint, else from
 * the other DAGs of the workspace). Without an endpoint it shows the code's lineage alone.
 *
 * It reuses the graph webview bundle (variant `side`), so drawing, layout and exploration are the graph tab's.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DrawnMessage, HostAction, HostToWebviewMessage, WebviewToHostMessage } from '../../../protocol/webview';
import { graphHtml, parseWebviewMessage } from '../graph-html';
import { boundedShowGraph, expandResultMessage } from '../bounded';
import { completeStep } from '../walkthrough';
import { openSource, saveExport } from '../graph-panel';
import { codeOnlyLineage, mergeDagLineage, neighbourhood, nodesOf, type DagLineageSummary } from './merge';
import { ACTIONS, ALLOWED_COMMANDS, noticesFor } from './notices';
import type { EndpointSession } from '../endpoint/session';
import type { DagLineageSource } from './source';
import { count } from '../../../common/plural';

export const DAG_LINEAGE_VIEW = 'lineageLens.dagLineage';

/** Reloads after typing in the shown file wait this long after the last keystroke. */
const TYPING_DELAY_MS = 800;
/** How long Show DAG Lineage waits for the view to finish loading before returning what it shows. */
const SHOW_WAIT_MS = 60_000;

/** What the view shows, for the Show DAG Lineage command's result and the tests. */
export interface DagViewState {
  /**
   * `no-file`: no editor is open; `not-python`: the active file is not Python; `no-dag`: it defines no DAG
   * task; `server`: the language server is not running; `code`: the code's lineage only (no endpoint);
   * `merged`: code and runtime; `runtime-error`: the code's lineage, the endpoint failed; `loading`.
   */
  kind: 'no-file' | 'not-python' | 'no-dag' | 'server' | 'code' | 'merged' | 'runtime-error' | 'loading';
  uri?: string;
  nodeCount: number;
  summary?: DagLineageSummary;
  /** The endpoint read (`merged`, `runtime-error`) and the namespace its tasks were looked up in. */
  endpoint?: string;
  namespace?: string;
  /** Why the runtime part is missing or incomplete. */
  message?: string;
  /** The notices above the graph, as text. */
  notices: string[];
}

class DagLineageViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** The file shown (or asked for), and the last message posted for it. */
  private uri: vscode.Uri | undefined;
  private message: HostToWebviewMessage | undefined;
  private state: DagViewState = { kind: 'no-file', nodeCount: 0, notices: [] };
  private loading: { abort: AbortController; done: Promise<DagViewState> } | undefined;
  private ticket = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<DagViewState>();
  private readonly drew = new vscode.EventEmitter<DrawnMessage>();
  private drawnLast: DrawnMessage | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.drew];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly source: DagLineageSource,
    private readonly session: EndpointSession,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Focus in a panel, the terminal or a webview leaves no active text editor: keep showing the last file.
        if (editor && editor.document.uri.toString() !== this.uri?.toString()) void this.show(editor.document);
      }),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document.uri.toString() === this.uri?.toString()) void this.show(document);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || e.document.uri.toString() !== this.uri?.toString()) return;
        clearTimeout(this.typingTimer);
        this.typingTimer = setTimeout(() => void this.show(e.document), TYPING_DELAY_MS);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lineageLens.endpoint')) void this.reload({ fresh: true });
      }),
      this.context.secrets.onDidChange((e) => {
        if (e.key.startsWith('lineageLens.apiKey:')) void this.reload({ fresh: true });
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload({ fresh: true })),
    );
  }

  dispose(): void {
    clearTimeout(this.typingTimer);
    this.loading?.abort.abort();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** Fires each time the view finished showing something. */
  get onDidChange(): vscode.Event<DagViewState> {
    return this.changed.event;
  }

  get current(): DagViewState {
    return this.state;
  }

  /** Fires when the webview reports what it drew (a graph's first frame, or a message instead). */
  get onDidDraw(): vscode.Event<DrawnMessage> {
    return this.drew.event;
  }

  /** What the webview last said it drew. */
  get lastDrawn(): DrawnMessage | undefined {
    return this.drawnLast;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const root = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, localResourceRoots: [root] };
    view.webview.html = graphHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css')).toString(),
      nonce: randomBytes(16).toString('base64'),
      title: 'DAG Lineage',
    });
    const subscriptions = [
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (message) void this.receive(message);
      }),
      view.onDidChangeVisibility(() => {
        // Hidden views do no work; shown again, they catch up with the editor.
        if (view.visible) void this.followEditor();
      }),
    ];
    view.onDidDispose(() => {
      for (const s of subscriptions) s.dispose();
      if (this.view === view) this.view = undefined;
    });
    void this.followEditor();
  }

  /** Shows the active editor's file, or keeps what is shown when no editor is active. */
  followEditor(): Promise<DagViewState> {
    const document = vscode.window.activeTextEditor?.document;
    if (document) return this.show(document);
    if (!this.uri)
      return Promise.resolve(
        this.publish(
          { kind: 'no-file', nodeCount: 0, notices: [] },
          this.noticeMessage('No file is open.', [
            'Open a Python file that defines an Airflow DAG: its tasks and the datasets they read and write appear here, next to what the DAG reported at runtime.',
          ]),
        ),
      );
    return this.reload({});
  }

  /** Loads the file shown again (`fresh`: also the runtime lineage). */
  async reload(options: { fresh?: boolean }): Promise<DagViewState> {
    if (options.fresh) this.source.clear();
    const uri = this.uri;
    if (!uri) return this.followEditor();
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return document ? this.show(document, options) : this.state;
  }

  /** Shows the lineage of `document`; a newer call supersedes an older one still loading. */
  show(document: vscode.TextDocument, options: { fresh?: boolean } = {}): Promise<DagViewState> {
    this.uri = document.uri;
    clearTimeout(this.typingTimer);
    this.loading?.abort.abort();
    if (!this.view?.visible) {
      // Shown later, when the view becomes visible.
      this.loading = undefined;
      return Promise.resolve(this.state);
    }
    const abort = new AbortController();
    const ticket = ++this.ticket;
    const done = this.load(document, ticket, abort.signal, options.fresh === true).catch((error: unknown) => {
      this.output.error(`DAG Lineage: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return this.publish(
        { kind: 'server', uri: document.uri.toString(), nodeCount: 0, notices: [] },
        this.noticeMessage(
          'The lineage of this file could not be shown.',
          [`${error instanceof Error ? error.message : String(error)}`],
          [ACTIONS.output, ACTIONS.retry],
        ),
      );
    });
    this.loading = { abort, done };
    return done;
  }

  private async load(document: vscode.TextDocument, ticket: number, signal: AbortSignal, fresh: boolean): Promise<DagViewState> {
    const uri = document.uri.toString();
    const name = path.posix.basename(document.uri.path);
    const current = () => ticket === this.ticket;
    if (document.languageId !== 'python') {
      return this.publish(
        { kind: 'not-python', uri, nodeCount: 0, notices: [] },
        this.noticeMessage(`${name} is not a Python file.`, [
          'The DAG Lineage view shows the lineage of Airflow DAG files. Open a Python file that defines a DAG (with DAG(...), "with DAG(...)" or @dag).',
        ]),
      );
    }
    if (this.view) this.view.description = name;
    const code = await this.source.code(uri);
    if (!current()) return this.state;
    if (!code.ok)
      return this.publish(
        { kind: 'server', uri, nodeCount: 0, notices: [] },
        this.noticeMessage('The DAG cannot be read.', [code.message], [ACTIONS.restart, ACTIONS.output]),
      );
    if (code.dagIds.length === 0 || nodesOf(code.graph).length === 0) {
      return this.publish(
        { kind: 'no-dag', uri, nodeCount: 0, notices: [] },
        this.noticeMessage(`${name} defines no Airflow DAG tasks.`, [
          'The view shows the tasks of the DAGs a file defines (DAG(...), "with DAG(...)" or @dag) and the datasets they read and write (inlets and outlets, Datasets and Assets, OpenMetadata xlets).',
          'A DAG with no tasks, or one built entirely by a function call the language server cannot follow, has nothing to show.',
        ]),
      );
    }
    const codeOnly = codeOnlyLineage(code.graph);
    const title = `${name} · ${code.dagIds.join(', ')}`;
    // The code's lineage at once; the runtime's when it arrives.
    const runtimePending = this.source.runtime(code.dagIds, code.namespace, code.taskJobs, { fresh });
    const quick = await Promise.race([runtimePending, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
    if (!quick) {
      this.publish(
        {
          kind: 'loading',
          uri,
          nodeCount: nodesOf(codeOnly.graph).length,
          summary: codeOnly.summary,
          notices: ['Reading the runtime lineage…'],
        },
        {
          type: 'showGraph',
          graph: codeOnly.graph,
          title,
          source: `dag-lineage:${uri}`,
          variant: 'side',
          notices: [{ text: 'Lineage read from the code; reading what the DAG reported at runtime…' }],
        },
        false,
      );
    }
    const runtime = quick ?? (await runtimePending);
    if (!current() || signal.aborted) return this.state;
    const merged =
      runtime.kind === 'ok'
        ? mergeDagLineage(code.graph, runtime.lineage.graph, { endpoint: runtime.endpoint, namespace: runtime.namespace })
        : codeOnly;
    const notices = noticesFor(merged.summary, runtime);
    const state: DagViewState = {
      kind: runtime.kind === 'ok' ? 'merged' : runtime.kind === 'error' ? 'runtime-error' : 'code',
      uri,
      nodeCount: nodesOf(merged.graph).length,
      summary: merged.summary,
      ...(runtime.kind !== 'unconfigured' && { endpoint: runtime.endpoint, namespace: runtime.namespace }),
      ...(runtime.kind === 'error' || runtime.kind === 'unconfigured'
        ? { message: runtime.message }
        : runtime.lineage.incomplete
          ? { message: runtime.lineage.incomplete }
          : {}),
      notices: notices.map((n) => n.text),
    };
    if (this.view) this.view.description = `${name} · ${runtime.kind === 'ok' ? 'code + runtime' : 'code'}`;
    return this.publish(state, { type: 'showGraph', graph: merged.graph, title, source: `dag-lineage:${uri}`, variant: 'side', notices });
  }

  private noticeMessage(heading: string, paragraphs: string[], actions: HostAction[] = []): HostToWebviewMessage {
    if (this.view) this.view.description = undefined;
    return { type: 'notice', heading, paragraphs, actions };
  }

  /** Posts `message` and records `state`; `final` states fire onDidChange. */
  private publish(state: DagViewState, unbounded: HostToWebviewMessage, final = true): DagViewState {
    const message = boundedShowGraph(unbounded);
    this.state = state;
    this.message = message;
    void this.view?.webview.postMessage(message);
    if (final) {
      this.output.info(
        `DAG Lineage: ${state.kind}${state.uri ? ` ${state.uri}` : ''}, ${count(state.nodeCount, 'node')}${state.message ? ` (${state.message})` : ''}.`,
      );
      this.changed.fire(state);
    }
    return state;
  }

  private async receive(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // The webview (re)loaded: it gets what is shown, or the active file's lineage.
        if (this.message) await this.view?.webview.postMessage(this.message);
        else await this.followEditor();
        break;
      case 'openSource':
        await openSource(message.uri, message.range?.startLine);
        break;
      case 'export':
        await saveExport(message, this.uri?.toString());
        break;
      case 'command':
        if (ALLOWED_COMMANDS.has(message.command)) await vscode.commands.executeCommand(message.command);
        else this.output.warn(`DAG Lineage: ignored a request to run ${message.command}, which the view does not offer.`);
        break;
      case 'expand':
        await this.expand(message.nodeId);
        break;
      case 'drawn':
        if (message.state === 'graph') completeStep('graph');
        this.drawnLast = message;
        this.drew.fire(message);
        break;
    }
  }

  /** The lineage around a node: the endpoint's, else the other DAGs of the workspace that use it. */
  private async expand(nodeId: string): Promise<void> {
    const answer = await this.lineageAround(nodeId);
    await this.view?.webview.postMessage(expandResultMessage(nodeId, 'both', answer));
  }

  private async lineageAround(nodeId: string): Promise<{ graph?: unknown; message?: string }> {
    const fetched = await this.session.around(nodeId);
    if (fetched.kind === 'ok') return { graph: fetched.graph };
    if (fetched.kind === 'error') return { message: fetched.message };
    const workspace = await this.source.code('', { whole: true });
    if (!workspace.ok) return { message: workspace.message };
    const around = neighbourhood(workspace.graph, nodeId, 2);
    if (around.graph.length <= 1)
      return {
        message:
          'No other DAG in the workspace reads or writes it, and no lineage endpoint is set to ask (run "Lineage Lens: Set Endpoint").',
      };
    return { graph: around };
  }
}

/** Registers the DAG Lineage view and its commands; returns the provider for the extension's other parts. */
export function registerDagLineageView(
  context: vscode.ExtensionContext,
  deps: { source: DagLineageSource; session: EndpointSession; output: vscode.LogOutputChannel },
): DagLineageViewProvider {
  const provider = new DagLineageViewProvider(context, deps.source, deps.session, deps.output);
  context.subscriptions.push(
    provider,
    vscode.window.registerWebviewViewProvider(DAG_LINEAGE_VIEW, provider),
    // Reveals the view and returns what it shows once it is loaded (for scripts and tests).
    vscode.commands.registerCommand('lineageLens.showDagLineage', async (): Promise<DagViewState> => {
      const next = new Promise<DagViewState>((resolve) => {
        const finish = (state: DagViewState) => {
          clearTimeout(timer);
          sub.dispose();
          resolve(state);
        };
        const sub = provider.onDidChange(finish);
        // A load that never ends (an endpoint that does not answer within its own timeout) still returns.
        const timer = setTimeout(() => finish(provider.current), SHOW_WAIT_MS);
      });
      await vscode.commands.executeCommand(`${DAG_LINEAGE_VIEW}.focus`);
      void provider.followEditor();
      return next;
    }),
    vscode.commands.registerCommand('lineageLens.refreshDagLineage', () => provider.reload({ fresh: true })),
  );
  return provider;
}

export type { DagLineageViewProvider };
