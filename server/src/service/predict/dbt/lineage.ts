/**
 * dbt projects → the jobs and datasets dbt-ol will emit for them (provenance `dbt`), before anything runs.
 *
 * dbt-ol (openlineage-dbt, `DbtLocalArtifactProcessor`) reads the run's `target/manifest.json` and the profile:
 * - one job per model run, named `<database>.<schema>.<package>.<model>` (the node's unique id without
 *   `model.`), in the namespace `OPENLINEAGE_NAMESPACE` (default `dbt`); snapshots add `.snapshot`, `dbt build`
 *   adds `.build.run` / `.build.snapshot`, tests `.test`;
 * - datasets in the adapter's namespace (`postgres://host:port`, `snowflake://account`, `bigquery`, …), named
 *   `<database>.<schema>.<alias>` (a source: `<database>.<schema>.<name>`), parts as the manifest writes them;
 * - inputs: the model's parents that are models or sources (seeds and snapshots are left out);
 * - column lineage from the compiled SQL through openlineage-sql (generic dialect, no default schema).
 * With a manifest in the workspace its nodes are used; else the project is read from its files (models.ts).
 */
import type { OffsetRange } from '../../text/model';
import type { Placeholder, PredictedColumn, PredictedDataset, PredictProblem, SourceFiles, SqlDialect, SqlLineageFn } from '../types';
import { mergePlaceholders, type Rendered } from './jinja';
import { readManifest, type DbtNode } from './manifest';
import { readModels, type Unresolved } from './models';
import { under } from './paths';
import { readProfile, type DbtProfile } from './profile';
import { projectFiles, readProject } from './project';

export interface DbtLineageOptions {
  readonly sql?: SqlLineageFn;
  /** The environment dbt-ol runs in: `OPENLINEAGE_NAMESPACE`, `DBT_PROFILES_DIR`, `DBT_TARGET_PATH`, `env_var`s. */
  readonly env?: ReadonlyMap<string, string>;
  /** `--profiles-dir` of the command (a path or folder URI). */
  readonly profilesDir?: string;
  /** `--target` of the command. */
  readonly target?: string;
  /** `--profile` of the command. */
  readonly profile?: string;
}

/** One model or snapshot: the job dbt-ol emits for it and its datasets. */
export interface DbtJob {
  /** The job name for `dbt run` (models) / `dbt snapshot` (snapshots); see {@link jobNameFor} for other commands. */
  readonly name: string;
  readonly namespace: string;
  /** The model's `.sql` file. */
  readonly modelUri: string;
  readonly uniqueId: string;
  readonly resourceType: 'model' | 'snapshot';
  readonly inputs: readonly PredictedDataset[];
  readonly outputs: readonly PredictedDataset[];
  readonly placeholders?: readonly Placeholder[];
  /** For selection: the node's fqn, tags and path relative to the project folder. */
  readonly fqn: readonly string[];
  readonly tags: readonly string[];
  readonly path?: string;
  /** Unique ids of the parents (models, seeds, snapshots, sources), for graph selection (`+model`). */
  readonly parents: readonly string[];
  readonly notes: readonly string[];
}

export interface DbtProjectLineage {
  /** The project folder URI (ending in `/`): what a Cosmos `dbt_project_path` or `--project-dir` names. */
  readonly rootUri: string;
  readonly projectUri: string;
  readonly name: string;
  /** `manifest`: from target/manifest.json; `files`: from the models (no manifest, or one that cannot be read). */
  readonly from: 'manifest' | 'files';
  readonly adapter?: string;
  readonly dialect?: SqlDialect;
  /** The job namespace (`OPENLINEAGE_NAMESPACE`, default `dbt`). */
  readonly jobNamespace: string;
  /** dbt-ol's wrapper job around the whole run (`dbt-run-<project>`), the parent of the model jobs. */
  readonly wrapperJob: string;
  readonly jobs: readonly DbtJob[];
  /** Unique ids of the seeds and sources, for selection. */
  readonly otherNodes: readonly {
    readonly uniqueId: string;
    readonly fqn: readonly string[];
    readonly tags: readonly string[];
    readonly path?: string;
  }[];
  readonly unresolved: readonly Unresolved[];
  readonly skipped: readonly { readonly uri: string; readonly reason: string }[];
  readonly problems: readonly PredictProblem[];
  /** How the names were found (profile, target, manifest), one line. */
  readonly note: string;
}

/** A job's name for a dbt subcommand, as dbt-ol names it (`processor.py` `parse_execution` / `parse_test`). */
export function jobNameFor(job: DbtJob, subcommand: string): string {
  const base = job.resourceType === 'snapshot' ? job.name.replace(/\.snapshot$/, '') : job.name;
  if (subcommand === 'build') return `${base}${job.resourceType === 'snapshot' ? '.build.snapshot' : '.build.run'}`;
  if (subcommand === 'test') return `${base}.test`;
  return job.name;
}

const join = (...parts: (string | undefined)[]) => parts.filter((p) => !!p).join('.');

function unknownNamespace(ph: Placeholder): Rendered {
  return { text: `<${ph.name}>`, placeholders: [ph] };
}

/** Every dbt project of the workspace (dbt_project.yml outside dbt_packages/ and target/). */
export function dbtLineage(files: SourceFiles, options: DbtLineageOptions = {}): DbtProjectLineage[] {
  return projectFiles(files).map((uri) => dbtProjectLineage(files, uri, options));
}

/** The project whose dbt_project.yml is at `projectUri`. */
export function dbtProjectLineage(files: SourceFiles, projectUri: string, options: DbtLineageOptions = {}): DbtProjectLineage {
  const env = options.env;
  const project = readProject(files, projectUri, env);
  const problems: PredictProblem[] = [];
  const problem = (kind: PredictProblem['kind'], message: string, uri: string, range: OffsetRange) =>
    problems.push({ kind, message, source: { uri, range } });
  if (project.problem) problem('file', project.problem.message, projectUri, project.problem.range);
  const jobNamespace = env?.get('OPENLINEAGE_NAMESPACE') ?? 'dbt';
  const profileName = options.profile ?? project.profile?.text ?? '';
  const read = readProfile(files, project.root, profileName, { ...options, ...(env ? { env } : {}) });
  let profile: DbtProfile | undefined;
  let namespace: Rendered;
  if ('profile' in read) {
    profile = read.profile;
    namespace = profile.namespace;
  } else {
    problem('connection', read.problem, read.uri ?? projectUri, read.range ?? project.profileRange);
    namespace = unknownNamespace(read.placeholder);
  }
  const unknownPart = (part: string): Rendered => ({
    text: `<dbt-profile:${part}>`,
    placeholders: [{ name: `dbt-profile:${part}`, why: `the profile's ${part} is unknown without its profiles.yml` }],
  });
  const target = {
    ...(profile ? (profile.database ? { database: profile.database } : {}) : { database: unknownPart('database') }),
    schema: profile?.schema ?? unknownPart('schema'),
    ...(env ? { env } : {}),
    quote: profile?.adapter === 'bigquery' ? '`' : '"',
  };

  // The manifest when there is one (and it can be read), else the project's files.
  const manifestUri = under(project.root, `${project.targetPath}/manifest.json`);
  const manifestText = files.text(manifestUri);
  let nodes: readonly DbtNode[] | undefined;
  let from: DbtProjectLineage['from'] = 'files';
  let unresolved: readonly Unresolved[] = [];
  let skipped: readonly { uri: string; reason: string }[] = [];
  const notes: string[] = [];
  if (manifestText !== undefined) {
    const m = readManifest(manifestText, project.root);
    if ('problem' in m) problem('file', m.problem, manifestUri, m.range);
    else {
      nodes = m.nodes;
      from = 'manifest';
      notes.push(
        `names from ${project.targetPath}/manifest.json (dbt-ol reads the one the run writes: a committed manifest may be out of date)`,
      );
      if (m.adapter && profile && m.adapter !== profile.adapter) {
        notes.push(`the manifest was compiled for ${m.adapter}, the profile is ${profile.adapter}`);
      }
    }
  }
  if (!nodes) {
    const r = readModels(files, project, target);
    nodes = r.nodes;
    unresolved = r.unresolved;
    skipped = r.skipped;
    notes.push('names from the models and the profile (no manifest)');
  }

  const byId = new Map(nodes.map((n) => [n.uniqueId, n]));
  const profileNote = profile ? profile.note : `profile \`${profileName}\` not found`;
  const dataset = (n: DbtNode, how: string): PredictedDataset => {
    const placeholders = mergePlaceholders(namespace.placeholders, n.database?.placeholders, n.schema.placeholders);
    return {
      namespace: namespace.text,
      name: join(n.database?.text, n.schema.text, n.table),
      provenance: 'dbt',
      note: `${how}; ${profileNote}`,
      ...(placeholders.length ? { placeholders } : {}),
      ...(n.uri ? { source: { uri: n.uri, range: n.range ?? { start: 0, end: 0 } } } : {}),
    };
  };
  const jobs: DbtJob[] = [];
  for (const n of nodes) {
    if (n.resourceType !== 'model' && n.resourceType !== 'snapshot') continue;
    const prefix = `${n.resourceType}.`;
    const base = join(n.database?.text, n.schema.text, n.uniqueId.startsWith(prefix) ? n.uniqueId.slice(prefix.length) : n.uniqueId);
    const jobNotes = [...n.notes];
    const inputs: PredictedDataset[] = [];
    for (const p of n.parents) {
      const parent = byId.get(p.id);
      if (!parent) continue;
      if (parent.resourceType !== 'model' && parent.resourceType !== 'source') {
        jobNotes.push(
          `\`${parent.name}\` (a ${parent.resourceType}) is not emitted as an input: dbt-ol reads only model and source parents`,
        );
        continue;
      }
      const d = dataset(parent, parent.resourceType === 'source' ? `source \`${parent.name}\`` : `model \`${parent.name}\``);
      inputs.push(p.range && n.uri ? { ...d, source: { uri: n.uri, range: p.range } } : d);
    }
    let out = dataset(n, `${n.resourceType} \`${n.name}\``);
    const columns = n.compiledSql && options.sql ? columnLineage(options.sql, n.compiledSql, namespace.text, jobNotes) : undefined;
    if (columns?.length) out = { ...out, columns };
    const placeholders = mergePlaceholders(n.database?.placeholders, n.schema.placeholders);
    jobs.push({
      name: n.resourceType === 'snapshot' ? `${base}.snapshot` : base,
      namespace: jobNamespace,
      modelUri: n.uri ?? projectUri,
      uniqueId: n.uniqueId,
      resourceType: n.resourceType,
      inputs,
      outputs: [out],
      ...(placeholders.length ? { placeholders } : {}),
      fqn: n.fqn,
      tags: n.tags,
      ...(n.path ? { path: n.path } : {}),
      parents: n.parents.map((p) => p.id),
      notes: jobNotes,
    });
  }
  const otherNodes = nodes
    .filter((n) => n.resourceType === 'seed' || n.resourceType === 'source')
    .map((n) => ({ uniqueId: n.uniqueId, fqn: n.fqn, tags: n.tags, ...(n.path ? { path: n.path } : {}) }));
  return {
    rootUri: project.root,
    projectUri,
    name: project.name,
    from,
    ...(profile ? { adapter: profile.adapter, dialect: profile.dialect } : {}),
    jobNamespace,
    wrapperJob: `dbt-run-${project.name}`,
    jobs,
    otherNodes,
    unresolved,
    skipped,
    problems,
    note: [profileNote, ...notes].join('; '),
  };
}

/** Column lineage of a model's compiled SQL as dbt-ol computes it (`get_column_lineage`: generic dialect). */
function columnLineage(sql: SqlLineageFn, compiled: string, namespace: string, notes: string[]): PredictedColumn[] | undefined {
  let result;
  try {
    result = sql(compiled, { dialect: 'generic' });
  } catch (e) {
    notes.push(`column lineage: the SQL parser failed (${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
  if (result.errors.length) notes.push(`column lineage: openlineage-sql cannot parse the compiled SQL (${result.errors[0]!.message})`);
  const out: PredictedColumn[] = [];
  for (const c of result.columnLineage) {
    const inputs = c.inputs.map((i) => ({ namespace, name: i.table, field: i.column }));
    const existing = out.findIndex((o) => o.name === c.output.column);
    if (existing >= 0) out[existing] = { name: c.output.column, inputs };
    else out.push({ name: c.output.column, inputs });
  }
  return out;
}
