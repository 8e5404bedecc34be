/**
 * Spark configuration in a real VS Code: activation, diagnostics, quick fix, hover and completion on the
 * fixture workspace's `spark-defaults.conf` (test/fixtures/workspace/, copied to a temp folder per run, so
 * editing it is fine). Tests run in order and share the document: the completion test removes what it typed,
 * and the quick fix test, which leaves the document changed, comes last.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  applyQuickFix,
  completionLabel,
  DEFAULT_TIMEOUT_MS,
  diagnosticCode,
  EXTENSION_ID,
  formatDiagnostics,
  hasDiagnostic,
  hoverText,
  lineStartingWith,
  openWorkspaceFile,
  rangeOf,
  waitFor,
  waitForDiagnostics,
  waitForNoDiagnostic,
} from './helpers';

const CONF = 'spark-defaults.conf';
const LEGACY_KEY = 'spark.openlineage.host';
const LEGACY_CODE = 'spark/legacy-key';

const hasLegacyKeyDiagnostic = hasDiagnostic(LEGACY_CODE);

describe('Spark configuration', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);

  it('has the extension installed', () => {
    const ids = vscode.extensions.all.map((e) => e.id.toLowerCase());
    assert.ok(ids.includes(EXTENSION_ID), `${EXTENSION_ID} is not among the ${ids.length} extensions`);
  });

  it('activates the extension when spark-defaults.conf is opened', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} not found`);
    await openWorkspaceFile(CONF);
    // Activation is asynchronous: re-check whenever the host reports progress (diagnostics, extension changes).
    await waitFor(
      () => extension.isActive,
      [vscode.languages.onDidChangeDiagnostics, vscode.extensions.onDidChange, vscode.window.onDidChangeActiveTextEditor],
      DEFAULT_TIMEOUT_MS,
      () => `${EXTENSION_ID} to activate`,
    );
  });

  it('reports spark.openlineage.host as a legacy key', async () => {
    const { document } = await openWorkspaceFile(CONF);
    const diagnostics = await waitForDiagnostics(document.uri, hasLegacyKeyDiagnostic, DEFAULT_TIMEOUT_MS, `a ${LEGACY_CODE} diagnostic`);
    const legacy = diagnostics.filter((d) => diagnosticCode(d) === LEGACY_CODE);
    assert.equal(legacy.length, 1, `expected one ${LEGACY_CODE} diagnostic:\n${formatDiagnostics(diagnostics)}`);
    const [diagnostic] = legacy;
    const line = lineStartingWith(document, LEGACY_KEY);
    const expected = rangeOf(document, line, LEGACY_KEY);
    assert.ok(
      diagnostic.range.isEqual(expected),
      `range ${JSON.stringify(diagnostic.range)} does not cover exactly ${LEGACY_KEY} (${JSON.stringify(expected)})`,
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
  });

  it('shows documentation when hovering spark.openlineage.transport.type', async () => {
    const { document } = await openWorkspaceFile(CONF);
    const key = 'spark.openlineage.transport.type';
    const range = rangeOf(document, lineStartingWith(document, key), key);
    const position = range.start.translate(0, 'spark.openlineage.transport.t'.length);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = hoverText(hovers ?? []);
    assert.ok(text.includes('transport.type'), `hover does not mention transport.type:\n${text || '(no hover)'}`);
  });

  it('completes transport keys after "spark.openlineage.transport."', async () => {
    const editor = await openWorkspaceFile(CONF);
    const { document } = editor;
    const prefix = 'spark.openlineage.transport.';
    const last = document.lineAt(document.lineCount - 1);
    const insertion = last.text.length > 0 ? `\n${prefix}` : prefix;
    assert.ok(await editor.edit((b) => b.insert(last.range.end, insertion)), 'could not type into the editor');
    const line = document.lineCount - 1;
    assert.equal(document.lineAt(line).text, prefix);
    const position = new vscode.Position(line, prefix.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      position,
    );
    const labels = (list?.items ?? []).map(completionLabel);
    // Undo the typing, so the document is as before for the next test.
    const typed = new vscode.Range(last.range.end, document.lineAt(line).range.end);
    assert.ok(await editor.edit((b) => b.delete(typed)), 'could not undo the typing');
    assert.ok(
      labels.includes('spark.openlineage.transport.url'),
      `spark.openlineage.transport.url not among ${labels.length} completions: ${JSON.stringify(labels.slice(0, 30))}`,
    );
  });

  it('replaces the legacy key through its quick fix', async () => {
    const { document } = await openWorkspaceFile(CONF);
    const line = await applyQuickFix(document, LEGACY_CODE, /^Replace with spark\.openlineage\.transport\.url/);
    assert.equal(document.lineAt(line).text, 'spark.openlineage.transport.url http://localhost:5000');
    await waitForNoDiagnostic(document, LEGACY_CODE);
  });
});
