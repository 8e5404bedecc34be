/**
 * "Lineage Lens: Verify Setup": checks the endpoint layer by layer and sends a test run (./endpoint-check.ts),
 * asks the language server whether each integration in the workspace would send lineage (./report.ts), shows
 * the report as a Markdown preview, and opens the test run in the lineage graph when it was read back.
 *
 * Arguments (for scripts and tests): `{ namespace?: string; sendTestEvent?: boolean; show?: boolean }`; the
 * result object says what was found, whatever was shown.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { setupReportRequest } from '../../../protocol/setup';
import { sessionKeyFor } from '../endpoint/local-session';
import type { EndpointSession } from '../endpoint/session';
import { completeStep } from '../walkthrough';
import { checkEndpoint, type EndpointCheckResult } from './endpoint-check';
import { integrationStatuses, reportMarkdown, type IntegrationStatus } from './report';
import { neutralize } from '../untrusted';

const REPORT_SCHEME = 'lineage-lens-report';
const REPORT_URI = vscode.Uri.from({ scheme: REPORT_SCHEME, path: '/Verify Setup.md' });
/** The namespace of the test run unless the user picks another. */
export const DEFAULT_TEST_NAMESPACE = 'lineage-lens-verify';

export interface VerifySetupResult {
  endpoint?: EndpointCheckResult & { url: string };
  /** Why the endpoint was not checked. */
  endpointMissing?: string;
  integrations?: IntegrationStatus[];
  /** Why the integrations were not checked. */
  setupError?: string;
  markdown: string;
}

/** Registers Verify Setup and the read-only document its report is shown from. */
export function registerVerifySetup(
  context: vscode.ExtensionContext,
  deps: { client: () => LanguageClient | undefined; session: EndpointSession; output: vscode.LogOutputChannel },
): void {
  let latest = '';
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: () => latest,
    }),
    vscode.commands.registerCommand(
      'lineageLens.verifySetup',
      async (args?: { namespace?: unknown; sendTestEvent?: unknown; show?: unknown }): Promise<VerifySetupResult | undefined> => {
        const show = args?.show !== false;
        const sendTestEvent = args?.sendTestEvent !== false;
        let namespace = typeof args?.namespace === 'string' && args.namespace.trim() !== '' ? args.namespace.trim() : undefined;
        const endpoint = await deps.session.resolve({ interactive: show });
        if (endpoint.ok && sendTestEvent && namespace === undefined) {
          if (!show) namespace = DEFAULT_TEST_NAMESPACE;
          else {
            namespace = await vscode.window.showInputBox({
              title: 'Verify Setup: namespace of the test run',
              prompt: `A test run (job lineage_lens.verify_setup) is sent to ${endpoint.url} and read back. Which namespace should it go to?`,
              value: DEFAULT_TEST_NAMESPACE,
              validateInput: (v) =>
                v.trim() === ''
                  ? 'Enter a namespace, e.g. lineage-lens-verify.'
                  : /\s/.test(v.trim())
                    ? 'A namespace has no spaces.'
                    : undefined,
            });
            if (namespace === undefined) return undefined;
            namespace = namespace.trim();
          }
        }
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Lineage Lens: verifying the setup', cancellable: true },
          async (progress, token) => {
            const abort = new AbortController();
            const sub = token.onCancellationRequested(() => abort.abort());
            try {
              const out: Omit<VerifySetupResult, 'markdown'> = {};
              if (endpoint.ok) {
                progress.report({ message: neutralize(`checking ${endpoint.url}…`) });
                // The local endpoint's session key for its own origin while it runs, else the stored key.
                const apiKey = await deps.session.keys.forRequests(endpoint.origin);
                const sessionKey = sessionKeyFor(endpoint.origin) !== undefined;
                const checked = await checkEndpoint({
                  url: endpoint.url,
                  namespace: namespace ?? DEFAULT_TEST_NAMESPACE,
                  sendTestEvent,
                  signal: abort.signal,
                  ...(apiKey !== undefined && { apiKey }),
                  ...(sessionKey && { sessionKey }),
                });
                out.endpoint = { ...checked, url: endpoint.url };
              } else out.endpointMissing = `${endpoint.message} Or run "Lineage Lens: Start Local Lineage Endpoint" to run one here.`;
              progress.report({ message: 'checking the workspace’s configuration…' });
              const client = deps.client();
              if (client?.isRunning()) {
                try {
                  const setup = await client.sendRequest(setupReportRequest, {});
                  out.integrations = integrationStatuses(setup);
                  return { ...out, markdown: reportMarkdown({ ...out, setup, now: new Date() }) };
                } catch (error) {
                  out.setupError = `The language server could not check the workspace: ${error instanceof Error ? error.message : String(error)}`;
                }
              } else
                out.setupError =
                  'The Lineage Lens language server is not running, so the workspace could not be checked. Run "Lineage Lens: Restart Language Server".';
              return { ...out, markdown: reportMarkdown({ ...out, now: new Date() }) };
            } finally {
              sub.dispose();
            }
          },
        );
        const failed = result.endpoint?.steps.find((s) => s.status === 'fail');
        if (result.endpoint?.ok) completeStep('verified');
        // An endpoint that needs no key, or accepts the one stored, needs nothing more for that step.
        if (result.endpoint?.steps.some((s) => s.id === 'auth' && s.status === 'pass')) completeStep('apiKey');
        deps.output.info(
          `Verify Setup: endpoint ${result.endpoint ? (result.endpoint.ok ? 'ok' : `failed at ${failed?.label}`) : 'not set'}; ${(result.integrations ?? []).map((i) => `${i.id} ${i.verdict}`).join(', ') || 'no integration found'}.`,
        );
        if (show) {
          latest = result.markdown;
          changed.fire(REPORT_URI);
          // The test run's graph where the user is, the report beside it.
          if (result.endpoint?.test?.readBack)
            await vscode.commands.executeCommand('lineageLens.showLineage', { nodeId: result.endpoint.test.nodeId });
          await vscode.commands.executeCommand('markdown.showPreviewToSide', REPORT_URI);
        }
        return result;
      },
    ),
  );
}
