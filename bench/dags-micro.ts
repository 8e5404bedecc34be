/**
 * In-process part of the static-lineage benchmark (run by bench/dags.mjs as
 * `node --import tsx bench/dags-micro.ts <manifest.json>`): parse + index every DAG file of the generated
 * workspace, assemble and serialise the graph, then rename a task in one file repeatedly and time the update
 * (incremental reparse + parseDagFile + index update) and the file / workspace graphs after it.
 * Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { LineageIndex } from '../server/src/service/dags/lineage';
import { parseDagFile } from '../server/src/service/dags/parse';
import { loadPythonSpark } from '../server/src/node/python';
import { loadSqlLineage, sqlParserLoadTime } from '../server/src/node/sql';
import { WorkspacePredictor } from '../server/src/service/predict';
import { WorkspaceFiles } from '../server/src/service/predict/files';
import { ProjectIndex } from '../server/src/service';
import type { PythonTree } from '../server/src/service/python/parser';

interface Manifest {
  namespace: string;
  jobs: number;
  edits: number;
  files: { path: string; uri: string }[];
  edit: { uri: string; editAt: number; dagId: string; text: string };
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, median: r(q(0.5)), p95: r(q(0.95)), min: r(s[0]!), max: r(s[s.length - 1]!) };
}

async function main(): Promise<void> {
  const manifest = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Manifest;
  const root = join(__dirname, '..');
  // The server's loader: `tree(text)` parses afresh, `tree(text, uri, version)` incrementally from the cached tree.
  const { tree: parse } = await loadPythonSpark(root);
  const problems: string[] = [];
  const texts = manifest.files.map((f) => ({ uri: f.uri, text: readFileSync(f.path, 'utf8') }));

  // Time to the first complete lineage model, SQL lineage on (the parser's load counted).
  const index = new LineageIndex({ namespace: manifest.namespace });
  const tSql = performance.now();
  const sql = await loadSqlLineage(join(root, 'dist'));
  const sqlLoadMs = sqlParserLoadTime() ?? performance.now() - tSql;
  const project = new ProjectIndex();
  const envPath = join(dirname(manifest.files[0]!.path), '..', '.env');
  project.update(pathToFileURL(envPath).href, readFileSync(envPath, 'utf8'));
  index.predictor = new WorkspacePredictor({
    project: project.model,
    files: new WorkspaceFiles(),
    sql,
    pythonTree: parse,
    jobNamespace: manifest.namespace,
  });
  let parseMs = 0;
  const t0 = performance.now();
  for (const { uri, text } of texts) {
    const p0 = performance.now();
    const tree = parse(text);
    parseMs += performance.now() - p0;
    const repaired: PythonTree[] = [];
    const file = parseDagFile(tree, text, { reparse: (t) => (repaired.push(parse(t)), repaired[repaired.length - 1]!) });
    tree.delete();
    for (const r of repaired) r.delete();
    index.update(uri, file, text);
  }
  const t1 = performance.now();
  const graph = index.graph();
  const t2 = performance.now();
  const json = JSON.stringify(graph);
  const t3 = performance.now();
  const jobs = graph.graph.filter((n) => n.type === 'JOB').length;
  if (jobs !== manifest.jobs) problems.push(`in-process graph: ${jobs} jobs, expected ${manifest.jobs}`);

  // Edits of one file, parsed incrementally from its previous tree as the server does for open documents.
  const { uri, editAt, dagId } = manifest.edit;
  let text = manifest.edit.text;
  let version = 1;
  parse(text, uri, version);
  let current = 't0_step';
  const update: number[] = [];
  const fileGraph: number[] = [];
  const workspaceGraph: number[] = [];
  for (let i = 0; i < manifest.edits; i++) {
    const next = `t0_edit_${i}`;
    text = text.slice(0, editAt) + next + text.slice(editAt + current.length);
    current = next;
    const e0 = performance.now();
    const tree = parse(text, uri, ++version);
    const file = parseDagFile(tree, text, { reparse: (t) => parse(t) });
    index.update(uri, file, text);
    const e1 = performance.now();
    const g = index.graph({ uri });
    JSON.stringify(g);
    const e2 = performance.now();
    const w = index.graph();
    JSON.stringify(w);
    const e3 = performance.now();
    update.push(e1 - e0);
    fileGraph.push(e2 - e0);
    workspaceGraph.push(e3 - e2 + (e1 - e0));
    if (!g.graph.some((n) => n.id === `job:${manifest.namespace}:${dagId}.${next}`)) problems.push(`edit ${i}: ${dagId}.${next} missing`);
  }
  const round = (x: number) => Math.round(x);
  process.stdout.write(
    `${JSON.stringify({
      index: {
        // To the first complete graph: parses are indexed as they come, lineage and predictions on first read.
        totalMs: round(t2 - t0),
        parseMs: round(parseMs),
        graphMs: round(t2 - t1),
        serializeMs: round(t3 - t2),
        jobs,
        sqlLoadMs: round(sqlLoadMs),
        sqlDatasets: graph.graph.filter((n) => n.type === 'DATASET' && n.data.provenance.includes('sql')).length,
        nodes: graph.graph.length,
        bytes: json.length,
      },
      edit: { update: stats(update), fileGraph: stats(fileGraph), workspaceGraph: stats(workspaceGraph) },
      problems,
    })}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
