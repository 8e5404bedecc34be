/**
 * The local lineage endpoint in a real VS Code: Start runs it as a child process with its events in a data
 * folder, the status bar counts what it receives, and with no endpoint set the viewer reads from it (Show
 * Lineage of a job whose events were just posted) with this session's read key, which nothing else has. Stop ends it; a port in use is an error that says what
 * to do; events survive a restart.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { MarquezClient } from '../../../extension/src/endpoint/client';
import { EndpointError } from '../../../extension/src/endpoint/errors';
import type { LineageLensApi } from '../../../extension/src/extension';
import type { StartLocalEndpointResult } from '../../../extension/src/local-endpoint';
import type { SearchLineageResult, ShowLineageResult } from '../../../extension/src/viewer';
import { DEFAULT_TIMEOUT_MS, EXTENSION_ID, waitFor } from './helpers';

const RUN_ID = '0195f3a0-6b2c-7d4e-8f10-2a3b4c5d6e7f';

function event(eventType: 'START' | 'COMPLETE') {
  return {
    eventType,
    eventTime: eventType === 'START' ? '2026-11-20T02:00:00.000Z' : '2026-11-20T02:03:10.000Z',
    producer: 'https://github.com/lineage-lens/lineage-lens/test',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: RUN_ID },
    job: { namespace: 'local-it', name: 'nightly.load_orders' },
    inputs: [{ namespace: 's3://lake', name: 'raw/orders' }],
    outputs: [{ namespace: 'postgres://db:5432', name: 'analytics.public.orders' }],
  };
}

describe('Local lineage endpoint', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);
  let api: LineageLensApi;
  let dataDir: string;

  before(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as LineageLensApi;
    dataDir = mkdtempSync(join(tmpdir(), 'lineage-lens-local-'));
    await vscode.workspace.getConfiguration('lineageLens').update('endpoint.url', undefined, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('lineageLens.stopLocalEndpoint');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, receives events (counted in the status), and the viewer reads from it while no endpoint is set', async () => {
    const started = await vscode.commands.executeCommand<StartLocalEndpointResult>('lineageLens.startLocalEndpoint', { port: 0, dataDir });
    assert.ok(started.ok, JSON.stringify(started));
    assert.equal(started.alreadyRunning, false);
    assert.equal(started.eventCount, 0);
    assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    // Events stay out of version control.
    assert.equal(readFileSync(join(dataDir, '.gitignore'), 'utf8').split('\n').includes('*'), true);

    const client = new MarquezClient({ baseUrl: started.url });
    assert.equal((await client.postEvent(event('START'))).status, 201);
    assert.equal((await client.postEvent(event('COMPLETE'))).status, 201);
    // Pipelines post without a key; reading needs this session's key, which only the extension holds.
    await assert.rejects(client.namespaces(), (e: EndpointError) => e.kind === 'unauthorized');
    await waitFor(
      () => api.localEndpoint.current.eventCount === 2,
      [api.localEndpoint.onDidChange],
      DEFAULT_TIMEOUT_MS,
      () => `the status to count 2 events (${JSON.stringify(api.localEndpoint.current)})`,
    );

    const shown = await vscode.commands.executeCommand<ShowLineageResult>('lineageLens.showLineage', {
      nodeId: 'job:local-it:nightly.load_orders',
    });
    assert.ok(shown.ok, JSON.stringify(shown));
    assert.equal(shown.shown.source, `${started.url}/api/v1/lineage?nodeId=job%3Alocal-it%3Anightly.load_orders&depth=2`);
    assert.equal(shown.shown.nodeCount, 3);
    // Search Lineage finds a snake_case name by any part of it (the endpoint searches as Marquez: ILIKE %q%).
    const found = await vscode.commands.executeCommand<SearchLineageResult>('lineageLens.searchLineage', { query: 'load_ord' });
    assert.ok(found.ok && 'results' in found, JSON.stringify(found));
    assert.deepEqual(
      found.results.map((r) => r.name),
      ['nightly.load_orders'],
    );

    // Starting again leaves it running as it is.
    const again = await vscode.commands.executeCommand<StartLocalEndpointResult>('lineageLens.startLocalEndpoint');
    assert.deepEqual(again.ok && [again.alreadyRunning, again.url], [true, started.url]);
  });

  it('says, once per producer, when events it accepted are not spec-valid, counts them in the status, and stores why with each event', async () => {
    const url = api.localEndpoint.current.url!;
    const notices: string[] = [];
    const listening = api.localEndpoint.onDidNotice((text) => notices.push(text));
    try {
      const client = new MarquezClient({ baseUrl: url });
      // As Marquez, the endpoint accepts an event without schemaURL; the extension says what it breaks.
      const lenient = (runId: string) => {
        const { schemaURL: _omitted, ...rest } = event('START');
        return { ...rest, run: { runId }, producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/spark' };
      };
      assert.equal((await client.postEvent(lenient('0195f3a0-6b2c-7d4e-8f10-2a3b4c5d6e80'))).status, 201);
      await waitFor(
        () => notices.length === 1 && api.localEndpoint.current.notSpecValid === 1,
        [api.localEndpoint.onDidNotice, api.localEndpoint.onDidChange],
        DEFAULT_TIMEOUT_MS,
        () => `a notice about the event (${JSON.stringify(notices)}, ${JSON.stringify(api.localEndpoint.current)})`,
      );
      assert.match(notices[0]!, /^Lineage Lens: 1 event from spark in the last hour was not spec-valid: .*schemaURL.*as Marquez would\.$/);
      // A second one from the same producer is counted, not announced again.
      assert.equal((await client.postEvent(lenient('0195f3a0-6b2c-7d4e-8f10-2a3b4c5d6e81'))).status, 201);
      await waitFor(
        () => api.localEndpoint.current.notSpecValid === 2,
        [api.localEndpoint.onDidChange],
        DEFAULT_TIMEOUT_MS,
        () => `2 events that are not spec-valid (${JSON.stringify(api.localEndpoint.current)})`,
      );
      assert.equal(notices.length, 1);
      // What each event breaks is stored with it (GET /events/lineage shows it; serve-ingest.test.ts).
      const stored = readFileSync(join(dataDir, 'events.jsonl'), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      const last = stored[stored.length - 1] as { 'x-lineage-lens-deviations'?: { message: string }[] };
      assert.match(last['x-lineage-lens-deviations']?.[0]?.message ?? '', /schemaURL/);
    } finally {
      listening.dispose();
    }
  });

  it('stops, and keeps every event for the next start', async () => {
    assert.deepEqual(await vscode.commands.executeCommand('lineageLens.stopLocalEndpoint'), { ok: true, wasRunning: true });
    assert.equal(api.localEndpoint.current.running, false);
    const shown = await vscode.commands.executeCommand<ShowLineageResult>('lineageLens.showLineage', {
      nodeId: 'job:local-it:nightly.load_orders',
    });
    assert.equal(!shown.ok && shown.kind, 'not-configured');
    assert.ok(existsSync(join(dataDir, 'events.jsonl')));

    const restarted = await vscode.commands.executeCommand<StartLocalEndpointResult>('lineageLens.startLocalEndpoint', {
      port: 0,
      dataDir,
    });
    assert.deepEqual(restarted.ok && restarted.eventCount, 4);
    await vscode.commands.executeCommand('lineageLens.stopLocalEndpoint');
  });

  it('says which port is in use and how to choose another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await vscode.commands.executeCommand<StartLocalEndpointResult>('lineageLens.startLocalEndpoint', { port, dataDir });
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.code, 'port-in-use');
      // In VS Code the advice is the setting and a free port, not the command line's --port.
      assert.equal(
        !result.ok && result.message,
        `Port ${port} on 127.0.0.1 is already in use (another lineage endpoint or Marquez?). Start it on a free port, or set lineageLens.localEndpoint.port.`,
      );
      assert.equal(api.localEndpoint.current.running, false);
    } finally {
      blocker.close();
    }
  });
});
