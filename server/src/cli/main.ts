#!/usr/bin/env node
/**
 * `lineage-lens`: the language service's rules on the command line, for CI.
 *
 *   lineage-lens check [paths...] [--format text|json]
 *   lineage-lens graph [paths...] [--format json|text] [--emitted-only]
 *   lineage-lens serve [--port 5000] [--host 127.0.0.1] [--data DIR] [--api-key KEY] [--import FILE|DIR]
 *   lineage-lens replay --to URL [--api-key KEY] [--since ISO-TIME] [--data DIR]
 *   lineage-lens sql [--dialect D] [--default-schema S] [--default-database DB] [FILE|-] [--format json|text]
 *
 * Exit codes: 0 no errors, 1 errors found, 2 usage error (or nothing could be read).
 */
import { jvmSpark } from '../node/jvm';
import { loadPythonSpark } from '../node/python';
import { runCheck, type CheckOptions } from './check';
import { runGraph, type GraphCommandOptions } from './graph';
import { loadSqlLineage } from '../node/sql';
import { processStopSignal, runServe } from '../serve/cli';
import { runReplay } from './replay';
import { runSql } from './sql';

const USAGE = `Usage: lineage-lens check [paths...] [--format text|json]
       lineage-lens graph [paths...] [--format json|text] [--emitted-only]
       lineage-lens serve [--port 5000] [--host 127.0.0.1] [--data DIR] [--api-key KEY] [--import FILE|DIR]
       lineage-lens replay --to URL [--api-key KEY] [--since ISO-TIME] [--data DIR]
       lineage-lens sql [--dialect D] [--default-schema S] [--default-database DB] [FILE|-] [--format json|text]

Checks OpenLineage configuration (Spark and Databricks, Airflow and Astro, Great Expectations,
openlineage.yml, dbt, OpenMetadata) with the same rules as the Lineage Lens VS Code extension.
Directories are searched recursively (node_modules, .git and virtualenvs are skipped); files named
explicitly are checked by their content whatever their name.

Options:
  --format text|json   Output format (default: text). JSON is an array of
                       {file, range, severity, code, message} with 0-based lines and characters.
  --quiet              Report errors only.
  -h, --help           Show this help.
  -v, --version        Show the version.

graph prints the lineage the OpenLineage Airflow provider would report for the DAG files found
(jobs dag_id.task_id, their inlets and outlets as OpenLineage datasets), read from the code:
  --format json|text   JSON (default) in the shape of Marquez's GET /api/v1/lineage response,
                       or a readable list of jobs with their inputs and outputs.
  --emitted-only       Leave out datasets the OpenLineage provider would not emit.

serve runs a local OpenLineage endpoint with a Marquez-compatible read API (lineage-lens serve --help).
replay posts its stored events to another endpoint, e.g. a team's Marquez (lineage-lens replay --help).
sql prints the table and column lineage the OpenLineage runtime derives from SQL (lineage-lens sql --help).

Exit status: 0 when no errors were found, 1 when errors were found, 2 on usage errors.`;

/**
 * Parses `[paths...] [--format text|json] [flags...]` for a subcommand; anything else is a usage error (exit 2).
 * With no path, the current directory.
 */
function parseArgs(
  rest: readonly string[],
  defaultFormat: 'text' | 'json',
  flags: readonly string[],
): { paths: string[]; format: 'text' | 'json'; flags: Set<string> } {
  const paths: string[] = [];
  const set = new Set<string>();
  let format = defaultFormat;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice('--format='.length) : rest[++i];
      const other = defaultFormat === 'text' ? 'json' : 'text';
      if (value !== 'text' && value !== 'json') usageError(`--format must be "${defaultFormat}" or "${other}", not "${value ?? ''}".`);
      format = value;
    } else if (flags.includes(arg)) {
      set.add(arg);
    } else if (arg.startsWith('-') && arg !== '-') {
      usageError(`unknown option "${arg}".`);
    } else {
      paths.push(arg);
    }
  }
  if (!paths.length) paths.push('.');
  return { paths, format, flags: set };
}

function usageError(message: string): never {
  process.stderr.write(`lineage-lens: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'serve') {
    return runServe(argv.slice(1), {
      out: (s) => process.stdout.write(s),
      err: (s) => process.stderr.write(s),
      env: process.env,
      stopSignal: processStopSignal,
    });
  }
  if (argv[0] === 'replay') {
    const interrupt = new AbortController();
    process.once('SIGINT', () => interrupt.abort());
    return runReplay(argv.slice(1), {
      out: (s) => process.stdout.write(s),
      err: (s) => process.stderr.write(s),
      env: process.env,
      isTTY: process.stderr.isTTY === true,
      signal: interrupt.signal,
    });
  }
  if (argv[0] === 'sql') {
    return runSql(argv.slice(1), {
      cwd: process.cwd(),
      readStdin: async () => {
        // Bounded: past 4 MB the rest is not read (the lineage refuses anything over 1 MB anyway).
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of process.stdin) {
          chunks.push(chunk as Buffer);
          if ((size += (chunk as Buffer).length) > 4 * 1024 * 1024) break;
        }
        return Buffer.concat(chunks).toString('utf8');
      },
      lineage: () => loadSqlLineage(),
      out: (s) => process.stdout.write(s),
      err: (s) => process.stderr.write(s),
    });
  }
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (argv.includes('-v') || argv.includes('--version')) {
    process.stdout.write('0.1.0\n');
    return 0;
  }
  const [command, ...rest] = argv;
  if (!command) usageError('missing command.');
  if (command === 'graph') return graph(rest);
  if (command !== 'check') usageError(`unknown command "${command}".`);
  const args = parseArgs(rest, 'text', ['--quiet']);
  const options: CheckOptions = { paths: args.paths, format: args.format, quiet: args.flags.has('--quiet') };
  let python;
  try {
    python = await loadPythonSpark();
  } catch (e) {
    process.stderr.write(`lineage-lens: Python support unavailable (${(e as Error).message}); Python files are skipped.\n`);
  }
  const result = await runCheck(options, {
    ...(python ? { python: python.parse, pythonTree: python.tree } : {}),
    jvm: jvmSpark(),
    sql: () => loadSqlLineage(),
    cwd: process.cwd(),
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  });
  return result.exitCode;
}

async function graph(rest: string[]): Promise<number> {
  const args = parseArgs(rest, 'json', ['--emitted-only']);
  const options: GraphCommandOptions = { paths: args.paths, format: args.format, emittedOnly: args.flags.has('--emitted-only') };
  let python;
  try {
    python = await loadPythonSpark();
  } catch (e) {
    process.stderr.write(`lineage-lens: Python support unavailable (${(e as Error).message}).\n`);
  }
  const result = await runGraph(options, {
    ...(python ? { pythonTree: python.tree } : {}),
    sql: () => loadSqlLineage(),
    cwd: process.cwd(),
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  });
  return result.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // The stack's first frames go with it: what a bug report needs, and nothing the user wrote.
    const frames = ((e as Error).stack ?? '')
      .split('\n')
      .filter((l) => /^\s+at /.test(l))
      .slice(0, 12)
      .join('\n');
    process.stderr.write(
      `lineage-lens: internal error: ${(e as Error).message}\n${frames ? `${frames}\n` : ''}Please report this, with the lines above, at https://github.com/lineage-lens/lineage-lens/issues\n`,
    );
    process.exitCode = 2;
  },
);
