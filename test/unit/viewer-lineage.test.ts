/**
 * The lineage commands' pure parts (extension/src/viewer/lineage.ts, debounce.ts): argument parsing, graph
 * titles, search hits as pick items, and search as you type (debounced, the previous request cancelled,
 * only the newest outcome delivered).
 */
import assert from 'node:assert/strict';
import type { SearchResult } from '../../protocol/marquez';
import { LatestSearch, type SearchOutcome } from '../../extension/src/viewer/debounce';
import {
  DEFAULT_LINEAGE_DEPTH,
  graphNodes,
  graphTitle,
  parseColumnLineageArgs,
  parseSearchArgs,
  parseShowLineageArgs,
  SEARCH_LIMIT,
  searchPickItem,
  usableResults,
  parseLineageSource,
} from '../../extension/src/viewer/lineage';

describe('viewer lineage: command arguments', () => {
  it('Show Lineage takes { nodeId, depth }, a node id string, or an item with a nodeId', () => {
    assert.deepEqual(parseShowLineageArgs({ nodeId: 'job:ns:a', depth: 5 }), { ok: true, value: { nodeId: 'job:ns:a', depth: 5 } });
    assert.deepEqual(parseShowLineageArgs('dataset:postgres://db:5432:t'), {
      ok: true,
      value: { nodeId: 'dataset:postgres://db:5432:t', depth: DEFAULT_LINEAGE_DEPTH },
    });
    assert.deepEqual(parseShowLineageArgs({ id: 'run:1', kind: 'run', nodeId: 'job:ns:a', label: 'a' }), {
      ok: true,
      value: { nodeId: 'job:ns:a', depth: 2 },
    });
    assert.deepEqual(parseShowLineageArgs(undefined), { ok: true, value: { depth: 2 } });
    assert.deepEqual(parseShowLineageArgs({ depth: 0 }), { ok: true, value: { depth: 0 } });
  });

  it('Show Lineage refuses node ids Marquez would refuse, and bad depths', () => {
    assert.match((parseShowLineageArgs('orders') as { message: string }).message, /^"orders" is not a lineage node id/);
    assert.equal(parseShowLineageArgs({ nodeId: 42 }).ok, false);
    assert.match(
      (parseShowLineageArgs({ nodeId: 'job:a:b', depth: 2.5 }) as { message: string }).message,
      /^depth must be a whole number from 0 to 100/,
    );
    assert.equal(parseShowLineageArgs({ depth: -1 }).ok, false);
    assert.equal(parseShowLineageArgs({ depth: '3' }).ok, false);
  });

  it('Show Column Lineage takes datasets and fields only, downstream included unless turned off', () => {
    assert.deepEqual(parseColumnLineageArgs({ nodeId: 'dataset:s3://b:raw/orders' }), {
      ok: true,
      value: { nodeId: 'dataset:s3://b:raw/orders', depth: 2, withDownstream: true },
    });
    assert.deepEqual(parseColumnLineageArgs({ nodeId: 'datasetField:ns:t:c', withDownstream: false, depth: 4 }), {
      ok: true,
      value: { nodeId: 'datasetField:ns:t:c', depth: 4, withDownstream: false },
    });
    assert.match(
      (parseColumnLineageArgs('job:ns:a') as { message: string }).message,
      /^Column lineage is about a dataset or one of its fields/,
    );
    assert.deepEqual(parseColumnLineageArgs(undefined), { ok: true, value: { depth: 2, withDownstream: true } });
  });

  it('Search Lineage takes { query, filter, namespace, limit } or the query string', () => {
    assert.deepEqual(parseSearchArgs({ query: ' orders ', filter: 'job', namespace: 'airflow' }), {
      ok: true,
      value: { query: 'orders', filter: 'job', namespace: 'airflow', limit: SEARCH_LIMIT },
    });
    assert.deepEqual(parseSearchArgs('orders'), { ok: true, value: { query: 'orders', limit: SEARCH_LIMIT } });
    assert.deepEqual(parseSearchArgs({ query: '  ' }), { ok: true, value: { limit: SEARCH_LIMIT } });
    assert.deepEqual(parseSearchArgs(undefined), { ok: true, value: { limit: SEARCH_LIMIT } });
    assert.equal(parseSearchArgs({ query: 'x', filter: 'table' }).ok, false);
    assert.equal(parseSearchArgs({ query: 3 }).ok, false);
    assert.equal(parseSearchArgs({ query: 'x', limit: 0 }).ok, false);
  });
});

describe('viewer lineage: graph titles', () => {
  const graph = {
    graph: [
      { id: 'job:airflow:dag.task', type: 'JOB', data: { name: 'dag.task' } },
      { id: 'dataset:pg://db:public.t', type: 'DATASET', data: { name: 'public.t' } },
      { id: 'datasetField:s3://b:raw:amount', type: 'DATASET_FIELD', data: { namespace: 's3://b', dataset: 'raw', field: 'amount' } },
      'not a node',
    ],
  };

  it("uses the node's own name; a field is dataset.field", () => {
    assert.equal(graphTitle(graph, 'job:airflow:dag.task'), 'dag.task');
    assert.equal(graphTitle(graph, 'dataset:pg://db:public.t'), 'public.t');
    assert.equal(graphTitle(graph, 'datasetField:s3://b:raw:amount'), 'raw.amount');
  });

  it('names a column-lineage graph of a dataset after the dataset, and falls back to the node id', () => {
    assert.equal(graphTitle(graph, 'dataset:s3://b:raw'), 'raw');
    assert.equal(graphTitle(graph, 'job:ns:gone'), 'ns:gone');
    assert.equal(graphTitle({ nope: true }, 'dataset:x:y'), 'x:y');
  });

  it('counts only object nodes of a lineage response', () => {
    assert.equal(graphNodes(graph).length, 3);
    assert.deepEqual(graphNodes(null), []);
    assert.deepEqual(graphNodes({ graph: 'x' }), []);
  });
});

describe('viewer lineage: search hits', () => {
  const NOW = Date.parse('2024-10-14T12:00:00Z');

  it('shows a dataset or job with its icon, namespace, type and last update', () => {
    const dataset: SearchResult = {
      type: 'DATASET',
      name: 'raw/orders',
      namespace: 's3://lake',
      updatedAt: '2024-10-14T09:00:00Z',
      nodeId: 'dataset:s3://lake:raw/orders',
    };
    assert.deepEqual(searchPickItem(dataset, NOW), {
      label: 'raw/orders',
      description: 's3://lake',
      detail: 'Dataset · updated 3 h ago',
      icon: 'database',
      nodeId: 'dataset:s3://lake:raw/orders',
      type: 'DATASET',
    });
    const job: SearchResult = { type: 'JOB', name: 'dag.task', namespace: 'airflow', updatedAt: null, nodeId: 'job:airflow:dag.task' };
    assert.deepEqual(searchPickItem(job, NOW), {
      label: 'dag.task',
      description: 'airflow',
      detail: 'Job',
      icon: 'gear',
      nodeId: 'job:airflow:dag.task',
      type: 'JOB',
    });
  });

  it('keeps $(…) in names from turning into icons', () => {
    const item = searchPickItem({ type: 'JOB', name: 'run $(rm)', namespace: '$(x)', updatedAt: null, nodeId: 'job:a:b' }, NOW);
    assert.equal(item.label, 'run $\u200b(rm)');
    assert.equal(item.description, '$\u200b(x)');
  });

  it('keeps only hits that can be opened', () => {
    const good = { type: 'JOB', name: 'a', namespace: 'n', updatedAt: null, nodeId: 'job:n:a' };
    assert.deepEqual(usableResults([good, { ...good, type: 'TAG' }, { ...good, nodeId: 'n:a' }, { ...good, name: 1 }, null]), [good]);
  });
});

describe('viewer lineage: search as you type', () => {
  /** Timers run by hand. */
  function manualTimers() {
    const pending = new Map<number, () => void>();
    let next = 0;
    return {
      timers: {
        setTimeout: (callback: () => void) => {
          pending.set(++next, callback);
          return next;
        },
        clearTimeout: (handle: unknown) => void pending.delete(handle as number),
      },
      pending,
      fire() {
        const callbacks = [...pending.values()];
        pending.clear();
        for (const c of callbacks) c();
      },
    };
  }
  const tick = () => new Promise((r) => setImmediate(r));

  it('waits for typing to pause: only the last query of a burst is searched', async () => {
    const clock = manualTimers();
    const searched: string[] = [];
    const delivered: SearchOutcome<string>[] = [];
    const search = new LatestSearch(
      async (q) => (searched.push(q), `hits for ${q}`),
      (o) => delivered.push(o),
      250,
      clock.timers,
    );
    search.update('o');
    search.update('or');
    search.update('ord');
    assert.equal(clock.pending.size, 1);
    assert.ok(search.busy);
    clock.fire();
    await tick();
    assert.deepEqual(searched, ['ord']);
    assert.deepEqual(delivered, [{ query: 'ord', result: 'hits for ord' }]);
    assert.equal(search.busy, false);
  });

  it('cancels the request of an older query and never delivers it', async () => {
    const clock = manualTimers();
    const signals = new Map<string, AbortSignal>();
    const resolvers = new Map<string, (v: string) => void>();
    const delivered: SearchOutcome<string>[] = [];
    const search = new LatestSearch(
      (q, signal) => {
        signals.set(q, signal);
        return new Promise<string>((resolve) => resolvers.set(q, resolve));
      },
      (o) => delivered.push(o),
      250,
      clock.timers,
    );
    search.update('ord');
    clock.fire();
    await tick();
    search.update('orders');
    assert.equal(signals.get('ord')!.aborted, true);
    clock.fire();
    await tick();
    resolvers.get('ord')!('late');
    resolvers.get('orders')!('fresh');
    await tick();
    assert.deepEqual(delivered, [{ query: 'orders', result: 'fresh' }]);
  });

  it('delivers a failure of the newest query, runs now() without delay, and delivers nothing after dispose', async () => {
    const clock = manualTimers();
    const delivered: SearchOutcome<string>[] = [];
    const search = new LatestSearch<string>(
      async (q) => {
        if (q === 'bad') throw new Error('HTTP 500');
        return q;
      },
      (o) => delivered.push(o),
      250,
      clock.timers,
    );
    await search.now('bad');
    assert.equal((delivered[0]!.error as Error).message, 'HTTP 500');
    await search.now('good');
    assert.deepEqual(delivered[1], { query: 'good', result: 'good' });
    search.update('later');
    search.dispose();
    assert.equal(clock.pending.size, 0);
    search.update('ignored');
    assert.equal(clock.pending.size, 0);
    assert.equal(delivered.length, 2);
  });
});

describe('viewer: fetching a restored graph again', () => {
  const base = 'http://marquez:5000';
  it('reads back the lineage and column-lineage requests the viewer makes', () => {
    assert.deepEqual(
      parseLineageSource(`${base}/api/v1/lineage?nodeId=${encodeURIComponent('dataset:postgres://db:5432:public.orders')}&depth=3`, base),
      { ok: true, kind: 'lineage', nodeId: 'dataset:postgres://db:5432:public.orders', depth: 3 },
    );
    assert.deepEqual(parseLineageSource(`${base}/api/v1/column-lineage?nodeId=dataset%3As3%3Araw&depth=2&withDownstream=true`, base), {
      ok: true,
      kind: 'column-lineage',
      nodeId: 'dataset:s3:raw',
      depth: 2,
      withDownstream: true,
    });
    assert.deepEqual(parseLineageSource(`${base}/prefix/api/v1/lineage?nodeId=job%3Ans%3Aj`, `${base}/prefix`), {
      ok: true,
      kind: 'lineage',
      nodeId: 'job:ns:j',
      depth: 2,
    });
  });

  it('refuses another endpoint (the API key goes only to the one set now) and requests it does not make', () => {
    const other = parseLineageSource('http://evil.example/api/v1/lineage?nodeId=job%3Ans%3Aj', base);
    assert.equal(other.ok, false);
    assert.match(!other.ok ? other.message : '', /not from the endpoint set now \(http:\/\/marquez:5000\)/);
    // A prefix that merely starts the same is another endpoint.
    assert.equal(parseLineageSource('http://marquez:50001/api/v1/lineage?nodeId=x', base).ok, false);
    for (const bad of [
      `${base}/api/v1/search?q=x`,
      `${base}/api/v1/lineage`,
      `${base}/api/v1/lineage?nodeId=x&depth=-1`,
      `${base}/api/v1/lineage?nodeId=x&depth=two`,
    ]) {
      assert.equal(parseLineageSource(bad, base).ok, false, bad);
    }
  });
});
