/**
 * `GET /stats/{lineage-events|jobs|datasets|sources}?period=DAY|WEEK&timezone=…`, shaped as Marquez's
 * StatsDao answers (Marquez's web UI draws its dashboard from them). Pure: the caller gives the times.
 *
 * - DAY: 24 hourly intervals, the first starting 23 hours before the current hour, the last the current hour.
 * - WEEK: 7 daily intervals ending with today, days in `timezone` (an IANA zone, e.g. `Europe/Paris`).
 * - lineage-events: `{startInterval, endInterval, fail, start, complete, abort}` per interval (events by type).
 * - jobs, datasets, sources: `{startInterval, endInterval, count}`, the count cumulative: how many existed by the
 *   end of the interval (by creation time), as Marquez counts them.
 *
 * Differences from Marquez, deliberate: a WEEK interval's bounds are the UTC instants of local midnights
 * (Marquez sends the local wall time without a zone); `period` is case-insensitive; a bad `period` or
 * `timezone` (and a WEEK without one, for every kind) answers 400 with Marquez's JSON error shape (Marquez sends
 * a plain-text 400 for lineage-events and fails with a 500 for the others).
 */

export type Period = 'DAY' | 'WEEK';

export interface Interval {
  startInterval: number;
  endInterval: number;
}

const HOUR = 3_600_000;

/** The period and zone of a stats query, or an error message. */
export function statsQuery(query: URLSearchParams): { period: Period; timezone: string } | string {
  const raw = query.get('period') ?? '';
  const period = raw.toUpperCase();
  if (period !== 'DAY' && period !== 'WEEK') return `Invalid period "${raw}": query param period must be DAY or WEEK.`;
  const timezone = query.get('timezone') || (period === 'DAY' ? 'UTC' : '');
  if (!timezone) return "Timezone must be specified for period 'WEEK'";
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    return `Invalid timezone "${timezone}": use an IANA time zone such as UTC or Europe/Paris.`;
  }
  return { period, timezone };
}

/** The intervals of a period ending with the one holding `now`. */
export function intervals(period: Period, timezone: string, now: number): Interval[] {
  if (period === 'DAY') {
    const hour = Math.floor(now / HOUR) * HOUR;
    return Array.from({ length: 24 }, (_, i) => ({ startInterval: hour - (23 - i) * HOUR, endInterval: hour - (22 - i) * HOUR }));
  }
  const days: Interval[] = [];
  let start = localMidnight(now, timezone);
  for (let i = 0; i < 7; i++) {
    const previous = localMidnight(start - 1, timezone);
    days.unshift({ startInterval: start, endInterval: days[0]?.startInterval ?? localMidnight(start + 26 * HOUR, timezone) });
    start = previous;
  }
  return days;
}

/** Counts of events by type per interval. */
export function lineageEventMetrics(spans: Interval[], events: Iterable<{ time: number; type: string | undefined }>) {
  const rows = spans.map((s) => ({ ...s, fail: 0, start: 0, complete: 0, abort: 0 }));
  const first = spans[0]?.startInterval ?? 0;
  const last = spans.at(-1)?.endInterval ?? 0;
  for (const { time, type } of events) {
    if (time < first || time >= last) continue;
    const row = rows.find((r) => time >= r.startInterval && time < r.endInterval);
    if (!row) continue;
    if (type === 'FAIL') row.fail++;
    else if (type === 'START') row.start++;
    else if (type === 'COMPLETE') row.complete++;
    else if (type === 'ABORT') row.abort++;
  }
  return rows.map((r) => ({ ...r, startInterval: iso(r.startInterval), endInterval: iso(r.endInterval) }));
}

/** How many things existed by the end of each interval, given their creation times. */
export function cumulativeMetrics(spans: Interval[], createdAt: Iterable<number>) {
  const times = [...createdAt].sort((a, b) => a - b);
  let i = 0;
  return spans.map((s) => {
    while (i < times.length && times[i]! < s.endInterval) i++;
    return { startInterval: iso(s.startInterval), endInterval: iso(s.endInterval), count: i };
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The UTC instant of the start of the local day (in `timezone`) that holds `t`. */
export function localMidnight(t: number, timezone: string): number {
  const parts = wallClock(t, timezone);
  const wallMidnight = Date.UTC(parts.year, parts.month - 1, parts.day);
  // The offset at the instant, then again at the candidate (the offset may change during the day).
  let guess = wallMidnight - offsetAt(t, timezone);
  guess = wallMidnight - offsetAt(guess, timezone);
  return guess;
}

/** Local wall time minus UTC, in ms, at instant `t`. */
function offsetAt(t: number, timezone: string): number {
  const p = wallClock(t, timezone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function wallClock(t: number, timezone: string) {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timezone, format);
  }
  const get = (type: string) => Number(format.formatToParts(t).find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}
