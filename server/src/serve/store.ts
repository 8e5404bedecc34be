/**
 * The local endpoint's event store: one append-only JSON-lines file, `events.jsonl`, in the data directory.
 *
 * Durability: {@link EventStore.append} resolves only after the event's line is written and `fdatasync`ed, so
 * an acknowledged event survives `kill -9` and power loss. Appends that arrive while a write is in flight are
 * written together with one write and one sync (group commit), so many concurrent clients cost one sync per
 * batch, not one each.
 *
 * Recovery: a crash mid-write can leave a torn last line (an event that was never acknowledged). Opening the
 * store truncates it and logs it; then every line is handed to the caller, who rebuilds the model from them.
 * A lock file (`lock`, holding the owner's pid) keeps a second server off the same directory; a lock left by
 * a process that no longer runs is taken over.
 *
 * The store also keeps the time index of `GET /events/lineage`: each event's time, byte offset and length,
 * ordered by time; the events themselves are read back from the file on demand.
 */
import { constants, type Stats } from 'node:fs';
import { mkdir, open, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The events file's name in the data directory. */
export const EVENTS_FILE = 'events.jsonl';
/** The lock file's name in the data directory. */
export const LOCK_FILE = 'lock';

const NEWLINE = 0x0a;
const READ_CHUNK = 8 * 1024 * 1024;

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

/** What {@link EventStore.open} found. */
export interface OpenReport {
  /** Lines handed to the visitor. */
  lines: number;
  /** Bytes of a torn last line that were truncated (0 when the file ended cleanly). */
  tornBytes: number;
  /** Complete lines that were not events (skipped). */
  skipped: number;
}

/**
 * Called for each stored line at open: returns the event's time (epoch ms) to index it, or undefined to skip a
 * line that is not a valid event.
 */
export type LineVisitor = (line: string) => number | undefined;

interface Pending {
  data: Buffer;
  time: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Events by time: parallel arrays, kept sorted by time (ties in arrival order). */
class TimeIndex {
  times: number[] = [];
  offsets: number[] = [];
  lengths: number[] = [];

  push(time: number, offset: number, length: number): void {
    this.times.push(time);
    this.offsets.push(offset);
    this.lengths.push(length);
  }

  /** Inserts in order: usually at the end, since events mostly arrive in time order. */
  insert(time: number, offset: number, length: number): void {
    const n = this.times.length;
    if (n === 0 || this.times[n - 1]! <= time) return this.push(time, offset, length);
    const i = this.upperBound(time);
    this.times.splice(i, 0, time);
    this.offsets.splice(i, 0, offset);
    this.lengths.splice(i, 0, length);
  }

  /** Sorts after a bulk load (stable: equal times keep file order). */
  sort(): void {
    const n = this.times.length;
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = this.times[i - 1]! <= this.times[i]!;
    if (sorted) return;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.times[a]! - this.times[b]! || a - b);
    this.times = order.map((i) => this.times[i]!);
    this.offsets = order.map((i) => this.offsets[i]!);
    this.lengths = order.map((i) => this.lengths[i]!);
  }

  /** First index whose time is > `time`. */
  upperBound(time: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose time is >= `time`. */
  lowerBound(time: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A page of stored events, as `GET /events/lineage` returns them. */
export interface EventPage {
  /** The events' JSON lines. */
  lines: string[];
  totalCount: number;
}

/** The append-only event file of one data directory. */
export class EventStore {
  private handle: FileHandle | undefined;
  private size = 0;
  private readonly index = new TimeIndex();
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private broken: Error | undefined;
  private closed = false;

  private constructor(readonly dir: string) {}

  /** The events file's path. */
  get file(): string {
    return join(this.dir, EVENTS_FILE);
  }

  /** How many events the store holds. */
  get count(): number {
    return this.index.times.length;
  }

  /**
   * Opens (creating) the store in `dir`: takes the lock, repairs a torn last line, and hands every line to
   * `visit` in file order. Throws a {@link StoreError} when the directory cannot be written or is in use.
   */
  static async open(dir: string, visit: LineVisitor, log: (message: string) => void = () => undefined): Promise<{ store: EventStore; report: OpenReport }> {
    const store = new EventStore(dir);
    try {
      await makeDirectory(dir);
    } catch (error) {
      throw unwritable(dir, error);
    }
    await takeLock(dir);
    try {
      const report = await store.load(visit, log);
      return { store, report };
    } catch (error) {
      await store.handle?.close().catch(() => undefined);
      await releaseLock(dir);
      throw error;
    }
  }

  private async load(visit: LineVisitor, log: (message: string) => void): Promise<OpenReport> {
    try {
      this.handle = await open(this.file, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND, 0o644);
    } catch (error) {
      throw unwritable(this.dir, error);
    }
    const stat: Stats = await this.handle.stat();
    let lines = 0;
    let skipped = 0;
    let offset = 0; // start of the line being assembled
    let carry: Buffer[] = [];
    let carryBytes = 0;
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    for (let position = 0; position < stat.size; ) {
      const { bytesRead } = await this.handle.read(buffer, 0, Math.min(READ_CHUNK, stat.size - position), position);
      if (bytesRead === 0) break;
      let start = 0;
      for (let nl = buffer.indexOf(NEWLINE, 0); nl !== -1 && nl < bytesRead; nl = buffer.indexOf(NEWLINE, start)) {
        const piece = buffer.subarray(start, nl);
        const bytes = carry.length ? Buffer.concat([...carry, piece]) : piece;
        const length = carryBytes + piece.length;
        carry = [];
        carryBytes = 0;
        if (length > 0) {
          const time = visit(bytes.toString('utf8'));
          if (time === undefined) skipped++;
          else {
            this.index.push(time, offset, length);
            lines++;
          }
        }
        offset += length + 1;
        start = nl + 1;
      }
      if (start < bytesRead) {
        carry.push(Buffer.from(buffer.subarray(start, bytesRead)));
        carryBytes += bytesRead - start;
      }
      position += bytesRead;
    }
    if (carryBytes > 0) {
      // A torn last line: the write of an event that was never acknowledged. Drop it before appending.
      await this.handle.truncate(offset);
      await this.handle.datasync();
      log(`Repaired ${this.file}: removed an incomplete last line (${carryBytes} bytes, an event that was never acknowledged).`);
    }
    if (skipped > 0) log(`Skipped ${skipped} line${skipped === 1 ? '' : 's'} of ${this.file} that ${skipped === 1 ? 'is' : 'are'} not a valid OpenLineage event.`);
    this.size = offset;
    this.index.sort();
    return { lines, tornBytes: carryBytes, skipped };
  }

  /**
   * Appends one event line (JSON without newlines) with its time; resolves once it is on disk. Concurrent
   * appends share one write and one sync. Rejects with a {@link StoreError} when the write fails; the file is
   * then cut back to its last complete line.
   */
  append(line: string, time: number): Promise<void> {
    if (this.closed) return Promise.reject(new StoreError('write-failed', 'The event store is closed.'));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ data: Buffer.from(`${line}\n`, 'utf8'), time, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    const handle = this.handle!;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const data = batch.length === 1 ? batch[0]!.data : Buffer.concat(batch.map((p) => p.data));
      const start = this.size;
      try {
        for (let written = 0; written < data.length; ) {
          const { bytesWritten } = await handle.write(data, written, data.length - written);
          written += bytesWritten;
        }
        await handle.datasync();
      } catch (error) {
        const failure = new StoreError('write-failed', `Could not write to ${this.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the events were not stored.`, { cause: error });
        try {
          await handle.truncate(start);
        } catch {
          // The file may now end in a partial line; stop accepting until a restart repairs it.
          this.broken = failure;
        }
        for (const p of batch) p.reject(failure);
        for (const p of this.queue.splice(0)) p.reject(failure);
        continue;
      }
      let offset = start;
      for (const p of batch) {
        this.index.insert(p.time, offset, p.data.length - 1);
        offset += p.data.length;
      }
      this.size = offset;
      for (const p of batch) p.resolve();
    }
    this.flushing = undefined;
  }

  /**
   * The events with `after < time < before` (epoch ms), sorted by time (`desc`: newest first), `offset` and
   * `limit` applied, read back from the file.
   */
  async page(after: number, before: number, direction: 'asc' | 'desc', offset: number, limit: number): Promise<EventPage> {
    const lo = this.index.upperBound(after);
    const hi = Math.max(lo, this.index.lowerBound(before));
    const totalCount = hi - lo;
    const picks: number[] = [];
    for (let k = offset; k < totalCount && picks.length < limit; k++) picks.push(direction === 'asc' ? lo + k : hi - 1 - k);
    const handle = this.handle;
    if (!handle) return { lines: [], totalCount };
    const lines = await Promise.all(
      picks.map(async (i) => {
        const length = this.index.lengths[i]!;
        const buffer = Buffer.allocUnsafe(length);
        await handle.read(buffer, 0, length, this.index.offsets[i]!);
        return buffer.toString('utf8');
      }),
    );
    return { lines, totalCount };
  }

  /** Waits for pending writes, then closes the file and releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushing;
    await this.handle?.close();
    this.handle = undefined;
    await releaseLock(this.dir);
  }
}

/**
 * `mkdir -p`, by hand: Node's `mkdir(…, { recursive: true })` never settles for some unwritable paths (e.g.
 * under /proc), where an error is what the user needs.
 */
async function makeDirectory(dir: string, depth = 0): Promise<void> {
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

function unwritable(dir: string, error: unknown): StoreError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new StoreError('unwritable', `Cannot write to the data directory ${dir} (${code}). Choose a writable directory with --data DIR.`, { cause: error });
}

/** The lock files this process holds. */
const heldLocks = new Set<string>();

/** Removes a lock this process holds. */
async function releaseLock(dir: string): Promise<void> {
  const path = join(dir, LOCK_FILE);
  if (!heldLocks.delete(path)) return;
  await unlink(path).catch(() => undefined);
}

/** Creates the lock file, or takes over one whose process is gone. */
async function takeLock(dir: string): Promise<void> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o644);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      heldLocks.add(path);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(dir, error);
    }
    const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    // Our own pid means this process holds it, unless the lock is a dead process's and the pid was reused.
    const held = owner === process.pid ? heldLocks.has(path) : Number.isInteger(owner) && owner > 0 && isRunning(owner);
    if (held) {
      throw new StoreError('locked', `The data directory ${dir} is in use by another lineage endpoint (process ${owner}). Stop it, or choose another directory with --data DIR.`);
    }
    await unlink(path).catch(() => undefined);
  }
  throw new StoreError('locked', `Could not take the lock ${path}. Remove it if no lineage endpoint is running, or choose another directory with --data DIR.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
