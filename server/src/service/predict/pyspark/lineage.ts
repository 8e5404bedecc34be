/**
 * PySpark jobs: the datasets the OpenLineage Spark listener will report for a PySpark script (the file a
 * `SparkSubmitOperator` runs, a notebook), read from its code. Reads (`spark.read…`, `spark.table`, `spark.sql`,
 * `DeltaTable.forPath/forName(…).toDF()`) are inputs and writes (`df.write…`, `df.writeTo(…)…`, `INSERT`/`CREATE
 * TABLE AS` in `spark.sql`, Delta `merge`/`update`/`delete`) outputs, named as the Spark integration names them
 * (`naming.ts`, docs/upstream/runtime-naming.md).
 *
 * Job level: the listener reports each action (each write, each `collect`) as its own run with the inputs of
 * that action's plan; here every read of the file is an input of the job and every write an output. A read
 * whose DataFrame no action uses is reported here although the runtime never sees it.
 */
import { parsePythonSpark } from '../../spark/parsers/python-spark';
import type { PythonNode, PythonTree } from '../../python/parser';
import { callArguments } from '../../python/arguments';
import type { OffsetRange } from '../../text/model';
import type { Placeholder, PredictedDataset, PredictProblem, PredictSource, SqlLineageFn } from '../types';
import { lowerKnown, normalizeJobName } from './naming';
import type { Found, SourceContext } from './sources';
import { known, placeholdersOf, render, Values, type Str } from './values';
import { Walker } from './walker';

export interface PySparkOptions {
  /** The job file's URI: every dataset's `source.uri`. */
  readonly uri: string;
  /** SQL lineage (sqlparser-rs) for `spark.sql(…)` and JDBC queries; without it those are listed as not predicted. */
  readonly sql?: SqlLineageFn;
  /**
   * The Spark settings the job runs with (spark-defaults.conf, the submitting operator's `conf`): the warehouse
   * (`spark.sql.warehouse.dir`), the metastore (`spark.hadoop.hive.metastore.uris`), catalogs
   * (`spark.sql.catalog.*`), `spark.hadoop.fs.defaultFS`, `spark.app.name`. The job's own builder settings win.
   */
  readonly conf?: ReadonlyMap<string, string>;
}

/** A read or write seen in the code whose dataset is not predicted, and why. */
export interface PySparkUnpredicted {
  readonly message: string;
  readonly source: PredictSource;
}

export interface PySparkLineage {
  /** `spark.app.name` as the code sets it (`appName(…)`, `setAppName`, `.config("spark.app.name", …)`), or `spark.openlineage.appName`. */
  readonly appName?: string;
  /** The application job the listener reports: the app name normalised (NameNormalizer); undefined when not known from the code. */
  readonly jobName?: string;
  readonly inputs: PredictedDataset[];
  readonly outputs: PredictedDataset[];
  /** SQL given to `spark.sql` that the SQL parser cannot read (Spark itself may: its tables are then not predicted). */
  readonly problems: PredictProblem[];
  readonly unpredicted: PySparkUnpredicted[];
}

/** Words a file must contain for any read or write to be found. */
const MENTIONS = /\.\s*(read|readStream|write|writeStream|writeTo|sql|table)\b|DeltaTable/;

/** The lineage of a PySpark job file, from its tree (parsed from exactly `text`). */
export function pysparkLineage(tree: PythonTree, text: string, options: PySparkOptions): PySparkLineage {
  const source = (range: OffsetRange): PredictSource => ({ uri: options.uri, range });
  const spark = parsePythonSpark(tree, text);
  const settings = new Map(options.conf ?? []);
  for (const scope of spark?.scopes ?? []) for (const e of scope.entries) if (e.valueKind === 'literal') settings.set(e.key, e.value);
  const root = tree.rootNode;
  const values = new Values(text, root);
  const calls = callsOf(root);
  const app = appName(values, calls, settings);
  const base = app !== undefined ? { appName: render(app), ...(known(app) ? { jobName: normalizeJobName(render(app)) } : {}) } : {};
  if (!MENTIONS.test(text)) return { ...base, inputs: [], outputs: [], problems: [], unpredicted: [] };

  const cx: SourceContext = {
    settings,
    databricks: (spark?.databricks ?? false) || /\bdbutils\b/.test(text),
    ...(options.sql ? { sql: options.sql } : {}),
    currentDatabase: 'default',
    views: viewsOf(values, calls, text),
  };
  const walker = new Walker(values, cx);
  for (const call of calls) walker.visit(call);

  return {
    ...base,
    inputs: datasets(walker.inputs, source),
    outputs: datasets(walker.outputs, source),
    problems: walker.sqlErrors.map((e) => ({
      kind: 'sql-parse',
      message: `Lineage Lens cannot parse this Spark SQL (${e.message}), so its tables are not predicted. Spark parses it with its own parser at run time.`,
      source: source(e.range),
    })),
    unpredicted: walker.skipped.map((s) => ({ message: s.message, source: source(s.range) })),
  };
}

/** Every call node, in document order (iterative: deep expressions must not overflow the stack). */
function callsOf(root: PythonNode): PythonNode[] {
  const out: PythonNode[] = [];
  const stack: PythonNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'call') out.push(node);
    const children = node.namedChildren;
    for (let k = children.length - 1; k >= 0; k--) {
      const c = children[k];
      if (c) stack.push(c);
    }
  }
  // Inner calls of a chain come after the outer one in pre-order; visit by start, inner (shorter) first.
  return out.sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex);
}

/** The app name: `spark.openlineage.appName`, else the code's `appName(…)`/`setAppName(…)`, else `spark.app.name`. */
function appName(values: Values, calls: readonly PythonNode[], settings: ReadonlyMap<string, string>): Str | undefined {
  const ol = settings.get('spark.openlineage.appName');
  if (ol !== undefined) return { parts: [ol] };
  for (const call of calls) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute') continue;
    const method = values.slice(fn.childForFieldName('attribute'));
    if (method !== 'appName' && method !== 'setAppName') continue;
    const a = callArguments(call.childForFieldName('arguments'), values.text);
    const arg = a.positional[0] ?? a.keywords.get('name') ?? a.keywords.get('value');
    if (arg !== undefined) return values.str(arg);
  }
  const conf = settings.get('spark.app.name');
  return conf !== undefined ? { parts: [conf] } : undefined;
}

/** Temporary views the job registers (`df.createOrReplaceTempView("v")`, `CREATE TEMP VIEW v`, `CACHE TABLE v AS`). */
function viewsOf(values: Values, calls: readonly PythonNode[], text: string): Set<string> {
  const views = new Set<string>();
  for (const call of calls) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute') continue;
    if (
      !/^(createOrReplaceTempView|createTempView|createGlobalTempView|createOrReplaceGlobalTempView|registerTempTable)$/.test(
        values.slice(fn.childForFieldName('attribute')),
      )
    )
      continue;
    const a = callArguments(call.childForFieldName('arguments'), values.text);
    const arg = a.positional[0] ?? a.keywords.get('name');
    if (arg !== undefined) views.add(lowerKnown(render(values.str(arg))));
  }
  for (const m of text.matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?(?:GLOBAL\s+)?TEMP(?:ORARY)?\s+VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?`?([\w.]+)/gi))
    views.add(m[1]!.toLowerCase());
  for (const m of text.matchAll(/CACHE\s+(?:LAZY\s+)?TABLE\s+`?([\w.]+)`?\s+(?:OPTIONS\s*\([^)]*\)\s*)?AS\b/gi))
    views.add(m[1]!.toLowerCase());
  return views;
}

/** Found datasets as PredictedDatasets, each namespace/name once (the first place it is read or written). */
function datasets(found: readonly Found[], source: (range: OffsetRange) => PredictSource): PredictedDataset[] {
  const out: PredictedDataset[] = [];
  const seen = new Set<string>();
  for (const f of found) {
    const key = `${f.id.namespace}\n${f.id.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const written = `${f.id.namespace} ${f.id.name}`;
    const placeholders: Placeholder[] = [...placeholdersOf(...f.from), ...(f.id.extra ?? [])].filter(
      (p, i, all) => written.includes(`<${p.name}>`) && all.findIndex((q) => q.name === p.name) === i,
    );
    out.push({
      namespace: f.id.namespace,
      name: f.id.name,
      provenance: 'spark',
      note: f.id.note,
      ...(placeholders.length > 0 ? { placeholders } : {}),
      source: source(f.range),
    });
  }
  return out;
}
