/** `lineage-lens sql`: runSql with files and standard input, its JSON and text output, exit codes and usage errors. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSql } from '../../server/src/cli/sql';
import { loadSqlLineage } from '../../server/src/node/sql';

const ROOT = join(__dirname, '..', '..');
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'll-sql-cli-'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

async function sql(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runSql(args, {
    cwd: dir,
    readStdin: () => Promise.resolve(stdin),
    lineage: () => loadSqlLineage(),
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  return { code, out, err };
}

describe('lineage-lens sql', () => {
  it("prints openlineage-sql's shape as JSON, defaults filled only when given; exit 0", async () => {
    writeFileSync(join(dir, 'load.sql'), 'INSERT INTO mart.totals SELECT SUM(amt) AS total FROM "Raw".payments');
    const r = await sql(['load.sql', '--dialect', 'postgres', '--default-database', 'wh']);
    assert.deepEqual([r.code, r.err], [0, '']);
    assert.deepEqual(JSON.parse(r.out), {
      inputs: [{ database: 'wh', schema: 'Raw', name: 'payments', qualifiedName: 'wh.Raw.payments' }],
      outputs: [{ database: 'wh', schema: 'mart', name: 'totals', qualifiedName: 'wh.mart.totals' }],
      columnLineage: [{ output: { table: null, column: 'total' }, inputs: [{ table: 'wh.Raw.payments', column: 'amt' }] }],
      errors: [],
    });
  });

  it('reads standard input, prints text, and exits 1 when a statement does not parse', async () => {
    const r = await sql(['-', '--format=text', '--default-schema', 'public'], 'SELECT id FROM users;\nSELEC 2;');
    assert.equal(r.code, 1);
    assert.equal(
      r.out,
      'Inputs:\n  public.users\nOutputs: none\nColumn lineage:\n  id ← public.users.id\nerror: line 2, column 1: Expected: an SQL statement, found: SELEC at Line: 2, Column: 1\n',
    );
  });

  it('usage errors say what is wrong and exit 2', async () => {
    const unknown = await sql(['--dialect', 'oracle']);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.err,
      /^lineage-lens sql: unknown dialect "oracle"\. Use one of: ansi, athena, bigquery, .*trino\.\n\nUsage: lineage-lens sql/,
    );
    assert.match((await sql(['--format', 'xml'])).err, /--format must be "json" or "text", not "xml"/);
    assert.match((await sql(['--default-schema'])).err, /--default-schema needs a value/);
    assert.match((await sql(['a.sql', 'b.sql'])).err, /one SQL file at a time/);
    const missing = await sql(['nope.sql']);
    assert.deepEqual([missing.code, missing.err], [2, 'lineage-lens sql: cannot read nope.sql (no such file).\n']);
  });

  it('is wired into the command line, with its own help', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/src/cli/main.ts'), ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        input: 'SELECT 1 FROM t',
      });
    const ok = run('sql', '--dialect', 'trino');
    assert.equal(ok.status, 0);
    assert.deepEqual(JSON.parse(ok.stdout).inputs, [{ database: null, schema: null, name: 't', qualifiedName: 't' }]);
    const help = run('sql', '--help');
    assert.deepEqual(
      [help.status, help.stdout.split('\n')[0]],
      [0, 'Usage: lineage-lens sql [--dialect D] [--default-schema S] [--default-database DB] [FILE|-] [--format json|text]'],
    );
    assert.match(run('--help').stdout, /lineage-lens sql \[--dialect D\]/);
  });
});
