/**
 * The data directory's lock when two endpoints of one process start together (server/src/serve/data-dir.ts):
 * the second may read the lock the first has just linked before the first has resumed. It must see that the lock
 * is this process's (its nonce), not a dead process's that had the same pid, and refuse; a lock that does say this
 * pid but no nonce of this process is a dead one's and is taken over. The window is made certain here by holding
 * back the attempt that made the lock, once its `link` is done, until the other attempt has settled (an event, no
 * timer).
 */
import assert from 'node:assert/strict';
import fsPromises from 'node:fs/promises';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, releaseLock, takeLock } from '../../server/src/serve/data-dir';

describe('serve: the lock between two endpoints of one process', () => {
  let dir: string;
  const originalLink = fsPromises.link;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'serve-lock-'));
  });
  afterEach(async () => {
    fsPromises.link = originalLink;
    syncBuiltinESMExports();
    await releaseLock(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the second while the first, whose lock is made, has not resumed yet', async () => {
    let release!: () => void;
    const otherSettled = new Promise<void>((resolve) => (release = resolve));
    let made = 0;
    fsPromises.link = async (existing, created) => {
      await originalLink(existing, created);
      // The first lock made: its attempt resumes only once the other attempt has settled.
      if (made++ === 0) await otherSettled;
    };
    syncBuiltinESMExports();
    const attempts = [takeLock(dir), takeLock(dir)].map((attempt) => attempt.finally(release));
    const results = await Promise.allSettled(attempts);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected'], 'exactly one takes the lock');
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    assert.match((refused.reason as Error).message, /in use by another lineage endpoint \(process \d+\)/);
    assert.equal(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid, process.pid, 'the first keeps its lock');
  });

  it("takes over a lock with this process's pid that no attempt of this process made (an earlier process's)", async () => {
    writeFileSync(join(dir, LOCK_FILE), `${JSON.stringify({ owner: 'lineage-lens endpoint', pid: process.pid, nonce: 'earlier' })}\n`);
    await takeLock(dir);
    assert.notEqual(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).nonce, 'earlier');
  });
});
