/**
 * Every Spark configuration key Lineage Lens knows, transcribed from the OpenLineage sources listed in
 * docs/upstream/spark.md (OpenLineage 1.52.0). Hover, completion and the rules
 * all read this one table.
 */

export const OL_PREFIX = 'spark.openlineage.';
export const LISTENER_CLASS = 'io.openlineage.spark.agent.OpenLineageSparkListener';
export const DATABRICKS_LISTENER_CLASS = 'com.databricks.backend.daemon.driver.DBCEventLoggingListener';

/**
 * Whether a Spark key shows the configuration is for Databricks: `spark.databricks.*`, except Delta Lake's
 * `spark.databricks.delta.*` settings, which open-source Delta Lake reads under the same names on any Spark
 * (docs/upstream/spark.md#databricks). A local PySpark session with Delta is not a Databricks cluster.
 */
export function isDatabricksKey(key: string): boolean {
  return key.startsWith('spark.databricks.') && !key.startsWith('spark.databricks.delta.');
}
export const LATEST_OPENLINEAGE = '1.52.0';

export const DOCS = {
  sparkConf: 'https://openlineage.io/docs/integrations/spark/configuration/spark_conf',
  usage: 'https://openlineage.io/docs/integrations/spark/configuration/usage',
  transport: 'https://openlineage.io/docs/client/java/configuration',
  circuitBreaker: 'https://openlineage.io/docs/client/java/configuration#circuit-breakers',
  installation: 'https://openlineage.io/docs/integrations/spark/installation',
  databricks: 'https://openlineage.io/docs/integrations/spark/quickstart/quickstart_databricks',
  namespaceResolvers: 'https://openlineage.io/docs/client/java/configuration#dataset-namespace-resolver',
  sparkListeners: 'https://spark.apache.org/docs/latest/configuration.html#application-properties',
  sparkPackages: 'https://spark.apache.org/docs/latest/configuration.html#runtime-environment',
  changelog: 'https://github.com/OpenLineage/OpenLineage/blob/main/CHANGELOG.md',
} as const;

/**
 * Value types. `list` is OpenLineage's bracket syntax `[a;b]` (split on `;`); `comma-list` is a plain
 * comma-separated list (only `capturedProperties`); `tags` is `key:value;label;key:value:source`.
 */
export type ValueType =
  | 'string'
  | 'boolean'
  | 'strict-boolean'
  | 'integer'
  | 'url'
  | 'enum'
  | 'list'
  | 'comma-list'
  | 'regex'
  | 'json'
  | 'uuid'
  | 'class'
  | 'tags'
  | 'secret';

/** Transport types whose key sets we know. Types are matched case-insensitively by the Java client. */
export const TRANSPORT_TYPES = [
  'http',
  'kafka',
  'console',
  'file',
  'composite',
  'transform',
  's3',
  'gcs',
  'gcplineage',
  'amazon_datazone_api',
  'kinesis',
  'openMetadata',
] as const;
export type TransportType = (typeof TRANSPORT_TYPES)[number];

export interface TransportInfo {
  readonly type: TransportType;
  readonly summary: string;
  /** Keys (relative to `transport.`) that must be set. */
  readonly required: readonly string[];
  /** Placeholder values used when a quick fix inserts a missing required key. */
  readonly requiredDefaults: Readonly<Record<string, string>>;
  /** Jar that must be on the classpath besides `openlineage-spark`, if any. */
  readonly extraJar?: string;
  readonly since?: string;
  readonly thirdParty?: boolean;
}

export const TRANSPORTS: Readonly<Record<TransportType, TransportInfo>> = {
  http: {
    type: 'http',
    summary: 'POSTs each event as JSON to an OpenLineage HTTP endpoint such as Marquez.',
    required: ['url'],
    requiredDefaults: { url: 'http://localhost:5000' },
  },
  kafka: {
    type: 'kafka',
    summary: 'Publishes each event to a Kafka topic. Needs `org.apache.kafka:kafka-clients` on the classpath.',
    required: ['topicName', 'properties.bootstrap.servers'],
    requiredDefaults: { topicName: 'openlineage.events', 'properties.bootstrap.servers': 'localhost:9092' },
    extraJar: 'org.apache.kafka:kafka-clients',
  },
  console: {
    type: 'console',
    summary: 'Logs each event at INFO on the `ConsoleTransport` logger. This is the default when no transport is configured.',
    required: [],
    requiredDefaults: {},
  },
  file: {
    type: 'file',
    summary: 'Appends each event as one JSON line to a file.',
    required: ['location'],
    requiredDefaults: { location: '/tmp/openlineage/events.jsonl' },
  },
  composite: {
    type: 'composite',
    summary: 'Sends each event through several transports, configured under `transport.transports.<name>.*`.',
    required: [],
    requiredDefaults: {},
    since: '1.23.0',
  },
  transform: {
    type: 'transform',
    summary: 'Rewrites each event with an `EventTransformer` class, then sends it with the nested `transport.transport.*`.',
    required: ['transformerClass'],
    requiredDefaults: { transformerClass: 'com.example.MyEventTransformer' },
    since: '1.26.0',
  },
  s3: {
    type: 's3',
    summary: 'Writes each event as an object to an S3 bucket (AWS default credential chain).',
    required: ['bucketName'],
    requiredDefaults: { bucketName: 'my-lineage-bucket' },
    extraJar: 'io.openlineage:transports-s3',
    since: '1.23.0',
  },
  gcs: {
    type: 'gcs',
    summary: 'Writes each event as an object to a Google Cloud Storage bucket.',
    required: ['projectId', 'bucketName'],
    requiredDefaults: { projectId: 'my-gcp-project', bucketName: 'my-lineage-bucket' },
    extraJar: 'io.openlineage:transports-gcs',
  },
  gcplineage: {
    type: 'gcplineage',
    summary: 'Sends events to Google Cloud Data Lineage (Dataplex).',
    required: [],
    requiredDefaults: {},
    extraJar: 'io.openlineage:transports-gcplineage',
  },
  amazon_datazone_api: {
    type: 'amazon_datazone_api',
    summary: 'Sends events to Amazon DataZone.',
    required: ['domainId'],
    requiredDefaults: { domainId: 'dzd_example' },
    extraJar: 'io.openlineage:transports-datazone',
  },
  kinesis: {
    type: 'kinesis',
    summary: 'Publishes events to an Amazon Kinesis stream. Service registration was broken before 1.46.0.',
    required: ['streamName', 'region'],
    requiredDefaults: { streamName: 'openlineage-events', region: 'us-east-1' },
    extraJar: 'io.openlineage:transports-kinesis',
    since: '1.46.0',
  },
  openMetadata: {
    type: 'openMetadata',
    summary: 'OpenMetadata’s own transport, from open-metadata/openmetadata-spark-agent (a separate jar).',
    required: ['url', 'pipelineServiceName', 'pipelineName'],
    requiredDefaults: { url: 'http://localhost:8585/api', pipelineServiceName: 'spark_service', pipelineName: 'my_pipeline' },
    extraJar: 'openmetadata-spark-agent',
    thirdParty: true,
  },
};

export interface KeySpec {
  /**
   * The key relative to `spark.openlineage.` (or the full key for non-OpenLineage Spark keys, flagged by
   * `absolute`). Angle-bracket segments are wildcards: `<name>` is one dot-free segment, `<rest>` is
   * anything (one or more segments, dots kept), as the Java config parser treats them.
   */
  readonly key: string;
  readonly type: ValueType;
  readonly description: string;
  readonly values?: readonly string[];
  /** Enum values compare case-insensitively (the Java code lower-cases them). */
  readonly caseInsensitive?: boolean;
  /** Enum also accepts a fully-qualified class name. */
  readonly allowsClass?: boolean;
  readonly default?: string;
  readonly since?: string;
  /** Transports this key belongs to; undefined for keys that are not transport keys. */
  readonly transports?: readonly TransportType[];
  readonly docs: string;
  /** Set when the fact comes from documentation only or from unreleased code: rules warn rather than fail. */
  readonly unverified?: string;
  readonly absolute?: boolean;
}

const HTTP: TransportType[] = ['http'];

/** Current keys. Order matters only for completion (most useful first within a prefix). */
export const KEYS: readonly KeySpec[] = [
  // Transport
  {
    key: 'transport.type',
    type: 'enum',
    values: [...TRANSPORT_TYPES],
    caseInsensitive: true,
    default: 'console',
    description:
      'Which transport sends the events. Matched case-insensitively; types other than the built-ins (`http`, `kafka`, `file`, `composite`, `transform`) are found through Java’s ServiceLoader and need their jar. With no transport configured the default is `console` (older docs said `http`).',
    docs: DOCS.transport,
  },
  {
    key: 'transport.url',
    type: 'url',
    transports: ['http', 'openMetadata'],
    description:
      'Base URL of the OpenLineage HTTP endpoint, e.g. `http://marquez:5000`. For `http`, a path of the form `/api/<v>/namespaces/<ns>/jobs/<job>/runs/<id>` and the query parameters `api_key`, `timeout`, `app_name`, `disabled` are parsed out of it; other query parameters become `urlParams`.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.endpoint',
    type: 'string',
    transports: ['http', 'gcplineage', 's3'],
    default: '/api/v1/lineage',
    description:
      'For `http`: the path appended to `url` (default `/api/v1/lineage`). For `gcplineage`: the API host and port (default `datalineage.googleapis.com:443`). For `s3`: a custom S3 endpoint.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.timeoutInMillis',
    type: 'integer',
    transports: HTTP,
    default: '5000',
    description: 'HTTP request timeout in milliseconds. Replaces the removed `transport.timeout`.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.compression',
    type: 'enum',
    values: ['gzip'],
    transports: HTTP,
    since: '1.13.0',
    description: 'Compresses request bodies. Only `gzip` is supported; `Content-Encoding` is sent since 1.44.0.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.auth.type',
    type: 'enum',
    values: ['api_key', 'jwt'],
    allowsClass: true,
    transports: HTTP,
    description:
      'Authentication: exactly `api_key` or `jwt` (case-sensitive), or the fully-qualified name of a `TokenProvider` class. Any other value, including `apiKey`, is loaded as a class name and the listener fails with “No class matches … from spark.openlineage.transport.auth.type”.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.auth.apiKey',
    type: 'secret',
    transports: HTTP,
    description:
      'The API key sent as `Authorization: Bearer <key>` (with `auth.type=api_key`), or exchanged for a token (with `auth.type=jwt`). The Java field is camelCase `apiKey`: `api_key` and `apikey` are silently ignored.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.auth.tokenEndpoint',
    type: 'url',
    transports: HTTP,
    since: '1.44.0',
    description: 'JWT auth: the URL that exchanges the API key for a token. Required when `auth.type=jwt`.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.auth.tokenFields',
    type: 'list',
    transports: HTTP,
    since: '1.44.0',
    default: '[token;access_token]',
    description: 'JWT auth: response fields tried in order for the token.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.auth.expiresInField',
    type: 'string',
    transports: HTTP,
    since: '1.44.0',
    default: 'expires_in',
    description: 'JWT auth: response field with the token lifetime in seconds.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.auth.grantType',
    type: 'string',
    transports: HTTP,
    since: '1.44.0',
    default: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    description: 'JWT auth: OAuth grant type sent to the token endpoint.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.auth.responseType',
    type: 'string',
    transports: HTTP,
    since: '1.44.0',
    default: 'token',
    description: 'JWT auth: OAuth response type.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.auth.tokenRefreshBuffer',
    type: 'integer',
    transports: HTTP,
    since: '1.44.0',
    default: '120',
    description: 'JWT auth: seconds before expiry at which the token is refreshed.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.urlParams.<rest>',
    type: 'string',
    transports: HTTP,
    description:
      'A query parameter added to every request URL (`transport.urlParams.param0=value0`). The rest of the key is kept whole, dots included.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.headers.<rest>',
    type: 'string',
    transports: HTTP,
    description: 'An HTTP header added to every request (`transport.headers.X-Team=data`). The rest of the key is kept whole.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.sslContext.storePassword',
    type: 'secret',
    transports: HTTP,
    description: 'Password of the trust store used for TLS.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.sslContext.keyPassword',
    type: 'secret',
    transports: HTTP,
    description: 'Password of the private key used for mutual TLS.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.sslContext.keyStoreType',
    type: 'string',
    transports: HTTP,
    description: 'Key store type, e.g. `JKS` or `PKCS12`.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.sslContext.keyStorePath',
    type: 'string',
    transports: HTTP,
    description: 'Path of the key store file.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.topicName',
    type: 'string',
    transports: ['kafka'],
    description: 'Kafka: the topic events are published to. Required.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.properties.<rest>',
    type: 'string',
    transports: ['kafka', 'kinesis'],
    description:
      'Kafka/Kinesis: a producer property, e.g. `transport.properties.bootstrap.servers`. The rest of the key is kept whole, dots included. Kafka needs at least `bootstrap.servers`.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.messageKey',
    type: 'string',
    transports: ['kafka'],
    description: 'Kafka: the message key for every event (default: derived from the job).',
    docs: DOCS.transport,
  },
  {
    key: 'transport.location',
    type: 'string',
    transports: ['file'],
    description: 'File: path of the file events are appended to, one JSON line each. Required.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.transports.<name>.<rest>',
    type: 'string',
    transports: ['composite'],
    description:
      'Composite: a nested transport named `<name>`, configured with the same keys as `transport.*` (e.g. `transport.transports.marquez.type=http`). Nested keys are split on every dot, so Kafka producer properties with dots do not survive here.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.continueOnFailure',
    type: 'boolean',
    transports: ['composite'],
    default: 'true',
    since: '1.23.0',
    description: 'Composite: keep sending through the remaining transports when one fails.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.withThreadPool',
    type: 'boolean',
    transports: ['composite'],
    default: 'true',
    since: '1.23.0',
    description: 'Composite: send through the transports in parallel.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.transformerClass',
    type: 'class',
    transports: ['transform'],
    since: '1.26.0',
    description: 'Transform: fully-qualified class implementing `io.openlineage.client.transports.transform.EventTransformer`. Required.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.transformerProperties.<rest>',
    type: 'string',
    transports: ['transform'],
    since: '1.26.0',
    description: 'Transform: a property passed to the transformer.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.transport.<rest>',
    type: 'string',
    transports: ['transform'],
    since: '1.26.0',
    description: 'Transform: the transport that sends the transformed events, with the same keys as `transport.*`. Required.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.projectId',
    type: 'string',
    transports: ['gcs', 'gcplineage'],
    description: 'GCS/GCP Lineage: the Google Cloud project.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.bucketName',
    type: 'string',
    transports: ['gcs', 's3'],
    description: 'GCS/S3: the bucket events are written to. Required.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.credentialsFile',
    type: 'string',
    transports: ['gcs', 'gcplineage'],
    description: 'GCS/GCP Lineage: path of a service-account credentials file.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.fileNamePrefix',
    type: 'string',
    transports: ['gcs', 's3'],
    description: 'GCS/S3: prefix of the object names.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.location',
    type: 'string',
    transports: ['gcplineage'],
    default: 'us',
    description: 'GCP Lineage: the location (region) of the lineage API.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.mode',
    type: 'enum',
    values: ['sync', 'async'],
    transports: ['gcplineage'],
    default: 'async',
    description: 'GCP Lineage: send synchronously or asynchronously.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.domainId',
    type: 'string',
    transports: ['amazon_datazone_api'],
    description: 'Amazon DataZone: the domain id. Required.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.region',
    type: 'string',
    transports: ['amazon_datazone_api', 'kinesis'],
    description: 'AWS region.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.endpointOverride',
    type: 'url',
    transports: ['amazon_datazone_api'],
    description: 'Amazon DataZone: a custom API endpoint.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.streamName',
    type: 'string',
    transports: ['kinesis'],
    description: 'Kinesis: the stream events are published to.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.roleArn',
    type: 'string',
    transports: ['kinesis'],
    description: 'Kinesis: the IAM role to assume.',
    docs: DOCS.transport,
  },
  {
    key: 'transport.timeout',
    type: 'integer',
    transports: ['openMetadata'],
    description:
      'openMetadata transport: request timeout in seconds. (For every other transport this key was removed in 1.30.0; use `transport.timeoutInMillis`.)',
    docs: 'https://github.com/open-metadata/openmetadata-spark-agent',
    unverified: 'from the openmetadata-spark-agent README only',
  },
  {
    key: 'transport.pipelineServiceName',
    type: 'string',
    transports: ['openMetadata'],
    description: 'openMetadata transport: the pipeline service the Spark job is recorded under.',
    docs: 'https://github.com/open-metadata/openmetadata-spark-agent',
    unverified: 'README only',
  },
  {
    key: 'transport.pipelineName',
    type: 'string',
    transports: ['openMetadata'],
    description: 'openMetadata transport: the pipeline name.',
    docs: 'https://github.com/open-metadata/openmetadata-spark-agent',
    unverified: 'README only',
  },
  {
    key: 'transport.pipelineUrl',
    type: 'url',
    transports: ['openMetadata'],
    description: 'openMetadata transport: a link to the pipeline.',
    docs: 'https://github.com/open-metadata/openmetadata-spark-agent',
    unverified: 'README only',
  },
  {
    key: 'transport.airflowHost',
    type: 'url',
    transports: ['openMetadata'],
    description: 'openMetadata transport: the Airflow host that runs the pipeline.',
    docs: 'https://github.com/open-metadata/openmetadata-spark-agent',
    unverified: 'README only',
  },
  {
    key: 'transport.pipelineDescription',
    type: 'string',
    transports: ['openMetadata'],
    description: 'openMetadata transport: a description of the pipeline.',
    docs: 'https://github.com/open-metadata/openmetadata-spark-agent',
    unverified: 'README only',
  },

  // Spark integration
  {
    key: 'namespace',
    type: 'string',
    default: 'default',
    description: 'The namespace of the jobs this application emits.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'disabled',
    type: 'boolean',
    default: 'false',
    since: '1.35.0',
    description: 'Turns the listener off without removing it. The env var `OPENLINEAGE_DISABLED=true` does the same.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'appName',
    type: 'string',
    description: 'Overrides the application name used in job names (defaults to the Spark app name). Renamed from `overwriteName` in 0.15.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'applicationRunId',
    type: 'string',
    since: '1.42.0',
    description: 'Sets the run id of the application-level run instead of a generated one.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'parentJobNamespace',
    type: 'string',
    description: 'Namespace of the parent job (e.g. the Airflow task that submitted this application).',
    docs: DOCS.sparkConf,
  },
  { key: 'parentJobName', type: 'string', description: 'Name of the parent job, e.g. `dag_id.task_id`.', docs: DOCS.sparkConf },
  { key: 'parentRunId', type: 'uuid', description: 'Run id of the parent run; must be a UUID.', docs: DOCS.sparkConf },
  {
    key: 'rootParentJobNamespace',
    type: 'string',
    since: '1.31.0',
    description: 'Namespace of the root parent job (e.g. the Airflow DAG).',
    docs: DOCS.sparkConf,
  },
  { key: 'rootParentJobName', type: 'string', since: '1.31.0', description: 'Name of the root parent job.', docs: DOCS.sparkConf },
  {
    key: 'rootParentRunId',
    type: 'uuid',
    since: '1.31.0',
    description: 'Run id of the root parent run; must be a UUID.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'context',
    type: 'json',
    since: '1.52.0',
    description:
      'The parent/root run context as one JSON object `{"parent":{"run":{"runId":…},"job":{"namespace":…,"name":…}},"root":{…}}`. When it parses and has `parent.run` and `parent.job` it overrides the six parent/root keys; otherwise a warning is logged and those keys are used.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'jobName.appendDatasetName',
    type: 'boolean',
    default: 'true',
    since: '1.1.0',
    description: 'Appends the output dataset name to job names.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'jobName.replaceDotWithUnderscore',
    type: 'boolean',
    default: 'false',
    since: '1.1.0',
    description: 'Replaces dots with underscores in job names (reproduces pre-1.1.0 Databricks job names).',
    docs: DOCS.sparkConf,
  },
  {
    key: 'capturedProperties',
    type: 'comma-list',
    default: 'spark.master,spark.app.name',
    since: '0.22.0',
    description:
      'Spark properties copied into the `spark_properties` run facet, as a plain **comma-separated** list (no brackets, no `;`).',
    docs: DOCS.sparkConf,
  },
  {
    key: 'dataset.removePath.pattern',
    type: 'regex',
    since: '0.24.0',
    description:
      'A Java regex with a named group `remove`: the part of dataset names it matches is removed (e.g. `(.*)(?<remove>/\\d{8})`). A pattern without a `(?<remove>…)` group does nothing.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'columnLineage.datasetLineageEnabled',
    type: 'boolean',
    default: 'true',
    since: '1.37.0',
    description:
      'Includes dataset-level dependencies (filters, joins) in column lineage. Default `true` since 1.37.0 (the docs still say `false`).',
    docs: DOCS.sparkConf,
  },
  {
    key: 'columnLineage.schemaSizeLimit',
    type: 'integer',
    default: '1000',
    since: '1.37.0',
    description: 'Column lineage is skipped for datasets whose schema has more fields than this.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'columnLineage.descriptionsEnabled',
    type: 'boolean',
    default: 'false',
    description: 'Adds transformation descriptions to column lineage.',
    docs: DOCS.sparkConf,
    unverified: 'on OpenLineage main after 1.52.0 (commit dc2071419), not in a release yet',
  },
  {
    key: 'filter.allowedSparkNodes',
    type: 'list',
    default: '[]',
    since: '1.28.0',
    description:
      'Only these Spark plan node classes produce events, e.g. `[org.apache.spark.sql.execution.datasources.InsertIntoHadoopFsRelationCommand]`.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'filter.deniedSparkNodes',
    type: 'list',
    default: '[]',
    since: '1.28.0',
    description: 'Spark plan node classes that never produce events.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'filter.rddEventsDisabled',
    type: 'boolean',
    default: 'false',
    since: '1.42.0',
    description: 'Drops events from RDD jobs.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'vendors.<name>.metricsReporterDisabled',
    type: 'boolean',
    default: 'false',
    since: '1.26.0',
    description: 'Turns off a vendor’s metrics reporter (vendors: `iceberg`, `delta`).',
    docs: DOCS.sparkConf,
  },
  {
    key: 'debug.smart',
    type: 'boolean',
    default: 'false',
    since: '1.34.0',
    description: 'Adds the debug facet only when an event looks incomplete (see `debug.smartMode`).',
    docs: DOCS.sparkConf,
  },
  {
    key: 'debug.smartMode',
    type: 'enum',
    values: ['any-missing', 'output-missing'],
    caseInsensitive: true,
    default: 'any-missing',
    since: '1.34.0',
    description:
      'When smart debug adds the debug facet: when any input or output is missing, or only when outputs are missing. Other values fall back to `any-missing` with a warning.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'debug.metricsDisabled',
    type: 'boolean',
    default: 'false',
    description: 'Leaves metrics out of the debug facet.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'debug.payloadSizeLimitInKilobytes',
    type: 'integer',
    default: '100',
    description: 'Maximum size of the debug facet.',
    docs: DOCS.sparkConf,
    unverified: 'documentation only',
  },
  { key: 'debug.logPlanAsJson', type: 'boolean', default: 'false', description: 'Logs the logical plan as JSON.', docs: DOCS.sparkConf },
  {
    key: 'timeout.buildDatasetsTimePercentage',
    type: 'integer',
    description:
      'Share (%) of the circuit breaker timeout spent building datasets. Only takes effect with a circuit breaker that has a timeout.',
    docs: DOCS.sparkConf,
  },
  {
    key: 'timeout.facetsBuildingTimePercentage',
    type: 'integer',
    description:
      'Share (%) of the circuit breaker timeout spent building facets. Only takes effect with a circuit breaker that has a timeout.',
    docs: DOCS.sparkConf,
  },
  { key: 'testExtensionProvider', type: 'class', description: 'Used only by OpenLineage’s own tests.', docs: DOCS.sparkConf },

  // Generic Java client sections
  {
    key: 'facets.<rest>.disabled',
    type: 'strict-boolean',
    description:
      'Turns one facet off (`true`) or back on (`false`). Only the strings `true` and `false` count; anything else is dropped with a warning. Disabled by default: `spark_unknown`, `spark.logicalPlan`, `debug`. Facet names may contain dots (`facets.spark.logicalPlan.disabled`).',
    docs: DOCS.sparkConf,
  },
  {
    key: 'facets.custom_environment_variables',
    type: 'list',
    since: '0.21.1',
    description:
      'Environment variables captured in the `environment-properties` run facet, as `[VAR1;VAR2]`. The key is snake_case (the Spark docs’ `facets.variables` is wrong).',
    docs: DOCS.sparkConf,
  },
  {
    key: 'job.owners.<name>',
    type: 'string',
    since: '1.13.0',
    description: 'A job owner of the given type, e.g. `job.owners.team=Data Platform`.',
    docs: DOCS.sparkConf,
  },
  { key: 'job.tags', type: 'tags', since: '1.29.0', description: 'Job tags: `key:value;label;key:value:source`.', docs: DOCS.sparkConf },
  { key: 'run.tags', type: 'tags', since: '1.29.0', description: 'Run tags: `key:value;label;key:value:source`.', docs: DOCS.sparkConf },
  {
    key: 'job.namespace',
    type: 'string',
    description:
      'Read into the Java client’s `JobConfig` but not used by the Spark integration (the Flink 2 integration reads it); Spark jobs take `spark.openlineage.namespace`.',
    docs: DOCS.transport,
  },
  {
    key: 'job.name',
    type: 'string',
    description:
      'Read into the Java client’s `JobConfig` but not used by the Spark integration (the Flink 2 integration reads it); Spark job names come from `spark.openlineage.appName` or `spark.app.name`.',
    docs: DOCS.transport,
  },
  {
    key: 'dataset.namespaceResolvers.<name>.type',
    type: 'enum',
    values: ['hostList', 'pattern', 'patternGroup'],
    allowsClass: true,
    since: '1.17.0',
    description:
      'How resolver `<name>` maps dataset namespaces: `hostList` (a list of hosts), `pattern` (a regex), `patternGroup` (a regex group), or a builder class.',
    docs: DOCS.namespaceResolvers,
  },
  {
    key: 'dataset.namespaceResolvers.<name>.hosts',
    type: 'list',
    since: '1.17.0',
    description: '`hostList` resolver: the hosts resolved to `<name>`, as `[host1;host2]`.',
    docs: DOCS.namespaceResolvers,
  },
  {
    key: 'dataset.namespaceResolvers.<name>.regex',
    type: 'regex',
    since: '1.17.0',
    description: '`pattern`/`patternGroup` resolver: the regex matched against the namespace.',
    docs: DOCS.namespaceResolvers,
  },
  {
    key: 'dataset.namespaceResolvers.<name>.matchingGroup',
    type: 'string',
    since: '1.17.0',
    description: '`patternGroup` resolver: the regex group whose match becomes the namespace.',
    docs: DOCS.namespaceResolvers,
  },
  {
    key: 'dataset.namespaceResolvers.<name>.schema',
    type: 'string',
    since: '1.17.0',
    description: 'The scheme the resolver applies to (e.g. `kafka`).',
    docs: DOCS.namespaceResolvers,
  },
  {
    key: 'dataset.disabledTrimmers',
    type: 'string',
    description:
      '`;`-separated dataset-name trimmer classes to turn off (defaults: DateTrimmer, KeyValueTrimmer, MultiDirDateTrimmer, YearMonthTrimmer).',
    docs: DOCS.sparkConf,
  },
  { key: 'dataset.extraTrimmers', type: 'string', description: '`;`-separated extra dataset-name trimmer classes.', docs: DOCS.sparkConf },
  {
    key: 'circuitBreaker.type',
    type: 'enum',
    values: ['timeout', 'simpleMemory', 'javaRuntime', 'asyncTaskQueue', 'static', 'noop'],
    allowsClass: true,
    since: '1.9.0',
    description:
      'Stops emitting lineage when the job is under pressure: `timeout`, `simpleMemory`, `javaRuntime`, `asyncTaskQueue` (1.28.0), `static`/`noop` (testing), or a custom builder.',
    docs: DOCS.circuitBreaker,
  },
  {
    key: 'circuitBreaker.timeoutInSeconds',
    type: 'integer',
    description: 'Circuit breaker: maximum time spent building an event.',
    docs: DOCS.circuitBreaker,
  },
  {
    key: 'circuitBreaker.memoryThreshold',
    type: 'integer',
    default: '20',
    description: '`simpleMemory`/`javaRuntime`: free-memory percentage below which emission stops.',
    docs: DOCS.circuitBreaker,
  },
  {
    key: 'circuitBreaker.gcCpuThreshold',
    type: 'integer',
    default: '10',
    description: '`javaRuntime`: GC CPU percentage above which emission stops.',
    docs: DOCS.circuitBreaker,
  },
  {
    key: 'circuitBreaker.circuitCheckIntervalInMillis',
    type: 'integer',
    default: '1000',
    description: 'How often the circuit breaker is checked.',
    docs: DOCS.circuitBreaker,
  },
  {
    key: 'circuitBreaker.threadCount',
    type: 'integer',
    default: '2',
    description: '`asyncTaskQueue`: worker threads.',
    docs: DOCS.circuitBreaker,
  },
  {
    key: 'circuitBreaker.queueSize',
    type: 'integer',
    default: '10',
    description: '`asyncTaskQueue`: queue length.',
    docs: DOCS.circuitBreaker,
  },
  {
    key: 'circuitBreaker.blockingTimeInSeconds',
    type: 'integer',
    default: '1',
    description: '`asyncTaskQueue`: how long the listener waits for a free slot.',
    docs: DOCS.circuitBreaker,
  },
  {
    key: 'circuitBreaker.shutdownTimeoutSeconds',
    type: 'integer',
    default: '60',
    description: '`asyncTaskQueue`: how long shutdown waits for queued events.',
    docs: DOCS.circuitBreaker,
  },
  {
    key: 'circuitBreaker.valuesReturned',
    // A plain string that StaticCircuitBreaker splits on `,` (not a `[a;b]` list).
    type: 'string',
    description: '`static` circuit breaker (tests): the sequence of open/closed answers, comma-separated (`true,false`).',
    docs: DOCS.circuitBreaker,
  },
  {
    key: 'metrics.type',
    type: 'string',
    since: '1.11.0',
    description: 'Micrometer metrics registry, e.g. `statsd`.',
    docs: DOCS.transport,
  },
  {
    key: 'metrics.<rest>',
    type: 'string',
    since: '1.11.0',
    description: 'A setting of the metrics registry (e.g. `metrics.flavor`, `metrics.host`, `metrics.port`).',
    docs: DOCS.transport,
  },

  // Core Spark keys that matter for lineage
  {
    key: 'spark.extraListeners',
    absolute: true,
    type: 'string',
    description:
      'Comma-separated `SparkListener` classes. OpenLineage needs `io.openlineage.spark.agent.OpenLineageSparkListener` here. A value set by `--conf` or `SparkSession.config` **replaces** the one from `spark-defaults.conf`; it does not add to it. On Databricks also keep `com.databricks.backend.daemon.driver.DBCEventLoggingListener`.',
    docs: DOCS.sparkListeners,
  },
  {
    key: 'spark.jars.packages',
    absolute: true,
    type: 'string',
    description:
      'Comma-separated Maven coordinates `group:artifact:version` resolved at startup. For OpenLineage ≥ 1.9.1 use `io.openlineage:openlineage-spark_<scala>:<version>` (`_2.12` or `_2.13`); up to 1.8.0 the artifact was `openlineage-spark`. Does not work for the listener on Databricks (use an init script).',
    docs: DOCS.installation,
  },
  {
    key: 'spark.jars',
    absolute: true,
    type: 'string',
    description: 'Comma-separated jar paths or URLs added to the driver and executor classpaths.',
    docs: DOCS.sparkPackages,
  },
];

/** A removed or legacy key, and what replaces it. */
export interface LegacyKey {
  /** Relative to `spark.openlineage.`; `<rest>` matches anything. */
  readonly key: string;
  readonly removedIn: string;
  /** Last version in which it worked. */
  readonly workedUntil: string;
  /** The replacement key (relative), if there is a one-to-one one. */
  readonly replacement?: string;
  readonly explanation: string;
}

export const LEGACY_KEYS: readonly LegacyKey[] = [
  {
    key: 'host',
    removedIn: '0.22.0',
    workedUntil: '0.21.1',
    replacement: 'transport.url',
    explanation: 'the base URL is now `spark.openlineage.transport.url` (with `transport.type=http`)',
  },
  {
    key: 'url',
    removedIn: '0.22.0',
    workedUntil: '0.21.1',
    replacement: 'transport.url',
    explanation:
      'the URL is now `spark.openlineage.transport.url` (with `transport.type=http`); its path and `api_key` query are still parsed there',
  },
  {
    key: 'version',
    removedIn: '0.22.0',
    workedUntil: '0.21.1',
    replacement: 'transport.endpoint',
    explanation: 'the API version is now part of `spark.openlineage.transport.endpoint` (`/api/v1/lineage`)',
  },
  {
    key: 'apiKey',
    removedIn: '0.22.0',
    workedUntil: '0.21.1',
    replacement: 'transport.auth.apiKey',
    explanation: 'authentication is now `spark.openlineage.transport.auth.type=api_key` plus `spark.openlineage.transport.auth.apiKey`',
  },
  {
    key: 'endpoint',
    removedIn: '0.22.0',
    workedUntil: '0.21.1',
    replacement: 'transport.endpoint',
    explanation: 'this key is still printed in the Databricks README but was never read by 1.x; use `spark.openlineage.transport.endpoint`',
  },
  {
    key: 'timeout',
    removedIn: '0.22.0',
    workedUntil: '0.21.1',
    replacement: 'transport.timeoutInMillis',
    explanation: 'the timeout is now `spark.openlineage.transport.timeoutInMillis` (milliseconds)',
  },
  {
    key: 'consoleTransport',
    removedIn: '0.22.0',
    workedUntil: '0.21.1',
    replacement: 'transport.type',
    explanation: 'use `spark.openlineage.transport.type=console`',
  },
  {
    key: 'url.param.<rest>',
    removedIn: '0.22.0',
    workedUntil: '0.21.1',
    replacement: 'transport.urlParams.<rest>',
    explanation: 'URL parameters are now `spark.openlineage.transport.urlParams.<name>`',
  },
  {
    key: 'transport.timeout',
    removedIn: '1.30.0',
    workedUntil: '1.29.0',
    replacement: 'transport.timeoutInMillis',
    explanation: 'it was parsed as seconds although documented as milliseconds; use `spark.openlineage.transport.timeoutInMillis`',
  },
  { key: 'facets.disabled', removedIn: '1.30.0', workedUntil: '1.29.0', explanation: 'a list value is now ignored without a warning' },
  {
    key: 'transport.localServerId',
    removedIn: '1.17.1',
    workedUntil: '1.17.0',
    explanation: 'the Kafka transport no longer reads it (deprecated in 1.13)',
  },
];

/** Known misspellings that are not typos but documentation errors; mapped to the real key. */
export const KNOWN_ALIASES: Readonly<Record<string, { replacement: string; why: string }>> = {
  'facets.variables': {
    replacement: 'facets.custom_environment_variables',
    why: 'the Spark configuration docs call it `facets.variables`, but the Java client reads `facets.custom_environment_variables`',
  },
  'facets.environment_variables': {
    replacement: 'facets.custom_environment_variables',
    why: '`facets.environment_variables` is the Python client’s spelling; Spark (Java) reads `facets.custom_environment_variables`',
  },
  'transport.auth.api_key': {
    replacement: 'transport.auth.apiKey',
    why: 'the Java field is camelCase `apiKey`; `api_key` is silently ignored (only the Python client accepts it)',
  },
  'transport.auth.apikey': {
    replacement: 'transport.auth.apiKey',
    why: 'the Java field is camelCase `apiKey`; `apikey` is silently ignored (only the Python client accepts it)',
  },
  'transport.auth.token': { replacement: 'transport.auth.apiKey', why: 'the key is read from `auth.apiKey`; `auth.token` is ignored' },
  overwriteName: { replacement: 'appName', why: '`overwriteName` was renamed to `appName` in 0.15' },
  'transport.timeoutInMs': { replacement: 'transport.timeoutInMillis', why: 'the key is `timeoutInMillis`' },
};

interface CompiledKey {
  readonly spec: KeySpec;
  readonly regex: RegExp;
  readonly exact: boolean;
}

function compile(pattern: string): RegExp {
  const parts = pattern.split('.').map((seg) => {
    if (seg === '<rest>') return '(.+)';
    if (seg === '<name>') return '([^.]+)';
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('\\.')}$`);
}

const COMPILED: readonly CompiledKey[] = KEYS.map((spec) => ({ spec, regex: compile(spec.key), exact: !spec.key.includes('<') }));

/** The key relative to `spark.openlineage.`, or undefined for keys outside that prefix. */
export function relativeKey(fullKey: string): string | undefined {
  return fullKey.startsWith(OL_PREFIX) ? fullKey.slice(OL_PREFIX.length) : undefined;
}

/**
 * All specs a full key matches (several when transports share a key name, e.g. `transport.location` for
 * `file` and `gcplineage`). Exact keys win over wildcard ones. Memoised: rules ask about every entry.
 */
export function lookupKey(fullKey: string): KeySpec[] {
  let hit = keyCache.get(fullKey);
  if (!hit) {
    hit = computeLookup(fullKey);
    if (keyCache.size > 5000) keyCache.clear();
    keyCache.set(fullKey, hit);
  }
  return hit;
}
const keyCache = new Map<string, KeySpec[]>();

function computeLookup(fullKey: string): KeySpec[] {
  const rel = relativeKey(fullKey);
  const matches: KeySpec[] = [];
  for (const c of COMPILED) {
    const subject = c.spec.absolute ? fullKey : rel;
    if (subject !== undefined && c.regex.test(subject)) matches.push(c.spec);
  }
  const exact = matches.filter((m) => !m.key.includes('<'));
  return exact.length ? exact : matches;
}

const LEGACY_COMPILED = LEGACY_KEYS.map((legacy) => ({ legacy, regex: compile(legacy.key) }));
const legacyCache = new Map<string, { legacy: LegacyKey; rest?: string } | null>();

export function lookupLegacy(fullKey: string): { legacy: LegacyKey; rest?: string } | undefined {
  let hit = legacyCache.get(fullKey);
  if (hit === undefined) {
    hit = null;
    const rel = relativeKey(fullKey);
    if (rel !== undefined) {
      for (const { legacy, regex } of LEGACY_COMPILED) {
        const m = regex.exec(rel);
        if (m) {
          hit = m[1] !== undefined ? { legacy, rest: m[1] } : { legacy };
          break;
        }
      }
    }
    if (legacyCache.size > 5000) legacyCache.clear();
    legacyCache.set(fullKey, hit);
  }
  return hit ?? undefined;
}

/** Concrete (wildcard-free) relative keys, for nearest-key suggestions and completion. */
export const CONCRETE_KEYS: readonly string[] = [...new Set(KEYS.filter((k) => !k.absolute && !k.key.includes('<')).map((k) => k.key))];

/** Returns the transport info for a `transport.type` value, matching case-insensitively like the Java client. */
export function transportByType(value: string): TransportInfo | undefined {
  const lower = value.trim().toLowerCase();
  return TRANSPORT_TYPES.map((t) => TRANSPORTS[t]).find((t) => t.type.toLowerCase() === lower);
}
