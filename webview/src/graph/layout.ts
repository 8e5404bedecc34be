/**
 * Layered left-to-right layout of a lineage graph (Sugiyama style, kept near-linear so it scales to thousands
 * of nodes):
 *
 * 1. Cycles are broken by reversing the back edges of a depth-first search started from the sources.
 * 2. Longest-path layering: every node sits one layer right of its furthest predecessor; sources are then
 *    pulled right, next to their first consumer, so that inputs read late do not stretch across the graph.
 * 3. Edges spanning several layers get one dummy vertex per layer crossed; the edge is drawn through them.
 * 4. A few barycenter sweeps (down, up, …) reorder each layer to reduce crossings; the best order seen wins.
 * 5. x comes from the layer; y from the order, with node heights and gaps, then moved towards the mean y
 *    of the neighbours by exact order-preserving least squares (pool adjacent violators), which straightens
 *    chains and dummy runs without ever letting two vertices of a layer overlap.
 *
 * Pure: sizes in, coordinates out. The renderer measures labels and draws.
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
  /** Barycenter passes, alternating down and up. 0 keeps the initial depth-first order. */
  sweeps?: number;
  /** Passes moving vertices towards their neighbours' mean y. 0 keeps the stacked positions. */
  alignPasses?: number;
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
  /** Edge crossings between adjacent layers in the final order. */
  crossings: number;
}

const DEFAULTS: Required<LayoutOptions> = { layerGap: 72, nodeGap: 18, edgeGap: 8, sweeps: 4, alignPasses: 8 };

/** The layered graph every step works on: real vertices first (input indices), then dummies. */
interface Layered {
  realCount: number;
  layerOf: number[];
  width: number[];
  height: number[];
  /** Neighbours one layer left / right, with multiplicity. */
  up: number[][];
  down: number[][];
  layers: number[][];
}

/**
 * Finds the back edges of an iterative depth-first search (from the sources first, then in input order) of
 * the graph on vertices 0..n-1 with the given (source, target) edges. Reversing them leaves an acyclic graph.
 * Returns, per edge, whether it is a back edge.
 */
export function findBackEdges(n: number, ends: ReadonlyArray<readonly [number, number]>): boolean[] {
  const out: number[][] = Array.from({ length: n }, () => []);
  const indegree = new Array<number>(n).fill(0);
  ends.forEach(([s, t], e) => {
    out[s].push(e);
    indegree[t]++;
  });
  const reversed = new Array<boolean>(ends.length).fill(false);
  const state = new Uint8Array(n); // 0 unvisited, 1 on the DFS stack, 2 finished
  const roots = [...Array.from({ length: n }, (_, v) => v).filter((v) => indegree[v] === 0), ...Array.from({ length: n }, (_, v) => v)];
  const stack: [number, number][] = [];
  for (const root of roots) {
    if (state[root] !== 0) continue;
    state[root] = 1;
    stack.push([root, 0]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [v, next] = top;
      if (next < out[v].length) {
        top[1]++;
        const e = out[v][next];
        const w = ends[e][1];
        if (state[w] === 1) reversed[e] = true;
        else if (state[w] === 0) {
          state[w] = 1;
          stack.push([w, 0]);
        }
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }
  return reversed;
}

/**
 * Longest-path layers of an acyclic graph given as (source, target) index pairs: sources at 0, every other
 * vertex one right of its furthest predecessor; then each source moves right to just before its nearest
 * successor. Every edge goes from a lower to a higher layer.
 */
export function longestPathLayers(n: number, dagEdges: ReadonlyArray<readonly [number, number]>): number[] {
  const succ: number[][] = Array.from({ length: n }, () => []);
  const indegree = new Array<number>(n).fill(0);
  for (const [s, t] of dagEdges) {
    succ[s].push(t);
    indegree[t]++;
  }
  const layer = new Array<number>(n).fill(0);
  const remaining = indegree.slice();
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (remaining[v] === 0) queue.push(v);
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (const w of succ[v]) {
      if (layer[v] + 1 > layer[w]) layer[w] = layer[v] + 1;
      if (--remaining[w] === 0) queue.push(w);
    }
  }
  if (queue.length !== n) throw new Error('longestPathLayers: the graph has a cycle');
  for (let v = 0; v < n; v++) {
    if (indegree[v] !== 0 || succ[v].length === 0) continue;
    let nearest = Infinity;
    for (const w of succ[v]) nearest = Math.min(nearest, layer[w]);
    layer[v] = nearest - 1;
  }
  return layer;
}

/** Number of crossings between two adjacent layers (Barth, Jünger, Mutzel: inversions counted in a Fenwick tree). */
function crossingsBetween(north: readonly number[], southSize: number, down: readonly number[][], pos: readonly number[]): number {
  const tree = new Array<number>(southSize + 1).fill(0);
  let inserted = 0;
  let crossings = 0;
  for (const v of north) {
    const targets = down[v].map((w) => pos[w]).sort((a, b) => a - b);
    for (const p of targets) {
      // Count the already inserted edges ending strictly right of p: they cross this one.
      let atMost = 0;
      for (let i = p + 1; i > 0; i -= i & -i) atMost += tree[i];
      crossings += inserted - atMost;
      for (let i = p + 1; i <= southSize; i += i & -i) tree[i]++;
      inserted++;
    }
  }
  return crossings;
}

function countAllCrossings(g: Layered, pos: readonly number[]): number {
  let total = 0;
  for (let i = 0; i + 1 < g.layers.length; i++) total += crossingsBetween(g.layers[i], g.layers[i + 1].length, g.down, pos);
  return total;
}

/** Orders each layer by the depth-first visit order from the left, so connected vertices start together. */
function initialOrder(g: Layered): void {
  const total = g.layerOf.length;
  const visited = new Uint8Array(total);
  const layers: number[][] = g.layers.map(() => []);
  const byLayer = Array.from({ length: total }, (_, v) => v).sort((a, b) => g.layerOf[a] - g.layerOf[b] || a - b);
  const stack: number[] = [];
  for (const root of byLayer) {
    if (visited[root]) continue;
    stack.push(root);
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (visited[v]) continue;
      visited[v] = 1;
      layers[g.layerOf[v]].push(v);
      for (let i = g.down[v].length - 1; i >= 0; i--) if (!visited[g.down[v][i]]) stack.push(g.down[v][i]);
    }
  }
  g.layers = layers;
}

function positions(g: Layered): number[] {
  const pos = new Array<number>(g.layerOf.length).fill(0);
  for (const layer of g.layers) layer.forEach((v, i) => (pos[v] = i));
  return pos;
}

/** Reorders `layer` by the mean position of each vertex's neighbours; vertices without any keep their place. */
function sortByBarycenter(layer: number[], neighbours: readonly number[][], pos: number[]): void {
  const bary = new Map<number, number>();
  for (const v of layer) {
    const ns = neighbours[v];
    if (ns.length === 0) bary.set(v, pos[v]);
    else {
      let sum = 0;
      for (const u of ns) sum += pos[u];
      bary.set(v, sum / ns.length);
    }
  }
  layer.sort((a, b) => bary.get(a)! - bary.get(b)!);
  layer.forEach((v, i) => (pos[v] = i));
}

/** Runs the barycenter sweeps and keeps the order with the fewest crossings; returns that count. */
function reduceCrossings(g: Layered, sweeps: number): number {
  const pos = positions(g);
  let best = g.layers.map((l) => l.slice());
  let bestCrossings = countAllCrossings(g, pos);
  for (let pass = 0; pass < sweeps && bestCrossings > 0; pass++) {
    if (pass % 2 === 0) for (let i = 1; i < g.layers.length; i++) sortByBarycenter(g.layers[i], g.up, pos);
    else for (let i = g.layers.length - 2; i >= 0; i--) sortByBarycenter(g.layers[i], g.down, pos);
    const crossings = countAllCrossings(g, pos);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = g.layers.map((l) => l.slice());
    }
  }
  g.layers = best;
  return bestCrossings;
}

/** Non-decreasing least-squares fit of `target` (pool adjacent violators). */
function isotonic(target: readonly number[]): number[] {
  const value: number[] = [];
  const count: number[] = [];
  for (const t of target) {
    value.push(t);
    count.push(1);
    while (value.length > 1 && value[value.length - 2] > value[value.length - 1]) {
      const c = count.pop()!;
      const v = value.pop()!;
      const merged = count[count.length - 1] + c;
      value[value.length - 1] = (value[value.length - 1] * count[count.length - 1] + v * c) / merged;
      count[count.length - 1] = merged;
    }
  }
  const out: number[] = [];
  value.forEach((v, i) => {
    for (let k = 0; k < count[i]; k++) out.push(v);
  });
  return out;
}

/**
 * Places one layer: centres as close as possible (least squares) to `desired`, in layer order, with at least
 * the gap between neighbours. With o[i] the minimal offset of vertex i from vertex 0, y[i] - o[i] must not
 * decrease, which makes it an isotonic regression.
 */
function placeLayer(layer: readonly number[], desired: readonly number[], offsets: readonly number[], y: number[]): void {
  const fit = isotonic(desired.map((d, i) => d - offsets[i]));
  layer.forEach((v, i) => (y[v] = fit[i] + offsets[i]));
}

function assignY(g: Layered, gaps: { nodeGap: number; edgeGap: number }, passes: number): number[] {
  const y = new Array<number>(g.layerOf.length).fill(0);
  const isDummy = (v: number) => v >= g.realCount;
  const offsets = g.layers.map((layer) => {
    const o: number[] = [];
    layer.forEach((v, i) => {
      if (i === 0) o.push(0);
      else {
        const u = layer[i - 1];
        const gap = isDummy(u) || isDummy(v) ? gaps.edgeGap : gaps.nodeGap;
        o.push(o[i - 1] + g.height[u] / 2 + gap + g.height[v] / 2);
      }
    });
    return o;
  });
  g.layers.forEach((layer, li) => {
    const o = offsets[li];
    const mid = layer.length > 0 ? o[o.length - 1] / 2 : 0;
    layer.forEach((v, i) => (y[v] = o[i] - mid));
  });
  const desiredOf = (layer: readonly number[], sides: readonly (readonly number[][])[]) =>
    layer.map((v) => {
      let sum = 0;
      let n = 0;
      for (const side of sides) for (const u of side[v]) {
        sum += y[u];
        n++;
      }
      return n > 0 ? sum / n : y[v];
    });
  for (let pass = 0; pass < passes; pass++) {
    // Alternate directions; the last two passes look both ways so that each vertex settles between its neighbours.
    const both = pass >= passes - 2;
    if (pass % 2 === 0) {
      for (let i = 0; i < g.layers.length; i++) placeLayer(g.layers[i], desiredOf(g.layers[i], both ? [g.up, g.down] : [g.up]), offsets[i], y);
    } else {
      for (let i = g.layers.length - 1; i >= 0; i--) placeLayer(g.layers[i], desiredOf(g.layers[i], both ? [g.up, g.down] : [g.down]), offsets[i], y);
    }
  }
  return y;
}

/** Lays out a directed graph in layers from left to right. Edges naming unknown nodes and self-loops are left out. */
export function layoutGraph(nodes: readonly LayoutNodeInput[], edges: readonly LayoutEdgeInput[], options: LayoutOptions = {}): LayoutResult {
  const opt = { ...DEFAULTS, ...options };
  const n = nodes.length;
  const index = new Map<string, number>();
  nodes.forEach((node, i) => index.set(node.id, i));

  const kept: { edge: LayoutEdgeInput; s: number; t: number }[] = [];
  for (const edge of edges) {
    const s = index.get(edge.source);
    const t = index.get(edge.target);
    if (s === undefined || t === undefined || s === t) continue;
    kept.push({ edge, s, t });
  }
  const reversed = findBackEdges(n, kept.map((k) => [k.s, k.t] as const));
  const dagEnds = kept.map((k, e) => (reversed[e] ? ([k.t, k.s] as const) : ([k.s, k.t] as const)));
  const nodeLayer = longestPathLayers(n, dagEnds);

  // The proper layered graph: dummies for every layer an edge crosses.
  const layerCount = nodeLayer.reduce((max, l) => Math.max(max, l + 1), 0);
  const g: Layered = {
    realCount: n,
    layerOf: nodeLayer.slice(),
    width: nodes.map((node) => node.width),
    height: nodes.map((node) => node.height),
    up: Array.from({ length: n }, () => []),
    down: Array.from({ length: n }, () => []),
    layers: Array.from({ length: layerCount }, () => []),
  };
  const chains: number[][] = dagEnds.map(([u, v]) => {
    const chain = [u];
    for (let l = nodeLayer[u] + 1; l < nodeLayer[v]; l++) {
      const d = g.layerOf.length;
      g.layerOf.push(l);
      g.width.push(0);
      g.height.push(0);
      g.up.push([]);
      g.down.push([]);
      chain.push(d);
    }
    chain.push(v);
    for (let i = 0; i + 1 < chain.length; i++) {
      g.down[chain[i]].push(chain[i + 1]);
      g.up[chain[i + 1]].push(chain[i]);
    }
    return chain;
  });
  for (let v = 0; v < g.layerOf.length; v++) g.layers[g.layerOf[v]].push(v);

  initialOrder(g);
  const crossings = reduceCrossings(g, opt.sweeps);
  const y = assignY(g, { nodeGap: opt.nodeGap, edgeGap: opt.edgeGap }, opt.alignPasses);

  // Columns: as wide as their widest node.
  const columnX: number[] = [];
  const columnWidth: number[] = [];
  let x = 0;
  for (let l = 0; l < layerCount; l++) {
    let w = 0;
    for (const v of g.layers[l]) w = Math.max(w, g.width[v]);
    columnX.push(x);
    columnWidth.push(w);
    x += w + opt.layerGap;
  }
  let top = Infinity;
  let bottom = -Infinity;
  for (let v = 0; v < g.layerOf.length; v++) {
    top = Math.min(top, y[v] - g.height[v] / 2);
    bottom = Math.max(bottom, y[v] + g.height[v] / 2);
  }
  if (!Number.isFinite(top)) top = bottom = 0;
  const cy = (v: number) => y[v] - top;

  const order = new Array<number>(g.layerOf.length).fill(0);
  for (const layer of g.layers) layer.forEach((v, i) => (order[v] = i));
  const placed: PositionedNode[] = nodes.map((node, v) => {
    const l = g.layerOf[v];
    return { id: node.id, x: columnX[l] + (columnWidth[l] - node.width) / 2, y: cy(v) - node.height / 2, width: node.width, height: node.height, layer: l, order: order[v] };
  });

  const routed: RoutedEdge[] = kept.map(({ edge }, e) => {
    const chain = chains[e];
    const first = placed[chain[0]];
    const last = placed[chain[chain.length - 1]];
    const points: Point[] = [{ x: first.x + first.width, y: cy(chain[0]) }];
    for (let i = 1; i + 1 < chain.length; i++) {
      const l = g.layerOf[chain[i]];
      points.push({ x: columnX[l], y: cy(chain[i]) }, { x: columnX[l] + columnWidth[l], y: cy(chain[i]) });
    }
    points.push({ x: last.x, y: cy(chain[chain.length - 1]) });
    if (reversed[e]) points.reverse();
    return { id: edge.id, source: edge.source, target: edge.target, points, reversed: reversed[e] };
  });

  return {
    nodes: placed,
    edges: routed,
    width: layerCount > 0 ? x - opt.layerGap : 0,
    height: bottom - top,
    layerCount,
    dummyCount: g.layerOf.length - n,
    crossings,
  };
}
