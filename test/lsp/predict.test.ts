/**
 * Lineage from code through the real server: a SQL operator's tables named from the workspace's connection
 * (sqlparser-rs loaded lazily, once the first DAG file is indexed), the hover on its SQL, a `.sql` template read
 * from disk and followed when it changes, and `dags/sql-unparsable` published for SQL the runtime's parser rejects.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover } from 'vscode-languageserver-types';
import { staticLineageRequest, type StaticLineageResult } from '../../protocol/lineage';
import { assertBuilt, LspTestClient } from './client';

const DAG = `from airflow import DAG
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

with DAG("billing", template_searchpath=["sql"]) as dag:
    invoices = SQLExecuteQueryOperator(
        task_id="invoices",
        conn_id="billing_db",
        sql="INSERT INTO finance.invoices SELECT id, amount FROM staging.charges",
    )
    refunds = SQLExecuteQueryOperator(task_id="refunds", conn_id="billing_db", sql="refunds.sql")
    broken = SQLExecuteQueryOperator(task_id="broken", conn_id="billing_db", sql="INSERT INTO finance.x SELEC 1")
`;

const ids = (g: StaticLineageResult) => g.graph.map((n) => n.id);

describe('lineage from code in the language server', () => {
  let dir: string;
  let client: LspTestClient;
  let dag: string;
  const lineage = () => client.connection.sendRequest(staticLineageRequest, {});

  before(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'lineage-lens-predict-'));
    mkdirSync(join(dir, 'dags', 'sql'), { recursive: true });
    writeFileSync(join(dir, 'dags', 'billing.py'), DAG);
    writeFileSync(join(dir, 'dags', 'sql', 'refunds.sql'), 'INSERT INTO finance.refunds SELECT id FROM staging.returns\n');
    writeFileSync(join(dir, '.env'), 'AIRFLOW_CONN_BILLING_DB=postgres://u:p@pg.billing:5432/ledger\nOPENLINEAGE_NAMESPACE=billing\n');
    dag = pathToFileURL(join(dir, 'dags', 'billing.py')).href;
    ({ client } = await LspTestClient.start({ workspace: dir }));
  });

  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the tables of inline SQL and of a .sql template from the connection', async () => {
    const g = await lineage();
    for (const id of [
      'dataset:postgres://pg.billing:5432:ledger.staging.charges',
      'dataset:postgres://pg.billing:5432:ledger.finance.invoices',
      'dataset:postgres://pg.billing:5432:ledger.staging.returns',
      'dataset:postgres://pg.billing:5432:ledger.finance.refunds',
    ])
      assert.ok(ids(g).includes(id), `${id} not in ${ids(g).join(', ')}`);
  });

  it('hovers the SQL with what the task will report', async () => {
    await client.open(dag, 'python', DAG);
    const line = DAG.split('\n').findIndex((l) => l.includes('INSERT INTO finance.invoices'));
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: dag },
      position: { line, character: DAG.split('\n')[line]!.indexOf('finance.invoices') + 2 },
    });
    const text = (hover.contents as { value: string }).value;
    assert.match(text, /\*\*Outputs\*\*/);
    assert.match(text, /`postgres:\/\/pg\.billing:5432` `ledger\.finance\.invoices` \(from SQL\)/);
    assert.match(text, /`ledger\.finance\.invoices\.amount` ← `ledger\.staging\.charges\.amount`/);
  });

  it('publishes dags/sql-unparsable for SQL the runtime parser rejects, once SQL lineage is loaded', async () => {
    const published = await client.waitForDiagnostics(dag, (p) => p.diagnostics.some((d) => d.code === 'dags/sql-unparsable'), 10000);
    const found = published.diagnostics.filter((d) => d.code === 'dags/sql-unparsable');
    assert.equal(found.length, 1);
    assert.equal(
      found[0]!.range.start.line,
      DAG.split('\n').findIndex((l) => l.includes('SELEC 1')),
    );
  });

  it('follows a change of the .sql template on disk', async () => {
    writeFileSync(join(dir, 'dags', 'sql', 'refunds.sql'), 'INSERT INTO finance.refunds_v2 SELECT id FROM staging.returns\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(dir, 'dags', 'sql', 'refunds.sql')).href, type: 2 }],
    });
    const deadline = Date.now() + 5000;
    let g = await lineage();
    while (!ids(g).includes('dataset:postgres://pg.billing:5432:ledger.finance.refunds_v2') && Date.now() < deadline) g = await lineage();
    assert.ok(ids(g).includes('dataset:postgres://pg.billing:5432:ledger.finance.refunds_v2'));
    assert.ok(!ids(g).includes('dataset:postgres://pg.billing:5432:ledger.finance.refunds'));
  });
});
