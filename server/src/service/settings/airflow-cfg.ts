import { isTemplated } from '../util/template';
import { splitLines } from '../spark/parsers/conf';
import type { Setting, SettingsDocument } from './model';

/**
 * `airflow.cfg` as Python's configparser reads it: `[section]` headers, `key = value` or `key: value`,
 * `#`/`;` comment lines, continuation lines indented under a value. Values are NOT unquoted: quotes written
 * around a value are part of it (the classic mistake with `transport = '{...}'`).
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
    const m = /^([A-Za-z0-9_.-][^=:]*?)\s*([=:])\s?(.*)$/.exec(t);
    if (!m || /^\s/.test(t)) {
      if (/^\s/.test(t) && settings.length) continue; // continuation line of the previous value
      problems.push({ range: { start: line.start, end: line.start + t.length }, message: 'This line is neither `[section]` nor `key = value`; Airflow fails to read the file. Fix it or comment it out with `#`.' });
      continue;
    }
    const key = m[1]!;
    const valueText = m[3]!.replace(/\s+$/, '');
    const vStart = line.start + t.length - m[3]!.length + (m[3]!.length - m[3]!.trimStart().length);
    const value = valueText.trimStart();
    if (!section) {
      problems.push({ range: { start: line.start, end: line.start + key.length }, message: `\`${key}\` is outside any section; put it under a \`[section]\` header (e.g. \`[openlineage]\`).` });
      continue;
    }
    settings.push({
      source: 'cfg',
      key,
      section,
      keyRange: { start: line.start, end: line.start + key.length },
      value,
      valueRange: { start: vStart, end: vStart + value.length },
      valueExact: true,
      valueKind: isTemplated(value) ? 'template' : 'literal',
      span: { start: line.start, end: line.start + t.length },
      insertAfter: { offset: line.start + t.length, format: (k, v) => `${eol}${k} = ${v}` },
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
export function insertInSection(doc: SettingsDocument, text: string, section: string, option: string, value: string): { offset: number; text: string } {
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
