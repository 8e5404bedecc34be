/**
 * Spark settings in shell scripts: `spark-submit` / `spark-shell` / `pyspark` invocations and Databricks init
 * scripts (the driver conf blocks they write), read with the shared shell tokenizer (text/shell.ts).
 */
import { isTemplated } from '../../util/template';
import type { ArtifactRef, ConfEntry, ConfScope, PipInstall, SparkDocument } from '../model';
import type { EntryInsertion } from '../../text/model';
import { shellQuote, tokenizeShell, type ShellWord } from '../../text/shell';
import { lineIndex } from '../../util/search';
import { splitLines } from './conf';

const SPARK_LAUNCHERS = /(^|\/)(spark-submit|spark-shell|pyspark|spark-sql)$/;
const INIT_SCRIPT_MARKERS = /\/databricks\/driver\/conf|\/mnt\/driver-daemon\/jars|DB_IS_DRIVER|\/databricks\/jars/;
const OL_JAR = /openlineage-spark[^\s/'"]*\.jar/g;

/**
 * A line with `pip install` and `openlineage-spark` (the package name pip would be asked for). Line by line, each
 * test linear: one regex spanning both would rescan a long line from every `pip install` on it.
 */
function mentionsPipOpenLineageSpark(text: string): boolean {
  if (!/openlineage[-_.]spark/i.test(text)) return false;
  return text.split('\n').some((line) => /openlineage[-_.]spark/i.test(line) && /\bpip[0-9.]*[ \t]+install\b/.test(line));
}

/** Shell files that launch Spark or install the listener (on Databricks, or wrongly with pip). */
export function looksLikeSparkShell(text: string): boolean {
  return /(^|[\s/])(spark-submit|spark-shell|pyspark)\b/m.test(text) || INIT_SCRIPT_MARKERS.test(text) || mentionsPipOpenLineageSpark(text);
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

  const pipInstalls = mentionsPipOpenLineageSpark(text) ? parsed.commands.flatMap(pipInstallsOf) : [];
  if (!scopes.length && !pipInstalls.length) return undefined;
  return {
    form: initScript ? 'databricks-init' : 'spark-submit',
    scopes,
    databricks: initScript || /\{\{secrets\/|DATABRICKS_|\/databricks\/python[0-9]*\/bin\//.test(text),
    syntaxProblems: parsed.problems,
    ...(pipInstalls.length ? { pipInstalls } : {}),
  };
}

/** The name pip normalises to `openlineage-spark` (`_2.12`/`_2.13` suffixes included), with extras or a version spec. */
const OL_SPARK_REQUIREMENT = /^openlineage[-_.]spark(?:_2\.1[0-9])?(?=$|[\s[=<>!~;,])(?:\[[^\]]*\])?(?:\s*(===?|[<>!~]=?)\s*([^\s,;]*))?/i;

/** `openlineage-spark` requirements of a `pip install` / `pip3 install` / `python -m pip install` command. */
function pipInstallsOf(cmd: { readonly words: readonly ShellWord[] }): PipInstall[] {
  const { words } = cmd;
  const pip = words.findIndex((w, i) => /(^|\/)pip[0-9.]*$/.test(w.text) || (w.text === '-m' && words[i + 1]?.text === 'pip'));
  if (pip < 0) return [];
  const install = words.findIndex((w, i) => i > pip && w.text === 'install');
  if (install < 0) return [];
  // Options that take a value: their value is not a package.
  const withValue = new Set([
    '-r',
    '--requirement',
    '-c',
    '--constraint',
    '-i',
    '--index-url',
    '--extra-index-url',
    '-t',
    '--target',
    '-f',
    '--find-links',
    '--prefix',
    '--root',
    '--platform',
    '--python-version',
    '--implementation',
    '--abi',
    '--upgrade-strategy',
    '--progress-bar',
    '--log',
    '--cache-dir',
    '--src',
    '-e',
    '--editable',
  ]);
  const packages: ShellWord[] = [];
  for (let i = install + 1; i < words.length; i++) {
    const w = words[i]!;
    if (w.text.startsWith('-')) {
      if (withValue.has(w.text)) i++;
      continue;
    }
    packages.push(w);
  }
  const last = words[words.length - 1]!;
  const command = { start: words[0]!.start, end: last.end };
  const out: PipInstall[] = [];
  for (const w of packages) {
    const m = OL_SPARK_REQUIREMENT.exec(w.text.trim());
    if (!m) continue;
    const exact = m[1]?.startsWith('==') && m[2] ? m[2] : undefined;
    out.push({
      requirement: w.text,
      range: wordRange(w, w.start),
      ...(exact ? { version: exact } : {}),
      command,
      word: { start: w.start, end: w.end },
      only: packages.length === 1,
    });
  }
  return out;
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
