/**
 * Checking files on disk as `lineage-lens check` does: paths walked, the project model built from the
 * project files found, every recognised file validated with the project known. Shared by the CLI and the
 * language server's setup report (Node I/O; the rules themselves are the service's).
 */
import { stat } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { collectPaths, readTextFile, walkFiles } from './files';
import { jvmLanguageOf, type JvmSpark } from './jvm';
import { mentionsAirflow } from '../service/dags/parse';
import { WorkspacePredictor } from '../service/predict';
import { isPredictSource, isPythonPredictSource, predictSourceBytes, WorkspaceFiles } from '../service/predict/files';
import type { SqlLineageFn } from '../service/predict/types';
import {
  createLanguageService,
  DEFAULT_SETTINGS,
  jobNamespace,
  LineageIndex,
  isNotebookPath,
  NOTEBOOK_MAX_CHARS,
  ProjectIndex,
  maxFileBytes,
  projectFileKind,
  type ProjectModel,
  type PythonSparkParser,
  type PythonTreeSource,
} from '../service';

/** What checking needs besides the paths: the Python parser (optional), the current directory, where to warn. */
export interface CheckPathsEnv {
  readonly python?: PythonSparkParser;
  readonly pythonTree?: PythonTreeSource;
  /** Scala and Java support; its grammars are loaded here when such files are among those checked. */
  readonly jvm?: Pick<JvmSpark, 'parse' | 'load'>;
  readonly cwd: string;
  err(s: string): void;
  /** SQL lineage (sqlparser-rs), loaded when a DAG file is among those checked: `dags/sql-unparsable` needs it. */
  readonly sql?: () => Promise<SqlLineageFn>;
}

/** One problem found (LSP conventions: 0-based lines and UTF-16 characters), with its file as shown and its absolute path. */
export interface CheckedProblem {
  /** As shown in messages: as named, or relative to the current directory. */
  file: string;
  path: string;
  range: Diagnostic['range'];
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
  /** In a notebook file: the cell (0-based, every cell counted) and the position in its source. */
  cell?: { index: number; line: number; character: number };
}

/** Files worth reading while walking: by extension, or because they feed the project model. */
const CANDIDATE = /\.(conf|properties|sh|bash|ksh|zsh|py|scala|java|ya?ml|cfg|env|txt|toml|ipynb)$/i;
/** Whether a file found by walking is read and checked (the CLI's and the server's workspace check's discovery). */
export const isCheckCandidate = (name: string) => CANDIDATE.test(name) || name === 'Dockerfile' || projectFileKind(name) !== undefined;
const accept = isCheckCandidate;
const SEVERITY_NAME: Record<number, CheckedProblem['severity']> = {
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
  /** Named on the command line (checked whatever its name), rather than found by walking a folder. */
  explicit: boolean;
}

/** A path that was not checked, and why: named on the command line (`explicit`) or found by walking a folder. */
export interface SkippedFile {
  /** As shown in messages: as named, or relative to the current directory. */
  shown: string;
  path: string;
  explicit: boolean;
  /** `missing`: no such file or directory; `unreadable`: reading failed (`detail` is the error code). */
  reason: 'missing' | 'too-large' | 'binary' | 'not-a-file' | 'unreadable';
  /** For `too-large`, the size in bytes on disk; for `unreadable`, the error code. */
  detail?: string | number;
}

/** What checking found: every file recognised, the problems (with absolute paths) and the project model. */
export interface CheckResult {
  files: CheckedFile[];
  problems: CheckedProblem[];
  project: ProjectModel;
  /** Files that could not be read. */
  unreadable: number;
  /** Files found to read (recognised or not). */
  candidates: number;
  /**
   * Paths not checked: missing, unreadable, not regular files, binary, or over the size budget on disk. A
   * file found by walking is listed only when it was a candidate; a named file over the budget on disk is
   * listed here and also gets the service's `general/too-large` problem.
   */
  skipped: SkippedFile[];
  /** The directory arguments, as given. */
  dirs: string[];
}

/**
 * Reads the given paths (directories walked), builds the project model from the project files found, and
 * validates every file a family recognises (and every file named explicitly) with the project known.
 * Shared by `lineage-lens check` and the language server's setup report.
 */
export async function checkPaths(paths: readonly string[], env: CheckPathsEnv): Promise<CheckResult> {
  const service = createLanguageService({
    ...(env.python ? { python: env.python } : {}),
    ...(env.pythonTree ? { pythonTree: env.pythonTree } : {}),
    ...(env.jvm ? { jvm: env.jvm.parse } : {}),
  });
  const collected = await collectPaths([...paths], env.cwd, accept, () => undefined);
  // Named files are shown as given; files found by walking, relative to the current directory.
  const named = new Map(paths.map((p) => [isAbsolute(p) ? p : resolve(env.cwd, p), p]));
  const files = collected.files.map((f) => ({ ...f, shown: f.explicit ? (named.get(f.path) ?? f.path) : display(f.path, env.cwd) }));
  let unreadable = collected.missing;
  const skipped: SkippedFile[] = collected.missingPaths.map((p) => ({
    shown: p,
    path: isAbsolute(p) ? p : resolve(env.cwd, p),
    explicit: true,
    reason: 'missing',
  }));

  // Pass 1: the project model. Each path's project is found from its own location (the repository or project
  // folder above it), so a file named from elsewhere is judged by its own project's Dockerfile, not the
  // current directory's.
  const index = new ProjectIndex();
  const texts = new Map<string, string>();
  const indexed = new Set<string>();
  // What predictions read besides DAG files (SQL templates, dbt projects, connection exports): `dags/sql-unparsable`.
  const sources = new WorkspaceFiles();
  for (const root of await projectSearchRoots(files.map((f) => f.path))) {
    const wanted = (full: string) => projectFileKind(full) !== undefined || isPredictSource(full);
    for await (const f of walkFiles(root, { accept: (_n, full) => wanted(full), maxFiles: 20000 })) {
      if (indexed.has(f)) continue;
      indexed.add(f);
      const project = projectFileKind(f) !== undefined;
      const read = await readTextFile(f, project ? maxFileBytes(service.limits) : predictSourceBytes(f, maxFileBytes(service.limits)));
      if (read.kind !== 'text') continue;
      if (project) index.update(pathToFileURL(f).href, read.text);
      if (isPredictSource(f)) sources.set(pathToFileURL(f).href, read.text);
    }
  }
  const problems: CheckResult['problems'] = [];
  /** Files over the size budget by their size on disk alone (never read): their one diagnostic. */
  const oversized = new Map<string, ReturnType<typeof service.tooLargeOnDisk>>();
  for (const f of files) {
    // Only regular files (after following symlinks), and no more than the service would check (a notebook's
    // outputs are never read, so notebooks may be larger).
    const read = await readTextFile(f.path, isNotebookPath(f.path) ? NOTEBOOK_MAX_CHARS : maxFileBytes(service.limits));
    if (read.kind === 'too-large') {
      // Named files get the service's too-large diagnostic too.
      if (f.explicit) oversized.set(f.path, service.tooLargeOnDisk(read.bytes, DEFAULT_SETTINGS));
      skipped.push({ shown: f.shown, path: f.path, explicit: f.explicit, reason: 'too-large', detail: read.bytes });
      continue;
    }
    if (read.kind === 'binary' || read.kind === 'not-a-file') {
      skipped.push({ shown: f.shown, path: f.path, explicit: f.explicit, reason: read.kind });
      continue;
    }
    if (read.kind === 'error') {
      skipped.push({ shown: f.shown, path: f.path, explicit: f.explicit, reason: 'unreadable', detail: read.code });
      unreadable++;
      continue;
    }
    const text = read.text;
    texts.set(f.path, text);
    index.update(pathToFileURL(f.path).href, text);
    if (f.path.endsWith('.py') && isPythonPredictSource(text)) sources.set(pathToFileURL(f.path).href, text);
  }

  // Files the project names whatever their name (compose `env_file:`), read once the others are indexed.
  for (const uri of index.references()) {
    const read = await readTextFile(fileURLToPath(uri), maxFileBytes(service.limits));
    if (read.kind === 'text') index.update(uri, read.text);
  }

  // Pass 2: validate each file with its project known. Files that no family recognises are not counted as checked.
  const project = index.model;
  await loadJvmGrammars(
    env,
    files.map((f) => f.path),
  );
  const checked: CheckedFile[] = [];
  const lineageOf = await predictionsFor(files, texts, sources, env);
  for (const f of files) {
    const text = texts.get(f.path);
    const tooLarge = oversized.get(f.path);
    if (tooLarge) {
      checked.push({ shown: f.shown, path: f.path, kind: undefined, family: undefined, explicit: f.explicit });
      for (const d of tooLarge)
        problems.push({
          file: f.shown,
          path: f.path,
          range: d.range,
          severity: SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Information]!,
          code: String(d.code),
          message: String(d.message),
        });
      continue;
    }
    if (text === undefined) continue;
    const doc = TextDocument.create(pathToFileURL(f.path).href, languageOf(f.path), 1, text);
    const own = index.modelFor(doc.uri);
    const found = service.classify(doc, { project: own });
    if (!f.explicit && !found) continue;
    checked.push({ shown: f.shown, path: f.path, kind: found?.kind, family: found?.family, explicit: f.explicit });
    const lineage = lineageOf(own);
    for (const d of service.validate(doc, DEFAULT_SETTINGS, { explicit: f.explicit, project: own, ...(lineage ? { lineage } : {}) })) {
      const severity = SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error]!;
      const cell = (d.data as { cell?: CheckedProblem['cell'] } | undefined)?.cell;
      problems.push({
        file: f.shown,
        path: f.path,
        range: d.range,
        severity,
        code: String(d.code),
        message: typeof d.message === 'string' ? d.message : d.message.value,
        ...(cell ? { cell } : {}),
      });
    }
  }
  return {
    files: checked,
    problems,
    project,
    unreadable,
    candidates: files.length,
    skipped,
    dirs: collected.dirs.map((d) => named.get(d) ?? d),
  };
}

/**
 * A static-lineage index with the predictor of each project (made on first use): SQL lineage loaded once, and
 * only when a DAG file is among those checked. Without `env.sql` or a Python parser: no predictions.
 */
async function predictionsFor(
  files: readonly { path: string }[],
  texts: ReadonlyMap<string, string>,
  sources: WorkspaceFiles,
  env: CheckPathsEnv,
): Promise<(project: ProjectModel) => LineageIndex | undefined> {
  const tree = env.pythonTree;
  const hasDag = files.some((f) => f.path.endsWith('.py') && mentionsAirflow(texts.get(f.path) ?? ''));
  if (!tree || !env.sql || !hasDag) return () => undefined;
  const sql = await env.sql().catch((e: unknown) => {
    env.err(`lineage-lens: SQL lineage is unavailable (${(e as Error).message}); SQL operators' SQL is not checked\n`);
    return undefined;
  });
  if (!sql) return () => undefined;
  const indexes = new Map<ProjectModel, LineageIndex>();
  return (project) => {
    let index = indexes.get(project);
    if (!index) {
      const namespace = jobNamespace(project).namespace;
      index = new LineageIndex({ namespace });
      index.predictor = new WorkspacePredictor({ project, files: sources, sql, pythonTree: tree, jobNamespace: namespace });
      indexes.set(project, index);
    }
    return index;
  };
}

const SHARED_FOLDERS = new Set([homedir(), tmpdir(), '/']);

/** Files that mark a folder as a project (or a repository) when looking above a checked path. */
const MARKERS = [
  '.git',
  'Dockerfile',
  'docker-compose.yml',
  'docker-compose.yaml',
  'compose.yml',
  'compose.yaml',
  'requirements.txt',
  'pyproject.toml',
  'airflow.cfg',
  '.astro',
  'dbt_project.yml',
];

/**
 * Where to look for the project files of each checked path: the repository above it (a folder with `.git`),
 * else the outermost project folder above it, else its own folder. Nested results are merged into the
 * outer one, so no folder is walked twice.
 */
async function projectSearchRoots(paths: readonly string[]): Promise<string[]> {
  const roots = new Set<string>();
  const seen = new Set<string>();
  for (const p of paths) {
    let dir = dirname(p);
    if (seen.has(dir)) continue;
    seen.add(dir);
    let project: string | undefined;
    let repo: string | undefined;
    for (let d = dir, depth = 0; depth < 64; depth++) {
      const found = await Promise.all(MARKERS.map((m) => exists(join(d, m))));
      if (found[0]) {
        repo = d;
        break;
      }
      // Shared folders (the home folder, the temp folder, the root) are never a project, whatever lies there.
      if (found.some(Boolean) && !SHARED_FOLDERS.has(d)) project = d;
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
    dir = repo ?? project ?? dir;
    roots.add(dir);
  }
  const sorted = [...roots].sort((a, b) => a.length - b.length);
  return sorted.filter((r, i) => !sorted.slice(0, i).some((o) => r === o || r.startsWith(o.endsWith(sep) ? o : o + sep)));
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Loads the Scala/Java grammars that the files need (each only when such a file is there); warns when one cannot load. */
async function loadJvmGrammars(env: CheckPathsEnv, paths: readonly string[]): Promise<void> {
  const languages = new Set(paths.map((p) => jvmLanguageOf(p)).filter((l) => l !== undefined));
  for (const language of languages) {
    try {
      await env.jvm?.load(language);
    } catch (e) {
      env.err(
        `lineage-lens: ${language === 'scala' ? 'Scala' : 'Java'} support unavailable (${(e as Error).message}); those files are skipped.\n`,
      );
    }
  }
}

/** Paths under a directory argument are shown relative to the current directory. */
function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
}

/** The language id a file on disk is checked as (its TextDocument's). */
export function languageOf(path: string): string {
  if (/\.py$/i.test(path)) return 'python';
  const jvm = jvmLanguageOf(path);
  if (jvm) return jvm;
  if (/\.ipynb$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (basename(path) === 'Dockerfile') return 'dockerfile';
  if (/\.(sh|bash|ksh|zsh)$/i.test(path)) return 'shellscript';
  if (/spark-defaults[^/]*\.conf$/i.test(path)) return 'spark-conf';
  return 'plaintext';
}
