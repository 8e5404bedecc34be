/**
 * Thin LSP handlers over the language service: documents in, diagnostics/hovers/completions/code actions
 * out. Settings come from the client (`workspace/configuration`, section `lineageLens`), cached per document
 * and dropped in one place when they change.
 */
import { TypingHold } from './typing-hold';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  createLanguageService,
  DEFAULT_SETTINGS,
  normalizeDiagnosticsScope,
  normalizeSettings,
  type DiagnosticsScope,
  notebookPythonUri,
  type LanguageService,
  type LanguageSettings,
  type PythonSparkParser,
  type PythonTreeSource,
} from '../service';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkPaths } from '../node/check';
import { jvmLanguageOf, type JvmSpark } from '../node/jvm';
import { staticLineageRequest } from '../../../protocol/lineage';
import { setupReportRequest } from '../../../protocol/setup';
import { forServer } from './requests';
import { registerSetupPlan } from './setup-plan';
import { fileKey, Workspace } from './workspace';
import { CHECKED_FILES_GLOB, WorkspaceCheck } from './workspace-check';
import { NOTEBOOK_SYNC, ServerNotebooks } from './notebooks';

const isPython = (doc: TextDocument) => doc.languageId === 'python' || doc.uri.endsWith('.py') || doc.uri.endsWith('.ipynb');

export interface ServerOptions {
  /** Resolves to the Python Spark parser once its WASM is loaded; Python files are validated after that. */
  readonly python: Promise<{ parse: PythonSparkParser; tree: PythonTreeSource; forget(uri: string): void } | undefined>;
  /** Scala and Java support; a grammar is loaded when the first document of its language arrives. */
  readonly jvm?: JvmSpark;
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  let python: { parse: PythonSparkParser; tree: PythonTreeSource; forget(uri: string): void } | undefined;
  const jvm = options.jvm;
  let service: LanguageService = createLanguageService(jvm ? { jvm: jvm.parse } : {});
  let configurationPull = false;
  let watchRegistration = false;
  const workspace = new Workspace();
  workspace.log = (m) => connection.console.log(m);
  let workspaceFolders: string[] = [];
  let folderEvents = false;
  const settingsCache = new Map<string, Promise<{ language: LanguageSettings; scope: DiagnosticsScope }>>();
  const reportedSettingProblems = new Set<string>();

  // Notebooks open in the editor: checked as one document, diagnostics published per cell (lsp/notebooks.ts).
  const notebooks = new ServerNotebooks(connection, {
    service: () => service,
    settingsFor: (uri) => settingsFor(uri),
    ready: () => pythonReady.then(() => workspace.ready),
    project: (uri) => workspace.modelFor(uri),
    forget: (uri) => python?.forget(uri),
    opened: (uri): void => {
      openFiles.add(fileKey(uri));
      check.opened(uri, true);
    },
    closed: (uri): boolean => {
      openFiles.delete(fileKey(uri));
      return check.closed(uri);
    },
  });

  // Files that are not open: checked from disk and published (lineageLens.diagnostics.scope, lsp/workspace-check.ts).
  const inFlight = new Set<Promise<void>>();
  // Open documents and notebooks, spelled as the server spells files on disk (fileKey).
  const openFiles = new Set<string>();
  const check = new WorkspaceCheck({
    connection,
    service: () => service,
    isOpen: (uri): boolean => openFiles.has(uri),
    ready: () => pythonReady.then(() => workspace.ready),
    idle: async () => {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    jvmReady: (uri, languageId) => jvmReady(TextDocument.create(uri, languageId, 0, '')),
    folderSettings: (uri) => pullSettings(uri),
    project: (uri) => workspace.modelFor(uri),
    lineage: () => {
      workspace.lineage.usePredictor(workspace.model);
      return workspace.lineage.index;
    },
    folderOf: (uri) => workspace.folderOf(uri),
    log: (m) => connection.console.log(m),
  });

  const pythonReady = options.python.then(
    (p) => {
      python = p;
      if (p) service = createLanguageService({ python: p.parse, pythonTree: p.tree, ...(jvm ? { jvm: jvm.parse } : {}) });
      workspace.lineage.setParser(p?.tree);
    },
    (e: unknown) => {
      workspace.lineage.setParser(undefined);
      connection.console.error(`Lineage Lens: Python support is unavailable (${(e as Error).message}); Python files will not be checked.`);
    },
  );

  // A Scala or Java document waits for its grammar (loaded on first use); a failure is logged once per language.
  const jvmFailed = new Set<string>();
  const jvmReady = async (doc: TextDocument): Promise<void> => {
    const language = jvmLanguageOf(doc.uri, doc.languageId);
    if (!jvm || !language) return;
    try {
      await jvm.load(language);
    } catch (e) {
      if (jvmFailed.has(language)) return;
      jvmFailed.add(language);
      connection.console.error(
        `Lineage Lens: ${language} support is unavailable (${(e as Error).message}); ${language} files will not be checked.`,
      );
    }
  };

  connection.onInitialize((params): InitializeResult => {
    configurationPull = !!params.capabilities.workspace?.configuration;
    watchRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    workspaceFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folderEvents = !!params.capabilities.workspace?.workspaceFolders;
    notebooks.clientSyncs = !!params.capabilities.notebookDocument?.synchronization;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        notebookDocumentSync: NOTEBOOK_SYNC,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', '=', ' ', '"', "'", ','], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        definitionProvider: true,
        referencesProvider: true,
        // Each workspace folder is its own set of projects; folders added or removed later are scanned or dropped.
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'lineage-lens', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (configurationPull) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'lineageLens' });
    // DAG files feed the static lineage, and the workspace check reads the other files `check` reads; the
    // client's own watcher covers project files only.
    if (watchRegistration)
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: CHECKED_FILES_GLOB }] });
    // Validation waits for this scan (workspace.ready), so no document needs re-validating when it ends.
    void workspace.scan(workspaceFolders, (m) => connection.console.log(m));
    void check.addFolders(workspaceFolders);
    if (folderEvents)
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        workspaceFolders = [...workspaceFolders.filter((f) => !removed.some((r) => r.uri === f)), ...added.map((f) => f.uri)];
        for (const f of removed) {
          workspace.removeFolder(f.uri);
          check.removeFolder(f.uri);
        }
        void workspace.scan(
          added.map((f) => f.uri),
          (m) => connection.console.log(m),
        );
        void check.addFolders(added.map((f) => f.uri));
        revalidateAll();
      });
  });

  // Project facts (Airflow version, packages, settings in other files) feed every document's verdicts.
  // A change in one file's project facts re-checks the files on disk of its workspace folder only.
  const revalidateAll = (except?: string) => {
    for (const doc of documents.all()) if (doc.uri !== except) schedule(doc.uri);
    notebooks.revalidateAll();
    check.recheckAll(except && workspace.folderOf(except));
  };

  // SQL lineage loads once the first DAG file is indexed: then open documents are checked again (dags/sql-unparsable).
  workspace.lineage.onSqlLoaded = () => revalidateAll();
  workspace.lineage.log = (m) => connection.console.log(m);

  // An edit's project facts reach the other open documents once typing in it pauses, not at every keystroke.
  const PROJECT_UPDATE_MS = 150;
  const othersPending = new Map<string, ReturnType<typeof setTimeout>>();
  const revalidateOthersLater = (uri: string) => {
    clearTimeout(othersPending.get(uri));
    othersPending.set(
      uri,
      setTimeout(() => {
        othersPending.delete(uri);
        revalidateAll(uri);
      }, PROJECT_UPDATE_MS),
    );
  };

  const settingsFor = (uri: string): Promise<LanguageSettings> => pullSettings(uri).then((s) => s.language);
  // The `lineageLens` section for a document or a workspace folder: the rules' settings and the diagnostics scope.
  const pullSettings = (uri: string): Promise<{ language: LanguageSettings; scope: DiagnosticsScope }> => {
    if (!configurationPull) return Promise.resolve({ language: DEFAULT_SETTINGS, scope: 'workspace' });
    let cached = settingsCache.get(uri);
    if (!cached) {
      cached = connection.workspace.getConfiguration({ scopeUri: uri, section: 'lineageLens' }).then(
        (raw: unknown) => {
          const problems: string[] = [];
          const known = new Set(service.rules.map((r) => r.id));
          const settings = normalizeSettings(raw, problems);
          const scope = normalizeDiagnosticsScope(raw, problems);
          for (const id of Object.keys(settings.rules))
            if (!known.has(id))
              problems.push(`lineageLens.rules: "${id}" is not a Lineage Lens rule id; see the rules table in the README.`);
          for (const p of problems) {
            if (reportedSettingProblems.has(p)) continue;
            reportedSettingProblems.add(p);
            void connection.window.showWarningMessage(p);
          }
          return { language: settings, scope };
        },
        () => ({ language: DEFAULT_SETTINGS, scope: 'workspace' as const }),
      );
      settingsCache.set(uri, cached);
    }
    return cached;
  };

  // Validation is coalesced per document. An edit after a quiet spell is validated at once (leading edge),
  // so a single keystroke costs only the validation itself. Edits that arrive while the document is busy
  // (a burst, a paste, an undo run) restart a short timer and are validated together once it fires
  // (trailing edge). vscode-jsonrpc delivers each message in its own macrotask, so a setImmediate alone
  // would validate every intermediate version. Results are published only if the document has not
  // changed since (no stale squiggles).
  const COALESCE_MS = 20;
  const pending = new Map<string, { timer?: ReturnType<typeof setTimeout>; busyUntil: number }>();
  // A new problem on the lines being typed waits for a pause (./typing-hold.ts); this validates again then.
  const hold = new TypingHold();
  const holdTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const schedule = (uri: string) => {
    const state = pending.get(uri) ?? { busyUntil: 0 };
    pending.set(uri, state);
    const now = Date.now();
    if (!state.timer && now >= state.busyUntil) {
      state.busyUntil = now + COALESCE_MS;
      setImmediate(() => void track(validate(uri)).finally(() => (state.busyUntil = Date.now() + COALESCE_MS)));
      return;
    }
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      state.busyUntil = Date.now() + COALESCE_MS;
      void track(validate(uri)).finally(() => (state.busyUntil = Date.now() + COALESCE_MS));
    }, COALESCE_MS);
  };
  // Open documents' validations in progress: the workspace check waits for them.
  const track = (p: Promise<void>): Promise<void> => {
    inFlight.add(p);
    return p.finally(() => inFlight.delete(p));
  };

  const validate = async (uri: string) => {
    const doc = documents.get(uri);
    // A notebook cell is checked with its notebook (lsp/notebooks.ts), never alone.
    if (!doc || notebooks.handles(uri)) return;
    if (isPython(doc)) await pythonReady;
    await jvmReady(doc);
    await workspace.ready;
    const settings = await settingsFor(uri);
    const current = documents.get(uri);
    if (!current || current.version !== doc.version) return;
    // The document's own project facts are taken in first, so it is checked once, against the current model.
    if (workspace.openedOrChanged(uri, current.getText())) revalidateOthersLater(uri);
    // The workspace's lineage index carries the predictor (dags/sql-unparsable runs the SQL parser through it).
    workspace.lineage.usePredictor(workspace.model);
    const diagnostics = service.validate(current, settings, { project: workspace.modelFor(current.uri), lineage: workspace.lineage.index });
    const { publish, retryInMs } = hold.filter(uri, diagnostics);
    clearTimeout(holdTimers.get(uri));
    if (retryInMs !== undefined)
      holdTimers.set(
        uri,
        setTimeout(() => {
          holdTimers.delete(uri);
          schedule(uri);
        }, retryInMs),
      );
    await connection.sendDiagnostics({ uri, version: current.version, diagnostics: publish });
  };

  // TextDocuments fires onDidChangeContent on open too, and that schedules the document itself; here only
  // the project facts it holds are taken in at once, for the other open documents.
  documents.onDidOpen((e) => {
    openFiles.add(fileKey(e.document.uri));
    check.opened(e.document.uri);
    hold.changed(e.document.uri, e.document.getText(), true);
    if (isPython(e.document)) workspace.lineage.document(e.document);
    if (workspace.openedOrChanged(e.document.uri, e.document.getText())) revalidateAll(e.document.uri);
  });
  // The edited document is validated at once (its project facts taken in just before); the other open
  // documents, whose verdicts rest on those facts, are re-validated when typing pauses.
  documents.onDidChangeContent((e) => {
    hold.changed(e.document.uri, e.document.getText());
    schedule(e.document.uri);
    if (isPython(e.document)) workspace.lineage.document(e.document);
  });
  // Saved: the user is done with the line; what was held back is shown at once.
  documents.onDidSave((e) => {
    hold.release(e.document.uri);
    schedule(e.document.uri);
  });
  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    check.filesChanged(changes);
    if (await workspace.filesChanged(changes)) revalidateAll();
  });
  documents.onDidClose((e) => {
    const state = pending.get(e.document.uri);
    if (state?.timer) clearTimeout(state.timer);
    pending.delete(e.document.uri);
    hold.forget(e.document.uri);
    clearTimeout(holdTimers.get(e.document.uri));
    holdTimers.delete(e.document.uri);
    clearTimeout(othersPending.get(e.document.uri));
    othersPending.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    python?.forget(e.document.uri);
    jvm?.forget(e.document.uri);
    python?.forget(notebookPythonUri(e.document.uri));
    workspace.lineage.closed(e.document.uri);
    openFiles.delete(fileKey(e.document.uri));
    // In workspace scope the file's problems come from disk again; otherwise they go with the editor.
    if (!check.closed(e.document.uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    void workspace.closed(e.document.uri).then((changed) => changed && revalidateAll(e.document.uri));
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    reportedSettingProblems.clear();
    for (const doc of documents.all()) schedule(doc.uri);
    notebooks.revalidateAll();
    void check.settingsChanged();
  });

  connection.onHover(async ({ textDocument, position }) => {
    const inNotebook = notebooks.hover(textDocument.uri, position);
    if (inNotebook) return inNotebook;
    const doc = documents.get(textDocument.uri);
    if (!doc) return null;
    if (isPython(doc)) await pythonReady;
    await jvmReady(doc);
    // The lineage as indexed so far (a hover never waits for indexing; this document is read afresh anyway).
    workspace.lineage.usePredictor(workspace.model);
    return service.hover(doc, doc.offsetAt(position), { project: workspace.modelFor(doc.uri), lineage: workspace.lineage.index });
  });

  connection.onCompletion(async ({ textDocument, position }) => {
    const inNotebook = notebooks.complete(textDocument.uri, position);
    if (inNotebook) return inNotebook;
    const doc = documents.get(textDocument.uri);
    if (!doc) return [];
    if (textDocument.uri.endsWith('.py')) await pythonReady;
    await jvmReady(doc);
    return service.complete(doc, doc.offsetAt(position), { project: workspace.modelFor(doc.uri) });
  });

  connection.onDefinition(async ({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return [];
    await workspace.ready;
    const lineage = isPython(doc) ? await pythonReady.then(() => workspace.lineageIndex()) : undefined;
    return service.definition(doc, doc.offsetAt(position), { project: workspace.modelFor(doc.uri), ...(lineage ? { lineage } : {}) });
  });

  connection.onReferences(async ({ textDocument, position, context }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc || !isPython(doc)) return [];
    await pythonReady;
    const lineage = await workspace.lineageIndex();
    return service.references(doc, doc.offsetAt(position), {
      project: workspace.modelFor(doc.uri),
      lineage,
      includeDeclaration: context.includeDeclaration,
    });
  });

  // The workspace's (or one file's) lineage as read from the DAG code, as Marquez would return it.
  connection.onRequest(forServer(staticLineageRequest), async (params) => {
    await pythonReady;
    const lineage = await workspace.lineageIndex();
    return lineage.graph({ ...(params?.uri ? { uri: params.uri } : {}), ...(params?.emittedOnly ? { emittedOnly: true } : {}) });
  });

  // Verify Setup: the workspace checked as `lineage-lens check` does, with the project facts.
  connection.onRequest(forServer(setupReportRequest), async () => {
    await pythonReady;
    const p = python;
    const folders = workspaceFolders.filter((f) => f.startsWith('file:'));
    const paths = folders.map((f) => fileURLToPath(f));
    // No folder open: nothing to check (checkPaths with no path would walk the server's working directory).
    if (paths.length === 0)
      return {
        folders,
        files: [],
        problems: [],
        project: { packages: [], gxContexts: 0, dbtProjects: 0, hasAirflowDags: false, settings: [] },
        unreadable: 0,
      };
    const cwd = paths[0]!;
    const result = await checkPaths(paths, {
      cwd,
      err: (m) => connection.console.warn(m.trimEnd()),
      ...(p ? { python: p.parse, pythonTree: p.tree } : {}),
      ...(jvm ? { jvm } : {}),
    });
    for (const s of result.skipped) if (s.reason === 'unreadable') connection.console.warn(`${s.path}: cannot read (${s.detail})`);
    const project = result.project;
    return {
      folders,
      files: result.files
        .filter((f) => f.family !== undefined)
        .map((f) => ({ uri: pathToFileURL(f.path).href, family: f.family!, kind: f.kind! })),
      problems: result.problems.map((q) => ({
        uri: pathToFileURL(q.path).href,
        range: q.range,
        severity: q.severity,
        code: q.code,
        message: q.message,
      })),
      project: {
        ...(project.airflow && {
          airflow: { version: project.airflow.text, how: project.airflow.how, verified: project.airflow.verified },
        }),
        packages: [...project.packages.values()].map((pk) => ({
          name: pk.name,
          spec: pk.spec,
          uri: pk.source.uri,
          line: pk.source.range.start.line,
        })),
        gxContexts: project.gxContexts.length,
        dbtProjects: project.dbtProjects.length,
        hasAirflowDags: project.hasAirflowDags,
        settings: project.settings.map((st) => ({
          key: st.key,
          ...(st.section !== undefined && { section: st.section }),
          ...(st.option !== undefined && { option: st.option }),
          uri: st.uri,
          line: st.source.range.start.line,
        })),
      },
      unreadable: result.unreadable,
    };
  });

  connection.onCodeAction(({ textDocument, context }) => {
    const doc = documents.get(textDocument.uri) ?? notebooks.cell(textDocument.uri);
    return doc ? service.codeActions(doc, context.diagnostics) : [];
  });

  registerSetupPlan(connection, documents);
  notebooks.listen();
  documents.listen(connection);
  connection.listen();
}
