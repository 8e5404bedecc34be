/**
 * A graph read from the code (`lineageLens/staticLineage`) in Chromium: a dataset says how the code names it
 * (read from SQL, declared and ignored by the provider), what only the runtime knows; a task says which method
 * reports its lineage, what stops it, and the jobs it runs. All as text, under the production CSP.
 */
import assert from 'node:assert/strict';
import { useBrowserSession } from './harness';

const SQL_OUT = 'dataset:postgres://pg.shop:5432:shop.marts.daily';
const DECLARED = 'dataset:s3://lake:declared/daily';
const TASK = 'job:shop_ns:shop.daily';
const loc = { uri: 'file:///w/dags/shop.py', range: { start: { line: 7, character: 4 }, end: { line: 7, character: 30 } } };

function staticGraph() {
  const dataset = (id: string, namespace: string, name: string, extra: Record<string, unknown>) => ({
    id,
    type: 'DATASET',
    data: {
      id: { namespace, name },
      type: 'DB_TABLE',
      name,
      namespace,
      fields: [],
      tags: [],
      facets: {},
      sourceLocation: loc,
      definitions: [loc],
      ...extra,
    },
    inEdges: [{ origin: TASK, destination: id }],
    outEdges: [],
  });
  return {
    graph: [
      dataset(SQL_OUT, 'postgres://pg.shop:5432', 'shop.marts.daily', {
        emitted: true,
        origin: 'openlineage',
        provenance: ['sql'],
        note: 'connection `shop_db` (postgres): host and port; the database from its schema field',
        placeholders: [{ name: 'env:MART_SCHEMA', why: 'set in the environment when the task runs' }],
      }),
      dataset(DECLARED, 's3://lake', 'declared/daily', {
        emitted: false,
        origin: 'openlineage',
        provenance: ['declared'],
        note: 'not emitted: `SQLExecuteQueryOperator.get_openlineage_facets_on_start` reports this task’s datasets',
      }),
      {
        id: TASK,
        type: 'JOB',
        data: {
          id: { namespace: 'shop_ns', name: 'shop.daily' },
          type: 'BATCH',
          name: 'shop.daily',
          namespace: 'shop_ns',
          operator: 'SQLExecuteQueryOperator',
          sourceLocation: loc,
          prediction: {
            supported: true,
            method: 'SQLExecuteQueryOperator.get_openlineage_facets_on_start',
            problems: [
              { kind: 'sql-parse', message: 'Expected: an SQL statement, found: SELEC at Line: 2, Column: 1', sourceLocation: loc },
            ],
            links: [{ kind: 'dbt', uri: 'file:///w/dbt/', jobs: ['shop.marts.dbt.daily_rollup'] }],
          },
        },
        inEdges: [],
        outEdges: [
          { origin: TASK, destination: SQL_OUT },
          { origin: TASK, destination: DECLARED },
        ],
      },
    ],
  };
}

describe('lineage graph webview: what the code predicts (Chromium)', function () {
  const s = useBrowserSession({ openEachTest: true });
  const headings = () => s.page.$$eval('.ll-details h3', (hs) => hs.map((h) => h.textContent));
  /** The text of the details panel from `heading` to the next heading. */
  const section = (heading: string) =>
    s.page.$eval(
      '.ll-details',
      (root, wanted) => {
        let out = '';
        let inside = false;
        for (const el of Array.from(root.querySelectorAll('h3, h3 ~ *'))) {
          if (el.tagName === 'H3') inside = el.textContent === wanted;
          else if (inside) out += el.textContent ?? '';
        }
        return out;
      },
      heading,
    );

  it('says how the code names a dataset and what only the runtime knows', async () => {
    await s.show(staticGraph());
    await s.clickNode(SQL_OUT);
    await s.page.waitForSelector('.ll-details h3:has-text("How the code names it")');
    assert.ok((await headings()).includes('How the code names it'));
    const text = await section('How the code names it');
    assert.match(text, /Read from the task’s SQL/);
    assert.match(text, /connection `shop_db` \(postgres\)/);
    assert.match(text, /Known only at run time:<env:MART_SCHEMA> set in the environment when the task runs/);
  });

  it('marks a declared dataset the provider ignores', async () => {
    await s.show(staticGraph());
    await s.clickNode(DECLARED);
    await s.page.waitForSelector('.ll-details h3:has-text("How the code names it")');
    const text = await section('How the code names it');
    assert.match(text, /Declared in the task’s inlets\/outlets/);
    assert.match(text, /The OpenLineage provider will not report it\./);
  });

  it('says which method reports a task’s lineage, what stops it, and the jobs it runs', async () => {
    await s.show(staticGraph());
    await s.clickNode(TASK);
    await s.page.waitForSelector('.ll-details h3:has-text("What the runtime will report")');
    const text = await section('What the runtime will report');
    assert.match(text, /Reported by SQLExecuteQueryOperator\.get_openlineage_facets_on_start/);
    assert.match(text, /Expected: an SQL statement, found: SELEC at Line: 2, Column: 1/);
    assert.match(text, /Runs dbt models: shop\.marts\.dbt\.daily_rollup/);
    await s.screenshot('webview-details-predicted.png');
  });

  it('says beside each dataset of the DAG view’s list how the code names it', async () => {
    await s.show(staticGraph(), { variant: 'side', title: 'shop.py' });
    await s.page.waitForSelector('.ll-details .ll-names');
    const rows = await s.page.locator('.ll-details ul[aria-label="Datasets"] li').evaluateAll((li) => li.map((l) => l.textContent));
    assert.deepEqual(rows.sort(), ['declared/daily · declared, not emitted', 'shop.marts.daily · from SQL']);
  });
});
