/**
 * Two things the Lineage views open on, in Chromium: a parent job (an Airflow DAG, whose own job reads and
 * writes nothing) shown with its child jobs (tasks) and their datasets instead of one lone node; and a node
 * with an open issue (the Issues view's mark, set by the host), marked with a `!` badge, said in its tooltip
 * and accessible name, and its details opening on what failed. Counts in the footer are proper English.
 */
import assert from 'node:assert/strict';
import { colourDistance, useBrowserSession } from './harness';
import type { RawNode } from './fixtures';

const DAG = 'job:af:orders_etl';
const EXTRACT = 'job:af:orders_etl.extract';
const LOAD = 'job:af:orders_etl.load';
const RAW = 'dataset:db:raw.orders';
const STAGED = 'dataset:db:staging.orders';
const FINAL = 'dataset:db:public.orders';

const edge = (origin: string, destination: string) => ({ origin, destination });
const job = (id: string, name: string, parent?: string): RawNode => ({
  id,
  type: 'JOB',
  data: {
    id: { namespace: 'af', name },
    name,
    simpleName: parent ? name.slice(parent.length + 1) : name,
    parentJobName: parent ?? null,
    namespace: 'af',
    type: 'BATCH',
  },
  inEdges: [],
  outEdges: [],
});
const dataset = (id: string, name: string): RawNode => ({
  id,
  type: 'DATASET',
  data: { id: { namespace: 'db', name }, name, namespace: 'db', type: 'DB_TABLE', fields: [{ name: 'order_id', type: 'bigint' }] },
  inEdges: [],
  outEdges: [],
});

/** The DAG's lone node and what the host adds: its two tasks and their datasets (as Show Lineage fetches them). */
function dagWithTasks(): { graph: RawNode[] } {
  const nodes = [
    job(DAG, 'orders_etl'),
    job(EXTRACT, 'orders_etl.extract', 'orders_etl'),
    job(LOAD, 'orders_etl.load', 'orders_etl'),
    dataset(RAW, 'raw.orders'),
    dataset(STAGED, 'staging.orders'),
    dataset(FINAL, 'public.orders'),
  ];
  const by = new Map(nodes.map((n) => [n.id, n]));
  for (const [a, b] of [
    [RAW, EXTRACT],
    [EXTRACT, STAGED],
    [STAGED, LOAD],
    [LOAD, FINAL],
  ] as const) {
    by.get(a)!.outEdges.push(edge(a, b));
    by.get(b)!.inEdges.push(edge(a, b));
  }
  return { graph: nodes };
}

/** The same, with the Issues view's mark on the final table: one of its two assertions failed. */
function withIssue(): { graph: RawNode[] } {
  const response = dagWithTasks();
  const final = response.graph.find((n) => n.id === FINAL)!;
  final.data.lineageLensIssue = {
    kind: 'failed-assertions',
    summary: '1 of 2 assertions failed',
    failed: [{ assertion: 'unique', column: 'order_id', expected: '0', actual: '3', severity: 'error' }],
    run: { id: 'run-7', state: 'COMPLETED', job: 'orders_etl.test', jobNamespace: 'af', at: '2025-06-11T03:19:00Z' },
  };
  return response;
}

describe('lineage graph webview: parent jobs and open issues (Chromium)', function () {
  const s = useBrowserSession({ openEachTest: true });

  it('opens a parent job with its child jobs and their datasets, joined to it by dashed lines', async () => {
    const info = await s.show(dagWithTasks(), { focus: DAG });
    assert.deepEqual(info.nodes.map((n) => n.id).sort(), [DAG, EXTRACT, LOAD, FINAL, RAW, STAGED].sort());
    const members = info.edges.filter((e) => e.id.startsWith('member:'));
    assert.deepEqual(members.map((e) => [e.source, e.target]).sort(), [
      [DAG, EXTRACT],
      [DAG, LOAD],
    ]);
    // The DAG sits left of its tasks, which are drawn with their task names.
    const at = new Map(info.nodes.map((n) => [n.id, n]));
    assert.ok(at.get(DAG)!.x + at.get(DAG)!.width < at.get(EXTRACT)!.x);
    assert.deepEqual(at.get(EXTRACT)!.lines, ['extract']);
    assert.equal(await s.page.textContent('.ll-status'), '6 nodes');
    // Its details list its child jobs.
    const sections = await s.page.$$eval('.ll-details h3', (hs) => hs.map((h) => h.textContent));
    assert.ok(sections.includes('Child jobs (2)'), sections.join(', '));
    await s.screenshot('webview-parent-job.png');
    // The JSON export holds lineage only: the lines to the children are drawn, not exported as edges.
    await s.page.click('.ll-button.export');
    await s.page.click('.ll-button.export-json');
    await s.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'export'));
    const exported = (await s.posted()).find((m) => m.type === 'export') as { data: string };
    const graph = (JSON.parse(exported.data) as { graph: RawNode[] }).graph;
    assert.deepEqual(graph.find((n) => n.id === DAG)!.outEdges, []);
  });

  it('says "1 node" for a lone node', async () => {
    await s.show({ graph: [job(DAG, 'orders_etl')] }, { focus: DAG });
    assert.equal(await s.page.textContent('.ll-status'), '1 node');
  });

  it('marks a node with an open issue: a ! badge on the canvas, its tooltip and accessible name', async () => {
    const info = await s.show(withIssue());
    const final = info.nodes.find((n) => n.id === FINAL)!;
    assert.match(final.tooltip, /\nIssue: 1 of 2 assertions failed$/);
    const staged = info.nodes.find((n) => n.id === STAGED)!;
    assert.doesNotMatch(staged.tooltip, /Issue/);
    // The badge: the failure colour at the node's top-left corner; nothing there on a node without an issue.
    const k = info.transform.k;
    const badge = await s.pixel(final.screen.x + 1 * k, final.screen.y + 5 * k);
    assert.ok(colourDistance(badge, [0xf1, 0x4c, 0x4c]) < 40, `the issue badge is --vscode-testing-iconFailed: ${badge}`);
    const plain = await s.pixel(staged.screen.x + 1 * k, staged.screen.y + 5 * k);
    assert.ok(colourDistance(plain, [0xf1, 0x4c, 0x4c]) > 80, `no badge without an issue: ${plain}`);
  });

  it('opens the details of a node with an open issue on the failed assertions, the run and the time', async () => {
    await s.show(withIssue(), { focus: FINAL });
    // The first section of the details is the issue.
    const first = await s.page.$eval('.ll-details h3', (h) => h.textContent);
    assert.equal(first, '!Issue: 1 of 2 assertions failed');
    assert.equal(await s.page.textContent('.ll-issue li'), '✗uniqueorder_idexpected 0, actual 3, error');
    assert.equal(
      await s.page.textContent('.ll-issue-run'),
      'Checked by run run-7 of orders_etl.test (af), completed, 2025-06-11 03:19:00 UTC',
    );
    assert.equal(await s.page.getAttribute('.ll-issue', 'aria-label'), 'Issue: 1 of 2 assertions failed');
    // The selected node is drawn in the overlay: its badge shows, its accessible name says the issue.
    const node = s.page.locator(`.ll-overlay g.node[data-id="${FINAL}"]`);
    assert.match((await node.getAttribute('aria-label'))!, /, issue: 1 of 2 assertions failed$/);
    assert.equal(await node.locator('g.issue').getAttribute('display'), null);
    const staged = s.page.locator(`.ll-overlay g.node[data-id="${STAGED}"]`);
    if ((await staged.count()) > 0) assert.equal(await staged.locator('g.issue').getAttribute('display'), 'none');
    await s.screenshot('webview-issue.png');
  });
});
