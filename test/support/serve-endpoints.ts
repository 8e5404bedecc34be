/**
 * Local endpoints started by a test on one data directory, stopped and started again as the test needs, and
 * every one still open closed after it (`closeAll`, in afterEach); and posting an event that must be accepted.
 */
import assert from 'node:assert/strict';
import { startLocalEndpoint, type LocalEndpoint, type LocalEndpointOptions } from '../../server/src/serve';

export function endpointsIn(dir: () => string) {
  const open: LocalEndpoint[] = [];
  return {
    start: async (options: LocalEndpointOptions = {}): Promise<LocalEndpoint> => {
      const endpoint = await startLocalEndpoint({ port: 0, dataDir: dir(), ...options });
      open.push(endpoint);
      return endpoint;
    },
    stop: async (endpoint: LocalEndpoint): Promise<void> => {
      await endpoint.close();
      open.splice(open.indexOf(endpoint), 1);
    },
    closeAll: async (): Promise<void> => {
      for (const endpoint of open.splice(0)) await endpoint.close();
    },
  };
}

/** Posts one event as JSON and asserts the 201. */
export async function postAccepted(endpoint: LocalEndpoint, event: unknown): Promise<void> {
  const response = await fetch(`${endpoint.url}/api/v1/lineage`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
  });
  await response.arrayBuffer();
  assert.equal(response.status, 201);
}
