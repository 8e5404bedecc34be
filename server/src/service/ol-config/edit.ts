/**
 * Edits of `openlineage.yml` that keep the file's own layout: rename a key, replace a scalar, remove a key
 * with its value (whole lines), insert a key into a mapping (block or flow style) at the mapping's indentation.
 */
import type { OffsetEdit } from '../rules/rule';
import type { YamlMap, YamlNode, YamlPair, YamlScalar } from '../yaml/ast';

export function renameKey(pair: YamlPair, name: string): OffsetEdit {
  return { range: pair.key.range, newText: name };
}

/** Writes `value` as a YAML scalar in place of `node` (keeping the quotes it had). */
export function replaceScalar(node: YamlScalar, value: string): OffsetEdit {
  if (node.style === 'single' || node.style === 'double')
    return { range: node.range, newText: node.style === 'single' ? value.replace(/'/g, "''") : value.replace(/["\\]/g, '\\$&') };
  return { range: node.range, newText: yamlScalar(value) };
}

/** A plain scalar when YAML reads it back as the same string, else a double-quoted one. */
export function yamlScalar(value: string): string {
  if (/^[A-Za-z0-9_./@+-][A-Za-z0-9_./:@+ -]*$/.test(value) && !/[ :]$/.test(value) && !/: /.test(value)) return value;
  return JSON.stringify(value);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndWithBreak(text: string, offset: number): number {
  const n = text.indexOf('\n', offset);
  return n < 0 ? text.length : n + 1;
}

function lineEnd(text: string, offset: number): number {
  const n = text.indexOf('\n', offset);
  if (n < 0) return text.length;
  return text[n - 1] === '\r' ? n - 1 : n;
}

export function endOf(pair: YamlPair): number {
  return pair.value && pair.value.range.end > pair.key.range.end ? pair.value.range.end : pair.key.range.end;
}

/**
 * Removes a key and its value: the whole lines they occupy in a block mapping. Undefined in flow mappings
 * and where the key does not start its line (a `- key:` list item).
 */
export function removePair(text: string, map: YamlMap, pair: YamlPair): OffsetEdit | undefined {
  if (map.flow) return undefined;
  const start = lineStart(text, pair.key.range.start);
  const before = text.slice(start, pair.key.range.start);
  // Quoted keys start one character before their range.
  if (!/^[ \t]*["']?$/.test(before)) return undefined;
  return { range: { start, end: lineEndWithBreak(text, endOf(pair)) }, newText: '' };
}

/** The column of a mapping's keys (block style). */
function indentOf(text: string, map: YamlMap): string {
  const first = map.pairs[0];
  if (!first) return '';
  const start = lineStart(text, first.key.range.start);
  const before = text.slice(start, first.key.range.start).replace(/["']$/, '');
  return /^[ \t]*$/.test(before) ? before : ' '.repeat(before.length);
}

/**
 * Inserts `key: value` as the last entry of `map`. `value` is one line, or several lines (a nested block)
 * written without indentation, which get the mapping's indentation plus two spaces.
 */
export function insertPair(text: string, map: YamlMap, key: string, value: string | readonly string[]): OffsetEdit | undefined {
  const last = map.pairs[map.pairs.length - 1];
  if (!last) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (map.flow) {
    const inline = typeof value === 'string' ? value : `{${value.map((l) => l.replace(/^(\S[^:]*):\s*/, '$1: ')).join(', ')}}`;
    const at = endOf(last) + (closingQuote(text, last) ? 1 : 0);
    return { range: { start: at, end: at }, newText: `, ${key}: ${inline}` };
  }
  const indent = indentOf(text, map);
  const at = lineEnd(text, endOf(last) + (closingQuote(text, last) ? 1 : 0));
  const body = typeof value === 'string' ? ` ${value}` : value.map((l) => `${eol}${indent}  ${l}`).join('');
  return { range: { start: at, end: at }, newText: `${eol}${indent}${key}:${body}` };
}

function closingQuote(text: string, pair: YamlPair): boolean {
  const node: YamlNode = pair.value ?? pair.key;
  return node.kind === 'scalar' && (node.style === 'single' || node.style === 'double') && /["']/.test(text[node.range.end] ?? '');
}
