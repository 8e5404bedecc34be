/**
 * What the graph highlights (webview/src/graph/highlight.ts): the selected node's lineage (nodes and the edges
 * on its paths, cycles included) and the search matches in reading order.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  lineageMarks,
  MARK_DOWNSTREAM,
  MARK_NONE,
  MARK_SELECTED,
  MARK_UPSTREAM,
  matchMarks,
  reach,
  type HighlightGraph,
} from '../../webview/src/graph/highlight';
import { parseLineageResponse, type LineageModel } from '../../webview/src/graph/model';

const FIXTURE = join(__dirname, '..', 'fixtures', 'lineage', 'orders-daily.json');

/** The model's adjacency by node index, as a scene has it. */
function graphOf(model: LineageModel): HighlightGraph & { index: Map<string, number> } {
  const index = new Map(model.nodes.map((n, i) => [n.id, i]));
  const up = model.nodes.map(() => [] as number[]);
  const down = model.nodes.map(() => [] as number[]);
  const edges = model.edges.map((e) => ({ source: index.get(e.source)!, target: index.get(e.target)! }));
  for (const e of edges) {
    down[e.source].push(e.target);
    up[e.target].push(e.source);
  }
  return { index, up, down, edges };
}

/** A graph of `n` nodes and the given edges by index. */
function small(n: number, edges: [number, number][]): HighlightGraph {
  const up = Array.from({ length: n }, () => [] as number[]);
  const down = Array.from({ length: n }, () => [] as number[]);
  for (const [s, t] of edges) {
    down[s].push(t);
    up[t].push(s);
  }
  return { up, down, edges: edges.map(([source, target]) => ({ source, target })) };
}

describe('webview highlight: the selected lineage', () => {
  const parsed = parseLineageResponse(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  if (!parsed.ok) throw new Error(parsed.error);
  const model = parsed.model;
  const graph = graphOf(model);
  const SPARK = 'job:spark-prod:orders_enrichment.execute_save_into_data_source_command.public_fct_orders';
  const REVENUE = 'dataset:postgres://warehouse:5432:warehouse.public.daily_revenue';
  const RAW_ORDERS = 'dataset:s3://acme-datalake-raw:orders/daily';

  it('reaches every node upstream or downstream, without the start', () => {
    const raw = graph.index.get(RAW_ORDERS)!;
    assert.equal(
      reach(graph.up, raw).reduce((a, b) => a + b, 0),
      2,
    );
    assert.equal(
      reach(graph.down, raw).reduce((a, b) => a + b, 0),
      4,
    );
    assert.equal(
      reach(graph.up, graph.index.get(REVENUE)!).reduce((a, b) => a + b, 0),
      12,
    );
    assert.equal(reach(graph.down, raw)[raw], 0);
  });

  it('marks the nodes and the edges on the upstream and downstream paths of a node', () => {
    const spark = graph.index.get(SPARK)!;
    const marks = lineageMarks(graph, spark);
    assert.equal(marks.upstream, 7);
    assert.equal(marks.downstream, 3);
    assert.equal(marks.node[spark], MARK_SELECTED);
    assert.equal(marks.node.filter((m) => m === MARK_UPSTREAM).length, 7);
    assert.equal(marks.node.filter((m) => m === MARK_DOWNSTREAM).length, 3);
    assert.equal(marks.edge.filter((m) => m === MARK_UPSTREAM).length, 7);
    assert.equal(marks.edge.filter((m) => m === MARK_DOWNSTREAM).length, 3);
    // The side branch through dim_customers feeds build_daily_revenue but not the Spark job: not highlighted.
    const side = model.edges.findIndex(
      (e) =>
        e.source === 'job:airflow-prod:orders_daily.load_dim_customers' &&
        e.target === 'dataset:postgres://warehouse:5432:warehouse.public.dim_customers',
    );
    assert.ok(side >= 0);
    assert.equal(marks.edge[side], MARK_NONE);
  });

  it('terminates on cycles: a node on both sides is marked downstream, the edge back into the node upstream', () => {
    // 0 → 1 → 0, and 2 → 0.
    const marks = lineageMarks(
      small(3, [
        [0, 1],
        [1, 0],
        [2, 0],
      ]),
      0,
    );
    assert.deepEqual([...marks.node], [MARK_SELECTED, MARK_DOWNSTREAM, MARK_UPSTREAM]);
    assert.deepEqual([...marks.edge], [MARK_DOWNSTREAM, MARK_UPSTREAM, MARK_UPSTREAM]);
    assert.deepEqual([marks.upstream, marks.downstream], [1, 1]);
  });

  it('marks nothing but the node when it has no lineage', () => {
    const marks = lineageMarks(small(2, []), 1);
    assert.deepEqual([...marks.node], [MARK_NONE, MARK_SELECTED]);
    assert.deepEqual([marks.upstream, marks.downstream], [0, 0]);
  });
});

describe('webview highlight: search matches', () => {
  it('marks the matches and orders them left to right, then top to bottom', () => {
    const nodes = [
      { id: 'a', x: 200, y: 0 },
      { id: 'b', x: 0, y: 50 },
      { id: 'c', x: 0, y: 10 },
      { id: 'd', x: 100, y: 0 },
    ];
    const { match, order } = matchMarks(nodes, new Set(['a', 'b', 'c']));
    assert.deepEqual([...match], [1, 1, 1, 0]);
    assert.deepEqual(order, [2, 1, 0]);
    assert.deepEqual(matchMarks(nodes, new Set()).order, []);
  });
});
