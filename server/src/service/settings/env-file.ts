import { isTemplated } from '../util/template';
import { splitLines } from '../spark/parsers/conf';
import type { Setting, SettingsDocument } from './model';

/**
 * `.env` files as docker compose (and so the Astro CLI) reads them: `KEY=VALUE` lines, optional `export`,
 * `#` comments, values optionally wrapped in single or double quotes (removed), inline ` #` comments after
 * unquoted values.
 */
export function parseEnvFile(text: string): SettingsDocument {
  const settings: Setting[] = [];
  const problems: { range: { start: number; end: number }; message: string }[] = [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  for (const line of splitLines(text)) {
    const m = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_.]*)(\s*)(=?)(.*)$/.exec(line.text);
    if (!m || /^\s*(#|$)/.test(line.text)) {
      if (line.text.trim() && !/^\s*#/.test(line.text)) problems.push({ range: { start: line.start, end: line.start + line.text.length }, message: 'This line is not `NAME=value`; docker compose rejects the file. Fix or comment it out with `#`.' });
      continue;
    }
    const keyStart = line.start + m[1]!.length + (m[2]?.length ?? 0);
    const key = m[3]!;
    if (!m[5]) {
      problems.push({ range: { start: keyStart, end: keyStart + key.length }, message: `\`${key}\` has no \`=\`: write \`${key}=value\`.` });
      continue;
    }
    const rawStart = keyStart + key.length + m[4]!.length + 1;
    const raw = m[6]!;
    const lead = raw.length - raw.trimStart().length;
    let body = raw.trimStart();
    let value: string;
    let vStart = rawStart + lead;
    let exact = true;
    const q = body[0];
    if ((q === '"' || q === "'") && body.indexOf(q, 1) > 0) {
      const close = body.indexOf(q, 1);
      value = body.slice(1, close);
      vStart += 1;
      if (q === '"' && value.includes('\\')) {
        exact = false;
        value = value.replace(/\\([\\"nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
      }
      body = value;
    } else {
      body = body.replace(/\s+#.*$/, '').trimEnd();
      value = body;
    }
    const valueEnd = vStart + (exact ? value.length : body.length);
    settings.push({
      source: 'env',
      key,
      keyRange: { start: keyStart, end: keyStart + key.length },
      value,
      valueRange: { start: vStart, end: valueEnd },
      valueExact: exact,
      valueKind: isTemplated(value) ? 'template' : 'literal',
      span: { start: line.start, end: line.start + line.text.length },
      insertAfter: { offset: line.start + line.text.length, format: (k, v) => `${eol}${k}=${v}` },
    });
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
