/**
 * The command line as CI gets it (issue 15, item 7): `npm pack` of packages/cli, the tarball installed into an
 * empty folder outside the repository with no registry (`npm install --offline`), and `lineage-lens check` run
 * there on a project with known problems (in a Spark conf, PySpark and Scala code, so the bundled tree-sitter
 * grammars must load from the installed package) and on one without.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const LISTENER = 'io.openlineage.spark.agent.OpenLineageSparkListener';
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('the lineage-lens npm package', () => {
  let work = '';
  let tarball = '';
  /** Runs `npx lineage-lens ...` in the install folder, offline, as README tells CI to. */
  const lineageLens = (cwd: string, ...args: string[]) =>
    spawnSync('npx', ['--no-install', 'lineage-lens', ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
    });
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(work, rel)), { recursive: true });
    writeFileSync(join(work, rel), text);
  };

  before(function () {
    work = mkdtempSync(join(tmpdir(), 'lineage-lens-package-'));
    const packed = execFileSync('npm', ['pack', join(ROOT, 'packages', 'cli'), '--pack-destination', work, '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [info] = JSON.parse(packed.slice(packed.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, info!.filename);
    this.files = info!.files.map((f) => f.path).sort();
    mkdirSync(join(work, 'ci'));
    writeFileSync(join(work, 'ci', 'package.json'), '{"private": true}\n');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: join(work, 'ci'), stdio: 'pipe' });
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('is publishable as is: not private, a bin, a files allowlist, no dependencies, the version the CLI prints', function () {
    const manifest = readJson(join(ROOT, 'packages', 'cli', 'package.json'));
    assert.equal(manifest.name, 'lineage-lens');
    assert.equal(manifest.private, undefined);
    assert.deepEqual(manifest.bin, { 'lineage-lens': 'dist/cli.js' });
    assert.equal(manifest.dependencies, undefined, 'dist/cli.js bundles what it runs');
    assert.equal(manifest.version, readJson(join(ROOT, 'package.json')).version);
    assert.deepEqual(this.files, [
      'LICENSE',
      'README.md',
      'dist/THIRD-PARTY-NOTICES.txt',
      'dist/cli.js',
      'dist/sqlparser_rs_wasm_bg.wasm',
      'dist/tree-sitter-java.wasm',
      'dist/tree-sitter-python.wasm',
      'dist/tree-sitter-scala.wasm',
      'dist/web-tree-sitter.wasm',
      'package.json',
    ]);
    const version = lineageLens(join(work, 'ci'), '--version');
    assert.equal(version.stdout, `${manifest.version as string}\n`, version.stderr);
  });

  it('installed from the tarball, finds the known problems (Spark conf, PySpark, Scala) and exits 1', () => {
    write('ci/project/conf/spark-defaults.conf', `spark.extraListeners ${LISTENER}\nspark.openlineage.host http://marquez:5000\n`);
    write(
      'ci/project/jobs/job.py',
      `from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.extraListeners", "${LISTENER}").config("spark.openlineage.transport.type", "htttp").getOrCreate()\n`,
    );
    write(
      'ci/project/jobs/Orders.scala',
      `object Orders {\n  val spark = SparkSession.builder\n    .config("spark.extraListeners", "${LISTENER}")\n    .config("spark.openlineage.host", "http://m:5000")\n    .getOrCreate\n}\n`,
    );
    const r = lineageLens(join(work, 'ci'), 'check', 'project', '--format', 'json');
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '', 'no grammar failed to load');
    const problems = JSON.parse(r.stdout) as { file: string; code: string; range: { start: { line: number } } }[];
    assert.deepEqual(problems.map((p) => `${p.file}:${p.range.start.line + 1} ${p.code}`).sort(), [
      'project/conf/spark-defaults.conf:2 spark/legacy-key',
      'project/jobs/Orders.scala:4 spark/legacy-key',
      'project/jobs/job.py:2 spark/transport-type',
    ]);
    const text = lineageLens(join(work, 'ci'), 'check', 'project/conf');
    assert.equal(text.status, 1);
    assert.match(
      text.stdout,
      /^project\/conf\/spark-defaults\.conf:2:1 error `spark\.openlineage\.host` was removed in OpenLineage 0\.22\.0 .* spark\/legacy-key$/m,
    );
    assert.match(text.stdout, /^✖ 1 problem \(1 error, 0 warnings\) in 1 of 1 files checked$/m);
  });

  it('installed from the tarball, passes a clean project with exit 0, and fails a folder with nothing to check', () => {
    write(
      'ci/clean/spark-defaults.conf',
      `spark.extraListeners ${LISTENER}\nspark.openlineage.transport.type http\nspark.openlineage.transport.url http://marquez:5000\n`,
    );
    const clean = lineageLens(join(work, 'ci'), 'check', 'clean');
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.equal(clean.stdout, '✔ No problems in 1 file checked\n');
    write('ci/nothing/notes.txt', 'no lineage here\n');
    const nothing = lineageLens(join(work, 'ci'), 'check', 'nothing');
    assert.equal(nothing.status, 2);
    assert.match(nothing.stdout, /cli\/nothing-checked/);
  });

  it('installed from the tarball, prints a SQL text’s lineage and a DAG’s predicted tables (sqlparser-rs loads from the package)', () => {
    write('ci/q.sql', 'INSERT INTO marts.daily SELECT day, SUM(amount) AS total FROM staging.payments GROUP BY day\n');
    const sql = lineageLens(join(work, 'ci'), 'sql', '--dialect', 'postgres', 'q.sql');
    assert.equal(sql.status, 0, sql.stderr);
    const result = JSON.parse(sql.stdout) as { inputs: { qualifiedName: string }[]; outputs: { qualifiedName: string }[] };
    assert.deepEqual(
      [result.inputs.map((t) => t.qualifiedName), result.outputs.map((t) => t.qualifiedName)],
      [['staging.payments'], ['marts.daily']],
    );
    write('ci/dags/.env', 'AIRFLOW_CONN_WH=postgres://u:p@wh:5432/dw\n');
    write(
      'ci/dags/d.py',
      'from airflow import DAG\nfrom airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator\nwith DAG("d") as dag:\n    SQLExecuteQueryOperator(task_id="t", conn_id="wh", sql="INSERT INTO marts.daily SELECT * FROM staging.payments")\n',
    );
    const graph = lineageLens(join(work, 'ci'), 'graph', 'dags', '--format', 'text');
    assert.equal(graph.status, 0, graph.stderr);
    assert.match(graph.stdout, /inputs: {2}postgres:\/\/wh:5432:dw\.staging\.payments\n {2}outputs: postgres:\/\/wh:5432:dw\.marts\.daily/);
  });
});
