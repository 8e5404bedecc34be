import { splitLines, type Line, trimEndChars } from '../../text/lines';
import { isTemplated } from '../../util/template';
import type { ConfEntry, ConfScope, SparkDocument } from '../model';
import type { EntryInsertion, OffsetRange, SyntaxProblem } from '../../text/model';

/**
 * Parses `spark-defaults.conf` and Spark config pasted from the Databricks cluster UI. Spark loads these
 * files with `java.util.Properties`, so the key ends at the first unescaped `=`, `:` or whitespace, the
 * separator may be surrounded by whitespace, `#` and `!` start comments, and a trailing backslash continues
 * the value on the next line. Spark trims the value.
 */
export function parseSparkConf(text: string, options: { databricks?: boolean } = {}): SparkDocument {
  const entries: ConfEntry[] = [];
  const problems: SyntaxProblem[] = [];
  const lines = splitLines(text);
  const separator = detectSeparator(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const format = (key: string, value: string) => `${eol}${key}${separator(key)}${value}`;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const body = line.text;
    const lead = body.length - body.trimStart().length;
    if (lead === body.length || body[lead] === '#' || body[lead] === '!') continue;

    // Key: up to the first unescaped separator.
    let k = lead;
    while (k < body.length && !/[=:\s]/.test(body[k]!)) k += body[k] === '\\' ? 2 : 1;
    k = Math.min(k, body.length);
    const key = body.slice(lead, k);
    let v = k;
    while (v < body.length && /[ \t\f]/.test(body[v]!)) v++;
    if (v < body.length && (body[v] === '=' || body[v] === ':')) {
      v++;
      while (v < body.length && /[ \t\f]/.test(body[v]!)) v++;
    }
    // Value: the rest of the line, plus continuation lines.
    let valueText = body.slice(v);
    let valueEnd = line.start + body.length;
    let exact = true;
    let lastLine = i;
    while (endsWithOddBackslashes(valueText) && lastLine + 1 < lines.length) {
      exact = false;
      lastLine++;
      const next = lines[lastLine]!;
      valueText = valueText.slice(0, -1) + next.text.trimStart();
      valueEnd = next.start + next.text.length;
    }
    const trimmedValue = valueText.trimEnd();
    if (exact) valueEnd = line.start + v + trimmedValue.length;
    const keyRange: OffsetRange = { start: line.start + lead, end: line.start + k };
    const valueRange: OffsetRange = { start: line.start + v, end: Math.max(line.start + v, valueEnd) };
    const span: OffsetRange = { start: line.start, end: lines[lastLine]!.start + lines[lastLine]!.text.length };
    const value = exact ? trimmedValue : trimmedValue.replace(/\\(.)/g, '$1');
    if (!trimmedValue && key.startsWith('spark.')) {
      problems.push({
        range: keyRange,
        message: `\`${key}\` has no value; Spark ignores blank values. Write \`${key}${separator(key, true)}<value>\` or remove the line.`,
      });
    }
    const insertAfter: EntryInsertion = { offset: span.end, format };
    entries.push({
      key,
      keyRange,
      value,
      valueRange,
      valueExact: exact,
      valueKind: isTemplated(value) ? 'template' : 'literal',
      span,
      insertAfter,
    });
    i = lastLine;
  }

  const end = text.length;
  const append: EntryInsertion = {
    offset: end,
    format: (key, value) => `${end > 0 && !text.endsWith('\n') ? eol : ''}${key}${separator(key)}${value}${eol}`,
  };
  const scope: ConfScope = {
    entries,
    artifacts: [],
    append,
    anchor: entries[0]?.keyRange ?? { start: 0, end: 0 },
    label: 'this file',
  };
  return {
    form: 'conf',
    scopes: [scope],
    databricks: options.databricks ?? looksLikeDatabricks(text),
    syntaxProblems: problems,
  };
}

/** True when at least one setting line of the text is a Spark key: the content test for `*.conf` files. */
export function looksLikeSparkConf(text: string): boolean {
  return /^[ \t]*spark\.[A-Za-z0-9_.-]+(?:[ \t]*[=:][ \t]*|[ \t]+)\S/m.test(text);
}

export function looksLikeDatabricks(text: string): boolean {
  // `spark.databricks.` as isDatabricksKey (catalog.ts) reads it: Delta Lake's `spark.databricks.delta.*` settings do not count.
  return /spark\.databricks\.(?!delta\.)|\{\{secrets\/|DBCEventLoggingListener|\/databricks\/|DATABRICKS_RUNTIME_VERSION/.test(text);
}

/**
 * The separator a new line of this file gets after `key`, in the file's own style: `=` (with the spacing its
 * first `=` line has) when it uses `=`; else whitespace: padded so that the value starts at the column the file
 * aligns its values to, when its whitespace-separated values all start at one column (at least two lines); the
 * file's one separator when all its lines use the same (a tab); else one space. `inProse`: for a message, where
 * alignment padding would only be a run of spaces: one space, or the `=`.
 */
function detectSeparator(text: string): (key: string, inProse?: boolean) => string {
  const lines = [...text.matchAll(/^([ \t]*)(spark\.[^\s=:]+)([ \t]*=[ \t]*|[ \t]+)(?=\S)/gm)];
  const first = lines[0]?.[3];
  if (first?.includes('=')) {
    const equals = first.replace(/\t/g, ' ').replace(/ +/g, ' ');
    return () => equals;
  }
  const spaced = lines.filter((m) => !m[3]!.includes('='));
  const columns = new Set(spaced.map((m) => m[1]!.length + m[2]!.length + m[3]!.length));
  const separators = new Set(spaced.map((m) => m[3]!));
  if (spaced.length >= 2 && columns.size === 1 && ![...separators].some((s) => s.includes('\t'))) {
    const column = [...columns][0]! - spaced[0]![1]!.length;
    return (key, inProse) => (inProse ? ' ' : ' '.repeat(Math.max(1, column - key.length)));
  }
  const only = separators.size === 1 ? [...separators][0]! : ' ';
  return (_key, inProse) => (inProse ? ' ' : only);
}

function endsWithOddBackslashes(s: string): boolean {
  return (s.length - trimEndChars(s, '\\').length) % 2 === 1;
}

export { splitLines, type Line };
