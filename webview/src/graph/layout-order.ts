/**
 * Step 4 of the layered layout (layout.ts): ordering each layer of the proper layered graph to reduce
 * crossings, by barycenter sweeps with exact crossing counts (Barth–Jünger–Mutzel, a Fenwick tree). Pure.
 */
import type { Csr } from './layout-rank';

/** The proper layered graph every later step works on: real vertices first (input indices), then dummies. */
export interface Layered {
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
export function initialOrder(g: Layered): void {
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
export function reduceCrossings(g: Layered, sweeps: number): number {
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
