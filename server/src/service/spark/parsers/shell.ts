import { isTemplated } from '../../util/template';
import type { ArtifactRef, ConfEntry, ConfScope, EntryInsertion, SparkDocument, SyntaxProblem } from '../model';
import { lineIndex } from '../../util/search';
import { splitLines } from './conf';
import { isWhitespace } from '../../util/text';

/** A shell word with its unquoted text and, per character, the source offset it came from. */
export interface ShellWord {
  readonly text: string;
  readonly offsets: readonly number[];
  readonly start: number;
  readonly end: number;
  /** True when any part of the word was quoted. */
  readonly quoted: boolean;
}

/** A simple command: its words, in order. */
export interface ShellCommand {
  readonly words: readonly ShellWord[];
}

export interface ShellParse {
  readonly commands: readonly ShellCommand[];
  /** Bodies of here-documents (`<<EOF ... EOF`), which hold the files init scripts write. */
  readonly heredocs: readonly { start: number; end: number }[];
  readonly problems: readonly SyntaxProblem[];
}

/**
 * A small POSIX-shell tokenizer: enough to read `spark-submit` invocations with quotes, escapes and line
 * continuations, and to find here-documents. It never throws; unterminated quotes become problems.
 */
export function tokenizeShell(text: string): ShellParse {
  const commands: ShellCommand[] = [];
  const heredocs: { start: number; end: number }[] = [];
  const problems: SyntaxProblem[] = [];
  let words: ShellWord[] = [];
  const pendingHeredocs: { delim: string; stripTabs: boolean }[] = [];
  let i = 0;
  const n = text.length;

  const endCommand = () => {
    if (words.length) commands.push({ words });
    words = [];
  };

  // Every iteration must consume at least one character; `before` (checked at the top) enforces it.
  let before = -1;
  while (i < n) {
    if (i === before) i++; // defensive: no branch below may leave `i` where it was
    if (i >= n) break;
    before = i;
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n') { i += 2; continue; }
    if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') { i += 3; continue; }
    // One definition of whitespace for this loop and the word loop below (NBSP, U+2028, \f, BOM, ... too):
    // a character the word loop stops at must be skipped here, or no word would ever consume it.
    if (c !== '\n' && isWhitespace(c)) { i++; continue; }
    if (c === '\n') {
      endCommand();
      i++;
      // Here-document bodies start after the newline that ends the command introducing them.
      for (const h of pendingHeredocs.splice(0)) {
        const bodyStart = i;
        let lineStart = i;
        let found = false;
        while (lineStart < n) {
          let lineEnd = text.indexOf('\n', lineStart);
          if (lineEnd < 0) lineEnd = n;
          const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
          if ((h.stripTabs ? line.replace(/^\t+/, '') : line) === h.delim) {
            heredocs.push({ start: bodyStart, end: lineStart });
            i = Math.min(n, lineEnd + 1);
            found = true;
            break;
          }
          lineStart = lineEnd + 1;
        }
        if (!found) {
          heredocs.push({ start: bodyStart, end: n });
          problems.push({ range: { start: bodyStart, end: bodyStart }, message: `The here-document is not closed: add a line \`${h.delim}\` after its last line.` });
          i = n;
        }
      }
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      endCommand();
      i++;
      continue;
    }
    if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      // Here-document operator: <<DELIM, <<'DELIM', <<"DELIM", <<-DELIM.
      let j = i + 2;
      const stripTabs = text[j] === '-';
      if (stripTabs) j++;
      while (text[j] === ' ' || text[j] === '\t') j++;
      const m = /^(['"]?)([A-Za-z0-9_.-]+)\1/.exec(text.slice(j, j + 100));
      if (m) {
        pendingHeredocs.push({ delim: m[2]!, stripTabs });
        i = j + m[0].length;
        continue;
      }
    }
    // A word.
    let wordText = '';
    const offsets: number[] = [];
    let quoted = false;
    const start = i;
    while (i < n) {
      const ch = text[i]!;
      if (isWhitespace(ch) || ch === ';' || ch === '|' || ch === '&' || ch === '(' || ch === ')') break;
      if (ch === '\\') {
        if (text[i + 1] === '\n') { i += 2; continue; }
        if (i + 1 < n) { wordText += text[i + 1]; offsets.push(i + 1); i += 2; continue; }
        i++;
        continue;
      }
      if (ch === "'") {
        quoted = true;
        const close = text.indexOf("'", i + 1);
        const stop = close < 0 ? n : close;
        if (close < 0) problems.push({ range: { start: i, end: i + 1 }, message: 'This single quote is never closed; add the closing `\'`.' });
        for (let k = i + 1; k < stop; k++) { wordText += text[k]; offsets.push(k); }
        i = stop + 1;
        continue;
      }
      if (ch === '"') {
        quoted = true;
        let k = i + 1;
        while (k < n && text[k] !== '"') {
          if (text[k] === '\\' && /["\\$`\n]/.test(text[k + 1] ?? '')) {
            if (text[k + 1] !== '\n') { wordText += text[k + 1]; offsets.push(k + 1); }
            k += 2;
            continue;
          }
          wordText += text[k];
          offsets.push(k);
          k++;
        }
        if (k >= n) problems.push({ range: { start: i, end: i + 1 }, message: 'This double quote is never closed; add the closing `"`.' });
        i = k + 1;
        continue;
      }
      wordText += ch;
      offsets.push(i);
      i++;
    }
    if (i === start) continue; // nothing consumed (cannot happen): the guard at the top advances
    words.push({ text: wordText, offsets, start, end: Math.min(i, n), quoted });
  }
  endCommand();
  return { commands, heredocs, problems };
}

const SPARK_LAUNCHERS = /(^|\/)(spark-submit|spark-shell|pyspark|spark-sql)$/;
const INIT_SCRIPT_MARKERS = /\/databricks\/driver\/conf|\/mnt\/driver-daemon\/jars|DB_IS_DRIVER|\/databricks\/jars/;
const OL_JAR = /openlineage-spark[^\s/'"]*\.jar/g;

/** Shell files that launch Spark or install the listener on Databricks. */
export function looksLikeSparkShell(text: string): boolean {
  return /(^|[\s/])(spark-submit|spark-shell|pyspark)\b/m.test(text) || INIT_SCRIPT_MARKERS.test(text);
}

/**
 * Finds Spark settings in a shell script: each `spark-submit`/`spark-shell`/`pyspark` invocation is one
 * scope (`--conf k=v`, `--conf=k=v`, `-c k=v`, `--packages`, `--jars`); in Databricks init scripts, each
 * driver conf block written by a here-document (`"spark.x" = "v"`) is one scope and each
 * `openlineage-spark*.jar` mentioned is an artifact.
 */
export function parseSparkShell(text: string): SparkDocument | undefined {
  const parsed = tokenizeShell(text);
  const scopes: ConfScope[] = [];
  const initScript = INIT_SCRIPT_MARKERS.test(text);

  const lines = splitLines(text);
  const lineOf = lineIndex(text);
  for (const cmd of parsed.commands) {
    const launcherIdx = cmd.words.findIndex((w) => SPARK_LAUNCHERS.test(w.text));
    if (launcherIdx < 0) continue;
    scopes.push(submitScope(text, cmd.words.slice(launcherIdx), (offset) => lines[lineOf(offset)]!));
  }

  for (const body of parsed.heredocs) scopes.push(...hoconScopes(text, body.start, body.end));

  if (initScript) {
    // Jar references anywhere in the script (cp/wget/curl lines) belong to the first driver-conf scope.
    const jars: ArtifactRef[] = [];
    for (const m of text.matchAll(OL_JAR)) jars.push({ kind: 'jar', text: m[0], range: { start: m.index!, end: m.index! + m[0].length } });
    if (jars.length) {
      if (scopes.length) {
        const first = scopes[0]!;
        scopes[0] = { ...first, artifacts: [...first.artifacts, ...jars] };
      } else {
        scopes.push({ entries: [], artifacts: jars, anchor: jars[0]!.range, label: 'this init script' });
      }
    }
  }

  if (!scopes.length) return undefined;
  return { form: initScript ? 'databricks-init' : 'spark-submit', scopes, databricks: initScript || /\{\{secrets\/|DATABRICKS_/.test(text), syntaxProblems: parsed.problems };
}

/** One `spark-submit` invocation; `lineOf` gives the line holding an offset (shared by all invocations). */
function submitScope(text: string, words: readonly ShellWord[], lineOf: (offset: number) => { start: number; text: string }): ConfScope {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const entries: ConfEntry[] = [];
  const artifacts: ArtifactRef[] = [];
  const launcher = words[0]!;
  const multiline = words.some((w) => lineOf(w.start) !== lineOf(launcher.start));

  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    let arg: ShellWord | undefined;
    const flag = w;
    let flagName = w.text;
    const eq = w.text.indexOf('=');
    if (w.text.startsWith('--') && eq > 0) {
      // --conf=k=v / --packages=a,b: the argument is the rest of the same word.
      flagName = w.text.slice(0, eq);
      arg = sliceWord(w, eq + 1);
    } else if (['--conf', '-c', '--packages', '--jars', '--repositories', '--py-files', '--files', '--exclude-packages'].includes(w.text)) {
      arg = words[i + 1];
      if (arg) i++;
    }
    if (!arg) continue;
    if (flagName === '--conf' || flagName === '-c') {
      const at = arg.text.indexOf('=');
      if (at <= 0) continue;
      const keyWord = sliceWord(arg, 0, at);
      const valueWord = sliceWord(arg, at + 1);
      const value = valueWord.text;
      const rawValue = text.slice(arg.offsets[at] !== undefined ? arg.offsets[at]! + 1 : arg.end, arg.end);
      const line = lineOf(flag.start);
      const lineRest = text.slice(arg.end, line.start + line.text.length);
      const indent = /^[ \t]*/.exec(line.text)![0];
      const continued = /^\s*\\\s*$/.test(lineRest);
      const insertAfter: EntryInsertion = {
        offset: arg.end,
        format: (k, v) => (multiline && continued ? ` \\${eol}${indent}--conf ${shellQuote(`${k}=${v}`)}` : ` --conf ${shellQuote(`${k}=${v}`)}`),
      };
      entries.push({
        key: keyWord.text,
        keyRange: wordRange(keyWord, arg.start),
        value,
        valueRange: wordRange(valueWord, arg.end),
        valueExact: contiguous(valueWord),
        valueKind: /\$/.test(rawValue) && !/^'/.test(rawValue) ? 'template' : isTemplated(value) ? 'template' : 'literal',
        span: { start: flag.start, end: arg.end },
        insertAfter,
      });
    } else if (flagName === '--packages' || flagName === '--jars') {
      let from = 0;
      for (const part of arg.text.split(',')) {
        const piece = sliceWord(arg, from, from + part.length);
        from += part.length + 1;
        if (!part.trim()) continue;
        artifacts.push({ kind: flagName === '--packages' ? 'maven' : 'jar', text: part.trim(), range: wordRange(piece, arg.start) });
      }
    }
  }
  const append: EntryInsertion = {
    offset: launcher.end,
    format: (k, v) => (multiline ? ` \\${eol}  --conf ${shellQuote(`${k}=${v}`)}` : ` --conf ${shellQuote(`${k}=${v}`)}`),
  };
  return { entries, artifacts, append, anchor: { start: launcher.start, end: launcher.end }, label: `this ${launcher.text.split('/').pop()} command` };
}

/** Parses HOCON-style `"spark.key" = "value"` pairs in an init script's here-document (Databricks driver conf). */
function hoconScopes(text: string, start: number, end: number): ConfScope[] {
  const body = text.slice(start, end);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const entries: ConfEntry[] = [];
  const pair = /(^|[\s{,])("?)(spark\.[A-Za-z0-9_.-]+)\2[ \t]*[=:][ \t]*(?:"((?:[^"\\\n]|\\.)*)"|([^\s,}#]*))/g;
  for (const m of body.matchAll(pair)) {
    const keyStart = start + m.index! + m[1]!.length + m[2]!.length;
    const key = m[3]!;
    const quotedValue = m[4];
    const value = quotedValue ?? m[5] ?? '';
    const matchEnd = start + m.index! + m[0].length;
    const valueStart = quotedValue !== undefined ? matchEnd - 1 - quotedValue.length : matchEnd - value.length;
    const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const q = m[2]!;
    entries.push({
      key,
      keyRange: { start: keyStart, end: keyStart + key.length },
      value,
      valueRange: { start: valueStart, end: valueStart + value.length },
      valueExact: !value.includes('\\'),
      valueKind: isTemplated(value) ? 'template' : 'literal',
      span: { start: keyStart - q.length, end: matchEnd },
      insertAfter: { offset: matchEnd, format: (k, v) => `${eol}${indent}${q}${k}${q} = "${v.replace(/["\\]/g, '\\$&')}"` },
    });
  }
  if (!entries.length) return [];
  return [{ entries, artifacts: [], anchor: entries[0]!.keyRange, label: 'this driver configuration block' }];
}

/** A Databricks driver conf file on its own (HOCON, as the init script writes it). */
export function parseDriverConf(text: string): SparkDocument {
  return { form: 'conf', scopes: hoconScopes(text, 0, text.length), databricks: true, syntaxProblems: [] };
}

function sliceWord(w: ShellWord, from: number, to = w.text.length): ShellWord {
  const offsets = w.offsets.slice(from, to);
  return { text: w.text.slice(from, to), offsets, start: offsets[0] ?? w.end, end: offsets.length ? offsets[offsets.length - 1]! + 1 : w.end, quoted: w.quoted };
}

function wordRange(w: ShellWord, emptyAt: number) {
  return w.offsets.length ? { start: w.offsets[0]!, end: w.offsets[w.offsets.length - 1]! + 1 } : { start: emptyAt, end: emptyAt };
}

function contiguous(w: ShellWord): boolean {
  for (let i = 1; i < w.offsets.length; i++) if (w.offsets[i] !== w.offsets[i - 1]! + 1) return false;
  return true;
}

/** Quotes a shell argument only when needed; `$VAR` references stay expandable inside double quotes. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_.,:/=@%+-]+$/.test(s)) return s;
  if (/\$/.test(s) && !/["\\`]/.test(s)) return `"${s}"`;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
