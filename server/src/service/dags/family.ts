/**
 * Airflow DAG files as lineage: the `dags/*` rules (passed in), hovers that show what an inlet/outlet becomes in
 * OpenLineage (or why it is dropped) and which job a task is, and, across the workspace's DAG files, go to
 * definition (the tasks that produce and consume a dataset) and find references (every place it appears).
 */
import type { Range } from 'vscode-languageserver-types';
import { defineFamily, ruleContext, type DocInput, type Family, type HoverResult } from '../family';
import { treeOf, type PythonTreeSource } from '../python/parser';
import { runRules, type Rule } from '../rules/rule';
import { projectHover } from '../project/hover';
import type { OffsetRange } from '../text/model';
import { convertXlet, type XletDataset } from './convert';
import { datasetNodeId } from '../../../../protocol/node-ids';
import { fileLineage, jobName, jobNamespace, type DatasetUse } from './lineage';
import type { DagDef, DagFile, TaskDef, Xlet } from './model';
import { mentionsAirflow, parseDagFile } from './parse';
import type { DagRuleContext } from './rules/rule';
import type { TaskPrediction } from '../predict/types';
import { reportsOwnDatasets } from './predicted';
import { onPrediction, predictionLines } from './prediction-hover';
import { mdCode, mdText } from '../../../../common/markdown';

export interface DagsDeps {
  /** Python syntax trees; without them no file is read as a DAG file. */
  readonly pythonTree?: PythonTreeSource;
  /** The `dags/*` rules to run. */
  readonly rules?: readonly Rule<DagRuleContext>[];
}

/** The pseudo-URI suffix of repaired copies of a document (parsed once, never cached by version). */
const REPAIR_SUFFIX = '#lineage-lens-repair';

export function dagsFamily(deps: DagsDeps = {}): Family {
  const rules = deps.rules ?? [];
  // One parse per document version, shared by kind, validation, hover, definition and references.
  return defineFamily<DagFile | undefined>({
    id: 'dags',
    rules,
    parse: (input) => readDagFile(input, deps.pythonTree),
    answers: (parse) => {
      const dagFile = (input: DocInput): DagFile | undefined => {
        const file = parse(input);
        return file?.isAirflow ? file : undefined;
      };
      /** Every use, across the workspace, of the datasets of the inlet/outlet under the cursor. */
      const usesAtXlet = (input: DocInput, offset: number): DatasetUse[] | undefined => {
        const file = dagFile(input);
        const hit = file && xletAt(file, offset);
        return file && hit ? usesOf(input, file, convertXlet(hit.xlet).datasets) : undefined;
      };
      return {
        kind(input) {
          const file = dagFile(input);
          return file && (file.dags.length || file.tasks.length) ? 'airflow-dag' : undefined;
        },
        validate(input, enabled, report) {
          if (!rules.length) return;
          const file = dagFile(input);
          // Airflow never parses a file `.airflowignore` excludes: nothing to say about it as a DAG.
          if (!file || input.project.airflowIgnored) return;
          const predict = input.lineage?.predictor ? (task: TaskDef) => predictionOf(input, file, task) : undefined;
          runRules(rules, (emit) => ({ ...ruleContext(input, emit), file, ...(predict ? { predict } : {}) }), enabled, report);
        },
        hover(input, offset) {
          const file = dagFile(input);
          if (!file) return undefined;
          const hit = xletAt(file, offset);
          if (hit) return xletHover(input, file, hit);
          const task = taskAt(file, offset);
          if (task) return taskHover(input, file, task, predictionOf(input, file, task));
          // The operator's name, or the SQL (the argument) a prediction comes from.
          for (const t of file.tasks) {
            if (offset < t.range.start || offset > t.range.end) continue;
            const prediction = predictionOf(input, file, t);
            const range = onPrediction(t, prediction, offset);
            if (range) return taskHover(input, file, t, prediction, range);
          }
          // The first line of a DAG file shows what the project model knows about it.
          if (input.lineAt(offset) === 0 && (file.dags.length || file.tasks.length)) {
            const end = input.text.search(/\r?\n|$/);
            return { markdown: projectHover(input.project), range: { start: 0, end: Math.max(end, 0) } };
          }
          return undefined;
        },
        definition(input, offset) {
          const uses = usesAtXlet(input, offset);
          if (!uses) return undefined;
          const seen = new Set<string>();
          const out: { uri: string; range: Range }[] = [];
          for (const u of uses) {
            if (!u.task || !u.job || (u.role !== 'input' && u.role !== 'output')) continue;
            const k = `${u.uri}\u0000${u.job}`;
            if (seen.has(k)) continue;
            seen.add(k);
            out.push({ uri: u.uri, range: u.task });
          }
          return out.length ? out : undefined;
        },
        references(input, offset, context) {
          const uses = usesAtXlet(input, offset);
          if (!uses) return undefined;
          const seen = new Set<string>();
          const out: { uri: string; range: Range }[] = [];
          const add = (uri: string, range: Range) => {
            const k = `${uri}\u0000${range.start.line}:${range.start.character}:${range.end.line}:${range.end.character}`;
            if (seen.has(k)) return;
            seen.add(k);
            out.push({ uri, range });
          };
          for (const u of uses) {
            add(u.uri, u.range);
            if (context?.includeDeclaration) add(u.uri, u.definition);
          }
          return out.length ? out : undefined;
        },
      };
    },
  });
}

function isPython(input: DocInput): boolean {
  return input.languageId === 'python' || input.uri.toLowerCase().endsWith('.py');
}

function readDagFile(input: DocInput, pythonTree: PythonTreeSource | undefined): DagFile | undefined {
  if (!pythonTree || !isPython(input) || !mentionsAirflow(input.text)) return undefined;
  const tree = treeOf(pythonTree, input.text, input.uri, input.version);
  if (!tree) return undefined; // parse cancelled (time budget)
  return parseDagFile(tree, input.text, { reparse: (text) => treeOf(pythonTree, text, `${input.uri}${REPAIR_SUFFIX}`) });
}

/** Every use of the datasets across the workspace, this document's taken from its current text. */
function usesOf(input: DocInput, file: DagFile, datasets: readonly XletDataset[]): DatasetUse[] {
  const ids = new Set(datasets.map(datasetNodeId));
  const here = fileLineage(input.uri, file, input.text, input.lineage?.predictor).uses.filter((u) => ids.has(datasetNodeId(u.dataset)));
  const others = input.lineage ? datasets.flatMap((d) => input.lineage!.uses(d)).filter((u) => u.uri !== input.uri) : [];
  const all: DatasetUse[] = [...others, ...here.map(({ dataset: _, ...u }) => u)];
  return all.sort((a, b) =>
    a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Finding what is under the cursor

interface XletHit {
  readonly xlet: Xlet;
  /** The range hovered: where it is written, or where its object is constructed. */
  readonly range: OffsetRange;
  readonly task?: TaskDef;
  readonly dag?: DagDef;
}

const inside = (r: OffsetRange, offset: number) => r.start <= offset && offset <= r.end;
const size = (r: OffsetRange) => r.end - r.start;

/** The innermost xlet range (where written, or constructed) holding `offset`. */
function xletAt(file: DagFile, offset: number): XletHit | undefined {
  let best: XletHit | undefined;
  const consider = (xlet: Xlet, owner: { task?: TaskDef; dag?: DagDef }) => {
    for (const r of [xlet.range, xlet.definitionRange]) {
      if (!inside(r, offset)) continue;
      if (!best || size(r) < size(best.range)) best = { xlet, range: r, ...owner };
    }
  };
  for (const task of file.tasks) for (const x of [...task.inlets, ...task.outlets]) consider(x, { task });
  for (const dag of file.dags) for (const x of [...dag.schedule, ...dag.defaultInlets, ...dag.defaultOutlets]) consider(x, { dag });
  return best;
}

function taskAt(file: DagFile, offset: number): TaskDef | undefined {
  return file.tasks.find((t) => t.taskId && inside(t.taskId.range, offset));
}

// ---------------------------------------------------------------------------------------------------------
// Hovers

function roleOf(x: Xlet): string {
  switch (x.origin) {
    case 'inlets':
      return 'inlet';
    case 'outlets':
      return 'outlet';
    case 'schedule':
      return 'schedule asset';
    case 'default_args.inlets':
      return 'default inlet (`default_args`)';
    case 'default_args.outlets':
      return 'default outlet (`default_args`)';
  }
}

function taskJob(file: DagFile, task: TaskDef | undefined): string | undefined {
  const dag = task?.dag !== undefined ? file.dags[task.dag] : undefined;
  return task?.taskId && dag?.dagId ? jobName(dag.dagId.value, task.taskId.value, task.taskGroup?.value) : undefined;
}

function xletHover(input: DocInput, file: DagFile, hit: XletHit): HoverResult {
  const conversion = convertXlet(hit.xlet);
  const job = taskJob(file, hit.task);
  const lines: string[] = [];
  const of = job ? ` of ${mdCode(job)}` : hit.dag?.dagId ? ` of DAG ${mdCode(hit.dag.dagId.value)}` : '';
  if (!conversion.datasets.length) {
    lines.push(`**Not in OpenLineage events** (${roleOf(hit.xlet)}${of})`, '', conversion.dropped ?? 'The OpenLineage provider drops it.');
    return { markdown: lines.join('\n'), range: hit.range };
  }
  const multiple = conversion.datasets.length > 1;
  for (const d of conversion.datasets) {
    const title = d.origin === 'openmetadata' ? 'OpenMetadata entity' : d.emitted ? 'OpenLineage dataset' : 'Not in OpenLineage events';
    lines.push(`**${title}** (${roleOf(hit.xlet)}${of})`, '');
    if (d.origin === 'openmetadata')
      lines.push(
        `FQN ${mdCode(d.name)}${d.entity ? `, entity ${mdCode(d.entity)}` : ''}${d.key !== undefined ? `, key ${mdCode(d.key)}` : ''}`,
      );
    else lines.push(`| namespace | ${mdCode(d.namespace)} |`, '|---|---|', `| name | ${mdCode(d.name)} |`);
    lines.push('', d.note);
    if (!multiple) lines.push(...relatedJobs(input, file, d, job));
    lines.push('');
  }
  if (hit.xlet.origin === 'schedule') {
    lines.push('A schedule asset triggers the DAG when it is updated; the OpenLineage provider does not report it as a task input.');
  }
  if (conversion.dropped) lines.push('', conversion.dropped);
  return { markdown: lines.join('\n').trim(), range: hit.range };
}

function relatedJobs(input: DocInput, file: DagFile, d: XletDataset, self: string | undefined): string[] {
  const uses = usesOf(input, file, [d]);
  const producers = [...new Set(uses.filter((u) => u.role === 'output' && u.job && u.job !== self).map((u) => u.job!))];
  const consumers = [...new Set(uses.filter((u) => u.role === 'input' && u.job && u.job !== self).map((u) => u.job!))];
  const out: string[] = [];
  const list = (names: string[]) =>
    names
      .slice(0, 5)
      .map((n) => mdCode(n))
      .join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
  if (producers.length) out.push('', `Written by ${list(producers)}.`);
  if (consumers.length) out.push('', `Read by ${list(consumers)}.`);
  return out;
}

/** What the task's operator will report, when the workspace's predictor is known (the server and CLI set one). */
function predictionOf(input: DocInput, file: DagFile, task: TaskDef): TaskPrediction | undefined {
  const predictor = input.lineage?.predictor;
  if (!predictor) return undefined;
  const dag = task.dag !== undefined ? file.dags[task.dag] : undefined;
  return predictor.predict({ task, ...(dag ? { dag } : {}), dagUri: input.uri, text: input.text });
}

function taskHover(
  input: DocInput,
  file: DagFile,
  task: TaskDef,
  prediction: TaskPrediction | undefined,
  range: OffsetRange | undefined = task.taskId?.range,
): HoverResult | undefined {
  const job = taskJob(file, task);
  if (!job || !task.taskId || !range) return undefined;
  const ns = jobNamespace(input.project);
  const dag = file.dags[task.dag!]!;
  const inputs = convertAll(task.inletsRange ? task.inlets : dag.defaultInlets);
  const outputs = convertAll(task.outletsRange ? task.outlets : dag.defaultOutlets);
  const from = ns.source
    ? ` (from ${mdCode(ns.source.key)} in ${mdText(ns.source.uri.slice(ns.source.uri.lastIndexOf('/') + 1))})`
    : ' (no `[openlineage] namespace` or `OPENLINEAGE_NAMESPACE` in the workspace)';
  const head = [`**OpenLineage job** ${mdCode(job)}`];
  const about = [`Namespace ${mdCode(ns.namespace)}${from}; parent job ${mdCode(dag.dagId!.value)} (the DAG run).`];
  if (task.taskId.kind === 'expression' || dag.dagId!.kind === 'expression')
    about.push('', 'The id is computed when the DAG is parsed: the name shows the expression as written.');
  const own = reportsOwnDatasets(prediction);
  const fmt = (list: XletDataset[]) =>
    list.map((d) => `${mdCode(`${d.namespace}/${d.name}`)}${d.emitted && !own ? '' : ' (not emitted)'}`).join(', ');
  const declared: string[] = [];
  if (inputs.length) declared.push('', `${own ? 'Declared inputs' : 'Inputs'}: ${fmt(inputs)}`);
  if (outputs.length) declared.push('', `${own ? 'Declared outputs' : 'Outputs'}: ${fmt(outputs)}`);
  if (own && (inputs.length || outputs.length))
    declared.push('', 'The operator reports its own datasets, so the provider ignores `inlets`/`outlets`.');
  let lines: string[];
  // What the operator reports comes first when it reports anything: that is what the hover is asked for.
  if (own) lines = [...head, ...predictionLines(prediction, task.operator), '', '---', '', ...about, ...declared];
  else {
    lines = [...head, '', ...about, ...declared];
    if (prediction) lines.push(...predictionLines(prediction, task.operator));
    else if (!inputs.length && !outputs.length)
      lines.push(
        '',
        'No inlets or outlets: the job has inputs and outputs only if its operator reports them (OpenLineage methods, extractors, hook lineage).',
      );
  }
  return { markdown: lines.join('\n'), range };
}

function convertAll(xlets: readonly Xlet[]): XletDataset[] {
  const seen = new Set<string>();
  return xlets
    .flatMap((x) => convertXlet(x).datasets)
    .filter((d) => {
      const k = datasetNodeId(d);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}
