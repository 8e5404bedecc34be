/**
 * What the webview shows of a lineage model: the whole response, or a focus node's neighbourhood by depth and
 * direction, grown by per-node expansions, with wide fan-outs folded into "N more" nodes; and the search.
 */
import assert from 'node:assert/strict';
import {
  collapseSide,
  expandBoth,
  expandSide,
  FANOUT_LIMIT,
  FANOUT_SHOWN,
  moreId,
  searchNodes,
  sideKey,
  visibleGraph,
  type ExploreState,
} from '../../webview/src/graph/explore';
import { mergeModels, parseLineageResponse, type LineageModel } from '../../webview/src/graph/model';

/** A model from `a>b` edge strings; ids starting with `j` are jobs, the rest datasets. */
function model(...pairs: string[]): LineageModel {
  const ids = new Set<string>();
  const edges = pairs.map((p) => p.split('>') as [string, string]);
  for (const [a, b] of edges) ids.add(a).add(b);
  const id = (x: string) => (x.startsWith('j') ? `job:ns:${x}` : `dataset:ns:${x}`);
  const result = parseLineageResponse({
    graph: [...ids].map((x) => ({
      id: id(x),
      type: x.startsWith('j') ? 'JOB' : 'DATASET',
      data: { name: x },
      inEdges: edges.filter(([, b]) => b === x).map(([a, b]) => ({ origin: id(a), destination: id(b) })),
      outEdges: edges.filter(([a]) => a === x).map(([a, b]) => ({ origin: id(a), destination: id(b) })),
    })),
  });
  assert.ok(result.ok);
  return result.model;
}

const short = (id: string) => id.slice(id.lastIndexOf(':') + 1);
const names = (g: { nodes: { id: string }[] }) => g.nodes.map((n) => short(n.id)).sort();

function state(focus: string | undefined, extra: Partial<ExploreState> = {}): ExploreState {
  return {
    focus: focus === undefined ? undefined : focus.startsWith('j') ? `job:ns:${focus}` : `dataset:ns:${focus}`,
    direction: 'both',
    depth: 2,
    expanded: new Set(),
    openGroups: new Set(),
    ...extra,
  };
}

// a → j1 → b → j2 → c → j3 → d, and x → j2.
const CHAIN = model('a>j1', 'j1>b', 'b>j2', 'x>j2', 'j2>c', 'c>j3', 'j3>d');

describe('webview explore: neighbourhood', () => {
  it('shows the whole model without a focus, and nothing as hidden', () => {
    const g = visibleGraph(CHAIN, state(undefined));
    assert.equal(g.nodes.length, CHAIN.nodes.length);
    assert.equal(g.edges.length, CHAIN.edges.length);
    assert.equal(g.hidden.size, 0);
    assert.equal(g.focus, undefined);
  });

  it('shows the focus and the nodes at most `depth` edges away, both ways', () => {
    const g = visibleGraph(CHAIN, state('j2'));
    assert.deepEqual(names(g), ['b', 'c', 'j1', 'j2', 'j3', 'x']);
    // Only edges among shown nodes.
    assert.ok(g.edges.every((e) => g.nodes.some((n) => n.id === e.source) && g.nodes.some((n) => n.id === e.target)));
    assert.deepEqual(g.hidden.get('job:ns:j1'), { upstream: 1, downstream: 0 });
    assert.deepEqual(g.hidden.get('job:ns:j3'), { upstream: 0, downstream: 1 });
  });

  it('follows one direction only when asked', () => {
    assert.deepEqual(names(visibleGraph(CHAIN, state('j2', { direction: 'upstream' }))), ['b', 'j1', 'j2', 'x']);
    assert.deepEqual(names(visibleGraph(CHAIN, state('j2', { direction: 'downstream' }))), ['c', 'j2', 'j3']);
    assert.deepEqual(names(visibleGraph(CHAIN, state('j2', { direction: 'downstream', depth: 1 }))), ['c', 'j2']);
    assert.equal(visibleGraph(CHAIN, state('j2', { depth: Infinity })).nodes.length, CHAIN.nodes.length);
  });

  it('grows by one step where the user expanded a node, on that side', () => {
    const g = visibleGraph(
      CHAIN,
      state('j2', { direction: 'downstream', depth: 1, expanded: new Set([sideKey('downstream', 'dataset:ns:c')]) }),
    );
    assert.deepEqual(names(g), ['c', 'j2', 'j3']);
    // The expansion of the focus's other side counts even in a one-way view.
    const up = visibleGraph(
      CHAIN,
      state('j2', { direction: 'downstream', depth: 1, expanded: new Set([sideKey('upstream', 'job:ns:j2')]) }),
    );
    assert.deepEqual(names(up), ['b', 'c', 'j2', 'x']);
  });

  it('ignores a focus the model does not have', () => {
    assert.equal(visibleGraph(CHAIN, state('nope')).nodes.length, CHAIN.nodes.length);
  });
});

describe('webview explore: wide fan-out', () => {
  const readers = Array.from({ length: 30 }, (_, i) => `j${String(i).padStart(2, '0')}`);
  const HUB = model(...readers.map((j) => `hub>${j}`), ...readers.map((j, i) => `${j}>out${i}`));

  it(`folds more than ${FANOUT_LIMIT} new neighbours into one "N more" node after the first ${FANOUT_SHOWN}`, () => {
    const g = visibleGraph(HUB, state('hub', { depth: 1 }));
    assert.equal(g.nodes.length, 1 + FANOUT_SHOWN);
    assert.equal(g.groups.length, 1);
    const group = g.groups[0];
    assert.equal(group.id, moreId('downstream', 'dataset:ns:hub'));
    assert.equal(group.hidden.length, 30 - FANOUT_SHOWN);
    // The first readers by name are shown, the rest folded; the group hangs off the hub.
    assert.deepEqual(
      names(g).filter((n) => n.startsWith('j')),
      readers.slice(0, FANOUT_SHOWN),
    );
    assert.ok(g.edges.some((e) => e.id === group.id && e.source === 'dataset:ns:hub' && e.target === group.id));
    assert.deepEqual(g.hidden.get('dataset:ns:hub'), { upstream: 0, downstream: 30 - FANOUT_SHOWN });
  });

  it('shows the whole fan-out once the group is opened, and goes on from there by depth', () => {
    const g = visibleGraph(HUB, state('hub', { openGroups: new Set([sideKey('downstream', 'dataset:ns:hub')]) }));
    assert.equal(g.groups.length, 0);
    assert.equal(g.nodes.length, 1 + 30 + 30);
  });

  it('does not fold a fan-out at its limit', () => {
    const few = model(...readers.slice(0, FANOUT_LIMIT).map((j) => `hub>${j}`));
    assert.equal(visibleGraph(few, state('hub', { depth: 1 })).groups.length, 0);
  });

  it('drops a folded node from its group when another path shows it', () => {
    // j29 is folded under the hub, but also reads `side`, which the focus reaches first.
    const m = model(...readers.map((j) => `hub>${j}`), 'src>jx', 'jx>hub', 'src>j29');
    const g = visibleGraph(m, state('src', { depth: 3, direction: 'downstream' }));
    assert.ok(g.nodes.some((n) => short(n.id) === 'j29'));
    assert.ok(!g.groups[0].hidden.includes('job:ns:j29'));
  });
});

describe('webview explore: search', () => {
  it('matches every word in label, name, namespace or id, case-insensitively', () => {
    const m = parseLineageResponse({
      graph: [
        { id: 'dataset:postgres://warehouse:5432:public.fct_orders', type: 'DATASET', data: {} },
        { id: 'dataset:s3://raw:orders/daily', type: 'DATASET', data: {} },
        { id: 'job:airflow:orders_daily.extract', type: 'JOB', data: { simpleName: 'extract' } },
      ],
    });
    assert.ok(m.ok);
    const found = (q: string) => [...searchNodes(m.model.nodes, q)].map(short).sort();
    assert.deepEqual(found('ORDERS'), ['orders/daily', 'orders_daily.extract', 'public.fct_orders']);
    assert.deepEqual(found('orders warehouse'), ['public.fct_orders']);
    assert.deepEqual(found('s3://raw'), ['orders/daily']);
    assert.deepEqual(found('   '), []);
  });
});

describe('webview explore: expanding and collapsing', () => {
  const J1 = 'job:ns:j1';

  it('shows one more step the model holds on the side asked, and folds it back', () => {
    const s = state('j1', { depth: 1 });
    const step = expandSide(s, visibleGraph(CHAIN, s), CHAIN, 'dataset:ns:b', 'downstream');
    assert.equal(step.kind, 'local');
    if (step.kind !== 'local') return;
    assert.deepEqual([...step.state.expanded], [sideKey('downstream', 'dataset:ns:b')]);
    assert.ok(names(visibleGraph(CHAIN, step.state)).includes('j2'));
    assert.deepEqual([...collapseSide(step.state, 'dataset:ns:b', 'downstream').expanded], []);
  });

  it('opens a folded fan-out rather than expanding', () => {
    const wide = model(...Array.from({ length: FANOUT_LIMIT + 1 }, (_, i) => `j1>o${i}`));
    const s = state('j1', { depth: 1 });
    const step = expandSide(s, visibleGraph(wide, s), wide, J1, 'downstream');
    assert.ok(step.kind === 'local' && step.state.openGroups.has(sideKey('downstream', J1)));
    assert.deepEqual(expandBoth(s, visibleGraph(wide, s), J1)?.openGroups, new Set([sideKey('downstream', J1)]));
  });

  it('says when only the host can show more, or nothing can', () => {
    // The response has an edge out of d to a node it does not hold.
    const cut = parseLineageResponse({
      graph: [{ id: 'dataset:ns:d', type: 'DATASET', data: {}, outEdges: [{ origin: 'dataset:ns:d', destination: 'job:ns:far' }] }],
    });
    assert.ok(cut.ok);
    const withOutside = mergeModels(CHAIN, cut.model);
    const s = state(undefined);
    const visible = visibleGraph(withOutside, s);
    assert.deepEqual(expandSide(s, visible, withOutside, 'dataset:ns:d', 'downstream'), { kind: 'fetch' });
    assert.deepEqual(expandSide(s, visible, withOutside, 'dataset:ns:a', 'upstream'), { kind: 'none' });
    assert.equal(expandBoth(s, visible, 'dataset:ns:d'), undefined);
  });
});
