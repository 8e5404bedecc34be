/**
 * The server's static lineage of the workspace's DAG files: a `LineageIndex` fed from files on disk (the
 * start-up scan and watched-file events) and from open documents (their unsaved text wins). Disk files are
 * parsed in the background in small slices, so the editor's requests are never held up by a big scan; open
 * documents are re-read lazily, when lineage is asked for, so typing costs nothing here.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { jobNamespace, LineageIndex, type ProjectModel, type PythonTreeSource } from '../service';
import { mentionsAirflow, parseDagFile } from '../service/dags/parse';
import { isPythonPredictSource, WorkspaceFiles } from '../service/predict/files';
import { WorkspacePredictor } from '../service/predict';
import type { SqlLineageFn } from '../service/predict/types';
import { loadSqlLineage } from '../node/sql';
import { memoizedSqlLineage } from '../service/sql';
import type { PythonTree } from '../service/python/parser';

/** Work done per slice before yielding to other messages (ms). */
const SLICE_MS = 15;

export class WorkspaceLineage {
  readonly index = new LineageIndex();
  /** The files predictions read besides DAG files (`.sql` templates, dbt projects, connections, PySpark jobs). */
  readonly sources = new WorkspaceFiles();
  private tree: PythonTreeSource | undefined;
  private parserSet = false;
  private resolveParser!: () => void;
  private readonly parserReady = new Promise<void>((resolve) => (this.resolveParser = resolve));
  /** Disk contents waiting to be indexed (undefined: the file is gone). */
  private readonly queue = new Map<string, string | undefined>();
  /** Open documents changed since they were last indexed. */
  private readonly dirty = new Map<string, TextDocument>();
  private readonly open = new Set<string>();
  private draining: Promise<void> | undefined;
  /** SQL lineage: sqlparser-rs is loaded when the first DAG file is indexed (never in a workspace without one). */
  private sql: SqlLineageFn | undefined;
  private sqlLoading: Promise<void> | undefined;
  private predictorFor: { project: ProjectModel; fingerprint: string; sql: SqlLineageFn | undefined } | undefined;
  /** Called once SQL lineage is available (the server re-checks open documents: `dags/sql-unparsable`). */
  onSqlLoaded: () => void = () => undefined;
  /** Where a failed load is said (the server's console). */
  log: (message: string) => void = () => undefined;

  /** The Python parser is loaded (or failed to load: `undefined`, and DAG files are not indexed). */
  setParser(tree: PythonTreeSource | undefined): void {
    this.tree = tree;
    this.parserSet = true;
    this.resolveParser();
    this.kick();
  }

  /** A file's content on disk (undefined when it was deleted). Ignored while the file is open in the editor. */
  disk(uri: string, text: string | undefined): void {
    if (uri.endsWith('.py')) this.sources.set(uri, text !== undefined && isPythonPredictSource(text) ? text : undefined);
    if (this.open.has(uri)) return;
    this.queue.set(uri, text !== undefined && mentionsAirflow(text) ? text : undefined);
    this.kick();
  }

  /** A prediction source's content on disk (undefined when deleted): see `isPredictSource`. */
  source(uri: string, text: string | undefined): void {
    this.sources.set(uri, text);
  }

  /** An open document was opened or changed: its text replaces the file's (re-read when lineage is asked for). */
  document(doc: TextDocument): void {
    this.open.add(doc.uri);
    this.queue.delete(doc.uri);
    this.dirty.set(doc.uri, doc);
  }

  /** An open document was closed; its disk content comes back through `disk`. */
  closed(uri: string): void {
    this.open.delete(uri);
    this.dirty.delete(uri);
  }

  /** The index with every known file indexed and the namespace of the project's OpenLineage configuration. */
  async current(project: ProjectModel): Promise<LineageIndex> {
    await this.parserReady;
    while (this.draining || this.queue.size) {
      this.kick();
      await this.draining;
    }
    for (const [uri, doc] of this.dirty) this.apply(uri, doc.getText(), doc.version);
    this.dirty.clear();
    if (this.index.parsedFiles) await this.loadSql();
    this.usePredictor(project);
    return this.index;
  }

  /**
   * The index's predictor and namespace for the project model as it is now (synchronous: validation and hovers
   * call it before using the index; SQL lineage joins once loaded).
   */
  usePredictor(project: ProjectModel): void {
    // Called before every validation and hover: the same model and parser are settled at once.
    const last = this.predictorFor;
    if (last && last.project === project && last.sql === this.sql) return;
    const namespace = jobNamespace(project).namespace;
    this.index.namespace = namespace;
    // The model is rebuilt on most edits; predictions change only with what they read from it.
    const fingerprint = predictionInputs(project, namespace);
    const same = last && last.fingerprint === fingerprint && last.sql === this.sql;
    this.predictorFor = { project, fingerprint, sql: this.sql };
    if (same) return;
    this.index.predictor = new WorkspacePredictor({
      project,
      files: this.sources,
      ...(this.sql ? { sql: this.sql } : {}),
      ...(this.tree ? { pythonTree: this.tree } : {}),
      jobNamespace: namespace,
    });
  }

  /** Loads sqlparser-rs once; a failure is logged and SQL operators then predict no datasets. */
  private loadSql(): Promise<void> {
    this.sqlLoading ??= loadSqlLineage().then(
      (sql) => {
        this.sql = memoizedSqlLineage(sql);
        this.onSqlLoaded();
      },
      (e: unknown) =>
        this.log(`Lineage Lens: SQL lineage is unavailable (${(e as Error).message}); SQL operators' datasets will not be predicted.`),
    );
    return this.sqlLoading;
  }

  private kick(): void {
    if (this.draining || !this.parserSet || !this.queue.size) return;
    this.draining = (async () => {
      while (this.queue.size) {
        const started = Date.now();
        for (const [uri, text] of this.queue) {
          this.queue.delete(uri);
          this.apply(uri, text);
          if (Date.now() - started > SLICE_MS) break;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })().finally(() => (this.draining = undefined));
  }

  private apply(uri: string, text: string | undefined, version?: number): void {
    const tree = this.tree;
    if (text === undefined || !tree || !mentionsAirflow(text)) {
      this.index.remove(uri);
      return;
    }
    // Trees parsed here without a version are fresh copies (see loadPythonSpark) and are freed at once;
    // open documents' trees come from the shared per-version cache and are left alone.
    const fresh: PythonTree[] = [];
    try {
      const parsed = version === undefined ? tree(text, uri) : tree(text, uri, version);
      if (version === undefined) fresh.push(parsed);
      const file = parseDagFile(parsed, text, {
        reparse: (t) => {
          const repaired = tree(t, uri);
          fresh.push(repaired);
          return repaired;
        },
      });
      this.index.update(uri, file, text);
      if (file.isAirflow && !this.sqlLoading) void this.loadSql();
    } catch {
      this.index.remove(uri);
    } finally {
      for (const t of fresh) t.delete();
    }
  }
}

/** What predictions read from the project model: connections, variables, namespaces, dbt and OpenLineage settings. */
function predictionInputs(project: ProjectModel, namespace: string): string {
  const keys = /^(AIRFLOW_CONN_|AIRFLOW_VAR_|OPENLINEAGE|DBT_|AIRFLOW__OPENLINEAGE)/;
  const relevant = project.settings
    .filter((s) => keys.test(s.key) || s.section === 'openlineage')
    .map((s) => `${s.uri}\u0000${s.form}\u0000${s.key}\u0000${s.value}\u0000${s.service?.airflow === false ? 0 : 1}`);
  return `${namespace}\u0001${relevant.join('\u0001')}`;
}
