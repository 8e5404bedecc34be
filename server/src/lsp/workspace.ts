/**
 * The language server's view of the workspace: the project model, built from disk at start-up and kept
 * current from open documents (their unsaved text wins) and watched-file events.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { readTextFile, walkFiles } from '../node/files';
import { DEFAULT_LIMITS, ProjectIndex, maxFileBytes, projectFileKind, type LineageIndex, type ProjectModel } from '../service';
import { WorkspaceLineage } from './lineage';

/** DAG files larger than this are left out of the static lineage. */
const PY_LINEAGE_BYTES = 2 * 1024 * 1024;
const MAX_PROJECT_FILES = 20000;
/** Files larger than this are never read (the service's size budget: they would not be checked anyway). */
const MAX_READ_BYTES = maxFileBytes(DEFAULT_LIMITS);

export class Workspace {
  private readonly index = new ProjectIndex();
  private readonly open = new Set<string>();
  private scanning: Promise<void> = Promise.resolve();
  /** The static lineage of the workspace's DAG files, fed by the same scan, open documents and file events. */
  readonly lineage = new WorkspaceLineage();

  get model(): ProjectModel {
    return this.index.model;
  }

  /** The model of the project a document belongs to (ProjectIndex.modelFor). */
  modelFor(uri: string): ProjectModel {
    return this.index.modelFor(uri);
  }

  /** Resolves once the initial scan is done (validation waits for it, so first verdicts see the project). */
  get ready(): Promise<void> {
    return this.scanning;
  }

  /** The static lineage, once every DAG file found so far is indexed (open documents at their current text). */
  async lineageIndex(): Promise<LineageIndex> {
    await this.scanning;
    return this.lineage.current(this.model);
  }

  /** Indexes every project file below the workspace folders. */
  scan(folderUris: readonly string[], log: (message: string) => void): Promise<void> {
    this.scanning = (async () => {
      const started = Date.now();
      let files = 0;
      for (const folder of folderUris) {
        if (!folder.startsWith('file:')) continue;
        for await (const path of walkFiles(fileURLToPath(folder), {
          accept: (_n, full) => projectFileKind(full) !== undefined,
          maxFiles: MAX_PROJECT_FILES,
        })) {
          const uri = pathToFileURL(path).href;
          if (this.open.has(uri)) continue;
          const text = await readHead(path, (full) => this.lineage.disk(uri, full), log);
          if (text !== undefined) {
            this.index.update(uri, text);
            files++;
          }
        }
      }
      // Files the project names whatever their name (compose `env_file:`), once the others are indexed.
      for (const uri of this.index.references()) if (await this.reload(uri)) files++;
      log(`Lineage Lens: indexed ${files} project files in ${Date.now() - started} ms`);
    })().catch((e: unknown) =>
      log(`Lineage Lens: workspace scan failed (${(e as Error).message}); project-wide checks may be incomplete.`),
    );
    return this.scanning;
  }

  /**
   * An open document's text replaces the file's (on open, and before each validation of an edited document).
   * Returns true when project facts may have changed.
   */
  openedOrChanged(uri: string, text: string): boolean {
    this.open.add(uri);
    // Re-indexing identical text (a save, the debounce after open) would only cause needless re-validation.
    if (this.indexed.get(uri) === text) return false;
    const relevant = this.index.update(uri, text);
    if (relevant) this.indexed.set(uri, text);
    return relevant;
  }

  /** The text each open document was last indexed with. */
  private readonly indexed = new Map<string, string>();

  /** A closed document goes back to its content on disk. */
  async closed(uri: string): Promise<boolean> {
    this.open.delete(uri);
    this.indexed.delete(uri);
    return this.reload(uri);
  }

  /** Where skipped files are reported (the server's console). */
  log: (message: string) => void = () => undefined;

  /** Applies watched-file events; returns true when the project model changed. */
  async filesChanged(changes: readonly FileEvent[]): Promise<boolean> {
    let changed = false;
    for (const c of changes) {
      if (this.open.has(c.uri) || (!projectFileKind(c.uri) && !this.index.isReferenced(c.uri))) continue;
      if (c.type === FileChangeType.Deleted) {
        this.index.remove(c.uri);
        this.lineage.disk(c.uri, undefined);
        changed = true;
      } else {
        changed = (await this.reload(c.uri)) || changed;
      }
    }
    return changed;
  }

  private async reload(uri: string): Promise<boolean> {
    if ((!projectFileKind(uri) && !this.index.isReferenced(uri)) || !uri.startsWith('file:')) return false;
    const text = await readHead(fileURLToPath(uri), (full) => this.lineage.disk(uri, full), this.log);
    if (text === undefined) this.index.remove(uri);
    else this.index.update(uri, text);
    return true;
  }
}

/**
 * The file's text; a Python file's whole text also goes to `lineage` (undefined
 * when unreadable). Only regular files (after following symlinks) within the size budget are read, with a
 * bounded read: a `.env` linked to /dev/zero, a FIFO or a 1 GB log is skipped with a log line.
 */
async function readHead(
  path: string,
  lineage?: (text: string | undefined) => void,
  log?: (message: string) => void,
): Promise<string | undefined> {
  const python = path.endsWith('.py');
  const read = await readTextFile(path, MAX_READ_BYTES);
  if (read.kind !== 'text') {
    if (read.kind === 'too-large')
      log?.(
        `Lineage Lens: skipped ${path}: ${(read.bytes / 1_000_000).toFixed(1)} MB, over the ${(MAX_READ_BYTES / 1_000_000).toFixed(0)} MB limit`,
      );
    else if (read.kind === 'not-a-file') log?.(`Lineage Lens: skipped ${path}: not a regular file`);
    if (python) lineage?.(undefined);
    return undefined;
  }
  const text = read.text;
  if (python) lineage?.(read.bytes <= PY_LINEAGE_BYTES ? text : undefined);
  return text;
}
