/**
 * Issue 13 in a real VS Code: the first line of a DAG file hovers the project model the checks rest on, and a
 * Jupyter notebook opened as a notebook gets its Spark diagnostics in the cell that holds the mistake (LSP
 * notebook sync), with the quick fix applied in that cell. The fixture notebook is
 * test/fixtures/workspace/notebooks/orders_job.ipynb (copied to a temp folder per run).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_TIMEOUT_MS, diagnosticCode, hoverText, openWorkspaceFile, waitForDiagnostics, workspaceUri } from './helpers';

describe('project model and notebooks', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);

  it('hovers the project model on the first line of a DAG file', async () => {
    const { document } = await openWorkspaceFile('dags/orders_lineage.py');
    // Once the file's diagnostics are in, the server has read it as a DAG.
    await waitForDiagnostics(
      document.uri,
      (ds) => ds.some((d) => diagnosticCode(d) === 'dags/lineage-entity'),
      DEFAULT_TIMEOUT_MS,
      'the DAG checks',
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(0, 1),
    );
    const text = hoverText(hovers ?? []);
    assert.match(text, /this file’s project/, `no project hover on line 1:\n${text || '(no hover)'}`);
    assert.match(text, /Airflow/);
    assert.match(text, /Lineage settings: /);
  });

  it('reports a misspelt key in the notebook cell that holds it, and fixes it there', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(workspaceUri('notebooks/orders_job.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(2).document;
    const diagnostics = await waitForDiagnostics(
      cell.uri,
      (ds) => ds.some((d) => diagnosticCode(d) === 'spark/unknown-key'),
      DEFAULT_TIMEOUT_MS,
      'spark/unknown-key in cell 3',
    );
    const d = diagnostics.find((x) => diagnosticCode(x) === 'spark/unknown-key')!;
    assert.equal(cell.getText(d.range), 'spark.openlineage.namespase');
    assert.equal(d.range.start.line, 5, 'cell-local line');
    // The other cells have nothing to say.
    assert.deepEqual(vscode.languages.getDiagnostics(notebook.cellAt(1).document.uri), []);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cell.uri, d.range);
    const fix = actions?.find((a) => a.title.includes('spark.openlineage.namespace'));
    assert.ok(fix?.edit, `no quick fix to spark.openlineage.namespace: ${actions?.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(cell.getText(), /"spark\.openlineage\.namespace", "orders"/);
    await waitForDiagnostics(
      cell.uri,
      (ds) => !ds.some((x) => diagnosticCode(x) === 'spark/unknown-key'),
      DEFAULT_TIMEOUT_MS,
      'the diagnostic to clear after the fix',
    );
  });
});
