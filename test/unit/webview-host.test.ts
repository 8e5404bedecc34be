/**
 * The host side of the webview boundary, without VS Code: the page's Content Security Policy (the layout worker
 * may start from a blob URL, nothing else is loosened), and the validation of what the webview posts before the
 * host acts on it (save a file, open a link, fetch lineage).
 */
import assert from 'node:assert/strict';
import { graphCsp, graphHtml, parseWebviewMessage, safeFileName } from '../../extension/src/graph-html';

describe('webview host: page and Content Security Policy', () => {
  it('allows our script by nonce and the layout worker from blob URLs, and nothing inline or evaluated', () => {
    const csp = graphCsp('https://file+.vscode-resource.vscode-cdn.net', 'abc');
    assert.equal(
      csp,
      "default-src 'none'; script-src 'nonce-abc'; worker-src blob:; style-src https://file+.vscode-resource.vscode-cdn.net; img-src https://file+.vscode-resource.vscode-cdn.net data:; font-src https://file+.vscode-resource.vscode-cdn.net",
    );
    assert.ok(!/unsafe-(inline|eval)/.test(csp));
  });

  it('escapes the title and URIs it puts in the page', () => {
    const html = graphHtml({ cspSource: 'x', scriptUri: 'a"b', styleUri: 's', nonce: 'n', title: '<script>' });
    assert.ok(html.includes('<title>&#60;script&#62;</title>'));
    assert.ok(html.includes('src="a&#34;b"'));
  });
});

describe('webview host: messages from the webview', () => {
  it('accepts each message of the protocol with the right field types', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(
      parseWebviewMessage({ type: 'export', format: 'svg', data: '<svg/>', encoding: 'utf8', fileName: 'a.svg', extra: 1 }),
      { type: 'export', format: 'svg', data: '<svg/>', encoding: 'utf8', fileName: 'a.svg' },
    );
    assert.deepEqual(parseWebviewMessage({ type: 'openSource', uri: 'https://x/y#L3', range: { startLine: 2 } }), {
      type: 'openSource',
      uri: 'https://x/y#L3',
      range: { startLine: 2 },
    });
    assert.deepEqual(parseWebviewMessage({ type: 'openSource', uri: 'file:///w/a.py', range: { startLine: -1 } }), {
      type: 'openSource',
      uri: 'file:///w/a.py',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'expand', nodeId: 'job:ns:j', direction: 'upstream' }), {
      type: 'expand',
      nodeId: 'job:ns:j',
      direction: 'upstream',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'expand', nodeId: 'dataset:ns:d', direction: 'both' }), {
      type: 'expand',
      nodeId: 'dataset:ns:d',
      direction: 'both',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'command', command: 'lineageLens.setEndpoint', args: ['x'] }), {
      type: 'command',
      command: 'lineageLens.setEndpoint',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'drawn', state: 'graph', nodes: 8, onlyInCode: 2, onlyAtRuntime: 1, title: 't' }), {
      type: 'drawn',
      state: 'graph',
      nodes: 8,
      onlyInCode: 2,
      onlyAtRuntime: 1,
      title: 't',
    });
  });

  it('drops anything else', () => {
    for (const bad of [
      null,
      'ready',
      {},
      { type: 'exec' },
      { type: 'export', format: 'exe', data: '', encoding: 'utf8', fileName: 'x' },
      { type: 'export', format: 'png', data: 1, encoding: 'base64', fileName: 'x' },
      { type: 'openSource', uri: 5 },
      { type: 'expand', nodeId: 'x', direction: 'sideways' },
      { type: 'command', command: 7 },
      { type: 'command', command: '' },
      { type: 'drawn', state: 'graph', nodes: -1, onlyInCode: 0, onlyAtRuntime: 0, title: '' },
      { type: 'drawn', state: 'blank', nodes: 1, onlyInCode: 0, onlyAtRuntime: 0, title: '' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('suggests export file names without directories or characters file systems refuse', () => {
    assert.equal(safeFileName('orders-daily-lineage.svg', 'svg'), 'orders-daily-lineage.svg');
    assert.equal(safeFileName('../../etc/passwd.svg', 'svg'), 'passwd.svg');
    assert.equal(safeFileName('C:\\\\temp\\\\a.png', 'png'), 'a.png');
    assert.equal(safeFileName('a<b>.json', 'json'), 'a-b-.json');
    assert.equal(safeFileName('report.exe', 'svg'), 'lineage.svg');
  });
});
