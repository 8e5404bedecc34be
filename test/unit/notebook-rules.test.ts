/**
 * Notebooks checked by the language service: findings of the Spark and environment rules at their exact place in
 * the `.ipynb` text (through JSON escapes, list and string sources, CRLF), quick fixes that keep the JSON valid,
 * hover, notebooks that cannot be read, and notebooks open in the editor (per-cell diagnostics, completion).
 */
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DEFAULT_SETTINGS, type EditorCell } from '../../server/src/service';
import { readNotebookFile } from '../../server/src/service/notebook/ipynb';
import { applyFix, hover, none, one, PROBLEMS, rangeOf, service, single, validate } from '../support/harness';
import { notebookText } from '../support/notebooks';

const NB = 'file:///w/notebooks/lineage.ipynb';

const BUILDER = [
  'from pyspark.sql import SparkSession',
  '',
  'spark = (SparkSession.builder.appName("orders \\"daily\\"")',
  '    .config("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")',
  '    .config("spark.openlineage.transport.type", "htttp")',
  '    .getOrCreate())',
  '',
].join('\n');

/** The decoded source of cell `index` of a notebook text. */
function cellSource(text: string, index: number): string {
  const nb = readNotebookFile(text);
  assert.ok(nb.ok);
  return nb.cells[index]!.text;
}

const cellOf = (d: Diagnostic) => (d.data as { cell?: unknown }).cell;

describe('notebook files checked as their code cells', () => {
  it('reports a Spark finding at its place in the JSON text and names the cell', () => {
    for (const sources of ['list', 'string'] as const) {
      const text = notebookText([{ type: 'markdown', source: '# Orders' }, 'import os', BUILDER], { sources });
      const c = validate(NB, text);
      const d = one(c, 'spark/transport-type', 'htttp', 'error');
      assert.deepEqual(cellOf(d), { index: 2, line: 4, character: 49 }, sources);
    }
  });

  it('maps through escapes before the finding on the same JSON line', () => {
    // One-string source: the whole cell is one JSON line, with `\n` and `\"` escapes before the key.
    const text = notebookText([BUILDER.replace('"spark.openlineage.transport.type"', '"spark.openlineage.transport.typ"')], {
      sources: 'string',
    });
    const c = validate(NB, text);
    one(c, 'spark/unknown-key', 'spark.openlineage.transport.typ', 'warning');
  });

  it('keeps CRLF cells in step', () => {
    const text = notebookText([BUILDER.replace(/\n/g, '\r\n')], { sources: 'string' });
    one(validate(NB, text), 'spark/transport-type', 'htttp', 'error');
  });

  it('applies quick fixes as JSON edits, so the notebook stays valid and its cell gets the fix', () => {
    const c = validate(NB, notebookText(['import os', BUILDER]));
    const fixed = applyFix(single(c, 'spark/transport-type'));
    assert.doesNotThrow(() => JSON.parse(fixed));
    assert.equal(cellSource(fixed, 1), BUILDER.replace('htttp', 'http'));
  });

  it('inserts whole lines through a JSON string with its line breaks escaped', () => {
    const cell = BUILDER.replace('    .config("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")\n', '');
    const c = validate(NB, notebookText([cell]));
    const fixed = applyFix(single(c, 'spark/missing-listener'));
    assert.doesNotThrow(() => JSON.parse(fixed));
    assert.match(
      cellSource(fixed, 0),
      /\n\s+\.config\("spark\.extraListeners", "io\.openlineage\.spark\.agent\.OpenLineageSparkListener"\)/,
    );
  });

  it('judges %env and os.environ settings with the environment rules', () => {
    // The %env value ends its line: its range must end before the JSON string's closing quote.
    const text = notebookText([
      '%env OPENLINEAGE_URL=marquez:5000\nx = 1',
      'import os\nos.environ["OPENLINEAGE_URL"] = "http://marquez:5000/api/v1/lineage"\nos.environ["OPENLINEAGE_NAMESPACE"] = NS',
    ]);
    const c = validate(NB, text);
    const urls = c.diagnostics.filter((d) => d.code === 'airflow/url');
    assert.deepEqual(
      urls.map((d) => [c.doc.getText(d.range), cellOf(d)]),
      [
        ['marquez:5000', { index: 0, line: 0, character: 21 }],
        ['http://marquez:5000/api/v1/lineage', { index: 1, line: 1, character: 33 }],
      ],
    );
    const fixed = applyFix(urls[1]!, 'Use http://marquez:5000');
    assert.equal(
      cellSource(fixed, 1),
      'import os\nos.environ["OPENLINEAGE_URL"] = "http://marquez:5000"\nos.environ["OPENLINEAGE_NAMESPACE"] = NS',
    );
  });

  it('never reads outputs, markdown cells or cells in another language', () => {
    const bad = '.config("spark.openlineage.transport.type", "htttp")';
    const text = notebookText([
      { type: 'markdown', source: `spark = SparkSession.builder${bad}` },
      { source: 'x = 1', outputs: [{ output_type: 'stream', name: 'stdout', text: [`SparkSession.builder${bad}\n`] }] },
      `%%bash\nspark-submit --conf spark.openlineage.transport.type=htttp job.py\n`,
      { source: `val spark = SparkSession.builder${bad}`, metadata: { vscode: { languageId: 'scala' } } },
    ]);
    none(validate(NB, text));
    none(validate(NB, notebookText([`spark = SparkSession.builder${bad}.getOrCreate()`], { language: 'scala' })));
  });

  it('is checked whatever the size of its outputs', () => {
    const huge = { output_type: 'display_data', data: { 'image/png': 'A'.repeat(3_000_000) }, metadata: {} };
    const text = notebookText([{ source: BUILDER, outputs: [huge] }]);
    assert.ok(text.length > service().limits.maxChars);
    one(validate(NB, text), 'spark/transport-type', 'htttp', 'error');
  });

  it('says once why a notebook cannot be read, when it mentions lineage or was named', () => {
    const broken = '{"cells": [{"cell_type": "code", "source": ["spark.conf.set(1)"]}\n';
    const d = single(validate(NB, broken), 'general/unreadable-notebook');
    // Where the JSON breaks: the end of the file, after the line break.
    assert.deepEqual(d.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } });
    assert.equal(d.severity, 3);
    assert.match(String(d.message), /cannot read this notebook: it is not valid JSON \(the file ends inside a list\)/);
    none(validate(NB, '{"cells": ['));
    single(validate(NB, '{"cells": [', { explicit: true }), 'general/unreadable-notebook');
    const v3 = validate(NB, notebookText([BUILDER], { nbformat: 3 }));
    assert.match(String(single(v3, 'general/unreadable-notebook').message), /notebook format 3/);
    none(validate(NB, notebookText([BUILDER]), { settings: { ...DEFAULT_SETTINGS, rules: { 'spark/transport-type': 'off' } } }), PROBLEMS);
  });

  it('answers hover in the JSON text from the cell underneath', () => {
    const text = notebookText([BUILDER]);
    const at = text.indexOf('spark.openlineage.transport.type') + 5;
    const h = hover(NB, `${text.slice(0, at)}|${text.slice(at)}`);
    assert.match(h.markdown, /transport\.type/);
    assert.deepEqual(h.hover?.range, rangeOf(text, 'spark.openlineage.transport.type'));
  });
});

describe('notebooks open in the editor', () => {
  const cellUri = (n: number) => `vscode-notebook-cell:/w/notebooks/lineage.ipynb#cell${n}`;
  const cells = (...texts: string[]): EditorCell[] =>
    texts.map((t, i) => ({ kind: 'code', document: TextDocument.create(cellUri(i), 'python', 1, t) }));
  const notebook = { uri: NB, version: 3 };

  it('publishes each cell its own findings, with cell-local ranges and fixes', () => {
    const editor = cells('import os\n%env OPENLINEAGE_URL=marquez:5000', BUILDER);
    const results = service().notebooks!.validateCells(notebook, editor, DEFAULT_SETTINGS, {});
    assert.deepEqual(
      results.map((r) => [
        r.uri,
        r.diagnostics.filter(PROBLEMS).map((d) => [d.code, editor.find((c) => c.document.uri === r.uri)!.document.getText(d.range)]),
      ]),
      [
        [cellUri(0), [['airflow/url', 'marquez:5000']]],
        [cellUri(1), [['spark/transport-type', 'htttp']]],
      ],
    );
    const d = results[1]!.diagnostics.find((x) => x.code === 'spark/transport-type')!;
    assert.deepEqual(d.range, rangeOf(BUILDER, 'htttp'));
    const actions = service().codeActions(editor[1]!.document, [d]);
    assert.deepEqual(actions[0]?.edit?.changes?.[cellUri(1)], [{ range: rangeOf(BUILDER, 'htttp'), newText: 'http' }]);
  });

  it('clears a cell whose problem is gone (every cell gets a list)', () => {
    const results = service().notebooks!.validateCells(notebook, cells('x = 1', 'y = 2'), DEFAULT_SETTINGS, {});
    assert.deepEqual(results, [
      { uri: cellUri(0), diagnostics: [] },
      { uri: cellUri(1), diagnostics: [] },
    ]);
  });

  it('completes and hovers in a cell through the notebook', () => {
    const text = 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.openlineage.transport.t")';
    const editor = cells('x = 1', text);
    const offset = text.indexOf('transport.t') + 'transport.t'.length;
    const items = service().notebooks!.completeCell(notebook, editor, cellUri(1), offset, {});
    const item = items.find((i) => i.label === 'spark.openlineage.transport.type');
    assert.ok(item, JSON.stringify(items.map((i) => i.label)));
    // Cell-local: the cell before it is not counted.
    assert.deepEqual(
      item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined,
      rangeOf(text, 'spark.openlineage.transport.t'),
    );
    const full = `${text.slice(0, -3)}type", "http")`;
    const h = service().notebooks!.hoverCell(notebook, cells('x = 1', full), cellUri(1), full.indexOf('openlineage.transport') + 2, {});
    assert.deepEqual(h?.range, rangeOf(full, 'spark.openlineage.transport.type'));
  });
});
