/**
 * Entry point of the integration suite, loaded by VS Code as `extensionTestsPath` (bundled by
 * scripts/build.mjs to dist/test/suite/index.js). The same module runs under both hosts:
 * - code-server (test/integration/run.mjs): the web workbench never reports a result, so the outcome goes
 *   to the JSON file named by the LINEAGE_LENS_TEST_RESULTS environment variable, which code-server passes
 *   on to the extension host; the driver waits for that file.
 * - @vscode/test-electron (test/integration/run-electron.mjs): the rejection of `run()` sets the exit code;
 *   the results file is written too when the variable is set.
 *
 * The test files are imported here rather than globbed because esbuild bundles them into this one file.
 * They are imported after mocha has set up its `describe`/`it` globals, hence the dynamic imports.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { version as vscodeVersion } from 'vscode';

/** Environment variable naming the JSON results file. */
export const RESULTS_ENV = 'LINEAGE_LENS_TEST_RESULTS';

/** Loads the test files; each one must be imported here. */
async function loadTests(): Promise<void> {
  // `run.mjs --multi-root` opens test/fixtures/multi-root as a two-folder workspace: only its own tests run there.
  if (process.env.LINEAGE_LENS_TEST_SUITE === 'multi-root') {
    await import('./multi-root.test.js');
    return;
  }
  await import('./walkthrough.test.js');
  // First: it asserts on a file no test has opened yet, right after activation.
  await import('./workspace-problems.test.js');
  await import('./spark.test.js');
  await import('./graph.test.js');
  await import('./airflow.test.js');
  await import('./gx.test.js');
  await import('./project-notebooks.test.js');
  await import('./dags.test.js');
  await import('./ol-config.test.js');
  await import('./openmetadata.test.js');
  await import('./endpoint.test.js');
  await import('./viewer.test.js');
  await import('./dag-lineage.test.js');
  await import('./local-endpoint.test.js');
  await import('./setup.test.js');
  await import('./setup-projects.test.js');
  await import('./predict.test.js');
}

/** One test's outcome, as written to the results file. */
export interface TestResult {
  readonly title: string;
  /** Suite titles and the test title, outermost first. */
  readonly titlePath: string[];
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  readonly error?: { message: string; stack?: string };
}

/** The results file's content. */
export interface TestResults {
  readonly passes: number;
  readonly failures: number;
  readonly pending: number;
  readonly durationMs: number;
  readonly vscodeVersion: string;
  readonly tests: TestResult[];
  /** Set when the suite could not run at all (e.g. a test file failed to load). */
  readonly error?: { message: string; stack?: string };
}

function errorInfo(err: unknown): { message: string; stack?: string } {
  if (err instanceof Error) return { message: err.message, stack: err.stack };
  return { message: String(err) };
}

/** Writes the results atomically, so a watcher never reads half a file. */
function writeResults(results: TestResults): void {
  const path = process.env[RESULTS_ENV];
  if (!path) return;
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(results, null, 2));
  renameSync(temp, path);
}

export async function run(): Promise<void> {
  const started = Date.now();
  const version = vscodeVersion;
  const tests: TestResult[] = [];
  let failures: number;
  try {
    // mocha 12 is an ES module; a dynamic import loads it from a CommonJS bundle on any Node.
    const { default: Mocha } = await import('mocha');
    // LINEAGE_LENS_TEST_GREP (run.mjs --grep) runs only the tests whose full title matches it.
    const grep = process.env.LINEAGE_LENS_TEST_GREP;
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
    // Defines describe/it/before... on the global object, as mocha does before requiring each test file.
    mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, 'integration-suite', mocha);
    await loadTests();
    const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
    failures = await new Promise<number>((resolve) => {
      const runner = mocha.run(resolve);
      runner.on(EVENT_TEST_PASS, (test) =>
        tests.push({ title: test.fullTitle(), titlePath: test.titlePath(), state: 'passed', durationMs: test.duration }),
      );
      runner.on(EVENT_TEST_PENDING, (test) => tests.push({ title: test.fullTitle(), titlePath: test.titlePath(), state: 'pending' }));
      // Also fires for failing hooks (`test` is then the hook), which count as failures too.
      runner.on(EVENT_TEST_FAIL, (test, err) =>
        tests.push({
          title: test.fullTitle(),
          titlePath: test.titlePath(),
          state: 'failed',
          durationMs: test.duration,
          error: errorInfo(err),
        }),
      );
    });
  } catch (err) {
    writeResults({
      passes: 0,
      failures: 1,
      pending: 0,
      durationMs: Date.now() - started,
      vscodeVersion: version,
      tests,
      error: errorInfo(err),
    });
    throw err;
  }
  const count = (state: TestResult['state']) => tests.filter((t) => t.state === state).length;
  writeResults({
    passes: count('passed'),
    failures: Math.max(failures, count('failed')),
    pending: count('pending'),
    durationMs: Date.now() - started,
    vscodeVersion: version,
    tests,
  });
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
