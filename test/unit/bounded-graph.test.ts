/**
 * Lineage responses cut down before they are posted to the webview (extension/src/bounded.ts): a facet nested
 * 5,000 (or 1,000,000) levels deep, a node of megabytes, an array of a million items, a cycle — each bounded
 * without recursion, with a marker where something was cut and a notice that says so; ordinary graphs pass
 * through unchanged.
 */
import assert from 'node:assert/strict';
import { boundGraph, boundValue, deepMarker, GRAPH_LIMITS, truncationNotice } from '../../extension/src/bounded';

/** `{ a: { a: … { a: 'bottom' } } }`, `levels` objects deep, built without recursion. */
function deep(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 'bottom' };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

/** Levels of nesting (objects and arrays) of `value`, iteratively. */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    max = Math.max(max, d + 1);
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

function response(data: Record<string, unknown>) {
  return {
    graph: [
      {
        id: 'dataset:ns:a',
        type: 'DATASET',
        data: { name: 'a', facets: data },
        inEdges: [],
        outEdges: [{ origin: 'dataset:ns:a', destination: 'job:ns:j' }],
      },
      { id: 'job:ns:j', type: 'JOB', data: { name: 'j' }, inEdges: [{ origin: 'dataset:ns:a', destination: 'job:ns:j' }], outEdges: [] },
    ],
  };
}

describe('bounded graph: what the webview is sent', () => {
  it('passes an ordinary response through unchanged, with nothing to report', () => {
    const input = response({ schema: { fields: [{ name: 'id', type: 'int' }] }, sql: { query: 'select 1' } });
    const { graph, truncated } = boundGraph(input);
    assert.deepEqual(graph, input);
    assert.equal(truncated, undefined);
  });

  it('cuts a facet 5,000 levels deep at the depth limit, with the marker, and says so', () => {
    const started = performance.now();
    const { graph, truncated } = boundGraph(response({ deep: deep(5000) }));
    const ms = performance.now() - started;
    const data = (graph as { graph: { data: unknown }[] }).graph[0]!.data;
    assert.equal(depthOf(data), GRAPH_LIMITS.depth);
    assert.ok(JSON.stringify(data).includes(deepMarker()), 'the cut is marked');
    assert.deepEqual(truncated, { nodes: 1, deep: 1, large: 0, longArrays: 0 });
    assert.equal(
      truncationNotice(truncated!),
      'Some data of 1 node is not shown (nested deeper than 32 levels): the marked values were cut so the graph can be drawn. The endpoint or file still has all of it.',
    );
    assert.ok(ms < 200, `took ${ms.toFixed(1)} ms`);
    // The untouched node, ids and edges are as they were.
    assert.deepEqual((graph as { graph: unknown[] }).graph[1], response({}).graph[1]);
  });

  it('survives a million levels (where JSON.stringify itself overflows) without recursion', () => {
    const input = deep(1_000_000);
    assert.throws(() => JSON.stringify(input), RangeError);
    const out = boundValue(input);
    assert.equal(depthOf(out), GRAPH_LIMITS.depth);
    assert.doesNotThrow(() => JSON.stringify(out));
  });

  it('keeps a node to about 256 KB, shallow fields of every facet first, and a long string’s start', () => {
    const big = {
      first: { note: 'kept' },
      blob: 'x'.repeat(5_000_000),
      second: { note: 'also kept' },
      many: Array.from({ length: 900 }, (_, i) => ({ i, text: 'y'.repeat(1000) })),
    };
    const { graph, truncated } = boundGraph(response(big));
    const facets = (graph as { graph: { data: { facets: Record<string, unknown> } }[] }).graph[0]!.data.facets;
    const size = JSON.stringify(facets).length;
    assert.ok(size <= GRAPH_LIMITS.nodeBytes * 1.05, `${size} bytes`);
    assert.deepEqual(facets.first, { note: 'kept' });
    assert.match(String(facets.blob), /^x+… \([\d,]+ more characters not shown\)$/);
    assert.equal(truncated?.large, 1);
  });

  it('stays within the size limit however the data branches', () => {
    const wide = Array.from({ length: 1000 }, () => Object.fromEntries(Array.from({ length: 1000 }, (_, k) => [`k${k}`, { v: { w: 1 } }])));
    const out = boundValue({ wide });
    const size = JSON.stringify(out).length;
    assert.ok(size <= GRAPH_LIMITS.nodeBytes * 1.05, `${size} bytes`);
  });

  it('cuts arrays to 1,000 items and says how many more there were', () => {
    const out = boundValue({ list: Array.from({ length: 1_000_000 }, (_, i) => i) }) as { list: unknown[] };
    assert.equal(out.list.length, GRAPH_LIMITS.arrayItems + 1);
    assert.equal(out.list.at(-1), '… (999,000 more items not shown)');
  });

  it('ends on a cycle, and keeps a `__proto__` key a key', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    assert.doesNotThrow(() => JSON.stringify(boundValue(a)));
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as unknown;
    const out = boundValue(parsed) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.deepEqual(Object.keys(out), ['__proto__', 'ok']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('bounds what is not a lineage response as one value', () => {
    const { graph, truncated } = boundGraph(deep(100));
    assert.equal(depthOf(graph), GRAPH_LIMITS.depth);
    assert.equal(truncated?.deep, 1);
  });
});
