/**
 * The maths of the webview's layered layout: layering, cycle breaking, dummy vertices, crossing reduction,
 * overlap-free placement, and that it copes with a 5,000-node graph.
 */
import assert from 'node:assert/strict';
import { findBackEdges, layoutGraph, longestPathLayers, type LayoutEdgeInput, type LayoutNodeInput, type LayoutResult } from '../../webview/src/graph/layout';

const NODE_GAP = 18;
const EDGE_GAP = 8;
/** Two nodes of a layer are NODE_GAP apart, or 2 × EDGE_GAP when an edge passes between them. */
const MIN_GAP = Math.min(NODE_GAP, 2 * EDGE_GAP);

/** A deterministic pseudo-random generator (mulberry32), so that every run tests the same graphs. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nodes(...ids: string[]): LayoutNodeInput[] {
  return ids.map((id) => ({ id, width: 100, height: 40 }));
}

function edges(...pairs: string[]): LayoutEdgeInput[] {
  return pairs.map((p) => {
    const [source, target] = p.split('>');
    return { id: p, source, target };
  });
}

/**
 * A job ↔ dataset pipeline like Marquez returns: `stages` layers alternating datasets and jobs, each job
 * reading 1–3 datasets of earlier stages (mostly the previous one) and writing 1–2 of the next.
 */
function pipeline(count: number, stages: number, seed: number): { nodes: LayoutNodeInput[]; edges: LayoutEdgeInput[] } {
  const rnd = random(seed);
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
        for (const s of c.spans) assert.ok(p.y <= s.top - EDGE_GAP + 1e-6 || p.y >= s.bottom + EDGE_GAP - 1e-6, `edge ${e.id} runs through a node at (${p.x}, ${p.y})`);
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
    assert.deepEqual(result.nodes.map((n) => n.layer), [0, 1, 2, 3, 4]);
    assert.equal(result.layerCount, 5);
  });

  it('pulls a source next to its first consumer instead of leaving it in layer 0', () => {
    // rates is read only by the job in layer 3.
    const result = layoutGraph(nodes('a', 'j1', 'b', 'j2', 'rates'), edges('a>j1', 'j1>b', 'b>j2', 'rates>j2'));
    assert.equal(byId(result).get('rates')!.layer, 2);
    assert.equal(result.dummyCount, 0);
  });

  it('longestPathLayers refuses a cycle rather than looping', () => {
    assert.throws(() => longestPathLayers(2, [[0, 1], [1, 0]]), /cycle/);
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

  it('leaves out self-loops and edges naming unknown nodes', () => {
    const result = layoutGraph(nodes('a', 'b'), edges('a>a', 'a>b', 'a>ghost'));
    assert.deepEqual(result.edges.map((e) => e.id), ['a>b']);
  });
});

describe('webview layout: placement', () => {
  it('never overlaps two nodes of a layer, nor runs an edge through a node', () => {
    for (const seed of [1, 2, 3]) assertNoOverlap(layoutGraph(...Object.values(pipeline(400, 11, seed)) as [LayoutNodeInput[], LayoutEdgeInput[]]));
  });

  it('keeps nodes of different layers in separate columns', () => {
    const result = layoutGraph(...Object.values(pipeline(200, 7, 4)) as [LayoutNodeInput[], LayoutEdgeInput[]]);
    const columns = new Map<number, { left: number; right: number }>();
    for (const n of result.nodes) {
      const c = columns.get(n.layer) ?? { left: Infinity, right: -Infinity };
      columns.set(n.layer, { left: Math.min(c.left, n.x), right: Math.max(c.right, n.x + n.width) });
    }
    const sorted = [...columns.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
    for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].left > sorted[i - 1].right);
  });

  it('starts at the origin and reports a bounding box that contains every node and edge', () => {
    const result = layoutGraph(...Object.values(pipeline(120, 5, 9)) as [LayoutNodeInput[], LayoutEdgeInput[]]);
    const xs = result.nodes.flatMap((n) => [n.x, n.x + n.width]);
    const ys = result.nodes.flatMap((n) => [n.y, n.y + n.height]).concat(result.edges.flatMap((e) => e.points.map((p) => p.y)));
    assert.equal(Math.min(...xs), 0);
    assert.ok(Math.abs(Math.min(...ys)) < 1e-6);
    assert.ok(Math.max(...xs) <= result.width + 1e-6);
    assert.ok(Math.max(...ys) <= result.height + 1e-6);
  });

  it('lines up a simple chain on one horizontal line', () => {
    const result = layoutGraph(nodes('a', 'j', 'b'), edges('a>j', 'j>b'));
    assert.deepEqual(result.nodes.map((n) => n.y), [0, 0, 0]);
    assert.deepEqual(result.edges[0].points.map((p) => p.y), [20, 20]);
  });

  it('centres a job between the datasets it reads', () => {
    const result = layoutGraph(nodes('a', 'b', 'j'), edges('a>j', 'b>j'));
    const at = byId(result);
    assert.equal(at.get('j')!.y, (at.get('a')!.y + at.get('b')!.y) / 2);
  });

  it('lays out an empty graph', () => {
    assert.deepEqual(layoutGraph([], []), { nodes: [], edges: [], width: 0, height: 0, layerCount: 0, dummyCount: 0, crossings: 0 });
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
    assert.deepEqual(findBackEdges(3, [[0, 1], [1, 2], [2, 0]]), [false, false, true]);
    assert.deepEqual(findBackEdges(2, [[0, 1], [1, 0]]), [false, true]);
    assert.deepEqual(findBackEdges(3, [[0, 1], [0, 2], [1, 2]]), [false, false, false]);
  });

  it('lays out a job that reads and writes the same table, and a longer cycle, without hanging', () => {
    const result = layoutGraph(nodes('src', 'merge', 't', 'j2', 'u'), edges('src>merge', 'merge>t', 't>merge', 't>j2', 'j2>u', 'u>merge'));
    assert.equal(result.nodes.length, 5);
    const reversed = result.edges.filter((e) => e.reversed).map((e) => e.id).sort();
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

describe('webview layout: scale', () => {
  it('lays out a 5,000-node job ↔ dataset graph', () => {
    const g = pipeline(5000, 21, 42);
    // A few edges back to earlier stages make cycles, as re-processing jobs do.
    const rnd = random(43);
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
