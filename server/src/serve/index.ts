/**
 * The local lineage endpoint: an OpenLineage receiver (`POST /api/v1/lineage`) with a Marquez-compatible
 * read API, storing events in an append-only file in a data directory. `lineage-lens serve` runs it from the
 * command line (./cli.ts); the extension can run it in-process with {@link startLocalEndpoint}. No `vscode`
 * import.
 *
 *   schema.ts       validation against the shipped OpenLineage schema (Ajv)
 *   store.ts        the durable event file (synchronous appends, or group-committed O_DSYNC ones with --fsync;
 *                   torn-line repair, lock, time index)
 *   model.ts        the lineage model built from events (pure)
 *   snapshot.ts     the model snapshot: start-up replays only the events after it
 *   checkpoints.ts  when snapshots are written (every N events or T seconds, on close)
 *   import.ts       `serve --import`: events from JSON, JSON lines and gzip files, validated as posted ones
 *   replay.ts       `lineage-lens replay`: the stored events posted to another endpoint, resumable
 *   api.ts          the read API: Marquez paths and shapes from the model
 *   api-more.ts     the rest of Marquez's v1 (tags, writes, /jobs, /stats, sources, versions), stored in write-log.ts
 *   http.ts         node:http handler: auth, methods, body limits, ingest
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { ReadApi } from './api';
import { Annotations } from './annotations';
import { WriteLog } from './write-log';
import { Checkpoints, DEFAULT_SNAPSHOT_POLICY, type SnapshotPolicy } from './checkpoints';
import { createRequestHandler, DEFAULT_MAX_BODY_BYTES } from './http';
import type { DeviantEvent } from './deviations';
import { jsonDepthExceeds } from '../../../common/json-depth';
import { MAX_JSON_DEPTH } from './json';
import { StoredLineage, parseEventTime, unusableEvent } from './model';
import { EventValidator, eventKind } from './schema';
import { importEvents, type ImportReport } from './import';
import { readSnapshot } from './snapshot';
import { StoreError } from './data-dir';
import { EVENTS_FILE, EventStore, type LinePosition, type OpenReport } from './store';

/** How many skipped lines start-up names in the log, one warning each. */
const MAX_LINE_WARNINGS = 20;

export { DEFAULT_SNAPSHOT_POLICY, type SnapshotPolicy } from './checkpoints';
export { DEFAULT_MAX_BODY_BYTES } from './http';
export { MAX_JSON_DEPTH } from './json';
export { MAX_LIMIT, MAX_QUERY_LENGTH, ANSWER_BUDGET } from './api';
export { StoreError } from './data-dir';
export { DEVIATIONS_KEY, stripDeviations, type DeviantEvent } from './deviations';
export { parseByteSize, formatByteSize } from './body';
export type { ImportReport } from './import';

/** Default port, Marquez's API port. */
export const DEFAULT_PORT = 5000;
/** Default host: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';
/** Default data directory, relative to the working directory (or the workspace folder). */
export const DEFAULT_DATA_DIR = '.lineage';

export interface LocalEndpointOptions {
  /** Port to listen on; 0 picks a free one. Default 5000. */
  port?: number;
  /** Host to bind. Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Where events are stored. Default `.lineage` in the working directory. */
  dataDir?: string;
  /** When set, every API request needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /**
   * When set, every read (GET under `/api/v1`), and every write of tags, namespaces and sources, needs
   * `Authorization: Bearer <readApiKey>` (or the `apiKey`),
   * while `POST /api/v1/lineage` does not: pipelines on this machine keep sending events without a key, and
   * only who knows the key (e.g. the extension that started the endpoint) reads them.
   */
  readApiKey?: string;
  /** Largest accepted event body, decoded. Default 64 MiB ({@link DEFAULT_MAX_BODY_BYTES}). */
  maxBodyBytes?: number;
  /** Refuse (422) events that are not spec-valid, instead of accepting (and recording) what Marquez accepts. */
  strict?: boolean;
  /**
   * Acknowledge an event only once it is flushed to disk, so it also survives a power cut (`serve --fsync`).
   * Default: once it is written to the operating system, which survives the endpoint's crash or `kill -9`, with
   * a background flush within a second (see ./store.ts).
   */
  fsync?: boolean;
  /** Receives one line per notable thing: start-up summary, repairs, write failures, internal errors. */
  log?: (message: string) => void;
  /** Files or directories of events to import before serving (`serve --import`; see ./import.ts). */
  importFrom?: readonly string[];
  /** When model snapshots are written (default {@link DEFAULT_SNAPSHOT_POLICY}); `false`: never. */
  snapshots?: Partial<SnapshotPolicy> | false;
}

/**
 * How start-up rebuilt the model: from the snapshot plus the events after it (`used`), or by replaying every
 * event because there was no snapshot (`missing`) or it could not be used (`rejected`, with the reason).
 */
export type SnapshotUse = { state: 'used' } | { state: 'missing' } | { state: 'rejected'; reason: string };

/** What changed: the number of events stored now, and the accepted events since the last change that are not spec-valid. */
export interface LocalEndpointChange {
  eventCount: number;
  deviant: DeviantEvent[];
}

/** A running endpoint. */
export interface LocalEndpoint {
  /** The API root to configure in clients, e.g. `http://127.0.0.1:5000`. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** The absolute data directory. */
  readonly dataDir: string;
  /**
   * What start-up found: events loaded, of which `replayed` were read from the events file (the others came
   * from the snapshot), a torn line repaired, lines skipped, time taken.
   */
  readonly startup: {
    events: number;
    replayed: number;
    tornBytes: number;
    skipped: number;
    ms: number;
    snapshot: SnapshotUse;
    /** What `importFrom` imported. */
    imported?: ImportReport;
  };
  /** Stops listening, waits for pending writes, closes the store and releases its lock. */
  close(): Promise<void>;
  /** How many events are stored. */
  eventCount(): number;
  /** Called (at most once per tick) after new events were stored. */
  onDidChange(listener: (change: LocalEndpointChange) => void): { dispose(): void };
}

/** Why the endpoint could not start; `message` says what to do. */
export class LocalEndpointError extends Error {
  override readonly name = 'LocalEndpointError';
  constructor(
    readonly code: 'port-in-use' | 'cannot-listen' | 'unwritable' | 'locked' | 'cannot-import',
    message: string,
    options?: { cause?: unknown; advice?: string },
  ) {
    super(options?.advice ? `${message} ${options.advice}` : message, options);
    this.reason = message;
  }
  /**
   * What went wrong without the command-line advice (`--port`, `--host`) the message ends with: for callers that
   * give their own (the extension names its setting).
   */
  readonly reason: string;
}

/** True when `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * Starts the endpoint: opens (and repairs) the store in `dataDir`, rebuilds the model from it, then listens.
 * Rejects with a {@link LocalEndpointError} when the port is taken or the directory cannot be used.
 */
export async function startLocalEndpoint(options: LocalEndpointOptions = {}): Promise<LocalEndpoint> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const validator = new EventValidator();

  let store: EventStore;
  try {
    store = await EventStore.open(dataDir, log, options.fsync === true ? 'disk' : 'process');
  } catch (error) {
    if (error instanceof StoreError)
      throw new LocalEndpointError(error.code === 'locked' ? 'locked' : 'unwritable', error.message, { cause: error });
    throw error;
  }
  const { model, report, snapshot } = await rebuild(store, dataDir, log);
  if (snapshot.state === 'rejected') log(`Not using the model snapshot: ${snapshot.reason}; replayed all ${report.replayed} events.`);
  const checkpoints =
    options.snapshots === false
      ? undefined
      : new Checkpoints(dataDir, model, store, { ...DEFAULT_SNAPSHOT_POLICY, ...options.snapshots }, log);
  checkpoints?.note(report.replayed);
  let imported: ImportReport | undefined;
  if (options.importFrom?.length) {
    try {
      imported = await importEvents(options.importFrom, { store, model, validator, dataDir, onAccepted: () => checkpoints?.note() });
    } catch (error) {
      await checkpoints?.close();
      await store.close();
      if (error instanceof StoreError) throw new LocalEndpointError('unwritable', error.message, { cause: error });
      throw new LocalEndpointError('cannot-import', (error as Error).message, { cause: error });
    }
  }

  const listeners = new Set<(change: LocalEndpointChange) => void>();
  let notifyScheduled = false;
  let deviant: DeviantEvent[] = [];
  const notify = (event?: DeviantEvent) => {
    if (event && deviant.length < 1000) deviant.push(event);
    if (notifyScheduled) return;
    notifyScheduled = true;
    setImmediate(() => {
      notifyScheduled = false;
      const change = { eventCount: store.count, deviant };
      deviant = [];
      for (const listener of [...listeners]) {
        try {
          listener(change);
        } catch (error) {
          log(`A change listener failed: ${(error as Error).message}`);
        }
      }
    });
  };

  let writes: Awaited<ReturnType<typeof WriteLog.open>>;
  try {
    writes = await WriteLog.open(dataDir, log);
  } catch (error) {
    await checkpoints?.close();
    await store.close();
    throw new LocalEndpointError('unwritable', `Cannot open the writes log in ${dataDir}: ${(error as Error).message}`, { cause: error });
  }
  const annotations = new Annotations();
  for (const record of writes.records) annotations.apply(record);
  const api = new ReadApi(model, store, { annotations, writes: writes.log });
  // The port is known once listening; no request arrives before.
  const bound = { host, port };
  const server: Server = createServer(
    { keepAliveTimeout: 5000, requestTimeout: 60_000, headersTimeout: 30_000 },
    createRequestHandler({
      model,
      store,
      validator,
      api,
      apiKey: options.apiKey || undefined,
      readApiKey: options.readApiKey || undefined,
      bound,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      strict: options.strict === true,
      log,
      onAccepted: (event) => {
        checkpoints?.note();
        notify(event);
      },
    }),
  );
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolveListen();
      });
    });
  } catch (error) {
    await checkpoints?.close();
    await writes.log.close();
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new LocalEndpointError('port-in-use', `Port ${port} on ${host} is already in use (another lineage endpoint or Marquez?).`, {
        cause: error,
        advice: 'Stop it, or choose another port with --port.',
      });
    if (code === 'EACCES')
      throw new LocalEndpointError(
        'cannot-listen',
        `Not allowed to listen on port ${port} on ${host} (EACCES): ports below 1024 need privileges.`,
        { cause: error, advice: 'Choose another port with --port.' },
      );
    throw new LocalEndpointError('cannot-listen', `Cannot listen on ${host}:${port} (${code ?? (error as Error).message}).`, {
      cause: error,
      advice: 'Check --host and --port.',
    });
  }
  server.on('error', (error) => log(`Server error: ${error.message}`));
  const address = server.address() as AddressInfo;
  bound.port = address.port;
  const urlHost = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    host,
    dataDir,
    startup: {
      events: report.lines,
      replayed: report.replayed,
      tornBytes: report.tornBytes,
      skipped: report.skipped,
      ms: Math.round(performance.now() - started),
      snapshot,
      ...(imported ? { imported } : {}),
    },
    eventCount: () => store.count,
    onDidChange(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    close() {
      closing ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        });
        listeners.clear();
        await store.settle();
        await checkpoints?.close();
        await writes.log.close();
        await store.close();
      })();
      return closing;
    },
  };
}

/**
 * The model of the stored events: the snapshot's, with the events after it applied, when the snapshot is
 * usable and the events file still starts with what it covers; else a replay of every event.
 */
async function rebuild(
  store: EventStore,
  dataDir: string,
  log: (message: string) => void,
): Promise<{ model: StoredLineage; report: OpenReport; snapshot: SnapshotUse }> {
  const read = await readSnapshot(dataDir);
  let snapshot: SnapshotUse = read.ok
    ? { state: 'used' }
    : read.missing
      ? { state: 'missing' }
      : { state: 'rejected', reason: read.reason };
  let resume;
  if (read.ok) {
    const mismatch = await store
      .verify(read.snapshot.guard)
      .catch((error: unknown) => `the events file cannot be checked (${(error as Error).message})`);
    if (mismatch) snapshot = { state: 'rejected', reason: mismatch };
    else resume = { offset: read.snapshot.guard.bytes, index: read.snapshot.index };
  }
  const model = resume && read.ok ? read.snapshot.model : new StoredLineage();
  // Runs read their facets back from the events file (./runs.ts).
  model.runFacets.reader = (offset, length) => store.readLineSync(offset, length);
  model.runFacets.log = log;
  let warned = 0;
  const skip = (where: LinePosition, why: string): undefined => {
    if (++warned <= MAX_LINE_WARNINGS) {
      const at = where.resumed ? `line ${where.line} after the snapshot (byte ${where.offset})` : `line ${where.line}`;
      log(`Skipped ${at} of ${join(dataDir, EVENTS_FILE)}: ${why}.`);
    } else if (warned === MAX_LINE_WARNINGS + 1) log(`More lines were skipped; only the first ${MAX_LINE_WARNINGS} are named.`);
    return undefined;
  };
  const report = await store.load((line, where) => {
    // Stored events were validated when they arrived, but the file may come from elsewhere (an edit, an older
    // version that stored events nested too deep): each line is checked for what the model needs.
    if (jsonDepthExceeds(line, MAX_JSON_DEPTH)) return skip(where, `it nests more than ${MAX_JSON_DEPTH} levels deep`);
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      return skip(where, 'it is not JSON');
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return skip(where, 'it is not a JSON object');
    const record = event as Record<string, unknown>;
    const kind = eventKind(record);
    const unusable = unusableEvent(kind, record);
    if (unusable) return skip(where, `it is not a usable OpenLineage ${kind}: ${unusable}`);
    try {
      model.apply(kind, record, where);
    } catch (error) {
      return skip(where, `applying it failed (${(error as Error).message})`);
    }
    const time = parseEventTime(record.eventTime);
    return Number.isNaN(time) ? 0 : time;
  }, resume);
  if (snapshot.state === 'used')
    log(`Loaded the model snapshot (${report.lines - report.replayed} events) and replayed the ${report.replayed} events after it.`);
  return { model, report, snapshot };
}
