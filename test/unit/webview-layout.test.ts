/**
 * The maths of the webview's layered layout: layering, cycle breaking, dummy vertices and their bundling,
 * crossing reduction, overlap-free placement, the typed-array form the worker uses, and that it copes with
 * synthetic lineage of 5,000 and 20,000 nodes (timings are the benchmark's job, not the tests').
 */
import assert from 'node:assert/strict';
import { layoutGraph, layoutIndexed, type LayoutEdgeInput, type LayoutNodeInput, type LayoutResult } from '../../webview/src/graph/layout';
import { findBackEdges, longestPathLayers } from '../../webview/src/graph/layout-rank';

const NODE_GAP = 18;
const EDGE_GAP = 8;
/** Two nodes of a layer are NODE_GAP apart, or 2 × EDGE_GAP when an edge passes between them. */
const MIN_GAP = Math.min(NODE_GAP, 2 * EDGE_GAP);

function nodes(...ids: string[]): LayoutNodeInput[] {
  return ids.map((id) => ({ id, width: 100, height: 40 }));
}

function edges(...pairs: string[]): LayoutEdgeInput[] {
  return pairs.map((p) => {
    const [source, target] = p.split('>');
    return { id: p, source, target };
  });
}

/** The repository's seeded generator (scripts/prng.mjs, an ES module: loaded before the tests run). */
let mulberry32: (seed: number) => () => number;
before(async () => {
  ({ mulberry32 } = await import('../../scripts/prng.mjs'));
});

/**
 * A job ↔ dataset pipeline like Marquez returns: `stages` layers alternating datasets and jobs, each job
 * reading 1–3 datasets of earlier stages (mostly the previous one) and writing 1–2 of the next.
 */
function pipeline(count: number, stages: number, seed: number): { nodes: LayoutNodeInput[]; edges: LayoutEdgeInput[] } {
  const rnd = mulberry32(seed);
  const stageOf: number[] = [];
  const ns: LayoutNodeInput[] = [];
  for (let i = 0; i < count; i++) {
    const stage = Math.floor((i * stages) / count);
    stageOf.push(stage);
    ns.push({ id: `${stage % 2 === 0 ? 'dataset' : 'job'}:${i}`, width: 120 + Math.floor(rnd() * 80), height: 36 });
  }
  const byStage: number[][] = Array.from({ length: stages }, () => []);
  stageOf.forEach((s, i) => byStage[s].push(i));
  const es = new Map<string, LayoutEdgeInput>();
  const add = (s: number, t: number) => es.set(`${s}>${t}`, { id: `${s}>${t}`, source: ns[s].id, target: ns[t].id });
  for (let stage = 1; stage < stages; stage += 2) {
    for (const job of byStage[stage]) {
      const reads = 1 + Math.floor(rnd() * 3);
      for (let r = 0; r < reads; r++) {
        // Mostly the previous stage; sometimes an older dataset stage, which makes a long edge.
        const from = rnd() < 0.8 || stage < 3 ? stage - 1 : stage - 1 - 2 * (1 + Math.floor(rnd() * Math.min(2, (stage - 1) / 2)));
        const pool = byStage[from];
        add(pool[Math.floor(rnd() * pool.length)], job);
      }
      if (stage + 1 < stages) {
        const writes = 1 + Math.floor(rnd() * 2);
        const pool = byStage[stage + 1];
        for (let w = 0; w < writes; w++) add(job, pool[Math.floor(rnd() * pool.length)]);
      }
    }
  }
  return { nodes: ns, edges: [...es.values()] };
}

function byId(result: LayoutResult) {
  return new Map(result.nodes.map((n) => [n.id, n]));
}

/** Fails if two nodes of a layer overlap or are closer than the node gap, or an edge passes through a node. */
function assertNoOverlap(result: LayoutResult): void {
  const layers = new Map<number, { top: number; bottom: number; id: string }[]>();
  for (const n of result.nodes) {
    if (!layers.has(n.layer)) layers.set(n.layer, []);
    layers.get(n.layer)!.push({ top: n.y, bottom: n.y + n.height, id: n.id });
  }
  for (const [layer, list] of layers) {
    list.sort((a, b) => a.top - b.top);
    for (let i = 1; i < list.length; i++) {
      const gap = list[i].top - list[i - 1].bottom;
      assert.ok(gap >= MIN_GAP - 1e-6, `layer ${layer}: ${list[i - 1].id} and ${list[i].id} are ${gap} apart`);
    }
  }
  // Interior points of a long edge pass between the nodes of the layers they cross.
  const columns = new Map<number, { left: number; right: number; spans: { top: number; bottom: number }[] }>();
  for (const n of result.nodes) {
    const c = columns.get(n.layer) ?? { left: n.x, right: n.x + n.width, spans: [] };
    c.left = Math.min(c.left, n.x);
    c.right = Math.max(c.right, n.x + n.width);
    c.spans.push({ top: n.y, bottom: n.y + n.height });
    columns.set(n.layer, c);
  }
  for (const e of result.edges) {
    for (const p of e.points.slice(1, -1)) {
      for (const c of columns.values()) {
        if (p.x < c.left - 1e-6 || p.x > c.right + 1e-6) continue;
        for (const s of c.spans)
          assert.ok(
            p.y <= s.top - EDGE_GAP + 1e-6 || p.y >= s.bottom + EDGE_GAP - 1e-6,
            `edge ${e.id} runs through a node at (${p.x}, ${p.y})`,
          );
      }
    }
  }
}

describe('webview layout: layering', () => {
  it('puts every edge from a lower to a higher layer, left to right', () => {
    const g = pipeline(300, 9, 7);
    const result = layoutGraph(g.nodes, g.edges);
    const at = byId(result);
    assert.equal(result.edges.length, g.edges.length);
    for (const e of g.edges) {
      const s = at.get(e.source)!;
      const t = at.get(e.target)!;
      assert.ok(s.layer < t.layer, `${e.id}: layer ${s.layer} → ${t.layer}`);
      assert.ok(s.x + s.width < t.x, `${e.id} does not run left to right`);
    }
  });

  it('places each node one layer after its furthest predecessor (longest path)', () => {
    // a → j1 → b → j2 → c, and a → j2 directly.
    const result = layoutGraph(nodes('a', 'j1', 'b', 'j2', 'c'), edges('a>j1', 'j1>b', 'b>j2', 'j2>c', 'a>j2'));
    assert.deepEqual(
      result.nodes.map((n) => n.layer),
      [0, 1, 2, 3, 4],
    );
    assert.equal(result.layerCount, 5);
  });

  it('moves a vertex with more outgoing than incoming edges right, next to its nearest successor', () => {
    // j reads a and writes x and y, which are read in layer 4: moving j right shortens two edges, lengthens one.
    const layers = longestPathLayers(7, [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [5, 6],
      [6, 4],
      [6, 3],
    ]);
    // 5 → 6 → {3, 4}: 6 moves to layer 2 (just before 3), and 5 then to layer 1.
    assert.deepEqual(layers, [0, 1, 2, 3, 4, 1, 2]);
  });

  it('leaves a vertex with as many incoming as outgoing edges where longest path puts it', () => {
    assert.deepEqual(
      longestPathLayers(4, [
        [0, 1],
        [1, 3],
        [2, 3],
      ]),
      [0, 1, 1, 2],
    );
  });

  it('pulls a source next to its first consumer instead of leaving it in layer 0', () => {
    // rates is read only by the job in layer 3.
    const result = layoutGraph(nodes('a', 'j1', 'b', 'j2', 'rates'), edges('a>j1', 'j1>b', 'b>j2', 'rates>j2'));
    assert.equal(byId(result).get('rates')!.layer, 2);
    assert.equal(result.dummyCount, 0);
  });

  it('longestPathLayers refuses a cycle rather than looping', () => {
    assert.throws(
      () =>
        longestPathLayers(2, [
          [0, 1],
          [1, 0],
        ]),
      /cycle/,
    );
  });
});

describe('webview layout: long edges', () => {
  it('routes an edge spanning layers through one dummy vertex per crossed layer', () => {
    const result = layoutGraph(nodes('a', 'j1', 'b', 'j2', 'c'), edges('a>j1', 'j1>b', 'b>j2', 'j2>c', 'a>j2'));
    assert.equal(result.dummyCount, 2);
    const long = result.edges.find((e) => e.id === 'a>j2')!;
    // Start, then entry and exit of the columns of layers 1 and 2, then the end.
    assert.equal(long.points.length, 6);
    const at = byId(result);
    assert.deepEqual(long.points[0], { x: at.get('a')!.x + 100, y: at.get('a')!.y + 20 });
    assert.deepEqual(long.points[5], { x: at.get('j2')!.x, y: at.get('j2')!.y + 20 });
    for (let i = 1; i < long.points.length; i++) assert.ok(long.points[i].x >= long.points[i - 1].x);
    const short = result.edges.find((e) => e.id === 'a>j1')!;
    assert.equal(short.points.length, 2);
    assertNoOverlap(result);
  });

  it('bundles the long edges leaving one vertex into one chain of dummy vertices', () => {
    // A hub read in layers 2, 4 and 6 of a chain: one shared chain (layers 1–5), not 1 + 3 + 5 dummies.
    const ids = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'hub'];
    const chain = ids
      .slice(0, 7)
      .map((id, i) => (i > 0 ? `${ids[i - 1]}>${id}` : ''))
      .filter(Boolean);
    const input: [LayoutNodeInput[], LayoutEdgeInput[]] = [nodes(...ids), edges(...chain, 'hub>c2', 'hub>c4', 'hub>c6')];
    const bundled = layoutGraph(...input);
    const separate = layoutGraph(...input, { bundle: false });
    const hubLayer = byId(bundled).get('hub')!.layer;
    assert.equal(hubLayer, 1, 'the hub sits just before its first reader');
    assert.equal(bundled.dummyCount, 4, 'one dummy per layer between the hub and its last reader');
    assert.equal(separate.dummyCount, 0 + 2 + 4);
    // The routes share their first points: they leave along the same line.
    const routes = ['hub>c2', 'hub>c4', 'hub>c6'].map((id) => bundled.edges.find((e) => e.id === id)!.points);
    assert.deepEqual(routes[2].slice(0, routes[1].length - 1), routes[1].slice(0, -1));
    assertNoOverlap(bundled);
    assertNoOverlap(separate);
  });

  it('leaves out self-loops and edges naming unknown nodes', () => {
    const result = layoutGraph(nodes('a', 'b'), edges('a>a', 'a>b', 'a>ghost'));
    assert.deepEqual(
      result.edges.map((e) => e.id),
      ['a>b'],
    );
  });
});

describe('webview layout: placement', () => {
  it('never overlaps two nodes of a layer, nor runs an edge through a node', () => {
    for (const seed of [1, 2, 3])
      assertNoOverlap(layoutGraph(...(Object.values(pipeline(400, 11, seed)) as [LayoutNodeInput[], LayoutEdgeInput[]])));
  });

  it('keeps nodes of different layers in separate columns', () => {
    const result = layoutGraph(...(Object.values(pipeline(200, 7, 4)) as [LayoutNodeInput[], LayoutEdgeInput[]]));
    const columns = new Map<number, { left: number; right: number }>();
    for (const n of result.nodes) {
      const c = columns.get(n.layer) ?? { left: Infinity, right: -Infinity };
      columns.set(n.layer, { left: Math.min(c.left, n.x), right: Math.max(c.right, n.x + n.width) });
    }
    const sorted = [...columns.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
    for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].left > sorted[i - 1].right);
  });

  it('starts at the origin and reports a bounding box that contains every node and edge', () => {
    const result = layoutGraph(...(Object.values(pipeline(120, 5, 9)) as [LayoutNodeInput[], LayoutEdgeInput[]]));
    const xs = result.nodes.flatMap((n) => [n.x, n.x + n.width]);
    const ys = result.nodes.flatMap((n) => [n.y, n.y + n.height]).concat(result.edges.flatMap((e) => e.points.map((p) => p.y)));
    assert.equal(Math.min(...xs), 0);
    assert.ok(Math.abs(Math.min(...ys)) < 1e-6);
    assert.ok(Math.max(...xs) <= result.width + 1e-6);
    assert.ok(Math.max(...ys) <= result.height + 1e-6);
  });

  it('lines up a simple chain on one horizontal line', () => {
    const result = layoutGraph(nodes('a', 'j', 'b'), edges('a>j', 'j>b'));
    assert.deepEqual(
      result.nodes.map((n) => n.y),
      [0, 0, 0],
    );
    assert.deepEqual(
      result.edges[0].points.map((p) => p.y),
      [20, 20],
    );
  });

  it('centres a job between the datasets it reads', () => {
    const result = layoutGraph(nodes('a', 'b', 'j'), edges('a>j', 'b>j'));
    const at = byId(result);
    assert.equal(at.get('j')!.y, (at.get('a')!.y + at.get('b')!.y) / 2);
  });

  it('lays out an empty graph', () => {
    assert.deepEqual(layoutGraph([], []), {
      nodes: [],
      edges: [],
      width: 0,
      height: 0,
      layerCount: 0,
      dummyCount: 0,
      crossings: 0,
      vertical: false,
    });
  });
});

describe('webview layout: crossing reduction', () => {
  it('removes the crossing of a crafted two-layer example', () => {
    // Depth-first order gives layer 0 = a, b, c and layer 1 = p, q: c → p crosses b → q.
    const input: [LayoutNodeInput[], LayoutEdgeInput[]] = [nodes('a', 'b', 'c', 'p', 'q'), edges('a>p', 'b>q', 'c>p')];
    assert.equal(layoutGraph(...input, { sweeps: 0 }).crossings, 1);
    const swept = layoutGraph(...input);
    assert.equal(swept.crossings, 0);
    const at = byId(swept);
    assert.ok(at.get('c')!.order < at.get('b')!.order, 'c moved next to a, the other reader of p');
  });

  it('reduces crossings on random pipelines, and never makes them worse', () => {
    let before = 0;
    let after = 0;
    for (const seed of [11, 12, 13, 14, 15]) {
      const g = pipeline(300, 9, seed);
      const unswept = layoutGraph(g.nodes, g.edges, { sweeps: 0 }).crossings;
      const swept = layoutGraph(g.nodes, g.edges).crossings;
      assert.ok(swept <= unswept, `seed ${seed}: ${swept} > ${unswept}`);
      before += unswept;
      after += swept;
    }
    assert.ok(after < before * 0.8, `barycenter sweeps took crossings from ${before} to ${after} only`);
  });
});

describe('webview layout: cycles', () => {
  it('finds the back edges of a cycle', () => {
    assert.deepEqual(
      findBackEdges(3, [
        [0, 1],
        [1, 2],
        [2, 0],
      ]),
      [false, false, true],
    );
    assert.deepEqual(
      findBackEdges(2, [
        [0, 1],
        [1, 0],
      ]),
      [false, true],
    );
    assert.deepEqual(
      findBackEdges(3, [
        [0, 1],
        [0, 2],
        [1, 2],
      ]),
      [false, false, false],
    );
  });

  it('lays out a job that reads and writes the same table, and a longer cycle, without hanging', () => {
    const result = layoutGraph(nodes('src', 'merge', 't', 'j2', 'u'), edges('src>merge', 'merge>t', 't>merge', 't>j2', 'j2>u', 'u>merge'));
    assert.equal(result.nodes.length, 5);
    const reversed = result.edges
      .filter((e) => e.reversed)
      .map((e) => e.id)
      .sort();
    assert.deepEqual(reversed, ['t>merge', 'u>merge']);
    const at = byId(result);
    for (const e of result.edges) {
      const s = at.get(e.source)!;
      const t = at.get(e.target)!;
      if (e.reversed) {
        assert.ok(s.layer > t.layer);
        // Drawn from the source's left side to the target's right side.
        assert.deepEqual(e.points[0], { x: s.x, y: s.y + 20 });
        assert.deepEqual(e.points[e.points.length - 1], { x: t.x + t.width, y: t.y + 20 });
      } else assert.ok(s.layer < t.layer);
    }
    assertNoOverlap(result);
  });

  it('lays out a graph that is one big cycle', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `n${i}`);
    const result = layoutGraph(nodes(...ids), edges(...ids.map((id, i) => `${id}>${ids[(i + 1) % ids.length]}`)));
    assert.equal(result.layerCount, 50);
    assert.equal(result.edges.filter((e) => e.reversed).length, 1);
  });
});

describe('webview layout: typed arrays (the worker form)', () => {
  it('gives the same layout as the object form, with routes in flat arrays', () => {
    const g = pipeline(200, 7, 21);
    const byObjects = layoutGraph(g.nodes, g.edges);
    const index = new Map(g.nodes.map((n, i) => [n.id, i]));
    const r = layoutIndexed({
      width: Float64Array.from(g.nodes, (n) => n.width),
      height: Float64Array.from(g.nodes, (n) => n.height),
      source: Int32Array.from(g.edges, (e) => index.get(e.source)!),
      target: Int32Array.from(g.edges, (e) => index.get(e.target)!),
    });
    byObjects.nodes.forEach((n, i) => assert.deepEqual([n.x, n.y, n.layer, n.order], [r.x[i], r.y[i], r.layer[i], r.order[i]]));
    byObjects.edges.forEach((e, i) => {
      const flat: { x: number; y: number }[] = [];
      for (let q = r.routeStart[i]; q < r.routeStart[i + 1]; q++) flat.push({ x: r.routeXY[2 * q], y: r.routeXY[2 * q + 1] });
      assert.deepEqual(flat, e.points);
    });
    assert.equal(r.routeStart[g.edges.length], r.routeXY.length / 2);
  });

  it('marks self-loops and out-of-range ends as not kept, with empty routes', () => {
    const r = layoutIndexed({ width: [100, 100], height: [40, 40], source: [0, 0, 1, 5], target: [0, 1, -1, 0] });
    assert.deepEqual([...r.kept], [0, 1, 0, 0]);
    assert.deepEqual([...r.routeStart], [0, 0, 2, 2, 2]);
  });
});

describe('webview layout: scale', () => {
  it('lays out 5,000 and 20,000 synthetic lineage nodes with few dummy vertices and no overlaps', async () => {
    const { generate } = await import('../../bench/layout-graphs.mjs');
    for (const n of [5000, 20000]) {
      const g = generate({ n, shape: 'local', seed: 1 });
      const result = layoutGraph(
        g.nodes.map((x) => ({ id: x.id, width: 180, height: 40 })),
        g.edges.map((e, i) => ({ id: String(i), source: e.source, target: e.target })),
      );
      assert.equal(result.nodes.length, n);
      assert.equal(result.edges.length, g.edges.length);
      // Bundling keeps D near V, where one chain per edge gives more than 5 V on this shape.
      assert.ok(result.dummyCount < 2 * n, `${n}: ${result.dummyCount} dummies`);
      assert.ok(result.nodes.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
      if (n === 5000) assertNoOverlap(result);
    }
  });

  it('lays out a 20,000-node chain without running out of stack', async () => {
    const { generate } = await import('../../bench/layout-graphs.mjs');
    const g = generate({ n: 20000, shape: 'chain' });
    const result = layoutGraph(
      g.nodes.map((x) => ({ id: x.id, width: 100, height: 40 })),
      g.edges.map((e, i) => ({ id: String(i), ...e })),
    );
    assert.equal(result.layerCount, 20000);
    assert.equal(result.dummyCount, 0);
  });

  it('lays out a 5,000-node job ↔ dataset graph', () => {
    const g = pipeline(5000, 21, 42);
    // A few edges back to earlier stages make cycles, as re-processing jobs do.
    const rnd = mulberry32(43);
    for (let i = 0; i < 20; i++) {
      const s = g.nodes[2500 + Math.floor(rnd() * 2500)].id;
      const t = g.nodes[Math.floor(rnd() * 2500)].id;
      g.edges.push({ id: `back${i}`, source: s, target: t });
    }
    const result = layoutGraph(g.nodes, g.edges);
    assert.equal(result.nodes.length, 5000);
    assert.equal(result.edges.length, g.edges.length);
    assert.ok(result.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y)));
    assert.ok(result.edges.some((e) => e.reversed));
    assertNoOverlap(result);
  });
});
