/**
 * Layered left-to-right layout of a lineage graph: a Sugiyama pipeline in which every step is linear (or
 * linear times a small constant) in V + D, the vertices plus the dummy vertices of long edges, so that it
 * lays out 20,000-node job ↔ dataset graphs in well under a second (docs/performance.md#layout-cost):
 *
 * 1. Cycles are broken by reversing the back edges of an iterative depth-first search started from the
 *    sources (lineage has a few: jobs that read and write the same table).
 * 2. Longest-path layering (Kahn's order): every vertex one layer right of its furthest predecessor. Then,
 *    in reverse topological order, a vertex with more outgoing than incoming edges moves right to just
 *    before its nearest successor, which shortens the edges in total (sources read late by the pipeline
 *    no longer stretch across the whole graph).
 * 3. Long edges get dummy vertices, one per layer crossed. Edges leaving the same vertex share one chain of
 *    dummies (a bus): a hub dataset read at every depth costs as many dummies as layers it spans, not one
 *    chain per reader, which keeps D close to V on real lineage.
 * 4. Barycenter sweeps (down, up, …) reorder each layer to reduce crossings, counted exactly between
 *    adjacent layers (Barth–Jünger–Mutzel with a Fenwick tree); the best order seen wins, and the sweeps
 *    stop early once two in a row bring nothing.
 * 5. x comes from the layer's column; y from the order, node heights and gaps, then moved towards the mean y
 *    of the neighbours by exact order-preserving least squares per layer (pool adjacent violators), which
 *    straightens chains and buses without ever letting two vertices of a layer overlap.
 *
 * Pure: sizes in, coordinates out, no DOM. The core works on typed arrays (`layoutIndexed`) so that the web
 * worker can take and return transferable buffers; `layoutGraph` is the same with ids and objects. Steps 1–2
 * are layout-rank.ts, step 4 layout-order.ts, step 5's least squares layout-place.ts; this module builds the
 * proper layered graph (step 3), places columns and routes the edges.
 */
import { initialOrder, reduceCrossings, type Layered } from './layout-order';
import { assignY } from './layout-place';
import { backEdges, buildCsr, layers } from './layout-rank';

export interface LayoutNodeInput {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdgeInput {
  id: string;
  source: string;
  target: string;
}

export interface LayoutOptions {
  /** Horizontal space between two layers' columns. */
  layerGap?: number;
  /** Vertical space between two nodes of a layer. */
  nodeGap?: number;
  /** Vertical space next to an edge passing through a layer (a dummy vertex). */
  edgeGap?: number;
  /** At most this many barycenter passes, alternating down and up. 0 keeps the initial depth-first order. */
  sweeps?: number;
  /** Passes moving vertices towards their neighbours' mean y. 0 keeps the stacked positions. */
  alignPasses?: number;
  /** Long edges leaving the same vertex share their dummy vertices. */
  bundle?: boolean;
  /** Layers from top to bottom (for a tall, narrow view) instead of from left to right; the gaps keep their meaning. */
  vertical?: boolean;
}

export interface Point {
  x: number;
  y: number;
}

export interface PositionedNode {
  id: string;
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
  layer: number;
  /** Position within the layer, counting the dummy vertices of edges passing through it. */
  order: number;
}

export interface RoutedEdge {
  id: string;
  source: string;
  target: string;
  /** From the source's side to the target's side, through the dummy vertices; at least two points. */
  points: Point[];
  /** The edge closes a cycle and was laid out against its direction: it runs right to left. */
  reversed: boolean;
}

export interface LayoutResult {
  /** In input order. */
  nodes: PositionedNode[];
  /** In input order, without self-loops and edges to unknown nodes. */
  edges: RoutedEdge[];
  width: number;
  height: number;
  layerCount: number;
  dummyCount: number;
  /** Edge crossings between adjacent layers in the final order (shared dummy chains count once). */
  crossings: number;
  vertical: boolean;
}

/** A graph by index: node sizes, and edges as (source, target) index pairs. */
export interface IndexedGraph {
  width: ArrayLike<number>;
  height: ArrayLike<number>;
  source: ArrayLike<number>;
  target: ArrayLike<number>;
}

/** The layout of an {@link IndexedGraph}, in flat arrays (transferable from a worker). */
export interface IndexedLayout {
  /** Top-left corner of each node. */
  x: Float64Array;
  y: Float64Array;
  layer: Int32Array;
  order: Int32Array;
  /** Per input edge: 1 if laid out, 0 for a self-loop or an edge naming a node out of range. */
  kept: Uint8Array;
  /** Per input edge: 1 if it closes a cycle and runs right to left. */
  reversed: Uint8Array;
  /** The points of edge e are routeXY[2·routeStart[e] …] up to 2·routeStart[e + 1], as x, y pairs. */
  routeStart: Int32Array;
  routeXY: Float64Array;
  width: number;
  height: number;
  layerCount: number;
  dummyCount: number;
  crossings: number;
  /** Layers run from top to bottom: edges leave a node's bottom side and enter the top side. */
  vertical: boolean;
}

const DEFAULTS: Required<LayoutOptions> = {
  layerGap: 72,
  nodeGap: 18,
  edgeGap: 8,
  sweeps: 8,
  alignPasses: 8,
  bundle: true,
  vertical: false,
};

/**
 * Lays out a graph given by index. Self-loops and edges naming a node out of range are left out (kept = 0).
 * Top to bottom is the left-to-right layout of the graph with widths and heights swapped, mirrored on the
 * diagonal: a route that left a node's right side now leaves its bottom side.
 */
export function layoutIndexed(graph: IndexedGraph, options: LayoutOptions = {}): IndexedLayout {
  if (!options.vertical) return layoutAcross(graph, options);
  const r = layoutAcross({ ...graph, width: graph.height, height: graph.width }, options);
  for (let q = 0; q < r.routeXY.length; q += 2) {
    const t = r.routeXY[q];
    r.routeXY[q] = r.routeXY[q + 1];
    r.routeXY[q + 1] = t;
  }
  return { ...r, x: r.y, y: r.x, width: r.height, height: r.width, vertical: true };
}

function layoutAcross(graph: IndexedGraph, options: LayoutOptions): IndexedLayout {
  const opt = { ...DEFAULTS, ...options };
  const n = graph.width.length;
  const m = graph.source.length;

  // 1. Keep the drawable edges; reverse the back edges.
  const kept = new Uint8Array(m);
  const keptIndex = new Int32Array(m);
  const ks = new Int32Array(m);
  const kt = new Int32Array(m);
  let k = 0;
  for (let e = 0; e < m; e++) {
    const s = graph.source[e];
    const t = graph.target[e];
    if (!(s >= 0 && s < n && t >= 0 && t < n) || s === t || !Number.isInteger(s) || !Number.isInteger(t)) continue;
    kept[e] = 1;
    keptIndex[k] = e;
    ks[k] = s;
    kt[k] = t;
    k++;
  }
  const fromKept = ks.subarray(0, k);
  const toKept = kt.subarray(0, k);
  const back = backEdges(n, fromKept, toKept);
  const du = new Int32Array(k);
  const dv = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    du[i] = back[i] ? toKept[i] : fromKept[i];
    dv[i] = back[i] ? fromKept[i] : toKept[i];
  }

  // 2. Layers.
  const nodeLayer = layers(n, du, dv);
  let layerCount = 0;
  for (let v = 0; v < n; v++) layerCount = Math.max(layerCount, nodeLayer[v] + 1);

  // 3. Dummy chains: per source vertex (bundled) or per edge, one dummy per layer crossed.
  const chainOwnerCount = opt.bundle ? n : k;
  const chainStart = new Int32Array(chainOwnerCount).fill(-1);
  const chainEnd = new Int32Array(chainOwnerCount); // layer of the chain's last dummy
  let dummyCount = 0;
  if (opt.bundle) {
    for (let i = 0; i < k; i++) chainEnd[du[i]] = Math.max(chainEnd[du[i]], nodeLayer[dv[i]] - 1);
    for (let v = 0; v < n; v++) {
      if (chainEnd[v] > nodeLayer[v]) {
        chainStart[v] = n + dummyCount;
        dummyCount += chainEnd[v] - nodeLayer[v];
      }
    }
  } else {
    for (let i = 0; i < k; i++) {
      chainEnd[i] = nodeLayer[dv[i]] - 1;
      if (chainEnd[i] > nodeLayer[du[i]]) {
        chainStart[i] = n + dummyCount;
        dummyCount += chainEnd[i] - nodeLayer[du[i]];
      }
    }
  }
  const total = n + dummyCount;
  const layerOf = new Int32Array(total);
  layerOf.set(nodeLayer);
  const height = new Float64Array(total);
  for (let v = 0; v < n; v++) height[v] = graph.height[v];
  // The dummy of chain c at layer l, and the proper (one-layer) edges.
  const dummyAt = (c: number, l: number) => chainStart[c] + (l - (opt.bundle ? nodeLayer[c] : nodeLayer[du[c]]) - 1);
  const properCount = dummyCount + k;
  const pa = new Int32Array(properCount);
  const pb = new Int32Array(properCount);
  let p = 0;
  for (let c = 0; c < chainOwnerCount; c++) {
    if (chainStart[c] < 0) continue;
    const owner = opt.bundle ? c : du[c];
    let prev = owner;
    for (let l = nodeLayer[owner] + 1; l <= chainEnd[c]; l++) {
      const d = dummyAt(c, l);
      layerOf[d] = l;
      pa[p] = prev;
      pb[p] = d;
      p++;
      prev = d;
    }
  }
  for (let i = 0; i < k; i++) {
    const u = du[i];
    const v = dv[i];
    const c = opt.bundle ? u : i;
    pa[p] = nodeLayer[v] - nodeLayer[u] > 1 ? dummyAt(c, nodeLayer[v] - 1) : u;
    pb[p] = v;
    p++;
  }
  const layerStart = new Int32Array(layerCount + 1);
  for (let v = 0; v < total; v++) layerStart[layerOf[v] + 1]++;
  for (let l = 0; l < layerCount; l++) layerStart[l + 1] += layerStart[l];
  const g: Layered = {
    realCount: n,
    total,
    layerOf,
    height,
    up: buildCsr(total, pb, pa, p),
    down: buildCsr(total, pa, pb, p),
    layerCount,
    layerStart,
    order: new Int32Array(total),
    pos: new Int32Array(total),
  };

  // 4. Order, 5. coordinates.
  initialOrder(g);
  const crossings = reduceCrossings(g, opt.sweeps);
  const y = assignY(g, { nodeGap: opt.nodeGap, edgeGap: opt.edgeGap }, opt.alignPasses);

  // Columns as wide as their widest node.
  const columnX = new Float64Array(layerCount);
  const columnWidth = new Float64Array(layerCount);
  for (let v = 0; v < n; v++) columnWidth[nodeLayer[v]] = Math.max(columnWidth[nodeLayer[v]], graph.width[v]);
  let x = 0;
  for (let l = 0; l < layerCount; l++) {
    columnX[l] = x;
    x += columnWidth[l] + opt.layerGap;
  }
  let top = Infinity;
  let bottom = -Infinity;
  for (let v = 0; v < total; v++) {
    top = Math.min(top, y[v] - height[v] / 2);
    bottom = Math.max(bottom, y[v] + height[v] / 2);
  }
  if (!Number.isFinite(top)) top = bottom = 0;
  for (let v = 0; v < total; v++) y[v] -= top;

  const nx = new Float64Array(n);
  const ny = new Float64Array(n);
  const order = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const l = nodeLayer[v];
    nx[v] = columnX[l] + (columnWidth[l] - graph.width[v]) / 2;
    ny[v] = y[v] - height[v] / 2;
    order[v] = g.pos[v];
  }

  // Routes: the source's side, the entry and exit of every column crossed, the target's side.
  const reversed = new Uint8Array(m);
  const routeStart = new Int32Array(m + 1);
  for (let i = 0; i < k; i++) {
    const e = keptIndex[i];
    reversed[e] = back[i];
    routeStart[e + 1] = 2 + 2 * Math.max(0, nodeLayer[dv[i]] - nodeLayer[du[i]] - 1);
  }
  for (let e = 0; e < m; e++) routeStart[e + 1] += routeStart[e];
  const routeXY = new Float64Array(2 * routeStart[m]);
  for (let i = 0; i < k; i++) {
    const e = keptIndex[i];
    const u = du[i];
    const v = dv[i];
    const c = opt.bundle ? u : i;
    let q = 2 * routeStart[e];
    const end = 2 * routeStart[e + 1];
    routeXY[q++] = nx[u] + graph.width[u];
    routeXY[q++] = y[u];
    for (let l = nodeLayer[u] + 1; l < nodeLayer[v]; l++) {
      const d = dummyAt(c, l);
      routeXY[q++] = columnX[l];
      routeXY[q++] = y[d];
      routeXY[q++] = columnX[l] + columnWidth[l];
      routeXY[q++] = y[d];
    }
    routeXY[q] = nx[v];
    routeXY[q + 1] = y[v];
    if (back[i]) {
      // Laid out from v to u: reverse the points so the route runs from the edge's source to its target.
      const a = 2 * routeStart[e];
      for (let lo = a, hi = end - 2; lo < hi; lo += 2, hi -= 2) {
        const tx = routeXY[lo];
        const ty = routeXY[lo + 1];
        routeXY[lo] = routeXY[hi];
        routeXY[lo + 1] = routeXY[hi + 1];
        routeXY[hi] = tx;
        routeXY[hi + 1] = ty;
      }
    }
  }

  return {
    x: nx,
    y: ny,
    layer: nodeLayer,
    order,
    kept,
    reversed,
    routeStart,
    routeXY,
    width: layerCount > 0 ? x - opt.layerGap : 0,
    height: bottom - top,
    layerCount,
    dummyCount,
    crossings,
    vertical: false,
  };
}

/** Lays out a directed graph in layers from left to right. Edges naming unknown nodes and self-loops are left out. */
export function layoutGraph(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: LayoutOptions = {},
): LayoutResult {
  const index = new Map<string, number>();
  nodes.forEach((node, i) => index.set(node.id, i));
  const source = new Int32Array(edges.length);
  const target = new Int32Array(edges.length);
  edges.forEach((edge, e) => {
    source[e] = index.get(edge.source) ?? -1;
    target[e] = index.get(edge.target) ?? -1;
  });
  const r = layoutIndexed({ width: nodes.map((n) => n.width), height: nodes.map((n) => n.height), source, target }, options);
  const placed: PositionedNode[] = nodes.map((node, v) => ({
    id: node.id,
    x: r.x[v],
    y: r.y[v],
    width: node.width,
    height: node.height,
    layer: r.layer[v],
    order: r.order[v],
  }));
  const routed: RoutedEdge[] = [];
  edges.forEach((edge, e) => {
    if (!r.kept[e]) return;
    const points: Point[] = [];
    for (let q = r.routeStart[e]; q < r.routeStart[e + 1]; q++) points.push({ x: r.routeXY[2 * q], y: r.routeXY[2 * q + 1] });
    routed.push({ id: edge.id, source: edge.source, target: edge.target, points, reversed: r.reversed[e] === 1 });
  });
  return {
    nodes: placed,
    edges: routed,
    width: r.width,
    height: r.height,
    layerCount: r.layerCount,
    dummyCount: r.dummyCount,
    crossings: r.crossings,
    vertical: r.vertical,
  };
}
