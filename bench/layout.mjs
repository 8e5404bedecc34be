// Lineage graph benchmark (docs/performance.md#benchmark-plan): the webview's layout against elkjs configured as
// Marquez configures it and against @dagrejs/dagre, in the same run, as ratios; then first render, pan/zoom frames
// and long tasks in headless Chromium (bench/render.mjs). A table with PASS/FAIL against the targets
// (docs/performance.md#targets), and JSON lines in bench/results.
//
//   node bench/layout.mjs [--sizes=1000,5000,20000] [--peer-limit=60] [--no-peers] [--no-render] [--seconds=2]
//   npm run bench runs it after the language-server benchmark (bench/run.mjs).
//
// Every layout runs in its own Node process (bench/layout-peer.mjs) on the same seeded graph; a peer that runs
// past the limit is killed and reported as "timeout", and is not started again on a larger graph.
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HERE = join(ROOT, 'bench');

/** Targets (docs/performance.md#layout-targets, #render-targets). Layout: median and p95 per size; render: per size. */
const LAYOUT_TARGETS = { 1000: { p50: 50, p95: 100 }, 5000: { p50: 250, p95: 400 }, 20000: { p50: 1500, p95: 2500 } };
const STRESS_TARGETS = { 1000: 100, 5000: 500, 20000: 3000 };
const FIRST_RENDER = { 1000: 100, 5000: 300, 20000: 1000 };
const FIT_FRAME = { 1000: 16.7, 5000: 16.7, 20000: 33 };
const DETAIL_FRAME = 16.7;
/** rAF timestamps jitter around the 16.67 ms vsync interval by a few tenths: a frame is on time within this. */
const VSYNC_JITTER = 0.5;
const HEAP_MB = { 1000: 30, 5000: 60, 20000: 200 };

const fmtMs = (x) => (x == null ? '—' : x >= 1000 ? `${Math.round(x).toLocaleString('en-US')} ms` : `${x.toFixed(1)} ms`);

/** Runs one measurement process; resolves with its JSON line, `{ timeout }` past the limit, or `{ error }`. */
function child(args, { tsx = false, limitS = 120, memoryMB = 6144 } = {}) {
  return new Promise((resolve) => {
    const nodeArgs = [`--max-old-space-size=${memoryMB}`, ...(tsx ? ['--import', 'tsx'] : []), ...args];
    const proc = spawn(process.execPath, nodeArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      proc.kill('SIGKILL');
    }, limitS * 1000);
    proc.stdout.on('data', (c) => (out += c));
    proc.stderr.on('data', (c) => (err += c));
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ timeout: true, limitS });
      const lines = out.trim().split('\n').filter(Boolean);
      try {
        resolve(lines.map((l) => JSON.parse(l)));
      } catch {
        resolve({ error: `exit ${code ?? signal}: ${(err || out).trim().split('\n').slice(-3).join(' ')}`.slice(0, 300) });
      }
    });
  });
}

function env() {
  let sha = 'nogit';
  let dirty = false;
  try {
    sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
  } catch {
    // not a git checkout
  }
  const packages = {};
  for (const p of ['elkjs', '@dagrejs/dagre', 'playwright-core', 'd3']) {
    try {
      packages[p] = JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8')).version;
    } catch {
      packages[p] = null;
    }
  }
  return {
    date: new Date().toISOString(),
    sha,
    dirty,
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model?.trim(),
    packages,
  };
}

/** Runs the layout and render benchmarks, prints the table, appends JSON lines to `out`; returns an error message on a >2× miss. */
export async function runGraphBench({
  out,
  environment,
  sizes = [1000, 5000, 20000],
  peerLimitS = Number(process.env.BENCH_PEER_LIMIT_S ?? 60),
  peers = true,
  render = true,
  seconds = 2,
  log = (s) => process.stdout.write(s),
} = {}) {
  const e = environment ?? env();
  log(
    `\nLineage graph benchmark: layout (ours vs elkjs as Marquez configures it vs @dagrejs/dagre, ${peerLimitS} s limit per peer run), render in headless Chromium\n`,
  );
  const records = [];
  const layout = {};
  for (const n of sizes) {
    log(`  layout ${n.toLocaleString('en-US')} ours … `);
    const [ours] = await child([join(HERE, 'layout-peer.mjs'), 'ours', 'local', String(n), '5'], { tsx: true, limitS: 120 });
    layout[n] = { ours };
    log('done\n');
  }
  const extra = {};
  for (const [shape, n] of [
    ['stress', 1000],
    ['stress', 5000],
    ['stress', 20000],
    ['chain', 20000],
    ['fanout', 5000],
    ['cyclic', 5000],
  ]) {
    if (!sizes.includes(n)) continue;
    log(`  layout ${n.toLocaleString('en-US')} ${shape} ours … `);
    const [r] = await child([join(HERE, 'layout-peer.mjs'), 'ours', shape, String(n), '3'], { tsx: true, limitS: 120 });
    extra[`${shape}-${n}`] = r;
    log('done\n');
  }
  if (peers) {
    for (const engine of ['elk', 'dagre']) {
      let overAt;
      for (const n of sizes) {
        if (overAt !== undefined) {
          layout[n][engine] = {
            timeout: true,
            limitS: peerLimitS,
            skipped: `not run: over the limit at ${overAt.toLocaleString('en-US')}`,
          };
          continue;
        }
        log(`  layout ${n.toLocaleString('en-US')} ${engine === 'elk' ? 'elkjs (Marquez options)' : '@dagrejs/dagre'} … `);
        const r = await child([join(HERE, 'layout-peer.mjs'), engine, 'local', String(n)], { limitS: peerLimitS });
        const result = Array.isArray(r) ? r[0] : r;
        layout[n][engine] = result;
        if (result.timeout) overAt = n;
        log(result.timeout ? `timeout (> ${peerLimitS} s)\n` : result.error ? `error: ${result.error}\n` : 'done\n');
      }
    }
  }
  let renders = [];
  if (render) {
    log('  render (headless Chromium, bench/render.mjs) … ');
    const r = await child([join(HERE, 'render.mjs'), `--sizes=${sizes.join(',')}`, `--seconds=${seconds}`], {
      tsx: true,
      limitS: 600,
      memoryMB: 4096,
    });
    renders = Array.isArray(r) ? r : [];
    log(Array.isArray(r) ? 'done\n' : `failed: ${r.error ?? 'timeout'}\n`);
    if (!Array.isArray(r)) renders.error = r.error ?? 'timeout';
  }

  // ---- table ----
  const rows = [];
  let hardMiss = [];
  const verdict = (value, max, label) => {
    if (value == null) return '';
    if (value <= max) return 'PASS';
    if (value <= 2 * max) return 'FAIL';
    hardMiss.push(label);
    return 'FAIL >2×';
  };
  const row = (what, metric, p50, value, target, result) => rows.push([what, metric, p50, value, target, result]);
  for (const n of sizes) {
    const o = layout[n].ours;
    const name = `layout ${n / 1000}k`;
    if (!o || o.error) {
      row(name, 'ours', '', o?.error ?? 'no result', '', 'FAIL');
      hardMiss.push(`${name} ours`);
      continue;
    }
    const t = LAYOUT_TARGETS[n];
    row(
      name,
      `ours, median of ${o.layoutMs.runs} (V ${o.n}, E ${o.E})`,
      fmtMs(o.layoutMs.median),
      fmtMs(o.layoutMs.p95),
      t ? `≤ ${t.p50} / ${t.p95} ms` : '',
      t ? [verdict(o.layoutMs.median, t.p50, `${name} median`), verdict(o.layoutMs.p95, t.p95, `${name} p95`)].sort().pop() : '',
    );
    row(
      name,
      `  quality: ${o.quality.layers} layers, ${o.quality.dummies.toLocaleString('en-US')} dummies, ${o.quality.crossings.toLocaleString('en-US')} crossings`,
      '',
      `${o.peakRssMB} MB RSS`,
      '',
      '',
    );
    for (const engine of ['elk', 'dagre']) {
      const p = layout[n][engine];
      if (!p) continue;
      const label = engine === 'elk' ? 'elkjs 0.12, Marquez options (+ its O(n²) matching)' : '@dagrejs/dagre 3 defaults';
      if (p.timeout && p.skipped) row(name, label, '', 'timeout', 'ratio', p.skipped);
      else if (p.timeout)
        row(
          name,
          label,
          '',
          `timeout > ${p.limitS} s`,
          'ratio',
          `> ${Math.round((p.limitS * 1000) / o.layoutMs.median).toLocaleString('en-US')}× slower`,
        );
      else if (p.error) row(name, label, '', `error: ${p.error.slice(0, 60)}`, 'ratio', '—');
      else {
        const total = p.totalMs ?? p.layoutMs.median;
        row(name, label, '', fmtMs(total), 'ratio', `${Math.round(total / o.layoutMs.median).toLocaleString('en-US')}× slower`);
      }
    }
  }
  for (const [key, r] of Object.entries(extra)) {
    const [shape, nText] = key.split('-');
    const n = Number(nText);
    const target = shape === 'stress' ? STRESS_TARGETS[n] : LAYOUT_TARGETS[n]?.p50;
    if (!r || r.error) row(`layout ${n / 1000}k`, `ours, ${shape} shape`, '', r?.error ?? 'no result', '', 'FAIL');
    else
      row(
        `layout ${n / 1000}k`,
        `ours, ${shape} shape (E ${r.E}, ${r.quality.dummies.toLocaleString('en-US')} dummies)`,
        fmtMs(r.layoutMs.median),
        fmtMs(r.layoutMs.p95),
        target ? `≤ ${target} ms` : '',
        target ? verdict(r.layoutMs.median, target, `${shape} ${n}`) : '',
      );
  }
  for (const r of renders) {
    const name = `render ${r.n / 1000}k`;
    const frame = (m, target) => verdict(m.frame.p95 == null ? null : Math.max(0, m.frame.p95 - VSYNC_JITTER), target, `${name} frame`);
    row(name, `worker layout: compute / round trip (${r.layoutMode})`, fmtMs(r.layoutComputeMs), fmtMs(r.layoutRoundTripMs), '', '');
    row(
      name,
      'first render: positions in hand → first frame',
      '',
      fmtMs(r.firstRenderMs),
      `≤ ${FIRST_RENDER[r.n]} ms`,
      verdict(r.firstRenderMs, FIRST_RENDER[r.n], `${name} first render`),
    );
    row(name, 'message → first frame (parse, labels, layout, draw)', '', fmtMs(r.messageToFrameMs), '', '');
    row(
      name,
      `long tasks while loading (${r.longTasks.count}, ${r.longTasks.over50} over 50 ms): longest`,
      '',
      fmtMs(r.longTasks.maxMs),
      '≤ 50 ms',
      verdict(r.longTasks.maxMs, 50, `${name} long task`),
    );
    row(
      name,
      `pan at fit: frame interval (${r.fitPan.fps} fps, ${r.fitPan.droppedFrames} dropped)`,
      fmtMs(r.fitPan.frame.p50),
      fmtMs(r.fitPan.frame.p95),
      `≤ ${FIT_FRAME[r.n]} ms`,
      frame(r.fitPan, FIT_FRAME[r.n]),
    );
    row(
      name,
      `zoom at fit: frame interval (${r.fitZoom.fps} fps, ${r.fitZoom.droppedFrames} dropped)`,
      fmtMs(r.fitZoom.frame.p50),
      fmtMs(r.fitZoom.frame.p95),
      `≤ ${FIT_FRAME[r.n]} ms`,
      frame(r.fitZoom, FIT_FRAME[r.n]),
    );
    row(
      name,
      `pan at zoom 1: frame interval (${r.detailPan.fps} fps, ${r.detailPan.droppedFrames} dropped)`,
      fmtMs(r.detailPan.frame.p50),
      fmtMs(r.detailPan.frame.p95),
      `≤ ${DETAIL_FRAME} ms`,
      frame(r.detailPan, DETAIL_FRAME),
    );
    row(name, 'our draw time per frame at fit (JS)', fmtMs(r.fitPan.draw.p50), fmtMs(r.fitPan.draw.p95), '', '');
    row(
      name,
      'select → lineage highlighted on screen',
      '',
      fmtMs(r.highlightMs),
      '≤ 100 ms',
      verdict(r.highlightMs, 100, `${name} highlight`),
    );
    row(
      name,
      `JS heap (MB) / live DOM nodes ${r.domNodes}`,
      '',
      String(r.jsHeapMB),
      `≤ ${HEAP_MB[r.n]} MB, ≤ 3,000 nodes`,
      [verdict(r.jsHeapMB, HEAP_MB[r.n], `${name} heap`), verdict(r.domNodes, 3000, `${name} DOM`)].sort().pop(),
    );
    if (r.errors?.length) {
      row(name, `page errors: ${r.errors.join('; ').slice(0, 80)}`, '', '', '', 'FAIL');
      hardMiss.push(`${name} page errors`);
    }
  }
  if (renders.error) {
    row('render', `did not run: ${renders.error}`, '', '', '', 'FAIL');
    hardMiss.push('render');
  }
  const header = ['Benchmark', 'Metric', 'p50', 'p95 / value', 'Target', 'Result'];
  const table = [header, ...rows.map((r) => r.map((c) => String(c ?? '')))];
  const widths = header.map((_, i) => Math.max(...table.map((cells) => cells[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  let last = '';
  for (const cells of table.slice(1)) {
    log(`${line([cells[0] === last ? '' : cells[0], ...cells.slice(1)])}\n`);
    last = cells[0];
  }
  log(
    `Frame intervals are requestAnimationFrame deltas at 60 Hz; a frame within ${VSYNC_JITTER} ms of the target counts as on time (timer jitter), a dropped frame shows as ~33 ms.\n`,
  );

  for (const n of sizes) records.push({ ...e, kind: 'layout', shape: 'local', n, ...layout[n] });
  for (const [key, r] of Object.entries(extra))
    records.push({ ...e, kind: 'layout', shape: key.split('-')[0], n: Number(key.split('-')[1]), ours: r });
  for (const r of renders) records.push({ ...e, kind: 'render', ...r });
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    appendFileSync(out, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    log(`Graph results appended to ${out.slice(ROOT.length + 1)}\n`);
  }
  return hardMiss.length > 0 ? `lineage graph benchmark: missed by more than 2×: ${hardMiss.join(', ')}` : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = Object.fromEntries(
    process.argv.slice(2).map((a) => {
      const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
      if (!m) throw new Error(`unexpected argument ${a}`);
      return [m[1], m[2] ?? true];
    }),
  );
  const environment = env();
  const out = join(ROOT, 'bench', 'results', `${environment.date.slice(0, 10)}-${environment.sha}.jsonl`);
  const failure = await runGraphBench({
    out,
    environment,
    sizes: (args.sizes ?? '1000,5000,20000').split(',').map(Number),
    peerLimitS: Number(args['peer-limit'] ?? process.env.BENCH_PEER_LIMIT_S ?? 60),
    peers: !args['no-peers'],
    render: !args['no-render'],
    seconds: Number(args.seconds ?? 2),
  });
  if (failure) console.error(`\nFAILED: ${failure}`);
  process.exit(failure ? 1 : 0);
}
