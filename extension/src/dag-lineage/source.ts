/**
 * Where the DAG Lineage view and the runtime diagnostics get their lineage: the code's, from the language
 * server (`lineageLens/staticLineage`), and the runtime's, from the configured lineage endpoint, cached per
 * endpoint, namespace and DAG for a minute so that switching between files and saving do not refetch.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { staticLineageRequest, type StaticLineageParams } from '../../../protocol/lineage';
import { EndpointError, type EndpointErrorKind } from '../endpoint/errors';
import type { EndpointSession } from '../endpoint/session';
import { codeNamespaceOf, dagIdsOf, nodesOf } from './merge';
import { fetchDagRuntime, type RuntimeLineage } from './runtime';

/** How long a runtime answer is reused. */
const RUNTIME_TTL_MS = 60_000;
/** How long to wait for a starting language server before saying it is not running. */
const SERVER_START_WAIT_MS = 30_000;

/** The code's lineage of one file, or why there is none. */
export type CodeLineage =
  | { ok: true; graph: unknown; dagIds: string[]; namespace: string | undefined; taskJobs: string[] }
  | { ok: false; reason: 'server'; message: string };

/** The endpoint's view of a DAG, or why there is none. */
export type RuntimeResult =
  | { kind: 'ok'; endpoint: string; namespace: string; lineage: RuntimeLineage; fetchedAt: number }
  | { kind: 'unconfigured'; message: string }
  | { kind: 'error'; endpoint: string; namespace: string; errorKind: EndpointErrorKind; message: string };

export class DagLineageSource {
  private readonly cache = new Map<string, { at: number; result: Promise<RuntimeResult> }>();

  constructor(
    private readonly session: EndpointSession,
    private readonly client: () => LanguageClient | undefined,
  ) {}

  private readonly cleared = new vscode.EventEmitter<void>();

  /** Fires when cached runtime answers were dropped: whoever shows them should ask again. */
  get onDidClear(): vscode.Event<void> {
    return this.cleared.event;
  }

  /** Forgets cached runtime answers (Refresh, a new endpoint or key). */
  clear(): void {
    this.cache.clear();
    this.cleared.fire();
  }

  /** Whether a lineage endpoint is set and usable without asking the user. */
  async hasEndpoint(): Promise<boolean> {
    return (await this.session.resolve({ interactive: false })).ok;
  }

  /** Waits (bounded) for the language server when it is starting; false when it is not running. */
  private async serverReady(client: LanguageClient | undefined): Promise<boolean> {
    if (!client) return false;
    if (client.isRunning()) return true;
    if (client.state !== State.Starting) return false;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sub.dispose();
        resolve(client.isRunning());
      }, SERVER_START_WAIT_MS);
      const sub = client.onDidChangeState((e) => {
        if (e.newState === State.Starting) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(e.newState === State.Running);
      });
    });
  }

  /** The lineage the code of `uri` declares (every DAG it defines), read by the language server. */
  async code(uri: string, options: { emittedOnly?: boolean; whole?: boolean } = {}): Promise<CodeLineage> {
    const client = this.client();
    if (!(await this.serverReady(client))) {
      return {
        ok: false,
        reason: 'server',
        message:
          'The Lineage Lens language server is not running, so the DAG cannot be read. Run "Lineage Lens: Restart Language Server", and see "Lineage Lens: Show Output" for why it stopped.',
      };
    }
    const params: StaticLineageParams = options.whole ? {} : { uri };
    if (options.emittedOnly) params.emittedOnly = true;
    let graph: unknown;
    try {
      graph = await client!.sendRequest(staticLineageRequest, params);
    } catch (error) {
      return {
        ok: false,
        reason: 'server',
        message: `The language server could not read the DAG file: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const taskJobs = nodesOf(graph)
      .filter((n) => n.type === 'JOB')
      .map((n) => (typeof n.data?.name === 'string' ? n.data.name : ''))
      .filter((name) => name !== '');
    return { ok: true, graph, dagIds: dagIdsOf(graph), namespace: codeNamespaceOf(graph), taskJobs };
  }

  /**
   * What the endpoint saw of the DAGs `dagIds` (task jobs `dag_id.task_id` in the configured namespace, else
   * the one the code's OpenLineage configuration names). Never asks the user anything: an endpoint waiting
   * for confirmation counts as unconfigured. `fresh` skips the cache. The answer is shared by every caller
   * asking within the minute, so it is not cancelled when one of them stops waiting (each request has its
   * own timeout).
   */
  async runtime(
    dagIds: readonly string[],
    codeNamespace: string | undefined,
    taskJobs: readonly string[],
    options: { fresh?: boolean } = {},
  ): Promise<RuntimeResult> {
    const endpoint = await this.session.resolve({ interactive: false });
    if (!endpoint.ok) return { kind: 'unconfigured', message: endpoint.message };
    const namespace = endpoint.namespace ?? codeNamespace ?? 'default';
    const key = JSON.stringify([endpoint.url, namespace, [...dagIds].sort()]);
    const cached = this.cache.get(key);
    if (!options.fresh && cached && Date.now() - cached.at < RUNTIME_TTL_MS) return cached.result;
    const result = (async (): Promise<RuntimeResult> => {
      try {
        const lineage = await fetchDagRuntime(this.session.client(endpoint, { background: true }), namespace, dagIds, taskJobs);
        return { kind: 'ok', endpoint: endpoint.url, namespace, lineage, fetchedAt: Date.now() };
      } catch (error) {
        if (!(error instanceof EndpointError)) throw error;
        return { kind: 'error', endpoint: endpoint.url, namespace, errorKind: error.kind, message: error.message };
      }
    })();
    this.cache.set(key, { at: Date.now(), result });
    // Failures are not kept: the next look asks again.
    void result.then((r) => {
      if (r.kind !== 'ok' && this.cache.get(key)?.result === result) this.cache.delete(key);
    });
    return result;
  }
}
