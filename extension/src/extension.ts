/**
 * The Lineage Lens extension: starts the language server, registers the lineage graph panel and the
 * commands. Only extension/ imports `vscode`; diagnostics come from the server, graphs from the webview.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerEndpointCommands } from './endpoint/commands';
import { registerGraphPanel } from './graph-panel';

let client: LanguageClient | undefined;

/** Project files: they configure lineage and feed the server's project model (Airflow version, packages, settings). */
// VS Code globs do not nest braces, so every alternative is spelled out at one level.
export const PROJECT_FILES =
  '**/{.env,*.env,Dockerfile,Dockerfile.*,*.dockerfile,docker-compose*.yml,docker-compose*.yaml,compose*.yml,compose*.yaml,airflow.cfg,airflow_settings.yaml,requirements*.txt,constraints*.txt,packages.txt,pyproject.toml,great_expectations.yml,openlineage.yml,openlineage.yaml,dbt_project.yml}';

/** Files the server may have something to say about; it decides by content within these. */
export const DOCUMENT_SELECTOR = [
  { language: 'spark-conf' },
  { scheme: 'file', pattern: '**/*.conf' },
  { scheme: 'untitled', pattern: '**/*.conf' },
  { language: 'python' },
  { language: 'shellscript' },
  { scheme: 'file', pattern: PROJECT_FILES },
  { scheme: 'file', pattern: '**/checkpoints/**/*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/great_expectations/**/*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/gx/**/*.{yml,yaml}' },
];

export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient }> {
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

  // Registered before the server starts, so the graph works even if the language server does not.
  registerGraphPanel(context);
  registerEndpointCommands(context, output);

  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`Lineage Lens: the language server failed to start (${(e as Error).message}). Run "Lineage Lens: Show Output" for details.`);
  }
  return { client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
