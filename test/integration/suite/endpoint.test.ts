/**
 * The endpoint commands in a real VS Code, against the Marquez test server started here in the extension
 * host: Set Endpoint writes the user setting, Set API Key stores a key the server then receives as a bearer
 * token, Clear API Key removes it, and Test Connection reports success or the precise failure.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClearApiKeyResult, SetApiKeyResult, SetEndpointResult, TestConnectionResult } from '../../../extension/src/endpoint/commands';
import { foregroundRequests, startMarquezServer, type MarquezTestServer } from '../../support/marquez-server';
import { DEFAULT_TIMEOUT_MS, EXTENSION_ID } from './helpers';

const config = () => vscode.workspace.getConfiguration('lineageLens');

function run<T>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(command, ...args);
}

describe('Lineage endpoint commands', function () {
  this.timeout(DEFAULT_TIMEOUT_MS);
  let server: MarquezTestServer;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    server = await startMarquezServer();
  });

  beforeEach(() => server.reset());

  after(async () => {
    await run('lineageLens.clearApiKey');
    await config().update('endpoint.url', undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  it('Set Endpoint with a URL argument writes the normalised URL to the user settings', async () => {
    const result = await run<SetEndpointResult>('lineageLens.setEndpoint', `${server.url}/api/v1/`);
    assert.deepEqual(result, { ok: true, url: server.url });
    assert.equal(config().inspect<string>('endpoint.url')?.globalValue, server.url);
  });

  it('Set Endpoint refuses an invalid URL and keeps the setting', async () => {
    const result = await run<SetEndpointResult>('lineageLens.setEndpoint', 'marquez:5000');
    assert.deepEqual(result, {
      ok: false,
      message: '"marquez:5000" uses marquez: the lineage API is served over http or https, e.g. http://localhost:5000.',
    });
    assert.equal(config().inspect<string>('endpoint.url')?.globalValue, server.url);
  });

  it('Test Connection succeeds against the test server, with the namespace count and latency', async () => {
    const result = await run<TestConnectionResult>('lineageLens.testConnection');
    assert.ok(result.ok, `expected success, got ${JSON.stringify(result)}`);
    assert.equal(result.url, server.url);
    assert.equal(result.source, 'user');
    assert.equal(result.namespaces, 4);
    assert.equal(result.apiKey, false);
    assert.ok(result.latencyMs >= 0 && result.latencyMs < DEFAULT_TIMEOUT_MS);
    assert.deepEqual(
      foregroundRequests(server).map((r) => `${r.method} ${r.url}`),
      ['GET /api/v1/namespaces?limit=100'],
    );
    assert.equal(foregroundRequests(server)[0]!.headers.authorization, undefined);
  });

  it('Set API Key with a key argument stores it for the origin, and the server then receives the bearer', async () => {
    const stored = await run<SetApiKeyResult>('lineageLens.setApiKey', 'integration-key-1');
    assert.deepEqual(stored, { ok: true, origin: server.origin });
    server.requireApiKey = 'integration-key-1';
    const result = await run<TestConnectionResult>('lineageLens.testConnection');
    assert.ok(result.ok, `expected success, got ${JSON.stringify(result)}`);
    assert.equal(result.apiKey, true);
    // Test Connection's request (the DAG Lineage view and the runtime diagnostics may read in the background).
    const tested = foregroundRequests(server).filter((r) => r.segments.join('/') === 'api/v1/namespaces');
    assert.equal(tested.length, 1);
    assert.equal(tested[0]!.headers.authorization, 'Bearer integration-key-1');
  });

  it('Test Connection reports a 401 with what to do', async () => {
    server.mode = 'unauthorized';
    const result = await run<TestConnectionResult>('lineageLens.testConnection');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.kind, 'unauthorized');
    assert.equal(result.status, 401);
    assert.equal(
      result.message,
      `The endpoint ${server.origin} rejected the API key (HTTP 401). The server said: "Invalid API key". Run "Lineage Lens: Set API Key" to enter a valid key for ${server.origin}.`,
    );
  });

  it('Clear API Key removes the key: requests go out without it', async () => {
    const cleared = await run<ClearApiKeyResult>('lineageLens.clearApiKey');
    assert.deepEqual(cleared, { ok: true, origin: server.origin, existed: true });
    server.requireApiKey = 'integration-key-1';
    const result = await run<TestConnectionResult>('lineageLens.testConnection');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.kind, 'unauthorized');
    assert.match(result.message, /requires an API key \(HTTP 401\)/);
    assert.equal(foregroundRequests(server)[0]!.headers.authorization, undefined);
  });

  it('Test Connection without an endpoint says to set one', async () => {
    await config().update('endpoint.url', undefined, vscode.ConfigurationTarget.Global);
    const result = await run<TestConnectionResult>('lineageLens.testConnection');
    assert.deepEqual(result, {
      ok: false,
      kind: 'not-configured',
      message: 'No lineage endpoint is set. Run "Lineage Lens: Set Endpoint" and enter the API root, e.g. http://localhost:5000.',
    });
    assert.equal(foregroundRequests(server).length, 0);
  });
});
