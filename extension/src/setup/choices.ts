/**
 * Set Up Integration's questions: which project folder (each listed with what it already has), which endpoint
 * (the URL the project already uses, the one set in Lineage Lens, the local endpoint, another), which
 * namespace (the project's own offered first), and the confirmation of every existing value it replaces.
 * The questions go through {@link SetupPrompts}: VS Code's quick pick, input box and modal, unless a test
 * replaced them ({@link setSetupPrompts}) to answer as a user would and see what was asked.
 */
import * as vscode from 'vscode';
import type { PlannedEdit, SetupProject } from '../../../protocol/setup-plan';

export interface SetupPrompts {
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  /** A modal question: true when the user pressed `button`. */
  confirm(message: string, detail: string, button: string): Thenable<boolean>;
}

const WINDOW: SetupPrompts = {
  pick: (items, options) => vscode.window.showQuickPick(items, options),
  input: (options) => vscode.window.showInputBox(options),
  confirm: async (message, detail, button) =>
    (await vscode.window.showInformationMessage(message, { modal: true, detail }, button)) === button,
};

let current: SetupPrompts = WINDOW;

export function prompts(): SetupPrompts {
  return current;
}

/** For the integration tests: answer the setup's questions (undefined restores VS Code's own). */
export function setSetupPrompts(replacement: SetupPrompts | undefined): void {
  current = replacement ?? WINDOW;
}

/** A project folder of a workspace folder, as offered. */
export interface ProjectChoice {
  readonly workspaceFolder: vscode.WorkspaceFolder;
  readonly project: SetupProject;
}

/** How a project is named: its path, with the workspace folder's name when several are open. */
export function projectLabel(choice: ProjectChoice, multiRoot: boolean): string {
  const path = choice.project.path === '' ? `${choice.workspaceFolder.name} (the workspace folder)` : choice.project.path;
  return multiRoot && choice.project.path !== '' ? `${choice.workspaceFolder.name}: ${path}` : path;
}

/** What a project already has, for the quick pick's description and detail. */
export function projectSummary(project: SetupProject): { description: string; detail: string } {
  const has = project.files.length > 0 ? `has ${project.files.join(', ')}` : 'no configuration for it yet';
  const parts = [
    ...(project.namespace ? [`namespace ${project.namespace.namespace} (${project.namespace.path})`] : []),
    ...(project.url ? [`sends to ${project.url.url} (${project.url.path})`] : []),
  ];
  return { description: has, detail: parts.length > 0 ? parts.join(' · ') : 'no lineage endpoint or namespace written yet' };
}

/** The project to write into: the one given, the only one, else the user's pick. */
export async function pickProject(
  choices: readonly ProjectChoice[],
  given: string | undefined,
  title: string,
): Promise<ProjectChoice | { error: string } | undefined> {
  const multiRoot = new Set(choices.map((c) => c.workspaceFolder.uri.toString())).size > 1;
  if (given !== undefined) {
    const wanted = given.replace(/^\.\/?/, '').replace(/\/+$/, '');
    const hit = choices.find(
      (c) =>
        c.project.path === wanted ||
        c.project.folder === given ||
        `${c.workspaceFolder.name}/${c.project.path}`.replace(/\/$/, '') === wanted,
    );
    return (
      hit ?? {
        error: `No project ${JSON.stringify(given)}: use one of ${choices.map((c) => JSON.stringify(c.project.path || '.')).join(', ')}.`,
      }
    );
  }
  if (choices.length === 1) return choices[0];
  const pick = await prompts().pick(
    choices.map((c) => ({ label: `$(folder) ${projectLabel(c, multiRoot)}`, ...projectSummary(c.project), choice: c })),
    {
      title,
      placeHolder: 'Which project should send lineage? Its files are the ones changed.',
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  return pick?.choice;
}

/** An endpoint the setup can write: an URL, or the local endpoint to start. */
export type EndpointChoice = { kind: 'url'; url: string } | { kind: 'start-local' } | { kind: 'enter' };

export interface EndpointOptions {
  /** The URL the project's files already send to, and where. */
  existing?: { url: string; path: string };
  /** The endpoint set in Lineage Lens (settings). */
  configured?: string;
  /** The local endpoint's URL while it runs. */
  local?: string;
}

/** The endpoint choices, the project's own URL first; one URL is offered once, with every reason it is offered. */
export function endpointItems(options: EndpointOptions): (vscode.QuickPickItem & { choice: EndpointChoice })[] {
  const urls = new Map<string, string[]>();
  const add = (url: string | undefined, why: string) => {
    if (url === undefined) return;
    const key = url.replace(/\/+$/, '');
    urls.set(key, [...(urls.get(key) ?? []), why]);
  };
  add(options.existing?.url, `already in ${options.existing?.path ?? ''}: keep it`);
  add(options.configured, 'the endpoint set in Lineage Lens');
  add(options.local, 'the local lineage endpoint (running)');
  const items: (vscode.QuickPickItem & { choice: EndpointChoice })[] = [...urls].map(([url, why], i) => ({
    label: `${i === 0 && options.existing ? '$(check)' : '$(link)'} ${url}`,
    description: why.join('; '),
    choice: { kind: 'url', url },
  }));
  if (options.local === undefined)
    items.push({ label: '$(radio-tower) Start the local lineage endpoint and send to it', choice: { kind: 'start-local' } });
  items.push({
    label: '$(edit) Enter another endpoint URL',
    detail: 'Marquez or another OpenLineage endpoint, e.g. http://marquez:5000',
    choice: { kind: 'enter' },
  });
  return items;
}

/** Each existing value the edits replace or remove, as `path: key: old → new`. */
export function replacementLines(edits: readonly PlannedEdit[], prefix: string): string[] {
  return edits.flatMap((e) =>
    e.replaces.map((r) => `${prefix}${e.path}: ${r.key}: ${r.before} → ${r.after === undefined ? '(removed)' : r.after}`),
  );
}
