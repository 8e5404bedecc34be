/**
 * "Start Local Lineage Endpoint" / "Stop Local Lineage Endpoint": runs `lineage-lens serve` for the workspace
 * as a child process (dist/local-endpoint.js, see server/src/endpoint-process/main.ts), events kept in the
 * workspace's `.lineage/` folder, a status bar item showing that it runs and how many events it holds.
 *
 * While it runs and no endpoint is set in the settings, it is the viewer's endpoint (EndpointSession.setLocal,
 * endpoint/session.ts): Airflow, dbt-ol, Spark or Great Expectations runs that send to it show up in the
 * DAG Lineage view, Recent Runs and Issues. Moving to a shared Marquez is setting `lineageLens.endpoint.url`.
 *
 * Events it accepted that are not spec-valid are named in the output channel, and a non-modal notice says so once
 * per producer per hour (endpoint/deviation-notices.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeviantEvent, EndpointProcessCommand, EndpointProcessMessage, EndpointProcessOptions } from '../../protocol/local-endpoint';
import { DeviationNotices } from './endpoint/deviation-notices';
import { newSessionKey } from './endpoint/local-session';
import type { EndpointSession } from './endpoint/session';
import { mdCode } from '../../common/markdown';
import { count } from '../../common/plural';
import { neutralize } from './untrusted';

/** Names and paths as code spans, whole and on one line. */
const quote = (text: string): string => mdCode(text, Infinity, 'space');

/** How long start-up (replaying the stored events) may take before the start is given up. */
const START_TIMEOUT_MS = 60_000;
/** In a multi-root workspace, which folder keeps the events (the first one, unless the data folder is absolute). */
function where(dataDir: string): string {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length < 2) return '';
  const folder = folders.find((f) => dataDir.startsWith(f.uri.fsPath + path.sep));
  return folder ? ` (events kept in folder ${folder.name}: ${dataDir})` : ` (events kept in ${dataDir})`;
}

/** What to do when the port cannot be used (the actions of the error offer both). */
const PORT_ADVICE = 'Start it on a free port, or set lineageLens.localEndpoint.port.';
const FREE_PORT = 'Start on a Free Port';
const PORT_SETTING = 'Open Port Setting';

/** How long a stopping endpoint may take to close its store before it is killed. */
const STOP_TIMEOUT_MS = 5_000;

export type StartLocalEndpointResult =
  | { ok: true; url: string; dataDir: string; eventCount: number; alreadyRunning: boolean; startupMs: number }
  | { ok: false; code: string; message: string };

export interface LocalEndpointStatus {
  running: boolean;
  url?: string;
  dataDir?: string;
  eventCount?: number;
  /** Events received in the last hour that were not spec-valid (accepted, as Marquez would). */
  notSpecValid?: number;
}

/** The environment and Spark settings that send lineage to `url`, for the copy actions. */
export function clientSettings(url: string): { env: string; spark: string } {
  return {
    env: `OPENLINEAGE_URL=${url}\nOPENLINEAGE_NAMESPACE=default`,
    spark: `spark.extraListeners=io.openlineage.spark.agent.OpenLineageSparkListener\nspark.openlineage.transport.type=http\nspark.openlineage.transport.url=${url}\nspark.openlineage.namespace=default`,
  };
}

export class LocalEndpointController implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private status: LocalEndpointStatus = { running: false };
  private starting: Promise<StartLocalEndpointResult> | undefined;
  private readonly item = vscode.window.createStatusBarItem('lineageLens.localEndpoint', vscode.StatusBarAlignment.Left, 0);
  private readonly changed = new vscode.EventEmitter<LocalEndpointStatus>();
  private readonly noticed = new vscode.EventEmitter<string>();
  private readonly notices = new DeviationNotices();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly session: EndpointSession,
  ) {
    this.item.name = 'Lineage Lens: Local Lineage Endpoint';
    this.item.command = 'lineageLens.localEndpointActions';
  }

  /** Fires when the endpoint starts, stops or holds more events. */
  get onDidChange(): vscode.Event<LocalEndpointStatus> {
    return this.changed.event;
  }

  /** Fires with the text of each notice about events that are not spec-valid, as it is shown. */
  get onDidNotice(): vscode.Event<string> {
    return this.noticed.event;
  }

  get current(): LocalEndpointStatus {
    return this.status;
  }

  /** Starts the endpoint (`port` and `dataDir` override the settings); a running one is left as it is. */
  start(options: { port?: number; dataDir?: string } = {}): Promise<StartLocalEndpointResult> {
    if (this.status.running && this.status.url) {
      return Promise.resolve({
        ok: true,
        url: this.status.url,
        dataDir: this.status.dataDir ?? '',
        eventCount: this.status.eventCount ?? 0,
        alreadyRunning: true,
        startupMs: 0,
      });
    }
    return (this.starting ??= this.launch(options).finally(() => (this.starting = undefined)));
  }

  private async launch(options: { port?: number; dataDir?: string }): Promise<StartLocalEndpointResult> {
    const config = vscode.workspace.getConfiguration('lineageLens');
    const port = options.port ?? config.get<number>('localEndpoint.port', 5000);
    const configured = options.dataDir ?? config.get<string>('localEndpoint.dataDir', '.lineage');
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!path.isAbsolute(configured) && (!folder || folder.uri.scheme !== 'file')) {
      return {
        ok: false,
        code: 'no-folder',
        message: `Open a folder first: the events are kept in its ${configured} folder. Or set lineageLens.localEndpoint.dataDir to an absolute path.`,
      };
    }
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      return {
        ok: false,
        code: 'usage',
        message: `lineageLens.localEndpoint.port is ${port}: use a port from 1 to 65535 (0 picks a free one).`,
      };
    const dataDir = path.isAbsolute(configured) ? configured : path.join(folder!.uri.fsPath, configured);
    // A fresh read key per start: only this extension can read the endpoint's lineage (memory only).
    const readApiKey = newSessionKey();
    const maxBodyMiB = config.get<number>('localEndpoint.maxBodyMiB', 64);
    const processOptions: EndpointProcessOptions = {
      port,
      host: '127.0.0.1',
      dataDir,
      readApiKey,
      ...(Number.isInteger(maxBodyMiB) && maxBodyMiB >= 1 && maxBodyMiB < 4096 && { maxBodyBytes: maxBodyMiB * 1024 * 1024 }),
      strict: config.get<boolean>('localEndpoint.strict', false) === true,
      fsync: config.get<boolean>('localEndpoint.fsync', false) === true,
    };
    const child = fork(this.context.asAbsolutePath(path.join('dist', 'local-endpoint.js')), [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // VS Code's own executable runs the script as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      execArgv: [],
    });
    // The options (and the key) go over the IPC channel, never in argv: `ps` shows argv to every user.
    child.send({ type: 'start', options: processOptions } satisfies EndpointProcessCommand);
    child.stdout?.on('data', (chunk: Buffer) => this.output.info(`Local endpoint: ${chunk.toString().trimEnd()}`));
    child.stderr?.on('data', (chunk: Buffer) => this.output.warn(`Local endpoint: ${chunk.toString().trimEnd()}`));
    const result = await new Promise<StartLocalEndpointResult>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({
          ok: false,
          code: 'timeout',
          message: `The local endpoint did not start within ${START_TIMEOUT_MS / 1000} s (replaying the events in ${dataDir}). See "Lineage Lens: Show Output".`,
        });
      }, START_TIMEOUT_MS);
      child.on('message', (message: EndpointProcessMessage) => {
        if (message.type === 'log') this.output.info(`Local endpoint: ${message.message}`);
        else if (message.type === 'events') {
          this.update({ eventCount: message.eventCount });
          if (message.deviant?.length) this.deviant(message.deviant);
        } else if (message.type === 'started') {
          clearTimeout(timer);
          resolve({
            ok: true,
            url: message.url,
            dataDir: message.dataDir,
            eventCount: message.eventCount,
            alreadyRunning: false,
            startupMs: message.startup.ms,
          });
        } else if (message.type === 'failed') {
          clearTimeout(timer);
          resolve({
            ok: false,
            code: message.code,
            // The endpoint's own advice is for its command line (--port); in VS Code, the setting and a free port.
            message:
              message.code === 'port-in-use' || message.code === 'cannot-listen'
                ? `${message.reason ?? message.message} ${PORT_ADVICE}`
                : message.message,
          });
        }
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        resolve({ ok: false, code: 'spawn', message: `The local endpoint could not be started: ${error.message}` });
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({
          ok: false,
          code: 'exited',
          message: `The local endpoint stopped while starting (${signal ?? `exit code ${code}`}). See "Lineage Lens: Show Output".`,
        });
        if (this.child === child) this.exited(code, signal);
      });
    });
    if (!result.ok) {
      this.output.warn(`Local endpoint: ${result.message}`);
      return result;
    }
    this.child = child;
    // Events are work data, not source: keep them out of version control.
    const ignore = path.join(result.dataDir, '.gitignore');
    if (!existsSync(ignore)) {
      try {
        writeFileSync(ignore, '# Lineage Lens local endpoint data (events.jsonl): not for version control.\n*\n');
      } catch (error) {
        this.output.warn(`Local endpoint: could not write ${ignore}: ${(error as Error).message}`);
      }
    }
    this.session.setLocal(result.url, readApiKey);
    this.output.info(
      `Local endpoint: ${result.url}, ${count(result.eventCount, 'event')} in ${result.dataDir} (loaded in ${result.startupMs} ms).`,
    );
    this.update({ running: true, url: result.url, dataDir: result.dataDir, eventCount: result.eventCount });
    return result;
  }

  /** Names events that are not spec-valid in the output, and says so once per producer per hour. */
  private deviant(events: DeviantEvent[]): void {
    const now = Date.now();
    const { notices, lines } = this.notices.add(events, now);
    for (const line of lines) this.output.warn(`Local endpoint: not spec-valid: ${line}`);
    for (const notice of notices) {
      const text = neutralize(`Lineage Lens: ${notice.message}`);
      void vscode.window.showWarningMessage(text, 'Show Details').then((choice) => {
        if (choice) this.output.show(true);
      });
      this.noticed.fire(text);
    }
    this.update({ notSpecValid: this.notices.count(now) });
  }

  /** Stops the endpoint: it finishes its writes and closes its store; killed if it takes too long. */
  async stop(): Promise<{ ok: true; wasRunning: boolean }> {
    const child = this.child;
    if (!child) return { ok: true, wasRunning: false };
    this.child = undefined;
    this.session.setLocal(undefined);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, STOP_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      if (child.connected) child.send({ type: 'stop' } satisfies EndpointProcessCommand);
      else child.kill('SIGTERM');
    });
    this.update({ running: false, url: undefined, dataDir: undefined, eventCount: undefined });
    return { ok: true, wasRunning: true };
  }

  /** The process ended on its own. */
  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    this.child = undefined;
    this.session.setLocal(undefined);
    this.update({ running: false, url: undefined, dataDir: undefined, eventCount: undefined });
    void vscode.window
      .showWarningMessage(
        neutralize(
          `Lineage Lens: the local lineage endpoint stopped (${signal ?? `exit code ${code}`}). Every event it acknowledged is kept; start it again to go on.`,
        ),
        'Start Again',
        'Show Output',
      )
      .then((choice) => {
        if (choice === 'Start Again') void vscode.commands.executeCommand('lineageLens.startLocalEndpoint');
        else if (choice === 'Show Output') this.output.show(true);
      });
  }

  private update(change: Partial<LocalEndpointStatus>): void {
    this.status = { ...this.status, ...change };
    const s = this.status;
    if (s.running && s.url) {
      const events = count(s.eventCount ?? 0, 'event');
      this.item.text = `$(radio-tower) Lineage ${new URL(s.url).port ? `:${new URL(s.url).port}` : ''} · ${events}`;
      const tooltip = new vscode.MarkdownString(undefined, true);
      // The data folder comes from the settings (maybe the workspace's): code spans, never Markdown.
      tooltip.appendMarkdown(`**Local lineage endpoint** on ${quote(s.url)} (loopback only)\n\n${events} in ${quote(s.dataDir ?? '')}\n\n`);
      const deviant = this.notices.count(Date.now());
      s.notSpecValid = deviant;
      if (deviant > 0)
        tooltip.appendMarkdown(
          `$(warning) ${deviant.toLocaleString('en-US')} of them in the last hour ${deviant === 1 ? 'was' : 'were'} not spec-valid (named in the output)\n\n`,
        );
      tooltip.appendMarkdown(`Send lineage to it with ${quote(`OPENLINEAGE_URL=${s.url}`)}. Click for more.`);
      this.item.tooltip = tooltip;
      this.item.show();
    } else this.item.hide();
    void vscode.commands.executeCommand('setContext', 'lineageLens.localEndpoint.running', s.running);
    this.changed.fire(s);
  }

  dispose(): void {
    void this.stop();
    this.item.dispose();
    this.changed.dispose();
    this.noticed.dispose();
  }
}

/** Registers the commands; returns the controller. `onChange` runs when the endpoint starts or stops. */
export function registerLocalEndpoint(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  session: EndpointSession,
  onChange: () => void,
): LocalEndpointController {
  const controller = new LocalEndpointController(context, output, session);
  let running = false;
  context.subscriptions.push(
    controller,
    controller.onDidChange((s) => {
      if (s.running !== running) {
        running = s.running;
        onChange();
      }
    }),
    vscode.commands.registerCommand(
      'lineageLens.startLocalEndpoint',
      async (args?: { port?: unknown; dataDir?: unknown }): Promise<StartLocalEndpointResult> => {
        const port = typeof args?.port === 'number' ? args.port : undefined;
        const dataDir = typeof args?.dataDir === 'string' ? args.dataDir : undefined;
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: 'Lineage Lens: starting the local lineage endpoint…' },
          () => controller.start({ ...(port !== undefined && { port }), ...(dataDir !== undefined && { dataDir }) }),
        );
        if (!result.ok) {
          const portActions = result.code === 'port-in-use' || result.code === 'cannot-listen' ? [FREE_PORT, PORT_SETTING] : [];
          void vscode.window.showErrorMessage(neutralize(`Lineage Lens: ${result.message}`), ...portActions).then((choice) => {
            if (choice === FREE_PORT) void vscode.commands.executeCommand('lineageLens.startLocalEndpoint', { ...args, port: 0 });
            else if (choice === PORT_SETTING)
              void vscode.commands.executeCommand('workbench.action.openSettings', 'lineageLens.localEndpoint.port');
          });
          return result;
        }
        if (result.alreadyRunning) return result;
        const configured = session.settings().choice;
        const note =
          configured.kind !== 'none'
            ? ` The viewer keeps reading from ${configured.url} (lineageLens.endpoint.url); clear that setting to view the local endpoint.`
            : ' The Lineage views read from it while no endpoint is set.';
        void vscode.window
          .showInformationMessage(
            neutralize(
              `Lineage Lens: local lineage endpoint on ${result.url}, ${count(result.eventCount, 'event')}${where(result.dataDir)}.${note} Send lineage to it with OPENLINEAGE_URL=${result.url}.`,
            ),
            'Copy Environment',
          )
          .then((choice) => {
            if (choice) void vscode.env.clipboard.writeText(clientSettings(result.url).env);
          });
        return result;
      },
    ),
    vscode.commands.registerCommand('lineageLens.stopLocalEndpoint', () => controller.stop()),
    vscode.commands.registerCommand('lineageLens.localEndpointActions', async () => {
      const s = controller.current;
      if (!s.running || !s.url) return vscode.commands.executeCommand('lineageLens.startLocalEndpoint');
      const url = s.url;
      const pick = await vscode.window.showQuickPick(
        [
          {
            label: '$(copy) Copy Environment for Airflow and dbt',
            detail: 'OPENLINEAGE_URL and OPENLINEAGE_NAMESPACE',
            run: () => vscode.env.clipboard.writeText(clientSettings(url).env),
          },
          {
            label: '$(copy) Copy Spark Configuration',
            detail: 'spark.extraListeners and spark.openlineage.transport.*',
            run: () => vscode.env.clipboard.writeText(clientSettings(url).spark),
          },
          { label: '$(refresh) Refresh Runs and Issues', run: () => vscode.commands.executeCommand('lineageLens.refresh') },
          { label: '$(debug-stop) Stop Local Lineage Endpoint', run: () => controller.stop() },
        ],
        { title: `Local lineage endpoint on ${url}` },
      );
      await pick?.run();
      return undefined;
    }),
  );
  return controller;
}
