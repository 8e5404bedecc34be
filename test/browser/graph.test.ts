/**
 * The lineage graph webview in a real browser: the built bundle (dist/webview) served with the extension's own
 * page and Content Security Policy, a stub `acquireVsCodeApi`, and a dark set of `--vscode-*` variables.
 * Messages are posted in as VS Code would; assertions read what is drawn. Run `node scripts/build.mjs` first.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { graphHtml } from '../../extension/src/graph-html';
import type { GraphWebviewState, HostToWebviewMessage } from '../../server/src/protocol/webview';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'webview');
const RESULTS = join(ROOT, 'test-results');
const FIXTURE = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'lineage', 'orders-daily.json'), 'utf8')) as { graph: { id: string }[] };
const SOURCE = 'file:///work/lineage/orders-daily.json';

const RAW_ORDERS = 'dataset:s3://acme-datalake-raw:orders/daily';
const ORDERS = 'dataset:postgres://orders-db:5432:orders.public.orders';
const EXTRACT_ORDERS = 'job:airflow-prod:orders_daily.extract_orders';
const SPARK = 'job:spark-prod:orders_enrichment.execute_save_into_data_source_command.public_fct_orders';
const FCT = 'dataset:postgres://warehouse:5432:warehouse.public.fct_orders';
const BUILD = 'job:airflow-prod:orders_daily.build_daily_revenue';
const REVENUE = 'dataset:postgres://warehouse:5432:warehouse.public.daily_revenue';

/** VS Code's Dark Modern colours, as VS Code sets them on the webview's <html>. */
const DARK_THEME = `html {
  --vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif;
  --vscode-font-size: 13px;
  --vscode-editor-font-family: "Droid Sans Mono", "monospace", monospace;
  --vscode-editor-background: #1f1f1f;
  --vscode-editor-foreground: #cccccc;
  --vscode-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d;
  --vscode-sideBar-background: #181818;
  --vscode-panel-border: #2b2b2b;
  --vscode-editorWidget-background: #202020;
  --vscode-editorWidget-border: #313131;
  --vscode-focusBorder: #0078d4;
  --vscode-charts-foreground: #cccccc;
  --vscode-charts-lines: rgba(204, 204, 204, 0.5);
  --vscode-charts-red: #f14c4c;
  --vscode-charts-blue: #3794ff;
  --vscode-charts-yellow: #cca700;
  --vscode-charts-orange: #d18616;
  --vscode-charts-green: #89d185;
  --vscode-charts-purple: #b180d7;
  --vscode-errorForeground: #f85149;
  --vscode-textLink-foreground: #4daafc;
  --vscode-textCodeBlock-background: #2b2b2b;
  --vscode-button-secondaryBackground: #313131;
  --vscode-button-secondaryForeground: #cccccc;
  --vscode-button-secondaryHoverBackground: #3c3c3c;
  --vscode-button-border: rgba(255, 255, 255, 0.07);
}
`;

/** Fails with a clear message if the bundle is missing or older than the webview sources. */
function assertFreshBuild(): void {
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((t, e) => Math.max(t, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  let built: number;
  try {
    built = Math.min(statSync(join(DIST, 'main.js')).mtimeMs, statSync(join(DIST, 'main.css')).mtimeMs);
  } catch {
    throw new Error('dist/webview/main.js or main.css is missing: run `node scripts/build.mjs` first.');
  }
  const sources = Math.max(newest(join(ROOT, 'webview', 'src')), statSync(join(ROOT, 'server', 'src', 'protocol', 'webview.ts')).mtimeMs);
  if (sources > built) throw new Error('dist/webview is older than webview/src: run `node scripts/build.mjs` first.');
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

/** Serves the extension's page (with the theme added the way VS Code adds it) and dist/webview. */
function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      const origin = `http://${req.headers.host}`;
      const html = graphHtml({ cspSource: origin, scriptUri: `${origin}/main.js`, styleUri: `${origin}/main.css`, nonce: randomBytes(16).toString('base64'), title: 'Lineage: orders-daily.json' })
        .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme-dark.css">\n<link rel="stylesheet"`)
        .replace('<body>', '<body class="vscode-dark" data-vscode-theme-kind="vscode-dark">');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (url.pathname === '/theme-dark.css') {
      res.writeHead(200, { 'content-type': 'text/css' }).end(DARK_THEME);
    } else if (/^\/main\.(js|css)(\.map)?$/.test(url.pathname)) {
      res.writeHead(200, { 'content-type': TYPES[extname(url.pathname)] }).end(readFileSync(join(DIST, url.pathname.slice(1))));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/**
 * Stands in for VS Code: records posted messages, keeps the state across reloads (in sessionStorage), and
 * records CSP violations. A string, because the test runner's transpiler may add helpers to a function's
 * source that do not exist in the page.
 */
const STUB_VSCODE = `
  window.__posted = [];
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(m),
    getState: () => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null'),
    setState: (s) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
  });
`;

interface NodeInfo {
  id: string;
  classes: string[];
  x: number;
  y: number;
  width: number;
  height: number;
  /** The label's lines, joined. */
  label: string;
  lines: string[];
  sublabel: string;
  tooltip: string;
  /** Right end of the label and sublabel text, relative to the node. */
  textRight: number;
}

describe('lineage graph webview (Chromium)', function () {
  let browser: Browser;
  let server: Server;
  let origin: string;
  let page: Page;
  let problems: string[];

  before(async () => {
    assertFreshBuild();
    ({ server, origin } = await serve());
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(RESULTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function open(options: { stub?: boolean } = {}): Promise<Page> {
    const p = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    problems = [];
    p.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    if (options.stub !== false) await p.addInitScript({ content: STUB_VSCODE });
    await p.goto(origin);
    if (options.stub !== false) await p.waitForFunction(() => ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some((m) => m.type === 'ready'));
    return p;
  }

  async function post(p: Page, message: HostToWebviewMessage): Promise<void> {
    await p.evaluate((m) => window.postMessage(m, '*'), message);
  }

  async function showFixture(p: Page): Promise<void> {
    await post(p, { type: 'showGraph', graph: FIXTURE, title: 'orders-daily.json', source: SOURCE });
    await p.waitForSelector('g.node');
  }

  function nodes(p: Page): Promise<NodeInfo[]> {
    return p.$$eval('g.node', (gs) =>
      gs.map((g) => {
        const m = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(g.getAttribute('transform') ?? '')!;
        const rect = g.querySelector('rect.body')!;
        const label = g.querySelector<SVGTextContentElement>('text.label')!;
        const lines = Array.from(g.querySelectorAll<SVGTextContentElement>('text.label tspan'));
        const sublabel = g.querySelector<SVGTextContentElement>('text.sublabel')!;
        return {
          id: g.getAttribute('data-id')!,
          classes: Array.from(g.classList),
          x: Number(m[1]),
          y: Number(m[2]),
          width: Number(rect.getAttribute('width')),
          height: Number(rect.getAttribute('height')),
          label: label.textContent ?? '',
          lines: lines.map((l) => l.textContent ?? ''),
          sublabel: sublabel.textContent ?? '',
          tooltip: g.querySelector('title')?.textContent ?? '',
          textRight: Math.max(...[...lines, sublabel].map((t) => Number(t.getAttribute('x')) + t.getComputedTextLength())),
        };
      }),
    );
  }

  async function byId(p: Page): Promise<Map<string, NodeInfo>> {
    return new Map((await nodes(p)).map((n) => [n.id, n]));
  }

  beforeEach(async () => {
    page = await open();
  });

  afterEach(async function () {
    const csp = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => []);
    await page.close();
    assert.deepEqual([...problems, ...csp.map((c) => `CSP violation: ${c}`)], [], 'no console errors, page errors or CSP violations');
  });

  it('says it is loading until the host sends the graph, and asks for it with `ready`', async () => {
    assert.equal(await page.textContent('.ll-state h2'), 'Loading the lineage graph…');
    const posted = await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
    assert.deepEqual(posted, [{ type: 'ready' }]);
  });

  it('draws every job and dataset, with labels, namespaces and edges, left to right without overlaps', async () => {
    await showFixture(page);
    const drawn = await nodes(page);
    assert.equal(drawn.length, 13);
    assert.deepEqual(drawn.map((n) => n.id).sort(), FIXTURE.graph.map((n) => n.id).sort());
    assert.equal(drawn.filter((n) => n.classes.includes('job')).length, 5);
    assert.equal(drawn.filter((n) => n.classes.includes('dataset')).length, 8);
    const at = new Map(drawn.map((n) => [n.id, n]));
    assert.equal(at.get(RAW_ORDERS)!.label, 'orders/daily');
    assert.equal(at.get(RAW_ORDERS)!.sublabel, 's3://acme-datalake-raw');
    assert.equal(at.get(ORDERS)!.label, 'orders.public.orders');
    assert.equal(at.get(ORDERS)!.sublabel, 'postgres://orders-db:5432');
    assert.equal(at.get(EXTRACT_ORDERS)!.label, 'orders_daily.extract_orders');
    // A long name is broken after a dot; one too long for two lines loses the middle; the tooltip has it whole.
    assert.deepEqual(at.get(BUILD)!.lines, ['orders_daily.', 'build_daily_revenue']);
    const spark = at.get(SPARK)!;
    assert.deepEqual(spark.lines, ['orders_enrichment.', '…public_fct_orders']);
    assert.equal(spark.tooltip, 'Job orders_enrichment.execute_save_into_data_source_command.public_fct_orders\nspark-prod');
    // Jobs are boxes, datasets pills, each with its letter.
    const shape = (id: string) => page.$eval(`g.node[data-id="${id}"]`, (g) => [Number(g.querySelector('rect')!.getAttribute('rx')) / Number(g.querySelector('rect')!.getAttribute('height')), g.querySelector('.badge-letter')!.textContent]);
    assert.deepEqual(await shape(EXTRACT_ORDERS), [5 / at.get(EXTRACT_ORDERS)!.height, 'J']);
    assert.deepEqual(await shape(ORDERS), [0.5, 'D']);

    // 14 edges; the one to a job outside the response is not drawn.
    assert.equal(await page.locator('path.edge').count(), 14);
    for (const n of FIXTURE.graph as { id: string; outEdges: { destination: string }[] }[]) {
      for (const e of n.outEdges) {
        if (!at.has(e.destination)) continue;
        assert.ok(at.get(n.id)!.x + at.get(n.id)!.width < at.get(e.destination)!.x, `${n.id} → ${e.destination} runs left to right`);
      }
    }
    // No two nodes overlap, and every label fits in its node.
    for (const a of drawn) {
      assert.ok(a.textRight <= a.width - 8, `${a.id}: text overflows (${a.textRight} > ${a.width})`);
      for (const b of drawn) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        assert.ok(apart, `${a.id} overlaps ${b.id}`);
      }
    }
    // The details pane summarises the response.
    const summary = await page.textContent('.ll-details');
    assert.match(summary!, /orders-daily\.json/);
    assert.match(summary!, /5 jobs, 8 datasets; 14 edges\./);
    assert.match(summary!, /1 edge leads to nodes outside this response/);
    // Fitted: the whole graph is inside the SVG.
    const fitted = await page.evaluate(() => {
      const svg = document.querySelector('svg.ll-svg')!.getBoundingClientRect();
      const graph = document.querySelector('g.viewport')!.getBoundingClientRect();
      return graph.left >= svg.left && graph.right <= svg.right && graph.top >= svg.top && graph.bottom <= svg.bottom;
    });
    assert.ok(fitted, 'the graph fits in view on load');
    await page.screenshot({ path: join(RESULTS, 'webview-graph.png') });
  });

  it('selects a dataset on click: lists its fields and highlights its upstream and downstream', async () => {
    await showFixture(page);
    await page.click(`g.node[data-id="${RAW_ORDERS}"]`);
    await page.waitForSelector('.ll-details .ll-fields');
    const details = await page.$eval('.ll-details', (d) => ({
      name: d.querySelector('h2')!.textContent,
      props: Array.from(d.querySelectorAll('dt')).map((dt) => `${dt.textContent}: ${dt.nextElementSibling!.textContent}`),
      fields: Array.from(d.querySelectorAll('.ll-fields li')).map((li) => Array.from(li.children).map((c) => c.textContent).join(': ')),
      headings: Array.from(d.querySelectorAll('h3')).map((h) => h.textContent),
      links: Array.from(d.querySelectorAll('button.ll-link')).map((b) => b.textContent),
    }));
    assert.deepEqual(details, {
      name: 'orders/daily',
      props: ['Type: Dataset · DB_TABLE', 'Namespace: s3://acme-datalake-raw', 'Name: orders/daily', 'Description: Daily extract of orders, Parquet, partitioned by ds.'],
      fields: ['order_id: long', 'customer_id: long', 'order_total: decimal(12,2)', 'currency: string', 'status: string', 'created_at: timestamp', 'ds: date'],
      headings: ['Fields (7)', 'Written by (1)', 'Read by (2)'],
      links: ['orders_daily.extract_orders', 'orders_enrichment.execute_save_into_data_source_command.public_fct_orders', 'orders_daily.build_daily_revenue'],
    });

    const at = await byId(page);
    assert.deepEqual(at.get(RAW_ORDERS)!.classes.filter((c) => ['selected', 'upstream', 'downstream'].includes(c)), ['selected']);
    const withClass = (c: string) => [...at.values()].filter((n) => n.classes.includes(c)).map((n) => n.id).sort();
    assert.deepEqual(withClass('upstream'), [ORDERS, EXTRACT_ORDERS].sort());
    assert.deepEqual(withClass('downstream'), [SPARK, FCT, BUILD, REVENUE].sort());
    assert.equal(await page.locator('path.edge.upstream').count(), 2);
    assert.equal(await page.locator('path.edge.downstream').count(), 5);
    assert.equal(await page.getAttribute('svg.ll-svg', 'class'), 'll-svg has-selection');
    await page.screenshot({ path: join(RESULTS, 'webview-graph-selected.png') });

    // The state VS Code keeps for a reload names the file and the selection.
    const state = await page.evaluate(() => JSON.parse(sessionStorage.getItem('vscode-state')!)) as GraphWebviewState;
    assert.equal(state.source, SOURCE);
    assert.equal(state.selected, RAW_ORDERS);

    // A neighbour in the details pane selects that node; a click on the background clears the selection.
    await page.click(`.ll-details button.ll-link:has-text("orders_daily.extract_orders")`);
    assert.equal(await page.textContent('.ll-details h2'), 'orders_daily.extract_orders');
    await page.click('svg.ll-svg', { position: { x: 4, y: 890 } });
    assert.equal(await page.locator('g.node.selected').count(), 0);
    assert.equal(await page.locator('path.edge.upstream, path.edge.downstream').count(), 0);
  });

  it('selects with the keyboard and clears with Escape', async () => {
    await showFixture(page);
    await page.focus(`g.node[data-id="${BUILD}"]`);
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('g.node.selected', 'data-id'), BUILD);
    assert.match((await page.textContent('.ll-details'))!, /Reads \(3\)/);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('g.node.selected').count(), 0);
  });

  it('restores zoom and selection after the webview reloads', async () => {
    await showFixture(page);
    await page.click(`g.node[data-id="${FCT}"]`);
    await page.mouse.move(700, 450);
    await page.mouse.wheel(0, -300);
    await page.waitForFunction(() => (JSON.parse(sessionStorage.getItem('vscode-state') ?? '{}') as GraphWebviewState).transform?.k !== undefined);
    await page.waitForTimeout(200);
    const before = await page.getAttribute('g.viewport', 'transform');
    const saved = await page.evaluate(() => JSON.parse(sessionStorage.getItem('vscode-state')!)) as GraphWebviewState;
    assert.equal(saved.selected, FCT);

    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    await showFixture(page);
    assert.equal(await page.getAttribute('g.node.selected', 'data-id'), FCT);
    assert.equal(await page.getAttribute('g.viewport', 'transform'), before);

    // Another file starts fresh.
    await post(page, { type: 'showGraph', graph: FIXTURE, title: 'other.json', source: 'file:///work/lineage/other.json' });
    assert.equal(await page.locator('g.node.selected').count(), 0);
  });

  it('selects the focus node the host names', async () => {
    await post(page, { type: 'showGraph', graph: FIXTURE, title: 'orders-daily.json', source: SOURCE, focus: SPARK });
    await page.waitForSelector('g.node.selected');
    assert.equal(await page.getAttribute('g.node.selected', 'data-id'), SPARK);
  });

  it('shows an empty state for {"graph": []}', async () => {
    await post(page, { type: 'showGraph', graph: { graph: [] }, title: 'empty.json', source: 'file:///empty.json' });
    await page.waitForSelector('.ll-state.empty');
    assert.equal(await page.textContent('.ll-state h2'), 'This lineage response has no nodes.');
    assert.match((await page.textContent('.ll-state'))!, /"graph" in empty\.json is an empty list/);
    assert.match((await page.textContent('.ll-state pre'))!, /--data-urlencode 'nodeId=dataset:/);
    assert.equal(await page.locator('g.node').count(), 0);
    assert.ok(await page.isVisible('.ll-state'));
  });

  it('shows an error state with the model\'s message and what to do for {"nodes": []}', async () => {
    await post(page, { type: 'showGraph', graph: { nodes: [] }, title: 'nodes.json', source: 'file:///nodes.json' });
    await page.waitForSelector('.ll-state.error');
    assert.equal(await page.textContent('.ll-state h2'), 'nodes.json is not a Marquez lineage response.');
    assert.equal(await page.textContent('.ll-error-detail'), '"graph" is missing: expected {"graph": [...]} as returned by GET /api/v1/lineage. Its top-level keys are "nodes".');
    assert.match((await page.textContent('.ll-state'))!, /Open Lineage Graph from JSON File/);
    assert.ok(await page.isVisible('.ll-state'));
    await page.screenshot({ path: join(RESULTS, 'webview-graph-error.png') });
  });

  it('replaces a drawn graph with the host\'s error message', async () => {
    await showFixture(page);
    await post(page, { type: 'error', message: 'Cannot read orders-daily.json: file not found.' });
    await page.waitForSelector('.ll-state.error');
    assert.equal(await page.textContent('.ll-error-detail'), 'Cannot read orders-daily.json: file not found.');
    assert.equal(await page.locator('g.node').count(), 0);
  });

  it('shows markup in names as text, never as HTML', async () => {
    const evil = '<img src=x onerror="document.title=1">';
    const graph = {
      graph: [
        { id: `dataset:ns:${evil}`, type: 'DATASET', data: { name: evil, namespace: 'ns', fields: [{ name: `<b>${evil}</b>`, type: '<script>alert(1)</script>' }] }, inEdges: [], outEdges: [] },
      ],
    };
    await post(page, { type: 'showGraph', graph, title: `<i>${evil}</i>.json`, source: 'file:///evil.json' });
    await page.waitForSelector('g.node');
    await page.click('g.node');
    assert.equal(await page.locator('img, script:not([src]), b, i').count(), 0);
    assert.equal(await page.textContent('.ll-details h2'), evil);
    assert.equal(await page.textContent('.ll-field-name'), `<b>${evil}</b>`);
    assert.notEqual(await page.title(), '1');
  });

  it('runs outside VS Code without acquireVsCodeApi', async () => {
    await page.close();
    page = await open({ stub: false });
    await page.evaluate((graph) => window.postMessage({ type: 'showGraph', graph, title: 't.json', source: 'file:///t.json' }, '*'), FIXTURE);
    await page.waitForSelector('g.node');
    assert.equal(await page.locator('g.node').count(), 13);
  });
});
