/**
 * Durations and relative times as the runs and issues views write them. Pure: no `vscode`, no clock of its
 * own (callers pass `now`), so the unit tests pin every boundary.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A run's duration, short and exact enough to compare runs: `850 ms`, `42 s`, `5m 06s`, `2h 03m`, `3d 4h`.
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

/**
 * How long ago `time` was, seen at `now`: `just now`, `5 min ago`, `3 h ago`, `yesterday`, `4 days ago`,
 * and from 30 days on the date itself (`2024-10-14`, UTC), which reads better than "94 days ago". A time up
 * to a minute in the future (clock skew between the endpoint and this machine) is `just now`; further in
 * the future it is the date. Unparseable times give the empty string.
 */
export function formatRelativeTime(time: string | number | Date | null | undefined, now: number): string {
  if (time === null || time === undefined) return '';
  const at = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(at)) return '';
  const ago = now - at;
  if (ago < -MINUTE) return isoDate(at);
  if (ago < 45 * SECOND) return 'just now';
  if (ago < HOUR) return `${Math.max(1, Math.floor(ago / MINUTE))} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  if (ago < 2 * DAY) return 'yesterday';
  if (ago < 30 * DAY) return `${Math.floor(ago / DAY)} days ago`;
  return isoDate(at);
}

/** `YYYY-MM-DD HH:MM:SS UTC`, for tooltips: exact, and the same on every machine. */
export function formatTimestamp(time: string | null | undefined): string {
  if (!time) return '';
  const at = Date.parse(time);
  if (!Number.isFinite(at)) return time;
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
