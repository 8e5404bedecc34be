/**
 * Static lineage through the real server: `lineageLens/staticLineage` over DAG files on disk and open
 * documents, go to definition and find references across two DAG files, and updates from edits, closes and
 * watched-file events.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InitializeResult } from 'vscode-languageserver';
import type { Hover, Location } from 'vscode-languageserver-types';
import { staticLineageRequest, type StaticLineageParams, type StaticLineageResult } from '../../protocol/lineage';
import { assertBuilt, LspTestClient } from './client';
import { consumerDag, producerDag } from '../support/dag-pair';

const PRODUCER = producerDag();

const CONSUMER = consumerDag();

/** The position of the `occurrence`-th `needle` (plus `delta` characters). */
function positionOf(text: string, needle: string, occurrence = 1, delta = 0) {
  let at = -1;
  for (let i = 0; i < occurrence; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not found`);
  at += delta;
  return { line: text.slice(0, at).split('\n').length - 1, character: at - text.lastIndexOf('\n', at - 1) - 1 };
}

const jobs = (g: StaticLineageResult) => g.graph.filter((n) => n.type === 'JOB').map((n) => n.id);
const where = (l: Location) => `${l.uri.split('/').pop()}:${l.range.start.line}:${l.range.start.character}`;

describe('static lineage in the language server', () => {
  let dir: string;
  let client: LspTestClient;
  let init: InitializeResult;
  let producer: string;
  let consumer: string;
  const lineage = (params: StaticLineageParams = {}) => client.connection.sendRequest(staticLineageRequest, params);

  before(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'lineage-lens-dags-'));
    mkdirSync(join(dir, 'dags'));
    writeFileSync(join(dir, 'dags', 'producer.py'), PRODUCER);
    writeFileSync(join(dir, 'dags', 'consumer.py'), CONSUMER);
    writeFileSync(join(dir, 'airflow.cfg'), '[openlineage]\nnamespace = acme\n');
    producer = pathToFileURL(join(dir, 'dags', 'producer.py')).href;
    consumer = pathToFileURL(join(dir, 'dags', 'consumer.py')).href;
    ({ client, result: init } = await LspTestClient.start({ workspace: dir }));
  });

  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('declares find references', () => {
    assert.equal(init.capabilities.referencesProvider, true);
    assert.equal(init.capabilities.definitionProvider, true);
  });

  it('returns the workspace graph read from the DAG files on disk, in the namespace of airflow.cfg', async () => {
    const g = await lineage();
    assert.deepEqual(
      g.graph.map((n) => n.id),
      ['dataset:s3://lake:orders', 'job:acme:consumer.report', 'job:acme:producer.extract', 'job:acme:producer.load'],
    );
    const orders = g.graph[0]!;
    assert.deepEqual(orders.inEdges, [{ origin: 'job:acme:producer.load', destination: 'dataset:s3://lake:orders' }]);
    assert.deepEqual(orders.outEdges, [{ origin: 'dataset:s3://lake:orders', destination: 'job:acme:consumer.report' }]);
    const load = g.graph.find((n) => n.id === 'job:acme:producer.load')!;
    assert.ok(load.type === 'JOB');
    assert.equal(load.data.sourceLocation.uri, producer);
    assert.deepEqual(load.data.sourceLocation.range.start, { line: 6, character: 11 });
    assert.deepEqual(load.data.upstream, ['producer.extract']);
  });

  it("returns one file's graph for a uri", async () => {
    const g = await lineage({ uri: consumer });
    assert.deepEqual(
      g.graph.map((n) => n.id),
      ['dataset:s3://lake:orders', 'job:acme:consumer.report'],
    );
  });

  it('goes from a dataset in one DAG file to the tasks of both files that read and write it', async () => {
    await client.open(consumer, 'python', CONSUMER);
    const locations = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: consumer },
      position: positionOf(CONSUMER, 'ORDERS])', 2, 1),
    });
    assert.deepEqual(locations.map(where), ['consumer.py:6:8', 'producer.py:6:33']);
  });

  it('finds the references of a dataset across both files', async () => {
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: consumer },
      position: positionOf(CONSUMER, 'ORDERS])', 2),
      context: { includeDeclaration: false },
    });
    assert.deepEqual(refs.map(where), ['consumer.py:3:15', 'consumer.py:5:18', 'producer.py:6:67']);
    const withDeclarations = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: consumer },
      position: positionOf(CONSUMER, 'ORDERS])', 2),
      context: { includeDeclaration: true },
    });
    assert.deepEqual(withDeclarations.map(where), [
      'consumer.py:3:15',
      'consumer.py:2:9',
      'consumer.py:5:18',
      'producer.py:6:67',
      'producer.py:3:9',
    ]);
  });

  it('hovers a dataset with its OpenLineage name', async () => {
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: consumer },
      position: positionOf(CONSUMER, 'ORDERS])', 2, 2),
    });
    assert.match((hover.contents as { value: string }).value, /\| namespace \| `s3:\/\/lake` \|/);
  });

  it('reflects an edit of an open DAG file at once, and its disk content again once closed', async () => {
    const at = positionOf(CONSUMER, 'def report', 1, 4);
    await client.change(consumer, [
      { range: { start: at, end: { line: at.line, character: at.character + 'report'.length } }, text: 'summary' },
    ]);
    assert.deepEqual(jobs(await lineage({ uri: consumer })), ['job:acme:consumer.summary']);
    assert.ok(jobs(await lineage()).includes('job:acme:consumer.summary'));
    await client.close(consumer);
    assert.deepEqual(
      jobs(
        await waitFor(
          () => lineage({ uri: consumer }),
          (g) => jobs(g).includes('job:acme:consumer.report'),
        ),
      ),
      ['job:acme:consumer.report'],
    );
  });

  it('follows watched-file events for DAG files that are not open', async () => {
    writeFileSync(join(dir, 'dags', 'producer.py'), PRODUCER.replace('task_id="load"', 'task_id="load_v2"'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: producer, type: 2 }] });
    const g = await waitFor(
      () => lineage(),
      (x) => jobs(x).includes('job:acme:producer.load_v2'),
    );
    assert.ok(!jobs(g).includes('job:acme:producer.load'));
    rmSync(join(dir, 'dags', 'producer.py'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: producer, type: 3 }] });
    const gone = await waitFor(
      () => lineage(),
      (x) => !jobs(x).some((id) => id.startsWith('job:acme:producer.')),
    );
    assert.deepEqual(jobs(gone), ['job:acme:consumer.report']);
  });
});

/** Polls `get` until `ok` (watched-file events and closes are applied asynchronously). */
async function waitFor<T>(get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
