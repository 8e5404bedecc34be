/**
 * `lineage-lens check` never passes without checking what it was given (issue 15, item 8): a named path that
 * cannot be checked is an error (exit 2), a file found in a folder but not checked is a warning in the summary,
 * and a run that checked nothing is an error that says what the command looks for. Text and JSON alike.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonProblem } from '../../server/src/cli/check';
import { cliWorkspace } from '../support/cli-check';

const LISTENER = 'io.openlineage.spark.agent.OpenLineageSparkListener';
const GOOD_CONF = `spark.extraListeners ${LISTENER}\nspark.openlineage.transport.type http\nspark.openlineage.transport.url http://marquez:5000\n`;
/** Spark configuration saved as UTF-16: every ASCII character is followed by a NUL byte. */
const UTF16_CONF = Buffer.from(`\ufeff${GOOD_CONF}`, 'utf16le');
const FIFTY_MB = 50 * 1024 * 1024;

const codes = (problems: JsonProblem[]) => problems.map((p) => `${p.file} ${p.severity} ${p.code}`);

describe('lineage-lens check: what was not checked', () => {
  const ws = cliWorkspace('lineage-lens-not-checked-');
  const { write, check } = ws;
  /** A sparse file of `bytes` bytes: its size on disk is all the CLI looks at. */
  const sparse = (rel: string, bytes: number) => {
    const path = write(rel, '');
    truncateSync(path, bytes);
    return path;
  };

  it('a missing file: an error saying what is wrong and how to fix it, exit 2, never "✔ No problems in 0 files"', async () => {
    const text = await check(['spark-defualts.conf']);
    assert.equal(text.exitCode, 2);
    assert.equal(
      text.out,
      `spark-defualts.conf: error no such file or directory (paths are relative to the current directory, ${ws.dir}): check the spelling, or leave it out cli/cannot-check\n\n` +
        '✖ Nothing checked: 1 path named could not be checked (see above)\n',
    );
    assert.equal(text.err, '');
    const json = await check(['spark-defualts.conf'], { format: 'json' });
    assert.equal(json.exitCode, 2);
    const [entry] = JSON.parse(json.out) as JsonProblem[];
    assert.deepEqual(entry, {
      file: 'spark-defualts.conf',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: 'error',
      code: 'cli/cannot-check',
      message: `no such file or directory (paths are relative to the current directory, ${ws.dir}): check the spelling, or leave it out`,
    });
  });

  it('a named 50 MB file: not read, an error with the size and the limit, exit 2', async () => {
    sparse('cluster.conf', FIFTY_MB);
    write('spark-defaults.conf', GOOD_CONF);
    const r = await check(['cluster.conf', 'spark-defaults.conf']);
    assert.equal(r.exitCode, 2);
    assert.match(
      r.out,
      /^cluster\.conf: error not checked: this file is too large to check: 52\.4 MB on disk, the limit is 2\.0 MB\. .* Leave it out of the paths named, or split it if it is configuration cli\/cannot-check$/m,
    );
    assert.match(r.out, /^✖ No problems in 1 file checked; 1 path named could not be checked$/m);
    const json = await check(['cluster.conf', 'spark-defaults.conf'], { format: 'json' });
    assert.deepEqual(codes(JSON.parse(json.out) as JsonProblem[]), ['cluster.conf error cli/cannot-check']);
  });

  it('a named file whose text is over the budget (a 150,000-character line): an error, exit 2', async () => {
    write('spark-defaults.conf', `spark.extraListeners ${LISTENER}\n# ${'x'.repeat(150_000)}\n`);
    const r = await check(['spark-defaults.conf'], { format: 'json' });
    assert.equal(r.exitCode, 2);
    const problems = JSON.parse(r.out) as JsonProblem[];
    assert.deepEqual(codes(problems), ['spark-defaults.conf error cli/cannot-check']);
    assert.match(
      problems[0]!.message,
      /^not checked: this file is too large to check: line 2 is 150,002 characters long, the limit is 100,000/,
    );
  });

  it('a named binary file (UTF-16 configuration) and a named FIFO: errors that say why and what to do, exit 2', async () => {
    writeFileSync(join(ws.dir, 'spark-defaults.conf'), UTF16_CONF);
    execFileSync('mkfifo', [join(ws.dir, 'pipe.conf')]);
    const r = await check(['spark-defaults.conf', 'pipe.conf']);
    assert.equal(r.exitCode, 2);
    assert.match(
      r.out,
      /^spark-defaults\.conf: error not checked: it is not a text file \(it holds NUL bytes\)\. Save it as UTF-8 if it is configuration .* cli\/cannot-check$/m,
    );
    assert.match(
      r.out,
      /^pipe\.conf: error not checked: it is not a regular file \(a FIFO, a device, a socket, or a link to one\)\. .* cli\/cannot-check$/m,
    );
    assert.match(r.out, /^✖ Nothing checked: 2 paths named could not be checked \(see above\)$/m);
    assert.equal(r.err, '');
  });

  it('files found in a folder but not checked are warnings in the summary (text and JSON); the run still exits 0', async () => {
    write('conf/spark-defaults.conf', GOOD_CONF);
    writeFileSync(join(ws.dir, 'conf/legacy.conf'), UTF16_CONF);
    sparse('conf/huge.conf', FIFTY_MB);
    write('conf/long.conf', `spark.extraListeners ${LISTENER}\n# ${'x'.repeat(150_000)}\n`);
    const r = await check(['conf']);
    assert.equal(r.exitCode, 0);
    assert.match(r.out, /^conf\/huge\.conf: warning not checked: this file is too large to check: 52\.4 MB on disk.* cli\/skipped-file$/m);
    assert.match(r.out, /^conf\/legacy\.conf: warning not checked: it is not a text file .* cli\/skipped-file$/m);
    assert.match(r.out, /^conf\/long\.conf: warning not checked: this file is too large to check: line 2 .* cli\/skipped-file$/m);
    assert.match(r.out, /^⚠ No problems in 1 file checked; 3 files skipped, not checked$/m);
    assert.doesNotMatch(r.out, /✔/);

    const json = await check(['conf'], { format: 'json' });
    assert.equal(json.exitCode, 0);
    assert.deepEqual(codes(JSON.parse(json.out) as JsonProblem[]), [
      'conf/huge.conf warning cli/skipped-file',
      'conf/legacy.conf warning cli/skipped-file',
      'conf/long.conf warning cli/skipped-file',
    ]);
    // --quiet reports errors only: the warnings go, the verdict stays.
    const quiet = await check(['conf'], { quiet: true });
    assert.equal(quiet.out, '✔ No problems in 1 file checked\n');
  });

  it('a folder with no lineage configuration: an error naming what the command looks for, exit 2', async () => {
    write('src/app.ts', 'export {};\n');
    write('notes.txt', 'nothing about lineage\n');
    write('jobs/report.py', 'print("hello")\n');
    const r = await check(['.']);
    assert.equal(r.exitCode, 2);
    assert.match(
      r.out,
      /^\.: error nothing checked: no lineage configuration found in the current directory \(3 files looked at\)\. lineage-lens check looks for Spark \.conf files and spark-submit scripts, .*airflow\.cfg, .*openlineage\.yml, .*Name the folder that holds them, or name a file to check it whatever its name\. cli\/nothing-checked$/m,
    );
    assert.match(r.out, /^✖ Nothing checked: no lineage configuration found \(see above\)$/m);
    assert.doesNotMatch(r.out, /0 files checked|✔/);

    const json = await check(['.'], { format: 'json' });
    assert.equal(json.exitCode, 2);
    assert.deepEqual(codes(JSON.parse(json.out) as JsonProblem[]), ['. error cli/nothing-checked']);
  });

  it('an empty folder and a folder holding only skipped files are "nothing checked" too', async () => {
    write('empty/.keep', '');
    sparse('big/spark-defaults.conf', FIFTY_MB);
    const r = await check(['empty', 'big'], { format: 'json' });
    assert.equal(r.exitCode, 2);
    assert.deepEqual(codes(JSON.parse(r.out) as JsonProblem[]), [
      'big/spark-defaults.conf warning cli/skipped-file',
      'empty error cli/nothing-checked',
      'big error cli/nothing-checked',
    ]);
  });
});
