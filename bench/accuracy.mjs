// Accuracy of lineage prediction (issue 16, item 6): scores what `lineage-lens graph` predicts from the code
// against what the OpenLineage runtime emitted or its tests assert, for every pair of a corpus folder shaped
// like ../shared/openlineage-corpus/static-vs-runtime (pairs.json + MANIFEST.md). See bench/README.md.
// Usage: node bench/accuracy.mjs [--corpus DIR] [--json] [--verbose]   (after npm run build)
// Exit status: 0 (a measurement), 2 on a usage error or a corpus that cannot be read.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scoreDagPair } from './accuracy/dag-pairs.mjs';
import { label } from './accuracy/match.mjs';
import { scoreRecordPair, scoreTestFilePair } from './accuracy/operator-pairs.mjs';
import { scoreSqlCases } from './accuracy/sql-cases.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function usage(message) {
  console.error(`bench/accuracy.mjs: ${message}\nUsage: node bench/accuracy.mjs [--corpus DIR] [--json] [--verbose]`);
  process.exit(2);
}

export function parseArgs(argv) {
  const options = { corpus: join(ROOT, '..', 'shared', 'openlineage-corpus', 'static-vs-runtime'), json: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') options.json = true;
    else if (a === '--verbose') options.verbose = true;
    else if (a === '--corpus' || a.startsWith('--corpus=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) usage('--corpus needs a folder');
      options.corpus = resolve(v);
    } else usage(`unexpected argument ${a}`);
  }
  return options;
}

/** Scores every pair of the corpus; returns the report object (`--json` prints it). */
export function runAccuracy({ corpus }) {
  const pairsFile = join(corpus, 'pairs.json');
  if (!existsSync(pairsFile)) throw new Error(`${pairsFile} is missing: --corpus must be a folder with pairs.json`);
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm run bench:accuracy does both)`);
  const pairs = JSON.parse(readFileSync(pairsFile, 'utf8'));
  if (!Array.isArray(pairs)) throw new Error(`${pairsFile}: expected a JSON array of pairs`);
  const results = [];
  const unknownKinds = new Set();
  for (const pair of pairs) {
    try {
      if (pair.kind === 'airflow-dag') results.push(scoreDagPair(pair, corpus, CLI));
      else if (pair.kind === 'operator-unit-test')
        results.push(pair.source.some((s) => s.includes('#')) ? scoreRecordPair(pair, corpus, CLI) : scoreTestFilePair(pair, corpus, CLI));
      else if (pair.kind !== 'sql-parser-case') unknownKinds.add(pair.kind);
    } catch (e) {
      results.push({ id: pair.id, kind: pair.kind, verdict: 'not-scored', why: `the scorer failed on this pair: ${e.message}` });
    }
  }
  const sql = scoreSqlCases(pairs, corpus, ROOT, CLI);
  const summary = {};
  for (const kind of ['airflow-dag', 'operator-unit-test']) {
    const of = results.filter((r) => r.kind === kind);
    summary[kind] = tally(of.map((r) => r.verdict));
    const cases = of.flatMap((r) => r.cases ?? []);
    if (cases.length) summary[`${kind} (cases)`] = tally(cases.map((c) => c.verdict));
  }
  if (sql.cases) summary['sql-parser-case'] = tally(sql.cases.map((c) => c.verdict));
  // bench/sql-accuracy.*'s own report: `{kinds: {table|column|errors: {pass, total, failures}}}`.
  for (const [k, v] of Object.entries(sql.delegated?.kinds ?? {}))
    if (typeof v?.pass === 'number' && typeof v?.total === 'number')
      summary[`sql-parser-case: ${k}`] = tally([...Array(v.pass).fill('pass'), ...Array(v.total - v.pass).fill('fail')]);
  return { corpus, pairs: results, sql, summary, unknownKinds: [...unknownKinds] };
}

function tally(verdicts) {
  const t = { total: verdicts.length, pass: 0, fail: 0, 'not-knowable': 0, 'not-scored': 0 };
  for (const v of verdicts) t[v] = (t[v] ?? 0) + 1;
  const scored = t.total - t['not-scored'];
  t.percent = scored ? Math.round((1000 * t.pass) / scored) / 10 : null;
  // Knowable = the pairs whose expected values the code can give (the target: all of them pass).
  const knowable = scored - t['not-knowable'];
  t.knowablePercent = knowable ? Math.round((1000 * t.pass) / knowable) / 10 : null;
  return t;
}

const ds = (list) => list.map((d) => label(d)).join(', ');

function jobLines(job, verbose) {
  const lines = [];
  if (job.missingJob) {
    const linked = job.linkedBy?.length ? ` (named in the links of ${job.linkedBy.join(', ')}, but no job node carries its datasets)` : '';
    lines.push(
      `    job ${job.name}: not predicted${linked}${job.rule ? ` — ${job.rule}` : ''}; predicted jobs: ${job.predictedJobs.join(', ') || 'none'}`,
    );
    return lines;
  }
  lines.push(`    job ${job.name}: ${job.verdict}${job.rule ? ` — ${job.rule}` : ''}`);
  for (const side of ['inputs', 'outputs']) {
    const s = job[side];
    if (!s) continue;
    if (s.missing.length) lines.push(`      ${side} missing: ${ds(s.missing)}`);
    if (s.extra.length && s.status !== 'none') lines.push(`      ${side} not expected: ${ds(s.extra)}`);
    if (s.extra.length && s.status === 'none' && verbose) lines.push(`      ${side} predicted (nothing asserted): ${ds(s.extra)}`);
    for (const u of s.unknowable) lines.push(`      ${side} not knowable: ${label(u.expected)} — ${u.rule}`);
    for (const p of s.viaPlaceholder) lines.push(`      ${side} matched by a placeholder: ${label(p.expected)} ← ${label(p.predicted)}`);
  }
  return lines;
}

function predictedLines(result) {
  return (result.predictedJobs ?? []).map(
    (j) =>
      `    predicted ${j.name} (${j.operator}${j.method ? `, ${j.method}` : ''}${j.supported === false ? ', unsupported' : ''}): in [${j.inputs.join(', ')}] out [${j.outputs.join(', ')}]${j.problems.length ? `; problems: ${j.problems.join('; ')}` : ''}`,
  );
}

function unitLines(unit, verbose) {
  const lines = [`  ${unit.id}: ${unit.verdict}${unit.why ? ` — ${unit.why}` : ''}${unit.error ? ` — ${unit.error}` : ''}`];
  const show = verbose || unit.verdict === 'fail' || unit.verdict === 'not-knowable';
  if (show) {
    for (const j of unit.jobs ?? []) if (verbose || j.verdict !== 'pass') lines.push(...jobLines(j, verbose));
    if (unit.verdict === 'fail' || verbose) lines.push(...predictedLines(unit));
  }
  return lines;
}

export function formatText(report, verbose) {
  const out = [`Lineage prediction accuracy — corpus ${report.corpus}`, ''];
  const row = (k, t) =>
    `${k.padEnd(28)} ${`${t.pass}/${t.total - t['not-scored']}`.padStart(7)} ${t.percent == null ? '   -  ' : `${t.percent.toFixed(1).padStart(5)}%`}   fail ${String(t.fail).padStart(3)}   not knowable ${String(t['not-knowable']).padStart(3)}   not scored ${String(t['not-scored']).padStart(3)}   knowable passing ${t.knowablePercent == null ? '-' : `${t.knowablePercent.toFixed(1)}%`}`;
  out.push(`${'kind'.padEnd(28)} ${'pass'.padStart(7)}  share`);
  for (const [k, t] of Object.entries(report.summary)) out.push(row(k, t));
  if (!report.sql.available) out.push(`${'sql-parser-case'.padEnd(28)} not available: ${report.sql.why}`);
  if (report.sql.delegated !== undefined) {
    out.push(`(sql-parser-case scored by ${report.sql.source})`);
    const d = report.sql.delegated;
    if (d && typeof d === 'object' && typeof d.loadMs === 'number' && typeof d.statementMs === 'number')
      out.push(
        `SQL lineage speed: parser load ${d.loadMs.toFixed(0)} ms (target < 150 ms); a ${d.statementSize?.lines ?? '?'}-line statement ${d.statementMs.toFixed(2)} ms median, ${d.statementMinMs?.toFixed(2) ?? '?'} ms fastest (target < 5 ms)`,
      );
  }
  for (const k of report.unknownKinds) out.push(`${k.padEnd(28)} not scored: unknown pair kind`);
  for (const kind of ['airflow-dag', 'operator-unit-test']) {
    const of = report.pairs.filter((r) => r.kind === kind);
    if (!of.length) continue;
    out.push('', `== ${kind} ==`);
    for (const r of of) {
      if (r.cases) {
        out.push(`  ${r.id}: ${r.verdict}`);
        for (const c of r.cases) out.push(...unitLines(c, verbose).map((l) => `  ${l}`));
      } else out.push(...unitLines(r, verbose));
    }
  }
  if (report.sql.cases?.length) {
    const failed = report.sql.cases.filter((c) => c.verdict !== 'pass');
    out.push('', `== sql-parser-case (${report.sql.source}) ==`);
    for (const c of verbose ? report.sql.cases : failed)
      out.push(`  ${c.id}: ${c.verdict}${c.diff ? ` — ${c.diff.join('; ')}` : ''}${c.why ? ` — ${c.why}` : ''}`);
  }
  if (report.sql.delegated !== undefined) {
    out.push('', `== sql-parser-case (${report.sql.source}) ==`);
    const d = report.sql.delegated;
    if (typeof d === 'string') out.push(d);
    else if (d?.kinds)
      for (const [k, v] of Object.entries(d.kinds))
        for (const f of v.failures ?? [])
          out.push(`  ${k} ${f.id}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`);
    else out.push(JSON.stringify(d, null, 2));
  }
  return `${out.join('\n')}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2));
  let report;
  try {
    report = runAccuracy(options);
  } catch (e) {
    console.error(`bench/accuracy.mjs: ${e.message}`);
    process.exit(2);
  }
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatText(report, options.verbose));
}
