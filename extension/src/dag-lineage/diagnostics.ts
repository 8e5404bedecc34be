/**
 * `runtime/unseen-dataset`: information diagnostics on datasets a DAG file declares that the DAG's runs never
 * reported to the lineage endpoint, naming the runtime datasets closest to them (usually a misspelled name,
 * or a URI the provider converts differently than expected).
 *
 * They come from the extension, not the language server: they need the endpoint, its API key (in VS Code's
 * secret storage) and the network. So they are off until an endpoint is set, computed in the background when
 * a DAG file is opened, saved or shown (never per keystroke), and the runtime answers are cached (see
 * DagLineageSource). A DAG none of whose tasks reached the endpoint gets none: it has not run yet.
 */
import * as vscode from 'vscode';
import type { DagLineageSource } from './source';
import { UNSEEN_DATASET, UNSEEN_DATASET_DOCS, unseenDatasets } from './unseen';
import { LINEAGE_DRIFT, LINEAGE_DRIFT_DOCS, lineageDrift } from './drift';

/** Wait after the last trigger for a document before checking it. */
const DELAY_MS = 300;

/** A Lineage Lens diagnostic with its rule id and docs link (the runtime checks are not the language server's). */
function diagnostic(
  f: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; message: string },
  severity: vscode.DiagnosticSeverity,
  rule: string,
  docs: string,
): vscode.Diagnostic {
  const r = f.range;
  const d = new vscode.Diagnostic(new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), f.message, severity);
  d.source = 'Lineage Lens';
  d.code = { value: rule, target: vscode.Uri.parse(docs) };
  return d;
}

/** `runtime/unseen-dataset` diagnostics of one DAG file. */
export function unseenDatasetDiagnostics(
  uri: string,
  code: unknown,
  runtime: unknown,
  endpoint: { url: string; namespace: string },
): vscode.Diagnostic[] {
  return unseenDatasets(uri, code, runtime, endpoint).map((f) =>
    diagnostic(f, vscode.DiagnosticSeverity.Information, UNSEEN_DATASET, UNSEEN_DATASET_DOCS),
  );
}

/** `runtime/lineage-drift` diagnostics of one DAG file: tasks whose last run reported other datasets. */
export function driftDiagnostics(uri: string, code: unknown, runtime: unknown): vscode.Diagnostic[] {
  return lineageDrift(uri, code, runtime).map((f) => diagnostic(f, vscode.DiagnosticSeverity.Warning, LINEAGE_DRIFT, LINEAGE_DRIFT_DOCS));
}

/** Keeps the runtime diagnostics of open DAG files current. */
export class RuntimeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('lineageLens-runtime');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly tickets = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();

  constructor(
    private readonly source: DagLineageSource,
    private readonly output: vscode.LogOutputChannel,
  ) {
    const schedule = (document: vscode.TextDocument) => this.schedule(document);
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidOpenTextDocument(schedule),
      vscode.workspace.onDidSaveTextDocument(schedule),
      vscode.window.onDidChangeActiveTextEditor((e) => e && schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lineageLens.endpoint') || e.affectsConfiguration('lineageLens.runtimeDiagnostics')) this.recheckAll();
      }),
    );
    this.recheckAll();
  }

  /** Fires with a document's URI each time its runtime diagnostics were recomputed. */
  get onDidUpdate(): vscode.Event<vscode.Uri> {
    return this.changed.event;
  }

  /** Checks every open Python document again (new endpoint, namespace or API key; Refresh). */
  recheckAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (document.languageId !== 'python' || document.uri.scheme !== 'file') return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(document).catch((error: unknown) =>
          this.output.warn(`Runtime diagnostics of ${key}: ${error instanceof Error ? error.message : String(error)}`),
        );
      }, DELAY_MS),
    );
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const ticket = (this.tickets.get(key) ?? 0) + 1;
    this.tickets.set(key, ticket);
    const current = () => this.tickets.get(key) === ticket && !document.isClosed;
    const done = (diagnostics: vscode.Diagnostic[]) => {
      if (!current()) return;
      this.collection.set(document.uri, diagnostics);
      this.changed.fire(document.uri);
    };
    if (!vscode.workspace.getConfiguration('lineageLens', document.uri).get<boolean>('runtimeDiagnostics.enable', true)) return done([]);
    // Off until an endpoint is set: no language server request either.
    if (!(await this.source.hasEndpoint())) return done([]);
    // Only datasets OpenLineage would report can be missing from the runtime.
    const code = await this.source.code(key, { emittedOnly: true });
    if (!code.ok || code.dagIds.length === 0) return done([]);
    const runtime = await this.source.runtime(code.dagIds, code.namespace, code.taskJobs);
    if (runtime.kind !== 'ok') return done([]);
    done([
      ...unseenDatasetDiagnostics(key, code.graph, runtime.lineage.graph, { url: runtime.endpoint, namespace: runtime.namespace }),
      ...driftDiagnostics(key, code.graph, runtime.lineage.graph),
    ]);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
