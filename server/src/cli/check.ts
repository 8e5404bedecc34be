import { basename, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { collectPaths, readTextFile, walkFiles } from '../node/files';
import { createLanguageService, DEFAULT_SETTINGS, ProjectIndex, maxFileBytes, projectFileKind, type ProjectModel, type PythonSparkParser, type PythonTreeSource } from '../service';

export interface CheckOptions {
  paths: string[];
  format: 'text' | 'json';
  quiet: boolean;
}

export interface CheckEnv {
  readonly python?: PythonSparkParser;
  readonly pythonTree?: PythonTreeSource;
  readonly cwd: string;
  out(s: string): void;
  err(s: string): void;
}

/** One problem in the JSON output (LSP conventions: 0-based lines and UTF-16 characters). */
export interface JsonProblem {
  file: string;
  range: Diagnostic['range'];
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

/** Files worth reading while walking: by extension, or because they feed the project model. */
const CANDIDATE = /\.(conf|properties|sh|bash|ksh|zsh|py|ya?ml|cfg|env|txt|toml)$/i;
const accept = (name: string) => CANDIDATE.test(name) || name === 'Dockerfile' || projectFileKind(name) !== undefined;
const SEVERITY_NAME: Record<number, JsonProblem['severity']> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** A file the rules looked at, and the family that recognised it. */
export interface CheckedFile {
  /** As shown in messages: as named, or relative to the current directory. */
  shown: string;
  path: string;
  kind: string | undefined;
  /** The family that recognised it (`spark`, `airflow`, …). */
  family: string | undefined;
}

/** What checking found: every file recognised, the problems (with absolute paths) and the project model. */
export interface CheckResult {
  files: CheckedFile[];
  problems: (JsonProblem & { path: string })[];
  project: ProjectModel;
  /** Files that could not be read. */
  unreadable: number;
  /** Files found to read (recognised or not). */
  candidates: number;
}

/** Runs the rules over the given paths and prints the problems. */
export async function runCheck(options: CheckOptions, env: CheckEnv): Promise<{ exitCode: number; problems: JsonProblem[] }> {
  const result = await checkPaths(options.paths, env);
  const problems: JsonProblem[] = result.problems.filter((p) => !options.quiet || p.severity === 'error').map(({ path: _path, ...p }) => p);
  return print(options, env, problems, result.files.length, result.candidates > 0, result.unreadable);
}

/**
 * Reads the given paths (directories walked), builds the project model from the project files found, and
 * validates every file a family recognises (and every file named explicitly) with the project known.
 * Shared by `lineage-lens check` and the language server's setup report.
 */
export async function checkPaths(paths: readonly string[], env: Pick<CheckEnv, 'python' | 'pythonTree' | 'cwd' | 'err'>): Promise<CheckResult> {
  const service = createLanguageService({ ...(env.python ? { python: env.python } : {}), ...(env.pythonTree ? { pythonTree: env.pythonTree } : {}) });
  const collected = await collectPaths([...paths], env.cwd, accept, env.err);
  // Named files are shown as given; files found by walking, relative to the current directory.
  const named = new Map(paths.map((p) => [isAbsolute(p) ? p : resolve(env.cwd, p), p]));
  const files = collected.files.map((f) => ({ ...f, shown: f.explicit ? named.get(f.path) ?? f.path : display(f.path, env.cwd) }));
  let unreadable = collected.missing;

  // Pass 1: read every file and build the project model (Airflow version, packages, settings, GX contexts).
  // Files named explicitly get the project of the current directory, as if the whole project were checked.
  const index = new ProjectIndex();
  const texts = new Map<string, string>();
  if (!files.some((f) => !f.explicit)) {
    for await (const f of walkFiles(env.cwd, { accept: (n) => projectFileKind(n) !== undefined && !n.endsWith('.py'), maxFiles: 20000 })) {
      const read = await readTextFile(f, maxFileBytes(service.limits));
      if (read.kind === 'text') index.update(pathToFileURL(f).href, read.text);
    }
  }
  const problems: CheckResult['problems'] = [];
  /** Files over the size budget by their size on disk alone (never read): their one diagnostic. */
  const oversized = new Map<string, ReturnType<typeof service.tooLargeOnDisk>>();
  for (const f of files) {
    // Only regular files (after following symlinks), and no more than the service would check.
    const read = await readTextFile(f.path, maxFileBytes(service.limits));
    if (read.kind === 'too-large') {
      // Named files get the service's too-large diagnostic; files found by walking are left out, as before.
      if (f.explicit) oversized.set(f.path, service.tooLargeOnDisk(read.bytes, DEFAULT_SETTINGS));
      continue;
    }
    if (read.kind === 'binary' || read.kind === 'not-a-file') {
      if (f.explicit) env.err(`lineage-lens: ${f.shown}: skipped, ${read.kind === 'binary' ? 'not a text file' : 'not a regular file'}\n`);
      continue;
    }
    if (read.kind === 'error') {
      env.err(`lineage-lens: ${f.shown}: cannot read (${read.code})\n`);
      unreadable++;
      continue;
    }
    const text = read.text;
    texts.set(f.path, text);
    index.update(pathToFileURL(f.path).href, text);
  }

  // Pass 2: validate with the whole project known. Files that no family recognises are not counted as checked.
  const project = index.model;
  const checked: CheckedFile[] = [];
  for (const f of files) {
    const text = texts.get(f.path);
    const tooLarge = oversized.get(f.path);
    if (tooLarge) {
      checked.push({ shown: f.shown, path: f.path, kind: undefined, family: undefined });
      for (const d of tooLarge) problems.push({ file: f.shown, path: f.path, range: d.range, severity: SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Information]!, code: String(d.code), message: String(d.message) });
      continue;
    }
    if (text === undefined) continue;
    const doc = TextDocument.create(pathToFileURL(f.path).href, languageOf(f.path), 1, text);
    const found = service.classify(doc, { project });
    if (!f.explicit && !found) continue;
    checked.push({ shown: f.shown, path: f.path, kind: found?.kind, family: found?.family });
    for (const d of service.validate(doc, DEFAULT_SETTINGS, { explicit: f.explicit, project })) {
      const severity = SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error]!;
      problems.push({ file: f.shown, path: f.path, range: d.range, severity, code: String(d.code), message: typeof d.message === 'string' ? d.message : d.message.value });
    }
  }
  return { files: checked, problems, project, unreadable, candidates: files.length };
}

/** Prints the problems of a check. */
function print(options: CheckOptions, env: CheckEnv, problems: JsonProblem[], checked: number, anyFile: boolean, unreadable: number): { exitCode: number; problems: JsonProblem[] } {
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (options.format === 'json') {
    env.out(`${JSON.stringify(problems, null, 2)}\n`);
  } else {
    for (const p of problems) {
      env.out(`${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity} ${p.message.replace(/\s*\n\s*/g, ' ')} ${p.code}\n`);
    }
    const warnings = problems.filter((p) => p.severity === 'warning').length;
    const others = problems.length - errors - warnings;
    if (problems.length) {
      env.out(`\n${errors ? '✖' : '⚠'} ${problems.length} problem${problems.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${others ? `, ${others} other` : ''}) in ${new Set(problems.map((p) => p.file)).size} of ${checked} files checked\n`);
    } else {
      env.out(`✔ No problems in ${checked} file${checked === 1 ? '' : 's'} checked\n`);
    }
  }
  const exitCode = errors ? 1 : unreadable && !anyFile ? 2 : 0;
  return { exitCode, problems };
}

/** Paths under a directory argument are shown relative to the current directory. */
function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
}

function languageOf(path: string): string {
  if (/\.py$/i.test(path)) return 'python';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (basename(path) === 'Dockerfile') return 'dockerfile';
  if (/\.(sh|bash|ksh|zsh)$/i.test(path)) return 'shellscript';
  if (/spark-defaults[^/]*\.conf$/i.test(path)) return 'spark-conf';
  return 'plaintext';
}
