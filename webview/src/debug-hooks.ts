/**
 * Read-only hooks for the browser tests and the benchmark (`window.__lineageLens`): what is drawn where
 * (canvas-drawn nodes have no DOM), what layout and drawing cost, and a few ways to move the view. The graph
 * view hands over its parts; nothing here changes what the user sees except the explicit pan/zoom calls.
 */
import type { ViewTransform } from '../../protocol/webview';
import type { DebugInfo } from './debug-info';
import type { Scene } from './graph/scene';
import type { GraphView } from './graph-view';
import type { SceneBuilder } from './scene-builder';
import type { Stage } from './stage';
import type { ViewModel } from './view-model';

/** What the hooks read from the view. */
export interface DebugParts {
  readonly root: HTMLElement;
  readonly stage: Stage;
  readonly builder: SceneBuilder;
  readonly vm: ViewModel;
  readonly scene: Scene | undefined;
}

/** Read-only facts about what is drawn. */
function info({ root, stage, builder, vm }: DebugParts): DebugInfo {
  const t = stage.transform();
  return {
    generation: stage.generation,
    state: root.getAttribute('data-state') ?? '',
    transform: { x: t.x, y: t.y, k: t.k },
    layoutMode: builder.layoutMode,
    layout: builder.stats,
    draw: stage.lastDraw,
    modelNodes: vm.tableModel ? vm.model().nodes.length : 0,
    mode: vm.mode,
    focus: vm.explore.focus,
    selected: vm.selected,
    cursor: vm.cursor,
    ...stage.describe(),
  };
}

/** The last frame, the transform and the selection, without per-node data (the benchmark reads it every frame). */
function stats({
  stage,
  builder,
  vm,
}: DebugParts): Pick<DebugInfo, 'generation' | 'transform' | 'draw' | 'selected' | 'layout' | 'layoutMode'> {
  const t = stage.transform();
  return {
    generation: stage.generation,
    transform: { x: t.x, y: t.y, k: t.k },
    draw: stage.lastDraw,
    selected: vm.selected,
    layout: builder.stats,
    layoutMode: builder.layoutMode,
  };
}

/** The hooks `main.ts` puts on `window.__lineageLens`. */
export function debugHooks(view: GraphView) {
  return {
    info: () => info(view.debugParts()),
    /** The last frame and the view's state without the per-node lists: cheap enough to read every frame. */
    stats: () => stats(view.debugParts()),
    /** The node under client point (x, y). */
    hitTest: (x: number, y: number): { id: string; part: string } | undefined => {
      const { stage, scene } = view.debugParts();
      const hit = stage.hitAt(x, y);
      return hit && scene ? { id: scene.nodes[hit.index].id, part: hit.part } : undefined;
    },
    /** Pans by (dx, dy) screen pixels and zooms by `factor` around the view's centre. */
    panZoom: (dx: number, dy: number, factor = 1) => view.debugParts().stage.panZoom(dx, dy, factor),
    setTransform: (t: ViewTransform) => view.debugParts().stage.setTransform(t),
    fit: () => view.fit(),
    /** The whole graph in view however small its labels get (the benchmark's overview). */
    fitAll: () => view.debugParts().stage.fitAll(),
  };
}
