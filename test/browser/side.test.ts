/**
 * The DAG Lineage view's variant of the webview in Chromium: nodes found only in the code drawn dashed and
 * only at runtime dotted (with a legend and a details section), a click on a task asking the host to open
 * its definition, a click on a dataset asking for its lineage around it, the host's notices in the summary
 * with buttons that run commands, and the host's notice instead of a graph.
 */
import assert from 'node:assert/strict';
import type { MarquezNode } from '../../protocol/webview';
import { useBrowserSession } from './harness';

const NS = 'airflow-prod';
const TASK = `job:${NS}:orders_pipeline.extract_orders`;
const NEVER_RAN = `job:${NS}:orders_pipeline.notify_finance`;
const SHOP = 'dataset:postgres://db:5432:shop.public.orders';
const TYPO = 'dataset:s3://lake-bucket:raw/order';
const RAW = 'dataset:s3://lake-bucket:raw/orders';
const DAG_URI = 'file:///w/dags/orders_pipeline.py';

const mark = (presence: string, detail: string, nearest?: string[]) => ({ lineageLens: { presence, detail, ...(nearest && { nearest }) } });

/** What the extension host sends for the fixture DAG: code merged with runtime. */
function merged(): { graph: MarquezNode[] } {
  const e = (origin: string, destination: string) => ({ origin, destination });
  return {
    graph: [
      {
        id: SHOP,
        type: 'DATASET',
        data: { namespace: 'postgres://db:5432', name: 'shop.public.orders', ...mark('both', 'Declared in the code and seen at runtime.') },
        inEdges: [],
        outEdges: [e(SHOP, TASK)],
      },
      {
        id: TASK,
        type: 'JOB',
        data: {
          namespace: NS,
          name: 'orders_pipeline.extract_orders',
          simpleName: 'extract_orders',
          sourceLocation: { uri: DAG_URI, range: { start: { line: 25, character: 4 }, end: { line: 30, character: 5 } } },
          ...mark('both', 'Defined in the code and seen at runtime.'),
        },
        inEdges: [e(SHOP, TASK)],
        outEdges: [e(TASK, TYPO), e(TASK, RAW)],
      },
      {
        id: TYPO,
        type: 'DATASET',
        data: {
          namespace: 's3://lake-bucket',
          name: 'raw/order',
          ...mark('code', 'Declared in the code, but the DAG never reported it.', ['s3://lake-bucket/raw/orders']),
        },
        inEdges: [e(TASK, TYPO)],
        outEdges: [],
      },
      // Read by a Spark job of another pipeline, outside this graph: there is more to fetch.
      {
        id: RAW,
        type: 'DATASET',
        data: { namespace: 's3://lake-bucket', name: 'raw/orders', ...mark('runtime', 'Seen at runtime only.') },
        inEdges: [e(TASK, RAW)],
        outEdges: [e(RAW, `job:spark:enrich`)],
      },
      {
        id: NEVER_RAN,
        type: 'JOB',
        data: { namespace: NS, name: 'orders_pipeline.notify_finance', simpleName: 'notify_finance', ...mark('code', 'Never ran.') },
        inEdges: [],
        outEdges: [],
      },
    ],
  };
}

describe('lineage graph webview: the DAG Lineage view (Chromium)', function () {
  const s = useBrowserSession({ openEachTest: true, viewport: { width: 420, height: 760 } });

  it('draws nodes found in one place with their own outlines, with a legend and a details section', async () => {
    const info = await s.show(merged(), {
      variant: 'side',
      title: 'orders_pipeline.py · orders_pipeline',
      notices: [
        {
          text: 'Compared with http://marquez: 1 task never ran.',
          actions: [{ label: 'Retry', command: 'lineageLens.refreshDagLineage' }],
        },
      ],
    });
    assert.equal(info.nodes.length, 5);
    assert.equal(await s.page.getAttribute('.ll-root', 'data-variant'), 'side');
    assert.deepEqual(await s.page.locator('.ll-legend .ll-legend-item').allTextContents(), [
      'only in the code, never seen at runtime (2)',
      'only at runtime, not in the code (1)',
    ]);
    // The side bar is narrow: the details go under the graph, and the host's notice is in the summary.
    const graph = (await s.page.locator('.ll-graph').boundingBox())!;
    const details = (await s.page.locator('.ll-details').boundingBox())!;
    assert.ok(details.y >= graph.y + graph.height - 1, `details (${details.y}) below the graph (${graph.y + graph.height})`);
    assert.equal(await s.page.locator('.ll-banner').isHidden(), true);
    assert.equal(await s.page.textContent('.ll-details .ll-host-notice'), 'Compared with http://marquez: 1 task never ran. Retry');
    await s.page.click('.ll-details .ll-host-notice button:has-text("Retry")');
    assert.deepEqual(
      (await s.posted()).filter((m) => m.type === 'command'),
      [{ type: 'command', command: 'lineageLens.refreshDagLineage' }],
    );
    // The webview told the host what it drew.
    const drawn = (await s.posted()).filter((m) => m.type === 'drawn').at(-1);
    assert.deepEqual(drawn, {
      type: 'drawn',
      state: 'graph',
      nodes: 5,
      onlyInCode: 2,
      onlyAtRuntime: 1,
      title: 'orders_pipeline.py · orders_pipeline',
    });
    await s.screenshot('webview-side.png');
  });

  it('a click on a task asks to open its definition; on a dataset, for its lineage around it', async () => {
    await s.show(merged(), { variant: 'side', title: 'orders_pipeline.py' });
    await s.clickNode(TASK);
    assert.deepEqual(
      (await s.posted()).filter((m) => m.type === 'openSource'),
      [{ type: 'openSource', uri: DAG_URI, range: { startLine: 25 } }],
    );
    // The details say where it is defined and where it was found.
    const text = (await s.page.textContent('.ll-details'))!;
    assert.match(text, /Defined inorders_pipeline\.py:26/);
    assert.match(text, /FoundIn the code and at runtime/);

    await s.clickNode(TYPO);
    assert.match((await s.page.textContent('.ll-details'))!, /Only in the codeDeclared in the code, but the DAG never reported it\./);
    // Nothing more in the response around it: the host is asked for both sides at once.
    assert.deepEqual(
      (await s.posted()).filter((m) => m.type === 'expand'),
      [{ type: 'expand', nodeId: TYPO, direction: 'both' }],
    );
  });

  it('merges the host’s answer around a dataset and keeps the view', async () => {
    let info = await s.show(merged(), { variant: 'side', title: 'orders_pipeline.py' });
    await s.clickNode(RAW);
    const more = {
      graph: [
        {
          id: 'job:spark:enrich',
          type: 'JOB',
          data: { namespace: 'spark', name: 'enrich' },
          inEdges: [{ origin: RAW, destination: 'job:spark:enrich' }],
          outEdges: [],
        },
      ],
    };
    await s.post({ type: 'expandResult', nodeId: RAW, direction: 'both', graph: more });
    info = await s.drawn(info.generation);
    assert.ok(info.nodes.some((n) => n.id === 'job:spark:enrich'));
    assert.match((await s.page.textContent('.ll-banner'))!, /Added 1 node around raw\/orders/);
  });

  it('at the side bar’s default width (300 px) shows every task and dataset name legibly, and the whole toolbar', async () => {
    await s.page.setViewportSize({ width: 300, height: 760 });
    const info = await s.show(merged(), { variant: 'side', title: 'orders_pipeline.py · orders_pipeline' });
    // The graph reads from top to bottom at a legible size (labels of 12 px drawn at 11 px or more), all of it on screen.
    assert.ok(info.transform.k * 12 >= 11, `labels at ${(info.transform.k * 12).toFixed(1)} px`);
    const byId = new Map(info.nodes.map((n) => [n.id, n]));
    assert.ok(
      info.edges.every((e) => byId.get(e.target)!.y > byId.get(e.source)!.y),
      'edges run downwards',
    );
    // A row of the graph may be wider than the side bar (a pan away); beside it, every name in full at 12 px,
    // a click away from its node.
    const names = await s.page
      .locator('.ll-details .ll-name')
      .evaluateAll((els) =>
        els.map((e) => ({ text: e.textContent, size: parseFloat(getComputedStyle(e).fontSize), right: e.getBoundingClientRect().right })),
      );
    assert.deepEqual(names.map((n) => n.text).sort(), [
      'extract_orders',
      'notify_finance',
      'raw/order',
      'raw/orders',
      'shop.public.orders',
    ]);
    for (const n of names) assert.ok(n.size >= 11 && n.right <= 300, `${n.text} at ${n.size} px, right edge ${n.right}`);
    await s.screenshot('legibility-side-300.png');
    await s.page.click('.ll-details .ll-name:has-text("notify_finance")');
    assert.equal((await s.info()).selected, NEVER_RAN);
    // No toolbar button is cut: each lies wholly inside the view.
    const buttons = await s.page.locator('.ll-toolbar button:visible, .ll-toolbar input:visible').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return {
          name: e.textContent || e.getAttribute('aria-label') || e.className,
          left: r.left,
          right: r.right,
          cut: e.scrollWidth > e.clientWidth + 1,
        };
      }),
    );
    assert.ok(buttons.length >= 3);
    for (const b of buttons) assert.ok(b.left >= 0 && b.right <= 300 && !b.cut, `${b.name}: ${b.left}–${b.right}${b.cut ? ', cut' : ''}`);
  });

  it('shows the host’s notice instead of a graph, with its buttons', async () => {
    await s.post({
      type: 'notice',
      heading: 'airflow.cfg is not a Python file.',
      paragraphs: ['The DAG Lineage view shows the lineage of Airflow DAG files.'],
      actions: [{ label: 'Set Endpoint', command: 'lineageLens.setEndpoint' }],
    });
    await s.page.waitForSelector('.ll-root[data-state="empty"]');
    assert.equal(await s.page.textContent('.ll-state h2'), 'airflow.cfg is not a Python file.');
    await s.page.click('.ll-state button:has-text("Set Endpoint")');
    const posted = await s.posted();
    assert.deepEqual(
      posted.filter((m) => m.type === 'command'),
      [{ type: 'command', command: 'lineageLens.setEndpoint' }],
    );
    assert.deepEqual(posted.filter((m) => m.type === 'drawn').at(-1), {
      type: 'drawn',
      state: 'empty',
      nodes: 0,
      onlyInCode: 0,
      onlyAtRuntime: 0,
      title: 'airflow.cfg is not a Python file.',
    });
  });
});
