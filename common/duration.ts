/**
 * How long something took, written the same way everywhere a run's duration is shown: the Recent Runs and
 * Issues views (extension host) and the graph's details panel (webview). Pure: no Node, no DOM, no `vscode`.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A duration, short and exact enough to compare runs: `850 ms`, `42 s`, `5m 06s`, `2h 03m`, `3d 4h`.
 * Negative or non-finite values (clock skew, bad data) give the empty string.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) {
    const seconds = ms / SECOND;
    // One decimal below 10 s (a 1.5 s task differs from a 1 s one); whole seconds above.
    return seconds < 10 ? `${Math.floor(seconds * 10) / 10} s` : `${Math.floor(seconds)} s`;
  }
  if (ms < HOUR) {
    const minutes = Math.floor(ms / MINUTE);
    const seconds = Math.floor((ms % MINUTE) / SECOND);
    return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  }
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  }
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  return `${days}d ${hours}h`;
}
