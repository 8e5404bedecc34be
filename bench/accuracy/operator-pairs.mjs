// `operator-unit-test` pairs. `af-*` records (airflow-provider-records.json) are structured: a DAG file with the
// operator and its arguments, and a `.env` with the mocked connection as `AIRFLOW_CONN_…`, are written to a
// temporary folder and read by `lineage-lens graph`. `ol-ext-*` pairs are upstream test files: see py-extract.mjs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphOf, summaryOfJob, tempDir } from './dag-pairs.mjs';
import { jobsFromGraph, relax, scoreJobs } from './match.mjs';
import { extractCases } from './py-extract.mjs';
import { hasSqlCommand } from './sql-cases.mjs';
import { runCli } from './dag-pairs.mjs';

const pyString = (s) => JSON.stringify(s); // a JSON string is a valid Python string literal

/** A Python expression for a record's argument value. */
function pyValue(v) {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return /^[A-Z]\w*\.[A-Z_]+$/.test(v) ? v : pyString(v); // an enum member (SFTPOperation.GET)
  if (Array.isArray(v)) return `[${v.map(pyValue).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${pyString(k)}: ${pyValue(x)}`)
    .join(', ')}}`;
}

/** `AIRFLOW_CONN_<ID>=<uri>` of a record's connection. */
export function connectionEnvLine(c) {
  const host = c.host ?? '';
  const port = c.port != null ? `:${c.port}` : '';
  const schema = c.schema ? `/${encodeURIComponent(c.schema)}` : '';
  const extra =
    c.extra && typeof c.extra === 'object' ? `?${new URLSearchParams(Object.entries(c.extra).map(([k, v]) => [k, String(v)]))}` : '';
  return `AIRFLOW_CONN_${c.conn_id.toUpperCase()}=${c.conn_type.replace(/_/g, '-')}://${host}${port}${schema}${extra}`;
}

/**
 * The DAG file for an `af-*` record, or `{skip}` with why it cannot be written as one (a provider function
 * rather than an operator, a mocked parser).
 */
export function dagForRecord(record, dagId) {
  if (record.mocked_parser_output)
    return { skip: 'the test mocks the SQL parser’s output (the names asserted come from the mock, not from the SQL)' };
  const path = record.operator;
  const m = /^([\w.]+)\.(\w+Operator)$/.exec(path);
  if (!m) return { skip: `${path} is a provider function, not an operator a DAG can hold` };
  const [, module, cls] = m;
  const args = { ...record.operator_args };
  const imports = [`from ${module} import ${cls}`];
  for (const v of Object.values(args))
    if (typeof v === 'string' && /^([A-Z]\w*)\.[A-Z_]+$/.test(v)) imports.push(`from ${module} import ${v.split('.')[0]}`);
  // The record's hook was mocked to the connection; a DAG names it with the operator's conn_id argument.
  if (record.connection && !Object.keys(args).some((k) => k.endsWith('conn_id'))) args.conn_id = record.connection.conn_id;
  const kwargs = Object.entries(args)
    .map(([k, v]) => `        ${k}=${pyValue(v)},`)
    .join('\n');
  const text = `from datetime import datetime\n\nfrom airflow import DAG\n${[...new Set(imports)].join('\n')}\n\nwith DAG(dag_id=${pyString(dagId)}, start_date=datetime(2024, 1, 1), schedule=None):\n    ${cls}(\n${kwargs}\n    )\n`;
  return { text, taskId: args.task_id };
}

/** Rules for a missing expected dataset of an `af-*` record. */
function recordRules(record) {
  return {
    classify(entry) {
      if (record.mocked_information_schema_rows && typeof entry.name === 'string') {
        const schema = entry.name.split('.').slice(0, -1).join('.');
        const sql = String(record.operator_args?.sql ?? '');
        if (schema && !sql.includes(schema))
          return {
            rule: `rule 6: the schema "${schema}" comes from the mocked information_schema rows, not from the SQL or the connection`,
            relaxed: relax(entry, `${schema}.`),
          };
      }
      const marker = /<[^<>]+>/.exec(`${entry.namespace} ${entry.name}`)?.[0];
      if (marker) return { rule: 'rule 6: a value only the runtime knows (written <…> in the record)', relaxed: relax(entry, marker) };
      return undefined;
    },
  };
}

/** Scores the records of one `af-*` pair: one case per record. */
export function scoreRecordPair(pair, corpus, cli) {
  const file = join(corpus, pair.source[0].split('#')[0]);
  const records = JSON.parse(readFileSync(file, 'utf8')).records ?? [];
  const ids = pair.source.map((s) => s.split('#')[1]);
  const cases = ids.map((id) => {
    const record = records.find((r) => r.id === id);
    if (!record) return { id, verdict: 'not-scored', why: 'no record with this id in the records file' };
    const dag = dagForRecord(record, 'accuracy_bench');
    if (dag.skip && /SQLParser\.generate_openlineage_metadata_from_sql$/.test(record.operator) && !record.mocked_parser_output)
      return scoreSqlParserRecord(record, cli, id);
    if (dag.skip) return { id, verdict: 'not-scored', why: dag.skip };
    const tmp = tempDir(pair.id);
    try {
      writeFileSync(join(tmp.dir, 'bench_dag.py'), dag.text);
      if (record.connection) writeFileSync(join(tmp.dir, '.env'), `${connectionEnvLine(record.connection)}\n`);
      const run = graphOf(cli, tmp.dir);
      if (run.error) return { id, verdict: 'fail', error: run.error };
      const predicted = jobsFromGraph(run.graph);
      const side = (list) => (list == null ? [] : [list.map((d) => ({ namespace: d.namespace, name: d.name, runtimeMarkers: true }))]);
      const expected = [
        { name: `accuracy_bench.${dag.taskId}`, inputs: side(record.expected_inputs), outputs: side(record.expected_outputs), events: [] },
      ];
      const score = scoreJobs(expected, predicted, recordRules(record));
      return { id, ...score, predictedJobs: predicted.map(summaryOfJob) };
    } finally {
      tmp.dispose();
    }
  });
  return { id: pair.id, kind: pair.kind, cases, verdict: pairVerdict(cases) };
}

/** A pair's verdict from its cases: `not-scored` only when no case could be scored. */
export function pairVerdict(cases) {
  const scored = cases.filter((c) => c.verdict !== 'not-scored');
  if (!scored.length) return 'not-scored';
  if (scored.some((c) => c.verdict === 'fail')) return 'fail';
  if (scored.some((c) => c.verdict === 'not-knowable')) return 'not-knowable';
  return 'pass';
}

/** Scores an `ol-ext-*` pair: the test file's cases that could be extracted, each through a synthesized DAG. */
export function scoreTestFilePair(pair, corpus, cli) {
  const testFile = pair.source.find((s) => s.endsWith('.py'));
  const text = readFileSync(join(corpus, testFile), 'utf8');
  const cases = extractCases(text).map((c) => {
    if (c.skip) return { id: c.id, verdict: 'not-scored', why: c.skip };
    const tmp = tempDir(pair.id);
    try {
      writeFileSync(join(tmp.dir, 'bench_dag.py'), c.dag);
      if (c.env) writeFileSync(join(tmp.dir, '.env'), c.env);
      const run = graphOf(cli, tmp.dir);
      if (run.error) return { id: c.id, verdict: 'fail', error: run.error };
      const predicted = jobsFromGraph(run.graph);
      const expected = [{ name: c.job, inputs: c.inputs ? [c.inputs] : [], outputs: c.outputs ? [c.outputs] : [], events: [] }];
      const score = scoreJobs(expected, predicted, { classify: (e) => c.rule?.(e) });
      return { id: c.id, ...score, predictedJobs: predicted.map(summaryOfJob) };
    } finally {
      tmp.dispose();
    }
  });
  if (!cases.length) cases.push({ id: pair.id, verdict: 'not-scored', why: 'no test function found in the file' });
  return { id: pair.id, kind: pair.kind, cases, verdict: pairVerdict(cases) };
}

/**
 * A record of the provider's `SQLParser.generate_openlineage_metadata_from_sql` (no operator): its inputs are the
 * SQL, the DatabaseInfo (scheme, authority) and the default schema, so it is scored through
 * `lineage-lens sql --default-schema`, the namespace being `scheme://authority` as the record gives it.
 */
function scoreSqlParserRecord(record, cli, id) {
  if (!hasSqlCommand(cli))
    return { id, verdict: 'not-scored', why: 'a provider function scored through `lineage-lens sql`, which this build lacks' };
  const args = record.operator_args ?? {};
  const info = args.DatabaseInfo ?? {};
  const namespace = `${info.scheme}://${info.authority}`;
  const cliArgs = [
    'sql',
    '--format',
    'json',
    ...(args['SQLParser.default_schema'] ? ['--default-schema', args['SQLParser.default_schema']] : []),
    '-',
  ];
  const r = runCli(cli, cliArgs, { input: String(args.sql ?? '') });
  let result;
  try {
    result = JSON.parse(r.stdout);
  } catch {
    return { id, verdict: 'fail', error: `lineage-lens sql exited ${r.status}: ${(r.stderr || r.stdout).trim().slice(0, 200)}` };
  }
  const ds = (list) => (list ?? []).map((t) => ({ namespace, name: t.qualifiedName, placeholders: [] }));
  const predicted = [{ namespace: '', name: 'sqlparser', inputs: ds(result.inputs), outputs: ds(result.outputs) }];
  const side = (list) => (list == null ? [] : [list.map((d) => ({ namespace: d.namespace, name: d.name }))]);
  const expected = [{ name: 'sqlparser', inputs: side(record.expected_inputs), outputs: side(record.expected_outputs), events: [] }];
  return { id, ...scoreJobs(expected, predicted), predictedJobs: [] };
}
