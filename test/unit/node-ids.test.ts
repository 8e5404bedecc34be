/**
 * Marquez node ids (protocol/node-ids.ts): built and read back in one module for every runtime.
 */
import assert from 'node:assert/strict';
import { datasetFieldNodeId, datasetNodeId, jobNodeId, nodeIdBody, nodeIdKind, parseNodeId, runNodeId } from '../../protocol/node-ids';

describe('node ids', () => {
  it('builds the four kinds as Marquez writes them', () => {
    assert.equal(
      datasetNodeId({ namespace: 'postgres://db:5432', name: 'shop.public.orders' }),
      'dataset:postgres://db:5432:shop.public.orders',
    );
    assert.equal(jobNodeId({ namespace: 'airflow-prod', name: 'orders.extract' }), 'job:airflow-prod:orders.extract');
    assert.equal(
      datasetFieldNodeId({ namespace: 's3://bucket', name: 'raw/orders' }, 'amount'),
      'datasetField:s3://bucket:raw/orders:amount',
    );
    assert.equal(datasetFieldNodeId({ namespace: 'ns', name: 'orders' }, ''), 'datasetField:ns:orders:');
    assert.equal(runNodeId('0193401e-6f7a-7c1e-9a51-3f2d8b1c4e01'), 'run:0193401e-6f7a-7c1e-9a51-3f2d8b1c4e01');
  });

  it('reads back what it builds, namespaces holding `:` included (URIs with ports, AWS ARNs)', () => {
    const refs = [
      { namespace: 'food_delivery', name: 'public.customers' },
      { namespace: 'postgres://warehouse:5432', name: 'warehouse.public.orders' },
      { namespace: 'kafka://broker1:9092,broker2:9092', name: 'orders' },
      { namespace: 'arn:aws:glue:us-east-1:123456789012', name: 'table/sales/orders' },
      { namespace: 'file', name: '/tmp/out.csv' },
    ];
    for (const ref of refs) {
      assert.deepEqual(parseNodeId(datasetNodeId(ref)), { kind: 'dataset', ...ref });
      assert.deepEqual(parseNodeId(jobNodeId(ref)), { kind: 'job', ...ref });
      assert.deepEqual(parseNodeId(datasetFieldNodeId(ref, 'amount')), { kind: 'field', ...ref, field: 'amount' });
    }
    assert.deepEqual(parseNodeId(runNodeId('r-1')), { kind: 'run', namespace: '', name: 'r-1' });
  });

  it('reads names holding `:`: kept whole when the colon is a port or a scheme, else the namespace takes it', () => {
    assert.deepEqual(parseNodeId(datasetNodeId({ namespace: 'kafka', name: 'topic:0' })), {
      kind: 'dataset',
      namespace: 'kafka',
      name: 'topic:0',
    });
    assert.deepEqual(parseNodeId(datasetNodeId({ namespace: 'lake', name: 's3://bucket/x' })), {
      kind: 'dataset',
      namespace: 'lake',
      name: 's3://bucket/x',
    });
    // Ambiguous as written: a namespace such as an ARN holds `:` far more often than a name does.
    assert.deepEqual(parseNodeId(jobNodeId({ namespace: 'airflow', name: 'dag:task' })), {
      kind: 'job',
      namespace: 'airflow:dag',
      name: 'task',
    });
  });

  it('tells the kind by the prefix, only when something follows it', () => {
    assert.equal(nodeIdKind('dataset:ns:t'), 'dataset');
    assert.equal(nodeIdKind('datasetField:ns:t:c'), 'field');
    assert.equal(nodeIdKind('job:ns:j'), 'job');
    assert.equal(nodeIdKind('run:1'), 'run');
    assert.equal(nodeIdKind('run:'), undefined);
    assert.equal(nodeIdKind('table:x'), undefined);
    assert.equal(nodeIdKind('dataset'), undefined);
    assert.equal(nodeIdBody('dataset:ns:t'), 'ns:t');
    assert.equal(nodeIdBody('plain'), 'plain');
  });
});
