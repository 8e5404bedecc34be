/**
 * Turns a visible graph into a laid-out scene: fits each node's label (cached per node), lays the graph out in
 * the worker (layout-client.ts), and builds the scene. The main-thread parts run in slices with yields in
 * between, so that a 20,000-node graph does not freeze input.
 */
import type { VisibleGraph } from './graph/explore';
import type { LayoutOptions } from './graph/layout';
import type { LineageModel } from './graph/model';
import { buildScene, LABEL_FONT, nodeText, sceneInput, SUBLABEL_FONT, type NodeText, type Scene } from './graph/scene';
import { CharWidths } from './graph/text';
import { LayoutClient } from './layout-client';
import { inSlices } from './tasks';

const LAYOUT_OPTIONS: LayoutOptions = { layerGap: 50, nodeGap: 16 };

/** A view narrower than this (CSS pixels) is laid out from top to bottom whatever its height. */
const NARROW_VIEW = 480;

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
    const done = await this.layouts.layout(job, { ...LAYOUT_OPTIONS, vertical });
    if (!alive()) return undefined;
    performance.mark('ll:layout-end');
    this.stats = { computeMs: done.computeMs, totalMs: done.totalMs, nodes: n, edges: input.edges.length };
    return buildScene(input, done.layout, visible.hidden, model.outside);
  }
}
