/**
 * Workspace file discovery shared by the CLI and the language server (Node I/O; never used by the service).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

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
