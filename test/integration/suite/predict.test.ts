/**
 * Lineage from code in a real VS Code: a DAG whose SQL operator declares nothing still shows its tables in the
 * DAG Lineage view (named from the connection in the project's env file, the parser loaded on first use), the
 * hover on its SQL says what the task will report, and SQL the runtime's parser rejects is marked where it
 * fails. The files are written into the test's copy of the workspace and removed after.
 */
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { DagViewState } from '../../../extension/src/dag-lineage/view';
import type { LineageLensApi } from '../../../extension/src/extension';
import type { DrawnMessage } from '../../../protocol/webview';
import { DEFAULT_TIMEOUT_MS, EXTENSION_ID, hoverText, openWorkspaceFile, waitFor, waitForDiagnostics, workspaceUri } from './helpers';

const DAG = `from airflow import DAG
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

with DAG("warehouse_daily") as dag:
    totals = SQLExecuteQueryOperator(
        task_id="totals",
        conn_id="warehouse_db",
        sql="INSERT INTO marts.daily_totals SELECT day, SUM(amount) AS total FROM staging.payments GROUP BY day",
    )
    typo = SQLExecuteQueryOperator(task_id="typo", conn_id="warehouse_db", sql="DELETE FORM marts.old_totals")
    totals >> typo
`;

describe('Lineage from code (SQL operators)', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);
  let api: LineageLensApi;
  const draws: DrawnMessage[] = [];
  let recording: vscode.Disposable | undefined;
  const files = ['dags/warehouse_daily.py', 'dags/warehouse.env'];

  before(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as LineageLensApi;
    recording = api.dagLineage.onDidDraw((d) => draws.push(d));
    writeFileSync(workspaceUri('dags/warehouse.env').fsPath, 'AIRFLOW_CONN_WAREHOUSE_DB=postgres://etl:pw@dw.example.com:5432/analytics\n');
    writeFileSync(workspaceUri('dags/warehouse_daily.py').fsPath, DAG);
    // The server learns of the connection from the watched env file; the DAG is checked again then (the
    // connection's postgres dialect stops at `marts`, the generic one without it elsewhere).
    const editor = await openWorkspaceFile('dags/warehouse_daily.py');
    await waitForDiagnostics(
      editor.document.uri,
      (all) => all.some((d) => typeof d.code === 'object' && d.code.value === 'dags/sql-unparsable' && /found: marts/.test(d.message)),
      DEFAULT_TIMEOUT_MS,
      'the DAG checked with the warehouse_db connection known',
    );
  });

  after(async () => {
    recording?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of files) rmSync(workspaceUri(f).fsPath, { force: true });
  });

  it('shows the tables the SQL reads and writes in the DAG Lineage view, though the task declares none', async () => {
    const since = draws.length;
    await openWorkspaceFile('dags/warehouse_daily.py');
    await vscode.commands.executeCommand<DagViewState>('lineageLens.showDagLineage');
    // 2 tasks, staging.payments and marts.daily_totals (the DELETE names marts.old_totals only once it parses).
    const drawn = await waitFor(
      () => draws.slice(since).find((d) => d.title.startsWith('warehouse_daily.py') && d.state === 'graph' && d.nodes >= 4),
      [api.dagLineage.onDidDraw],
      DEFAULT_TIMEOUT_MS,
      () => `the view to draw the predicted tables (drawn: ${JSON.stringify(draws.slice(since))})`,
    );
    assert.equal(drawn.nodes, 4, JSON.stringify(drawn));
  });

  it('hovers the SQL with the datasets and columns the task will report, named from the connection', async () => {
    const editor = await openWorkspaceFile('dags/warehouse_daily.py');
    const line = DAG.split('\n').findIndex((l) => l.includes('INSERT INTO marts.daily_totals'));
    const character = DAG.split('\n')[line]!.indexOf('marts.daily_totals') + 3;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      new vscode.Position(line, character),
    );
    const text = hoverText(hovers);
    assert.match(text, /postgres:\/\/dw\.example\.com:5432/);
    assert.match(text, /analytics\.marts\.daily_totals/);
    assert.match(text, /analytics\.staging\.payments/);
    assert.match(text, /analytics\.marts\.daily_totals\.total.*analytics\.staging\.payments\.amount/);
  });

  it('marks SQL the OpenLineage provider cannot parse, where its parser stops', async () => {
    const editor = await openWorkspaceFile('dags/warehouse_daily.py');
    const [d] = await waitForDiagnostics(
      editor.document.uri,
      (all) => all.some((x) => typeof x.code === 'object' && x.code.value === 'dags/sql-unparsable'),
      DEFAULT_TIMEOUT_MS,
      'dags/sql-unparsable',
    ).then((all) => all.filter((x) => typeof x.code === 'object' && x.code.value === 'dags/sql-unparsable'));
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Warning);
    // sqlparser-rs reads `FORM` as the table and stops at `marts`: the mark is on the token it names.
    assert.match(d!.message, /rejects this statement: Expected: .*found: marts at Line: 1, Column: 13/);
    assert.equal(editor.document.getText(d!.range), 'marts');
  });
});
