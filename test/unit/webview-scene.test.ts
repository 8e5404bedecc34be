/**
 * The scene maths of the webview, without a browser: label fitting with cached character widths, node boxes,
 * hit testing and culling over the grid, keyboard steps, fitting the view, the frozen-layout merge, the
 * minimap mapping, colour parsing and mixing, and the SVG and JSON exports (escaping included).
 */
import assert from 'node:assert/strict';
import { visibleGraph } from '../../webview/src/graph/explore';
import { exportFileName, exportJson, exportSvg, xmlEscape } from '../../webview/src/graph/export';
import { layoutIndexed } from '../../webview/src/graph/layout';
import { mergeModels, modelOf, parseLineageResponse, type LineageModel } from '../../webview/src/graph/model';
import { ariaLabelOf, buildScene, freezeScene, NODE, sceneBounds, sceneInput, tooltipOf, type Scene } from '../../webview/src/graph/scene';
import { CharWidths, fitLines, fitText } from '../../webview/src/graph/text';
import { minimapMapping } from '../../webview/src/minimap';
import { css, mix, parseColor, type Palette } from '../../webview/src/palette';

/** Every character 6 units wide, the ellipsis 6 too: widths are easy to reason about. */
const mono = new CharWidths(() => 6);

function parse(graph: unknown[]): LineageModel {
  const r = parseLineageResponse({ graph });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.model;
}

function chainModel(...ids: string[]): LineageModel {
  const id = (x: string) => (x.startsWith('j') ? `job:ns:${x}` : `dataset:ns:${x}`);
  return parse(
    ids.map((x, i) => ({
      id: id(x),
      type: x.startsWith('j') ? 'JOB' : 'DATASET',
      data: { name: x },
      outEdges: i + 1 < ids.length ? [{ origin: id(x), destination: id(ids[i + 1]) }] : [],
    })),
  );
}

function sceneOf(model: LineageModel): Scene {
  const visible = visibleGraph(model, { direction: 'both', depth: 2, expanded: new Set(), openGroups: new Set() });
  const input = sceneInput(visible, model, mono, mono);
  const layout = layoutIndexed({
    width: input.items.map((i) => i.text.width),
    height: input.items.map((i) => i.text.height),
    source: input.edges.map((e) => e.source),
    target: input.edges.map((e) => e.target),
  });
  return buildScene(input, layout, visible.hidden, model.outside);
}

describe('webview scene: label fitting', () => {
  it('keeps a name that fits on one line', () => {
    assert.deepEqual(fitLines('orders', 60, mono), ['orders']);
  });

  it('breaks after a dot as evenly as possible when both lines fit', () => {
    assert.deepEqual(fitLines('orders_daily.build_daily', 90, mono), ['orders_daily.', 'build_daily']);
  });

  it('shortens the second line from its start when it does not fit, keeping the end that tells names apart', () => {
    assert.deepEqual(fitLines('orders_enrichment.execute_save_into_data_source_command.public_fct_orders', 110, mono), [
      'orders_enrichment.',
      '…public_fct_orders',
    ]);
  });

  it('cuts the middle of a name without separators, keeping more of the end', () => {
    // 60 units hold 10 characters: the ellipsis and 9 of the name, 3 from the start and 6 from the end.
    assert.equal(fitText('abcdefghijklmnopqrstuvwxyz', 60, mono), 'abc…uvwxyz');
  });

  it('keeps the parts that differ when sibling tasks share a long prefix', () => {
    const siblings = [
      'orders_daily.execute_insert_into_hadoop_fs_relation_command',
      'orders_daily.execute_insert_into_data_source_dir_command',
      'orders_daily.execute_insert_into_hive_table_command',
    ];
    const fitted = siblings.map((name) => fitLines(name, 130, mono));
    assert.deepEqual(fitted, [
      ['orders_daily.', '…fs_relation_command'],
      ['orders_daily.', '…source_dir_command'],
      ['orders_daily.', '…hive_table_command'],
    ]);
    // A single line cut after `_` too, not in the middle.
    assert.equal(fitText('execute_insert_into_hadoop_fs_relation_command', 130, mono), '…fs_relation_command');
  });

  it('measures each character once', () => {
    let calls = 0;
    const widths = new CharWidths(() => {
      calls++;
      return 7;
    });
    assert.equal(widths.width('aaaa.bbbb'), 63);
    assert.equal(widths.width('abab'), 28);
    assert.equal(calls, 3);
  });
});

describe('webview scene: boxes, hit tests and keyboard steps', () => {
  const model = chainModel('a', 'j1', 'b', 'j2', 'c');
  const scene = sceneOf(model);
  const at = (id: string) => scene.nodes[scene.nodeIndex.get(id.startsWith('j') ? `job:ns:${id}` : `dataset:ns:${id}`)!];

  it('sizes nodes to their text, within the minimum and maximum widths', () => {
    for (const n of scene.nodes) {
      assert.ok(n.width >= NODE.minWidth && n.width <= NODE.maxWidth);
      assert.equal(n.height, NODE.firstBaseline + NODE.lineHeight * n.lines.length + NODE.bottomPadding);
    }
    assert.equal(ariaLabelOf(at('a')), 'Dataset a in ns');
    assert.equal(tooltipOf(at('a')), 'Dataset a\nns');
  });

  it('finds the node under a point, and nothing between nodes', () => {
    const b = at('b');
    assert.equal(scene.nodes[scene.hitTest(b.x + 5, b.y + 5)!.index].id, b.id);
    assert.equal(scene.hitTest(b.x - 30, b.y + 5), undefined);
    assert.deepEqual(
      scene.query(b.x, b.y, b.x + 1, b.y + 1).map((i) => scene.nodes[i].id),
      [b.id],
    );
    assert.equal(scene.query(-1e6, -1e6, 1e6, 1e6).length, 5);
  });

  it('moves right and left along edges, and up and down within a layer', () => {
    assert.equal(scene.nodes[scene.step(scene.nodeIndex.get('dataset:ns:a')!, 'right')!].id, 'job:ns:j1');
    assert.equal(scene.nodes[scene.step(scene.nodeIndex.get('job:ns:j1')!, 'left')!].id, 'dataset:ns:a');
    assert.equal(scene.step(scene.nodeIndex.get('dataset:ns:a')!, 'left'), undefined);
    assert.equal(scene.step(scene.nodeIndex.get('dataset:ns:a')!, 'down'), undefined);
    const two = sceneOf(
      parse([
        { id: 'dataset:ns:x', type: 'DATASET', data: {}, outEdges: [{ origin: 'dataset:ns:x', destination: 'job:ns:j' }] },
        { id: 'dataset:ns:y', type: 'DATASET', data: {}, outEdges: [{ origin: 'dataset:ns:y', destination: 'job:ns:j' }] },
        { id: 'job:ns:j', type: 'JOB', data: {} },
      ]),
    );
    const top =
      two.nodes[two.nodeIndex.get('dataset:ns:x')!].y < two.nodes[two.nodeIndex.get('dataset:ns:y')!].y ? 'dataset:ns:x' : 'dataset:ns:y';
    const below = two.step(two.nodeIndex.get(top)!, 'down');
    assert.notEqual(below, undefined);
    assert.notEqual(two.nodes[below!].id, top);
  });

  it('hits an expand handle on the side of a node with hidden neighbours', () => {
    const m = parse([
      { id: 'dataset:ns:a', type: 'DATASET', data: {}, outEdges: [{ origin: 'dataset:ns:a', destination: 'job:ns:outside' }] },
    ]);
    const s = sceneOf(m);
    const n = s.nodes[0];
    assert.equal(n.hiddenDown, 1);
    assert.deepEqual(s.hitTest(n.x + n.width + 3, n.y + n.height / 2), { index: 0, part: 'expand-downstream' });
    assert.equal(s.hitTest(n.x - 3, n.y + n.height / 2), undefined, 'no handle upstream: nothing hidden there');
  });
});

describe('webview scene: view maths', () => {
  it('maps the whole scene into the minimap with a margin, keeping the aspect ratio', () => {
    const m = minimapMapping({ minX: 0, minY: 0, maxX: 1880, maxY: 100 }, 200, 120);
    assert.equal(m.scale, 0.1);
    assert.equal(m.offsetX, 6);
    assert.equal(m.offsetY, 55);
  });
});

describe('webview scene: frozen layout', () => {
  it('keeps placed nodes where they were and puts new ones where they overlap nothing', () => {
    const before = sceneOf(chainModel('a', 'j1', 'b'));
    const after = sceneOf(chainModel('z', 'jz', 'a', 'j1', 'b', 'j2', 'c'));
    const frozen = freezeScene(before, after);
    for (const n of before.nodes) {
      const m = frozen.nodes[frozen.nodeIndex.get(n.id)!];
      assert.deepEqual([m.x, m.y], [n.x, n.y], `${n.id} moved`);
    }
    for (const a of frozen.nodes) {
      for (const b of frozen.nodes) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        assert.ok(apart, `${a.id} overlaps ${b.id}`);
      }
    }
    // Kept edges keep their route; new ones run from side to side.
    const kept = frozen.edges.find((e) => frozen.nodes[e.source].id === 'dataset:ns:a')!;
    assert.equal(kept.end - kept.start, 2);
    assert.equal(frozen.edges.length, after.edges.length);
  });
});

describe('webview scene: colours', () => {
  it('parses the colour forms getComputedStyle returns, and mixes like color-mix in srgb', () => {
    assert.deepEqual(parseColor('rgb(31, 31, 31)'), { r: 31, g: 31, b: 31, a: 1 });
    assert.deepEqual(parseColor('rgba(204, 204, 204, 0.5)'), { r: 204, g: 204, b: 204, a: 0.5 });
    assert.deepEqual(parseColor('color(srgb 1 0.5 0 / 50%)'), { r: 255, g: 127.5, b: 0, a: 0.5 });
    assert.equal(parseColor('papayawhip'), undefined);
    assert.equal(css(mix({ r: 255, g: 0, b: 0, a: 1 }, { r: 0, g: 0, b: 255, a: 1 }, 0.1)), 'rgb(26, 0, 230)');
  });
});

const PALETTE: Palette = {
  background: 'rgb(0, 0, 0)',
  foreground: 'rgb(255, 255, 255)',
  muted: 'rgb(128, 128, 128)',
  nodeBackground: 'rgb(20, 20, 20)',
  edge: 'rgb(100, 100, 100)',
  focus: 'rgb(0, 120, 212)',
  highlight: 'rgb(209, 134, 22)',
  match: 'rgb(204, 167, 0)',
  matchBackground: 'rgba(0, 0, 0, 0)',
  passed: 'rgb(0, 255, 0)',
  failed: 'rgb(255, 0, 0)',
  running: 'rgb(0, 0, 255)',
  skipped: 'rgb(90, 90, 90)',
  kind: Object.fromEntries(
    ['job', 'dataset', 'field', 'run', 'more'].map((k) => [k, { accent: 'rgb(1, 2, 3)', fill: 'rgb(4, 5, 6)', stroke: 'rgb(7, 8, 9)' }]),
  ) as Palette['kind'],
  highContrast: false,
  faded: 0.45,
  fontFamily: '"Segoe UI", sans-serif',
  monoFamily: 'monospace',
};

describe('webview scene: exports', () => {
  const evil = '<img src=x onerror="alert(1)">&\u0007';
  const model = parse([
    {
      id: `dataset:ns:${evil}`,
      type: 'DATASET',
      data: { name: evil, namespace: 'ns' },
      outEdges: [{ origin: `dataset:ns:${evil}`, destination: 'job:ns:j' }],
    },
    {
      id: 'job:ns:j',
      type: 'JOB',
      data: { name: 'j', latestRun: { state: 'FAILED' } },
      outEdges: [{ origin: 'job:ns:j', destination: 'dataset:ns:gone' }],
    },
  ]);

  it('escapes text for XML and drops characters XML forbids', () => {
    assert.equal(xmlEscape(`a<b>&"c'\u0001`), 'a&#60;b&#62;&#38;&#34;c&#39;');
  });

  it('writes a standalone SVG with every node and edge, names escaped, colours written in', () => {
    const svg = exportSvg(sceneOf(model), PALETTE, `${evil}.json`);
    assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(!svg.includes('<img'), 'no markup from names');
    assert.ok(!svg.includes('\u0007'));
    assert.equal((svg.match(/<path d="M[^"]*" stroke=/g) ?? []).length, 1);
    assert.equal((svg.match(/<rect width="\d+" height="\d+" rx=/g) ?? []).length, 2);
    assert.match(svg, /&#60;img src=x onerror=&#34;alert\(1\)&#34;&#62;/);
    assert.match(svg, /font-family="&#34;Segoe UI&#34;, sans-serif"/);
    assert.match(svg, /fill="rgb\(255, 0, 0\)"/, 'the failed run dot');
    assert.ok(!/var\(--/.test(svg), 'no CSS variables: the file has no theme');
  });

  it('writes the shown nodes as a lineage response that opens again', () => {
    const visible = visibleGraph(model, { direction: 'both', depth: 2, expanded: new Set(), openGroups: new Set() });
    const json = JSON.parse(exportJson(visible)) as { graph: { id: string; type: string; inEdges: unknown[]; outEdges: unknown[] }[] };
    assert.deepEqual(
      json.graph.map((n) => [n.id, n.type, n.inEdges.length, n.outEdges.length]),
      [
        [`dataset:ns:${evil}`, 'DATASET', 0, 1],
        ['job:ns:j', 'JOB', 1, 0],
      ],
    );
    const again = parseLineageResponse(json);
    assert.ok(again.ok);
    assert.equal(again.model.edges.length, 1);
  });

  it('names export files after the graph', () => {
    assert.equal(exportFileName('orders-daily.json', 'svg'), 'orders-daily-lineage.svg');
    assert.equal(exportFileName('a/b:c.JSON', 'png'), 'a-b-c-lineage.png');
    assert.equal(exportFileName('', 'json'), 'lineage.json');
    // The DAG view's title: the file and its DAG, the same name twice.
    assert.equal(exportFileName('orders_etl.py · orders_etl', 'svg'), 'orders_etl-lineage.svg');
    assert.equal(exportFileName('pipelines.py · ingest, report', 'png'), 'pipelines-ingest-report-lineage.png');
    assert.equal(exportFileName('analytics.public.customers', 'svg'), 'analytics.public.customers-lineage.svg');
    assert.equal(exportFileName('Bestellungen Übersicht', 'json'), 'Bestellungen-Übersicht-lineage.json');
  });
});

describe('webview model: merging an expansion', () => {
  it('adds new nodes, connects edges that left the response, and recounts what is still outside', () => {
    const first = parse([
      { id: 'dataset:ns:a', type: 'DATASET', data: {}, outEdges: [{ origin: 'dataset:ns:a', destination: 'job:ns:j' }] },
    ]);
    assert.equal(first.danglingEdges, 1);
    assert.deepEqual(first.outside.get('dataset:ns:a'), { upstream: 0, downstream: 1 });
    const more = parse([
      {
        id: 'job:ns:j',
        type: 'JOB',
        data: {},
        inEdges: [{ origin: 'dataset:ns:a', destination: 'job:ns:j' }],
        outEdges: [{ origin: 'job:ns:j', destination: 'dataset:ns:b' }],
      },
    ]);
    const merged = mergeModels(first, more);
    assert.deepEqual(
      merged.nodes.map((n) => n.id),
      ['dataset:ns:a', 'job:ns:j'],
    );
    assert.deepEqual(
      merged.edges.map((e) => [e.source, e.target]),
      [['dataset:ns:a', 'job:ns:j']],
    );
    assert.equal(merged.danglingEdges, 1);
    assert.equal(merged.outside.get('dataset:ns:a'), undefined);
    assert.deepEqual(merged.outside.get('job:ns:j'), { upstream: 0, downstream: 1 });
  });

  it('builds a model from nodes and edges made elsewhere, leaving out repeats and loose ends', () => {
    const [a, b] = parse([
      { id: 'dataset:ns:a', type: 'DATASET' },
      { id: 'dataset:ns:b', type: 'DATASET' },
    ]).nodes;
    const m = modelOf(
      [a, b, a],
      [
        { source: a.id, target: b.id },
        { source: a.id, target: b.id },
        { source: a.id, target: 'x' },
        { source: a.id, target: a.id },
      ],
    );
    assert.equal(m.nodes.length, 2);
    assert.equal(m.edges.length, 1);
  });
});

describe('webview scene: bounds', () => {
  it('spans every node', () => {
    const s = sceneOf(chainModel('a', 'j', 'b'));
    const b = sceneBounds(s);
    assert.equal(b.minX, 0);
    assert.equal(b.maxX, Math.max(...s.nodes.map((n) => n.x + n.width)));
  });
});
