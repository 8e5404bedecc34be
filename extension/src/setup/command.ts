/**
 * "Lineage Lens: Set Up Integration": pick an integration and where it runs, and the right configuration is
 * written into the right files of the workspace, filled with the endpoint and namespace, shown first as a diff
 * per file with the list of changes, and written only once the user says so. The language server plans it
 * (`lineageLens/setupPlan`, protocol/setup-plan.ts): it reads the files and returns their new contents.
 * What is already right is left alone; what is wrong is fixed in place; running it twice changes nothing.
 * The API key is never written: the configuration references a variable or secret, and the command says
 * where its value goes.
 *
 * It works per project folder (the server lists them, each with what it already has: the user picks one when
 * there are several), offers the URL the project already sends to before the configured and the local endpoint,
 * and the namespace the project already uses. A value already written is never replaced without the user's
 * confirmation, which lists each one as old → new.
 *
 * Arguments (scripts, tests, the walkthrough): `{ integration, target, project?, url?, namespace?, preview? }`;
 * `preview: false` applies without the diffs (still asking before it replaces a value). Returns what it did.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  setupIntegrationsRequest,
  setupPlanRequest,
  setupProjectsRequest,
  type IntegrationId,
  type SetupPlan,
  type SetupPlanParams,
  type SetupPlanResult,
} from '../../../protocol/setup-plan';
import type { EndpointSession } from '../endpoint/session';
import { completeStep } from '../walkthrough';
import { neutralize } from '../untrusted';
import { localSession } from '../endpoint/local-session';
import { endpointItems, pickProject, projectLabel, prompts, replacementLines, type ProjectChoice } from './choices';

export type SetUpResult =
  | {
      ok: true;
      integration: IntegrationId;
      target: string;
      /** The project folder written into, relative to its workspace folder ('' for the folder itself). */
      project: string;
      url: string;
      namespace: string;
      /** Paths relative to the workspace folder. */
      written: string[];
      /** The values written before that the user confirmed replacing (`path: key: old → new`). */
      replaced: string[];
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
  /** The project folder, relative to the workspace folder ('.' for the folder itself). */
  project?: unknown;
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
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) return fail('Open the project folder first: the setup writes into its files.');
    const all = await ask(setupIntegrationsRequest.method, (c) => c.sendRequest(setupIntegrationsRequest, {}));
    if (!all) return fail(SERVER_DOWN);

    // 1. Integration and target.
    let integration = all.find((i) => i.id === str(args.integration));
    if (args.integration !== undefined && !integration)
      return fail(`Unknown integration ${JSON.stringify(args.integration)}: use one of ${all.map((i) => i.id).join(', ')}.`);
    if (!integration) {
      const pick = await prompts().pick(
        all.map((i) => ({ label: i.label, description: i.description, info: i })),
        { title: 'Set Up Integration: which integration?', placeHolder: 'What should send lineage?' },
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
        const pick = await prompts().pick(
          integration.targets.map((t) => ({ label: t.label, detail: t.detail, t })),
          { title: `Set Up Integration: where does ${integration.label} run?` },
        );
        if (!pick) return fail('Cancelled.', true);
        target = pick.t;
      }
    }
    const targetId = str(args.target) ?? target.id;

    // 2. The project folder: each workspace folder's projects, with what each already has.
    const choices: ProjectChoice[] = [];
    for (const workspaceFolder of folders) {
      const listed = await ask(setupProjectsRequest.method, (c) =>
        c.sendRequest(setupProjectsRequest, { folder: workspaceFolder.uri.toString(), integration: integration.id, target: targetId }),
      );
      if (!listed) return fail(SERVER_DOWN);
      if (listed.kind === 'error') return fail(listed.message);
      choices.push(...listed.projects.map((project) => ({ workspaceFolder, project })));
    }
    const chosen = await pickProject(choices, str(args.project), `Set Up Integration: which project gets ${integration.label}?`);
    if (!chosen) return fail('Cancelled.', true);
    if ('error' in chosen) return fail(chosen.error);
    const { project } = chosen;
    const projectUri = vscode.Uri.parse(project.folder);
    const shown = (path: string) => (project.path === '' ? path : `${project.path}/${path}`);

    // 3. The endpoint: given, else chosen among the project's own URL, the configured one and the local endpoint.
    const endpoint = await deps.session.resolve({ interactive: true });
    const configured = endpoint.ok && endpoint.source !== 'local' ? endpoint.url : undefined;
    let url = str(args.url);
    if (!url) {
      const choice = await prompts().pick(endpointItems({ existing: project.url, configured, local: localSession()?.url }), {
        title: `Set Up Integration: where should ${projectLabel(chosen, folders.length > 1)} send lineage?`,
        placeHolder: project.url ? `Its files send to ${project.url.url}` : 'Its files name no endpoint yet',
      });
      if (!choice) return fail('Cancelled.', true);
      if (choice.choice.kind === 'url') url = choice.choice.url;
      else if (choice.choice.kind === 'start-local') {
        const started = await vscode.commands.executeCommand<{ ok: boolean; url?: string; message?: string }>(
          'lineageLens.startLocalEndpoint',
        );
        if (!started?.ok || !started.url) return { ok: false, message: started?.message ?? 'The local endpoint did not start.' };
        url = started.url;
      } else {
        url = str(
          await prompts().input({
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

    // 4. The namespace: given, else the user's, the project's own offered first.
    const request = (namespace?: string): Promise<SetupPlanResult | undefined> => {
      const params: SetupPlanParams = {
        folder: project.folder,
        integration: integration.id,
        target: targetId,
        endpoint: { url, ...(namespace !== undefined && { namespace }) },
        apiKey,
      };
      return ask(setupPlanRequest.method, (c) => c.sendRequest(setupPlanRequest, params));
    };
    let namespace = str(args.namespace);
    if (!namespace) {
      const found = project.namespace;
      const fallback = endpoint.ok ? endpoint.namespace : undefined;
      namespace = str(
        await prompts().input({
          title: 'Set Up Integration: namespace',
          prompt: found
            ? `The OpenLineage namespace of the jobs it reports: ${shown(found.path)} uses ${found.namespace}.`
            : 'The OpenLineage namespace of the jobs this integration reports (often the environment or the project)',
          value: found?.namespace ?? fallback ?? 'default',
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
    const replaced = replacementLines(plan.edits, project.path === '' ? '' : `${project.path}/`);
    deps.output.info(
      `Set Up Integration: ${integration.id}/${targetId} in ${project.path || '.'} → ${url} (${namespace}): ${plan.edits.length} file(s) to change, ${replaced.length} existing value(s) replaced; already configured: ${plan.alreadyConfigured.join('; ') || 'nothing'}.`,
    );

    const done = (written: string[]): SetUpResult => {
      completeStep('integration');
      const result: SetUpResult = {
        ok: true,
        integration: integration.id,
        target: targetId,
        project: project.path,
        url,
        namespace,
        written: written.map(shown),
        replaced,
        alreadyConfigured: plan.alreadyConfigured,
        ...(plan.secret && { secret: plan.secret }),
        nextSteps: plan.nextSteps,
      };
      const parts = [
        written.length > 0
          ? `${integration.label}: wrote ${written.map(shown).join(', ')}.`
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

    // 5. Preview: a diff per file (current ↔ after the setup), then the user's go-ahead listing every change, the
    // values replaced first. Without the preview (scripts), a plan that replaces a value still asks.
    const detailOf = () => {
      // A replaced value is listed once, under "Replaces what is written now" with its old and new value: its
      // "replaces …" line among the file's changes would say it again.
      const changes = plan.edits
        .map((e) => ({ e, lines: withoutReplacements(e.changes, e.replaces.length) }))
        .filter(({ lines }) => lines.length > 0)
        .map(({ e, lines }) => `${shown(e.path)}${e.before === undefined ? ' (new)' : ''}:\n${lines.map((c) => `  • ${c}`).join('\n')}`)
        .join('\n\n');
      const replacing = replaced.length > 0 ? `Replaces what is written now:\n${replaced.map((r) => `  • ${r}`).join('\n')}` : '';
      const secret = plan.secret ? `The API key is not written: put it in ${plan.secret.name} (${plan.secret.where}).` : '';
      return neutralize([replacing, changes, secret].filter((part) => part !== '').join('\n\n'), 8000);
    };
    const apply = `Write ${plan.edits.length === 1 ? 'the file' : `${plan.edits.length} files`}`;
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
          `${shown(e.path)}: ${e.before === undefined ? 'new file' : 'now'} ↔ after Set Up Integration`,
          { preview: false, preserveFocus: i > 0 },
        );
      }
      const yes = await prompts().confirm(
        neutralize(`Set up ${integration.label} in ${projectLabel(chosen, folders.length > 1)}: the diffs show what changes. Write it?`),
        detailOf(),
        apply,
      );
      for (const key of [...previews.keys()]) if (key.startsWith(`/${token}/`)) previews.delete(key);
      await closePreviewTabs(token);
      if (!yes) return fail('Nothing was written.', true);
    } else if (replaced.length > 0) {
      const yes = await prompts().confirm(
        neutralize(
          `Set up ${integration.label} in ${projectLabel(chosen, folders.length > 1)}: it replaces ${replaced.length === 1 ? 'a value' : `${replaced.length} values`} written now. Write it?`,
        ),
        detailOf(),
        apply,
      );
      if (!yes) return fail('Nothing was written.', true);
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of plan.edits) {
      const uri = vscode.Uri.joinPath(projectUri, ...e.path.split('/'));
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
      const uri = vscode.Uri.joinPath(projectUri, ...e.path.split('/'));
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document?.isDirty) await document.save();
      if ((await readText(uri)) === e.after) written.push(e.path);
    }
    return done(written);
  }

  context.subscriptions.push(vscode.commands.registerCommand('lineageLens.setUpIntegration', (args?: Args) => run(args ?? {})));
}

/** A file's change lines without the first `count` that say "replaces …" (those are listed with their values). */
function withoutReplacements(changes: readonly string[], count: number): string[] {
  let left = count;
  return changes.filter((c) => !(left > 0 && c.startsWith('replaces ') && left-- > 0));
}
