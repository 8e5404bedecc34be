/**
 * What a DataFrame read or write names, from its data source format, options and paths, as the Spark
 * integration's plan visitors name it: file sources by their path (`InsertIntoHadoopFsRelationVisitor`,
 * `LogicalRelationDatasetBuilder`), JDBC by URL and `dbtable` (or the tables of `query`, through openlineage-sql
 * as `JdbcSparkUtils` does), Kafka topics, BigQuery tables; catalog tables by their location (`naming.ts`).
 */
import type { OffsetRange } from '../../text/model';
import type { SqlDialect, SqlLineageFn } from '../types';
import {
  globParent,
  jdbcDataset,
  jdbcDialect,
  kafkaNamespace,
  locationDataset,
  tableDataset,
  type Identified,
  type SparkSettings,
} from './naming';
import type { PythonNode } from '../../python/parser';
import { known, render, type Str } from './values';

/** An argument as read: its value and the expression it was read from. */
export interface Arg {
  readonly str: Str;
  readonly node: PythonNode;
}

/** Data source options by lower-cased key (Spark's options are case-insensitive). */
export type Options = ReadonlyMap<string, Arg>;

/** A dataset found, before it becomes a PredictedDataset: its identifier, the values it came from and where. */
export interface Found {
  readonly id: Identified;
  readonly from: readonly Str[];
  readonly range: OffsetRange;
}

/** Something read or written whose dataset is not predicted, and why. */
export interface Skipped {
  readonly message: string;
  readonly range: OffsetRange;
}

export interface SourceContext {
  readonly settings: SparkSettings;
  readonly databricks: boolean;
  readonly sql?: SqlLineageFn;
  currentDatabase: string;
  /** Temporary views (lower-cased): reading one reads the DataFrame behind it, already counted. */
  readonly views: ReadonlySet<string>;
}

export const rangeOf = (node: PythonNode): OffsetRange => ({ start: node.startIndex, end: node.endIndex });

/** File-based data sources: named by their path. */
const FILE_FORMATS = new Set([
  'parquet',
  'csv',
  'json',
  'orc',
  'text',
  'avro',
  'xml',
  'binaryfile',
  'image',
  'libsvm',
  'delta',
  'hudi',
  'iceberg',
  'textfile',
]);

/** The short name of a format class (`org.apache.spark.sql.jdbc` → `jdbc`, `com.databricks.spark.avro` → `avro`). */
function shortFormat(format: string): string {
  const f = format.toLowerCase();
  if (f.includes('jdbc')) return 'jdbc';
  if (f.includes('kafka')) return 'kafka';
  if (f.includes('bigquery')) return 'bigquery';
  if (f.includes('snowflake')) return 'snowflake';
  if (f.includes('avro')) return 'avro';
  if (f.startsWith('org.apache.hudi')) return 'hudi';
  if (f.includes('delta')) return 'delta';
  return f;
}

/**
 * The datasets of a read (`spark.read…load/parquet/…`) or a write (`df.write…save/parquet/…`): `format`
 * undefined is Spark's default source (parquet, `spark.sql.sources.default`).
 */
export function sourceDatasets(
  cx: SourceContext,
  format: Arg | undefined,
  options: Options,
  paths: readonly Arg[],
  at: PythonNode,
  skipped: Skipped[],
): Found[] {
  const written = format === undefined ? (cx.settings.get('spark.sql.sources.default') ?? 'parquet') : render(format.str);
  if (format !== undefined && !known(format.str)) {
    skipped.push({ message: `the data source format \`${written}\` is only known at run time`, range: rangeOf(format.node) });
    return [];
  }
  const fmt = shortFormat(written);
  const path = paths.length > 0 ? paths : options.has('path') ? [options.get('path')!] : [];
  switch (fmt) {
    case 'jdbc':
      return jdbcDatasets(cx, options, at, skipped);
    case 'kafka': {
      const servers = options.get('kafka.bootstrap.servers');
      const topic = options.get('subscribe') ?? options.get('topic');
      if (servers === undefined || topic === undefined) {
        skipped.push({
          message: 'a Kafka source without `kafka.bootstrap.servers` and `subscribe`/`topic` options (or with `subscribePattern`)',
          range: rangeOf(at),
        });
        return [];
      }
      const ns = kafkaNamespace(render(servers.str));
      return [
        {
          id: { namespace: ns, name: render(topic.str), note: 'Kafka: `kafka://` and the first bootstrap server, the topic as the name' },
          from: [servers.str, topic.str],
          range: rangeOf(topic.node),
        },
      ];
    }
    case 'bigquery': {
      const table = path[0] ?? options.get('table');
      if (table === undefined) {
        skipped.push({ message: 'a BigQuery source without a table', range: rangeOf(at) });
        return [];
      }
      const name = render(table.str).replace(/:/g, '.');
      const parts = name.split('.');
      const full = parts.length >= 3 ? name : `<bigquery:project>.${name}`;
      return [
        {
          id: {
            namespace: 'bigquery',
            name: full,
            note: 'BigQuery: namespace `bigquery`, the table as `project.dataset.table`',
            ...(parts.length < 3
              ? { extra: [{ name: 'bigquery:project', why: 'the project the connector defaults to (parentProject / the credentials)' }] }
              : {}),
          },
          from: [table.str],
          range: rangeOf(table.node),
        },
      ];
    }
  }
  if (!FILE_FORMATS.has(fmt)) {
    skipped.push({
      message: `the data source \`${written}\` is not modelled: the dataset its connector reports is not predicted`,
      range: rangeOf(format?.node ?? at),
    });
    return [];
  }
  if (path.length === 0) {
    skipped.push({ message: `a \`${fmt}\` source without a path`, range: rangeOf(at) });
    return [];
  }
  return path.map((p) => {
    const location = render(p.str);
    // `format("iceberg").load("db.t")` names a table, not a path.
    if ((fmt === 'iceberg' || fmt === 'delta') && !/[/:<]/.test(location) && location.includes('.')) {
      return { id: tableDataset(location, cx.settings, cx.currentDatabase, cx.databricks), from: [p.str], range: rangeOf(p.node) };
    }
    return { id: pathDataset(location, cx), from: [p.str], range: rangeOf(p.node) };
  });
}

/** A path read or written: the location, or the directory of a glob in its last segment. */
export function pathDataset(location: string, cx: SourceContext): Identified {
  const parent = globParent(location);
  if (parent === undefined) return locationDataset(location, cx.settings, cx.databricks);
  const id = locationDataset(parent, cx.settings, cx.databricks);
  return { ...id, note: `the files the pattern matches are reported as their directory; ${id.note}` };
}

/** A catalog table, unless it names a temporary view of the job. */
export function tableFound(cx: SourceContext, arg: Arg, skipped: Skipped[]): Found[] {
  const ident = render(arg.str);
  if (isView(cx, ident)) {
    skipped.push({
      message: `\`${ident}\` is a temporary view of this job: the datasets behind it are reported where they are read`,
      range: rangeOf(arg.node),
    });
    return [];
  }
  return [{ id: tableDataset(ident, cx.settings, cx.currentDatabase, cx.databricks), from: [arg.str], range: rangeOf(arg.node) }];
}

export function isView(cx: SourceContext, ident: string): boolean {
  const lower = ident.toLowerCase().replace(/`/g, '');
  return cx.views.has(lower) || (lower.startsWith('global_temp.') && cx.views.has(lower.slice('global_temp.'.length)));
}

/** The SqlDialect openlineage-sql uses for a JDBC URL's subprotocol (its `get_dialect`; unknown → generic). */
function dialectOf(url: string): SqlDialect {
  const d = jdbcDialect(url).toLowerCase();
  const map: Record<string, SqlDialect> = {
    postgresql: 'postgres',
    postgres: 'postgres',
    mysql: 'mysql',
    sqlserver: 'mssql',
    redshift: 'redshift',
    snowflake: 'snowflake',
    sqlite: 'sqlite',
    hive: 'hive',
    databricks: 'databricks',
    bigquery: 'bigquery',
  };
  return map[d] ?? 'generic';
}

function jdbcDatasets(cx: SourceContext, options: Options, at: PythonNode, skipped: Skipped[]): Found[] {
  const url = options.get('url');
  const table = options.get('dbtable');
  const query = options.get('query');
  if (url === undefined || (table === undefined && query === undefined)) {
    skipped.push({ message: 'a JDBC source without `url` and `dbtable`/`query` options', range: rangeOf(at) });
    return [];
  }
  const u = render(url.str);
  if (table !== undefined) {
    const t = render(table.str).trim();
    // JdbcSparkUtils: no whitespace between characters means a table name; else a FROM clause or a subquery.
    if (!/\S\s+\S/.test(t)) return [{ id: jdbcDataset(u, t), from: [url.str, table.str], range: rangeOf(table.node) }];
    const sql = t.startsWith('(') ? t.slice(1, t.lastIndexOf(')')) : `select * from ${t}`;
    return jdbcSql(cx, u, url, sql, table, skipped);
  }
  return jdbcSql(cx, u, url, render(query!.str), query!, skipped);
}

function jdbcSql(cx: SourceContext, u: string, url: Arg, sql: string, arg: Arg, skipped: Skipped[]): Found[] {
  if (cx.sql === undefined) {
    skipped.push({ message: 'the JDBC query is not read: SQL lineage is not loaded', range: rangeOf(arg.node) });
    return [];
  }
  const result = cx.sql(sql, { dialect: dialectOf(u) });
  if (result.errors.length > 0) {
    skipped.push({
      message: `the runtime's SQL parser rejects this JDBC query (${result.errors[0]!.message}): it reports no input for it`,
      range: rangeOf(arg.node),
    });
    return [];
  }
  return result.inputs.map((t) => ({ id: jdbcDataset(u, t.qualifiedName), from: [url.str, arg.str], range: rangeOf(arg.node) }));
}
