/**
 * The Recent Runs and Issues tree views. Both read the one {@link RunsStore}: nothing is fetched until a view
 * is shown (VS Code asks for children only then), one load serves both, and a refresh cancels the load in
 * flight. Items are built by ./items.ts; this module only turns them into `TreeItem`s and keeps the views'
 * description, badge and welcome-content context key in step with the state.
 */
import * as vscode from 'vscode';
import { ENDPOINT_STATE_CONTEXT, ISSUES_VIEW, RECENT_RUNS_VIEW } from './ids';
import { issueItems, recentRunItems, type ViewItem } from './items';
import type { RunsState, RunsStore } from './runs';

export { ENDPOINT_STATE_CONTEXT, ISSUES_VIEW, RECENT_RUNS_VIEW, VIEW_CONTAINER } from './ids';

/** How often relative times ("5 min ago") are rewritten while a view is visible; no request is made. */
const RELABEL_INTERVAL_MS = 60_000;

/** A view item as VS Code shows it. */
export function toTreeItem(item: ViewItem): vscode.TreeItem {
  const state =
    item.children && item.children.length > 0
      ? item.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
  const tree = new vscode.TreeItem(item.label, state);
  tree.id = item.id;
  if (item.description !== undefined) tree.description = item.description;
  // Plain strings: endpoint text is never read as Markdown.
  if (item.tooltip !== undefined) tree.tooltip = item.tooltip;
  tree.iconPath = new vscode.ThemeIcon(item.icon.id, item.icon.color ? new vscode.ThemeColor(item.icon.color) : undefined);
  tree.contextValue = `lineageLens.${item.kind}`;
  if (item.command)
    tree.command = {
      command: item.command.command,
      title: item.command.title,
      ...(item.command.arguments && { arguments: item.command.arguments }),
    };
  tree.accessibilityInformation = { label: [item.label, item.description].filter((p) => p).join(', ') };
  return tree;
}

class RunsTreeProvider implements vscode.TreeDataProvider<ViewItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly store: RunsStore,
    private readonly viewId: string,
    private readonly build: (state: RunsState, now: number) => ViewItem[],
    private readonly onState: (state: RunsState) => void,
  ) {}

  /** Re-reads the store: a new load after a refresh, or the same state with fresh relative times. */
  fire(): void {
    this.changed.fire();
  }

  getTreeItem(item: ViewItem): vscode.TreeItem {
    return toTreeItem(item);
  }

  async getChildren(item?: ViewItem): Promise<ViewItem[]> {
    if (item) return item.children ?? [];
    let state: RunsState;
    try {
      state = this.store.peek() ?? (await vscode.window.withProgress({ location: { viewId: this.viewId } }, () => this.store.get()));
    } catch {
      // Only when the extension is deactivating.
      return [];
    }
    this.onState(state);
    return this.build(state, Date.now());
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Creates both views on `store`; they load when first shown. */
export function createRunViews(store: RunsStore): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  // Created below; the state callback runs only once a view asked for children, so both exist by then.
  const views: { recent?: vscode.TreeView<ViewItem>; issues?: vscode.TreeView<ViewItem> } = {};

  const onState = (state: RunsState) => {
    // A view message would hide the welcome content, which says why there is no endpoint and links the way out.
    void vscode.commands.executeCommand('setContext', ENDPOINT_STATE_CONTEXT, state.kind === 'unconfigured' ? state.reason : state.kind);
    if (views.recent) {
      views.recent.description = state.kind === 'ok' ? (state.snapshot.namespace ?? 'all namespaces') : undefined;
    }
    if (views.issues) {
      const count = state.kind === 'ok' ? state.snapshot.issues.length : 0;
      views.issues.badge = count > 0 ? { value: count, tooltip: `${count} open issue${count === 1 ? '' : 's'}` } : undefined;
    }
  };

  const recent = new RunsTreeProvider(store, RECENT_RUNS_VIEW, recentRunItems, onState);
  const issues = new RunsTreeProvider(store, ISSUES_VIEW, issueItems, onState);
  const recentView = (views.recent = vscode.window.createTreeView(RECENT_RUNS_VIEW, { treeDataProvider: recent }));
  const issuesView = (views.issues = vscode.window.createTreeView(ISSUES_VIEW, { treeDataProvider: issues, showCollapseAll: true }));

  // Relative times go stale: rewrite them each minute while a view is visible (from the store, no request).
  let timer: ReturnType<typeof setInterval> | undefined;
  const updateTimer = () => {
    const visible = recentView.visible || issuesView.visible;
    if (visible && !timer) {
      timer = setInterval(() => {
        if (store.peek() === undefined) return;
        if (recentView.visible) recent.fire();
        if (issuesView.visible) issues.fire();
      }, RELABEL_INTERVAL_MS);
    } else if (!visible && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  disposables.push(
    recent,
    issues,
    recentView,
    issuesView,
    recentView.onDidChangeVisibility(updateTimer),
    issuesView.onDidChangeVisibility(updateTimer),
    store.onDidChange(() => {
      recent.fire();
      issues.fire();
    }),
    { dispose: () => timer && clearInterval(timer) },
  );
  updateTimer();
  return vscode.Disposable.from(...disposables);
}
