// `sql-parser-case` records: scored by the SQL engine's own scorer (bench/sql-accuracy.*) when it is in the
// tree; else through `lineage-lens sql` one record at a time; else reported as not available.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './dag-pairs.mjs';

/** The SQL scorer in bench/, if any. */
export function sqlScorer(root) {
  const found = readdirSync(join(root, 'bench')).find((f) => /^sql-accuracy\.(mjs|js|ts|mts)$/.test(f));
  return found ? join(root, 'bench', found) : undefined;
}

/** Whether the built CLI has the `sql` command. */
export function hasSqlCommand(cli) {
  const r = runCli(cli, ['sql', '--help']);
  return r.status === 0 && !/unknown command|Usage: lineage-lens check/i.test(r.stdout + r.stderr);
}

const sortU = (xs) => [...new Set(xs)].sort();
const same = (a, b) => JSON.stringify(sortU(a)) === JSON.stringify(sortU(b));
const cllKeys = (list) => list.flatMap((c) => c.inputs.map((i) => `${c.output.table ?? ''}.${c.output.column}<-${i.table}.${i.column}`));

/** Scores one record against a `lineage-lens sql --format json` result; returns `{verdict, diff?}`. */
export function scoreSqlRecord(record, result) {
  const diffs = [];
  const ins = (result.inputs ?? []).map((t) => t.qualifiedName);
  const outs = (result.outputs ?? []).map((t) => t.qualifiedName);
  for (const a of record.asserts ?? []) {
    if ((a === 'table_lineage' || a === 'inputs_only') && record.expected_inputs && !same(ins, record.expected_inputs))
      diffs.push(`inputs ${JSON.stringify(sortU(ins))} ≠ ${JSON.stringify(record.expected_inputs)}`);
    if (a === 'table_lineage' && record.expected_outputs && !same(outs, record.expected_outputs))
      diffs.push(`outputs ${JSON.stringify(sortU(outs))} ≠ ${JSON.stringify(record.expected_outputs)}`);
    if (a === 'input_table_names_only') {
      const names = (result.inputs ?? []).map((t) => t.name);
      if (!same(names, record.expected_input_names))
        diffs.push(`input names ${JSON.stringify(sortU(names))} ≠ ${JSON.stringify(record.expected_input_names)}`);
    }
    if (a === 'column_lineage') {
      const got = cllKeys(result.columnLineage ?? []);
      const want = cllKeys(record.expected_column_lineage ?? []);
      if (!same(got, want))
        diffs.push(
          `column lineage: missing ${JSON.stringify(want.filter((k) => !got.includes(k)))}, extra ${JSON.stringify(got.filter((k) => !want.includes(k)))}`,
        );
    }
    if (a === 'errors' && !(result.errors ?? []).length)
      diffs.push(`no error reported (expected ${JSON.stringify(record.expected_errors?.map((e) => e.message))})`);
  }
  return diffs.length ? { verdict: 'fail', diff: diffs } : { verdict: 'pass' };
}

/** `{available, source, cases?, delegated?}`. */
export function scoreSqlCases(pairs, corpus, root, cli) {
  const sqlPairs = pairs.filter((p) => p.kind === 'sql-parser-case');
  if (!sqlPairs.length) return { available: true, source: 'none', cases: [] };
  const scorer = sqlScorer(root);
  if (scorer) {
    const args = scorer.endsWith('ts') ? ['--import', 'tsx', scorer] : [scorer];
    const file = join(corpus, sqlPairs[0].source[0].split('#')[0]);
    const r = runCli(args[0], [...args.slice(1), '--json', file], { cwd: root });
    let json;
    try {
      json = JSON.parse(r.stdout);
    } catch {
      /* text output */
    }
    return { available: true, source: scorer.slice(root.length + 1), delegated: json ?? (r.stdout || r.stderr).trim(), exitCode: r.status };
  }
  if (!existsSync(cli) || !hasSqlCommand(cli))
    return { available: false, source: 'none', why: 'neither bench/sql-accuracy.* nor `lineage-lens sql` is in this tree yet' };
  const cache = new Map();
  const cases = sqlPairs.map((pair) => {
    const [rel, id] = pair.source[0].split('#');
    if (!cache.has(rel)) cache.set(rel, JSON.parse(readFileSync(join(corpus, rel), 'utf8')).records ?? []);
    const record = cache.get(rel).find((r) => r.id === id);
    if (!record) return { id: pair.id, verdict: 'not-scored', why: 'no record with this id' };
    const r = runCli(cli, ['sql', '--dialect', record.dialect ?? 'generic', '--format', 'json', '-'], { input: record.sql });
    try {
      return { id: pair.id, asserts: record.asserts, ...scoreSqlRecord(record, JSON.parse(r.stdout)) };
    } catch {
      return {
        id: pair.id,
        asserts: record.asserts,
        verdict: 'fail',
        diff: [`lineage-lens sql exited ${r.status}: ${(r.stderr || r.stdout).trim().slice(0, 200)}`],
      };
    }
  });
  return { available: true, source: 'lineage-lens sql', cases };
}
