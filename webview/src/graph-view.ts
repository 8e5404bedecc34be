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
import { DEFAULT_DEPTH, searchNodes, sideKey, visibleGraph, type ExploreState, type Side, type VisibleGraph } from './graph/explore';
import { exportFileName, exportJson, exportSvg } from './graph/export';
import { locationOf, type SourceLocation } from './graph/facets';
import { lineageMarks, matchMarks } from './graph/highlight';
import type { LayoutOptions } from './graph/layout';
import { mergeModels, type Direction, type LineageModel } from './graph/model';
import { buildScene, freezeScene, LABEL_FONT, nodeText, presenceCounts, sceneInput, SUBLABEL_FONT, type NodeText, type Scene, type SceneInput } from './graph/scene';
import { CharWidths } from './graph/text';
import { anchoredTransform, boxInView, nearestToCentre } from './graph/viewport';
import { attachInput } from './input';
import { LayoutClient } from './layout-client';
import { describeNode, type OverlayItem } from './overlay';
import { readPalette } from './palette';
import { Panels, type Notice, type PageState, type Paragraph } from './panels';
import { Stage } from './stage';
import { inSlices, nextTask } from './tasks';
import { Toolbar } from './toolbar';

/** What the view saves with `setState` (see GraphWebviewState). `depth` -1 means all levels. */
export interface ViewState {
  transform?: ViewTransform;
  selected?: string;
  focus?: string;
  depth?: number;
  direction?: Direction;
  mode?: GraphMode;
  search?: string;
  frozen?: boolean;
  expanded?: string[];
  openGroups?: string[];
}

export interface GraphViewHost {
  saveState(state: ViewState): void;
  post(message: WebviewToHostMessage): void;
}

export interface ShowOptions {
  /** A saved view of the same source. */
  restore?: ViewState;
  focus?: string;
  depth?: number;
  direction?: Direction;
  mode?: GraphMode;
  /** `side`: the DAG Lineage view (a click opens a job's definition, expands a dataset). */
  variant?: GraphVariant;
  /** The host's lines about where the graph comes from, shown above it. */
  notices?: HostNotice[];
}

const LAYOUT_OPTIONS: LayoutOptions = { layerGap: 50, nodeGap: 16 };
const OVERLAY_NEIGHBOURS = 24;

export class GraphView {
  private readonly root: HTMLElement;
  private readonly graphArea: HTMLDivElement;
  private readonly surface: HTMLDivElement;
  private readonly stage: Stage;
  private readonly panels: Panels;
  private readonly details: HTMLElement;
  private readonly toolbar: Toolbar;
  private readonly layouts = new LayoutClient();

  private labelWidths!: CharWidths;
  private subWidths!: CharWidths;
  private readonly textCache = new Map<string, NodeText>();

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
  private layoutStats: { computeMs: number; totalMs: number; nodes: number; edges: number } | undefined;
  private transient: Notice | undefined;
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
    this.makeTextWidths();

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
    this.showMessage('loading', 'Loading the lineage graph…', [
      { text: 'Waiting for VS Code to send the graph.' },
      { text: 'If nothing appears, close this tab and open the file again with "Lineage Lens: Open Lineage Graph from JSON File".' },
    ]);
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
    this.textCache.clear();
    if (model.nodes.length === 0) {
      this.tableModel = undefined;
      this.showMessage('empty', 'This lineage response has no nodes.', [
        { text: `"graph" in ${title} is an empty list, so there is nothing to draw.` },
        { text: 'Check that the request named an existing job or dataset as its nodeId (job:<namespace>:<name> or dataset:<namespace>:<name>), URL-encoded, for example:' },
        { code: "curl -G 'http://marquez:5000/api/v1/lineage' --data-urlencode 'nodeId=dataset:postgres://warehouse:5432:public.orders' > lineage.json" },
      ]);
      return;
    }
    this.tableModel = model;
    this.columnCache = undefined;
    this.setVariant(options.variant ?? 'panel');
    this.hostNotices = options.notices ?? [];
    const r = options.restore ?? {};
    const restored = options.restore !== undefined;
    let mode: GraphMode = (restored ? r.mode : options.mode) ?? 'table';
    this.transient = undefined;
    if (mode === 'column' && !hasColumnLineage(model)) {
      mode = 'table';
      this.transient = { text: 'This response has no column lineage (no DATASET_FIELD nodes and no columnLineage facets), so it is shown table by table.' };
    }
    this.mode = mode;
    const depth = restored ? (r.depth === -1 ? Infinity : r.depth) : options.depth;
    const focus = restored ? r.focus : options.focus;
    this.explore = {
      focus: focus !== undefined && this.model().nodeById.has(focus) ? focus : undefined,
      direction: (restored ? r.direction : options.direction) ?? 'both',
      depth: depth !== undefined && depth > 0 ? depth : DEFAULT_DEPTH,
      expanded: new Set(r.expanded ?? []),
      openGroups: new Set(r.openGroups ?? []),
    };
    this.frozen = r.frozen === true;
    this.search = r.search ?? '';
    const selected = restored ? r.selected : options.focus;
    this.selected = selected !== undefined && this.model().nodeById.has(selected) ? selected : undefined;
    this.cursor = this.selected;
    this.stage.scene = undefined;
    this.toolbar.sync();
    this.showMessage(undefined, '', []);
    const t = r.transform;
    void this.relayout(t && [t.x, t.y, t.k].every(Number.isFinite) && t.k > 0 ? { transform: t } : { fit: true });
  }

  /** Replaces the graph with an error: what went wrong and what to do about it. */
  showError(message: string, source: 'response' | 'host'): void {
    this.tableModel = undefined;
    if (source === 'response') {
      this.showMessage('error', `${this.title || 'This file'} is not a Marquez lineage response.`, [
        { text: message, className: 'll-error-detail' },
        { text: 'Save the response of GET /api/v1/lineage exactly as Marquez returns it, for example:' },
        { code: "curl -G 'http://marquez:5000/api/v1/lineage' --data-urlencode 'nodeId=dataset:postgres://warehouse:5432:public.orders' > lineage.json" },
        { text: 'then open that file with "Lineage Lens: Open Lineage Graph from JSON File".' },
      ]);
    } else {
      this.showMessage('error', 'The lineage graph cannot be shown.', [
        { text: message, className: 'll-error-detail' },
        { text: 'Open the file again with "Lineage Lens: Open Lineage Graph from JSON File".' },
      ]);
    }
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
    const where = side === 'both' ? 'around' : `${side} of`;
    // With added nodes, the host's message is a note about them (e.g. data cut to be drawn): said after.
    this.transient = { text: added > 0 ? `Added ${added} ${added === 1 ? 'node' : 'nodes'} ${where} ${this.model().nodeById.get(nodeId)?.label ?? nodeId}.${message ? ` ${message}` : ''}` : message ?? `The answer added no new nodes ${where} ${this.model().nodeById.get(nodeId)?.label ?? nodeId}.` };
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
    const visible = this.visible;
    if (!visible) return;
    const key = sideKey(side, id);
    const group = visible.groups.find((g) => g.anchor === id && g.side === side);
    if (group) this.explore = { ...this.explore, openGroups: new Set([...this.explore.openGroups, key]) };
    else if ((visible.hidden.get(id)?.[side] ?? 0) > 0) this.explore = { ...this.explore, expanded: new Set([...this.explore.expanded, key]) };
    else if ((model.outside.get(id)?.[side] ?? 0) > 0 && this.mode === 'table') {
      this.host.post({ type: 'expand', nodeId: id, direction: side });
      this.transient = { text: `Asking for the lineage ${side} of ${model.nodeById.get(id)?.label ?? id}…` };
      this.updateBanner();
      return;
    } else {
      this.transient = { text: `${model.nodeById.get(id)?.label ?? id} has nothing more ${side} in this response.` };
      this.updateBanner();
      return;
    }
    this.transient = undefined;
    void this.relayout({ anchor: id });
  }

  collapse(id: string, side: Side): void {
    const key = sideKey(side, id);
    const expanded = new Set(this.explore.expanded);
    const open = new Set(this.explore.openGroups);
    expanded.delete(key);
    open.delete(key);
    this.explore = { ...this.explore, expanded, openGroups: open };
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
      layoutMode: this.layouts.mode,
      layout: this.layoutStats,
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
    return { generation: this.stage.generation, transform: { x: t.x, y: t.y, k: t.k }, draw: this.stage.lastDraw, selected: this.selected, layout: this.layoutStats, layoutMode: this.layouts.mode };
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
    if (this.mode === 'column' && this.tableModel) return (this.columnCache ??= columnModel(this.tableModel));
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

  private makeTextWidths(): void {
    const family = this.stage.palette.fontFamily;
    const measurer = (font: { size: number; weight: number }) => {
      const ctx = document.createElement('canvas').getContext('2d');
      if (ctx) ctx.font = `${font.weight} ${font.size}px ${family}`;
      return (ch: string) => (ctx ? ctx.measureText(ch).width : font.size * 0.6);
    };
    this.labelWidths = new CharWidths(measurer(LABEL_FONT));
    this.subWidths = new CharWidths(measurer(SUBLABEL_FONT));
  }

  /**
   * Recomputes what is shown, lays it out in the worker, then draws it. The main-thread parts (visible graph,
   * label fitting, scene) run in slices with yields in between, so a 20,000-node graph does not freeze input.
   */
  private async relayout(how: { transform?: ViewTransform; fit?: boolean; anchor?: string }): Promise<void> {
    if (!this.tableModel) return;
    const ticket = ++this.layoutTicket;
    const alive = () => ticket === this.layoutTicket;
    const model = this.model();
    const visible = visibleGraph(model, this.explore);
    const slow = setTimeout(() => {
      if (!alive()) return;
      this.panels.showProgress(`Laying out ${visible.nodes.length.toLocaleString('en-US')} nodes and ${visible.edges.length.toLocaleString('en-US')} edges…`);
    }, 400);
    const nodes = visible.nodes;
    const fitted = await inSlices(
      nodes.length,
      (i) => {
        if (!this.textCache.has(nodes[i].id)) this.textCache.set(nodes[i].id, nodeText(nodes[i], this.labelWidths, this.subWidths));
      },
      alive,
    );
    if (!fitted) return clearTimeout(slow);
    const input = sceneInput(visible, model, this.labelWidths, this.subWidths, this.textCache);
    const n = input.items.length;
    const job = {
      width: new Float64Array(n),
      height: new Float64Array(n),
      source: new Int32Array(input.edges.length),
      target: new Int32Array(input.edges.length),
    };
    input.items.forEach((it, i) => {
      job.width[i] = it.text.width;
      job.height[i] = it.text.height;
    });
    input.edges.forEach((e, i) => {
      job.source[i] = e.source;
      job.target[i] = e.target;
    });
    performance.mark('ll:layout-start');
    let done;
    try {
      done = await this.layouts.layout(job, LAYOUT_OPTIONS);
    } catch (e) {
      clearTimeout(slow);
      if (!alive()) return;
      this.panels.showProgress(undefined);
      this.showMessage('error', 'The lineage graph could not be laid out.', [
        { text: e instanceof Error ? e.message : String(e), className: 'll-error-detail' },
        { text: 'Showing fewer nodes may help: explore around one node at depth 2.' },
        {
          action: {
            label: 'Try again',
            run: () => {
              this.showMessage(undefined, '', []);
              void this.relayout({ fit: true });
            },
          },
        },
      ]);
      return;
    }
    clearTimeout(slow);
    if (!alive()) return;
    performance.mark('ll:layout-end');
    this.panels.showProgress(undefined);
    this.layoutStats = { computeMs: done.computeMs, totalMs: done.totalMs, nodes: n, edges: input.edges.length };
    const scene = buildScene(input, done.layout, visible.hidden, model.outside);
    await nextTask();
    if (!alive()) return;
    this.sceneReady(visible, input, scene, how);
  }

  private sceneReady(visible: VisibleGraph, _input: SceneInput, fresh: Scene, how: { transform?: ViewTransform; fit?: boolean; anchor?: string }): void {
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

  /** The overlay holds the selection and its direct neighbours, the cursor, the hovered and the explored node. */
  private updateOverlay(): void {
    const scene = this.scene;
    if (!scene) return;
    const marks = this.marks;
    const picked = new Set<number>();
    const add = (id: string | undefined) => {
      const i = id !== undefined ? scene.nodeIndex.get(id) : undefined;
      if (i !== undefined) picked.add(i);
    };
    add(this.selected);
    add(this.cursor);
    add(this.hover);
    add(this.explore.focus);
    const sel = this.selected !== undefined ? scene.nodeIndex.get(this.selected) : undefined;
    if (sel !== undefined) for (const i of [...scene.up[sel], ...scene.down[sel]].slice(0, OVERLAY_NEIGHBOURS)) picked.add(i);
    const skip = new Uint8Array(scene.nodes.length);
    const items: OverlayItem[] = [];
    for (const i of picked) {
      skip[i] = 1;
      const mark = marks.node?.[i] ?? 0;
      items.push({
        index: i,
        node: scene.nodes[i],
        mark,
        dimmed: (marks.node !== undefined && mark === 0) || (marks.match !== undefined && !marks.match[i]),
        cursor: scene.nodes[i].id === this.cursor,
        hover: scene.nodes[i].id === this.hover,
        match: marks.match?.[i] === 1,
        focus: scene.nodes[i].id === this.explore.focus,
      });
    }
    marks.skip = skip;
    const overlay = this.stage.overlay;
    overlay.update(items, marks.node !== undefined);
    overlay.setTransform(this.stage.transform());
    const cursor = this.cursor !== undefined ? overlay.element(this.cursor) : null;
    if (cursor) this.surface.setAttribute('aria-activedescendant', cursor.id);
    else this.surface.removeAttribute('aria-activedescendant');
  }

  private renderDetailsPanel(): void {
    if (!this.tableModel || !this.scene || !this.visible) return;
    const s = this.selected !== undefined ? this.scene.nodes[this.scene.nodeIndex.get(this.selected)!] : undefined;
    const actions: DetailsActions = {
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
      actions,
    );
  }

  private hostNoticeItems(): { text: string; actions: { label: string; run: () => void }[] }[] {
    return this.hostNotices.map((n) => ({
      text: n.text,
      actions: (n.actions ?? []).map((a) => ({ label: a.label, run: () => this.host.post({ type: 'command', command: a.command }) })),
    }));
  }

  /** The banner says what an empty result means and what to do next (search, direction), or a passing notice. */
  private updateBanner(): void {
    // The side bar is narrow: there the host's notices go into the details summary instead.
    const notices: Notice[] = this.variant === 'side' ? [] : this.hostNoticeItems();
    if (this.transient) notices.push(this.transient);
    const model = this.tableModel ? this.model() : undefined;
    if (model && this.scene && this.search.trim() !== '' && this.matchOrder.length === 0) {
      const elsewhere = this.explore.focus !== undefined ? searchNodes(model.nodes, this.search).size : 0;
      const actions = [{ label: 'Clear the search', run: () => this.toolbar.clearSearch() }];
      if (elsewhere > 0) actions.unshift({ label: `Show everything (${elsewhere} ${elsewhere === 1 ? 'match' : 'matches'})`, run: () => this.exploreFrom(undefined) });
      notices.push({ text: `No shown node matches “${this.search.trim()}”.`, actions });
    }
    const focus = this.explore.focus !== undefined ? model?.nodeById.get(this.explore.focus) : undefined;
    if (model && focus && this.visible && this.visible.nodes.length === 1 && this.visible.groups.length === 0) {
      const side = this.explore.direction === 'both' ? 'upstream or downstream' : this.explore.direction;
      const actions: Notice['actions'] = [];
      if (this.explore.direction !== 'both') actions.push({ label: 'Show both directions', run: () => this.setDirection('both') });
      const outside = model.outside.get(focus.id);
      if (outside && this.mode === 'table') {
        for (const s of ['upstream', 'downstream'] as const) if (outside[s] > 0) actions.push({ label: `Fetch ${s} (${outside[s]})`, run: () => this.expand(focus.id, s) });
      }
      actions.push({ label: 'Show everything', run: () => this.exploreFrom(undefined) });
      notices.push({ text: `${focus.label} has nothing ${side} in this response.`, actions });
    }
    this.panels.showNotices(notices);
  }

  private updateStatus(): void {
    if (!this.scene || !this.visible) return;
    const total = this.model().nodes.length;
    const shown = this.visible.nodes.length;
    const parts = [shown === total ? `${total.toLocaleString('en-US')} nodes` : `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} nodes`];
    if (this.visible.groups.length > 0) parts.push(`${this.visible.groups.length} folded ${this.visible.groups.length === 1 ? 'group' : 'groups'}`);
    if (this.frozen) parts.push('layout frozen');
    if (this.stage.lastDraw && !this.stage.lastDraw.edgesShown) parts.push('zoom in to see edges');
    this.panels.setStatus(parts.join(' · '));
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
      this.makeTextWidths();
      this.textCache.clear();
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
    const model = this.model();
    const visible = this.visible;
    if (!visible) return;
    let local = false;
    const expanded = new Set(this.explore.expanded);
    const open = new Set(this.explore.openGroups);
    for (const side of ['upstream', 'downstream'] as const) {
      if (visible.groups.some((g) => g.anchor === id && g.side === side)) open.add(sideKey(side, id));
      else if ((visible.hidden.get(id)?.[side] ?? 0) > 0) expanded.add(sideKey(side, id));
      else continue;
      local = true;
    }
    if (local) {
      this.explore = { ...this.explore, expanded, openGroups: open };
      this.transient = undefined;
      void this.relayout({ anchor: id });
      return;
    }
    if (this.mode !== 'table') return;
    this.host.post({ type: 'expand', nodeId: id, direction: 'both' });
    this.transient = { text: `Asking for the lineage around ${model.nodeById.get(id)?.label ?? id}…` };
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
    this.showMessage('empty', heading, [
      ...paragraphs.map((text) => ({ text })),
      ...actions.map((a) => ({ action: { label: a.label, run: () => this.host.post({ type: 'command', command: a.command }) } })),
    ]);
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
    const t = this.stage.transform();
    this.host.saveState({
      transform: { x: t.x, y: t.y, k: t.k },
      selected: this.selected,
      focus: this.explore.focus,
      depth: Number.isFinite(this.explore.depth) ? this.explore.depth : -1,
      direction: this.explore.direction,
      mode: this.mode,
      search: this.search,
      frozen: this.frozen,
      expanded: [...this.explore.expanded],
      openGroups: [...this.explore.openGroups],
    });
  }

  /** Shows a full-panel message instead of the graph (`kind` undefined hides it). */
  private showMessage(kind: PageState | undefined, heading: string, paragraphs: Paragraph[]): void {
    this.root.setAttribute('data-state', kind ?? 'graph');
    if (kind === undefined) {
      this.panels.hideMessage();
      return;
    }
    this.layoutTicket++;
    this.stage.clear();
    this.visible = undefined;
    this.selected = undefined;
    this.details.replaceChildren();
    this.legendFor = -1;
    this.panels.showMessage(kind, heading, paragraphs);
    if (kind !== 'loading') this.host.post({ type: 'drawn', state: kind, nodes: 0, onlyInCode: 0, onlyAtRuntime: 0, title: heading });
  }
}
