// Runs the integration suite in desktop VS Code through @vscode/test-electron, which downloads VS Code from
// Microsoft's update servers: for contributors with internet (`npm run test:electron`). Machines that only
// reach the npm registry use test/integration/run.mjs (code-server + Chromium) instead; both load the same
// suite module, dist/test/suite/index.js.
//
//   node test/integration/run-electron.mjs
//   VSCODE_VERSION=1.96.0 node test/integration/run-electron.mjs     (default: stable)
//   VSCODE_EXECUTABLE=/path/to/code node test/integration/run-electron.mjs   (use an installed VS Code)
// On Linux without a display, run it under `xvfb-run -a`.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const testsPath = join(root, 'dist', 'test', 'suite', 'index.js');

for (const file of [join(root, 'dist', 'extension.js'), testsPath]) {
  if (!existsSync(file)) {
    console.error(`${relative(root, file)} is missing: run npm run build first`);
    process.exit(1);
  }
}

const { runTests } = await import('@vscode/test-electron');

// The tests edit the fixture, so they get a copy.
const tempDir = mkdtempSync(join(tmpdir(), 'lineage-lens-electron-'));
const workspace = join(tempDir, 'workspace');
cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
const resultsFile = join(tempDir, 'results.json');
// An endpoint configured before the extension activates, as run.mjs does (suite/walkthrough.test.ts).
mkdirSync(join(tempDir, 'user-data', 'User'), { recursive: true });
writeFileSync(join(tempDir, 'user-data', 'User', 'settings.json'), JSON.stringify({ 'lineageLens.endpoint.url': 'http://127.0.0.1:9' }));

let exitCode = 1;
try {
  await runTests({
    ...(process.env.VSCODE_EXECUTABLE
      ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE }
      : { version: process.env.VSCODE_VERSION ?? 'stable' }),
    extensionDevelopmentPath: root,
    extensionTestsPath: testsPath,
    extensionTestsEnv: { LINEAGE_LENS_TEST_RESULTS: resultsFile },
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      join(tempDir, 'user-data'),
    ],
  });
  exitCode = 0;
} catch (err) {
  console.error(`integration (electron): ${err?.message ?? err}`);
} finally {
  // The suite's spec reporter has printed the details through VS Code's output; this is the summary.
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    console.log(`\nintegration: ${results.passes} passed, ${results.failures} failed`);
    if (results.failures > 0) exitCode = 1;
  } else {
    console.log('\nintegration: 0 passed, 1 failed (the suite wrote no results)');
    exitCode = 1;
  }
  rmSync(tempDir, { recursive: true, force: true });
}
process.exit(exitCode);
