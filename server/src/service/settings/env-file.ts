import { envSetting, type Setting, type SettingsDocument } from './model';
import { stripHashComment } from '../text/lines';

/**
 * `.env` files as docker compose (and so the Astro CLI) reads them: `KEY=VALUE` lines, optional `export`,
 * `#` comments, values optionally wrapped in single or double quotes (removed; a quoted value may span lines,
 * as a multi-line JSON value does), `\`-escapes inside double quotes, inline ` #` comments after unquoted values.
 */
export function parseEnvFile(text: string): SettingsDocument {
  const settings: Setting[] = [];
  const problems: { range: { start: number; end: number }; message: string }[] = [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let pos = 0;
  while (pos <= text.length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = text.length;
    const lineText = text.slice(pos, text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd);
    const lineStart = pos;
    pos = lineEnd + 1;
    if (/^\s*(#|$)/.test(lineText)) {
      if (lineEnd >= text.length) break;
      continue;
    }
    const m = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)(\s*)(=?)/.exec(lineText);
    if (!m) {
      problems.push({
        range: { start: lineStart, end: lineStart + lineText.length },
        message: 'This line is not `NAME=value`; docker compose rejects the file. Fix it or comment it out with `#`.',
      });
      continue;
    }
    const keyStart = lineStart + m[1]!.length + (m[2]?.length ?? 0);
    const key = m[3]!;
    if (!m[5]) {
      problems.push({
        range: { start: keyStart, end: keyStart + key.length },
        message: `\`${key}\` has no \`=\`: write \`${key}=value\`.`,
      });
      continue;
    }
    const rawStart = lineStart + m[0].length;
    let at = rawStart;
    while (text[at] === ' ' || text[at] === '\t') at++;
    const q = text[at];
    let value: string;
    let vStart = at;
    let vEnd: number;
    let exact = true;
    let offsets: number[] | undefined;
    let spanEnd = lineStart + lineText.length;
    if (q === '"' || q === "'") {
      // A quoted value: up to the matching (unescaped) quote, possibly on a later line.
      vStart = at + 1;
      let i = vStart;
      const chars: string[] = [];
      const offs: number[] = [];
      let closed = false;
      while (i < text.length) {
        const c = text[i]!;
        if (c === q) {
          closed = true;
          break;
        }
        if (q === '"' && c === '\\' && i + 1 < text.length) {
          const n = text[i + 1]!;
          const mapped = n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n === '"' || n === '\\' || n === '$' ? n : undefined;
          if (mapped !== undefined) {
            chars.push(mapped);
            offs.push(i + 1);
            exact = false;
            i += 2;
            continue;
          }
        }
        chars.push(c);
        offs.push(i);
        i++;
      }
      if (!closed) {
        problems.push({
          range: { start: at, end: at + 1 },
          message: `This ${q === '"' ? 'double' : 'single'} quote is never closed, so the value runs to the end of the file; docker compose rejects it. Close the quote.`,
        });
        value = text.slice(vStart, lineStart + lineText.length);
        vEnd = vStart + value.length;
      } else {
        value = chars.join('');
        vEnd = i;
        if (!exact) offsets = offs;
        // The setting ends on the line of the closing quote; following lines are read as new settings.
        let close = text.indexOf('\n', i);
        if (close < 0) close = text.length;
        spanEnd = text[close - 1] === '\r' ? close - 1 : close;
        pos = close + 1;
      }
    } else {
      const raw = lineText.slice(at - lineStart);
      const body = stripHashComment(raw).trimEnd();
      value = body;
      vEnd = vStart + body.length;
    }
    settings.push(
      envSetting({
        key,
        keyStart,
        value,
        valueRange: { start: vStart, end: vEnd },
        valueExact: exact,
        ...(offsets ? { valueAt: (index: number) => offsets![index] ?? vEnd } : {}),
        span: { start: lineStart, end: spanEnd },
        format: (k, v) => `${eol}${k}=${v}`,
      }),
    );
    if (pos > text.length) break;
  }
  const end = text.length;
  return {
    form: 'env-file',
    settings,
    sections: [],
    images: [],
    syntaxProblems: problems,
    append: { offset: end, format: (k, v) => `${end && !text.endsWith('\n') ? eol : ''}${k}=${v}${eol}` },
  };
}
