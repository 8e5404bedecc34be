/**
 * SQL lineage accuracy and speed: scores server/src/service/sql against every record of the shared corpus's
 * openlineage-sql cases (../shared/openlineage-corpus/static-vs-runtime/sql-parser/openlineage-sql-cases.json:
 * one assertion of openlineage-sql's own tests each), scoring only what each record asserts (its `asserts`),
 * table lineage and column lineage separately; then times the parser load and a 200-line statement.
 *
 *   node --import tsx bench/sql-accuracy.ts [cases.json] [--json]
 *
 * `scoreSqlAccuracy()` returns the numbers for bench/run.mjs. Exit status 1 when a kind scores under 95% or a
 * speed target is missed by more than 2×.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSqlLineage, sqlParserLoadTime } from '../server/src/node/sql';
import type { SqlDialect, SqlLineageFn, SqlLineageResult } from '../server/src/service/predict/types';
import { sqlDialect } from '../server/src/service/sql';

export const DEFAULT_CASES = join(
  __dirname,
  '..',
  '..',
  'shared',
  'openlineage-corpus',
  'static-vs-runtime',
  'sql-parser',
  'openlineage-sql-cases.json',
);

interface TableDetail {
  database: string | null;
  schema: string | null;
  name: string;
}

interface CaseRecord {
  id: string;
  sql: string;
  dialect: string;
  statements?: string[];
  asserts: string[];
  expected_inputs?: string[];
  expected_outputs?: string[];
  expected_inputs_detail?: TableDetail[];
  expected_outputs_detail?: TableDetail[];
  expected_input_names?: string[];
  expected_column_lineage?: { output: { table: string | null; column: string }; inputs: { table: string; column: string }[] }[];
  expected_errors?: { index: number; message: string }[];
}

export interface KindScore {
  pass: number;
  total: number;
  failures: { id: string; expected: unknown; actual: unknown }[];
}

export interface SqlAccuracy {
  /** table: the table-lineage assertions (inputs/outputs, input names); column: column lineage; errors: parse errors. */
  kinds: Record<'table' | 'column' | 'errors', KindScore>;
  loadMs: number;
  /** Median of 100 runs of a 200-line statement (after 50 warm-ups), after the parser is loaded. */
  statementMs: number;
  /** The fastest of those runs (the median moves with the machine's load and garbage collection). */
  statementMinMs: number;
  /** Its length in lines and characters. */
  statementSize: { lines: number; chars: number };
}

const KIND_OF: Record<string, 'table' | 'column' | 'errors'> = {
  table_lineage: 'table',
  inputs_only: 'table',
  input_table_names_only: 'table',
  first_output_qualified_name: 'table',
  column_lineage: 'column',
  errors: 'errors',
  no_errors: 'errors',
};

/** The SQL text the record's test gave: its list of statements as one text, each but the last ended by a `;`. */
function sqlOf(r: CaseRecord): string {
  const list = r.statements;
  return list ? list.map((s, i) => (i === list.length - 1 || /;\s*$/.test(s) ? s : `${s};`)).join('\n') : r.sql;
}

/** The parts of a table our result has (the records' details also carry quote characters and provided_* flags). */
const detail = (t: { database: string | null; schema: string | null; name: string }): TableDetail => ({
  database: t.database,
  schema: t.schema,
  name: t.name,
});

function check(assert: string, r: CaseRecord, got: SqlLineageResult): { ok: boolean; expected: unknown; actual: unknown } {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  switch (assert) {
    case 'table_lineage': {
      const expected = { inputs: r.expected_inputs_detail?.map(detail), outputs: r.expected_outputs_detail?.map(detail) };
      const actual = { inputs: got.inputs.map(detail), outputs: got.outputs.map(detail) };
      const names =
        same(
          r.expected_inputs,
          got.inputs.map((t) => t.qualifiedName),
        ) &&
        same(
          r.expected_outputs,
          got.outputs.map((t) => t.qualifiedName),
        );
      return { ok: names && same(expected, actual), expected, actual };
    }
    case 'inputs_only': {
      const actual = got.inputs.map(detail);
      const expected = r.expected_inputs_detail?.map(detail);
      return { ok: same(expected, actual), expected, actual };
    }
    case 'input_table_names_only': {
      const actual = got.inputs.map((t) => t.name);
      return { ok: same(r.expected_input_names, actual), expected: r.expected_input_names, actual };
    }
    case 'first_output_qualified_name': {
      const actual = got.outputs[0]?.qualifiedName;
      return { ok: r.expected_outputs?.[0] === actual, expected: r.expected_outputs?.[0], actual };
    }
    case 'column_lineage':
      return { ok: same(r.expected_column_lineage, got.columnLineage), expected: r.expected_column_lineage, actual: got.columnLineage };
    case 'errors': {
      const expected = (r.expected_errors ?? []).map((e) => e.message);
      const actual = got.errors.map((e) => e.message);
      return { ok: same(expected, actual), expected, actual };
    }
    case 'no_errors':
      return { ok: got.errors.length === 0, expected: [], actual: got.errors };
    default:
      return { ok: false, expected: `an assertion kind this scorer knows, not ${assert}`, actual: undefined };
  }
}

/** A 200-line statement: CTEs, joins, aggregates, CASE, an INSERT … SELECT. */
export function longStatement(): string {
  const lines = ['INSERT INTO mart.daily_revenue (region, day, orders, revenue, top_sku)', 'WITH'];
  for (let i = 0; i < 12; i++) {
    lines.push(
      `  stage_${i} AS (`,
      `    SELECT o.region, o.order_day AS day, COUNT(*) AS orders,`,
      `           SUM(CASE WHEN o.status = 'paid' THEN o.amount * (1 - d.rate) ELSE 0 END) AS revenue,`,
      `           MAX(p.sku) AS top_sku`,
      `    FROM sales.orders_${i} o`,
      `    JOIN sales.discounts d ON d.order_id = o.id AND d.valid_from <= o.order_day`,
      `    LEFT JOIN catalog.products p ON p.id = o.product_id`,
      `    WHERE o.order_day >= DATE '2024-01-01' AND o.region IN (SELECT region FROM ref.regions WHERE active)`,
      `    GROUP BY o.region, o.order_day`,
      `  )${i < 11 ? ',' : ''}`,
    );
  }
  lines.push('SELECT u.region, u.day, SUM(u.orders) AS orders, SUM(u.revenue) AS revenue, MAX(u.top_sku) AS top_sku', 'FROM (');
  for (let i = 0; i < 12; i++) lines.push(`  SELECT region, day, orders, revenue, top_sku FROM stage_${i}${i < 11 ? ' UNION ALL' : ''}`);
  lines.push(') u');
  while (lines.length < 199) lines.push(`  -- padding comment line ${lines.length}`);
  lines.push('GROUP BY u.region, u.day');
  return lines.join('\n');
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Scores every record and measures the speed figures. */
export async function scoreSqlAccuracy(casesPath = DEFAULT_CASES, lineage?: SqlLineageFn): Promise<SqlAccuracy> {
  const t0 = performance.now();
  const fn = lineage ?? (await loadSqlLineage());
  const loadMs = sqlParserLoadTime() ?? performance.now() - t0;
  const { records } = JSON.parse(readFileSync(casesPath, 'utf8')) as { records: CaseRecord[] };
  const kinds: SqlAccuracy['kinds'] = {
    table: { pass: 0, total: 0, failures: [] },
    column: { pass: 0, total: 0, failures: [] },
    errors: { pass: 0, total: 0, failures: [] },
  };
  for (const r of records) {
    const dialect: SqlDialect = sqlDialect(r.dialect) ?? 'generic';
    const got = fn(sqlOf(r), { dialect });
    for (const assert of r.asserts) {
      const kind = KIND_OF[assert] ?? 'table';
      const { ok, expected, actual } = check(assert, r, got);
      kinds[kind].total++;
      if (ok) kinds[kind].pass++;
      else kinds[kind].failures.push({ id: `${r.id} [${assert}]`, expected, actual });
    }
  }
  const long = longStatement();
  const times: number[] = [];
  for (let i = 0; i < 150; i++) {
    const s = performance.now();
    fn(long, { dialect: 'postgres' });
    if (i >= 50) times.push(performance.now() - s);
  }
  return {
    kinds,
    loadMs,
    statementMs: median(times),
    statementMinMs: Math.min(...times),
    statementSize: { lines: long.split('\n').length, chars: long.length },
  };
}

function percent(k: KindScore): string {
  return k.total ? `${((100 * k.pass) / k.total).toFixed(1)}%` : 'n/a';
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const path = args.find((a) => !a.startsWith('--')) ?? DEFAULT_CASES;
  if (!existsSync(path)) {
    console.error(`bench/sql-accuracy.ts: no cases file at ${path} (pass its path as the first argument).`);
    return 2;
  }
  const result = await scoreSqlAccuracy(path);
  if (args.includes('--json')) {
    console.log(JSON.stringify(result));
  } else {
    for (const [kind, k] of Object.entries(result.kinds)) {
      console.log(`SQL ${kind} lineage: ${k.pass}/${k.total} (${percent(k)})`);
      for (const f of k.failures)
        console.log(`  FAIL ${f.id}\n    expected ${JSON.stringify(f.expected)}\n    actual   ${JSON.stringify(f.actual)}`);
    }
    console.log(`parser load: ${result.loadMs.toFixed(1)} ms (target < 150 ms)`);
    const { lines, chars } = result.statementSize;
    console.log(
      `${lines}-line statement (${chars} characters): ${result.statementMs.toFixed(2)} ms median, ${result.statementMinMs.toFixed(2)} ms fastest (target < 5 ms)`,
    );
  }
  const low = (['table', 'column'] as const).some((k) => result.kinds[k].pass < 0.95 * result.kinds[k].total);
  return low || result.loadMs > 300 || result.statementMs > 10 ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}
