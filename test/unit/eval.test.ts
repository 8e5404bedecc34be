/**
 * `npm run eval`: the precision measurement over folders of real projects (issue 13). The counting and the
 * verdicts are pure (scripts/eval-report.ts); one run of the script checks two small projects end to end.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, formatReport, parseVerdicts, precision, type EvalDiagnostic } from '../../scripts/eval-report';

const ROOT = join(__dirname, '..', '..');

const d = (project: string, file: string, line: number, code: string, severity: EvalDiagnostic['severity'] = 'error'): EvalDiagnostic => ({
  project,
  file,
  line,
  code,
  severity,
  message: `${code} at ${file}:${line}`,
});

describe('npm run eval: counting and verdicts', () => {
  it('reads verdicts, and names the line of a malformed one', () => {
    const v = parseVerdicts('# project file line rule verdict why\np1\tconf/spark.conf\t3\tspark/legacy-key\tright\tremoved in 0.22.0\n\n');
    assert.deepEqual(v, [
      { project: 'p1', file: 'conf/spark.conf', line: 3, code: 'spark/legacy-key', verdict: 'right', why: 'removed in 0.22.0' },
    ]);
    assert.throws(() => parseVerdicts('p1\tf\t3\tspark/x\tmaybe\n'), /verdicts line 1: expected/);
    assert.throws(() => parseVerdicts('# c\np1\tf\tzero\tspark/x\tright\n'), /verdicts line 2/);
  });

  it('counts per family and rule, and measures precision on classified errors and warnings only', () => {
    const diagnostics = [
      d('p1', 'a.conf', 1, 'spark/legacy-key'),
      d('p1', 'a.conf', 2, 'spark/legacy-key', 'warning'),
      d('p2', 'dags/x.py', 5, 'dags/asset-uri'),
      d('p2', '.env', 1, 'airflow/nothing-configured', 'warning'),
      d('p2', '.env', 2, 'airflow/info-only', 'information'),
    ];
    const verdicts = parseVerdicts(
      [
        'p1\ta.conf\t1\tspark/legacy-key\tright\t',
        'p1\ta.conf\t2\tspark/legacy-key\twrong\tthe pinned version still reads it',
        'p2\tdags/x.py\t5\tdags/asset-uri\tright\t',
        'p3\tgone.conf\t9\tspark/url\twrong\tno longer fires',
      ].join('\n'),
    );
    const r = evaluate(3, diagnostics, verdicts);
    assert.deepEqual(r.families.get('spark'), { errors: 1, warnings: 1, information: 0, right: 1, wrong: 1, unclassified: 0 });
    assert.deepEqual(r.families.get('airflow'), { errors: 0, warnings: 1, information: 1, right: 0, wrong: 0, unclassified: 1 });
    assert.deepEqual(r.total, { errors: 2, warnings: 2, information: 1, right: 2, wrong: 1, unclassified: 1 });
    assert.equal(precision(r.total), '66.7%');
    assert.equal(precision(r.families.get('dags')!), '100.0%');
    assert.equal(precision(r.families.get('airflow')!), '–');
    assert.deepEqual(
      r.unclassified.map((x) => x.code),
      ['airflow/nothing-configured'],
    );
    assert.deepEqual(
      r.stale.map((v) => v.file),
      ['gone.conf'],
    );
    const text = formatReport(r);
    assert.match(text, /^3 projects, 2 errors, 2 warnings, 1 information/);
    assert.match(text, /all +2 +2 +1 +2 +1 +1 +66\.7%/);
    assert.match(text, /1 errors and warnings without a verdict/);
    assert.match(text, /p2\t\.env\t1\tairflow\/nothing-configured\t\?\twarning: /);
    assert.match(text, /1 verdicts match no diagnostic any more/);
  });
});

describe('npm run eval: the script', () => {
  let dir: string;

  before(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'lineage-lens-eval-'));
    mkdirSync(join(dir, 'spark-project'));
    writeFileSync(
      join(dir, 'spark-project', 'spark-defaults.conf'),
      'spark.extraListeners=io.openlineage.spark.agent.OpenLineageSparkListener\nspark.openlineage.host=http://marquez:5000\n',
    );
    mkdirSync(join(dir, 'empty-project'));
    writeFileSync(join(dir, 'verdicts.tsv'), 'spark-project\tspark-defaults.conf\t2\tspark/legacy-key\tright\tremoved in 0.22.0\n');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'eval.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

  it('checks each project from its own folder and measures precision with the verdicts', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts', 'eval.ts'), dir, '--verdicts', join(dir, 'verdicts.tsv'), '--format', 'json'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    const report = JSON.parse(out);
    assert.equal(report.projects, 2);
    assert.equal(report.rules['spark/legacy-key'].right, 1);
    assert.deepEqual(
      report.diagnostics.map((x: EvalDiagnostic) => `${x.project} ${x.file}:${x.line} ${x.code}`),
      ['spark-project spark-defaults.conf:2 spark/legacy-key'],
    );
  });

  it('says what is wrong with its arguments and exits 2', () => {
    const none = run();
    assert.equal(none.status, 2);
    assert.match(none.stderr, /name the folder of projects/);
    const missing = run(join(dir, 'nope'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /is not a folder/);
    const bad = run(dir, '--format', 'xml');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format is text or json, not xml/);
  });
});
