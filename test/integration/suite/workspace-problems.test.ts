/**
 * The Problems panel from start-up (lineageLens.diagnostics.scope, default `workspace`): right after the
 * extension activates, VS Code's diagnostics hold the problems of a file no editor ever opened, as
 * `lineage-lens check` reports them. Runs first, before any other test opens a file.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_TIMEOUT_MS, diagnosticCode, EXTENSION_ID, formatDiagnostics, waitFor, workspaceUri } from './helpers';

// No test opens this file: its problems can only come from the server's check of the workspace.
const NEVER_OPENED = 'openmetadata/manifest-example/airflow.cfg';
const CODE = 'openmetadata/backend-class';

describe('Problems of files that are not open', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);

  it('lists a problem of a file never opened, right after activation', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} not found`);
    await extension.activate();
    const uri = workspaceUri(NEVER_OPENED);
    const ofFile = () => vscode.languages.getDiagnostics().find(([u]) => u.toString() === uri.toString())?.[1] ?? [];
    const diagnostics = await waitFor(
      () => (ofFile().some((d) => diagnosticCode(d) === CODE) ? ofFile() : undefined),
      [vscode.languages.onDidChangeDiagnostics],
      DEFAULT_TIMEOUT_MS,
      () => `a ${CODE} problem of ${NEVER_OPENED} in vscode.languages.getDiagnostics(); it has:\n${formatDiagnostics(ofFile())}`,
    );
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()),
      `${NEVER_OPENED} is open: the test proves nothing`,
    );
    const problem = diagnostics.find((d) => diagnosticCode(d) === CODE)!;
    assert.equal(problem.range.start.line, 5);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Warning);
  });
});
