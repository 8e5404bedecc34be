/**
 * SQL lineage as openlineage-sql computes it (integration/sql/impl/src/lib.rs `parse_multiple_statements`),
 * over the JSON AST of the same sqlparser-rs version (0.62) that the host hands in as `SqlParserApi`.
 *
 * The text is split into statements as the Airflow provider splits it (`DbApiHook.split_sql_string`); a
 * statement that does not parse is reported and skipped, the others keep their lineage; `USE db[.schema]`
 * sets the defaults of the statements after it. Jinja parts are stood in for by identifiers and written back
 * into the names. Never throws. Pure: docs/upstream/runtime-naming.md ("SQL lineage") cites the sources.
 */
import type { OffsetRange } from '../text/model';
import type { SqlColumnLineage, SqlDialect, SqlError, SqlLineageFn, SqlLineageResult, SqlOptions, SqlTable } from '../predict/types';
import { Context } from './context';
import { compareColumns, compareTables, qualifiedName, type ColumnMeta, type DialectInfo, type Loc, type TableMeta } from './meta';
import { Lines, splitStatements, substituteTemplates, templateRestorer, type Template } from './text';
import { VisitError, visitStatement } from './visit';

/** sqlparser-rs as the host loads it: the statements' JSON AST, or a throw with sqlparser-rs's message. */
export interface SqlParserApi {
  parse(sql: string, dialect: string): unknown;
}

/** Larger SQL is refused rather than parsed (an editor must stay responsive). */
export const MAX_SQL_LENGTH = 1024 * 1024;

/**
 * Every dialect name accepted, with the parser dialect it means. openlineage-sql's `get_dialect` maps any name it
 * does not know (`trino`, `athena`, `duckdb`, `clickhouse`) to the generic dialect, and so do we.
 */
const DIALECTS: Record<SqlDialect, { parser: string; info: DialectInfo }> = {
  generic: { parser: 'generic', info: { kind: 'generic', delimiters: '"`' } },
  ansi: { parser: 'ansi', info: { kind: 'ansi', delimiters: '"' } },
  postgres: { parser: 'postgresql', info: { kind: 'postgres', delimiters: '"' } },
  mysql: { parser: 'mysql', info: { kind: 'mysql', delimiters: '`' } },
  snowflake: { parser: 'snowflake', info: { kind: 'snowflake', delimiters: '"' } },
  bigquery: { parser: 'bigquery', info: { kind: 'bigquery', delimiters: '`' } },
  redshift: { parser: 'redshift', info: { kind: 'redshift', delimiters: '"[' } },
  databricks: { parser: 'databricks', info: { kind: 'databricks', delimiters: '`' } },
  hive: { parser: 'hive', info: { kind: 'hive', delimiters: '"`' } },
  mssql: { parser: 'mssql', info: { kind: 'mssql', delimiters: '"[' } },
  sqlite: { parser: 'sqlite', info: { kind: 'sqlite', delimiters: '`"[' } },
  trino: { parser: 'generic', info: { kind: 'generic', delimiters: '"`' } },
  athena: { parser: 'generic', info: { kind: 'generic', delimiters: '"`' } },
  duckdb: { parser: 'generic', info: { kind: 'generic', delimiters: '"`' } },
  clickhouse: { parser: 'generic', info: { kind: 'generic', delimiters: '"`' } },
};

/** The dialect names `SqlOptions.dialect` takes, sorted. */
export const SQL_DIALECTS: readonly SqlDialect[] = (Object.keys(DIALECTS) as SqlDialect[]).sort();

/** openlineage-sql's other spellings (`postgresql`, `sqlserver`) → our names; undefined for an unknown name. */
export function sqlDialect(name: string): SqlDialect | undefined {
  const n = name.toLowerCase();
  if (n === 'postgresql') return 'postgres';
  if (n === 'sqlserver') return 'mssql';
  return n in DIALECTS ? (n as SqlDialect) : undefined;
}

/** SQL lineage with the given parser. */
export function createSqlLineage(parser: SqlParserApi): SqlLineageFn {
  return (sql, options) => {
    try {
      return lineage(parser, sql, options);
    } catch (e) {
      // A defect of ours, not of the SQL: say so rather than throw at the caller.
      return { ...EMPTY, errors: [whole(sql, `internal error in SQL lineage: ${e instanceof Error ? e.message : String(e)}`)] };
    }
  };
}

const EMPTY: SqlLineageResult = { inputs: [], outputs: [], columnLineage: [], errors: [], templates: [] };

function whole(sql: string, message: string): SqlError {
  return { message, line: 1, column: 1, range: { start: 0, end: sql.length } };
}

interface Statement {
  readonly range: OffsetRange;
  readonly lines: Lines;
}

function lineage(parser: SqlParserApi, sql: string, options: SqlOptions): SqlLineageResult {
  if (sql.length > MAX_SQL_LENGTH) {
    return {
      ...EMPTY,
      errors: [whole(sql, `SQL of ${sql.length} characters is over the ${MAX_SQL_LENGTH}-character limit of SQL lineage`)],
    };
  }
  const dialect = DIALECTS[options.dialect] ?? DIALECTS.generic;
  const { text, templates } = substituteTemplates(sql);
  const restore = templateRestorer(templates);
  const all = new Lines(sql);
  const ctx = new Context(dialect.info, options.defaultSchema ?? null, options.defaultDatabase ?? null);
  const columns: { column: ColumnMeta; ancestors: ColumnMeta[] }[] = [];
  const errors: SqlError[] = [];
  const where = new Map<TableMeta, Statement>();
  const located = (before: Set<TableMeta>, stmt: Statement): void => {
    for (const t of [...ctx.inputs.values(), ...ctx.outputs.values()]) if (!before.has(t)) where.set(t, stmt);
  };

  for (const range of splitStatements(text)) {
    const piece = text.slice(range.start, range.end);
    const stmt: Statement = { range, lines: new Lines(piece) };
    let ast: unknown;
    try {
      ast = parser.parse(piece, dialect.parser);
    } catch (e) {
      errors.push(parseError(e, stmt, sql, all, restore));
      continue;
    }
    const before = new Set([...ctx.inputs.values(), ...ctx.outputs.values()]);
    try {
      for (const s of Array.isArray(ast) ? ast : []) {
        visitStatement(s, ctx);
        columns.push(...ctx.drainColumns());
      }
    } catch (e) {
      if (!(e instanceof VisitError)) throw e;
      // openlineage-sql returns an error for the whole call: the provider then emits no lineage at all.
      const at = all.loc(range.start);
      return { ...EMPTY, errors: [{ message: e.message, ...at, range }], templates: publicTemplates(templates) };
    }
    located(before, stmt);
  }

  const table = (t: TableMeta): SqlTable => {
    const stmt = where.get(t);
    const range = stmt && t.start && t.end ? spanRange(stmt, t.start, t.end) : undefined;
    const database = t.database === null ? null : restore(t.database);
    const schema = t.schema === null ? null : restore(t.schema);
    const name = restore(t.name);
    return { database, schema, name, qualifiedName: restore(qualifiedName(t)), ...(range ? { range } : {}) };
  };
  const columnName = (c: ColumnMeta): string => restore(c.name);
  const sorted = columns.slice().sort((a, b) => compareColumns(a.column, b.column));
  const columnLineage: SqlColumnLineage[] = sorted.map(({ column, ancestors }) => ({
    output: { table: column.origin ? restore(qualifiedName(column.origin)) : null, column: columnName(column) },
    inputs: ancestors
      .slice()
      .sort(compareColumns)
      .map((a) => ({ table: a.origin ? restore(qualifiedName(a.origin)) : '', column: columnName(a) })),
  }));
  return {
    inputs: [...ctx.inputs.values()].sort(compareTables).map(table),
    outputs: [...ctx.outputs.values()].sort(compareTables).map(table),
    columnLineage,
    errors,
    templates: publicTemplates(templates),
  };
}

function publicTemplates(templates: readonly Template[]): SqlLineageResult['templates'] {
  return templates.map((t) => ({ text: t.text, range: t.range }));
}

function spanRange(stmt: Statement, start: Loc, end: Loc): OffsetRange {
  return { start: stmt.range.start + stmt.lines.offset(start), end: stmt.range.start + stmt.lines.offset(end) };
}

const PREFIX = /^sql (?:parser|tokenizer) error: /;
const POSITION = / at Line: (\d+), Column: (\d+)$/;

/**
 * sqlparser-rs's error as openlineage-sql reports it (`ParserError(s)`: the message without the "sql parser
 * error: " of its Display), its position made absolute in the text given, and a range over the token found.
 */
function parseError(e: unknown, stmt: Statement, sql: string, all: Lines, restore: (s: string) => string): SqlError {
  const raw = e instanceof Error ? e.message : typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e);
  let message = restore(raw.replace(PREFIX, ''));
  const m = POSITION.exec(message);
  let start: number;
  let end: number;
  if (m) {
    start = stmt.range.start + stmt.lines.offset({ line: Number(m[1]), column: Number(m[2]) });
    const found = /found: (.+?) at Line: \d+, Column: \d+$/.exec(message)?.[1];
    const token = found && sql.startsWith(found, start) ? found.length : sql.slice(start).search(/[\s;]|$/);
    end = Math.min(stmt.range.end, start + Math.max(token, 1));
  } else {
    // No position (`found: EOF`): the end of the statement.
    start = stmt.range.end;
    end = stmt.range.end;
  }
  const at = all.loc(start);
  if (m) message = message.replace(POSITION, ` at Line: ${at.line}, Column: ${at.column}`);
  return { message, line: at.line, column: at.column, range: m ? { start, end } : { start: stmt.range.start, end: stmt.range.end } };
}

/**
 * SQL lineage that remembers its last `max` answers (by dialect, defaults and text): predictions are made again
 * for every DAG file when a connection or a template changes, and most of their SQL has not. The answers are
 * shared, never changed by their readers.
 */
export function memoizedSqlLineage(lineage: SqlLineageFn, max = 20_000): SqlLineageFn {
  const cache = new Map<string, ReturnType<SqlLineageFn>>();
  return (sql, options) => {
    const key = `${options.dialect}\u0000${options.defaultSchema ?? ''}\u0000${options.defaultDatabase ?? ''}\u0000${sql}`;
    const hit = cache.get(key);
    if (hit) {
      // Most recently used last: the oldest goes first when the cache is full.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const result = lineage(sql, options);
    if (cache.size >= max) cache.delete(cache.keys().next().value!);
    cache.set(key, result);
    return result;
  };
}
