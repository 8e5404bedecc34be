/**
 * What Lineage Lens knows about OpenLineage in Airflow: the provider's `[openlineage]` options (transcribed from
 * `apache-airflow-providers-openlineage` 2.9.2 `provider.yaml`, plus the later options listed in
 * docs/upstream/airflow.md#provider-options), the `OPENLINEAGE_*` environment variables of the Python client and
 * the Airflow integrations (docs/upstream/python-client.md#environment-variables,
 * docs/upstream/airflow.md#legacy-openlineage-airflow), and the Python client's transports
 * (docs/upstream/python-client.md#transports). Hover, completion and the rules all read these tables.
 */
import { PYTHON_TRANSPORT_TYPES, PYTHON_TRANSPORTS, type FieldSpec } from '../ol-config/catalog';

export const PROVIDER = 'apache-airflow-providers-openlineage';
export const LEGACY_PACKAGE = 'openlineage-airflow';
export const LEGACY_BACKEND = 'openlineage.lineage_backend.OpenLineageBackend';
export const SECTION = 'openlineage';
export const ENV_PREFIX = 'AIRFLOW__OPENLINEAGE__';

export const DOCS = {
  config: 'https://airflow.apache.org/docs/apache-airflow-providers-openlineage/stable/configurations-ref.html',
  guide: 'https://airflow.apache.org/docs/apache-airflow-providers-openlineage/stable/guides/user.html',
  pythonClient: 'https://openlineage.io/docs/client/python/configuration',
  legacy: 'https://openlineage.io/docs/integrations/airflow/older',
  lineageBackend: 'https://airflow.apache.org/docs/apache-airflow/2.10.5/administration-and-deployment/lineage.html',
} as const;

export type OptionType = 'boolean' | 'integer' | 'string' | 'transport-json' | 'policy-json' | 'semicolon-list' | 'path';

export interface OptionSpec {
  readonly name: string;
  readonly type: OptionType;
  /** The default as provider.yaml writes it (`"False"`, `"10"`), or a description of the fallback. */
  readonly default?: string;
  /** Provider version that added it; undefined when present from 1.0.0. */
  readonly since?: string;
  /** Why the `since` version is not exact, when it is not. */
  readonly sinceNote?: string;
  readonly description: string;
  /** Set for options superseded by `emission_policy` (provider 2.19.0). */
  readonly deprecatedSince?: string;
  readonly example?: string;
}

/** Options of the `[openlineage]` section. */
export const OPTIONS: readonly OptionSpec[] = [
  {
    name: 'disabled',
    type: 'boolean',
    default: 'False',
    description:
      'Kill switch: disables sending events without uninstalling the provider. The plugin is not loaded at all, so a change needs a restart.',
  },
  {
    name: 'namespace',
    type: 'string',
    default: 'none → `OPENLINEAGE_NAMESPACE` → `default`',
    description: 'Namespace of the jobs this Airflow emits, so that events from several producers stay apart.',
    example: 'my_airflow_instance_1',
  },
  {
    name: 'transport',
    type: 'transport-json',
    default: '""',
    description:
      'The OpenLineage Python client transport as a JSON object: `type` plus the keys of that type. Write the JSON bare in airflow.cfg; quotes around it become part of the value and the JSON does not parse.',
    example: '{"type": "http", "url": "http://localhost:5000", "endpoint": "api/v1/lineage"}',
  },
  {
    name: 'config_path',
    type: 'path',
    default: '"" → `OPENLINEAGE_CONFIG`',
    description: 'Path to an `openlineage.yml` file with the client configuration.',
    example: 'full/path/to/openlineage.yml',
  },
  {
    name: 'config_conn_id',
    type: 'string',
    default: "''",
    since: '2.18.1',
    sinceNote: 'present in the 2.18.1+ docs; the exact version that added it is not verified',
    description: 'Id of an Airflow connection whose *extra* holds the OpenLineage client configuration.',
    example: 'openlineage_default',
  },
  {
    name: 'extractors',
    type: 'semicolon-list',
    default: 'none → `OPENLINEAGE_EXTRACTORS`',
    description: 'Custom extractors: `;`-separated full import paths.',
    example: 'full.path.to.ExtractorClass;full.path.to.AnotherExtractorClass',
  },
  {
    name: 'custom_run_facets',
    type: 'semicolon-list',
    default: "''",
    since: '1.10.0',
    description: 'Custom run facet functions: `;`-separated full import paths.',
    example: 'full.path.to.custom_facet_function;full.path.to.another_custom_facet_function',
  },
  {
    name: 'disabled_for_operators',
    type: 'semicolon-list',
    default: '""',
    since: '1.1.0',
    deprecatedSince: '2.19.0',
    description: 'Operators that emit no events: `;`-separated full import paths of operator classes.',
    example: 'airflow.providers.standard.operators.bash.BashOperator;airflow.providers.standard.operators.python.PythonOperator',
  },
  {
    name: 'selective_enable',
    type: 'boolean',
    default: 'False',
    since: '1.7.0',
    deprecatedSince: '2.19.0',
    description: 'When true, only DAGs and tasks marked with `enable_lineage()` emit events.',
  },
  {
    name: 'disable_source_code',
    type: 'boolean',
    default: 'False → `OPENLINEAGE_AIRFLOW_DISABLE_SOURCE_CODE`',
    deprecatedSince: '2.19.0',
    description: 'When true, operators such as Python and Bash do not send their source code.',
  },
  {
    name: 'include_full_task_info',
    type: 'boolean',
    default: 'False',
    since: '1.10.0',
    deprecatedSince: '2.19.0',
    description: 'When true, events include the full task info (possibly large fields).',
  },
  {
    name: 'dag_state_change_process_pool_size',
    type: 'integer',
    default: '1',
    since: '1.8.0',
    description: 'Number of processes the scheduler uses to process DAG state changes asynchronously.',
  },
  {
    name: 'execution_timeout',
    type: 'integer',
    default: '10',
    since: '1.9.0',
    description: 'Maximum time in seconds OpenLineage may spend on metadata extraction (`[core] task_success_overtime` may also limit it).',
  },
  {
    name: 'debug_mode',
    type: 'boolean',
    default: 'False',
    since: '1.11.0',
    description: 'When true, events carry debugging information such as all installed packages (large).',
  },
  {
    name: 'spark_inject_parent_job_info',
    type: 'boolean',
    default: 'False',
    since: '2.0.0',
    description:
      "Injects OpenLineage's parent job information (namespace, job name, run id) into the Spark properties of supported operators; skipped when any `spark.openlineage.parent*` key is already set.",
  },
  {
    name: 'spark_inject_transport_info',
    type: 'boolean',
    default: 'False',
    since: '2.1.0',
    description:
      'Injects the transport (http only, or composite with http children) into the Spark properties of supported operators; skipped when any `spark.openlineage.transport*` key is already set.',
  },
  {
    name: 'emission_policy',
    type: 'policy-json',
    default: '[]',
    since: '2.19.0',
    description:
      'JSON array of rules choosing what is emitted per DAG, task or operator; supersedes `disabled_for_operators`, `selective_enable`, `disable_source_code` and `include_full_task_info`.',
    example: '[{"scope": {"dag_id": "my_dag"}, "controls": {"emit": false}}]',
  },
];

const BY_NAME = new Map(OPTIONS.map((o) => [o.name, o]));
export const OPTION_NAMES = OPTIONS.map((o) => o.name);

export function lookupOption(name: string): OptionSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Names seen only in a commit title: not flagged as unknown, not offered. */
export const UNVERIFIED_OPTIONS: Readonly<Record<string, string>> = {
  execute_in_thread:
    'appears only in the title of a provider 2.20.0 change ("add execute_in_thread to emit task events without forking"); it is not verified as an option',
};

/** `emission_policy` rule structure (provider `utils/emission_policy.py`). */
export const POLICY = {
  ruleKeys: ['scope', 'match_mode', 'controls', 'locked'],
  scopeKeys: ['dag_id', 'task_id', 'operator'],
  matchModes: ['exact', 'regex'],
  boolControls: [
    'emit',
    'emit_task_events',
    'emit_dag_events',
    'extract_operator_metadata',
    'include_source_code',
    'hook_lineage',
    'include_full_task_info',
  ],
  listControls: ['exclude_hook_lineage_assets', 'exclude_hook_lineage_hooks'],
} as const;

// ---------------------------------------------------------------------------------------------------------
// Environment variables

export type EnvType = 'url' | 'secret' | 'string' | 'path' | 'boolean' | 'semicolon-list' | 'log-level';

export interface EnvSpec {
  readonly name: string;
  readonly type: EnvType;
  readonly description: string;
  readonly default?: string;
  /** Who reads it. */
  readonly readBy: string;
  /** For booleans: which values count as true, for messages. */
  readonly trueValues?: readonly string[];
  /** Legacy aliases read only by openlineage-airflow: the current name. */
  readonly replacement?: string;
}

const PY = 'the OpenLineage Python client (so the provider, dbt-ol and the Great Expectations action)';

export const ENV_VARS: readonly EnvSpec[] = [
  {
    name: 'OPENLINEAGE_URL',
    type: 'url',
    readBy: PY,
    description:
      "URL of the lineage endpoint the events are posted to over HTTP (e.g. `http://marquez:5000`; `/api/v1/lineage` is appended, see `OPENLINEAGE_ENDPOINT`): the simplest way to send lineage. Used when no `transport.type` is configured (in `openlineage.yml`, `OPENLINEAGE__TRANSPORT__*` or the provider's `transport`), which takes precedence; also aliased into a composite transport as `default_http`. The client's docs call it the legacy HTTP setting; it is still read, and the provider treats it as configuration.",
  },
  {
    name: 'OPENLINEAGE_API_KEY',
    type: 'secret',
    readBy: PY,
    description: 'Bearer key for `OPENLINEAGE_URL`; becomes `auth={"type": "api_key", "apiKey": …}`.',
  },
  {
    name: 'OPENLINEAGE_ENDPOINT',
    type: 'string',
    default: 'api/v1/lineage',
    readBy: PY,
    description: 'Endpoint appended to `OPENLINEAGE_URL` (Python default has no leading slash; the Java client uses `/api/v1/lineage`).',
  },
  {
    name: 'OPENLINEAGE_CONFIG',
    type: 'path',
    readBy: PY,
    description: 'Path to the `openlineage.yml` file; the provider also uses it when `[openlineage] config_path` is empty.',
  },
  {
    name: 'OPENLINEAGE_DISABLED',
    type: 'boolean',
    trueValues: ['true'],
    readBy: `${PY} and the provider`,
    description: '`true` (case-insensitive) disables emission: the client uses the `noop` transport.',
  },
  {
    name: 'OPENLINEAGE_CLIENT_LOGGING',
    type: 'log-level',
    readBy: PY,
    description: 'Log level of the Python client loggers (`DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`).',
  },
  {
    name: 'OPENLINEAGE_NAMESPACE',
    type: 'string',
    default: 'default',
    readBy:
      'the integrations (provider fallback for `[openlineage] namespace`, openlineage-airflow, dbt-ol, the GX action), not the client',
    description: 'Job namespace.',
  },
  {
    name: 'OPENLINEAGE_AIRFLOW_DISABLE_SOURCE_CODE',
    type: 'boolean',
    trueValues: ['true', '1', 't'],
    default: 'True in openlineage-airflow (source not sent); the provider falls back to it when `disable_source_code` is empty',
    readBy: 'openlineage-airflow and the provider',
    description:
      'Whether operators such as Python and Bash omit their source code. `true`, `1` or `t` (case-insensitive) disable it; any other value enables it.',
  },
  {
    name: 'OPENLINEAGE_EXTRACTORS',
    type: 'semicolon-list',
    readBy: 'openlineage-airflow and the provider (fallback for `[openlineage] extractors`)',
    description: 'Custom extractors: `;`-separated full import paths.',
  },
  {
    name: 'OPENLINEAGE_AIRFLOW_LOGGING',
    type: 'log-level',
    readBy: 'openlineage-airflow',
    description: 'Log level of openlineage-airflow.',
  },
  {
    name: 'MARQUEZ_URL',
    type: 'url',
    readBy: 'openlineage-airflow only (backwards-compatible alias)',
    replacement: 'OPENLINEAGE_URL',
    description: 'Old name of `OPENLINEAGE_URL`.',
  },
  {
    name: 'MARQUEZ_API_KEY',
    type: 'secret',
    readBy: 'openlineage-airflow only (backwards-compatible alias)',
    replacement: 'OPENLINEAGE_API_KEY',
    description: 'Old name of `OPENLINEAGE_API_KEY`.',
  },
  {
    name: 'MARQUEZ_NAMESPACE',
    type: 'string',
    readBy: 'openlineage-airflow only (backwards-compatible alias)',
    replacement: 'OPENLINEAGE_NAMESPACE',
    description: 'Old name of `OPENLINEAGE_NAMESPACE`.',
  },
];

const ENV_BY_NAME = new Map(ENV_VARS.map((e) => [e.name, e]));
export function lookupEnv(name: string): EnvSpec | undefined {
  return ENV_BY_NAME.get(name);
}

/** `OPENLINEAGE_EXTRACTOR_<OperatorClassName>=path.to.Extractor`: openlineage-airflow's older per-operator form. */
export const EXTRACTOR_ENV = /^OPENLINEAGE_EXTRACTOR_[A-Za-z_][A-Za-z0-9_]*$/;

/** Names another family owns (dbt-ol): never reported or suggested here. */
export function foreignEnv(name: string): boolean {
  return /^OPENLINEAGE_(DBT_|CONTEXT$|PARENT_ID$|ROOT_PARENT_ID$)/.test(name);
}
export const FOREIGN_ENV_NAMES = [
  'OPENLINEAGE_DBT_JOB_NAME',
  'OPENLINEAGE_DBT_USE_EXTENDED_JOB_NAME',
  'OPENLINEAGE_DBT_LOGGING',
  'OPENLINEAGE_CONTEXT',
  'OPENLINEAGE_PARENT_ID',
  'OPENLINEAGE_ROOT_PARENT_ID',
];

// ---------------------------------------------------------------------------------------------------------
// Python client transports (docs/upstream/python-client.md#transports): `type` is exact and case-sensitive; any other
// value is an import path. The transports and their keys are ol-config/catalog.ts's (the Python client reads the same
// keys from an `openlineage.yml` and from the provider's `transport` JSON); this is the flat view the Airflow rules
// use.

export interface PyTransport {
  readonly type: string;
  readonly summary: string;
  readonly required: readonly string[];
  /** Every key it reads (Python spelling, aliases included), besides `type`. */
  readonly keys: readonly string[];
  /** Keys whose value is a number of seconds / a number. */
  readonly numbers?: readonly string[];
  readonly urls?: readonly string[];
  readonly since?: string;
}

export const PY_TRANSPORTS: readonly PyTransport[] = PYTHON_TRANSPORT_TYPES.map((type) => {
  const t = PYTHON_TRANSPORTS.get(type)!;
  const fields = t.fields.filter((f) => f.name !== 'type');
  const names = (keep: (f: FieldSpec) => boolean) => fields.filter(keep).map((f) => f.name);
  const numbers = names((f) => f.type === 'number' || f.type === 'integer');
  const urls = names((f) => f.type === 'url');
  return {
    type,
    summary: t.summary,
    required: names((f) => !!f.required),
    keys: fields.flatMap((f) => [f.name, ...(f.aliases ?? [])]),
    ...(numbers.length ? { numbers } : {}),
    ...(urls.length ? { urls } : {}),
    ...(t.since ? { since: t.since } : {}),
  };
});

export const PY_TRANSPORT_TYPES = PY_TRANSPORTS.map((t) => t.type);
export function pyTransport(type: string): PyTransport | undefined {
  return PY_TRANSPORTS.find((t) => t.type === type);
}

/** Java spellings (and other near misses) that the Python client does not read, with the Python key. */
export const JAVA_SPELLINGS: Readonly<Record<string, string>> = {
  timeoutInMillis: 'timeout',
  headers: 'custom_headers',
  topicName: 'topic',
  properties: 'config',
  transformerClass: 'transformer_class',
  transformerProperties: 'transformer_properties',
  continueOnFailure: 'continue_on_failure',
  continueOnSuccess: 'continue_on_success',
  sortTransports: 'sort_transports',
  projectId: 'project_id',
  logFilePath: 'log_file_path',
};

export const AUTH_TYPES = ['api_key', 'jwt'];
/** Top-level keys of the Python client config (`OpenLineageConfig.from_dict`); anything else is ignored. */
export const CLIENT_TOP_KEYS = ['transport', 'facets', 'filters', 'tags'];

/** Python log levels. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'WARN', 'ERROR', 'CRITICAL', 'FATAL', 'NOTSET'];
