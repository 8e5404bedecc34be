/**
 * PySpark builder chains cut by a missing `\`: where each break is (python/chain-breaks.ts), that the settings
 * after it are still read and judged, and the `spark/broken-chain` finding with its fixes.
 */
import assert from 'node:assert/strict';
import { chainBreaks, joinChainBreaks } from '../../server/src/service/python/chain-breaks';
import { applyFix, byRule, fixTitles, formatDiagnostics, msg, none, one, PYTHON_URI, validate } from '../support/harness';

const LISTENER = 'io.openlineage.spark.agent.OpenLineageSparkListener';

/** The seed guide's snippet: continuations after the first two lines only. */
const BROKEN = [
  'from pyspark.sql import SparkSession',
  '',
  'spark = SparkSession.builder \\',
  '    .appName("orders") \\',
  `    .config("spark.extraListeners", "${LISTENER}")`,
  '    .config("spark.openlineage.host", "http://marquez:5000")',
  '    .config("spark.openlineage.apiKey", "secret-key")',
  '    .getOrCreate()',
  '',
  'df = spark.read.parquet("/data/orders")',
  '',
].join('\n');

describe('python/chain-breaks', () => {
  it('finds every line that ends the statement before a `.name(...)` line', () => {
    const breaks = chainBreaks(BROKEN);
    assert.deepEqual(
      breaks.map((b) => [BROKEN.slice(b.last.start, b.last.end), BROKEN.slice(b.next.start, b.next.end), b.method, b.indented]),
      [
        [')', '.config', 'config', true],
        [')', '.config', 'config', true],
        [')', '.getOrCreate', 'getOrCreate', true],
      ],
    );
    assert.equal(BROKEN.slice(breaks[0]!.codeEnd - 11, breaks[0]!.codeEnd), 'kListener")');
    // One statement: from `spark = ...` to the end of `.getOrCreate()`; its expression starts after `spark = `.
    const s = breaks[0]!.statement;
    assert.ok(breaks.every((b) => b.statement.start === s.start && b.statement.end === s.end));
    assert.equal(BROKEN.slice(s.start, s.start + 8), 'spark = ');
    assert.equal(BROKEN.slice(s.end - 14, s.end), '.getOrCreate()');
    assert.equal(BROKEN.slice(breaks[0]!.expressionStart, breaks[0]!.expressionStart + 12), 'SparkSession');
  });

  it('joins the lines without moving any offset', () => {
    const joined = joinChainBreaks(BROKEN, chainBreaks(BROKEN));
    assert.equal(joined.length, BROKEN.length);
    assert.match(joined, /Listener"\) +\.config\("spark\.openlineage\.host", "http:\/\/marquez:5000"\) +\.config/);
    assert.match(joined, /\n\ndf = spark/);
  });

  it('finds nothing in intact code, an Ellipsis, a float or a string', () => {
    for (const text of [
      'spark = (SparkSession.builder\n    .appName("x")\n    .getOrCreate())\n',
      'spark = SparkSession.builder \\\n    .appName("x") \\\n    .getOrCreate()\n',
      'def f():\n    ...\n',
      'x = 1\n.5\n',
      'doc = """\nspark = SparkSession.builder\n    .config("k", "v")\n"""\n',
      'if ready:\n.config()\n',
    ]) {
      assert.deepEqual(chainBreaks(text), [], text);
    }
  });

  it('notes a trailing comment and an unindented continuation', () => {
    const text = 'conf = SparkConf().set("a", "1")  # first\n.set("b", "2")\n';
    const [b] = chainBreaks(text);
    assert.ok(b);
    assert.equal(b.comment, true);
    assert.equal(b.indented, false);
  });
});

describe('spark/broken-chain', () => {
  const id = 'spark/broken-chain';

  it('reports each line lacking its `\\`, at its last character', () => {
    const c = validate(PYTHON_URI, BROKEN);
    const found = byRule(c, id);
    assert.equal(found.length, 3, formatDiagnostics(c));
    const first = found[0]!;
    assert.deepEqual(first.range, {
      start: { line: 4, character: BROKEN.split('\n')[4]!.length - 1 },
      end: { line: 4, character: BROKEN.split('\n')[4]!.length },
    });
    assert.equal(first.severity, 1);
    assert.match(msg(first), /\.config\(\.\.\.\)` on the next line as a new statement and stops with IndentationError/);
  });

  it('fixes one line, every line of the chain, or wraps the chain in parentheses', () => {
    const d = byRule(validate(PYTHON_URI, BROKEN), id)[0]!;
    assert.deepEqual(fixTitles(d), [
      'Add a line continuation ( \\)',
      'Add the 3 missing line continuations of this chain',
      'Wrap the chain in parentheses',
    ]);
    assert.equal(applyFix(d, 'Add a line continuation ( \\)'), BROKEN.replace('Listener")\n', 'Listener") \\\n'));
    const all = applyFix(d, 'Add the 3 missing line continuations of this chain');
    assert.equal(
      all,
      BROKEN.replace('Listener")\n', 'Listener") \\\n').replace('5000")\n', '5000") \\\n').replace('key")\n', 'key") \\\n'),
    );
    none(validate(PYTHON_URI, all), id);
    const wrapped = applyFix(d, 'Wrap the chain in parentheses');
    assert.match(wrapped, /spark = \(SparkSession\.builder \\\n/);
    assert.match(wrapped, /\.getOrCreate\(\)\)\n\ndf =/);
    none(validate(PYTHON_URI, wrapped), id);
  });

  it('keeps judging the settings after the break', () => {
    const c = validate(PYTHON_URI, BROKEN);
    const legacy = byRule(c, 'spark/legacy-key');
    assert.deepEqual(
      legacy.map((d) => BROKEN.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)),
      ['spark.openlineage.host', 'spark.openlineage.apiKey'],
    );
    const d = legacy[0]!;
    // The quick fix edits the document as written.
    assert.match(applyFix(d), /\.config\("spark\.openlineage\.transport\.url", "http:\/\/marquez:5000"\)/);
  });

  it('offers only the parentheses when the line ends in a comment', () => {
    const text = `from pyspark import SparkConf\nconf = SparkConf().set("spark.extraListeners", "${LISTENER}")  # the listener\n.set("spark.openlineage.namespace", "ns")\n`;
    const d = one(validate(PYTHON_URI, text), id, ')', 'error', { in: `${LISTENER}")` });
    assert.match(msg(d), /SyntaxError: invalid syntax/);
    assert.match(msg(d), /cannot precede a comment/);
    assert.deepEqual(fixTitles(d), ['Wrap the chain in parentheses']);
    assert.equal(applyFix(d), text.replace('= SparkConf()', '= (SparkConf()').replace('"ns")\n', '"ns"))\n'));
  });

  it('says nothing about intact chains', () => {
    none(validate(PYTHON_URI, BROKEN.replace(/"\)\n {4}\./g, '") \\\n    .')), id);
  });
});
