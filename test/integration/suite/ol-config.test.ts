/**
 * openlineage.yml in a real VS Code: a key of the wrong client (the Java `timeoutInMillis` in a file whose
 * other keys are the Python client's) is reported, hover says which client reads a key, and the quick fix
 * writes the Python spelling. Runs on the fixture workspace's `openlineage/openlineage.yml` (copied to a
 * temp folder per run, so editing it is fine); the quick fix test, which changes the document, comes last.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  applyQuickFix,
  DEFAULT_TIMEOUT_MS,
  hasDiagnostic,
  hoverText,
  lineStartingWith,
  onlyDiagnostic,
  openWorkspaceFile,
  rangeOf,
  waitForDiagnostics,
  waitForNoDiagnostic,
} from './helpers';

const FILE = 'openlineage/openlineage.yml';
const CODE = 'ol-config/wrong-dialect-key';
const KEY = 'timeoutInMillis';

const hasWrongDialect = hasDiagnostic(CODE);

describe('openlineage.yml', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);

  it('reports the Java client’s timeoutInMillis in a Python client file', async () => {
    const { document } = await openWorkspaceFile(FILE);
    const diagnostics = await waitForDiagnostics(document.uri, hasWrongDialect, DEFAULT_TIMEOUT_MS, `a ${CODE} diagnostic`);
    const diagnostic = onlyDiagnostic(diagnostics, CODE, rangeOf(document, lineStartingWith(document, KEY), KEY), KEY);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /Use `timeout` \(in seconds\)/);
  });

  it('says in hover which client reads custom_headers', async () => {
    const { document } = await openWorkspaceFile(FILE);
    const key = 'custom_headers';
    const range = rangeOf(document, lineStartingWith(document, key), key);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      range.start.translate(0, 3),
    );
    const text = hoverText(hovers ?? []);
    assert.ok(text.includes('Python client'), `hover does not name the Python client:\n${text || '(no hover)'}`);
    assert.ok(text.includes('headers'), `hover does not mention the Java spelling:\n${text}`);
  });

  it('replaces timeoutInMillis with timeout through its quick fix', async () => {
    const { document } = await openWorkspaceFile(FILE);
    const line = await applyQuickFix(document, CODE, /^Replace with timeout/);
    assert.equal(document.lineAt(line).text, '  timeout: 5');
    await waitForNoDiagnostic(document, CODE);
  });
});
