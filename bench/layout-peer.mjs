// One layout measurement in a fresh process (bench/layout.mjs spawns it, with a wall-clock limit):
//   node [--import tsx] bench/layout-peer.mjs <engine> <shape> <n> [reps]
// engine: `ours` (webview/src/graph/layout.ts, needs --import tsx), `elk` (elkjs 0.12 configured as Marquez's
// web UI configures it, plus Marquez's post-processing), `dagre` (@dagrejs/dagre 3 defaults, rankdir LR).
// Prints one JSON line. The graph is generated here from the same seed, so every engine gets the same one.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { generate } from './layout-graphs.mjs';

const require = createRequire(import.meta.url);
const [engine, shape, nText, repsText] = process.argv.slice(2);
const n = Number(nText);
const NODE_WIDTH = 180;
const NODE_HEIGHT = 40;

/**
 * Marquez's ELK options for its lineage graph (docs/performance.md#marquez-layout, from
 * `web/libs/graph/src/layout/useLayout.ts` at a89b89c): layered, Coffman–Graham layering, layer-sweep crossing
 * minimisation, interactive cycle breaking, sloppy splines, hierarchy handling INCLUDE_CHILDREN, and node placement
 * STRETCH_WIDTH (not a valid node-placement value, so ELK falls back to its default).
 */
export const MARQUEZ_ELK_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.layering.strategy': 'COFFMAN_GRAHAM',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.cycleBreaking.strategy': 'INTERACTIVE',
  'elk.edgeRouting': 'SPLINES',
  'elk.layered.edgeRouting.splines.mode': 'SLOPPY',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.nodePlacement.strategy': 'STRETCH_WIDTH',
};

const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { runs: s.length, median: round(q(0.5)), p95: round(q(0.95)), min: round(s[0]), max: round(s[s.length - 1]) };
}

async function main() {
  const graph = generate({ n, shape, seed: 1 });
  const out = { engine, shape, n: graph.nodes.length, E: graph.edges.length };
  if (engine === 'ours') {
    const { layoutIndexed } = await import('../webview/src/graph/layout.ts');
    let t = performance.now();
    const index = new Map(graph.nodes.map((x, i) => [x.id, i]));
    const input = {
      width: new Float64Array(graph.nodes.length).fill(NODE_WIDTH),
      height: new Float64Array(graph.nodes.length).fill(NODE_HEIGHT),
      source: Int32Array.from(graph.edges, (e) => index.get(e.source)),
      target: Int32Array.from(graph.edges, (e) => index.get(e.target)),
    };
    out.buildMs = round(performance.now() - t);
    const reps = Number(repsText ?? 5);
    // The webview's options (webview/src/scene-builder.ts LAYOUT_OPTIONS).
    const options = { layerGap: 50, nodeGap: 16 };
    for (let w = 0; w < 2; w++) layoutIndexed(input, options);
    const samples = [];
    let result;
    for (let r = 0; r < reps; r++) {
      t = performance.now();
      result = layoutIndexed(input, options);
      samples.push(performance.now() - t);
    }
    out.layoutMs = stats(samples);
    out.quality = {
      layers: result.layerCount,
      dummies: result.dummyCount,
      crossings: result.crossings,
      width: Math.round(result.width),
      height: Math.round(result.height),
    };
  } else if (engine === 'elk') {
    const ELK = require('elkjs/lib/elk.bundled.js');
    const elk = new ELK();
    let t = performance.now();
    const input = {
      id: 'root',
      layoutOptions: MARQUEZ_ELK_OPTIONS,
      children: graph.nodes.map((x) => ({ id: x.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
      edges: graph.edges.map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
    };
    out.buildMs = round(performance.now() - t);
    t = performance.now();
    const result = await elk.layout(input);
    const layoutMs = performance.now() - t;
    out.layoutMs = stats([layoutMs]);
    // Marquez's post-processing (useLayout.ts positionNodes and the edge matching): Array.find per node and per edge.
    t = performance.now();
    let placed = 0;
    for (const node of input.children) if (result.children.find((c) => c.id === node.id)) placed++;
    for (const edge of input.edges) if (result.edges.find((e) => e.id === edge.id)?.sections?.[0]) placed++;
    out.postMs = round(performance.now() - t);
    out.totalMs = round(layoutMs + out.postMs);
    out.quality = { width: Math.round(result.width), height: Math.round(result.height), placed };
  } else if (engine === 'dagre') {
    const dagre = require('@dagrejs/dagre');
    let t = performance.now();
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'LR' });
    g.setDefaultEdgeLabel(() => ({}));
    for (const x of graph.nodes) g.setNode(x.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
    for (const e of graph.edges) g.setEdge(e.source, e.target);
    out.buildMs = round(performance.now() - t);
    t = performance.now();
    dagre.layout(g);
    out.layoutMs = stats([performance.now() - t]);
    const info = g.graph();
    out.quality = { width: Math.round(info.width ?? 0), height: Math.round(info.height ?? 0) };
  } else {
    throw new Error(`unknown engine ${engine}`);
  }
  const usage = process.resourceUsage();
  out.peakRssMB = round(usage.maxRSS / 1024);
  out.heapUsedMB = round(process.memoryUsage().heapUsed / 1048576);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ engine, shape, n, error: String(e?.message ?? e).slice(0, 300) })}\n`);
  process.exit(0);
});
