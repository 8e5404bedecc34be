/**
 * What the view reports about itself to the browser tests and the benchmark (`window.__lineageLens.info()`):
 * where every node is drawn (canvas-drawn nodes have no DOM), how it is marked, and what layout and drawing
 * cost. Types only, so that the tests can import them without the view.
 */
import type { GraphMode, ViewTransform } from '../../protocol/webview';
import type { DrawStats } from './canvas-renderer';

export interface DebugInfo {
  /** Scenes drawn so far; grows with every layout. */
  generation: number;
  state: string;
  transform: ViewTransform;
  layoutMode: 'worker' | 'main-thread';
  layout?: { computeMs: number; totalMs: number; nodes: number; edges: number };
  /** The last frame: what it drew, how (`direct`, or from the bitmap: `cache`, `scaled`, `rebuild`), how long it took. */
  draw?: DrawStats & { mode: string };
  modelNodes: number;
  mode: GraphMode;
  focus?: string;
  selected?: string;
  cursor?: string;
  nodes: {
    id: string;
    kind: string;
    x: number;
    y: number;
    width: number;
    height: number;
    layer: number;
    lines: string[];
    sublabel: string;
    tooltip: string;
    hiddenUp: number;
    hiddenDown: number;
    screen: { x: number; y: number; width: number; height: number };
    overlay: boolean;
    mark: number;
    match: boolean;
  }[];
  edges: { id: string; source: string; target: string; mark: number; points: number }[];
}
