/**
 * Yielding the main thread between steps of long work (parsing a 20,000-node response, fitting its labels,
 * building its scene), so that no single task blocks input and painting for long (docs/performance.md#layout-targets:
 * the main thread is never blocked for more than 50 ms). A MessageChannel task runs right after pending input and
 * rendering, without the clamping of nested `setTimeout`s.
 */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

/** Resolves in a new task. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
}

/** Runs `step(i)` for i in [0, count), yielding whenever `budgetMs` has passed; stops early (false) if `alive()` turns false. */
export async function inSlices(count: number, step: (i: number) => void, alive: () => boolean, budgetMs = 25): Promise<boolean> {
  let start = performance.now();
  for (let i = 0; i < count; i++) {
    step(i);
    if (performance.now() - start > budgetMs && i + 1 < count) {
      await nextTask();
      if (!alive()) return false;
      start = performance.now();
    }
  }
  return true;
}
