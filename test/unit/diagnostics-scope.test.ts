/**
 * `lineageLens.diagnostics.scope` as the server reads it: `workspace` unless the user asks for `openFiles`;
 * any other value is named in a warning and the default applies.
 */
import assert from 'node:assert/strict';
import { normalizeDiagnosticsScope } from '../../server/src/service';

describe('lineageLens.diagnostics.scope', () => {
  it('is workspace by default, and when set so', () => {
    assert.equal(normalizeDiagnosticsScope(undefined), 'workspace');
    assert.equal(normalizeDiagnosticsScope({}), 'workspace');
    assert.equal(normalizeDiagnosticsScope({ diagnostics: { scope: 'workspace' } }), 'workspace');
  });

  it('is openFiles when set so', () => {
    assert.equal(normalizeDiagnosticsScope({ diagnostics: { scope: 'openFiles' } }), 'openFiles');
  });

  it('warns about an unknown value, naming the setting, and keeps the default', () => {
    const problems: string[] = [];
    assert.equal(normalizeDiagnosticsScope({ diagnostics: { scope: 'open' } }, problems), 'workspace');
    assert.deepEqual(problems, ['lineageLens.diagnostics.scope: "open" is not a scope; use workspace or openFiles.']);
  });
});
