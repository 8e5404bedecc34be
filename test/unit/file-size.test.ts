/**
 * Files with one job: no product source file is over 600 lines (ARCHITECTURE.md, invariant 16). Catalogs
 * (tables transcribed from upstream, one entry per key) are the exception the issue allows. A file that
 * grows past the limit fails here with its size, so the split happens when the file is written, not later.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const FOLDERS = ['server/src', 'extension/src', 'webview/src', 'protocol', 'common'];
const MAX_LINES = 600;
const EXEMPT = /(^|\/)catalog\.ts$/;

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, out);
    else if (/\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

describe('files with one job', () => {
  it(`keeps every product source file at ${MAX_LINES} lines or fewer (catalogs aside)`, () => {
    const files = FOLDERS.flatMap((folder) => sources(join(ROOT, folder)));
    assert.ok(files.length > 100, `found only ${files.length} source files: is ROOT (${ROOT}) right?`);
    const over = files
      .map((file) => ({ file: relative(ROOT, file).split('\\').join('/'), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ file, lines }) => lines > MAX_LINES && !EXEMPT.test(file))
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    assert.deepEqual(over, [], `split these files along their jobs:\n${over.join('\n')}`);
  });
});
