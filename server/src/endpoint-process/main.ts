/**
 * The local lineage endpoint as a child process of the extension (bundled to dist/local-endpoint.js and
 * started with `child_process.fork`): the extension host stays responsive however many events are replayed
 * at start-up or posted by a busy Airflow, and a crash of one cannot take down the other.
 *
 * The parent talks over the IPC channel with the messages of protocol/local-endpoint.ts: its first
 * message, `start`, carries the options (keys included: never in argv, which `ps` shows to every user);
 * `events` goes back at most every EVENTS_INTERVAL_MS. If the parent goes away (the IPC channel closes), the
 * child stops as on `stop`.
 */
import type {
  DeviantEvent,
  EndpointProcessCommand,
  EndpointProcessMessage,
  EndpointProcessOptions,
} from '../../../protocol/local-endpoint';
import { LocalEndpointError, startLocalEndpoint, type LocalEndpoint } from '../serve';

/** Event counts are reported this often at most, so a burst of posts is one status update. */
const EVENTS_INTERVAL_MS = 250;
/** Most events that are not spec-valid one `events` message carries (a flood is summarised by the first ones). */
const MAX_DEVIANT_PER_MESSAGE = 100;

function send(message: EndpointProcessMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (!process.send) {
    process.stderr.write('local-endpoint.js is started by the Lineage Lens extension; run `lineage-lens serve` instead.\n');
    process.exit(2);
  }
  const options = await startMessage();
  if (!options) {
    send({ type: 'failed', code: 'usage', message: 'The local endpoint process was started without its options.' });
    process.exit(1);
  }
  let endpoint: LocalEndpoint;
  try {
    // Named one by one (not spread), so that the compiler checks each against LocalEndpointOptions.
    const { port, host, dataDir, apiKey, readApiKey, maxBodyBytes, strict, fsync } = options;
    endpoint = await startLocalEndpoint({
      port,
      host,
      dataDir,
      apiKey,
      readApiKey,
      maxBodyBytes,
      strict,
      fsync,
      log: (message) => send({ type: 'log', message }),
    });
  } catch (error) {
    const code = error instanceof LocalEndpointError ? error.code : 'internal';
    send({
      type: 'failed',
      code,
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof LocalEndpointError && error.reason !== error.message && { reason: error.reason }),
    });
    process.exit(1);
  }
  send({
    type: 'started',
    url: endpoint.url,
    port: endpoint.port,
    host: endpoint.host,
    dataDir: endpoint.dataDir,
    startup: endpoint.startup,
    eventCount: endpoint.eventCount(),
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  let deviant: DeviantEvent[] = [];
  endpoint.onDidChange((change) => {
    for (const event of change.deviant) if (deviant.length < MAX_DEVIANT_PER_MESSAGE) deviant.push(event);
    timer ??= setTimeout(() => {
      timer = undefined;
      send({ type: 'events', eventCount: endpoint.eventCount(), ...(deviant.length > 0 && { deviant }) });
      deviant = [];
    }, EVENTS_INTERVAL_MS);
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearTimeout(timer);
      await endpoint.close();
      process.exit(0);
    })());
  process.on('message', (message: unknown) => {
    if (commandOf(message)?.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function commandOf(message: unknown): EndpointProcessCommand | undefined {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string'
    ? (message as EndpointProcessCommand)
    : undefined;
}

/** The options of the parent's first message (`start`); undefined if it sends anything else first. */
function startMessage(): Promise<EndpointProcessOptions | undefined> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      process.off('message', onMessage);
      process.off('disconnect', onDisconnect);
      const command = commandOf(message);
      resolve(command?.type === 'start' && typeof command.options === 'object' && command.options !== null ? command.options : undefined);
    };
    const onDisconnect = () => process.exit(0);
    process.on('message', onMessage);
    process.on('disconnect', onDisconnect);
  });
}

void main();
