/**
 * The one normaliser of the endpoint settings (`lineageLens.endpoint.url`, `lineageLens.endpoint.namespace`)
 * and the decision which of the user's and the workspace's URL is used. Pure: no `vscode`, no I/O, so the
 * client, the settings reader, the commands' input validation and the unit tests share it.
 */

/** The settings this module normalises, in the `lineageLens` section. */
export const ENDPOINT_URL_SETTING = 'endpoint.url';
export const ENDPOINT_NAMESPACE_SETTING = 'endpoint.namespace';

/** Marquez accepts namespace names up to this many characters. */
const MAX_NAMESPACE_LENGTH = 1024;

/** An endpoint URL as the client uses it, or why the input is not one. */
export type NormalizedUrl = { ok: true; url: string; origin: string } | { ok: false; message: string };

/**
 * Paths people copy from client configuration (`OPENLINEAGE_URL` + endpoint, `transport.url`) instead of the
 * API root. The client appends `/api/v1/...` itself, so these suffixes are dropped.
 */
const API_SUFFIXES = [/\/api\/v1\/lineage\/*$/, /\/api\/v1\/*$/];

/**
 * Normalises an endpoint URL to the API root the client appends `/api/v1/...` to: `http(s)` only, no user
 * info (the API key goes to SecretStorage), no query or fragment, no trailing slash, and a trailing
 * `/api/v1` or `/api/v1/lineage` removed. A path prefix (a reverse proxy's `/marquez`) is kept.
 */
export function normalizeEndpointUrl(input: unknown): NormalizedUrl {
  if (typeof input !== 'string' || input.trim() === '') {
    return { ok: false, message: 'Enter the lineage API root, e.g. http://localhost:5000.' };
  }
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `"${text}" is not a URL. Enter the lineage API root with its scheme, e.g. http://localhost:5000.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      message: `"${text}" uses ${url.protocol.slice(0, -1)}: the lineage API is served over http or https, e.g. http://localhost:5000.`,
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      message: 'Leave user name and password out of the URL: run "Lineage Lens: Set API Key" to store a key in the secret storage instead.',
    };
  }
  if (url.search || url.hash) {
    return { ok: false, message: `Leave the query and fragment out of the URL: enter only the API root, e.g. ${url.origin}.` };
  }
  let path = url.pathname;
  for (const suffix of API_SUFFIXES) path = path.replace(suffix, '');
  path = path.replace(/\/+$/, '');
  return { ok: true, url: `${url.origin}${path}`, origin: url.origin };
}

/** A namespace setting as used: trimmed, empty meaning none. */
export type NormalizedNamespace = { ok: true; namespace: string | undefined } | { ok: false; message: string };

/** Normalises `lineageLens.endpoint.namespace`: trimmed; empty or unset means "no default namespace". */
export function normalizeNamespace(input: unknown): NormalizedNamespace {
  if (input === undefined || input === null) return { ok: true, namespace: undefined };
  if (typeof input !== 'string') return { ok: false, message: 'lineageLens.endpoint.namespace must be a string, e.g. "airflow-prod".' };
  const namespace = input.trim();
  if (namespace.length > MAX_NAMESPACE_LENGTH) {
    return {
      ok: false,
      message: `lineageLens.endpoint.namespace is ${namespace.length} characters long; namespaces have at most ${MAX_NAMESPACE_LENGTH}.`,
    };
  }
  return { ok: true, namespace: namespace === '' ? undefined : namespace };
}

/** Where `lineageLens.endpoint.url` is set, as VS Code's `inspect()` reports it. */
export interface UrlSources {
  /** The user (global) value. */
  user?: unknown;
  /** The workspace value, or in a multi-root window the workspace file's value. */
  workspace?: unknown;
  /** Whether the window's workspace is trusted (`vscode.workspace.isTrusted`). */
  trusted: boolean;
  /** The workspace URL the user confirmed for this workspace earlier (normalised), if any. */
  confirmed?: string;
}

/** Which endpoint URL to use, and why. */
export type EndpointChoice =
  /** No usable URL: none is set, or the only one is invalid (`problem`) or waits for trust or confirmation. */
  | { kind: 'none'; problem?: string; pending?: PendingWorkspaceUrl }
  /** The user setting (possibly because the workspace URL waits for trust or confirmation: `pending`). */
  | { kind: 'user'; url: string; origin: string; pending?: PendingWorkspaceUrl }
  /** The workspace setting, trusted and confirmed. */
  | { kind: 'workspace'; url: string; origin: string };

/** A workspace endpoint URL that is not used yet, and why. */
export interface PendingWorkspaceUrl {
  url: string;
  origin: string;
  /** `untrusted`: only a trusted workspace may choose the endpoint; `unconfirmed`: the user has not said yes yet. */
  reason: 'untrusted' | 'unconfirmed';
}

/**
 * Chooses the endpoint URL. A workspace file is as untrusted as any file in a cloned repository, and the
 * endpoint receives the API key of its origin, so a workspace URL is used only in a trusted workspace and
 * only once the user confirmed that exact URL; until then the user setting applies. User settings are the
 * user's own and are used directly.
 */
export function chooseEndpointUrl(sources: UrlSources): EndpointChoice {
  const user = sources.user === undefined ? undefined : normalizeEndpointUrl(sources.user);
  const userChoice = (pending?: PendingWorkspaceUrl): EndpointChoice =>
    user?.ok
      ? { kind: 'user', url: user.url, origin: user.origin, ...(pending && { pending }) }
      : { kind: 'none', ...(user && !user.ok && { problem: `lineageLens.endpoint.url: ${user.message}` }), ...(pending && { pending }) };

  if (sources.workspace === undefined) return userChoice();
  const workspace = normalizeEndpointUrl(sources.workspace);
  if (!workspace.ok) {
    const choice = userChoice();
    return choice.kind === 'none'
      ? { kind: 'none', problem: `lineageLens.endpoint.url in the workspace settings: ${workspace.message}` }
      : choice;
  }
  // The same URL as the user's own setting needs no confirmation: it adds nothing the user did not choose.
  if (user?.ok && user.url === workspace.url) return userChoice();
  if (!sources.trusted) return userChoice({ url: workspace.url, origin: workspace.origin, reason: 'untrusted' });
  if (sources.confirmed !== workspace.url) return userChoice({ url: workspace.url, origin: workspace.origin, reason: 'unconfirmed' });
  return { kind: 'workspace', url: workspace.url, origin: workspace.origin };
}
