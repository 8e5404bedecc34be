/**
 * How an accepted event's departures from the OpenLineage spec (./schema.ts {@link Deviation}) are kept: in the
 * event's own line of events.jsonl, as one extra top-level property {@link DEVIATIONS_KEY}, written in the same
 * durable append as the event (so a 201 means both are on disk, and both survive a restart or a copy of the
 * file). A spec-valid event's line is exactly what was received.
 *
 * The property shows in `GET /api/v1/events/lineage` (an emitter's author sees there why an event is not
 * spec-valid); Marquez's UI and its event model ignore unknown top-level properties (`LineageEvent` is
 * `@JsonIgnoreProperties(ignoreUnknown = true)`), and the spec allows them. Whoever sends stored events on to
 * another endpoint should take it off with {@link stripDeviations}. An event that arrives with the property
 * (replayed from another Lineage Lens) has it removed and recomputed here.
 */
import type { DeviantEvent } from '../../../protocol/local-endpoint';
import type { Deviation } from './schema';

export type { DeviantEvent } from '../../../protocol/local-endpoint';

/** The top-level property of a stored event holding its deviations. */
export const DEVIATIONS_KEY = 'x-lineage-lens-deviations';

/**
 * The line to store: `line` (one line of compact JSON text of an object) with the deviations added as the last
 * property, or `line` itself when there are none.
 */
export function withDeviations(line: Buffer | string, deviations: readonly Deviation[]): Buffer | string {
  if (deviations.length === 0) return line;
  const text = typeof line === 'string' ? line : line.toString('utf8');
  const end = text.trimEnd();
  if (!end.endsWith('}')) return line;
  const open = end.slice(0, -1).trimEnd();
  const comma = open.endsWith('{') ? '' : ',';
  return `${open}${comma}${JSON.stringify(DEVIATIONS_KEY)}:${JSON.stringify(deviations)}}`;
}

/** The deviations recorded on a stored event (parsed), or an empty list. */
export function deviationsOf(event: Record<string, unknown>): Deviation[] {
  const value = event[DEVIATIONS_KEY];
  if (!Array.isArray(value)) return [];
  return value.filter(
    (d): d is Deviation =>
      typeof d === 'object' && d !== null && typeof (d as Deviation).path === 'string' && typeof (d as Deviation).message === 'string',
  );
}

/** A stored event as it was received: without the recorded deviations. */
export function stripDeviations(event: Record<string, unknown>): Record<string, unknown> {
  if (!Object.prototype.hasOwnProperty.call(event, DEVIATIONS_KEY)) return event;
  const copy = { ...event };
  delete copy[DEVIATIONS_KEY];
  return copy;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The summary of an accepted event with deviations. */
export function deviantEvent(event: Record<string, unknown>, deviations: Deviation[], receivedAt: number): DeviantEvent {
  const owner = isObject(event.job) ? event.job : isObject(event.dataset) ? event.dataset : {};
  const subject = `${typeof owner.namespace === 'string' ? owner.namespace : ''}/${typeof owner.name === 'string' ? owner.name : ''}`;
  return {
    receivedAt,
    producer: typeof event.producer === 'string' ? event.producer : '',
    subject,
    ...(typeof event.eventType === 'string' && { eventType: event.eventType }),
    ...(isObject(event.run) && typeof event.run.runId === 'string' && { runId: event.run.runId }),
    deviations,
  };
}
