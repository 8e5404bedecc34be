/**
 * No squiggle under what is being typed (server/src/lsp/typing-hold.ts): which lines an edit touched, what is
 * held back while typing goes on, and when it is shown.
 */
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver/node';
import { editedLines, HOLD_MS, TypingHold } from '../../server/src/lsp/typing-hold';

const problem = (code: string, line: number, message = code): Diagnostic => ({
  code,
  message,
  range: { start: { line, character: 0 }, end: { line, character: 5 } },
});

describe('typing hold', () => {
  it('finds the lines an edit touched: typed, deleted, pasted over several lines', () => {
    assert.deepEqual(editedLines('a\nb\nc\n', 'a\nbx\nc\n'), { first: 1, last: 1 });
    assert.deepEqual(editedLines('a\nb\nc\n', 'a\nb\nc\nspark.x'), { first: 3, last: 3 });
    assert.deepEqual(editedLines('a\nb\nc\n', 'a\nc\n'), { first: 1, last: 1 });
    assert.deepEqual(editedLines('a\nb\n', 'a\nx\ny\nz\nb\n'), { first: 1, last: 4 });
    assert.equal(editedLines('same', 'same'), undefined);
  });

  it('holds a new problem on the edited line until typing pauses, publishing the others at once', () => {
    let now = 0;
    const hold = new TypingHold(() => now);
    hold.changed('u', 'a\nb\n', true);
    assert.deepEqual(hold.filter('u', [problem('elsewhere', 0)]), { publish: [problem('elsewhere', 0)] });
    now = 100;
    hold.changed('u', 'a\nb\nspark.op');
    const typing = hold.filter('u', [problem('elsewhere', 0), problem('syntax', 2)]);
    assert.deepEqual(typing, { publish: [problem('elsewhere', 0)], retryInMs: HOLD_MS });
    now = 100 + HOLD_MS;
    assert.deepEqual(hold.filter('u', [problem('elsewhere', 0), problem('syntax', 2)]).publish.length, 2);
  });

  it('keeps a problem already shown on the line while its wording follows the text typed', () => {
    let now = 0;
    const hold = new TypingHold(() => now);
    hold.changed('u', 'spark.x\n', true);
    hold.filter('u', [problem('unknown-key', 0, 'Unknown key spark.x')]);
    now = 10;
    hold.changed('u', 'spark.xy\n');
    assert.deepEqual(hold.filter('u', [problem('unknown-key', 0, 'Unknown key spark.xy'), problem('syntax', 0)]), {
      publish: [problem('unknown-key', 0, 'Unknown key spark.xy')],
      retryInMs: HOLD_MS,
    });
  });

  it('shows everything once the document is saved, and nothing is held after opening', () => {
    const hold = new TypingHold(() => 0);
    hold.changed('u', 'a\n', true);
    assert.equal(hold.filter('u', [problem('p', 0)]).publish.length, 1);
    hold.changed('u', 'ab\n');
    assert.equal(hold.filter('u', [problem('p', 0), problem('q', 0)]).publish.length, 1);
    hold.release('u');
    assert.deepEqual(hold.filter('u', [problem('p', 0), problem('q', 0)]), { publish: [problem('p', 0), problem('q', 0)] });
  });
});
