// A minimal LSP client for the benchmark: spawns `node dist/server.js --stdio`, answers the server's
// requests (configuration, registerCapability, workDoneProgress/create, showMessageRequest) and hands each
// publishDiagnostics to a listener with its arrival time. Plain JS so the measuring process carries no
// TypeScript loader. (The protocol tests use test/lsp/client.ts, which does the same with assertions.)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import jsonrpc from 'vscode-jsonrpc/node';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = jsonrpc;

export class BenchClient {
  /** @param {string} serverPath @param {string} cwd @param {object} settings the `lineageLens` section */
  constructor(serverPath, cwd, settings = {}) {
    this.proc = spawn(process.execPath, [serverPath, '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (c) => (this.stderr += c));
    this.exitCode = undefined;
    this.exited = new Promise((resolve) =>
      this.proc.once('exit', (code) => {
        this.exitCode = code;
        for (const w of this.waiters)
          w.reject(new Error(`language server exited (${code}) while waiting${this.stderr ? `:\n${this.stderr}` : ''}`));
        this.waiters.clear();
        resolve(code);
      }),
    );
    this.rootUri = pathToFileURL(cwd).href;
    this.settings = settings;
    /** @type {Set<{uri: string, version: number, resolve: Function, reject: Function, timer: NodeJS.Timeout}>} */
    this.waiters = new Set();
    /** Listener for every publish: (params, arrivalTime) => void. */
    this.onPublish = () => undefined;
    this.messages = [];
    const c = (this.connection = createMessageConnection(
      new StreamMessageReader(this.proc.stdout),
      new StreamMessageWriter(this.proc.stdin),
    ));
    c.onRequest('workspace/configuration', (params) => params.items.map((i) => (i.section === 'lineageLens' ? this.settings : null)));
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('window/workDoneProgress/create', () => null);
    c.onRequest('window/showMessageRequest', (p) => (this.messages.push(p), null));
    c.onNotification('window/showMessage', (p) => this.messages.push(p));
    c.onNotification('window/logMessage', () => undefined);
    c.onNotification('textDocument/publishDiagnostics', (params) => {
      const at = performance.now();
      this.onPublish(params, at);
      for (const w of [...this.waiters]) {
        if (w.uri === params.uri && params.version === w.version) {
          this.waiters.delete(w);
          clearTimeout(w.timer);
          w.resolve({ params, at });
        }
      }
    });
    c.listen();
  }

  get pid() {
    return this.proc.pid;
  }

  async initialize() {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'lineage-lens-bench' },
      rootUri: this.rootUri,
      workspaceFolders: [{ uri: this.rootUri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        },
        window: { workDoneProgress: true },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with `{ params, at }` when diagnostics for `uri` at `version` arrive. Register before sending. */
  waitForVersion(uri, version, timeoutMs = 15000) {
    return new Promise((resolve, reject) => {
      if (this.exitCode !== undefined) return reject(new Error(`language server exited (${this.exitCode})`));
      const w = { uri, version, resolve, reject, timer: undefined };
      w.timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`no publishDiagnostics for ${uri} version ${version} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  open(uri, languageId, text, version = 1) {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri, version, contentChanges) {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** CPU time (user + system, ms) and RSS / peak RSS (MB) of the server, from /proc; null where unavailable. */
  usage() {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
      return { cpuMs: (ticks * 1000) / clockTicks(), rssMB: kb('VmRSS') / 1024, peakRssMB: kb('VmHWM') / 1024 };
    } catch {
      return { cpuMs: null, rssMB: null, peakRssMB: null };
    }
  }

  async shutdown(timeoutMs = 3000) {
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    try {
      if (this.exitCode === undefined) {
        await Promise.race([this.connection.sendRequest('shutdown').catch(() => undefined), this.exited]);
        if (this.exitCode === undefined) await this.connection.sendNotification('exit').catch(() => undefined);
      }
      return await this.exited;
    } finally {
      clearTimeout(timer);
      this.connection.dispose();
    }
  }
}

let clkTck;
function clockTicks() {
  if (clkTck === undefined) {
    clkTck = 100; // Linux USER_HZ on every mainstream architecture.
    try {
      const out = readFileSync('/proc/self/auxv');
      // AT_CLKTCK = 17; auxv is pairs of native-width words (64-bit little-endian assumed).
      for (let i = 0; i + 16 <= out.length; i += 16) {
        if (out.readBigUInt64LE(i) === 17n) {
          clkTck = Number(out.readBigUInt64LE(i + 8));
          break;
        }
      }
    } catch {
      // keep the default
    }
  }
  return clkTck;
}
