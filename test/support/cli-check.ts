/**
 * `lineage-lens check` (runCheck) on real files in a temporary directory, for the CLI tests: `cliWorkspace()`
 * gives a fresh folder per test, `write` puts files in it, `check` runs the command there and returns the exit
 * code with everything printed. The Python parsers come from the shared harness.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCheck, type CheckOptions } from '../../server/src/cli/check';
import type { CheckPathsEnv } from '../../server/src/node/check';
import { pythonSpark, pythonTrees } from './harness';

export interface CliWorkspace {
  /** The folder, the current directory of every run. */
  readonly dir: string;
  /** Writes a file (parents created) and returns its absolute path. */
  write(rel: string, text: string): string;
  /** Runs `lineage-lens check` on `paths`; `env` adds parsers (the DAG tree, the JVM grammars). */
  check(
    paths: string[],
    options?: Partial<Omit<CheckOptions, 'paths'>>,
    env?: { dags?: boolean; jvm?: CheckPathsEnv['jvm'] },
  ): Promise<Awaited<ReturnType<typeof runCheck>> & { out: string; err: string }>;
}

/** A fresh temporary folder for each test of the enclosing `describe`, removed after it. */
export function cliWorkspace(prefix: string): CliWorkspace {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    write(rel, text) {
      const path = join(dir, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    async check(paths, options = {}, env = {}) {
      let out = '';
      let err = '';
      const result = await runCheck(
        { paths, format: 'text', quiet: false, ...options },
        {
          python: pythonSpark(),
          ...(env.dags ? { pythonTree: pythonTrees() } : {}),
          ...(env.jvm ? { jvm: env.jvm } : {}),
          cwd: dir,
          out: (s) => (out += s),
          err: (s) => (err += s),
        },
      );
      return { ...result, out, err };
    },
  };
}
