/**
 * The workspace's task predictor: what the runtime will emit for each task, from the operator catalogue
 * (`operators/`), the connections of the project (`connections/`), the SQL lineage (`sql/`, once the host has
 * loaded sqlparser-rs), dbt projects (`dbt/`) and PySpark applications (`pyspark/`). It is the one place the
 * predictors meet; the static lineage (`dags/lineage.ts`) asks it per task and re-asks when `version` moves.
 *
 * Pure: the host hands in the project model, the workspace files it keeps (`WorkspaceFiles`), the SQL lineage
 * and the Python parser.
 */
import type { Range } from 'vscode-languageserver-types';
import { SETTING_RANK, type TaskPredictor } from '../dags/lineage';
import type { DagDef, TaskDef } from '../dags/model';
import type { ProjectModel } from '../project/model';
import type { PythonTree, PythonTreeSource } from '../python/parser';
import { lineStarts } from '../text/lines';
import type { OffsetRange } from '../text/model';
import { lowerBound } from '../util/search';
import { connectionsOf, connTypeOfDialect, namespaceFor, sqlNaming, type ConnectionIndex } from './connections';
import { dbtLineage, dbtProjectLineage, jobNameFor, type DbtProjectLineage } from './dbt/lineage';
import { dbtCommandTarget, modelsFor, projectFor } from './dbt/select';
import { extractorRegistrations, predictTask, type ExtractorRegistration, type SqlNamingFn } from './operators';
import { ipynbPysparkLineage, pysparkLineage } from './pyspark';
import type { LinkedJob, SqlLineageFn, TaskLink, TaskPrediction } from './types';
import type { WorkspaceFiles } from './files';
import { airflowVariables, renderVariables } from './variables';

export interface PredictorInputs {
  readonly project: ProjectModel;
  readonly files: WorkspaceFiles;
  /** SQL lineage; undefined until the host has loaded sqlparser-rs (SQL operators then predict no datasets). */
  readonly sql?: SqlLineageFn;
  /** Python trees, for PySpark applications. */
  readonly pythonTree?: PythonTreeSource;
  /** The Airflow job namespace (dbt-ol and Spark jobs default to it when nothing else names theirs). */
  readonly jobNamespace: string;
}

/** A predictor over one state of the inputs; build a new one when the project model or the SQL parser changes. */
export class WorkspacePredictor implements TaskPredictor {
  private readonly sparkCache = new Map<string, { text: string; jobs: LinkedJob[] }>();
  private readonly positions = new Map<string, { text: string; starts: number[] }>();
  private readonly base: number;
  private readonly extractors: readonly ExtractorRegistration[];

  constructor(private readonly inputs: PredictorInputs) {
    // A new predictor (new project model, the SQL parser loaded) must never share a version with an old one.
    this.base = ++WorkspacePredictor.generation * 1_000_000_000;
    this.extractors = extractorRegistrations(inputs.project.settings);
  }

  private static generation = 0;

  get version(): number {
    return this.base + this.inputs.files.version;
  }

  /**
   * What the predictions read from the workspace files, computed once per state of the files: everything in
   * `perFiles` is dropped when they change.
   */
  private readonly perFiles = { version: -1, values: new Map<string, unknown>() };
  private memo<T>(key: string, compute: () => T): T {
    if (this.perFiles.version !== this.inputs.files.version) {
      this.perFiles.version = this.inputs.files.version;
      this.perFiles.values.clear();
    }
    if (!this.perFiles.values.has(key)) this.perFiles.values.set(key, compute());
    return this.perFiles.values.get(key) as T;
  }

  get connections(): ConnectionIndex {
    return this.memo('connections', () => connectionsOf(this.inputs.project, this.inputs.files));
  }

  /** The workspace's dbt projects as dbt-ol will report them. */
  get dbtProjects(): readonly DbtProjectLineage[] {
    return this.memo('dbt', () => dbtLineage(this.inputs.files, { ...(this.inputs.sql ? { sql: this.inputs.sql } : {}), env: this.env() }));
  }

  predict(input: { task: TaskDef; dag?: DagDef; dagUri: string; text: string }): TaskPrediction | undefined {
    const connections = this.connections;
    const naming: SqlNamingFn = (conn, connId, hints) =>
      sqlNaming(
        conn,
        connId,
        {
          ...(connTypeOfDialect(hints.dialect) ? { connType: connTypeOfDialect(hints.dialect)! } : {}),
          ...(hints.args.database !== undefined ? { database: hints.args.database } : {}),
          ...(hints.args.schema !== undefined ? { schema: hints.args.schema } : {}),
        },
        { lookup: connections, ...(hints.args.aws_conn_id !== undefined ? { awsConnId: hints.args.aws_conn_id } : {}) },
      );
    const prediction = predictTask(input, {
      ...(this.inputs.sql ? { sql: this.inputs.sql } : {}),
      connections,
      sqlNaming: naming,
      namespaceFor: (conn) => namespaceFor(conn, { lookup: connections }),
      files: this.inputs.files,
      extractors: this.extractors,
    });
    if (!prediction?.links?.length) return prediction;
    return { ...prediction, links: prediction.links.map((l) => this.linked(l, input.task)) };
  }

  /** A link with the jobs it runs: the dbt models a command selects, the Spark application's job. */
  private linked(link: TaskLink, task: TaskDef): TaskLink {
    if (link.kind === 'dbt') {
      const found = projectFor(this.dbtProjects, link.uri) ?? this.dbtProjects.find((p) => p.rootUri === link.uri);
      if (!found) return { ...link, note: `no dbt project found at ${link.uri}` };
      const written = task.args.find((a) => a.name === 'bash_command')?.string?.value;
      const variables = this.memo('variables', () => airflowVariables(this.inputs.project, this.inputs.files));
      const command = written && renderVariables(written, variables);
      const target = (command && dbtCommandTarget(command)) || { subcommand: 'run' };
      // The task's own `env=` and the command's --profiles-dir/--target/--profile decide the profile dbt-ol reads.
      const env = new Map(this.env());
      const taskEnv = (task.args.find((a) => a.name === 'env')?.entries ?? []).filter(
        (e) => e.string?.kind === 'literal' && !e.name.startsWith('#'),
      );
      for (const e of taskEnv) env.set(e.name, e.string!.value);
      const own = 'profilesDir' in target || 'target' in target || 'profile' in target || taskEnv.length > 0;
      const options = {
        ...(this.inputs.sql ? { sql: this.inputs.sql } : {}),
        env,
        ...('profilesDir' in target && target.profilesDir ? { profilesDir: target.profilesDir } : {}),
        ...('target' in target && target.target ? { target: target.target } : {}),
        ...('profile' in target && target.profile ? { profile: target.profile } : {}),
      };
      // Read again with the task's own environment and options (once per set of them and state of the files).
      const key = `dbt-run\u0000${found.projectUri}\u0000${JSON.stringify([...env].sort())}\u0000${options.profilesDir ?? ''}\u0000${options.target ?? ''}\u0000${options.profile ?? ''}`;
      const project = own ? this.memo(key, () => dbtProjectLineage(this.inputs.files, found.projectUri, options)) : found;
      const selection = modelsFor(project, target);
      const sub = target.subcommand;
      const byName = new Map(project.jobs.map((j) => [jobNameFor(j, sub), j]));
      const children: LinkedJob[] = selection.jobs.map((name) => {
        const j = byName.get(name);
        return {
          namespace: project.jobNamespace,
          name,
          inputs: j?.inputs ?? [],
          outputs: j?.outputs ?? [],
          ...(j ? { source: { uri: j.modelUri, range: { start: 0, end: 0 } } } : {}),
        };
      });
      return {
        ...link,
        jobs: children.map((c) => c.name),
        children,
        ...(selection.note ? { note: selection.note } : {}),
      };
    }
    // The submitting operator's `conf` is the job's Spark settings (namespace, warehouse, app name).
    const conf = new Map<string, string>();
    for (const e of task.args.find((a) => a.name === 'conf')?.entries ?? [])
      if (e.string?.kind === 'literal') conf.set(e.name, e.string.value);
    const job = this.sparkJob(link.uri, conf);
    return job ? { ...link, jobs: [job.name], children: [job] } : { ...link, note: `${link.uri} is not in the workspace` };
  }

  private sparkJob(uri: string, conf: ReadonlyMap<string, string>): LinkedJob | undefined {
    const text = this.inputs.files.text(uri);
    const tree = this.inputs.pythonTree;
    if (text === undefined || !tree) return undefined;
    const key = `${uri}\u0000${JSON.stringify([...conf])}`;
    const cached = this.sparkCache.get(key);
    if (cached?.text === text) return cached.jobs[0];
    const trees: PythonTree[] = [];
    const parse = (t: string) => {
      const parsed = tree(t, uri);
      trees.push(parsed);
      return parsed;
    };
    let jobs: LinkedJob[];
    try {
      const options = { uri, conf, ...(this.inputs.sql ? { sql: this.inputs.sql } : {}) };
      // A notebook (a Databricks or Jupyter job): its Python cells as one program, offsets in the .ipynb text.
      const read = uri.toLowerCase().endsWith('.ipynb')
        ? ipynbPysparkLineage(text, parse, options)
        : pysparkLineage(parse(text), text, options);
      if (!read || 'unreadable' in read) return undefined;
      const lineage = read;
      const name = lineage.jobName ?? `<spark-app-name:${uri.slice(uri.lastIndexOf('/') + 1)}>`;
      const namespace = conf.get('spark.openlineage.namespace') ?? this.inputs.jobNamespace;
      jobs = [
        {
          namespace,
          name,
          inputs: lineage.inputs,
          outputs: lineage.outputs,
          source: { uri, range: { start: 0, end: 0 } },
          ...(lineage.jobName ? {} : { note: 'The application name is set at run time: the job is named after the file.' }),
        },
      ];
    } finally {
      for (const t of trees) t.delete();
    }
    if (this.sparkCache.size > 256) this.sparkCache.clear();
    this.sparkCache.set(key, { text, jobs });
    return jobs[0];
  }

  /** The environment dbt-ol runs in, as far as the project's settings tell (`OPENLINEAGE_NAMESPACE`, `DBT_*`). */
  private env(): ReadonlyMap<string, string> {
    if (this.envValue) return this.envValue;
    const env = new Map<string, string>();
    // Where one environment overrides another (SETTING_RANK: compose over .env over Dockerfile).
    const settings = [...this.inputs.project.settings].sort((a, b) => SETTING_RANK[a.form] - SETTING_RANK[b.form]);
    for (const s of settings) if (s.form !== 'airflow-cfg' && !env.has(s.key) && !/\$\{|\{\{/.test(s.value)) env.set(s.key, s.value);
    return (this.envValue = env);
  }
  private envValue: ReadonlyMap<string, string> | undefined;

  locate(uri: string, range: OffsetRange): Range | undefined {
    const text = this.inputs.files.text(uri);
    if (text === undefined) return undefined;
    let entry = this.positions.get(uri);
    if (!entry || entry.text !== text) this.positions.set(uri, (entry = { text, starts: lineStarts(text) }));
    const at = (offset: number) => {
      const line = Math.max(0, lowerBound(entry.starts, offset + 1) - 1);
      return { line, character: offset - entry.starts[line]! };
    };
    return { start: at(range.start), end: at(range.end) };
  }
}
