/**
 * "Lineage Lens: Set Up Integration": pick an integration and where it runs, and the right configuration is
 * written into the right files of the workspace, filled with the endpoint and namespace, shown first as a diff
 * per file with the list of changes, and written only once the user says so. The language server plans it
 * (`lineageLens/setupPlan`, protocol/setup-plan.ts): it reads the files and returns their new contents.
 * What is already right is left alone; what is wrong is fixed in place; running it twice changes nothing.
 * The API key is never written: the configuration references a variable or secret, and the command says
 * where its value goes.
 *
 * Arguments (scripts, tests, the walkthrough): `{ integration, target, url?, namespace?, preview? }`;
 * `preview: false` applies without the preview. Returns what it did.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  setupIntegrationsRequest,
  setupPlanRequest,
  type IntegrationId,
  type SetupPlan,
  type SetupPlanParams,
  type SetupPlanResult,
} from '../../../protocol/setup-plan';
import type { EndpointSession } from '../endpoint/session';
import { completeStep } from '../walkthrough';
import { neutralize } from '../untrusted';

export type SetUpResult =
  | {
      ok: true;
      integration: IntegrationId;
      target: string;
      written: string[];
      alreadyConfigured: string[];
      secret?: SetupPlan['secret'];
      nextSteps: string[];
    }
  | { ok: false; message: string; cancelled?: boolean };

const SERVER_DOWN =
  'The Lineage Lens language server is not running, so the setup cannot be planned. Run "Lineage Lens: Restart Language Server".';

interface Args {
  integration?: unknown;
  target?: unknown;
  url?: unknown;
  namespace?: unknown;
  preview?: unknown;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Current text of a workspace file: the open editor's (unsaved edits included), else the disk's. */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Read-only documents of the preview: before and after, per planned file. */
const PREVIEW_SCHEME = 'lineage-lens-setup';
const previews = new Map<string, string>();

/** Closes the preview's diff tabs once the user has answered. */
async function closePreviewTabs(token: string): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter(
      (t) =>
        t.input instanceof vscode.TabInputTextDiff &&
        t.input.modified.scheme === PREVIEW_SCHEME &&
        t.input.modified.path.startsWith(`/${token}/`),
    );
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

export function registerSetUpIntegration(
  context: vscode.ExtensionContext,
  deps: { client: () => LanguageClient | undefined; session: EndpointSession; output: vscode.LogOutputChannel },
): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
      provideTextDocumentContent: (uri) => previews.get(uri.path) ?? '',
    }),
  );
  const fail = (message: string, cancelled = false): SetUpResult => {
    if (!cancelled) void vscode.window.showErrorMessage(neutralize(`Lineage Lens: ${message}`));
    return { ok: false, message, ...(cancelled && { cancelled }) };
  };
  /** A request to the language server (waiting for it while it starts); undefined when it cannot answer. */
  async function ask<R>(method: string, send: (client: LanguageClient) => Promise<R>): Promise<R | undefined> {
    const client = deps.client();
    if (!client) return undefined;
    try {
      return await send(client);
    } catch (error) {
      deps.output.warn(`Set Up Integration: ${method} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  async function run(args: Args = {}): Promise<SetUpResult> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') return fail('Open the project folder first: the setup writes into its files.');
    const all = await ask(setupIntegrationsRequest.method, (c) => c.sendRequest(setupIntegrationsRequest, {}));
    if (!all) return fail(SERVER_DOWN);

    // 1. Integration and target.
    let integration = all.find((i) => i.id === str(args.integration));
    if (args.integration !== undefined && !integration)
      return fail(`Unknown integration ${JSON.stringify(args.integration)}: use one of ${all.map((i) => i.id).join(', ')}.`);
    if (!integration) {
      const pick = await vscode.window.showQuickPick(
        all.map((i) => ({ label: i.label, description: i.description, info: i })),
        { title: 'Set Up Integration (1/2): which integration?', placeHolder: 'What should send lineage?' },
      );
      if (!pick) return fail('Cancelled.', true);
      integration = pick.info;
    }
    let target = integration.targets.find((t) => t.id === str(args.target) || (str(args.target)?.startsWith(`${t.id}:`) ?? false));
    if (args.target !== undefined && !target)
      return fail(
        `${integration.label} has no target ${JSON.stringify(args.target)}: use one of ${integration.targets.map((t) => t.id).join(', ')}.`,
      );
    if (!target) {
      if (integration.targets.length === 1) target = integration.targets[0]!;
      else {
        const pick = await vscode.window.showQuickPick(
          integration.targets.map((t) => ({ label: t.label, detail: t.detail, t })),
          { title: `Set Up Integration (2/2): where does ${integration.label} run?` },
        );
        if (!pick) return fail('Cancelled.', true);
        target = pick.t;
      }
    }
    const targetId = str(args.target) ?? target.id;

    // 2. Endpoint and namespace: given, configured (or the local endpoint), else asked.
    const endpoint = await deps.session.resolve({ interactive: true });
    let url = str(args.url) ?? (endpoint.ok ? endpoint.url : undefined);
    if (!url) {
      const choice = await vscode.window.showQuickPick(
        [
          { label: '$(radio-tower) Start the local lineage endpoint and send to it', id: 'local' },
          {
            label: '$(link) Enter the endpoint URL',
            detail: 'Marquez or another OpenLineage endpoint, e.g. http://marquez:5000',
            id: 'enter',
          },
        ],
        { title: 'Set Up Integration: where should lineage go?', placeHolder: 'No lineage endpoint is set' },
      );
      if (!choice) return fail('Cancelled.', true);
      if (choice.id === 'local') {
        const started = await vscode.commands.executeCommand<{ ok: boolean; url?: string; message?: string }>(
          'lineageLens.startLocalEndpoint',
        );
        if (!started?.ok || !started.url) return { ok: false, message: started?.message ?? 'The local endpoint did not start.' };
        url = started.url;
      } else {
        url = str(
          await vscode.window.showInputBox({
            title: 'Set Up Integration: endpoint URL',
            prompt: 'The API root the integration sends lineage to (without /api/v1)',
            placeHolder: 'http://marquez:5000',
          }),
        );
        if (!url) return fail('Cancelled.', true);
      }
    }
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return fail(`${url} is not a URL: enter the endpoint's API root, e.g. http://marquez:5000.`);
    }
    const apiKey = (await deps.session.keys.get(origin)) !== undefined;

    // 3. The plan, from the server (it reads the files); the namespace (unless given or set) defaults to the one the files use.
    const request = (namespace?: string): Promise<SetupPlanResult | undefined> => {
      const params: SetupPlanParams = {
        folder: folder.uri.toString(),
        integration: integration.id,
        target: targetId,
        endpoint: { url, ...(namespace !== undefined && { namespace }) },
        apiKey,
      };
      return ask(setupPlanRequest.method, (c) => c.sendRequest(setupPlanRequest, params));
    };
    let namespace = str(args.namespace) ?? (endpoint.ok ? endpoint.namespace : undefined);
    if (!namespace) {
      const asked = await request();
      if (!asked) return fail(SERVER_DOWN);
      if (asked.kind === 'error') return fail(asked.message);
      const found = asked.kind === 'namespace' ? asked.existing : undefined;
      namespace = str(
        await vscode.window.showInputBox({
          title: 'Set Up Integration: namespace',
          prompt: found
            ? `The OpenLineage namespace of the jobs this integration reports: ${found.path} uses ${found.namespace}.`
            : 'The OpenLineage namespace of the jobs this integration reports (often the environment or the project)',
          value: found?.namespace ?? 'default',
          validateInput: (v) => (v.trim() === '' ? 'Enter a namespace.' : undefined),
        }),
      );
      if (!namespace) return fail('Cancelled.', true);
    }
    const answer = await request(namespace);
    if (!answer) return fail(SERVER_DOWN);
    if (answer.kind === 'error') return fail(answer.message);
    if (answer.kind !== 'plan') return fail(`The language server did not plan the setup for the namespace ${namespace}.`);
    const plan = answer.plan;
    deps.output.info(
      `Set Up Integration: ${integration.id}/${targetId} → ${url} (${namespace}): ${plan.edits.length} file(s) to change; already configured: ${plan.alreadyConfigured.join('; ') || 'nothing'}.`,
    );

    const done = (written: string[]): SetUpResult => {
      completeStep('integration');
      const result: SetUpResult = {
        ok: true,
        integration: integration.id,
        target: targetId,
        written,
        alreadyConfigured: plan.alreadyConfigured,
        ...(plan.secret && { secret: plan.secret }),
        nextSteps: plan.nextSteps,
      };
      const parts = [
        written.length > 0
          ? `${integration.label}: wrote ${written.join(', ')}.`
          : `${integration.label} is already set up: nothing to change.`,
      ];
      if (plan.secret)
        parts.push(`Put the API key in ${plan.secret.name} (${plan.secret.where}); it is never written to the configuration.`);
      if (plan.nextSteps.length > 0) parts.push(plan.nextSteps[0]!);
      const actions = plan.secret ? ['Copy Variable Name', 'Verify Setup'] : ['Verify Setup'];
      void vscode.window.showInformationMessage(neutralize(`Lineage Lens: ${parts.join(' ')}`), ...actions).then((choice) => {
        if (choice === 'Copy Variable Name' && plan.secret) void vscode.env.clipboard.writeText(plan.secret.name);
        else if (choice === 'Verify Setup') void vscode.commands.executeCommand('lineageLens.verifySetup');
      });
      return result;
    };
    if (plan.edits.length === 0) return done([]);

    // 4. Preview: a diff per file (current ↔ after the setup), then the user's go-ahead listing every change.
    if (args.preview !== false) {
      const token = `${Date.now()}`;
      for (const [i, e] of plan.edits.entries()) {
        previews.set(`/${token}/before/${e.path}`, e.before ?? '');
        previews.set(`/${token}/after/${e.path}`, e.after);
        const left = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${token}/before/${e.path}` });
        const right = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${token}/after/${e.path}` });
        await vscode.commands.executeCommand(
          'vscode.diff',
          left,
          right,
          `${e.path}: ${e.before === undefined ? 'new file' : 'now'} ↔ after Set Up Integration`,
          { preview: false, preserveFocus: i > 0 },
        );
      }
      const detail = plan.edits
        .map((e) => `${e.path}${e.before === undefined ? ' (new)' : ''}:\n${e.changes.map((c) => `  • ${c}`).join('\n')}`)
        .join('\n\n');
      const apply = `Write ${plan.edits.length === 1 ? 'the file' : `${plan.edits.length} files`}`;
      const answer = await vscode.window.showInformationMessage(
        neutralize(`Set up ${integration.label}: the diffs show what changes. Write it?`),
        {
          modal: true,
          detail: neutralize(
            `${detail}${plan.secret ? `\n\nThe API key is not written: put it in ${plan.secret.name} (${plan.secret.where}).` : ''}`,
            8000,
          ),
        },
        apply,
      );
      for (const key of [...previews.keys()]) if (key.startsWith(`/${token}/`)) previews.delete(key);
      await closePreviewTabs(token);
      if (answer !== apply) return fail('Nothing was written.', true);
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of plan.edits) {
      const uri = vscode.Uri.joinPath(folder.uri, ...e.path.split('/'));
      if (e.before === undefined) edit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(e.after) });
      else {
        const document = await vscode.workspace.openTextDocument(uri);
        if (document.getText() !== e.before) return fail(`${e.path} changed while the setup was shown: run Set Up Integration again.`);
        edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), e.after);
      }
    }
    const applied = await vscode.workspace.applyEdit(edit);
    if (!applied) return fail('The changes could not be applied (a file changed meanwhile, or is read-only).');
    const written: string[] = [];
    for (const e of plan.edits) {
      const uri = vscode.Uri.joinPath(folder.uri, ...e.path.split('/'));
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document?.isDirty) await document.save();
      if ((await readText(uri)) === e.after) written.push(e.path);
    }
    return done(written);
  }

  context.subscriptions.push(vscode.commands.registerCommand('lineageLens.setUpIntegration', (args?: Args) => run(args ?? {})));
}
