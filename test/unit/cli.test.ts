/** `lineage-lens check` (runCheck) against real files in temporary directories. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonProblem } from '../../server/src/cli/check';
import { jvmSpark } from '../../server/src/node/jvm';
import { loadPythonSpark } from '../../server/src/node/python';
import { cliWorkspace } from '../support/cli-check';
import { rangeOf } from '../support/harness';

const LISTENER = 'io.openlineage.spark.agent.OpenLineageSparkListener';

/** A conf with one error (legacy key on line 2) and nothing else. */
const BAD_CONF = `spark.extraListeners ${LISTENER}\nspark.openlineage.host http://marquez:5000\n`;
/** A conf with one warning (unknown key) only. */
const WARN_CONF = `spark.extraListeners ${LISTENER}\nspark.openlineage.transport.type http\nspark.openlineage.transport.url http://marquez:5000\nspark.openlineage.namespce ns\n`;
const GOOD_CONF = `spark.extraListeners ${LISTENER}\nspark.openlineage.transport.type http\nspark.openlineage.transport.url http://marquez:5000\n`;

describe('lineage-lens check', () => {
  const ws = cliWorkspace('lineage-lens-cli-');
  const { write, check } = ws;

  it('prints file:line:col severity message rule-id, a summary, and exits 1 on errors', async () => {
    write('conf/spark-defaults.conf', BAD_CONF);
    const r = await check(['.']);
    assert.equal(r.exitCode, 1);
    const lines = r.out.split('\n');
    assert.match(
      lines[0]!,
      /^conf\/spark-defaults\.conf:2:1 error `spark\.openlineage\.host` was removed in OpenLineage 0\.22\.0 .* spark\/legacy-key$/,
    );
    assert.equal(lines.filter((l) => / spark\/[a-z-]+$/.test(l)).length, 1, r.out);
    assert.match(r.out, /✖ 1 problem \(1 error, 0 warnings\) in 1 of 1 files checked/);
    assert.equal(r.err, '');
  });

  it('judges a file named from elsewhere by its own project, not the current directory’s', async () => {
    const dag = 'from airflow.sdk import DAG, Asset\nwith DAG("d", schedule=None) as dag:\n    pass\n';
    write('here/Dockerfile', 'FROM apache/airflow:3.0.2\n');
    write('there/Dockerfile', 'FROM apache/airflow:2.10.5\n');
    const file = write('there/dags/etl.py', dag);
    write('here/dags/etl.py', dag);
    const named = await check([file], { format: 'json' }, { dags: true });
    const problems = JSON.parse(named.out) as JsonProblem[];
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity]),
      [['dags/asset-import', 'error']],
      named.out,
    );
    assert.match(problems[0]!.message, /Airflow 2\.10\.5 \(from the apache\/airflow:2\.10\.5 image in Dockerfile\)/);
    const own = await check([join(ws.dir, 'here/dags/etl.py')], { format: 'json' }, { dags: true });
    assert.deepEqual(JSON.parse(own.out), [], own.out);
  });

  it('prints JSON with 0-based LSP ranges', async () => {
    write('spark-defaults.conf', BAD_CONF);
    const r = await check(['.'], { format: 'json' });
    assert.equal(r.exitCode, 1);
    const problems = JSON.parse(r.out) as JsonProblem[];
    assert.equal(problems.length, 1);
    const [p] = problems;
    assert.deepEqual(Object.keys(p!).sort(), ['code', 'file', 'message', 'range', 'severity']);
    assert.equal(p!.file, 'spark-defaults.conf');
    assert.equal(p!.code, 'spark/legacy-key');
    assert.equal(p!.severity, 'error');
    assert.deepEqual(p!.range, rangeOf(BAD_CONF, 'spark.openlineage.host'));
    assert.deepEqual(p!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 22 } });
    assert.deepEqual(r.problems, problems);
  });

  it('exits 0 with warnings only, and reports a clean tree', async () => {
    write('a/spark-defaults.conf', WARN_CONF);
    const warned = await check(['.']);
    assert.equal(warned.exitCode, 0);
    assert.match(warned.out, /^a\/spark-defaults\.conf:4:1 warning .* spark\/unknown-key$/m);
    assert.match(warned.out, /⚠ 1 problem \(0 errors, 1 warning\)/);

    rmSync(join(ws.dir, 'a'), { recursive: true });
    write('b/spark-defaults.conf', GOOD_CONF);
    const clean = await check(['.']);
    assert.equal(clean.exitCode, 0);
    assert.equal(clean.out, '✔ No problems in 1 file checked\n');
  });

  it('--quiet reports errors only', async () => {
    write('spark-defaults.conf', `${WARN_CONF}spark.openlineage.host http://marquez:5000\n`);
    const r = await check(['.'], { quiet: true, format: 'json' });
    const problems = JSON.parse(r.out) as JsonProblem[];
    assert.deepEqual(
      problems.map((p) => p.severity),
      ['error'],
    );
    assert.equal(r.exitCode, 1);
  });

  it('exits 2 when a named path does not exist, saying so in the output', async () => {
    const r = await check(['missing.conf']);
    assert.equal(r.exitCode, 2);
    assert.match(r.out, /^missing\.conf: error no such file or directory .* cli\/cannot-check$/m);
    assert.doesNotMatch(r.out, /✔/);
  });

  it('still checks the readable paths next to a missing one, and exits 2 for the missing one', async () => {
    write('spark-defaults.conf', GOOD_CONF);
    const r = await check(['missing.conf', 'spark-defaults.conf']);
    assert.equal(r.exitCode, 2);
    assert.match(r.out, /^missing\.conf: error no such file or directory/m);
    assert.match(r.out, /^✖ No problems in 1 file checked; 1 path named could not be checked$/m);
    const bad = write('bad/spark-defaults.conf', BAD_CONF);
    const both = await check(['missing.conf', bad], { format: 'json' });
    assert.equal(both.exitCode, 2);
    assert.deepEqual(
      both.problems.map((p) => p.code),
      ['spark/legacy-key', 'cli/cannot-check'],
    );
  });

  it('checks an explicitly named file by its content, whatever its name', async () => {
    write('cluster-settings.txt', BAD_CONF);
    write(
      'launch',
      `#!/usr/bin/env bash\nspark-submit --conf spark.extraListeners=${LISTENER} --conf spark.openlineage.host=http://marquez:5000 job.py\n`,
    );
    const walked = await check(['.']);
    assert.equal(walked.exitCode, 2, 'files with unknown extensions are not picked up when walking a directory');
    assert.match(walked.out, /cli\/nothing-checked/);
    const named = await check(['cluster-settings.txt', 'launch'], { format: 'json' });
    const problems = JSON.parse(named.out) as JsonProblem[];
    assert.deepEqual(
      problems.map((p) => `${p.file} ${p.code}`),
      ['cluster-settings.txt spark/legacy-key', 'launch spark/legacy-key'],
    );
    assert.equal(named.exitCode, 1);
  });

  it('checks spark-submit scripts and Python files found in directories', async () => {
    write('jobs/submit.sh', `spark-submit --conf spark.extraListeners=${LISTENER} --conf spark.openlineage.transport.type=htttp job.py\n`);
    write(
      'jobs/job.py',
      `from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.extraListeners", "${LISTENER}").config("spark.openlineage.transport.type", "http").config("spark.openlineage.transport.url", "http://m:5000").config("spark.openlineage.transport.auth.type", "apiKey").getOrCreate()\n`,
    );
    const r = await check(['jobs'], { format: 'json' });
    const problems = JSON.parse(r.out) as JsonProblem[];
    assert.deepEqual(problems.map((p) => `${p.file} ${p.code}`).sort(), [
      'jobs/job.py spark/auth-type',
      'jobs/submit.sh spark/transport-type',
    ]);
  });

  it('checks Scala and Java Spark code found in directories or named, loading a grammar only when its files are there', async () => {
    write(
      'app/src/Orders.scala',
      `object Orders {\n  val spark = SparkSession.builder\n    .config("spark.extraListeners", "${LISTENER}")\n    .config("spark.openlineage.host", "http://m:5000")\n    .getOrCreate\n}\n`,
    );
    write(
      'app/src/Refunds.java',
      `class Refunds {\n  void run() {\n    SparkConf conf = new SparkConf();\n    conf.set("spark.extraListeners", "${LISTENER}");\n    conf.set("spark.openlineage.transport.type", "htttp");\n  }\n}\n`,
    );
    write('app/src/Util.java', 'class Util { int size() { return 1; } }\n');
    write('py/job.py', 'print("no spark here")\n');
    const jvm = jvmSpark(ws.dir);
    const loaded: string[] = [];
    const counting = { parse: jvm.parse, load: (l: 'java' | 'scala') => (loaded.push(l), jvm.load(l)) };

    await check(['py'], {}, { jvm: counting });
    assert.deepEqual(loaded, []);

    const r = await check(['app'], { format: 'json' }, { jvm: counting });
    const problems = JSON.parse(r.out) as JsonProblem[];
    assert.deepEqual(problems.map((p) => `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.code}`).sort(), [
      'app/src/Orders.scala:4:14 spark/legacy-key',
      'app/src/Refunds.java:5:51 spark/transport-type',
    ]);
    assert.deepEqual(loaded.sort(), ['java', 'scala']);

    const named = await check(['app/src/Refunds.java'], {}, { jvm: counting });
    assert.match(named.out, /^app\/src\/Refunds\.java:5:51 error .* spark\/transport-type$/m);
  });

  it('says when a Scala/Java grammar cannot be loaded, and checks the other files', async () => {
    write('Orders.scala', `object O { val s = SparkSession.builder.config("spark.openlineage.host", "x").getOrCreate }\n`);
    write('spark-defaults.conf', BAD_CONF);
    const broken = { parse: () => undefined, load: () => Promise.reject(new Error('no wasm')) };
    const r = await check(['.'], {}, { jvm: broken });
    assert.match(r.err, /Scala support unavailable \(no wasm\); those files are skipped/);
    assert.match(r.out, /spark-defaults\.conf:2:1 error/);
  });

  it('skips node_modules and virtualenvs (any folder with pyvenv.cfg)', async () => {
    write('node_modules/pkg/spark-defaults.conf', BAD_CONF);
    write('env/pyvenv.cfg', 'home = /usr/bin\n');
    write(
      'env/lib/job.py',
      `from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.openlineage.host", "http://m:5000").getOrCreate()\n`,
    );
    write('env/spark-defaults.conf', BAD_CONF);
    write('ok/spark-defaults.conf', GOOD_CONF);
    const r = await check(['.']);
    assert.equal(r.exitCode, 0, r.out);
    assert.equal(r.out, '✔ No problems in 1 file checked\n');
  });

  it('loads the Python parser from node_modules when the directory has no wasm files', async () => {
    const py = await loadPythonSpark(ws.dir);
    const parsed = py.parse(
      'from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.openlineage.namespace", "ns").getOrCreate()\n',
      'file:///w/job.py',
    );
    assert.equal(parsed?.scopes[0]?.entries[0]?.key, 'spark.openlineage.namespace');
  });
});
