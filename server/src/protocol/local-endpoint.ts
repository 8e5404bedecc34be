/**
 * Messages between the extension and the local lineage endpoint it runs as a child process
 * (server/src/endpoint-process/main.ts, bundled to dist/local-endpoint.js), over the process's IPC channel.
 * Types only: both sides import this module type-only.
 *
 *   child → parent  started (listening), events (the count changed), failed (then it exits 1), log
 *   parent → child  stop (close the store and exit 0); a closed channel means the same
 */

/** What the parent passes as the child's first argument (JSON). */
export interface EndpointProcessOptions {
  port: number;
  host: string;
  dataDir: string;
  apiKey?: string;
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
  | { type: 'events'; eventCount: number }
  | { type: 'failed'; code: string; message: string }
  | { type: 'log'; message: string };

export type EndpointProcessCommand = { type: 'stop' };
