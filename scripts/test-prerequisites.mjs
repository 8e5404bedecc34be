// The first step of `npm test`: what the tests need besides npm packages, on a fresh Debian machine with Node 20
// that reaches the npm registry and Debian's packages. What is missing is installed when it can be (apt-get, as
// root or with passwordless sudo); otherwise the run stops at once with the exact command to run.
//
//   - Chromium (/usr/bin/chromium): the browser tests and the real VS Code of the integration tests;
//   - ripgrep (/usr/bin/rg): VS Code's workspace search in the integration tests;
//   - python3, make and g++, until code-server is installed: it compiles VS Code's native modules (once);
//   - the shared OpenLineage corpus (../shared/openlineage-corpus): outside CI a missing corpus stops the run
//     (put it there, or skip the tests that read it); under CI=true they are skipped, and that is said loudly.
//
// Usage: node scripts/test-prerequisites.mjs [--check]   (--check: install nothing; exit 1 when something is missing)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM_PATH } from './chromium.mjs';
import { codeServerEntry } from './install-code-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED_CORPUS = join(root, '..', 'shared', 'openlineage-corpus');
export const RG_PATH = '/usr/bin/rg';

/**
 * What to do, from the facts of this machine (a pure function, for the tests):
 * `{ install: { sudo, packages } }`, `{ stop: message }` (exit 1), or `{}` (go on); `notes` are printed either way.
 * @param {import('./test-prerequisites.d.mts').Facts} f
 * @returns {import('./test-prerequisites.d.mts').Decision}
 */
export function decide(f) {
  const notes = [];
  if (Number(f.nodeVersion.split('.')[0]) < 20)
    return { notes, stop: `Node ${f.nodeVersion} is too old: the tests need Node 20 or later.` };
  if (!f.dependencies)
    return {
      notes,
      stop: "the npm dependencies are not installed. Run README's test command, which installs them first:\n  npm ci && npm test",
    };

  const missing = [];
  if (!f.chromium) missing.push(['chromium', `the browser tests and the integration tests drive ${CHROMIUM_PATH}`]);
  if (!f.ripgrep) missing.push(['ripgrep', `VS Code's workspace search in the integration tests runs ${RG_PATH}`]);
  if (!f.codeServerInstalled)
    for (const program of ['python3', 'make', 'g++'])
      if (!f.programs[program]) missing.push([program, "code-server's first install compiles VS Code's native modules with it"]);
  if (missing.length) {
    const packages = missing.map(([pkg]) => pkg);
    for (const [pkg, why] of missing) notes.push(`missing: ${pkg} (${why})`);
    const command = `sudo apt-get install -y ${packages.join(' ')}`;
    if (!f.aptGet)
      return {
        notes,
        stop: `install ${packages.join(', ')} with this system's package manager (Chromium at ${CHROMIUM_PATH}, ripgrep at ${RG_PATH}), then run npm test again.`,
      };
    if (f.checkOnly || (f.uid !== 0 && !f.sudo))
      return {
        notes,
        stop: `cannot install them here (${f.checkOnly ? '--check' : 'not root, and sudo asks for a password'}). Run this, then npm test again:\n  ${command}`,
      };
    return { notes, install: { sudo: f.uid !== 0, packages } };
  }

  if (!f.corpus) {
    const where = '../shared/openlineage-corpus';
    if (f.env.LINEAGE_LENS_SKIP_SHARED === '1')
      notes.push(`${where} is missing: the tests that read it are skipped (LINEAGE_LENS_SKIP_SHARED=1).`);
    else if (f.env.CI === 'true')
      notes.push(
        `!!!! ${where} is missing: the tests that read the shared OpenLineage corpus are SKIPPED (CI=true; outside CI they fail) !!!!`,
      );
    else
      return {
        notes,
        stop:
          `${where} is missing: it is the shared OpenLineage corpus (real configurations, DAGs and events) some tests read, ` +
          `expected beside the repository. Put it there, or skip those tests:\n  LINEAGE_LENS_SKIP_SHARED=1 npm test`,
      };
  }
  return { notes };
}

/** The facts of this machine. */
function facts(checkOnly) {
  const onPath = (program) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, program)));
  const uid = process.getuid?.() ?? -1;
  return {
    nodeVersion: process.versions.node,
    dependencies: existsSync(join(root, 'node_modules', '.bin', 'tsc')),
    chromium: existsSync(CHROMIUM_PATH),
    ripgrep: existsSync(RG_PATH),
    codeServerInstalled: existsSync(codeServerEntry),
    programs: Object.fromEntries(['python3', 'make', 'g++'].map((p) => [p, onPath(p)])),
    aptGet: existsSync('/usr/bin/apt-get'),
    uid,
    sudo: uid !== 0 && !checkOnly && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
    corpus: existsSync(SHARED_CORPUS),
    env: { CI: process.env.CI, LINEAGE_LENS_SKIP_SHARED: process.env.LINEAGE_LENS_SKIP_SHARED },
    checkOnly,
  };
}

function main() {
  const say = (message) => process.stderr.write(`[test prerequisites] ${message}\n`);
  const checkOnly = process.argv.includes('--check');
  let decision = decide(facts(checkOnly));
  if (decision.install) {
    for (const note of decision.notes) say(note);
    const { sudo, packages } = decision.install;
    say(`installing ${packages.join(' ')} with apt-get${sudo ? ' (sudo)' : ''}`);
    const apt = (...args) => {
      const cmd = [...(sudo ? ['sudo', '-n'] : []), 'apt-get', '-o', 'DPkg::Lock::Timeout=600', ...args];
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      return spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], env }).status === 0;
    };
    if (!apt('update') || !apt('install', '-y', ...packages)) {
      say(`apt-get could not install ${packages.join(' ')}: check that Debian's package mirrors are reachable, then run:`);
      say(`  sudo apt-get install -y ${packages.join(' ')}`);
      process.exit(1);
    }
    decision = decide(facts(checkOnly));
    if (decision.install) decision = { ...decision, stop: `still missing after apt-get: ${decision.install.packages.join(', ')}` };
  }
  for (const note of decision.notes) say(note);
  if (decision.stop) {
    say(decision.stop);
    process.exit(1);
  }
  say(`ready: Node ${process.versions.node}, ${CHROMIUM_PATH}, ${RG_PATH}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
