/** Hover and completion in `openlineage.yml`, by dialect. */
import assert from 'node:assert/strict';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import type { ProjectModel } from '../../server/src/service';
import { applyEdits, complete, hover, rangeOf } from '../support/harness';
import { DBT_OL_URI, DBT_PROJECT, OL_URI, SPARK_OL_URI } from '../support/ol-config-fixtures';

function hoverAt(textWithCursor: string, uri = OL_URI, project?: ProjectModel) {
  return hover(uri, textWithCursor, { ...(project ? { project } : {}) });
}

function completeAt(
  textWithCursor: string,
  uri = OL_URI,
  project?: ProjectModel,
): { items: CompletionItem[]; text: string; labels: string[] } {
  const { items, text } = complete(uri, textWithCursor, { ...(project ? { project } : {}) });
  return { items, text, labels: items.map((i) => String(i.label)) };
}

function apply(text: string, item: CompletionItem | undefined): string {
  assert.ok(item, 'no such completion item');
  return applyEdits(text, [item.textEdit as TextEdit]);
}

describe('ol-config hover', () => {
  it('documents a Python key, says the Java client does not read it, and why the file is Python', () => {
    const { hover, markdown, text } = hoverAt('transport:\n  type: http\n  url: http://m\n  time|out: 5\n', DBT_OL_URI, DBT_PROJECT);
    assert.ok(hover);
    assert.deepEqual(hover.range, rangeOf(text, 'timeout'));
    assert.match(markdown, /\*\*`transport\.timeout`\*\*/);
    assert.match(markdown, /\*\*Python client\*\*: Request timeout in \*\*seconds\*\*/);
    assert.match(markdown, /Default: `5\.0`/);
    assert.match(markdown, /\*\*Java client\*\*: removed in 1\.30\.0/);
    assert.match(markdown, /Read by the \*\*Python client\*\*: it is inside the dbt project `acme`/);
  });

  it('says which client each key belongs to when either may read the file', () => {
    const { markdown } = hoverAt('transport:\n  type: http\n  url: http://m\n  timeoutIn|Millis: 5000\n', 'file:///w/x/openlineage.yml');
    assert.match(markdown, /\*\*Python client\*\*: not read; its key is `timeout`/);
    assert.match(markdown, /\*\*Java client\*\*: HTTP request timeout in milliseconds/);
    assert.match(markdown, /Read by the \*\*Java client\*\*: most of its keys are the Java client’s spellings/);
  });

  it('documents Java sections from the Spark catalogue', () => {
    const { markdown } = hoverAt('circuitBreaker:\n  ty|pe: timeout\n', SPARK_OL_URI);
    assert.match(markdown, /\*\*Java client\*\*: Stops emitting lineage/);
  });

  it('documents a transport type value for each client', () => {
    const { hover, markdown, text } = hoverAt('transport:\n  type: kaf|ka\n');
    assert.ok(hover);
    assert.deepEqual(hover.range, rangeOf(text, 'kafka'));
    assert.match(markdown, /\*\*Python client\*\*: .*Required: `topic`, `config`/);
    assert.match(markdown, /\*\*Java client\*\*: .*Required: `topicName`, `properties\.bootstrap\.servers`/);
  });

  it('has nothing to say about unknown keys or other files', () => {
    assert.equal(hoverAt('transport:\n  type: http\n  zz|z: 1\n').hover, null);
    assert.equal(hoverAt('transport:\n  ty|pe: http\n', 'file:///w/other.yml').hover, null);
  });
});

describe('ol-config completion', () => {
  it('offers the Python http keys in a dbt project, not the Java ones, and inserts `key: `', () => {
    const { items, labels, text } = completeAt('transport:\n  type: http\n  url: http://m\n  ti|\n', DBT_OL_URI, DBT_PROJECT);
    assert.ok(labels.includes('timeout') && labels.includes('custom_headers') && labels.includes('retry'), labels.join(', '));
    assert.ok(!labels.includes('timeoutInMillis') && !labels.includes('headers'));
    assert.ok(!labels.includes('url'), 'keys already set are not offered');
    assert.equal(
      apply(
        text,
        items.find((i) => i.label === 'timeout'),
      ),
      'transport:\n  type: http\n  url: http://m\n  timeout: \n',
    );
    assert.equal(
      apply(
        text,
        items.find((i) => i.label === 'auth'),
      ),
      'transport:\n  type: http\n  url: http://m\n  auth:\n    \n',
    );
  });

  it('offers the Java keys next to Spark jobs', () => {
    const { labels } = completeAt('transport:\n  type: http\n  |\n', SPARK_OL_URI);
    assert.ok(labels.includes('timeoutInMillis') && labels.includes('headers') && labels.includes('url'), labels.join(', '));
    assert.ok(!labels.includes('timeout') && !labels.includes('custom_headers'));
  });

  it('offers both clients’ keys, labelled, when either may read the file', () => {
    const { items } = completeAt('transport:\n  type: kafka\n  |\n');
    const detail = (l: string) => items.find((i) => i.label === l)?.detail ?? '';
    assert.match(detail('topic'), /Python client/);
    assert.match(detail('topicName'), /Java client/);
    assert.match(detail('messageKey'), /both clients/);
  });

  it('offers top-level sections and keys of nested mappings', () => {
    assert.deepEqual(completeAt('|', DBT_OL_URI, DBT_PROJECT).labels.sort(), ['dataset', 'facets', 'filters', 'tags', 'transport']);
    assert.ok(completeAt('facets:\n  |\n', DBT_OL_URI, DBT_PROJECT).labels.includes('environment_variables'));
    assert.ok(completeAt('transport:\n  type: http\n  url: http://m\n  auth:\n    |\n', DBT_OL_URI, DBT_PROJECT).labels.includes('apiKey'));
    assert.deepEqual(completeAt('transport:\n  |\n', DBT_OL_URI, DBT_PROJECT).labels, ['type']);
  });

  it('offers transport types, enum values and booleans as values', () => {
    const types = completeAt('transport:\n  type: |\n', DBT_OL_URI, DBT_PROJECT);
    assert.ok(
      types.labels.includes('http') && types.labels.includes('async_http') && !types.labels.includes('s3'),
      types.labels.join(', '),
    );
    assert.equal(
      apply(
        types.text,
        types.items.find((i) => i.label === 'kafka'),
      ),
      'transport:\n  type: kafka\n',
    );
    assert.deepEqual(completeAt('transport:\n  type: http\n  url: http://m\n  compression: |\n', DBT_OL_URI, DBT_PROJECT).labels, ['gzip']);
    assert.deepEqual(completeAt('transport:\n  type: http\n  url: http://m\n  verify: |\n', DBT_OL_URI, DBT_PROJECT).labels, [
      'true',
      'false',
    ]);
  });

  it('offers nothing in other files or inside free-form mappings', () => {
    assert.deepEqual(completeAt('transport:\n  |\n', 'file:///w/other.yml').labels, []);
    assert.deepEqual(
      completeAt('transport:\n  type: http\n  url: http://m\n  custom_headers:\n    |\n', DBT_OL_URI, DBT_PROJECT).labels,
      [],
    );
  });
});
