/**
 * Airflow configuration in a real VS Code: diagnostics, hover and quick fix on the fixture workspace's
 * `airflow/airflow.cfg` (the workspace is copied to a temp folder per run, so editing it is fine). The quick
 * fix test, which leaves the document changed, comes last.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  applyQuickFix,
  DEFAULT_TIMEOUT_MS,
  diagnosticCode,
  hasDiagnostic,
  hoverText,
  lineStartingWith,
  openWorkspaceFile,
  rangeOf,
  waitForDiagnostics,
  waitForNoDiagnostic,
} from './helpers';

const CFG = 'airflow/airflow.cfg';
const CODE = 'airflow/transport-json';
const QUOTED = `'{"type": "http", "url": "http://localhost:5000", "endpoint": "api/v1/lineage"}'`;

const hasQuotesDiagnostic = hasDiagnostic(CODE);

describe('Airflow configuration', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);

  it('reports the quotes around the [openlineage] transport JSON', async () => {
    const { document } = await openWorkspaceFile(CFG);
    const diagnostics = await waitForDiagnostics(document.uri, hasQuotesDiagnostic, DEFAULT_TIMEOUT_MS, `a ${CODE} diagnostic`);
    const diagnostic = diagnostics.find((d) => diagnosticCode(d) === CODE)!;
    const expected = rangeOf(document, lineStartingWith(document, 'transport'), QUOTED);
    assert.ok(
      diagnostic.range.isEqual(expected),
      `range ${JSON.stringify(diagnostic.range)} does not cover exactly the quoted value (${JSON.stringify(expected)})`,
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /quotes/);
  });

  it('documents [openlineage] options on hover', async () => {
    const { document } = await openWorkspaceFile(CFG);
    const range = rangeOf(document, lineStartingWith(document, 'namespace'), 'namespace');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      range.start.translate(0, 3),
    );
    const text = hoverText(hovers ?? []);
    assert.ok(
      text.includes('[openlineage] namespace') && text.includes('AIRFLOW__OPENLINEAGE__NAMESPACE'),
      `hover does not document the option:\n${text || '(no hover)'}`,
    );
  });

  it('removes the quotes through the quick fix', async () => {
    const { document } = await openWorkspaceFile(CFG);
    const line = await applyQuickFix(document, CODE, 'Remove the quotes around the JSON');
    assert.equal(document.lineAt(line).text, `transport = ${QUOTED.slice(1, -1)}`);
    await waitForNoDiagnostic(document, CODE);
  });
});
