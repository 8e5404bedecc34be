/**
 * The endpoint settings in VS Code: `lineageLens.endpoint.url` and `lineageLens.endpoint.namespace`, read on
 * demand (commands are rare, so nothing is cached to invalidate) through the one normaliser in ./config.ts.
 *
 * Trust: the endpoint receives the API key stored for its origin, so a URL from the workspace's settings (a
 * cloned repository's `.vscode/settings.json`) is used only in a trusted workspace and only once the user has
 * confirmed that exact URL; the confirmation is remembered per workspace (`workspaceState`). The user's own
 * settings are used directly. package.json also lists both settings under `restrictedConfigurations`.
 */
import * as vscode from 'vscode';
import { localSession } from './local-session';
import {
  chooseEndpointUrl,
  ENDPOINT_NAMESPACE_SETTING,
  ENDPOINT_URL_SETTING,
  normalizeNamespace,
  type EndpointChoice,
  type PendingWorkspaceUrl,
} from './config';
import { neutralize } from '../untrusted';

/** `workspaceState` key of the workspace endpoint URL the user confirmed. */
export const CONFIRMED_URL_STATE = 'lineageLens.endpoint.confirmedWorkspaceUrl';

/** The settings as read now. */
export interface EndpointSettings {
  choice: EndpointChoice;
  /** The default namespace, if one is set (and may be used: workspace values only in a trusted workspace). */
  namespace: string | undefined;
  /** Invalid values, as messages that name the setting. */
  problems: string[];
}

/** An endpoint ready to use, or why there is none. */
export type ResolvedEndpoint =
  | { ok: true; url: string; origin: string; source: 'user' | 'workspace' | 'local'; namespace: string | undefined }
  | { ok: false; message: string };

/** A set value: undefined and the empty string (the default) both mean "not set". */
function setValue(value: unknown): unknown {
  return value === '' ? undefined : value;
}

/** Reads both settings and decides which URL applies. */
export function readEndpointSettings(context: vscode.ExtensionContext): EndpointSettings {
  const config = vscode.workspace.getConfiguration('lineageLens');
  const trusted = vscode.workspace.isTrusted;
  const url = config.inspect<string>(ENDPOINT_URL_SETTING);
  const choice = chooseEndpointUrl({
    user: setValue(url?.globalValue),
    workspace: setValue(url?.workspaceFolderValue ?? url?.workspaceValue),
    trusted,
    confirmed: context.workspaceState.get<string>(CONFIRMED_URL_STATE),
  });
  const ns = config.inspect<string>(ENDPOINT_NAMESPACE_SETTING);
  // A workspace namespace only narrows what is shown, so trust is enough; no confirmation.
  const namespace = normalizeNamespace(
    setValue(trusted ? (ns?.workspaceFolderValue ?? ns?.workspaceValue ?? ns?.globalValue) : ns?.globalValue),
  );
  const problems = [...(choice.kind === 'none' && choice.problem ? [choice.problem] : []), ...(namespace.ok ? [] : [namespace.message])];
  return { choice, namespace: namespace.ok ? namespace.namespace : undefined, problems };
}

/** Asks whether to use the workspace's endpoint URL (modal). */
async function confirmWorkspaceUrl(pending: PendingWorkspaceUrl, userUrl: string | undefined): Promise<boolean> {
  const use = 'Use Workspace Endpoint';
  const answer = await vscode.window.showWarningMessage(
    neutralize(`This workspace sets lineageLens.endpoint.url to ${pending.url}.`),
    {
      modal: true,
      detail: neutralize(
        `Lineage Lens would send its requests there, with the API key stored for ${pending.origin} if there is one.${userUrl ? ` Otherwise it keeps using your own endpoint, ${userUrl}.` : ''} Use ${pending.url} for this workspace?`,
      ),
    },
    use,
  );
  return answer === use;
}

/**
 * The endpoint to use. With `interactive`, a workspace URL that waits for confirmation is confirmed with
 * the user (and remembered for the workspace); without, it is left pending and the user setting applies.
 */
export async function resolveEndpoint(context: vscode.ExtensionContext, options: { interactive: boolean }): Promise<ResolvedEndpoint> {
  const settings = readEndpointSettings(context);
  const { choice, namespace } = settings;
  if (choice.kind === 'workspace') return { ok: true, url: choice.url, origin: choice.origin, source: 'workspace', namespace };
  const pending = choice.pending;
  const userUrl = choice.kind === 'user' ? choice.url : undefined;
  if (pending?.reason === 'unconfirmed' && options.interactive && (await confirmWorkspaceUrl(pending, userUrl))) {
    await context.workspaceState.update(CONFIRMED_URL_STATE, pending.url);
    return { ok: true, url: pending.url, origin: pending.origin, source: 'workspace', namespace };
  }
  if (choice.kind === 'user') return { ok: true, url: choice.url, origin: choice.origin, source: 'user', namespace };
  const localEndpoint = localSession();
  if (localEndpoint && !choice.problem && !pending) return { ok: true, ...localEndpoint, source: 'local', namespace };
  if (choice.problem) return { ok: false, message: `${choice.problem} Run "Lineage Lens: Set Endpoint" to set a valid one.` };
  if (pending?.reason === 'untrusted') {
    return {
      ok: false,
      message: `This workspace sets lineageLens.endpoint.url to ${pending.url}, which is not used in Restricted Mode. Trust the workspace, or run "Lineage Lens: Set Endpoint" to set your own.`,
    };
  }
  if (pending?.reason === 'unconfirmed') {
    return {
      ok: false,
      message: `This workspace sets lineageLens.endpoint.url to ${pending.url}, which you have not confirmed. Confirm it when asked, or run "Lineage Lens: Set Endpoint" to set your own.`,
    };
  }
  return {
    ok: false,
    message: 'No lineage endpoint is set. Run "Lineage Lens: Set Endpoint" and enter the API root, e.g. http://localhost:5000.',
  };
}

/** Writes the endpoint URL (already normalised) to the user settings. */
export async function writeUserEndpointUrl(url: string): Promise<void> {
  await vscode.workspace.getConfiguration('lineageLens').update(ENDPOINT_URL_SETTING, url, vscode.ConfigurationTarget.Global);
}
