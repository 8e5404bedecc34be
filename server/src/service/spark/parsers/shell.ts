/**
 * Spark settings in shell scripts: `spark-submit` / `spark-shell` / `pyspark` invocations and Databricks init
 * scripts (the driver conf blocks they write), read with the shared shell tokenizer (text/shell.ts).
 */
import { isTemplated } from '../../util/template';
import type { ArtifactRef, ConfEntry, ConfScope, SparkDocument } from '../model';
import type { EntryInsertion } from '../../text/model';
import { shellQuote, tokenizeShell, type ShellWord } from '../../text/shell';
import { lineIndex } from '../../util/search';
import { splitLines } from './conf';

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
  return {
    form: initScript ? 'databricks-init' : 'spark-submit',
    scopes,
    databricks: initScript || /\{\{secrets\/|DATABRICKS_/.test(text),
    syntaxProblems: parsed.problems,
  };
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
        format: (k, v) =>
          multiline && continued ? ` \\${eol}${indent}--conf ${shellQuote(`${k}=${v}`)}` : ` --conf ${shellQuote(`${k}=${v}`)}`,
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
  return {
    entries,
    artifacts,
    append,
    anchor: { start: launcher.start, end: launcher.end },
    label: `this ${launcher.text.split('/').pop()} command`,
  };
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
  return {
    text: w.text.slice(from, to),
    offsets,
    start: offsets[0] ?? w.end,
    end: offsets.length ? offsets[offsets.length - 1]! + 1 : w.end,
    quoted: w.quoted,
  };
}

function wordRange(w: ShellWord, emptyAt: number) {
  return w.offsets.length ? { start: w.offsets[0]!, end: w.offsets[w.offsets.length - 1]! + 1 } : { start: emptyAt, end: emptyAt };
}

function contiguous(w: ShellWord): boolean {
  for (let i = 1; i < w.offsets.length; i++) if (w.offsets[i] !== w.offsets[i - 1]! + 1) return false;
  return true;
}
