// `node scripts/screenshots.mjs [--only NAME[,NAME]] [--out docs/images] [--no-build] [--theme 'Default Dark Modern']`: the README's pictures of the
// viewer and the setup flow, taken in a real VS Code (code-server + Chromium) driven as a user drives it, on a
// copy of examples/astro-project with the local lineage endpoint seeded with the demo history. Run it after a
// change to what they show; the pictures are committed.
//
//   dag-lineage      spark_orders_enrich.py with the DAG Lineage view beside it (code merged with the runtime)
//   runs-issues      the Recent Runs and Issues views, and the lineage of a dataset whose assertions failed
//   setup-preview    Set Up Integration → Apache Spark: the diff and the list of changes before anything is written
//   verify-setup     Verify Setup: the report beside the test run's graph
//   parent-job       Show Lineage → "orders" → the orders_etl DAG: its tasks and their datasets around it
//   export-button    the graph tab's own Export → SVG: the save dialog (export-dialog.png), then the file written
//   lineage-graph    Search Lineage → curated/orders_enriched: the dataset's lineage, the dataset selected
//   demo-spark-conf, demo-gx, demo-pyspark
//                    a file of the example project with its mistakes underlined, the first one's message under it (F8)
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, launchChromium, onInterrupt, startCodeServer } from './code-server.mjs';
import { ensureCodeServer } from './install-code-server.mjs';
import { runCommand, waitForWebview, waitForWebviewText } from './workbench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = [
  'dag-lineage',
  'runs-issues',
  'setup-preview',
  'verify-setup',
  'project-hover',
  'sql-hover',
  'deviation-notice',
  'parent-job',
  'export-button',
  'demo-spark-conf',
  'demo-gx',
  'demo-pyspark',
  'lineage-graph',
];

/** The editor shots: which file of examples/astro-project each opens. */
const EDITOR_SHOTS = {
  'demo-spark-conf': 'spark/conf/spark-defaults-legacy.conf',
  'demo-gx': 'great_expectations/checkpoints/customers_checkpoint.yml',
  'demo-pyspark': 'spark/jobs/customer_360.py',
};

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    out: { type: 'string', default: join(root, 'docs', 'images') },
    'no-build': { type: 'boolean', default: false },
    theme: { type: 'string', default: 'Default Light Modern' },
  },
});
const only = new Set(
  (flags.only ?? SHOTS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
for (const name of only) if (!SHOTS.includes(name)) throw new Error(`unknown screenshot ${name}: use ${SHOTS.join(', ')}`);

let server;
let browser;
let temp;
const stop = async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (temp) rmSync(temp, { recursive: true, force: true });
};
onInterrupt(stop);

try {
  await main();
  await stop();
} catch (error) {
  console.error(`screenshots: ${error?.stack ?? error}`);
  await stop();
  process.exit(1);
}

async function main() {
  if (!flags['no-build']) await run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
  await ensureCodeServer({ quiet: true });
  temp = mkdtempSync(join(tmpdir(), 'lineage-lens-screenshots-'));
  const workspace = join(temp, 'astro-project');
  cpSync(join(root, 'examples', 'astro-project'), workspace, { recursive: true });
  const { publisher, name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const extensionsDir = join(temp, 'extensions');
  mkdirSync(extensionsDir);
  symlinkSync(root, join(extensionsDir, `${publisher}.${name}-${version}`));
  const port = await freePort();
  server = await startCodeServer({
    workspace,
    extensionsDir,
    settings: {
      'workbench.colorTheme': flags.theme,
      'lineageLens.localEndpoint.port': port,
      'workbench.tips.enabled': false,
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
    },
  });
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench .explorer-folders-view').waitFor({ timeout: 60_000 });
  mkdirSync(flags.out, { recursive: true });

  // The local endpoint, seeded with the demo history: every view has something true to show.
  await openFile(page, 'dags/spark_orders_enrich.py');
  await runCommand(page, 'Start Local Lineage Endpoint');
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/v1/namespaces`);
  if (['dag-lineage', 'runs-issues', 'parent-job', 'export-button', 'lineage-graph'].some((shot) => only.has(shot))) await seed(url);

  if (only.has('dag-lineage')) {
    await runCommand(page, 'Show DAG Lineage Beside the Code');
    await waitForWebview(page);
    await shoot(page, 'dag-lineage');
  }
  if (only.has('runs-issues')) {
    // The views loaded when the endpoint started, before the history was posted.
    await runCommand(page, 'Refresh Runs and Issues');
    await runCommand(page, 'Show Recent Runs');
    const header = (title) => page.locator('.part.sidebar .pane-header').filter({ hasText: title }).first();
    if ((await header('DAG Lineage').getAttribute('aria-expanded')) === 'true') await header('DAG Lineage').click();
    if ((await header('Issues').getAttribute('aria-expanded')) !== 'true') await header('Issues').click();
    // A dataset with failed data-quality assertions, opened from its issue.
    const issue = page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'assertions failed' }).first();
    await issue.waitFor({ timeout: 30_000 });
    await issue.click();
    await waitForWebview(page);
    await shoot(page, 'runs-issues');
  }
  for (const [name, file] of Object.entries(EDITOR_SHOTS)) {
    if (!only.has(name)) continue;
    // The file as its author sees it: the mistakes underlined, the first one explained where it is.
    await clearNotifications(page);
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, file);
    // The first problem, as F8 shows it: underlined in the text, its message in a peek under the line.
    await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first().waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor textarea').first().focus();
    await page.keyboard.press('F8');
    await page.locator('.monaco-editor .marker-widget').first().waitFor({ timeout: 30_000 });
    await shoot(page, name);
  }
  if (only.has('lineage-graph')) {
    // A dataset's lineage: the Airflow tasks and the Spark job around it, the dataset selected, its fields listed.
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Lineage Lens: Search Lineage');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('orders_enriched');
    const dataset = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'curated/orders_enriched' });
    await dataset.first().waitFor({ timeout: 30_000 });
    await dataset.first().click();
    await waitForWebview(page);
    await shoot(page, 'lineage-graph');
  }
  if (only.has('parent-job') || only.has('export-button')) {
    // Search Lineage (Show Lineage's search outside a DAG file) finds the orders_etl DAG's job.
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Lineage Lens: Search Lineage');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('orders_etl');
    const dag = page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: /^orders_etl$/ }) });
    await dag.first().waitFor({ timeout: 30_000 });
    await dag.first().click();
    await waitForWebview(page);
    if (only.has('parent-job')) await shoot(page, 'parent-job');
  }
  if (only.has('export-button')) {
    // The tab's own Export button, as a user clicks it: the save dialog proposes a clean name in the workspace
    // folder (an endpoint graph has no file to put it next to).
    await clickInWebview(page, '.ll-root[data-variant="panel"] .ll-button.export');
    await clickInWebview(page, '.ll-root[data-variant="panel"] .ll-button.export-svg');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 30_000 });
    await shoot(page, 'export-dialog', { clear: false });
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts').filter({ hasText: 'exported the graph to' }).first().waitFor({ timeout: 30_000 });
    await shoot(page, 'export-button', { clear: false });
  }
  if (only.has('setup-preview')) {
    await page.keyboard.press('Escape');
    await clearNotifications(page);
    await runCommand(page, 'Set Up Integration');
    await pickItem(page, 'Apache Spark');
    // Then each question as a user answers it: the first offer (where it runs, which project, the namespace the
    // project uses), except the endpoint: the local one, so that the project's committed URL is a change to confirm.
    await answerSetUpQuestions(page, 'the local lineage endpoint (running)');
    // The diff of each file, and the dialog listing every change.
    await page.locator('.monaco-dialog-box').waitFor({ timeout: 30_000 });
    await page.locator('.monaco-diff-editor').first().waitFor();
    await shoot(page, 'setup-preview', { clear: false });
    // Cancel: the dialog closes, then the command closes its preview tabs; wait for both before going on.
    await page.keyboard.press('Escape');
    await page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: 30_000 });
    await page.locator('.monaco-diff-editor').first().waitFor({ state: 'detached', timeout: 30_000 });
    await clearNotifications(page);
  }
  if (only.has('project-hover')) {
    // The project model a DAG's checks rest on, hovered on the file's first line.
    await clearNotifications(page);
    await openFile(page, 'dags/orders_etl.py');
    const firstLine = page.locator('.monaco-editor .view-lines .view-line').first();
    await firstLine.waitFor();
    const box = await firstLine.boundingBox();
    await page.mouse.move(box.x + 12, box.y + box.height / 2);
    await page.locator('.monaco-hover').filter({ hasText: 'this file’s project' }).first().waitFor({ timeout: 30_000 });
    await shoot(page, 'project-hover', { clear: false });
    await page.keyboard.press('Escape');
  }
  if (only.has('sql-hover')) {
    // What a SQL operator will report, read from its SQL and its connection, hovered on the operator's name.
    await clearNotifications(page);
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'dags/orders_etl.py');
    await page.locator('.monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('93:24');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await page.locator('.monaco-hover').filter({ hasText: 'Outputs' }).first().waitFor({ timeout: 30_000 });
    await shoot(page, 'sql-hover', { clear: false });
    await page.keyboard.press('Escape');
  }
  if (only.has('deviation-notice')) {
    // An event without schemaURL: accepted, as Marquez accepts it, and the extension says it is not spec-valid.
    await clearNotifications(page);
    const event = {
      eventType: 'COMPLETE',
      eventTime: new Date().toISOString(),
      producer: 'https://github.com/example/spark-emitter',
      run: { runId: '0192f7d2-5c3a-7cc1-9d61-4a7b2c1e8f00' },
      job: { namespace: 'screenshots', name: 'lenient_event' },
    };
    const response = await fetch(`${url}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(event),
    });
    if (response.status !== 201) throw new Error(`the endpoint refused the lenient event (${response.status}): ${await response.text()}`);
    await page.locator('.notifications-toasts').filter({ hasText: 'not spec-valid' }).first().waitFor({ timeout: 30_000 });
    await shoot(page, 'deviation-notice', { clear: false });
  }
  if (only.has('verify-setup')) {
    await runCommand(page, 'Verify Setup');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.press('Enter'); // the test run's namespace: the default
    await waitForWebviewText(page, 'Integrations in this workspace');
    await waitForWebview(page);
    await shoot(page, 'verify-setup');
  }
}

async function openFile(page, file) {
  await page.keyboard.press('F1');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(file);
  await page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ hasText: file.split('/').pop() })
    .first()
    .waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

/** Clicks the first visible element matching `selector` in whichever frame (webview) shows one. */
async function clickInWebview(page, selector) {
  const frames = page.frames();
  for (const frame of frames) {
    const target = frame.locator(selector).first();
    if ((await target.count().catch(() => 0)) > 0 && (await target.isVisible().catch(() => false))) {
      await target.click();
      return;
    }
  }
  throw new Error(`no webview shows ${selector}`);
}

/**
 * Answers Set Up Integration's questions until its confirmation dialog opens: Enter (the first offer) on each,
 * but the item whose text contains `prefer` when a list has one. Each step waits for the question to change.
 */
async function answerSetUpQuestions(page, prefer) {
  const dialog = page.locator('.monaco-dialog-box');
  const widget = page.locator('.quick-input-widget');
  const question = async () =>
    (await widget.isVisible())
      ? `${await widget.locator('.quick-input-title').textContent()}|${await widget.locator('input').getAttribute('placeholder')}`
      : '';
  let previous = '';
  for (let step = 0; step < 8; step++) {
    await page.waitForFunction(
      (prev) => {
        if (globalThis.document.querySelector('.monaco-dialog-box')) return true;
        const w = globalThis.document.querySelector('.quick-input-widget');
        if (!w || w.style.display === 'none') return false;
        const now = `${w.querySelector('.quick-input-title')?.textContent}|${w.querySelector('input')?.getAttribute('placeholder')}`;
        return now !== prev;
      },
      previous,
      { timeout: 30_000 },
    );
    if (await dialog.isVisible()) return;
    previous = await question();
    const preferred = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: prefer });
    if ((await preferred.count()) > 0) await preferred.first().click();
    else await page.keyboard.press('Enter');
  }
  throw new Error('Set Up Integration asked more than 8 questions before its confirmation');
}

async function pickItem(page, label) {
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.type(label);
  await page.keyboard.press('Enter');
}

/** Toasts (the local endpoint's "started") would cover part of the picture. */
async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page
    .locator('.notification-toast')
    .first()
    .waitFor({ state: 'detached', timeout: 5_000 })
    .catch(() => {});
}

async function shoot(page, name, { clear = true } = {}) {
  // A modal dialog blocks the command palette: clear before opening one instead.
  if (clear) await clearNotifications(page);
  const file = join(flags.out, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  process.stdout.write(`screenshot: ${file}\n`);
}

/** Posts the demo history (examples/demo-history) to the endpoint. */
async function seed(url) {
  const generator = join(root, 'examples', 'demo-history', 'generate.mjs');
  if (!existsSync(generator)) throw new Error(`${generator} is missing: the screenshots need the demo history`);
  const { generateDemoHistory } = await import(pathToFileURL(generator).href);
  const events = generateDemoHistory({ now: new Date() });
  for (const event of events) {
    const response = await fetch(`${url}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(event),
    });
    if (response.status !== 201 && response.status !== 200)
      throw new Error(`the endpoint refused a demo event (${response.status}): ${await response.text()}`);
  }
  process.stdout.write(`seeded ${events.length} events\n`);
}

/**
 * Waits (bounded) until `url` answers at all: the endpoint starts in its own process, and started by the
 * extension its reads need the session key only the extension holds, so a 401 is the answer expected here.
 */
async function waitForHttp(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then(
      () => true,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function run(command, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${args.join(' ')} failed (exit ${code})`))));
  });
}
