/**
 * The walkthrough's steps complete on the state, whenever it was reached (issue 15, item 4). test/integration/run.mjs
 * sets `lineageLens.endpoint.url` in the user settings before VS Code starts, so the extension activates with an
 * endpoint already configured; the root hook below reads the step keys as activation left them, then clears
 * the setting for every other test (it runs whatever --grep selects).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LineageLensApi } from '../../../extension/src/extension';
import { EXTENSION_ID } from './helpers';

let atActivation: { url: string | undefined; steps: Record<string, boolean> } | undefined;

before(async () => {
  const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as LineageLensApi;
  const config = vscode.workspace.getConfiguration('lineageLens');
  atActivation = { url: config.inspect<string>('endpoint.url')?.globalValue, steps: { ...api.testing.walkthroughState() } };
  await config.update('endpoint.url', undefined, vscode.ConfigurationTarget.Global);
});

describe('Walkthrough progress on the state at activation', () => {
  it('an endpoint configured before activation completes the endpoint step', () => {
    assert.ok(atActivation?.url, 'run.mjs configures an endpoint before VS Code starts');
    assert.equal(atActivation.steps.endpoint, true, JSON.stringify(atActivation));
  });
});
