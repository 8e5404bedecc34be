/**
 * Notebooks open in the editor (LSP notebook document sync): the server keeps each notebook's cells, has the
 * service check the notebook as one document (service/notebook), and publishes each cell's diagnostics to the
 * cell's URI. Hover and completion in a cell go through the same notebook. Thin: the mapping is the service's.
 */
import { NotebookCellKind, NotebookDocuments, type Connection, type NotebookDocument } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Hover } from 'vscode-languageserver-types';
import { notebookPythonUri, type EditorCell, type LanguageService, type LanguageSettings, type ProjectModel } from '../service';

/** What the server registers: notebooks of any type whose Python cells it reads. */
export const NOTEBOOK_SYNC = { notebookSelector: [{ notebook: '*', cells: [{ language: 'python' }] }] };

/** The scheme of notebook cells' documents. */
const CELL_SCHEME = 'vscode-notebook-cell:';

export interface NotebookHost {
  service(): LanguageService;
  settingsFor(uri: string): Promise<LanguageSettings>;
  /** Resolves when the workspace scan and the Python parser are ready. */
  ready(): Promise<void>;
  /** The model of the project a notebook belongs to. */
  project(uri: string): ProjectModel;
  /** Forgets a document's cached syntax tree. */
  forget(uri: string): void;
  /** A notebook opened in the editor (its cells' diagnostics replace the file's). */
  opened?(uri: string): void;
  /** A notebook closed; returns true when its file's diagnostics come from disk again. */
  closed?(uri: string): boolean;
}

export class ServerNotebooks {
  private readonly notebooks = new NotebookDocuments(TextDocument);
  /** The cell URIs each notebook last published diagnostics for (cleared when a cell goes away). */
  private readonly published = new Map<string, Set<string>>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Whether the client syncs notebooks (then cells arriving as plain text documents are left to this class). */
  clientSyncs = false;

  constructor(
    private readonly connection: Connection,
    private readonly host: NotebookHost,
  ) {
    this.notebooks.onDidOpen((nb) => {
      this.host.opened?.(nb.uri);
      this.schedule(nb.uri);
    });
    this.notebooks.onDidChange((e) => this.schedule(e.notebookDocument.uri));
    this.notebooks.onDidClose((nb) => this.closed(nb));
  }

  listen(): void {
    this.notebooks.listen(this.connection);
  }

  /** A cell's text document that the notebook sync handles (it is not validated on its own). */
  handles(uri: string): boolean {
    return (this.clientSyncs && uri.startsWith(CELL_SCHEME)) || this.notebooks.findNotebookDocumentForCell(uri) !== undefined;
  }

  /** The document of a cell of an open notebook (quick fixes read only its URI and the diagnostics' data). */
  cell(uri: string): TextDocument | undefined {
    return this.notebooks.cellTextDocuments.get(uri);
  }

  /** Re-checks every open notebook (settings or project facts changed). */
  revalidateAll(): void {
    for (const uri of this.published.keys()) this.schedule(uri);
  }

  hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> | undefined {
    return this.inCell(uri, position, (nb, at, project) => nb.hoverCell(at.notebook, at.cells, uri, at.offset, { project }) ?? null, null);
  }

  complete(uri: string, position: { line: number; character: number }): Promise<CompletionItem[]> | undefined {
    return this.inCell(uri, position, (nb, at, project) => nb.completeCell(at.notebook, at.cells, uri, at.offset, { project }), []);
  }

  /** A request at a position in a cell, answered with its notebook and project once the server is ready; undefined outside notebooks. */
  private inCell<T>(
    uri: string,
    position: { line: number; character: number },
    answer: (
      notebooks: NonNullable<ReturnType<NotebookHost['service']>['notebooks']>,
      at: NonNullable<ReturnType<ServerNotebooks['locate']>>,
      project: ProjectModel,
    ) => T,
    none: T,
  ): Promise<T> | undefined {
    const at = this.locate(uri, position);
    if (!at) return undefined;
    return this.host.ready().then(() => {
      const notebooks = this.host.service().notebooks;
      return notebooks ? answer(notebooks, at, this.host.project(at.notebook.uri)) : none;
    });
  }

  private locate(uri: string, position: { line: number; character: number }) {
    const nb = this.notebooks.findNotebookDocumentForCell(uri);
    const doc = nb && this.notebooks.cellTextDocuments.get(uri);
    if (!nb || !doc) return undefined;
    return { notebook: { uri: nb.uri, version: nb.version }, cells: this.cellsOf(nb), offset: doc.offsetAt(position) };
  }

  private cellsOf(nb: NotebookDocument): EditorCell[] {
    const cells: EditorCell[] = [];
    for (const c of nb.cells) {
      const document = this.notebooks.getCellTextDocument(c);
      // A cell the client does not sync (markdown, another language) is a markdown cell to the notebook: not checked.
      cells.push({
        kind: c.kind === NotebookCellKind.Code && document ? 'code' : 'markdown',
        document: document ?? TextDocument.create(c.document, 'markdown', 0, ''),
      });
    }
    return cells;
  }

  private schedule(uri: string): void {
    if (!this.published.has(uri)) this.published.set(uri, new Set());
    clearTimeout(this.pending.get(uri));
    // Edits arriving together (a paste over several cells) are checked once.
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        void this.validate(uri);
      }, 20),
    );
  }

  private async validate(uri: string): Promise<void> {
    const nb = this.notebooks.getNotebookDocument(uri);
    if (!nb) return;
    const version = nb.version;
    await this.host.ready();
    const settings = await this.host.settingsFor(uri);
    const current = this.notebooks.getNotebookDocument(uri);
    if (!current || current.version !== version) return;
    const cells = this.cellsOf(current);
    const results =
      this.host.service().notebooks?.validateCells({ uri, version }, cells, settings, { project: this.host.project(uri) }) ?? [];
    const before = this.published.get(uri) ?? new Set();
    const now = new Set<string>();
    for (const r of results) {
      if (!r.diagnostics.length && !before.has(r.uri)) continue;
      if (r.diagnostics.length) now.add(r.uri);
      const doc = this.notebooks.cellTextDocuments.get(r.uri);
      await this.connection.sendDiagnostics({ uri: r.uri, ...(doc ? { version: doc.version } : {}), diagnostics: r.diagnostics });
    }
    // Cells deleted since the last check.
    for (const old of before) if (!results.some((r) => r.uri === old)) await this.connection.sendDiagnostics({ uri: old, diagnostics: [] });
    this.published.set(uri, now);
  }

  private closed(nb: NotebookDocument): void {
    clearTimeout(this.pending.get(nb.uri));
    this.pending.delete(nb.uri);
    for (const cell of this.published.get(nb.uri) ?? []) void this.connection.sendDiagnostics({ uri: cell, diagnostics: [] });
    this.published.delete(nb.uri);
    this.host.forget(notebookPythonUri(nb.uri));
    this.host.closed?.(nb.uri);
  }
}
