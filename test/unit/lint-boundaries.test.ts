/**
 * The runtime boundaries of eslint.config.mjs, proved on code: for each boundary a forbidden import fails
 * lint and an allowed one passes (ESLint's Node API, files linted by path without being written).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..');
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-globals']);

describe('lint: runtime boundaries', function () {
  this.timeout(60000);
  let eslint: ESLint;

  before(() => {
    eslint = new ESLint({ cwd: ROOT });
  });

  /** The boundary rules' messages for `code` as if it were the file at `path` (relative to the repository). */
  async function violations(path: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: join(ROOT, path) });
    return result!.messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
  }

  async function fails(path: string, code: string, why: RegExp): Promise<void> {
    const found = await violations(path, code);
    assert.ok(
      found.some((m) => why.test(m)),
      `${path}: expected ${why} for ${JSON.stringify(code)}, got ${JSON.stringify(found)}`,
    );
  }

  async function passes(path: string, code: string): Promise<void> {
    assert.deepEqual(await violations(path, code), [], `${path}: ${JSON.stringify(code)}`);
  }

  it('the extension host reaches the server and the webview only through protocol/ and common/', async () => {
    await fails('extension/src/viewer/x.ts', "import { ProjectIndex } from '../../../server/src/service';", /only through protocol/);
    await fails('extension/src/x.ts', "import { main } from '../../webview/src/main';", /only through protocol/);
    await passes('extension/src/viewer/x.ts', "import { staticLineageRequest } from '../../../protocol/lineage';");
    await passes('extension/src/viewer/x.ts', "import { pure } from '../../../common/pure';");
    await passes('extension/src/viewer/x.ts', "import * as vscode from 'vscode';");
  });

  it('keeps lsp/ and cli/ apart, sharing Node I/O through server/src/node/', async () => {
    await fails('server/src/lsp/x.ts', "import { runCheck } from '../cli/check';", /lsp\/ and cli\/ never import each other/);
    await fails('server/src/cli/x.ts', "import { startServer } from '../lsp/server';", /lsp\/ and cli\/ never import each other/);
    await passes('server/src/lsp/x.ts', "import { checkPaths } from '../node/check';");
    await passes('server/src/cli/x.ts', "import { loadPythonSpark } from '../node/python';");
    await passes('server/src/cli/x.ts', "import { runServe } from '../serve/cli';");
  });

  it('keeps the language service pure and free of its hosts', async () => {
    await fails('server/src/service/dags/x.ts', "import { readTextFile } from '../../node/files';", /language service is pure/);
    await fails('server/src/service/x.ts', "import { startServer } from '../lsp/server';", /language service is pure/);
    await fails('server/src/service/x.ts', "import { StoredLineage } from '../serve/model';", /language service is pure/);
    await fails('server/src/service/x.ts', "import { readFile } from 'node:fs/promises';", /No Node built-ins/);
    await fails('server/src/service/x.ts', "import { join } from 'path';", /No Node built-ins/);
    await passes(
      'server/src/service/dags/x.ts',
      "import { ProjectIndex } from '../project/index';\nimport { datasetNodeId } from '../../../../protocol/node-ids';",
    );
  });

  it('keeps the local endpoint out of lsp/ and cli/', async () => {
    await fails('server/src/serve/x.ts', "import { startServer } from '../lsp/server';", /serve\/\) imports nothing from lsp\/ or cli\//);
    await fails('server/src/serve/x.ts', "import { runCheck } from '../cli/check';", /serve\/\) imports nothing from lsp\/ or cli\//);
    await passes(
      'server/src/serve/x.ts',
      "import { createHash } from 'node:crypto';\nimport { jobNodeId } from '../../../protocol/node-ids';",
    );
  });

  it('keeps the server out of the extension, the webview, vscode and the DOM', async () => {
    await fails(
      'server/src/lsp/x.ts',
      "import { activate } from '../../../extension/src/extension';",
      /server imports nothing from the extension/,
    );
    await fails(
      'server/src/serve/x.ts',
      "import { render } from '../../../webview/src/render';",
      /server imports nothing from the extension or the webview/,
    );
    await fails('server/src/lsp/x.ts', "import * as vscode from 'vscode';", /Only extension\//);
    await fails('server/src/lsp/x.ts', 'console.log(document.title);', /document/);
  });

  it('lets the webview take protocol/ type-only (node-ids excepted) and nothing from the server or the extension', async () => {
    await fails('webview/src/x.ts', "import { parseNodeId } from '../../server/src/service';", /webview imports nothing from the server/);
    await fails(
      'webview/src/graph/x.ts',
      "import { activate } from '../../../extension/src/extension';",
      /webview imports nothing from the server/,
    );
    await fails('webview/src/x.ts', "import { staticLineageRequest } from '../../protocol/lineage';", /protocol\/ type-only/);
    await fails('webview/src/x.ts', "import { readFileSync } from 'node:fs';", /No Node built-ins/);
    await fails('webview/src/x.ts', 'console.log(process.env);', /process/);
    await passes('webview/src/x.ts', "import type { HostToWebview } from '../../protocol/webview';");
    await passes('webview/src/graph/x.ts', "import { parseNodeId } from '../../../protocol/node-ids';");
    await passes('webview/src/x.ts', "import { pure } from '../../common/pure';");
  });

  it('keeps protocol/ and common/ free of the runtimes, Node, vscode and the DOM', async () => {
    await fails('protocol/x.ts', "import { ProjectIndex } from '../server/src/service';", /shared by every runtime/);
    await fails('protocol/x.ts', "import { graphHtml } from '../extension/src/graph-html';", /shared by every runtime/);
    await fails('common/x.ts', "import { render } from '../webview/src/render';", /shared by every runtime/);
    await fails('common/x.ts', "import { join } from 'node:path';", /No Node built-ins/);
    await fails('common/x.ts', "import * as vscode from 'vscode';", /Only extension\//);
    await fails('common/x.ts', 'console.log(window.location, Buffer.from(""));', /window/);
    await passes(
      'protocol/x.ts',
      "import type { Range } from 'vscode-languageserver-types';\nimport { RequestType } from 'vscode-jsonrpc';",
    );
    await passes('common/x.ts', "import { parseNodeId } from '../protocol/node-ids';");
  });
});
