/**
 * Workspace file discovery shared by the CLI and the language server (Node I/O; never used by the service).
 */
import { constants } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

/** Folders never searched: dependencies, VCS data, caches, build output of this tool. */
export const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  'site-packages',
  '.vscode-test',
  '.lineage',
  'target',
  'dbt_packages',
  'logs',
]);

export interface WalkOptions {
  /** Which files to yield, by name (and full path, for names that matter only in some folders). */
  readonly accept: (name: string, path: string) => boolean;
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
        if (
          await stat(join(full, 'pyvenv.cfg')).then(
            () => true,
            () => false,
          )
        )
          continue;
        yield* walk(full);
      } else if (e.isFile() && options.accept(e.name, full)) {
        // Regular files only (symbolic links, FIFOs and devices are not walked); readers use readTextFile.
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
  /** The arguments that did not exist, as given. */
  readonly missingPaths: string[];
}

/**
 * Resolves command-line path arguments: directories are walked for the accepted files, files are taken as
 * named (checked by content whatever their name), and missing paths are reported once each.
 */
export async function collectPaths(
  paths: readonly string[],
  cwd: string,
  accept: (name: string) => boolean,
  err: (message: string) => void,
): Promise<CollectedPaths> {
  const files: { path: string; explicit: boolean }[] = [];
  const dirs: string[] = [];
  const missingPaths: string[] = [];
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(cwd, p);
    const info = await stat(abs).catch(() => undefined);
    if (!info) {
      err(`lineage-lens: ${p}: no such file or directory\n`);
      missingPaths.push(p);
    } else if (info.isDirectory()) {
      dirs.push(abs);
      for await (const f of walkFiles(abs, { accept })) files.push({ path: f, explicit: false });
    } else {
      files.push({ path: abs, explicit: true });
    }
  }
  return { files, dirs, missing: missingPaths.length, missingPaths };
}

/** What `readTextFile` found. */
export type ReadResult =
  | { readonly kind: 'text'; readonly text: string; readonly bytes: number }
  /** Over `maxBytes`: not read. */
  | { readonly kind: 'too-large'; readonly bytes: number }
  /** Not a regular file once symlinks are followed (a FIFO, a device, a socket, a directory): not read. */
  | { readonly kind: 'not-a-file' }
  /** Holds NUL bytes: binary, not read as text. */
  | { readonly kind: 'binary' }
  | { readonly kind: 'error'; readonly code: string };

/**
 * Reads a text file safely: checks what the path is first (a `.env` symlinked to /dev/zero or a FIFO must
 * never be read), then reads at most `maxBytes` + 1 bytes from the opened handle, so a file that grows
 * between the check and the read cannot make it unbounded either.
 */
export async function readTextFile(path: string, maxBytes: number): Promise<ReadResult> {
  let handle: FileHandle | undefined;
  try {
    // stat follows symlinks; open with O_NONBLOCK so that a FIFO swapped in after the check cannot block.
    const info = await stat(path);
    if (!info.isFile()) return { kind: 'not-a-file' };
    if (info.size > maxBytes) return { kind: 'too-large', bytes: info.size };
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const opened = await handle.stat();
    if (!opened.isFile()) return { kind: 'not-a-file' };
    if (opened.size > maxBytes) return { kind: 'too-large', bytes: opened.size };
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(opened.size, 0) + 1));
    let length = 0;
    while (length < buf.length) {
      const { bytesRead } = await handle.read(buf, length, buf.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { kind: 'too-large', bytes: length };
    const data = buf.subarray(0, length);
    if (data.includes(0)) return { kind: 'binary' };
    return { kind: 'text', text: data.toString('utf8'), bytes: length };
  } catch (e) {
    return { kind: 'error', code: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
