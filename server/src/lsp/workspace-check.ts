/**
 * Diagnostics for the files that are not open (`lineageLens.diagnostics.scope`: `workspace`, the default):
 * every file below a workspace folder that `lineage-lens check` would check is read from disk, checked with
 * its project known, and its problems published, so the Problems panel lists them from start-up. Kept
 * current from watched-file events, project model changes, settings changes and documents closing (a closed
 * file's problems come from disk again). Open documents are the server's (their unsaved text wins): this
 * never publishes for them, and waits while their validations run. Bounded: at most MAX_FILES files per
 * folder, files over the service's size budget are not read, and the work runs in short slices that yield
 * to the event loop.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType, type Connection, type Diagnostic, type FileEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isCheckCandidate, languageOf } from '../node/check';
import { readTextFile, SKIP_DIRS, walkFiles } from '../node/files';
import {
  DEFAULT_LIMITS,
  isNotebookPath,
  maxFileBytes,
  NOTEBOOK_MAX_CHARS,
  type DiagnosticsScope,
  type LanguageService,
  type LanguageSettings,
  type LineageIndex,
  type ProjectModel,
} from '../service';
import { fileKey, folderKey } from './workspace';

/** Files checked per workspace folder at most (the rest are left to be checked when opened, with a log line). */
export const MAX_FILES = 5000;
/** Work done per slice before yielding to other messages (ms). */
const SLICE_MS = 10;

/**
 * A closed notebook's problem is placed in its JSON text; the message says which cell and line, as the CLI
 * prints it (opened, the notebook's problems move to its cells).
 */
function inCell(d: Diagnostic): Diagnostic {
  const cell = (d.data as { cell?: { index: number; line: number } } | undefined)?.cell;
  if (!cell || typeof d.message !== 'string') return d;
  return { ...d, message: `cell ${cell.index + 1}, line ${cell.line + 1}: ${d.message}` };
}

/** The other file kinds `lineage-lens check` reads, beyond the project files the client already watches. */
export const CHECKED_FILES_GLOB = '**/*.{py,conf,properties,scala,java,ipynb,cfg,toml,txt}';

export interface WorkspaceCheckHost {
  connection: Pick<Connection, 'sendDiagnostics'>;
  service(): LanguageService;
  /** Whether the editor has the file open (as a text document or a notebook; `uri` as fileKey spells it): then its diagnostics are not ours. */
  isOpen(uri: string): boolean;
  /** Resolves when the Python parser is loaded and the project scan is done. */
  ready(): Promise<void>;
  /** Resolves once the open documents' pending validations are done (they go first). */
  idle(): Promise<void>;
  /** Loads the grammar a Scala or Java file needs. */
  jvmReady(uri: string, languageId: string): Promise<void>;
  /** A workspace folder's settings and diagnostics scope. */
  folderSettings(folderUri: string): Promise<{ language: LanguageSettings; scope: DiagnosticsScope }>;
  project(uri: string): ProjectModel;
  /** The workspace's static lineage with its predictor (`dags/sql-unparsable` predicts through it). */
  lineage?(): LineageIndex;
  /** The workspace folder holding a file (URI ending in `/`). */
  folderOf(uri: string): string | undefined;
  log(message: string): void;
}

interface Folder {
  /** The files found to check (URIs). */
  readonly files: Set<string>;
  scope: DiagnosticsScope | undefined;
  walked: boolean;
  capped: boolean;
}

export class WorkspaceCheck {
  private readonly folders = new Map<string, Folder>();
  /** Files whose disk diagnostics were published non-empty (cleared when they go away). */
  private readonly published = new Set<string>();
  private readonly queue = new Set<string>();
  private draining: Promise<void> | undefined;
  private stats = { read: 0, files: 0, withProblems: 0, started: 0 };

  constructor(private readonly host: WorkspaceCheckHost) {}

  /** Workspace folders added (at start-up, or later): their settings are read and, in `workspace` scope, their files checked. */
  async addFolders(folderUris: readonly string[]): Promise<void> {
    const added: string[] = [];
    for (const uri of folderUris) {
      const key = folderKey(uri);
      if (!key || this.folders.has(key)) continue;
      this.folders.set(key, { files: new Set(), scope: undefined, walked: false, capped: false });
      added.push(key);
    }
    await Promise.all(added.map((f) => this.refreshFolder(f)));
  }

  /** A workspace folder removed: its problems go with it. */
  removeFolder(folderUri: string): void {
    const key = folderKey(folderUri);
    const folder = key && this.folders.get(key);
    if (!key || !folder) return;
    this.folders.delete(key);
    for (const uri of folder.files) this.clear(uri);
  }

  /** Settings changed: each folder's scope is read again; its files are checked again (or their problems cleared). */
  async settingsChanged(): Promise<void> {
    await Promise.all([...this.folders.keys()].map((f) => this.refreshFolder(f)));
  }

  /** The project model changed (of one workspace folder, when given): every file's verdict there may have. */
  recheckAll(onlyFolder?: string): void {
    for (const [key, folder] of this.folders)
      if (folder.scope === 'workspace' && (!onlyFolder || key === onlyFolder)) for (const uri of folder.files) this.queue.add(uri);
    this.kick();
  }

  /** Watched files created, changed or deleted on disk. */
  filesChanged(changes: readonly FileEvent[]): void {
    for (const change of changes) {
      const c = { type: change.type, uri: fileKey(change.uri) };
      const key = this.host.folderOf(c.uri);
      const folder = key ? this.folders.get(key) : undefined;
      if (!folder || folder.scope !== 'workspace') continue;
      if (c.type === FileChangeType.Deleted) {
        // A deleted folder comes as one event for the folder itself.
        const below = c.uri.endsWith('/') ? c.uri : `${c.uri}/`;
        for (const uri of [...folder.files])
          if (uri === c.uri || uri.startsWith(below)) {
            folder.files.delete(uri);
            this.queue.delete(uri);
            this.clear(uri);
          }
        continue;
      }
      if (!this.wanted(c.uri, key!)) continue;
      if (!folder.files.has(c.uri) && folder.files.size >= MAX_FILES) continue;
      folder.files.add(c.uri);
      this.queue.add(c.uri);
    }
    this.kick();
  }

  /**
   * A document (or notebook) opened in the editor: its diagnostics are the server's now. A text document's
   * validation replaces what was published; a notebook's go to its cells, so the file's are cleared.
   */
  opened(editorUri: string, notebook = false): void {
    const uri = fileKey(editorUri);
    this.queue.delete(uri);
    if (this.published.delete(uri) && notebook) void this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * A document closed. Returns true when its problems come from disk again (workspace scope): the caller
   * must then not clear them.
   */
  closed(editorUri: string): boolean {
    const uri = fileKey(editorUri);
    const key = this.host.folderOf(uri);
    const folder = key ? this.folders.get(key) : undefined;
    if (!folder || folder.scope !== 'workspace' || !this.wanted(uri, key!)) return false;
    if (!folder.files.has(uri) && folder.files.size >= MAX_FILES) return false;
    folder.files.add(uri);
    // Published even when the disk holds no problem: the open document's diagnostics are replaced.
    this.published.add(uri);
    this.queue.add(uri);
    this.kick();
    return true;
  }

  /** Resolves when every queued file is checked (tests, start-up figures). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** A file the walk would have found: a check candidate, not in a skipped folder. */
  private wanted(uri: string, folder: string): boolean {
    if (!uri.startsWith(folder)) return false;
    const parts = decodeURIComponent(uri.slice(folder.length)).split('/');
    return isCheckCandidate(parts[parts.length - 1]!) && !parts.slice(0, -1).some((p) => SKIP_DIRS.has(p));
  }

  private async refreshFolder(key: string): Promise<void> {
    const folder = this.folders.get(key);
    if (!folder) return;
    const { scope } = await this.host.folderSettings(key).catch(() => ({ scope: 'workspace' as const }));
    const before = folder.scope;
    folder.scope = scope;
    if (scope === 'openFiles') {
      if (before !== scope)
        this.host.log(`Lineage Lens: ${fileURLToPath(key)}: problems of open files only (lineageLens.diagnostics.scope is openFiles)`);
      for (const uri of folder.files) {
        this.queue.delete(uri);
        this.clear(uri);
      }
      return;
    }
    if (!folder.walked) {
      folder.walked = true;
      await this.walk(key, folder);
    }
    if (this.folders.get(key) !== folder || folder.scope !== 'workspace') return;
    for (const uri of folder.files) this.queue.add(uri);
    this.kick();
  }

  private async walk(key: string, folder: Folder): Promise<void> {
    let count = 0;
    for await (const path of walkFiles(fileURLToPath(key), { accept: (name) => isCheckCandidate(name), maxFiles: MAX_FILES + 1 })) {
      const uri = pathToFileURL(path).href;
      // A nested workspace folder's files are its own.
      if (this.host.folderOf(uri) !== key) continue;
      if (++count > MAX_FILES) {
        folder.capped = true;
        this.host.log(`Lineage Lens: ${fileURLToPath(key)} holds more than ${MAX_FILES} files to check; the rest are checked when opened.`);
        break;
      }
      folder.files.add(uri);
    }
  }

  private kick(): void {
    if (this.draining || !this.queue.size) return;
    this.stats = { read: 0, files: 0, withProblems: 0, started: Date.now() };
    this.draining = (async () => {
      await this.host.ready();
      this.stats.started = Date.now();
      while (this.queue.size) {
        // Open documents first: their validations (at start-up, while typing) are never held up by this.
        await this.host.idle();
        const started = Date.now();
        for (const uri of this.queue) {
          this.queue.delete(uri);
          await this.check(uri);
          if (Date.now() - started > SLICE_MS) break;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })()
      .catch((e: unknown) => this.host.log(`Lineage Lens: checking the workspace failed (${(e as Error).message}).`))
      .finally(() => {
        this.draining = undefined;
        const { read, files, withProblems, started } = this.stats;
        if (read)
          this.host.log(
            `Lineage Lens: checked ${files} of ${read} workspace files read (${withProblems} with problems) in ${Date.now() - started} ms`,
          );
        this.kick();
      });
  }

  private async check(uri: string): Promise<void> {
    const key = this.host.folderOf(uri);
    const folder = key ? this.folders.get(key) : undefined;
    if (!folder || folder.scope !== 'workspace' || !folder.files.has(uri)) return;
    if (this.host.isOpen(uri)) return void this.published.delete(uri);
    const path = fileURLToPath(uri);
    const read = await readTextFile(path, isNotebookPath(path) ? NOTEBOOK_MAX_CHARS : maxFileBytes(DEFAULT_LIMITS));
    if (read.kind !== 'text') {
      if (read.kind === 'error') folder.files.delete(uri);
      return this.clear(uri);
    }
    const languageId = languageOf(path);
    await this.host.jvmReady(uri, languageId);
    const { language } = await this.host.folderSettings(key!);
    // Opened (or dropped) while this was read: the open document's validation speaks for it.
    if (this.host.isOpen(uri) || !folder.files.has(uri) || folder.scope !== 'workspace') return;
    this.stats.read++;
    const doc = TextDocument.create(uri, languageId, 0, read.text);
    const service = this.host.service();
    const project = this.host.project(uri);
    const found = service.classify(doc, { project });
    const lineage = this.host.lineage?.();
    const diagnostics = found ? service.validate(doc, language, { project, ...(lineage ? { lineage } : {}) }).map(inCell) : [];
    if (found) this.stats.files++;
    if (diagnostics.length) this.stats.withProblems++;
    if (!diagnostics.length && !this.published.has(uri)) return;
    if (diagnostics.length) this.published.add(uri);
    else this.published.delete(uri);
    await this.host.connection.sendDiagnostics({ uri, diagnostics });
  }

  /** Clears a file's disk diagnostics, if any were published (never an open document's). */
  private clear(uri: string): void {
    if (!this.published.delete(uri) || this.host.isOpen(uri)) return;
    void this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
