/**
 * The extension's one endpoint session: which lineage endpoint applies now (the settings, else the local
 * endpoint while it runs), the one store of API keys, and clients for that endpoint. extension.ts creates it
 * once at activation and hands it to whoever talks to the endpoint: the endpoint commands, the viewer, the
 * DAG Lineage view and its source, the graph panel's refetch and the local endpoint.
 */
import type * as vscode from 'vscode';
import { MarquezClient } from './client';
import { setLocalSession } from './local-session';
import { ApiKeyStore } from './secrets';
import { readEndpointSettings, resolveEndpoint, type EndpointSettings, type ResolvedEndpoint } from './settings';

/** What {@link EndpointSession.around} found. */
export type AroundResult = { kind: 'ok'; graph: unknown } | { kind: 'unconfigured'; message: string } | { kind: 'error'; message: string };

export class EndpointSession {
  /** API keys by endpoint origin, in SecretStorage: the only instance the extension has. */
  readonly keys: ApiKeyStore;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.keys = new ApiKeyStore(context.secrets);
  }

  /** The endpoint settings as they are now, and which URL applies. */
  settings(): EndpointSettings {
    return readEndpointSettings(this.context);
  }

  /**
   * The endpoint to use, or why there is none. With `interactive`, a workspace URL that waits for the user's
   * confirmation is confirmed with them; without, it stays pending (see ./settings.ts).
   */
  resolve(options: { interactive: boolean }): Promise<ResolvedEndpoint> {
    return resolveEndpoint(this.context, options);
  }

  /** A client for a resolved endpoint, reading its origin's API key per request. */
  client(endpoint: { url: string; origin: string }, options: { background?: boolean } = {}): MarquezClient {
    // Reads nobody asked for (the DAG Lineage view following the editor, runtime diagnostics) say so in the
    // User-Agent, so that the endpoint's logs (and the tests) can tell them from the user's commands.
    return new MarquezClient({
      baseUrl: endpoint.url,
      apiKey: this.keys.reader(endpoint.origin),
      userAgent: options.background ? 'lineage-lens (background)' : 'lineage-lens',
    });
  }

  /**
   * Records the local endpoint's URL and its per-session read key while it runs (undefined once stopped).
   * With no endpoint set in the settings, it is the endpoint, read with that key (./local-session.ts; memory only).
   */
  setLocal(url: string | undefined, readKey?: string): void {
    setLocalSession(url, readKey);
  }

  /**
   * The endpoint's lineage around a node (depth 2), when the user asks for more of a graph: not cached, not a
   * background read. `unconfigured` when no endpoint is set (callers may look elsewhere).
   */
  async around(nodeId: string): Promise<AroundResult> {
    const endpoint = await this.resolve({ interactive: false });
    if (!endpoint.ok) return { kind: 'unconfigured', message: endpoint.message };
    try {
      return { kind: 'ok', graph: await this.client(endpoint).lineage(nodeId, 2) };
    } catch (error) {
      return {
        kind: 'error',
        message: `Could not fetch the lineage around it from ${endpoint.url}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
}
