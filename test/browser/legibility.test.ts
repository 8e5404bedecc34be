/**
 * The graph read as a user reads it (issue 15, items 10 and 11): after Fit labels stay legible, a tall and
 * narrow view lays the graph out top to bottom, faded nodes keep 3:1 against the background in every theme,
 * expanding keeps the new nodes in view, sibling names shortened keep the part that differs, and the DAG
 * Lineage view at the side bar's default width shows every name. Screenshots at 10, 50 and 500 nodes in the
 * three themes go to test-results/legibility-*.png.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { DebugInfo } from '../../webview/src/debug-info';
import { ordersDaily, RAW_ORDERS, SPARK, type RawNode } from './fixtures';
import { useBrowserSession, type ThemeKind } from './harness';

/** The label font size at zoom 1 (scene.ts LABEL_FONT) and the smallest a fitted view may draw it. */
const LABEL_PX = 12;
const LEGIBLE_PX = 11;
const THEMES: ThemeKind[] = ['light', 'dark', 'high-contrast'];

/** A DAG of `n` nodes: tasks in a chain of stages, each reading the previous stage's tables and writing its own. */
function pipeline(n: number, prefix = 'orders_daily.execute_insert_into'): { graph: RawNode[] } {
  const nodes = new Map<string, RawNode>();
  const add = (id: string, type: 'JOB' | 'DATASET', ns: string, name: string) =>
    nodes.set(id, { id, type, data: { namespace: ns, name, ...(type === 'JOB' && { simpleName: name }) }, inEdges: [], outEdges: [] });
  const edge = (origin: string, destination: string) => {
    nodes.get(origin)!.outEdges.push({ origin, destination });
    nodes.get(destination)!.inEdges.push({ origin, destination });
  };
  let previous: string[] = [];
  for (let i = 0; nodes.size < n; i++) {
    const job = `job:airflow:${prefix}_stage_${i}_command`;
    add(job, 'JOB', 'airflow', `${prefix}_stage_${i}_command`);
    for (const p of previous.slice(-2)) edge(p, job);
    previous = [];
    for (let j = 0; j < 1 + (i % 3) && nodes.size < n; j++) {
      const ds = `dataset:postgres://db:5432:warehouse.public.table_${i}_${j}`;
      add(ds, 'DATASET', 'postgres://db:5432', `warehouse.public.table_${i}_${j}`);
      edge(job, ds);
      previous.push(ds);
    }
  }
  return { graph: [...nodes.values()] };
}

/** WCAG contrast, in the page, of a faded node's label (foreground over the node box, both at the faded opacity). */
function fadedContrast(page: Page): Promise<{ faded: number; ratio: number }> {
  // A string: the test runner's transpiler may add helpers to a function's source that the page lacks.
  return page.evaluate(`(() => {
    const root = document.querySelector('.ll-root');
    const probe = document.createElement('span');
    root.append(probe);
    const rgb = (variable) => {
      probe.style.color = 'var(' + variable + ')';
      return (getComputedStyle(probe).color.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
    };
    const fg = rgb('--ll-fg');
    const bg = rgb('--ll-bg');
    const nodeBg = rgb('--ll-node-bg');
    const kinds = ['--ll-job', '--ll-dataset'].map(rgb);
    probe.remove();
    // The opacity the overlay's faded nodes get (the canvas draws with the same value).
    const faded = Number(getComputedStyle(root).getPropertyValue('--ll-faded').trim() || '0.3');
    const over = (top, a, bottom) => top.map((v, i) => v * a + bottom[i] * (1 - a));
    const lum = (c) => {
      const l = c.map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    };
    const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
    let worst = Infinity;
    for (const accent of kinds) worst = Math.min(worst, ratio(over(fg, faded, over(over(accent, 0.1, nodeBg), faded, bg)), bg));
    return { faded, ratio: worst };
  })()`);
}

function inside(n: DebugInfo['nodes'][number], box: { x: number; y: number; width: number; height: number }): boolean {
  return (
    n.screen.x >= box.x - 0.5 &&
    n.screen.y >= box.y - 0.5 &&
    n.screen.x + n.screen.width <= box.x + box.width + 0.5 &&
    n.screen.y + n.screen.height <= box.y + box.height + 0.5
  );
}

describe('lineage graph webview: legible at any size (Chromium)', function () {
  const s = useBrowserSession();

  it('fits a graph without making labels smaller than 11 px, and pans instead', async () => {
    for (const size of [10, 50, 500]) {
      await s.open({ viewport: { width: 1280, height: 800 } });
      const info = await s.show(pipeline(size), { title: `pipeline-${size}.json` });
      assert.equal(info.nodes.length, size);
      assert.ok(info.transform.k * LABEL_PX >= LEGIBLE_PX, `${size} nodes: labels at ${(info.transform.k * LABEL_PX).toFixed(1)} px`);
      await s.page.click('.ll-button.fit');
      const after = await s.info();
      assert.ok(after.transform.k * LABEL_PX >= LEGIBLE_PX, `${size} nodes after Fit: ${(after.transform.k * LABEL_PX).toFixed(1)} px`);
      // At least one node is whole on screen, below the toolbar.
      assert.ok(after.nodes.some((n) => n.screen.y > 40 && n.screen.x >= 0 && n.screen.x + n.screen.width <= 1280 - 320));
      await s.close();
    }
  });

  it('lays a tall, narrow view out from top to bottom, a wide one from left to right, and a long chain the way it fits', async () => {
    await s.open({ viewport: { width: 420, height: 900 } });
    let info = await s.show(pipeline(10));
    const byId = (i: DebugInfo) => new Map(i.nodes.map((n) => [n.id, n]));
    let nodes = byId(info);
    assert.ok(
      info.edges.every((e) => nodes.get(e.target)!.y > nodes.get(e.source)!.y + nodes.get(e.source)!.height - 1),
      'every edge runs downwards',
    );
    await s.close();
    await s.open({ viewport: { width: 1400, height: 700 } });
    info = await s.show(pipeline(4, 'etl'));
    nodes = byId(info);
    assert.ok(
      info.edges.every((e) => nodes.get(e.target)!.x > nodes.get(e.source)!.x),
      'every edge runs to the right',
    );
    await s.close();
    // Ten nodes in a chain do not fit from left to right at a legible size (a thin strip running off the view);
    // from top to bottom they do: that layout is kept, every node on screen.
    await s.open({ viewport: { width: 1400, height: 700 } });
    info = await s.show(pipeline(10, 'long'));
    nodes = byId(info);
    assert.ok(
      info.edges.every((e) => nodes.get(e.target)!.y > nodes.get(e.source)!.y),
      'every edge runs downwards',
    );
    assert.ok(info.transform.k * LABEL_PX >= LEGIBLE_PX);
    const offScreen = info.nodes.filter(
      (n) => n.screen.x < 0 || n.screen.y < 0 || n.screen.x + n.screen.width > 1400 || n.screen.y + n.screen.height > 700,
    );
    assert.deepEqual(
      offScreen.map((n) => n.id),
      [],
    );
  });

  for (const theme of THEMES) {
    it(`keeps faded nodes at 3:1 or more against the background (${theme} theme)`, async () => {
      await s.open({ theme, viewport: { width: 1280, height: 800 } });
      await s.show(ordersDaily());
      await s.clickNode(RAW_ORDERS);
      const { faded, ratio } = await fadedContrast(s.page);
      assert.ok(ratio >= 3, `${theme}: faded label contrast ${ratio.toFixed(2)}:1 at opacity ${faded}`);
      // The faded overlay nodes use that opacity.
      const dimmed = s.page.locator('.ll-overlay .node.dimmed').first();
      if ((await dimmed.count()) > 0) assert.equal(Number(await dimmed.evaluate((e) => getComputedStyle(e).opacity)), faded);
    });
  }

  it('keeps the new nodes in view after an expansion, clear of the details panel and the toolbar', async () => {
    await s.open({ viewport: { width: 1100, height: 700 } });
    let info = await s.show(ordersDaily(), { focus: SPARK, depth: 1 });
    // Move the graph so that the node sits at the right edge of the graph area, against the details panel.
    const area = (await s.page.locator('.ll-surface').boundingBox())!;
    const raw = info.nodes.find((n) => n.id === RAW_ORDERS)!;
    await s.page.evaluate(
      ([x, y, k]) => (window as unknown as { __lineageLens: { setTransform(t: object): void } }).__lineageLens.setTransform({ x, y, k }),
      [
        area.width - 40 - (raw.x + raw.width) * info.transform.k,
        area.height / 2 - (raw.y + raw.height / 2) * info.transform.k,
        info.transform.k,
      ],
    );
    await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const before = new Set(info.nodes.map((n) => n.id));
    // The handle on its downstream side.
    const placed = (await s.info()).nodes.find((n) => n.id === RAW_ORDERS)!;
    await s.clickNode(RAW_ORDERS, { offset: { x: placed.screen.width, y: placed.screen.height / 2 } });
    info = await s.drawn(info.generation);
    const added = info.nodes.filter((n) => !before.has(n.id));
    assert.ok(added.length > 0, 'the expansion added nodes');
    const toolbar = (await s.page.locator('.ll-toolbar').boundingBox())!;
    const clear = {
      x: area.x,
      y: toolbar.y + toolbar.height,
      width: area.width,
      height: area.y + area.height - (toolbar.y + toolbar.height),
    };
    for (const n of added)
      assert.ok(inside({ ...n, screen: { ...n.screen, x: n.screen.x + area.x, y: n.screen.y + area.y } }, clear), `${n.id} in view`);
  });

  it('shortens sibling names that share a long prefix so that they still differ', async () => {
    await s.open({ viewport: { width: 1280, height: 800 } });
    const info = await s.show(pipeline(12, 'orders_daily.execute_insert_into_hadoop_fs_relation'));
    const jobs = info.nodes.filter((n) => n.kind === 'job').map((n) => n.lines.join(''));
    assert.ok(jobs.length >= 4);
    assert.equal(new Set(jobs).size, jobs.length, `labels differ: ${jobs.join(' | ')}`);
    for (const label of jobs) assert.match(label, /stage_\d+_command$/);
  });

  it('takes screenshots at 10, 50 and 500 nodes in the light, dark and high-contrast themes', async () => {
    for (const theme of THEMES) {
      for (const size of [10, 50, 500]) {
        await s.open({ theme, viewport: { width: 1280, height: 800 } });
        const info = await s.show(pipeline(size), { title: `pipeline-${size}.json` });
        // A selection, so that the faded nodes off its lineage show.
        const middle = info.nodes.filter((n) => n.kind === 'job' && n.screen.y > 60 && n.screen.x > 0 && n.screen.x < 900)[1];
        if (middle) await s.clickNode(middle.id);
        await s.screenshot(`legibility-${size}-${theme}.png`);
        await s.close();
      }
    }
  });
});
