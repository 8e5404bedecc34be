/**
 * The "Get started with Lineage Lens" walkthrough's progress. Each step completes on the state it asks for,
 * whenever that state was reached (before the walkthrough was opened, by hand, or by a command): package.json's
 * `completionEvents` wait for these context keys, which are set from the real state at activation and again
 * whenever it changes:
 * - endpoint: an endpoint is set in the settings, or the local endpoint runs;
 * - apiKey: an API key is stored for the endpoint in use (or Verify Setup found the endpoint needs none);
 * - integration: the workspace has an integration that would send lineage, with no errors (the server's
 *   setupReport, as Verify Setup judges it), or Set Up Integration just wrote one;
 * - verified: Verify Setup passed once; graph: a graph was drawn once. Both are remembered in globalState,
 *   since they are events, not states of the workspace.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PROJECT_FILES } from '../../protocol/project-files';
import { setupReportRequest } from '../../protocol/setup';
import type { EndpointSession } from './endpoint/session';
import { localSession } from './endpoint/local-session';
import { integrationStatuses } from './setup/report';

export type WalkthroughStep = 'endpoint' | 'apiKey' | 'integration' | 'verified' | 'graph';

const KEYS: Record<WalkthroughStep, string> = {
  endpoint: 'lineageLens.walkthrough.endpoint',
  apiKey: 'lineageLens.walkthrough.apiKey',
  integration: 'lineageLens.walkthrough.integration',
  verified: 'lineageLens.walkthrough.verified',
  graph: 'lineageLens.walkthrough.graph',
};

/** Steps that are events: remembered across sessions. */
const REMEMBERED: ReadonlySet<WalkthroughStep> = new Set(['verified', 'graph']);

let memory: vscode.Memento | undefined;
const state = new Map<WalkthroughStep, boolean>();

function set(step: WalkthroughStep, done: boolean): void {
  if (state.get(step) === done) return;
  state.set(step, done);
  void vscode.commands.executeCommand('setContext', KEYS[step], done);
}

/** Marks a walkthrough step done (idempotent); the event steps are remembered. */
export function completeStep(step: WalkthroughStep): void {
  if (REMEMBERED.has(step) && memory?.get(KEYS[step]) !== true) void memory?.update(KEYS[step], true);
  set(step, true);
}

/** Each step's context key as set now (for the tests: `lineageLens.walkthroughState`). */
export function walkthroughState(): Record<WalkthroughStep, boolean> {
  return Object.fromEntries((Object.keys(KEYS) as WalkthroughStep[]).map((s) => [s, state.get(s) === true])) as Record<
    WalkthroughStep,
    boolean
  >;
}

/**
 * Sets the keys from the state at activation, and keeps them current: settings, stored keys, the local
 * endpoint, and the project files (the integration step, re-judged a moment after they change).
 */
export function trackWalkthrough(
  context: vscode.ExtensionContext,
  deps: {
    session: EndpointSession;
    client: () => LanguageClient | undefined;
    localEndpointChanged: vscode.Event<{ running: boolean }>;
  },
): { refresh(): Promise<void> } {
  memory = context.globalState;
  for (const step of REMEMBERED) if (memory.get(KEYS[step]) === true) set(step, true);

  let localRunning = localSession() !== undefined;
  const endpointState = async (): Promise<void> => {
    const settings = deps.session.settings();
    // Only ever ticks: a step once done stays done (VS Code keeps it so too).
    if (settings.choice.kind !== 'none' || settings.choice.pending !== undefined || localRunning) set('endpoint', true);
    const endpoint = await deps.session.resolve({ interactive: false });
    if (endpoint.ok && endpoint.source !== 'local' && (await deps.session.keys.get(endpoint.origin)) !== undefined) set('apiKey', true);
  };
  const integrationState = async (): Promise<void> => {
    const client = deps.client();
    if (!client?.isRunning()) return;
    try {
      const report = await client.sendRequest(setupReportRequest, {});
      if (integrationStatuses(report).some((i) => i.verdict === 'sends')) set('integration', true);
    } catch {
      // The server is restarting or gone: judged again on the next change.
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    if (state.get('integration')) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void integrationState(), 1500);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(PROJECT_FILES);
  context.subscriptions.push(
    watcher,
    watcher.onDidChange(soon),
    watcher.onDidCreate(soon),
    vscode.workspace.onDidSaveTextDocument(soon),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lineageLens.endpoint')) void endpointState();
    }),
    context.secrets.onDidChange(() => void endpointState()),
    deps.localEndpointChanged((s) => {
      localRunning = s.running;
      void endpointState();
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
  void endpointState();
  return {
    refresh: async () => {
      await endpointState();
      await integrationState();
    },
  };
}
