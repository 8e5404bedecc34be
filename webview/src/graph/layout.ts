/**
 * Layered left-to-right layout of a lineage graph: a Sugiyama pipeline in which every step is linear (or
 * linear times a small constant) in V + D, the vertices plus the dummy vertices of long edges, so that it
 * lays out 20,000-node job ↔ dataset graphs in well under a second (performance-notes §1.3–1.4):
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
 * worker can take and return transferable buffers; `layoutGraph` is the same with ids and objects.
 */

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
}

const DEFAULTS: Required<LayoutOptions> = { layerGap: 72, nodeGap: 18, edgeGap: 8, sweeps: 8, alignPasses: 8, bundle: true };

/** Compressed adjacency: the neighbours of v are `adj[start[v]] … adj[start[v + 1] - 1]`. */
interface Csr {
  start: Int32Array;
  adj: Int32Array;
}

/** Groups `values[i]` by `keys[i]` (keys in 0..n-1), keeping input order within a key. */
function buildCsr(n: number, keys: Int32Array, values: Int32Array, count = keys.length): Csr {
  const start = new Int32Array(n + 1);
  for (let i = 0; i < count; i++) start[keys[i] + 1]++;
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  const fill = start.slice(0, n);
  const adj = new Int32Array(count);
  for (let i = 0; i < count; i++) adj[fill[keys[i]]++] = values[i];
  return { start, adj };
}

/**
 * Finds the back edges of an iterative depth-first search (from the sources first, then in input order) of
 * the graph on vertices 0..n-1 with the given (source, target) edges. Reversing them leaves an acyclic graph.
 * Returns, per edge, whether it is a back edge.
 */
export function findBackEdges(n: number, ends: ReadonlyArray<readonly [number, number]>): boolean[] {
  const source = new Int32Array(ends.length);
  const target = new Int32Array(ends.length);
  ends.forEach(([s, t], e) => {
    source[e] = s;
    target[e] = t;
  });
  return Array.from(backEdges(n, source, target), (b) => b === 1);
}

function backEdges(n: number, source: Int32Array, target: Int32Array): Uint8Array {
  const m = source.length;
  const edgeIds = new Int32Array(m);
  for (let e = 0; e < m; e++) edgeIds[e] = e;
  const out = buildCsr(n, source, edgeIds);
  const indegree = new Int32Array(n);
  for (let e = 0; e < m; e++) indegree[target[e]]++;
  const reversed = new Uint8Array(m);
  const state = new Uint8Array(n); // 0 unvisited, 1 on the DFS stack, 2 finished
  const stackV = new Int32Array(n);
  const stackNext = new Int32Array(n);
  const visit = (root: number) => {
    if (state[root] !== 0) return;
    let top = 0;
    stackV[0] = root;
    stackNext[0] = out.start[root];
    state[root] = 1;
    while (top >= 0) {
      const v = stackV[top];
      const next = stackNext[top];
      if (next < out.start[v + 1]) {
        stackNext[top] = next + 1;
        const e = out.adj[next];
        const w = target[e];
        if (state[w] === 1) reversed[e] = 1;
        else if (state[w] === 0) {
          state[w] = 1;
          top++;
          stackV[top] = w;
          stackNext[top] = out.start[w];
        }
      } else {
        state[v] = 2;
        top--;
      }
    }
  };
  for (let v = 0; v < n; v++) if (indegree[v] === 0) visit(v);
  for (let v = 0; v < n; v++) visit(v);
  return reversed;
}

/**
 * Layers of an acyclic graph given as (source, target) index pairs: longest path from the sources (every
 * vertex one right of its furthest predecessor), then, in reverse topological order, each vertex with more
 * outgoing than incoming edges moves right to just before its nearest successor. Every edge goes from a lower
 * to a higher layer. Throws on a cycle.
 */
export function longestPathLayers(n: number, dagEdges: ReadonlyArray<readonly [number, number]>): number[] {
  const source = new Int32Array(dagEdges.length);
  const target = new Int32Array(dagEdges.length);
  dagEdges.forEach(([s, t], e) => {
    source[e] = s;
    target[e] = t;
  });
  return Array.from(layers(n, source, target));
}

function layers(n: number, source: Int32Array, target: Int32Array): Int32Array {
  const m = source.length;
  const succ = buildCsr(n, source, target);
  const indegree = new Int32Array(n);
  for (let e = 0; e < m; e++) indegree[target[e]]++;
  const layer = new Int32Array(n);
  const remaining = indegree.slice();
  const queue = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) if (remaining[v] === 0) queue[tail++] = v;
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    for (let i = succ.start[v]; i < succ.start[v + 1]; i++) {
      const w = succ.adj[i];
      if (layer[v] + 1 > layer[w]) layer[w] = layer[v] + 1;
      if (--remaining[w] === 0) queue[tail++] = w;
    }
  }
  if (tail !== n) throw new Error('longestPathLayers: the graph has a cycle');
  // Moving v right by one shortens each outgoing edge and lengthens each incoming one by one layer.
  for (let i = n - 1; i >= 0; i--) {
    const v = queue[i];
    const outdegree = succ.start[v + 1] - succ.start[v];
    if (outdegree === 0 || outdegree <= indegree[v]) continue;
    let nearest = 0x7fffffff;
    for (let j = succ.start[v]; j < succ.start[v + 1]; j++) nearest = Math.min(nearest, layer[succ.adj[j]]);
    if (nearest - 1 > layer[v]) layer[v] = nearest - 1;
  }
  return layer;
}

/** The proper layered graph every later step works on: real vertices first (input indices), then dummies. */
interface Layered {
  realCount: number;
  total: number;
  layerOf: Int32Array;
  height: Float64Array;
  /** Neighbours one layer left (`up`) and right (`down`), with multiplicity. */
  up: Csr;
  down: Csr;
  layerCount: number;
  /** The vertices of layer l, in order, are `order[layerStart[l]] … order[layerStart[l + 1] - 1]`. */
  layerStart: Int32Array;
  order: Int32Array;
  /** Index of each vertex within its layer. */
  pos: Int32Array;
}

function updatePositions(g: Layered): void {
  for (let l = 0; l < g.layerCount; l++) {
    const a = g.layerStart[l];
    for (let i = a; i < g.layerStart[l + 1]; i++) g.pos[g.order[i]] = i - a;
  }
}

/** Orders each layer by the depth-first visit order from the left, so that connected vertices start together. */
function initialOrder(g: Layered): void {
  const fill = g.layerStart.slice(0, g.layerCount);
  const visited = new Uint8Array(g.total);
  const stack = new Int32Array(g.total + g.down.adj.length);
  // Roots in layer order, then index order (a counting sort by layer).
  const byLayer = new Int32Array(g.total);
  const cursor = g.layerStart.slice(0, g.layerCount);
  for (let v = 0; v < g.total; v++) byLayer[cursor[g.layerOf[v]]++] = v;
  for (let r = 0; r < g.total; r++) {
    const root = byLayer[r];
    if (visited[root]) continue;
    let top = 0;
    stack[top++] = root;
    while (top > 0) {
      const v = stack[--top];
      if (visited[v]) continue;
      visited[v] = 1;
      g.order[fill[g.layerOf[v]]++] = v;
      for (let i = g.down.start[v + 1] - 1; i >= g.down.start[v]; i--) {
        const w = g.down.adj[i];
        if (!visited[w]) stack[top++] = w;
      }
    }
  }
  updatePositions(g);
}

/** Crossings between layer l and l + 1 (inversions of the edge end positions, counted in a Fenwick tree). */
function crossingsBelow(g: Layered, l: number, tree: Int32Array, scratch: Int32Array): number {
  const southSize = g.layerStart[l + 2] - g.layerStart[l + 1];
  tree.fill(0, 0, southSize + 1);
  let inserted = 0;
  let crossings = 0;
  for (let i = g.layerStart[l]; i < g.layerStart[l + 1]; i++) {
    const v = g.order[i];
    const a = g.down.start[v];
    const b = g.down.start[v + 1];
    let k = 0;
    for (let j = a; j < b; j++) {
      // Insertion sort of the (few) target positions of v.
      const p = g.pos[g.down.adj[j]];
      let q = k++;
      while (q > 0 && scratch[q - 1] > p) {
        scratch[q] = scratch[q - 1];
        q--;
      }
      scratch[q] = p;
    }
    for (let j = 0; j < k; j++) {
      const p = scratch[j];
      // The edges already inserted that end strictly right of p cross this one.
      let atMost = 0;
      for (let t = p + 1; t > 0; t -= t & -t) atMost += tree[t];
      crossings += inserted - atMost;
      for (let t = p + 1; t <= southSize; t += t & -t) tree[t]++;
      inserted++;
    }
  }
  return crossings;
}

function countCrossings(g: Layered, tree: Int32Array, scratch: Int32Array): number {
  let total = 0;
  for (let l = 0; l + 1 < g.layerCount; l++) total += crossingsBelow(g, l, tree, scratch);
  return total;
}

/** Reorders layer l by the mean position of each vertex's neighbours on one side; a vertex without any keeps its place. */
function sortLayer(g: Layered, l: number, side: Csr, bary: Float64Array, scratch: number[]): void {
  const a = g.layerStart[l];
  const b = g.layerStart[l + 1];
  scratch.length = 0;
  for (let i = a; i < b; i++) {
    const v = g.order[i];
    const s = side.start[v];
    const e = side.start[v + 1];
    if (s === e) bary[v] = g.pos[v];
    else {
      let sum = 0;
      for (let j = s; j < e; j++) sum += g.pos[side.adj[j]];
      bary[v] = sum / (e - s);
    }
    scratch.push(v);
  }
  // Ties keep the current order, so a pass never shuffles what it cannot improve.
  scratch.sort((u, v) => bary[u] - bary[v] || g.pos[u] - g.pos[v]);
  for (let i = a; i < b; i++) {
    g.order[i] = scratch[i - a];
    g.pos[scratch[i - a]] = i - a;
  }
}

/** Runs the barycenter sweeps and keeps the order with the fewest crossings; returns that count. */
function reduceCrossings(g: Layered, sweeps: number): number {
  let widest = 0;
  let maxDegree = 0;
  for (let l = 0; l < g.layerCount; l++) widest = Math.max(widest, g.layerStart[l + 1] - g.layerStart[l]);
  for (let v = 0; v < g.total; v++) maxDegree = Math.max(maxDegree, g.down.start[v + 1] - g.down.start[v]);
  const tree = new Int32Array(widest + 1);
  const scratch = new Int32Array(maxDegree);
  const bary = new Float64Array(g.total);
  const list: number[] = [];
  let best = g.order.slice();
  let bestCrossings = countCrossings(g, tree, scratch);
  let fruitless = 0;
  for (let pass = 0; pass < sweeps && bestCrossings > 0 && fruitless < 2; pass++) {
    if (pass % 2 === 0) for (let l = 1; l < g.layerCount; l++) sortLayer(g, l, g.up, bary, list);
    else for (let l = g.layerCount - 2; l >= 0; l--) sortLayer(g, l, g.down, bary, list);
    const crossings = countCrossings(g, tree, scratch);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = g.order.slice();
      fruitless = 0;
    } else fruitless++;
  }
  g.order.set(best);
  updatePositions(g);
  return bestCrossings;
}

/**
 * Places every layer: centres as close as possible (least squares) to the mean y of their neighbours, in
 * layer order, at least a gap apart. With o[i] the smallest offset of the i-th vertex from the first, y[i] -
 * o[i] must not decrease, which makes each layer an isotonic regression (pool adjacent violators).
 */
function assignY(g: Layered, gaps: { nodeGap: number; edgeGap: number }, passes: number): Float64Array {
  const y = new Float64Array(g.total);
  const offset = new Float64Array(g.total);
  let widest = 0;
  for (let l = 0; l < g.layerCount; l++) {
    const a = g.layerStart[l];
    const b = g.layerStart[l + 1];
    widest = Math.max(widest, b - a);
    let o = 0;
    for (let i = a; i < b; i++) {
      const v = g.order[i];
      if (i > a) {
        const u = g.order[i - 1];
        const gap = u >= g.realCount || v >= g.realCount ? gaps.edgeGap : gaps.nodeGap;
        o += g.height[u] / 2 + gap + g.height[v] / 2;
      }
      offset[v] = o;
    }
    // Start stacked and centred on 0.
    for (let i = a; i < b; i++) y[g.order[i]] = offset[g.order[i]] - o / 2;
  }
  const value = new Float64Array(widest);
  const count = new Int32Array(widest);
  const placeLayer = (l: number, useUp: boolean, useDown: boolean) => {
    const a = g.layerStart[l];
    const b = g.layerStart[l + 1];
    let blocks = 0;
    for (let i = a; i < b; i++) {
      const v = g.order[i];
      let sum = 0;
      let n = 0;
      if (useUp) {
        for (let j = g.up.start[v]; j < g.up.start[v + 1]; j++) sum += y[g.up.adj[j]];
        n += g.up.start[v + 1] - g.up.start[v];
      }
      if (useDown) {
        for (let j = g.down.start[v]; j < g.down.start[v + 1]; j++) sum += y[g.down.adj[j]];
        n += g.down.start[v + 1] - g.down.start[v];
      }
      const target = (n > 0 ? sum / n : y[v]) - offset[v];
      value[blocks] = target;
      count[blocks] = 1;
      blocks++;
      while (blocks > 1 && value[blocks - 2] > value[blocks - 1]) {
        const merged = count[blocks - 2] + count[blocks - 1];
        value[blocks - 2] = (value[blocks - 2] * count[blocks - 2] + value[blocks - 1] * count[blocks - 1]) / merged;
        count[blocks - 2] = merged;
        blocks--;
      }
    }
    let i = a;
    for (let k = 0; k < blocks; k++) {
      for (let c = 0; c < count[k]; c++, i++) y[g.order[i]] = value[k] + offset[g.order[i]];
    }
  };
  for (let pass = 0; pass < passes; pass++) {
    // Alternate directions; the last two passes look both ways so that each vertex settles between its neighbours.
    const both = pass >= passes - 2;
    if (pass % 2 === 0) for (let l = 0; l < g.layerCount; l++) placeLayer(l, true, both);
    else for (let l = g.layerCount - 1; l >= 0; l--) placeLayer(l, both, true);
  }
  return y;
}

/** Lays out a graph given by index. Self-loops and edges naming a node out of range are left out (kept = 0). */
export function layoutIndexed(graph: IndexedGraph, options: LayoutOptions = {}): IndexedLayout {
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
  };
}

/** Lays out a directed graph in layers from left to right. Edges naming unknown nodes and self-loops are left out. */
export function layoutGraph(nodes: readonly LayoutNodeInput[], edges: readonly LayoutEdgeInput[], options: LayoutOptions = {}): LayoutResult {
  const index = new Map<string, number>();
  nodes.forEach((node, i) => index.set(node.id, i));
  const source = new Int32Array(edges.length);
  const target = new Int32Array(edges.length);
  edges.forEach((edge, e) => {
    source[e] = index.get(edge.source) ?? -1;
    target[e] = index.get(edge.target) ?? -1;
  });
  const r = layoutIndexed({ width: nodes.map((n) => n.width), height: nodes.map((n) => n.height), source, target }, options);
  const placed: PositionedNode[] = nodes.map((node, v) => ({ id: node.id, x: r.x[v], y: r.y[v], width: node.width, height: node.height, layer: r.layer[v], order: r.order[v] }));
  const routed: RoutedEdge[] = [];
  edges.forEach((edge, e) => {
    if (!r.kept[e]) return;
    const points: Point[] = [];
    for (let q = r.routeStart[e]; q < r.routeStart[e + 1]; q++) points.push({ x: r.routeXY[2 * q], y: r.routeXY[2 * q + 1] });
    routed.push({ id: edge.id, source: edge.source, target: edge.target, points, reversed: r.reversed[e] === 1 });
  });
  return { nodes: placed, edges: routed, width: r.width, height: r.height, layerCount: r.layerCount, dummyCount: r.dummyCount, crossings: r.crossings };
}
