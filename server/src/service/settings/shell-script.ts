/**
 * Environment variables a shell script gives the programs it starts: `export K=V` (and `export K1=V1 K2=V2`),
 * `declare -x K=V`, assignments before a command (`K=V airflow scheduler`) and `env K=V cmd`. Plain
 * assignments (`K=V` alone) are shell variables, not environment, unless the script also `export`s the name.
 * Words are read by the shared tokenizer (text/shell.ts), so quotes and escapes map back to exact ranges.
 */
import { tokenizeShell, type ShellWord } from '../text/shell';
import { isTemplated } from '../util/template';
import type { Setting, SettingsDocument } from './model';

/** A cheap test before parsing: only scripts that mention a lineage or Airflow variable are read. */
export const SHELL_RELEVANT = /OPENLINEAGE|AIRFLOW__|AIRFLOW_CONN_|MARQUEZ_/;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words that may open a line before the command itself (`then export …`, `{ export …`). */
const LEADERS = new Set(['then', 'do', 'else', '{', '!', 'time', 'elif', 'if', 'while', 'until']);

export function parseShellScript(text: string): SettingsDocument {
  const settings: Setting[] = [];
  const parsed = tokenizeShell(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // Names a later (or earlier) bare `export NAME` puts into the environment.
  const exported = new Set<string>();
  const plain: { word: ShellWord; eq: number; end: number }[] = [];
  for (const cmd of parsed.commands) {
    let words = cmd.words;
    while (words.length && LEADERS.has(words[0]!.text) && !words[0]!.quoted) words = words.slice(1);
    if (!words.length) continue;
    const head = words[0]!.text;
    const end = words[words.length - 1]!.end;
    if ((head === 'export' || head === 'declare' || head === 'typeset') && !words[0]!.quoted) {
      const args = words.slice(1).filter((w) => !/^-/.test(w.text));
      if (head !== 'export' && !words.some((w) => /^-\w*x/.test(w.text))) continue;
      for (const w of args) {
        const eq = w.text.indexOf('=');
        if (eq < 0) {
          if (NAME.test(w.text)) exported.add(w.text);
          continue;
        }
        const s = assignment(text, w, eq, end, eol);
        if (s) settings.push(s);
      }
      continue;
    }
    // `env [-i] K=V … cmd`, or `K=V … cmd`: assignments up to the first word that is not one.
    let i = head === 'env' && !words[0]!.quoted ? 1 : 0;
    while (i < words.length && /^-/.test(words[i]!.text) && head === 'env') i++;
    const first = i;
    while (i < words.length && isAssignment(words[i]!)) i++;
    if (i === first) continue;
    const hasCommand = i < words.length || head === 'env';
    for (const w of words.slice(first, i)) {
      if (hasCommand) {
        const s = assignment(text, w, w.text.indexOf('='), end, eol);
        if (s) settings.push(s);
      } else {
        plain.push({ word: w, eq: w.text.indexOf('='), end });
      }
    }
  }
  for (const p of plain) {
    if (!exported.has(p.word.text.slice(0, p.eq))) continue;
    const s = assignment(text, p.word, p.eq, p.end, eol);
    if (s) settings.push(s);
  }
  settings.sort((a, b) => a.span.start - b.span.start);
  return { form: 'shell-script', settings, sections: [], images: [], syntaxProblems: [] };
}

function isAssignment(w: ShellWord): boolean {
  const eq = w.text.indexOf('=');
  // The name must be written unquoted: `"A=b"` is a command word, not an assignment.
  return eq > 0 && NAME.test(w.text.slice(0, eq)) && w.offsets[eq - 1] === w.start + eq - 1;
}

/** The setting for an assignment word `NAME=value`, with ranges mapped through the word's offsets. */
function assignment(text: string, w: ShellWord, eq: number, commandEnd: number, eol: string): Setting | undefined {
  const key = w.text.slice(0, eq);
  if (!NAME.test(key)) return undefined;
  const value = w.text.slice(eq + 1);
  const offs = w.offsets.slice(eq + 1);
  const keyStart = w.offsets[0] ?? w.start;
  let valueRange: { start: number; end: number };
  let exact = true;
  if (!offs.length) {
    // `K=` or `K=""`: an empty value, placed after the `=` (inside the quotes when quoted).
    const at = (w.offsets[eq] ?? w.start) + 1;
    const inside = text[at] === '"' || text[at] === "'" ? at + 1 : at;
    valueRange = { start: inside, end: inside };
  } else {
    valueRange = { start: offs[0]!, end: offs[offs.length - 1]! + 1 };
    exact = offs.every((o, k) => o === offs[0]! + k);
  }
  const lineEnd = (() => {
    const n = text.indexOf('\n', commandEnd);
    return n < 0 ? text.length : text[n - 1] === '\r' ? n - 1 : n;
  })();
  return {
    source: 'env',
    key,
    keyRange: { start: keyStart, end: keyStart + key.length },
    value,
    valueRange,
    valueExact: exact,
    ...(!exact ? { valueAt: (index: number) => offs[index] ?? valueRange.end } : {}),
    valueKind: isTemplated(value) ? 'template' : 'literal',
    span: { start: w.start, end: w.end },
    insertAfter: { offset: lineEnd, format: (k, v) => `${eol}export ${k}=${shellValue(v)}` },
  };
}

function shellValue(v: string): string {
  return /^[A-Za-z0-9_.,:/=@%+-]*$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
