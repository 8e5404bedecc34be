/**
 * The graph's drawing surface: the canvas (the bulk of the graph), the SVG overlay (the few nodes near the
 * focus) and the minimap under one d3-zoom transform, and the frame loop that draws the scene with its marks.
 * It knows nothing of exploring or selecting: the view hands it a scene and marks, and hears back through hooks.
 */
import { select, zoom, zoomIdentity, zoomTransform, type D3ZoomEvent, type Selection, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { ViewTransform } from '../../protocol/webview';
import { drawScene, SceneRenderer, type DrawMarks, type DrawStats, type Transform } from './canvas-renderer';
import type { DebugInfo } from './debug-info';
import { sceneBounds, tooltipOf, type HitPart, type Scene } from './graph/scene';
import { boundsInView, fitTransform, panZoomed, ZOOM_EXTENT, type Bounds } from './graph/viewport';
import { Minimap } from './minimap';
import { Overlay } from './overlay';
import type { Palette } from './palette';

/** What the stage tells the view, and asks it for the keys of what it draws. */
export interface StageHooks {
  /** The transform changed (a pan or a zoom step). */
  zoomed(): void;
  /** A pan or zoom gesture ended. */
  zoomEnded(): void;
  /** The search shown: part of what the cached bitmaps show. */
  search(): string;
  /** The selected node: what is drawn over the cached bitmaps. */
  selected(): string | undefined;
  /** A frame was drawn: the first of its scene, and whether the zoom crossed the level where edges are left out. */
  drew(first: boolean, edgesChanged: boolean): void;
}

export class Stage {
  readonly canvas: HTMLCanvasElement;
  readonly overlay: Overlay;
  /** The scene drawn, if any. */
  scene: Scene | undefined;
  /** The selection, lineage, search and overlay marks of the scene's nodes and edges. */
  marks: DrawMarks = {};
  /** Counts the scenes drawn (each layout), so that tests can wait for the next one. */
  generation = 0;
  /** The last frame's figures. */
  lastDraw: (DrawStats & { mode: string }) | undefined;
  size = { width: 1, height: 1, dpr: 1 };
  private minimap: Minimap | undefined;
  private readonly zoomBehavior: ZoomBehavior<HTMLDivElement, unknown>;
  private readonly surfaceSel: Selection<HTMLDivElement, unknown, null, undefined>;
  private readonly renderer = new SceneRenderer(() => this.requestDraw());
  /** Bumped when the theme changes, so that cached bitmaps are redrawn. */
  private paletteVersion = 0;
  private sceneBox: Bounds | undefined;
  private frameRequested = false;
  private firstFramePending = false;

  constructor(
    private readonly surface: HTMLDivElement,
    public palette: Palette,
    private readonly hooks: StageHooks,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'll-canvas';
    surface.append(this.canvas);
    this.overlay = new Overlay(surface);
    this.surfaceSel = select(surface);
    this.zoomBehavior = zoom<HTMLDivElement, unknown>()
      .scaleExtent(ZOOM_EXTENT)
      .on('zoom', (event: D3ZoomEvent<HTMLDivElement, unknown>) => {
        this.overlay.setTransform(event.transform);
        this.hooks.zoomed();
        this.requestDraw();
      })
      .on('end', () => this.hooks.zoomEnded());
    this.surfaceSel.call(this.zoomBehavior).on('dblclick.zoom', null);
    new ResizeObserver(() => this.resize()).observe(surface);
  }

  /** Adds the minimap to `parent`: after the controls above it, since the page order sets what draws over what. */
  attachMinimap(parent: HTMLElement): void {
    this.minimap = new Minimap(parent, (x, y) => this.translateTo(x, y));
  }

  // ---- Transform -------------------------------------------------------------------------------------

  /** The current d3-zoom transform. */
  transform(): ZoomTransform {
    return zoomTransform(this.surface);
  }

  setTransform(t: ViewTransform): void {
    this.surfaceSel.call(this.zoomBehavior.transform, zoomIdentity.translate(t.x, t.y).scale(t.k));
  }

  /** Centres the view on scene point (x, y). */
  translateTo(x: number, y: number): void {
    this.surfaceSel.call(this.zoomBehavior.translateTo, x, y);
  }

  scaleBy(factor: number): void {
    this.surfaceSel.call(this.zoomBehavior.scaleBy, factor);
  }

  /** Fits the whole scene in view, however small (the benchmark's overview; the Fit button keeps labels legible). */
  fitAll(): void {
    if (!this.scene) return;
    this.setTransform(fitTransform(sceneBounds(this.scene), this.size.width, this.size.height, 32, 1, ZOOM_EXTENT[0]));
  }

  /** Pans by (dx, dy) screen pixels and zooms by `factor` around the view's centre. */
  panZoom(dx: number, dy: number, factor: number): void {
    this.setTransform(panZoomed(this.transform(), this.size.width, this.size.height, dx, dy, factor));
  }

  /** The node part under client point (x, y). */
  hitAt(clientX: number, clientY: number): { index: number; part: HitPart } | undefined {
    if (!this.scene) return undefined;
    const box = this.surface.getBoundingClientRect();
    const t = this.transform();
    return this.scene.hitTest((clientX - box.left - t.x) / t.k, (clientY - box.top - t.y) / t.k);
  }

  // ---- Scene and frames --------------------------------------------------------------------------------

  /** Shows a new scene; its first frame is reported to `hooks.drew`. */
  setScene(scene: Scene): void {
    this.generation++;
    this.sceneBox = undefined;
    this.renderer.reset(scene.nodes.length + scene.edges.length);
    this.scene = scene;
    this.minimap?.setScene(scene, this.palette);
    this.firstFramePending = true;
  }

  /** Forgets the scene and blanks the canvas and the overlay (a message is shown instead). */
  clear(): void {
    this.scene = undefined;
    this.overlay.update([], false);
    const ctx = this.canvas.getContext('2d');
    ctx?.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /** Draws in the new theme colours. */
  setPalette(palette: Palette): void {
    this.palette = palette;
    if (this.scene) this.minimap?.setScene(this.scene, this.palette);
    this.paletteVersion++;
    this.requestDraw();
  }

  requestDraw(): void {
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
    const baseKey = `${this.generation}|${this.paletteVersion}|${this.hooks.search()}`;
    this.lastDraw = this.renderer.draw(
      ctx,
      this.scene,
      t,
      this.marks,
      this.palette,
      this.size,
      baseKey,
      `${baseKey}|${this.hooks.selected() ?? ''}`,
    );
    // The minimap only helps when part of the graph is out of view.
    const all = boundsInView(this.sceneBox ?? (this.sceneBox = sceneBounds(this.scene)), t, this.size.width, this.size.height);
    if (this.minimap) {
      if (this.minimap.canvas.hidden !== all) this.minimap.canvas.hidden = all;
      if (!all) this.minimap.update(t, this.size.width, this.size.height);
    }
    const first = this.firstFramePending;
    this.firstFramePending = false;
    this.hooks.drew(first, edgesWereShown !== this.lastDraw.edgesShown);
  }

  private resize(): void {
    const box = this.surface.getBoundingClientRect();
    const dpr = Math.max(1, window.devicePixelRatio || 1);
    this.size = { width: Math.max(1, box.width), height: Math.max(1, box.height), dpr };
    this.canvas.width = Math.round(this.size.width * dpr);
    this.canvas.height = Math.round(this.size.height * dpr);
    this.requestDraw();
  }

  /** The whole scene as a PNG (base64), with the lineage marks. */
  png(): string {
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
    drawScene(ctx, scene, t, { node: this.marks.node, edge: this.marks.edge }, this.palette, {
      width: canvas.width,
      height: canvas.height,
      dpr: 1,
    });
    return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }

  /** Where every node and edge is drawn and how it is marked, for the browser tests. */
  describe(): Pick<DebugInfo, 'nodes' | 'edges'> {
    const t = this.transform();
    const box = this.surface.getBoundingClientRect();
    const scene = this.scene;
    const overlayIds = new Set<string>();
    this.surface.querySelectorAll('.ll-overlay g.node').forEach((g) => overlayIds.add(g.getAttribute('data-id') ?? ''));
    return {
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
      edges: (scene?.edges ?? []).map((e, i) => ({
        id: e.id,
        source: scene!.nodes[e.source].id,
        target: scene!.nodes[e.target].id,
        mark: this.marks.edge?.[i] ?? 0,
        points: e.end - e.start,
      })),
    };
  }
}
