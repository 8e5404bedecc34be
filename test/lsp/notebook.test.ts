/**
 * Notebooks over the protocol (the real dist/server.js): a client that syncs notebooks opens one, and the server
 * publishes each cell's diagnostics to the cell's URI with cell-local ranges, follows cell edits, answers hover in
 * a cell, and checks a cell sent as a plain text document only with its notebook. A .ipynb opened as text gets
 * JSON positions. Run `npm run build` first.
 */
import assert from 'node:assert/strict';
import type { CodeAction, Hover, InitializeResult, MarkupContent, Range } from 'vscode-languageserver';
import { LspTestClient, fileUri } from './client';
import { MISSPELT_TRANSPORT_CELL, notebookText } from '../support/notebooks';

const NB = fileUri('notebooks/orders.ipynb');
const cell = (n: number) => `vscode-notebook-cell:${NB.slice('file://'.length)}#W${n}sZmlsZQ%3D%3D`;

const SETUP = '%pip install pyspark\n%env OPENLINEAGE_URL=marquez:5000\n';
const SESSION = MISSPELT_TRANSPORT_CELL;

/** The range of `needle` in a cell's text. */
function inCell(text: string, needle: string): Range {
  const at = text.indexOf(needle);
  const before = text.slice(0, at).split('\n');
  const line = before.length - 1;
  const character = before[line]!.length;
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

describe('notebooks over LSP', () => {
  let client: LspTestClient;
  let result: InitializeResult;

  before(async () => {
    client = LspTestClient.spawn();
    result = await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: fileUri(''),
      workspaceFolders: [{ uri: fileUri(''), name: 'main' }],
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { versionSupport: true, dataSupport: true }, hover: { contentFormat: ['markdown'] } },
        notebookDocument: { synchronization: { dynamicRegistration: false } },
      },
    });
    await client.connection.sendNotification('initialized', {});
  });
  after(async () => {
    await client.shutdown();
  });

  it('declares notebook sync for Python cells', () => {
    assert.deepEqual(result.capabilities.notebookDocumentSync, { notebookSelector: [{ notebook: '*', cells: [{ language: 'python' }] }] });
  });

  it('publishes per-cell diagnostics with cell-local ranges, and follows an edit of one cell', async () => {
    await client.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: {
        uri: NB,
        notebookType: 'jupyter-notebook',
        version: 1,
        cells: [
          { kind: 2, document: cell(0) },
          { kind: 1, document: cell(1) },
          { kind: 2, document: cell(2) },
        ],
      },
      cellTextDocuments: [
        { uri: cell(0), languageId: 'python', version: 1, text: SETUP },
        { uri: cell(1), languageId: 'markdown', version: 1, text: '# Orders' },
        { uri: cell(2), languageId: 'python', version: 1, text: SESSION },
      ],
    });
    const env = await client.waitForDiagnostics(cell(0), (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      env.diagnostics.map((d) => [d.code, d.range]),
      [['airflow/url', inCell(SETUP, 'marquez:5000')]],
    );
    const spark = await client.waitForDiagnostics(cell(2), (p) => p.diagnostics.some((d) => d.code === 'spark/transport-type'));
    assert.deepEqual(spark.diagnostics.find((d) => d.code === 'spark/transport-type')?.range, inCell(SESSION, 'htttp'));
    assert.equal(client.latest(cell(1)), undefined, 'the markdown cell gets nothing');

    // Its quick fix edits the cell.
    const d = spark.diagnostics.find((x) => x.code === 'spark/transport-type')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: cell(2) },
      range: d.range,
      context: { diagnostics: [d] },
    });
    assert.deepEqual(actions[0]?.edit?.changes, { [cell(2)]: [{ range: inCell(SESSION, 'htttp'), newText: 'http' }] });

    // Fixing the value in cell 2 clears its diagnostic; cell 0 keeps its own.
    const fixed = SESSION.replace('htttp', 'http');
    const cleared = client.nextDiagnostics(cell(2), (p) => !p.diagnostics.some((d) => d.code === 'spark/transport-type'));
    await client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: NB, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cell(2), version: 2 }, changes: [{ text: fixed }] }] } },
    });
    await cleared;
    assert.equal(client.latest(cell(0))?.diagnostics.length, 1);
  });

  it('answers hover in a cell through its notebook', async () => {
    const h = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: cell(2) },
      position: { line: 3, character: 20 },
    });
    assert.match((h?.contents as MarkupContent).value, /transport\.type/);
    assert.equal(h?.range?.start.line, 3);
  });

  it('leaves a cell also sent as a text document to its notebook', async () => {
    // Editors that sync notebooks may still send cells as text documents; they are not checked on their own.
    await client.open(cell(2), 'python', SESSION.replace('http"', 'kafkaa"'), 5);
    await client.open(fileUri('notebooks/plain.py'), 'python', SESSION);
    await client.waitForDiagnostics(fileUri('notebooks/plain.py'), (p) => p.diagnostics.some((d) => d.code === 'spark/transport-type'));
    assert.ok(!client.published.some((p) => p.uri === cell(2) && p.version === 5));
  });

  it('maps a notebook opened as JSON text to JSON positions', async () => {
    const text = notebookText(['import os', SESSION]);
    const uri = fileUri('notebooks/raw.ipynb');
    await client.open(uri, 'json', text);
    const p = await client.waitForDiagnostics(uri, (x) => x.diagnostics.some((d) => d.code === 'spark/transport-type'));
    const at = text.indexOf('htttp');
    const line = text.slice(0, at).split('\n').length - 1;
    const character = at - text.lastIndexOf('\n', at - 1) - 1;
    assert.deepEqual(p.diagnostics.find((d) => d.code === 'spark/transport-type')?.range, {
      start: { line, character },
      end: { line, character: character + 5 },
    });
  });

  it('clears every cell when the notebook closes', async () => {
    const cleared = client.nextDiagnostics(cell(0), (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('notebookDocument/didClose', {
      notebookDocument: { uri: NB },
      cellTextDocuments: [{ uri: cell(0) }, { uri: cell(1) }, { uri: cell(2) }],
    });
    await cleared;
  });
});
