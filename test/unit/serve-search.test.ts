/**
 * Search as Marquez searches: `name ILIKE '%' || q || '%'`, so a snake_case name (`fct_orders`, `orders_clean`)
 * is found by any part of it, through the local endpoint's `GET /search` and through the extension's
 * MarquezClient (the path of Show Lineage, Search Lineage and Show Column Lineage). Also the `sort` values
 * Marquez's web UI sends (`NAME`, `UPDATE_AT`).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MarquezClient } from '../../extension/src/endpoint/client';
import { startLocalEndpoint, type LocalEndpoint } from '../../server/src/serve';
import { likeMatches, searchPattern } from '../../server/src/serve/like';
import { uuidFor } from '../fixtures/serve/events';

const NS = 'warehouse';
const event = (i: number, job: string, inputs: string[], outputs: string[], eventTime: string) => ({
  eventType: 'COMPLETE',
  eventTime,
  producer: 'https://example.com/producer',
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  run: { runId: uuidFor(i) },
  job: { namespace: NS, name: job },
  inputs: inputs.map((name) => ({ namespace: NS, name })),
  outputs: outputs.map((name) => ({ namespace: NS, name })),
});

interface Hit {
  type: string;
  name: string;
  nodeId: string;
}

describe('serve: search finds snake_case names (Marquez: ILIKE %q%)', () => {
  let dir: string;
  let endpoint: LocalEndpoint;
  const search = async (query: string) => {
    const response = await fetch(`${endpoint.url}/api/v1/search?${query}`);
    return { status: response.status, body: (await response.json()) as { totalCount: number; results: Hit[]; message?: string } };
  };
  const names = async (query: string) => (await search(query)).body.results.map((r) => r.name);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'serve-search-'));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    const events = [
      event(1, 'dbt.build_fct_orders', ['analytics.stg_orders'], ['analytics.fct_orders'], '2024-10-14T01:00:00Z'),
      event(2, 'clean_orders', ['raw.orders'], ['analytics.orders_clean'], '2024-10-14T03:00:00Z'),
      event(3, 'ordersXdag', [], ['analytics.ordersxclean'], '2024-10-14T04:00:00Z'),
    ];
    for (const e of events) {
      const response = await fetch(`${endpoint.url}/api/v1/lineage`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(e),
      });
      assert.equal(response.status, 201);
    }
  });
  after(async () => {
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a snake_case name by any part of it, whole or partial, in any case', async () => {
    assert.deepEqual(await names('q=fct_orders'), ['analytics.fct_orders', 'dbt.build_fct_orders']);
    // `_` is LIKE's any-one-character, as in Marquez: `orders_clean` also matches `ordersxclean`.
    assert.deepEqual(await names('q=orders_clean'), ['analytics.orders_clean', 'analytics.ordersxclean']);
    assert.deepEqual(await names('q=ANALYTICS.FCT_ORDERS'), ['analytics.fct_orders']);
    assert.deepEqual(await names('q=stg_'), ['analytics.stg_orders']);
  });

  it('keeps `_` and `%` as LIKE wildcards inside the substring match, as Marquez does', async () => {
    assert.deepEqual(await names('q=s_c'), ['analytics.orders_clean', 'analytics.ordersxclean']);
    assert.deepEqual(await names(`q=${encodeURIComponent('fct%build')}`), []);
    assert.deepEqual(await names(`q=${encodeURIComponent('build%orders')}`), ['dbt.build_fct_orders']);
  });

  it('accepts the sort values Marquez and its web UI send, case-insensitively, and refuses others', async () => {
    assert.deepEqual(await names('q=clean&filter=dataset&sort=UPDATE_AT'), ['analytics.ordersxclean', 'analytics.orders_clean']);
    assert.deepEqual(await names('q=clean&filter=dataset&sort=update_at'), ['analytics.ordersxclean', 'analytics.orders_clean']);
    assert.deepEqual(await names('q=clean&filter=dataset&sort=NAME'), ['analytics.orders_clean', 'analytics.ordersxclean']);
    assert.deepEqual(await names('q=orders&filter=JOB&sort=NAME'), ['clean_orders', 'dbt.build_fct_orders', 'ordersXdag']);
    assert.equal((await search('q=orders&sort=updated_at')).status, 200);
    const bad = await search('q=orders&sort=size');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.message, 'query param sort must be NAME or UPDATE_AT, not "size"');
  });

  it("finds snake_case names through the extension's MarquezClient (Show/Search Lineage, Show Column Lineage)", async () => {
    const client = new MarquezClient({ baseUrl: endpoint.url, retryDelayMs: 0 });
    const datasets = await client.search('fct_orders', { filter: 'dataset', limit: 50 });
    assert.deepEqual(
      datasets.results.map((r) => r.nodeId),
      ['dataset:warehouse:analytics.fct_orders'],
    );
    const any = await client.search('clean_orders', { limit: 50 });
    assert.deepEqual(
      any.results.map((r) => r.nodeId),
      ['job:warehouse:clean_orders'],
    );
  });

  it('builds the pattern as %q% whatever q holds', () => {
    assert.ok(likeMatches(searchPattern('fct_orders'), 'analytics.fct_orders'));
    assert.ok(likeMatches(searchPattern('orders'), 'Analytics.Orders_Clean'));
    assert.ok(!likeMatches(searchPattern('fct_orders'), 'analytics.fct_order'));
    assert.ok(likeMatches(searchPattern('a%c'), 'xxabbbcxx'));
  });
});
