/**
 * Relative times and timestamps as the runs and issues views write them (durations: common/duration.ts, shared
 * with the graph's details). Pure: no `vscode`, no clock of its own (callers pass `now`), so the unit tests pin
 * every boundary.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

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
