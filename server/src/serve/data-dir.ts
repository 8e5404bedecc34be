/**
 * The local endpoint's data directory: created on first use, and locked against a second endpoint; and the
 * {@link StoreError} that opening or writing the event store (./store.ts) fails with.
 *
 * The lock file (`lock`, holding the owner's pid and a nonce of the attempt that made it, created atomically with
 * them) keeps a second server off the same directory, also a second one in the same process (it knows the nonce
 * for its own process's even before the first attempt has resumed); a lock left by a process that no longer runs
 * is taken over; a file named `lock` that no endpoint wrote is left alone (the store refuses to open).
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The lock file's name in the data directory. */
export const LOCK_FILE = 'lock';

/** Why the store could not open or write, with a message that says what to do. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: 'unwritable' | 'locked' | 'write-failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * `mkdir -p`, by hand: Node's `mkdir(…, { recursive: true })` never settles for some unwritable paths (e.g.
 * under /proc), where an error is what the user needs.
 */
export async function makeDirectory(dir: string, depth = 0): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (!(await stat(dir)).isDirectory()) throw error;
      return;
    }
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir || depth > 64) throw error;
    await makeDirectory(parent, depth + 1);
    await makeDirectory(dir, depth + 1);
  }
}

/** The data directory cannot be created or written: what to do about it. */
export function unwritable(dir: string, error: unknown): StoreError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new StoreError('unwritable', `Cannot write to the data directory ${dir} (${code}). Choose a writable directory with --data DIR.`, {
    cause: error,
  });
}

/** The lock files this process holds, with the nonce each says. */
const heldLocks = new Map<string, string>();
/**
 * The nonces of this process's locks: those it holds, and those it is creating. A lock file that says this
 * process's pid is this process's own when its nonce is here, even before the attempt that made it has resumed
 * (another attempt can read the new lock first); else it was left by an earlier process that had the same pid.
 */
const ourNonces = new Set<string>();

/** What a lock file this endpoint writes says: who made it, the owner's pid, and the attempt's nonce. */
const LOCK_OWNER = 'lineage-lens endpoint';
const lockText = (nonce: string) => `${JSON.stringify({ owner: LOCK_OWNER, pid: process.pid, nonce })}\n`;

/** Removes a lock this process holds. */
export async function releaseLock(dir: string): Promise<void> {
  const path = join(dir, LOCK_FILE);
  const nonce = heldLocks.get(path);
  if (nonce === undefined) return;
  heldLocks.delete(path);
  ourNonces.delete(nonce);
  await unlink(path).catch(() => undefined);
}

const unique = (path: string, what: string) => `${path}.${what}.${process.pid}.${randomBytes(6).toString('hex')}`;

/**
 * Creates the lock file with this process's pid in it, atomically: the pid is written to a temporary file that
 * is then hard-linked to the lock's name, which fails when the lock exists. So no one ever sees a lock without
 * its pid (and takes it for a dead one's), and of two endpoints starting together exactly one gets it. Where
 * the file system has no hard links, `open(…, 'wx')` and a write (readers wait for the pid to appear).
 */
async function createLock(path: string): Promise<boolean> {
  const nonce = randomBytes(8).toString('hex');
  // Known before the lock exists: another attempt of this process that reads it first knows it for ours.
  ourNonces.add(nonce);
  const taken = await createLockFile(path, lockText(nonce)).catch((error: unknown) => {
    ourNonces.delete(nonce);
    throw error;
  });
  if (taken) heldLocks.set(path, nonce);
  else ourNonces.delete(nonce);
  return taken;
}

async function createLockFile(path: string, text: string): Promise<boolean> {
  const temporary = unique(path, 'new');
  await writeFile(temporary, text, { mode: 0o644 });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV' && code !== 'EOPNOTSUPP') throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  let created = false;
  try {
    const handle = await open(path, 'wx', 0o644);
    created = true;
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && !created) return false;
    if (created) await unlink(path).catch(() => undefined);
    throw error;
  }
}

type LockRead =
  | { state: 'gone' }
  | { state: 'ours'; pid: number; nonce?: string; ino: number }
  | { state: 'empty'; ino: number }
  | { state: 'foreign'; text: string };

/** Reads an existing lock: an endpoint's (this format, or an older version's bare pid), or someone else's file. */
async function readLock(path: string): Promise<LockRead> {
  for (let attempt = 0; ; attempt++) {
    let text: string;
    let ino: number;
    try {
      const handle = await open(path, 'r');
      try {
        ino = (await handle.stat()).ino;
        text = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'gone' };
      throw error;
    }
    if (text === '') {
      // Only a lock made by open + write (no hard links) is ever empty, and only for a moment.
      if (attempt < 20) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      return { state: 'empty', ino };
    }
    if (/^\d+\s*$/.test(text)) return { state: 'ours', pid: Number.parseInt(text, 10), ino };
    try {
      const value = JSON.parse(text) as { owner?: unknown; pid?: unknown; nonce?: unknown };
      if (value.owner === LOCK_OWNER && Number.isInteger(value.pid))
        return { state: 'ours', pid: value.pid as number, ino, ...(typeof value.nonce === 'string' && { nonce: value.nonce }) };
    } catch {
      // not ours
    }
    return { state: 'foreign', text };
  }
}

/**
 * Removes a dead endpoint's lock, only if the lock is still that file: it is renamed away first, and put back
 * when it turns out to be another endpoint's new lock (taken meanwhile by one that also saw the dead one).
 */
async function removeStaleLock(path: string, ino: number): Promise<void> {
  const aside = unique(path, 'stale');
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if ((await stat(aside)).ino !== ino) await link(aside, path).catch(() => undefined);
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

/**
 * Takes the data directory's lock, or takes over one whose process is gone. A file named `lock` that no
 * endpoint wrote is left alone: the endpoint refuses to start and says so.
 */
export async function takeLock(dir: string): Promise<void> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      if (await createLock(path)) return;
    } catch (error) {
      throw unwritable(dir, error);
    }
    let lock: LockRead;
    try {
      lock = await readLock(path);
    } catch (error) {
      throw unwritable(dir, error);
    }
    if (lock.state === 'gone') continue;
    if (lock.state === 'foreign') {
      throw new StoreError(
        'locked',
        `The data directory ${dir} has a file named "${LOCK_FILE}" that no lineage endpoint wrote (${path}). Move or remove it if nothing needs it, or choose another directory with --data DIR.`,
      );
    }
    if (lock.state === 'ours') {
      // Our own pid means this process holds it (or is taking it: the nonce is one of ours), unless the lock is a
      // dead process's and the pid was reused (a nonce this process never made; an older version's lock has none).
      const held =
        lock.pid === process.pid
          ? lock.nonce !== undefined
            ? ourNonces.has(lock.nonce)
            : heldLocks.has(path)
          : lock.pid > 0 && isRunning(lock.pid);
      if (held) {
        throw new StoreError(
          'locked',
          `The data directory ${dir} is in use by another lineage endpoint (process ${lock.pid}). Stop it, or choose another directory with --data DIR.`,
        );
      }
    }
    try {
      await removeStaleLock(path, lock.ino);
    } catch (error) {
      throw unwritable(dir, error);
    }
  }
  throw new StoreError(
    'locked',
    `Could not take the lock ${path}. Remove it if no lineage endpoint is running, or choose another directory with --data DIR.`,
  );
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
