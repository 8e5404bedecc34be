/**
 * A 5,000-node lineage graph in Chromium: laid out in the worker, drawn on the canvas with level of detail
 * (flat boxes without labels when zoomed out, labelled boxes and the DOM overlay when zoomed in), a bitmap
 * cache while panning, search and selection at that size. Pixels are sampled to check what is drawn.
 */
import assert from 'node:assert/strict';
import type { DebugInfo } from '../../webview/src/debug-info';
import { colourDistance, useBrowserSession } from './harness';

const JOB_BLUE = [0x37, 0x94, 0xff];
const DATASET_GREEN = [0x89, 0xd1, 0x85];

describe('lineage graph webview: 5,000 nodes (Chromium)', function () {
  this.timeout(120000);
  const s = useBrowserSession();
  let graph: unknown;

  before(async () => {
    const { generate, toMarquez } = await import('../../bench/layout-graphs.mjs');
    graph = toMarquez(generate({ n: 5000, shape: 'local', seed: 1 }));
  });

  it('draws all 5,000 nodes zoomed out as flat boxes in their kind colours, from a cached bitmap, without labels', async () => {
    await s.open();
    const shown = await s.show(graph, { title: 'local-5000.json' });
    // Shown legibly (labels at 11 px or more), the rest a pan away; the whole graph only when asked.
    assert.ok(shown.transform.k * 12 >= 11, `shown at ${shown.transform.k}`);
    await s.page.evaluate(() => (window as unknown as { __lineageLens: { fitAll(): void } }).__lineageLens.fitAll());
    await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const info = await s.info();
    assert.equal(info.layoutMode, 'worker');
    assert.equal(info.nodes.length, 5000);
    assert.equal(info.edges.length, 10685);
    assert.ok(info.transform.k < 0.1, `fitted far out: ${info.transform.k}`);
    assert.equal(info.draw!.labels, false, 'no labels at this zoom');
    assert.equal(await s.page.locator('.ll-overlay text.label').count(), 0);
    // Sample the centres of the nodes that are at least 2 px tall on screen: each shows its kind's colour.
    const sample = info.nodes.filter((n, i) => i % 97 === 0 && n.screen.height >= 1.5);
    let right = 0;
    for (const n of sample) {
      const p = await s.pixel(n.screen.x + n.screen.width / 2, n.screen.y + n.screen.height / 2);
      if (colourDistance(p, n.kind === 'job' ? JOB_BLUE : DATASET_GREEN) < 60) right++;
    }
    assert.ok(sample.length >= 40 && right >= sample.length * 0.8, `${right} of ${sample.length} sampled nodes in their colour`);
    // Panning blits the cached bitmap instead of drawing 15,000 items (once it is built at this zoom).
    for (let i = 0; i < 2; i++) {
      await s.page.evaluate(() =>
        (window as unknown as { __lineageLens: { panZoom(dx: number, dy: number): void } }).__lineageLens.panZoom(5, 0),
      );
      await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    assert.equal((await s.info()).draw!.mode, 'cache');
    assert.match((await s.page.textContent('.ll-status'))!, /^5,000 nodes/);
    await s.screenshot('webview-5k.png');
  });

  it('finds and selects a node by search, highlights its lineage, and draws labels and the overlay once zoomed in', async () => {
    await s.open();
    await s.show(graph, { title: 'local-5000.json' });
    await s.page.fill('.ll-search', 'etl.transform_4242');
    await s.page.waitForFunction(() => document.querySelector('.ll-count')!.textContent === '1 match');
    await s.page.press('.ll-search', 'Enter');
    await s.page.waitForFunction(
      () =>
        (window as unknown as { __lineageLens: { info(): DebugInfo } }).__lineageLens.info().selected === 'job:bench:etl.transform_4242',
    );
    let info = await s.info();
    const lineage = info.nodes.filter((n) => n.mark === 1 || n.mark === 2).length;
    assert.ok(lineage > 0, 'its lineage is marked');
    assert.equal(await s.page.textContent('.ll-details h2'), 'etl.transform_4242');
    // Zoom to 1 around it: labels are drawn, and the overlay holds it and its neighbours as DOM.
    const target = info.nodes.find((n) => n.id === info.selected)!;
    await s.page.evaluate(
      (t) =>
        (window as unknown as { __lineageLens: { setTransform(t: unknown): void } }).__lineageLens.setTransform({
          x: 600 - t.x,
          y: 450 - t.y,
          k: 1,
        }),
      target,
    );
    // A jump in scale is drawn sharp at once (not a scaled bitmap), with labels at this zoom.
    await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    info = await s.info();
    assert.notEqual(info.draw!.mode, 'scaled');
    assert.equal(info.draw!.labels, true);
    assert.equal(await s.page.textContent('.ll-overlay g.node.selected text.label'), 'etl.transform_4242');
    await s.screenshot('webview-5k-detail.png');
  });
});
