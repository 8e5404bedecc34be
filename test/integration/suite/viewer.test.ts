/**
 * The lineage viewer in a real VS Code, against the Marquez test server started here in the extension host:
 * Search Lineage with a query, Show Lineage and Show Column Lineage with a node id (the command results say
 * what would be drawn), Show Lineage in a DAG file (lineage read from the code by the language server), and
 * the Recent Runs and Issues views' content as Refresh returns it: runs, issues, the namespace setting, an
 * endpoint failure, no endpoint, and a refresh cancelling the load in flight; Show Recent Runs returns the same.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { SetEndpointResult } from '../../../extension/src/endpoint/commands';
import type { LineageLensApi } from '../../../extension/src/extension';
import { staticLineageRequest, type StaticLineageParams, type StaticLineageResult } from '../../../protocol/lineage';
import type { RefreshResult, SearchLineageResult, ShowLineageResult } from '../../../extension/src/viewer';
import {
  AIRFLOW_NS,
  EXTRACT_JOB,
  LOAD_JOB,
  PG,
  RUN_EXTRACT,
  RUN_LOAD,
  RUN_LOAD_ABORTED,
  RUN_SPARK_FAILED,
  RUN_SPARK_OK,
  S3,
  SPARK_JOB,
  SPARK_NS,
} from '../../support/marquez-fixtures';
import { foregroundRequests, isForeground, startMarquezServer, type MarquezTestServer } from '../../support/marquez-server';
import { DEFAULT_TIMEOUT_MS, EXTENSION_ID, openWorkspaceFile } from './helpers';

const config = () => vscode.workspace.getConfiguration('lineageLens');

function run<T>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(command, ...args);
}

function shown(result: ShowLineageResult) {
  assert.ok(result.ok, `expected a graph, got ${JSON.stringify(result)}`);
  return result.shown;
}

describe('Lineage viewer', function () {
  this.timeout(DEFAULT_TIMEOUT_MS);
  let server: MarquezTestServer;
  let client: LanguageClient;

  before(async () => {
    ({ client } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as LineageLensApi);
    server = await startMarquezServer();
    const set = await run<SetEndpointResult>('lineageLens.setEndpoint', server.url);
    assert.deepEqual(set, { ok: true, url: server.url });
  });

  beforeEach(() => server.reset());

  after(async () => {
    await config().update('endpoint.namespace', undefined, vscode.ConfigurationTarget.Global);
    await config().update('endpoint.url', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server?.close();
  });

  it('Search Lineage with a query returns the matching datasets and jobs, without UI', async () => {
    const result = await run<SearchLineageResult>('lineageLens.searchLineage', { query: 'orders' });
    assert.ok(result.ok && 'results' in result, JSON.stringify(result));
    assert.equal(result.query, 'orders');
    assert.equal(result.totalCount, 7);
    assert.deepEqual(
      result.results.map((r) => [r.type, r.nodeId]),
      [
        ['DATASET', `dataset:${PG}:analytics.public.orders_daily`],
        ['DATASET', `dataset:${S3}:curated/orders_enriched`],
        ['JOB', `job:${SPARK_NS}:${SPARK_JOB}`],
        ['JOB', `job:${AIRFLOW_NS}:${EXTRACT_JOB}`],
        ['JOB', `job:${AIRFLOW_NS}:${LOAD_JOB}`],
        ['DATASET', `dataset:${S3}:raw/orders`],
        ['DATASET', `dataset:${PG}:shop.public.orders`],
      ],
    );
    assert.deepEqual(
      foregroundRequests(server).map((r) => r.query),
      [{ q: 'orders', limit: '25' }],
    );
  });

  it('Search Lineage narrows to jobs of a namespace', async () => {
    const result = await run<SearchLineageResult>('lineageLens.searchLineage', { query: 'orders', filter: 'job', namespace: AIRFLOW_NS });
    assert.ok(result.ok && 'results' in result, JSON.stringify(result));
    assert.deepEqual(
      result.results.map((r) => r.name),
      [EXTRACT_JOB, LOAD_JOB],
    );
  });

  it('Show Lineage with a node id fetches two levels around it and shows it focused on the node', async () => {
    const nodeId = `job:${AIRFLOW_NS}:${EXTRACT_JOB}`;
    const result = await run<ShowLineageResult>('lineageLens.showLineage', { nodeId });
    assert.deepEqual(shown(result), {
      title: EXTRACT_JOB,
      focus: nodeId,
      // The extract job, its input and output, the Spark job, its output and the load job.
      nodeCount: 6,
      source: `${server.url}/api/v1/lineage?nodeId=${encodeURIComponent(nodeId)}&depth=2`,
      mode: 'table',
      origin: 'endpoint',
    });
    assert.deepEqual(
      foregroundRequests(server).map((r) => r.query),
      [{ nodeId, depth: '2' }],
    );
  });

  it('Show Lineage takes a depth, and reports a node the endpoint does not know', async () => {
    const deep = await run<ShowLineageResult>('lineageLens.showLineage', { nodeId: `dataset:${PG}:shop.public.orders`, depth: 20 });
    assert.equal(shown(deep).nodeCount, 7);
    assert.equal(shown(deep).title, 'shop.public.orders');
    const missing = await run<ShowLineageResult>('lineageLens.showLineage', { nodeId: `job:${AIRFLOW_NS}:nope` });
    assert.equal(missing.ok, false);
    assert.equal(!missing.ok && missing.kind, 'not-found');
    const invalid = await run<ShowLineageResult>('lineageLens.showLineage', { nodeId: 'orders' });
    assert.equal(!invalid.ok && invalid.kind, 'invalid-argument');
  });

  it('Show Column Lineage shows the fields of a dataset in column mode', async () => {
    const nodeId = `dataset:${S3}:curated/orders_enriched`;
    const result = shown(await run<ShowLineageResult>('lineageLens.showColumnLineage', { nodeId }));
    assert.equal(result.mode, 'column');
    assert.equal(result.title, 'curated/orders_enriched');
    // The dataset itself is no node of a column graph: nothing to focus.
    assert.equal(result.focus, undefined);
    assert.ok(result.nodeCount > 4, `only ${result.nodeCount} field nodes`);
    assert.deepEqual(
      foregroundRequests(server).map((r) => r.query),
      [{ nodeId, depth: '2', withDownstream: 'true' }],
    );
    const job = await run<ShowLineageResult>('lineageLens.showColumnLineage', { nodeId: `job:${AIRFLOW_NS}:${EXTRACT_JOB}` });
    assert.equal(!job.ok && job.kind, 'invalid-argument');
  });

  it('Show Lineage without arguments in a DAG file shows the lineage the language server reads from it', async () => {
    const editor = await openWorkspaceFile('dags/orders_lineage.py');
    const result = shown(await run<ShowLineageResult>('lineageLens.showLineage'));
    // By method name: the request object of this bundle is not the extension bundle's, whose client checks its
    // parameter structure by identity ("Unknown parameter structure auto").
    const direct = await client.sendRequest<StaticLineageResult>(staticLineageRequest.method, {
      uri: editor.document.uri.toString(),
    } satisfies StaticLineageParams);
    assert.ok(direct.graph.length > 0);
    assert.deepEqual(result, {
      title: 'orders_lineage.py',
      nodeCount: direct.graph.length,
      source: editor.document.uri.toString(),
      mode: 'table',
      origin: 'code',
    });
    assert.equal(foregroundRequests(server).length, 0);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Refresh loads Recent Runs (newest first, state icons, each opening its job) and Issues (failed run, failed assertions)', async () => {
    const result = await run<RefreshResult>('lineageLens.refresh');
    assert.equal(result.state, 'ok', JSON.stringify(result));
    assert.equal(result.endpoint, server.url);
    assert.equal(result.recentRuns.count, 5);
    assert.deepEqual(
      result.recentRuns.items.map((i) => [i.id, i.label, i.icon.id, i.command?.arguments]),
      [
        [`run:${RUN_LOAD}`, LOAD_JOB, 'sync~spin', [{ nodeId: `job:${AIRFLOW_NS}:${LOAD_JOB}` }]],
        [`run:${RUN_SPARK_FAILED}`, SPARK_JOB, 'error', [{ nodeId: `job:${SPARK_NS}:${SPARK_JOB}` }]],
        [`run:${RUN_EXTRACT}`, EXTRACT_JOB, 'pass', [{ nodeId: `job:${AIRFLOW_NS}:${EXTRACT_JOB}` }]],
        [`run:${RUN_LOAD_ABORTED}`, LOAD_JOB, 'circle-slash', [{ nodeId: `job:${AIRFLOW_NS}:${LOAD_JOB}` }]],
        [`run:${RUN_SPARK_OK}`, SPARK_JOB, 'pass', [{ nodeId: `job:${SPARK_NS}:${SPARK_JOB}` }]],
      ],
    );
    assert.match(result.recentRuns.items[1]!.description!, /^failed · 12m 21s · /);
    assert.equal(result.issues.count, 2);
    const [failedRun, assertions] = result.issues.items;
    assert.equal(failedRun!.kind, 'failedRun');
    assert.equal(failedRun!.nodeId, `job:${SPARK_NS}:${SPARK_JOB}`);
    assert.match(failedRun!.description!, /Job aborted due to stage failure/);
    assert.equal(assertions!.kind, 'failedAssertions');
    assert.equal(assertions!.label, 'shop.public.orders');
    assert.deepEqual(assertions!.command?.arguments, [
      { nodeId: `dataset:${PG}:shop.public.orders`, issue: `failed-assertions:${RUN_EXTRACT}:dataset:${PG}:shop.public.orders` },
    ]);
    assert.deepEqual(
      assertions!.children?.map((c) => c.label),
      ['not_null (customer_id)'],
    );
    // The namespaces, then each namespace's jobs with their latest runs: no request per job.
    assert.deepEqual(
      foregroundRequests(server)
        .map((r) => r.segments.slice(2).join('/'))
        .sort(),
      ['namespaces', `namespaces/${AIRFLOW_NS}/jobs`, `namespaces/${PG}/jobs`, `namespaces/${S3}/jobs`, `namespaces/${SPARK_NS}/jobs`],
    );
  });

  it('The item commands open the graph where the item points', async () => {
    const result = await run<RefreshResult>('lineageLens.refresh');
    const item = result.issues.items.find((i) => i.kind === 'failedAssertions')!;
    const opened = await run<ShowLineageResult>(item.command!.command, ...(item.command!.arguments ?? []));
    assert.equal(shown(opened).focus, `dataset:${PG}:shop.public.orders`);
    // The graph marks the nodes with open issues, the one opened among them: the webview opens its details
    // on what failed (test/browser/parents-issues.test.ts).
    assert.deepEqual(
      shown(opened).issues?.find((i) => i.nodeId === `dataset:${PG}:shop.public.orders`),
      { nodeId: `dataset:${PG}:shop.public.orders`, summary: '1 of 3 assertions failed' },
    );
    // From the context menu the command gets the item itself.
    const columns = await run<ShowLineageResult>('lineageLens.showColumnLineage', item);
    assert.equal(shown(columns).mode, 'column');
  });

  it("The namespace setting narrows the views to that namespace's jobs", async () => {
    await config().update('endpoint.namespace', AIRFLOW_NS, vscode.ConfigurationTarget.Global);
    try {
      const result = await run<RefreshResult>('lineageLens.refresh');
      assert.equal(result.state, 'ok');
      assert.deepEqual(
        result.recentRuns.items.map((i) => i.id),
        [`run:${RUN_LOAD}`, `run:${RUN_EXTRACT}`, `run:${RUN_LOAD_ABORTED}`],
      );
      assert.deepEqual(
        result.issues.items.map((i) => i.kind),
        ['failedAssertions'],
      );
    } finally {
      await config().update('endpoint.namespace', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('An endpoint failure shows its message and what to do in both views', async () => {
    server.mode = 'unauthorized';
    const result = await run<RefreshResult>('lineageLens.refresh');
    assert.equal(result.state, 'error');
    assert.match(result.message!, /HTTP 401/);
    for (const view of [result.recentRuns, result.issues]) {
      assert.equal(view.count, 0);
      assert.deepEqual(
        view.items.map((i) => i.kind),
        ['message', 'action', 'action', 'action'],
      );
      assert.equal(view.items[0]!.label, result.message);
      assert.equal(view.items[1]!.command?.command, 'lineageLens.setApiKey');
    }
  });

  it('A refresh cancels the load in flight: waiting callers get the new load at once', async () => {
    server.mode = 'slow';
    server.delayMs = 10_000;
    const started = Date.now();
    const first = run<RefreshResult>('lineageLens.refresh');
    await server.request(isForeground);
    server.mode = 'ok';
    const second = await run<RefreshResult>('lineageLens.refresh');
    const superseded = await first;
    assert.equal(second.state, 'ok');
    assert.equal(superseded.state, 'ok');
    assert.equal(superseded.recentRuns.count, 5);
    assert.ok(Date.now() - started < 5000, `the slow load was not cancelled (${Date.now() - started} ms)`);
  });

  it('Show Recent Runs focuses the view, which lists the runs by job (the failed one marked) and the open issues', async () => {
    const result = await run<RefreshResult>('lineageLens.showRecentRuns');
    assert.equal(result.state, 'ok', JSON.stringify(result));
    assert.equal(result.endpoint, server.url);
    // What the rows show: the job's name and the state's icon, newest first.
    assert.deepEqual(
      result.recentRuns.items.map((i) => [i.label, i.icon.id]),
      [
        [LOAD_JOB, 'sync~spin'],
        [SPARK_JOB, 'error'],
        [EXTRACT_JOB, 'pass'],
        [LOAD_JOB, 'circle-slash'],
        [SPARK_JOB, 'pass'],
      ],
    );
    assert.equal(result.recentRuns.count, 5);
    assert.deepEqual(
      result.recentRuns.items.filter((i) => i.description?.startsWith('failed · ')).map((i) => i.id),
      [`run:${RUN_SPARK_FAILED}`],
    );
    assert.deepEqual(
      result.issues.items.map((i) => [i.kind, i.label]),
      [
        ['failedRun', SPARK_JOB],
        ['failedAssertions', 'shop.public.orders'],
      ],
    );
    assert.equal(result.issues.count, 2);
  });

  it('Without an endpoint the views are empty (their welcome offers Set Endpoint) and the commands say to set one', async () => {
    await config().update('endpoint.url', undefined, vscode.ConfigurationTarget.Global);
    try {
      const result = await run<RefreshResult>('lineageLens.refresh');
      assert.equal(result.state, 'unconfigured');
      assert.equal(result.reason, 'none');
      assert.match(result.message!, /^No lineage endpoint is set/);
      assert.deepEqual([result.recentRuns.items, result.issues.items], [[], []]);
      const show = await run<ShowLineageResult>('lineageLens.showLineage', { nodeId: `job:${AIRFLOW_NS}:${EXTRACT_JOB}` });
      assert.equal(!show.ok && show.kind, 'not-configured');
      assert.equal(foregroundRequests(server).length, 0);
    } finally {
      await run('lineageLens.setEndpoint', server.url);
    }
  });
});
