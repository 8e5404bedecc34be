/**
 * What the two OpenLineage clients read from `openlineage.yml`, transcribed from
 * docs/upstream/spark.md#transports (Java transports) and docs/upstream/python-client.md (Python client).
 *
 * The Java side is not written out here: it is the Spark catalogue (`../spark/catalog.ts`), whose
 * `spark.openlineage.<path>` keys are the Java client's YAML paths (docs/upstream/spark.md#transports: "the
 * same keys as `transport:` in the Java client's `openlineage.yml`"). The Python side has its own spellings,
 * written out below.
 */
import {
  DOCS as SPARK_DOCS,
  TRANSPORT_TYPES as JAVA_TRANSPORT_TYPES,
  TRANSPORTS as JAVA_TRANSPORTS,
  type TransportType as JavaTransportType,
} from '../spark/catalog';

export type Dialect = 'python' | 'java';
export const DIALECTS: readonly Dialect[] = ['python', 'java'];
export const CLIENT: Record<Dialect, string> = { python: 'Python client', java: 'Java client' };
export const other = (d: Dialect): Dialect => (d === 'python' ? 'java' : 'python');

export const DOCS = {
  python: 'https://openlineage.io/docs/client/python/configuration',
  java: SPARK_DOCS.transport,
  dbt: 'https://openlineage.io/docs/integrations/dbt',
} as const;

/**
 * Value types of YAML keys. `map` is a mapping of free-form names to scalars (headers, producer settings);
 * `object` has the fixed keys in `fields`; `transport` is a nested transport; `transports` is a composite's
 * mapping of name → transport, or list of transports; `filters` is the Python list of filter objects.
 */
export type FieldType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'url'
  | 'enum'
  | 'secret'
  | 'class'
  | 'object'
  | 'map'
  | 'string-list'
  | 'integer-list'
  | 'list'
  | 'transport'
  | 'transports'
  | 'filters'
  | 'any';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly description: string;
  readonly docs: string;
  readonly required?: boolean;
  readonly default?: string;
  readonly since?: string;
  readonly values?: readonly string[];
  /** Enum also accepts an importable class path (`module.Class`). */
  readonly allowsClass?: boolean;
  /** Other spellings this client accepts for the same key (Python `auth.api_key` / `apikey`). */
  readonly aliases?: readonly string[];
  /** For `object`: its keys. */
  readonly fields?: readonly FieldSpec[];
  /** For `object`: keys beyond `fields` are passed on (urllib3 `Retry` arguments), so unknown ones are not reported. */
  readonly open?: boolean;
  /** Set when the fact is docs-only or unverified (docs/upstream/README.md#how-a-fact-is-marked): rules warn rather than fail. */
  readonly unverified?: string;
}

const P = DOCS.python;

const STRING_MAP = (name: string, description: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type: 'map',
  description,
  docs: P,
  ...extra,
});

/** The Python `auth` object of the HTTP transports. */
const PY_AUTH: FieldSpec = {
  name: 'auth',
  type: 'object',
  description: 'Authentication of HTTP requests: `type` (`api_key`, `jwt` or a token provider class path) and `apiKey`.',
  docs: P,
  fields: [
    {
      name: 'type',
      type: 'enum',
      values: ['api_key', 'jwt'],
      allowsClass: true,
      description: 'Authentication type: exactly `api_key` or `jwt` (1.44.0), or the importable class path of a custom token provider.',
      docs: P,
    },
    {
      name: 'apiKey',
      type: 'secret',
      aliases: ['apikey', 'api_key'],
      description:
        'The API key, sent as `Authorization: Bearer <key>` (`api_key`) or exchanged for a token (`jwt`). The Python client also accepts `apikey` and `api_key`; the Java client reads only `apiKey`.',
      docs: P,
    },
  ],
  // JWT settings (1.44.0) are not listed key by key for Python (docs/upstream/python-client.md#transports); do not
  // report them as unknown.
  open: true,
};

const PY_RETRY: FieldSpec = {
  name: 'retry',
  type: 'object',
  since: '1.33.0',
  description:
    'Retries of failed requests (urllib3 `Retry` arguments). Defaults: `total` 5, `read` 5, `connect` 5, `backoff_factor` 0.3, `status_forcelist` [500, 502, 503, 504], `allowed_methods` ["HEAD", "POST"].',
  docs: P,
  open: true,
  fields: [
    { name: 'total', type: 'integer', default: '5', description: 'Total number of retries.', docs: P },
    { name: 'read', type: 'integer', default: '5', description: 'Retries on read errors.', docs: P },
    { name: 'connect', type: 'integer', default: '5', description: 'Retries on connection errors.', docs: P },
    { name: 'backoff_factor', type: 'number', default: '0.3', description: 'Back-off factor between retries, in seconds.', docs: P },
    {
      name: 'status_forcelist',
      type: 'integer-list',
      default: '[500, 502, 503, 504]',
      description: 'HTTP status codes that are retried.',
      docs: P,
    },
    { name: 'allowed_methods', type: 'string-list', default: '["HEAD", "POST"]', description: 'HTTP methods that are retried.', docs: P },
  ],
};

const PY_HTTP_FIELDS: readonly FieldSpec[] = [
  {
    name: 'url',
    type: 'url',
    required: true,
    description:
      'Base URL of the OpenLineage endpoint, e.g. `http://marquez:5000`. Required: without it the client raises `RuntimeError("url key not passed to HttpConfig")`.',
    docs: P,
  },
  {
    name: 'endpoint',
    type: 'string',
    default: 'api/v1/lineage',
    description: 'Path appended to `url`. The Python default is `api/v1/lineage` (no leading slash; Java’s is `/api/v1/lineage`).',
    docs: P,
  },
  {
    name: 'timeout',
    type: 'number',
    default: '5.0',
    description: 'Request timeout in **seconds** (a float). The Java client’s key is `timeoutInMillis`, in milliseconds.',
    docs: P,
  },
  { name: 'verify', type: 'boolean', default: 'true', description: 'Verify the server’s TLS certificate.', docs: P },
  PY_AUTH,
  { name: 'compression', type: 'enum', values: ['gzip'], description: 'Compresses request bodies; only `gzip` is supported.', docs: P },
  STRING_MAP(
    'custom_headers',
    'HTTP headers added to every request, as a mapping of header name to value. (The Java client’s key is `headers`.)',
  ),
  PY_RETRY,
];

const PY_KAFKA_FIELDS: readonly FieldSpec[] = [
  {
    name: 'topic',
    type: 'string',
    required: true,
    description: 'The Kafka topic events are published to. Required. (The Java client’s key is `topicName`.)',
    docs: P,
  },
  STRING_MAP('config', 'confluent-kafka producer settings, e.g. `bootstrap.servers`. Required. (The Java client’s key is `properties`.)', {
    required: true,
  }),
  { name: 'flush', type: 'boolean', default: 'true', description: 'Flush the producer after each event.', docs: P },
  {
    name: 'messageKey',
    type: 'string',
    aliases: ['message_key'],
    description: 'The message key of every event (`message_key` is accepted too).',
    docs: P,
  },
];

const TYPE_FIELD = (types: readonly string[]): FieldSpec => ({
  name: 'type',
  type: 'enum',
  values: types,
  allowsClass: true,
  description:
    'Which transport sends the events. The Python client matches the type **exactly** (case-sensitive); any other value is imported as a class path.',
  docs: P,
});

export interface PythonTransport {
  readonly type: string;
  readonly summary: string;
  readonly fields: readonly FieldSpec[];
  readonly since?: string;
  readonly extra?: string;
  readonly unverified?: string;
}

const PY_TRANSPORT_LIST: readonly PythonTransport[] = [
  { type: 'http', summary: 'POSTs each event as JSON to an OpenLineage HTTP endpoint such as Marquez.', fields: PY_HTTP_FIELDS },
  {
    type: 'async_http',
    summary: 'HTTP with a background queue and concurrent requests (experimental).',
    since: '1.35.0',
    fields: [
      ...PY_HTTP_FIELDS,
      { name: 'max_queue_size', type: 'integer', default: '10000', description: 'Maximum number of queued events.', docs: P },
      { name: 'max_concurrent_requests', type: 'integer', default: '100', description: 'Maximum number of requests in flight.', docs: P },
    ],
  },
  {
    type: 'kafka',
    summary: 'Publishes each event to a Kafka topic. Needs `openlineage-python[kafka]`.',
    fields: PY_KAFKA_FIELDS,
    extra: 'openlineage-python[kafka]',
  },
  {
    type: 'msk-iam',
    summary: 'Kafka on Amazon MSK with IAM authentication.',
    since: '1.10.0',
    fields: [
      ...PY_KAFKA_FIELDS,
      { name: 'region', type: 'string', description: 'AWS region of the MSK cluster.', docs: P },
      { name: 'aws_profile', type: 'string', description: 'AWS profile used for IAM authentication.', docs: P },
      { name: 'role_arn', type: 'string', description: 'IAM role to assume.', docs: P },
      { name: 'aws_debug_creds', type: 'boolean', description: 'Logs which AWS credentials are used.', docs: P },
    ],
  },
  { type: 'console', summary: 'Logs each event. This is the default when nothing is configured.', fields: [] },
  { type: 'noop', summary: 'Sends nothing; chosen automatically when `OPENLINEAGE_DISABLED=true`.', fields: [] },
  {
    type: 'file',
    summary: 'Writes events to a file (local, or remote through fsspec).',
    fields: [
      {
        name: 'log_file_path',
        type: 'string',
        required: true,
        description: 'Path of the file events are written to. Required. (The Java client’s key is `location`.)',
        docs: P,
      },
      {
        name: 'append',
        type: 'boolean',
        default: 'false',
        description:
          'Append every event to one file as a JSON line. With `false`, each event goes to its own file named `{log_file_path}-{datetime}`.',
        docs: P,
      },
      STRING_MAP('storage_options', 'fsspec storage options for remote paths.'),
      { name: 'filesystem', type: 'string', description: 'An fsspec filesystem class path.', docs: P },
      STRING_MAP('fs_kwargs', 'Keyword arguments of the fsspec filesystem.'),
      { name: 'debug_mode', type: 'boolean', since: '1.41.0', description: 'Writes events in a readable form for debugging.', docs: P },
    ],
  },
  {
    type: 'composite',
    summary: 'Sends each event through several transports.',
    since: '1.20.0',
    fields: [
      {
        name: 'transports',
        type: 'transports',
        required: true,
        description: 'The transports: a list, or a mapping of name → transport configuration. Each may carry `name` and `priority`.',
        docs: P,
      },
      {
        name: 'continue_on_failure',
        type: 'boolean',
        default: 'true',
        description: 'Keep sending through the remaining transports when one fails. (The Java client’s key is `continueOnFailure`.)',
        docs: P,
      },
      {
        name: 'continue_on_success',
        type: 'boolean',
        default: 'true',
        description: 'Keep sending through the remaining transports after one succeeded.',
        docs: P,
      },
      {
        name: 'sort_transports',
        type: 'boolean',
        default: 'false',
        description: 'Send through the transports in `priority` order.',
        docs: P,
      },
    ],
  },
  {
    type: 'transform',
    summary: 'Rewrites each event with a transformer class, then sends it with the nested `transport`.',
    since: '1.26.0',
    fields: [
      {
        name: 'transport',
        type: 'transport',
        required: true,
        description: 'The transport that sends the transformed events. Required.',
        docs: P,
      },
      {
        name: 'transformer_class',
        type: 'class',
        required: true,
        description: 'Importable class path of the event transformer. Required. (The Java client’s key is `transformerClass`.)',
        docs: P,
      },
      STRING_MAP('transformer_properties', 'Properties passed to the transformer. (The Java client’s key is `transformerProperties`.)'),
    ],
  },
  {
    type: 'datadog',
    summary: 'Sends events to Datadog.',
    since: '1.37.0',
    fields: [
      { name: 'apiKey', type: 'secret', description: 'The Datadog API key (or the environment variable `DD_API_KEY`).', docs: P },
      {
        name: 'site',
        type: 'string',
        default: 'datadoghq.com',
        description:
          'The Datadog site (or `DD_SITE`): `datadoghq.com`, `us3.datadoghq.com`, `us5.datadoghq.com`, `datadoghq.eu`, `ap1.datadoghq.com`, `ap2.datadoghq.com`, `ddog-gov.com`, `datad0g.com`, or a custom URL.',
        docs: P,
      },
      { name: 'timeout', type: 'number', description: 'Request timeout in seconds.', docs: P },
      PY_RETRY,
      { name: 'max_queue_size', type: 'integer', description: 'Maximum number of queued events.', docs: P },
      { name: 'max_concurrent_requests', type: 'integer', description: 'Maximum number of requests in flight.', docs: P },
      {
        name: 'async_transport_rules',
        type: 'any',
        default: '{"dbt": {"*": true}}',
        description: 'Which integrations and jobs are sent asynchronously.',
        docs: P,
      },
    ],
  },
  {
    type: 'gcplineage',
    summary: 'Sends events to Google Cloud Data Lineage (Dataplex).',
    since: '1.38.0',
    fields: [
      {
        name: 'project_id',
        type: 'string',
        required: true,
        description: 'The Google Cloud project. Required. (The Java client’s key is `projectId`.)',
        docs: P,
      },
      {
        name: 'location',
        type: 'string',
        default: 'us-central1',
        description: 'The location of the lineage API (default `us-central1`; the Java client’s default is `us`).',
        docs: P,
      },
      {
        name: 'credentials_path',
        type: 'string',
        description: 'Path of a service-account credentials file. (The Java client’s key is `credentialsFile`.)',
        docs: P,
      },
      { name: 'async_transport_rules', type: 'any', description: 'Which integrations and jobs are sent asynchronously.', docs: P },
    ],
  },
  {
    type: 'amazon_datazone_api',
    summary: 'Sends events to Amazon DataZone.',
    since: '1.33.0',
    fields: [
      { name: 'domainId', type: 'string', required: true, description: 'The DataZone domain id. Required.', docs: P },
      { name: 'region', type: 'string', description: 'AWS region.', docs: P },
      { name: 'endpointOverride', type: 'url', description: 'A custom API endpoint.', docs: P },
    ],
  },
];

export const PYTHON_TRANSPORT_TYPES: readonly string[] = PY_TRANSPORT_LIST.map((t) => t.type);
export const PYTHON_TRANSPORTS: ReadonlyMap<string, PythonTransport> = new Map(
  PY_TRANSPORT_LIST.map((t) => [t.type, { ...t, fields: [TYPE_FIELD(PYTHON_TRANSPORT_TYPES), ...t.fields] }]),
);

/** Keys every transport nested in a Python composite may carry besides its own. */
export const PY_COMPOSITE_ENTRY_FIELDS: readonly FieldSpec[] = [
  { name: 'name', type: 'string', description: 'Composite: the name of this transport.', docs: P },
  { name: 'priority', type: 'integer', description: 'Composite: the order of this transport when `sort_transports` is true.', docs: P },
];

/** The Python client's top-level keys (`OpenLineageConfig.from_dict`); anything else is ignored. */
export const PYTHON_ROOT: readonly FieldSpec[] = [
  { name: 'transport', type: 'transport', description: 'How events are sent: a mapping with `type` and that transport’s keys.', docs: P },
  {
    name: 'facets',
    type: 'object',
    description:
      'Facet settings. Its keys are passed to the client’s `FacetsConfig`, so a key it does not know makes the client fail with `ValueError: Failed to parse OpenLineage config.`',
    docs: P,
    fields: [
      {
        name: 'environment_variables',
        type: 'string-list',
        description:
          'Names of environment variables attached to each run as the `environmentVariables` facet. (The Java client’s key is `custom_environment_variables`.)',
        docs: P,
      },
      {
        name: 'source_code_location',
        type: 'object',
        description: 'The `sourceCodeLocation` job facet, filled from git.',
        docs: P,
        fields: [
          { name: 'disabled', type: 'boolean', default: 'true', description: 'Leave the facet out (the default).', docs: P },
          { name: 'repo_url', type: 'string', description: 'Repository URL (default: from git).', docs: P },
          { name: 'version', type: 'string', description: 'Commit (default: from git).', docs: P },
          { name: 'tag', type: 'string', description: 'Tag (default: from git).', docs: P },
          { name: 'branch', type: 'string', description: 'Branch (default: from git or CI).', docs: P },
          { name: 'pull_request_number', type: 'any', description: 'Pull request number (default: from CI).', docs: P },
        ],
      },
    ],
  },
  {
    name: 'filters',
    type: 'filters',
    description:
      'Drops run events by job name: a list of `{type: exact, match: <name>}` or `{type: regex, regex: <pattern>}` (matched with `re.match`).',
    docs: P,
  },
  {
    name: 'tags',
    type: 'object',
    description:
      'Tags added to every event: `{job: {key: value}, run: {key: value}}`. User tags override integration tags with the same key (case-insensitive). (The Java client reads `job.tags` / `run.tags` instead.)',
    docs: P,
    fields: [
      STRING_MAP('job', 'Job tags, as a mapping of tag name to value.'),
      STRING_MAP('run', 'Run tags, as a mapping of tag name to value.'),
    ],
  },
  {
    name: 'dataset',
    type: 'any',
    description: 'Dataset settings (the Java client’s namespace resolvers and trimmers).',
    docs: P,
    unverified:
      'the upstream sources checked list only `transport`, `facets`, `filters` and `tags` for the Python client; newer Python clients read `dataset` too',
  },
];

/** Keys of one Python filter (`FilterConfig`); another key makes the client fail to parse its configuration. */
export const PY_FILTER_FIELDS: readonly FieldSpec[] = [
  {
    name: 'type',
    type: 'enum',
    values: ['exact', 'regex'],
    description: '`exact` compares the job name with `match`; `regex` matches it with `regex` (`re.match`).',
    docs: P,
  },
  { name: 'match', type: 'string', description: 'With `type: exact`: the job name to drop.', docs: P },
  { name: 'regex', type: 'string', description: 'With `type: regex`: the pattern job names are matched against.', docs: P },
];

/** Placeholder values for keys a quick fix inserts (Python spellings). */
export const PY_REQUIRED_DEFAULTS: Readonly<Record<string, string>> = {
  url: 'http://localhost:5000',
  topic: 'openlineage.events',
  log_file_path: '/tmp/openlineage/events.jsonl',
  transformer_class: 'my_package.MyTransformer',
  project_id: 'my-gcp-project',
  domainId: 'dzd_example',
};

export { JAVA_TRANSPORT_TYPES, JAVA_TRANSPORTS, type JavaTransportType };

/** The Java transport for a `type` value (matched case-insensitively, like the Java client). */
export function javaTransport(value: string): JavaTransportType | undefined {
  const lower = value.trim().toLowerCase();
  return JAVA_TRANSPORT_TYPES.find((t) => t.toLowerCase() === lower);
}

/**
 * The same setting spelled by the other client, at the same place. Keyed by `<section>:<name>`, where the
 * section is `root`, `facets`, `auth` or a transport type. `convert` rewrites a literal value.
 */
export interface Counterpart {
  readonly name: string;
  readonly convert?: (value: string) => string | undefined;
  /** Said in messages when there is more to it than the name. */
  readonly note?: string;
}

const seconds = (ms: string) => (/^\d+(\.\d+)?$/.test(ms) ? String(Number(ms) / 1000) : undefined);
const millis = (s: string) => (/^\d+(\.\d+)?$/.test(s) ? String(Math.round(Number(s) * 1000)) : undefined);

const HTTP_PAIRS: [string, string, Omit<Counterpart, 'name'>?, Omit<Counterpart, 'name'>?][] = [
  ['timeout', 'timeoutInMillis', { convert: millis, note: 'in milliseconds' }, { convert: seconds, note: 'in seconds' }],
  ['custom_headers', 'headers'],
];

/** Python name → Java name (first) and back (second) per section. */
const PAIRS: Record<string, [string, string, Omit<Counterpart, 'name'>?, Omit<Counterpart, 'name'>?][]> = {
  http: HTTP_PAIRS,
  kafka: [
    ['topic', 'topicName'],
    ['config', 'properties'],
    ['message_key', 'messageKey'],
  ],
  file: [['log_file_path', 'location']],
  composite: [['continue_on_failure', 'continueOnFailure']],
  transform: [
    ['transformer_class', 'transformerClass'],
    ['transformer_properties', 'transformerProperties'],
  ],
  gcplineage: [
    ['project_id', 'projectId'],
    ['credentials_path', 'credentialsFile'],
  ],
  auth: [
    ['api_key', 'apiKey'],
    ['apikey', 'apiKey'],
  ],
  facets: [['environment_variables', 'custom_environment_variables']],
};

/** The other client's spelling of `name` in `section`, when the written key belongs to `from`. */
export function counterpart(section: string, name: string, from: Dialect): Counterpart | undefined {
  const key = section === 'async_http' ? 'http' : section === 'msk-iam' ? 'kafka' : section;
  for (const [py, java, toJava, toPython] of PAIRS[key] ?? []) {
    if (from === 'python' && name === py) return { name: java, ...toJava };
    if (from === 'java' && name === java && py !== 'apikey') return { name: py, ...toPython };
  }
  return undefined;
}

/** Why a top-level key is read by only one client, for keys whose fix is more than a rename. */
export const ROOT_NOTES: Readonly<Record<string, Partial<Record<Dialect, string>>>> = {
  namespace: {
    python:
      'The Python client has no namespace setting: integrations take it from the environment variable `OPENLINEAGE_NAMESPACE` (dbt-ol’s default is `dbt`).',
  },
  job: { python: 'The Python client reads job tags from `tags: {job: {key: value}}`, not from `job:`.' },
  run: { python: 'The Python client reads run tags from `tags: {run: {key: value}}`, not from `run:`.' },
  tags: { java: 'The Java client reads tags from `job: {tags: […]}` and `run: {tags: […]}`, not from a top-level `tags:`.' },
  filters: {
    java: 'The Java client has no job-name `filters` section (the Spark integration filters plan nodes with `filter.allowedSparkNodes` / `filter.deniedSparkNodes`).',
  },
  circuitBreaker: { python: 'Circuit breakers exist only in the Java client.' },
  metrics: { python: 'Micrometer metrics exist only in the Java client.' },
};

/** The Java transport's required keys, relative to the transport (`properties.bootstrap.servers` is one leaf under `properties`). */
export function javaRequired(type: JavaTransportType): readonly string[] {
  return JAVA_TRANSPORTS[type].required;
}
