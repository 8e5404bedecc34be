// Installs code-server 4.100.3 (VS Code 1.100.3's server and web workbench) from the npm registry into
// `.vscode-test/code-server/package/`, without reaching any other host. This is how the integration tests and
// `npm run demo` get a real VS Code on machines that only reach the npm registry and Debian's packages.
//
// A plain `npm install code-server` fails offline: its postinstall installs VS Code's dependencies from a
// shrinkwrap that pins one package to a GitHub URL, and @vscode/ripgrep downloads a binary from GitHub. So this
// script does the postinstall's work by hand:
//   1. npm pack code-server@4.100.3 and untar it into a staging folder;
//   2. rewrite every git+ssh "resolved" URL in lib/vscode/npm-shrinkwrap.json to the registry tarball;
//   3. install lib/vscode's dependencies with --ignore-scripts, then rebuild the native modules it needs;
//   4. recreate the postinstall's symlinks;
//   5. install code-server's own dependencies, rebuild argon2;
//   6. link Debian's ripgrep (/usr/bin/rg) as @vscode/ripgrep's binary, when it is installed;
//   7. check `entry.js --version`, then move the staging folder into place (so a failed or concurrent run
//      never leaves a half-installed `package/` behind).
// Idempotent: does nothing when the installed copy already reports the expected version.
//
// Usage: node scripts/install-code-server.mjs [--force]
// From another script: `const { entry } = await ensureCodeServer();`
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where code-server lives; `.vscode-test/` is ignored by git. */
export const codeServerDir = join(root, '.vscode-test', 'code-server');
/** The installed package root (what `npm pack` unpacks as `package/`). */
export const codeServerPackage = join(codeServerDir, 'package');
/** The script that starts code-server. */
export const codeServerEntry = join(codeServerPackage, 'out', 'node', 'entry.js');

/** code-server's own config file; ours says `auth: none` and binds to loopback (the command line repeats both). */
export const codeServerConfig = join(codeServerDir, 'config.yaml');

/** Native modules of VS Code's server that must be compiled for this Node (kerberos is left out: it needs Kerberos headers, and only proxy authentication uses it). */
const VSCODE_NATIVES = ['node-pty', '@vscode/spdlog', 'native-watchdog', '@parcel/watcher', '@vscode/deviceid'];

class StepError extends Error {
  /** @param {string} step @param {string} message @param {string} [hint] */
  constructor(step, message, hint) {
    super(`code-server install failed at step "${step}": ${message}${hint ? `\n  What to do: ${hint}` : ''}`);
    this.name = 'StepError';
  }
}

function log(message) {
  process.stderr.write(`[code-server] ${message}\n`);
}

/** The environment for npm: root needs unsafe-perm to run package scripts; node-gyp uses local headers when present. */
function npmEnv() {
  const env = {
    ...process.env,
    npm_config_unsafe_perm: 'true',
    // node-pty's install script runs `npx node-gyp`; a user config of `yes=false` would cancel it.
    npm_config_yes: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  // Without headers node-gyp would download them from nodejs.org, which is unreachable here.
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/common.gypi')) env.npm_config_nodedir = '/usr';
  return env;
}

/**
 * Runs a command, capturing its output; on failure throws a StepError that shows the output's tail.
 * @param {string} step @param {string} cmd @param {string[]} args @param {{ cwd?: string, hint?: string }} [options]
 */
function run(step, cmd, args, { cwd = codeServerDir, hint } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => reject(new StepError(step, `could not start ${cmd}: ${err.message}`, hint)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(out);
      const tail = out.trim().split('\n').slice(-25).join('\n');
      reject(
        new StepError(step, `\`${cmd} ${args.join(' ')}\` (in ${relative(root, cwd) || '.'}) exited with ${signal ?? code}\n${tail}`, hint),
      );
    });
  });
}

/** The version line of an installed code-server, or undefined when none runs. @param {string} entry */
export function installedVersion(entry = codeServerEntry) {
  if (!existsSync(entry)) return undefined;
  if (!existsSync(codeServerConfig)) writeCodeServerConfig();
  // Without CODE_SERVER_CONFIG, code-server writes a default config (with a random password) to ~/.config.
  const env = { ...process.env, CODE_SERVER_CONFIG: codeServerConfig };
  const r = spawnSync(process.execPath, [entry, '--version'], { encoding: 'utf8', timeout: 60_000, env });
  if (r.status !== 0) return undefined;
  return r.stdout
    .split('\n')
    .find((line) => /^\d+\.\d+\.\d+ /.test(line))
    ?.trim();
}

/** Writes the config file code-server reads instead of ~/.config/code-server/config.yaml. */
export function writeCodeServerConfig() {
  mkdirSync(codeServerDir, { recursive: true });
  writeFileSync(codeServerConfig, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
}

function isExpectedVersion(line) {
  return typeof line === 'string' && line.startsWith(`${CODE_SERVER_VERSION} `) && line.includes(`Code ${VSCODE_VERSION}`);
}

/**
 * Makes sure code-server is installed, installing it when needed.
 * @param {{ force?: boolean, quiet?: boolean }} [options]
 * @returns {Promise<{ entry: string, version: string, installed: boolean }>} `installed` is true when this call installed it.
 */
export async function ensureCodeServer({ force = false, quiet = false } = {}) {
  const current = installedVersion();
  if (!force && isExpectedVersion(current)) {
    if (!quiet) log(`code-server ${current} already installed in ${relative(root, codeServerPackage)}`);
    // Installed before ripgrep was (npm test installs it now): link it, as step 6 would have.
    const rg = join(codeServerPackage, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
    if (!existsSync(rg) && existsSync('/usr/bin/rg')) {
      mkdirSync(dirname(rg), { recursive: true });
      rmSync(rg, { force: true });
      symlinkSync('/usr/bin/rg', rg);
      log(`linked /usr/bin/rg as ${relative(root, rg)}`);
    }
    return { entry: codeServerEntry, version: current, installed: false };
  }
  await install();
  return { entry: codeServerEntry, version: installedVersion() ?? '', installed: true };
}

/** Removes staging folders left by installs that were killed (their process is gone). */
function removeStaleStaging() {
  for (const name of readdirSync(codeServerDir)) {
    const pid = Number(/^staging-(\d+)$/.exec(name)?.[1]);
    if (!pid) continue;
    let alive = pid !== process.pid;
    try {
      if (alive) process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) rmSync(join(codeServerDir, name), { recursive: true, force: true });
  }
}

async function install() {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  mkdirSync(codeServerDir, { recursive: true });
  writeCodeServerConfig();
  removeStaleStaging();
  const staging = join(codeServerDir, `staging-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  try {
    // 1. Download and unpack.
    const tarball = join(codeServerDir, `code-server-${CODE_SERVER_VERSION}.tgz`);
    if (!existsSync(tarball)) {
      log(`1/7 npm pack code-server@${CODE_SERVER_VERSION}`);
      await run('1 npm pack', 'npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--pack-destination', codeServerDir, '--silent'], {
        hint: 'check that the npm registry is reachable (`npm view code-server@4.100.3 version`)',
      });
    } else {
      log(`1/7 using ${relative(root, tarball)}`);
    }
    await run('1 unpack', 'tar', ['-xzf', tarball, '-C', staging], {
      hint: `the tarball may be truncated: delete ${relative(root, tarball)} and run again`,
    });
    const pkg = join(staging, 'package');
    const vscodeDir = join(pkg, 'lib', 'vscode');

    // 2. Point git dependencies at the registry.
    log(`2/7 rewriting git URLs in lib/vscode/npm-shrinkwrap.json (${elapsed()})`);
    const shrinkwrapPath = join(vscodeDir, 'npm-shrinkwrap.json');
    const shrinkwrap = JSON.parse(readFileSync(shrinkwrapPath, 'utf8'));
    let rewritten = 0;
    for (const [key, entry] of Object.entries(shrinkwrap.packages ?? {})) {
      if (typeof entry?.resolved !== 'string' || !entry.resolved.startsWith('git+')) continue;
      const name = entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
      const spec = `${name}@${entry.version}`;
      const out = await run('2 shrinkwrap', 'npm', ['view', spec, 'dist.tarball'], {
        hint: `${spec} must exist on the npm registry: this install reaches no other host`,
      });
      const url = out.trim().split('\n').pop()?.trim();
      if (!url?.startsWith('http')) throw new StepError('2 shrinkwrap', `npm view ${spec} dist.tarball printed no URL`);
      log(`    ${spec}: ${entry.resolved} -> ${url}`);
      entry.resolved = url;
      rewritten++;
    }
    log(`    ${rewritten} URL(s) rewritten`);
    writeFileSync(shrinkwrapPath, JSON.stringify(shrinkwrap, null, 2) + '\n');

    // 3. VS Code's dependencies.
    log(`3/7 npm install in lib/vscode (${elapsed()})`);
    await run('3 lib/vscode install', 'npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: vscodeDir,
      hint: 'check registry access; if a "resolved" URL is not on the registry, it needs a rewrite in step 2',
    });
    log(`    npm rebuild ${VSCODE_NATIVES.join(' ')} (${elapsed()})`);
    await run('3 lib/vscode rebuild', 'npm', ['rebuild', ...VSCODE_NATIVES], {
      cwd: vscodeDir,
      hint: 'native modules need python3, make and g++ (`apt-get install -y python3 make g++`) and Node headers (/usr/include/node)',
    });

    // 4. The postinstall's symlinks.
    log(`4/7 symlinks (${elapsed()})`);
    const link = (target, path) => {
      rmSync(path, { force: true });
      symlinkSync(target, path);
    };
    link('node_modules', join(vscodeDir, 'node_modules.asar'));
    link('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
    link('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));

    // 5. code-server's own dependencies.
    log(`5/7 npm install in package/ (${elapsed()})`);
    await run('5 package install', 'npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: pkg,
      hint: 'check registry access',
    });
    await run('5 argon2 rebuild', 'npm', ['rebuild', 'argon2'], { cwd: pkg, hint: 'argon2 needs python3, make and g++' });

    // 6. ripgrep for workspace search and Quick Open.
    const rgDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    if (existsSync('/usr/bin/rg')) {
      log(`6/7 linking /usr/bin/rg as @vscode/ripgrep/bin/rg`);
      mkdirSync(rgDir, { recursive: true });
      link('/usr/bin/rg', join(rgDir, 'rg'));
    } else {
      log('6/7 /usr/bin/rg not found: workspace search will not work (`apt-get install -y ripgrep`, then run this again with --force)');
    }

    // 7. Check, then move into place.
    const version = installedVersion(join(pkg, 'out', 'node', 'entry.js'));
    if (!isExpectedVersion(version)) {
      throw new StepError(
        '7 version check',
        `entry.js --version printed ${JSON.stringify(version)}, expected ${CODE_SERVER_VERSION} with Code ${VSCODE_VERSION}`,
        'run with --force; if it fails again, read the output of `node .vscode-test/code-server/staging-*/package/out/node/entry.js --version`',
      );
    }
    rmSync(codeServerPackage, { recursive: true, force: true });
    renameSync(pkg, codeServerPackage);
    log(`7/7 installed ${version} in ${relative(root, codeServerPackage)} (${elapsed()})`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureCodeServer({ force: process.argv.includes('--force') }).catch((err) => {
    process.stderr.write(`${err instanceof StepError ? err.message : (err?.stack ?? err)}\n`);
    process.exit(1);
  });
}
