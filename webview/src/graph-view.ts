/**
 * The lineage graph view: ties the pure layers together and owns the page.
 *
 *   model ──explore──▶ visible graph ──(worker) layout──▶ scene ──▶ stage: canvas (bulk) + SVG overlay (near focus)
 *
 * What the user is looking at (mode, exploration, selection, cursor, search) is view-model.ts; this controller
 * carries out its changes: a new layout (scene-builder.ts), marks on the stage (stage.ts draws and zooms), and
 * the details, banner and status (details.ts, panels.ts). input.ts reads the pointer and the keyboard,
 * toolbar.ts is the controls. Everything shown comes from an untrusted response: strings go into the DOM as
 * text only, and colours come from the `--vscode-*` theme variables (styles.css, palette.ts).
 */
import type { ExpandDirection, ExportFormat, GraphMode, GraphVariant, HostAction, WebviewToHostMessage } from '../../protocol/webview';
import { LABEL_SCALE, type DrawMarks } from './canvas-renderer';
import type { DebugParts } from './debug-hooks';
import { renderDetails, type DetailsActions } from './details';
import { div } from './dom';
import { visibleGraph, type ExploreState, type Side, type VisibleGraph } from './graph/explore';
import { exportFileName, exportJson, exportSvg } from './graph/export';
import { locationOf, type SourceCodeLink } from './graph/facets';
import type { Direction, LineageModel } from './graph/model';
import { freezeScene, LABEL_FONT, LEGIBLE_LABEL_PX, newNodesBox, presenceCounts, sceneBounds, type Scene } from './graph/scene';
import { anchoredTransform, boxInView, includeFirstFitting, legibleFit, nearestToCentre, type Area } from './graph/viewport';
import { clearArea } from './clear-area';
import { attachInput } from './input';
import { emptyResponse, layoutFailed, LOADING, notShown, type Message } from './messages';
import { statusText, type NoticeActions } from './notices';
import { describeNode, overlayItems } from './overlay';
import { readPalette } from './palette';
import { Panels } from './panels';
import { SceneBuilder } from './scene-builder';
import { Stage } from './stage';
import { nextTask } from './tasks';
import { Toolbar } from './toolbar';
import { ViewModel, type ExpandOutcome, type Look } from './view-model';
import { saveView, type ShowOptions, type ViewState } from './view-state';
import { count } from '../../common/plural';

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
  private readonly vm = new ViewModel();
  private layoutTicket = 0;
  private legendFor = -1;
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
  private readonly runCommand = (command: string) => this.host.post({ type: 'command', command });

  constructor(
    root: HTMLElement,
    private readonly host: GraphViewHost,
  ) {
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
      search: () => this.vm.search,
      selected: () => this.vm.selected,
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
      selected: () => this.vm.selected,
      cursor: () => this.vm.cursor,
      variant: () => this.vm.variant,
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
      nearestToCentre: () =>
        this.scene ? nearestToCentre(this.scene.nodes, this.stage.transform(), this.stage.size.width, this.stage.size.height) : undefined,
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

  // ---- Public API (main.ts, toolbar, tests) -------------------------------------------------------------

  /** Draws `model`; restores a saved view, or explores around `focus` when given, or shows everything. */
  showGraph(model: LineageModel, title: string, options: ShowOptions = {}): void {
    performance.mark('ll:show');
    this.vm.title = title;
    this.builder.clearText();
    if (model.nodes.length === 0) {
      this.vm.tableModel = undefined;
      this.showMessage(emptyResponse(title));
      return;
    }
    this.setVariant(options.variant ?? 'panel');
    const look = this.vm.load(model, options);
    this.stage.scene = undefined;
    this.toolbar.sync();
    this.showMessage(undefined);
    void this.relayout(look);
  }

  /** Replaces the graph with an error: what went wrong and what to do about it. */
  showError(message: string, source: 'response' | 'host'): void {
    this.vm.tableModel = undefined;
    this.showMessage(notShown(this.vm.title, message, source));
  }

  /** Shows the host's explanation instead of a graph (no DAG in the file, no file open), with its buttons. */
  showNotice(heading: string, paragraphs: string[], actions: HostAction[] = []): void {
    this.vm.tableModel = undefined;
    this.vm.hostNotices = [];
    this.setVariant(this.vm.variant);
    this.showMessage({
      kind: 'empty',
      heading,
      paragraphs: [
        ...paragraphs.map((text) => ({ text })),
        ...actions.map((a) => ({ action: { label: a.label, run: () => this.runCommand(a.command) } })),
      ],
    });
  }

  setTitle(title: string): void {
    this.vm.title = title;
  }

  /** The host's answer to an `expand` request: more lineage to merge, or why there is none. */
  expandResult(nodeId: string, side: ExpandDirection, more: LineageModel | undefined, message: string | undefined): void {
    if (!this.vm.tableModel) return;
    if (this.vm.merge(nodeId, side, more, message)) void this.relayout({ anchor: nodeId });
    else this.updateBanner();
  }

  /** Fits for reading: labels never under LEGIBLE_LABEL_PX (then around the explored node), clear of the toolbar. */
  fit(): void {
    const scene = this.scene;
    const i = scene?.nodeIndex.get(this.vm.explore.focus ?? this.vm.selected ?? '');
    const n = i !== undefined ? scene!.nodes[i] : undefined;
    const anchor = n && { x: n.x + n.width / 2, y: n.y + n.height / 2 };
    if (scene) this.stage.setTransform(legibleFit(sceneBounds(scene), this.clearArea(), LEGIBLE_LABEL_PX / LABEL_FONT.size, anchor));
  }

  /** Where nodes can be fitted: below the toolbar, above the legend (./clear-area.ts). */
  clearArea(): Area {
    return clearArea(this.surface, this.graphArea);
  }

  /** Centres the view on the selection (or the explored node, or the cursor). */
  center(): void {
    const id = this.vm.selected ?? this.vm.explore.focus ?? this.vm.cursor;
    const i = id !== undefined ? this.scene?.nodeIndex.get(id) : undefined;
    if (i === undefined || !this.scene) return this.fit();
    const n = this.scene.nodes[i];
    this.stage.translateTo(n.x + n.width / 2, n.y + n.height / 2);
  }

  /** Selects a node (or nothing), highlights its lineage and shows its details. */
  select(id: string | undefined, options: { center?: boolean } = {}): void {
    this.vm.select(id, this.scene);
    this.updateMarks();
    if (options.center) this.center();
    this.emitState();
  }

  /** Explores around `id` (depth as set), or shows the whole response. */
  exploreFrom(id: string | undefined): void {
    this.vm.exploreFrom(id);
    void this.relayout({ fit: true });
  }

  setDirection(direction: Direction): void {
    if (this.vm.setDirection(direction)) void this.relayout({ fit: true });
    else this.updateBanner();
  }

  setDepth(depth: number): void {
    if (this.vm.setDepth(depth)) return void this.relayout({ fit: true });
    this.updateBanner();
    this.toolbar.sync();
  }

  setFrozen(frozen: boolean): void {
    this.vm.frozen = frozen;
    this.toolbar.sync();
    this.emitState();
  }

  setMode(mode: GraphMode): void {
    if (!this.vm.tableModel || mode === this.vm.mode) return;
    if (!this.vm.setMode(mode)) return this.updateBanner();
    this.stage.scene = undefined;
    void this.relayout({ fit: true });
  }

  setSearch(query: string): void {
    this.vm.setSearch(query);
    this.updateMarks();
    this.emitState();
  }

  /** Moves to the next (or previous) search match, selects it and brings it into view. */
  nextMatch(step: 1 | -1 = 1): void {
    const id = this.scene ? this.vm.nextMatch(step, this.scene) : undefined;
    if (id !== undefined) this.select(id, { center: true });
  }

  /** Shows more of `id`'s lineage on `side`: from the response when it holds more, else from the host. */
  expand(id: string, side: Side): void {
    if (!this.vm.visible) return;
    this.expanded(id, side, this.vm.expand(id, side));
  }

  collapse(id: string, side: Side): void {
    this.vm.collapse(id, side);
    void this.relayout({ anchor: id });
  }

  openGroup(groupId: string, then?: string): void {
    const anchor = this.vm.openGroup(groupId, then);
    if (anchor !== undefined) void this.relayout({ anchor });
  }

  /**
   * The DAG Lineage view's click: a job opens its definition in the editor (where the code says it is, else
   * its source code location facet); a dataset shows its lineage around it, from the response when it holds
   * more, else from the host.
   */
  activate(id: string): void {
    const node = this.vm.model().nodeById.get(id);
    if (!node) return;
    if (node.kind === 'job') {
      const location = locationOf(node);
      if (location) this.openSource(location);
      else {
        this.vm.transient = {
          text: `${node.label} has no known definition: the code does not define it, and the endpoint sent no source code location.`,
        };
        this.updateBanner();
      }
    } else if (node.kind === 'dataset') this.expandAround(id);
  }

  /** Expands both sides of `id`: what the response holds is shown at once; otherwise the host is asked. */
  expandAround(id: string): void {
    if (!this.vm.visible) return;
    const outcome = this.vm.expandAround(id);
    if (outcome !== undefined) this.expanded(id, 'both', outcome);
  }

  /** Builds an export of what is shown and posts it to the host, which saves it. */
  exportGraph(format: ExportFormat): void {
    const visible = this.vm.visible;
    if (!this.scene || !visible) {
      this.vm.transient = { text: 'There is no graph to export yet.' };
      this.updateBanner();
      return;
    }
    let data: string;
    let encoding: 'utf8' | 'base64' = 'utf8';
    if (format === 'json') data = exportJson(visible);
    else if (format === 'svg') data = exportSvg(this.scene, this.stage.palette, this.vm.title, this.marks.node, this.marks.edge);
    else {
      data = this.stage.png();
      encoding = 'base64';
    }
    this.host.post({ type: 'export', format, data, encoding, fileName: exportFileName(this.vm.title, format) });
  }

  openSource(location: SourceCodeLink): void {
    const message: WebviewToHostMessage = { type: 'openSource', uri: location.url };
    if (location.line !== undefined) message.range = { startLine: location.line };
    this.host.post(message);
  }

  /** What the toolbar shows. */
  get state(): {
    mode: GraphMode;
    explore: ExploreState;
    frozen: boolean;
    search: string;
    columnAvailable: boolean;
    matches: number;
    hasGraph: boolean;
  } {
    const vm = this.vm;
    return {
      mode: vm.mode,
      explore: vm.explore,
      frozen: vm.frozen,
      search: vm.search,
      columnAvailable: vm.columnAvailable(),
      matches: vm.matchOrder.length,
      hasGraph: this.scene !== undefined,
    };
  }

  /** The parts the test and benchmark hooks read (debug-hooks.ts); nothing else uses them. */
  debugParts(): DebugParts {
    return { root: this.root, stage: this.stage, builder: this.builder, vm: this.vm, scene: this.scene };
  }

  // ---- Layout ------------------------------------------------------------------------------------------

  /** Carries out an expansion: lays out what the response holds, or asks the host, or shows why not. */
  private expanded(id: string, side: ExpandDirection, outcome: ExpandOutcome): void {
    if (outcome === 'relayout') return void this.relayout({ anchor: id });
    if (outcome === 'fetch') this.host.post({ type: 'expand', nodeId: id, direction: side });
    this.updateBanner();
  }

  /** Recomputes what is shown, lays it out, then draws it; a newer call supersedes this one. */
  private async relayout(look: Look): Promise<void> {
    if (!this.vm.tableModel) return;
    const ticket = ++this.layoutTicket;
    const alive = () => ticket === this.layoutTicket;
    const model = this.vm.model();
    const visible = visibleGraph(model, this.vm.explore);
    const slow = setTimeout(() => {
      if (alive())
        this.panels.showProgress(`Laying out ${count(visible.nodes.length, 'node')} and ${count(visible.edges.length, 'edge')}…`);
    }, 400);
    let scene: Scene | undefined;
    try {
      const area = this.clearArea();
      scene = await this.builder.build(visible, model, alive, { width: area.width, height: area.height });
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
    this.sceneReady(visible, scene, look);
  }

  private sceneReady(visible: VisibleGraph, fresh: Scene, look: Look): void {
    const previous = this.scene;
    const scene = this.vm.frozen && previous ? freezeScene(previous, fresh) : fresh;
    this.stage.setScene(scene);
    this.vm.showing(visible, scene);
    this.updateMarks();
    // Where to look: as saved, the whole graph, or the expanded node where it was on screen.
    if (look.transform) this.stage.setTransform(look.transform);
    else if (look.anchor !== undefined && previous && !this.vm.frozen) {
      const a = previous.nodeIndex.get(look.anchor);
      const b = scene.nodeIndex.get(look.anchor);
      if (a !== undefined && b !== undefined) {
        // The expanded node stays put, then the view pans (if it must) to it and what it brought, else to the latter.
        const kept = anchoredTransform(this.stage.transform(), previous.nodes[a], scene.nodes[b]);
        const boxes = [newNodesBox(previous, scene, b), newNodesBox(previous, scene)].filter((x) => x !== undefined);
        this.stage.setTransform(includeFirstFitting(kept, boxes, this.clearArea()));
      } else this.stage.requestDraw();
    } else if (look.fit) this.fit();
    else this.stage.requestDraw();
    this.toolbar.sync();
    this.emitState();
  }

  // ---- Marks, overlay, details, banner -------------------------------------------------------------------

  /** Recomputes selection, lineage and search marks, then the overlay, the details and the banner. */
  private updateMarks(): void {
    const scene = this.scene;
    if (!scene) return;
    this.stage.marks = this.vm.highlight(scene);
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
    const vm = this.vm;
    const items = overlayItems(scene, this.marks, { selected: vm.selected, cursor: vm.cursor, hover: vm.hover, focus: vm.explore.focus });
    const overlay = this.stage.overlay;
    overlay.update(items, this.marks.node !== undefined);
    overlay.setTransform(this.stage.transform());
    const cursor = vm.cursor !== undefined ? overlay.element(vm.cursor) : null;
    if (cursor) this.surface.setAttribute('aria-activedescendant', cursor.id);
    else this.surface.removeAttribute('aria-activedescendant');
  }

  private renderDetailsPanel(): void {
    const vm = this.vm;
    if (!vm.tableModel || !this.scene || !vm.visible) return;
    const s = vm.selected !== undefined ? this.scene.nodes[this.scene.nodeIndex.get(vm.selected)!] : undefined;
    renderDetails(
      this.details,
      {
        title: vm.title,
        model: vm.model(),
        mode: vm.mode,
        columnAvailable: vm.columnAvailable(),
        explore: vm.explore,
        shown: vm.visible.nodes.length,
        selected: s,
        path: vm.pathCounts,
        hidden: s ? vm.visible.hidden.get(s.id) : undefined,
        outside: s && vm.mode === 'table' ? vm.model().outside.get(s.id) : undefined,
        variant: vm.variant,
        notices: vm.variant === 'side' ? vm.hostNoticeItems(this.runCommand) : [],
      },
      this.detailsActions,
    );
  }

  private updateBanner(): void {
    this.panels.showNotices(this.vm.notices(this.runCommand, this.noticeActions, this.scene !== undefined));
  }

  private updateStatus(): void {
    if (!this.scene || !this.vm.visible) return;
    this.panels.setStatus(
      statusText(this.vm.model().nodes.length, this.vm.visible, this.vm.frozen, this.stage.lastDraw?.edgesShown ?? true),
    );
    // The DAG Lineage view's legend: which outline means what, for the marks the scene has (once per scene).
    if (this.legendFor === this.stage.generation) return;
    this.legendFor = this.stage.generation;
    const { onlyInCode, onlyAtRuntime } = presenceCounts(this.scene);
    this.panels.setLegend(onlyInCode, onlyAtRuntime);
  }

  // ---- Frames, theme, cursor and hover -----------------------------------------------------------------

  /** After each frame: the status line when edges appear or vanish; after a scene's first frame, tell the host. */
  private drew(first: boolean, edgesChanged: boolean): void {
    if (edgesChanged) this.updateStatus();
    if (!first || !this.scene) return;
    performance.mark('ll:frame');
    const { onlyInCode, onlyAtRuntime } = presenceCounts(this.scene);
    this.host.post({ type: 'drawn', state: 'graph', nodes: this.scene.nodes.length, onlyInCode, onlyAtRuntime, title: this.vm.title });
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

  private setVariant(variant: GraphVariant): void {
    this.vm.variant = variant;
    this.root.setAttribute('data-variant', variant);
    this.surface.setAttribute(
      'aria-label',
      variant === 'side'
        ? 'Lineage of the DAG. Arrow keys move between nodes; Enter on a task opens its definition, on a dataset shows its lineage.'
        : 'Lineage graph. Arrow keys move between nodes, Enter selects.',
    );
  }

  private setHover(id: string | undefined): void {
    if (id === this.vm.hover) return;
    this.vm.hover = id;
    if (id === undefined) this.panels.hideTooltip();
    // Only worth an overlay element when the node is big enough to read.
    if (this.stage.transform().k >= LABEL_SCALE || id === undefined) {
      this.updateOverlay();
      this.stage.requestDraw();
    }
  }

  private moveCursor(index: number): void {
    const scene = this.scene!;
    this.vm.cursor = scene.nodes[index].id;
    this.updateOverlay();
    this.stage.requestDraw();
    // Keep the cursor in view.
    const n = scene.nodes[index];
    if (!boxInView(n, this.stage.transform(), this.stage.size.width, this.stage.size.height))
      this.stage.translateTo(n.x + n.width / 2, n.y + n.height / 2);
    this.panels.announce(describeNode(scene, index));
    this.emitState();
  }

  private emitState(): void {
    const vm = this.vm;
    if (!vm.tableModel) return;
    this.host.saveState(
      saveView({
        transform: this.stage.transform(),
        selected: vm.selected,
        explore: vm.explore,
        mode: vm.mode,
        search: vm.search,
        frozen: vm.frozen,
      }),
    );
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
    this.vm.visible = undefined;
    this.vm.selected = undefined;
    this.details.replaceChildren();
    this.legendFor = -1;
    this.panels.showMessage(message.kind, message.heading, message.paragraphs);
    if (message.kind !== 'loading')
      this.host.post({ type: 'drawn', state: message.kind, nodes: 0, onlyInCode: 0, onlyAtRuntime: 0, title: message.heading });
  }
}
