// Seeded synthetic lineage graphs for the layout and render benchmarks
// (docs/performance.md#synthetic-lineage-graphs). Bipartite dataset → job → dataset graphs with hub datasets, a
// heavy-tailed fan-in, chains and a few cycles.
//
//   generate({ n: 5000, shape: 'local', seed: 1 }) → { nodes: [{ id, type }], edges: [{ source, target }], stats }
//   toMarquez(graph)                               → { graph: [{ id, type, data, inEdges, outEdges }] } (GET /api/v1/lineage shape)
//
// Shapes: `local` (inputs from ≤ 3 tiers back, the default), `stress` (inputs and hubs from any earlier tier),
// `chain` (one job/dataset chain), `cyclic` (local with 2 % write-back jobs), `fanout` (local plus one dataset
// read by 2,000 jobs).

import { mulberry32 } from '../scripts/prng.mjs';

const SHAPES = {
  local: { chainFrac: 0.05, chainLen: 20, cycleFrac: 0.005, reach: 3 },
  stress: { chainFrac: 0.1, chainLen: 40, cycleFrac: 0.005, reach: Infinity },
  cyclic: { chainFrac: 0.05, chainLen: 20, cycleFrac: 0.02, reach: 3 },
  fanout: { chainFrac: 0.05, chainLen: 20, cycleFrac: 0.005, reach: 3, fanout: 2000 },
};

/** A graph of about `n` nodes of the given shape. */
export function generate({ n, shape = 'local', seed = 1 }) {
  if (shape === 'chain') return chain(n);
  const p = SHAPES[shape];
  if (!p) throw new Error(`unknown shape ${shape}`);
  const rnd = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const nodes = [];
  const edges = [];
  const edgeKeys = new Set();
  const addEdge = (s, t) => {
    const k = `${s}>${t}`;
    if (s === t || edgeKeys.has(k)) return;
    edgeKeys.add(k);
    edges.push({ source: nodes[s].id, target: nodes[t].id });
  };
  /** Per dataset: tier and popularity (times read + 1). */
  const tierOf = [];
  const popularity = [];
  const datasetsByTier = [];
  const hubs = [];
  const addDataset = (tier) => {
    const i = nodes.length;
    nodes.push({ id: `dataset:${i}`, type: 'DATASET' });
    tierOf[i] = tier;
    popularity[i] = 1;
    (datasetsByTier[tier] ??= []).push(i);
    return i;
  };
  const addJob = (tier) => {
    const i = nodes.length;
    nodes.push({ id: `job:${i}`, type: 'JOB' });
    tierOf[i] = tier;
    return i;
  };

  const chainNodes = Math.round(p.chainFrac * n);
  const fanoutNodes = p.fanout ? Math.min(p.fanout, Math.floor(n / 3)) : 0;
  const nMain = n - chainNodes - fanoutNodes;
  const tiers = Math.max(8, Math.round(1.5 * Math.log2(n)));

  const sources = Math.max(3, Math.round(0.06 * nMain));
  for (let i = 0; i < sources; i++) {
    const d = addDataset(0);
    if (i < 3) hubs.push(d);
  }
  const perTier = nMain / tiers;
  for (let tier = 1; tier < tiers; tier++) {
    const stop = Math.min(nMain, Math.round(sources + tier * perTier));
    const lowest = Number.isFinite(p.reach) ? Math.max(0, tier - p.reach) : 0;
    const older = [];
    for (let t = lowest; t < tier; t++) if (datasetsByTier[t]) older.push(...datasetsByTier[t]);
    const previous = datasetsByTier[tier - 1] ?? older;
    const nearHubs = hubs.filter((h) => tierOf[h] >= lowest && tierOf[h] < tier);
    while (nodes.length < stop) {
      const job = addJob(tier);
      const r = rnd();
      const k = r < 0.65 ? int(1, 2) : r < 0.93 ? int(3, 8) : int(10, 40);
      const inputs = [];
      for (let j = 0; j < k; j++) {
        let input;
        if (nearHubs.length > 0 && rnd() < 0.12) input = nearHubs[Math.floor(rnd() * nearHubs.length)];
        else {
          const pool = rnd() < 0.6 ? previous : older;
          // Preferential attachment: the most popular of 4 random candidates.
          input = pool[Math.floor(rnd() * pool.length)];
          for (let c = 1; c < 4; c++) {
            const other = pool[Math.floor(rnd() * pool.length)];
            if (popularity[other] > popularity[input]) input = other;
          }
        }
        if (inputs.includes(input)) continue;
        inputs.push(input);
        popularity[input]++;
        addEdge(input, job);
      }
      const outputs = rnd() < 0.8 ? 1 : int(2, 3);
      for (let o = 0; o < outputs; o++) {
        const d = addDataset(tier);
        addEdge(job, d);
        if (rnd() < 0.004) hubs.push(d);
      }
      if (rnd() < p.cycleFrac && inputs.length > 0) addEdge(job, inputs[0]);
    }
  }
  // Chains: job/dataset alternating from a random dataset.
  const allDatasets = datasetsByTier.flat();
  while (nodes.length < nMain + chainNodes) {
    let at = allDatasets[Math.floor(rnd() * allDatasets.length)];
    for (let step = 0; step < p.chainLen && nodes.length < nMain + chainNodes; step += 2) {
      const job = addJob(tierOf[at] + 1);
      addEdge(at, job);
      if (nodes.length >= nMain + chainNodes) break;
      const d = addDataset(tierOf[at] + 1);
      addEdge(job, d);
      at = d;
    }
  }
  // One dataset read by many jobs (their outputs are left out, so that the consumers fit in n).
  if (fanoutNodes > 0) {
    const hub = datasetsByTier[1][0];
    while (nodes.length < n) addEdge(hub, addJob(2));
  }
  return { nodes, edges, stats: stats(nodes, edges) };
}

/** A single dataset → job → dataset … chain of `n` nodes (catches recursion-depth bugs). */
function chain(n) {
  const nodes = [];
  const edges = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `${i % 2 === 0 ? 'dataset' : 'job'}:${i}`, type: i % 2 === 0 ? 'DATASET' : 'JOB' });
    if (i > 0) edges.push({ source: nodes[i - 1].id, target: nodes[i].id });
  }
  return { nodes, edges, stats: stats(nodes, edges) };
}

function stats(nodes, edges) {
  const fanIn = new Map();
  const fanOut = new Map();
  for (const e of edges) {
    fanIn.set(e.target, (fanIn.get(e.target) ?? 0) + 1);
    fanOut.set(e.source, (fanOut.get(e.source) ?? 0) + 1);
  }
  return { V: nodes.length, E: edges.length, maxFanIn: Math.max(0, ...fanIn.values()), maxFanOut: Math.max(0, ...fanOut.values()) };
}

/**
 * The graph as Marquez returns it from GET /api/v1/lineage: nodeIds `dataset:<namespace>:<name>` and
 * `job:<namespace>:<name>`, DatasetData / JobData with names, namespaces and a few fields, and every edge in
 * both ends' edge lists.
 */
export function toMarquez(graph, namespace = 'bench') {
  const rename = new Map();
  for (const n of graph.nodes) {
    const [kind, i] = n.id.split(':');
    rename.set(n.id, kind === 'dataset' ? `dataset:${namespace}:warehouse.public.table_${i}` : `job:${namespace}:etl.transform_${i}`);
  }
  const inEdges = new Map();
  const outEdges = new Map();
  for (const n of graph.nodes) {
    inEdges.set(n.id, []);
    outEdges.set(n.id, []);
  }
  for (const e of graph.edges) {
    const edge = { origin: rename.get(e.source), destination: rename.get(e.target) };
    outEdges.get(e.source).push(edge);
    inEdges.get(e.target).push(edge);
  }
  return {
    graph: graph.nodes.map((n) => {
      const id = rename.get(n.id);
      const name = id.slice(id.indexOf(':', id.indexOf(':') + 1) + 1);
      const data =
        n.type === 'DATASET'
          ? {
              id: { namespace, name },
              type: 'DB_TABLE',
              name,
              namespace,
              fields: [
                { name: 'id', type: 'BIGINT' },
                { name: 'value', type: 'VARCHAR' },
              ],
            }
          : {
              id: { namespace, name },
              type: 'BATCH',
              name,
              simpleName: name,
              namespace,
              latestRun: { state: 'COMPLETED', durationMs: 60000 },
            };
      return { id, type: n.type, data, inEdges: inEdges.get(n.id), outEdges: outEdges.get(n.id) };
    }),
  };
}
