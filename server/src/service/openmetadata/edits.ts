/** Edits of `[lineage]` settings in the file's own syntax (airflow.cfg, .env, Dockerfile, docker-compose). */
import type { OffsetEdit } from '../rules/rule';
import { keyFor, type LineageSetting, type LineageView } from './config';

/** Replaces a setting's value. Values whose text is not the value itself (YAML-quoted, escaped) are rewritten whole. */
export function replaceValue(view: LineageView, s: LineageSetting, value: string): OffsetEdit {
  const { setting } = s;
  // `key =` in airflow.cfg: write `key = value`, not `key =value`.
  if (view.doc.form === 'airflow-cfg' && !setting.value && /[=:]$/.test(view.text.slice(0, setting.valueRange.start))) {
    return { range: setting.valueRange, newText: ` ${value}` };
  }
  if (!setting.valueExact && view.doc.form === 'compose' && /^["']/.test(view.text.slice(setting.valueRange.start))) {
    return { range: setting.valueRange, newText: JSON.stringify(value) };
  }
  return { range: setting.valueRange, newText: value };
}

/** Appends text to a value (an insertion at its end when the value is written as is). */
export function appendToValue(view: LineageView, s: LineageSetting, suffix: string): OffsetEdit {
  const { setting } = s;
  if (setting.valueExact) return { range: { start: setting.valueRange.end, end: setting.valueRange.end }, newText: suffix };
  return replaceValue(view, s, setting.value + suffix);
}

/** Replaces a setting's key with the one of `option`, in the same syntax. */
export function replaceKey(view: LineageView, s: LineageSetting, option: string): OffsetEdit {
  return { range: s.setting.keyRange, newText: keyFor(view, option) };
}

/**
 * Deletes a setting with its whole line (and line break) when nothing else is on that line; undefined when
 * the line holds other settings too (`ENV A=1 B=2`).
 */
export function removeSetting(view: LineageView, s: LineageSetting): OffsetEdit | undefined {
  const { text } = view;
  const span = s.setting.span;
  if (view.doc.settings.some((o) => o !== s.setting && o.span.start < span.end && span.start < o.span.end)) return undefined;
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  let lineEnd = text.indexOf('\n', span.end);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, span.start);
  const after = text.slice(span.end, lineEnd).replace(/\r$/, '');
  if (/^[\s-]*$/.test(before) && /^\s*$/.test(after)) {
    return { range: { start: lineStart, end: Math.min(text.length, lineEnd + 1) }, newText: '' };
  }
  return { range: span, newText: '' };
}

/** Adds `option = value` to the document's `[lineage]` options: right under the cfg header, or after the last one. */
export function addOption(view: LineageView, option: string, value: string): OffsetEdit | undefined {
  const { text } = view;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (view.doc.form === 'airflow-cfg' && view.header) {
    const lineEnd = text.indexOf('\n', view.header.end);
    const at = lineEnd < 0 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    return { range: { start: at, end: at }, newText: `${eol}${option} = ${value}` };
  }
  const last = view.settings[view.settings.length - 1];
  if (!last) return undefined;
  const at = last.setting.insertAfter;
  return { range: { start: at.offset, end: at.offset }, newText: at.format(keyFor(view, option), value) };
}
