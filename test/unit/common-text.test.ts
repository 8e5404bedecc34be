/**
 * The pure text helpers in common/ that the server and the extension share: the JSON nesting check run on
 * text from outside before it is parsed, and Markdown prose quoting (hovers and the Verify Setup report).
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'mocha';
import { jsonDepthExceeds } from '../../common/json-depth';
import { mdText } from '../../common/markdown';

describe('common/json-depth', () => {
  it('counts objects and arrays alike, on strings and on UTF-8 bytes', () => {
    assert.equal(jsonDepthExceeds('{"a":[{"b":[]}]}', 4), false);
    assert.equal(jsonDepthExceeds('{"a":[{"b":[]}]}', 3), true);
    assert.equal(jsonDepthExceeds(new TextEncoder().encode('{"ü":[{"b":[]}]}'), 3), true);
    assert.equal(jsonDepthExceeds(new TextEncoder().encode('{"ü":[{"b":[]}]}'), 4), false);
  });

  it('skips brackets in strings, escaped quotes included', () => {
    assert.equal(jsonDepthExceeds('["\\"[[[[", "]]]"]', 1), false);
  });

  it('answers in one pass on a body of a million levels', () => {
    const started = performance.now();
    assert.equal(jsonDepthExceeds('{"a":'.repeat(1_000_000), 1000), true);
    assert.ok(performance.now() - started < 1000);
  });
});

describe('common/markdown mdText', () => {
  it('escapes theme icons and drops bidi controls', () => {
    assert.equal(mdText('$(alert) a\u202Eb'), '\\$(alert) ab');
  });

  it('leaves underscores inside words alone, escapes them at word edges', () => {
    assert.equal(mdText('lineage_lens _x_'), 'lineage_lens \\_x\\_');
  });

  it('puts one space for a run of line breaks and the blanks around it', () => {
    assert.equal(mdText('a \r\n\n  b\u2028c'), 'a b c');
  });

  it('cuts at 200 characters unless told otherwise', () => {
    assert.equal(mdText('x'.repeat(300)), `${'x'.repeat(200)}…`);
    assert.equal(mdText('x'.repeat(300), Infinity), 'x'.repeat(300));
  });

  it('is linear on long blanks without a line break', () => {
    const started = performance.now();
    assert.equal(mdText(`${' '.repeat(200_000)}x`, Infinity).length, 200_001);
    assert.ok(performance.now() - started < 1000);
  });
});
