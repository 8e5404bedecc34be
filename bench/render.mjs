// Render benchmark of the lineage graph webview (docs/performance.md#render-benchmark), in headless Chromium with the
// real bundle (dist/webview) under the extension's page and Content Security Policy.
//
// Per graph size (synthetic "local" lineage, docs/performance.md#synthetic-lineage-graphs, in Marquez's
// response shape):
//   message → first frame (parse, text, worker layout, scene, draw), and "first render" as
//   docs/performance.md#render-targets defines it:
//   positions in hand (worker answered) → first frame; the worker's compute time and its round trip;
//   long tasks on the main thread while it loads (PerformanceObserver 'longtask');
//   2 s of panning and 2 s of zooming at "fit" (everything in view), and 2 s of panning at "detail" (zoom 1),
//   driven once per frame through d3-zoom: requestAnimationFrame intervals p50/p95/max, the view's own draw
//   time per frame, long animation frames; select → highlight drawn; JS heap and DOM size (CDP).
//
// Runs under `node --import tsx` (it imports extension/src/graph-html.ts). Standalone:
//   node --import tsx bench/render.mjs [--sizes=1000,5000,20000] [--seconds=2]
// The functions passed to page.evaluate run in the page, with its globals:
/* global window, document, requestAnimationFrame, MouseEvent */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { generate, toMarquez } from './layout-graphs.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'webview');

const THEME = `html {
  --vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif; --vscode-font-size: 13px;
  --vscode-editor-background: #1f1f1f; --vscode-editor-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d;
  --vscode-sideBar-background: #181818; --vscode-editorWidget-background: #202020; --vscode-editorWidget-border: #313131;
  --vscode-focusBorder: #0078d4; --vscode-charts-lines: rgba(204, 204, 204, 0.5); --vscode-charts-blue: #3794ff;
  --vscode-charts-green: #89d185; --vscode-charts-orange: #d18616; --vscode-charts-yellow: #cca700; --vscode-charts-purple: #b180d7;
}`;

const round = (x, d = 1) => (x == null || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

function quantiles(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => (s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : null);
  return { n: s.length, p50: round(q(0.5)), p95: round(q(0.95)), max: round(s[s.length - 1]) };
}

async function serve() {
  const { graphHtml } = await import(pathToFileURL(join(ROOT, 'extension', 'src', 'graph-html.ts')).href);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://${req.headers.host}`;
    if (url.pathname === '/') {
      const html = graphHtml({
        cspSource: origin,
        scriptUri: `${origin}/main.js`,
        styleUri: `${origin}/main.css`,
        nonce: 'YmVuY2htYXJr',
        title: 'bench',
      })
        .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme.css">\n<link rel="stylesheet"`)
        .replace('<body>', '<body class="vscode-dark">');
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    } else if (url.pathname === '/theme.css') res.writeHead(200, { 'content-type': 'text/css' }).end(THEME);
    else if (url.pathname === '/main.js' || url.pathname === '/main.css')
      res
        .writeHead(200, { 'content-type': url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css' })
        .end(readFileSync(join(DIST, url.pathname.slice(1))));
    else res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** In the page: long tasks, long animation frames, and a graph arrives through a string (as VS Code's IPC does). */
const INSTRUMENT = `
  window.__longTasks = [];
  window.__loaf = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__loaf.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'long-animation-frame', buffered: true }); } catch {}
  window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return null; }, setState() {} });
`;

/** Drives `step(i)` once per frame for `ms`, recording frame intervals and the view's draw time per frame. */
const DRIVE = `async (kind, ms) => {
  const api = window.__lineageLens;
  const intervals = [];
  const draws = [];
  let last = performance.now();
  const end = last + ms;
  let i = 0;
  await new Promise((resolve) => {
    const frame = (now) => {
      intervals.push(now - last);
      last = now;
      const d = api.stats().draw;
      if (d) draws.push(d.ms);
      if (kind === 'pan') api.panZoom(i % 120 < 60 ? 4 : -4, i % 240 < 120 ? 2 : -2, 1);
      else api.panZoom(0, 0, i % 60 < 30 ? 1.015 : 1 / 1.015);
      i++;
      if (now < end) requestAnimationFrame(frame); else resolve();
    };
    requestAnimationFrame((now) => { last = now; requestAnimationFrame(frame); });
  });
  return { intervals: intervals.slice(1), draws };
}`;

async function measure(browser, origin, n, seconds) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript({ content: INSTRUMENT });
  await page.goto(origin);
  await page.waitForFunction(() => window.__lineageLens !== undefined);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const graph = toMarquez(generate({ n, shape: 'local', seed: 1 }));
  const text = JSON.stringify({ type: 'showGraph', graph, title: `local-${n}.json`, source: `file:///bench/local-${n}.json` });
  // The message is built in the page from a string, outside the measured window, then posted like VS Code posts.
  await page.evaluate((t) => (window.__pending = JSON.parse(t)), text);
  const load = await page.evaluate(async () => {
    const t0 = performance.now();
    window.__longTasks.length = 0;
    window.postMessage(window.__pending, '*');
    const api = window.__lineageLens;
    await new Promise((resolve) => {
      const poll = () =>
        api.stats().generation > 0 && performance.getEntriesByName('ll:frame').length > 0 ? resolve() : requestAnimationFrame(poll);
      poll();
    });
    const frame = performance.getEntriesByName('ll:frame').at(-1).startTime;
    const layoutEnd = performance.getEntriesByName('ll:layout-end').at(-1).startTime;
    const layoutStart = performance.getEntriesByName('ll:layout-start').at(-1).startTime;
    const info = api.info();
    return {
      messageToFrameMs: frame - t0,
      beforeLayoutMs: layoutStart - t0,
      firstRenderMs: frame - layoutEnd,
      layoutComputeMs: info.layout.computeMs,
      layoutRoundTripMs: info.layout.totalMs,
      layoutMode: info.layoutMode,
      longTasks: window.__longTasks.filter((t) => t.start >= t0 - 1).map((t) => t.duration),
      longTaskTimes: window.__longTasks.filter((t) => t.start >= t0 - 1).map((t) => [Math.round(t.start - t0), Math.round(t.duration)]),
      marks: ['ll:show', 'll:layout-start', 'll:layout-end', 'll:frame'].map((m) => [
        m,
        Math.round(performance.getEntriesByName(m).at(-1).startTime - t0),
      ]),
      nodes: info.nodes.length,
      edges: info.edges.length,
      fitK: info.transform.k,
    };
  });
  const drive = async (kind) => {
    await page.evaluate(() => (window.__loaf.length = 0));
    const r = await page.evaluate(`(${DRIVE})(${JSON.stringify(kind)}, ${seconds * 1000})`);
    const loaf = await page.evaluate(() => window.__loaf.map((e) => e.duration));
    return {
      frame: quantiles(r.intervals),
      draw: quantiles(r.draws),
      droppedFrames: r.intervals.filter((x) => x > 20).length,
      longAnimationFrames: loaf.length,
      fps: round(r.intervals.length / seconds, 1),
    };
  };
  // "Fit" here is the whole graph in view (the Fit button stops at legible labels: graph-view.ts).
  await page.evaluate(() => window.__lineageLens.fitAll());
  const fitPan = await drive('pan');
  await page.evaluate(() => window.__lineageLens.fitAll());
  const fitZoom = await drive('zoom');
  // Detail: zoom 1 around the middle of the graph.
  await page.evaluate(() => {
    const api = window.__lineageLens;
    const nodes = api.info().nodes;
    const mid = nodes[Math.floor(nodes.length / 2)];
    api.setTransform({ x: 600 - mid.x, y: 450 - mid.y, k: 1 });
  });
  const detailPan = await drive('pan');
  const detailLabels = await page.evaluate(() => window.__lineageLens.info().draw.labels);
  // Select → highlight drawn (after the fit has settled into sharp bitmaps).
  await page.evaluate(() => window.__lineageLens.fitAll());
  await page.waitForTimeout(400);
  const highlightMs = await page.evaluate(async () => {
    const api = window.__lineageLens;
    const nodes = api.info().nodes;
    const target = nodes.reduce((best, n) => (n.layer === nodes[Math.floor(nodes.length / 2)].layer ? n : best), nodes[0]);
    const x = target.screen.x + target.screen.width / 2;
    const y = target.screen.y + target.screen.height / 2;
    const t0 = performance.now();
    document.querySelector('.ll-surface').dispatchEvent(new MouseEvent('click', { clientX: x, clientY: y, bubbles: true }));
    // Until a frame has drawn the selection (not a scaled stand-in), then the frame after it.
    await new Promise((resolve) => {
      const poll = () =>
        api.stats().selected !== undefined && api.stats().draw.mode !== 'scaled'
          ? requestAnimationFrame(resolve)
          : requestAnimationFrame(poll);
      requestAnimationFrame(poll);
    });
    return performance.now() - t0;
  });
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  await page.close();
  return {
    n,
    ...load,
    longTasks: {
      count: load.longTasks.length,
      maxMs: round(Math.max(0, ...load.longTasks)),
      over50: load.longTasks.filter((d) => d > 50).length,
    },
    fitPan,
    fitZoom,
    detailPan,
    detailLabels,
    highlightMs: round(highlightMs),
    jsHeapMB: round(metrics.JSHeapUsedSize / 1048576),
    domNodes: metrics.Nodes,
    errors,
  };
}

/** Runs the render benchmark; returns one record per size. */
export async function runRenderBench({ sizes = [1000, 5000, 20000], seconds = 2, log = () => {} } = {}) {
  const { server, origin } = await serve();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const records = [];
  try {
    for (const n of sizes) {
      log(`  render ${n.toLocaleString('en-US')} nodes … `);
      const r = await measure(browser, origin, n, seconds);
      records.push({ ...r, chromium: browser.version() });
      log('done\n');
    }
  } finally {
    await browser.close();
    server.close();
  }
  return records;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
  const sizes = (args.sizes ?? '1000,5000,20000').split(',').map(Number);
  const records = await runRenderBench({ sizes, seconds: Number(args.seconds ?? 2), log: (s) => process.stderr.write(s) });
  for (const r of records) process.stdout.write(`${JSON.stringify(r)}\n`);
}
