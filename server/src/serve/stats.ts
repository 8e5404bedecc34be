/**
 * `GET /stats/{lineage-events|jobs|datasets|sources}?period=DAY|WEEK&timezone=…`, shaped as Marquez's
 * StatsDao answers (Marquez's web UI draws its dashboard from them). Pure: the caller gives the times.
 *
 * - DAY: 24 hourly intervals, the first starting 23 hours before the current hour, the last the current hour.
 * - WEEK: 7 daily intervals ending with today, days in `timezone` (an IANA zone, e.g. `Europe/Paris`).
 * - lineage-events: `{startInterval, endInterval, fail, start, complete, abort}` per interval (events by type),
 *   from {@link LineageEventCounts}, kept in memory as events arrive: the events file is not read.
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

/** The event types `/stats/lineage-events` counts, in the order of {@link LineageEventCounts.rows}. */
const COUNTED = ['FAIL', 'START', 'COMPLETE', 'ABORT'] as const;

/**
 * The times of the events `/stats/lineage-events` counts, by type, kept as events arrive (and restored with the
 * model), so that a stats call does not read the events file. Exact: each event's time (epoch ms, as the events'
 * time index has it), sorted, 8 bytes an event.
 */
export class LineageEventCounts {
  /** Per type of {@link COUNTED}: the times, ascending. */
  private readonly times: number[][];

  constructor(rows: number[][] = COUNTED.map(() => [])) {
    this.times = rows;
  }

  /** Counts an event of `type` (other types and unreadable times are not counted). */
  add(type: unknown, time: number): void {
    const k = COUNTED.indexOf(type as (typeof COUNTED)[number]);
    if (k < 0 || Number.isNaN(time)) return;
    const list = this.times[k]!;
    if (list.length === 0 || list[list.length - 1]! <= time) list.push(time);
    else list.splice(firstAtLeast(list, time), 0, time);
  }

  /** Events by type per interval (`{startInterval, endInterval, fail, start, complete, abort}`). */
  metrics(spans: Interval[]) {
    return spans.map((s) => {
      const [fail, start, complete, abort] = this.times.map(
        (list) => firstAtLeast(list, s.endInterval) - firstAtLeast(list, s.startInterval),
      );
      return {
        startInterval: iso(s.startInterval),
        endInterval: iso(s.endInterval),
        fail: fail!,
        start: start!,
        complete: complete!,
        abort: abort!,
      };
    });
  }

  /** The times as a snapshot stores them: per type, the first time then the differences (smaller numbers). */
  encode(): number[][] {
    return this.times.map((list) => list.map((t, i) => (i === 0 ? t : t - list[i - 1]!)));
  }

  /** The inverse of {@link encode}; throws on rows that are not that. */
  static decode(rows: unknown): LineageEventCounts {
    if (!Array.isArray(rows) || rows.length !== COUNTED.length) throw new Error('the event counts are not one list per type');
    return new LineageEventCounts(
      rows.map((row: unknown) => {
        if (!Array.isArray(row)) throw new Error('the event counts are not one list per type');
        const list = new Array<number>(row.length);
        let t = 0;
        for (let i = 0; i < row.length; i++) {
          const d = row[i] as unknown;
          if (typeof d !== 'number' || (i > 0 && d < 0)) throw new Error('the event counts are not sorted times');
          list[i] = t = i === 0 ? d : t + d;
        }
        return list;
      }),
    );
  }
}

/** First index of the sorted `list` whose value is >= `time`. */
function firstAtLeast(list: number[], time: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
