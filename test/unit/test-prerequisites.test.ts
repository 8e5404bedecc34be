/**
 * README's test command on a fresh machine (issue 15, item 9): `npm test` installs what it needs besides npm
 * packages when it can, or stops at once with the command to run (scripts/test-prerequisites.mjs), and `.ci/run`
 * is README's test command and nothing more.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Decision, Facts } from '../../scripts/test-prerequisites.mjs' with { 'resolution-mode': 'import' };
import { needsSharedCorpus } from '../support/shared-corpus';

const ROOT = resolve(__dirname, '..', '..');

/** This kind of machine once `npm ci` ran: Debian, Node 20, root, everything there. */
const READY: Facts = {
  nodeVersion: '20.20.2',
  dependencies: true,
  chromium: true,
  ripgrep: true,
  codeServerInstalled: true,
  programs: { python3: true, make: true, 'g++': true },
  aptGet: true,
  uid: 0,
  sudo: false,
  corpus: true,
  env: {},
  checkOnly: false,
};
const fresh = (changes: Partial<Facts>): Facts => ({ ...READY, chromium: false, ripgrep: false, ...changes });

describe('README’s test command', () => {
  it('is `npm ci && npm test`, and .ci/run runs exactly that', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    const commands = block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim());
    assert.equal(commands[1], 'npm ci && npm test');
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && l !== 'set -euo pipefail' && l !== 'cd "$(dirname "$0")/.."');
    assert.deepEqual(ci, ['npm ci && npm test']);
  });

  it('npm test starts with the prerequisites, before anything that needs them', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.match(scripts.test!, /^node scripts\/test-prerequisites\.mjs && /);
  });
});

describe('test prerequisites (scripts/test-prerequisites.mjs)', () => {
  /** scripts/test-prerequisites.mjs is an ES module: loaded before the tests run. */
  let decide: (facts: Facts) => Decision;
  before(async () => {
    ({ decide } = await import('../../scripts/test-prerequisites.mjs'));
  });

  it('goes on when everything is there', () => {
    assert.deepEqual(decide(READY), { notes: [] });
  });

  it('installs Chromium and ripgrep with apt-get as root, or through passwordless sudo', () => {
    assert.deepEqual(decide(fresh({})).install, { sudo: false, packages: ['chromium', 'ripgrep'] });
    assert.deepEqual(decide(fresh({ uid: 1000, sudo: true })).install, { sudo: true, packages: ['chromium', 'ripgrep'] });
    assert.deepEqual(decide(fresh({ chromium: true })).install, { sudo: false, packages: ['ripgrep'] });
  });

  it('adds the build tools code-server compiles with, until code-server is installed', () => {
    const d = decide(fresh({ codeServerInstalled: false, programs: { python3: true, make: false, 'g++': false } }));
    assert.deepEqual(d.install?.packages, ['chromium', 'ripgrep', 'make', 'g++']);
    assert.equal(decide({ ...READY, programs: { python3: false, make: false, 'g++': false } }).install, undefined);
  });

  it('stops at once with the exact command when it cannot install', () => {
    const d = decide(fresh({ uid: 1000, sudo: false }));
    assert.equal(d.install, undefined);
    assert.match(
      d.stop!,
      /not root, and sudo asks for a password\)\. Run this, then npm test again:\n {2}sudo apt-get install -y chromium ripgrep$/,
    );
    assert.deepEqual(d.notes, [
      'missing: chromium (the browser tests and the integration tests drive /usr/bin/chromium)',
      "missing: ripgrep (VS Code's workspace search in the integration tests runs /usr/bin/rg)",
    ]);
    assert.match(decide(fresh({ aptGet: false })).stop!, /^install chromium, ripgrep with this system's package manager/);
    assert.match(
      decide(fresh({ checkOnly: true })).stop!,
      /\(--check\)\. Run this, then npm test again:\n {2}sudo apt-get install -y chromium ripgrep$/,
    );
  });

  it('stops when the npm dependencies are missing or Node is too old', () => {
    assert.match(decide({ ...READY, dependencies: false }).stop!, /\n {2}npm ci && npm test$/);
    assert.match(decide({ ...READY, nodeVersion: '18.19.0' }).stop!, /Node 18\.19\.0 is too old/);
  });

  it('a missing shared corpus: stops outside CI with the command that skips it, skips loudly under CI=true', () => {
    assert.match(decide({ ...READY, corpus: false }).stop!, /openlineage-corpus is missing: .*\n {2}LINEAGE_LENS_SKIP_SHARED=1 npm test$/);
    const ci = decide({ ...READY, corpus: false, env: { CI: 'true' } });
    assert.equal(ci.stop, undefined);
    assert.match(ci.notes[0]!, /^!!!! .* SKIPPED/);
    assert.equal(decide({ ...READY, corpus: false, env: { LINEAGE_LENS_SKIP_SHARED: '1' } }).stop, undefined);
  });

  it('under CI=true, a test that reads a missing corpus is skipped, not failed', function () {
    const saved = { CI: process.env.CI, SKIP: process.env.LINEAGE_LENS_SKIP_SHARED };
    let skipped = false;
    const ctx = {
      skip: () => {
        skipped = true;
        throw new Error('skipped');
      },
    } as unknown as Mocha.Context;
    try {
      delete process.env.LINEAGE_LENS_SKIP_SHARED;
      process.env.CI = 'true';
      assert.throws(() => needsSharedCorpus(ctx, join(ROOT, 'no-such-corpus')), /skipped/);
      assert.equal(skipped, true);
      process.env.CI = '';
      assert.throws(() => needsSharedCorpus(ctx, join(ROOT, 'no-such-corpus')), /Put it there, or set LINEAGE_LENS_SKIP_SHARED=1/);
    } finally {
      for (const [k, v] of [
        ['CI', saved.CI],
        ['LINEAGE_LENS_SKIP_SHARED', saved.SKIP],
      ] as const)
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });
});
