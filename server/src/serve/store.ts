/**
 * The local endpoint's event store: one append-only JSON-lines file, `events.jsonl`, in the data directory.
 *
 * Durability, two levels ({@link Durability}):
 * - `process` (the default): {@link EventStore.append} writes the event's line to the file with one synchronous
 *   `write` before it resolves, so the line is in the operating system's page cache: an acknowledged event
 *   survives `kill -9`, a crash of the endpoint and of the extension host. The file is `fdatasync`ed in the
 *   background at most {@link BACKGROUND_SYNC_MS} ms after a write, and on close, so a power cut loses at most
 *   that last second. A synchronous write of a few KiB costs microseconds; a trip to the thread pool and back
 *   costs more than the rest of the ingest path (bench/serve.mjs measures both levels against a do-nothing
 *   server).
 * - `disk` (`serve --fsync`): append resolves only after the line is durable on disk: the file is opened with
 *   `O_DSYNC` where the platform has it (each write returns once its data is durable), else every write is
 *   followed by `fdatasync`. So an acknowledged event also survives a power cut. Appends that arrive while a
 *   write is in flight are written together with one `writev` (group commit), so many concurrent clients cost
 *   one sync per batch, not one each.
 *
 * Recovery: {@link EventStore.open} takes the directory's lock and opens the file; {@link EventStore.load}
 * then hands the lines to the caller, who rebuilds the model from them: every line, or only those after a
 * snapshot's offset when {@link EventStore.verify} confirms that the file still starts with the bytes the
 * snapshot covered (see ./snapshot.ts). A crash mid-write can leave a torn last line (an event that was never
 * acknowledged): loading truncates it and logs it. The data directory's lock keeps a second server off the
 * same directory (see ./data-dir.ts).
 *
 * The store also keeps the time index of `GET /events/lineage`: each event's time, byte offset and length,
 * ordered by time; the events themselves are read back from the file on demand.
 */
import { createHash } from 'node:crypto';
import { constants, ftruncateSync, readSync, writeSync, writevSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDirectory, releaseLock, StoreError, takeLock, unwritable } from './data-dir';

/** The events file's name in the data directory. */
export const EVENTS_FILE = 'events.jsonl';

const NEWLINE = 0x0a;
const NEWLINE_BUFFER = Buffer.from('\n');
const READ_CHUNK = 8 * 1024 * 1024;
/** Bytes hashed at each end of the covered part of the file by a {@link FileGuard}. */
const GUARD_WINDOW = 64 * 1024;
/** `O_DSYNC` where the platform defines it (not on Windows). */
const O_DSYNC: number = (constants as Record<string, number | undefined>).O_DSYNC ?? 0;
/** At `process` durability, how soon after a write the file is flushed to disk in the background. */
export const BACKGROUND_SYNC_MS = 1000;

/**
 * When an append resolves: `process`, once the line is written to the operating system (survives the
 * endpoint's crash or `kill -9`; flushed to disk within {@link BACKGROUND_SYNC_MS}); `disk`, once it is on
 * disk (also survives a power cut; one flush per write, shared by concurrent appends).
 */
export type Durability = 'process' | 'disk';

/** What {@link EventStore.load} found. */
export interface OpenReport {
  /** Events the store holds after loading (those of the resumed index included). */
  lines: number;
  /** Lines handed to the visitor (only the tail after a resumed snapshot). */
  replayed: number;
  /** Bytes of a torn last line that were truncated (0 when the file ended cleanly). */
  tornBytes: number;
  /** Complete lines that were not events (skipped). */
  skipped: number;
}

/**
 * Called for each stored line at open: returns the event's time (epoch ms) to index it, or undefined to skip a
 * line that is not a valid event.
 */
export type LineVisitor = (line: string, where: LinePosition) => number | undefined;

/** Where a stored line is: its byte offset and length, and its line number counted from where reading started. */
export interface LinePosition {
  /** 1-based; from the start of the file, or from the snapshot's end when `resumed`. */
  line: number;
  offset: number;
  /** Bytes, without the newline. */
  length: number;
  resumed: boolean;
}

/** Where a stored event's line is in the events file (see {@link EventStore.readLineSync}). */
export interface LinePlace {
  offset: number;
  length: number;
}

/**
 * Identifies the first `bytes` of the events file: its size there and hashes of its first and last 64 KiB. A
 * snapshot records the guard of the bytes it covers; a file that no longer starts with them (replaced, cut,
 * edited) does not match.
 */
export interface FileGuard {
  bytes: number;
  head: string;
  tail: string;
}

/** The time index as plain arrays (what a snapshot stores): parallel, sorted by time. */
export interface IndexArrays {
  times: number[];
  offsets: number[];
  lengths: number[];
}

interface Pending {
  /** The event's JSON line, without the newline. */
  data: Buffer;
  time: number;
  resolve: (place: LinePlace) => void;
  reject: (error: Error) => void;
}

/** Events by time: parallel arrays, kept sorted by time (ties in arrival order). */
class TimeIndex {
  times: number[] = [];
  offsets: number[] = [];
  lengths: number[] = [];

  /** Takes over restored arrays (they must be parallel and sorted). */
  adopt(arrays: IndexArrays): void {
    this.times = arrays.times;
    this.offsets = arrays.offsets;
    this.lengths = arrays.lengths;
  }

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
  /** At `process` durability: the pending background flush, if one is scheduled. */
  private syncTimer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;

  private constructor(
    readonly dir: string,
    private readonly log: (message: string) => void,
    readonly durability: Durability,
  ) {}

  /** The events file's path. */
  get file(): string {
    return join(this.dir, EVENTS_FILE);
  }

  /** How many events the store holds. */
  get count(): number {
    return this.index.times.length;
  }

  /** Bytes of the events file that hold complete, acknowledged lines. */
  get bytes(): number {
    return this.size;
  }

  /**
   * Opens (creating) the store in `dir`: takes the lock and opens the events file; {@link load} reads it.
   * Throws a {@link StoreError} when the directory cannot be written or is in use.
   */
  static async open(
    dir: string,
    log: (message: string) => void = () => undefined,
    durability: Durability = 'process',
  ): Promise<EventStore> {
    const store = new EventStore(dir, log, durability);
    try {
      await makeDirectory(dir);
    } catch (error) {
      throw unwritable(dir, error);
    }
    await takeLock(dir);
    try {
      const sync = durability === 'disk' ? O_DSYNC : 0;
      store.handle = await open(store.file, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | sync, 0o644);
    } catch (error) {
      await releaseLock(dir);
      throw unwritable(dir, error);
    }
    return store;
  }

  /** Why the file does not start with the bytes `guard` identifies, or undefined when it does. */
  async verify(guard: FileGuard): Promise<string | undefined> {
    const size = (await this.handle!.stat()).size;
    if (guard.bytes > size) return `the events file holds ${size} bytes, fewer than the ${guard.bytes} it covers`;
    const actual = await this.guard(guard.bytes);
    if (actual.head !== guard.head || actual.tail !== guard.tail) return 'the events file does not start with the events it covers';
    return undefined;
  }

  /** The guard of the file's first `bytes` bytes. */
  async guard(bytes: number): Promise<FileGuard> {
    const hash = async (from: number, to: number) => {
      const buffer = Buffer.allocUnsafe(to - from);
      for (let read = 0; read < buffer.length;) {
        const { bytesRead } = await this.handle!.read(buffer, read, buffer.length - read, from + read);
        if (bytesRead === 0) throw new Error(`${this.file} ended before byte ${to}`);
        read += bytesRead;
      }
      return createHash('sha256').update(buffer).digest('hex');
    };
    const [head, tail] = await Promise.all([hash(0, Math.min(GUARD_WINDOW, bytes)), hash(Math.max(0, bytes - GUARD_WINDOW), bytes)]);
    return { bytes, head, tail };
  }

  /**
   * Reads the events file, handing each line to `visit` in file order, and repairs a torn last line. With
   * `resume` (a verified snapshot's offset and time index), only the lines after `resume.offset` are read.
   */
  async load(visit: LineVisitor, resume?: { offset: number; index: IndexArrays }): Promise<OpenReport> {
    try {
      return await this.read(visit, resume);
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  private async read(visit: LineVisitor, resume: { offset: number; index: IndexArrays } | undefined): Promise<OpenReport> {
    const handle = this.handle!;
    const size = (await handle.stat()).size;
    if (resume) this.index.adopt(resume.index);
    let replayed = 0;
    let skipped = 0;
    let lineNumber = 0;
    let offset = resume?.offset ?? 0; // start of the line being assembled
    let carry: Buffer[] = [];
    let carryBytes = 0;
    const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, Math.max(1, size - offset)));
    for (let position = offset; position < size;) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - position), position);
      if (bytesRead === 0) break;
      let start = 0;
      for (let nl = buffer.indexOf(NEWLINE, 0); nl !== -1 && nl < bytesRead; nl = buffer.indexOf(NEWLINE, start)) {
        const piece = buffer.subarray(start, nl);
        const bytes = carry.length ? Buffer.concat([...carry, piece]) : piece;
        const length = carryBytes + piece.length;
        carry = [];
        carryBytes = 0;
        lineNumber++;
        if (length > 0) {
          const time = visit(bytes.toString('utf8'), { line: lineNumber, offset, length, resumed: resume !== undefined });
          if (time === undefined) skipped++;
          else {
            this.index.push(time, offset, length);
            replayed++;
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
      await handle.truncate(offset);
      await handle.datasync();
      this.log(`Repaired ${this.file}: removed an incomplete last line (${carryBytes} bytes, an event that was never acknowledged).`);
    }
    if (skipped > 0)
      this.log(
        `Skipped ${skipped} line${skipped === 1 ? '' : 's'} of ${this.file} that ${skipped === 1 ? 'is' : 'are'} not a valid OpenLineage event.`,
      );
    this.size = offset;
    this.index.sort();
    return { lines: this.index.times.length, replayed, tornBytes: carryBytes, skipped };
  }

  /** A copy of the time index and the bytes it covers, as of now (for a snapshot). */
  checkpoint(): { bytes: number; index: IndexArrays } {
    return {
      bytes: this.size,
      index: { times: this.index.times.slice(), offsets: this.index.offsets.slice(), lengths: this.index.lengths.slice() },
    };
  }

  /**
   * Appends one event line (JSON without newlines, as text or UTF-8 bytes) with its time; resolves once it is
   * as durable as the store's {@link Durability} says, with where the line is (the model reads a run's facets
   * back from there). At `disk`, concurrent appends share one write and one sync. Rejects with a
   * {@link StoreError} when the write fails; the file is then cut back to its last complete line.
   */
  append(line: string | Buffer, time: number): Promise<LinePlace> {
    if (this.closed) return Promise.reject(new StoreError('write-failed', 'The event store is closed.'));
    if (this.broken) return Promise.reject(this.broken);
    const data = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
    if (this.durability === 'process') {
      try {
        return Promise.resolve(this.writeNow(data, time));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return new Promise<LinePlace>((resolve, reject) => {
      this.queue.push({ data, time, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /**
   * At `process` durability: writes one line and its newline with a synchronous `writev`, indexes it, and
   * schedules the background flush. Throws a {@link StoreError} when the write fails, after cutting the file
   * back to its last complete line.
   */
  private writeNow(data: Buffer, time: number): LinePlace {
    const fd = this.handle!.fd;
    const start = this.size;
    const total = data.length + 1;
    try {
      // The line and its newline in one call, without copying the line (up to --max-body) into a new buffer.
      let written = writevSync(fd, [data, NEWLINE_BUFFER]);
      if (written < total) {
        const rest = Buffer.concat([data, NEWLINE_BUFFER], total);
        while (written < total) written += writeSync(fd, rest, written, total - written);
      }
    } catch (error) {
      const failure = this.writeFailure(error);
      try {
        ftruncateSync(fd, start);
      } catch {
        this.broken = failure;
      }
      throw failure;
    }
    this.index.insert(time, start, data.length);
    this.size = start + total;
    this.syncTimer ??= setTimeout(() => {
      this.syncTimer = undefined;
      this.syncing = this.backgroundSync();
    }, BACKGROUND_SYNC_MS).unref();
    return { offset: start, length: data.length };
  }

  /** Flushes the file to disk (at `process` durability); a failure is logged, never thrown. */
  private async backgroundSync(): Promise<void> {
    try {
      await this.handle?.datasync();
    } catch (error) {
      this.log(
        `Could not flush ${this.file} to disk (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the events written since the last flush would not survive a power cut.`,
      );
    } finally {
      this.syncing = undefined;
    }
  }

  private writeFailure(error: unknown): StoreError {
    return new StoreError(
      'write-failed',
      `Could not write to ${this.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the events were not stored.`,
      { cause: error },
    );
  }

  private async flush(): Promise<void> {
    const handle = this.handle!;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const buffers: Buffer[] = [];
      let total = 0;
      for (const p of batch) {
        buffers.push(p.data, NEWLINE_BUFFER);
        total += p.data.length + 1;
      }
      const start = this.size;
      try {
        await writeAll(handle, buffers, total);
        if (this.durability === 'disk' && O_DSYNC === 0) await handle.datasync();
      } catch (error) {
        const failure = this.writeFailure(error);
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
      const places: LinePlace[] = [];
      for (const p of batch) {
        this.index.insert(p.time, offset, p.data.length);
        places.push({ offset, length: p.data.length });
        offset += p.data.length + 1;
      }
      this.size = offset;
      batch.forEach((p, i) => p.resolve(places[i]!));
    }
    this.flushing = undefined;
  }

  /**
   * The events with `after < time < before` (epoch ms), sorted by time (`desc`: newest first), `offset` and
   * `limit` applied, read back from the file; the page ends early once it holds `maxBytes` (at least one event).
   */
  async page(
    after: number,
    before: number,
    direction: 'asc' | 'desc',
    offset: number,
    limit: number,
    maxBytes = Infinity,
  ): Promise<EventPage> {
    const lo = this.index.upperBound(after);
    const hi = Math.max(lo, this.index.lowerBound(before));
    const totalCount = hi - lo;
    const picks: number[] = [];
    let bytes = 0;
    for (let k = offset; k < totalCount && picks.length < limit && (picks.length === 0 || bytes < maxBytes); k++) {
      const i = direction === 'asc' ? lo + k : hi - 1 - k;
      picks.push(i);
      bytes += this.index.lengths[i]! + 1;
    }
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

  /**
   * The stored line at `offset` (`length` bytes, as {@link LinePosition} or {@link EventStore.append} gave them), read
   * synchronously: for the model's run facets, which are read back from the file on demand. Undefined when the
   * store is closed or the bytes cannot be read.
   */
  readLineSync(offset: number, length: number): string | undefined {
    return this.readSync(offset, length)?.toString('utf8');
  }

  private readSync(offset: number, length: number): Buffer | undefined {
    const fd = this.handle?.fd;
    if (fd === undefined) return undefined;
    const buffer = Buffer.allocUnsafe(length);
    try {
      for (let read = 0; read < length;) {
        const n = readSync(fd, buffer, read, length - read, offset + read);
        if (n === 0) return undefined;
        read += n;
      }
    } catch {
      return undefined;
    }
    return buffer;
  }

  /** Resolves once every append made so far is written (or failed). */
  async settle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Waits for pending writes, flushes the file to disk, then closes it and releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushing;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    await this.syncing;
    if (this.durability === 'process' && this.handle) await this.backgroundSync();
    await this.handle?.close();
    this.handle = undefined;
    await releaseLock(this.dir);
  }
}

/** Writes all of `buffers` (`total` bytes) at the end of the file, continuing after short writes. */
async function writeAll(handle: FileHandle, buffers: Buffer[], total: number): Promise<void> {
  let { bytesWritten } = await handle.writev(buffers);
  if (bytesWritten === total) return;
  const rest = Buffer.concat(buffers, total);
  while (bytesWritten < total) bytesWritten += (await handle.write(rest, bytesWritten, total - bytesWritten)).bytesWritten;
}
