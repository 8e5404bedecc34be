// Runs the integration suite (test/integration/suite/, bundled to dist/test/suite/index.js) inside a real
// VS Code extension host: code-server's, driven by a headless Chromium, since @vscode/test-electron needs to
// download VS Code from a host these machines cannot reach (see test/integration/run-electron.mjs for that).
//
//   node test/integration/run.mjs [--timeout SECONDS] [--keep] [--extension-path DIR] [--grep TEXT] [--multi-root]
//
// How results get here: code-server is started with LINEAGE_LENS_TEST_RESULTS=<temp>/results.json in its
// environment; its extension host inherits it; the suite's run() writes that file (atomically) when mocha
// ends. This script watches the temp folder for the file, prints the results mocha-style, and exits 0 when
// every test passed, 1 otherwise. On failure it saves a screenshot of the workbench to
// test-results/integration.png; the browser console (which includes the extension host's console output)
// goes to test-results/integration-console.log.
//
// Clicks in webviews: the suite asks this script for them through the folder LINEAGE_LENS_TEST_DRIVER names
// (./driver.mjs), as a user's hands would do them.
//
// --keep keeps the temp workspace and code-server's user-data dir (logs) and prints where they are.
// --extension-path loads the extension and the suite from another folder (for working on this harness).
// --grep runs only the tests whose full title contains TEXT (a regular expression).
// --multi-root opens test/fixtures/multi-root's folders as one two-folder workspace (a .code-workspace file) and runs
// only the suite's multi-root tests (suite/multi-root.test.ts); `npm run test:integration` runs both passes.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromium, onInterrupt, startCodeServer, tail, workbenchUrl } from '../../scripts/code-server.mjs';
import { ensureCodeServer } from '../../scripts/install-code-server.mjs';
import { DRIVER_ENV, serveDriverRequests } from './driver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS_ENV = 'LINEAGE_LENS_TEST_RESULTS';

const { values: flags } = parseArgs({
  options: {
    timeout: { type: 'string', default: '300' },
    keep: { type: 'boolean', default: false },
    'extension-path': { type: 'string' },
    grep: { type: 'string' },
    'multi-root': { type: 'boolean', default: false },
  },
});
const multiRoot = flags['multi-root'];
const timeoutMs = Number(flags.timeout) * 1000;
const extensionPath = resolve(flags['extension-path'] ?? root);
const testsPath = join(extensionPath, 'dist', 'test', 'suite', 'index.js');
const resultsDir = join(root, 'test-results');
const screenshotPath = join(resultsDir, 'integration.png');
const consoleLogPath = join(resultsDir, 'integration-console.log');

const log = (message) => process.stdout.write(`${message}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

for (const file of [join(extensionPath, 'dist', 'extension.js'), testsPath]) {
  if (!existsSync(file)) {
    console.error(`${relative(root, file)} is missing: run npm run build first`);
    process.exit(1);
  }
}

const started = Date.now();
/** Everything this run started, ended in reverse order by cleanup(). */
let server;
let browser;
let driver;
let tempDir;
let consoleLines = [];
let cleaned;
const cleanup = () =>
  (cleaned ??= (async () => {
    driver?.close();
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    if (tempDir && !flags.keep) rmSync(tempDir, { recursive: true, force: true });
  })());
const removeInterruptHandler = onInterrupt(cleanup);

let exitCode;
try {
  exitCode = await main();
} catch (err) {
  // After Ctrl-C, cleanup() has closed the browser under main(): that error is expected, not news.
  if (!cleaned) {
    console.error(`integration: ${err?.stack ?? err}`);
    await screenshot();
  }
  exitCode = 1;
} finally {
  writeConsoleLog();
  await cleanup();
  removeInterruptHandler();
  if (flags.keep && tempDir) log(`kept ${tempDir}`);
}
process.exit(exitCode);

async function main() {
  // A screenshot from an earlier failed run would mislead.
  rmSync(screenshotPath, { force: true });
  rmSync(consoleLogPath, { force: true });
  await ensureCodeServer({ quiet: true });

  tempDir = mkdtempSync(join(tmpdir(), 'lineage-lens-integration-'));
  const workspace = join(tempDir, 'workspace');
  cpSync(join(root, 'test', 'fixtures', multiRoot ? 'multi-root' : 'workspace'), workspace, { recursive: true });
  // A multi-root workspace is a .code-workspace file naming its folders, in this order.
  const workspaceFile = join(tempDir, 'multi-root.code-workspace');
  if (multiRoot)
    writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: join(workspace, 'legacy') }, { path: join(workspace, 'current') }] }));
  const resultsFile = join(tempDir, 'results.json');
  // Where the suite asks for clicks in webviews (./driver.mjs).
  const driverDir = join(tempDir, 'driver');
  mkdirSync(driverDir);
  // Start watching before anything can write the file.
  const resultsReady = waitForFile(resultsFile);

  server = await startCodeServer({
    workspace: multiRoot ? workspaceFile : workspace,
    // An endpoint configured before the extension activates (suite/walkthrough.test.ts reads the walkthrough's
    // state as activation left it, then clears the setting for the other tests). Nothing listens on port 9.
    settings: multiRoot ? {} : { 'lineageLens.endpoint.url': 'http://127.0.0.1:9' },
    env: {
      [RESULTS_ENV]: resultsFile,
      [DRIVER_ENV]: driverDir,
      ...(flags.grep && { LINEAGE_LENS_TEST_GREP: flags.grep }),
      ...(multiRoot && { LINEAGE_LENS_TEST_SUITE: 'multi-root' }),
    },
    keepDirs: flags.keep,
  });
  log(`code-server ${server.url} (pid ${server.pid}) ready after ${seconds(Date.now() - started)}`);

  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (err) => consoleLines.push(`[pageerror] ${err.stack ?? err}`));
  driver = serveDriverRequests(driverDir, page, (line) => consoleLines.push(`[driver] ${line}`));
  const crashed = new Promise((_, reject) => page.on('crash', () => reject(new Error('the browser page crashed'))));
  const serverExited = server.exited.then((code) => {
    throw new Error(`code-server exited (${code}) before the tests finished:\n${server.output().trim()}`);
  });
  // The web workbench calls window.codeAutomationExit(code) when the test run ends, also when the suite
  // module fails to load (and so writes no results): that ends the wait at once instead of at the timeout.
  let hostExited;
  const testRunExited = new Promise((resolve) => (hostExited = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => hostExited(code));
  const exitedWithoutResults = testRunExited.then((code) => {
    // Results are written before run() returns; the watcher may just not have fired yet.
    if (existsSync(resultsFile)) return readResults(resultsFile);
    const errors = consoleLines.filter(
      (line) => line.startsWith('[error]') && !/Failed to load resource|ENOTFOUND|ERR_NAME_NOT_RESOLVED/.test(line),
    );
    throw new Error(
      `the extension host ended the test run (exit code ${code}) without writing results${errors.length ? `; browser console errors:\n${errors.join('\n')}` : ''}`,
    );
  });
  // These settle after main() may have given up on them (e.g. code-server exits during cleanup): mark their
  // rejections as handled, Promise.race below still sees them.
  for (const p of [resultsReady.promise, crashed, serverExited, exitedWithoutResults]) p.catch(() => {});
  await page.goto(
    workbenchUrl(server, {
      ...(multiRoot ? { workspace: workspaceFile } : { folder: workspace }),
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: testsPath,
    }),
  );
  log('workbench opened; waiting for the extension host to run the suite...');

  let timer;
  const timedOut = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no results after ${seconds(timeoutMs)}`)), timeoutMs);
  });
  let results;
  try {
    results = await Promise.race([resultsReady.promise, exitedWithoutResults, crashed, serverExited, timedOut]);
  } catch (err) {
    if (cleaned) return 130; // Interrupted: the error is cleanup() closing things under us.
    console.error(`integration: ${err.message}`);
    if (err.message.startsWith('no results')) explainTimeout();
    await screenshot(page);
    log('integration: 0 passed, 1 failed');
    return 1;
  } finally {
    clearTimeout(timer);
    resultsReady.close();
  }

  const failed = printResults(results);
  if (failed > 0) await screenshot(page);
  log(
    `\nintegration: ${results.passes} passed, ${failed} failed${results.pending ? `, ${results.pending} skipped` : ''} (${seconds(Date.now() - started)} in all)`,
  );
  return failed > 0 ? 1 : 0;
}

/** Resolves with the parsed file once it exists; event-driven (fs.watch on its folder), no polling. */
function waitForFile(path) {
  let watcher;
  const promise = new Promise((resolvePromise, reject) => {
    const check = () => {
      if (!existsSync(path)) return;
      try {
        resolvePromise(readResults(path));
      } catch (err) {
        reject(err);
      }
    };
    watcher = watch(dirname(path), (_event, name) => {
      if (!name || name === path.slice(dirname(path).length + 1)) check();
    });
    check();
  });
  return { promise, close: () => watcher?.close() };
}

function readResults(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`could not read ${path}: ${err.message}`, { cause: err });
  }
}

/** Prints the results like mocha's spec reporter; returns the number of failures. */
function printResults(results) {
  log(`\nVS Code ${results.vscodeVersion}, suite ran in ${seconds(results.durationMs)}\n`);
  const failures = [];
  let previousSuites = [];
  for (const test of results.tests) {
    const suites = test.titlePath.slice(0, -1);
    suites.forEach((suite, depth) => {
      if (previousSuites[depth] !== suite) log(`${'  '.repeat(depth + 1)}${suite}`);
    });
    previousSuites = suites;
    const indent = '  '.repeat(suites.length + 1);
    const name = test.titlePath.at(-1);
    if (test.state === 'passed') log(`${indent}✔ ${name}${test.durationMs >= 75 ? ` (${test.durationMs}ms)` : ''}`);
    else if (test.state === 'pending') log(`${indent}- ${name}`);
    else {
      failures.push(test);
      log(`${indent}${failures.length}) ${name}`);
    }
  }
  log(`\n  ${results.passes} passing (${seconds(results.durationMs)})`);
  if (results.pending) log(`  ${results.pending} pending`);
  if (results.error) {
    failures.push({ title: 'the suite could not run', error: results.error });
  }
  if (failures.length) log(`  ${failures.length} failing`);
  failures.forEach((test, i) => {
    log(`\n  ${i + 1}) ${test.title}:`);
    const text = test.error?.stack ?? test.error?.message ?? '(no error message)';
    const withMessage = text.includes(test.error?.message ?? '') ? text : `${test.error.message}\n${text}`;
    log(
      withMessage
        .split('\n')
        .map((line) => `     ${line}`)
        .join('\n'),
    );
  });
  return failures.length;
}

/** After a timeout: show what code-server and the extension host logged, to tell "never started" from "hung". */
function explainTimeout() {
  if (!server) return;
  const output = server.output().trim().split('\n').slice(-30).join('\n');
  if (output) console.error(`--- code-server output (last lines) ---\n${output}`);
  for (const name of ['remoteexthost.log', 'exthost.log']) {
    const [file] = server.logFiles(name);
    if (file) console.error(`--- ${name} (last lines) ---\n${tail(file, 40)}`);
  }
  console.error(`--- browser console: ${relative(root, consoleLogPath)} ---`);
}

async function screenshot(page) {
  const target = page ?? (await browser?.contexts()[0]?.pages()[0]);
  if (!target) return;
  try {
    mkdirSync(resultsDir, { recursive: true });
    await target.screenshot({ path: screenshotPath, timeout: 10_000 });
    console.error(`screenshot: ${relative(root, screenshotPath)}`);
  } catch (err) {
    console.error(`could not take a screenshot: ${err.message}`);
  }
}

function writeConsoleLog() {
  if (consoleLines.length === 0) return;
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(consoleLogPath, consoleLines.join('\n') + '\n');
}
