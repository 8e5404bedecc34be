import { splitLines } from '../spark/parsers/conf';
import { tokenizeShell } from '../text/shell';
import { envSetting, type Setting, type SettingsDocument } from './model';

/**
 * Dockerfile `ENV` instructions (`ENV K=V K2="V 2"` and the legacy `ENV K V`, with `\` continuations) and
 * `FROM` images. Docker removes the quotes around `ENV` values, as a shell would.
 */
export function parseDockerfile(text: string): SettingsDocument {
  const settings: Setting[] = [];
  const images: { image: string; range: { start: number; end: number } }[] = [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = /^(\s*)(ENV|FROM)\s+/i.exec(line.text);
    if (!m) continue;
    // Gather continuation lines.
    let last = i;
    while (/\\\s*$/.test(lines[last]!.text) && last + 1 < lines.length) last++;
    const start = line.start + m[0].length;
    const end = lines[last]!.start + lines[last]!.text.length;
    const body = text.slice(start, end);
    if (m[2]!.toUpperCase() === 'FROM') {
      const img = /^(?:--platform=\S+\s+)?(\S+)/.exec(body);
      if (img) {
        const at = start + body.indexOf(img[1]!);
        images.push({ image: img[1]!, range: { start: at, end: at + img[1]!.length } });
      }
      i = last;
      continue;
    }
    const words = tokenizeShell(body.replace(/\r/g, ' ')).commands.flatMap((c) => c.words);
    const legacy = words.length >= 1 && !words[0]!.text.includes('=');
    if (legacy) {
      // ENV KEY value with spaces: the value is the rest of the instruction, unquoted by Docker.
      const k = words[0]!;
      const rest = words.slice(1);
      if (rest.length) {
        const vStart = start + rest[0]!.start;
        const vEnd = start + rest[rest.length - 1]!.end;
        const value = rest.map((w) => w.text).join(' ');
        settings.push(makeSetting(k.text, start + k.start, value, vStart, vEnd, value === text.slice(vStart, vEnd), line.start, end, eol));
      }
    } else {
      for (const w of words) {
        const eq = w.text.indexOf('=');
        if (eq <= 0) continue;
        const key = w.text.slice(0, eq);
        const value = w.text.slice(eq + 1);
        const offs = w.offsets;
        const vStart = start + (offs[eq + 1] ?? w.end);
        const vEnd = offs.length > eq + 1 ? start + offs[offs.length - 1]! + 1 : vStart;
        const at = (index: number) => start + (offs[eq + 1 + index] ?? offs[offs.length - 1]! + 1);
        settings.push(
          makeSetting(key, start + offs[0]!, value, vStart, vEnd, text.slice(vStart, vEnd) === value, line.start, end, eol, at),
        );
      }
    }
    i = last;
  }
  return { form: 'dockerfile', settings, sections: [], images, syntaxProblems: [] };
}

function makeSetting(
  key: string,
  keyStart: number,
  value: string,
  vStart: number,
  vEnd: number,
  exact: boolean,
  lineStart: number,
  end: number,
  eol: string,
  valueAt?: (index: number) => number,
): Setting {
  return envSetting({
    key,
    keyStart,
    value,
    valueRange: { start: vStart, end: vEnd },
    valueExact: exact,
    ...(valueAt ? { valueAt } : {}),
    span: { start: lineStart, end },
    format: (k, v) => `${eol}ENV ${k}=${/[\s"'$\\]/.test(v) ? `'${v.replace(/'/g, `'\\''`)}'` : v}`,
  });
}
