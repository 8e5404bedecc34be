/**
 * Workspace file discovery shared by the CLI and the language server (Node I/O; never used by the service).
 */
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

/** Folders never searched: dependencies, VCS data, caches, build output of this tool. */
export const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', 'site-packages', '.vscode-test', '.lineage', 'target', 'dbt_packages', 'logs']);

export interface WalkOptions {
  /** Which files to yield, by name. */
  readonly accept: (name: string) => boolean;
  /** Stop after this many files (a safety net for huge trees). */
  readonly maxFiles?: number;
}

/** Yields the accepted files below `dir`, sorted by name per folder, skipping SKIP_DIRS and virtualenvs. */
export async function* walkFiles(dir: string, options: WalkOptions): AsyncGenerator<string> {
  let count = 0;
  const max = options.maxFiles ?? Infinity;
  async function* walk(d: string): AsyncGenerator<string> {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (count >= max) return;
      const full = join(d, e.name);
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name)) continue;
        // A virtualenv is any folder holding pyvenv.cfg, whatever its name.
        if (await stat(join(full, 'pyvenv.cfg')).then(() => true, () => false)) continue;
        yield* walk(full);
      } else if (e.isFile() && options.accept(e.name)) {
        count++;
        yield full;
      }
    }
  }
  yield* walk(dir);
}

export interface CollectedPaths {
  /** Files to read: found by walking a directory argument, or named explicitly. */
  readonly files: { readonly path: string; readonly explicit: boolean }[];
  /** The directory arguments, as absolute paths. */
  readonly dirs: string[];
  /** How many arguments did not exist (each already reported through `err`). */
  readonly missing: number;
}

/**
 * Resolves command-line path arguments: directories are walked for the accepted files, files are taken as
 * named (checked by content whatever their name), and missing paths are reported once each.
 */
export async function collectPaths(paths: readonly string[], cwd: string, accept: (name: string) => boolean, err: (message: string) => void): Promise<CollectedPaths> {
  const files: { path: string; explicit: boolean }[] = [];
  const dirs: string[] = [];
  let missing = 0;
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(cwd, p);
    const info = await stat(abs).catch(() => undefined);
    if (!info) {
      err(`lineage-lens: ${p}: no such file or directory\n`);
      missing++;
    } else if (info.isDirectory()) {
      dirs.push(abs);
      for await (const f of walkFiles(abs, { accept })) files.push({ path: f, explicit: false });
    } else {
      files.push({ path: abs, explicit: true });
    }
  }
  return { files, dirs, missing };
}
