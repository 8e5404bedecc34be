/**
 * The commands that configure the lineage endpoint: Set Endpoint, Set API Key, Clear API Key and Test
 * Connection. Each one that takes input also takes it as its first argument (for scripts, keybindings and
 * tests) and asks for it otherwise; each returns a result object saying what it did, so callers and tests
 * need not read notifications.
 */
import * as vscode from 'vscode';
import { EndpointError, remedyFor, REMEDY_COMMANDS, type EndpointErrorKind } from './errors';
import { normalizeEndpointUrl } from './config';
import { completeStep } from '../walkthrough';
import { validateApiKey } from './secrets';
import type { EndpointSession } from './session';
import { writeUserEndpointUrl, type ResolvedEndpoint } from './settings';
import { neutralize } from '../untrusted';

export type SetEndpointResult = { ok: true; url: string } | { ok: false; message: string; cancelled?: boolean };
export type SetApiKeyResult = { ok: true; origin: string } | { ok: false; message: string; cancelled?: boolean };
export type ClearApiKeyResult = { ok: true; origin: string; existed: boolean } | { ok: false; message: string };

/** Test Connection's outcome. */
export type TestConnectionResult =
  | {
      ok: true;
      url: string;
      /** Where the URL comes from: user or workspace settings, or the local endpoint the extension runs. */
      source: 'user' | 'workspace' | 'local';
      /** How many namespaces `GET /api/v1/namespaces` listed (at most {@link NAMESPACE_PAGE}). */
      namespaces: number;
      latencyMs: number;
      /** Whether an API key was stored for the origin (and so sent). */
      apiKey: boolean;
      /** The configured default namespace and whether the endpoint has it. */
      namespace?: { name: string; found: boolean };
    }
  | {
      ok: false;
      /** `not-configured` when there is no endpoint to test; otherwise the client's error kind. */
      kind: EndpointErrorKind | 'not-configured';
      message: string;
      url?: string;
      status?: number;
    };

/** The page of namespaces Test Connection asks for (Marquez's own default). */
const NAMESPACE_PAGE = 100;

const SET_ENDPOINT = REMEDY_COMMANDS['set-endpoint'].label;
const TEST_CONNECTION = 'Test Connection';

/** Registers the endpoint commands. */
export function registerEndpointCommands(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  session: EndpointSession,
): void {
  const { keys } = session;

  /** Runs a follow-up command when the user clicks a notification's button; never awaited by the command. */
  const offer = (show: Thenable<string | undefined>) => {
    void show.then((choice) => {
      const remedy = Object.values(REMEDY_COMMANDS).find((r) => r.label === choice);
      if (remedy) void vscode.commands.executeCommand(remedy.command);
      else if (choice === TEST_CONNECTION) void vscode.commands.executeCommand('lineageLens.testConnection');
    });
  };

  const notConfigured = (endpoint: Extract<ResolvedEndpoint, { ok: false }>) => {
    offer(vscode.window.showErrorMessage(neutralize(`Lineage Lens: ${endpoint.message}`), SET_ENDPOINT));
  };

  async function setEndpoint(arg?: unknown): Promise<SetEndpointResult> {
    let input: string | undefined = typeof arg === 'string' ? arg : undefined;
    if (input === undefined) {
      const current = session.settings().choice;
      input = await vscode.window.showInputBox({
        title: 'Lineage Lens: Set Endpoint',
        prompt: 'Root of the Marquez-compatible lineage API (Lineage Lens appends /api/v1/...). Saved in your user settings.',
        placeHolder: 'http://localhost:5000',
        value: current.kind === 'none' ? 'http://localhost:5000' : current.url,
        ignoreFocusOut: true,
        validateInput: (value) => {
          const normalized = normalizeEndpointUrl(value);
          return normalized.ok ? undefined : normalized.message;
        },
      });
      if (input === undefined) return { ok: false, message: 'Cancelled.', cancelled: true };
    }
    const normalized = normalizeEndpointUrl(input);
    if (!normalized.ok) {
      void vscode.window.showErrorMessage(neutralize(`Lineage Lens: ${normalized.message}`));
      return { ok: false, message: normalized.message };
    }
    await writeUserEndpointUrl(normalized.url);
    output.info(`Endpoint set to ${normalized.url} (user settings).`);
    const now = session.settings().choice;
    if (now.kind === 'workspace') {
      void vscode.window.showWarningMessage(
        neutralize(
          `Lineage Lens: saved ${normalized.url} in your user settings, but this workspace's own lineageLens.endpoint.url (${now.url}) still applies here.`,
        ),
      );
    } else {
      offer(vscode.window.showInformationMessage(neutralize(`Lineage Lens: endpoint set to ${normalized.url}.`), TEST_CONNECTION));
    }
    return { ok: true, url: normalized.url };
  }

  async function setApiKey(arg?: unknown): Promise<SetApiKeyResult> {
    const endpoint = await session.resolve({ interactive: true });
    if (!endpoint.ok) {
      notConfigured(endpoint);
      return { ok: false, message: endpoint.message };
    }
    let key: string | undefined = typeof arg === 'string' ? arg : undefined;
    if (key === undefined) {
      key = await vscode.window.showInputBox({
        title: `Lineage Lens: API Key for ${endpoint.origin}`,
        prompt: `Sent as "Authorization: Bearer <key>", only to ${endpoint.origin}. Stored in the OS secret storage, never in settings.`,
        password: true,
        ignoreFocusOut: true,
        validateInput: validateApiKey,
      });
      if (key === undefined) return { ok: false, message: 'Cancelled.', cancelled: true };
    }
    const problem = validateApiKey(key);
    if (problem) {
      void vscode.window.showErrorMessage(neutralize(`Lineage Lens: ${problem}`));
      return { ok: false, message: problem };
    }
    await keys.set(endpoint.origin, key.trim());
    output.info(`API key stored for ${endpoint.origin}.`);
    completeStep('apiKey');
    offer(vscode.window.showInformationMessage(neutralize(`Lineage Lens: API key stored for ${endpoint.origin}.`), TEST_CONNECTION));
    return { ok: true, origin: endpoint.origin };
  }

  async function clearApiKey(): Promise<ClearApiKeyResult> {
    const endpoint = await session.resolve({ interactive: false });
    if (!endpoint.ok) {
      notConfigured(endpoint);
      return { ok: false, message: endpoint.message };
    }
    const existed = await keys.delete(endpoint.origin);
    output.info(existed ? `API key removed for ${endpoint.origin}.` : `No API key was stored for ${endpoint.origin}.`);
    void vscode.window.showInformationMessage(
      neutralize(
        existed ? `Lineage Lens: API key removed for ${endpoint.origin}.` : `Lineage Lens: no API key was stored for ${endpoint.origin}.`,
      ),
    );
    return { ok: true, origin: endpoint.origin, existed };
  }

  async function testConnection(): Promise<TestConnectionResult> {
    const endpoint = await session.resolve({ interactive: true });
    if (!endpoint.ok) {
      notConfigured(endpoint);
      return { ok: false, kind: 'not-configured', message: endpoint.message };
    }
    const apiKey = (await keys.get(endpoint.origin)) !== undefined;
    const client = session.client(endpoint);
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: neutralize(`Lineage Lens: connecting to ${endpoint.url}…`),
        cancellable: true,
      },
      async (_progress, token): Promise<TestConnectionResult> => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        const started = performance.now();
        try {
          const list = await client.namespaces({ limit: NAMESPACE_PAGE, signal: abort.signal });
          const latencyMs = Math.round(performance.now() - started);
          const names = list.namespaces.map((n) => n.name);
          return {
            ok: true,
            url: endpoint.url,
            source: endpoint.source,
            namespaces: names.length,
            latencyMs,
            apiKey,
            ...(endpoint.namespace !== undefined && { namespace: { name: endpoint.namespace, found: names.includes(endpoint.namespace) } }),
          };
        } catch (error) {
          if (error instanceof EndpointError)
            return {
              ok: false,
              kind: error.kind,
              message: error.message,
              url: endpoint.url,
              ...(error.status !== undefined && { status: error.status }),
            };
          throw error;
        } finally {
          subscription.dispose();
        }
      },
    );
    report(result);
    return result;
  }

  function report(result: TestConnectionResult): void {
    if (result.ok) {
      const count =
        result.namespaces >= NAMESPACE_PAGE
          ? `${NAMESPACE_PAGE} or more namespaces`
          : `${result.namespaces} namespace${result.namespaces === 1 ? '' : 's'}`;
      const ns = result.namespace
        ? result.namespace.found
          ? ` Namespace "${result.namespace.name}" is there.`
          : ` Namespace "${result.namespace.name}" (lineageLens.endpoint.namespace) is not among them.`
        : '';
      const text = `Connected to ${result.url} in ${result.latencyMs} ms: ${count}${result.apiKey ? ', with the stored API key' : ''}.${ns}`;
      output.info(text);
      void vscode.window.showInformationMessage(neutralize(`Lineage Lens: ${text}`));
      return;
    }
    output.warn(`Test Connection failed (${result.kind}): ${result.message}`);
    if (result.kind === 'cancelled') return;
    const remedy = remedyFor(result.kind);
    const action = remedy && REMEDY_COMMANDS[remedy].label;
    offer(
      action
        ? vscode.window.showErrorMessage(neutralize(`Lineage Lens: ${result.message}`), action)
        : vscode.window.showErrorMessage(neutralize(`Lineage Lens: ${result.message}`)),
    );
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('lineageLens.setEndpoint', setEndpoint),
    vscode.commands.registerCommand('lineageLens.setApiKey', setApiKey),
    vscode.commands.registerCommand('lineageLens.clearApiKey', clearApiKey),
    vscode.commands.registerCommand('lineageLens.testConnection', testConnection),
  );
}
