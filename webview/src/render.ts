/**
 * The lineage graph view: ties the pure layers together and owns the page.
 *
 *   model ──explore──▶ visible graph ──(worker) layout──▶ scene ──▶ canvas (bulk) + SVG overlay (near focus)
 *
 * d3-zoom drives one transform for the canvas, the overlay and the minimap. Clicks and hovers are hit-tested
 * against the scene's grid, since canvas nodes have no DOM; the keyboard moves a cursor between neighbours.
 * Everything shown comes from an untrusted response: strings go into the DOM as text only, and colours come
 * from the `--vscode-*` theme variables (styles.css, palette.ts).
 */
import { select, zoom, zoomIdentity, zoomTransform, type D3ZoomEvent, type Selection, type ZoomBehavior } from 'd3';
import type { ExpandDirection, ExportFormat, GraphMode, GraphVariant, HostAction, HostNotice, ViewTransform, WebviewToHostMessage } from '../../protocol/webview';
import { drawScene, LABEL_SCALE, SceneRenderer, type DrawMarks, type DrawStats, type Transform } from './canvas-renderer';
import { renderDetails, type DetailsActions } from './details';
import { columnModel, datasetOfField, hasColumnLineage } from './graph/columns';
import { DEFAULT_DEPTH, searchNodes, sideKey, visibleGraph, type ExploreState, type Side, type VisibleGraph } from './graph/explore';
import { exportFileName, exportJson, exportSvg } from './graph/export';
import { locationOf, type SourceLocation } from './graph/facets';
import type { LayoutOptions } from './graph/layout';
import { mergeModels, type Direction, type LineageModel } from './graph/model';
import { buildScene, fitTransform, freezeScene, LABEL_FONT, nodeText, PRESENCE_TEXT, sceneBounds, sceneInput, SUBLABEL_FONT, tooltipOf, type NodeText, type Scene, type SceneInput } from './graph/scene';
import { CharWidths } from './graph/text';
import { LayoutClient } from './layout-client';
import { Minimap } from './minimap';
import type { DebugInfo } from './debug-info';
import { describeNode, Overlay, type OverlayItem } from './overlay';
import { readPalette, type Palette } from './palette';
import { inSlices, nextTask } from './tasks';

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
const ZOOM_EXTENT: [number, number] = [0.01, 4];

interface Notice {
  text: string;
  actions?: { label: string; run: () => void }[];
}

type Paragraph = { text?: string; code?: string; className?: string; action?: { label: string; run: () => void } };

export class GraphView {
  private readonly root: HTMLElement;
  private readonly graphArea: HTMLDivElement;
  private readonly surface: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly overlay: Overlay;
  private readonly minimap: Minimap;
  private readonly details: HTMLElement;
  private readonly stateBox: HTMLDivElement;
  private readonly banner: HTMLDivElement;
  private readonly progress: HTMLDivElement;
  private readonly status: HTMLDivElement;
  private readonly legend: HTMLDivElement;
  private readonly tooltip: HTMLDivElement;
  private readonly live: HTMLDivElement;
  private readonly toolbar: Toolbar;
  private readonly zoomBehavior: ZoomBehavior<HTMLDivElement, unknown>;
  private readonly surfaceSel: Selection<HTMLDivElement, unknown, null, undefined>;
  private readonly layouts = new LayoutClient();
  private readonly renderer = new SceneRenderer(() => this.requestDraw());
  /** Bumped when the theme changes, so that cached bitmaps are redrawn. */
  private paletteVersion = 0;

  private palette: Palette;
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
  private scene: Scene | undefined;
  private marks: DrawMarks = {};
  private matchOrder: number[] = [];
  private matchAt = -1;
  private pathCounts: { upstream: number; downstream: number } | undefined;
  private layoutTicket = 0;
  private layoutStats: { computeMs: number; totalMs: number; nodes: number; edges: number } | undefined;
  private lastDraw: (DrawStats & { mode: string }) | undefined;
  private sceneBox: ReturnType<typeof sceneBounds> | undefined;
  private frameRequested = false;
  private firstFramePending = false;
  private transient: Notice | undefined;
  private variant: GraphVariant = 'panel';
  private hostNotices: HostNotice[] = [];
  /** Counts the scenes drawn (each layout), so that tests can wait for the next one. */
  private generation = 0;
  private size = { width: 1, height: 1, dpr: 1 };

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
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'll-canvas';
    this.surface.append(this.canvas);
    this.overlay = new Overlay(this.surface);
    this.toolbar = new Toolbar(this.graphArea, this);
    this.banner = div(this.graphArea, 'll-banner');
    this.banner.setAttribute('role', 'status');
    this.banner.hidden = true;
    this.progress = div(this.graphArea, 'll-progress');
    this.progress.setAttribute('role', 'status');
    this.progress.hidden = true;
    this.status = div(this.graphArea, 'll-status');
    this.legend = div(this.graphArea, 'll-legend');
    this.legend.hidden = true;
    this.tooltip = div(this.graphArea, 'll-tooltip');
    this.tooltip.hidden = true;
    this.minimap = new Minimap(this.graphArea, (x, y) => this.surfaceSel.call(this.zoomBehavior.translateTo, x, y));
    this.details = document.createElement('aside');
    this.details.className = 'll-details';
    this.details.setAttribute('aria-label', 'Details');
    root.append(this.details);
    this.stateBox = div(root, 'll-state');
    this.stateBox.setAttribute('role', 'status');
    this.live = div(root, 'll-live');
    this.live.setAttribute('aria-live', 'polite');

    this.palette = readPalette(root);
    this.makeTextWidths();

    this.surfaceSel = select(this.surface);
    this.zoomBehavior = zoom<HTMLDivElement, unknown>()
      .scaleExtent(ZOOM_EXTENT)
      .on('zoom', (event: D3ZoomEvent<HTMLDivElement, unknown>) => {
        this.overlay.setTransform(event.transform);
        this.tooltip.hidden = true;
        this.requestDraw();
      })
      .on('end', () => this.emitState());
    this.surfaceSel.call(this.zoomBehavior).on('dblclick.zoom', null);
    this.surface.addEventListener('click', (e) => this.onClick(e));
    this.surface.addEventListener('dblclick', (e) => this.onDoubleClick(e));
    this.surface.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.surface.addEventListener('pointerleave', () => this.setHover(undefined));
    this.surface.addEventListener('keydown', (e) => this.onKey(e));
    window.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.selected !== undefined && !(e.target instanceof HTMLInputElement)) this.select(undefined);
    });
    new ResizeObserver(() => this.resize()).observe(this.surface);
    // The toolbar wraps onto more rows in a narrow panel: notices go below it, never over it.
    const bar = this.graphArea.querySelector<HTMLElement>('.ll-toolbar');
    if (bar) {
      new ResizeObserver(() => {
        const top = `${bar.offsetTop + bar.offsetHeight + 6}px`;
        this.banner.style.top = top;
        this.progress.style.top = top;
      }).observe(bar);
    }
    // VS Code changes the theme by swapping the body's class and the variables on <html>.
    const themeWatch = new MutationObserver(() => this.themeChanged());
    themeWatch.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    this.showMessage('loading', 'Loading the lineage graph…', [
      { text: 'Waiting for VS Code to send the graph.' },
      { text: 'If nothing appears, close this tab and open the file again with "Lineage Lens: Open Lineage Graph from JSON File".' },
    ]);
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
    this.scene = undefined;
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
    if (!this.scene) return;
    const t = fitTransform(sceneBounds(this.scene), this.size.width, this.size.height, 32, 1, ZOOM_EXTENT[0]);
    this.surfaceSel.call(this.zoomBehavior.transform, zoomIdentity.translate(t.x, t.y).scale(t.k));
  }

  /** Centres the view on the selection (or the explored node, or the cursor). */
  center(): void {
    const id = this.selected ?? this.explore.focus ?? this.cursor;
    const i = id !== undefined ? this.scene?.nodeIndex.get(id) : undefined;
    if (i === undefined || !this.scene) return this.fit();
    const n = this.scene.nodes[i];
    this.surfaceSel.call(this.zoomBehavior.translateTo, n.x + n.width / 2, n.y + n.height / 2);
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
    this.scene = undefined;
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
    else if (format === 'svg') data = exportSvg(this.scene, this.palette, this.title, this.marks.node, this.marks.edge);
    else {
      data = this.pngExport();
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
    const t = zoomTransform(this.surface);
    const box = this.surface.getBoundingClientRect();
    const scene = this.scene;
    const overlayIds = new Set<string>();
    this.surface.querySelectorAll('.ll-overlay g.node').forEach((g) => overlayIds.add(g.getAttribute('data-id') ?? ''));
    return {
      generation: this.generation,
      state: this.root.getAttribute('data-state') ?? '',
      transform: { x: t.x, y: t.y, k: t.k },
      layoutMode: this.layouts.mode,
      layout: this.layoutStats,
      draw: this.lastDraw,
      modelNodes: this.tableModel ? this.model().nodes.length : 0,
      mode: this.mode,
      focus: this.explore.focus,
      selected: this.selected,
      cursor: this.cursor,
      nodes: (scene?.nodes ?? []).map((n, i) => ({
        id: n.id,
        kind: n.kind,
        x: n.x,
        y: n.y,
        width: n.width,
        height: n.height,
        layer: n.layer,
        lines: n.lines,
        sublabel: n.sublabel,
        tooltip: tooltipOf(n),
        hiddenUp: n.hiddenUp,
        hiddenDown: n.hiddenDown,
        screen: { x: box.left + t.x + n.x * t.k, y: box.top + t.y + n.y * t.k, width: n.width * t.k, height: n.height * t.k },
        overlay: overlayIds.has(n.id),
        mark: this.marks.node?.[i] ?? 0,
        match: this.marks.match?.[i] === 1,
      })),
      edges: (scene?.edges ?? []).map((e, i) => ({ id: e.id, source: scene!.nodes[e.source].id, target: scene!.nodes[e.target].id, mark: this.marks.edge?.[i] ?? 0, points: (e.end - e.start) })),
    };
  }

  /** The last frame, the transform and the selection, without per-node data (the benchmark reads it every frame). */
  debugStats(): Pick<DebugInfo, 'generation' | 'transform' | 'draw' | 'selected' | 'layout' | 'layoutMode'> {
    const t = zoomTransform(this.surface);
    return { generation: this.generation, transform: { x: t.x, y: t.y, k: t.k }, draw: this.lastDraw, selected: this.selected, layout: this.layoutStats, layoutMode: this.layouts.mode };
  }

  /** The node under client point (x, y), for tests. */
  hitTestClient(x: number, y: number): { id: string; part: string } | undefined {
    const hit = this.hitAt(x, y);
    return hit && this.scene ? { id: this.scene.nodes[hit.index].id, part: hit.part } : undefined;
  }

  /** Pans by (dx, dy) screen pixels and zooms by `factor` around the view's centre (benchmark). */
  panZoom(dx: number, dy: number, factor = 1): void {
    const t = zoomTransform(this.surface);
    const cx = this.size.width / 2;
    const cy = this.size.height / 2;
    const k = Math.max(ZOOM_EXTENT[0], Math.min(ZOOM_EXTENT[1], t.k * factor));
    const x = cx - ((cx - t.x) * k) / t.k + dx;
    const y = cy - ((cy - t.y) * k) / t.k + dy;
    this.surfaceSel.call(this.zoomBehavior.transform, zoomIdentity.translate(x, y).scale(k));
  }

  setTransform(t: ViewTransform): void {
    this.surfaceSel.call(this.zoomBehavior.transform, zoomIdentity.translate(t.x, t.y).scale(t.k));
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
    const family = this.palette.fontFamily;
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
      this.progress.hidden = false;
      this.progress.textContent = `Laying out ${visible.nodes.length.toLocaleString('en-US')} nodes and ${visible.edges.length.toLocaleString('en-US')} edges…`;
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
      this.progress.hidden = true;
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
    this.progress.hidden = true;
    this.layoutStats = { computeMs: done.computeMs, totalMs: done.totalMs, nodes: n, edges: input.edges.length };
    const scene = buildScene(input, done.layout, visible.hidden, model.outside);
    await nextTask();
    if (!alive()) return;
    this.sceneReady(visible, input, scene, how);
  }

  private sceneReady(visible: VisibleGraph, _input: SceneInput, fresh: Scene, how: { transform?: ViewTransform; fit?: boolean; anchor?: string }): void {
    const previous = this.scene;
    const scene = this.frozen && previous ? freezeScene(previous, fresh) : fresh;
    this.generation++;
    this.sceneBox = undefined;
    this.renderer.reset(scene.nodes.length + scene.edges.length);
    this.visible = visible;
    this.scene = scene;
    if (this.selected !== undefined && !scene.nodeIndex.has(this.selected)) this.selected = undefined;
    if (this.cursor !== undefined && !scene.nodeIndex.has(this.cursor)) this.cursor = this.selected;
    this.hover = undefined;
    this.minimap.setScene(scene, this.palette);
    this.firstFramePending = true;
    this.updateMarks();
    // Where to look: as saved, the whole graph, or the expanded node where it was on screen.
    if (how.transform) this.setTransform(how.transform);
    else if (how.anchor !== undefined && previous && !this.frozen) {
      const a = previous.nodeIndex.get(how.anchor);
      const b = scene.nodeIndex.get(how.anchor);
      const t = zoomTransform(this.surface);
      if (a !== undefined && b !== undefined) {
        const dx = (previous.nodes[a].x - scene.nodes[b].x) * t.k;
        const dy = (previous.nodes[a].y - scene.nodes[b].y) * t.k;
        this.setTransform({ x: t.x + dx, y: t.y + dy, k: t.k });
      } else this.requestDraw();
    } else if (how.fit) this.fit();
    else this.requestDraw();
    this.toolbar.sync();
    this.emitState();
  }

  // ---- Marks, overlay, details -------------------------------------------------------------------------

  /** Recomputes selection, lineage and search marks, then the overlay, the details and the banner. */
  private updateMarks(): void {
    const scene = this.scene;
    if (!scene) return;
    const n = scene.nodes.length;
    const marks: DrawMarks = {};
    this.pathCounts = undefined;
    const sel = this.selected !== undefined ? scene.nodeIndex.get(this.selected) : undefined;
    if (sel !== undefined) {
      const up = reach(scene.up, sel, n);
      const down = reach(scene.down, sel, n);
      const node = new Uint8Array(n);
      let ups = 0;
      let downs = 0;
      for (let i = 0; i < n; i++) {
        if (down[i]) {
          node[i] = 2;
          downs++;
        } else if (up[i]) {
          node[i] = 1;
          ups++;
        }
      }
      node[sel] = 3;
      const edge = new Uint8Array(scene.edges.length);
      scene.edges.forEach((e, i) => {
        // Every edge between two ancestors (or into the node) lies on a path to the node, and likewise downstream.
        if (down[e.target] && (e.source === sel || down[e.source])) edge[i] = 2;
        else if (up[e.source] && (e.target === sel || up[e.target])) edge[i] = 1;
      });
      marks.node = node;
      marks.edge = edge;
      this.pathCounts = { upstream: ups, downstream: downs };
    }
    this.matchOrder = [];
    if (this.search.trim() !== '') {
      const found = searchNodes(scene.nodes.map((s) => s.node).filter((x) => x !== undefined), this.search);
      const match = new Uint8Array(n);
      scene.nodes.forEach((s, i) => {
        if (found.has(s.id)) {
          match[i] = 1;
          this.matchOrder.push(i);
        }
      });
      this.matchOrder.sort((a, b) => scene.nodes[a].x - scene.nodes[b].x || scene.nodes[a].y - scene.nodes[b].y);
      marks.match = match;
    }
    this.marks = marks;
    this.updateOverlay();
    this.renderDetailsPanel();
    this.updateBanner();
    this.toolbar.sync();
    this.updateStatus();
    this.requestDraw();
  }

  /** The overlay holds the selection and its direct neighbours, the cursor, the hovered and the explored node. */
  private updateOverlay(): void {
    const scene = this.scene;
    if (!scene) return;
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
      const mark = this.marks.node?.[i] ?? 0;
      items.push({
        index: i,
        node: scene.nodes[i],
        mark,
        dimmed: (this.marks.node !== undefined && mark === 0) || (this.marks.match !== undefined && !this.marks.match[i]),
        cursor: scene.nodes[i].id === this.cursor,
        hover: scene.nodes[i].id === this.hover,
        match: this.marks.match?.[i] === 1,
        focus: scene.nodes[i].id === this.explore.focus,
      });
    }
    this.marks.skip = skip;
    this.overlay.update(items, this.marks.node !== undefined);
    this.overlay.setTransform(zoomTransform(this.surface));
    const cursor = this.cursor !== undefined ? this.overlay.element(this.cursor) : null;
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
    this.banner.replaceChildren();
    this.banner.hidden = notices.length === 0;
    for (const notice of notices) {
      const p = document.createElement('p');
      p.append(document.createTextNode(notice.text));
      for (const a of notice.actions ?? []) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'll-inline-button';
        b.textContent = a.label;
        b.addEventListener('click', a.run);
        p.append(' ', b);
      }
      this.banner.append(p);
    }
  }

  private updateStatus(): void {
    if (!this.scene || !this.visible) return;
    const total = this.model().nodes.length;
    const shown = this.visible.nodes.length;
    const parts = [shown === total ? `${total.toLocaleString('en-US')} nodes` : `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} nodes`];
    if (this.visible.groups.length > 0) parts.push(`${this.visible.groups.length} folded ${this.visible.groups.length === 1 ? 'group' : 'groups'}`);
    if (this.frozen) parts.push('layout frozen');
    if (this.lastDraw && !this.lastDraw.edgesShown) parts.push('zoom in to see edges');
    this.status.textContent = parts.join(' · ');
    this.updateLegend();
  }

  private legendFor = -1;

  /** The DAG Lineage view's legend: which outline means what, for the marks the scene has. */
  private updateLegend(): void {
    if (!this.scene || this.legendFor === this.generation) return;
    this.legendFor = this.generation;
    let code = 0;
    let runtime = 0;
    for (const n of this.scene.nodes) {
      if (n.presence === 'code') code++;
      else if (n.presence === 'runtime') runtime++;
    }
    this.legend.replaceChildren();
    const item = (presence: 'code' | 'runtime', count: number) => {
      const span = document.createElement('span');
      const mark = document.createElement('span');
      mark.className = `ll-presence-mark ${presence}`;
      mark.setAttribute('aria-hidden', 'true');
      span.className = `ll-legend-item ${presence}`;
      span.append(mark, `${PRESENCE_TEXT[presence]} (${count})`);
      this.legend.append(span);
    };
    if (code > 0) item('code', code);
    if (runtime > 0) item('runtime', runtime);
    this.legend.hidden = code + runtime === 0;
  }

  // ---- Drawing -----------------------------------------------------------------------------------------

  private requestDraw(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.drawNow();
    });
  }

  private drawNow(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || !this.scene) return;
    const t = zoomTransform(this.surface);
    const edgesWereShown = this.lastDraw?.edgesShown;
    // What the cached bitmaps show: the scene, the search and the theme; then the selection over them.
    const baseKey = `${this.generation}|${this.paletteVersion}|${this.search}`;
    this.lastDraw = this.renderer.draw(ctx, this.scene, t, this.marks, this.palette, this.size, baseKey, `${baseKey}|${this.selected ?? ''}`);
    if (edgesWereShown !== this.lastDraw.edgesShown) this.updateStatus();
    // The minimap only helps when part of the graph is out of view.
    const b = this.sceneBox ?? (this.sceneBox = sceneBounds(this.scene));
    const all = -t.x / t.k <= b.minX && -t.y / t.k <= b.minY && (this.size.width - t.x) / t.k >= b.maxX && (this.size.height - t.y) / t.k >= b.maxY;
    if (this.minimap.canvas.hidden !== all) this.minimap.canvas.hidden = all;
    if (!all) this.minimap.update(t, this.size.width, this.size.height);
    if (this.firstFramePending) {
      this.firstFramePending = false;
      performance.mark('ll:frame');
      let onlyInCode = 0;
      let onlyAtRuntime = 0;
      for (const n of this.scene.nodes) {
        if (n.presence === 'code') onlyInCode++;
        else if (n.presence === 'runtime') onlyAtRuntime++;
      }
      this.host.post({ type: 'drawn', state: 'graph', nodes: this.scene.nodes.length, onlyInCode, onlyAtRuntime, title: this.title });
    }
  }

  private resize(): void {
    const box = this.surface.getBoundingClientRect();
    const dpr = Math.max(1, window.devicePixelRatio || 1);
    this.size = { width: Math.max(1, box.width), height: Math.max(1, box.height), dpr };
    this.canvas.width = Math.round(this.size.width * dpr);
    this.canvas.height = Math.round(this.size.height * dpr);
    this.requestDraw();
  }

  private themeChanged(): void {
    const next = readPalette(this.root);
    if (JSON.stringify(next) === JSON.stringify(this.palette)) return;
    const fontChanged = next.fontFamily !== this.palette.fontFamily;
    this.palette = next;
    if (fontChanged) {
      this.makeTextWidths();
      this.textCache.clear();
      void this.relayout({});
      return;
    }
    if (this.scene) this.minimap.setScene(this.scene, this.palette);
    this.paletteVersion++;
    this.requestDraw();
  }

  private pngExport(): string {
    const scene = this.scene!;
    const b = sceneBounds(scene);
    const margin = 24;
    const w = b.maxX - b.minX + 2 * margin;
    const h = b.maxY - b.minY + 2 * margin;
    // Twice the resolution for small graphs, but at most 8,192 pixels a side and 32 megapixels in all.
    const scale = Math.min(2, 8192 / w, 8192 / h, Math.sqrt(32e6 / (w * h)));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.ceil(w * scale));
    canvas.height = Math.max(1, Math.ceil(h * scale));
    const ctx = canvas.getContext('2d')!;
    const t: Transform = { x: (margin - b.minX) * scale, y: (margin - b.minY) * scale, k: scale };
    drawScene(ctx, scene, t, { node: this.marks.node, edge: this.marks.edge }, this.palette, { width: canvas.width, height: canvas.height, dpr: 1 });
    return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }

  // ---- Input -------------------------------------------------------------------------------------------

  private hitAt(clientX: number, clientY: number) {
    if (!this.scene) return undefined;
    const box = this.surface.getBoundingClientRect();
    const t = zoomTransform(this.surface);
    return this.scene.hitTest((clientX - box.left - t.x) / t.k, (clientY - box.top - t.y) / t.k);
  }

  private onClick(event: MouseEvent): void {
    const hit = this.hitAt(event.clientX, event.clientY);
    if (!hit || !this.scene) return this.select(undefined);
    const n = this.scene.nodes[hit.index];
    if (hit.part === 'expand-upstream') return this.expand(n.id, 'upstream');
    if (hit.part === 'expand-downstream') return this.expand(n.id, 'downstream');
    if (n.group && this.selected === n.id) return this.openGroup(n.id);
    this.select(n.id);
    if (this.variant === 'side' && n.node) this.activate(n.node.id);
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

  private onDoubleClick(event: MouseEvent): void {
    const hit = this.hitAt(event.clientX, event.clientY);
    if (!hit || !this.scene || hit.part !== 'body') return;
    const n = this.scene.nodes[hit.index];
    if (n.group) this.openGroup(n.id);
    else this.exploreFrom(n.id);
  }

  private pendingPointer: { x: number; y: number } | undefined;

  private onPointerMove(event: PointerEvent): void {
    if (event.buttons !== 0) return;
    const first = this.pendingPointer === undefined;
    this.pendingPointer = { x: event.clientX, y: event.clientY };
    if (!first) return;
    requestAnimationFrame(() => {
      const p = this.pendingPointer!;
      this.pendingPointer = undefined;
      const hit = this.hitAt(p.x, p.y);
      const n = hit && this.scene ? this.scene.nodes[hit.index] : undefined;
      this.setHover(n?.id);
      this.surface.style.cursor = n ? 'pointer' : '';
      if (n) {
        const box = this.graphArea.getBoundingClientRect();
        this.tooltip.textContent = hit!.part === 'body' ? tooltipOf(n) : hit!.part === 'expand-upstream' ? `Show ${n.hiddenUp} more upstream` : `Show ${n.hiddenDown} more downstream`;
        this.tooltip.style.left = `${Math.min(p.x - box.left + 14, box.width - 260)}px`;
        this.tooltip.style.top = `${p.y - box.top + 16}px`;
        this.tooltip.hidden = false;
      } else this.tooltip.hidden = true;
    });
  }

  private setHover(id: string | undefined): void {
    if (id === this.hover) return;
    this.hover = id;
    if (id === undefined) this.tooltip.hidden = true;
    // Only worth an overlay element when the node is big enough to read.
    if (zoomTransform(this.surface).k >= LABEL_SCALE || id === undefined) {
      this.updateOverlay();
      this.requestDraw();
    }
  }

  private onKey(event: KeyboardEvent): void {
    const scene = this.scene;
    if (!scene) return;
    const arrows: Record<string, 'left' | 'right' | 'up' | 'down'> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
    const key = event.key;
    if (key in arrows) {
      event.preventDefault();
      let from = this.cursor !== undefined ? scene.nodeIndex.get(this.cursor) : undefined;
      if (from === undefined) {
        from = this.nearestToCentre();
        if (from === undefined) return;
        return this.moveCursor(from);
      }
      if (event.shiftKey && (key === 'ArrowLeft' || key === 'ArrowRight')) return this.expand(scene.nodes[from].id, key === 'ArrowLeft' ? 'upstream' : 'downstream');
      const next = scene.step(from, arrows[key]);
      if (next === undefined) {
        this.announce(`No node ${key === 'ArrowLeft' ? 'upstream' : key === 'ArrowRight' ? 'downstream' : key === 'ArrowUp' ? 'above' : 'below'}.`);
        return;
      }
      return this.moveCursor(next);
    }
    if (key === 'Enter' || key === ' ') {
      event.preventDefault();
      const i = this.cursor !== undefined ? scene.nodeIndex.get(this.cursor) : this.nearestToCentre();
      if (i === undefined) return;
      const n = scene.nodes[i];
      if (n.group && this.selected === n.id) this.openGroup(n.id);
      else {
        this.select(n.id);
        if (this.variant === 'side' && n.node) this.activate(n.node.id);
      }
      this.announce(describeNode(scene, i));
    } else if (key === 'f' || key === 'F') this.fit();
    else if (key === 'c' || key === 'C') this.center();
    else if (key === '+' || key === '=') this.surfaceSel.call(this.zoomBehavior.scaleBy, 1.25);
    else if (key === '-' || key === '_') this.surfaceSel.call(this.zoomBehavior.scaleBy, 0.8);
    else if (key === '/') {
      event.preventDefault();
      this.toolbar.focusSearch();
    }
  }

  private nearestToCentre(): number | undefined {
    const scene = this.scene;
    if (!scene || scene.nodes.length === 0) return undefined;
    const t = zoomTransform(this.surface);
    const cx = (this.size.width / 2 - t.x) / t.k;
    const cy = (this.size.height / 2 - t.y) / t.k;
    let best = 0;
    let bestD = Infinity;
    scene.nodes.forEach((n, i) => {
      const d = (n.x + n.width / 2 - cx) ** 2 + (n.y + n.height / 2 - cy) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    });
    return best;
  }

  private moveCursor(index: number): void {
    const scene = this.scene!;
    this.cursor = scene.nodes[index].id;
    this.updateOverlay();
    this.requestDraw();
    // Keep the cursor in view.
    const n = scene.nodes[index];
    const t = zoomTransform(this.surface);
    const sx = t.x + n.x * t.k;
    const sy = t.y + n.y * t.k;
    if (sx < 0 || sy < 0 || sx + n.width * t.k > this.size.width || sy + n.height * t.k > this.size.height) {
      this.surfaceSel.call(this.zoomBehavior.translateTo, n.x + n.width / 2, n.y + n.height / 2);
    }
    this.announce(describeNode(scene, index));
    this.emitState();
  }

  private announce(text: string): void {
    this.live.textContent = text;
  }

  private emitState(): void {
    if (!this.tableModel) return;
    const t = zoomTransform(this.surface);
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
  private showMessage(kind: 'loading' | 'empty' | 'error' | undefined, heading: string, paragraphs: Paragraph[]): void {
    this.root.setAttribute('data-state', kind ?? 'graph');
    this.stateBox.replaceChildren();
    if (kind === undefined) {
      this.stateBox.hidden = true;
      return;
    }
    this.layoutTicket++;
    this.scene = undefined;
    this.visible = undefined;
    this.selected = undefined;
    this.overlay.update([], false);
    this.details.replaceChildren();
    this.banner.hidden = true;
    this.progress.hidden = true;
    this.status.textContent = '';
    this.legend.hidden = true;
    this.legendFor = -1;
    const ctx = this.canvas.getContext('2d');
    ctx?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.stateBox.hidden = false;
    this.stateBox.className = `ll-state ${kind}`;
    if (kind !== 'loading') this.host.post({ type: 'drawn', state: kind, nodes: 0, onlyInCode: 0, onlyAtRuntime: 0, title: heading });
    const h = document.createElement('h2');
    h.textContent = heading;
    this.stateBox.append(h);
    for (const p of paragraphs) {
      if (p.code !== undefined) {
        const pre = document.createElement('pre');
        const code = document.createElement('code');
        code.textContent = p.code;
        pre.append(code);
        this.stateBox.append(pre);
      } else if (p.action) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'll-button';
        b.textContent = p.action.label;
        b.addEventListener('click', p.action.run);
        this.stateBox.append(b);
      } else {
        const para = document.createElement('p');
        if (p.className) para.className = p.className;
        para.textContent = p.text ?? '';
        this.stateBox.append(para);
      }
    }
  }
}

/** Marks every node reachable from `start` along `next` (not `start` itself unless on a cycle). */
function reach(next: number[][], start: number, n: number): Uint8Array {
  const seen = new Uint8Array(n);
  const stack = [start];
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const w of next[v]) {
      if (seen[w]) continue;
      seen[w] = 1;
      stack.push(w);
    }
  }
  seen[start] = 0;
  return seen;
}

function div(parent: HTMLElement, className: string): HTMLDivElement {
  const d = document.createElement('div');
  d.className = className;
  parent.append(d);
  return d;
}

/** The toolbar over the graph: fit and centre, direction, depth, freeze, columns, search and export. */
class Toolbar {
  private readonly bar: HTMLDivElement;
  private readonly directionButtons = new Map<Direction, HTMLButtonElement>();
  private readonly depth: HTMLSelectElement;
  private readonly freeze: HTMLButtonElement;
  private readonly columns: HTMLButtonElement;
  private readonly search: HTMLInputElement;
  private readonly count: HTMLSpanElement;
  private readonly exportMenu: HTMLDivElement;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(parent: HTMLElement, private readonly view: GraphView) {
    this.bar = div(parent, 'll-toolbar');
    this.bar.setAttribute('role', 'toolbar');
    this.bar.setAttribute('aria-label', 'Graph tools');
    const group = (label: string) => {
      const g = div(this.bar, `ll-group group-${label.split(' ')[0]!.toLowerCase()}`);
      g.setAttribute('role', 'group');
      g.setAttribute('aria-label', label);
      return g;
    };
    const view1 = group('View');
    this.button(view1, 'Fit', 'fit', 'Fit the whole graph in view (F)', () => view.fit());
    this.button(view1, 'Center', 'center', 'Centre the view on the selected node (C)', () => view.center());

    const dir = group('Direction');
    for (const [d, label, title] of [
      ['upstream', 'Upstream', 'Show only what feeds the explored node'],
      ['both', 'Both', 'Show upstream and downstream of the explored node'],
      ['downstream', 'Downstream', 'Show only what the explored node feeds'],
    ] as const) {
      this.directionButtons.set(d, this.button(dir, label, `dir-${d}`, title, () => view.setDirection(d)));
    }

    const depthGroup = group('Depth');
    const depthLabel = document.createElement('label');
    depthLabel.className = 'll-depth';
    depthLabel.textContent = 'Depth ';
    this.depth = document.createElement('select');
    this.depth.className = 'll-select depth';
    this.depth.title = 'How many edges from the explored node to show';
    for (const [value, text] of [['1', '1'], ['2', '2'], ['3', '3'], ['4', '4'], ['6', '6'], ['all', 'All']]) {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = text;
      this.depth.append(o);
    }
    this.depth.addEventListener('change', () => view.setDepth(this.depth.value === 'all' ? Infinity : Number(this.depth.value)));
    depthLabel.append(this.depth);
    depthGroup.append(depthLabel);

    const modes = group('Layout and level');
    this.freeze = this.button(modes, 'Freeze layout', 'freeze', 'Keep nodes where they are while expanding and collapsing', () => view.setFrozen(!view.state.frozen));
    this.columns = this.button(modes, 'Columns', 'columns', 'Column-level lineage', () => view.setMode(view.state.mode === 'column' ? 'table' : 'column'));

    const searchGroup = group('Search');
    this.search = document.createElement('input');
    this.search.type = 'search';
    this.search.className = 'll-search';
    this.search.placeholder = 'Search nodes';
    this.search.setAttribute('aria-label', 'Search the graph');
    this.search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => view.setSearch(this.search.value), 120);
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        clearTimeout(this.searchTimer);
        if (view.state.search !== this.search.value) view.setSearch(this.search.value);
        view.nextMatch(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        e.stopPropagation();
        this.clearSearch();
      }
    });
    this.count = document.createElement('span');
    this.count.className = 'll-count';
    this.count.setAttribute('aria-live', 'polite');
    searchGroup.append(this.search, this.count);

    const exportGroup = group('Export');
    const exportButton = this.button(exportGroup, 'Export', 'export', 'Save the shown graph as SVG, PNG or JSON', () => {
      this.exportMenu.hidden = !this.exportMenu.hidden;
      exportButton.setAttribute('aria-expanded', String(!this.exportMenu.hidden));
    });
    exportButton.setAttribute('aria-haspopup', 'menu');
    this.exportMenu = div(exportGroup, 'll-menu');
    this.exportMenu.setAttribute('role', 'menu');
    this.exportMenu.hidden = true;
    for (const format of ['svg', 'png', 'json'] as const) {
      const b = this.button(this.exportMenu, format.toUpperCase(), `export-${format}`, `Export as ${format.toUpperCase()}`, () => {
        this.exportMenu.hidden = true;
        view.exportGraph(format);
      });
      b.setAttribute('role', 'menuitem');
    }
  }

  private button(parent: HTMLElement, text: string, className: string, title: string, run: () => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `ll-button ${className}`;
    b.title = title;
    b.textContent = text;
    b.addEventListener('click', run);
    parent.append(b);
    return b;
  }

  focusSearch(): void {
    this.search.focus();
    this.search.select();
  }

  clearSearch(): void {
    this.search.value = '';
    this.view.setSearch('');
  }

  /** Brings the controls in line with the view's state. */
  sync(): void {
    const s = this.view.state;
    for (const [d, b] of this.directionButtons) {
      b.setAttribute('aria-pressed', String(s.explore.focus !== undefined && s.explore.direction === d));
    }
    const depth = Number.isFinite(s.explore.depth) ? String(s.explore.depth) : 'all';
    if (!Array.from(this.depth.options).some((o) => o.value === depth)) {
      const o = document.createElement('option');
      o.value = depth;
      o.textContent = depth;
      this.depth.append(o);
    }
    this.depth.value = s.explore.focus !== undefined ? depth : 'all';
    this.freeze.setAttribute('aria-pressed', String(s.frozen));
    this.columns.setAttribute('aria-pressed', String(s.mode === 'column'));
    this.columns.disabled = !s.columnAvailable;
    this.columns.title = s.columnAvailable ? 'Switch between table-level and column-level lineage' : 'No column lineage in this response (no DATASET_FIELD nodes, no columnLineage facets)';
    if (this.search.value !== s.search && document.activeElement !== this.search) this.search.value = s.search;
    this.count.textContent = s.search.trim() === '' ? '' : s.matches === 0 ? 'No match' : `${s.matches} ${s.matches === 1 ? 'match' : 'matches'}`;
  }
}
