import { isTemplated } from '../util/template';
import { splitLines } from '../spark/parsers/conf';
import type { Setting, SettingsDocument } from './model';
import { trimEndIndex, isWhitespace } from '../text/lines';

/**
 * `airflow.cfg` as Python's configparser reads it: `[section]` headers, `key = value` or `key: value`,
 * `#`/`;` comment lines, continuation lines indented under a value (joined with line breaks, as configparser
 * does). Values are NOT unquoted: quotes written around a value are part of it (the classic mistake with
 * `transport = '{...}'`).
 */
export function parseAirflowCfg(text: string): SettingsDocument {
  const settings: Setting[] = [];
  const sections: { name: string; range: { start: number; end: number }; end: number }[] = [];
  const problems: { range: { start: number; end: number }; message: string }[] = [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let section: string | undefined;
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.text;
    if (/^\s*([#;].*)?$/.test(t)) continue;
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(t);
    if (header) {
      section = header[1]!.trim().toLowerCase();
      const s = line.start + t.indexOf('[') + 1;
      if (sections.length) sections[sections.length - 1]!.end = line.start;
      sections.push({ name: section, range: { start: s, end: s + header[1]!.length }, end: text.length });
      continue;
    }
    // An indented line that no option above continues is read as an option of its own.
    const indent = t.length - t.trimStart().length;
    const m = keyValue(t.slice(indent));
    if (!m) {
      problems.push({
        range: { start: line.start + indent, end: line.start + t.length },
        message: 'This line is neither `[section]` nor `key = value`; Airflow fails to read the file. Fix it or comment it out with `#`.',
      });
      continue;
    }
    const key = m[1]!;
    const keyStart = line.start + indent;
    const valueText = m[3]!.trimEnd();
    const vStart = line.start + t.length - m[3]!.length + (m[3]!.length - m[3]!.trimStart().length);
    let value = valueText.trimStart();
    // Continuation lines: indented lines below an option belong to its value (configparser joins them with a
    // line break, without their indentation). Blank lines inside are kept by configparser only when followed by
    // another indented line; comment lines are skipped.
    const parts: { start: number; text: string }[] = value ? [{ start: vStart, text: value }] : [];
    let last = i;
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j]!;
      if (/^\s*[#;]/.test(next.text)) continue;
      if (!/^\s+\S/.test(next.text)) break;
      const body = next.text.trim();
      parts.push({ start: next.start + next.text.indexOf(body), text: body });
      last = j;
    }
    let valueEnd = vStart + value.length;
    let exact = true;
    let valueAt: ((index: number) => number) | undefined;
    if (last > i) {
      const offsets: number[] = [];
      value = parts.map((p) => p.text).join('\n');
      parts.forEach((p, k) => {
        for (let c = 0; c < p.text.length; c++) offsets.push(p.start + c);
        if (k < parts.length - 1) offsets.push(p.start + p.text.length);
      });
      valueEnd = parts[parts.length - 1]!.start + parts[parts.length - 1]!.text.length;
      exact = text.slice(parts[0]!.start, valueEnd) === value;
      valueAt = (index) => offsets[index] ?? valueEnd;
      i = last;
    }
    const lastLine = lines[last]!;
    const spanEnd = lastLine.start + lastLine.text.length;
    if (!section) {
      problems.push({
        range: { start: keyStart, end: keyStart + key.length },
        message: `\`${key}\` is outside any section; put it under a \`[section]\` header (e.g. \`[openlineage]\`).`,
      });
      continue;
    }
    const valueStart = parts[0]?.start ?? vStart;
    settings.push({
      source: 'cfg',
      key,
      section,
      keyRange: { start: keyStart, end: keyStart + key.length },
      value,
      valueRange: { start: valueStart, end: value ? valueEnd : valueStart },
      valueExact: exact,
      ...(valueAt && !exact ? { valueAt } : {}),
      valueKind: isTemplated(value) ? 'template' : 'literal',
      span: { start: line.start, end: spanEnd },
      insertAfter: { offset: spanEnd, format: (k, v) => `${eol}${k} = ${v}` },
    });
  }
  const end = text.length;
  return {
    form: 'airflow-cfg',
    settings,
    sections,
    images: [],
    syntaxProblems: problems,
    append: { offset: end, format: (k, v) => `${end && !text.endsWith('\n') ? eol : ''}${k} = ${v}${eol}` },
  };
}

/** Where to add an option to `section` (after its last option, or after its header), or a new section at the end. */
export function insertInSection(
  doc: SettingsDocument,
  text: string,
  section: string,
  option: string,
  value: string,
): { offset: number; text: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const inSection = doc.settings.filter((s) => s.section === section);
  const last = inSection[inSection.length - 1];
  if (last) return { offset: last.insertAfter.offset, text: last.insertAfter.format(option, value) };
  const header = doc.sections.find((s) => s.name === section);
  if (header) {
    // Right after the header line (before its line break, so the break stays last).
    const lineEnd = text.indexOf('\n', header.range.end);
    const at = lineEnd < 0 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    return { offset: at, text: `${eol}${option} = ${value}` };
  }
  const sep = text.length && !text.endsWith('\n') ? eol : '';
  return { offset: text.length, text: `${sep}${eol}[${section}]${eol}${option} = ${value}${eol}` };
}

/**
 * `key = value` / `key: value`, as `/^([A-Za-z0-9_.-][^=:]*?)\s*([=:])\s?(.*)$/.exec(body)` read it, by hand:
 * that regex is quadratic on a long run of blanks before the separator.
 */
function keyValue(body: string): [string, string, string, string] | undefined {
  if (!/^[A-Za-z0-9_.-]/.test(body)) return undefined;
  let sep = 1;
  while (sep < body.length && body[sep] !== '=' && body[sep] !== ':') sep++;
  if (sep >= body.length) return undefined;
  const key = body.slice(0, Math.max(1, trimEndIndex(body, sep)));
  let rest = sep + 1;
  if (isWhitespace(body[rest])) rest++;
  const value = body.slice(rest);
  if (/[\n\r\u2028\u2029]/.test(value)) return undefined;
  return [body, key, body[sep]!, value];
}
