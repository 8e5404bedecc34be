/**
 * Follows the Spark objects of a PySpark job through its calls and variables: the session (`spark`,
 * `SparkSession.builder…getOrCreate()`), DataFrameReaders (`spark.read.format(…).option(…)`), DataFrameWriters
 * (`df.write.mode(…)`), V2 writers (`df.writeTo(t)`), Delta tables (`DeltaTable.forPath`), and reports what each
 * terminal call reads or writes. A reader or writer kept in a variable carries its format and options to the
 * calls made on it later.
 */
import { callArguments } from '../../python/arguments';
import { dottedName, lastName } from '../../python/names';
import type { PythonNode } from '../../python/parser';
import { readString } from '../../python/strings';
import { lowerKnown, tableParts } from './naming';
import {
  isView,
  pathDataset,
  rangeOf,
  sourceDatasets,
  tableFound,
  type Arg,
  type Found,
  type Options,
  type Skipped,
  type SourceContext,
} from './sources';
import { concat, known, lit, render, type Str, type Values } from './values';

/** A DataFrameReader or DataFrameWriter (batch or streaming) with the format and options given so far. */
interface RW {
  readonly k: 'reader' | 'writer';
  readonly format?: Arg;
  readonly options: Options;
}

type Obj =
  | { readonly k: 'session' }
  | RW
  | { readonly k: 'v2'; readonly table: Arg }
  | { readonly k: 'deltaClass' }
  | { readonly k: 'delta'; readonly target: Found[] }
  | { readonly k: 'df' }
  | { readonly k: 'other' };

const OTHER: Obj = { k: 'other' };
const DF: Obj = { k: 'df' };
const SESSION: Obj = { k: 'session' };

/** Names a session usually has when it is not assigned in the file (a parameter, a notebook's `spark`). */
const SESSION_NAMES = /^(spark|spark_?session|ss|session|sql_?context|sqlctx|hive_?context|sc_sql)$/i;
const FILE_METHODS = new Set(['parquet', 'csv', 'json', 'orc', 'text', 'avro', 'xml']);
const CHAIN_METHODS = new Set([
  'format',
  'option',
  'options',
  'schema',
  'mode',
  'partitionBy',
  'bucketBy',
  'sortBy',
  'trigger',
  'outputMode',
  'queryName',
  'foreachBatch',
  'foreach',
  'clusterBy',
]);
const V2_CHAIN = new Set(['using', 'option', 'options', 'tableProperty', 'partitionedBy', 'clusterBy']);
const V2_WRITES = new Set(['append', 'overwrite', 'overwritePartitions', 'create', 'replace', 'createOrReplace']);
const RDD_READS = new Set(['textFile', 'wholeTextFiles', 'binaryFiles', 'pickleFile', 'sequenceFile']);
const RDD_WRITES = new Set(['saveAsTextFile', 'saveAsPickleFile', 'saveAsSequenceFile']);
const VIEW_METHODS = new Set([
  'createOrReplaceTempView',
  'createTempView',
  'createGlobalTempView',
  'createOrReplaceGlobalTempView',
  'registerTempTable',
]);

export class Walker {
  readonly inputs: Found[] = [];
  readonly outputs: Found[] = [];
  readonly skipped: Skipped[] = [];
  readonly sqlErrors: { message: string; range: { start: number; end: number } }[] = [];
  private readonly memo = new Map<number, Obj>();
  private readonly done = new Set<number>();
  private depth = 0;

  constructor(
    private readonly v: Values,
    private readonly cx: SourceContext,
  ) {}

  /** Visits one call (in document order): evaluates it, reporting what its terminal calls read and write. */
  visit(call: PythonNode): void {
    const fn = call.childForFieldName('function');
    if (fn?.type === 'attribute') {
      const method = this.v.slice(fn.childForFieldName('attribute'));
      const object = fn.childForFieldName('object');
      // `spark.catalog.setCurrentDatabase("db")`
      if (method === 'setCurrentDatabase' && object !== null && lastName(object, this.v.text) === 'catalog') {
        const arg = callArguments(call.childForFieldName('arguments'), this.v.text).positional[0];
        const db = arg ? this.v.str(arg) : undefined;
        if (db !== undefined) this.cx.currentDatabase = render(db);
        return;
      }
    }
    this.eval(call);
  }

  private eval(node: PythonNode): Obj {
    const cached = this.memo.get(node.id);
    if (cached !== undefined) return cached;
    if (this.depth > 40) return OTHER;
    this.depth++;
    try {
      const obj = this.evalUncached(node);
      this.memo.set(node.id, obj);
      return obj;
    } finally {
      this.depth--;
    }
  }

  private evalUncached(node: PythonNode): Obj {
    switch (node.type) {
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
        return inner ? this.eval(inner) : OTHER;
      }
      case 'identifier':
        return this.named(node);
      case 'attribute': {
        const attr = this.v.slice(node.childForFieldName('attribute'));
        const object = node.childForFieldName('object');
        if (object === null) return OTHER;
        if (attr === 'read' || attr === 'readStream') {
          const o = this.eval(object);
          return o.k === 'session' || o.k === 'other' || o.k === 'df' ? { k: 'reader', options: new Map() } : OTHER;
        }
        if (attr === 'write' || attr === 'writeStream') return { k: 'writer', options: new Map() };
        if (attr === 'sparkSession' || attr === 'spark_session') return SESSION;
        if (attr === 'DeltaTable') return { k: 'deltaClass' };
        return this.named(node);
      }
      case 'call':
        return this.call(node);
      default:
        return OTHER;
    }
  }

  /** A name: what it was assigned, else a session by its name. */
  private named(node: PythonNode): Obj {
    const name = dottedName(node, this.v.text);
    if (name === undefined) return OTHER;
    if (name === 'DeltaTable') return { k: 'deltaClass' };
    const value = this.v.valueOf(node);
    if (value !== undefined) return this.eval(value);
    const last = name.slice(name.lastIndexOf('.') + 1);
    return SESSION_NAMES.test(last) ? SESSION : OTHER;
  }

  private call(node: PythonNode): Obj {
    const fn = node.childForFieldName('function');
    if (fn === null) return OTHER;
    const args = node.childForFieldName('arguments');
    if (fn.type !== 'attribute') {
      const name = lastName(fn, this.v.text);
      return name === 'SparkSession' || name === 'SQLContext' || name === 'HiveContext' ? SESSION : OTHER;
    }
    const method = this.v.slice(fn.childForFieldName('attribute'));
    const object = fn.childForFieldName('object');
    if (object === null) return OTHER;
    if (method === 'getOrCreate' || method === 'getActiveSession' || method === 'active' || method === 'newSession') return SESSION;
    const o = this.eval(object);
    switch (o.k) {
      case 'session':
        return this.sessionCall(node, method, args);
      case 'reader':
        return this.readerCall(node, o, method, args);
      case 'writer':
        return this.writerCall(node, o, method, args);
      case 'v2':
        if (V2_CHAIN.has(method)) return o;
        if (V2_WRITES.has(method)) this.once(node, () => this.outputs.push(...tableFound(this.cx, o.table, this.skipped)));
        return OTHER;
      case 'deltaClass':
        return this.deltaClassCall(method, args);
      case 'delta':
        return this.deltaCall(node, o, method);
      case 'df':
      case 'other':
        return this.dataFrameCall(node, o, method, args);
    }
  }

  private sessionCall(node: PythonNode, method: string, args: PythonNode | null): Obj {
    const a = callArguments(args, this.v.text);
    if (method === 'table') {
      const t = this.arg(a.positional[0] ?? a.keywords.get('tableName'));
      if (t) this.once(node, () => this.inputs.push(...tableFound(this.cx, t, this.skipped)));
      return DF;
    }
    if (method === 'sql') {
      const q = this.arg(a.positional[0] ?? a.keywords.get('sqlQuery'));
      if (q) this.once(node, () => this.sql(q));
      return DF;
    }
    if (method === 'createDataFrame' || method === 'range') return DF;
    return method === 'builder' ? OTHER : OTHER;
  }

  private readerCall(node: PythonNode, o: RW, method: string, args: PythonNode | null): Obj {
    if (CHAIN_METHODS.has(method)) return this.chain(o, method, args);
    const a = callArguments(args, this.v.text);
    let found: () => Found[];
    if (method === 'load') {
      const withKw = this.withKeywords(o, a.keywords, ['path', 'format', 'schema']);
      const paths = a.positional[0] ? this.paths(a.positional[0]) : a.keywords.has('path') ? this.paths(a.keywords.get('path')!) : [];
      found = () => sourceDatasets(this.cx, withKw.format, withKw.options, paths, node, this.skipped);
    } else if (FILE_METHODS.has(method)) {
      const withKw = this.withKeywords({ ...o, format: { str: lit(method), node } }, a.keywords, ['path', 'paths', 'schema']);
      const pathNodes =
        a.positional.length > 0
          ? a.positional
          : [a.keywords.get('path') ?? a.keywords.get('paths')].filter((n): n is PythonNode => n !== undefined);
      const paths = pathNodes.flatMap((n) => this.paths(n));
      found = () => sourceDatasets(this.cx, withKw.format, withKw.options, paths, node, this.skipped);
    } else if (method === 'table') {
      const t = this.arg(a.positional[0] ?? a.keywords.get('tableName'));
      found = () => (t ? tableFound(this.cx, t, this.skipped) : []);
    } else if (method === 'jdbc') {
      found = this.jdbc(node, o, a);
    } else {
      return OTHER;
    }
    this.once(node, () => this.inputs.push(...found()));
    return DF;
  }

  /** `.jdbc(url, table, …)` of a reader or a writer: the URL and table join the options already set. */
  private jdbc(node: PythonNode, o: RW, a: ReturnType<typeof callArguments>): () => Found[] {
    const opts = new Map(o.options);
    const url = a.positional[0] ?? a.keywords.get('url');
    const table = a.positional[1] ?? a.keywords.get('table');
    if (url) opts.set('url', this.arg(url)!);
    if (table) opts.set('dbtable', this.arg(table)!);
    return () => sourceDatasets(this.cx, { str: lit('jdbc'), node }, opts, [], node, this.skipped);
  }

  private writerCall(node: PythonNode, o: RW, method: string, args: PythonNode | null): Obj {
    if (CHAIN_METHODS.has(method)) return this.chain(o, method, args);
    const a = callArguments(args, this.v.text);
    let found: () => Found[];
    if (method === 'save' || method === 'start') {
      const w = this.withKeywords(o, a.keywords, ['path', 'format', 'mode', 'partitionBy', 'outputMode', 'queryName', 'trigger']);
      const paths = a.positional[0] ? this.paths(a.positional[0]) : a.keywords.has('path') ? this.paths(a.keywords.get('path')!) : [];
      if (method === 'start' && paths.length === 0 && !w.options.has('path') && w.format === undefined) return OTHER;
      found = () => sourceDatasets(this.cx, w.format, w.options, paths, node, this.skipped);
    } else if (FILE_METHODS.has(method)) {
      const w = this.withKeywords({ ...o, format: { str: lit(method), node } }, a.keywords, ['path', 'mode', 'partitionBy', 'compression']);
      const p = a.positional[0] ?? a.keywords.get('path');
      const paths = p ? this.paths(p) : [];
      found = () => sourceDatasets(this.cx, w.format, w.options, paths, node, this.skipped);
    } else if (method === 'saveAsTable' || method === 'insertInto' || method === 'toTable') {
      const w = this.withKeywords(o, a.keywords, ['name', 'tableName', 'format', 'mode', 'partitionBy', 'overwrite']);
      const t = this.arg(a.positional[0] ?? a.keywords.get('name') ?? a.keywords.get('tableName'));
      const path = w.options.get('path');
      found = () => {
        if (path !== undefined && method === 'saveAsTable') {
          // An external table: the runtime names it after its location.
          return [{ id: pathDataset(render(path.str), this.cx), from: [path.str], range: rangeOf(path.node) }];
        }
        return t ? tableFound(this.cx, t, this.skipped) : [];
      };
    } else if (method === 'jdbc') {
      found = this.jdbc(node, o, a);
    } else {
      return OTHER;
    }
    this.once(node, () => this.outputs.push(...found()));
    return OTHER;
  }

  private dataFrameCall(node: PythonNode, o: Obj, method: string, args: PythonNode | null): Obj {
    const a = callArguments(args, this.v.text);
    if (method === 'writeTo') {
      const t = this.arg(a.positional[0] ?? a.keywords.get('table'));
      return t ? { k: 'v2', table: t } : OTHER;
    }
    if (VIEW_METHODS.has(method)) return o;
    // RDDs: `sc.textFile(p)` reads, `rdd.saveAsTextFile(p)` writes (the runtime names both by their path).
    const receiver = node.childForFieldName('function')?.childForFieldName('object');
    const onContext = receiver ? /(^|\.)(sc|sparkContext|spark_context)$/.test(dottedName(receiver, this.v.text) ?? '') : false;
    const path = a.positional[0] ?? a.keywords.get('path') ?? a.keywords.get('name');
    if (path !== undefined && ((onContext && RDD_READS.has(method)) || RDD_WRITES.has(method))) {
      const found = () => this.paths(path).map((p) => ({ id: pathDataset(render(p.str), this.cx), from: [p.str], range: rangeOf(p.node) }));
      this.once(node, () => (RDD_WRITES.has(method) ? this.outputs : this.inputs).push(...found()));
      return OTHER;
    }
    // Any other DataFrame method returns a DataFrame (joins, filters, selects): only what it was built from counts.
    return o.k === 'df' ? DF : OTHER;
  }

  private deltaClassCall(method: string, args: PythonNode | null): Obj {
    const a = callArguments(args, this.v.text);
    const target = a.positional[1] ?? a.keywords.get('path') ?? a.keywords.get('tableOrViewName');
    const arg = this.arg(target);
    if (arg === undefined) return OTHER;
    if (method === 'forPath')
      return { k: 'delta', target: [{ id: pathDataset(render(arg.str), this.cx), from: [arg.str], range: rangeOf(arg.node) }] };
    if (method === 'forName') return { k: 'delta', target: tableFound(this.cx, arg, this.skipped) };
    return OTHER;
  }

  private deltaCall(node: PythonNode, o: Extract<Obj, { k: 'delta' }>, method: string): Obj {
    if (method === 'alias') return o;
    if (method === 'toDF') {
      this.once(node, () => this.inputs.push(...o.target));
      return DF;
    }
    if (method === 'merge' || method === 'update' || method === 'updateExpr' || method === 'delete') {
      this.once(node, () => this.outputs.push(...o.target));
    }
    return OTHER;
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  /** `.format(f)`, `.option(k, v)`, `.options(k=v, …)` / `.options(**{…})`, `.mode(…)`: a new reader/writer. */
  private chain(o: RW, method: string, args: PythonNode | null): Obj {
    const a = callArguments(args, this.v.text);
    if (method === 'format') {
      const f = this.arg(a.positional[0] ?? a.keywords.get('source'));
      return f ? { ...o, format: f } : o;
    }
    if (method === 'option') {
      const key = a.positional[0] ?? a.keywords.get('key');
      const value = a.positional[1] ?? a.keywords.get('value');
      const k = key ? this.v.str(key) : undefined;
      if (k === undefined || !known(k) || value === undefined) return o;
      const options = new Map(o.options);
      options.set(render(k).toLowerCase(), this.arg(value)!);
      return { ...o, options };
    }
    if (method === 'options') {
      const options = new Map(o.options);
      for (const [k, node] of a.keywords) options.set(k.toLowerCase(), this.arg(node)!);
      for (const node of this.splats(args)) this.dictInto(node, options);
      for (const p of a.positional) this.dictInto(p, options);
      return { ...o, options };
    }
    return o;
  }

  /** The `**opts` arguments of a call. */
  private splats(args: PythonNode | null): PythonNode[] {
    return (args?.namedChildren ?? [])
      .filter((c): c is PythonNode => c?.type === 'dictionary_splat')
      .map((c) => c.namedChildren[0]!)
      .filter((c) => c !== undefined);
  }

  /** The string-keyed entries of a dict literal (or a name assigned one), into `options`. */
  private dictInto(node: PythonNode, options: Map<string, Arg>): void {
    const dict = node.type === 'identifier' ? this.v.valueOf(node) : node;
    if (dict?.type !== 'dictionary') return;
    for (const pair of dict.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      const k = key ? readString(key, this.v.text) : undefined;
      if (k === undefined || k.interpolated || value === null) continue;
      options.set(k.value.toLowerCase(), this.arg(value)!);
    }
  }

  /** Keyword arguments of a terminal call (`load(path, format="csv", header=True)`) merged into a reader/writer. */
  private withKeywords<T extends RW>(o: T, keywords: Map<string, PythonNode>, skip: readonly string[]): T {
    const options = new Map(o.options);
    let format = o.format;
    for (const [k, node] of keywords) {
      if (k === 'format' || k === 'source') format = this.arg(node);
      else if (!skip.includes(k)) options.set(k.toLowerCase(), this.arg(node)!);
    }
    return { ...o, options, ...(format ? { format } : {}) };
  }

  private arg(node: PythonNode | undefined | null): Arg | undefined {
    return node ? { str: this.v.str(node), node } : undefined;
  }

  /** Path arguments: one string, or each element of a list/tuple. */
  private paths(node: PythonNode): Arg[] {
    return this.v.strList(node);
  }

  /** Runs `report` once per call node, however often the call is reached through variables. */
  private once(node: PythonNode, report: () => void): void {
    if (this.done.has(node.id)) return;
    this.done.add(node.id);
    report();
  }

  // ---- spark.sql -------------------------------------------------------------------------------------------

  /** `spark.sql(q)`: its tables through the SQL lineage, named as catalog tables. */
  private sql(q: Arg): void {
    const text = render(q.str);
    const use = /^\s*USE\s+(?:DATABASE\s+|SCHEMA\s+|NAMESPACE\s+)?([`\w.<>:-]+)\s*;?\s*$/i.exec(text);
    if (use) {
      const parts = tableParts(use[1]!);
      this.cx.currentDatabase = lowerKnown(parts[parts.length - 1]!);
      return;
    }
    if (this.cx.sql === undefined) {
      this.skipped.push({ message: 'SQL lineage is not loaded: the tables of this `spark.sql` are not predicted', range: rangeOf(q.node) });
      return;
    }
    // Placeholders become identifiers the SQL parser accepts, and are put back in the table names after.
    const names: string[] = [];
    const sqlText = q.str.parts.map((p) => (typeof p === 'string' ? p : `__ll_${names.push(`<${p.name}>`) - 1}__`)).join('');
    const back = (s: string) => s.replace(/__ll_(\d+)__/g, (_m, i: string) => names[Number(i)] ?? _m);
    const result = this.cx.sql(sqlText, { dialect: 'databricks' });
    const literal = q.node.type === 'string' ? readString(q.node, this.v.text) : undefined;
    const exact = literal !== undefined && literal.exact && !literal.interpolated;
    const mapRange = (r: { start: number; end: number } | undefined) =>
      exact && r !== undefined ? { start: literal.range.start + r.start, end: literal.range.start + r.end } : rangeOf(q.node);
    for (const e of result.errors) {
      this.sqlErrors.push({ message: e.message, range: mapRange(e.range) });
    }
    const views = new Set<string>();
    for (const m of sqlText.matchAll(
      /CREATE\s+(?:OR\s+REPLACE\s+)?(?:GLOBAL\s+)?TEMP(?:ORARY)?\s+VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?([`\w.]+)/gi,
    ))
      views.add(m[1]!.replace(/`/g, '').toLowerCase());
    const found = (t: { qualifiedName: string; schema: string | null; name: string; range?: { start: number; end: number } }): Found[] => {
      const ident = back(t.qualifiedName);
      const range = mapRange(t.range);
      const from = [q.str];
      // `parquet.\`s3://b/x\``: a path read through SQL.
      if (t.schema !== null && /^(parquet|csv|json|orc|text|avro|delta)$/i.test(t.schema) && /[/:]/.test(t.name)) {
        return [{ id: pathDataset(back(t.name), this.cx), from, range }];
      }
      if (isView(this.cx, ident) || views.has(ident.toLowerCase())) return [];
      return tableFound(this.cx, { str: this.tableStr(ident, q.str), node: q.node }, this.skipped).map((f) => ({ ...f, range }));
    };
    for (const t of result.inputs) this.inputs.push(...found(t));
    // `CREATE TABLE t … LOCATION 'p'`: the table lives at p. `INSERT OVERWRITE DIRECTORY 'p'`: a path written.
    const location = /^\s*CREATE\b[\s\S]*?\bLOCATION\s+(['"])([^'"]+)\1/i.exec(sqlText);
    if (location && result.outputs.length === 1) {
      this.outputs.push({ id: pathDataset(back(location[2]!), this.cx), from: [q.str], range: mapRange(result.outputs[0]!.range) });
    } else {
      for (const t of result.outputs) this.outputs.push(...found(t));
    }
    const directory = /^\s*INSERT\s+OVERWRITE\s+(?:LOCAL\s+)?DIRECTORY\s+(['"])([^'"]+)\1/i.exec(sqlText);
    if (directory) this.outputs.push({ id: pathDataset(back(directory[2]!), this.cx), from: [q.str], range: rangeOf(q.node) });
  }

  /** A table name from SQL as a value whose placeholders are those of the SQL string. */
  private tableStr(ident: string, sql: Str): Str {
    const parts: Str[] = [];
    let last = 0;
    for (const m of ident.matchAll(/<([^>]*)>/g)) {
      parts.push(lit(ident.slice(last, m.index)));
      const p = sql.parts.find((x) => typeof x !== 'string' && x.name === m[1]);
      parts.push(p !== undefined && typeof p !== 'string' ? { parts: [p] } : lit(m[0]));
      last = m.index + m[0].length;
    }
    parts.push(lit(ident.slice(last)));
    return concat(...parts);
  }
}
