import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { StaticLineageResult } from '../../../protocol/lineage';
import { nodeIdBody } from '../../../protocol/node-ids';
import { collectPaths, readTextFile, walkFiles } from '../node/files';
import { jobNamespace, LineageIndex, maxFileBytes, overBudget, ProjectIndex, projectFileKind, type PythonTreeSource } from '../service';
import { mentionsAirflow, parseDagFile } from '../service/dags/parse';
import { ParseCancelled, type PythonTree } from '../service/python/parser';
import { DEFAULT_LIMITS, withTimeBudget } from '../service/budget';
import { isPredictSource, isPythonPredictSource, predictSourceBytes, WorkspaceFiles } from '../service/predict/files';
import { WorkspacePredictor } from '../service/predict';
import type { SqlLineageFn } from '../service/predict/types';

export interface GraphCommandOptions {
  paths: string[];
  format: 'json' | 'text';
  /** Leave out datasets the OpenLineage provider would not emit. */
  emittedOnly: boolean;
}

export interface GraphEnv {
  /** Python syntax trees; `lineage-lens graph` cannot work without them. */
  readonly pythonTree?: PythonTreeSource;
  readonly cwd: string;
  out(s: string): void;
  err(s: string): void;
  /** The clock of the per-file time budget, in milliseconds (tests pass a fake one). */
  readonly now?: () => number;
  /** SQL lineage (sqlparser-rs), loaded when the first DAG file is found; without it SQL operators name no datasets. */
  readonly sql?: () => Promise<SqlLineageFn>;
}

/**
 * `lineage-lens graph`: reads the DAG files under the given paths and prints their static lineage as the
 * Marquez `GET /api/v1/lineage` JSON (or a readable summary). The job namespace comes from the OpenLineage
 * configuration found with them (or in the current directory when only files are named).
 */
export async function runGraph(options: GraphCommandOptions, envIn: GraphEnv): Promise<{ exitCode: number; graph?: StaticLineageResult }> {
  let env = envIn;
  if (!env.pythonTree) {
    env.err('lineage-lens: Python support is unavailable, so DAG files cannot be read.\n');
    return { exitCode: 2 };
  }
  const tree = env.pythonTree;
  const { files, dirs, missing } = await collectPaths(options.paths, env.cwd, (n) => n.endsWith('.py'), env.err);
  let unreadable = missing;
  if (unreadable && !files.length && !dirs.length) return { exitCode: 2 };

  // The namespace: OpenLineage settings in the given folders, or in the current directory for named files.
  // The files predictions read too: SQL templates, dbt projects, connection exports (see isPredictSource).
  const project = new ProjectIndex();
  const sources = new WorkspaceFiles();
  for (const dir of dirs.length ? dirs : [env.cwd]) {
    const accept = (n: string) => (projectFileKind(n) !== undefined && !n.endsWith('.py')) || isPredictSource(n);
    for await (const f of walkFiles(dir, { accept, maxFiles: 20000 })) {
      // Only regular files within the service's budget (a settings file symlinked to /dev/zero, a FIFO).
      const read = await readTextFile(f, predictSourceBytes(f, maxFileBytes()));
      if (read.kind !== 'text') continue;
      const uri = pathToFileURL(f).href;
      if (projectFileKind(f) !== undefined) project.update(uri, read.text);
      if (isPredictSource(f)) sources.set(uri, read.text);
    }
  }
  const index = new LineageIndex({ namespace: jobNamespace(project.model).namespace });
  let sql: SqlLineageFn | undefined;

  for (const f of files) {
    const read = await readTextFile(f.path, maxFileBytes());
    if (read.kind === 'error') {
      env.err(`lineage-lens: ${display(f.path, env.cwd)}: cannot read (${read.code})\n`);
      unreadable++;
      continue;
    }
    if (read.kind !== 'text') {
      const why =
        read.kind === 'too-large'
          ? `larger than ${(maxFileBytes() / 1e6).toFixed(0)} MB`
          : read.kind === 'binary'
            ? 'not a text file'
            : 'not a regular file';
      if (f.explicit) env.err(`lineage-lens: ${display(f.path, env.cwd)}: skipped, ${why}\n`);
      continue;
    }
    const text = read.text;
    // The language service's size budget applies here too: a DAG file over it is not parsed.
    const tooLarge = overBudget(text);
    if (tooLarge) {
      if (f.explicit) env.err(`lineage-lens: ${display(f.path, env.cwd)}: skipped: ${tooLarge.replace(/^Lineage Lens: /, '')}\n`);
      continue;
    }
    const uri = pathToFileURL(f.path).href;
    if (isPythonPredictSource(text)) sources.set(uri, text);
    if (!mentionsAirflow(text)) continue;
    if (!sql && env.sql) {
      sql = await env.sql().catch((e: unknown) => {
        env.err(`lineage-lens: SQL lineage is unavailable (${(e as Error).message}); SQL operators' datasets are not predicted\n`);
        return undefined;
      });
      if (!sql) env = { ...env, sql: undefined };
    }
    const trees: PythonTree[] = [];
    const parse = (t: string) => {
      const parsed = tree(t, uri);
      trees.push(parsed);
      return parsed;
    };
    try {
      // The language service's time budget applies to each file's parse too (a parse past it is cancelled).
      const outcome = withTimeBudget(DEFAULT_LIMITS.timeMs, env.now ?? (() => performance.now()), () => {
        try {
          const file = parseDagFile(parse(text), text, { reparse: parse });
          if (file.isAirflow) index.update(uri, file, text);
        } catch (e) {
          if (!(e instanceof ParseCancelled)) throw e;
        }
      });
      const limit = `${DEFAULT_LIMITS.timeMs / 1000} s, the limit per file`;
      if (outcome === 'parse') env.err(`lineage-lens: ${display(f.path, env.cwd)}: skipped: parsing it took over ${limit}\n`);
      else if (outcome === 'rules')
        env.err(`lineage-lens: ${display(f.path, env.cwd)}: read only in part: reading its tasks took over ${limit}\n`);
    } finally {
      for (const t of trees) t.delete();
    }
  }

  // Predictions are made once every file is read: a task's `.sql` template or PySpark job may come later in the walk.
  index.predictor = new WorkspacePredictor({
    project: project.model,
    files: sources,
    ...(sql ? { sql } : {}),
    pythonTree: tree,
    jobNamespace: index.namespace,
  });
  const graph = index.graph(options.emittedOnly ? { emittedOnly: true } : {});
  if (options.format === 'json') env.out(`${JSON.stringify(graph, null, 2)}\n`);
  else env.out(summary(graph, index, env.cwd));
  return { exitCode: unreadable && !files.length ? 2 : 0, graph };
}

/** Jobs with their inputs → outputs, one block per job. */
function summary(graph: StaticLineageResult, index: LineageIndex, cwd: string): string {
  const jobs = graph.graph.filter((n) => n.type === 'JOB');
  const datasets = graph.graph.filter((n) => n.type === 'DATASET');
  const byId = new Map(datasets.map((d) => [d.id, d]));
  const dsText = (id: string) => {
    const node = byId.get(id);
    const label = nodeIdBody(id);
    if (node?.type !== 'DATASET') return label;
    // An empty namespace is what the provider reports (a File url without a scheme); Marquez rejects it.
    if (node.data.namespace === '') return `${label} (empty namespace: Marquez rejects it)`;
    return node.data.emitted ? label : `${label} (${node.data.origin === 'openmetadata' ? 'OpenMetadata' : 'not emitted'})`;
  };
  const where = (uri: string, line: number) => `${display(fileURLToPath(uri), cwd)}:${line + 1}`;
  const lines: string[] = [];
  const files = index.uris.length;
  lines.push(
    `Static lineage: ${jobs.length} job${jobs.length === 1 ? '' : 's'}, ${datasets.length} dataset${datasets.length === 1 ? '' : 's'} from ${files} DAG file${files === 1 ? '' : 's'} (job namespace "${index.namespace}")`,
  );
  for (const j of jobs) {
    if (j.type !== 'JOB') continue;
    const d = j.data;
    lines.push('', `${d.name}  ${d.operator}  ${where(d.sourceLocation.uri, d.sourceLocation.range.start.line)}`);
    lines.push(`  inputs:  ${j.inEdges.map((e) => dsText(e.origin)).join(', ') || '-'}`);
    lines.push(`  outputs: ${j.outEdges.map((e) => dsText(e.destination)).join(', ') || '-'}`);
    if (d.upstream.length) lines.push(`  upstream: ${d.upstream.join(', ')}`);
    // A dbt model or Spark application a task runs: its own job, under the task.
    if (d.parentJobName !== d.dag.dagId) lines.push(`  run by: ${d.parentJobName}`);
    else if (d.dag.schedule.length) lines.push(`  DAG scheduled on: ${d.dag.schedule.map((s) => `${s.namespace}:${s.name}`).join(', ')}`);
  }
  const orphans = index.uris.reduce((n, u) => n + (index.file(u)?.orphanTasks ?? 0), 0);
  if (orphans) lines.push('', `${orphans} task${orphans === 1 ? '' : 's'} outside any DAG (or without a task id) left out.`);
  return `${lines.join('\n')}\n`;
}

function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
}
