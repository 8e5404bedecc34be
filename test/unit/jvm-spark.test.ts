/**
 * The Scala and Java Spark reader (spark/parsers/jvm-spark/): which settings it finds in builder chains and
 * SparkConf objects, the exact ranges of their keys and values, how values computed at run time are kept
 * unknown, where new settings are inserted (the result must still parse), and that broken code is still read.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPythonParser, type PythonParser } from '../../server/src/service/python/parser';
import type { ConfEntry, ConfScope, SparkDocument } from '../../server/src/service/spark/model';
import { parseableText, parseJvmSpark, type JvmLanguage } from '../../server/src/service/spark/parsers/jvm-spark';
import { jvmSpark } from '../../server/src/node/jvm';
import type { EntryInsertion } from '../../server/src/service/text/model';
import { ROOT } from '../support/harness';

const parsers = new Map<JvmLanguage, PythonParser>();

before(async () => {
  const runtimeWasm = readFileSync(join(ROOT, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'));
  for (const language of ['java', 'scala'] as const) {
    const grammarWasm = readFileSync(join(ROOT, `node_modules/tree-sitter-${language}/tree-sitter-${language}.wasm`));
    parsers.set(language, await createPythonParser({ runtimeWasm, grammarWasm }));
  }
});

function analyze(language: JvmLanguage, text: string): SparkDocument | undefined {
  return parseJvmSpark(parsers.get(language)!.parse(text), text, language);
}

function mustAnalyze(language: JvmLanguage, text: string): SparkDocument {
  const doc = analyze(language, text);
  assert.ok(doc, 'expected Spark configuration');
  return doc;
}

/** key, value, kind, exact, and the text of the key range, the value range and the span. */
function view(text: string, e: ConfEntry): [string, string, string, boolean, string, string, string] {
  const s = (r: { start: number; end: number }) => text.slice(r.start, r.end);
  return [e.key, e.value, e.valueKind, e.valueExact, s(e.keyRange), s(e.valueRange), s(e.span)];
}

/** Writes a new setting at `at`; the result must parse without errors in `language`. */
function insert(language: JvmLanguage, text: string, at: EntryInsertion | undefined, key: string, value: string): string {
  assert.ok(at, 'expected an insertion point');
  const result = text.slice(0, at.offset) + at.format(key, value) + text.slice(at.offset);
  assert.equal(parsers.get(language)!.parse(result).rootNode.hasError, false, `the insertion broke the ${language} code:\n${result}`);
  return result;
}

function lastInsertion(scope: ConfScope): EntryInsertion | undefined {
  return scope.entries[scope.entries.length - 1]?.insertAfter ?? scope.append;
}

describe('jvm-spark: Scala', () => {
  const text = [
    'import org.apache.spark.sql.SparkSession',
    '',
    'object LineageJob {',
    '  private val MarquezUrl = "http://marquez:5000"',
    '',
    '  def main(args: Array[String]): Unit = {',
    '    val spark = SparkSession.builder',
    '      .appName("orders")',
    '      .config("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")',
    '      .config("spark.openlineage.transport.url", MarquezUrl) // the shared Marquez',
    '      .config("spark.openlineage.namespace", s"orders-${args(0)}")',
    '      .config("spark.openlineage.parentJobName", s"plain")',
    '      .config("spark.openlineage.transport.timeoutInMillis", 5000L)',
    '      .config("spark.openlineage." + "debug", "true")',
    '      .getOrCreate()',
    '    spark.conf.set("spark.openlineage.transport.type", "console")',
    '  }',
    '}',
    '',
  ].join('\n');

  it('reads a builder chain: literals, a val constant at its declaration, interpolations as expressions', () => {
    const doc = mustAnalyze('scala', text);
    assert.equal(doc.form, 'scala');
    assert.equal(doc.scopes.length, 1);
    const [scope] = doc.scopes as [ConfScope];
    assert.equal(text.slice(scope.anchor.start, scope.anchor.end), 'SparkSession.builder');
    assert.equal(scope.label, 'this SparkSession.builder chain');
    assert.deepEqual(
      scope.entries.map((e) => view(text, e)),
      [
        [
          'spark.extraListeners',
          'io.openlineage.spark.agent.OpenLineageSparkListener',
          'literal',
          true,
          'spark.extraListeners',
          'io.openlineage.spark.agent.OpenLineageSparkListener',
          '.config("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")',
        ],
        // The constant's literal: a fix to the URL belongs in its declaration.
        [
          'spark.openlineage.transport.url',
          'http://marquez:5000',
          'literal',
          true,
          'spark.openlineage.transport.url',
          'http://marquez:5000',
          '.config("spark.openlineage.transport.url", MarquezUrl)',
        ],
        [
          'spark.openlineage.namespace',
          'orders-${args(0)}',
          'expression',
          true,
          'spark.openlineage.namespace',
          'orders-${args(0)}',
          '.config("spark.openlineage.namespace", s"orders-${args(0)}")',
        ],
        [
          'spark.openlineage.parentJobName',
          'plain',
          'literal',
          true,
          'spark.openlineage.parentJobName',
          'plain',
          '.config("spark.openlineage.parentJobName", s"plain")',
        ],
        [
          'spark.openlineage.transport.timeoutInMillis',
          '5000',
          'literal',
          false,
          'spark.openlineage.transport.timeoutInMillis',
          '5000L',
          '.config("spark.openlineage.transport.timeoutInMillis", 5000L)',
        ],
      ],
    );
    // The constant's range is its declaration's literal.
    const url = scope.entries[1]!;
    assert.equal(url.valueRange.start, text.indexOf('http://marquez:5000'));
  });

  it('does not read runtime `spark.conf.set(...)`, which the listener never sees, nor a concatenated key', () => {
    const keys = mustAnalyze('scala', text).scopes.flatMap((s) => s.entries.map((e) => e.key));
    assert.ok(!keys.includes('spark.openlineage.transport.type'));
    assert.ok(!keys.some((k) => k.includes('debug')));
  });

  it('inserts a new setting as a chain call on its own line, after the trailing comment of the call before it', () => {
    const [scope] = mustAnalyze('scala', text).scopes as [ConfScope];
    const after = insert('scala', text, scope.entries[1]!.insertAfter, 'spark.openlineage.transport.type', 'http');
    assert.ok(after.includes('MarquezUrl) // the shared Marquez\n      .config("spark.openlineage.transport.type", "http")\n'), after);
    insert('scala', text, lastInsertion(scope), 'spark.a', 'quote " and \\ back');
  });

  it('reads SparkConf statements, setAll pairs, and joins a builder given that SparkConf', () => {
    const src = [
      'object Job extends App {',
      '  val conf = new SparkConf()',
      '  conf.set("spark.openlineage.transport.type", "http")',
      '  conf.setAll(Seq("spark.openlineage.transport.url" -> "http://m:5000", ("spark.openlineage.namespace", "ns")))',
      '  val spark = SparkSession.builder().config(conf).config("spark.extraListeners", "x.Listener").getOrCreate()',
      '}',
      '',
    ].join('\n');
    const doc = mustAnalyze('scala', src);
    assert.equal(doc.scopes.length, 1);
    const [scope] = doc.scopes as [ConfScope];
    assert.equal(scope.label, 'SparkConf `conf`');
    assert.deepEqual(
      scope.entries.map((e) => [e.key, e.value, src.slice(e.span.start, e.span.end)]),
      [
        ['spark.openlineage.transport.type', 'http', '  conf.set("spark.openlineage.transport.type", "http")\n'],
        ['spark.openlineage.transport.url', 'http://m:5000', '"spark.openlineage.transport.url" -> "http://m:5000",'],
        ['spark.openlineage.namespace', 'ns', '("spark.openlineage.namespace", "ns")'],
        ['spark.extraListeners', 'x.Listener', '.config("spark.extraListeners", "x.Listener")'],
      ],
    );
    const added = insert('scala', src, scope.entries[0]!.insertAfter, 'spark.k', 'v');
    assert.ok(added.includes('"http")\n  conf.set("spark.k", "v")\n'), added);
    insert('scala', src, scope.entries[1]!.insertAfter, 'spark.k', 'v');
  });

  it('marks a Databricks notebook export as Databricks', () => {
    const src = '// Databricks notebook source\nval conf = new SparkConf().set("spark.openlineage.namespace", "n")\n';
    assert.equal(mustAnalyze('scala', src).databricks, true);
    assert.equal(mustAnalyze('scala', src.replace('// Databricks notebook source\n', '')).databricks, false);
  });
});

describe('jvm-spark: Java', () => {
  const text = [
    'import org.apache.spark.SparkConf;',
    '',
    'public class LineageJob {',
    '  private static final String LISTENER = "io.openlineage.spark.agent.OpenLineageSparkListener";',
    '  private String url = "http://first:5000";',
    '',
    '  public void run(String env) {',
    '    SparkConf conf = new SparkConf().setAppName("orders");',
    '    conf.set("spark.extraListeners", LISTENER);',
    '    conf.set("spark.openlineage.transport.url", url);',
    '    conf.set("spark.openlineage.namespace", "orders-" + env);',
    '    conf.set("spark.openlineage.job.owners.team", "a\\"b");',
    '    this.url = "http://second:5000";',
    '  }',
    '}',
    '',
  ].join('\n');

  it('reads SparkConf statements: a final constant, a reassigned field and a concatenation stay unknown', () => {
    const doc = mustAnalyze('java', text);
    assert.equal(doc.form, 'java');
    const [scope] = doc.scopes as [ConfScope];
    assert.equal(text.slice(scope.anchor.start, scope.anchor.end), 'new SparkConf()');
    assert.deepEqual(
      scope.entries.map((e) => view(text, e)),
      [
        [
          'spark.extraListeners',
          'io.openlineage.spark.agent.OpenLineageSparkListener',
          'literal',
          true,
          'spark.extraListeners',
          'io.openlineage.spark.agent.OpenLineageSparkListener',
          '    conf.set("spark.extraListeners", LISTENER);\n',
        ],
        [
          'spark.openlineage.transport.url',
          'url',
          'expression',
          true,
          'spark.openlineage.transport.url',
          'url',
          '    conf.set("spark.openlineage.transport.url", url);\n',
        ],
        [
          'spark.openlineage.namespace',
          '"orders-" + env',
          'expression',
          true,
          'spark.openlineage.namespace',
          '"orders-" + env',
          '    conf.set("spark.openlineage.namespace", "orders-" + env);\n',
        ],
        [
          'spark.openlineage.job.owners.team',
          'a"b',
          'literal',
          false,
          'spark.openlineage.job.owners.team',
          'a\\"b',
          '    conf.set("spark.openlineage.job.owners.team", "a\\"b");\n',
        ],
      ],
    );
  });

  it('inserts statements ending with `;` after a statement, and after the declaration of an empty SparkConf', () => {
    const [scope] = mustAnalyze('java', text).scopes as [ConfScope];
    const added = insert('java', text, scope.entries[0]!.insertAfter, 'spark.openlineage.transport.type', 'http');
    assert.ok(added.includes('LISTENER);\n    conf.set("spark.openlineage.transport.type", "http");\n'), added);
    const empty = 'class A {\n  void f() {\n    SparkConf conf = new SparkConf();\n    new JavaSparkContext(conf);\n  }\n}\n';
    const [only] = mustAnalyze('java', empty).scopes as [ConfScope];
    assert.ok(insert('java', empty, only.append, 'spark.k', 'v').includes('new SparkConf();\n    conf.set("spark.k", "v");\n'));
  });

  it('reads a builder chain with an inline SparkConf and a Map.of as one scope', () => {
    const src = [
      'class A {',
      '  SparkSession start() {',
      '    return SparkSession.builder()',
      '        .config(new SparkConf().set("spark.openlineage.transport.type", "http"))',
      '        .config(Map.of("spark.openlineage.transport.url", "http://m:5000"))',
      '        .config("spark.openlineage.transport.compression", "gzip")',
      '        .getOrCreate();',
      '  }',
      '}',
      '',
    ].join('\n');
    const doc = mustAnalyze('java', src);
    assert.equal(doc.scopes.length, 1);
    const [scope] = doc.scopes as [ConfScope];
    assert.deepEqual(
      scope.entries.map((e) => e.key),
      ['spark.openlineage.transport.type', 'spark.openlineage.transport.url', 'spark.openlineage.transport.compression'],
    );
    const added = insert('java', src, scope.entries[2]!.insertAfter, 'spark.k', 'v');
    assert.ok(added.includes('"gzip")\n        .config("spark.k", "v")\n        .getOrCreate();'), added);
    insert('java', src, scope.entries[1]!.insertAfter, 'spark.k', 'v');
  });

  it('keeps reading the intact calls of broken code, and survives deep nesting', () => {
    const broken = [
      'class A {',
      '  void f() {',
      '    SparkSession s = SparkSession.builder()',
      '        .config("spark.openlineage.transport.type", "http"',
      '        .config("spark.openlineage.transport.url", "http://m:5000")',
      '        .getOrCreate();',
      '  }',
      '}',
    ].join('\n');
    const keys = analyze('java', broken)?.scopes.flatMap((s) => s.entries.map((e) => e.key)) ?? [];
    assert.ok(keys.includes('spark.openlineage.transport.url'), keys.join(', '));
    const deep = `class A { void f() { SparkConf c = new SparkConf().set("spark.a", ${'('.repeat(3000)}"x"); } }`;
    assert.doesNotThrow(() => analyze('java', deep));
    assert.doesNotThrow(() => analyze('scala', `val c = new SparkConf().set("spark.a", ${'('.repeat(3000)}`));
  });

  it('ignores code without a SparkSession builder or SparkConf', () => {
    assert.equal(analyze('java', 'class A { void f() { Request.builder().config("spark.x", "y").build(); } }'), undefined);
    assert.equal(analyze('scala', 'object A { val x = Map("spark.a" -> "b") }'), undefined);
  });

  it('blanks the characters the Scala scanner chokes on, one for one, before the grammar sees them', async () => {
    const text = 'val k = "spark.openlineage.host"\u00a0\u0001\r\n\tx\u2028y\ufeff';
    const clean = parseableText(text);
    assert.equal(clean.length, text.length);
    assert.equal(clean, 'val k = "spark.openlineage.host"  \r\n\tx y ');
    assert.equal(parseableText('plain\ttext\n'), 'plain\ttext\n');
    // A file that ends in a long run of no-break spaces is still read, with its values as written.
    const jvm = jvmSpark(join(ROOT, 'dist'));
    await jvm.load('scala');
    const source = `object J { val s = SparkSession.builder.config("spark.openlineage.namespace", "a\u00a0b").getOrCreate() }\nval ${'\u00a0'.repeat(30000)}`;
    const doc = jvm.parse(source, 'file:///w/J.scala', 'scala');
    assert.deepEqual(
      doc?.scopes[0]?.entries.map((e) => [e.key, e.value]),
      [['spark.openlineage.namespace', 'a\u00a0b']],
    );
  });
});
