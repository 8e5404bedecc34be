/**
 * The static lineage of a workspace's DAG files: task jobs named as the OpenLineage Airflow provider names
 * them (`dag_id.task_id` in the configured namespace), their inputs and outputs converted as the provider
 * converts inlets and outlets (`convert.ts`), and the Marquez `GET /api/v1/lineage` graph of it all.
 *
 * `LineageIndex` is pure and incremental: each file's contribution is computed once per update (`update`), the
 * graph is assembled from those contributions on demand and cached until the next change.
 *
 * What the provider does and this model follows:
 * - A task's inputs/outputs are its `inlets`/`outlets`, or the DAG's `default_args` ones when it sets none.
 * - `schedule=[assets]` is DAG metadata (the DAG runs when they are updated); the provider does not put the
 *   schedule's assets in task events, so they are kept in each job's `dag.schedule`, not as edges.
 * - Task dependencies are job metadata (`upstream` / `downstream` job names), as Marquez has no job-to-job edges.
 */
import type { Position, Range } from 'vscode-languageserver-types';
import type {
  SourceLocation,
  StaticDagInfo,
  StaticDatasetData,
  StaticJobData,
  StaticLineageNode,
  StaticLineageResult,
  StaticPrediction,
} from '../../../../protocol/lineage';
import type { DatasetId } from '../../../../protocol/marquez';
import { datasetNodeId, jobNodeId } from '../../../../protocol/node-ids';
import type { ProjectModel, SettingFact } from '../project/model';
import type { OffsetRange } from '../text/model';
import { lowerBound } from '../util/search';
import { isTemplated } from '../util/template';
import { convertXlet } from './convert';
import type { DagDef, DagFile, PyString, TaskDef, Xlet } from './model';
import { lineStarts } from '../text/lines';
import type { PredictSource, TaskPrediction } from '../predict/types';
import {
  addProvenance,
  childJobs,
  childNode,
  overridden,
  predictedDataset,
  reportsOwnDatasets,
  staticPrediction,
  type ChildJob,
  type JobDataset,
} from './predicted';

/**
 * What the runtime will report for each task, read from its operator and arguments (`predict/`). Pure; the
 * host builds it from the workspace's files, connections and the SQL parser.
 */
export interface TaskPredictor {
  /** Changes whenever anything the predictions read changes (files, connections, the SQL parser loading). */
  readonly version: number;
  predict(input: { task: TaskDef; dag?: DagDef; dagUri: string; text: string }): TaskPrediction | undefined;
  /** Positions of offsets in another workspace file (a `.sql` template), when its text is known. */
  locate(uri: string, range: OffsetRange): Range | undefined;
}

export const DEFAULT_NAMESPACE = 'default';

/**
 * Where one environment overrides another, for the same variable set in several places: compose `environment`
 * (and Kubernetes, IaC) over `.env` and shell scripts over Dockerfile `ENV`, all over airflow.cfg. Lower wins.
 */
export const SETTING_RANK: Readonly<Record<SettingFact['form'], number>> = {
  compose: 0,
  kubernetes: 0,
  iac: 0,
  'shell-script': 1,
  'env-file': 1,
  dockerfile: 2,
  'airflow-cfg': 3,
  'github-actions': 3,
  notebook: 4,
};

/** The job namespace the OpenLineage provider uses, and the setting it comes from. */
export interface JobNamespace {
  readonly namespace: string;
  /** The setting that decides it; undefined for the `default` fallback. */
  readonly source?: SettingFact;
}

/**
 * `[openlineage] namespace` (airflow.cfg or `AIRFLOW__OPENLINEAGE__NAMESPACE`, the environment variable winning
 * as in Airflow), else `OPENLINEAGE_NAMESPACE`, else `default` (provider `conf.namespace()`). Templated values
 * are skipped (unknown here).
 */
export function jobNamespace(project: ProjectModel): JobNamespace {
  // A variable of a compose service that does not run Airflow is not Airflow's.
  const usable = (s: SettingFact) => s.value.trim() !== '' && !isTemplated(s.value) && s.service?.airflow !== false;
  const rank = (s: SettingFact) => SETTING_RANK[s.form];
  const first = (list: SettingFact[]) => [...list].sort((a, b) => rank(a) - rank(b))[0];
  const option = first(project.settings.filter((s) => s.section === 'openlineage' && s.option === 'namespace' && usable(s)));
  if (option) return { namespace: option.value.trim(), source: option };
  const legacy = first(project.settings.filter((s) => s.key === 'OPENLINEAGE_NAMESPACE' && s.form !== 'airflow-cfg' && usable(s)));
  if (legacy) return { namespace: legacy.value.trim(), source: legacy };
  return { namespace: DEFAULT_NAMESPACE };
}

/** Where a dataset appears in a file: an inlet, an outlet or a schedule entry. */
export interface DatasetUse {
  readonly uri: string;
  /** Where the xlet is written (the name in `inlets=[orders]`). */
  readonly range: Range;
  /** Where its object is constructed. */
  readonly definition: Range;
  readonly role: 'input' | 'output' | 'schedule';
  /** The task job name (`dag.task`), for inputs and outputs. */
  readonly job?: string;
  /** The task's id range (or whole range), for inputs and outputs. */
  readonly task?: Range;
  readonly dagId?: string;
}

interface FileJob {
  readonly name: string;
  readonly simpleName: string;
  readonly dagId: string;
  readonly operator: string;
  readonly location: Range;
  readonly inputs: readonly JobDataset[];
  readonly outputs: readonly JobDataset[];
  readonly prediction?: StaticPrediction;
  /** Jobs the task runs that report their own lineage (dbt models, a Spark application): children of its job. */
  readonly children?: readonly ChildJob[];
  readonly upstream: readonly string[];
  readonly downstream: readonly string[];
  readonly dag: { readonly dagId: string; readonly location: Range; readonly schedule: readonly JobDataset[] };
  readonly dynamic: boolean;
}

/** One file's contribution to the workspace lineage. */
export interface FileLineage {
  readonly uri: string;
  readonly jobs: readonly FileJob[];
  readonly uses: readonly (DatasetUse & { readonly dataset: JobDataset })[];
  /** Tasks that are not jobs (no DAG or no task id found), for summaries. */
  readonly orphanTasks: number;
}

/** The job name the provider gives a task: `dag_id.[group.]task_id`. */
export function jobName(dagId: string, taskId: string, group?: string): string {
  return group ? `${dagId}.${group}.${taskId}` : `${dagId}.${taskId}`;
}

/** Positions (line, UTF-16 character) of offsets in `text`, with one scan of the text on first use. */
export function positionsOf(text: string): (offset: number) => Position {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = lineStarts(text); // the editor's lines: `\r\n`, `\n` and a lone `\r`
    }
    const line = Math.max(0, lowerBound(starts, offset + 1) - 1);
    return { line, character: offset - starts[line]! };
  };
}

/** A file's jobs and dataset uses, with each task's predicted lineage when a predictor is given. */
export function fileLineage(uri: string, file: DagFile, text: string, predictor?: TaskPredictor): FileLineage {
  const at = positionsOf(text);
  const toRange = (r: OffsetRange): Range => ({ start: at(r.start), end: at(r.end) });
  const datasetsOf = (xlets: readonly Xlet[]) =>
    xlets.flatMap((x) => convertXlet(x).datasets.map((d) => ({ x, d: { ...d, provenance: 'declared' as const } as JobDataset })));
  const names = file.tasks.map((t) => {
    const dag = t.dag !== undefined ? file.dags[t.dag] : undefined;
    if (!dag?.dagId || !t.taskId) return undefined;
    return jobName(dag.dagId.value, t.taskId.value, t.taskGroup?.value);
  });
  const upstream = new Map<number, string[]>();
  const downstream = new Map<number, string[]>();
  for (const d of file.dependencies) {
    const u = names[d.upstream];
    const w = names[d.downstream];
    if (!u || !w) continue;
    (upstream.get(d.downstream) ?? upstream.set(d.downstream, []).get(d.downstream)!).push(u);
    (downstream.get(d.upstream) ?? downstream.set(d.upstream, []).get(d.upstream)!).push(w);
  }
  const jobs: FileJob[] = [];
  const uses: (DatasetUse & { dataset: JobDataset })[] = [];
  let orphanTasks = 0;
  const scheduleOf = new Map<number, { x: Xlet; d: JobDataset }[]>();
  // Where a prediction comes from: a place in this file, or in another one (a `.sql` template) when known.
  const locate = (source: PredictSource | undefined, fallback: Range): SourceLocation => {
    if (!source) return { uri, range: fallback };
    if (source.uri === undefined || source.uri === uri) return { uri, range: toRange(source.range) };
    const there = predictor?.locate(source.uri, source.range);
    return there ? { uri: source.uri, range: there } : { uri, range: fallback };
  };
  file.dags.forEach((dag, i) => {
    const schedule = datasetsOf(dag.schedule);
    scheduleOf.set(i, schedule);
    for (const { x, d } of schedule)
      uses.push({
        uri,
        range: toRange(x.range),
        definition: toRange(x.definitionRange),
        role: 'schedule',
        ...(dag.dagId ? { dagId: dag.dagId.value } : {}),
        dataset: d,
      });
  });
  file.tasks.forEach((t, i) => {
    const name = names[i];
    const dag = t.dag !== undefined ? file.dags[t.dag] : undefined;
    if (!name || !dag?.dagId || !t.taskId) {
      orphanTasks++;
      return;
    }
    // Task arguments win over default_args, as in BaseOperator.
    let inlets = datasetsOf(t.inletsRange ? t.inlets : dag.defaultInlets);
    let outlets = datasetsOf(t.outletsRange ? t.outlets : dag.defaultOutlets);
    const location = toRange(t.range);
    const taskRange = toRange(t.taskId.range);
    const dagId = dag.dagId.value;
    const prediction = predictor?.predict({ task: t, dag, dagUri: uri, text });
    if (reportsOwnDatasets(prediction)) {
      inlets = inlets.map((e) => ({ x: e.x, d: overridden(e.d, prediction) }));
      outlets = outlets.map((e) => ({ x: e.x, d: overridden(e.d, prediction) }));
    }
    for (const [role, list] of [
      ['input', inlets],
      ['output', outlets],
    ] as const) {
      for (const { x, d } of list)
        uses.push({
          uri,
          range: toRange(x.range),
          definition: toRange(x.definitionRange),
          role,
          job: name,
          task: taskRange,
          dagId: dag.dagId.value,
          dataset: d,
        });
    }
    const predictedOf = (list: TaskPrediction['inputs'], role: 'input' | 'output') =>
      list.map((p) => {
        const d = predictedDataset(p);
        const where = locate(p.source, location);
        uses.push({ uri: where.uri, range: where.range, definition: where.range, role, job: name, task: taskRange, dagId, dataset: d });
        return d;
      });
    const predictedIn = prediction ? predictedOf(prediction.inputs, 'input') : [];
    const predictedOut = prediction ? predictedOf(prediction.outputs, 'output') : [];
    jobs.push({
      name,
      simpleName: t.taskId.value,
      dagId: dag.dagId.value,
      operator: t.operator,
      location,
      inputs: unique([...predictedIn, ...inlets.map((e) => e.d)]),
      outputs: unique([...predictedOut, ...outlets.map((e) => e.d)]),
      ...(prediction ? { prediction: staticPrediction(prediction, (s) => locate(s, location)) } : {}),
      ...(prediction?.links?.length ? { children: childJobs(prediction, name, dagId, taskRange, uses, (s) => locate(s, location)) } : {}),
      upstream: [...new Set(upstream.get(i) ?? [])],
      downstream: [...new Set(downstream.get(i) ?? [])],
      dag: { dagId: dag.dagId.value, location: toRange(dag.range), schedule: unique((scheduleOf.get(t.dag!) ?? []).map((e) => e.d)) },
      dynamic: isDynamic(dag.dagId) || isDynamic(t.taskId) || (t.taskGroup ? isDynamic(t.taskGroup) : false),
    });
  });
  return { uri, jobs, uses, orphanTasks };
}

function isDynamic(s: PyString): boolean {
  return s.kind === 'expression';
}

function unique(list: readonly JobDataset[]): JobDataset[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = datasetNodeId(d);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface GraphOptions {
  /** Only the jobs of this file and the datasets they read and write. */
  readonly uri?: string;
  /** Leave out datasets the provider would not emit. */
  readonly emittedOnly?: boolean;
}

/**
 * The static lineage of many files, updated file by file. Pure: the caller parses the files (`parseDagFile`)
 * and passes the model and the text (for positions).
 */
export class LineageIndex {
  private readonly files = new Map<string, FileLineage>();
  /** The parsed DAG files, to predict again when what predictions read changes. */
  private readonly parsed = new Map<string, { file: DagFile; text: string }>();
  private ns: string;
  private cache = new Map<string, StaticLineageResult>();
  private version = 0;
  private predictorValue: TaskPredictor | undefined;
  /** The predictor version the files' lineage was computed with. */
  private predictedAt: number | undefined;

  constructor(options: { namespace?: string; predictor?: TaskPredictor } = {}) {
    this.ns = options.namespace ?? DEFAULT_NAMESPACE;
    this.predictorValue = options.predictor;
    this.predictedAt = options.predictor?.version;
  }

  /** What tasks' operators will report (SQL, transfer operators, dbt, Spark); undefined: declared lineage only. */
  get predictor(): TaskPredictor | undefined {
    return this.predictorValue;
  }

  set predictor(value: TaskPredictor | undefined) {
    if (value === this.predictorValue) return;
    this.predictorValue = value;
    this.predictedAt = undefined;
  }

  /**
   * Brings every file's lineage up to date, on read: files updated since (a workspace scan only parses; the
   * first read computes each file once), and every file when the predictor's inputs changed.
   */
  private current(): void {
    const p = this.predictorValue;
    if (p && this.predictedAt !== p.version) {
      this.predictedAt = p.version;
      for (const uri of this.parsed.keys()) this.pending.add(uri);
    }
    if (!this.pending.size) return;
    for (const uri of this.pending) {
      const entry = this.parsed.get(uri);
      if (entry) this.set(uri, fileLineage(uri, entry.file, entry.text, p));
    }
    this.pending.clear();
    this.cache.clear();
  }
  /** Files updated since their lineage was computed. */
  private readonly pending = new Set<string>();

  /** The job namespace (from the project's OpenLineage configuration; see `jobNamespace`). */
  get namespace(): string {
    return this.ns;
  }

  set namespace(value: string) {
    if (value === this.ns) return;
    this.ns = value;
    this.cache.clear();
  }

  /** Increases on every change; callers can cache derived data by it. */
  get changes(): number {
    return this.version;
  }

  /** A DAG file's parse; its lineage is computed when next read. */
  update(uri: string, file: DagFile, text: string): void {
    this.parsed.set(uri, { file, text });
    this.pending.add(uri);
    this.changed();
  }

  private set(uri: string, lineage: FileLineage): void {
    if (!lineage.jobs.length && !lineage.uses.length) this.files.delete(uri);
    else this.files.set(uri, lineage);
  }

  remove(uri: string): void {
    this.parsed.delete(uri);
    this.pending.delete(uri);
    if (this.files.delete(uri)) this.changed();
  }

  has(uri: string): boolean {
    this.current();
    return this.files.has(uri);
  }

  file(uri: string): FileLineage | undefined {
    this.current();
    return this.files.get(uri);
  }

  /** How many DAG files are indexed (without computing their lineage). */
  get parsedFiles(): number {
    return this.parsed.size;
  }

  /** The files with lineage, sorted. */
  get uris(): string[] {
    this.current();
    return [...this.files.keys()].sort();
  }

  /** Every place the dataset appears, across the workspace (sorted by file, then position). */
  uses(dataset: DatasetId): DatasetUse[] {
    this.current();
    const id = datasetNodeId(dataset);
    const out: DatasetUse[] = [];
    for (const uri of this.uris) {
      for (const u of this.files.get(uri)!.uses) {
        if (datasetNodeId(u.dataset) !== id) continue;
        const { dataset: _, ...use } = u;
        out.push(use);
      }
    }
    return out;
  }

  private changed(): void {
    this.version++;
    this.cache.clear();
  }

  /** The Marquez-shaped graph of the workspace, or of one file's jobs. */
  graph(options: GraphOptions = {}): StaticLineageResult {
    this.current();
    const key = `${options.uri ?? ''}\u0000${options.emittedOnly ? 1 : 0}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const files =
      options.uri !== undefined
        ? this.files.has(options.uri)
          ? [this.files.get(options.uri)!]
          : []
        : this.uris.map((u) => this.files.get(u)!);
    const result = this.build(files, !!options.emittedOnly, options.uri !== undefined);
    // One file's graph is cheap and changes with every edit of that file; only the workspace graph is worth keeping.
    if (options.uri === undefined) this.cache.set(key, result);
    return result;
  }

  private build(files: readonly FileLineage[], emittedOnly: boolean, fileScope: boolean): StaticLineageResult {
    const ns = this.ns;
    const keep = (d: JobDataset) => !emittedOnly || d.emitted;
    const datasets = new Map<string, { data: StaticDatasetData; in: Set<string>; out: Set<string> }>();
    const jobs = new Map<string, { data: StaticJobData; in: Set<string>; out: Set<string> }>();
    const ref = (d: JobDataset): DatasetId => ({ namespace: d.namespace, name: d.name });
    const dataset = (d: JobDataset, where: SourceLocation) => {
      const id = datasetNodeId(d);
      let node = datasets.get(id);
      if (!node) {
        node = {
          data: {
            id: ref(d),
            type: 'DB_TABLE',
            name: d.name,
            physicalName: d.name,
            namespace: d.namespace,
            sourceName: d.namespace,
            fields: [],
            tags: [],
            facets: {},
            description: null,
            lastModifiedAt: null,
            emitted: d.emitted,
            origin: d.origin,
            note: d.note,
            provenance: [],
            ...(d.placeholders?.length ? { placeholders: d.placeholders.map((p) => ({ ...p })) } : {}),
            sourceLocation: where,
            definitions: [],
            ...(d.origin === 'openmetadata'
              ? { openmetadata: { entity: d.entity ?? 'table', ...(d.key !== undefined ? { key: d.key } : {}) } }
              : {}),
          },
          in: new Set(),
          out: new Set(),
        };
        datasets.set(id, node);
      }
      if (!node.data.definitions.some((l) => l.uri === where.uri && samePosition(l.range.start, where.range.start)))
        node.data.definitions.push(where);
      addProvenance(node.data, d);
      return { id, node };
    };

    for (const file of files) {
      // Dataset nodes come from task inputs and outputs; schedules only add where else they are constructed.
      for (const use of file.uses)
        if (keep(use.dataset) && use.role !== 'schedule') dataset(use.dataset, { uri: use.uri, range: use.definition });
      for (const job of file.jobs) {
        const id = jobNodeId({ namespace: ns, name: job.name });
        if (jobs.has(id)) {
          // The same dag_id.task_id in two files: Airflow keeps one DAG; the graph keeps the first file's task.
          continue;
        }
        const inputs = job.inputs.filter(keep);
        const outputs = job.outputs.filter(keep);
        const dag: StaticDagInfo = {
          dagId: job.dagId,
          sourceLocation: { uri: file.uri, range: job.dag.location },
          schedule: job.dag.schedule.map(ref),
        };
        const node = {
          data: {
            id: { namespace: ns, name: job.name },
            type: 'BATCH' as const,
            name: job.name,
            simpleName: job.simpleName,
            parentJobName: job.dagId,
            namespace: ns,
            inputs: inputs.map(ref),
            outputs: outputs.map(ref),
            location: null,
            description: null,
            latestRun: null,
            facets: {},
            operator: job.operator,
            sourceLocation: { uri: file.uri, range: job.location },
            upstream: [...job.upstream],
            downstream: [...job.downstream],
            dag,
            ...(job.dynamic ? { dynamic: true } : {}),
            ...(job.prediction ? { prediction: job.prediction } : {}),
          },
          in: new Set<string>(),
          out: new Set<string>(),
        };
        jobs.set(id, node);
        for (const d of inputs) {
          const ds = datasets.get(datasetNodeId(d));
          if (!ds) continue;
          node.in.add(datasetNodeId(d));
          ds.out.add(id);
        }
        for (const d of outputs) {
          const ds = datasets.get(datasetNodeId(d));
          if (!ds) continue;
          node.out.add(datasetNodeId(d));
          ds.in.add(id);
        }
        for (const child of job.children ?? []) {
          const cid = jobNodeId({ namespace: child.namespace, name: child.name });
          if (jobs.has(cid)) continue;
          const c = { data: childNode(child, node.data, keep), in: new Set<string>(), out: new Set<string>() };
          jobs.set(cid, c);
          for (const [list, mine, theirs] of [
            [child.inputs, c.in, 'out'],
            [child.outputs, c.out, 'in'],
          ] as const)
            for (const d of list.filter(keep)) {
              const ds = datasets.get(datasetNodeId(d));
              if (!ds) continue;
              mine.add(datasetNodeId(d));
              ds[theirs].add(cid);
            }
        }
      }
    }
    if (!fileScope) {
      for (const file of files) {
        for (const use of file.uses) {
          if (use.role !== 'schedule') continue;
          const node = datasets.get(datasetNodeId(use.dataset));
          const where = { uri: file.uri, range: use.definition };
          if (node && !node.data.definitions.some((l) => l.uri === where.uri && samePosition(l.range.start, where.range.start)))
            node.data.definitions.push(where);
        }
      }
    }
    const graph: StaticLineageNode[] = [];
    for (const [id, n] of datasets) {
      graph.push({
        id,
        type: 'DATASET',
        data: n.data,
        inEdges: [...n.in].sort().map((origin) => ({ origin, destination: id })),
        outEdges: [...n.out].sort().map((destination) => ({ origin: id, destination })),
      });
    }
    for (const [id, n] of jobs) {
      graph.push({
        id,
        type: 'JOB',
        data: n.data,
        inEdges: [...n.in].sort().map((origin) => ({ origin, destination: id })),
        outEdges: [...n.out].sort().map((destination) => ({ origin: id, destination })),
      });
    }
    graph.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { graph };
  }
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}
