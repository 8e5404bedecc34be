/**
 * The language server's view of the workspace: the project model, built from disk at start-up and kept
 * current from open documents (their unsaved text wins) and watched-file events. Each workspace folder is
 * its own set of projects (its own ProjectIndex): in a multi-root workspace, one folder's pins and images
 * never decide another folder's verdicts. Files outside every folder share one more index.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { readTextFile, walkFiles } from '../node/files';
import { DEFAULT_LIMITS, ProjectIndex, maxFileBytes, projectFileKind, type LineageIndex, type ProjectModel } from '../service';
import { isPredictSource, predictSourceBytes } from '../service/predict/files';
import { WorkspaceLineage } from './lineage';

/** DAG files larger than this are left out of the static lineage. */
const PY_LINEAGE_BYTES = 2 * 1024 * 1024;
const MAX_PROJECT_FILES = 20000;
/** Files larger than this are never read (the service's size budget: they would not be checked anyway). */
const MAX_READ_BYTES = maxFileBytes(DEFAULT_LIMITS);

export class Workspace {
  /** One index per workspace folder (folder URIs ending in `/`, deepest first), and one for files outside them. */
  private readonly folders = new Map<string, ProjectIndex>();
  private readonly outside = new ProjectIndex();
  private readonly open = new Set<string>();
  private scanning: Promise<void> = Promise.resolve();
  /** The static lineage of the workspace's DAG files, fed by the same scan, open documents and file events. */
  readonly lineage = new WorkspaceLineage();

  /** The first folder as one project (the static lineage's namespace). */
  get model(): ProjectModel {
    return (this.folders.values().next().value ?? this.outside).model;
  }

  /** The model of the project a document belongs to (ProjectIndex.modelFor), within its workspace folder. */
  modelFor(uri: string): ProjectModel {
    return this.indexOf(uri).modelFor(uri);
  }

  /** The workspace folder holding `uri` (the deepest, for nested folders), as a URI ending in `/`. */
  folderOf(uri: string): string | undefined {
    const key = fileKey(uri);
    for (const f of this.folders.keys()) if (key.startsWith(f)) return f;
    return undefined;
  }

  private indexOf(uri: string): ProjectIndex {
    const folder = this.folderOf(uri);
    return folder ? this.folders.get(folder)! : this.outside;
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

  /** Indexes every project file below the workspace folders (added to those already known). */
  scan(folderUris: readonly string[], log: (message: string) => void): Promise<void> {
    const added = folderUris.map(folderKey).filter((f) => f !== undefined && !this.folders.has(f)) as string[];
    for (const f of added) this.addIndex(f);
    const previous = this.scanning;
    this.scanning = (async () => {
      await previous;
      const started = Date.now();
      let files = 0;
      for (const folder of added) {
        const index = this.folders.get(folder);
        if (!index) continue;
        for await (const path of walkFiles(fileURLToPath(folder), {
          accept: (_n, full) => projectFileKind(full) !== undefined || isPredictSource(full),
          maxFiles: MAX_PROJECT_FILES,
        })) {
          const uri = pathToFileURL(path).href;
          // A nested workspace folder's files are its own folder's (indexed by its own scan).
          if (this.indexOf(uri) !== index) continue;
          const project = projectFileKind(path) !== undefined;
          if (!project) {
            this.lineage.source(uri, await readSource(path, log));
            continue;
          }
          if (this.open.has(uri)) continue;
          const text = await readHead(path, (full) => this.lineage.disk(uri, full), log);
          if (isPredictSource(path)) this.lineage.source(uri, text);
          if (text !== undefined) {
            this.put(index, uri, text);
            files++;
          }
        }
        // Files the project names whatever their name (compose `env_file:`), once the others are indexed.
        for (const uri of index.references()) if (await this.reload(uri)) files++;
      }
      log(`Lineage Lens: indexed ${files} project files in ${Date.now() - started} ms`);
    })().catch((e: unknown) =>
      log(`Lineage Lens: workspace scan failed (${(e as Error).message}); project-wide checks may be incomplete.`),
    );
    return this.scanning;
  }

  /** A workspace folder was removed: its projects go (documents still open there fall back to the outside index). */
  removeFolder(folderUri: string): void {
    const key = folderKey(folderUri);
    if (!key || !this.folders.delete(key)) return;
    for (const [uri, text] of this.indexed)
      if (fileKey(uri).startsWith(key) && this.indexOf(uri) === this.outside) this.put(this.outside, uri, text);
  }

  /** A folder's own index, deepest folders first; open documents under it move over from the outside index. */
  private addIndex(folder: string): void {
    const index = new ProjectIndex();
    const entries = [...this.folders, [folder, index] as const].sort(([a], [b]) => b.length - a.length);
    this.folders.clear();
    for (const [k, v] of entries) this.folders.set(k, v);
    for (const [uri, text] of this.indexed)
      if (this.indexOf(uri) === index) {
        this.drop(this.outside, uri);
        this.put(index, uri, text);
      }
  }

  /**
   * An open document's text replaces the file's (on open, and before each validation of an edited document).
   * Returns true when project facts may have changed.
   */
  openedOrChanged(uri: string, text: string): boolean {
    this.open.add(uri);
    // Re-indexing identical text (a save, the debounce after open) would only cause needless re-validation.
    if (this.indexed.get(uri) === text) return false;
    const put = this.put(this.indexOf(uri), uri, text);
    if (put !== false) this.indexed.set(uri, text);
    return put === true;
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
      if (isPredictSource(c.uri)) {
        if (c.type === FileChangeType.Deleted) this.lineage.source(c.uri, undefined);
        else if (!projectFileKind(c.uri) && c.uri.startsWith('file:'))
          this.lineage.source(c.uri, await readSource(fileURLToPath(c.uri), this.log));
      }
      if (this.open.has(c.uri) || (!projectFileKind(c.uri) && !this.indexOf(c.uri).isReferenced(c.uri))) continue;
      if (c.type === FileChangeType.Deleted) {
        this.drop(this.indexOf(c.uri), c.uri);
        this.lineage.disk(c.uri, undefined);
        changed = true;
      } else {
        changed = (await this.reload(c.uri)) || changed;
      }
    }
    return changed;
  }

  private async reload(uri: string): Promise<boolean> {
    const index = this.indexOf(uri);
    if ((!projectFileKind(uri) && !index.isReferenced(uri)) || !uri.startsWith('file:')) return false;
    const text = await readHead(fileURLToPath(uri), (full) => this.lineage.disk(uri, full), this.log);
    if (isPredictSource(uri)) this.lineage.source(uri, text);
    if (text === undefined) {
      this.drop(index, uri);
      return true;
    }
    return this.put(index, uri, text) === true;
  }

  /** A digest of the text each index last took for a file (from disk or the editor). */
  private readonly digests = new WeakMap<ProjectIndex, Map<string, string>>();

  /**
   * Indexes a file's text unless the index already has that very text ('same': opening a file, or closing it
   * unchanged, is no reason to re-check the workspace). Otherwise true when the file is relevant to the model.
   */
  private put(index: ProjectIndex, uri: string, text: string): boolean | 'same' {
    let digests = this.digests.get(index);
    if (!digests) this.digests.set(index, (digests = new Map()));
    const digest = createHash('sha1').update(text).digest('base64');
    if (digests.get(uri) === digest) return 'same';
    const relevant = index.update(uri, text);
    if (relevant) digests.set(uri, digest);
    else digests.delete(uri);
    return relevant;
  }

  private drop(index: ProjectIndex, uri: string): void {
    this.digests.get(index)?.delete(uri);
    index.remove(uri);
  }
}

/**
 * A file URI as the server spells the files it finds on disk (Node's pathToFileURL). The editor may encode
 * more characters (`(`, `@`, `+`: `file:///a%20%28copy%29/`); both name the same file. Other schemes as given.
 */
export function fileKey(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToFileURL(fileURLToPath(uri)).href;
  } catch {
    return uri;
  }
}

/** A workspace folder's URI as the server's own file URIs spell it, ending in `/` (undefined unless `file:`). */
export function folderKey(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  const href = fileKey(uri);
  return href.endsWith('/') ? href : `${href}/`;
}

/** A prediction source's text (a dbt manifest or a notebook may be larger than other files), or undefined. */
async function readSource(path: string, log?: (message: string) => void): Promise<string | undefined> {
  const limit = predictSourceBytes(path, MAX_READ_BYTES);
  const read = await readTextFile(path, limit);
  if (read.kind === 'too-large')
    log?.(`Lineage Lens: skipped ${path} for lineage: ${(read.bytes / 1_000_000).toFixed(1)} MB, over the limit`);
  return read.kind === 'text' ? read.text : undefined;
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
