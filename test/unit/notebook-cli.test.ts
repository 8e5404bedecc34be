/** `lineage-lens check` on Jupyter notebooks: found in directories and named, positions in the .ipynb, the cell named. */
import assert from 'node:assert/strict';
import { cliWorkspace } from '../support/cli-check';
import { rangeOf } from '../support/harness';
import { MISSPELT_TRANSPORT_CELL, notebookText } from '../support/notebooks';

const SESSION = MISSPELT_TRANSPORT_CELL;

describe('lineage-lens check on notebooks', () => {
  const ws = cliWorkspace('lineage-lens-nb-');
  const { write, check } = ws;

  it('finds notebooks in directories and prints the .ipynb line:column and the cell', async () => {
    const text = notebookText([{ type: 'markdown', source: '# Setup' }, '%env OPENLINEAGE_URL=marquez:5000', SESSION]);
    write('notebooks/etl.ipynb', text);
    const r = await check(['.']);
    assert.equal(r.exitCode, 1);
    const at = (needle: string) => {
      const p = rangeOf(text, needle).start;
      return `${p.line + 1}:${p.character + 1}`;
    };
    assert.deepEqual(
      r.out
        .split('\n')
        .filter((l) => l.startsWith('notebooks/'))
        .map((l) => l.replace(/^(\S+ \S+ cell \d+, line \d+:).* (\S+)$/, '$1 $2')),
      [
        `notebooks/etl.ipynb:${at('marquez:5000')} error cell 2, line 1: airflow/url`,
        `notebooks/etl.ipynb:${at('htttp')} error cell 3, line 4: spark/transport-type`,
      ],
    );
  });

  it('prints the cell in JSON output, 0-based like the range', async () => {
    const text = notebookText(['import os', SESSION]);
    write('etl.ipynb', text);
    const r = await check(['etl.ipynb'], { format: 'json' });
    const problems = JSON.parse(r.out) as { range: unknown; code: string; cell?: unknown }[];
    const p = problems.find((x) => x.code === 'spark/transport-type');
    assert.deepEqual(p?.range, rangeOf(text, 'htttp'));
    assert.deepEqual(p?.cell, { index: 1, line: 3, character: 49 });
  });

  it('reports a named notebook it cannot read, and leaves a broken unrelated one alone', async () => {
    write('broken.ipynb', '{"cells": [');
    write('scan/other.ipynb', '{"cells": [');
    assert.match(
      (await check(['broken.ipynb'])).out,
      /^broken\.ipynb:1:12 information Lineage Lens cannot read this notebook: it is not valid JSON/,
    );
    const scan = await check(['scan']);
    assert.match(scan.out, /^✖ Nothing checked: no lineage configuration found \(see above\)$/m);
    assert.equal(scan.exitCode, 2);
  });
});
