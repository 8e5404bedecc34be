/**
 * Edits of Great Expectations YAML that keep the file's own style: its indentation, its line breaks, block or
 * flow mappings, quoting.
 */
import type { OffsetEdit } from '../rules/rule';
import type { OffsetRange } from '../text/model';
import type { YamlMap, YamlNode, YamlPair, YamlScalar, YamlSeq } from '../yaml/ast';
import { trimEndChars, trimEndIndex } from '../text/lines';

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset of the end of the line holding `offset` (before `\r\n` or `\n`). */
export function lineEnd(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Where a node's text really ends: after the closing quote of a quoted scalar. */
export function nodeEnd(text: string, node: YamlNode): number {
  if (node.kind === 'scalar' && (node.style === 'single' || node.style === 'double')) {
    const q = node.style === 'single' ? "'" : '"';
    const at = text.indexOf(q, node.range.end);
    return at >= 0 ? at + 1 : node.range.end;
  }
  return node.range.end;
}

/** The end of a pair's text (its value's end, or its key's when it has no value). */
export function pairEnd(text: string, p: YamlPair): number {
  return p.value ? nodeEnd(text, p.value) : p.key.range.end;
}

/** The trailing comma (and blanks before it) of a plain scalar, e.g. `, ` in `http://localhost:5000,`. */
export function trailingCommaRange(text: string, s: YamlScalar): OffsetRange | undefined {
  if (s.style !== 'plain') return undefined;
  const raw = text.slice(s.range.start, s.range.end);
  // `/\s*,+\s*$/` by hand: that regex is quadratic on long runs of blanks.
  const afterCommas = trimEndIndex(raw);
  const commas = trimEndChars(raw.slice(0, afterCommas), ',').length;
  if (commas === afterCommas) return undefined;
  const index = trimEndIndex(raw, commas);
  if (index === 0) return undefined;
  return { start: s.range.start + index, end: s.range.end };
}

/** Inserts `key: value` after `after` in `map` (a new line at the same indentation, or `, key: value` in a flow map). */
export function insertPairAfter(text: string, map: YamlMap, after: YamlPair, key: string, value: string): OffsetEdit {
  const end = pairEnd(text, after);
  if (map.flow) return { range: { start: end, end }, newText: `, ${key}: ${value}` };
  const at = lineEnd(text, end);
  return { range: { start: at, end: at }, newText: `${eolOf(text)}${' '.repeat(column(text, after.key.range.start))}${key}: ${value}` };
}

/** Deletes a block pair's lines, line break included (undefined for flow mappings, where a line is not a pair). */
export function deletePairLines(text: string, map: YamlMap, p: YamlPair): OffsetEdit | undefined {
  if (map.flow) return undefined;
  const start = lineStart(text, p.key.range.start);
  if (text.slice(start, p.key.range.start).trim() !== '') return undefined;
  const end = lineEnd(text, pairEnd(text, p));
  const next = text.startsWith('\r\n', end) ? end + 2 : text[end] === '\n' ? end + 1 : end;
  return { range: { start, end: next }, newText: '' };
}

/**
 * Appends an item to a block sequence, indented like its other items. `lines` are the item's lines with
 * their indentation relative to the item (two spaces a level); they are re-indented to the file's step.
 */
export function appendSeqItem(text: string, seq: YamlSeq, lines: readonly string[]): OffsetEdit | undefined {
  if (seq.flow || !seq.items.length || text[seq.range.start] !== '-') return undefined;
  const dashCol = column(text, seq.range.start);
  const first = seq.items[0]!;
  const itemCol = first.kind === 'map' || first.kind === 'scalar' ? column(text, first.range.start) : dashCol + 2;
  const step = Math.max(2, itemCol - dashCol);
  const eol = eolOf(text);
  const last = seq.items[seq.items.length - 1]!;
  const at = lineEnd(text, nodeEnd(text, last));
  const reindent = (line: string) => {
    const lead = line.length - line.trimStart().length;
    return ' '.repeat((lead / 2) * step) + line.trimStart();
  };
  const body = lines.map((l, i) =>
    i === 0 ? `${' '.repeat(dashCol)}-${' '.repeat(step - 1)}${reindent(l)}` : `${' '.repeat(dashCol + step)}${reindent(l)}`,
  );
  return { range: { start: at, end: at }, newText: eol + body.join(eol) };
}
