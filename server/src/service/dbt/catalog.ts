/**
 * `dbt-ol` (openlineage-dbt) facts, transcribed from docs/upstream/dbt.md, and the
 * dbt CLI surface it wraps (dbt-core 1.5–1.9 commands and flags, only to recognise typos).
 */

export const DBT_DOCS = 'https://openlineage.io/docs/integrations/dbt';
export const DBT_CLI_DOCS = 'https://docs.getdbt.com/reference/dbt-commands';

/** Commands dbt-ol emits lineage for from the run's artifacts (`run_results.json` `args.which`). */
export const LINEAGE_COMMANDS = ['run', 'build', 'test', 'seed', 'snapshot'] as const;
/** With `--consume-structured-logs`, `retry` emits lineage too (since 1.47.0). */
export const STRUCTURED_ONLY_COMMANDS: Readonly<Record<string, string>> = { retry: '1.47.0' };

/** dbt's own commands: dbt-ol passes them through (a 1:1 wrapper), but only the lineage commands emit events. */
export const DBT_COMMANDS = [
  'build',
  'clean',
  'clone',
  'compile',
  'debug',
  'deps',
  'docs',
  'init',
  'list',
  'ls',
  'parse',
  'retry',
  'run',
  'run-operation',
  'seed',
  'show',
  'snapshot',
  'source',
  'test',
] as const;

/** dbt-ol's own subcommand. */
export const SEND_EVENTS = 'send-events';

export interface DbtOlFlag {
  readonly flag: string;
  readonly since: string;
  readonly takesValue: boolean;
  readonly description: string;
  /** The `--flag=value` form works since this version. */
  readonly equalsSince?: string;
}

/** Flags dbt-ol reads and removes before it calls dbt. */
export const DBT_OL_FLAGS: readonly DbtOlFlag[] = [
  {
    flag: '--consume-structured-logs',
    since: '1.26.0',
    takesValue: false,
    description:
      'Emits events in real time from dbt’s JSON log stream (command, then node, then query events) instead of from the artifacts after the run. dbt-ol removes it before calling dbt.',
  },
  {
    flag: '--openlineage-dbt-job-name',
    since: '1.37.0',
    takesValue: true,
    equalsSince: '1.52.0',
    description:
      'Overrides the job name (the CLI flag wins over `OPENLINEAGE_DBT_JOB_NAME`). The `--openlineage-dbt-job-name=<name>` form works only since 1.52.0; `--openlineage-dbt-job-name <name>` works since 1.37.0.',
  },
];

/** dbt flags that take one value. */
export const VALUE_FLAGS = new Set([
  '-t',
  '--target',
  '--project-dir',
  '--profiles-dir',
  '--profile',
  '--selector',
  '--target-path',
  '--log-path',
  '--log-format',
  '--log-format-file',
  '--log-level',
  '--log-level-file',
  '--vars',
  '--state',
  '--defer-state',
  '--threads',
  '--output',
  '--args',
  '--macro',
  '--printer-width',
  '--log-file-max-bytes',
  '--event-time-start',
  '--event-time-end',
  '--sample',
  '--limit',
  '--inline',
  '--warn-error-options',
  '--record-timing-info',
  '-r',
  '--indirect-selection',
  '--output-path',
  '--config-dir',
  '--openlineage-dbt-job-name',
]);

/** dbt flags that take one or more values (until the next flag). */
export const MULTI_VALUE_FLAGS = new Set([
  '-m',
  '-s',
  '--model',
  '--models',
  '--select',
  '--exclude',
  '--resource-type',
  '--resource-types',
  '--exclude-resource-type',
  '--output-keys',
]);

/** dbt flags without a value (only to recognise typos of them). */
export const BOOLEAN_FLAGS = [
  '--full-refresh',
  '-f',
  '--fail-fast',
  '-x',
  '--no-fail-fast',
  '--debug',
  '-d',
  '--no-debug',
  '--version-check',
  '--no-version-check',
  '--quiet',
  '-q',
  '--no-quiet',
  '--print',
  '--no-print',
  '--use-colors',
  '--no-use-colors',
  '--use-colors-file',
  '--no-use-colors-file',
  '--store-failures',
  '--warn-error',
  '--no-warn-error',
  '--write-json',
  '--no-write-json',
  '--partial-parse',
  '--no-partial-parse',
  '--static-parser',
  '--no-static-parser',
  '--use-experimental-parser',
  '--defer',
  '--no-defer',
  '--favor-state',
  '--no-favor-state',
  '--empty',
  '--no-empty',
  '--compile',
  '--no-compile',
  '--version',
  '-v',
  '--help',
  '-h',
  '--cache-selected-only',
  '--no-cache-selected-only',
  '--introspect',
  '--no-introspect',
  '--send-anonymous-usage-stats',
  '--no-send-anonymous-usage-stats',
  '--populate-cache',
  '--no-populate-cache',
  '--single-threaded',
  '--show',
  '--skip-profile-setup',
  '--upgrade',
  '--add-package',
  '--lock',
  '--dry-run',
  '--source',
  '--no-inject-ephemeral-ctes',
  '--show-all-deprecations',
  '--consume-structured-logs',
];

export const ALL_FLAGS: readonly string[] = [...new Set([...VALUE_FLAGS, ...MULTI_VALUE_FLAGS, ...BOOLEAN_FLAGS])];

export interface EnvVarSpec {
  readonly name: string;
  readonly description: string;
  readonly since?: string;
  readonly default?: string;
}

/** Environment variables of dbt-ol that the dbt family checks (the generic `OPENLINEAGE_*` ones are the Airflow family's). */
export const DBT_ENV_VARS: readonly EnvVarSpec[] = [
  { name: 'OPENLINEAGE_DBT_JOB_NAME', description: 'Overrides the dbt job name (`--openlineage-dbt-job-name` wins over it).' },
  {
    name: 'OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME',
    default: 'false',
    description:
      '`true` or `1` names the job `dbt-run-{project}-{profile}-{models…}` instead of `dbt-run-{project}`. Any value that is not a boolean makes dbt-ol fail with `ValueError`.',
  },
  {
    name: 'OPENLINEAGE_DBT_LOGGING',
    default: 'INFO',
    description: 'Log level of the `openlineage.dbt` logger (the `dbtol` logger is deprecated).',
  },
  {
    name: 'OPENLINEAGE_CONTEXT',
    since: '1.52.0',
    description:
      'The parent (and root) run as JSON: `{"parent": {"run": {"runId": …}, "job": {"namespace": …, "name": …}}, "root": {…}}`. Takes precedence over `OPENLINEAGE_PARENT_ID` / `OPENLINEAGE_ROOT_PARENT_ID`.',
  },
  {
    name: 'OPENLINEAGE_PARENT_ID',
    description:
      'The parent run, as `namespace/job_name/run_id` (exactly three `/`-separated parts; otherwise dbt-ol ignores it with a warning). In Airflow: `{{ macros.OpenLineageProviderPlugin.lineage_parent_id(task_instance) }}`.',
  },
  {
    name: 'OPENLINEAGE_ROOT_PARENT_ID',
    since: '1.31.0',
    description:
      'The root parent run (e.g. the Airflow DAG run), as `namespace/job_name/run_id`. In Airflow: `{{ macros.OpenLineageProviderPlugin.lineage_root_parent_id(task_instance) }}`.',
  },
];

export const DBT_ENV: ReadonlyMap<string, EnvVarSpec> = new Map(DBT_ENV_VARS.map((v) => [v.name, v]));

/** True for the variables the dbt family owns (known ones, and any `OPENLINEAGE_DBT_*`). */
export function ownsEnvVar(name: string): boolean {
  return DBT_ENV.has(name) || name.startsWith('OPENLINEAGE_DBT_');
}

/** Python's logging level names (and what `OPENLINEAGE_DBT_LOGGING` accepts besides numbers). */
export const LOG_LEVELS = ['CRITICAL', 'FATAL', 'ERROR', 'WARNING', 'WARN', 'INFO', 'DEBUG', 'NOTSET'];

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
