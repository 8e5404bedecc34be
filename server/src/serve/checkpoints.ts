/**
 * When the local endpoint writes its model snapshot (./snapshot.ts): after every `everyEvents` accepted events (or
 * a tenth of the store, when more), `everyMs` after an accepted event that no snapshot covers yet (when the events
 * not covered are at least 1% of the store), right after a start-up that replayed many events, and on close. One snapshot is written at a time; a failed write is logged and changes nothing else
 * (the events file is the source of truth, so the next start-up replays more); it is tried again `everyMs`
 * later, not at once.
 *
 * Capturing the model is synchronous and runs from `setImmediate`, between requests: every event the store
 * holds has then been applied to the model (the ingest path applies it in the same tick its write completes).
 */
import { captureSnapshot, writeSnapshot } from './snapshot';
import type { StoredLineage } from './model';
import type { EventStore } from './store';

/** How often snapshots are written. */
export interface SnapshotPolicy {
  /** Write one after this many new events. */
  everyEvents: number;
  /** Write one this long after the first event no snapshot covers. */
  everyMs: number;
}

/** 10,000 events (a tail of at most that many to replay after a crash) or one minute. */
export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = { everyEvents: 10_000, everyMs: 60_000 };

/** Writes the snapshots of one running endpoint. */
export class Checkpoints {
  /** Events accepted (or replayed) since the last capture. */
  private uncovered = 0;
  private timer: NodeJS.Timeout | undefined;
  private scheduled = false;
  /** The last write failed: wait for the timer before trying again. */
  private failed = false;
  private writing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly model: StoredLineage,
    private readonly store: EventStore,
    private readonly policy: SnapshotPolicy,
    private readonly log: (message: string) => void,
  ) {}

  /** Counts events the last snapshot does not cover (accepted now, or replayed at start-up). */
  note(events = 1): void {
    if (this.closed || events <= 0) return;
    this.uncovered += events;
    if (this.uncovered >= this.threshold() && !this.failed) this.schedule();
    else this.wait();
  }

  /**
   * Events after which a snapshot is written: `everyEvents`, or a tenth of the store when that is more. Capturing
   * and serialising a snapshot is synchronous and costs in proportion to the whole model (about 18 s at a million
   * bench events on a loaded 2-core machine with snapshot format 2; format 3, without run facets and with runs
   * copied from their packed columns, took 1.6 s instead of 4.7 s at 200k), so a fixed interval would stall a
   * large store ever more often; a crash then replays at most a tenth of the events.
   */
  private threshold(): number {
    return Math.max(this.policy.everyEvents, Math.floor(this.store.count / 10));
  }

  /** Writes a snapshot `everyMs` from now (unless a timer is set already). */
  private wait(): void {
    if (this.closed) return;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.failed = false;
      // A tail under 1% of the store replays in a moment: not worth a stall of the whole snapshot; close writes it.
      if (this.uncovered >= this.store.count / 100) this.schedule();
    }, this.policy.everyMs).unref();
  }

  /** Writes a snapshot soon (after the current requests), unless one is being written. */
  private schedule(): void {
    if (this.closed || this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.closed) this.start();
    });
  }

  private start(): void {
    this.writing = this.write().then((ok) => {
      this.writing = undefined;
      // After a failure only the timer tries again: a full disk must not turn into a write attempt per event.
      this.failed = !ok;
      if (!ok) this.wait();
      else if (this.uncovered >= this.threshold()) this.schedule();
    });
  }

  /** Captures now, then writes; resolves to whether the snapshot was written (never rejects). */
  private async write(): Promise<boolean> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const covered = this.uncovered;
    this.uncovered = 0;
    try {
      const capture = captureSnapshot(this.model, this.store.checkpoint());
      await writeSnapshot(this.dir, capture, await this.store.guard(capture.bytes));
      return true;
    } catch (error) {
      this.uncovered += covered;
      this.log(`Could not write the model snapshot (${(error as Error).message}); the next start-up replays more of the events file.`);
      return false;
    }
  }

  /** Stops the timer, waits for a snapshot being written, and writes a last one if events are uncovered. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.closed = true;
    while (this.writing) await this.writing;
    if (this.uncovered > 0) await this.write();
  }
}
