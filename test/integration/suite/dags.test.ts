/**
 * Airflow DAG files in a real VS Code: the `dags/*` diagnostics on the fixture workspace's
 * `dags/orders_lineage.py` (a `Table(schema=...)` and a postgres Dataset URI without its schema part), a hover
 * on an inlet, and the quick fix that folds the schema into the table name (test/fixtures/workspace/ is copied
 * to a temp folder per run, so editing it is fine). The quick fix test, which changes the document, is last.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  applyQuickFix,
  DEFAULT_TIMEOUT_MS,
  diagnosticCode,
  hasDiagnostic as has,
  hoverText,
  lineStartingWith,
  onlyDiagnostic,
  openWorkspaceFile,
  rangeOf,
  waitForDiagnostics,
  waitForNoDiagnostic,
  workspaceUri,
} from './helpers';

const DAG = 'dags/orders_lineage.py';
const ENTITY = 'dags/lineage-entity';
const PROVIDER_URI = 'dags/asset-provider-uri';

describe('Airflow DAG files', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);

  it('reports Table(schema=...) on the keyword, as an error', async () => {
    const { document } = await openWorkspaceFile(DAG);
    const diagnostics = await waitForDiagnostics(document.uri, has(ENTITY), DEFAULT_TIMEOUT_MS, `a ${ENTITY} diagnostic`);
    const diagnostic = onlyDiagnostic(
      diagnostics,
      ENTITY,
      rangeOf(document, lineStartingWith(document, 'inlets=[Table('), 'schema'),
      'the schema keyword',
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic!.message, /no `schema` field/);
  });

  it('reports the postgres Dataset URI without a schema part, on its path', async () => {
    const { document } = await openWorkspaceFile(DAG);
    const diagnostics = await waitForDiagnostics(document.uri, has(PROVIDER_URI), DEFAULT_TIMEOUT_MS, `a ${PROVIDER_URI} diagnostic`);
    const diagnostic = diagnostics.find((d) => diagnosticCode(d) === PROVIDER_URI)!;
    const expected = rangeOf(document, lineStartingWith(document, 'WAREHOUSE_ORDERS = Dataset('), '/analytics/orders');
    assert.ok(
      diagnostic.range.isEqual(expected),
      `range ${JSON.stringify(diagnostic.range)} is not the URI path (${JSON.stringify(expected)})`,
    );
    // The fixture workspace declares neither the postgres provider nor the Airflow version: a warning that says so.
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /postgres:\/\/host\[:port\]\/database\/schema\/table/);
    assert.match(diagnostic.message, /apache-airflow-providers-postgres/);
  });

  it('shows what an inlet becomes in OpenLineage on hover', async () => {
    const { document } = await openWorkspaceFile(DAG);
    await waitForDiagnostics(document.uri, has(ENTITY), DEFAULT_TIMEOUT_MS, `a ${ENTITY} diagnostic (the file is read as a DAG)`);
    const line = lineStartingWith(document, 'inlets=[RAW_ORDERS]');
    const position = rangeOf(document, line, 'RAW_ORDERS').start.translate(0, 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = hoverText(hovers ?? []);
    assert.ok(
      text.includes('OpenLineage') && text.includes('s3://acme-lake'),
      `hover does not show the OpenLineage dataset:\n${text || '(no hover)'}`,
    );
  });

  it('goes from an inlet to the task of another DAG file that produces it, and finds its references', async () => {
    const { document } = await openWorkspaceFile(DAG);
    const line = lineStartingWith(document, 'inlets=[RAW_ORDERS]');
    const at = rangeOf(document, line, 'RAW_ORDERS').start.translate(0, 2);
    const producer = 'raw_orders_ingest.py';
    // Opening the producer hands its text to the server before the request below (LSP messages are ordered),
    // so the answer does not depend on how far the background scan of the workspace has got.
    await vscode.workspace.openTextDocument(workspaceUri(`dags/${producer}`));
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      document.uri,
      at,
    );
    assert.ok(
      locations.some((l) => ('targetUri' in l ? l.targetUri : l.uri).path.endsWith(producer)),
      `definitions: ${JSON.stringify(locations)}`,
    );
    const target = locations
      .map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetRange } : l))
      .find((l) => l.uri.path.endsWith(producer))!;
    const other = await vscode.workspace.openTextDocument(target.uri);
    assert.match(other.getText(target.range), /extract_orders|Dataset\("s3:\/\/acme-lake\/raw\/orders"\)|BashOperator/);
    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, at);
    const files = new Set(references.map((r) => r.uri.path.split('/').pop()));
    assert.ok(files.has(producer) && files.has('orders_lineage.py'), `references in ${[...files].join(', ')}`);
  });

  it('folds the schema into the table name through the quick fix', async () => {
    const { document } = await openWorkspaceFile(DAG);
    const line = await applyQuickFix(document, ENTITY, 'Fold the schema into name="public.orders"');
    assert.equal(document.lineAt(line).text, '        inlets=[Table(database="analytics", name="public.orders", cluster="warehouse")],');
    await waitForNoDiagnostic(document, ENTITY);
  });
});
