/**
 * Turns a visible graph into a laid-out scene: fits each node's label (cached per node), lays the graph out in
 * the worker (layout-client.ts), and builds the scene. The main-thread parts run in slices with yields in
 * between, so that a 20,000-node graph does not freeze input.
 */
import type { VisibleGraph } from './graph/explore';
import type { LayoutOptions } from './graph/layout';
import type { LineageModel } from './graph/model';
import { buildScene, LABEL_FONT, LEGIBLE_LABEL_PX, nodeText, sceneInput, SUBLABEL_FONT, type NodeText, type Scene } from './graph/scene';
import { CharWidths } from './graph/text';
import { LayoutClient } from './layout-client';
import { inSlices } from './tasks';

const LAYOUT_OPTIONS: LayoutOptions = { layerGap: 50, nodeGap: 16 };

/** A view narrower than this (CSS pixels) is laid out from top to bottom whatever its height. */
const NARROW_VIEW = 480;
/** Graphs up to this many nodes are laid out both ways when the first does not fit (see {@link shown}). */
const ORIENTATION_TRIAL_MAX = 300;

/** The share of a layout that fits in the view at the smallest legible zoom (1: all of it). */
function shown(layout: { width: number; height: number }, view: { width: number; height: number }): number {
  const scale = LEGIBLE_LABEL_PX / LABEL_FONT.size;
  return Math.min(1, view.width / (layout.width * scale)) * Math.min(1, view.height / (layout.height * scale));
}

export class SceneBuilder {
  private readonly layouts = new LayoutClient();
  private readonly textCache = new Map<string, NodeText>();
  private labelWidths!: CharWidths;
  private subWidths!: CharWidths;
  /** The last layout's figures, for the tests and the benchmark. */
  stats: { computeMs: number; totalMs: number; nodes: number; edges: number } | undefined;

  constructor(fontFamily: string) {
    this.setFont(fontFamily);
  }

  /** Where layouts run: in the worker, or on the main thread when the worker cannot start. */
  get layoutMode(): 'worker' | 'main-thread' {
    return this.layouts.mode;
  }

  /** Measures labels in `family` from now on (the theme's font changed): every label is fitted again. */
  setFont(family: string): void {
    const measurer = (font: { size: number; weight: number }) => {
      const ctx = document.createElement('canvas').getContext('2d');
      if (ctx) ctx.font = `${font.weight} ${font.size}px ${family}`;
      return (ch: string) => (ctx ? ctx.measureText(ch).width : font.size * 0.6);
    };
    this.labelWidths = new CharWidths(measurer(LABEL_FONT));
    this.subWidths = new CharWidths(measurer(SUBLABEL_FONT));
    this.textCache.clear();
  }

  /** Forgets the fitted labels (another response). */
  clearText(): void {
    this.textCache.clear();
  }

  /**
   * The scene of `visible`, or undefined when `alive()` turned false on the way (a newer layout was asked
   * for). Rejects when the layout fails.
   */
  async build(
    visible: VisibleGraph,
    model: LineageModel,
    alive: () => boolean,
    view?: { width: number; height: number },
  ): Promise<Scene | undefined> {
    const nodes = visible.nodes;
    const fitted = await inSlices(
      nodes.length,
      (i) => {
        if (!this.textCache.has(nodes[i].id)) this.textCache.set(nodes[i].id, nodeText(nodes[i], this.labelWidths, this.subWidths));
      },
      alive,
    );
    if (!fitted) return undefined;
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
    // A view taller than wide or narrow (the side bar, a split in three) reads best with the layers from top
    // to bottom: a row of a layer holds two or three names where a left-to-right layout shows two columns.
    const vertical = view !== undefined && (view.height > view.width || view.width < NARROW_VIEW);
    let done = await this.layouts.layout(job, { ...LAYOUT_OPTIONS, vertical });
    if (!alive()) return undefined;
    // A long chain laid out left to right in a wide view is a thin strip that does not fit at a legible size;
    // top to bottom, more of it may: a small graph is laid out both ways and the one that shows more is kept.
    if (view !== undefined && !vertical && n <= ORIENTATION_TRIAL_MAX && shown(done.layout, view) < 1) {
      const other = await this.layouts.layout(job, { ...LAYOUT_OPTIONS, vertical: true });
      if (!alive()) return undefined;
      if (shown(other.layout, view) > shown(done.layout, view) * 1.25) done = other;
    }
    performance.mark('ll:layout-end');
    this.stats = { computeMs: done.computeMs, totalMs: done.totalMs, nodes: n, edges: input.edges.length };
    return buildScene(input, done.layout, visible.hidden, model.outside);
  }
}
