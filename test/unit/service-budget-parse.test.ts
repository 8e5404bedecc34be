/**
 * Issue 11, continued: the Python parse and the PySpark reader run under the validation's time budget. A parse
 * past the deadline is cancelled (tree-sitter's progress callback), the document gets one `general/time-budget`
 * diagnostic and nothing else, requests on it answer nothing, and the tree cache parses the next version afresh.
 *
 * No test sleeps: the clock is a counter that moves one millisecond per reading, so how far a parse gets before
 * the 2 s budget is spent depends only on how often tree-sitter calls back (every few hundred parse steps).
 */
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, DEFAULT_SETTINGS, type LanguageService } from '../../server/src/service';
import { withTimeBudget } from '../../server/src/service/budget';
import { PythonTreeCache, type PythonParser, type PythonTreeSource } from '../../server/src/service/python/parser';
import { parsePythonSpark } from '../../server/src/service/spark/parsers/python-spark';
import { scanCalls } from '../../server/src/service/dags/scan-calls';
import { parseDbtDocument } from '../../server/src/service/dbt/parse';
import { mdCode, mdText } from '../../common/markdown';
import { foreignLinks, outsideCode } from '../support/markdown-links';
import { pythonParser } from '../support/harness';

let parser: PythonParser;

before(async () => {
  parser = pythonParser();
});

/** A clock that moves one millisecond each time it is read. */
function ticking(): () => number {
  let t = 0;
  return () => ++t;
}

/** A service wired like the language server's (node/python.ts): trees cached per version, parse errors thrown. */
function serverLikeService(now?: () => number): { service: LanguageService; trees: PythonTreeCache } {
  const trees = new PythonTreeCache(parser);
  const tree: PythonTreeSource = (text, uri, version) => (version === undefined ? parser.parse(text) : trees.get(uri, version, text));
  const service = createLanguageService({
    python: (text, uri, version) => parsePythonSpark(tree(text, uri, version), text),
    pythonTree: tree,
    ...(now ? { now } : {}),
  });
  return { service, trees };
}

/** The fuzz seed `job.py` with one line repeated, broken, until the file is about `size` characters. */
function brokenPySpark(size: number, line = '    SxarkSession.builder.appName("orders")'): string {
  const head = 'from pyspark.sql import SparkSession\n\nspark = (\n    SparkSession.builder.appName("orders")\n';
  const tail = '    .config("spark.openlineage.transport.type", "http")\n    .getOrCreate()\n)\n';
  return head + `${line}\n`.repeat(Math.ceil(size / (line.length + 1))) + tail;
}

/** An Airflow DAG file followed by many broken statements. */
function brokenDag(size: number): string {
  const head =
    'from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("orders") as dag:\n    t = BashOperator(task_id="t", bash_command="echo")\n';
  const line = '    x = foo(bar[1, "a": (2\n';
  return head + line.repeat(Math.ceil(size / line.length));
}

describe('service budget: the Python parse (issue 11)', () => {
  it('a PySpark file whose parse outlasts the budget gets one time-budget diagnostic and nothing else', () => {
    const text = brokenPySpark(400_000);
    const { service } = serverLikeService(ticking());
    const doc = TextDocument.create('file:///w/jobs/job.py', 'python', 1, text);
    const diagnostics = service.validate(doc, DEFAULT_SETTINGS);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['general/time-budget'],
    );
    assert.match(String(diagnostics[0]!.message), /stopped parsing this file after .* s \(the limit is 2 s\)/);
    assert.deepEqual(diagnostics[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  it('requests on a document whose parse was cancelled answer nothing, and do not throw', () => {
    const text = brokenPySpark(400_000);
    const { service } = serverLikeService(ticking());
    const doc = TextDocument.create('file:///w/jobs/job.py', 'python', 1, text);
    service.validate(doc, DEFAULT_SETTINGS);
    const at = text.indexOf('spark.openlineage.transport.type') + 3;
    assert.equal(service.hover(doc, at), null);
    assert.deepEqual(service.complete(doc, at), []);
    assert.deepEqual(service.definition(doc, at), []);
    assert.deepEqual(service.references(doc, at), []);
    assert.equal(service.classify(doc), undefined);
  });

  it('a DAG file whose parse outlasts the budget gets one time-budget diagnostic; hover and definition answer nothing', () => {
    const text = brokenDag(400_000);
    const { service } = serverLikeService(ticking());
    const doc = TextDocument.create('file:///w/dags/orders.py', 'python', 1, text);
    assert.deepEqual(
      service.validate(doc, DEFAULT_SETTINGS).map((d) => d.code),
      ['general/time-budget'],
    );
    const at = text.indexOf('task_id="t"') + 10;
    assert.equal(service.hover(doc, at), null);
    assert.deepEqual(service.definition(doc, at), []);
    assert.deepEqual(service.references(doc, at), []);
  });

  it('the same files, parsed in full, are checked as usual (no budget diagnostic with a real clock)', () => {
    const { service } = serverLikeService();
    const small = brokenPySpark(2_000, '    .config("spark.openlineage.namespace", "etl")');
    const d = service.validate(TextDocument.create('file:///w/jobs/job.py', 'python', 1, small), DEFAULT_SETTINGS);
    assert.ok(!d.some((x) => x.code === 'general/time-budget'));
    assert.ok(
      d.some((x) => String(x.code).startsWith('spark/')),
      'the Spark rules ran',
    );
  });

  it('a cancelled parse does not poison the tree cache: the same version is not parsed again, the next one fully', () => {
    let parses = 0;
    const counting: PythonParser = {
      parse: (text, previous) => (parses++, parser.parse(text, previous)),
      tryParse: (text, previous) => (parses++, parser.tryParse(text, previous)),
    };
    const trees = new PythonTreeCache(counting);
    const big = brokenDag(300_000);
    const cancelled = withTimeBudget(2_000, ticking(), () => assert.equal(trees.tryGet('file:///w/dags/a.py', 1, big), undefined));
    assert.equal(cancelled, 'rules'); // out of time; nobody reported the missing tree to the budget here
    assert.equal(trees.tryGet('file:///w/dags/a.py', 1, big), undefined, 'a cancelled version stays without a tree');
    assert.throws(() => trees.get('file:///w/dags/a.py', 1, big), { name: 'ParseCancelled' });
    assert.equal(parses, 1);
    // The next version (an edit): parsed from scratch, exactly as a fresh parser parses it.
    const edited = `${big}    y = 1\n`;
    const tree = trees.get('file:///w/dags/a.py', 2, edited);
    assert.equal(parses, 2);
    assert.equal(tree.rootNode.endIndex, edited.length);
    assert.equal(tree.rootNode.toString(), parser.parse(edited).rootNode.toString());
  });

  it('a cancelled parse is not resumed by the next parse of another text', () => {
    const big = brokenPySpark(300_000);
    const outcome = withTimeBudget(2_000, ticking(), () => assert.equal(parser.tryParse(big), undefined));
    assert.equal(outcome, 'rules');
    // tree-sitter resumes a cancelled parse on the next call unless the parser is reset.
    const small = 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\n';
    const tree = parser.parse(small);
    assert.equal(tree.rootNode.endIndex, small.length);
    assert.equal(tree.rootNode.hasError, false);
    assert.equal(tree.rootNode.toString(), parser.parse(small).rootNode.toString());
  });

  it('outside a time budget nothing is cancelled', () => {
    const big = brokenPySpark(300_000);
    const tree = parser.tryParse(big);
    assert.ok(tree);
    assert.equal(tree.rootNode.endIndex, big.length);
  });

  it('reads a PySpark file of 200 KB of broken builder lines in linear time (was 26 s: Node.parent per line)', () => {
    // Error recovery nests every line into one chain, so the tree is as deep as the file is long.
    const text = brokenPySpark(200_000);
    const tree = parser.parse(text);
    const t0 = performance.now();
    const doc = parsePythonSpark(tree, text);
    const ms = performance.now() - t0;
    assert.ok(ms < 4000, `${ms} ms`);
    assert.ok(doc?.scopes.some((s) => s.entries.some((e) => e.key === 'spark.openlineage.transport.type')));
  });

  it('the PySpark reader finds the same settings as before in chains, SparkConf variables and dicts', () => {
    const text = [
      'from pyspark import SparkConf',
      'from pyspark.sql import SparkSession',
      'conf = SparkConf()',
      'conf.set("spark.openlineage.namespace", "a")',
      'spark = (SparkSession.builder',
      '    .config("spark.openlineage.transport.type", "http")',
      '    .getOrCreate())',
      'op = SparkSubmitOperator(task_id="x", conf={"spark.openlineage.transport.url": "http://m"})',
      'cluster = {"spark_conf": {"spark.openlineage.parentJobName": "j"}}',
      '',
    ].join('\n');
    const doc = parsePythonSpark(parser.parse(text), text)!;
    const keys = doc.scopes.map((s) => [s.label, s.entries.map((e) => e.key)]);
    assert.deepEqual(keys, [
      ['SparkConf `conf`', ['spark.openlineage.namespace']],
      ['this SparkSession.builder chain', ['spark.openlineage.transport.type']],
      ['the `conf` dict', ['spark.openlineage.transport.url']],
      ['the `spark_conf` dict', ['spark.openlineage.parentJobName']],
    ]);
  });
});

describe('service: deep nesting inside a broken builder chain (issue 11)', () => {
  it('reads a chain whose broken last call holds dicts nested thousands deep (it overflowed the stack and aborted lineage-lens check)', () => {
    // Found by the cli fuzz surface: error recovery recursed once per nesting level.
    const text = [
      'from pyspark.sql import SparkSession',
      'spark = (',
      '    SparkSession.builder.appName("orders")',
      '    .config("spark.openlineage.transport.type", "http")',
      `    .getOrCreate(${'{"a": '.repeat(5_000)}1${'}'.repeat(5_000)}, $ !)`,
      ')',
      '',
    ].join('\n');
    const doc = parsePythonSpark(parser.parse(text), text)!;
    assert.deepEqual(
      doc.scopes.flatMap((s) => s.entries.map((e) => e.key)),
      ['spark.openlineage.transport.type'],
    );
  });
});

describe('service budget: linear scans of nested calls and templates (issue 11)', () => {
  it('scans 20,000 nested unclosed Column( calls in one pass (each rescanned the rest of the text)', () => {
    const source = `[${'Column(name="c", tags=['.repeat(20_000)}`;
    const t0 = performance.now();
    const calls = scanCalls(source, 100, new Set(['Column']));
    const ms = performance.now() - t0;
    assert.equal(calls.length, 20_000);
    assert.deepEqual(calls[0]!.range, { start: 101, end: 100 + source.length });
    assert.deepEqual(
      calls[0]!.args.map((a) => a.keyword),
      ['name', 'tags'],
    );
    assert.ok(ms < 1500, `${ms} ms`);
  });

  it('scans nested calls as before: arguments, keywords, splats, strings and comments', () => {
    const source =
      'Table(name="t", columns=[Column("a", tags=[Tag(name="x"), Tag(*rest)]), Column(name = "b", # c)\n description="(x")], **kw)';
    const calls = scanCalls(source, 0, new Set(['Table', 'Column', 'Tag']));
    const view = calls.map((c) => [
      c.name,
      source.slice(c.range.start, c.range.end).length,
      c.args.map((a) => (a.star ? '*' : (a.keyword ?? source.slice(a.range.start, a.range.end)))),
    ]);
    assert.deepEqual(view, [
      ['Table', source.length, ['name', 'columns', '*']],
      ['Column', 'Column("a", tags=[Tag(name="x"), Tag(*rest)])'.length, ['"a"', 'tags']],
      ['Tag', 'Tag(name="x")'.length, ['name']],
      ['Tag', 'Tag(*rest)'.length, ['*']],
      // A segment is read as written: a comment before a keyword hides it (as it always did).
      ['Column', 'Column(name = "b", # c)\n description="(x")'.length, ['name', '# c)\n description="(x"']],
    ]);
  });

  it('a dbt bash_command with 600,000 unclosed {{ is read in linear time (each searched the rest for }})', () => {
    const text = `from airflow.operators.bash import BashOperator\nt = BashOperator(task_id="t", bash_command="dbt-ol run --select ${'{{'.repeat(600_000)}")\n`;
    const t0 = performance.now();
    const found = parseDbtDocument({ uri: 'file:///w/dags/dbt.py', text }, (t) => parser.parse(t));
    const ms = performance.now() - t0;
    assert.equal(found?.invocations.length, 1);
    assert.ok(ms < 3000, `${ms} ms`);
  });
});

describe('hover Markdown quotes document text safely (issue 11)', () => {
  const HOSTILE = '`[x](command:workbench.action.quit)';

  it('mdCode fences any text as one code span', () => {
    assert.equal(mdCode('spark.master'), '`spark.master`');
    assert.equal(mdCode('a`b'), '``a`b``');
    assert.equal(mdCode('``x'), '``` ``x ```');
    assert.equal(mdCode(''), '` `');
    assert.equal(mdCode('a\r\nb\nc\u2028d'), '`a↵b↵c↵d`');
    assert.equal(mdCode('x'.repeat(300)), `\`${'x'.repeat(200)}…\``);
    for (const s of [HOSTILE, '``[a](command:x)``', '`', '```', ' ` ', '[a](command:x)\n`b`']) {
      const md = `text ${mdCode(s)} [Documentation](https://openlineage.io/docs)`;
      assert.deepEqual(foreignLinks(md), [], md);
      assert.equal(outsideCode(md), 'text   [Documentation](https://openlineage.io/docs)', md);
    }
  });

  it('mdText escapes what could start a link, code, emphasis or HTML, and keeps the rest readable', () => {
    assert.equal(
      mdText('openmetadata-ingestion==0.12.1 in requirements.txt (line 3)'),
      'openmetadata-ingestion==0.12.1 in requirements.txt (line 3)',
    );
    assert.equal(mdText('great_expectations.yml'), 'great_expectations.yml');
    assert.equal(
      mdText('[x](command:q) <command:q> `c` *e* _u_ &amp; a|b'),
      '\\[x\\](command:q) \\<command:q\\> \\`c\\` \\*e\\* \\_u\\_ \\&amp; a\\|b',
    );
    assert.equal(mdText('a\nb'), 'a b');
    assert.deepEqual(foreignLinks(`Set in ${mdText(`${HOSTILE} <command:x>`)}.`), []);
  });

  it('the test’s own check sees links that are not ours', () => {
    assert.deepEqual(foreignLinks('a [x](command:q) b `c` [d](https://openlineage.io) <command:z>'), ['command:q', 'command:z']);
    assert.deepEqual(foreignLinks('**`a`[x](command:q)``**'), ['command:q']);
  });

  const hostileCases: { family: string; uri: string; languageId: string; text: string; at: string }[] = [
    {
      family: 'spark (artifact)',
      uri: 'file:///w/spark-defaults.conf',
      languageId: 'spark-conf',
      text: `spark.jars.packages io.openlineage:transports-${HOSTILE}:1.2${HOSTILE}\n`,
      at: 'transports',
    },
    {
      family: 'gx (validation operator)',
      uri: 'file:///w/great_expectations/checkpoints/c.yml',
      languageId: 'yaml',
      text: `name: c\nconfig_version: 1\nclass_name: LegacyCheckpoint\nvalidation_operator_name: "${HOSTILE}"\n`,
      at: HOSTILE,
    },
    {
      // Found by the long fuzz run: the unknown-parameter hover quoted the key in a plain code span.
      family: 'gx (unknown action parameter)',
      uri: 'file:///w/great_expectations/checkpoints/c.yml',
      languageId: 'yaml',
      text: `name: c\nconfig_version: 1.0\nclass_name: Checkpoint\naction_list:\n  - name: openlineage\n    action:\n      class_name: OpenLineageValidationAction\n      module_name: openlineage.common.provider.great_expectations\n      "openlinea${HOSTILE}": x\n`,
      at: '"openlinea',
    },
    { family: 'dbt (command)', uri: 'file:///w/scripts/run.sh', languageId: 'shellscript', text: `dbt-ol '${HOSTILE}'\n`, at: HOSTILE },
    {
      family: 'dags (outlet)',
      uri: 'file:///w/dags/d.py',
      languageId: 'python',
      text: `from airflow import DAG\nfrom airflow.datasets import Dataset\nfrom airflow.operators.bash import BashOperator\nwith DAG("d${HOSTILE}") as dag:\n    t = BashOperator(task_id="t${HOSTILE}", bash_command="x", outlets=[Dataset("s3://b/${HOSTILE}")])\n`,
      at: 's3://',
    },
  ];
  for (const c of hostileCases) {
    it(`a ${c.family} hover quotes hostile text without a link`, () => {
      const { service } = serverLikeService();
      const doc = TextDocument.create(c.uri, c.languageId, 1, c.text);
      const hover = service.hover(doc, c.text.indexOf(c.at) + 2);
      assert.ok(hover, 'a hover');
      const md = (hover.contents as { value: string }).value;
      assert.ok(md.includes('command:workbench.action.quit'), md);
      assert.deepEqual(foreignLinks(md), [], md);
    });
  }
});
