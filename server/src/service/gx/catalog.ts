/**
 * What Lineage Lens knows about Great Expectations' `OpenLineageValidationAction`, transcribed from
 * docs/upstream/great-expectations.md (`integration/common/…/provider/great_expectations/action.py` at HEAD and at
 * 1.39.0). Rules, hover and completion all read this one table.
 */

export const OL_ACTION_CLASS = 'OpenLineageValidationAction';

/** Both module paths work for `module_name` (package re-export and the module itself), since 0.3.x. */
export const OL_MODULES = [
  'openlineage.common.provider.great_expectations',
  'openlineage.common.provider.great_expectations.action',
] as const;
export const OL_MODULE = OL_MODULES[0];

/** Where Great Expectations looks for an action class when `module_name` is not given. */
export const GE_DEFAULT_ACTION_MODULE = 'great_expectations.validation_operators';

export const DOCS = {
  integration: 'https://openlineage.io/docs/integrations/great-expectations',
  source:
    'https://github.com/OpenLineage/OpenLineage/blob/main/integration/common/openlineage/common/provider/great_expectations/action.py',
} as const;

export type ParamType = 'url' | 'string' | 'secret' | 'uuid' | 'boolean' | 'discriminator';

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  /** The default as docs/upstream/great-expectations.md#action-parameters states it (prose). */
  readonly default: string;
  readonly description: string;
  /** The first openlineage-integration-common release that accepts it. */
  readonly since?: string;
  /** Accepted only by the GX 1.x (pydantic) action, never in YAML `action_list` configuration. */
  readonly gx1Only?: boolean;
  /** A value to offer in completion snippets. */
  readonly example?: string;
}

/** Every parameter of `OpenLineageValidationAction`, with its exact spelling. */
export const PARAMS: readonly ParamSpec[] = [
  {
    name: 'openlineage_host',
    type: 'url',
    default: 'none: the client is built with `OpenLineageClient.from_environment()` (reads `OPENLINEAGE_URL` etc.)',
    description:
      'Base URL of the OpenLineage endpoint (e.g. Marquez). When set, the action builds the client with the legacy HTTP constructor `OpenLineageClient(host, OpenLineageClientOptions(api_key=…))`, which posts to `api/v1/lineage` below it.',
    example: '${OPENLINEAGE_URL}',
  },
  {
    name: 'openlineage_apiKey',
    type: 'secret',
    default: 'none',
    description: 'API key sent as a bearer token with `openlineage_host`. The spelling is exact: `apiKey` with a capital K.',
    example: '${OPENLINEAGE_API_KEY}',
  },
  {
    name: 'openlineage_namespace',
    type: 'string',
    default: 'env `OPENLINEAGE_NAMESPACE`, else `default`',
    description: 'Namespace of the validation job in the emitted events.',
    example: 'default',
  },
  {
    name: 'openlineage_run_id',
    type: 'uuid',
    default: 'a newly generated UUID (UUIDv7 since 1.14)',
    description: 'Run id of the emitted event.',
  },
  {
    name: 'openlineage_parent_run_id',
    type: 'uuid',
    default: 'none',
    description:
      'Run id of the parent run (e.g. the Airflow task). A `parent` run facet is added only when this is set (the facet key was renamed to `parent` in 1.14.0).',
  },
  {
    name: 'openlineage_parent_job_namespace',
    type: 'string',
    default: 'none',
    description: 'Namespace of the parent job, for the `parent` run facet.',
  },
  {
    name: 'openlineage_parent_job_name',
    type: 'string',
    default: 'none',
    description: 'Name of the parent job, for the `parent` run facet.',
  },
  {
    name: 'openlineage_root_parent_run_id',
    type: 'uuid',
    default: 'none',
    description: 'Run id of the root parent run (e.g. the Airflow DAG run).',
    since: '1.31.0',
  },
  {
    name: 'openlineage_root_parent_job_namespace',
    type: 'string',
    default: 'none',
    description: 'Namespace of the root parent job.',
    since: '1.31.0',
  },
  {
    name: 'openlineage_root_parent_job_name',
    type: 'string',
    default: 'none',
    description: 'Name of the root parent job.',
    since: '1.31.0',
  },
  {
    name: 'job_name',
    type: 'string',
    default: 'the expectation suite name + `.` + the batch identifier',
    description: 'Name of the validation job in the emitted events.',
  },
  {
    name: 'job_description',
    type: 'string',
    default: 'none',
    description: 'Becomes the `documentation` job facet.',
  },
  {
    name: 'code_location',
    type: 'string',
    default: 'none',
    description: 'Becomes the `sourceCodeLocation` job facet.',
  },
  {
    name: 'do_publish',
    type: 'boolean',
    default: '`true`',
    description: '`false` builds the event (returned in `actions_results`) without sending it.',
    example: 'true',
  },
  {
    name: 'type',
    type: 'discriminator',
    default: '`"openlineage"`',
    description:
      'The pydantic discriminator of the GX 1.x action (`Literal["openlineage"]`). GX 1.x actions are configured in Python, not in YAML.',
    gx1Only: true,
  },
];

const BY_NAME = new Map(PARAMS.map((p) => [p.name, p]));

export function lookupParam(name: string): ParamSpec | undefined {
  return BY_NAME.get(name);
}

/**
 * Spellings seen in docs and configs for the real parameters, where edit distance alone would not find the
 * intended one (other typos are matched by `nearest`).
 */
export const PARAM_ALIASES: Readonly<Record<string, string>> = {
  openlineage_url: 'openlineage_host',
  openlineage_endpoint: 'openlineage_host',
  openlineage_api_key: 'openlineage_apiKey',
  openlineage_apikey: 'openlineage_apiKey',
  openlineage_api: 'openlineage_apiKey',
  api_key: 'openlineage_apiKey',
  apiKey: 'openlineage_apiKey',
  apikey: 'openlineage_apiKey',
  host: 'openlineage_host',
  url: 'openlineage_host',
  namespace: 'openlineage_namespace',
  run_id: 'openlineage_run_id',
  parent_run_id: 'openlineage_parent_run_id',
  parent_job_name: 'openlineage_parent_job_name',
  parent_job_namespace: 'openlineage_parent_job_namespace',
  openlineage_job_name: 'job_name',
  openlineage_job_description: 'job_description',
  openlineage_code_location: 'code_location',
  publish: 'do_publish',
};

/** Great Expectations' own actions (0.13–0.18), offered by completion next to the OpenLineage one. */
export const GE_ACTIONS = [
  'StoreValidationResultAction',
  'StoreEvaluationParametersAction',
  'StoreMetricsAction',
  'UpdateDataDocsAction',
  'SlackNotificationAction',
  'EmailAction',
  'MicrosoftTeamsNotificationAction',
  'PagerdutyAlertAction',
  'OpsgenieAlertAction',
  'SNSNotificationAction',
  'APINotificationAction',
] as const;

/** Checkpoint classes of Great Expectations 0.13–0.18 YAML checkpoints. */
export const CHECKPOINT_CLASSES = ['Checkpoint', 'LegacyCheckpoint', 'SimpleCheckpoint'] as const;

/** Validation operators that run an `action_list`. */
export const OPERATOR_CLASSES = ['ActionListValidationOperator', 'WarningAndFailureExpectationSuitesValidationOperator'] as const;

/** Version facts of docs/upstream/great-expectations.md#version-support (packaging metadata of openlineage-integration-common). */
export const VERSIONS = {
  /** The extra requires great_expectations>=0.13.26 … */
  extraMinGe: '0.13.26',
  /** … and, from at least 0.18.0 through 1.39.x, <0.15.35. */
  extraMaxGeExclusive: '0.15.35',
  cappedFromOl: '0.18.0',
  lastLegacyOl: '1.39',
  /** From 1.40.0 the requirement is great_expectations>=1.0.0 and 0.x support is gone. */
  gx1FromOl: '1.40.0',
  rootParentSince: '1.31.0',
} as const;

/** The entry appended to an `action_list` by quick fixes and offered by completion. */
export function olActionEntryLines(): string[] {
  return ['name: openlineage', 'action:', `  class_name: ${OL_ACTION_CLASS}`, `  module_name: ${OL_MODULE}`];
}
