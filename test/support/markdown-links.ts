/**
 * Markdown links for tests: what a hover or completion documentation would render as a link. Document text is
 * quoted in code spans or escaped (common/markdown.ts), so only our own https:// documentation
 * links may come out; used by the unit tests of the hovers and by the service fuzz surface.
 */

/** Markdown outside code spans and backslash escapes (CommonMark: a run of n backticks is closed by the next run of exactly n). */
export function outsideCode(md: string): string {
  let out = '';
  let i = 0;
  while (i < md.length) {
    const c = md[i]!;
    if (c === '\\' && /[!-/:-@[-`{-~]/.test(md[i + 1] ?? '')) {
      out += '  ';
      i += 2;
      continue;
    }
    if (c !== '`') {
      out += c;
      i++;
      continue;
    }
    let n = 0;
    while (md[i + n] === '`') n++;
    let j = i + n;
    let close = -1;
    while (j < md.length) {
      if (md[j] !== '`') {
        j++;
        continue;
      }
      let m = 0;
      while (md[j + m] === '`') m++;
      if (m === n) {
        close = j;
        break;
      }
      j += m;
    }
    out += close < 0 ? md.slice(i, i + n) : ' ';
    i = close < 0 ? i + n : close + n;
  }
  return out;
}

/** Link targets (inline links, autolinks, link reference definitions) that are not https:// documentation links. */
export function foreignLinks(md: string): string[] {
  const text = outsideCode(md);
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]*)/g)].map((m) => m[1]!),
    ...[...text.matchAll(/<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>/g)].map((m) => m[1]!),
    ...[...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!),
  ];
  return targets.filter((t) => !t.startsWith('https://'));
}
