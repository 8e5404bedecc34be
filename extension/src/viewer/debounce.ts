/**
 * Search as you type: each new query waits `delayMs` for the typing to pause, then runs with its own
 * `AbortSignal`; a newer query aborts the request of the older one, and only the newest query's outcome is
 * delivered. Pure (timers injectable), so the unit tests run it without VS Code.
 */

export interface SearchOutcome<T> {
  query: string;
  /** Set when the search succeeded. */
  result?: T;
  /** Set when it failed (never for a superseded search: those are dropped). */
  error?: unknown;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class LatestSearch<T> {
  private timer: unknown;
  private controller: AbortController | undefined;
  private disposed = false;

  constructor(
    private readonly run: (query: string, signal: AbortSignal) => Promise<T>,
    private readonly deliver: (outcome: SearchOutcome<T>) => void,
    private readonly delayMs = 250,
    private readonly timers: Timers = realTimers,
  ) {}

  /** A new query: cancels the pending and the running search, and schedules this one. */
  update(query: string): void {
    if (this.disposed) return;
    this.cancel();
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.start(query);
    }, this.delayMs);
  }

  /** Runs `query` now (no delay), cancelling anything pending; resolves once its outcome is delivered or dropped. */
  now(query: string): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.cancel();
    return this.start(query);
  }

  /** Whether a search is waiting for its delay or running. */
  get busy(): boolean {
    return this.timer !== undefined || this.controller !== undefined;
  }

  /** Cancels the pending and the running search; nothing is delivered for them. */
  cancel(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.controller?.abort();
    this.controller = undefined;
  }

  dispose(): void {
    this.cancel();
    this.disposed = true;
  }

  private async start(query: string): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    let outcome: SearchOutcome<T>;
    try {
      outcome = { query, result: await this.run(query, controller.signal) };
    } catch (error) {
      outcome = { query, error };
    }
    if (this.controller !== controller || controller.signal.aborted || this.disposed) return;
    this.controller = undefined;
    this.deliver(outcome);
  }
}
