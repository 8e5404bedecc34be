/**
 * The lineage graph model of the webview: validation of untrusted lineage responses (exact error messages),
 * node parsing (namespaces containing `:`), edge deduplication and merging. Lineage highlighting:
 * webview-highlight.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNodeId } from '../../protocol/node-ids';
import { parseLineageResponse, type LineageModel, type ParseResult } from '../../webview/src/graph/model';

const FIXTURE = join(__dirname, '..', 'fixtures', 'lineage', 'orders-daily.json');

function ok(result: ParseResult): LineageModel {
  if (!result.ok) assert.fail(`expected a model, got: ${result.error}`);
  return result.model;
}

function error(value: unknown): string {
  const result = parseLineageResponse(value);
  if (result.ok) assert.fail('expected an error');
  return result.error;
}

describe('webview model: parseNodeId', () => {
  it('splits a plain dataset and job id', () => {
    assert.deepEqual(parseNodeId('dataset:food_delivery:public.customers'), {
      kind: 'dataset',
      namespace: 'food_delivery',
      name: 'public.customers',
    });
    assert.deepEqual(parseNodeId('job:namespace:readJob19<-commonDataset'), {
      kind: 'job',
      namespace: 'namespace',
      name: 'readJob19<-commonDataset',
    });
  });

  it('keeps URI namespaces with ports and schemes together', () => {
    assert.deepEqual(parseNodeId('dataset:postgres://warehouse:5432:warehouse.public.orders'), {
      kind: 'dataset',
      namespace: 'postgres://warehouse:5432',
      name: 'warehouse.public.orders',
    });
    assert.deepEqual(parseNodeId('dataset:s3://bucket:raw/orders'), { kind: 'dataset', namespace: 's3://bucket', name: 'raw/orders' });
    assert.deepEqual(parseNodeId('datasetField:kafka://broker:9092:orders:amount'), {
      kind: 'field',
      namespace: 'kafka://broker:9092',
      name: 'orders',
      field: 'amount',
    });
  });

  it('drops a version suffix and reads run ids', () => {
    assert.deepEqual(parseNodeId('job:ns:etl#0193401e-6f7a-7c1e-9a51-3f2d8b1c4e01'), { kind: 'job', namespace: 'ns', name: 'etl' });
    assert.deepEqual(parseNodeId('run:0193401e-6f7a-7c1e-9a51-3f2d8b1c4e01'), {
      kind: 'run',
      namespace: '',
      name: '0193401e-6f7a-7c1e-9a51-3f2d8b1c4e01',
    });
  });

  it('does not throw on ids it does not know', () => {
    assert.deepEqual(parseNodeId('table:x'), { namespace: '', name: 'table:x' });
    assert.deepEqual(parseNodeId('dataset:onlyone'), { kind: 'dataset', namespace: '', name: 'onlyone' });
  });
});

describe('webview model: validation errors', () => {
  it('says what the file holds when it is not an object', () => {
    assert.equal(
      error([]),
      'Expected a JSON object with a "graph" array (the response of GET /api/v1/lineage), but the file holds an array.',
    );
    assert.equal(
      error('x'),
      'Expected a JSON object with a "graph" array (the response of GET /api/v1/lineage), but the file holds a string.',
    );
    assert.equal(
      error(null),
      'Expected a JSON object with a "graph" array (the response of GET /api/v1/lineage), but the file holds null.',
    );
  });

  it('reports a missing "graph" with the keys found, and recognises other Marquez responses', () => {
    assert.equal(
      error({ nodes: [] }),
      '"graph" is missing: expected {"graph": [...]} as returned by GET /api/v1/lineage. Its top-level keys are "nodes".',
    );
    assert.equal(error({}), '"graph" is missing: expected {"graph": [...]} as returned by GET /api/v1/lineage. It is an empty object.');
    assert.match(error({ events: [], totalCount: 0 }), /looks like a GET \/api\/v1\/events\/lineage response/);
    assert.match(error({ eventType: 'COMPLETE', run: {}, job: {} }), /looks like a single OpenLineage event/);
  });

  it('reports a "graph" that is not an array', () => {
    assert.equal(error({ graph: {} }), '"graph" must be an array of nodes, but it is an object.');
  });

  it('names the node index and id of a malformed node', () => {
    const good = { id: 'dataset:ns:a', type: 'DATASET' };
    assert.equal(
      error({ graph: [good, good, good, { type: 'JOB' }] }),
      'node 3 has no id: graph[3].id must be a non-empty string such as "dataset:<namespace>:<name>".',
    );
    assert.equal(error({ graph: [42] }), 'node 0 is a number, not a node object (graph[0]).');
    assert.equal(
      error({ graph: [{ id: 'thing', type: 'TABLE' }] }),
      'node 0 ("thing") has type "TABLE": expected DATASET, JOB, DATASET_FIELD or RUN.',
    );
    assert.equal(error({ graph: [{ id: 'thing' }] }), 'node 0 ("thing") has no type: expected DATASET, JOB, DATASET_FIELD or RUN.');
    assert.equal(
      error({ graph: [{ id: 'job:n:j', type: 'JOB', data: 'x' }] }),
      'node 0 ("job:n:j") has "data" that is a string, not an object.',
    );
    assert.equal(
      error({ graph: [{ id: 'job:n:j', type: 'JOB', inEdges: {} }] }),
      'node 0 ("job:n:j") has "inEdges" that is an object, not an array.',
    );
    assert.equal(
      error({ graph: [{ id: 'job:n:j', type: 'JOB', outEdges: [{ origin: 'job:n:j' }] }] }),
      'node 0 ("job:n:j"): outEdges[0] has no destination.',
    );
  });

  it('accepts an empty graph, and nodes without data or edge lists', () => {
    assert.equal(ok(parseLineageResponse({ graph: [] })).nodes.length, 0);
    const m = ok(parseLineageResponse({ graph: [{ id: 'job:ns:j', type: 'JOB', data: null }] }));
    assert.deepEqual(
      m.nodes.map((n) => [n.kind, n.namespace, n.name]),
      [['job', 'ns', 'j']],
    );
  });

  it('tells the kind from the id prefix when the type is unknown', () => {
    const m = ok(parseLineageResponse({ graph: [{ id: 'datasetField:ns:t:c', type: 'SOMETHING_NEW' }] }));
    assert.deepEqual(
      m.nodes.map((n) => [n.kind, n.parent, n.name]),
      [['field', 't', 'c']],
    );
  });
});

describe('webview model: nodes and edges', () => {
  const model = ok(parseLineageResponse(JSON.parse(readFileSync(FIXTURE, 'utf8'))));
  const ORDERS = 'dataset:postgres://orders-db:5432:orders.public.orders';
  const SPARK = 'job:spark-prod:orders_enrichment.execute_save_into_data_source_command.public_fct_orders';
  const REVENUE = 'dataset:postgres://warehouse:5432:warehouse.public.daily_revenue';

  it('reads every node of a saved response, with namespace, name, kind, subtype and fields from data', () => {
    assert.equal(model.nodes.length, 13);
    assert.deepEqual(model.nodes.map((n) => n.kind).filter((k) => k === 'job').length, 5);
    const orders = model.nodeById.get(ORDERS)!;
    assert.equal(orders.namespace, 'postgres://orders-db:5432');
    assert.equal(orders.name, 'orders.public.orders');
    assert.equal(orders.subtype, 'DB_TABLE');
    assert.deepEqual(orders.fields.slice(0, 2), [
      { name: 'order_id', type: 'INTEGER', description: 'Primary key' },
      { name: 'customer_id', type: 'INTEGER', description: 'References customers' },
    ]);
    const spark = model.nodeById.get(SPARK)!;
    assert.equal(spark.kind, 'job');
    assert.equal(spark.parent, 'orders_daily.enrich_orders');
    assert.equal(spark.subtype, 'BATCH');
    assert.deepEqual(spark.fields, []);
  });

  it('deduplicates edges listed by both ends, and counts and drops edges leaving the response', () => {
    assert.equal(model.edges.length, 14);
    assert.equal(new Set(model.edges.map((e) => e.id)).size, 14);
    assert.equal(model.danglingEdges, 1);
    assert.ok(model.edges.every((e) => model.nodeById.has(e.source) && model.nodeById.has(e.target)));
    assert.deepEqual(model.outgoing.get(REVENUE), []);
  });

  it('keeps the first of duplicate nodes and counts the others', () => {
    const m = ok(
      parseLineageResponse({
        graph: [
          { id: 'job:n:a', type: 'JOB', data: { description: 'first' } },
          { id: 'job:n:a', type: 'JOB', data: { description: 'second' } },
        ],
      }),
    );
    assert.equal(m.nodes.length, 1);
    assert.equal(m.nodes[0].description, 'first');
    assert.equal(m.duplicateNodes, 1);
  });
});
