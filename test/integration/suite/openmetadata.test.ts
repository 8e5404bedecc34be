/**
 * OpenMetadata's lineage backend in a real VS Code: diagnostics, hover and quick fix on the fixture
 * workspace's `openmetadata/airflow.cfg`, whose endpoint lacks `/api` (test/fixtures/workspace/ is copied
 * to a temp folder per run, so editing it is fine). The quick fix test, which changes the document, is last.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  applyQuickFix,
  DEFAULT_TIMEOUT_MS,
  EXTENSION_ID,
  hasDiagnostic,
  hoverText,
  lineStartingWith,
  onlyDiagnostic,
  openWorkspaceFile,
  rangeOf,
  waitForDiagnostics,
  waitForNoDiagnostic,
} from './helpers';

const CFG = 'openmetadata/airflow.cfg';
const KEY = 'openmetadata_api_endpoint';
const ENDPOINT = 'http://localhost:8585';
const CODE = 'openmetadata/api-endpoint';

const hasEndpointDiagnostic = hasDiagnostic(CODE);

describe('OpenMetadata lineage backend', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);

  before(async () => {
    // airflow.cfg alone may not be an activation event; the tests are about the server's answers.
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} not found`);
    await extension.activate();
  });

  it('reports an openmetadata_api_endpoint without /api', async () => {
    const { document } = await openWorkspaceFile(CFG);
    const diagnostics = await waitForDiagnostics(document.uri, hasEndpointDiagnostic, DEFAULT_TIMEOUT_MS, `a ${CODE} diagnostic`);
    const diagnostic = onlyDiagnostic(diagnostics, CODE, rangeOf(document, lineStartingWith(document, KEY), ENDPOINT), ENDPOINT);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /\/api/);
  });

  it('shows documentation when hovering openmetadata_api_endpoint', async () => {
    const { document } = await openWorkspaceFile(CFG);
    const range = rangeOf(document, lineStartingWith(document, KEY), KEY);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      range.start.translate(0, 5),
    );
    const text = hoverText(hovers ?? []);
    assert.ok(text.includes('including `/api`'), `hover does not explain /api:\n${text || '(no hover)'}`);
    assert.ok(text.includes('docs.open-metadata.org'), `hover has no docs link:\n${text}`);
  });

  it('appends /api through the quick fix', async () => {
    const { document } = await openWorkspaceFile(CFG);
    const line = await applyQuickFix(document, CODE, 'Append /api');
    assert.equal(document.lineAt(line).text, `${KEY} = ${ENDPOINT}/api`);
    await waitForNoDiagnostic(document, CODE);
  });
});
