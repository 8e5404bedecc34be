/**
 * A tiny LSP test client for the built language server (`dist/server.js`). It speaks JSON-RPC over stdio
 * (or Node IPC), answers the requests the server sends (`workspace/configuration`,
 * `client/registerCapability`, `window/workDoneProgress/create`, `window/showMessageRequest`), records
 * `publishDiagnostics` and `window/showMessage`, and lets tests wait for them without sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { InitializeResult, PublishDiagnosticsParams, ShowMessageParams } from 'vscode-languageserver';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';

export const ROOT = join(__dirname, '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');

/** The `lineageLens` settings section the client hands out on `workspace/configuration`. */
export interface ClientSettings {
  validation?: { enable?: boolean };
  rules?: Record<string, string>;
  diagnostics?: { scope?: string };
}

export interface StartOptions {
  transport?: 'stdio' | 'ipc';
  /** Initial `lineageLens` settings; change them with `setSettings`. */
  settings?: ClientSettings;
  /** Declare `workspace.configuration` (pull settings); default true. */
  configuration?: boolean;
  /** Echo the server's stderr to this process's stderr (debugging). */
  echoStderr?: boolean;
  /** The workspace folder the server indexes (default: the repository). */
  workspace?: string;
  /** Several workspace folders (a multi-root workspace); overrides `workspace`. */
  folders?: string[];
  /** The workspace folders' URIs as sent, when they must be spelled as an editor spells them; overrides `folders`. */
  folderUris?: string[];
  /** Settings per `workspace/configuration` scope: the first folder (or file) path prefix that matches wins. */
  scopedSettings?: Record<string, ClientSettings>;
}

type Waiter<T> = { match: (v: T) => boolean; resolve: (v: T) => void };

export class LspTestClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  /** Every publishDiagnostics notification, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every window/showMessage notification and window/showMessageRequest, in arrival order. */
  readonly messages: ShowMessageParams[] = [];
  /** Every `workspace/configuration` request item the server sent. */
  readonly configurationRequests: unknown[] = [];
  /** Every window/logMessage text, in arrival order. */
  readonly logs: string[] = [];
  settings: ClientSettings;
  scopedSettings: Record<string, ClientSettings> = {};
  private stderr = '';
  private exitCode: number | null | undefined;
  private readonly exited: Promise<number | null>;
  private readonly diagnosticWaiters = new Set<Waiter<PublishDiagnosticsParams>>();
  private readonly messageWaiters = new Set<Waiter<ShowMessageParams>>();
  private readonly logWaiters = new Set<Waiter<string>>();
  private readonly versions = new Map<string, number>();

  private constructor(proc: ChildProcess, connection: MessageConnection, settings: ClientSettings) {
    this.process = proc;
    this.connection = connection;
    this.settings = settings;
    this.exited = new Promise((resolve) =>
      proc.once('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
  }

  /** Spawns `node dist/server.js --stdio` (or `--node-ipc`) and wires the connection; does not initialize. */
  static spawn(options: StartOptions = {}): LspTestClient {
    assertBuilt();
    const ipc = options.transport === 'ipc';
    const proc = spawn(process.execPath, [SERVER, ipc ? '--node-ipc' : '--stdio'], {
      cwd: ROOT,
      stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
    });
    const connection = ipc
      ? createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc))
      : createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspTestClient(proc, connection, options.settings ?? {});
    client.scopedSettings = options.scopedSettings ?? {};
    proc.stderr!.on('data', (chunk: Buffer) => {
      client.stderr += chunk.toString();
      if (options.echoStderr) process.stderr.write(chunk);
    });
    if (ipc) proc.stdout!.resume();
    client.wire();
    connection.listen();
    return client;
  }

  /** Spawns the server and runs initialize/initialized. */
  static async start(options: StartOptions = {}): Promise<{ client: LspTestClient; result: InitializeResult }> {
    const client = LspTestClient.spawn(options);
    const result = await client.initialize(options.configuration ?? true, options.workspace ?? ROOT, options.folders, options.folderUris);
    return { client, result };
  }

  private wire(): void {
    const c = this.connection;
    c.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) =>
      params.items.map((item) => {
        this.configurationRequests.push(item);
        if (item.section !== 'lineageLens') return null;
        const scoped = Object.entries(this.scopedSettings).find(([prefix]) => item.scopeUri?.startsWith(pathToFileURL(prefix).href));
        return structuredClone(scoped ? scoped[1] : this.settings);
      }),
    );
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('client/unregisterCapability', () => null);
    c.onRequest('window/workDoneProgress/create', () => null);
    c.onRequest('window/showMessageRequest', (params: ShowMessageParams) => {
      this.recordMessage(params);
      return null;
    });
    c.onRequest('window/showDocument', () => ({ success: false }));
    c.onNotification('window/showMessage', (params: ShowMessageParams) => this.recordMessage(params));
    c.onNotification('window/logMessage', ({ message }: { message: string }) => {
      this.logs.push(message);
      for (const w of [...this.logWaiters])
        if (w.match(message)) {
          this.logWaiters.delete(w);
          w.resolve(message);
        }
    });
    c.onNotification('$/progress', () => undefined);
    c.onNotification('telemetry/event', () => undefined);
    c.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      for (const w of [...this.diagnosticWaiters]) {
        if (w.match(params)) {
          this.diagnosticWaiters.delete(w);
          w.resolve(params);
        }
      }
    });
  }

  private recordMessage(params: ShowMessageParams): void {
    this.messages.push(params);
    for (const w of [...this.messageWaiters]) {
      if (w.match(params)) {
        this.messageWaiters.delete(w);
        w.resolve(params);
      }
    }
  }

  async initialize(
    configuration = true,
    workspace = ROOT,
    folders = [workspace],
    folderUris = folders.map((f) => pathToFileURL(f).href),
  ): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      clientInfo: { name: 'lineage-lens-lsp-test' },
      rootUri: folderUris[0],
      workspaceFolders: folderUris.map((uri, i) => ({ uri, name: `folder${i}` })),
      capabilities: {
        workspace: {
          configuration,
          didChangeConfiguration: { dynamicRegistration: true },
          workspaceFolders: true,
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: {
            versionSupport: true,
            relatedInformation: true,
            codeDescriptionSupport: true,
            dataSupport: true,
            tagSupport: { valueSet: [1, 2] },
          },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
            isPreferredSupport: true,
            dataSupport: true,
          },
        },
        window: { workDoneProgress: true, showMessage: {} },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  // ---- documents ------------------------------------------------------------------------------------

  async open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Sends one didChange with the next version; returns that version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Sends didSave (the server shows at once what it held back while the line was being typed). */
  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Replaces the settings and notifies the server (it pulls them again). */
  async setSettings(settings: ClientSettings): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  // ---- waiting --------------------------------------------------------------------------------------

  /** Resolves with the first publishDiagnostics for `uri` among those received after the first `since` (see `published`). */
  publishedSince(since: number, uri: string, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    const seen = this.published.slice(since).find((p) => p.uri === uri);
    return seen ? Promise.resolve(seen) : this.nextDiagnostics(uri, () => true, timeoutMs);
  }

  /** The last diagnostics published for `uri`, if any. */
  latest(uri: string): PublishDiagnosticsParams | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i]!.uri === uri) return this.published[i];
    return undefined;
  }

  /**
   * Resolves with the first publishDiagnostics for `uri` that satisfies `predicate`: the latest one already
   * received if it matches, else the next matching one. Rejects after `timeoutMs` with what was received.
   */
  waitForDiagnostics(
    uri: string,
    predicate: (p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<PublishDiagnosticsParams> {
    const last = this.latest(uri);
    if (last && predicate(last)) return Promise.resolve(last);
    return this.nextDiagnostics(uri, predicate, timeoutMs);
  }

  /** Like `waitForDiagnostics`, but only considers notifications that arrive after the call. */
  nextDiagnostics(
    uri: string,
    predicate: (p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<PublishDiagnosticsParams> {
    return this.waitFor(
      this.diagnosticWaiters,
      (p) => p.uri === uri && predicate(p),
      timeoutMs,
      () => {
        const got = this.published
          .filter((p) => p.uri === uri)
          .map((p) => `v${p.version ?? '?'}: [${p.diagnostics.map((d) => d.code).join(', ')}]`);
        return `no matching textDocument/publishDiagnostics for ${uri} within ${timeoutMs} ms; received ${got.length ? got.join('; ') : 'none'}`;
      },
    );
  }

  /** Resolves with the first window/logMessage (already received or future) that matches `pattern`. */
  waitForLog(pattern: RegExp, timeoutMs = 10000): Promise<string> {
    const seen = this.logs.find((m) => pattern.test(m));
    if (seen) return Promise.resolve(seen);
    return this.waitFor(
      this.logWaiters,
      (m) => pattern.test(m),
      timeoutMs,
      () => `no window/logMessage matching ${pattern} within ${timeoutMs} ms; received ${JSON.stringify(this.logs)}`,
    );
  }

  /** Resolves with the first window/showMessage (already received or future) that satisfies `predicate`. */
  waitForMessage(predicate: (m: ShowMessageParams) => boolean, timeoutMs = 5000): Promise<ShowMessageParams> {
    const seen = this.messages.find(predicate);
    if (seen) return Promise.resolve(seen);
    return this.waitFor(
      this.messageWaiters,
      predicate,
      timeoutMs,
      () => `no matching window/showMessage within ${timeoutMs} ms; received ${JSON.stringify(this.messages.map((m) => m.message))}`,
    );
  }

  private waitFor<T>(waiters: Set<Waiter<T>>, match: (v: T) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        match,
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(
            `${describe()}${this.exitCode !== undefined ? ` (server exited with ${this.exitCode})` : ''}${this.stderr ? `\nserver stderr:\n${this.stderr}` : ''}`,
          ),
        );
      }, timeoutMs);
      waiters.add(waiter);
    });
  }

  // ---- lifecycle ------------------------------------------------------------------------------------

  get serverStderr(): string {
    return this.stderr;
  }

  /** shutdown + exit; waits for the process to end, killing it after `timeoutMs`. Returns the exit code. */
  async shutdown(timeoutMs = 3000): Promise<number | null> {
    if (this.exitCode !== undefined) {
      this.connection.dispose();
      return this.exitCode;
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    try {
      const ok = await Promise.race([
        this.connection.sendRequest('shutdown').then(
          () => 'ok' as const,
          () => 'ok' as const,
        ),
        deadline,
      ]);
      if (ok === 'ok') await this.connection.sendNotification('exit').catch(() => undefined);
      const code = await Promise.race([this.exited, deadline]);
      if (code === 'timeout') {
        this.process.kill('SIGKILL');
        await this.exited;
        throw new Error(`language server did not exit within ${timeoutMs} ms after shutdown/exit; killed it`);
      }
      return code;
    } finally {
      clearTimeout(timer);
      this.connection.dispose();
    }
  }

  /** Kills the process without the LSP handshake (cleanup after a failed test). */
  async kill(): Promise<void> {
    this.connection.dispose();
    if (this.exitCode === undefined) {
      this.process.kill('SIGKILL');
      await this.exited;
    }
  }
}

/** Fails fast, with the fix, when the bundle is missing. */
export function assertBuilt(): void {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run npm run build first.`);
}

/** Diagnostic codes, in order. */
export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

/** A diagnostic's message as plain text (LSP 3.18 allows markup). */
export function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

/** A file URI for a (not necessarily existing) path under the repo. */
export function fileUri(...segments: string[]): string {
  return pathToFileURL(join(ROOT, ...segments)).href;
}
