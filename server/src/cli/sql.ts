/**
 * `lineage-lens sql [--dialect D] [--default-schema S] [--default-database DB] [FILE|-] [--format json|text]`:
 * the SQL lineage the OpenLineage runtime derives from a SQL text (openlineage-sql's result), printed in its
 * shape so the two can be compared. Exit codes: 0 lineage found without errors, 1 a statement does not parse,
 * 2 usage error or the input cannot be read.
 */
import { resolve } from 'node:path';
import { readTextFile } from '../node/files';
import type { SqlDialect, SqlLineageFn, SqlLineageResult, SqlOptions, SqlTable } from '../service/predict/types';
import { MAX_SQL_LENGTH, SQL_DIALECTS, sqlDialect } from '../service/sql';

export const SQL_USAGE = `Usage: lineage-lens sql [--dialect D] [--default-schema S] [--default-database DB] [FILE|-] [--format json|text]

Prints the SQL lineage the OpenLineage runtime derives from SQL (openlineage-sql's rules, sqlparser-rs's parser):
the input and output tables as the SQL writes them, column lineage, and the statements that do not parse.
Reads FILE, or standard input when FILE is "-" or absent.

Options:
  --dialect D             ${SQL_DIALECTS.join(', ')} (default: generic)
  --default-schema S      Schema of unqualified tables (as SQLParser(default_schema=…)); none by default.
  --default-database DB   Database of tables written without one; none by default.
  --format json|text      JSON (default) in the shape {inputs, outputs, columnLineage, errors}, or text.
  -h, --help              Show this help.

Exit status: 0 when every statement parses, 1 when one does not, 2 on usage errors.`;

export interface SqlCommandEnv {
  readonly cwd: string;
  /** Standard input, read whole. */
  readStdin(): Promise<string>;
  /** SQL lineage, the parser loaded. */
  lineage(): Promise<SqlLineageFn>;
  out(s: string): void;
  err(s: string): void;
}

interface Parsed {
  options: SqlOptions;
  file: string;
  format: 'json' | 'text';
}

class UsageError extends Error {}

function parseSqlArgs(argv: readonly string[]): Parsed {
  let dialect: SqlDialect = 'generic';
  let defaultSchema: string | undefined;
  let defaultDatabase: string | undefined;
  let format: 'json' | 'text' = 'json';
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value.`);
      return v;
    };
    if (name === '--dialect') {
      const v = value();
      const d = sqlDialect(v);
      if (!d) throw new UsageError(`unknown dialect "${v}". Use one of: ${SQL_DIALECTS.join(', ')}.`);
      dialect = d;
    } else if (name === '--default-schema') defaultSchema = value();
    else if (name === '--default-database') defaultDatabase = value();
    else if (name === '--format') {
      const v = value();
      if (v !== 'json' && v !== 'text') throw new UsageError(`--format must be "json" or "text", not "${v}".`);
      format = v;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}".`);
    else if (file !== undefined) throw new UsageError(`one SQL file at a time: "${file}" and "${arg}" were given.`);
    else file = arg;
  }
  const options: SqlOptions = {
    dialect,
    ...(defaultSchema !== undefined ? { defaultSchema } : {}),
    ...(defaultDatabase !== undefined ? { defaultDatabase } : {}),
  };
  return { options, file: file ?? '-', format };
}

/** Runs `lineage-lens sql` with the arguments after `sql`; returns the exit code. */
export async function runSql(argv: readonly string[], env: SqlCommandEnv): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    env.out(`${SQL_USAGE}\n`);
    return 0;
  }
  let parsed: Parsed;
  try {
    parsed = parseSqlArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    env.err(`lineage-lens sql: ${e.message}\n\n${SQL_USAGE}\n`);
    return 2;
  }
  let sql: string;
  if (parsed.file === '-') sql = await env.readStdin();
  else {
    // A little over the lineage limit, so that a larger file gets the lineage's own message.
    const read = await readTextFile(resolve(env.cwd, parsed.file), MAX_SQL_LENGTH * 4 + 1);
    if (read.kind !== 'text') {
      const why =
        read.kind === 'error'
          ? read.code === 'ENOENT'
            ? 'no such file'
            : read.code
          : read.kind === 'too-large'
            ? `${read.bytes} bytes, over the limit`
            : read.kind.replace(/-/g, ' ');
      env.err(`lineage-lens sql: cannot read ${parsed.file} (${why}).\n`);
      return 2;
    }
    sql = read.text;
  }
  const result = (await env.lineage())(sql, parsed.options);
  env.out(parsed.format === 'json' ? `${JSON.stringify(sqlJson(result), null, 2)}\n` : sqlText(result));
  return result.errors.length ? 1 : 0;
}

const tableJson = (t: SqlTable) => ({ database: t.database, schema: t.schema, name: t.name, qualifiedName: t.qualifiedName });

/** The result in openlineage-sql's shape (no ranges, no templates). */
export function sqlJson(r: SqlLineageResult) {
  return {
    inputs: r.inputs.map(tableJson),
    outputs: r.outputs.map(tableJson),
    columnLineage: r.columnLineage.map((c) => ({
      output: { table: c.output.table, column: c.output.column },
      inputs: c.inputs.map((i) => ({ table: i.table, column: i.column })),
    })),
    errors: r.errors.map((e) => ({ message: e.message, line: e.line, column: e.column })),
  };
}

/** A readable summary. */
export function sqlText(r: SqlLineageResult): string {
  const lines: string[] = [];
  const list = (title: string, tables: readonly SqlTable[]): void => {
    lines.push(`${title}:${tables.length ? '' : ' none'}`);
    for (const t of tables) lines.push(`  ${t.qualifiedName}`);
  };
  list('Inputs', r.inputs);
  list('Outputs', r.outputs);
  if (r.columnLineage.length) {
    lines.push('Column lineage:');
    for (const c of r.columnLineage) {
      const from = c.inputs.map((i) => (i.table ? `${i.table}.${i.column}` : i.column)).join(', ');
      lines.push(`  ${c.output.table ? `${c.output.table}.` : ''}${c.output.column} ← ${from || '(no column)'}`);
    }
  }
  if (r.templates.length) lines.push(`Templates (kept as written): ${r.templates.map((t) => t.text).join(', ')}`);
  for (const e of r.errors) lines.push(`error: line ${e.line}, column ${e.column}: ${e.message}`);
  return `${lines.join('\n')}\n`;
}
