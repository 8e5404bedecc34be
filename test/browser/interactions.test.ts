/**
 * Exploring the lineage graph in Chromium: per-node expansion (local, and from the host beyond the response),
 * "N more" folding of a wide fan-out, the direction filter, search, keyboard navigation, frozen layout, fit,
 * centre and the minimap, column-level lineage, and theme changes while open.
 */
import assert from 'node:assert/strict';
import type { DebugInfo } from '../../webview/src/debug-info';
import {
  BUILD,
  columnLineage,
  EXTRACT_ORDERS,
  FCT,
  ordersDaily,
  ordersWithFacets,
  RATES,
  RAW_ORDERS,
  REVENUE,
  SPARK,
  withFanOut,
  ORDERS,
} from './fixtures';
import { colourDistance, savedState, useBrowserSession } from './harness';

const MORE_FCT = `more:downstream:${FCT}`;

function node(info: DebugInfo, id: string) {
  const n = info.nodes.find((x) => x.id === id);
  assert.ok(n, `${id} is drawn`);
  return n;
}

describe('lineage graph webview: exploring (Chromium)', function () {
  const s = useBrowserSession({ openEachTest: true });

  it('folds a wide fan-out into "N more", opens it on request and collapses it again', async () => {
    let info = await s.show(withFanOut(16), { focus: FCT });
    // 17 readers of fct_orders (16 reports and the revenue job): 8 shown, 9 folded.
    const more = node(info, MORE_FCT);
    assert.deepEqual(more.lines, ['9 more jobs']);
    assert.equal(more.sublabel, 'downstream of fct_orders');
    assert.equal(
      info.nodes.filter((n) => n.id.startsWith('job:airflow-prod:reports.')).length + (info.nodes.some((n) => n.id === BUILD) ? 1 : 0),
      8,
    );
    assert.equal(await s.page.textContent('.ll-status'), '21 of 45 nodes · 1 folded group');
    // Selecting it explains it; a second click (or Enter) opens it.
    await s.clickNode(MORE_FCT);
    await s.page.waitForSelector('.ll-details .ll-heading.more');
    assert.match((await s.page.textContent('.ll-details'))!, /9 nodes downstream of warehouse\.public\.fct_orders are folded/);
    const before = info.generation;
    await s.clickNode(MORE_FCT);
    info = await s.drawn(before);
    assert.equal(
      info.nodes.some((n) => n.id === MORE_FCT),
      false,
    );
    assert.equal(info.nodes.filter((n) => n.id.startsWith('job:airflow-prod:reports.')).length, 16);
    assert.deepEqual((await savedState(s.page)).openGroups, [`downstream:${FCT}`]);
    assert.equal(info.selected, FCT, 'the anchor is selected once its group is open');
    // "Collapse downstream" folds it again.
    await s.page.click('.ll-details button:has-text("Collapse downstream")');
    info = await s.drawn(info.generation);
    assert.ok(info.nodes.some((n) => n.id === MORE_FCT));
    await s.screenshot('webview-fanout.png');
  });

  it('expands a node upstream or downstream with its handle, keeping the expanded node where it was on screen', async () => {
    let info = await s.show(ordersDaily(), { focus: SPARK, depth: 1 });
    assert.deepEqual(
      info.nodes.map((n) => n.id).sort(),
      [SPARK, RAW_ORDERS, RATES, FCT, 'dataset:s3://acme-datalake-raw:customers/daily'].sort(),
    );
    const raw = node(info, RAW_ORDERS);
    assert.equal(raw.hiddenUp, 1);
    assert.equal(raw.hiddenDown, 1, 'the revenue job also reads it');
    // The hit-test model finds the handle on the node's left side.
    assert.deepEqual(
      await s.page.evaluate(
        ([x, y]) => (window as unknown as { __lineageLens: { hitTest(x: number, y: number): unknown } }).__lineageLens.hitTest(x, y),
        [raw.screen.x, raw.screen.y + raw.screen.height / 2],
      ),
      { id: RAW_ORDERS, part: 'expand-upstream' },
    );
    await s.clickNode(RAW_ORDERS, { offset: { x: 0, y: raw.screen.height / 2 } });
    info = await s.drawn(info.generation);
    assert.ok(info.nodes.some((n) => n.id === EXTRACT_ORDERS));
    const moved = node(info, RAW_ORDERS);
    assert.ok(
      Math.abs(moved.screen.x - raw.screen.x) < 1 && Math.abs(moved.screen.y - raw.screen.y) < 1,
      'the expanded node stays put on screen',
    );
    assert.deepEqual((await savedState(s.page)).expanded, [`upstream:${RAW_ORDERS}`]);
    // Shift+Right with the keyboard cursor on a node expands it downstream.
    await s.clickNode(RAW_ORDERS);
    await s.page.keyboard.press('Shift+ArrowRight');
    info = await s.drawn(info.generation);
    assert.ok(info.nodes.some((n) => n.id === BUILD));
  });

  it('asks the host for lineage beyond the response, merges the answer, and says so when there is none', async () => {
    let info = await s.show(ordersDaily(), { focus: REVENUE, depth: 1 });
    const revenue = node(info, REVENUE);
    assert.equal(revenue.hiddenDown, 1);
    await s.clickNode(REVENUE, { offset: { x: revenue.screen.width, y: revenue.screen.height / 2 } });
    await s.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'expand'));
    assert.deepEqual(
      (await s.posted()).filter((m) => m.type === 'expand'),
      [{ type: 'expand', nodeId: REVENUE, direction: 'downstream' }],
    );
    assert.match((await s.page.textContent('.ll-banner'))!, /Asking for the lineage downstream of warehouse\.public\.daily_revenue/);
    // The host answers with the next job.
    const dashboard = 'job:airflow-prod:finance_reports.revenue_by_country';
    await s.post({
      type: 'expandResult',
      nodeId: REVENUE,
      direction: 'downstream',
      graph: {
        graph: [
          {
            id: dashboard,
            type: 'JOB',
            data: { name: 'finance_reports.revenue_by_country', namespace: 'airflow-prod' },
            inEdges: [{ origin: REVENUE, destination: dashboard }],
            outEdges: [],
          },
        ],
      },
    });
    info = await s.drawn(info.generation);
    assert.ok(info.nodes.some((n) => n.id === dashboard));
    assert.equal(node(info, REVENUE).hiddenDown, 0);
    assert.match((await s.page.textContent('.ll-banner'))!, /Added 1 node downstream of warehouse\.public\.daily_revenue/);
    // A host without more says why.
    await s.post({
      type: 'expandResult',
      nodeId: dashboard,
      direction: 'downstream',
      message: 'orders-daily.json holds only the lineage shown.',
    });
    await s.page.waitForFunction(() => document.querySelector('.ll-banner')!.textContent!.includes('holds only the lineage shown'));
  });

  it('filters upstream only, downstream only or both around the explored node, and says what to do when a side is empty', async () => {
    let info = await s.show(ordersDaily(), { focus: SPARK });
    await s.page.click('.ll-button.dir-upstream');
    info = await s.drawn(info.generation);
    assert.equal(await s.page.getAttribute('.ll-button.dir-upstream', 'aria-pressed'), 'true');
    assert.ok(
      info.nodes.every((n) => n.id === SPARK || node(info, n.id).x < node(info, SPARK).x),
      'only nodes left of the focus',
    );
    await s.page.click('.ll-button.dir-downstream');
    info = await s.drawn(info.generation);
    assert.deepEqual(info.nodes.map((n) => n.id).sort(), [SPARK, FCT, BUILD].sort());
    // A source has nothing upstream: the banner says so and offers the way back.
    await s.show(ordersDaily(), { focus: ORDERS, direction: 'upstream', source: 'file:///other.json' });
    await s.page.waitForSelector('.ll-banner:not([hidden])');
    assert.match((await s.page.textContent('.ll-banner'))!, /orders\.public\.orders has nothing upstream in this response\./);
    info = await s.info();
    await s.page.click('.ll-banner button:has-text("Show both directions")');
    info = await s.drawn(info.generation);
    assert.ok(info.nodes.length > 1);
    assert.equal(await s.page.isHidden('.ll-banner'), true);
  });

  it('searches the shown nodes: counts, marks, steps through matches with Enter, and explains no match', async () => {
    await s.show(ordersDaily());
    await s.page.fill('.ll-search', 'fct');
    await s.page.waitForFunction(() => document.querySelector('.ll-count')!.textContent === '2 matches');
    let info = await s.info();
    assert.deepEqual(
      info.nodes
        .filter((n) => n.match)
        .map((n) => n.id)
        .sort(),
      [SPARK, FCT].sort(),
    );
    await s.page.press('.ll-search', 'Enter');
    await s.page.waitForFunction(
      () => (window as unknown as { __lineageLens: { info(): { selected?: string } } }).__lineageLens.info().selected !== undefined,
    );
    info = await s.info();
    const first = info.selected!;
    assert.ok([SPARK, FCT].includes(first));
    await s.page.press('.ll-search', 'Enter');
    await s.page.waitForFunction(
      (was) => (window as unknown as { __lineageLens: { info(): { selected?: string } } }).__lineageLens.info().selected !== was,
      first,
    );
    await s.page.fill('.ll-search', 'zzz');
    await s.page.waitForSelector('.ll-banner:not([hidden])');
    assert.equal(await s.page.textContent('.ll-count'), 'No match');
    assert.match((await s.page.textContent('.ll-banner'))!, /No shown node matches “zzz”\./);
    await s.page.click('.ll-banner button:has-text("Clear the search")');
    assert.equal(await s.page.inputValue('.ll-search'), '');
    assert.equal(await s.page.isHidden('.ll-banner'), true);
    // With a focus, matches elsewhere in the response are offered.
    await s.show(ordersDaily(), { focus: ORDERS, depth: 1, source: 'file:///other.json' });
    await s.page.fill('.ll-search', 'revenue');
    await s.page.waitForSelector('.ll-banner button:has-text("Show everything (2 matches)")');
  });

  it('moves between neighbours with the arrow keys, selects with Enter, clears with Escape, and announces where it is', async () => {
    await s.show(ordersDaily());
    await s.clickNode(ORDERS);
    await s.page.focus('.ll-surface');
    await s.page.keyboard.press('ArrowRight');
    let info = await s.info();
    assert.equal(info.cursor, EXTRACT_ORDERS);
    assert.equal(info.selected, ORDERS, 'moving does not select');
    const active = await s.page.getAttribute('.ll-surface', 'aria-activedescendant');
    assert.equal(await s.page.getAttribute(`#${active}`, 'data-id'), EXTRACT_ORDERS);
    assert.match(
      (await s.page.textContent('.ll-live'))!,
      /Job orders_daily\.extract_orders in airflow-prod, latest run completed; 1 upstream, 1 downstream shown\./,
    );
    await s.page.keyboard.press('ArrowRight');
    await s.page.keyboard.press('Enter');
    info = await s.info();
    assert.equal(info.selected, RAW_ORDERS);
    assert.equal(await s.page.textContent('.ll-details h2'), 'orders/daily');
    await s.page.keyboard.press('ArrowLeft');
    assert.equal((await s.info()).cursor, EXTRACT_ORDERS);
    // Up and down stay in the layer.
    const layer = node(info, RAW_ORDERS).layer;
    await s.page.keyboard.press('ArrowRight');
    await s.page.keyboard.press('ArrowUp');
    info = await s.info();
    assert.equal(node(info, info.cursor!).layer, layer);
    assert.notEqual(info.cursor, RAW_ORDERS);
    await s.page.keyboard.press('Escape');
    assert.equal((await s.info()).selected, undefined);
    // F fits, + zooms in.
    const k = (await s.info()).transform.k;
    await s.page.keyboard.press('+');
    await s.page.waitForFunction(
      (k0) => (window as unknown as { __lineageLens: { info(): { transform: { k: number } } } }).__lineageLens.info().transform.k > k0,
      k,
    );
    await s.page.keyboard.press('f');
    await s.page.waitForFunction(
      (k0) =>
        Math.abs((window as unknown as { __lineageLens: { info(): { transform: { k: number } } } }).__lineageLens.info().transform.k - k0) <
        1e-9,
      k,
    );
  });

  it('freezes the layout: expanding adds nodes without moving the ones shown', async () => {
    let info = await s.show(withFanOut(16), { focus: FCT, depth: 1 });
    await s.page.click('.ll-button.freeze');
    assert.equal(await s.page.getAttribute('.ll-button.freeze', 'aria-pressed'), 'true');
    const before = new Map(info.nodes.map((n) => [n.id, [n.x, n.y]]));
    await s.clickNode(MORE_FCT);
    await s.clickNode(MORE_FCT);
    info = await s.drawn(info.generation);
    assert.equal(info.nodes.filter((n) => n.id.startsWith('job:airflow-prod:reports.')).length, 16);
    for (const n of info.nodes) if (before.has(n.id)) assert.deepEqual([n.x, n.y], before.get(n.id), `${n.id} stayed`);
    for (const a of info.nodes) {
      for (const b of info.nodes) {
        if (a === b) continue;
        assert.ok(
          a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y,
          `${a.id} overlaps ${b.id}`,
        );
      }
    }
    assert.equal((await savedState(s.page)).frozen, true);
    assert.match((await s.page.textContent('.ll-status'))!, /layout frozen/);
  });

  it('fits, centres on the selection, and moves the view from the minimap', async () => {
    const fitted = await s.show(ordersDaily());
    const k = () =>
      s.page.evaluate(
        () => (window as unknown as { __lineageLens: { info(): { transform: { k: number } } } }).__lineageLens.info().transform.k,
      );
    await s.page.mouse.move(300, 300);
    await s.page.mouse.wheel(0, -600);
    await s.page.waitForFunction(
      (k0) =>
        (window as unknown as { __lineageLens: { info(): { transform: { k: number } } } }).__lineageLens.info().transform.k > k0 * 1.5,
      fitted.transform.k,
    );
    await s.page.click('.ll-button.fit');
    assert.deepEqual((await s.info()).transform, fitted.transform);
    // Select (through the search, as the node may be off screen once zoomed), pan away, centre on it.
    await s.page.mouse.move(300, 300);
    await s.page.mouse.wheel(0, -600);
    await s.page.waitForFunction(
      (k0) =>
        (window as unknown as { __lineageLens: { info(): { transform: { k: number } } } }).__lineageLens.info().transform.k > k0 * 1.5,
      fitted.transform.k,
    );
    await s.page.fill('.ll-search', 'enrichment');
    await s.page.press('.ll-search', 'Enter');
    await s.page.waitForFunction(
      (id) => (window as unknown as { __lineageLens: { info(): { selected?: string } } }).__lineageLens.info().selected === id,
      SPARK,
    );
    await s.page.evaluate(() =>
      (window as unknown as { __lineageLens: { panZoom(dx: number, dy: number): void } }).__lineageLens.panZoom(400, 250),
    );
    await s.page.click('.ll-button.center');
    const centred = node(await s.info(), SPARK);
    const view = await s.page.$eval('.ll-surface', (e) => e.getBoundingClientRect().toJSON() as DOMRect);
    assert.ok(Math.abs(centred.screen.x + centred.screen.width / 2 - (view.left + view.width / 2)) < 2, 'centred horizontally');
    assert.ok(Math.abs(centred.screen.y + centred.screen.height / 2 - (view.top + view.height / 2)) < 2, 'centred vertically');
    // A click in the minimap moves the view there, at the same zoom.
    const before = (await s.info()).transform;
    const mb = (await (await s.page.$('.ll-minimap'))!.boundingBox())!;
    await s.page.mouse.click(mb.x + 20, mb.y + mb.height / 2);
    const after = (await s.info()).transform;
    assert.notDeepEqual(after, before);
    assert.equal(after.k, before.k);
    assert.equal(await k(), before.k);
  });

  it('switches to column-level lineage from columnLineage facets, and shows a column-lineage response', async () => {
    let info = await s.show(ordersWithFacets());
    assert.equal(await s.page.isDisabled('.ll-button.columns'), false);
    await s.page.click('.ll-button.columns');
    info = await s.drawn(info.generation);
    assert.equal(info.mode, 'column');
    assert.ok(info.nodes.every((n) => n.kind === 'field'));
    assert.deepEqual(info.nodes.map((n) => n.id).sort(), [
      'datasetField:postgres://orders-db:5432:orders.public.currency_rates:rate',
      'datasetField:postgres://warehouse:5432:warehouse.public.fct_orders:order_id',
      'datasetField:postgres://warehouse:5432:warehouse.public.fct_orders:status',
      'datasetField:postgres://warehouse:5432:warehouse.public.fct_orders:total_usd',
      'datasetField:s3://acme-datalake-raw:orders/daily:currency',
      'datasetField:s3://acme-datalake-raw:orders/daily:order_id',
      'datasetField:s3://acme-datalake-raw:orders/daily:order_total',
      'datasetField:s3://acme-datalake-raw:orders/daily:status',
    ]);
    assert.equal((await savedState(s.page)).mode, 'column');
    await s.page.click('.ll-button.columns');
    info = await s.drawn(info.generation);
    assert.equal(info.mode, 'table');
    // A response without column lineage cannot switch, and says why.
    await s.show(ordersDaily(), { source: 'file:///plain.json' });
    assert.equal(await s.page.isDisabled('.ll-button.columns'), true);
    assert.match((await s.page.getAttribute('.ll-button.columns', 'title'))!, /No column lineage in this response/);
    // A GET /column-lineage response, shown in column mode by the host.
    info = await s.show(columnLineage(), { mode: 'column', source: 'file:///columns.json' });
    assert.equal(info.nodes.length, 6);
    assert.deepEqual(node(info, 'datasetField:warehouse:fct.orders:total_usd').sublabel, 'fct.orders');
    await s.clickNode('datasetField:warehouse:fct.orders:total_usd');
    await s.page.waitForSelector('.ll-details .ll-columns');
    assert.match((await s.page.textContent('.ll-details'))!, /Computed from.*raw\.orders\.amount.*raw\.rates\.rate/s);
    await s.screenshot('webview-columns.png');
  });

  it('explores around a node on double-click, and shows everything again from the pane', async () => {
    let info = await s.show(ordersDaily());
    await s.clickNode(BUILD, { double: true });
    info = await s.drawn(info.generation);
    assert.equal(info.focus, BUILD);
    assert.ok(info.nodes.length < 13);
    await s.page.mouse.click(5, 890);
    await s.page.click('.ll-details button:has-text("Show everything")');
    info = await s.drawn(info.generation);
    assert.equal(info.nodes.length, 13);
    assert.equal(info.focus, undefined);
  });

  it('redraws in the new colours when VS Code switches the theme', async () => {
    const info = await s.show(ordersDaily());
    const n = node(info, EXTRACT_ORDERS);
    const at = () => s.pixel(n.screen.x + n.screen.width / 2, n.screen.y - 40);
    assert.ok(colourDistance(await at(), [31, 31, 31]) <= 2);
    await s.page.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-editor-background', '#fffffe');
      document.body.className = 'vscode-light';
    });
    await s.page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
    assert.ok(colourDistance(await at(), [255, 255, 254]) <= 2);
  });
});
