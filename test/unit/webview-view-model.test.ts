/**
 * The graph view's state and its changes (webview/src/view-model.ts), what it saves and restores
 * (view-state.ts), and what the banner and status line say (notices.ts): pure, on small models.
 */
import assert from 'node:assert/strict';
import { visibleGraph } from '../../webview/src/graph/explore';
import { parseLineageResponse, type LineageModel } from '../../webview/src/graph/model';
import { aloneNotice, expansionText, noMatchNotice, statusText, type NoticeActions } from '../../webview/src/notices';
import { ViewModel } from '../../webview/src/view-model';
import { restoreView, saveView } from '../../webview/src/view-state';

/** a → j → b, and b's column `id` when `columns`. */
function chain(extra: unknown[] = []): LineageModel {
  const r = parseLineageResponse({
    graph: [
      { id: 'dataset:ns:a', type: 'DATASET', data: {}, outEdges: [{ origin: 'dataset:ns:a', destination: 'job:ns:j' }] },
      { id: 'job:ns:j', type: 'JOB', data: {}, outEdges: [{ origin: 'job:ns:j', destination: 'dataset:ns:b' }] },
      { id: 'dataset:ns:b', type: 'DATASET', data: {} },
      ...extra,
    ],
  });
  assert.ok(r.ok);
  return r.model;
}

const none: NoticeActions = {
  clearSearch: () => undefined,
  showEverything: () => undefined,
  showBothDirections: () => undefined,
  fetch: () => undefined,
};

describe('webview view state: restore and save', () => {
  it('restores a saved view, dropping ids the model lacks and an unusable transform', () => {
    const has = (_mode: string, id: string) => id === 'job:ns:j';
    const v = restoreView(
      { restore: { selected: 'job:ns:j', focus: 'job:ns:gone', depth: -1, search: 'j', frozen: true, transform: { x: 1, y: 2, k: 0 } } },
      () => true,
      has,
    );
    assert.equal(v.selected, 'job:ns:j');
    assert.equal(v.explore.focus, undefined);
    assert.equal(v.explore.depth, Infinity);
    assert.deepEqual([v.search, v.frozen, v.transform], ['j', true, undefined]);
  });

  it('opens at the focus the host names, and falls back to tables without column lineage', () => {
    const v = restoreView(
      { focus: 'job:ns:j', direction: 'upstream', mode: 'column' },
      () => false,
      () => true,
    );
    assert.equal(v.mode, 'table');
    assert.match(v.notice ?? '', /no column lineage/);
    assert.deepEqual([v.explore.focus, v.selected, v.explore.direction, v.explore.depth], ['job:ns:j', 'job:ns:j', 'upstream', 2]);
  });

  it('saves what restoreView reads back', () => {
    const vm = new ViewModel();
    vm.load(chain(), { focus: 'job:ns:j', depth: 3 });
    const saved = saveView({
      transform: { x: 5, y: 6, k: 0.5 },
      selected: vm.selected,
      explore: vm.explore,
      mode: vm.mode,
      search: 'x',
      frozen: false,
    });
    assert.deepEqual(saved, {
      transform: { x: 5, y: 6, k: 0.5 },
      selected: 'job:ns:j',
      focus: 'job:ns:j',
      depth: 3,
      direction: 'both',
      mode: 'table',
      search: 'x',
      frozen: false,
      expanded: [],
      openGroups: [],
    });
    const again = restoreView(
      { restore: saved },
      () => true,
      () => true,
    );
    assert.deepEqual([again.explore.focus, again.explore.depth, again.transform], ['job:ns:j', 3, { x: 5, y: 6, k: 0.5 }]);
  });
});

describe('webview view model: changes', () => {
  it('asks for a node before a direction or a depth, then explores around it', () => {
    const vm = new ViewModel();
    vm.load(chain(), {});
    assert.equal(vm.setDirection('upstream'), false);
    assert.match(vm.transient?.text ?? '', /Select a node first/);
    assert.equal(vm.setDepth(1), false);
    assert.equal(vm.setDepth(Infinity), true);
    vm.selected = 'job:ns:j';
    assert.equal(vm.setDirection('downstream'), true);
    assert.deepEqual(
      [vm.explore.focus, vm.explore.direction, vm.explore.depth, vm.transient],
      ['job:ns:j', 'downstream', Infinity, undefined],
    );
  });

  it("merges the host's expansion and says what it added", () => {
    const vm = new ViewModel();
    vm.load(chain(), { focus: 'dataset:ns:b' });
    const more = parseLineageResponse({
      graph: [{ id: 'job:ns:next', type: 'JOB', data: {}, inEdges: [{ origin: 'dataset:ns:b', destination: 'job:ns:next' }] }],
    });
    assert.ok(more.ok);
    assert.equal(vm.merge('dataset:ns:b', 'downstream', more.model, undefined), true);
    assert.equal(vm.tableModel?.nodes.length, 4);
    assert.equal(vm.transient?.text, 'Added 1 node downstream of b.');
    assert.ok(vm.explore.expanded.has('downstream:dataset:ns:b'));
    assert.equal(vm.merge('dataset:ns:b', 'upstream', undefined, undefined), false);
    assert.equal(vm.transient?.text, 'No more lineage upstream of this node.');
  });

  it('expands from the response, or asks the host, or says there is nothing more', () => {
    const vm = new ViewModel();
    vm.load(
      chain([{ id: 'dataset:ns:c', type: 'DATASET', data: {}, outEdges: [{ origin: 'dataset:ns:c', destination: 'job:ns:elsewhere' }] }]),
      { focus: 'job:ns:j', depth: 1 },
    );
    vm.visible = visibleGraph(vm.model(), vm.explore);
    assert.equal(vm.expand('dataset:ns:a', 'upstream'), 'notice');
    assert.equal(vm.transient?.text, 'a has nothing more upstream in this response.');
    vm.exploreFrom(undefined);
    vm.visible = visibleGraph(vm.model(), vm.explore);
    assert.equal(vm.expand('dataset:ns:c', 'downstream'), 'fetch');
    assert.equal(vm.transient?.text, 'Asking for the lineage downstream of c…');
    assert.equal(vm.expandAround('dataset:ns:c'), 'fetch');
  });

  it("marks the selection's lineage and the search matches, in reading order", () => {
    const vm = new ViewModel();
    vm.load(chain(), {});
    const nodes = vm.model().nodes.map((n, i) => ({ id: n.id, node: n, x: 100 * i, y: 0 }));
    const scene = {
      nodes,
      nodeIndex: new Map(nodes.map((n, i) => [n.id, i])),
      up: [[], [0], [1]],
      down: [[1], [2], []],
      edges: [
        { source: 0, target: 1 },
        { source: 1, target: 2 },
      ],
    };
    vm.selected = 'job:ns:j';
    vm.search = 'ns';
    const marks = vm.highlight(scene as never);
    assert.deepEqual([...marks.node!], [1, 3, 2]);
    assert.deepEqual(vm.pathCounts, { upstream: 1, downstream: 1 });
    assert.deepEqual(vm.matchOrder, [0, 1, 2]);
    assert.equal(vm.nextMatch(1, scene as never), 'dataset:ns:a');
    assert.equal(vm.nextMatch(1, scene as never), 'job:ns:j');
    assert.equal(vm.nextMatch(-1, scene as never), 'dataset:ns:a');
  });
});

describe('webview notices', () => {
  it('says what an empty search or a lone focus means, with what to do next', () => {
    assert.deepEqual(
      noMatchNotice(' zz ', 2, none).actions?.map((a) => a.label),
      ['Show everything (2 matches)', 'Clear the search'],
    );
    assert.equal(noMatchNotice('zz', 0, none).text, 'No shown node matches “zz”.');
    const model = chain();
    const alone = aloneNotice(
      model.nodeById.get('dataset:ns:a')!,
      { focus: 'dataset:ns:a', direction: 'upstream', depth: 2, expanded: new Set(), openGroups: new Set() },
      model,
      'table',
      none,
    );
    assert.equal(alone.text, 'a has nothing upstream in this response.');
    assert.deepEqual(
      alone.actions?.map((a) => a.label),
      ['Show both directions', 'Show everything'],
    );
  });

  it('writes what an expansion added and the status line', () => {
    assert.equal(expansionText(0, 'around', 'b', undefined), 'The answer added no new nodes around b.');
    assert.equal(expansionText(3, 'around', 'b', 'Cut to 3.'), 'Added 3 nodes around b. Cut to 3.');
    const model = chain();
    const visible = visibleGraph(model, { focus: 'dataset:ns:a', direction: 'both', depth: 1, expanded: new Set(), openGroups: new Set() });
    assert.equal(statusText(3, visible, true, false), '2 of 3 nodes · layout frozen · zoom in to see edges');
  });
});
