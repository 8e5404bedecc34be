// `airflow-dag` pairs: the pair's source files (flat corpus names `a__b.sql` restored to `a/b.sql`) and its
// context folder go into a temporary folder, `lineage-lens graph --format json --emitted-only` reads it, and the
// predicted jobs are compared with the expected events (bench/accuracy/match.mjs).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { expectedJobs, jobsFromGraph, relax, scoreJobs } from './match.mjs';

/** Runs the built CLI; returns `{status, stdout, stderr}`. */
export function runCli(cli, args, options = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000, ...options });
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error.message) : '') };
}

/** A temporary folder, removed by `dispose()`. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `lineage-lens-accuracy-${prefix}-`));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The graph of a folder, or `{error}`. */
export function graphOf(cli, dir) {
  const r = runCli(cli, ['graph', '--format', 'json', '--emitted-only', dir], { cwd: dir });
  try {
    return { graph: JSON.parse(r.stdout), stderr: r.stderr.trim() };
  } catch {
    return { error: `graph exited ${r.status}: ${(r.stderr || r.stdout).trim().slice(0, 400)}` };
  }
}

const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/;

/**
 * Not-knowable rules for a missing expected dataset of a DAG pair (MANIFEST.md "How the runtime names
 * datasets", rule 6). `sourceText`: every source file of the pair, concatenated.
 */
export function dagRules(sourceText) {
  return {
    classify(entry, side, job) {
      const ip = `${entry.namespace ?? ''} ${entry.name ?? ''}`.match(IPV4)?.[0];
      if (ip && !sourceText.includes(ip))
        return { rule: `rule 6: ${ip} is a host name the runtime resolves to an IP address`, relaxed: relax(entry, ip) };
      if (side === 'inputs' && entry.namespace === 'bigquery' && job.outputs.some((l) => l.some((o) => o.name === entry.name)))
        return 'rule 6: BigQuery lists the output table among the inputs, read from its job API';
      return undefined;
    },
    jobRule(job) {
      if (/\.[0-9a-f]{32}$/.test(job.name))
        return 'the job is named by a run-time hash (Great Expectations validation action), not after a DAG task';
      const [dagId, ...rest] = job.name.split('.');
      // A `dag.task` job (dbt-ol's `db.schema.project.model` jobs are not Airflow's).
      if (
        rest.length === 1 &&
        !/\{\{/.test(dagId) &&
        !new RegExp(`["']${dagId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`).test(sourceText)
      )
        return `rule 9: a job of DAG "${dagId}", which is not in this pair's sources (upstream quirk)`;
      return undefined;
    },
  };
}

/** Scores one airflow-dag pair. */
export function scoreDagPair(pair, corpus, cli) {
  const tmp = tempDir(pair.id);
  try {
    let sourceText = '';
    const contexts = new Set();
    for (const rel of pair.source) {
      const src = join(corpus, rel);
      if (rel.startsWith('context/')) {
        contexts.add(rel.split('/').slice(0, 2).join('/'));
        continue;
      }
      // The corpus flattens paths (`models__balance.sql`); put the file back where its name says.
      const target = join(tmp.dir, 'dags', ...basename(rel).split('__'));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(src, target);
      sourceText += `${readFileSync(src, 'utf8')}\n`;
    }
    for (const ctx of contexts) {
      const src = join(corpus, ctx);
      if (statSync(src).isDirectory()) cpSync(src, tmp.dir, { recursive: true });
      for (const f of ['docker-compose.yml', 'connections.json'])
        try {
          sourceText += `${readFileSync(join(src, f), 'utf8')}\n`;
        } catch {
          /* absent */
        }
    }
    const events = pair.expected.flatMap((rel) => {
      const parsed = JSON.parse(readFileSync(join(corpus, rel), 'utf8'));
      return Array.isArray(parsed) ? parsed : [parsed];
    });
    const expected = expectedJobs(events);
    const run = graphOf(cli, tmp.dir);
    if (run.error) return { id: pair.id, kind: pair.kind, verdict: 'fail', error: run.error, jobs: [] };
    const predicted = jobsFromGraph(run.graph);
    const score = scoreJobs(expected, predicted, dagRules(sourceText));
    return { id: pair.id, kind: pair.kind, ...score, predictedJobs: predicted.map(summaryOfJob) };
  } finally {
    tmp.dispose();
  }
}

export const summaryOfJob = (j) => ({
  name: j.name,
  operator: j.operator,
  supported: j.prediction?.supported,
  method: j.prediction?.method,
  problems: (j.prediction?.problems ?? []).map((p) => `${p.kind}: ${p.message}`),
  inputs: j.inputs.map((d) => `${d.namespace} ${d.name}`),
  outputs: j.outputs.map((d) => `${d.namespace} ${d.name}`),
});
