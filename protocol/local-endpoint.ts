/**
 * Messages between the extension and the local lineage endpoint it runs as a child process
 * (server/src/endpoint-process/main.ts, bundled to dist/local-endpoint.js), over the process's IPC channel.
 * Types only: both sides import this module type-only.
 *
 *   parent → child  start (the options, keys included: first message, once), stop (close the store and exit 0);
 *                   a closed channel means stop
 *   child → parent  started (listening), events (the count changed, with the accepted events since the last
 *                   message that are not spec-valid), failed (then it exits 1), log
 *
 * The options travel over the channel, not as arguments or environment variables: a process's arguments are
 * visible to every user of the machine (`ps`), and the keys must not be.
 */

/** What the parent sends in its `start` message. */
export interface EndpointProcessOptions {
  port: number;
  host: string;
  dataDir: string;
  /** Every API request needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Every read (GET under /api/v1) needs `Authorization: Bearer <readApiKey>`; posting events does not. */
  readApiKey?: string;
  /** Largest accepted event body, decoded (`--max-body`); unset: the endpoint's default. */
  maxBodyBytes?: number;
  /** Refuse events that are not spec-valid (`--strict`). */
  strict?: boolean;
  /** Acknowledge events only once flushed to disk (`--fsync`). */
  fsync?: boolean;
}

/** One way an event departs from the OpenLineage spec: the field (`run.runId`, `""` for the event) and what is wrong. */
export interface Deviation {
  path: string;
  message: string;
}

/** An accepted event that is not spec-valid, as the endpoint reports it. */
export interface DeviantEvent {
  /** When it was received (epoch ms). */
  receivedAt: number;
  /** The event's `producer` (`""` when it has none). */
  producer: string;
  /** `namespace/name` of its job, or of its dataset for a DatasetEvent. */
  subject: string;
  eventType?: string;
  runId?: string;
  deviations: Deviation[];
}

/** What start-up found: events loaded, a torn last line repaired, lines skipped, time taken. */
export interface EndpointStartup {
  events: number;
  tornBytes: number;
  skipped: number;
  ms: number;
}

export type EndpointProcessMessage =
  | { type: 'started'; url: string; port: number; host: string; dataDir: string; startup: EndpointStartup; eventCount: number }
  | { type: 'events'; eventCount: number; deviant?: DeviantEvent[] }
  /** `reason`: the message without the command-line advice it ends with (`--port`), when there is some. */
  | { type: 'failed'; code: string; message: string; reason?: string }
  | { type: 'log'; message: string };

export type EndpointProcessCommand = { type: 'start'; options: EndpointProcessOptions } | { type: 'stop' };
