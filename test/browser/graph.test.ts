/**
 * The lineage graph webview in Chromium under the production page and CSP: drawing (canvas pixels and the
 * hit-test model for canvas nodes, DOM for the overlay near the focus), selection, state restore, the empty,
 * loading and error states, themes, and safety with hostile names. Run `node scripts/build.mjs` first.
 */
import assert from 'node:assert/strict';
import { BUILD, EXTRACT_ORDERS, FCT, ORDERS, ordersDaily, RAW_ORDERS, REVENUE, SPARK } from './fixtures';
import type { DebugInfo } from '../../webview/src/debug-info';
import { BACKGROUND, colourDistance, savedState, type ThemeKind, useBrowserSession } from './harness';

describe('lineage graph webview (Chromium)', function () {
  const s = useBrowserSession();

  it('says it is loading until the host sends the graph, says what to do if nothing comes, and asks with `ready`', async () => {
    await s.open();
    assert.equal(await s.page.textContent('.ll-state h2'), 'Loading the lineage graph…');
    assert.match((await s.page.textContent('.ll-state'))!, /open the file again with "Lineage Lens: Open Lineage Graph from JSON File"/);
    assert.deepEqual(await s.posted(), [{ type: 'ready' }]);
  });

  it('lays out in a web worker under the production CSP and draws every node on the canvas, left to right without overlaps', async () => {
    await s.open();
    const fixture = ordersDaily();
    const shown = await s.show(fixture);
    assert.ok(shown.transform.k * 12 >= 11, 'shown with legible labels');
    // The whole graph (wider than the view at that size) when asked.
    await s.page.evaluate(() => (window as unknown as { __lineageLens: { fitAll(): void } }).__lineageLens.fitAll());
    await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const info = await s.info();
    assert.equal(info.layoutMode, 'worker', 'the layout worker started (blob URL allowed by worker-src)');
    assert.equal(info.nodes.length, 13);
    assert.deepEqual(info.nodes.map((n) => n.id).sort(), fixture.graph.map((n) => n.id).sort());
    assert.equal(info.nodes.filter((n) => n.kind === 'job').length, 5);
    assert.equal(info.nodes.filter((n) => n.kind === 'dataset').length, 8);
    assert.equal(info.draw!.nodes, 13, 'all 13 in view');
    assert.equal(info.draw!.labels, true, 'labels at this zoom');
    const at = new Map(info.nodes.map((n) => [n.id, n]));
    assert.deepEqual([at.get(RAW_ORDERS)!.lines, at.get(RAW_ORDERS)!.sublabel], [['orders/daily'], 's3://acme-datalake-raw']);
    assert.deepEqual([at.get(ORDERS)!.lines, at.get(ORDERS)!.sublabel], [['orders.public.orders'], 'postgres://orders-db:5432']);
    // A long name is broken after a dot; one too long for two lines loses the middle; the tooltip has it whole.
    assert.deepEqual(at.get(BUILD)!.lines, ['orders_daily.', 'build_daily_revenue']);
    assert.deepEqual(at.get(SPARK)!.lines, ['orders_enrichment.', '…public_fct_orders']);
    assert.equal(
      at.get(SPARK)!.tooltip,
      'Job orders_enrichment.execute_save_into_data_source_command.public_fct_orders\nspark-prod\nLatest run: COMPLETED',
    );

    // 14 edges; the one to a job outside the response is not drawn, and its node offers to fetch more.
    assert.equal(info.edges.length, 14);
    assert.equal(at.get(REVENUE)!.hiddenDown, 1);
    for (const e of info.edges)
      assert.ok(at.get(e.source)!.x + at.get(e.source)!.width < at.get(e.target)!.x, `${e.id} runs left to right`);
    for (const a of info.nodes) {
      for (const b of info.nodes) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        assert.ok(apart, `${a.id} overlaps ${b.id}`);
      }
    }
    // What the canvas shows: a job's box in its tinted fill at its centre, the badge in the job colour, the
    // background between nodes.
    const n = at.get(EXTRACT_ORDERS)!;
    const body = await s.pixel(n.screen.x + n.screen.width - 6, n.screen.y + n.screen.height - 5);
    // Left of the badge's letter, inside its circle (centre x 19, radius 10.5).
    const badge = await s.pixel(n.screen.x + 12 * info.transform.k, n.screen.y + n.screen.height / 2);
    const gap = await s.pixel(n.screen.x + n.screen.width / 2, n.screen.y - 40);
    assert.ok(colourDistance(gap, BACKGROUND.dark) <= 2, `background between nodes: ${gap}`);
    assert.ok(colourDistance(body, BACKGROUND.dark) > 4 && colourDistance(body, BACKGROUND.dark) < 40, `a tinted box: ${body}`);
    assert.ok(colourDistance(badge, [0x37, 0x94, 0xff]) < 30, `the job badge is --vscode-charts-blue: ${badge}`);
    // The hit-test model agrees with what is drawn.
    assert.deepEqual(
      await s.page.evaluate(
        ([x, y]) => (window as unknown as { __lineageLens: { hitTest(x: number, y: number): unknown } }).__lineageLens.hitTest(x, y),
        [n.screen.x + 40, n.screen.y + 10],
      ),
      { id: EXTRACT_ORDERS, part: 'body' },
    );
    // Fitted: the whole graph is inside the view.
    const view = await s.page.$eval('.ll-surface', (e) => e.getBoundingClientRect().toJSON() as DOMRect);
    for (const m of info.nodes)
      assert.ok(
        m.screen.x >= view.left &&
          m.screen.x + m.screen.width <= view.right &&
          m.screen.y >= view.top &&
          m.screen.y + m.screen.height <= view.bottom,
        `${m.id} in view`,
      );
    // The details pane summarises the response.
    const summary = await s.page.textContent('.ll-details');
    assert.match(summary!, /orders-daily\.json/);
    assert.match(summary!, /5 jobs, 8 datasets; 14 edges\./);
    assert.match(summary!, /1 connection leads further than this graph reaches and is not drawn/);
    assert.equal(await s.page.textContent('.ll-status'), '13 nodes');
    await s.screenshot('webview-graph.png');
  });

  it('selects a dataset on click: the overlay draws it and its neighbours as DOM, the lineage is highlighted, the pane lists its fields', async () => {
    await s.open();
    await s.show(ordersDaily());
    await s.clickNode(RAW_ORDERS);
    await s.page.waitForSelector('.ll-details .ll-fields');
    const details = await s.page.$eval('.ll-details', (d) => ({
      name: d.querySelector('h2')!.textContent,
      props: Array.from(d.querySelectorAll('dt')).map((dt) => `${dt.textContent}: ${dt.nextElementSibling!.textContent}`),
      fields: Array.from(d.querySelectorAll('.ll-fields li')).map((li) =>
        Array.from(li.children)
          .map((c) => c.textContent)
          .join(': '),
      ),
      headings: Array.from(d.querySelectorAll('h3')).map((h) => h.textContent),
      links: Array.from(d.querySelectorAll('button.ll-link')).map((b) => b.textContent),
    }));
    assert.deepEqual(details, {
      name: 'orders/daily',
      props: [
        'Type: Dataset · DB_TABLE',
        'Namespace: s3://acme-datalake-raw',
        'Name: orders/daily',
        'Description: Daily extract of orders, Parquet, partitioned by ds.',
      ],
      fields: [
        'order_id: long',
        'customer_id: long',
        'order_total: decimal(12,2)',
        'currency: string',
        'status: string',
        'created_at: timestamp',
        'ds: date',
      ],
      headings: ['Fields (7)', 'Written by (1)', 'Read by (2)'],
      links: [
        'orders_daily.extract_orders',
        'orders_enrichment.execute_save_into_data_source_command.public_fct_orders',
        'orders_daily.build_daily_revenue',
      ],
    });

    const info = await s.info();
    const marked = (mark: number) =>
      info.nodes
        .filter((n) => n.mark === mark)
        .map((n) => n.id)
        .sort();
    assert.deepEqual(marked(3), [RAW_ORDERS]);
    assert.deepEqual(marked(1), [ORDERS, EXTRACT_ORDERS].sort());
    assert.deepEqual(marked(2), [SPARK, FCT, BUILD, REVENUE].sort());
    assert.equal(info.edges.filter((e) => e.mark === 1).length, 2);
    assert.equal(info.edges.filter((e) => e.mark === 2).length, 5);
    // The overlay (SVG, keyed by node id) holds the selection and its direct neighbours, with accessible names.
    const overlay = await s.page.$$eval('.ll-overlay g.node', (gs) =>
      gs.map((g) => ({
        id: g.getAttribute('data-id'),
        classes: Array.from(g.classList),
        label: g.getAttribute('aria-label'),
        text: g.querySelector('text.label')!.textContent,
      })),
    );
    assert.deepEqual(overlay.map((o) => o.id).sort(), [RAW_ORDERS, EXTRACT_ORDERS, SPARK, BUILD].sort());
    const selected = overlay.find((o) => o.id === RAW_ORDERS)!;
    assert.ok(selected.classes.includes('selected'));
    assert.equal(selected.label, 'Dataset orders/daily in s3://acme-datalake-raw');
    assert.equal(selected.text, 'orders/daily');
    assert.ok(overlay.find((o) => o.id === SPARK)!.classes.includes('downstream'));
    assert.equal(info.nodes.filter((n) => n.overlay).length, 4);
    // The canvas dims what is off the lineage: the customers branch is drawn faint.
    await s.screenshot('webview-graph-selected.png');

    const state = await savedState(s.page);
    assert.equal(state.source, 'file:///work/lineage/orders-daily.json');
    assert.equal(state.selected, RAW_ORDERS);

    // A neighbour in the details pane selects that node; a click on the background clears the selection.
    await s.page.click(`.ll-details button.ll-link:has-text("orders_daily.extract_orders")`);
    assert.equal(await s.page.textContent('.ll-details h2'), 'orders_daily.extract_orders');
    await s.page.mouse.click(600, 850);
    assert.equal((await s.info()).selected, undefined);
    assert.equal(await s.page.locator('.ll-overlay g.node.selected').count(), 0);
    assert.equal((await s.info()).edges.filter((e) => e.mark > 0).length, 0);
  });

  it('restores zoom, selection, search and exploration after the webview reloads', async () => {
    await s.open();
    await s.show(ordersDaily());
    await s.clickNode(FCT);
    await s.page.mouse.move(700, 450);
    const unzoomed = (await s.info()).transform.k;
    await s.page.mouse.wheel(0, -300);
    // The wheel is handled after it is dispatched: wait until it zoomed.
    await s.page.waitForFunction(
      (k) => (window as unknown as { __lineageLens: { info(): DebugInfo } }).__lineageLens.info().transform.k !== k,
      unzoomed,
    );
    await s.page.fill('.ll-search', 'daily');
    // Saved when the search applies and when the zoom gesture ends: wait until the saved state has both.
    await s.page.waitForFunction(() => {
      const saved = JSON.parse(sessionStorage.getItem('vscode-state') ?? '{}') as {
        search?: string;
        transform?: { x: number; y: number; k: number };
      };
      const t = (window as unknown as { __lineageLens: { info(): DebugInfo } }).__lineageLens.info().transform;
      return saved.search === 'daily' && saved.transform?.x === t.x && saved.transform.y === t.y && saved.transform.k === t.k;
    });
    const before = (await s.info()).transform;
    const saved = await savedState(s.page);
    assert.equal(saved.selected, FCT);

    await s.page.reload();
    await s.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    const after = await s.show(ordersDaily());
    assert.equal(after.selected, FCT);
    assert.deepEqual(after.transform, before);
    assert.equal(await s.page.inputValue('.ll-search'), 'daily');
    // "daily" is in names, and in the Spark job's parent job (orders_daily.enrich_orders).
    assert.equal(after.nodes.filter((n) => n.match).length, 8);

    // Another file starts fresh.
    await s.post({ type: 'showGraph', graph: ordersDaily(), title: 'other.json', source: 'file:///work/lineage/other.json' });
    await s.page.waitForFunction(
      () => (window as unknown as { __lineageLens: { info(): { selected?: string } } }).__lineageLens.info().selected === undefined,
    );
    assert.equal(await s.page.inputValue('.ll-search'), '');
  });

  it('explores around the focus node the host names, at depth 2 by default', async () => {
    await s.open();
    const info = await s.show(ordersDaily(), { focus: SPARK });
    assert.equal(info.selected, SPARK);
    assert.equal(info.focus, SPARK);
    // Depth 2 from the Spark job: its three inputs and their two writers, its output and its reader.
    assert.equal(info.nodes.length, 8);
    assert.equal(await s.page.textContent('.ll-status'), '8 of 13 nodes');
    assert.equal(await s.page.inputValue('select.depth'), '2');
    assert.equal(await s.page.getAttribute('.ll-button.dir-both', 'aria-pressed'), 'true');
    assert.match((await s.page.textContent('.ll-overlay g.node.focus'))!, /orders_enrichment/);
  });

  it('shows an empty state for {"graph": []} that says what to do', async () => {
    await s.open();
    await s.post({ type: 'showGraph', graph: { graph: [] }, title: 'empty.json', source: 'file:///empty.json' });
    await s.page.waitForSelector('.ll-state.empty');
    assert.equal(await s.page.textContent('.ll-state h2'), 'This lineage response has no nodes.');
    assert.match((await s.page.textContent('.ll-state'))!, /"graph" in empty\.json is an empty list/);
    assert.match((await s.page.textContent('.ll-state pre'))!, /--data-urlencode 'nodeId=dataset:/);
    assert.ok(await s.page.isVisible('.ll-state'));
  });

  it('shows an error state with the model\'s message and what to do for {"nodes": []}', async () => {
    await s.open();
    await s.post({ type: 'showGraph', graph: { nodes: [] }, title: 'nodes.json', source: 'file:///nodes.json' });
    await s.page.waitForSelector('.ll-state.error');
    assert.equal(await s.page.textContent('.ll-state h2'), 'nodes.json is not a Marquez lineage response.');
    assert.equal(
      await s.page.textContent('.ll-error-detail'),
      '"graph" is missing: expected {"graph": [...]} as returned by GET /api/v1/lineage. Its top-level keys are "nodes".',
    );
    assert.match((await s.page.textContent('.ll-state'))!, /Open Lineage Graph from JSON File/);
    await s.screenshot('webview-graph-error.png');
  });

  it("replaces a drawn graph with the host's error message", async () => {
    await s.open();
    await s.show(ordersDaily());
    await s.post({ type: 'error', message: 'Cannot read orders-daily.json: file not found.' });
    await s.page.waitForSelector('.ll-state.error');
    assert.equal(await s.page.textContent('.ll-error-detail'), 'Cannot read orders-daily.json: file not found.');
    assert.equal((await s.info()).nodes.length, 0);
  });

  it('shows markup in names as text, never as HTML, on the canvas, in the overlay and in the pane', async () => {
    await s.open();
    const evil = '<img src=x onerror="document.title=1">';
    const graph = {
      graph: [
        {
          id: `dataset:ns:${evil}`,
          type: 'DATASET',
          data: {
            name: evil,
            namespace: 'ns',
            fields: [{ name: `<b>${evil}</b>`, type: '<script>alert(1)</script>' }],
            facets: { sql: { query: `SELECT '${evil}'` } },
          },
          inEdges: [],
          outEdges: [],
        },
      ],
    };
    await s.post({ type: 'showGraph', graph, title: `<i>${evil}</i>.json`, source: 'file:///evil.json' });
    await s.drawn();
    await s.clickNode(`dataset:ns:${evil}`);
    await s.page.waitForSelector('.ll-details .ll-fields');
    assert.equal(await s.page.locator('img, script:not([src]), b, i').count(), 0);
    assert.equal(await s.page.textContent('.ll-details h2'), evil);
    assert.equal(await s.page.textContent('.ll-field-name'), `<b>${evil}</b>`);
    assert.equal(await s.page.textContent('.ll-overlay text.label'), (await s.info()).nodes[0].lines.join(''));
    assert.notEqual(await s.page.title(), '1');
  });

  it('runs outside VS Code without acquireVsCodeApi', async () => {
    await s.open({ stub: false });
    await s.page.evaluate(
      (graph) => window.postMessage({ type: 'showGraph', graph, title: 't.json', source: 'file:///t.json' }, '*'),
      ordersDaily(),
    );
    const info = await s.drawn();
    assert.equal(info.nodes.length, 13);
  });

  for (const theme of ['light', 'high-contrast'] as ThemeKind[]) {
    it(`follows the ${theme} theme: canvas background, node colours and borders come from the --vscode-* variables`, async () => {
      await s.open({ theme });
      const info = await s.show(ordersDaily());
      const n = info.nodes.find((x) => x.id === EXTRACT_ORDERS)!;
      assert.ok(colourDistance(await s.pixel(n.screen.x + n.screen.width / 2, n.screen.y - 40), BACKGROUND[theme]) <= 2);
      if (theme === 'high-contrast') {
        // The box border is drawn with --vscode-contrastBorder mixed in, not the dark theme's grey.
        const rows = await Promise.all([-1, 0, 1].map((d) => s.pixel(n.screen.x + n.screen.width / 2, n.screen.y + d)));
        const bluest = Math.max(...rows.map((p) => p[2]));
        assert.ok(bluest > 100, `a light blue border in high contrast: ${JSON.stringify(rows)}`);
      }
      await s.clickNode(RAW_ORDERS);
      await s.screenshot(`webview-graph-${theme}.png`);
    });
  }
});
