/**
 * Step 5 of the layered layout (layout.ts): the y of every vertex, by order-preserving least squares per
 * layer (pool adjacent violators). Pure.
 */
import type { Layered } from './layout-order';

/**
 * Places every layer: centres as close as possible (least squares) to the mean y of their neighbours, in
 * layer order, at least a gap apart. With o[i] the smallest offset of the i-th vertex from the first, y[i] -
 * o[i] must not decrease, which makes each layer an isotonic regression (pool adjacent violators).
 */
export function assignY(g: Layered, gaps: { nodeGap: number; edgeGap: number }, passes: number): Float64Array {
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
