/**
 * The notebook model: the JSON reader with offsets, the `.ipynb` reader (list and string sources, escapes, CRLF,
 * bad files), the Python document of the code cells (magics blanked in place) and the environment settings.
 */
import assert from 'node:assert/strict';
import { decodeString, parseJson } from '../../server/src/service/notebook/json';
import { readNotebookFile, type FileCell } from '../../server/src/service/notebook/ipynb';
import { cellAt, notebookView, pythonNotebook } from '../../server/src/service/notebook/virtual';
import { notebookEnv } from '../../server/src/service/notebook/env';
import { fileMapper } from '../../server/src/service/notebook/service';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pythonParser } from '../support/harness';
import { notebookText, sourceLines } from '../support/notebooks';

/** The cells of a notebook text that must be readable. */
function cellsOf(text: string): readonly FileCell[] {
  const nb = readNotebookFile(text);
  assert.ok(nb.ok, nb.ok ? '' : nb.reason);
  return nb.cells;
}

/** What the file text holds at the offsets a cell's characters `[from, to)` map to. */
function written(text: string, cell: FileCell, from: number, to: number): string {
  return text.slice(cell.rawStart[from], cell.rawEnd[to - 1]);
}

describe('notebook JSON reader', () => {
  it('keeps the offsets of every value and decodes strings with each character’s place', () => {
    const text = '{"a": [1, "x\\"y\\u00e9\\n"], "b": {"c": null}}';
    const parsed = parseJson(text);
    assert.ok(parsed.ok);
    const root = parsed.value;
    assert.equal(root.type, 'object');
    const arr = root.type === 'object' ? root.entries[0]!.value : undefined;
    assert.equal(arr?.type, 'array');
    const str = arr?.type === 'array' ? arr.items[1]! : undefined;
    assert.ok(str?.type === 'string');
    const d = decodeString(text, str);
    assert.equal(d.value, 'x"yé\n');
    // `"` is written as `\"` (2 characters), `é` as `\u00e9` (6), the line break as `\n` (2).
    assert.deepEqual(
      [...d.value].map((_, i) => text.slice(d.rawStart[i], d.rawEnd[i])),
      ['x', '\\"', 'y', '\\u00e9', '\\n'],
    );
  });

  it('says where JSON is broken, without throwing', () => {
    const cases: [string, string, number][] = [
      ['', 'the file is empty', 0],
      ['{"a": 1,}', 'expected a double-quoted key', 8],
      ['{"a" 1}', "expected ':' after a key", 5],
      ['[1 2]', "expected ',' or ']' after a list item", 3],
      ['{"a": "x', 'unterminated string', 6],
      ['{"a": [', 'the file ends before a value', 7],
      ['{} x', 'unexpected text after the end of the JSON value', 3],
    ];
    for (const [text, message, offset] of cases) assert.deepEqual(parseJson(text), { ok: false, offset, message }, text);
  });

  it('reads deep nesting without recursion', () => {
    const depth = 200_000;
    const parsed = parseJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    assert.ok(parsed.ok);
  });

  it('checks skipped values for syntax but keeps none of them', () => {
    const parsed = parseJson('{"outputs": [{"text": ["a", "b"]}], "source": "s"}', new Set(['outputs']));
    assert.ok(parsed.ok && parsed.value.type === 'object');
    assert.deepEqual(
      parsed.value.entries.map((e) => [e.key, e.value.type]),
      [
        ['outputs', 'null'],
        ['source', 'string'],
      ],
    );
    assert.equal(parseJson('{"outputs": [1,, 2]}', new Set(['outputs'])).ok, false);
  });
});

describe('notebook files', () => {
  it('joins list sources as written and maps each character to the file', () => {
    const text = notebookText(['x = "a\\tb"\nprint(x)\n']);
    const [cell] = cellsOf(text);
    assert.equal(cell!.text, 'x = "a\\tb"\nprint(x)\n');
    assert.deepEqual(sourceLines(cell!.text), ['x = "a\\tb"\n', 'print(x)\n']);
    // The backslash of the Python escape is itself escaped in JSON; the line break ends the first list item.
    assert.equal(written(text, cell!, 6, 8), '\\\\t');
    assert.equal(written(text, cell!, 10, 11), '\\n');
    assert.equal(written(text, cell!, 11, 16), 'print');
  });

  it('maps a range ending at a line break to the end of its list item, not into the next one', () => {
    const text = notebookText(['a = 1\nb = 2\n']);
    const [cell] = cellsOf(text);
    const m = fileMapper(cell!, TextDocument.create('file:///n.ipynb', 'json', 1, text));
    // `a = 1` and its line break: up to the `\n` escape of the first item, before its closing quote.
    assert.equal(text.slice(m.start(0), m.end(6)), 'a = 1\\n');
    assert.equal(text.slice(m.start(6), m.end(11)), 'b = 2');
    // An empty range at a line start is at the start of that line's item.
    assert.equal(text.slice(m.start(6), m.start(6) + 1), 'b');
  });

  it('reads a source written as one string the same way', () => {
    const list = cellsOf(notebookText(['a = 1\nb = 2'], { sources: 'list' }));
    const string = cellsOf(notebookText(['a = 1\nb = 2'], { sources: 'string' }));
    assert.equal(list[0]!.text, string[0]!.text);
  });

  it('keeps CRLF line breaks of a cell', () => {
    const text = notebookText(['a = 1\r\nb = 2\r\n'], { sources: 'string' });
    const [cell] = cellsOf(text);
    assert.equal(cell!.text, 'a = 1\r\nb = 2\r\n');
    assert.equal(written(text, cell!, 7, 8), 'b');
  });

  it('tells the cell kinds and a cell’s own language', () => {
    const cells = cellsOf(
      notebookText([
        { type: 'markdown', source: '# Title' },
        'x = 1',
        { source: 'SELECT 1', metadata: { vscode: { languageId: 'sql' } } },
        { type: 'raw', source: 'raw' },
      ]),
    );
    assert.deepEqual(
      cells.map((c) => [c.index, c.kind, c.language]),
      [
        [0, 'markdown', undefined],
        [1, 'code', undefined],
        [2, 'code', 'sql'],
        [3, 'raw', undefined],
      ],
    );
  });

  it('explains what it cannot read', () => {
    const reasons = (text: string) => {
      const nb = readNotebookFile(text);
      return nb.ok ? 'ok' : nb.reason;
    };
    assert.match(reasons('{"cells": ['), /^it is not valid JSON \(the file ends before a value\)$/);
    assert.match(reasons('[1]'), /not a JSON object/);
    assert.match(reasons('{"cells": []}'), /no `nbformat` number/);
    assert.match(reasons(notebookText(['x = 1'], { nbformat: 3 })), /notebook format 3; only format 4 is read/);
    assert.match(reasons('{"nbformat": 4, "metadata": {}}'), /no `cells` list/);
  });

  it('never reads outputs', () => {
    const text = notebookText([{ source: 'x = 1', outputs: [{ output_type: 'stream', text: ['spark.openlineage.host'] }] }]);
    const [cell] = cellsOf(text);
    assert.equal(cell!.text, 'x = 1');
  });

  it('knows a Python notebook from others', () => {
    assert.deepEqual(
      [undefined, 'python', 'Python3', 'pyspark', 'scala', 'sql', 'R'].map((l) => pythonNotebook(l?.toLowerCase())),
      [true, true, true, true, false, false, false],
    );
  });
});

describe("a notebook's Python document", () => {
  const view = (...cells: string[]) => notebookView(cells.map((text) => ({ kind: 'code' as const, text })));

  it('puts code cells one after the other, at the same offsets inside each cell', () => {
    const v = notebookView([
      { kind: 'code', text: 'a = 1' },
      { kind: 'markdown', text: '# not code' },
      { kind: 'code', text: 'b = 2\n' },
      { kind: 'code', language: 'sql', text: 'SELECT 1' },
      { kind: 'code', text: 'c = 3' },
    ]);
    assert.equal(v.text, 'a = 1\nb = 2\nc = 3');
    assert.deepEqual(v.cells, [
      { cell: 0, start: 0, length: 5 },
      { cell: 2, start: 6, length: 6 },
      { cell: 4, start: 12, length: 5 },
    ]);
    assert.deepEqual(
      [0, 5, 6, 12, 16].map((o) => cellAt(v, o)?.cell),
      [0, 0, 2, 4, 4],
    );
  });

  it('blanks line magics, shell lines and help in place, keeping indented blocks valid', () => {
    const text = '%matplotlib inline\n!pip install openlineage-python \\\n    pyspark\nif True:\n    !ls\nfiles = !ls\nspark?\nx = 1';
    const v = view(text);
    assert.equal(v.text.length, text.length);
    assert.equal(
      v.text,
      '0                 \n0                                \n    0      \nif True:\n    0  \nfiles = 0  \n0     \nx = 1',
    );
    const tree = pythonParser().parse(v.text);
    assert.equal(tree.rootNode.hasError, false);
  });

  it('blanks whole cells in another language, keeps the Python body of timing magics and %%configure', () => {
    assert.equal(view('%%bash\necho $HOME\n').text, '0     \n0         \n');
    assert.equal(view('%sql\nSELECT 1').text, '0   \n0       ');
    assert.equal(view('%%time\nx = 1').text, '0     \nx = 1');
    assert.equal(view('%%configure -f\n{"conf": {"spark.x": "1"}}').text, '0             \n{"conf": {"spark.x": "1"}}');
  });

  it('reads %env and %set_env as IPython splits them', () => {
    const v = view('%env OPENLINEAGE_URL=http://m:5000\n%env OPENLINEAGE_NAMESPACE  team a \n%set_env K=$HOME\n%env ONLY_READ\n%env\n');
    assert.deepEqual(
      v.env.map((e) => [e.key, e.value, e.expanded]),
      [
        ['OPENLINEAGE_URL', 'http://m:5000', false],
        ['OPENLINEAGE_NAMESPACE', 'team a', false],
        ['K', '$HOME', true],
      ],
    );
    const source = '%env OPENLINEAGE_URL=http://m:5000\n%env OPENLINEAGE_NAMESPACE  team a \n%set_env K=$HOME\n';
    assert.deepEqual(
      v.env.map((e) => [source.slice(e.keyRange.start, e.keyRange.end), source.slice(e.valueRange.start, e.valueRange.end)]),
      [
        ['OPENLINEAGE_URL', 'http://m:5000'],
        ['OPENLINEAGE_NAMESPACE', 'team a'],
        ['K', '$HOME'],
      ],
    );
  });
});

describe("a notebook's environment settings", () => {
  const envOf = (text: string) => {
    const v = notebookView([{ kind: 'code', text }]);
    return notebookEnv(v.text, v.env, pythonParser().parse(v.text)).settings.map((s) => [
      s.key,
      s.value,
      s.valueKind,
      text.slice(s.valueRange.start, s.valueRange.end),
    ]);
  };

  it('reads os.environ writes of OpenLineage variables, literal or computed', () => {
    assert.deepEqual(
      envOf(
        [
          'import os',
          'os.environ["OPENLINEAGE_URL"] = "http://marquez:5000"',
          "os.environ.setdefault('OPENLINEAGE_NAMESPACE', NS)",
          'os.environ.update({"OPENLINEAGE_API_KEY": "k"}, OPENLINEAGE_ENDPOINT="api/v1/lineage")',
          'os.putenv("AIRFLOW__OPENLINEAGE__DISABLED", "false")',
          'os.environ["PATH"] = "/bin"',
          'os.environ[name] = "x"',
          '%env OPENLINEAGE_DISABLED=true',
        ].join('\n'),
      ),
      [
        ['OPENLINEAGE_URL', 'http://marquez:5000', 'literal', 'http://marquez:5000'],
        ['OPENLINEAGE_NAMESPACE', 'NS', 'expression', 'NS'],
        ['OPENLINEAGE_API_KEY', 'k', 'literal', 'k'],
        ['OPENLINEAGE_ENDPOINT', 'api/v1/lineage', 'literal', 'api/v1/lineage'],
        ['AIRFLOW__OPENLINEAGE__DISABLED', 'false', 'literal', 'false'],
        ['OPENLINEAGE_DISABLED', 'true', 'literal', 'true'],
      ],
    );
  });
});
