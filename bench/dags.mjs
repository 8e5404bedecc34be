// Static-lineage benchmark: a generated workspace of DAG files (default 1,000: 5-20 tasks each, Datasets
// shared across DAGs as inlets/outlets, `>>` chains, the three DAG forms), measured
// - in process (`dags-micro.ts` under tsx): parse + index every file (time to the first complete lineage
//   model), graph assembly and serialisation, and the update after an edit of one file;
// - through the real server (`dist/server.js --stdio` on that workspace): spawn → `lineageLens/staticLineage`
//   returning the complete graph, and didChange of one DAG file → `lineageLens/staticLineage` reflecting it.
// Usage: node bench/dags.mjs [--files=1000] [--edits=30]   (npm run bench runs it after the LSP benchmark)
// Exit status: 1 if a graph is incomplete or a target is missed by more than 2x; otherwise 0.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BenchClient } from './lsp-client.mjs';
import { mulberry32 } from '../scripts/prng.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = join(ROOT, 'dist', 'server.js');
const NAMESPACE = 'bench';

/** Targets of the static lineage (Issue 4, "Performance"). */
export const DAG_TARGETS = {
  fullIndex: { max: 5000, label: '< 5 s' },
  update: { max: 50, label: 'p95 < 50 ms' },
};

const POOL_SIZE = 400;
/** The shared datasets: every DAG writes some and reads some written by the DAG before it. */
function poolUri(i) {
  switch (i % 5) {
    case 0:
      return `s3://acme-lake/raw/source_${i}`;
    case 1:
      return `postgres://warehouse:5432/analytics/public/table_${i}`;
    case 2:
      return `gs://acme-curated/marts/mart_${i}`;
    case 3:
      return `bigquery://acme-project/reporting/report_${i}`;
    default:
      return `file:///data/exports/export_${i}.parquet`;
  }
}

/**
 * One DAG file. Returns its text, the number of tasks (= jobs) and the offsets of the first task id's value
 * (the edit spot).
 */
export function dagFile(k, rnd) {
  const form = k % 3;
  const tasks = 5 + Math.floor(rnd() * 16);
  const dagId = `bench_dag_${String(k).padStart(4, '0')}`;
  const outs = [0, 1, 2].map((j) => (k * 3 + j) % POOL_SIZE);
  const ins = [0, 1, 2].map((j) => ((k - 1 + POOL_SIZE) * 3 + j) % POOL_SIZE);
  const used = [...new Set([...outs, ...ins])];
  const L = [];
  L.push(
    `"""`,
    `${dagId}: generated benchmark DAG ${k}.`,
    '',
    'Reads what the previous DAG writes and writes what the next one reads.',
    `"""`,
    '',
  );
  L.push('from __future__ import annotations', '', 'import pendulum', 'from airflow.datasets import Dataset');
  L.push(form === 1 ? 'from airflow.decorators import dag, task' : 'from airflow import DAG\nfrom airflow.decorators import task');
  L.push('from airflow.operators.bash import BashOperator', 'from airflow.operators.python import PythonOperator');
  L.push('from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator', '');
  for (const i of used) L.push(`DS_${i} = Dataset("${poolUri(i)}")`);
  L.push('', `SOURCES = [${ins.map((i) => `DS_${i}`).join(', ')}]`, '');
  L.push(
    '',
    'def _transform(**context):',
    '    """Pretend to transform the data."""',
    '    rows = context.get("params", {}).get("rows", 100)',
    '    return {"rows": rows, "ok": True}',
    '',
  );
  const indent = form === 2 ? '' : '    ';
  const header = `dag_id="${dagId}", start_date=pendulum.datetime(2025, 1, 1, tz="UTC"), catchup=False, tags=["bench"]`;
  const schedule = k % 4 === 0 ? `[DS_${ins[0]}]` : '"@daily"';
  if (form === 0) L.push(`with DAG(${header}, schedule=${schedule}) as dag:`);
  else if (form === 1) L.push(`@dag(${header}, schedule=${schedule})`, `def ${dagId}():`);
  else L.push(`dag = DAG(${header}, schedule=${schedule})`, '');
  let editAt = -1;
  const names = [];
  for (let t = 0; t < tasks; t++) {
    const name = `t${t}`;
    names.push(name);
    const inlets = t === 0 ? 'inlets=SOURCES, ' : rnd() < 0.3 ? `inlets=[DS_${ins[Math.floor(rnd() * 3)]}], ` : '';
    const outlets =
      t === tasks - 1
        ? `outlets=[${outs.map((i) => `DS_${i}`).join(', ')}], `
        : rnd() < 0.2
          ? `outlets=[DS_${outs[Math.floor(rnd() * 3)]}], `
          : '';
    const dagArg = form === 2 ? 'dag=dag, ' : '';
    const kind = rnd();
    if (kind < 0.2) {
      // A SQL operator: its lineage comes from the SQL (sqlparser-rs), its names from the connection in .env.
      const src = `table_${ins[t % 3]}`;
      const dst = `table_${outs[t % 3]}`;
      const sql = `INSERT INTO analytics.${dst} SELECT o.id, o.amount * 2 AS doubled, c.name FROM analytics.${src} o JOIN analytics.customers c ON c.id = o.customer_id WHERE o.day = '{{ ds }}'`;
      const line = `${indent}${name} = SQLExecuteQueryOperator(task_id="${name}_step", ${dagArg}conn_id="warehouse", sql="${sql}")`;
      if (t === 0) editAt = L.join('\n').length + 1 + line.indexOf(`"${name}_step"`) + 1;
      L.push(line);
    } else if (kind < 0.5) {
      const line = `${indent}${name} = BashOperator(task_id="${name}_step", ${dagArg}${inlets}${outlets}bash_command="echo ${name} {{ ds }}")`;
      if (t === 0) editAt = L.join('\n').length + 1 + line.indexOf(`"${name}_step"`) + 1;
      L.push(line);
    } else if (kind < 0.8 || form === 2) {
      const line = `${indent}${name} = PythonOperator(task_id="${name}_step", ${dagArg}${inlets}${outlets}python_callable=_transform)`;
      if (t === 0) editAt = L.join('\n').length + 1 + line.indexOf(`"${name}_step"`) + 1;
      L.push(line);
    } else {
      const deco = inlets || outlets ? `@task(${(inlets + outlets).replace(/, $/, '')})` : '@task';
      L.push('', `${indent}${deco}`, `${indent}def ${name}_step():`, `${indent}    return ${t}`, '');
      L.push(`${indent}${name} = ${name}_step()`);
      if (t === 0) editAt = -2; // the function name is the id; edited below through the decorator line
    }
  }
  // Dependencies: a chain with fan-outs.
  const chain = [];
  for (let t = 0; t < names.length; t++) {
    if (t + 2 < names.length && rnd() < 0.25) {
      chain.push(`[${names[t]}, ${names[t + 1]}]`);
      t++;
    } else chain.push(names[t]);
  }
  L.push('', `${indent}${chain.join(' >> ')}`);
  if (form === 1) L.push('', '', `${dagId}()`);
  L.push('');
  const text = L.join('\n');
  return { text, tasks, editAt, dagId };
}

/** Writes the workspace; returns its manifest (files, expected jobs, the file and spot to edit). */
export function generateWorkspace(dir, count) {
  const rnd = mulberry32(0xda65 + count);
  mkdirSync(join(dir, 'dags'), { recursive: true });
  writeFileSync(join(dir, 'airflow.cfg'), `[openlineage]\nnamespace = ${NAMESPACE}\ntransport = {"type": "console"}\n`);
  writeFileSync(join(dir, 'requirements.txt'), 'apache-airflow==2.10.5\napache-airflow-providers-openlineage==2.3.0\n');
  writeFileSync(join(dir, '.env'), 'AIRFLOW_CONN_WAREHOUSE=postgres://etl:etl@warehouse:5432/analytics\n');
  const files = [];
  let jobs = 0;
  let bytes = 0;
  for (let k = 0; k < count; k++) {
    const f = dagFile(k, rnd);
    const path = join(dir, 'dags', `${f.dagId}.py`);
    writeFileSync(path, f.text);
    files.push({ path, uri: pathToFileURL(path).href, tasks: f.tasks, editAt: f.editAt, dagId: f.dagId, text: f.text });
    jobs += f.tasks;
    bytes += f.text.length;
  }
  const edit = files.find((f, i) => i >= count / 2 && f.editAt > 0) ?? files.find((f) => f.editAt > 0);
  return {
    dir,
    namespace: NAMESPACE,
    files: files.map(({ text: _, ...f }) => f),
    jobs,
    bytes,
    edit: { ...edit, text: files.find((f) => f === edit)?.text },
  };
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  const r = (x) => Math.round(x * 10) / 10;
  return { n: s.length, median: r(q(0.5)), p95: r(q(0.95)), min: r(s[0]), max: r(s[s.length - 1]) };
}

function positionAt(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function runMicro(manifestPath) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'dags-micro.ts'), manifestPath], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c) => (out += c));
    proc.stderr.on('data', (c) => (err += c));
    proc.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()))
        : reject(new Error(`bench/dags-micro.ts exited with ${code}:\n${err}`)),
    );
  });
}

/** Through the real server: first complete graph, then edits of one open DAG file. */
async function runLsp(manifest, edits) {
  const client = new BenchClient(SERVER, manifest.dir, {});
  const problems = [];
  try {
    const spawnAt = performance.now();
    await client.initialize();
    const initializedAt = performance.now();
    const full = await client.connection.sendRequest('lineageLens/staticLineage', {});
    const fullAt = performance.now();
    const jobs = full.graph.filter((n) => n.type === 'JOB').length;
    const datasets = full.graph.length - jobs;
    if (jobs !== manifest.jobs) problems.push(`first graph: ${jobs} jobs, expected ${manifest.jobs}`);
    const namespaces = new Set(full.graph.filter((n) => n.type === 'JOB').map((n) => n.data.namespace));
    if (namespaces.size !== 1 || !namespaces.has(manifest.namespace))
      problems.push(`job namespaces ${[...namespaces].join(', ')}, expected ${manifest.namespace}`);
    const serialized = JSON.stringify(full).length;
    const afterFirst = client.usage();

    // Edits: the first task id of one DAG file, renamed each time; the file's graph must show the new job.
    const { uri, editAt, dagId } = manifest.edit;
    let text = manifest.edit.text;
    await client.open(uri, 'python', text, 1);
    let version = 1;
    let current = 't0_step';
    const fileLatency = [];
    const workspaceLatency = [];
    for (let i = 0; i < edits; i++) {
      const next = `t0_edit_${i}`;
      const start = positionAt(text, editAt);
      const end = positionAt(text, editAt + current.length);
      text = text.slice(0, editAt) + next + text.slice(editAt + current.length);
      current = next;
      const t0 = performance.now();
      await client.change(uri, ++version, [{ range: { start, end }, text: next }]);
      const g = await client.connection.sendRequest('lineageLens/staticLineage', { uri });
      const t1 = performance.now();
      if (!g.graph.some((n) => n.id === `job:${manifest.namespace}:${dagId}.${next}`))
        problems.push(`edit ${i}: the file graph does not show ${dagId}.${next}`);
      fileLatency.push(t1 - t0);
      if (i % 3 === 0) {
        // The whole workspace after an edit (a bigger response: assembly + serialisation of every node).
        const t2 = performance.now();
        await client.change(uri, ++version, [{ range: positionRange(text, editAt, next.length), text: next }]);
        const w = await client.connection.sendRequest('lineageLens/staticLineage', {});
        workspaceLatency.push(performance.now() - t2);
        if (!w.graph.some((n) => n.id === `job:${manifest.namespace}:${dagId}.${next}`))
          problems.push(`edit ${i}: the workspace graph does not show ${dagId}.${next}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const usage = client.usage();
    return {
      initializeMs: Math.round(initializedAt - spawnAt),
      firstGraphMs: Math.round(fullAt - spawnAt),
      firstGraphAfterInitializedMs: Math.round(fullAt - initializedAt),
      jobs,
      datasets,
      responseBytes: serialized,
      editFile: stats(fileLatency),
      editWorkspace: stats(workspaceLatency),
      rssAfterFirstGraphMB: afterFirst.rssMB == null ? null : Math.round(afterFirst.rssMB),
      peakRssMB: usage.peakRssMB == null ? null : Math.round(usage.peakRssMB),
      problems,
    };
  } finally {
    await client.shutdown();
  }
}

function positionRange(text, offset, length) {
  return { start: positionAt(text, offset), end: positionAt(text, offset + length) };
}

/** Runs the whole benchmark; prints a table; returns { records, failed }. */
export async function runDagBench({ files = 1000, edits = 30, log = console.log } = {}) {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run npm run build first.`);
  const dir = mkdtempSync(join(tmpdir(), 'lineage-lens-dags-'));
  try {
    const manifest = generateWorkspace(dir, files);
    const manifestPath = join(dir, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, edits }));
    log(
      `Static lineage benchmark: ${files} DAG files (${manifest.jobs} tasks, ${(manifest.bytes / 1024 / 1024).toFixed(1)} MiB), ${edits} edits\n`,
    );
    const micro = await runMicro(manifestPath);
    const lsp = await runLsp(manifest, edits);
    const rows = [];
    let hardFail = false;
    const row = (metric, median, value, target) => {
      let result = '';
      if (target && value != null) {
        if (value <= target.max) result = 'PASS';
        else if (value <= 2 * target.max) result = 'FAIL';
        else {
          result = 'FAIL >2×';
          hardFail = true;
        }
      }
      rows.push([metric, median == null ? '' : `${median} ms`, value == null ? '' : `${value} ms`, target?.label ?? '', result]);
    };
    row('in-process: parse + index all files', null, micro.index.totalMs, DAG_TARGETS.fullIndex);
    row('  of which tree-sitter parse', null, micro.index.parseMs, null);
    row(`  SQL lineage on: parser load (${micro.index.sqlDatasets} datasets from SQL)`, null, micro.index.sqlLoadMs, null);
    row('  graph assembly / JSON', null, `${micro.index.graphMs} / ${micro.index.serializeMs}`, null);
    row('in-process: edit → index updated', micro.edit.update.median, micro.edit.update.p95, DAG_TARGETS.update);
    row('in-process: edit → file graph', micro.edit.fileGraph.median, micro.edit.fileGraph.p95, DAG_TARGETS.update);
    row('in-process: edit → workspace graph', micro.edit.workspaceGraph.median, micro.edit.workspaceGraph.p95, null);
    row('server: spawn → complete staticLineage', null, lsp.firstGraphMs, DAG_TARGETS.fullIndex);
    row('server: didChange → staticLineage {uri}', lsp.editFile.median, lsp.editFile.p95, DAG_TARGETS.update);
    row('server: didChange → staticLineage (workspace)', lsp.editWorkspace.median, lsp.editWorkspace.p95, null);
    const header = ['Metric', 'median', 'p95 / value', 'Target', 'Result'];
    const widths = header.map((_, i) => Math.max(header[i].length, ...rows.map((r) => String(r[i]).length)));
    const line = (cells) =>
      cells
        .map((c, i) => (i === 1 || i === 2 ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
        .join('  ')
        .trimEnd();
    log(line(header));
    log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) log(line(r));
    log(
      `\nGraph: ${lsp.jobs} jobs, ${lsp.datasets} datasets, ${(lsp.responseBytes / 1024 / 1024).toFixed(1)} MiB of JSON; server RSS ${lsp.rssAfterFirstGraphMB ?? '?'} MB after the first graph, peak ${lsp.peakRssMB ?? '?'} MB`,
    );
    const problems = [...micro.problems, ...lsp.problems];
    for (const p of problems.slice(0, 10)) log(`  WRONG: ${p}`);
    return { records: { files, jobs: manifest.jobs, micro, lsp }, failed: hardFail || problems.length > 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = Object.fromEntries(
    process.argv.slice(2).map((a) => {
      const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
      if (!m || !['files', 'edits'].includes(m[1])) {
        console.error(`bench/dags.mjs: unexpected argument ${a}\nUsage: node bench/dags.mjs [--files=1000] [--edits=30]`);
        process.exit(2);
      }
      return [m[1], Number(m[2])];
    }),
  );
  const { failed } = await runDagBench({ files: args.files || 1000, edits: args.edits || 30 });
  process.exit(failed ? 1 : 0);
}
