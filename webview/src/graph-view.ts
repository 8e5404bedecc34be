/**
 * The lineage graph view: the view-state controller that ties the pure layers together and owns the page.
 *
 *   model ──explore──▶ visible graph ──(worker) layout──▶ scene ──▶ stage: canvas (bulk) + SVG overlay (near focus)
 *
 * It holds what the user is looking at (mode, exploration, selection, cursor, search) and turns each change
 * into marks (graph/highlight.ts), a layout, and the details, banner and status. Its parts: stage.ts draws and
 * zooms, input.ts reads the pointer and the keyboard, toolbar.ts and panels.ts are the controls and the text
 * around the graph. Everything shown comes from an untrusted response: strings go into the DOM as text only,
 * and colours come from the `--vscode-*` theme variables (styles.css, palette.ts).
 */
import type { ExpandDirection, ExportFormat, GraphMode, GraphVariant, HostAction, HostNotice, ViewTransform, WebviewToHostMessage } from '../../protocol/webview';
import { LABEL_SCALE, type DrawMarks } from './canvas-renderer';
import type { DebugInfo } from './debug-info';
import { renderDetails, type DetailsActions } from './details';
import { div } from './dom';
import { columnModel, datasetOfField, hasColumnLineage } from './graph/columns';
import { collapseSide, DEFAULT_DEPTH, expandBoth, expandSide, searchNodes, sideKey, visibleGraph, type ExploreState, type Side, type VisibleGraph } from './graph/explore';
import { exportFileName, exportJson, exportSvg } from './graph/export';
import { locationOf, type SourceLocation } from './graph/facets';
import { lineageMarks, matchMarks } from './graph/highlight';
import { mergeModels, type Direction, type LineageModel } from './graph/model';
import { freezeScene, presenceCounts, type Scene } from './graph/scene';
import { anchoredTransform, boxInView, nearestToCentre } from './graph/viewport';
import { attachInput } from './input';
import { emptyResponse, layoutFailed, LOADING, notShown, type Message } from './messages';
import { describeNode, overlayItems } from './overlay';
import { readPalette } from './palette';
import { aloneNotice, expansionText, noMatchNotice, statusText, type Notice, type NoticeActions } from './notices';
import { Panels } from './panels';
import { Stage } from './stage';
import { SceneBuilder } from './scene-builder';
import { nextTask } from './tasks';
import { Toolbar } from './toolbar';
import { restoreView, saveView, type ShowOptions, type ViewState } from './view-state';

/** What the view needs of its host (main.ts): somewhere to save its state, and the way to VS Code. */
export interface GraphViewHost {
  saveState(state: ViewState): void;
  post(message: WebviewToHostMessage): void;
}

export class GraphView {
  private readonly root: HTMLElement;
  private readonly graphArea: HTMLDivElement;
  private readonly surface: HTMLDivElement;
  private readonly stage: Stage;
  private readonly panels: Panels;
  private readonly details: HTMLElement;
  private readonly toolbar: Toolbar;
  private readonly builder: SceneBuilder;

  private title = '';
  private tableModel: LineageModel | undefined;
  private columnCache: LineageModel | undefined;
  private mode: GraphMode = 'table';
  private explore: ExploreState = { direction: 'both', depth: DEFAULT_DEPTH, expanded: new Set(), openGroups: new Set() };
  private frozen = false;
  private search = '';
  private selected: string | undefined;
  private cursor: string | undefined;
  private hover: string | undefined;

  private visible: VisibleGraph | undefined;
  private matchOrder: number[] = [];
  private matchAt = -1;
  private pathCounts: { upstream: number; downstream: number } | undefined;
  private layoutTicket = 0;
  private transient: Notice | undefined;
  /** What the details pane's links and buttons do. */
  private readonly detailsActions: DetailsActions = {
    select: (id) => {
      if (!this.scene?.nodeIndex.has(id)) this.exploreFrom(id);
      else this.select(id, { center: true });
    },
    explore: (id) => this.exploreFrom(id),
    expand: (id, side) => this.expand(id, side),
    collapse: (id, side) => this.collapse(id, side),
    openGroup: (groupId, then) => this.openGroup(groupId, then),
    openSource: (location) => this.openSource(location),
    setMode: (mode) => this.setMode(mode),
  };
  /** What the banner's buttons do. */
  private readonly noticeActions: NoticeActions = {
    clearSearch: () => this.toolbar.clearSearch(),
    showEverything: () => this.exploreFrom(undefined),
    showBothDirections: () => this.setDirection('both'),
    fetch: (id, side) => this.expand(id, side),
  };
  private variant: GraphVariant = 'panel';
  private hostNotices: HostNotice[] = [];

  constructor(root: HTMLElement, private readonly host: GraphViewHost) {
    this.root = root;
    root.replaceChildren();
    root.classList.add('ll-root');
    this.graphArea = div(root, 'll-graph');
    this.surface = div(this.graphArea, 'll-surface');
    this.surface.tabIndex = 0;
    this.surface.setAttribute('role', 'application');
    this.surface.setAttribute('aria-roledescription', 'lineage graph');
    this.surface.setAttribute('aria-label', 'Lineage graph. Arrow keys move between nodes, Enter selects.');
    this.stage = new Stage(this.surface, readPalette(root), {
      zoomed: () => this.panels.hideTooltip(),
      zoomEnded: () => this.emitState(),
      search: () => this.search,
      selected: () => this.selected,
      drew: (first, edgesChanged) => this.drew(first, edgesChanged),
    });
    this.toolbar = new Toolbar(this.graphArea, this);
    this.panels = new Panels(this.graphArea);
    this.stage.attachMinimap(this.graphArea);
    this.details = document.createElement('aside');
    this.details.className = 'll-details';
    this.details.setAttribute('aria-label', 'Details');
    root.append(this.details);
    this.panels.attachPage(root);
    this.builder = new SceneBuilder(this.stage.palette.fontFamily);

    attachInput(this.surface, {
      scene: () => this.scene,
      selected: () => this.selected,
      cursor: () => this.cursor,
      variant: () => this.variant,
      hitAt: (x, y) => this.stage.hitAt(x, y),
      select: (id) => this.select(id),
      expand: (id, side) => this.expand(id, side),
      openGroup: (id) => this.openGroup(id),
      exploreFrom: (id) => this.exploreFrom(id),
      activate: (id) => this.activate(id),
      fit: () => this.fit(),
      center: () => this.center(),
      scaleBy: (factor) => this.stage.scaleBy(factor),
      focusSearch: () => this.toolbar.focusSearch(),
      nearestToCentre: () => this.nearestToCentre(),
      moveCursor: (index) => this.moveCursor(index),
      setHover: (id) => this.setHover(id),
      showTooltip: (text, x, y) => this.panels.showTooltip(text, x, y),
      hideTooltip: () => this.panels.hideTooltip(),
      announce: (text) => this.panels.announce(text),
    });
    // The toolbar wraps onto more rows in a narrow panel: notices go below it, never over it.
    const bar = this.graphArea.querySelector<HTMLElement>('.ll-toolbar');
    if (bar) this.panels.stayBelow(bar);
    // VS Code changes the theme by swapping the body's class and the variables on <html>.
    const themeWatch = new MutationObserver(() => this.themeChanged());
    themeWatch.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    this.showMessage(LOADING);
  }

  /** The scene drawn, if any. */
  private get scene(): Scene | undefined {
    return this.stage.scene;
  }

  /** The scene's marks: selection, lineage, search and overlay. */
  private get marks(): DrawMarks {
    return this.stage.marks;
  }

  // ---- Public API (main.ts, tests) ------------------------------------------------------------------

  /** Draws `model`; restores a saved view, or explores around `focus` when given, or shows everything. */
  showGraph(model: LineageModel, title: string, options: ShowOptions = {}): void {
    performance.mark('ll:show');
    this.title = title;
    this.builder.clearText();
    if (model.nodes.length === 0) {
      this.tableModel = undefined;
      this.showMessage(emptyResponse(title));
      return;
    }
    this.tableModel = model;
    this.columnCache = undefined;
    this.setVariant(options.variant ?? 'panel');
    this.hostNotices = options.notices ?? [];
    const initial = restoreView(options, () => this.columnAvailable(), (mode, id) => this.modelFor(mode).nodeById.has(id));
    this.transient = initial.notice !== undefined ? { text: initial.notice } : undefined;
    this.mode = initial.mode;
    this.explore = initial.explore;
    this.frozen = initial.frozen;
    this.search = initial.search;
    this.selected = initial.selected;
    this.cursor = this.selected;
    this.stage.scene = undefined;
    this.toolbar.sync();
    this.showMessage(undefined);
    void this.relayout(initial.transform ? { transform: initial.transform } : { fit: true });
  }

  /** Replaces the graph with an error: what went wrong and what to do about it. */
  showError(message: string, source: 'response' | 'host'): void {
    this.tableModel = undefined;
    this.showMessage(notShown(this.title, message, source));
  }

  setTitle(title: string): void {
    this.title = title;
  }

  /** The host's answer to an `expand` request: more lineage to merge, or why there is none. */
  expandResult(nodeId: string, side: ExpandDirection, more: LineageModel | undefined, message: string | undefined): void {
    if (!this.tableModel) return;
    if (!more) {
      this.transient = { text: message ?? `No more lineage ${side} of this node.` };
      this.updateBanner();
      return;
    }
    const before = this.tableModel.nodes.length;
    this.tableModel = mergeModels(this.tableModel, more);
    this.columnCache = undefined;
    const added = this.tableModel.nodes.length - before;
    const sides: Side[] = side === 'both' ? ['upstream', 'downstream'] : [side];
    if (this.explore.focus !== undefined) this.explore = { ...this.explore, expanded: new Set([...this.explore.expanded, ...sides.map((s) => sideKey(s, nodeId))]) };
    this.transient = { text: expansionText(added, side === 'both' ? 'around' : `${side} of`, this.model().nodeById.get(nodeId)?.label ?? nodeId, message) };
    void this.relayout({ anchor: nodeId });
  }

  fit(): void {
    this.stage.fit();
  }

  /** Centres the view on the selection (or the explored node, or the cursor). */
  center(): void {
    const id = this.selected ?? this.explore.focus ?? this.cursor;
    const i = id !== undefined ? this.scene?.nodeIndex.get(id) : undefined;
    if (i === undefined || !this.scene) return this.fit();
    const n = this.scene.nodes[i];
    this.stage.translateTo(n.x + n.width / 2, n.y + n.height / 2);
  }

  /** Selects a node (or nothing), highlights its lineage and shows its details. */
  select(id: string | undefined, options: { center?: boolean } = {}): void {
    this.selected = id !== undefined && this.scene?.nodeIndex.has(id) ? id : undefined;
    if (this.selected !== undefined) this.cursor = this.selected;
    this.updateMarks();
    if (options.center) this.center();
    this.emitState();
  }

  /** Explores around `id` (depth as set), or shows the whole response. */
  exploreFrom(id: string | undefined): void {
    this.explore = { ...this.explore, focus: id, expanded: new Set(), openGroups: new Set() };
    if (id !== undefined) {
      this.selected = id;
      this.cursor = id;
    }
    this.transient = undefined;
    void this.relayout({ fit: true });
  }

  setDirection(direction: Direction): void {
    if (this.explore.focus === undefined) {
      const from = this.selected ?? this.cursor;
      if (from === undefined || from.startsWith('more:')) {
        this.transient = { text: 'Select a node first: upstream and downstream are shown around the selected node.' };
        this.updateBanner();
        return;
      }
      this.explore = { ...this.explore, focus: from, depth: Infinity };
    }
    this.explore = { ...this.explore, direction };
    this.transient = undefined;
    void this.relayout({ fit: true });
  }

  setDepth(depth: number): void {
    const focus = this.explore.focus ?? (this.selected?.startsWith('more:') ? undefined : this.selected);
    if (focus === undefined && Number.isFinite(depth)) {
      this.transient = { text: 'Select a node first: the depth counts edges from the node you explore around.' };
      this.updateBanner();
      this.toolbar.sync();
      return;
    }
    this.explore = { ...this.explore, focus, depth };
    this.transient = undefined;
    void this.relayout({ fit: true });
  }

  setFrozen(frozen: boolean): void {
    this.frozen = frozen;
    this.toolbar.sync();
    this.emitState();
  }

  setMode(mode: GraphMode): void {
    if (!this.tableModel || mode === this.mode) return;
    if (mode === 'column' && !this.columnAvailable()) {
      this.transient = { text: 'This response has no column lineage: open a GET /api/v1/column-lineage response, or a graph whose datasets carry a columnLineage facet.' };
      this.updateBanner();
      return;
    }
    const from = this.selected !== undefined ? this.model().nodeById.get(this.selected) : undefined;
    this.mode = mode;
    let next: string | undefined;
    if (from && mode === 'column' && from.kind === 'dataset') next = this.model().nodes.find((n) => n.kind === 'field' && n.namespace === from.namespace && n.parent === from.name)?.id;
    else if (from && mode === 'table' && from.kind === 'field') next = datasetOfField(from);
    if (next !== undefined && !this.model().nodeById.has(next)) next = undefined;
    this.selected = next;
    this.cursor = next;
    this.explore = { ...this.explore, focus: undefined, expanded: new Set(), openGroups: new Set() };
    this.transient = undefined;
    this.stage.scene = undefined;
    void this.relayout({ fit: true });
  }

  setSearch(query: string): void {
    this.search = query;
    this.matchAt = -1;
    this.updateMarks();
    this.emitState();
  }

  /** Moves to the next (or previous) search match, selects it and brings it into view. */
  nextMatch(step: 1 | -1 = 1): void {
    if (this.matchOrder.length === 0 || !this.scene) return;
    this.matchAt = (this.matchAt + step + this.matchOrder.length) % this.matchOrder.length;
    const i = this.matchOrder[this.matchAt];
    this.select(this.scene.nodes[i].id, { center: true });
  }

  expand(id: string, side: Side): void {
    const model = this.model();
    if (!this.visible) return;
    const step = expandSide(this.explore, this.visible, model, id, side);
    if (step.kind === 'local') {
      this.explore = step.state;
      this.transient = undefined;
      void this.relayout({ anchor: id });
      return;
    }
    if (step.kind === 'fetch' && this.mode === 'table') {
      this.host.post({ type: 'expand', nodeId: id, direction: side });
      this.transient = { text: `Asking for the lineage ${side} of ${model.nodeById.get(id)?.label ?? id}…` };
    } else this.transient = { text: `${model.nodeById.get(id)?.label ?? id} has nothing more ${side} in this response.` };
    this.updateBanner();
  }

  collapse(id: string, side: Side): void {
    this.explore = collapseSide(this.explore, id, side);
    void this.relayout({ anchor: id });
  }

  openGroup(groupId: string, then?: string): void {
    const group = this.visible?.groups.find((g) => g.id === groupId);
    if (!group) return;
    this.explore = { ...this.explore, openGroups: new Set([...this.explore.openGroups, sideKey(group.side, group.anchor)]) };
    if (then !== undefined) {
      this.selected = then;
      this.cursor = then;
    } else if (this.selected === groupId) this.selected = group.anchor;
    void this.relayout({ anchor: group.anchor });
  }

  /** Builds an export of what is shown and posts it to the host, which saves it. */
  exportGraph(format: ExportFormat): void {
    if (!this.scene || !this.visible) {
      this.transient = { text: 'There is no graph to export yet.' };
      this.updateBanner();
      return;
    }
    let data: string;
    let encoding: 'utf8' | 'base64' = 'utf8';
    if (format === 'json') data = exportJson(this.visible);
    else if (format === 'svg') data = exportSvg(this.scene, this.stage.palette, this.title, this.marks.node, this.marks.edge);
    else {
      data = this.stage.png();
      encoding = 'base64';
    }
    this.host.post({ type: 'export', format, data, encoding, fileName: exportFileName(this.title, format) });
  }

  openSource(location: SourceLocation): void {
    const message: WebviewToHostMessage = { type: 'openSource', uri: location.url };
    if (location.line !== undefined) message.range = { startLine: location.line };
    this.host.post(message);
  }

  /** Read-only facts about what is drawn, for the browser tests and the benchmark. */
  debugInfo(): DebugInfo {
    const t = this.stage.transform();
    return {
      generation: this.stage.generation,
      state: this.root.getAttribute('data-state') ?? '',
      transform: { x: t.x, y: t.y, k: t.k },
      layoutMode: this.builder.layoutMode,
      layout: this.builder.stats,
      draw: this.stage.lastDraw,
      modelNodes: this.tableModel ? this.model().nodes.length : 0,
      mode: this.mode,
      focus: this.explore.focus,
      selected: this.selected,
      cursor: this.cursor,
      ...this.stage.describe(),
    };
  }

  /** The last frame, the transform and the selection, without per-node data (the benchmark reads it every frame). */
  debugStats(): Pick<DebugInfo, 'generation' | 'transform' | 'draw' | 'selected' | 'layout' | 'layoutMode'> {
    const t = this.stage.transform();
    return { generation: this.stage.generation, transform: { x: t.x, y: t.y, k: t.k }, draw: this.stage.lastDraw, selected: this.selected, layout: this.builder.stats, layoutMode: this.builder.layoutMode };
  }

  /** The node under client point (x, y), for tests. */
  hitTestClient(x: number, y: number): { id: string; part: string } | undefined {
    const hit = this.stage.hitAt(x, y);
    return hit && this.scene ? { id: this.scene.nodes[hit.index].id, part: hit.part } : undefined;
  }

  /** Pans by (dx, dy) screen pixels and zooms by `factor` around the view's centre (benchmark). */
  panZoom(dx: number, dy: number, factor = 1): void {
    this.stage.panZoom(dx, dy, factor);
  }

  setTransform(t: ViewTransform): void {
    this.stage.setTransform(t);
  }
  // ---- Model and layout -----------------------------------------------------------------------------

  /** The model shown: table-level, or its column-level counterpart. */
  model(): LineageModel {
    return this.modelFor(this.mode);
  }

  private modelFor(mode: GraphMode): LineageModel {
    if (mode === 'column' && this.tableModel) return (this.columnCache ??= columnModel(this.tableModel));
    return this.tableModel!;
  }

  get state(): { mode: GraphMode; explore: ExploreState; frozen: boolean; search: string; columnAvailable: boolean; matches: number; hasGraph: boolean } {
    return {
      mode: this.mode,
      explore: this.explore,
      frozen: this.frozen,
      search: this.search,
      columnAvailable: this.columnAvailable(),
      matches: this.matchOrder.length,
      hasGraph: this.scene !== undefined,
    };
  }

  private columnCheck: { model: LineageModel; available: boolean } | undefined;

  /** Whether the response has column lineage (checked once per response: it reads every dataset's facets). */
  private columnAvailable(): boolean {
    const model = this.tableModel;
    if (!model) return false;
    if (this.columnCheck?.model !== model) this.columnCheck = { model, available: hasColumnLineage(model) };
    return this.columnCheck.available;
  }

  /** Recomputes what is shown, lays it out, then draws it; a newer call supersedes this one. */
  private async relayout(how: { transform?: ViewTransform; fit?: boolean; anchor?: string }): Promise<void> {
    if (!this.tableModel) return;
    const ticket = ++this.layoutTicket;
    const alive = () => ticket === this.layoutTicket;
    const model = this.model();
    const visible = visibleGraph(model, this.explore);
    const slow = setTimeout(() => {
      if (alive()) this.panels.showProgress(`Laying out ${visible.nodes.length.toLocaleString('en-US')} nodes and ${visible.edges.length.toLocaleString('en-US')} edges…`);
    }, 400);
    let scene: Scene | undefined;
    try {
      scene = await this.builder.build(visible, model, alive);
    } catch (e) {
      if (!alive()) return;
      this.panels.showProgress(undefined);
      this.showMessage(
        layoutFailed(e, () => {
          this.showMessage(undefined);
          void this.relayout({ fit: true });
        }),
      );
      return;
    } finally {
      clearTimeout(slow);
    }
    if (!scene) return;
    this.panels.showProgress(undefined);
    await nextTask();
    if (!alive()) return;
    this.sceneReady(visible, scene, how);
  }

  private sceneReady(visible: VisibleGraph, fresh: Scene, how: { transform?: ViewTransform; fit?: boolean; anchor?: string }): void {
    const previous = this.scene;
    const scene = this.frozen && previous ? freezeScene(previous, fresh) : fresh;
    this.stage.setScene(scene);
    this.visible = visible;
    if (this.selected !== undefined && !scene.nodeIndex.has(this.selected)) this.selected = undefined;
    if (this.cursor !== undefined && !scene.nodeIndex.has(this.cursor)) this.cursor = this.selected;
    this.hover = undefined;
    this.updateMarks();
    // Where to look: as saved, the whole graph, or the expanded node where it was on screen.
    if (how.transform) this.setTransform(how.transform);
    else if (how.anchor !== undefined && previous && !this.frozen) {
      const a = previous.nodeIndex.get(how.anchor);
      const b = scene.nodeIndex.get(how.anchor);
      if (a !== undefined && b !== undefined) this.setTransform(anchoredTransform(this.stage.transform(), previous.nodes[a], scene.nodes[b]));
      else this.stage.requestDraw();
    } else if (how.fit) this.fit();
    else this.stage.requestDraw();
    this.toolbar.sync();
    this.emitState();
  }
  // ---- Marks, overlay, details -------------------------------------------------------------------------

  /** Recomputes selection, lineage and search marks, then the overlay, the details and the banner. */
  private updateMarks(): void {
    const scene = this.scene;
    if (!scene) return;
    const marks: DrawMarks = {};
    this.pathCounts = undefined;
    const sel = this.selected !== undefined ? scene.nodeIndex.get(this.selected) : undefined;
    if (sel !== undefined) {
      const lineage = lineageMarks(scene, sel);
      marks.node = lineage.node;
      marks.edge = lineage.edge;
      this.pathCounts = { upstream: lineage.upstream, downstream: lineage.downstream };
    }
    this.matchOrder = [];
    if (this.search.trim() !== '') {
      const found = searchNodes(scene.nodes.map((s) => s.node).filter((x) => x !== undefined), this.search);
      const { match, order } = matchMarks(scene.nodes, found);
      this.matchOrder = order;
      marks.match = match;
    }
    this.stage.marks = marks;
    this.updateOverlay();
    this.renderDetailsPanel();
    this.updateBanner();
    this.toolbar.sync();
    this.updateStatus();
    this.stage.requestDraw();
  }

  /** Redraws the overlay (see overlayItems) and points the graph's active descendant at the cursor. */
  private updateOverlay(): void {
    const scene = this.scene;
    if (!scene) return;
    const items = overlayItems(scene, this.marks, { selected: this.selected, cursor: this.cursor, hover: this.hover, focus: this.explore.focus });
    const overlay = this.stage.overlay;
    overlay.update(items, this.marks.node !== undefined);
    overlay.setTransform(this.stage.transform());
    const cursor = this.cursor !== undefined ? overlay.element(this.cursor) : null;
    if (cursor) this.surface.setAttribute('aria-activedescendant', cursor.id);
    else this.surface.removeAttribute('aria-activedescendant');
  }

  private renderDetailsPanel(): void {
    if (!this.tableModel || !this.scene || !this.visible) return;
    const s = this.selected !== undefined ? this.scene.nodes[this.scene.nodeIndex.get(this.selected)!] : undefined;
    renderDetails(
      this.details,
      {
        title: this.title,
        model: this.model(),
        mode: this.mode,
        columnAvailable: this.state.columnAvailable,
        explore: this.explore,
        shown: this.visible.nodes.length,
        selected: s,
        path: this.pathCounts,
        hidden: s ? this.visible.hidden.get(s.id) : undefined,
        outside: s && this.mode === 'table' ? this.model().outside.get(s.id) : undefined,
        variant: this.variant,
        notices: this.variant === 'side' ? this.hostNoticeItems() : [],
      },
      this.detailsActions,
    );
  }

  private hostNoticeItems(): { text: string; actions: { label: string; run: () => void }[] }[] {
    return this.hostNotices.map((n) => ({
      text: n.text,
      actions: (n.actions ?? []).map((a) => ({ label: a.label, run: () => this.host.post({ type: 'command', command: a.command }) })),
    }));
  }

  /** The banner: the host's notices, a passing one, and what an empty result means and what to do next. */
  private updateBanner(): void {
    // The side bar is narrow: there the host's notices go into the details summary instead.
    const notices: Notice[] = this.variant === 'side' ? [] : this.hostNoticeItems();
    if (this.transient) notices.push(this.transient);
    const model = this.tableModel ? this.model() : undefined;
    if (model && this.scene && this.search.trim() !== '' && this.matchOrder.length === 0) {
      notices.push(noMatchNotice(this.search, this.explore.focus !== undefined ? searchNodes(model.nodes, this.search).size : 0, this.noticeActions));
    }
    const focus = this.explore.focus !== undefined ? model?.nodeById.get(this.explore.focus) : undefined;
    if (model && focus && this.visible && this.visible.nodes.length === 1 && this.visible.groups.length === 0) notices.push(aloneNotice(focus, this.explore, model, this.mode, this.noticeActions));
    this.panels.showNotices(notices);
  }

  private updateStatus(): void {
    if (!this.scene || !this.visible) return;
    this.panels.setStatus(statusText(this.model().nodes.length, this.visible, this.frozen, this.stage.lastDraw?.edgesShown ?? true));
    this.updateLegend();
  }

  private legendFor = -1;

  /** The DAG Lineage view's legend: which outline means what, for the marks the scene has (once per scene). */
  private updateLegend(): void {
    if (!this.scene || this.legendFor === this.stage.generation) return;
    this.legendFor = this.stage.generation;
    const { onlyInCode, onlyAtRuntime } = presenceCounts(this.scene);
    this.panels.setLegend(onlyInCode, onlyAtRuntime);
  }
  // ---- Frames and theme --------------------------------------------------------------------------------

  /** After each frame: the status line when edges appear or vanish; after a scene's first frame, tell the host. */
  private drew(first: boolean, edgesChanged: boolean): void {
    if (edgesChanged) this.updateStatus();
    if (!first || !this.scene) return;
    performance.mark('ll:frame');
    const { onlyInCode, onlyAtRuntime } = presenceCounts(this.scene);
    this.host.post({ type: 'drawn', state: 'graph', nodes: this.scene.nodes.length, onlyInCode, onlyAtRuntime, title: this.title });
  }

  private themeChanged(): void {
    const next = readPalette(this.root);
    const palette = this.stage.palette;
    if (JSON.stringify(next) === JSON.stringify(palette)) return;
    if (next.fontFamily !== palette.fontFamily) {
      this.stage.palette = next;
      this.builder.setFont(next.fontFamily);
      void this.relayout({});
      return;
    }
    this.stage.setPalette(next);
  }

  /**
   * The DAG Lineage view's click: a job opens its definition in the editor (where the code says it is, else
   * its source code location facet); a dataset shows its lineage around it, from the response when it holds
   * more, else from the host.
   */
  activate(id: string): void {
    const node = this.model().nodeById.get(id);
    if (!node) return;
    if (node.kind === 'job') {
      const location = locationOf(node);
      if (location) this.openSource(location);
      else {
        this.transient = { text: `${node.label} has no known definition: the code does not define it, and the endpoint sent no source code location.` };
        this.updateBanner();
      }
    } else if (node.kind === 'dataset') this.expandAround(id);
  }

  /** Expands both sides of `id`: what the response holds is shown at once; otherwise the host is asked. */
  expandAround(id: string): void {
    if (!this.visible) return;
    const local = expandBoth(this.explore, this.visible, id);
    if (local) {
      this.explore = local;
      this.transient = undefined;
      void this.relayout({ anchor: id });
      return;
    }
    if (this.mode !== 'table') return;
    this.host.post({ type: 'expand', nodeId: id, direction: 'both' });
    this.transient = { text: `Asking for the lineage around ${this.model().nodeById.get(id)?.label ?? id}…` };
    this.updateBanner();
  }

  private setVariant(variant: GraphVariant): void {
    this.variant = variant;
    this.root.setAttribute('data-variant', variant);
    this.surface.setAttribute(
      'aria-label',
      variant === 'side'
        ? 'Lineage of the DAG. Arrow keys move between nodes; Enter on a task opens its definition, on a dataset shows its lineage.'
        : 'Lineage graph. Arrow keys move between nodes, Enter selects.',
    );
  }

  /** Shows the host's explanation instead of a graph (no DAG in the file, no file open), with its buttons. */
  showNotice(heading: string, paragraphs: string[], actions: HostAction[] = []): void {
    this.tableModel = undefined;
    this.hostNotices = [];
    this.setVariant(this.variant);
    this.showMessage({
      kind: 'empty',
      heading,
      paragraphs: [...paragraphs.map((text) => ({ text })), ...actions.map((a) => ({ action: { label: a.label, run: () => this.host.post({ type: 'command', command: a.command }) } }))],
    });
  }

  private setHover(id: string | undefined): void {
    if (id === this.hover) return;
    this.hover = id;
    if (id === undefined) this.panels.hideTooltip();
    // Only worth an overlay element when the node is big enough to read.
    if (this.stage.transform().k >= LABEL_SCALE || id === undefined) {
      this.updateOverlay();
      this.stage.requestDraw();
    }
  }

  private nearestToCentre(): number | undefined {
    const scene = this.scene;
    if (!scene) return undefined;
    return nearestToCentre(scene.nodes, this.stage.transform(), this.stage.size.width, this.stage.size.height);
  }

  private moveCursor(index: number): void {
    const scene = this.scene!;
    this.cursor = scene.nodes[index].id;
    this.updateOverlay();
    this.stage.requestDraw();
    // Keep the cursor in view.
    const n = scene.nodes[index];
    if (!boxInView(n, this.stage.transform(), this.stage.size.width, this.stage.size.height)) this.stage.translateTo(n.x + n.width / 2, n.y + n.height / 2);
    this.panels.announce(describeNode(scene, index));
    this.emitState();
  }

  private emitState(): void {
    if (!this.tableModel) return;
    this.host.saveState(saveView({ transform: this.stage.transform(), selected: this.selected, explore: this.explore, mode: this.mode, search: this.search, frozen: this.frozen }));
  }

  /** Shows a full-panel message instead of the graph (undefined hides it). */
  private showMessage(message: Message | undefined): void {
    this.root.setAttribute('data-state', message?.kind ?? 'graph');
    if (message === undefined) {
      this.panels.hideMessage();
      return;
    }
    this.layoutTicket++;
    this.stage.clear();
    this.visible = undefined;
    this.selected = undefined;
    this.details.replaceChildren();
    this.legendFor = -1;
    this.panels.showMessage(message.kind, message.heading, message.paragraphs);
    if (message.kind !== 'loading') this.host.post({ type: 'drawn', state: message.kind, nodes: 0, onlyInCode: 0, onlyAtRuntime: 0, title: message.heading });
  }
}
