import assert from 'node:assert/strict';
import { diffEdit, PythonTreeCache, type PythonParser } from '../../server/src/service/python/parser';
import type { ConfEntry, ConfScope, SparkDocument } from '../../server/src/service/spark/model';
import type { EntryInsertion, OffsetRange } from '../../server/src/service/text/model';
import { parsePythonSpark } from '../../server/src/service/spark/parsers/python-spark';
import { pythonParser } from '../support/harness';

let parser: PythonParser;

before(async () => {
  parser = pythonParser();
});

function analyze(text: string): SparkDocument | undefined {
  return parsePythonSpark(parser.parse(text), text);
}

function mustAnalyze(text: string): SparkDocument {
  const doc = analyze(text);
  assert.ok(doc, 'expected Spark configuration');
  return doc;
}

/** The range of the `n`-th (0-based) occurrence of `needle`. */
function find(text: string, needle: string, n = 0): OffsetRange {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" #${n} not in text`);
  }
  return { start: at, end: at + needle.length };
}

function slice(text: string, r: OffsetRange): string {
  return text.slice(r.start, r.end);
}

/** Applies an insertion and checks the result is still valid Python. */
function insert(text: string, at: EntryInsertion | undefined, key: string, value: string): string {
  assert.ok(at, 'expected an insertion point');
  const result = text.slice(0, at.offset) + at.format(key, value) + text.slice(at.offset);
  const tree = parser.parse(result);
  assert.equal(tree.rootNode.hasError, false, `insertion produced invalid Python:\n${result}`);
  return result;
}

function entry(scope: ConfScope, key: string): ConfEntry {
  const found = scope.entries.find((e) => e.key === key);
  assert.ok(found, `no entry ${key}; have ${scope.entries.map((e) => e.key).join(', ')}`);
  return found;
}

/** A compact view of an entry for deepEqual: key, value, kind, exactness and the text of each range. */
function view(text: string, e: ConfEntry): [string, string, string, boolean, string, string, string] {
  return [e.key, e.value, e.valueKind, e.valueExact, slice(text, e.keyRange), slice(text, e.valueRange), slice(text, e.span)];
}

describe('python parser', () => {
  it('reports UTF-16 (JS string) offsets after non-ASCII text', () => {
    const text = '# café ✓ 😀 ü\nx = "spark.master"\n';
    const tree = parser.parse(text);
    const node = tree.rootNode.descendantForIndex(text.indexOf('"spark'));
    assert.ok(node);
    const str = node.parent!;
    assert.equal(str.type, 'string');
    assert.equal(str.startIndex, text.indexOf('"spark'));
    assert.equal(str.endIndex, text.indexOf('\n', str.startIndex));
    assert.equal(text.slice(str.startIndex, str.endIndex), '"spark.master"');
    assert.deepEqual(str.startPosition, { row: 1, column: 4 });
  });

  it('reparses incrementally to the same tree as a fresh parse, leaving the previous tree intact', () => {
    const v1 = 'x = 1\nspark = SparkSession.builder.getOrCreate()\n';
    const v2 = '# é😀\nx = 1\nspark = SparkSession.builder.config("spark.a", "ü").getOrCreate()\n';
    const t1 = parser.parse(v1);
    const t2 = parser.parse(v2, { tree: t1, text: v1 });
    const fresh = parser.parse(v2);
    assert.equal(t2.rootNode.toString(), fresh.rootNode.toString());
    const a = t2.rootNode.descendantForIndex(v2.indexOf('"spark.a"'))!.parent!;
    assert.equal(a.startIndex, v2.indexOf('"spark.a"'));
    assert.equal(t1.rootNode.endIndex, v1.length);
    assert.equal(t1.rootNode.child(1)!.text, 'spark = SparkSession.builder.getOrCreate()');
  });

  it('computes a single edit that never splits a surrogate pair', () => {
    const edit = diffEdit('a😀b', 'a😁b');
    assert.deepEqual(
      [edit.startIndex, edit.oldEndIndex, edit.newEndIndex, edit.startPosition, edit.newEndPosition],
      [1, 3, 3, { row: 0, column: 1 }, { row: 0, column: 3 }],
    );
    const multiline = diffEdit('a\nbc\nd', 'a\nbXYc\nd');
    assert.deepEqual(
      [multiline.startIndex, multiline.oldEndIndex, multiline.newEndIndex, multiline.startPosition, multiline.newEndPosition],
      [3, 3, 5, { row: 1, column: 1 }, { row: 1, column: 3 }],
    );
  });

  it('caches trees by uri and version', () => {
    const cache = new PythonTreeCache(parser);
    const t1 = cache.get('file:///a.py', 1, 'x = 1\n');
    assert.equal(cache.get('file:///a.py', 1, 'x = 1\n'), t1);
    const t2 = cache.get('file:///a.py', 2, 'x = 12\ny = 2\n');
    assert.notEqual(t2, t1);
    assert.equal(t2.rootNode.toString(), parser.parse('x = 12\ny = 2\n').rootNode.toString());
    cache.delete('file:///a.py');
    assert.notEqual(cache.get('file:///a.py', 2, 'x = 12\ny = 2\n'), t2);
  });
});

describe('parsePythonSpark', () => {
  it('returns undefined for Python without Spark configuration', () => {
    assert.equal(analyze('import os\nprint("hi")\nx = {"a": 1, "b": "spark.x"}\nmsg = proto.builder.build()\n'), undefined);
    assert.equal(analyze(''), undefined);
  });

  describe('SparkSession.builder chains', () => {
    const text = [
      '# café ✓ 😀 — non-ASCII before the config',
      'spark = (SparkSession.builder',
      "         .appName('job')",
      "         .config('spark.extraListeners', 'io.openlineage.spark.agent.OpenLineageSparkListener')  # listener",
      '         .config("spark.openlineage.transport.type", "http")',
      '         .getOrCreate())',
      '',
    ].join('\n');

    it('finds the entries with exact ranges', () => {
      const doc = mustAnalyze(text);
      assert.equal(doc.form, 'python');
      assert.equal(doc.databricks, false);
      assert.deepEqual(doc.syntaxProblems, []);
      assert.equal(doc.scopes.length, 1);
      const scope = doc.scopes[0]!;
      assert.equal(scope.label, 'this SparkSession.builder chain');
      assert.deepEqual(scope.anchor, find(text, 'SparkSession.builder'));
      assert.deepEqual(scope.artifacts, []);
      assert.equal(scope.entries.length, 2);
      const [listener, transport] = scope.entries as [ConfEntry, ConfEntry];
      assert.deepEqual(listener.keyRange, find(text, 'spark.extraListeners'));
      assert.deepEqual(listener.valueRange, find(text, 'io.openlineage.spark.agent.OpenLineageSparkListener'));
      assert.deepEqual(listener.span, {
        start: find(text, ".config('spark.extraListeners'").start,
        end: find(text, "Listener')").end,
      });
      assert.deepEqual(view(text, transport), [
        'spark.openlineage.transport.type',
        'http',
        'literal',
        true,
        'spark.openlineage.transport.type',
        'http',
        '.config("spark.openlineage.transport.type", "http")',
      ]);
    });

    it('inserts a new line in the same style, keeping trailing comments in place', () => {
      const scope = mustAnalyze(text).scopes[0]!;
      assert.equal(
        insert(text, scope.entries[0]!.insertAfter, 'spark.openlineage.namespace', 'ns'),
        text.replace('# listener\n', "# listener\n         .config('spark.openlineage.namespace', 'ns')\n"),
      );
      assert.equal(
        insert(text, scope.entries[1]!.insertAfter, 'spark.a', 'b'),
        text.replace('"http")\n', '"http")\n         .config("spark.a", "b")\n'),
      );
      // No entries to follow: right after `.builder`, quoted like the chain's other strings.
      assert.equal(
        insert(text, scope.append, 'spark.a', 'b'),
        text.replace('SparkSession.builder\n', "SparkSession.builder\n         .config('spark.a', 'b')\n"),
      );
    });

    it('inserts inline in a one-line chain', () => {
      const oneLine = "spark = SparkSession.builder.appName('x').config('spark.a', '1').getOrCreate()\n";
      const doc = mustAnalyze(oneLine);
      const scope = doc.scopes[0]!;
      assert.deepEqual(view(oneLine, scope.entries[0]!), ['spark.a', '1', 'literal', true, 'spark.a', '1', ".config('spark.a', '1')"]);
      assert.equal(
        insert(oneLine, scope.entries[0]!.insertAfter, 'spark.b', 'it\'s "q" \\ x'),
        "spark = SparkSession.builder.appName('x').config('spark.a', '1').config('spark.b', 'it\\'s \"q\" \\\\ x').getOrCreate()\n",
      );
      assert.equal(
        insert(oneLine, scope.append, 'spark.b', '2'),
        "spark = SparkSession.builder.config('spark.b', '2').appName('x').config('spark.a', '1').getOrCreate()\n",
      );
    });

    it('escapes keys and values so that they read back unchanged', () => {
      const oneLine = 'spark = SparkSession.builder.config("spark.a", "1").getOrCreate()\n';
      const value = 'say "hi"\\n\t\'ok\' ✓';
      const result = insert(oneLine, mustAnalyze(oneLine).scopes[0]!.entries[0]!.insertAfter, 'spark.b', value);
      const added = entry(mustAnalyze(result).scopes[0]!, 'spark.b');
      assert.equal(added.value, value);
      assert.equal(added.valueKind, 'literal');
    });

    it('continues backslash-continued chains with backslashes', () => {
      const src = ['spark = SparkSession.builder \\', '    .config("spark.a", "1") \\', '    .config("spark.b", "2")', 'x = 1', ''].join(
        '\n',
      );
      const scope = mustAnalyze(src).scopes[0]!;
      assert.equal(
        insert(src, scope.entries[0]!.insertAfter, 'spark.n', 'v'),
        src.replace('"1") \\\n', '"1") \\\n    .config("spark.n", "v") \\\n'),
      );
      assert.equal(
        insert(src, scope.entries[1]!.insertAfter, 'spark.n', 'v'),
        src.replace('"2")\n', '"2") \\\n    .config("spark.n", "v")\n'),
      );
      assert.equal(insert(src, scope.append, 'spark.n', 'v'), src.replace('builder \\\n', 'builder \\\n    .config("spark.n", "v") \\\n'));
    });

    it('reads the keyword and map forms', () => {
      const src = [
        'spark = (',
        '    SparkSession.builder',
        '    .config(key="spark.a", value="1")',
        '    .config(map={"spark.b": "2",',
        '                 "spark.c": True})',
        '    .config(conf=other_conf)',
        '    .getOrCreate()',
        ')',
        '',
      ].join('\n');
      const doc = mustAnalyze(src);
      assert.equal(doc.scopes.length, 1, 'the map dict is part of the chain, not a scope of its own');
      const scope = doc.scopes[0]!;
      assert.deepEqual(
        scope.entries.map((e) => view(src, e)),
        [
          ['spark.a', '1', 'literal', true, 'spark.a', '1', '.config(key="spark.a", value="1")'],
          ['spark.b', '2', 'literal', true, 'spark.b', '2', '"spark.b": "2",'],
          ['spark.c', 'True', 'literal', true, 'spark.c', 'True', '"spark.c": True'],
        ],
      );
      assert.equal(
        insert(src, scope.entries[0]!.insertAfter, 'spark.n', 'v'),
        src.replace('value="1")\n', 'value="1")\n    .config(key="spark.n", value="v")\n'),
      );
      // First pair: not first on its line, so inline; last pair: on its own line, so a new line.
      assert.equal(insert(src, scope.entries[1]!.insertAfter, 'spark.n', 'v'), src.replace('"2",', '"2", "spark.n": "v",'));
      assert.equal(
        insert(src, scope.entries[2]!.insertAfter, 'spark.n', 'v'),
        src.replace('True})', 'True,\n                 "spark.n": "v"})'),
      );
    });

    it('does not make an entry of .config(conf=...) and drops a builder configured only that way', () => {
      const src = 'conf = SparkConf().set("spark.a", "1")\nspark = SparkSession.builder.config(conf=conf).getOrCreate()\n';
      const doc = mustAnalyze(src);
      assert.deepEqual(
        doc.scopes.map((s) => [s.label, s.entries.map((e) => e.key)]),
        [['SparkConf `conf`', ['spark.a']]],
      );
    });

    it('keeps an empty builder chain as a scope so that missing settings can be reported', () => {
      const src = 'spark = SparkSession.builder.appName("x").getOrCreate()\n';
      const scope = mustAnalyze(src).scopes[0]!;
      assert.deepEqual(scope.entries, []);
      assert.equal(
        insert(src, scope.append, 'spark.a', 'b'),
        'spark = SparkSession.builder.config("spark.a", "b").appName("x").getOrCreate()\n',
      );
    });

    it('groups calls on a builder variable into its scope', () => {
      const src = [
        'builder = SparkSession.builder.appName("x")',
        'if prod:',
        '    builder.config("spark.a", "1")',
        'spark = builder.config("spark.b", "2").getOrCreate()',
        '',
      ].join('\n');
      const doc = mustAnalyze(src);
      assert.equal(doc.scopes.length, 1);
      const scope = doc.scopes[0]!;
      assert.deepEqual(
        scope.entries.map((e) => view(src, e)),
        [
          ['spark.a', '1', 'literal', true, 'spark.a', '1', '    builder.config("spark.a", "1")\n'],
          ['spark.b', '2', 'literal', true, 'spark.b', '2', '.config("spark.b", "2")'],
        ],
      );
      assert.equal(
        insert(src, scope.entries[0]!.insertAfter, 'spark.n', 'v'),
        src.replace('"1")\n', '"1")\n    builder.config("spark.n", "v")\n'),
      );
    });

    it('tracks attributes of self like variables, without counting the calls twice', () => {
      const src = [
        'class Job:',
        '    def __init__(self):',
        '        self.conf = SparkConf()',
        '        self.builder = SparkSession.builder.appName("x")',
        '',
        '    def configure(self):',
        '        self.conf.set("spark.a", "1")',
        '        self.builder.config("spark.b", "2")',
        '',
      ].join('\n');
      const doc = mustAnalyze(src);
      assert.deepEqual(
        doc.scopes.map((s) => [s.label, s.entries.map((e) => e.key)]),
        [
          ['SparkConf `self.conf`', ['spark.a']],
          ['this SparkSession.builder chain', ['spark.b']],
        ],
      );
      assert.equal(
        insert(src, doc.scopes[0]!.entries[0]!.insertAfter, 'spark.n', 'v'),
        src.replace('"1")\n', '"1")\n        self.conf.set("spark.n", "v")\n'),
      );
    });

    it('parses a 300-setting builder', () => {
      const lines = ['spark = (SparkSession.builder'];
      for (let i = 0; i < 300; i++) lines.push(`    .config("spark.setting.n${i}", "value ${i}")`);
      lines.push('    .getOrCreate())', '');
      const src = lines.join('\n');
      const doc = mustAnalyze(src);
      assert.equal(doc.scopes.length, 1);
      assert.equal(doc.scopes[0]!.entries.length, 300);
      assert.equal(doc.scopes[0]!.entries[299]!.value, 'value 299');
    });
  });

  describe('SparkConf', () => {
    const text = [
      'from pyspark import SparkConf',
      '',
      'conf = SparkConf().setAppName("job").set("spark.a", "1")',
      'conf.set("spark.b", "2")',
      'conf.setAll([("spark.c", "3"), ("spark.d", "4")])',
      '',
      'def tune(flag):',
      '    if flag:',
      "        conf.set('spark.e', '5')  # comment",
      '    return conf',
      '',
    ].join('\n');

    it('groups the chain and the statements on the variable into one scope', () => {
      const doc = mustAnalyze(text);
      assert.equal(doc.scopes.length, 1);
      const scope = doc.scopes[0]!;
      assert.equal(scope.label, 'SparkConf `conf`');
      assert.deepEqual(scope.anchor, find(text, 'SparkConf()'));
      assert.deepEqual(
        scope.entries.map((e) => view(text, e)),
        [
          ['spark.a', '1', 'literal', true, 'spark.a', '1', '.set("spark.a", "1")'],
          ['spark.b', '2', 'literal', true, 'spark.b', '2', 'conf.set("spark.b", "2")\n'],
          ['spark.c', '3', 'literal', true, 'spark.c', '3', '("spark.c", "3"),'],
          ['spark.d', '4', 'literal', true, 'spark.d', '4', '("spark.d", "4")'],
          ['spark.e', '5', 'literal', true, 'spark.e', '5', "        conf.set('spark.e', '5')  # comment\n"],
        ],
      );
      assert.deepEqual(scope.entries[1]!.keyRange, find(text, 'spark.b'));
      assert.deepEqual(scope.entries[4]!.valueRange, find(text, '5'));
    });

    it('inserts in the style of each form', () => {
      const scope = mustAnalyze(text).scopes[0]!;
      const [a, b, c, d, e] = scope.entries as ConfEntry[];
      assert.equal(insert(text, a!.insertAfter, 'spark.n', 'v'), text.replace('"1")\n', '"1").set("spark.n", "v")\n'));
      assert.equal(insert(text, b!.insertAfter, 'spark.n', 'v'), text.replace('"2")\n', '"2")\nconf.set("spark.n", "v")\n'));
      assert.equal(insert(text, c!.insertAfter, 'spark.n', 'v'), text.replace('("spark.c", "3"),', '("spark.c", "3"), ("spark.n", "v"),'));
      assert.equal(insert(text, d!.insertAfter, 'spark.n', 'v'), text.replace('("spark.d", "4")', '("spark.d", "4"), ("spark.n", "v")'));
      assert.equal(
        insert(text, e!.insertAfter, 'spark.n', 'v'),
        text.replace('# comment\n', "# comment\n        conf.set('spark.n', 'v')\n"),
      );
    });

    it('appends after an empty SparkConf() as a statement', () => {
      const src = 'def f():\n    conf = SparkConf()\n    return SparkContext(conf=conf)\n';
      const doc = mustAnalyze(src);
      assert.equal(doc.scopes.length, 1);
      assert.equal(
        insert(src, doc.scopes[0]!.append, 'spark.a', 'b'),
        'def f():\n    conf = SparkConf()\n    conf.set("spark.a", "b")\n    return SparkContext(conf=conf)\n',
      );
    });

    it('appends inline to an unassigned SparkConf()', () => {
      const src = "sc = SparkContext(conf=SparkConf().setAppName('x'))\n";
      const doc = mustAnalyze(src);
      assert.equal(doc.scopes[0]!.label, 'this SparkConf');
      assert.equal(
        insert(src, doc.scopes[0]!.append, 'spark.a', 'b'),
        "sc = SparkContext(conf=SparkConf().set('spark.a', 'b').setAppName('x'))\n",
      );
    });

    it('starts a new scope when the variable is assigned a new SparkConf', () => {
      const src = [
        'def a():',
        '    conf = SparkConf()',
        '    conf.set("spark.a", "1")',
        'def b():',
        '    conf = pyspark.SparkConf()',
        '    conf.set("spark.b", "2")',
        '',
      ].join('\n');
      assert.deepEqual(
        mustAnalyze(src).scopes.map((s) => s.entries.map((e) => e.key)),
        [['spark.a'], ['spark.b']],
      );
    });

    it('reads setAll with a dict and setIfMissing, and ignores set() on unknown objects', () => {
      const src = [
        'conf = SparkConf()',
        'conf.setAll({"spark.a": "1"}.items())',
        'conf.setIfMissing("spark.b", "2")',
        'cache.set("spark.c", "3")',
        '',
      ].join('\n');
      const doc = mustAnalyze(src);
      assert.equal(doc.scopes.length, 1);
      assert.deepEqual(
        doc.scopes[0]!.entries.map((e) => e.key),
        ['spark.a', 'spark.b'],
      );
    });

    it('drops a SparkConf filled only from a variable', () => {
      assert.equal(analyze('conf = SparkConf().setAll(settings)\n'), undefined);
    });
  });

  describe('dicts of Spark settings', () => {
    it('reads an Airflow SparkSubmitOperator conf dict with a trailing comma', () => {
      const src = [
        'submit = SparkSubmitOperator(',
        '    task_id="submit",',
        '    conf={',
        '        "spark.jars.packages": "io.openlineage:openlineage-spark_2.12:1.9.1",',
        '        "spark.openlineage.namespace": "{{ var.value.ns }}",  # per env',
        '    },',
        ')',
        '',
      ].join('\n');
      const doc = mustAnalyze(src);
      assert.equal(doc.scopes.length, 1);
      const scope = doc.scopes[0]!;
      assert.equal(scope.label, 'the `conf` dict');
      assert.deepEqual(scope.anchor, find(src, 'conf={'));
      assert.deepEqual(
        scope.entries.map((e) => view(src, e)),
        [
          [
            'spark.jars.packages',
            'io.openlineage:openlineage-spark_2.12:1.9.1',
            'literal',
            true,
            'spark.jars.packages',
            'io.openlineage:openlineage-spark_2.12:1.9.1',
            '"spark.jars.packages": "io.openlineage:openlineage-spark_2.12:1.9.1",',
          ],
          [
            'spark.openlineage.namespace',
            '{{ var.value.ns }}',
            'template',
            true,
            'spark.openlineage.namespace',
            '{{ var.value.ns }}',
            '"spark.openlineage.namespace": "{{ var.value.ns }}",',
          ],
        ],
      );
      assert.equal(
        insert(src, scope.entries[0]!.insertAfter, 'spark.n', 'v'),
        src.replace('1.9.1",\n', '1.9.1",\n        "spark.n": "v",\n'),
      );
      assert.equal(
        insert(src, scope.entries[1]!.insertAfter, 'spark.n', 'v'),
        src.replace('# per env\n', '# per env\n        "spark.n": "v",\n'),
      );
    });

    it('reads a multi-line dict without a trailing comma and a one-line dict', () => {
      const src = ["settings = {'spark.a': '1', 'spark.b': '2'}", 'other = {', '    "spark.c": "3"', '}', ''].join('\n');
      const doc = mustAnalyze(src);
      assert.deepEqual(
        doc.scopes.map((s) => [s.label, s.entries.map((e) => e.key)]),
        [
          ['this dict of Spark settings', ['spark.a', 'spark.b']],
          ['this dict of Spark settings', ['spark.c']],
        ],
      );
      assert.deepEqual(doc.scopes[0]!.anchor, find(src, '{'));
      assert.equal(insert(src, doc.scopes[0]!.entries[0]!.insertAfter, 'spark.n', 'v'), src.replace("'1',", "'1', 'spark.n': 'v',"));
      assert.equal(insert(src, doc.scopes[0]!.entries[1]!.insertAfter, 'spark.n', 'v'), src.replace("'2'}", "'2', 'spark.n': 'v'}"));
      assert.equal(insert(src, doc.scopes[1]!.entries[0]!.insertAfter, 'spark.n', 'v'), src.replace('"3"\n', '"3",\n    "spark.n": "v"\n'));
    });

    it('reads Databricks new_cluster.spark_conf, even when empty', () => {
      const src = [
        'run = DatabricksSubmitRunOperator(',
        '    task_id="run",',
        '    new_cluster={"spark_version": "13.3.x-scala2.12", "spark_conf": {}},',
        ')',
        'job = {"new_cluster": {"spark_conf": {"spark.databricks.delta.preview.enabled": "true"}}}',
        '',
      ].join('\n');
      const doc = mustAnalyze(src);
      assert.equal(doc.databricks, true);
      assert.deepEqual(
        doc.scopes.map((s) => [s.label, s.entries.map((e) => e.key)]),
        [
          ['the `spark_conf` dict', []],
          ['the `spark_conf` dict', ['spark.databricks.delta.preview.enabled']],
        ],
      );
      assert.deepEqual(doc.scopes[0]!.anchor, find(src, '"spark_conf": {'));
      assert.equal(insert(src, doc.scopes[0]!.append, 'spark.a', 'b'), src.replace('"spark_conf": {}', '"spark_conf": {"spark.a": "b"}'));
    });

    it('ignores dicts without spark. keys and a plain variable named spark_conf', () => {
      assert.equal(analyze('x = {"spark": 1, "sparkling": "spark.a"}\nspark_conf = {}\n'), undefined);
    });
  });

  describe('values', () => {
    function values(src: string): Array<[string, string, string, boolean, string]> {
      const scope = mustAnalyze(src).scopes[0]!;
      return scope.entries.map((e) => [e.key, e.value, e.valueKind, e.valueExact, slice(src, e.valueRange)]);
    }

    it('strips quotes and prefixes and decodes escapes', () => {
      const src = [
        'd = {',
        '    "spark.r": r"C:\\dir\\n",',
        "    'spark.b': b'bytes',",
        '    "spark.u": u"uni",',
        '    "spark.esc": "tab\\there\\x41\\u00e9\\d",',
        '    "spark.tq": """triple""",',
        '    "spark.f": f"no fields {{x}}",',
        '    "spark.cat": "a" \'b\',',
        '    Rb"spark.k": "",',
        '}',
        '',
      ].join('\n');
      assert.deepEqual(values(src), [
        ['spark.r', 'C:\\dir\\n', 'literal', true, 'C:\\dir\\n'],
        ['spark.b', 'bytes', 'literal', true, 'bytes'],
        ['spark.u', 'uni', 'literal', true, 'uni'],
        ['spark.esc', 'tab\thereAé\\d', 'literal', false, 'tab\\there\\x41\\u00e9\\d'],
        ['spark.tq', 'triple', 'literal', true, 'triple'],
        ['spark.f', 'no fields {x}', 'literal', false, 'no fields {{x}}'],
        ['spark.cat', 'ab', 'literal', false, 'a" \'b'],
        ['spark.k', '', 'literal', true, ''],
      ]);
    });

    it('classifies templates, expressions and Python constants', () => {
      const src = [
        'spark = (SparkSession.builder',
        '    .config("spark.t1", "${URL}/api")',
        '    .config("spark.t2", "$HOME/x")',
        '    .config("spark.t3", "{{secrets/scope/key}}")',
        '    .config("spark.e1", f"http://{host}:5000")',
        '    .config("spark.e2", "http://" + host)',
        '    .config("spark.e3", os.environ["URL"])',
        '    .config("spark.e4", url)',
        '    .config("spark.e5", None)',
        '    .config("spark.c1", True)',
        '    .config("spark.c2", 10)',
        '    .config("spark.c3", -1)',
        '    .config("spark.c4", 0.5)',
        '    .config("spark.c5", "costs $5")',
        '    .getOrCreate())',
        '',
      ].join('\n');
      assert.deepEqual(values(src), [
        ['spark.t1', '${URL}/api', 'template', true, '${URL}/api'],
        ['spark.t2', '$HOME/x', 'template', true, '$HOME/x'],
        ['spark.t3', '{{secrets/scope/key}}', 'template', true, '{{secrets/scope/key}}'],
        ['spark.e1', 'http://{host}:5000', 'expression', true, 'http://{host}:5000'],
        ['spark.e2', '"http://" + host', 'expression', true, '"http://" + host'],
        ['spark.e3', 'os.environ["URL"]', 'expression', true, 'os.environ["URL"]'],
        ['spark.e4', 'url', 'expression', true, 'url'],
        ['spark.e5', 'None', 'expression', true, 'None'],
        ['spark.c1', 'True', 'literal', true, 'True'],
        ['spark.c2', '10', 'literal', true, '10'],
        ['spark.c3', '-1', 'literal', true, '-1'],
        ['spark.c4', '0.5', 'literal', true, '0.5'],
        ['spark.c5', 'costs $5', 'literal', true, 'costs $5'],
      ]);
      assert.equal(mustAnalyze(src).databricks, true, '{{secrets/...}} is Databricks');
    });

    it('skips entries whose key is computed', () => {
      const src = 'spark = SparkSession.builder.config(KEY, "1").config(f"spark.{x}", "2").config("spark.a", "3").getOrCreate()\n';
      assert.deepEqual(
        mustAnalyze(src).scopes[0]!.entries.map((e) => e.key),
        ['spark.a'],
      );
    });
  });

  describe('error tolerance', () => {
    it('keeps intact entries when an unclosed paren follows', () => {
      const src = 'spark = SparkSession.builder.config("spark.a", "1").getOrCreate()\nresult = compute(\nx = 1\n';
      const doc = mustAnalyze(src);
      assert.deepEqual(
        doc.scopes[0]!.entries.map((e) => view(src, e)),
        [['spark.a', '1', 'literal', true, 'spark.a', '1', '.config("spark.a", "1")']],
      );
      assert.deepEqual(doc.syntaxProblems, []);
    });

    it('keeps intact entries after an if without a body and after an unclosed call', () => {
      const src = [
        'x = foo(',
        'if ready:',
        'conf = SparkConf().set("spark.a", "1")',
        'spark = SparkSession.builder.config("spark.b", "2").getOrCreate()',
        '',
      ].join('\n');
      const doc = mustAnalyze(src);
      const entries = doc.scopes.flatMap((s) => s.entries.map((e) => view(src, e)));
      assert.deepEqual(entries, [
        ['spark.a', '1', 'literal', true, 'spark.a', '1', '.set("spark.a", "1")'],
        ['spark.b', '2', 'literal', true, 'spark.b', '2', '.config("spark.b", "2")'],
      ]);
    });

    it('recovers the rest of a chain while one call is being typed', () => {
      const src = [
        'spark = (SparkSession.builder',
        '    .config("spark.a", "1")',
        '    .config("spark.b", ',
        '    .config("spark.c", "3")',
        '    .getOrCreate())',
        '',
      ].join('\n');
      const doc = mustAnalyze(src);
      assert.equal(doc.scopes.length, 1);
      assert.deepEqual(
        doc.scopes[0]!.entries.map((e) => view(src, e)),
        [
          ['spark.a', '1', 'literal', true, 'spark.a', '1', '.config("spark.a", "1")'],
          ['spark.c', '3', 'literal', true, 'spark.c', '3', '.config("spark.c", "3")'],
        ],
      );
    });

    it('keeps statements after a broken one', () => {
      const src = [
        'def build():',
        '    conf = SparkConf()',
        '    conf.set("spark.a", "1")',
        '    conf.set("spark.b", ',
        '    conf.set("spark.c", "3")',
        '    return conf',
        '',
      ].join('\n');
      assert.deepEqual(
        mustAnalyze(src).scopes.map((s) => s.entries.map((e) => e.key)),
        [['spark.a', 'spark.c']],
      );
    });
  });

  describe('problems', () => {
    it('reports a config call without a value', () => {
      const src = 'spark = SparkSession.builder.config("spark.openlineage.namespace").config("spark.a=b").getOrCreate()\n';
      const doc = mustAnalyze(src);
      assert.deepEqual(doc.scopes[0]!.entries, []);
      assert.deepEqual(doc.syntaxProblems, [
        {
          range: find(src, 'config("spark.openlineage.namespace")'),
          message:
            '`.config("spark.openlineage.namespace")` has no value. ' +
            'Add the value as the second argument: `.config("spark.openlineage.namespace", "<value>")`.',
        },
        {
          range: find(src, 'config("spark.a=b")'),
          message:
            '`.config("spark.a=b")` passes the key and the value as one string. ' +
            'Pass them as two arguments: `.config("spark.a", "b")`.',
        },
      ]);
    });

    it('reports the SparkConf method used on a builder and vice versa', () => {
      const src = 'spark = SparkSession.builder.set("spark.a", "1").getOrCreate()\nconf = SparkConf().config("spark.b", "2")\n';
      const doc = mustAnalyze(src);
      assert.deepEqual(
        doc.syntaxProblems.map((p) => [slice(src, p.range), p.message]),
        [
          ['set', 'SparkSession.builder has no `.set()` method. Use `.config(key, value)`.'],
          ['config', 'SparkConf has no `.config()` method. Use `.set(key, value)`.'],
        ],
      );
      // The entries are still read, so that other rules see what was meant.
      assert.deepEqual(
        doc.scopes.map((s) => s.entries.map((e) => e.key)),
        [['spark.a'], ['spark.b']],
      );
    });
  });

  describe('databricks detection', () => {
    for (const [name, src] of [
      ['dbutils', 'token = dbutils.secrets.get("s", "k")\nd = {"spark.a": token}\n'],
      ['spark.databricks. keys', 'd = {"spark.databricks.cluster.profile": "singleNode"}\n'],
      ['DatabricksRunNowOperator', 'from x import DatabricksRunNowOperator\nd = {"spark.a": "1"}\n'],
      ['a new_cluster keyword', 'op = Op(new_cluster=cluster)\nd = {"spark.a": "1"}\n'],
    ] as const) {
      it(`detects ${name}`, () => assert.equal(mustAnalyze(src).databricks, true));
    }

    it('is not fooled by a variable named spark_conf or by comments', () => {
      assert.equal(mustAnalyze('# dbutils\nspark_conf = {"spark.a": "1"}\n').databricks, false);
    });
  });

  describe('every insertion point gives valid Python that reads back', () => {
    const corpus: Record<string, string> = {
      'builder, comments between calls': [
        'def get():',
        '    return (',
        '        SparkSession.builder  # head',
        '        # the listener',
        '        .config("spark.extraListeners", "L")',
        '        .appName("x").config("spark.a", "1")',
        '        .getOrCreate()',
        '    )',
        '',
      ].join('\n'),
      'builder, backslashes, links on the first line': [
        'spark = SparkSession.builder.appName("x").config("spark.a", "1") \\',
        '    .config("spark.b", "2").config("spark.c", "3") \\',
        '    .getOrCreate()',
        '',
      ].join('\n'),
      'builder in a call argument': 'run(SparkSession.builder.config("spark.a", "1")\n    .getOrCreate(), flag=True)\n',
      'SparkConf forms': [
        'conf = (SparkConf()',
        '        .set("spark.a", "1"))',
        'conf.setAll((',
        '    ("spark.b", "2"),',
        '    ["spark.c", "3"]',
        '))',
        'for k in keys: conf.set("spark.d", k)',
        'sc = SparkContext(conf=SparkConf())',
        '',
      ].join('\n'),
      dicts: [
        'a = {"spark.a": "1",  # one',
        '     "spark.b": "2"}',
        'b = {',
        '    "spark.c": "3", "spark.d": "4",',
        '    "spark.e": "5"  # five',
        '}',
        'c = Op(spark_conf={**base})',
        'd = Op(spark_conf={  # empty',
        '})',
        'e = SparkSubmitOperator(conf={"x": 1})',
        '',
      ].join('\n'),
    };
    for (const [name, src] of Object.entries(corpus)) {
      it(name, () => {
        assert.equal(parser.parse(src).rootNode.hasError, false, 'the sample itself must be valid');
        const doc = mustAnalyze(src);
        const points = doc.scopes.flatMap((s, i) => [
          ...(s.append ? [{ scope: i, at: s.append }] : []),
          ...s.entries.map((e) => ({ scope: i, at: e.insertAfter })),
        ]);
        assert.ok(points.length > 0);
        for (const { scope, at } of points) {
          const result = insert(src, at, 'spark.new', 'v "1"');
          const again = mustAnalyze(result);
          assert.equal(again.scopes.length, doc.scopes.length, result);
          const added = again.scopes[scope]!.entries.filter((e) => e.key === 'spark.new');
          assert.deepEqual(
            added.map((e) => e.value),
            ['v "1"'],
            result,
          );
        }
      });
    }
  });

  it('uses the document line ending', () => {
    const src = 'spark = (SparkSession.builder\r\n    .config("spark.a", "1")\r\n    .getOrCreate())\r\n';
    const scope = mustAnalyze(src).scopes[0]!;
    assert.equal(
      insert(src, scope.entries[0]!.insertAfter, 'spark.b', '2'),
      src.replace('"1")\r\n', '"1")\r\n    .config("spark.b", "2")\r\n'),
    );
  });
});
