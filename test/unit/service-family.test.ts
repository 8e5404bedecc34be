/**
 * The family scaffolding (service/family.ts) and the shared YAML parse: a family parses a document once per
 * version, and the project model and the Great Expectations family share one parse of the same text.
 */
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defineFamily, parseCache, ruleContext, type DocInput } from '../../server/src/service/family';
import { EMPTY_PROJECT } from '../../server/src/service/project/model';
import { parseYamlDocument } from '../../server/src/service/yaml/ast';

function input(uri: string, text: string, version: number, extra: Partial<DocInput> = {}): DocInput {
  return {
    uri,
    text,
    version,
    project: EMPTY_PROJECT,
    lineAt: () => 0,
    doc: TextDocument.create(uri, 'plaintext', version, text),
    ...extra,
  };
}

describe('service family scaffolding', () => {
  it('parses a document once per version and text', () => {
    let calls = 0;
    const parse = parseCache((i) => (calls++, i.text.length));
    assert.equal(parse(input('file:///a', 'abc', 1)), 3);
    assert.equal(parse(input('file:///a', 'abc', 1)), 3);
    assert.equal(calls, 1);
    parse(input('file:///a', 'abcd', 2));
    parse(input('file:///b', 'abcd', 2));
    assert.equal(calls, 3);
  });

  it('parses again when what the parse reads changes (explicit flag, project model)', () => {
    let calls = 0;
    const parse = parseCache(() => ++calls, { explicit: true, project: true });
    parse(input('file:///a', 'x', 1));
    parse(input('file:///a', 'x', 1, { explicit: true }));
    parse(input('file:///a', 'x', 1, { explicit: true, project: { ...EMPTY_PROJECT } }));
    assert.equal(calls, 3);
    // Without `reads`, the explicit flag does not matter.
    let other = 0;
    const plain = parseCache(() => ++other);
    plain(input('file:///a', 'x', 1));
    plain(input('file:///a', 'x', 1, { explicit: true }));
    assert.equal(other, 1);
  });

  it('keeps at most `size` documents, dropping the oldest', () => {
    let calls = 0;
    const parse = parseCache(() => ++calls, {}, 2);
    for (const u of ['a', 'b', 'c', 'a']) parse(input(`file:///${u}`, 'x', 1));
    assert.equal(calls, 4);
  });

  it('defineFamily lists rule metadata only and shares the parse between answers', () => {
    let calls = 0;
    const rule = { id: 'x/y', defaultSeverity: 'warning' as const, summary: 'S.', check: () => undefined };
    const family = defineFamily({
      id: 'x',
      rules: [rule],
      parse: () => ++calls,
      answers: (parsed) => ({ kind: (i) => `k${parsed(i)}`, validate: (i) => void parsed(i) }),
    });
    assert.deepEqual(family.rules, [{ id: 'x/y', defaultSeverity: 'warning', summary: 'S.' }]);
    const doc = input('file:///a', 'x', 1);
    assert.equal(family.kind(doc), 'k1');
    family.validate(
      doc,
      () => true,
      () => undefined,
    );
    assert.equal(calls, 1);
  });

  it('ruleContext carries the text, the project, the line index and the report', () => {
    const seen: string[] = [];
    const ctx = ruleContext(input('file:///a', 'text', 1, { lineAt: () => 7 }), (f) => seen.push(f.message));
    assert.equal(ctx.text, 'text');
    assert.equal(ctx.project, EMPTY_PROJECT);
    assert.equal(ctx.lineAt(3), 7);
    ctx.report({ range: { start: 0, end: 1 }, message: 'm' });
    assert.deepEqual(seen, ['m']);
  });

  it('parseYamlDocument shares the parse of one document text, and parses a new text', () => {
    const a = parseYamlDocument('file:///ws/great_expectations.yml', 'a: 1\n');
    assert.equal(parseYamlDocument('file:///ws/great_expectations.yml', 'a: 1\n'), a);
    const b = parseYamlDocument('file:///ws/great_expectations.yml', 'a: 2\n');
    assert.notEqual(b, a);
    assert.equal(b.documents[0]?.kind, 'map');
  });
});
