/**
 * Problems of files that are not open (lineageLens.diagnostics.scope, default `workspace`), through the real
 * server: published after initialize without opening anything, kept current when files change on disk, kept
 * when an opened file is closed; none with `openFiles`. Multi-root: each workspace folder is its own set of
 * projects, so one folder's Airflow pins never decide another folder's verdicts.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertBuilt, codes, LspTestClient, messageText } from './client';
import { MISSPELT_TRANSPORT_CELL, notebookText } from '../support/notebooks';

/** A Spark conf with one removed key (spark/legacy-key on line 2). */
const LEGACY_CONF =
  'spark.extraListeners=io.openlineage.spark.agent.OpenLineageSparkListener\nspark.openlineage.host=http://marquez:5000\n';
const GOOD_CONF = 'spark.extraListeners=io.openlineage.spark.agent.OpenLineageSparkListener\nspark.openlineage.transport.type=console\n';

function tempWorkspace(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'conf'));
  writeFileSync(join(dir, 'conf', 'spark-defaults.conf'), LEGACY_CONF);
  return dir;
}

const hasLegacy = (p: { diagnostics: { code?: unknown }[] }) => codes(p.diagnostics as never).includes('spark/legacy-key');

describe('workspace diagnostics: files not open', () => {
  let dir: string;
  let client: LspTestClient;
  let conf: string;

  before(async () => {
    assertBuilt();
    dir = tempWorkspace('lineage-lens-wsdiag-');
    conf = pathToFileURL(join(dir, 'conf', 'spark-defaults.conf')).href;
    ({ client } = await LspTestClient.start({ workspace: dir }));
  });

  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the problems of a file never opened, after initialize', async () => {
    const published = await client.waitForDiagnostics(conf, hasLegacy, 15000);
    const d = published.diagnostics.find((x) => x.code === 'spark/legacy-key')!;
    assert.equal(d.range.start.line, 1);
    assert.match(messageText(d), /spark\.openlineage\.host/);
    assert.equal(published.version, undefined, 'a file from disk has no document version');
  });

  it('publishes new problems when the file changes on disk (didChangeWatchedFiles)', async () => {
    await client.waitForDiagnostics(conf, hasLegacy, 15000);
    writeFileSync(join(dir, 'conf', 'spark-defaults.conf'), GOOD_CONF);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: conf, type: 2 }] });
    const fixed = await client.nextDiagnostics(conf, () => true, 10000);
    assert.deepEqual(codes(fixed.diagnostics), []);
    writeFileSync(join(dir, 'conf', 'spark-defaults.conf'), LEGACY_CONF);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: conf, type: 2 }] });
    await client.nextDiagnostics(conf, hasLegacy, 10000);
  });

  it('publishes a file created on disk, and clears a deleted one', async () => {
    const created = join(dir, 'conf', 'spark-defaults-extra.conf');
    const uri = pathToFileURL(created).href;
    writeFileSync(created, LEGACY_CONF);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
    await client.waitForDiagnostics(uri, hasLegacy, 10000);
    rmSync(created);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    await client.nextDiagnostics(uri, (p) => p.diagnostics.length === 0, 10000);
  });

  it('keeps the disk problems of a file closed without saving', async () => {
    await client.waitForDiagnostics(conf, hasLegacy, 15000);
    // Opened and edited (unsaved): the editor's text wins.
    await client.open(conf, 'spark-conf', GOOD_CONF);
    const open = await client.nextDiagnostics(conf, (p) => p.version === 1, 10000);
    assert.deepEqual(codes(open.diagnostics), []);
    // Closed: the file on disk still has the removed key, and the Problems panel says so again.
    await client.close(conf);
    const closed = await client.nextDiagnostics(conf, () => true, 10000);
    assert.deepEqual(codes(closed.diagnostics), ['spark/legacy-key']);
    assert.equal(closed.version, undefined);
  });

  it('clears disk problems when the scope becomes openFiles, and brings them back with workspace', async () => {
    await client.waitForDiagnostics(conf, hasLegacy, 15000);
    await client.setSettings({ diagnostics: { scope: 'openFiles' } });
    await client.nextDiagnostics(conf, (p) => p.diagnostics.length === 0, 10000);
    await client.setSettings({});
    await client.nextDiagnostics(conf, hasLegacy, 10000);
  });
});

describe('workspace diagnostics: lineageLens.diagnostics.scope = openFiles', () => {
  let dir: string;
  let client: LspTestClient;

  before(async () => {
    assertBuilt();
    dir = tempWorkspace('lineage-lens-wsdiag-open-');
    ({ client } = await LspTestClient.start({ workspace: dir, settings: { diagnostics: { scope: 'openFiles' } } }));
  });

  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes nothing for files that are not open, and clears a file when it is closed', async () => {
    await client.waitForLog(/diagnostics\.scope is openFiles/);
    const other = pathToFileURL(join(dir, 'spark-defaults.conf')).href;
    await client.open(other, 'spark-conf', LEGACY_CONF);
    await client.waitForDiagnostics(other, hasLegacy, 15000);
    await client.close(other);
    await client.nextDiagnostics(other, (p) => p.diagnostics.length === 0, 10000);
    const conf = pathToFileURL(join(dir, 'conf', 'spark-defaults.conf')).href;
    assert.deepEqual(
      client.published.filter((p) => p.uri === conf),
      [],
      'the unopened file got diagnostics',
    );
  });
});

describe('workspace diagnostics: a multi-root workspace', () => {
  let parent: string;
  let client: LspTestClient;
  let oldCfg: string;
  let newCfg: string;
  let looseEnv: string;

  before(async () => {
    assertBuilt();
    parent = mkdtempSync(join(tmpdir(), 'lineage-lens-roots-'));
    // Folder "legacy": Airflow 2.2 with openlineage-airflow, where the lineage backend is the right setup.
    mkdirSync(join(parent, 'legacy'));
    writeFileSync(join(parent, 'legacy', 'requirements.txt'), 'apache-airflow==2.2.5\nopenlineage-airflow==1.14.0\n');
    writeFileSync(join(parent, 'legacy', 'airflow.cfg'), '[lineage]\nbackend = openlineage.lineage_backend.OpenLineageBackend\n');
    // Folder "current": Airflow 3, where that backend no longer exists.
    mkdirSync(join(parent, 'current'));
    writeFileSync(join(parent, 'current', 'requirements.txt'), 'apache-airflow==3.0.1\napache-airflow-providers-openlineage==2.3.0\n');
    writeFileSync(join(parent, 'current', 'airflow.cfg'), '[lineage]\nbackend = openlineage.lineage_backend.OpenLineageBackend\n');
    // Folder "scripts": no project of its own; nothing in it says which Airflow it runs.
    mkdirSync(join(parent, 'scripts'));
    writeFileSync(join(parent, 'scripts', '.env'), 'AIRFLOW__LINEAGE__BACKEND=openlineage.lineage_backend.OpenLineageBackend\n');
    oldCfg = pathToFileURL(join(parent, 'legacy', 'airflow.cfg')).href;
    newCfg = pathToFileURL(join(parent, 'current', 'airflow.cfg')).href;
    looseEnv = pathToFileURL(join(parent, 'scripts', '.env')).href;
    ({ client } = await LspTestClient.start({
      folders: [join(parent, 'legacy'), join(parent, 'current'), join(parent, 'scripts')],
    }));
  });

  after(async () => {
    await client?.shutdown();
    rmSync(parent, { recursive: true, force: true });
  });

  it("judges each folder's files by that folder's own project", async () => {
    const current = await client.waitForDiagnostics(newCfg, (p) => p.diagnostics.some((d) => d.code === 'airflow/lineage-backend'), 15000);
    assert.match(messageText(current.diagnostics.find((d) => d.code === 'airflow/lineage-backend')!), /Airflow 3/);
    await client.waitForLog(/checked \d+ of \d+ workspace files read/, 15000);
    const legacy = client.latest(oldCfg)?.diagnostics ?? [];
    assert.deepEqual(
      legacy.filter((d) => d.code === 'airflow/lineage-backend').map(messageText),
      [],
      'Airflow 2.2 with openlineage-airflow: the backend is right',
    );
    // Opened, the folder without a project is not judged by another folder's Airflow 3.
    await client.open(looseEnv, 'dotenv', 'AIRFLOW__LINEAGE__BACKEND=openlineage.lineage_backend.OpenLineageBackend\n');
    const loose = await client.waitForDiagnostics(looseEnv, (p) => p.version === 1, 15000);
    const backend = loose.diagnostics.filter((d) => d.code === 'airflow/lineage-backend').map(messageText);
    assert.equal(backend.length, 1, backend.join('\n'));
    assert.match(backend[0]!, /the project’s Airflow version is unknown/);
  });

  it('drops a removed folder and checks an added one (didChangeWorkspaceFolders)', async () => {
    await client.waitForDiagnostics(newCfg, (p) => p.diagnostics.length > 0, 15000);
    const current = { uri: pathToFileURL(join(parent, 'current')).href, name: 'current' };
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [current] } });
    await client.nextDiagnostics(newCfg, (p) => p.diagnostics.length === 0, 10000);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [current], removed: [] } });
    const back = await client.nextDiagnostics(newCfg, (p) => p.diagnostics.some((d) => d.code === 'airflow/lineage-backend'), 10000);
    assert.match(messageText(back.diagnostics.find((d) => d.code === 'airflow/lineage-backend')!), /Airflow 3/);
  });
});

describe('workspace diagnostics: a folder whose URI the editor spells differently', () => {
  let parent: string;
  let dir: string;
  let client: LspTestClient;
  /** As VS Code spells file URIs: every character but letters, digits and `-._~/` percent-encoded. */
  const editorUri = (path: string) => `file://${path.split('/').map(encodeURIComponent).join('/')}`;

  before(async () => {
    assertBuilt();
    parent = mkdtempSync(join(tmpdir(), 'lineage-lens-spelled-'));
    dir = join(parent, 'team@data+lineage');
    mkdirSync(join(dir, 'conf'), { recursive: true });
    writeFileSync(join(dir, 'conf', 'spark-defaults.conf'), LEGACY_CONF);
    ({ client } = await LspTestClient.start({ folderUris: [editorUri(dir)] }));
  });

  after(async () => {
    await client?.shutdown();
    rmSync(parent, { recursive: true, force: true });
  });

  it('never publishes disk problems over an open document', async () => {
    const onDisk = pathToFileURL(join(dir, 'conf', 'spark-defaults.conf')).href;
    assert.notEqual(onDisk, editorUri(join(dir, 'conf', 'spark-defaults.conf')));
    await client.waitForDiagnostics(onDisk, hasLegacy, 15000);
    // Opened (as the editor spells it) with the key fixed but not saved.
    const open = editorUri(join(dir, 'conf', 'spark-defaults.conf'));
    await client.open(open, 'spark-conf', GOOD_CONF);
    await client.waitForDiagnostics(open, (p) => p.version === 1, 10000);
    const since = client.published.length;
    // A check of the folder's files on disk: the open file is skipped, the new one published after it would be.
    const extra = pathToFileURL(join(dir, 'conf', 'spark-defaults-extra.conf')).href;
    writeFileSync(join(dir, 'conf', 'spark-defaults-extra.conf'), LEGACY_CONF);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: open, type: 2 },
        { uri: editorUri(join(dir, 'conf', 'spark-defaults-extra.conf')), type: 1 },
      ],
    });
    await client.waitForDiagnostics(extra, hasLegacy, 10000);
    assert.deepEqual(
      client.published.slice(since).filter((p) => p.uri === onDisk),
      [],
      'the disk problems replaced the open document’s',
    );
  });
});

describe('workspace diagnostics: a notebook', () => {
  let dir: string;
  let client: LspTestClient;
  let nb: string;
  const cell = (n: number) => `vscode-notebook-cell:${nb.slice('file://'.length)}#W${n}sZmlsZQ%3D%3D`;

  before(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'lineage-lens-wsdiag-nb-'));
    writeFileSync(join(dir, 'orders.ipynb'), notebookText([MISSPELT_TRANSPORT_CELL]));
    nb = pathToFileURL(join(dir, 'orders.ipynb')).href;
    client = LspTestClient.spawn();
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'nb' }],
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { versionSupport: true, dataSupport: true } },
        notebookDocument: { synchronization: { dynamicRegistration: false } },
      },
    });
    await client.connection.sendNotification('initialized', {});
  });

  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists a closed notebook’s problems on the file, moves them to its cells while open, and back when closed', async () => {
    const isTransport = (p: { diagnostics: { code?: unknown }[] }) => codes(p.diagnostics as never).includes('spark/transport-type');
    const onFile = await client.waitForDiagnostics(nb, isTransport, 15000);
    assert.match(messageText(onFile.diagnostics.find((d) => d.code === 'spark/transport-type')!), /^cell 1, line \d+: /);
    await client.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: nb, notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: 2, document: cell(0) }] },
      cellTextDocuments: [{ uri: cell(0), languageId: 'python', version: 1, text: MISSPELT_TRANSPORT_CELL }],
    });
    // Open: the cell has the problem, the file no longer does (the Problems panel would list it twice).
    await client.waitForDiagnostics(cell(0), isTransport, 10000);
    await client.waitForDiagnostics(nb, (p) => p.diagnostics.length === 0, 10000);
    await client.connection.sendNotification('notebookDocument/didClose', {
      notebookDocument: { uri: nb },
      cellTextDocuments: [{ uri: cell(0) }],
    });
    await client.waitForDiagnostics(cell(0), (p) => p.diagnostics.length === 0, 10000);
    await client.waitForDiagnostics(nb, isTransport, 10000);
  });
});

describe('workspace diagnostics: the work done on changes', () => {
  let parent: string;
  let client: LspTestClient;
  const path = (...p: string[]) => join(parent, ...p);
  const uri = (...p: string[]) => pathToFileURL(path(...p)).href;
  let confsA: string[];
  let confsB: string[];
  const REQUIREMENTS = 'apache-airflow==3.0.1\napache-airflow-providers-openlineage==2.3.0\n';

  /** Publishes since `since` for these URIs. */
  const republished = (since: number, uris: readonly string[]) =>
    client.published
      .slice(since)
      .filter((p) => uris.includes(p.uri))
      .map((p) => p.uri);

  /** Has the disk check of folder b's sentinel file published, after every check queued before it. */
  async function sentinel(): Promise<void> {
    const since = client.published.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri('b', 'conf', 'sentinel.conf'), type: 2 }],
    });
    await client.publishedSince(since, uri('b', 'conf', 'sentinel.conf'));
  }

  before(async () => {
    assertBuilt();
    parent = mkdtempSync(join(tmpdir(), 'lineage-lens-work-'));
    for (const [folder, files] of [
      ['a', ['a1.conf', 'a2.conf', 'a3.conf']],
      ['b', ['b1.conf', 'b2.conf', 'sentinel.conf']],
    ] as const) {
      mkdirSync(path(folder, 'conf'), { recursive: true });
      for (const f of files) writeFileSync(path(folder, 'conf', f), LEGACY_CONF);
    }
    writeFileSync(path('a', 'requirements.txt'), REQUIREMENTS);
    confsA = ['a1.conf', 'a2.conf', 'a3.conf'].map((f) => uri('a', 'conf', f));
    confsB = ['b1.conf', 'b2.conf'].map((f) => uri('b', 'conf', f));
    ({ client } = await LspTestClient.start({ folders: [path('a'), path('b')] }));
    for (const u of [...confsA, ...confsB]) await client.waitForDiagnostics(u, hasLegacy, 15000);
  });

  after(async () => {
    await client?.shutdown();
    rmSync(parent, { recursive: true, force: true });
  });

  it('re-checks nothing when a project file is opened and closed unchanged', async () => {
    await sentinel();
    const since = client.published.length;
    await client.open(uri('a', 'requirements.txt'), 'pip-requirements', REQUIREMENTS);
    await client.waitForDiagnostics(uri('a', 'requirements.txt'), (p) => p.version === 1, 10000);
    await client.close(uri('a', 'requirements.txt'));
    await client.nextDiagnostics(uri('a', 'requirements.txt'), (p) => p.version === undefined, 10000);
    await sentinel();
    assert.deepEqual(republished(since, [...confsA, ...confsB]), []);
  });

  it('re-checks only the folder whose project changed', async () => {
    await sentinel();
    const since = client.published.length;
    // An edit of folder a's pins (unsaved): a's files are judged again, b's are not.
    await client.open(
      uri('a', 'requirements.txt'),
      'pip-requirements',
      'apache-airflow==2.9.3\napache-airflow-providers-openlineage==1.8.0\n',
    );
    for (const u of confsA) await client.publishedSince(since, u);
    await sentinel();
    assert.deepEqual(republished(since, confsB), []);
    await client.close(uri('a', 'requirements.txt'));
  });
});

describe('workspace diagnostics: a folder with more files than the check reads', () => {
  let dir: string;
  let client: LspTestClient;

  before(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'lineage-lens-many-'));
    mkdirSync(join(dir, 'a'));
    // 5,000 candidates (text files that hold no configuration) come first in the walk; the conf after them is over the cap.
    for (let i = 0; i < 5000; i++) writeFileSync(join(dir, 'a', `notes-${String(i).padStart(4, '0')}.txt`), '');
    mkdirSync(join(dir, 'z'));
    writeFileSync(join(dir, 'z', 'spark-defaults.conf'), LEGACY_CONF);
    ({ client } = await LspTestClient.start({ workspace: dir }));
  });

  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says so, checks 5,000 files, and leaves the rest to be checked when opened', async () => {
    await client.waitForLog(/holds more than 5000 files to check; the rest are checked when opened/, 20000);
    await client.waitForLog(/checked \d+ of \d+ workspace files read/, 30000);
    const conf = pathToFileURL(join(dir, 'z', 'spark-defaults.conf')).href;
    assert.equal(client.latest(conf), undefined);
    await client.open(conf, 'spark-conf', LEGACY_CONF);
    await client.waitForDiagnostics(conf, hasLegacy, 10000);
    // Closed, it is not among the files checked from disk: its problems go with the editor.
    await client.close(conf);
    await client.nextDiagnostics(conf, (p) => p.diagnostics.length === 0, 10000);
  });
});
