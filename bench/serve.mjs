// Local lineage endpoint benchmark (issue 7, "Performance"): the endpoint (server/src/serve, bundled here with
// esbuild) runs in its own process; this process is the client.
// - ingest: events/s, one client posting sequentially, and 8 concurrent clients (each waits for its 201);
// - GET /lineage depth 2: p50/p95 over random job and dataset nodes, with 10k and 100k stored events;
// - start-up (store replay + index rebuild) at 10k and 100k events, and the server's RSS.
// The 10k/100k stores are generated files (the same events the ingest phase posts): a pipeline of jobs that
// each read two datasets written by earlier jobs and write one, START + COMPLETE per run, with schema, column
// lineage, nominal time and parent facets (about 1.6 KiB per event).
// Usage: node bench/serve.mjs [--sizes=10000,100000] [--ingest=4000] [--queries=300] [--json]
// Exit status: 1 if a target is missed by more than 2x; otherwise 0 (a smaller miss prints FAIL).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Targets of issue 7. */
export const SERVE_TARGETS = {
  ingest: { min: 2000, label: '≥ 2,000 events/s' },
  lineageP95: { max: 50, label: 'p95 ≤ 50 ms' },
  startup: { max: 2000, label: '≤ 2 s' },
};

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  if (!m) usage(`unexpected argument ${a}`);
  return [m[1], m[2] ?? true];
}));
function usage(message) {
  console.error(`bench/serve.mjs: ${message}\nUsage: node bench/serve.mjs [--sizes=10000,100000] [--ingest=4000] [--queries=300] [--json]`);
  process.exit(2);
}
const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) for (const k of Object.keys(args)) if (!['sizes', 'ingest', 'queries', 'json'].includes(k)) usage(`unknown option --${k}`);

// ---- events -----------------------------------------------------------------------------------------

const PRODUCER = 'https://github.com/apache/airflow/tree/providers-openlineage/2.6.0';
const facet = (name, body) => ({ _producer: PRODUCER, _schemaURL: `https://openlineage.io/spec/facets/1-0-0/${name}.json`, ...body });
const uuid = (i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const JOBS = 500;
const FIELDS = ['id', 'customer_id', 'amount', 'currency', 'created_at'];
const schema = facet('SchemaDatasetFacet', { fields: FIELDS.map((name) => ({ name, type: name === 'amount' ? 'DECIMAL(12,2)' : 'VARCHAR' })) });

/** Dataset written by job `j`; jobs read the outputs of two earlier jobs (or a source table). */
const outputOf = (j) => ({ namespace: 's3://bench-lake', name: `curated/table_${j}` });
function inputsOf(j) {
  const a = j >= 1 ? outputOf(j - 1) : { namespace: 'postgres://db:5432', name: 'shop.public.orders' };
  const b = j >= 7 ? outputOf((j * 31) % (j - 6)) : { namespace: 'postgres://db:5432', name: `shop.public.source_${j}` };
  return [a, b];
}

/** Event `i` of the generated history: run `i >> 1` of job `(i >> 1) % JOBS`, START then COMPLETE. */
export function benchEvent(i) {
  const run = i >> 1;
  const j = run % JOBS;
  const complete = (i & 1) === 1;
  const time = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
  const inputs = inputsOf(j);
  const output = outputOf(j);
  return {
    eventType: complete ? 'COMPLETE' : 'START',
    eventTime: time,
    producer: PRODUCER,
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: {
      runId: uuid(run),
      facets: {
        nominalTime: facet('NominalTimeRunFacet', { nominalStartTime: time }),
        parent: facet('ParentRunFacet', { run: { runId: uuid(1e9 + Math.floor(run / JOBS)) }, job: { namespace: 'bench', name: `dag_${j % 50}` } }),
      },
    },
    job: { namespace: 'bench', name: `dag_${j % 50}.task_${j}`, facets: { jobType: facet('JobTypeJobFacet', { processingType: 'BATCH', integration: 'AIRFLOW', jobType: 'TASK' }) } },
    inputs: inputs.map((d) => ({ ...d, facets: { schema } })),
    outputs: [{
      ...output,
      facets: {
        schema,
        ...(complete && {
          columnLineage: facet('ColumnLineageDatasetFacet', {
            fields: Object.fromEntries(FIELDS.map((f, k) => [f, { inputFields: [{ ...inputs[k % 2], field: f, transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] }] }])),
          }),
        }),
      },
    }],
  };
}

// ---- helpers ----------------------------------------------------------------------------------------

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { n: s.length, p50: round(q(0.5)), p95: round(q(0.95)), max: round(s[s.length - 1]) };
}
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Bundles the endpoint with a tiny entry that starts it and prints its URL and start-up figures. */
async function bundle(dir) {
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, `import { startLocalEndpoint } from ${JSON.stringify(join(ROOT, 'server/src/serve/index.ts'))};
startLocalEndpoint({ port: 0, dataDir: process.argv[2] }).then((e) => {
  process.stdout.write(JSON.stringify({ url: e.url, startup: e.startup, rssMB: Math.round(process.memoryUsage().rss / 1048576) }) + '\\n');
  process.on('message', (m) => { if (m === 'rss') process.send(Math.round(process.memoryUsage().rss / 1048576)); });
  process.on('SIGTERM', () => e.close().then(() => process.exit(0)));
}, (err) => { process.stderr.write(err.message + '\\n'); process.exit(1); });
`);
  const outfile = join(dir, 'serve-bench.cjs');
  await esbuild.build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', absWorkingDir: ROOT });
  return outfile;
}

async function startServer(script, dataDir) {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`the endpoint exited with ${code}`)));
  });
  const info = JSON.parse(line);
  return { proc, ...info, wallMs: round(performance.now() - t0), rss: () => new Promise((resolve) => { proc.once('message', resolve); proc.send('rss'); }) };
}

async function stopServer(server) {
  const done = new Promise((resolve) => server.proc.once('exit', resolve));
  server.proc.kill('SIGTERM');
  await done;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function httpCall(url, method, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(body);
    const req = request(url, { method, agent, headers: data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function ingest(url, total, clients, from) {
  let next = from;
  const bodies = Array.from({ length: total }, (_, k) => JSON.stringify(benchEvent(from + k)));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    for (;;) {
      const i = next++;
      if (i >= from + total) return;
      const { status, body } = await httpCall(`${url}/api/v1/lineage`, 'POST', bodies[i - from]);
      if (status !== 201) throw new Error(`POST answered ${status}: ${body}`);
    }
  }));
  return round(total / ((performance.now() - t0) / 1000), 0);
}

/** Writes a store of `n` generated events the way the endpoint writes them (one JSON line each). */
async function writeStore(dir, n) {
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(join(dir, 'events.jsonl'));
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const line = `${JSON.stringify(benchEvent(i))}\n`;
    bytes += line.length;
    if (!out.write(line)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
  return bytes;
}

async function lineageLatency(url, n, queries) {
  const runs = n >> 1;
  const jobs = Math.min(JOBS, runs);
  const samples = [];
  let nodes = 0;
  for (let q = 0; q < queries + 20; q++) {
    const j = (q * 7919) % jobs;
    const nodeId = q % 2 === 0 ? `job:bench:dag_${j % 50}.task_${j}` : `dataset:s3://bench-lake:curated/table_${j}`;
    const t0 = performance.now();
    const { status, body } = await httpCall(`${url}/api/v1/lineage?nodeId=${encodeURIComponent(nodeId)}&depth=2`, 'GET');
    const ms = performance.now() - t0;
    if (status !== 200) throw new Error(`GET /lineage ${nodeId} answered ${status}: ${body}`);
    if (q >= 20) {
      samples.push(ms);
      nodes += JSON.parse(body).graph.length;
    }
  }
  return { ...stats(samples), meanNodes: round(nodes / queries) };
}

// ---- run ----------------------------------------------------------------------------------------------

export async function runServeBench(options = {}) {
  const sizes = options.sizes ?? [10_000, 100_000];
  const ingestCount = options.ingest ?? 4000;
  const queries = options.queries ?? 300;
  const work = mkdtempSync(join(tmpdir(), 'lineage-lens-serve-bench-'));
  const records = { ingest: {}, sizes: {} };
  const rows = [];
  let hardFail = false;
  const row = (metric, value, target, unit) => {
    let result = '';
    if (target) {
      const ok = target.min !== undefined ? value >= target.min : value <= target.max;
      const bad = target.min !== undefined ? value < target.min / 2 : value > target.max * 2;
      result = ok ? 'PASS' : bad ? 'FAIL >2×' : 'FAIL';
      if (bad) hardFail = true;
    }
    rows.push([metric, `${value}${unit}`, target?.label ?? '', result]);
  };
  try {
    const script = await bundle(work);
    console.log(`Local lineage endpoint benchmark: Node ${process.version}; event ≈ ${Buffer.byteLength(JSON.stringify(benchEvent(1)))} bytes`);

    // Ingest into an empty store.
    const server = await startServer(script, join(work, 'ingest'));
    await ingest(server.url, 200, 1, 0); // warm-up
    const sequential = await ingest(server.url, ingestCount, 1, 200);
    const concurrent = await ingest(server.url, ingestCount * 2, 8, 200 + ingestCount);
    await stopServer(server);
    records.ingest = { sequential, concurrent8: concurrent, events: ingestCount };
    row(`ingest, 1 client (${ingestCount} events)`, sequential, SERVE_TARGETS.ingest, ' ev/s');
    row(`ingest, 8 concurrent clients (${ingestCount * 2} events)`, concurrent, SERVE_TARGETS.ingest, ' ev/s');

    for (const n of sizes) {
      const dir = join(work, `store-${n}`);
      const bytes = await writeStore(dir, n);
      const s = await startServer(script, dir);
      if (s.startup.events !== n) throw new Error(`the endpoint loaded ${s.startup.events} of ${n} events`);
      const latency = await lineageLatency(s.url, n, queries);
      const rss = await s.rss();
      await stopServer(s);
      records.sizes[n] = { fileMB: round(bytes / 1048576), startupMs: s.startup.ms, spawnToListenMs: s.wallMs, lineage: latency, rssMB: rss };
      const label = n >= 1000 ? `${n / 1000}k` : String(n);
      row(`start-up at ${label} events (${round(bytes / 1048576)} MB): replay + index`, s.startup.ms, n >= 100_000 ? SERVE_TARGETS.startup : undefined, ' ms');
      row(`  spawn → listening at ${label}`, s.wallMs, undefined, ' ms');
      row(`GET /lineage depth 2 at ${label}: p50`, latency.p50, undefined, ' ms');
      row(`GET /lineage depth 2 at ${label}: p95 (${latency.meanNodes} nodes avg)`, latency.p95, n >= 100_000 ? SERVE_TARGETS.lineageP95 : undefined, ' ms');
      row(`  server RSS at ${label}`, rss, undefined, ' MB');
    }
  } finally {
    agent.destroy();
    rmSync(work, { recursive: true, force: true });
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 6));
  console.log('');
  for (const r of [['Metric', 'Value', 'Target', 'Result'], ...rows]) console.log(r.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd());
  return { records, failed: hardFail };
}

if (isMain) {
  const sizes = typeof args.sizes === 'string' ? args.sizes.split(',').map(Number) : undefined;
  const result = await runServeBench({ sizes, ingest: args.ingest ? Number(args.ingest) : undefined, queries: args.queries ? Number(args.queries) : undefined });
  if (args.json) console.log(JSON.stringify(result.records));
  process.exit(result.failed ? 1 : 0);
}
