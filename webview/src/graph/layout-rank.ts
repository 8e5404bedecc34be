/**
 * Steps 1 and 2 of the layered layout (layout.ts): breaking cycles by reversing the back edges of a
 * depth-first search, and longest-path layering, on compressed adjacency lists. Pure, linear in V + E.
 */

/** Compressed adjacency: the neighbours of v are `adj[start[v]] … adj[start[v + 1] - 1]`. */
export interface Csr {
  start: Int32Array;
  adj: Int32Array;
}

/** Groups `values[i]` by `keys[i]` (keys in 0..n-1), keeping input order within a key. */
export function buildCsr(n: number, keys: Int32Array, values: Int32Array, count = keys.length): Csr {
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

export function backEdges(n: number, source: Int32Array, target: Int32Array): Uint8Array {
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

export function layers(n: number, source: Int32Array, target: Int32Array): Int32Array {
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
