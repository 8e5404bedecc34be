/**
 * The lineage viewer's commands and views: Show Lineage, Search Lineage, Show Column Lineage, Refresh, Show
 * Recent Runs, and the Recent Runs and Issues views of the "Lineage" container.
 *
 * Every command takes its input as its first argument (for scripts, keybindings and tests) and asks for it
 * otherwise, and returns a result object saying what it did. The graph itself is drawn by the `show`
 * function extension.ts passes in; the commands fetch what to show and say what they showed.
 *
 * Nothing here runs at activation beyond registering: the views load when first shown, the commands when run.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { staticLineageRequest, type StaticLineageParams } from '../../../protocol/lineage';
import type { MarquezClient } from '../endpoint/client';
import { EndpointError, remedyFor, REMEDY_COMMANDS, type EndpointErrorKind } from '../endpoint/errors';
import type { EndpointSession } from '../endpoint/session';
import type { SearchResult } from '../../../protocol/marquez';
import { LatestSearch } from './debounce';
import { issueItems, recentRunItems, type ViewItem } from './items';
import {
  DEFAULT_LINEAGE_DEPTH,
  graphNodes,
  graphTitle,
  parseColumnLineageArgs,
  parseSearchArgs,
  parseShowLineageArgs,
  SEARCH_LIMIT,
  searchPickItem,
  usableResults,
} from './lineage';
import { loadRunsState, RunsStore, unconfiguredReason, type RunsState, type UnconfiguredReason } from './runs';
import type { ShowGraph } from './show';
import { withChildJobs, type WithChildJobs } from './children';
import { markIssues } from './issue-marks';
import type { IssueMarkedData } from '../../../protocol/webview';

const isMarked = (data: unknown): data is IssueMarkedData => typeof data === 'object' && data !== null && 'lineageLensIssue' in data;
import { createRunViews, RECENT_RUNS_VIEW } from './trees';
import { neutralize } from '../untrusted';
import { count } from '../../../common/plural';

export type { ShowGraph, ShowGraphOptions } from './show';

/** What the viewer needs from the rest of the extension. */
export interface ViewerDeps {
  /** Draws a graph (the graph panel). */
  show: ShowGraph;
  /** The language client, for lineage read from DAG code; undefined or not running: that source is skipped. */
  client: () => LanguageClient | undefined;
  output: vscode.LogOutputChannel;
  /** The endpoint session: which endpoint applies, with its API keys. */
  session: EndpointSession;
}

/** Why a viewer command did not show anything. */
export type ViewerFailureKind = EndpointErrorKind | 'not-configured' | 'invalid-argument' | 'empty' | 'show-failed';

export type ViewerFailure = { ok: false; kind: ViewerFailureKind; message: string };

/** What Show Lineage / Show Column Lineage showed (or would have shown, with a `show` that draws nothing). */
export interface Shown {
  title: string;
  focus?: string;
  nodeCount: number;
  source: string;
  mode: 'table' | 'column';
  /** `endpoint`: fetched from the lineage endpoint; `code`: read from the DAG file by the language server. */
  origin: 'endpoint' | 'code';
  /** For a parent job (an Airflow DAG): its child jobs (tasks) shown with it. */
  childJobs?: string[];
  /** Lines shown above the graph: what may be missing from it. */
  notices?: string[];
  /** The nodes marked with an open issue (the Issues view's), with the issue's summary. */
  issues?: { nodeId: string; summary: string }[];
}

export type ShowLineageResult = { ok: true; shown: Shown } | ViewerFailure;

/** Search Lineage with a query: the hits, no UI. */
export type SearchLineageResult = { ok: true; query: string; totalCount: number; results: SearchResult[] } | ViewerFailure;

/** One view's content after a refresh. */
export interface ViewSummary {
  /** Runs (Recent Runs) or issues (Issues) in the loaded data; 0 when there is none. */
  count: number;
  /** The view's top-level items, with their children, as the view shows them. */
  items: ViewItem[];
}

/** Refresh's outcome: both views' content once the reload finished. */
export interface RefreshResult {
  state: RunsState['kind'];
  /** Why there is nothing to show (`unconfigured`, `error`). */
  message?: string;
  /** Why there is no endpoint (`unconfigured`). */
  reason?: UnconfiguredReason;
  /** The endpoint read (`ok`). */
  endpoint?: string;
  recentRuns: ViewSummary;
  issues: ViewSummary;
}

/** What registerViewer gives back: the commands' implementations, for the lead's other entry points (DAG panel). */
export interface Viewer {
  showLineage(arg?: unknown): Promise<ShowLineageResult>;
  showColumnLineage(arg?: unknown): Promise<ShowLineageResult>;
  refresh(): Promise<RefreshResult>;
  /** The runs state the views show (loads it if needed). */
  runs(): Promise<RunsState>;
  /** `graph` with its nodes' open issues marked (those of the views' last load), for graphs shown elsewhere. */
  markIssues(graph: unknown): unknown;
}

/** A search hit in the QuickPick; message items (no node) explain an empty or failed search. */
interface PickItem extends vscode.QuickPickItem {
  nodeId?: string;
  run?: string;
}

/** Registers the viewer's commands and views. */
export function registerViewer(context: vscode.ExtensionContext, deps: ViewerDeps): Viewer {
  const { output, session } = deps;

  const store = new RunsStore(async (signal) => {
    const endpoint = await session.resolve({ interactive: false });
    const state = await loadRunsState(
      endpoint.ok
        ? { ok: true, url: endpoint.url, namespace: endpoint.namespace, client: session.client(endpoint) }
        : { ...endpoint, reason: unconfiguredReason(session.settings().choice) },
      signal,
    );
    if (state.kind === 'ok') {
      const s = state.snapshot;
      output.info(
        `Runs: ${count(s.jobCount, 'job')} in ${count(s.namespaces.length, 'namespace')} of ${state.endpoint}: ${count(s.runs.length, 'run')}, ${count(s.issues.length, 'issue')}.`,
      );
    } else if (state.kind === 'error') {
      output.warn(`Runs: ${state.message}`);
    }
    return state;
  });

  const offer = (show: Thenable<string | undefined>) => {
    void show.then((choice) => {
      const remedy = Object.values(REMEDY_COMMANDS).find((r) => r.label === choice);
      if (remedy) void vscode.commands.executeCommand(remedy.command);
    });
  };

  /** Tells the user why nothing was shown; cancellations are silent. */
  const report = (failure: ViewerFailure): ViewerFailure => {
    if (failure.kind === 'cancelled') return failure;
    output.warn(`${failure.kind}: ${failure.message}`);
    const text = `Lineage Lens: ${failure.message}`;
    const remedy = remedyFor(failure.kind);
    if (failure.kind === 'empty') void vscode.window.showInformationMessage(neutralize(text));
    else if (remedy) offer(vscode.window.showErrorMessage(neutralize(text), REMEDY_COMMANDS[remedy].label));
    else void vscode.window.showErrorMessage(neutralize(text));
    return failure;
  };

  const failureOf = (error: unknown): ViewerFailure => {
    if (error instanceof EndpointError) return { ok: false, kind: error.kind, message: error.message };
    throw error;
  };

  /** The endpoint's client, or the failure saying why there is none. */
  async function endpointClient(): Promise<{ ok: true; client: MarquezClient } | ViewerFailure> {
    const endpoint = await session.resolve({ interactive: true });
    if (!endpoint.ok) return { ok: false, kind: 'not-configured', message: endpoint.message };
    return { ok: true, client: session.client(endpoint) };
  }

  /** Runs a request with a cancellable progress notification. */
  function withRequestProgress<T>(title: string, request: (signal: AbortSignal) => Promise<T>): Thenable<T> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: neutralize(title), cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
          return await request(abort.signal);
        } finally {
          subscription.dispose();
        }
      },
    );
  }

  /** The open issues of the views' last load (none before the first). */
  const openIssues = () => {
    const state = store.peek();
    return state?.kind === 'ok' ? state.snapshot.issues : undefined;
  };

  async function display(unmarked: unknown, shown: Shown): Promise<ShowLineageResult> {
    // Nodes with an open issue are marked, and their details open on it (the focus's, from an issue).
    const graph = markIssues(unmarked, openIssues());
    const issues = graphNodes(graph).flatMap((n) => {
      const mark = isMarked(n.data) ? n.data.lineageLensIssue : undefined;
      return mark && typeof n.id === 'string' ? [{ nodeId: n.id, summary: mark.summary }] : [];
    });
    if (issues.length > 0) shown = { ...shown, issues };
    try {
      await deps.show(graph, {
        title: shown.title,
        ...(shown.focus !== undefined && { focus: shown.focus }),
        source: shown.source,
        mode: shown.mode,
        ...(shown.notices && { notices: shown.notices }),
      });
    } catch (error) {
      return report({
        ok: false,
        kind: 'show-failed',
        message: `Showing the graph failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    output.info(`Showing ${shown.title}: ${count(shown.nodeCount, 'node')} from ${shown.source}.`);
    return { ok: true, shown };
  }

  /** Fetches `/lineage` or `/column-lineage` around `nodeId` and shows it. */
  async function fetchAndShow(nodeId: string, depth: number, mode: 'table' | 'column', withDownstream = true): Promise<ShowLineageResult> {
    const endpoint = await endpointClient();
    if (!endpoint.ok) return report(endpoint);
    const { client } = endpoint;
    let graph: unknown;
    let children: WithChildJobs | undefined;
    try {
      graph = await withRequestProgress(
        `Lineage Lens: loading ${mode === 'column' ? 'column lineage' : 'lineage'} of ${nodeId}…`,
        async (signal) => {
          if (mode === 'column') return client.columnLineage(nodeId, depth, withDownstream, { signal });
          // A parent job (an Airflow DAG) is shown with its child jobs (tasks) and their datasets.
          children = await withChildJobs(client, nodeId, await client.lineage(nodeId, depth, { signal }), { signal });
          return children.graph;
        },
      );
    } catch (error) {
      return report(failureOf(error));
    }
    const nodes = graphNodes(graph);
    if (nodes.length === 0) {
      return report({
        ok: false,
        kind: 'empty',
        message:
          mode === 'column'
            ? `${client.baseUrl} has no column lineage for ${nodeId}: its producer sent no columnLineage facet.`
            : `${client.baseUrl} has no lineage for ${nodeId}.`,
      });
    }
    const source =
      mode === 'table' ? client.urlOf(['lineage'], { nodeId, depth }) : client.urlOf(['column-lineage'], { nodeId, depth, withDownstream });
    const focus = nodes.some((n) => n.id === nodeId) ? nodeId : undefined;
    return display(graph, {
      title: graphTitle(graph, nodeId),
      ...(focus !== undefined && { focus }),
      nodeCount: nodes.length,
      source,
      mode,
      origin: 'endpoint',
      ...(children && children.children.length > 0 && { childJobs: children.children }),
      ...(children?.incomplete !== undefined && { notices: [children.incomplete] }),
    });
  }

  /** The active editor's DAG file's lineage, read from the code by the language server; undefined when there is none. */
  async function showActiveDagFile(): Promise<ShowLineageResult | undefined> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'python') return undefined;
    const client = deps.client();
    if (!client || !client.isRunning()) return undefined;
    let graph: unknown;
    try {
      const params: StaticLineageParams = { uri: document.uri.toString() };
      graph = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Lineage Lens: reading the DAG file…' },
        () => client.sendRequest(staticLineageRequest, params),
      );
    } catch (error) {
      output.warn(`Static lineage of ${document.uri.toString()} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    const nodes = graphNodes(graph);
    if (nodes.length === 0) return undefined;
    return display(graph, {
      title: path.posix.basename(document.uri.path),
      nodeCount: nodes.length,
      source: document.uri.toString(),
      mode: 'table',
      origin: 'code',
    });
  }

  /**
   * The search QuickPick: results as you type (debounced, the previous request cancelled). Resolves with the
   * accepted hit's node id, or undefined when dismissed.
   */
  async function pickNode(options: { title: string; filter?: 'dataset' | 'job' }): Promise<{ ok: true; nodeId?: string } | ViewerFailure> {
    const endpoint = await endpointClient();
    if (!endpoint.ok) return endpoint;
    const { client } = endpoint;
    const picker = vscode.window.createQuickPick<PickItem>();
    picker.title = options.title;
    picker.placeholder =
      options.filter === 'dataset' ? 'Type a dataset name (% and _ are wildcards)' : 'Type a dataset or job name (% and _ are wildcards)';
    picker.matchOnDescription = true;
    picker.ignoreFocusOut = false;
    const info = (label: string, detail?: string, run?: string): PickItem => ({
      label,
      ...(detail !== undefined && { detail }),
      alwaysShow: true,
      ...(run !== undefined && { run }),
    });
    const search = new LatestSearch(
      (query, signal) => client.search(query, { limit: SEARCH_LIMIT, signal, ...(options.filter && { filter: options.filter }) }),
      (outcome) => {
        picker.busy = false;
        if (outcome.error !== undefined) {
          const failure = outcome.error instanceof EndpointError ? outcome.error : undefined;
          const remedy = failure && remedyFor(failure.kind);
          const run = remedy && REMEDY_COMMANDS[remedy].command;
          picker.items = [
            { ...info('Search failed', failure?.message ?? String(outcome.error), run), iconPath: new vscode.ThemeIcon('error') },
          ];
          return;
        }
        const results = usableResults(outcome.result?.results ?? []);
        const now = Date.now();
        picker.items =
          results.length === 0
            ? [info(`No ${options.filter === 'dataset' ? 'dataset' : 'dataset or job'} matches "${outcome.query}"`)]
            : results.map((r) => {
                const item = searchPickItem(r, now);
                return {
                  label: item.label,
                  description: item.description,
                  detail: item.detail,
                  iconPath: new vscode.ThemeIcon(item.icon),
                  alwaysShow: true,
                  nodeId: item.nodeId,
                };
              });
      },
    );
    const onValue = (value: string) => {
      const query = value.trim();
      if (query === '') {
        search.cancel();
        picker.busy = false;
        picker.items = [];
        return;
      }
      picker.busy = true;
      search.update(query);
    };
    return new Promise((resolve) => {
      let accepted: string | undefined;
      picker.onDidChangeValue(onValue);
      picker.onDidAccept(() => {
        const item = picker.selectedItems[0];
        if (item?.nodeId) {
          accepted = item.nodeId;
          picker.hide();
        } else if (item?.run) {
          picker.hide();
          void vscode.commands.executeCommand(item.run);
        }
      });
      picker.onDidHide(() => {
        search.dispose();
        picker.dispose();
        resolve({ ok: true, ...(accepted !== undefined && { nodeId: accepted }) });
      });
      // A selection in the editor is a good first query.
      const editor = vscode.window.activeTextEditor;
      const selected =
        editor && !editor.selection.isEmpty && editor.selection.isSingleLine ? editor.document.getText(editor.selection).trim() : '';
      if (selected !== '' && selected.length <= 200) {
        picker.value = selected;
        onValue(selected);
      }
      picker.show();
    });
  }

  async function showLineage(arg?: unknown): Promise<ShowLineageResult> {
    const parsed = parseShowLineageArgs(arg);
    if (!parsed.ok) return report({ ok: false, kind: 'invalid-argument', message: parsed.message });
    const { nodeId, depth, issue } = parsed.value;
    // Opened from an issue: the views' load that listed it marks it (loaded if it is not yet).
    if (issue !== undefined && !store.peek()) await store.get().catch(() => undefined);
    if (nodeId !== undefined) return fetchAndShow(nodeId, depth, 'table');
    const fromCode = await showActiveDagFile();
    if (fromCode) return fromCode;
    const picked = await pickNode({ title: 'Lineage Lens: Show Lineage' });
    if (!picked.ok) return report(picked);
    if (picked.nodeId === undefined) return { ok: false, kind: 'cancelled', message: 'Cancelled.' };
    return fetchAndShow(picked.nodeId, depth, 'table');
  }

  async function showColumnLineage(arg?: unknown): Promise<ShowLineageResult> {
    const parsed = parseColumnLineageArgs(arg);
    if (!parsed.ok) return report({ ok: false, kind: 'invalid-argument', message: parsed.message });
    const { nodeId, depth, withDownstream } = parsed.value;
    if (nodeId !== undefined) return fetchAndShow(nodeId, depth, 'column', withDownstream);
    const picked = await pickNode({ title: 'Lineage Lens: Show Column Lineage', filter: 'dataset' });
    if (!picked.ok) return report(picked);
    if (picked.nodeId === undefined) return { ok: false, kind: 'cancelled', message: 'Cancelled.' };
    return fetchAndShow(picked.nodeId, depth, 'column', withDownstream);
  }

  async function searchLineage(arg?: unknown): Promise<SearchLineageResult | ShowLineageResult> {
    const parsed = parseSearchArgs(arg);
    if (!parsed.ok) return report({ ok: false, kind: 'invalid-argument', message: parsed.message });
    const { query, filter, namespace, limit } = parsed.value;
    if (query === undefined) {
      const picked = await pickNode({ title: 'Lineage Lens: Search Lineage', ...(filter && { filter }) });
      if (!picked.ok) return report(picked);
      if (picked.nodeId === undefined) return { ok: false, kind: 'cancelled', message: 'Cancelled.' };
      return fetchAndShow(picked.nodeId, DEFAULT_LINEAGE_DEPTH, 'table');
    }
    const endpoint = await endpointClient();
    if (!endpoint.ok) return report(endpoint);
    try {
      const found = await endpoint.client.search(query, { limit, ...(filter && { filter }), ...(namespace && { namespace }) });
      const results = usableResults(found.results);
      return { ok: true, query, totalCount: found.totalCount, results };
    } catch (error) {
      return report(failureOf(error));
    }
  }

  const summary = (state: RunsState): RefreshResult => {
    const now = Date.now();
    return {
      state: state.kind,
      ...(state.kind !== 'ok' && { message: state.message }),
      ...(state.kind === 'unconfigured' && { reason: state.reason }),
      ...(state.kind === 'ok' && { endpoint: state.endpoint }),
      recentRuns: { count: state.kind === 'ok' ? state.snapshot.runs.length : 0, items: recentRunItems(state, now) },
      issues: { count: state.kind === 'ok' ? state.snapshot.issues.length : 0, items: issueItems(state, now) },
    };
  };

  async function refresh(): Promise<RefreshResult> {
    // The workspace's endpoint waits for the user's yes: a refresh the user asked for is the moment to ask.
    const choice = session.settings().choice;
    if (choice.kind === 'none' && choice.pending?.reason === 'unconfirmed') await session.resolve({ interactive: true });
    store.refresh();
    return summary(await store.get());
  }

  const refreshViews = () => store.refresh();

  context.subscriptions.push(
    store,
    createRunViews(store),
    vscode.commands.registerCommand('lineageLens.showLineage', showLineage),
    vscode.commands.registerCommand('lineageLens.searchLineage', searchLineage),
    vscode.commands.registerCommand('lineageLens.showColumnLineage', showColumnLineage),
    vscode.commands.registerCommand('lineageLens.refresh', refresh),
    // Focuses the view and returns what both views show (loaded first if need be), like Refresh does.
    vscode.commands.registerCommand('lineageLens.showRecentRuns', async (): Promise<RefreshResult> => {
      await vscode.commands.executeCommand(`${RECENT_RUNS_VIEW}.focus`);
      return summary(await store.get());
    }),
    // A new endpoint, namespace or API key, or newly granted trust (a workspace URL may apply now): reload.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lineageLens.endpoint')) refreshViews();
    }),
    context.secrets.onDidChange((e) => {
      if (e.key.startsWith('lineageLens.apiKey:')) refreshViews();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(refreshViews),
  );

  return { showLineage, showColumnLineage, refresh, runs: () => store.get(), markIssues: (graph) => markIssues(graph, openIssues()) };
}
