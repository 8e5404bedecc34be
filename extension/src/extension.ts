/**
 * The Lineage Lens extension: starts the language server, registers the lineage graph panel and the
 * commands. Only extension/ imports `vscode`; diagnostics come from the server, graphs from the webview.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerEndpointCommands } from './endpoint/commands';
import { EndpointSession } from './endpoint/session';
import { RuntimeDiagnostics } from './dag-lineage/diagnostics';
import { DagLineageSource } from './dag-lineage/source';
import { registerDagLineageView, type DagLineageViewProvider } from './dag-lineage/view';
import { registerGraphPanel, setExportSaveDialog, showLineageGraph, type Refetched } from './graph-panel';
import { setSetupPrompts } from './setup/choices';
import { trackWalkthrough, walkthroughState } from './walkthrough';
import { registerLocalEndpoint, type LocalEndpointController } from './local-endpoint';
import { registerSetUpIntegration } from './setup/command';
import { registerVerifySetup } from './setup/verify';
import { registerViewer, type ShowGraph } from './viewer';
import { graphNodes, graphTitle, parseLineageSource } from './viewer/lineage';
import { withChildJobs } from './viewer/children';
import { neutralize } from './untrusted';
import { PROJECT_FILES } from '../../protocol/project-files';

let client: LanguageClient | undefined;

/** Files the server may have something to say about; it decides by content within these. */
export const DOCUMENT_SELECTOR = [
  { language: 'spark-conf' },
  { scheme: 'file', pattern: '**/*.conf' },
  { scheme: 'untitled', pattern: '**/*.conf' },
  { language: 'python' },
  { language: 'shellscript' },
  // Scala and Java Spark code (without a Scala extension, .scala files have no language of their own).
  { language: 'scala' },
  { language: 'java' },
  { scheme: 'file', pattern: '**/*.scala' },
  { scheme: 'file', pattern: PROJECT_FILES },
  { scheme: 'file', pattern: '**/checkpoints/**/*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/great_expectations/**/*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/gx/**/*.{yml,yaml}' },
  // A notebook opened as JSON text; notebooks open in the notebook editor are synced as notebooks (the server's
  // notebookDocumentSync capability), their Python cells checked together.
  { scheme: 'file', pattern: '**/*.ipynb' },
];

/** What the extension gives other extensions (and its tests): the language client and the DAG Lineage view. */
export interface LineageLensApi {
  client: LanguageClient;
  dagLineage: DagLineageViewProvider;
  runtimeDiagnostics: RuntimeDiagnostics;
  localEndpoint: LocalEndpointController;
  /** Seams for the integration tests: what a test cannot do through the workbench (answer a save dialog). */
  testing: {
    setExportSaveDialog: typeof setExportSaveDialog;
    setSetupPrompts: typeof setSetupPrompts;
    walkthroughState: typeof walkthroughState;
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<LineageLensApi> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const output = vscode.window.createOutputChannel('Lineage Lens', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // The server pulls `lineageLens` settings per document; this only forwards change notifications.
    // Watched project files keep the server's project model current when they change on disk.
    synchronize: { configurationSection: 'lineageLens', fileEvents: vscode.workspace.createFileSystemWatcher(PROJECT_FILES) },
  };
  // The id `lineageLens` makes the client honour the `lineageLens.trace.server` setting.
  client = new LanguageClient('lineageLens', 'Lineage Lens', serverOptions, clientOptions);

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('lineageLens.restartServer', async () => {
      await client?.restart();
      void vscode.window.setStatusBarMessage('Lineage Lens: language server restarted', 3000);
    }),
    vscode.commands.registerCommand('lineageLens.showOutput', () => output.show(true)),
  );

  // The one endpoint session: which endpoint applies (settings, else the running local endpoint) and the API keys.
  const session = new EndpointSession(context);
  const dagSource = new DagLineageSource(session, () => client);
  // Expanding past the edge of an endpoint graph fetches more of it from the same endpoint.
  const fetchMore = async (nodeId: string) => {
    const more = await session.around(nodeId);
    return more.kind === 'ok'
      ? { graph: viewer.markIssues(more.graph) }
      : {
          message:
            more.kind === 'unconfigured' ? 'No lineage endpoint is configured any more: run "Lineage Lens: Set Endpoint".' : more.message,
        };
  };
  // A graph fetched from the endpoint is fetched again when VS Code restores its tab after a reload, if the
  // endpoint set now is the one it came from (the API key goes nowhere else).
  const refetch = async (source: string): Promise<Refetched> => {
    if (source.startsWith('file:')) {
      // Lineage read from a DAG file (Show Lineage in a DAG file): read it from the code again.
      const code = await dagSource.code(source);
      if (!code.ok) return { ok: false, message: code.message };
      if (graphNodes(code.graph).length === 0)
        return { ok: false, message: `${path.posix.basename(vscode.Uri.parse(source).path)} defines no Airflow DAG tasks any more.` };
      return { ok: true, graph: code.graph, options: { title: path.posix.basename(vscode.Uri.parse(source).path) } };
    }
    const endpoint = await session.resolve({ interactive: false });
    if (!endpoint.ok) return { ok: false, message: `This graph was fetched from ${source}, and ${endpoint.message}` };
    const client = session.client(endpoint);
    const request = parseLineageSource(source, client.baseUrl);
    if (!request.ok) return request;
    try {
      // A parent job (an Airflow DAG) comes back with its child jobs, as Show Lineage showed it.
      const children =
        request.kind === 'lineage'
          ? await withChildJobs(client, request.nodeId, await client.lineage(request.nodeId, request.depth))
          : undefined;
      const graph = viewer.markIssues(
        request.kind === 'lineage' ? children!.graph : await client.columnLineage(request.nodeId, request.depth, request.withDownstream),
      );
      const focus = graphNodes(graph).some((n) => n.id === request.nodeId) ? request.nodeId : undefined;
      return {
        ok: true,
        graph,
        options: {
          title: graphTitle(graph, request.nodeId),
          ...(focus !== undefined && { focus }),
          mode: request.kind === 'lineage' ? 'table' : 'column',
          ...(request.kind === 'lineage' && { fetchMore }),
          ...(children?.incomplete !== undefined && { notices: [children.incomplete] }),
        },
      };
    } catch (e) {
      return { ok: false, message: `Fetching this graph again from ${client.baseUrl} failed: ${(e as Error).message}` };
    }
  };
  // Registered before the server starts, so the graph works even if the language server does not.
  registerGraphPanel(context, { refetch });
  registerEndpointCommands(context, output, session);
  // Graphs fetched by the viewer's commands (or derived from code) are drawn in the graph panel.
  const show: ShowGraph = async (graph, options) => {
    const fromEndpoint = options.source?.startsWith('http');
    await showLineageGraph(context, graph, {
      title: options.title,
      ...(options.source ? { source: options.source } : {}),
      ...(options.focus ? { focus: options.focus } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.notices?.length ? { notices: options.notices } : {}),
      ...(fromEndpoint ? { fetchMore } : {}),
    });
  };
  const viewer = registerViewer(context, { show, client: () => client, output, session });
  registerVerifySetup(context, { client: () => client, session, output });
  registerSetUpIntegration(context, { client: () => client, session, output });
  // The lineage of the DAG being edited, beside it: the code's, and the endpoint's when one is set.
  const dagLineage = registerDagLineageView(context, { source: dagSource, session, output });
  // The local endpoint: while it runs (and no endpoint is set), the views read from it.
  const localEndpoint = registerLocalEndpoint(context, output, session, () => {
    dagSource.clear();
    void viewer.refresh();
    // The DAG view compares with the local endpoint's runs from now on (or no longer).
    void dagLineage.reload({ fresh: true });
  });
  // The walkthrough's steps complete on the state, whenever it was reached (walkthrough.ts).
  const walkthrough = trackWalkthrough(context, { session, client: () => client, localEndpointChanged: localEndpoint.onDidChange });
  // Datasets a DAG declares that its runs never reported: information diagnostics, once an endpoint is set.
  const runtimeDiagnostics = new RuntimeDiagnostics(dagSource, output);
  context.subscriptions.push(
    runtimeDiagnostics,
    dagSource.onDidClear(() => runtimeDiagnostics.recheckAll()),
  );

  try {
    await client.start();
    void walkthrough.refresh();
  } catch (e) {
    void vscode.window.showErrorMessage(
      neutralize(
        `Lineage Lens: the language server failed to start (${(e as Error).message}). Run "Lineage Lens: Show Output" for details.`,
      ),
    );
  }
  return { client, dagLineage, runtimeDiagnostics, localEndpoint, testing: { setExportSaveDialog, setSetupPrompts, walkthroughState } };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
