/**
 * python/repair: finding the statement around a syntax error (logical lines across brackets, strings and `\`,
 * compound statement headers), blanking it out without moving any offset, and reparsing until the tree is clean.
 */
import assert from 'node:assert/strict';
import type { PythonTree } from '../../server/src/service/python/parser';
import { blankStatement, brokenStatementAt, repairSyntaxErrors } from '../../server/src/service/python/repair';
import { pythonParser } from '../support/harness';

const trees: PythonTree[] = [];
after(() => trees.splice(0).forEach((t) => t.delete()));

const parse = (text: string): PythonTree => {
  const tree = pythonParser().parse(text);
  trees.push(tree);
  return tree;
};
const statementAt = (text: string, marker: string) => {
  const span = brokenStatementAt(text, text.indexOf(marker));
  return span && { text: text.slice(span.start, span.end), header: span.header };
};

describe('python/repair: brokenStatementAt', () => {
  it('spans the logical line: an unclosed bracket runs to the next statement at the same indentation', () => {
    const text = 'a = 1\nb = f(1,\n      2\nc = 3\n';
    assert.deepEqual(statementAt(text, '2'), { text: 'b = f(1,\n      2', header: false });
  });

  it('starts at the logical line holding the error, past brackets, strings and backslashes', () => {
    const text = 'x = [\n  1,\n  """\n  doc ]\n  """, oops oops\n]\ny = 2\n';
    assert.equal(statementAt(text, 'oops')?.text, 'x = [\n  1,\n  """\n  doc ]\n  """, oops oops\n]');
    const continued = 'total = 1 + \\\n  2 +\ny = 3\n';
    assert.equal(statementAt(continued, '2 +')?.text, 'total = 1 + \\\n  2 +');
  });

  it('marks a compound statement header whose block follows, ignoring a trailing comment', () => {
    const text = 'with DAG("d") as dag oops:  # the DAG\n    t = Op()\n';
    assert.deepEqual(statementAt(text, 'oops'), { text: 'with DAG("d") as dag oops:  # the DAG', header: true });
    const unclosed = 'with DAG("d" as dag:\n    t = Op()\n';
    assert.equal(statementAt(unclosed, 'DAG')?.text, unclosed, 'an unclosed bracket takes the block too, to the end of the file');
    assert.equal(statementAt('x = {:\ny = 1\n', '{')?.header, false, 'a colon without an indented block');
  });

  it('ends at a line as little indented, even inside an unclosed bracket; nothing for an empty span', () => {
    const text = 'def f():\n    bad = (\n    ok = 1\n';
    assert.equal(statementAt(text, 'bad')?.text, 'bad = (');
    assert.equal(statementAt('def f():\n    bad = (\n    )\n', 'bad')?.text, 'bad = (\n    )\n', 'a closing bracket continues it');
    assert.equal(brokenStatementAt('', 0), undefined);
  });
});

describe('python/repair: blankStatement', () => {
  it('keeps the length and line breaks, writing pass (or if 1: for a header)', () => {
    const text = 'a = 1\nb = f(1,\r\n  2\nc = 3\n';
    const span = brokenStatementAt(text, text.indexOf('f('))!;
    const blanked = blankStatement(text, span);
    assert.equal(blanked.length, text.length);
    assert.equal(blanked, 'a = 1\npass    \r\n   \nc = 3\n');
    assert.equal(blankStatement('with x(:\n  y\n', { start: 0, end: 8, header: true }), 'if 1:   \n  y\n');
    assert.equal(blankStatement('f(\nx\n', { start: 0, end: 4, header: false }), '  \n \n', 'no room for the filler');
  });
});

describe('python/repair: repairSyntaxErrors', () => {
  it('blanks broken statements one by one until the tree is clean, offsets unchanged', () => {
    const text = 'a = Op(task_id="a")\nb = Op(task_id="b"\nc = Op(task_id="c")\nd = [\ne = Op(task_id="e")\n';
    const tree = parse(text);
    assert.equal(tree.rootNode.hasError, true);
    const repaired = repairSyntaxErrors(tree.rootNode, text, parse);
    assert.equal(repaired.root.hasError, false);
    assert.equal(repaired.text.length, text.length);
    assert.equal(repaired.text.indexOf('c = Op'), text.indexOf('c = Op'));
    assert.equal(repaired.text.split('\n').length, text.split('\n').length);
    assert.match(repaired.text, /^a = Op\(task_id="a"\)\npass/);
    assert.ok(repaired.text.includes('e = Op(task_id="e")'));
  });

  it('keeps the block of a broken header parseable', () => {
    const text = 'with DAG("d") as dag oops:\n    t = Op()\n';
    const repaired = repairSyntaxErrors(parse(text).rootNode, text, parse);
    assert.equal(repaired.root.hasError, false);
    assert.ok(repaired.text.startsWith('if 1:'));
    assert.ok(repaired.text.includes('    t = Op()'));
  });

  it('leaves a clean tree alone, and stops when the reparse is cancelled or throws', () => {
    const clean = 'x = 1\n';
    const tree = parse(clean);
    const same = repairSyntaxErrors(tree.rootNode, clean, () => assert.fail('no reparse needed'));
    assert.deepEqual([same.root.id, same.text], [tree.rootNode.id, clean]);
    const broken = 'x = (\ny = 2\n';
    const brokenTree = parse(broken);
    for (const reparse of [
      () => undefined,
      () => {
        throw new Error('boom');
      },
    ]) {
      const r = repairSyntaxErrors(brokenTree.rootNode, broken, reparse);
      assert.deepEqual([r.root.id, r.text], [brokenTree.rootNode.id, broken]);
    }
  });
});
