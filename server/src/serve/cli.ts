/**
 * `lineage-lens serve`: runs the local lineage endpoint until SIGINT or SIGTERM.
 *
 *   lineage-lens serve [--port 5000] [--host 127.0.0.1] [--data DIR] [--api-key KEY] [--max-body SIZE] [--strict] [--fsync]
 *                      [--import FILE|DIR]
 *
 * Exit codes: 0 after a clean shutdown, 1 when it cannot start (port in use, data directory unusable),
 * 2 on usage errors.
 */
import {
  DEFAULT_MAX_BODY_BYTES,
  formatByteSize,
  parseByteSize,
  DEFAULT_DATA_DIR,
  DEFAULT_HOST,
  DEFAULT_PORT,
  isLoopback,
  LocalEndpointError,
  startLocalEndpoint,
  type LocalEndpointOptions,
} from './index';

export const SERVE_USAGE = `Usage: lineage-lens serve [--port 5000] [--host 127.0.0.1] [--data DIR] [--api-key KEY]
                          [--max-body SIZE] [--strict] [--fsync] [--import FILE|DIR]

Runs a local OpenLineage endpoint: send events from Airflow, dbt-ol, Spark or Great Expectations to
POST http://HOST:PORT/api/v1/lineage, and read lineage with the Marquez API (GET /api/v1/lineage, /search,
/namespaces, ...), e.g. from the Lineage Lens viewer with lineageLens.endpoint.url = http://HOST:PORT.

Options:
  --port N        Port to listen on (default ${DEFAULT_PORT}; 0 picks a free one).
  --host HOST     Address to bind (default ${DEFAULT_HOST}: this machine only).
  --data DIR      Where events are stored (default ${DEFAULT_DATA_DIR} in the current directory).
  --api-key KEY   Require "Authorization: Bearer KEY" on every request. Needed before binding to
                  another host than loopback. Prefer setting LINEAGE_LENS_API_KEY instead: command
                  line arguments are visible to other users of this machine (ps).
  --max-body SIZE Largest event accepted, after gzip/deflate decoding (default ${formatByteSize(DEFAULT_MAX_BODY_BYTES).replace(' ', '')};
                  e.g. 100MB, 1GiB). Larger ones get 413.
  --strict        Refuse (422) every event that is not valid against the OpenLineage spec. By default,
                  as Marquez, events without schemaURL or with times without a UTC offset are accepted
                  and what they break is recorded with them (x-lineage-lens-deviations in
                  GET /api/v1/events/lineage).
  --fsync         Answer 201 only once the event is flushed to disk, so it also survives a power cut
                  (slower: one disk flush per event, shared by concurrent senders). By default an
                  answered event is written to the operating system, which survives the endpoint
                  crashing or being killed, and is flushed to disk within a second.
  --import PATH   Before serving, store the events of PATH: a file holding one event, an array of
                  events or JSON lines (gzip-compressed or not), or a directory of .json, .jsonl and
                  .ndjson(.gz) files. Each is validated as a posted event; refused ones are counted
                  with their reason. A file imported before is not imported again. Repeatable.
  -h, --help      Show this help.

Only programs on this machine (or, with --host, the network) are answered: requests that name another
Host, or come from a web page of another origin, are refused, and events must be sent with
Content-Type: application/json (as the OpenLineage clients do), e.g.
  curl -H 'Content-Type: application/json' -d @event.json http://127.0.0.1:${DEFAULT_PORT}/api/v1/lineage

Stop it with Ctrl+C (SIGINT) or SIGTERM; acknowledged events are flushed to disk before it exits.`;

export interface ServeIo {
  out(s: string): void;
  err(s: string): void;
  env: Record<string, string | undefined>;
  /** Resolves when the process should stop (SIGINT/SIGTERM); injected so tests need no signals. */
  stopSignal(): Promise<string>;
}

type Parsed = { ok: true; options: LocalEndpointOptions; help: boolean } | { ok: false; message: string };

/** Parses the options of `serve`. */
export function parseServeArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): Parsed {
  const options: LocalEndpointOptions = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (arg === '--strict') {
      options.strict = true;
      continue;
    }
    if (arg === '--fsync') {
      options.fsync = true;
      continue;
    }
    const m = /^(--port|--host|--data|--api-key|--max-body|--import)(?:=(.*))?$/.exec(arg);
    if (!m) return { ok: false, message: arg.startsWith('-') ? `unknown option "${arg}".` : `unexpected argument "${arg}".` };
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '') return { ok: false, message: `${m[1]} needs a value.` };
    switch (m[1]) {
      case '--port': {
        if (!/^\d+$/.test(value) || Number(value) > 65535)
          return { ok: false, message: `--port must be a number from 0 to 65535, not "${value}".` };
        options.port = Number(value);
        break;
      }
      case '--host':
        options.host = value;
        break;
      case '--data':
        options.dataDir = value;
        break;
      case '--max-body': {
        const size = parseByteSize(value);
        if (!size.ok) return { ok: false, message: `--max-body: ${size.message}` };
        options.maxBodyBytes = size.bytes;
        break;
      }
      case '--import':
        options.importFrom = [...(options.importFrom ?? []), value];
        break;
      default:
        options.apiKey = value;
    }
  }
  if (options.apiKey === undefined && env.LINEAGE_LENS_API_KEY) options.apiKey = env.LINEAGE_LENS_API_KEY;
  return { ok: true, options, help };
}

/** Runs `lineage-lens serve`; resolves with the exit code after shutdown. */
export async function runServe(argv: readonly string[], io: ServeIo): Promise<number> {
  const parsed = parseServeArgs(argv, io.env);
  if (!parsed.ok) {
    io.err(`lineage-lens serve: ${parsed.message}\n\n${SERVE_USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    io.out(`${SERVE_USAGE}\n`);
    return 0;
  }
  let endpoint;
  try {
    endpoint = await startLocalEndpoint({ ...parsed.options, log: (message) => io.err(`lineage-lens serve: ${message}\n`) });
  } catch (error) {
    if (error instanceof LocalEndpointError) {
      io.err(`lineage-lens serve: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const { startup } = endpoint;
  io.out(
    `Lineage endpoint listening on ${endpoint.url} (OpenLineage: POST ${endpoint.url}/api/v1/lineage; Marquez API: ${endpoint.url}/api/v1).\n`,
  );
  io.out(
    `Data: ${endpoint.dataDir}: ${startup.events} event${startup.events === 1 ? '' : 's'} loaded in ${startup.ms} ms${startup.tornBytes ? ' (an incomplete last line was repaired)' : ''}.\n`,
  );
  const imported = startup.imported;
  if (imported) {
    const refused = imported.rejected ? `; ${imported.rejected} refused:` : '';
    io.out(
      `Imported ${imported.imported} event${imported.imported === 1 ? '' : 's'} from ${imported.files} file${imported.files === 1 ? '' : 's'}${imported.alreadyImported.length ? ` (${imported.alreadyImported.length} imported before, passed over)` : ''}${refused}
`,
    );
    for (const reason of imported.reasons)
      io.out(`  ${reason}
`);
    if (imported.rejected > imported.reasons.length)
      io.out(`  … and ${imported.rejected - imported.reasons.length} more.
`);
  }
  if (startup.skipped > 0)
    io.err(
      `lineage-lens serve: warning: ${startup.skipped} line${startup.skipped === 1 ? '' : 's'} of the events file ${startup.skipped === 1 ? 'is' : 'are'} not usable events and ${startup.skipped === 1 ? 'was' : 'were'} skipped (named above); ${startup.skipped === 1 ? 'it stays' : 'they stay'} in the file.\n`,
    );
  if (isLoopback(endpoint.host)) {
    io.out(`Bound to ${endpoint.host}: only this machine can connect (use --host to change).\n`);
  } else if (!parsed.options.apiKey) {
    io.err(
      `lineage-lens serve: warning: bound to ${endpoint.host} without an API key: anyone who can reach this machine can read and write its lineage. Use --api-key KEY, or --host 127.0.0.1.\n`,
    );
  } else {
    io.out(`Bound to ${endpoint.host}; every request needs the API key.\n`);
  }
  if (parsed.options.apiKey) io.out('API key required: send "Authorization: Bearer <key>".\n');
  if (parsed.options.strict) io.out('Strict: events that are not valid against the OpenLineage spec are refused (422).\n');
  if (parsed.options.fsync) io.out('Fsync: each event is answered once it is flushed to disk.\n');
  const signal = await io.stopSignal();
  io.out(`Received ${signal}; stopping (${endpoint.eventCount()} events stored).\n`);
  await endpoint.close();
  return 0;
}

/** Resolves on the first SIGINT or SIGTERM. */
export function processStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = () => on('SIGINT');
    const onTerm = () => on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}
