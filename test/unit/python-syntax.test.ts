/**
 * python/names, python/arguments and python/scope: dotted names (with calls and subscripts in the way), a
 * call's positional and keyword arguments, and name lookup through nested scopes (shadowing, bindings before and
 * after a use, constants, functions).
 */
import assert from 'node:assert/strict';
import { callArguments } from '../../server/src/service/python/arguments';
import { dottedName, lastName } from '../../server/src/service/python/names';
import type { PythonNode, PythonTree } from '../../server/src/service/python/parser';
import { parameterNames, Scope, targetNames } from '../../server/src/service/python/scope';
import { pythonParser } from '../support/harness';

const trees: PythonTree[] = [];
after(() => trees.splice(0).forEach((t) => t.delete()));

/** The expression of a one-statement program. */
function expr(text: string): PythonNode {
  const tree = pythonParser().parse(text);
  trees.push(tree);
  return tree.rootNode.namedChildren[0]!.namedChildren[0]!;
}

describe('python/names', () => {
  it('reads dotted names as written, without whitespace or comments', () => {
    assert.equal(dottedName(expr('a'), 'a'), 'a');
    assert.equal(dottedName(expr('a.b.c'), 'a.b.c'), 'a.b.c');
    const spaced = '(a .\n  # note\n  b)';
    assert.equal(dottedName(expr(spaced).namedChildren[0]!, spaced), 'a.b');
  });

  it('has no dotted name for calls, subscripts or parentheses in the chain', () => {
    for (const text of ['a().b', 'a[0].b', 'a.b()', '(a).b', '"s".join', '1']) assert.equal(dottedName(expr(text), text), undefined, text);
  });

  it('reads the last name of a name or attribute, whatever the object', () => {
    assert.equal(lastName(expr('SparkConf'), 'SparkConf'), 'SparkConf');
    assert.equal(lastName(expr('pyspark.SparkConf'), 'pyspark.SparkConf'), 'SparkConf');
    assert.equal(lastName(expr('get()[0].builder'), 'get()[0].builder'), 'builder');
    assert.equal(lastName(expr('f()'), 'f()'), undefined);
  });
});

describe('python/arguments', () => {
  const args = (text: string) => callArguments(expr(text).childForFieldName('arguments'), text);
  const texts = (nodes: PythonNode[]) => nodes.map((n) => n.text);

  it('splits positional and keyword arguments, comments left out', () => {
    const a = args('f(1, "two",  # note\n  k=3, other=x.y)');
    assert.deepEqual(texts(a.positional), ['1', '"two"']);
    assert.deepEqual(
      [...a.keywords].map(([k, v]) => `${k}=${v.text}`),
      ['k=3', 'other=x.y'],
    );
    assert.deepEqual(texts(a.keywordNodes), ['k=3', 'other=x.y']);
    assert.equal(a.splat, false);
  });

  it('keeps *args among the positional arguments and flags *args and **kwargs as splats', () => {
    const a = args('chain(a, *rest, b)');
    assert.deepEqual(texts(a.positional), ['a', '*rest', 'b']);
    assert.equal(a.splat, true);
    const k = args('f(x, **base, y=1)');
    assert.deepEqual(texts(k.positional), ['x']);
    assert.deepEqual([...k.keywords.keys()], ['y']);
    assert.equal(k.splat, true);
  });

  it('keeps the last value of a repeated keyword, and every keyword node', () => {
    const a = args('f(k=1, k=2)');
    assert.equal(a.keywords.get('k')?.text, '2');
    assert.equal(a.keywordNodes.length, 2);
  });

  it('has no arguments for a generator argument or no argument list', () => {
    const g = args('f(x for x in y)');
    assert.deepEqual([g.positional.length, g.keywords.size, g.splat], [0, 0, false]);
    assert.equal(callArguments(null, '').positional.length, 0);
  });
});

describe('python/scope', () => {
  type F = string;
  const at = (n: number) => ({ at: n, frame: 'module', kind: 'assign' as const });

  it('finds the latest binding before the use, else the last one (a function body running later)', () => {
    const scope = new Scope<F, string>();
    scope.bind('x', { ...at(10), value: undefined });
    scope.bind('x', at(50));
    assert.equal(scope.lookup('x', 30)?.at, 10);
    assert.equal(scope.lookup('x', 60)?.at, 50);
    assert.equal(scope.lookup('x', 5)?.at, 50);
    assert.equal(scope.lookup('y', 60), undefined);
  });

  it('lets an inner binding shadow an outer one for the whole inner scope', () => {
    const outer = new Scope<F, string>();
    const inner = new Scope<F, string>(outer);
    outer.bind('x', at(0));
    inner.bind('x', { at: 100, frame: 'fn', kind: 'other' });
    assert.equal(inner.lookup('x', 50)?.frame, 'fn', 'bound later in the function: still the local name');
    assert.equal(inner.lookup('x', 150)?.frame, 'fn');
    assert.equal(outer.lookup('x', 150)?.frame, 'module');
    outer.bind('y', at(5));
    assert.equal(inner.lookup('y', 50)?.at, 5, 'names not bound inside come from the outer scope');
  });

  it('treats a name as a constant only when its nearest scope binds it once, by an assignment', () => {
    const outer = new Scope<F, string>();
    const inner = new Scope<F, string>(outer);
    outer.bind('ONCE', at(0));
    outer.bind('TWICE', at(0));
    outer.bind('TWICE', at(10));
    outer.bind('LOOP', { at: 0, frame: 'module', kind: 'other' });
    assert.equal(inner.constant('ONCE')?.at, 0);
    assert.equal(inner.constant('TWICE'), undefined);
    assert.equal(inner.constant('LOOP'), undefined);
    inner.bind('ONCE', { at: 20, frame: 'fn', kind: 'with' });
    assert.equal(inner.constant('ONCE'), undefined, 'shadowed by a non-assignment');
  });

  it('finds functions unless a nearer scope binds the name to something else', () => {
    const outer = new Scope<F, string>();
    const inner = new Scope<F, string>(outer);
    outer.functions.set('extract', 'def extract');
    assert.equal(inner.lookupFunction('extract'), 'def extract');
    inner.bind('extract', at(3));
    assert.equal(inner.lookupFunction('extract'), undefined);
    inner.functions.set('extract', 'inner def');
    assert.equal(inner.lookupFunction('extract'), 'inner def');
  });

  it('lists the names bound by targets and parameters', () => {
    const text = 'a, (b, [c, d]) = v';
    assert.deepEqual(targetNames(expr(text).childForFieldName('left'), text), ['a', 'b', 'c', 'd']);
    assert.deepEqual(targetNames(expr('x.y = 1').childForFieldName('left'), 'x.y = 1'), []);
    const def = 'def f(a, b=1, *args, c: int, d: int = 2, **kw): pass';
    const fn = expr(def).parent!; // the definition (expr() gave its name)
    assert.deepEqual(parameterNames(fn.childForFieldName('parameters'), def), ['a', 'b', 'args', 'c', 'd', 'kw']);
  });
});
