// Shared helpers for running the extension in a real VS Code: code-server (VS Code's server and web
// workbench, installed by scripts/install-code-server.mjs) and a Chromium driven by playwright-core.
// Used by test/integration/run.mjs and scripts/demo.mjs.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerConfig, codeServerEntry, writeCodeServerConfig } from './install-code-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

/** Resolves to a TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * @typedef {object} CodeServer
 * @property {string} url        Base URL, e.g. `http://127.0.0.1:41234/`.
 * @property {number} port
 * @property {number} pid        The code-server process (leader of its own process group).
 * @property {string} userDataDir
 * @property {string} extensionsDir
 * @property {() => string} output  Everything code-server printed so far (stdout and stderr).
 * @property {(name: string) => string[]} logFiles  Log files under the user-data dir whose name contains `name`.
 * @property {Promise<number | null>} exited  Settles when the process exits (with its exit code).
 * @property {() => Promise<void>} stop  Ends code-server and every process it started, then removes its temp dirs.
 */

/**
 * Starts code-server on a loopback port with fresh user-data and extensions folders, and waits until it
 * answers HTTP.
 * @param {object} options
 * @param {string} [options.workspace]  Folder (or .code-workspace file) to open by default.
 * @param {number} [options.port]       Defaults to a free port.
 * @param {Record<string, unknown>} [options.settings]  User settings, on top of `workbench.startupEditor: none`.
 * @param {Record<string, string>} [options.env]  Extra environment variables; they reach the extension host.
 * @param {string} [options.extensionsDir]  Use this extensions folder instead of a fresh, empty one.
 * @param {string[]} [options.args]  Extra command-line arguments.
 * @param {number} [options.timeoutMs]  How long to wait for it to answer (default 60 s).
 * @param {boolean} [options.keepDirs]  Keep the temp folders after stop() (for debugging).
 * @param {(chunk: string) => void} [options.onOutput]  Receives code-server's output as it comes.
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer(options = {}) {
  const { workspace, settings = {}, env = {}, args = [], timeoutMs = 60_000, keepDirs = false, onOutput } = options;
  if (!existsSync(codeServerEntry)) {
    throw new Error('code-server is not installed: run `node scripts/install-code-server.mjs` (or call ensureCodeServer() first)');
  }
  if (!existsSync(codeServerConfig)) writeCodeServerConfig();
  const port = options.port ?? (await freePort());
  const tempRoot = mkdtempSync(join(tmpdir(), 'lineage-lens-code-server-'));
  const userDataDir = join(tempRoot, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(tempRoot, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', ...settings }, null, 2));

  const child = spawn(
    process.execPath,
    [
      codeServerEntry,
      '--config',
      codeServerConfig,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      ...args,
      ...(workspace ? [workspace] : []),
    ],
    {
      // Its own process group, so stop() can end the server, its extension hosts and language servers at once.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CODE_SERVER_CONFIG: codeServerConfig, ...env },
    },
  );
  let output = '';
  const collect = (chunk) => {
    const text = chunk.toString();
    output += text;
    onOutput?.(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', () => resolve(null));
  });
  let alive = true;
  void exited.then(() => (alive = false));
  // Last resort if the caller never calls stop(): process.kill is synchronous, so it works in 'exit'.
  const killOnExit = () => killGroup(child.pid, 'SIGKILL');
  process.on('exit', killOnExit);

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      process.off('exit', killOnExit);
      if (alive) {
        killGroup(child.pid, 'SIGTERM');
        const timedOut = await Promise.race([exited.then(() => false), delay(5_000).then(() => true)]);
        if (timedOut) killGroup(child.pid, 'SIGKILL');
      }
      // Children (extension host, language server) may outlive the leader by a moment; end the group for good.
      killGroup(child.pid, 'SIGKILL');
      if (!keepDirs) rmSync(tempRoot, { recursive: true, force: true });
    })());

  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForHttp(`${url}healthz`, { timeoutMs, exited, output: () => output });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    port,
    pid: /** @type {number} */ (child.pid),
    userDataDir,
    extensionsDir,
    output: () => output,
    logFiles: (name) => findFiles(join(userDataDir, 'logs'), name),
    exited,
    stop,
  };
}

/** Sends `signal` to a process group, ignoring "no such process". */
function killGroup(pid, signal) {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Polls `url` until it answers, code-server exits, or the deadline passes. */
async function waitForHttp(url, { timeoutMs, exited, output }) {
  const deadline = Date.now() + timeoutMs;
  let exitCode;
  void exited.then((code) => (exitCode = code ?? 'signal'));
  let lastError = '';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`code-server exited (${exitCode}) before answering HTTP. Its output:\n${output().trim()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return;
      lastError = `HTTP ${response.status}`;
    } catch (err) {
      lastError = err?.cause?.code ?? err?.message ?? String(err);
    }
    await delay(100);
  }
  throw new Error(
    `code-server did not answer ${url} within ${timeoutMs / 1000} s (last error: ${lastError}). Its output:\n${output().trim()}`,
  );
}

/** Files under `dir` (recursively) whose name contains `name`, newest first. */
function findFiles(dir, name) {
  const found = [];
  const walk = (d) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.includes(name)) found.push(p);
    }
  };
  walk(dir);
  return found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
}

/** The last `lines` lines of a text file, or '' when it cannot be read. */
export function tail(path, lines = 40) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * The workbench URL that opens `folder` (or the `.code-workspace` file `workspace`) and, optionally, loads an extension from source and runs a test
 * module in its extension host (the web equivalent of `--extensionDevelopmentPath`/`--extensionTestsPath`).
 * @param {CodeServer | { url: string, port: number }} server
 * @param {{ folder?: string, workspace?: string, extensionDevelopmentPath?: string, extensionTestsPath?: string }} options  Absolute paths.
 */
export function workbenchUrl(server, { folder, workspace, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const params = new URLSearchParams();
  if (folder) params.set('folder', folder);
  if (workspace) params.set('workspace', workspace);
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (payload.length) params.set('payload', JSON.stringify(payload));
  const query = params.toString();
  return query ? `${server.url}?${query}` : server.url;
}

/**
 * Launches Debian's Chromium through playwright-core (never a downloaded browser). Ctrl-C does not close it:
 * pair it with onInterrupt().
 * @param {import('playwright-core').LaunchOptions} [options]
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium(options = {}) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: install it with \`apt-get install -y chromium\``);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Playwright's own handlers would exit the process (130) in the middle of our cleanup: callers handle
    // signals with onInterrupt() and close the browser themselves. Playwright still kills it on exit.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

/**
 * Runs `cleanup` once when the process is interrupted (Ctrl-C, SIGTERM, SIGHUP), then exits with 130.
 * Returns a function that removes the handlers.
 * @param {() => Promise<void> | void} cleanup
 */
export function onInterrupt(cleanup) {
  let running = false;
  const handler = (signal) => {
    if (running) return;
    running = true;
    process.stderr.write(`\n${signal}: stopping...\n`);
    Promise.resolve()
      .then(cleanup)
      .catch((err) => process.stderr.write(`cleanup failed: ${err?.stack ?? err}\n`))
      .finally(() => process.exit(130));
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
