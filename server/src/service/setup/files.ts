/**
 * The plan's view of the workspace: file texts as read, the texts after each step, and the readable lines that
 * say what each step changed or found correct. Every helper re-parses the current text with the language
 * service's own parsers, so edits land where the rules look, and the rest of a file stays byte-for-byte.
 */
import { insertInSection, parseAirflowCfg } from '../settings/airflow-cfg';
import { parseDockerfile } from '../settings/dockerfile';
import { parseEnvFile } from '../settings/env-file';
import type { Setting } from '../settings/model';
import { normalizePackage, parseRequirements, type Requirement } from '../project/requirements';
import { parseSparkConf } from '../spark/parsers/conf';
import type { ConfEntry } from '../spark/model';

/** A value already written that a step replaces (`after` set) or removes: what the user must confirm. */
export interface Replacement {
  readonly key: string;
  readonly before: string;
  readonly after?: string;
}

export interface FileState {
  readonly before: string | undefined;
  text: string;
  readonly changes: string[];
  readonly replaces: Replacement[];
}

/** The files a plan reads and writes: each text as read and after the steps so far, and what each step did. */
export class PlanFiles {
  private readonly states = new Map<string, FileState>();
  readonly already: string[] = [];

  constructor(private readonly files: ReadonlyMap<string, string>) {}

  /** The current text (after earlier steps), or undefined when the file does not exist (yet). */
  read(path: string): string | undefined {
    return this.states.get(path)?.text ?? this.files.get(path);
  }

  exists(path: string): boolean {
    return this.read(path) !== undefined;
  }

  /** Records a step's new text; `replaced`: the existing value it replaces or removes (undefined: it only adds). */
  write(path: string, text: string, change: string, replaced?: Replacement): void {
    let s = this.states.get(path);
    if (!s) {
      s = { before: this.files.get(path), text: this.files.get(path) ?? '', changes: [], replaces: [] };
      this.states.set(path, s);
    }
    s.text = text;
    s.changes.push(change);
    if (replaced) s.replaces.push(replaced);
  }

  ok(line: string): void {
    if (!this.already.includes(line)) this.already.push(line);
  }

  /** Files whose text changed, in the order they were first touched. */
  edits(): { path: string; before: string | undefined; after: string; changes: string[]; replaces: Replacement[] }[] {
    return [...this.states.entries()]
      .filter(([, s]) => s.text !== s.before)
      .map(([path, s]) => ({ path, before: s.before, after: s.text, changes: [...s.changes], replaces: [...s.replaces] }));
  }
}

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** Removes a line (span) with its line break. */
export function cutLine(text: string, span: { start: number; end: number }): string {
  const end = text.startsWith('\r\n', span.end) ? span.end + 2 : text[span.end] === '\n' ? span.end + 1 : span.end;
  return splice(text, span.start, end, '');
}

/** Appends a line, adding a line break before it when the file does not end with one. */
export function appendLine(text: string, line: string): string {
  const eol = eolOf(text);
  return `${text}${text.length && !text.endsWith('\n') ? eol : ''}${line}${eol}`;
}

// ---------------------------------------------------------------------------------------------------------
// .env files

/** How a value is written in a `.env` file: JSON and values with blanks or `#` single-quoted (no escapes). */
export function envLiteral(value: string): string {
  return /[\s#'"{}$\\]/.test(value) && !value.includes("'") ? `'${value}'` : value;
}

/**
 * Makes `key` hold `value` in the `.env` at `path` (created when missing). `why(old)` says what was wrong with
 * an old value, for the change line.
 */
export function ensureEnv(
  ws: PlanFiles,
  path: string,
  key: string,
  value: string,
  why: (old: string) => string = (old) => `it was ${JSON.stringify(old)}`,
): void {
  const text = ws.read(path) ?? '';
  const matches = parseEnvFile(text).settings.filter((s) => s.key === key);
  const last = matches[matches.length - 1];
  if (last && last.value === value) {
    ws.ok(`${path}: ${key} is already set`);
  } else if (last) {
    const prefix = text.slice(last.span.start, last.keyRange.start);
    ws.write(
      path,
      splice(text, last.span.start, last.span.end, `${prefix}${key}=${envLiteral(value)}`),
      `replaces ${key}: ${why(last.value)}`,
      { key, before: last.value, after: value },
    );
  } else {
    ws.write(path, appendLine(text, `${key}=${envLiteral(value)}`), `adds ${key}`);
    return;
  }
  // Earlier copies are overridden by the last one; drop them so the file says one thing.
  for (const dup of matches.slice(0, -1).reverse()) {
    const t = ws.read(path)!;
    ws.write(path, cutLine(t, dup.span), `removes an earlier ${key} that the last one overrides`, { key, before: dup.value });
  }
}

export function removeEnv(ws: PlanFiles, path: string, key: string, reason: string): void {
  for (;;) {
    const text = ws.read(path);
    if (text === undefined) return;
    const s = parseEnvFile(text).settings.find((x) => x.key === key);
    if (!s) return;
    ws.write(path, cutLine(text, s.span), `removes ${key}: ${reason}`, { key, before: s.value });
  }
}

export function envValue(ws: PlanFiles, path: string, key: string): string | undefined {
  const text = ws.read(path);
  if (text === undefined) return undefined;
  const all = parseEnvFile(text).settings.filter((s) => s.key === key);
  return all[all.length - 1]?.value;
}

// ---------------------------------------------------------------------------------------------------------
// airflow.cfg

export function cfgValue(ws: PlanFiles, path: string, section: string, option: string): string | undefined {
  const text = ws.read(path);
  if (text === undefined) return undefined;
  const all = parseAirflowCfg(text).settings.filter((s) => s.section === section && s.key.toLowerCase() === option);
  return all[all.length - 1]?.value;
}

export function ensureCfg(
  ws: PlanFiles,
  path: string,
  section: string,
  option: string,
  value: string,
  why: (old: string) => string = (old) => `it was ${JSON.stringify(old)}`,
): void {
  const text = ws.read(path) ?? '';
  const doc = parseAirflowCfg(text);
  const matches = doc.settings.filter((s) => s.section === section && s.key.toLowerCase() === option);
  const last = matches[matches.length - 1];
  if (last && last.value === value) {
    ws.ok(`${path}: [${section}] ${option} is already set`);
  } else if (last) {
    ws.write(
      path,
      splice(text, last.span.start, last.span.end, `${text.slice(last.span.start, last.keyRange.end)} = ${value}`),
      `replaces [${section}] ${option}: ${why(last.value)}`,
      { key: `[${section}] ${option}`, before: last.value, after: value },
    );
  } else {
    const at = insertInSection(doc, text, section, option, value);
    let next = splice(text, at.offset, at.offset, text ? at.text : at.text.replace(/^\r?\n/, ''));
    if (!next.endsWith('\n')) next += eolOf(next);
    ws.write(path, next, `adds [${section}] ${option}${doc.sections.some((s) => s.name === section) ? '' : ` (new [${section}] section)`}`);
    return;
  }
  for (const dup of matches.slice(0, -1).reverse()) {
    ws.write(path, cutLine(ws.read(path)!, dup.span), `removes an earlier [${section}] ${option} that the last one overrides`, {
      key: `[${section}] ${option}`,
      before: dup.value,
    });
  }
}

export function removeCfg(ws: PlanFiles, path: string, section: string, option: string, reason: string): void {
  for (;;) {
    const text = ws.read(path);
    if (text === undefined) return;
    const s = parseAirflowCfg(text).settings.find((x) => x.section === section && x.key.toLowerCase() === option);
    if (!s) return;
    ws.write(path, cutLine(text, s.span), `removes [${section}] ${option}: ${reason}`, { key: `[${section}] ${option}`, before: s.value });
  }
}

// ---------------------------------------------------------------------------------------------------------
// requirements.txt

export function requirement(ws: PlanFiles, path: string, name: string): Requirement | undefined {
  const text = ws.read(path);
  return text === undefined ? undefined : parseRequirements(text).find((r) => r.name === normalizePackage(name));
}

/**
 * Makes the requirements file list `line` (a requirement such as `openlineage-dbt` or `x[extra]~=1.39.0`).
 * `wrong(req)` says what is wrong with an existing requirement of the same package (undefined: it is fine).
 */
export function ensureRequirement(
  ws: PlanFiles,
  path: string,
  line: string,
  wrong: (r: Requirement) => string | undefined = () => undefined,
): void {
  const name = normalizePackage(/^[A-Za-z0-9._-]+/.exec(line)![0]);
  const text = ws.read(path) ?? '';
  const existing = parseRequirements(text).find((r) => r.name === name);
  if (!existing) {
    ws.write(path, appendLine(text, line), `adds ${line}`);
    return;
  }
  const problem = wrong(existing);
  if (!problem) {
    ws.ok(`${path}: ${existing.written}${existing.spec ? existing.spec : ''} is already listed`);
    return;
  }
  // The requirement's text: name, extras and specifier (a trailing comment or marker stays).
  const extras = /^\s*\[[^\]]*\]/.exec(text.slice(existing.nameRange.end, existing.span.end));
  const end = Math.max(existing.nameRange.end + (extras ? extras[0].length : 0), existing.specRange.end);
  const old = text.slice(existing.nameRange.start, end);
  ws.write(path, splice(text, existing.nameRange.start, end, line), `replaces ${old} with ${line}: ${problem}`, {
    key: name,
    before: old,
    after: line,
  });
}

export function removeRequirement(ws: PlanFiles, path: string, name: string, reason: string): void {
  const r = requirement(ws, path, name);
  if (r)
    ws.write(path, cutLine(ws.read(path)!, r.span), `removes ${r.written}: ${reason}`, { key: r.name, before: `${r.written}${r.spec}` });
}

// ---------------------------------------------------------------------------------------------------------
// Spark conf (spark-defaults.conf, Databricks cluster Spark config)

export function confEntries(text: string): readonly ConfEntry[] {
  return parseSparkConf(text).scopes[0]?.entries ?? [];
}

export function confValue(ws: PlanFiles, path: string, key: string): string | undefined {
  const text = ws.read(path);
  if (text === undefined) return undefined;
  const all = confEntries(text).filter((e) => e.key === key);
  return all[all.length - 1]?.value;
}

/** Writes `key value` (in the file's own separator style), replacing the last value or appending the line. */
export function ensureConf(
  ws: PlanFiles,
  path: string,
  key: string,
  value: string,
  why: (old: string) => string = (old) => `it was ${JSON.stringify(old)}`,
): void {
  const text = ws.read(path) ?? '';
  const doc = parseSparkConf(text);
  const entries = doc.scopes[0]!.entries;
  const matches = entries.filter((e) => e.key === key);
  const last = matches[matches.length - 1];
  if (last && last.value === value) {
    ws.ok(`${path}: ${key} is already set`);
  } else if (last) {
    const next =
      last.valueExact && last.valueRange.end > last.valueRange.start
        ? splice(text, last.valueRange.start, last.valueRange.end, value)
        : splice(text, last.span.start, last.span.end, last.insertAfter.format(key, value).replace(/^\r?\n/, ''));
    ws.write(path, next, `replaces ${key}: ${why(last.value)}`, { key, before: last.value, after: value });
  } else {
    const at = doc.scopes[0]!.append!;
    let line = at.format(key, value);
    // Files that line their values up in a column (spark-defaults.conf.template does) get the new line aligned too.
    const columns = entries.map((e) => e.valueRange.start - e.keyRange.start);
    const column = columns[0];
    if (
      column !== undefined &&
      columns.length > 1 &&
      columns.every((c) => c === column) &&
      entries.every((e) => /^\s+$/.test(text.slice(e.keyRange.end, e.valueRange.start)))
    ) {
      line = line.replace(
        `${key}${line.slice(line.indexOf(key) + key.length, line.lastIndexOf(value))}${value}`,
        `${key.padEnd(column - 1)} ${value}`,
      );
    }
    ws.write(path, splice(text, at.offset, at.offset, line), `adds ${key}`);
    return;
  }
  for (const dup of matches.slice(0, -1).reverse()) {
    ws.write(path, cutLine(ws.read(path)!, dup.span), `removes an earlier ${key} that the last one overrides`, { key, before: dup.value });
  }
}

export function removeConf(ws: PlanFiles, path: string, key: string, reason: string): void {
  for (;;) {
    const text = ws.read(path);
    if (text === undefined) return;
    const e = confEntries(text).find((x) => x.key === key);
    if (!e) return;
    ws.write(path, cutLine(text, e.span), `removes ${key}: ${reason}`, { key, before: e.value });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Dockerfile ENV (an Astro project's Dockerfile may set the provider's options for every environment)

/** The last `ENV key=…` of a Dockerfile, if any. */
export function dockerEnv(ws: PlanFiles, path: string, key: string): Setting | undefined {
  const text = ws.read(path);
  if (text === undefined) return undefined;
  const all = parseDockerfile(text).settings.filter((s) => s.key === key);
  return all[all.length - 1];
}

/** Replaces the value of an `ENV` setting in place, keeping its quotes (single quotes when the new value needs them). */
export function replaceDockerEnv(ws: PlanFiles, path: string, setting: Setting, value: string, why: string): void {
  const text = ws.read(path)!;
  const { start, end } = setting.valueRange;
  const quote = text[start - 1] === "'" || text[start - 1] === '"' ? text[start - 1]! : undefined;
  const literal = !/[\s'"$`\\#{}]/.test(value) ? value : !value.includes("'") ? `'${value}'` : `"${value.replace(/["\\$`]/g, '\\$&')}"`;
  const next =
    quote !== undefined && setting.valueExact && !value.includes(quote) && !(quote === '"' && /[$`\\]/.test(value))
      ? splice(text, start, end, value)
      : splice(text, quote ? start - 1 : start, quote ? end + 1 : end, literal);
  ws.write(path, next, `replaces ${setting.key} in ${path}: ${why}`, { key: setting.key, before: setting.value, after: value });
}
