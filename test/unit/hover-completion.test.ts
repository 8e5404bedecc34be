/** Hover documentation and completion through the language service, in conf, spark-submit and Python files. */
import assert from 'node:assert/strict';
import type { CompletionItem, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { complete, CONF_URI, hover as hoverOf, PYTHON_URI, rangeIn, rangeOf, SHELL_URI } from '../support/harness';

const LISTENER = 'io.openlineage.spark.agent.OpenLineageSparkListener';

/** The hover at the cursor `|`, with its markdown. */
function hoverAt(textWithCursor: string, uri = CONF_URI): { hover: Hover; markdown: string; text: string } {
  const { hover, text } = hoverOf(uri, textWithCursor);
  assert.ok(hover, 'expected a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return { hover, markdown: contents.value, text };
}

function completeAt(textWithCursor: string, uri = CONF_URI): { items: CompletionItem[]; text: string } {
  return complete(uri, textWithCursor);
}

function item(items: readonly CompletionItem[], label: string): CompletionItem {
  const found = items.find((i) => i.label === label);
  assert.ok(
    found,
    `no completion ${label}; got ${items
      .map((i) => i.label)
      .slice(0, 20)
      .join(', ')}…`,
  );
  return found;
}

describe('hover', () => {
  it('documents a key with its type, default and a docs link, over the key range', () => {
    const { hover, markdown, text } = hoverAt(`spark.extraListeners ${LISTENER}\nspark.openlineage.transport.timeout|InMillis 5000\n`);
    assert.deepEqual(hover.range, rangeOf(text, 'spark.openlineage.transport.timeoutInMillis'));
    assert.match(markdown, /\*\*`spark\.openlineage\.transport\.timeoutInMillis`\*\*/);
    assert.match(markdown, /Type: integer/);
    assert.match(markdown, /Default: `5000`/);
    assert.match(markdown, /\[Documentation\]\(https:\/\/openlineage\.io\/docs\/[^)]+\)/);
  });

  it('documents an enum key with its values', () => {
    const { markdown } = hoverAt('spark.openlineage.transport.ty|pe http\n');
    assert.match(markdown, /one of `http`, `kafka`/);
    assert.match(markdown, /Default: `console`/);
  });

  it('marks a legacy key as removed and names its replacement', () => {
    const { hover, markdown, text } = hoverAt('spark.openlineage.ho|st http://marquez:5000\n');
    assert.deepEqual(hover.range, rangeOf(text, 'spark.openlineage.host'));
    assert.match(markdown, /removed/);
    assert.match(markdown, /0\.22\.0/);
    assert.match(markdown, /`spark\.openlineage\.transport\.url`/);
  });

  it('documents a transport.type value: what it does and its required keys', () => {
    const { hover, markdown, text } = hoverAt('spark.openlineage.transport.type kaf|ka\n');
    assert.deepEqual(hover.range, rangeOf(text, 'kafka'));
    assert.match(markdown, /`kafka` transport/);
    assert.match(markdown, /Required: `transport\.topicName`, `transport\.properties\.bootstrap\.servers`/);
  });

  it('documents an artifact of spark.jars.packages and of --packages', () => {
    const conf = hoverAt('spark.jars.packages io.openlineage:openlineage-spark_2.12:1.3|0.0\n');
    assert.deepEqual(conf.hover.range, rangeOf(conf.text, 'io.openlineage:openlineage-spark_2.12:1.30.0'));
    assert.match(conf.markdown, /Scala 2\.12, version 1\.30\.0/);
    const shell = hoverAt(
      'spark-submit --packages org.apache.kafka:kafka-clients:3.7.0,io.openlineage:openlineage-spark:1.|8.0 job.py\n',
      SHELL_URI,
    );
    assert.deepEqual(shell.hover.range, rangeOf(shell.text, 'io.openlineage:openlineage-spark:1.8.0'));
    assert.match(shell.markdown, /up to 1\.8\.0 only/);
  });

  it('documents a key in Python and in a spark-submit --conf', () => {
    const py = hoverAt(
      `from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.openlineage.name|space", "ns").getOrCreate()\n`,
      PYTHON_URI,
    );
    assert.deepEqual(py.hover.range, rangeOf(py.text, 'spark.openlineage.namespace'));
    assert.match(py.markdown, /Default: `default`/);
    const shell = hoverAt('spark-submit --conf "spark.openlineage.debug.sm|art=true" job.py\n', SHELL_URI);
    assert.deepEqual(shell.hover.range, rangeOf(shell.text, 'spark.openlineage.debug.smart'));
    assert.match(shell.markdown, /Type: boolean/);
  });

  it('has nothing to say about unknown keys or outside settings', () => {
    assert.equal(hoverOf(CONF_URI, 'spark.openlineage.nonsense|Key x\n').hover, null);
    assert.equal(hoverOf(CONF_URI, '# a com|ment\nspark.openlineage.namespace ns\n').hover, null);
  });
});

describe('completion', () => {
  it('completes keys after `spark.openlineage.transport.` in a conf file, replacing from the key start', () => {
    const { items, text } = completeAt('spark.openlineage.namespace ns\nspark.openlineage.transport.|');
    const url = item(items, 'spark.openlineage.transport.url');
    const edit = url.textEdit as TextEdit;
    assert.deepEqual(edit.range, rangeOf(text, 'spark.openlineage.transport.'));
    assert.ok(edit.newText.startsWith('spark.openlineage.transport.url '), edit.newText);
    assert.ok(items.some((i) => i.label === 'spark.openlineage.transport.type'));
  });

  it('uses the file’s `=` separator and inserts only the key when a value follows', () => {
    const eq = completeAt('spark.openlineage.namespace=ns\nspark.openlineage.transport.t|');
    assert.ok(
      (item(eq.items, 'spark.openlineage.transport.type').textEdit as TextEdit).newText.startsWith('spark.openlineage.transport.type='),
    );
    const valueAfter = completeAt('spark.openlineage.transport.t| http\n');
    assert.equal(
      (item(valueAfter.items, 'spark.openlineage.transport.type').textEdit as TextEdit).newText,
      'spark.openlineage.transport.type',
    );
  });

  it('does not offer keys already set in the same configuration', () => {
    const { items } = completeAt(
      'spark.openlineage.transport.type http\nspark.openlineage.transport.url http://m:5000\nspark.openlineage.transport.|',
    );
    assert.equal(
      items.some((i) => i.label === 'spark.openlineage.transport.type'),
      false,
    );
    assert.equal(
      items.some((i) => i.label === 'spark.openlineage.transport.url'),
      false,
    );
    assert.ok(items.some((i) => i.label === 'spark.openlineage.transport.endpoint'));
  });

  it('offers the transport types as values of transport.type', () => {
    const { items, text } = completeAt('spark.openlineage.transport.type h|');
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('http') && labels.includes('kafka'), labels.join(', '));
    assert.deepEqual((item(items, 'http').textEdit as TextEdit).range, rangeIn(text, 'type h', 'h'));
  });

  it('offers both listeners first on Databricks for spark.extraListeners', () => {
    const { items } = completeAt('spark.databricks.clusterUsageTags.x y\nspark.extraListeners |');
    assert.equal(items[0]?.label, `com.databricks.backend.daemon.driver.DBCEventLoggingListener,${LISTENER}`);
  });

  it('completes keys inside a Python .config("spark.openlineage. string', () => {
    const { items, text } = completeAt(
      'from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.openlineage.|").getOrCreate()\n',
      PYTHON_URI,
    );
    const url = item(items, 'spark.openlineage.transport.url');
    assert.deepEqual((url.textEdit as TextEdit).range, rangeOf(text, 'spark.openlineage.'));
    // Inside a Python string the key only: the value is the second argument.
    assert.equal((url.textEdit as TextEdit).newText, 'spark.openlineage.transport.url');
  });

  it('completes values in a Python dict', () => {
    const { items } = completeAt('conf = {\n    "spark.openlineage.transport.type": "|",\n}\nfrom pyspark import SparkConf\n', PYTHON_URI);
    assert.ok(items.some((i) => i.label === 'kafka'));
  });

  it('completes keys after spark-submit --conf, and values after k=', () => {
    const key = completeAt('spark-submit --conf spark.openlineage.| job.py\n', SHELL_URI);
    const url = item(key.items, 'spark.openlineage.transport.url');
    assert.deepEqual((url.textEdit as TextEdit).range, rangeOf(key.text, 'spark.openlineage.'));
    assert.ok((url.textEdit as TextEdit).newText.startsWith('spark.openlineage.transport.url='));
    const value = completeAt('spark-submit --conf "spark.openlineage.transport.type=|" job.py\n', SHELL_URI);
    assert.ok(value.items.some((i) => i.label === 'http'));
  });

  it('does not offer keys a spark-submit command already sets', () => {
    const { items } = completeAt(
      'spark-submit --conf spark.openlineage.transport.type=http --conf spark.openlineage.| job.py\n',
      SHELL_URI,
    );
    assert.equal(
      items.some((i) => i.label === 'spark.openlineage.transport.type'),
      false,
    );
    assert.ok(items.some((i) => i.label === 'spark.openlineage.transport.url'));
  });

  it('offers nothing outside Spark settings', () => {
    assert.deepEqual(completeAt('spark-submit --conf spark.openlineage.namespace=ns job.py # |\n', SHELL_URI).items, []);
    assert.deepEqual(completeAt('import os\nprint("hello |")\n', PYTHON_URI).items, []);
  });
});
