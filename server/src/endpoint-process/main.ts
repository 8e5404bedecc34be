/**
 * The local lineage endpoint as a child process of the extension (bundled to dist/local-endpoint.js and
 * started with `child_process.fork`): the extension host stays responsive however many events are replayed
 * at start-up or posted by a busy Airflow, and a crash of one cannot take down the other.
 *
 * The parent sends its options as the first argument (JSON) and talks over the IPC channel with the
 * messages of server/src/protocol/local-endpoint.ts; `events` at most every EVENTS_INTERVAL_MS. If the parent
 * goes away (the IPC channel closes), the child stops as on `stop`.
 */
import type { EndpointProcessMessage, EndpointProcessOptions } from '../protocol/local-endpoint';
import { LocalEndpointError, startLocalEndpoint, type LocalEndpoint } from '../serve';

/** Event counts are reported this often at most, so a burst of posts is one status update. */
const EVENTS_INTERVAL_MS = 250;


function send(message: EndpointProcessMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (!process.send) {
    process.stderr.write('local-endpoint.js is started by the Lineage Lens extension; run `lineage-lens serve` instead.\n');
    process.exit(2);
  }
  let options: EndpointProcessOptions;
  try {
    options = JSON.parse(process.argv[2] ?? '') as EndpointProcessOptions;
  } catch {
    send({ type: 'failed', code: 'usage', message: 'The local endpoint process was started without its options.' });
    process.exit(1);
  }
  let endpoint: LocalEndpoint;
  try {
    endpoint = await startLocalEndpoint({ ...options, log: (message) => send({ type: 'log', message }) });
  } catch (error) {
    const code = error instanceof LocalEndpointError ? error.code : 'internal';
    send({ type: 'failed', code, message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  send({ type: 'started', url: endpoint.url, port: endpoint.port, host: endpoint.host, dataDir: endpoint.dataDir, startup: endpoint.startup, eventCount: endpoint.eventCount() });

  let timer: ReturnType<typeof setTimeout> | undefined;
  endpoint.onDidChange(() => {
    timer ??= setTimeout(() => {
      timer = undefined;
      send({ type: 'events', eventCount: endpoint.eventCount() });
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
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
