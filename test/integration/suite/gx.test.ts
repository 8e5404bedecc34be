/**
 * Great Expectations in a real VS Code: diagnostics on a broken checkpoint, go-to-definition from a
 * LegacyCheckpoint's `validation_operator_name` to the operator in `great_expectations.yml`, hover, and a
 * quick fix, on the fixture workspace's `great_expectations/` (copied to a temp folder per run, so editing is
 * fine). The quick fix test, which leaves its document changed, comes last.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  applyQuickFix,
  DEFAULT_TIMEOUT_MS,
  diagnosticCode,
  formatDiagnostics,
  hasDiagnostic as has,
  hoverText,
  lineStartingWith,
  openWorkspaceFile,
  rangeOf,
  waitForDiagnostics,
  waitForNoDiagnostic,
  workspaceUri,
} from './helpers';

const CONFIG = 'great_expectations/great_expectations.yml';
const BROKEN = 'great_expectations/checkpoints/broken_checkpoint.yml';
const LEGACY = 'great_expectations/checkpoints/legacy_checkpoint.yml';

describe('Great Expectations', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);

  before(async () => {
    // The data context first, so the server knows its validation operators whichever way it indexes.
    await openWorkspaceFile(CONFIG);
  });

  it('reports the trailing comma and the misspelled openlineage_apiKey of a broken checkpoint', async () => {
    const { document } = await openWorkspaceFile(BROKEN);
    const diagnostics = await waitForDiagnostics(
      document.uri,
      (ds) => has('gx/trailing-comma')(ds) && has('gx/unknown-parameter')(ds),
      DEFAULT_TIMEOUT_MS,
      'gx/trailing-comma and gx/unknown-parameter diagnostics',
    );
    const comma = diagnostics.filter((d) => diagnosticCode(d) === 'gx/trailing-comma');
    assert.equal(comma.length, 1, formatDiagnostics(diagnostics));
    const hostLine = lineStartingWith(document, 'openlineage_host:');
    assert.ok(comma[0]!.range.isEqual(rangeOf(document, hostLine, ',')), `range ${JSON.stringify(comma[0]!.range)} is not the comma`);
    assert.equal(comma[0]!.severity, vscode.DiagnosticSeverity.Error);

    const spelling = diagnostics.find((d) => diagnosticCode(d) === 'gx/unknown-parameter')!;
    const keyLine = lineStartingWith(document, 'openlineage_apikey:');
    assert.ok(spelling.range.isEqual(rangeOf(document, keyLine, 'openlineage_apikey')), `range ${JSON.stringify(spelling.range)}`);
    assert.match(spelling.message, /openlineage_apiKey/);
  });

  it('goes from validation_operator_name to the operator in great_expectations.yml', async () => {
    const { document } = await openWorkspaceFile(LEGACY);
    // gx/no-lineage needs the operator's definition: once it is there, the server knows the data context.
    await waitForDiagnostics(
      document.uri,
      has('gx/no-lineage'),
      DEFAULT_TIMEOUT_MS,
      'a gx/no-lineage diagnostic (the data context is indexed)',
    );
    const line = lineStartingWith(document, 'validation_operator_name:');
    const position = rangeOf(document, line, 'quiet_operator').start.translate(0, 3);
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      document.uri,
      position,
    );
    assert.ok(locations && locations.length === 1, `expected one definition, got ${JSON.stringify(locations)}`);
    const target = locations[0]!;
    const uri = 'targetUri' in target ? target.targetUri : target.uri;
    const range = 'targetRange' in target ? (target.targetSelectionRange ?? target.targetRange) : target.range;
    assert.equal(uri.toString(), workspaceUri(CONFIG).toString());
    const config = await vscode.workspace.openTextDocument(uri);
    const opLine = lineStartingWith(config, 'quiet_operator:');
    assert.ok(
      range.isEqual(rangeOf(config, opLine, 'quiet_operator')),
      `definition range ${JSON.stringify(range)} is not the operator's name`,
    );
  });

  it('shows the version verdict when hovering OpenLineageValidationAction', async () => {
    const { document } = await openWorkspaceFile(BROKEN);
    const line = lineStartingWith(document, 'class_name: OpenLineageValidationAction');
    const position = rangeOf(document, line, 'OpenLineageValidationAction').start.translate(0, 4);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = hoverText(hovers ?? []);
    assert.match(text, /Versions/, `hover does not give the version verdict:\n${text || '(no hover)'}`);
  });

  it('renames openlineage_apikey to openlineage_apiKey through its quick fix', async () => {
    const { document } = await openWorkspaceFile(BROKEN);
    const line = await applyQuickFix(document, 'gx/unknown-parameter', 'Rename to openlineage_apiKey');
    assert.equal(document.lineAt(line).text, '      openlineage_apiKey: ${OPENLINEAGE_API_KEY}');
    await waitForNoDiagnostic(document, 'gx/unknown-parameter');
  });
});
