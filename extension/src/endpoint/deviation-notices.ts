/**
 * What the extension says about events the local endpoint accepted that are not spec-valid (the endpoint
 * accepts what Marquez accepts and records the rest, server/src/serve/deviations.ts). Pure: no `vscode`, so
 * the wording and when a notice is due are unit-tested.
 *
 * A notice names a producer, how many of its events in the last hour were not spec-valid, and the first
 * problem: "3 events from spark in the last hour were not spec-valid: schemaURL is required." One notice per
 * producer per hour at most: events that keep coming from it go to the output channel only, so the same
 * emitter never raises the same notice again and again.
 */
import type { DeviantEvent } from '../../../protocol/local-endpoint';

/** The window a notice counts over, and how long a producer stays quiet after its notice. */
export const NOTICE_WINDOW_MS = 60 * 60 * 1000;
/** Most output lines one batch of events writes (one per event), then a line saying how many more. */
export const MAX_DETAIL_LINES = 20;

/**
 * A short name for a producer URI, the last path segment that is not a version: `…/tree/1.30.0/integration/spark`
 * → `spark`, `…/airflow/tree/providers-openlineage/2.6.0` → `providers-openlineage`. Anything else as it is.
 */
export function producerName(producer: string): string {
  if (producer === '') return 'an unnamed producer';
  let segments: string[];
  try {
    segments = new URL(producer).pathname.split('/').filter((s) => s !== '');
  } catch {
    return producer.slice(0, 80);
  }
  const name = [...segments].reverse().find((s) => !/^v?\d+(?:[.-]\d+)*(?:[.-]?[a-z]+\d*)?$/i.test(s));
  return (name ?? new URL(producer).host ?? producer).slice(0, 80);
}

/** One event's line in the output channel. */
export function detailLine(event: DeviantEvent): string {
  const what = [event.eventType, event.subject, event.runId && `run ${event.runId}`].filter(Boolean).join(' ');
  const problems = event.deviations.map((d) => d.message).join('; ');
  return `${new Date(event.receivedAt).toISOString()} ${what} from ${event.producer || '(no producer)'}: ${problems}`;
}

export interface DeviationNotice {
  producer: string;
  /** Events from it in the window, this one included. */
  count: number;
  message: string;
}

/** Keeps the last hour of events that are not spec-valid and decides when a notice is due. */
export class DeviationNotices {
  private recent: DeviantEvent[] = [];
  private readonly noticed = new Map<string, number>();

  /** Takes a batch of events: the notices to show now and the lines for the output channel. */
  add(events: readonly DeviantEvent[], now: number): { notices: DeviationNotice[]; lines: string[] } {
    this.recent = this.recent.filter((e) => now - e.receivedAt < NOTICE_WINDOW_MS);
    for (const [producer, at] of this.noticed) if (now - at >= NOTICE_WINDOW_MS) this.noticed.delete(producer);
    this.recent.push(...events);
    const lines = events.slice(0, MAX_DETAIL_LINES).map(detailLine);
    if (events.length > MAX_DETAIL_LINES) lines.push(`… and ${events.length - MAX_DETAIL_LINES} more events that are not spec-valid.`);
    const notices: DeviationNotice[] = [];
    for (const producer of new Set(events.map((e) => e.producer))) {
      if (this.noticed.has(producer)) continue;
      this.noticed.set(producer, now);
      const from = this.recent.filter((e) => e.producer === producer);
      const first = from.find((e) => e.deviations.length > 0)?.deviations[0]?.message ?? 'see the output';
      const count = from.length;
      notices.push({
        producer,
        count,
        message: `${count === 1 ? '1 event' : `${count} events`} from ${producerName(producer)} in the last hour ${count === 1 ? 'was' : 'were'} not spec-valid: ${first}. The local endpoint accepted ${count === 1 ? 'it' : 'them'}, as Marquez would.`,
      });
    }
    return { notices, lines };
  }

  /** Events that are not spec-valid in the last hour. */
  count(now: number): number {
    return this.recent.filter((e) => now - e.receivedAt < NOTICE_WINDOW_MS).length;
  }
}
