/** `lineage-lens graph` (runGraph, and the command line's usage errors) against real files in temporary directories. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StaticLineageResult } from '../../protocol/lineage';
import { runGraph, type GraphCommandOptions } from '../../server/src/cli/graph';
import { loadPythonSpark } from '../../server/src/node/python';
import { consumerDag, producerDag } from '../support/dag-pair';

const ROOT = join(__dirname, '..', '..');

const PRODUCER = producerDag({ load: 'outlets=[ORDERS, Dataset("postgres://wh/db/public/t")]' });

const CONSUMER = consumerDag({ inline: true });

let dir: string;
let tree: Awaited<ReturnType<typeof loadPythonSpark>>['tree'];

function write(rel: string, text: string): string {
  const path = join(dir, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

async function graph(paths: string[], options: Partial<Omit<GraphCommandOptions, 'paths'>> = {}) {
  let out = '';
  let err = '';
  const result = await runGraph(
    { paths, format: 'json', emittedOnly: false, ...options },
    { pythonTree: tree, cwd: dir, out: (s) => (out += s), err: (s) => (err += s) },
  );
  return { ...result, out, err };
}

describe('lineage-lens graph', () => {
  before(async () => {
    tree = (await loadPythonSpark(ROOT)).tree;
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lineage-lens-graph-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('never reads a FIFO, a device or an oversized file, named or found (a named FIFO used to hang it)', async () => {
    write('dags/producer.py', PRODUCER);
    execFileSync('mkfifo', [join(dir, 'pipe.py')]);
    symlinkSync('/dev/zero', join(dir, 'zero.py'));
    symlinkSync('/dev/zero', join(dir, '.env'));
    write('big.py', `# ${'x'.repeat(6_100_000)}\n`);
    write('long-line.py', `from airflow import DAG\n# ${'x'.repeat(150_000)}\n`);
    const r = await graph(['dags/producer.py', 'pipe.py', 'zero.py', 'big.py', 'long-line.py', '.']);
    assert.equal(r.exitCode, 0);
    assert.match(r.err, /pipe\.py: skipped, not a regular file/);
    assert.match(r.err, /zero\.py: skipped, not a regular file/);
    assert.match(r.err, /big\.py: skipped, larger than 6 MB/);
    assert.match(r.err, /long-line\.py: skipped: this file is too large to check: line 2 is 150,002 characters long, the limit is 100,000/);
    assert.ok(
      r.graph?.graph.some((n) => n.id.endsWith('producer.load')),
      'the readable DAG is still drawn',
    );
  });

  it('stops reading a DAG file at the time budget and says so, keeping the others', async () => {
    write('dags/producer.py', PRODUCER);
    write('dags/slow.py', CONSUMER);
    // A clock that jumps 3 s whenever slow.py is being read: its parse is cancelled past the 2 s budget.
    let t = 0;
    let reading = '';
    const r = await runGraph(
      { paths: ['dags/producer.py', 'dags/slow.py'], format: 'json', emittedOnly: false },
      {
        pythonTree: (text, uri, version) => {
          reading = uri;
          return tree(text, uri, version);
        },
        cwd: dir,
        out: () => undefined,
        err: (s) => (reading = `${reading}\n${s}`),
        now: () => (t += reading.endsWith('slow.py') ? 3_000 : 1),
      },
    );
    assert.equal(r.exitCode, 0);
    assert.match(reading, /dags\/slow\.py: (skipped: parsing it|read only in part: reading its tasks) took over 2 s, the limit per file/);
    assert.ok(
      r.graph?.graph.some((n) => n.id.endsWith('producer.load')),
      'the other DAG is still drawn',
    );
    assert.ok(!r.graph?.graph.some((n) => n.id.endsWith('consumer.report')), 'the cut file adds nothing');
  });

  it('prints the Marquez-shaped JSON of the DAG files found, with the namespace of the OpenLineage configuration', async () => {
    write('dags/producer.py', PRODUCER);
    write('dags/consumer.py', CONSUMER);
    write('dags/util.py', 'import os\n');
    write('airflow.cfg', '[openlineage]\nnamespace = acme\n');
    const r = await graph(['.']);
    assert.equal(r.exitCode, 0);
    assert.equal(r.err, '');
    const g = JSON.parse(r.out) as StaticLineageResult;
    assert.deepEqual(
      g.graph.map((n) => n.id),
      [
        'dataset:postgres://wh:5432:db.public.t',
        'dataset:s3://lake:orders',
        'job:acme:consumer.report',
        'job:acme:producer.extract',
        'job:acme:producer.load',
      ],
    );
    const orders = g.graph.find((n) => n.id === 'dataset:s3://lake:orders')!;
    assert.deepEqual(orders.inEdges, [{ origin: 'job:acme:producer.load', destination: 'dataset:s3://lake:orders' }]);
    assert.deepEqual(orders.outEdges, [{ origin: 'dataset:s3://lake:orders', destination: 'job:acme:consumer.report' }]);
    const load = g.graph.find((n) => n.id === 'job:acme:producer.load')!;
    assert.ok(load.type === 'JOB');
    assert.equal(load.data.sourceLocation.uri, pathToFileURL(join(dir, 'dags/producer.py')).href);
    assert.deepEqual(load.data.sourceLocation.range.start, { line: 6, character: 11 });
  });

  it('prints a readable summary with --format text', async () => {
    write('dags/producer.py', PRODUCER);
    write('dags/consumer.py', CONSUMER);
    const r = await graph(['dags'], { format: 'text' });
    assert.equal(r.exitCode, 0);
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'Static lineage: 3 jobs, 2 datasets from 2 DAG files (job namespace "default")');
    assert.ok(
      r.out.includes(
        '\nproducer.load  BashOperator  dags/producer.py:7\n  inputs:  -\n  outputs: postgres://wh:5432:db.public.t (not emitted), s3://lake:orders\n  upstream: producer.extract\n',
      ),
      r.out,
    );
    assert.ok(
      r.out.includes(
        '\nconsumer.report  task  dags/consumer.py:5\n  inputs:  s3://lake:orders\n  outputs: -\n  DAG scheduled on: s3://lake:orders\n',
      ),
      r.out,
    );
  });

  it('leaves out datasets that are not emitted with --emitted-only', async () => {
    write('producer.py', PRODUCER);
    const g = JSON.parse((await graph(['producer.py'], { emittedOnly: true })).out) as StaticLineageResult;
    assert.deepEqual(
      g.graph.filter((n) => n.type === 'DATASET').map((n) => n.id),
      ['dataset:s3://lake:orders'],
    );
  });

  it('prints an empty graph when there are no DAG files, and exits 2 when nothing could be read', async () => {
    write('job.py', 'print("hello")\n');
    const empty = await graph(['.']);
    assert.equal(empty.exitCode, 0);
    assert.deepEqual(JSON.parse(empty.out), { graph: [] });
    const missing = await graph(['nope']);
    assert.equal(missing.exitCode, 2);
    assert.equal(missing.err, 'lineage-lens: nope: no such file or directory\n');
    assert.equal(missing.out, '');
  });

  it('exits 2 without Python support', async () => {
    let err = '';
    const r = await runGraph(
      { paths: ['.'], format: 'json', emittedOnly: false },
      { cwd: dir, out: () => undefined, err: (s) => (err += s) },
    );
    assert.equal(r.exitCode, 2);
    assert.match(err, /Python support is unavailable/);
  });

  it('reports usage errors with exit code 2 and the usage text, without a stack trace', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
    const bad = run('graph', '--format', 'xml');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^lineage-lens: --format must be "json" or "text", not "xml"\.\n\nUsage: lineage-lens check/);
    assert.match(bad.stderr, /lineage-lens graph \[paths\.\.\.\] \[--format json\|text\] \[--emitted-only\]/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
    const unknown = run('graph', '--depth');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown option "--depth"/);
    const help = run('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /graph prints the lineage the OpenLineage Airflow provider would report/);
  });
});
