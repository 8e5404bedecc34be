/**
 * SQL operators: the SQL the task runs (inline, through a module-level name, a list of statements, or a template
 * file found in the DAG folder or `template_searchpath`), parsed by the SQL lineage, its tables named through the
 * connection (`SqlNaming`), with column lineage and the statements the runtime's parser rejects.
 */
import type { PyString } from '../../dags/model';
import { resolveInFolder } from '../../util/path';
import type {
  AirflowConnection,
  Placeholder,
  PredictedColumn,
  PredictedDataset,
  PredictProblem,
  PredictSource,
  SourceFiles,
  SqlDialect,
  SqlLineageFn,
  SqlTable,
  TaskPrediction,
} from '../types';
import { mergePlaceholders, type OperatorArgs } from './args';
import type { SqlOperatorSpec } from './catalog';
import { placeholderNames, renderSql } from './sql-render';
import { literalParams, renderSqlJinja } from './sql-jinja';
import type { SqlNaming } from '../connections/sql-naming';

/** How the runtime names a connection's tables: the connections module's (one home). */
export type { SqlNaming } from '../connections/sql-naming';

/** What the operator says about naming besides the connection: its class, its hook's dialect, hint arguments given as literals. */
export interface SqlNamingHints {
  readonly operator: string;
  readonly dialect: SqlDialect;
  /** Literal values of the catalogued hint arguments (`database`, `schema`, `project_id`, `configuration.query.defaultDataset.datasetId`...). */
  readonly args: Readonly<Record<string, string>>;
}

export type SqlNamingFn = (conn: AirflowConnection | undefined, connId: string, hints: SqlNamingHints) => SqlNaming;

export interface SqlTaskContext {
  readonly args: OperatorArgs;
  readonly sql?: SqlLineageFn;
  readonly connections: { get(connId: string): AirflowConnection | undefined };
  readonly sqlNaming: SqlNamingFn;
  readonly files: SourceFiles;
  readonly dagUri: string;
  /** The DAG file's text: module constants, functions and macros the SQL is built from. */
  readonly text?: string;
}

/** One SQL text and where it is: offsets in it map to `uri` (the DAG file when absent) from `base`, or all to `whole`. */
interface SqlText {
  readonly text: string;
  readonly uri?: string;
  readonly base?: number;
  readonly whole: PredictSource['range'];
  /** A template file's: where the DAG file names it (the string in `sql=`). */
  readonly argument?: PredictSource['range'];
  /** Unknowns the code leaves to the run (environment variables...), written `{{ <name> }}` in `text`. */
  readonly placeholders?: readonly Placeholder[];
}

export function predictSqlTask(name: string, spec: SqlOperatorSpec, cx: SqlTaskContext): TaskPrediction {
  const problems: PredictProblem[] = [];
  const method = `${name}: ${spec.method}`;
  const texts = sqlTexts(spec, cx, problems);

  const conn = cx.args.first(spec.connArgs);
  const connId = conn?.arg.string?.kind === 'literal' ? conn.arg.string.value : conn ? conn.arg.valueText : spec.defaultConnId;
  if (connId === undefined) {
    problems.push({
      kind: 'connection',
      message: `${name} has no \`${spec.connArgs[0]}\`: the runtime cannot name its tables`,
      source: { range: taskRangeOf(cx) },
    });
    return { inputs: [], outputs: [], supported: true, method, problems };
  }
  const connection = cx.connections.get(connId);
  if (!connection) {
    problems.push({
      kind: 'connection',
      message: `connection \`${connId}\` is not defined in the workspace (AIRFLOW_CONN_* in .env or compose, airflow_settings.yaml, a connections export): its namespace is a placeholder`,
      source: { range: conn && conn.origin === 'call' ? conn.arg.valueRange : taskRangeOf(cx) },
    });
  }
  const hints: Record<string, string> = {};
  for (const h of spec.hints) {
    const s = cx.args.path(h)?.string;
    if (s?.kind === 'literal') hints[h] = s.value;
  }
  const naming = cx.sqlNaming(connection, connId, { operator: name, dialect: spec.dialect, args: hints });

  const inputs = new Map<string, PredictedDataset>();
  const outputs = new Map<string, { ds: PredictedDataset; columns: PredictedColumn[] }>();
  if (cx.sql) {
    for (const t of texts) {
      const result = cx.sql(t.text, { dialect: naming.dialect });
      const named = new Map<string, { name: string; placeholders: readonly Placeholder[]; note: string }>();
      const nameOf = (table: SqlTable) => {
        let q = named.get(table.qualifiedName);
        if (!q) {
          // A name that starts with a template may render to `schema.table` or `db.schema.table`: the parts the
          // connection would fill in are not known, so none are added.
          const qualified = table.qualifiedName.startsWith('{{')
            ? { name: table.qualifiedName, placeholders: [], note: 'the table name is rendered when the task runs' }
            : naming.qualify(table);
          const { name, placeholders: jinja } = jinjaPlaceholders(placeholderNames(qualified.name));
          const own = (t.placeholders ?? []).filter((p) => name.includes(`<${p.name}>`));
          named.set(table.qualifiedName, (q = { ...qualified, name, placeholders: mergePlaceholders(qualified.placeholders, own, jinja) }));
        }
        return q;
      };
      const dataset = (table: SqlTable): PredictedDataset => {
        const q = nameOf(table);
        const placeholders = mergePlaceholders(naming.placeholders, q.placeholders);
        return {
          namespace: naming.namespace,
          name: q.name,
          provenance: 'sql',
          // The connection's note and the table's often share sentences: each said once.
          note: [...new Set([naming.note, q.note].flatMap((n) => n.split('; ')).filter((n) => n !== ''))].join('; '),
          ...(placeholders.length ? { placeholders } : {}),
          source: locate(t, table.range),
        };
      };
      for (const table of result.inputs) {
        const d = dataset(table);
        if (!inputs.has(d.name)) inputs.set(d.name, d);
      }
      for (const table of result.outputs) {
        const d = dataset(table);
        const entry = outputs.get(d.name) ?? { ds: d, columns: [] };
        outputs.set(d.name, entry);
        for (const cl of result.columnLineage) {
          // openlineage-sql leaves the descendant's table empty; the provider attaches the column lineage to the
          // output dataset only when there is exactly one (sqlparser.py `attach_column_lineage`).
          if (cl.output.table !== table.qualifiedName && !(cl.output.table === null && result.outputs.length === 1)) continue;
          const cols = cl.inputs.map((i) => ({ namespace: naming.namespace, name: nameOf(tableOf(i.table)).name, field: i.column }));
          const existing = entry.columns.find((c) => c.name === cl.output.column);
          if (existing) (existing.inputs as PredictedColumn['inputs'][number][]).push(...cols);
          else entry.columns.push({ name: cl.output.column, inputs: cols });
        }
      }
      // A statement with Jinja in it is rendered before the parser sees it: a failure here may not be one then
      // (`{{ get_sql() }}` is a whole statement). Say nothing rather than a wrong warning. BigQuery operators read
      // their tables from the job API at run time, not from openlineage-sql: a statement the parser rejects still
      // has lineage, so it is no problem of the task's.
      const quiet = result.templates.length > 0 || spec.dialect === 'bigquery';
      for (const e of quiet ? [] : result.errors) {
        problems.push({
          kind: 'sql-parse',
          message: `the runtime's SQL parser (openlineage-sql) rejects this statement: ${/\bLine: \d/.test(e.message) ? e.message : `${e.message} (line ${e.line}, column ${e.column})`}`,
          source: locate(t, e.range),
          ...(t.argument ? { argument: t.argument } : {}),
        });
      }
    }
  }
  const out = [...outputs.values()].map(({ ds, columns }) => (columns.length ? { ...ds, columns } : ds));
  if (name === 'AthenaOperator') out.push(...athenaOutputLocation(cx));
  return { inputs: [...inputs.values()], outputs: out, supported: true, method, problems };
}

function taskRangeOf(cx: SqlTaskContext) {
  return cx.args.task.range;
}

/** `a.b.c` as written in column lineage back to a table. */
function tableOf(qualified: string): SqlTable {
  const parts = qualified.split('.');
  const name = parts.pop() ?? qualified;
  const schema = parts.pop() ?? null;
  const database = parts.length ? parts.join('.') : null;
  return { database, schema, name, qualifiedName: qualified };
}

function locate(t: SqlText, range: PredictSource['range'] | undefined): PredictSource {
  const r = range && t.base !== undefined ? { start: t.base + range.start, end: t.base + range.end } : range && t.uri ? range : t.whole;
  return t.uri ? { uri: t.uri, range: r } : { range: r };
}

/** Athena's query results location: an S3 output of its own. */
function athenaOutputLocation(cx: SqlTaskContext): PredictedDataset[] {
  const arg = cx.args.get('output_location')?.arg;
  const m = arg?.string?.kind === 'literal' ? /^(s3[an]?):\/\/([^/]*)(\/.*)?$/.exec(arg.string.value) : null;
  if (!arg || !m) return [];
  return [
    {
      namespace: `${m[1]}://${m[2]}`,
      name: m[3] || '/',
      provenance: 'operator',
      note: 'the query results location',
      source: { range: arg.valueRange },
    },
  ];
}

// ---- the SQL texts -------------------------------------------------------------------------------------------

function sqlTexts(spec: SqlOperatorSpec, cx: SqlTaskContext, problems: PredictProblem[]): SqlText[] {
  const arg = cx.args.path(spec.sql);
  if (!arg) return [];
  const strings: readonly PyString[] = arg.string
    ? [arg.string]
    : (arg.strings ?? [{ value: arg.valueText, range: arg.valueRange, kind: 'expression', exact: true }]);
  const out: SqlText[] = [];
  const params = literalParams(cx.args);
  const find = (name: string) => {
    const uri = findTemplate(name, cx);
    const text = uri !== undefined ? cx.files.text(uri) : undefined;
    return uri !== undefined && text !== undefined ? { uri, text } : undefined;
  };
  /** A text with Airflow's Jinja rendered where the code says what it renders to (includes, params). */
  const jinja = (t: SqlText): SqlText => {
    const r = renderSqlJinja(t.text, params, find);
    if (!r.changed) return t;
    // Offsets no longer map into the source: everything found points at the argument that names the SQL.
    if (t.uri !== undefined && t.argument)
      return { text: r.text, whole: t.argument, ...(t.placeholders ? { placeholders: t.placeholders } : {}) };
    return { text: r.text, whole: t.whole, ...(t.placeholders ? { placeholders: t.placeholders } : {}) };
  };
  for (const s of strings) {
    const before = out.length;
    pushText(s);
    for (let i = before; i < out.length; i++) out[i] = jinja(out[i]!);
  }
  return out;

  function pushText(s: PyString): void {
    const rendered = cx.text !== undefined ? renderSql(s, cx.text, cx.args.dag) : undefined;
    if (rendered) {
      out.push({
        text: rendered.text,
        ...(rendered.mapped ? { base: rendered.mapped.base, whole: rendered.mapped.whole } : { whole: s.range }),
        ...(rendered.placeholders.length ? { placeholders: rendered.placeholders } : {}),
      });
      return;
    }
    if (s.kind === 'expression') return; // built at run time: nothing to read
    if (spec.templateExt.some((ext) => s.value.endsWith(ext))) {
      if (s.kind !== 'literal') return;
      const uri = findTemplate(s.value, cx);
      const text = uri !== undefined ? cx.files.text(uri) : undefined;
      if (uri !== undefined && text !== undefined)
        out.push({ text, uri, base: 0, whole: { start: 0, end: text.length }, argument: s.range });
      else
        problems.push({
          kind: 'file',
          message: `template file \`${s.value}\` is not in the DAG folder or template_searchpath (${searchRoots(cx).join(', ') || 'none'})`,
          source: { range: s.range },
        });
      return;
    }
    out.push({ text: s.value, ...(s.exact ? { base: s.range.start } : {}), whole: s.range });
  }
}

function dagFolder(cx: SqlTaskContext): string {
  return cx.dagUri.slice(0, cx.dagUri.lastIndexOf('/') + 1);
}

/** The DAG folder, then `template_searchpath` entries, as written. */
function searchRoots(cx: SqlTaskContext): string[] {
  const arg = cx.args.dag?.args.find((a) => a.name === 'template_searchpath');
  const entries = arg?.string ? [arg.string] : (arg?.strings ?? []);
  return entries.filter((s) => s.kind === 'literal').map((s) => s.value);
}

/**
 * Where Jinja's loader finds a template: the DAG file's folder, then each `template_searchpath` entry. An
 * absolute entry is a path on the Airflow machine (`/opt/airflow/include`): matched to the workspace file whose
 * path ends with the longest tail of it (at least the file and its folder).
 */
function findTemplate(path: string, cx: SqlTaskContext): string | undefined {
  const folder = dagFolder(cx);
  const has = (uri: string | undefined) => uri !== undefined && cx.files.text(uri) !== undefined;
  const inDag = resolveInFolder(folder, path, false);
  if (has(inDag)) return inDag;
  for (const root of searchRoots(cx)) {
    const joined = `${root.replace(/\/+$/, '')}/${path}`;
    if (!root.startsWith('/')) {
      const uri = resolveInFolder(folder, joined, false);
      if (has(uri)) return uri;
    }
    const tail = tailMatch(joined, cx.files);
    if (tail) return tail;
  }
  return undefined;
}

function tailMatch(path: string, files: SourceFiles): string | undefined {
  const parts = path.split('/').filter((p) => p && p !== '.');
  for (let i = 0; i <= parts.length - 2; i++) {
    const suffix = `/${parts.slice(i).map(encodeURIComponent).join('/')}`;
    const hits = files.uris().filter((u) => u.endsWith(suffix));
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) return undefined; // ambiguous: say nothing rather than pick
  }
  return undefined;
}

/**
 * A name part Airflow renders when the task runs (`{{ var.json.cfg.table }}`, `{{ conn.db.schema }}`) as a named
 * placeholder `<jinja:…>`: the provider parses the rendered SQL, so the name is only known then. (A name the
 * connection upper-cases, Snowflake's, may have had the template upper-cased with it; the placeholder keeps it.)
 */
function jinjaPlaceholders(name: string): { name: string; placeholders: Placeholder[] } {
  if (!name.includes('{{')) return { name, placeholders: [] };
  const placeholders: Placeholder[] = [];
  const out = name.replace(/\{\{-?\s*([^{}]*?)\s*-?\}\}/g, (_all, expr: string) => {
    const p = { name: `jinja:${expr}`, why: 'a Jinja template Airflow renders when the task runs' };
    if (!placeholders.some((x) => x.name === p.name)) placeholders.push(p);
    return `<${p.name}>`;
  });
  return { name: out, placeholders };
}
