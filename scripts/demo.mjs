// `npm run demo`: builds the extension, starts a real VS Code (code-server, installed from npm on first use)
// with Lineage Lens loaded from this repository, and opens a copy of examples/ in it, with the lineage endpoint
// set to a local `lineage-lens serve` seeded with a few days of the example project's runs
// (examples/demo-history). Open the printed URL in a browser; Ctrl-C stops everything.
//
//   node scripts/demo.mjs [--port N] [--no-build] [--workspace DIR]
//   node scripts/demo.mjs --screenshot FILE.png --open REL/PATH.conf [--hover TEXT] [--line N]
//       (headless: opens the file, hovers TEXT or the first error squiggle, saves a screenshot, exits)
//   node scripts/demo.mjs --screenshot FILE.png --open REL/PATH.py --command "Show DAG Lineage Beside the Code"
//       [--collapse "Recent Runs,Issues"] [--sidebar-width 560]
//       (headless: opens the file, runs the command from the palette, waits for a lineage webview to draw;
//       --collapse folds side bar views by title, --sidebar-width widens the side bar, for a clearer picture)
//
// --workspace DIR opens DIR itself (edits are real); by default a temp copy of examples/ is opened, so
// playing in the demo never changes the repository.
// The extension is loaded the way an installed one is: a fresh --extensions-dir holds a symlink
// `lineage-lens.lineage-lens-VERSION -> <repo>`, so a rebuild (`npm run watch`) plus "Developer: Reload
// Window" picks up changes.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateDemoHistory } from '../examples/demo-history/generate.mjs';
import { freePort, launchChromium, onInterrupt, startCodeServer } from './code-server.mjs';
import { resizeSidebar, runCommand, waitForWebview } from './workbench.mjs';
import { ensureCodeServer } from './install-code-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values: flags } = parseArgs({
  options: {
    port: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    workspace: { type: 'string' },
    screenshot: { type: 'string' },
    open: { type: 'string' },
    hover: { type: 'string' },
    line: { type: 'string' },
    command: { type: 'string' },
    collapse: { type: 'string' },
    'sidebar-width': { type: 'string' },
  },
});

let server;
let lineage;
let tempDir;
let stopping;
const stop = () =>
  (stopping ??= (async () => {
    await server?.stop();
    await lineage?.stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  })());
onInterrupt(stop);

try {
  await main();
} catch (err) {
  console.error(`demo: ${err?.message ?? err}`);
  await stop();
  process.exit(1);
}

async function main() {
  if (!flags['no-build']) await build();
  else if (!existsSync(join(root, 'dist', 'extension.js')))
    throw new Error('dist/extension.js is missing: run without --no-build (or npm run build)');
  await ensureCodeServer({ quiet: true });

  tempDir = mkdtempSync(join(tmpdir(), 'lineage-lens-demo-'));
  const workspace = prepareWorkspace();
  const { publisher, name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const extensionsDir = join(tempDir, 'extensions');
  mkdirSync(extensionsDir);
  symlinkSync(root, join(extensionsDir, `${publisher}.${name}-${version}`));

  // The local lineage endpoint, seeded with a few days of the example project's runs: the viewer reads it.
  lineage = await startDemoEndpoint();
  server = await startCodeServer({
    workspace,
    extensionsDir,
    ...(flags.port ? { port: Number(flags.port) } : {}),
    settings: {
      'lineageLens.endpoint.url': lineage.url,
      // A fixed theme keeps screenshots for the docs alike from one run to the next.
      ...(flags.screenshot ? { 'workbench.colorTheme': 'Default Light Modern' } : {}),
    },
  });
  const url = `${server.url}?folder=${encodeURIComponent(workspace)}`;

  if (flags.screenshot) {
    await screenshot(url, workspace);
    await stop();
    process.exit(0);
  }

  const line = '-'.repeat(Math.min(100, url.length + 4));
  process.stdout.write(
    `\n${line}\n  Lineage Lens demo: open this URL in a browser\n\n  ${url}\n\n` +
      `  workspace: ${workspace}${flags.workspace ? '' : ' (a copy of examples/)'}\n` +
      `  lineage endpoint: ${lineage.url} (${lineage.events} demo events; lineage-lens serve)\n` +
      `  Press Ctrl-C to stop.\n${line}\n`,
  );
  // Stay in the foreground until interrupted, or until code-server dies.
  const code = await server.exited;
  if (stopping) return; // Ctrl-C: onInterrupt's handler finishes and exits.
  console.error(`demo: code-server exited (${code}):\n${server.output().trim().split('\n').slice(-20).join('\n')}`);
  await stop();
  process.exit(1);
}

/** Whether `port` is free on 127.0.0.1. */
function portFree(port) {
  return new Promise((resolvePromise) => {
    const probe = createServer();
    probe.once('error', () => resolvePromise(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePromise(true)));
  });
}

/**
 * Starts `lineage-lens serve` on port 5000 (where the example project's configuration sends lineage) or, if it
 * is taken, a free port, with its data in the demo's temp folder, and posts the demo history to it.
 */
async function startDemoEndpoint() {
  const port = (await portFree(5000)) ? 5000 : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [join(root, 'dist', 'cli.js'), 'serve', '--port', String(port), '--data', join(tempDir, 'lineage')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
  const stopEndpoint = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  // It answers once its store is open; bounded, and a crash ends the wait at once.
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the demo lineage endpoint exited (${child.exitCode}):\n${output}`);
    if (
      await fetch(`${url}/api/v1/namespaces`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      await stopEndpoint();
      throw new Error(`the demo lineage endpoint did not answer on ${url} within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const events = generateDemoHistory({ now: new Date() });
  for (let i = 0; i < events.length; i += 8) {
    await Promise.all(
      events.slice(i, i + 8).map(async (event) => {
        const response = await fetch(`${url}/api/v1/lineage`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(event),
        });
        if (response.status !== 201 && response.status !== 200)
          throw new Error(`the demo lineage endpoint refused an event (${response.status}): ${await response.text()}`);
      }),
    );
  }
  return { url, events: events.length, stop: stopEndpoint };
}

function build() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`the build failed (exit ${code})`))));
  });
}

/** The folder to open: --workspace as is, else a copy of examples/ (or the test fixture while examples/ is empty). */
function prepareWorkspace() {
  if (flags.workspace) {
    const dir = resolve(flags.workspace);
    if (!existsSync(dir)) throw new Error(`--workspace ${dir} does not exist`);
    return dir;
  }
  const examples = join(root, 'examples');
  const source = existsSync(examples) && readdirSync(examples).length > 0 ? examples : join(root, 'test', 'fixtures', 'workspace');
  const copy = join(tempDir, basename(source));
  cpSync(source, copy, { recursive: true });
  return copy;
}

/**
 * Headless check and picture: opens `--open` (a path relative to the workspace) through Quick Open, waits
 * until the Problems view lists a problem of that file (so the extension has activated and its server
 * answered), hovers `--hover` text (or the first error squiggle), and saves a screenshot.
 */
async function screenshot(url, workspace) {
  const file = flags.open;
  if (!file) throw new Error('--screenshot needs --open RELATIVE/PATH of a file in the workspace');
  if (!existsSync(join(workspace, file))) throw new Error(`${file} not found in ${workspace}`);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(url);
    await page.locator('.monaco-workbench .explorer-folders-view').waitFor({ timeout: 60_000 });
    // Ctrl+P is the browser's print shortcut: Quick Open is F1, then Backspace to drop the '>'.
    await page.keyboard.press('F1');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(file);
    await page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ hasText: basename(file) })
      .first()
      .waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    if (flags.command) {
      await runCommand(page, flags.command);
      for (const title of (flags.collapse ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)) {
        const header = page.locator('.part.sidebar .pane-header[aria-expanded="true"]').filter({ hasText: title });
        if ((await header.count()) > 0) await header.first().click();
      }
      if (flags['sidebar-width']) await resizeSidebar(page, Number(flags['sidebar-width']));
      await waitForWebview(page);
      mkdirSync(dirname(resolve(flags.screenshot)), { recursive: true });
      await page.screenshot({ path: resolve(flags.screenshot), animations: 'disabled' });
      process.stdout.write(`screenshot: ${resolve(flags.screenshot)}\n`);
      return;
    }
    await page.keyboard.press('F1');
    await page.keyboard.type('View: Focus on Problems View');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Focus on Problems View' }).first().waitFor();
    await page.keyboard.press('Enter');
    // Row 0 is the file; row 1 is its first problem.
    await page
      .locator('.markers-panel .monaco-list-row')
      .nth(1)
      .waitFor({ timeout: 60_000 })
      .catch((err) => {
        throw new Error(
          `the Problems view listed nothing for ${file} within 60 s: is the extension active, and does the file have a problem?`,
          { cause: err },
        );
      });
    if (flags.line) {
      // Quick Open with ':N' goes to line N, scrolling it into view (squiggles off screen are not rendered).
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('F1');
      await page.keyboard.press('Backspace');
      await page.keyboard.type(`:${flags.line}`);
      await page.keyboard.press('Enter');
    }
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    await squiggle.waitFor({ timeout: 30_000 });
    // The squiggle lies under the text layer, so move the mouse there rather than hover() the element.
    const target = flags.hover ? page.locator('.monaco-editor .view-line span span', { hasText: flags.hover }).first() : squiggle;
    const box = await target.boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page
      .locator('.monaco-hover .hover-contents')
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(() => {});
    mkdirSync(dirname(resolve(flags.screenshot)), { recursive: true });
    // 'disabled' fast-forwards the hover's fade-in, which would otherwise be caught half transparent.
    await page.screenshot({ path: resolve(flags.screenshot), animations: 'disabled' });
    process.stdout.write(`screenshot: ${resolve(flags.screenshot)}\n`);
  } finally {
    await browser.close();
  }
}
