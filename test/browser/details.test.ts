/**
 * The details panel in Chromium: latest run, SQL with highlighting (as text spans), source code location
 * (posted to the host to open), documentation, owners, data-quality assertions, schema, column lineage,
 * unknown facets; and the exports the webview builds and posts to the host (SVG, PNG, JSON).
 */
import assert from 'node:assert/strict';
import type { ExportMessage } from '../../protocol/webview';
import { BUILD, BUILD_SQL, FCT, LOAD_DIM, ordersWithFacets, RAW_ORDERS, withFanOut } from './fixtures';
import { useBrowserSession } from './harness';

describe('lineage graph webview: details and export (Chromium)', function () {
  const s = useBrowserSession({ openEachTest: true });

  const sections = () => s.page.$$eval('.ll-details h3', (hs) => hs.map((h) => h.textContent));

  it('shows a job: latest run and duration, documentation, owners, source location, highlighted SQL, other facets', async () => {
    await s.show(ordersWithFacets());
    await s.clickNode(BUILD);
    await s.page.waitForSelector('.ll-details pre.ll-sql');
    assert.deepEqual(await sections(), [
      'Latest run',
      'Documentation',
      'Owners',
      'Source code',
      'SQL (postgres)',
      'Reads (3)',
      'Writes (1)',
      'Other facets (1)',
    ]);
    assert.equal(await s.page.textContent('.ll-run'), 'COMPLETED in 1m 01s');
    assert.equal(await s.page.textContent('.ll-state-pill'), 'COMPLETED');
    assert.match((await s.page.textContent('.ll-details'))!, /Started 2024-11-18 02:03:11 UTC, ended 2024-11-18 02:04:12 UTC/);
    assert.equal(
      await s.page.textContent('.ll-doc'),
      'Aggregates fct_orders into one row per day and currency for the finance dashboards.',
    );
    assert.deepEqual(await s.page.$$eval('.ll-plain li', (li) => li.map((l) => l.textContent)), [
      'team:finance-data (TEAM)',
      'alice@acme.example',
    ]);
    // SQL: the text exactly, as text nodes in spans per token kind.
    assert.equal(await s.page.textContent('pre.ll-sql'), BUILD_SQL);
    const spans = await s.page.$$eval('pre.ll-sql span', (ss) => ss.map((x) => `${x.className}:${x.textContent}`));
    for (const expected of [
      'll-sql-keyword:SELECT',
      'll-sql-keyword:FROM',
      'll-sql-keyword:GROUP',
      'll-sql-function:SUM',
      'll-sql-function:COUNT',
      "ll-sql-string:'cancelled'",
      'll-sql-number:0.5',
      'll-sql-comment:-- Daily revenue per currency, in USD',
      'll-sql-operator:<>',
    ]) {
      assert.ok(spans.includes(expected), `${expected} in ${spans.join(' ')}`);
    }
    assert.equal(await s.page.locator('pre.ll-sql *:not(code):not(span)').count(), 0, 'nothing but spans of text');
    // Keywords take the theme's keyword colour.
    const keyword = await s.page.$eval('pre.ll-sql .ll-sql-keyword', (e) => getComputedStyle(e).color);
    assert.equal(keyword, 'rgb(86, 156, 214)');
    // The source location opens through the host, at the line of its #L anchor.
    await s.page.click('.ll-details button.ll-source');
    assert.deepEqual(
      (await s.posted()).filter((m) => m.type === 'openSource'),
      [{ type: 'openSource', uri: 'https://github.com/acme/airflow-dags/blob/main/dags/orders_daily.py#L42', range: { startLine: 41 } }],
    );
    assert.equal(await s.page.textContent('.ll-source'), 'dags/orders_daily.py');
    // Unknown facets are passed through as JSON.
    await s.page.click('.ll-facet summary');
    assert.match((await s.page.textContent('.ll-facet pre'))!, /"operator_class": "SQLExecuteQueryOperator"/);
    await s.screenshot('webview-details-job.png');
  });

  it('shows a failed run with its error message', async () => {
    await s.show(ordersWithFacets());
    await s.clickNode(LOAD_DIM);
    await s.page.waitForSelector('.ll-details .ll-run');
    assert.equal(await s.page.textContent('.ll-state-pill'), 'FAILED');
    assert.match(
      (await s.page.textContent('.ll-details pre.ll-error-detail'))!,
      /UniqueViolation: duplicate key value violates unique constraint "dim_customers_pkey"/,
    );
    const pill = await s.page.$eval('.ll-state-pill', (e) => getComputedStyle(e).color);
    assert.equal(pill, 'rgb(241, 76, 76)', '--vscode-testing-iconFailed');
  });

  it('shows a dataset: data-quality assertions with pass and fail counts, and its schema', async () => {
    await s.show(ordersWithFacets());
    await s.clickNode(RAW_ORDERS);
    await s.page.waitForSelector('.ll-assertions');
    assert.deepEqual(await sections(), ['Data quality', 'Fields (7)', 'Written by (1)', 'Read by (2)']);
    assert.equal(await s.page.textContent('.ll-dq-summary'), '3 passed, 1 failed');
    const rows = await s.page.$$eval('.ll-assertions li', (li) =>
      li.map((l) => ({
        cls: l.className,
        text: Array.from(l.children)
          .map((c) => c.textContent)
          .join(' | '),
      })),
    );
    assert.deepEqual(rows, [
      { cls: 'pass', text: '✓ | expect_column_values_to_not_be_null | order_id' },
      { cls: 'pass', text: '✓ | expect_column_values_to_be_unique | order_id' },
      { cls: 'fail', text: '✗ | expect_column_values_to_be_between | order_total | expected [0, 100000], actual -12.50' },
      { cls: 'pass', text: '✓ | expect_table_row_count_to_be_between' },
    ]);
    assert.equal(await s.page.getAttribute('.ll-assertions .fail .ll-dq-icon', 'aria-label'), 'failed');
    await s.screenshot('webview-details-dataset.png');
  });

  it('shows column lineage from the columnLineage facet, nested schema fields, and switches to the column graph', async () => {
    let info = await s.show(ordersWithFacets());
    await s.clickNode(FCT);
    await s.page.waitForSelector('.ll-columns');
    assert.deepEqual(await sections(), ['Documentation', 'Owners', 'Fields (9)', 'Column lineage (3)', 'Written by (1)', 'Read by (1)']);
    assert.deepEqual(await s.page.$$eval('.ll-columns li', (li) => li.map((l) => l.textContent)), [
      'order_id ← orders/daily.order_id (DIRECT/IDENTITY)',
      'total_usd ← orders/daily.order_total (DIRECT/TRANSFORMATION), orders/daily.currency (INDIRECT/JOIN), orders.public.currency_rates.rate (DIRECT/TRANSFORMATION)',
      'status ← orders/daily.status (DIRECT/IDENTITY)',
    ]);
    // Marquez's five fields, then the schema facet's fields Marquez does not list, with the struct's nested fields.
    assert.deepEqual(
      await s.page.$$eval('.ll-fields li', (li) =>
        li.map((l) => `${l.getAttribute('data-depth') ?? 0}:${l.querySelector('.ll-field-name')!.textContent}`),
      ),
      [
        '0:order_id',
        '0:customer_id',
        '0:order_total_usd',
        '0:country_code',
        '0:order_date',
        '0:total_usd',
        '0:status',
        '0:ds',
        '0:shipping',
        '1:city',
        '1:country',
      ],
    );
    await s.screenshot('webview-details-fct.png');
    await s.page.click('.ll-details button:has-text("Show the column graph")');
    info = await s.drawn(info.generation);
    assert.equal(info.mode, 'column');
    assert.equal(
      info.selected,
      'datasetField:postgres://warehouse:5432:warehouse.public.fct_orders:order_id',
      'the first column of the dataset is selected',
    );
  });

  it('lists what a "N more" node folds, and opens it on a name with that node selected', async () => {
    let info = await s.show(withFanOut(16), { focus: FCT });
    await s.clickNode(`more:downstream:${FCT}`);
    await s.page.waitForSelector('.ll-details .ll-heading.more');
    const names = await s.page.$$eval('.ll-details .ll-neighbours button', (b) => b.map((x) => x.textContent));
    assert.equal(names.length, 9);
    await s.page.click('.ll-details .ll-neighbours button:has-text("reports.report_16")');
    info = await s.drawn(info.generation);
    assert.equal(info.selected, 'job:airflow-prod:reports.report_16');
    assert.ok(!info.nodes.some((n) => n.id.startsWith('more:')));
  });

  it('exports SVG, PNG and JSON of what is shown and posts them to the host to save', async () => {
    const info = await s.show(ordersWithFacets());
    await s.clickNode(RAW_ORDERS);
    const exported = async (format: string): Promise<ExportMessage> => {
      await s.page.click('.ll-button.export');
      await s.page.click(`.ll-button.export-${format}`);
      await s.page.waitForFunction(
        (f) =>
          (window as unknown as { __posted: { type: string; format?: string }[] }).__posted.some(
            (m) => m.type === 'export' && m.format === f,
          ),
        format,
      );
      return (await s.posted()).find((m): m is ExportMessage => m.type === 'export' && m.format === format)!;
    };
    const svg = await exported('svg');
    assert.equal(svg.encoding, 'utf8');
    assert.equal(svg.fileName, 'orders-daily-lineage.svg');
    assert.match(svg.data, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const n of info.nodes)
      for (const line of n.lines) assert.ok(svg.data.includes(`>${line.replace(/&/g, '&#38;')}</tspan>`), `${line} in the SVG`);
    assert.equal((svg.data.match(/<path d="M[^"]*" stroke=/g) ?? []).length, 14);
    assert.match(svg.data, /stroke="rgb\(209, 134, 22\)" stroke-width="2.5"/, 'the selected lineage stays highlighted');
    assert.ok(!svg.data.includes('var(--'), 'colours are written in');
    // The SVG is well-formed: the browser parses it.
    const parsed = await s.page.evaluate(
      (text) => new DOMParser().parseFromString(text, 'image/svg+xml').querySelector('parsererror') === null,
      svg.data,
    );
    assert.ok(parsed);

    const png = await exported('png');
    assert.equal(png.encoding, 'base64');
    assert.equal(png.fileName, 'orders-daily-lineage.png');
    const bytes = Buffer.from(png.data, 'base64');
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    assert.ok(width > 1000 && height > 100, `a 2× image of the graph: ${width}×${height}`);

    const json = await exported('json');
    const graph = JSON.parse(json.data) as { graph: { id: string; type: string; data: { facets?: unknown } }[] };
    assert.equal(graph.graph.length, 13);
    assert.ok(graph.graph.find((n) => n.id === BUILD)!.data.facets, 'node data (facets included) is kept');

    // The host's "Export Lineage Graph" command asks the webview the same way.
    await s.post({ type: 'requestExport', format: 'json' });
    await s.page.waitForFunction(
      () => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'export').length === 4,
    );
  });
});
