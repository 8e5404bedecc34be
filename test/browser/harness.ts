/**
 * The lineage graph webview in a real browser: the built bundle (dist/webview) served with the extension's own
 * page and Content Security Policy (graph-html.ts, so the layout worker must start under `worker-src blob:`),
 * a stub `acquireVsCodeApi`, and a set of `--vscode-*` variables per theme kind, applied the way VS Code does.
 * Messages are posted in as VS Code would; assertions read what is drawn: the DOM for overlay nodes and the
 * panel, `window.__lineageLens.info()` (the hit-test model) and canvas pixels for canvas-drawn nodes.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { graphHtml } from '../../extension/src/graph-html';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../protocol/webview';
import type { DebugInfo } from '../../webview/src/debug-info';
import { ROOT } from './fixtures';

export const DIST = join(ROOT, 'dist', 'webview');
export const RESULTS = join(ROOT, 'test-results');

export type ThemeKind = 'dark' | 'light' | 'high-contrast';

/** VS Code's Dark Modern, Light Modern and Dark High Contrast colours for the variables the webview uses. */
const THEMES: Record<ThemeKind, Record<string, string>> = {
  dark: {
    'editor-background': '#1f1f1f',
    'editor-foreground': '#cccccc',
    foreground: '#cccccc',
    descriptionForeground: '#9d9d9d',
    'sideBar-background': '#181818',
    'panel-border': '#2b2b2b',
    'editorWidget-background': '#202020',
    'editorWidget-border': '#313131',
    'widget-shadow': 'rgba(0, 0, 0, 0.36)',
    focusBorder: '#0078d4',
    'charts-foreground': '#cccccc',
    'charts-lines': 'rgba(204, 204, 204, 0.5)',
    'charts-red': '#f14c4c',
    'charts-blue': '#3794ff',
    'charts-yellow': '#cca700',
    'charts-orange': '#d18616',
    'charts-green': '#89d185',
    'charts-purple': '#b180d7',
    errorForeground: '#f85149',
    'textLink-foreground': '#4daafc',
    'textCodeBlock-background': '#2b2b2b',
    'button-background': '#0078d4',
    'button-foreground': '#ffffff',
    'button-secondaryBackground': '#313131',
    'button-secondaryForeground': '#cccccc',
    'button-secondaryHoverBackground': '#3c3c3c',
    'button-border': 'rgba(255, 255, 255, 0.07)',
    'toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)',
    'input-background': '#313131',
    'input-foreground': '#cccccc',
    'input-border': '#3c3c3c',
    'input-placeholderForeground': '#989898',
    'dropdown-background': '#313131',
    'dropdown-foreground': '#cccccc',
    'dropdown-border': '#3c3c3c',
    'menu-background': '#1f1f1f',
    'menu-foreground': '#cccccc',
    'editorHoverWidget-background': '#202020',
    'editorHoverWidget-foreground': '#cccccc',
    'editorHoverWidget-border': '#454545',
    'editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.33)',
    'testing-iconPassed': '#73c991',
    'testing-iconFailed': '#f14c4c',
    'testing-iconSkipped': '#848484',
    'progressBar-background': '#0078d4',
    'symbolIcon-keywordForeground': '#569cd6',
    'symbolIcon-functionForeground': '#b180d7',
    'debugTokenExpression-string': '#ce9178',
    'debugTokenExpression-number': '#b5cea8',
    'debugTokenExpression-name': '#c586c0',
  },
  light: {
    'editor-background': '#ffffff',
    'editor-foreground': '#3b3b3b',
    foreground: '#3b3b3b',
    descriptionForeground: '#616161',
    'sideBar-background': '#f8f8f8',
    'panel-border': '#e5e5e5',
    'editorWidget-background': '#f8f8f8',
    'editorWidget-border': '#c8c8c8',
    'widget-shadow': 'rgba(0, 0, 0, 0.16)',
    focusBorder: '#005fb8',
    'charts-foreground': '#616161',
    'charts-lines': 'rgba(97, 97, 97, 0.5)',
    'charts-red': '#e51400',
    'charts-blue': '#1a85ff',
    'charts-yellow': '#bf8803',
    'charts-orange': '#d18616',
    'charts-green': '#388a34',
    'charts-purple': '#652d90',
    errorForeground: '#f85149',
    'textLink-foreground': '#005fb8',
    'textCodeBlock-background': '#f8f8f8',
    'button-background': '#005fb8',
    'button-foreground': '#ffffff',
    'button-secondaryBackground': '#e5e5e5',
    'button-secondaryForeground': '#3b3b3b',
    'button-secondaryHoverBackground': '#cccccc',
    'toolbar-hoverBackground': 'rgba(184, 184, 184, 0.31)',
    'input-background': '#ffffff',
    'input-foreground': '#3b3b3b',
    'input-border': '#cecece',
    'input-placeholderForeground': '#767676',
    'dropdown-background': '#ffffff',
    'dropdown-foreground': '#3b3b3b',
    'dropdown-border': '#cecece',
    'editorHoverWidget-background': '#f8f8f8',
    'editorHoverWidget-foreground': '#3b3b3b',
    'editorHoverWidget-border': '#c8c8c8',
    'testing-iconPassed': '#388a34',
    'testing-iconFailed': '#e51400',
    'progressBar-background': '#005fb8',
    'symbolIcon-keywordForeground': '#0000ff',
    'debugTokenExpression-string': '#a31515',
    'debugTokenExpression-number': '#098658',
  },
  'high-contrast': {
    'editor-background': '#000000',
    'editor-foreground': '#ffffff',
    foreground: '#ffffff',
    descriptionForeground: 'rgba(255, 255, 255, 0.7)',
    'sideBar-background': '#000000',
    'editorWidget-background': '#0c141f',
    contrastBorder: '#6fc3df',
    contrastActiveBorder: '#f38518',
    focusBorder: '#f38518',
    'charts-lines': 'rgba(255, 255, 255, 0.5)',
    'charts-blue': '#3794ff',
    'charts-yellow': '#ffd700',
    'charts-orange': '#d18616',
    'charts-green': '#89d185',
    'charts-purple': '#b180d7',
    errorForeground: '#f48771',
    'textLink-foreground': '#21a6ff',
    'button-background': '#000000',
    'button-foreground': '#ffffff',
    'button-border': '#6fc3df',
    'input-background': '#000000',
    'input-foreground': '#ffffff',
    'input-border': '#6fc3df',
    'dropdown-background': '#000000',
    'dropdown-foreground': '#ffffff',
    'dropdown-border': '#6fc3df',
    'testing-iconPassed': '#73c991',
    'testing-iconFailed': '#f14c4c',
  },
};

function themeCss(kind: ThemeKind): string {
  const vars = Object.entries(THEMES[kind]).map(([k, v]) => `  --vscode-${k}: ${v};`);
  return `html {\n  --vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif;\n  --vscode-font-size: 13px;\n  --vscode-editor-font-family: "Droid Sans Mono", "monospace", monospace;\n${vars.join('\n')}\n}\n`;
}

/** The background each theme paints, as the canvas should. */
export const BACKGROUND: Record<ThemeKind, [number, number, number]> = {
  dark: [31, 31, 31],
  light: [255, 255, 255],
  'high-contrast': [0, 0, 0],
};

/** Fails with a clear message if the bundle is missing or older than its sources (webview/src, protocol/ and common/). */
export function assertFreshBuild(): void {
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (t, e) => Math.max(t, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs),
      0,
    );
  let built: number;
  try {
    built = Math.min(statSync(join(DIST, 'main.js')).mtimeMs, statSync(join(DIST, 'main.css')).mtimeMs);
  } catch {
    throw new Error('dist/webview/main.js or main.css is missing: run `node scripts/build.mjs` first.');
  }
  const sources = Math.max(newest(join(ROOT, 'webview', 'src')), newest(join(ROOT, 'protocol')), newest(join(ROOT, 'common')));
  if (sources > built) throw new Error('dist/webview is older than webview/src: run `node scripts/build.mjs` first.');
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

/** Serves the extension's page, with a theme added the way VS Code adds it (`/?theme=light`), and dist/webview. */
export function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      const origin = `http://${req.headers.host}`;
      const theme = (url.searchParams.get('theme') ?? 'dark') as ThemeKind;
      const bodyClass = theme === 'light' ? 'vscode-light' : theme === 'dark' ? 'vscode-dark' : 'vscode-high-contrast';
      const html = graphHtml({
        cspSource: origin,
        scriptUri: `${origin}/main.js`,
        styleUri: `${origin}/main.css`,
        nonce: randomBytes(16).toString('base64'),
        title: 'Lineage: orders-daily.json',
      })
        .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme-${theme}.css">\n<link rel="stylesheet"`)
        .replace('<body>', `<body class="${bodyClass}" data-vscode-theme-kind="${bodyClass}">`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (/^\/theme-(dark|light|high-contrast)\.css$/.test(url.pathname)) {
      res.writeHead(200, { 'content-type': 'text/css' }).end(themeCss(url.pathname.slice(7, -4) as ThemeKind));
    } else if (/^\/main\.(js|css)(\.map)?$/.test(url.pathname)) {
      res.writeHead(200, { 'content-type': TYPES[extname(url.pathname)] }).end(readFileSync(join(DIST, url.pathname.slice(1))));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

/**
 * Stands in for VS Code: records posted messages, keeps the state across reloads (in sessionStorage), and
 * records CSP violations and long tasks. A string, because the test runner's transpiler may add helpers to a
 * function's source that do not exist in the page.
 */
const STUB_VSCODE = `
  window.__posted = [];
  window.__csp = [];
  window.__longTasks = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  try { new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true }); } catch {}
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(m),
    getState: () => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null'),
    setState: (s) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
  });
`;

export async function launch(): Promise<Browser> {
  mkdirSync(RESULTS, { recursive: true });
  // The repository's Chromium and flags (scripts/chromium.mjs, an ES module).
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import('../../scripts/chromium.mjs');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Registers what every browser suite needs: the built webview served on loopback and one Chromium for the
 * suite, and after each test the page closed (failing on console errors or CSP violations). With
 * `openEachTest`, each test also starts on a fresh default page. Returns the suite's session.
 */
export function useBrowserSession(options: { openEachTest?: boolean; viewport?: { width: number; height: number } } = {}): Session {
  const session = new Session();
  before(async () => {
    assertFreshBuild();
    await session.start();
  });
  after(() => session.stop());
  if (options.openEachTest) beforeEach(() => session.open(options.viewport ? { viewport: options.viewport } : {}));
  afterEach(() => session.close());
  return session;
}

/** One page per test; `problems` collects console errors and warnings, page errors and CSP violations. */
export class Session {
  page!: Page;
  problems: string[] = [];
  private browser?: Browser;
  private server?: Server;
  private origin = '';

  /** Serves the built webview and launches Chromium. */
  async start(): Promise<void> {
    const served = await serve();
    this.server = served.server;
    this.origin = served.origin;
    this.browser = await launch();
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    // Without a server (start failed), there is nothing to wait for.
    const server = this.server;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  async open(options: { stub?: boolean; theme?: ThemeKind; viewport?: { width: number; height: number } } = {}): Promise<Page> {
    this.page = await this.browser!.newPage({ viewport: options.viewport ?? { width: 1600, height: 900 } });
    this.problems = [];
    this.page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') this.problems.push(`console.${m.type()}: ${m.text()}`);
    });
    this.page.on('pageerror', (e) => this.problems.push(`page error: ${e.message}`));
    if (options.stub !== false) await this.page.addInitScript({ content: STUB_VSCODE });
    await this.page.goto(`${this.origin}/?theme=${options.theme ?? 'dark'}`);
    if (options.stub !== false)
      await this.page.waitForFunction(() =>
        ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some((m) => m.type === 'ready'),
      );
    return this.page;
  }

  /** Closes the page and fails on any console error, page error or CSP violation it saw. */
  async close(): Promise<void> {
    const csp = await this.page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => []);
    await this.page.close();
    assert.deepEqual([...this.problems, ...csp.map((c) => `CSP violation: ${c}`)], [], 'no console errors, page errors or CSP violations');
  }

  async post(message: HostToWebviewMessage): Promise<void> {
    await this.page.evaluate((m) => window.postMessage(m, '*'), message);
  }

  /** Posts `showGraph` and waits until the graph is laid out and drawn. */
  async show(graph: unknown, extra: Partial<Extract<HostToWebviewMessage, { type: 'showGraph' }>> = {}): Promise<DebugInfo> {
    const before = await this.generation();
    await this.post({ type: 'showGraph', graph, title: 'orders-daily.json', source: 'file:///work/lineage/orders-daily.json', ...extra });
    return this.drawn(before);
  }

  /** The number of scenes drawn so far: pass it to `drawn` to wait for the next layout. */
  async generation(): Promise<number> {
    return (await this.info()).generation;
  }

  /** Waits for a scene newer than generation `after`, drawn, and returns what is drawn. */
  async drawn(after = 0): Promise<DebugInfo> {
    await this.page.waitForFunction((g) => {
      const i = (window as unknown as { __lineageLens: { info(): DebugInfo } }).__lineageLens.info();
      return i.generation > g && i.draw !== undefined;
    }, after);
    // Two frames: the scene's first draw has happened.
    await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    return this.info();
  }

  info(): Promise<DebugInfo> {
    return this.page.evaluate(() => (window as unknown as { __lineageLens: { info(): DebugInfo } }).__lineageLens.info());
  }

  posted(): Promise<WebviewToHostMessage[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: WebviewToHostMessage[] }).__posted);
  }

  /** Clicks the middle of a node (canvas- or overlay-drawn) by its id, through the hit-test model. */
  async clickNode(id: string, options: { double?: boolean; offset?: { x: number; y: number } } = {}): Promise<void> {
    const n = (await this.info()).nodes.find((x) => x.id === id);
    assert.ok(n, `node ${id} is not drawn`);
    const x = n.screen.x + (options.offset?.x ?? n.screen.width / 2);
    const y = n.screen.y + (options.offset?.y ?? n.screen.height / 2);
    if (options.double) await this.page.mouse.dblclick(x, y);
    else await this.page.mouse.click(x, y);
  }

  /** The colour of the main canvas at client point (x, y). */
  pixel(x: number, y: number): Promise<[number, number, number]> {
    return this.page.evaluate(
      ([px, py]) => {
        const canvas = document.querySelector<HTMLCanvasElement>('canvas.ll-canvas')!;
        const box = canvas.getBoundingClientRect();
        const dpr = canvas.width / box.width;
        // Copied into a fresh 1×1 canvas: repeated reads of the view's own canvas make Chromium warn.
        const probe = document.createElement('canvas');
        probe.width = probe.height = 1;
        const ctx = probe.getContext('2d', { willReadFrequently: true })!;
        ctx.drawImage(canvas, Math.round((px - box.left) * dpr), Math.round((py - box.top) * dpr), 1, 1, 0, 0, 1, 1);
        const d = ctx.getImageData(0, 0, 1, 1).data;
        return [d[0], d[1], d[2]] as [number, number, number];
      },
      [x, y],
    );
  }

  async screenshot(name: string): Promise<void> {
    // Off the graph (over the details pane), so that no hover tooltip is in the picture.
    const viewport = this.page.viewportSize() ?? { width: 1600, height: 900 };
    await this.page.mouse.move(viewport.width - 4, viewport.height - 4);
    await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await this.page.screenshot({ path: join(RESULTS, name) });
  }
}

/** The state VS Code keeps for a reload. */
export function savedState(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('vscode-state') ?? '{}') as Record<string, unknown>);
}

export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]));
}
