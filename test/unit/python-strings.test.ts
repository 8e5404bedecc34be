/**
 * python/strings: Python string literals read from the tree (every prefix and combination, triple quotes,
 * escapes, f-string braces, implicit concatenation, unterminated literals) and values written back as literals.
 */
import assert from 'node:assert/strict';
import { decodeEscapes, readString, stringLiteral, type PythonString } from '../../server/src/service/python/strings';
import { pythonParser } from '../support/harness';

/** The first string (or concatenation) in `x = <source>`, read; with the text it was read from. */
function read(source: string): { s: PythonString | undefined; text: string } {
  const text = `x = ${source}\n`;
  const tree = pythonParser().parse(text);
  try {
    const node = tree.rootNode.descendantsOfType(['concatenated_string', 'string'])[0];
    return { s: node ? readString(node, text) : undefined, text };
  } finally {
    tree.delete();
  }
}

const value = (source: string) => read(source).s?.value;

describe('python/strings: readString', () => {
  it('reads plain literals with either quote, and their content range and quote', () => {
    for (const [src, quote] of [
      ['"abc"', '"'],
      ["'abc'", "'"],
    ] as const) {
      const { s, text } = read(src);
      assert.equal(s?.value, 'abc');
      assert.equal(s?.quote, quote);
      assert.equal(s?.exact, true);
      assert.equal(s?.interpolated, false);
      assert.equal(text.slice(s!.range.start, s!.range.end), 'abc');
    }
    const empty = read('""').s;
    assert.equal(empty?.value, '');
    assert.equal(empty!.range.start, empty!.range.end);
  });

  it('decodes escapes in plain, u and b literals, not in raw ones', () => {
    assert.equal(value('"a\\tb\\n"'), 'a\tb\n');
    assert.equal(value('u"caf\\u00e9"'), 'café');
    assert.equal(value('U"\\x41"'), 'A');
    assert.equal(value('b"\\x41\\101"'), 'AA');
    assert.equal(value('b"\\u00e9"'), '\\u00e9', 'bytes have no \\u escapes');
    for (const prefix of ['r', 'R', 'rb', 'Rb', 'br', 'BR', 'rf', 'fr', 'Rf']) assert.equal(value(`${prefix}"a\\nb"`), 'a\\nb', prefix);
    const { s } = read('"a\\nb"');
    assert.equal(s?.exact, false, 'a decoded escape makes the value differ from its text');
    assert.equal(read('r"a\\nb"').s?.exact, true);
  });

  it('decodes every kind of escape; unknown ones and \\N{...} stay as written', () => {
    assert.equal(decodeEscapes('\\\\ \\\' \\" \\a \\b \\f \\n \\r \\t \\v', false), '\\ \' " \x07 \b \f \n \r \t \v');
    assert.equal(decodeEscapes('\\0\\7\\101\\1012', false), '\0\x07AA2');
    assert.equal(decodeEscapes('\\x41\\x4', false), 'A\\x4');
    assert.equal(decodeEscapes('\\u00e9\\U0001F600', false), 'é😀');
    assert.equal(decodeEscapes('\\U00110000', false), '\\U00110000', 'past the last code point');
    assert.equal(decodeEscapes('\\d\\8\\N{BULLET}', false), '\\d\\8\\N{BULLET}');
    assert.equal(decodeEscapes('a\\\nb\\\r\nc', false), 'abc', 'a backslash before a newline joins the lines');
    assert.equal(decodeEscapes('no escapes', false), 'no escapes');
  });

  it('reads f-strings: constant ones with {{ }} unescaped, ones with fields as interpolated source text', () => {
    assert.equal(value('f"a{{b}}"'), 'a{b}');
    assert.equal(value('rf"\\d{{1}}"'), '\\d{1}');
    assert.equal(value('t"x{{y}}"'), 'x{y}');
    const { s, text } = read('f"s3://{bucket}/k"');
    assert.equal(s?.interpolated, true);
    assert.equal(s?.exact, true);
    assert.equal(s?.value, 's3://{bucket}/k');
    assert.equal(text.slice(s!.range.start, s!.range.end), 's3://{bucket}/k');
    assert.equal(read('F"{a!r:>10}"').s?.interpolated, true);
  });

  it('reads triple-quoted literals across lines', () => {
    const { s, text } = read('"""one\n"two"\nthree"""');
    assert.equal(s?.value, 'one\n"two"\nthree');
    assert.equal(text.slice(s!.range.start, s!.range.end), s!.value);
    assert.equal(value("'''a\\\nb'''"), 'ab');
    assert.equal(value('rb"""x\\y"""'), 'x\\y');
  });

  it("joins implicit concatenations (comments between parts allowed), inexact, with the first part's quote", () => {
    const { s, text } = read('("a\\n" \'b\'  # c\n r"\\d")');
    assert.equal(s?.value, 'a\nb\\d');
    assert.equal(s?.exact, false);
    assert.equal(s?.quote, '"');
    assert.equal(text.slice(s!.range.start, s!.range.end), 'a\\n" \'b\'  # c\n r"\\d');
    const mixed = read('"s3://" f"{b}/k"');
    assert.equal(mixed.s?.interpolated, true);
    assert.equal(mixed.s?.value, 's3://" f"{b}/k', 'an interpolated concatenation is its source text');
  });

  it('reads nothing from unterminated literals or other nodes', () => {
    assert.equal(read('"abc').s, undefined);
    assert.equal(read("'''abc\n").s, undefined);
    assert.equal(read('"abc\ndef"').s, undefined, 'a one-line literal ends with its line');
    const text = 'x = name\n';
    const tree = pythonParser().parse(text);
    try {
      assert.equal(readString(tree.rootNode.descendantsOfType('identifier')[1]!, text), undefined);
    } finally {
      tree.delete();
    }
  });
});

describe('python/strings: stringLiteral', () => {
  it('escapes backslashes, line breaks, tabs and the chosen quote only', () => {
    assert.equal(stringLiteral('a"b\'c', '"'), '"a\\"b\'c"');
    assert.equal(stringLiteral('a"b\'c', "'"), "'a\"b\\'c'");
    assert.equal(stringLiteral('\\\n\r\t', '"'), '"\\\\\\n\\r\\t"');
  });

  it('round-trips through readString', () => {
    for (const v of ['plain', 'with "quotes" and \'single\'', 'c:\\path\\to', 'two\nlines\ttab', 'café 😀']) {
      for (const q of ['"', "'"]) assert.equal(value(stringLiteral(v, q)), v, `${q}${v}`);
    }
  });
});
