/**
 * What Lineage Lens knows about OpenMetadata's Airflow lineage backend and callbacks (package
 * `openmetadata-ingestion`), transcribed from docs/upstream/openmetadata.md (and
 * docs/upstream/airflow.md#airflow-3-removals for Airflow 3). Everything the `openmetadata/*` rules, hover and
 * completion say comes from here.
 */

/** The docs page of the lineage backend (configuration keys, class paths, callbacks). */
export const OM_DOCS = 'https://docs.open-metadata.org/latest/connectors/pipeline/airflow/lineage-backend';
/** What OpenMetadata recommends on Airflow 3 (the OpenLineage provider pushing to OpenMetadata). */
export const OM_AIRFLOW3_DOCS = 'https://docs.open-metadata.org/v1.12.x/connectors/pipeline/airflow/rest-api-connection';

/** The pip package whose version decides class paths and keys. */
export const OM_PACKAGE = 'openmetadata-ingestion';

/** The backend class since openmetadata-ingestion 0.13.1 (module renamed by PR #9206, Dec 2022). */
export const BACKEND_CURRENT = 'airflow_provider_openmetadata.lineage.backend.OpenMetadataLineageBackend';
/** The backend class up to openmetadata-ingestion 0.13.0. */
export const BACKEND_OLD = 'airflow_provider_openmetadata.lineage.openmetadata.OpenMetadataLineageBackend';
/** The form written in the backend's own docstring; whether the package exports the class there is unverified. */
export const BACKEND_DOCSTRING = 'airflow_provider_openmetadata.lineage.OpenMetadataLineageBackend';
/** The first version with `BACKEND_CURRENT`. */
export const BACKEND_RENAMED_IN = '0.13.1';
export const BACKEND_FORMS = [BACKEND_CURRENT, BACKEND_OLD, BACKEND_DOCSTRING] as const;

/** The env var naming a JSON file (`AirflowLineageConfig`) the loader reads when `airflow_service_name` is unset. */
export const CONFIG_FILE_ENV = 'OPENMETADATA_LINEAGE_CONFIG';

/** The callbacks module and the callback functions it defines, with the DAG/task argument each belongs in. */
export const CALLBACK_MODULE = 'airflow_provider_openmetadata.lineage.callback';
export const CALLBACKS = {
  failure_callback: 'on_failure_callback',
  success_callback: 'on_success_callback',
} as const;
export type CallbackName = keyof typeof CALLBACKS;
export const CALLBACK_SLOTS = ['on_failure_callback', 'on_success_callback'] as const;
export type CallbackSlot = (typeof CALLBACK_SLOTS)[number];

/** Values of `verify_ssl` (OpenMetadata's `VerifySSL` enum). */
export const VERIFY_SSL_VALUES = ['no-ssl', 'validate', 'ignore'] as const;
/** Values of `auth_provider_type` that older versions read. */
export const AUTH_PROVIDERS = ['no-auth', 'google', 'okta', 'auth0', 'azure', 'openmetadata', 'custom-oidc'] as const;
/** The SSO settings older versions read, per provider (providers.py). */
export const SSO_KEYS: Readonly<Record<string, readonly string[]>> = {
  google: ['secret_key', 'audience'],
  okta: ['client_id', 'org_url', 'private_key', 'email', 'scopes'],
  auth0: ['client_id', 'secret_key', 'domain'],
  azure: ['client_secret', 'authority', 'client_id', 'scopes'],
  'custom-oidc': ['client_id', 'secret_key', 'token_endpoint'],
};

export type KeyType = 'class' | 'string' | 'url' | 'secret' | 'enum' | 'literal-true' | 'integer' | 'connection';

export interface OmKey {
  readonly key: string;
  readonly type: KeyType;
  readonly values?: readonly string[];
  readonly default?: string;
  readonly description: string;
  /** Which versions read it, in words. */
  readonly versions?: string;
  /** Read only by older versions (no longer by the newest loader). */
  readonly legacy?: boolean;
  /** The SSO providers whose settings this key is (legacy). */
  readonly providers?: readonly string[];
  /** Set when docs/upstream/openmetadata.md marks the fact unverified (docs/upstream/README.md#how-a-fact-is-marked). */
  readonly unverified?: string;
  /** Offered by completion (current keys only). */
  readonly complete?: boolean;
}

const providersOf = (key: string) =>
  Object.entries(SSO_KEYS)
    .filter(([, keys]) => keys.includes(key))
    .map(([p]) => p);

const SSO_DESCRIPTIONS: Readonly<Record<string, string>> = {
  secret_key: 'Client secret of the SSO application',
  audience: 'Audience of the Google SSO token',
  client_id: 'Client id of the SSO application',
  org_url: 'Okta organisation URL',
  private_key: 'Okta service application private key',
  email: 'Okta service account email',
  scopes: 'OAuth scopes to request',
  domain: 'Auth0 domain',
  client_secret: 'Azure client secret',
  authority: 'Azure authority URL',
  token_endpoint: 'Token endpoint of the custom OIDC provider',
};

/** The `[lineage]` keys the OpenMetadata backend reads (or read in older versions). */
export const OM_KEYS: readonly OmKey[] = [
  {
    key: 'backend',
    type: 'class',
    description: `Airflow's lineage backend class. For OpenMetadata: \`${BACKEND_CURRENT}\` (openmetadata-ingestion ${BACKEND_RENAMED_IN} and later) or \`${BACKEND_OLD}\` (0.13.0 and older). Airflow 3 removed lineage backends.`,
    versions: 'Airflow 2.x only',
    complete: true,
  },
  {
    key: 'airflow_service_name',
    type: 'string',
    description:
      'Name of the pipeline service in OpenMetadata that the DAGs belong to; it must match the service created in OpenMetadata. Required: without it (and without a JSON file named by `OPENMETADATA_LINEAGE_CONFIG`) the newest versions raise "Missing lineage backend configuration" and send nothing; old versions fell back to `airflow` on localhost.',
    complete: true,
  },
  {
    key: 'openmetadata_api_endpoint',
    type: 'url',
    default: 'http://localhost:8585/api',
    description: 'URL of the OpenMetadata server API, **including `/api`** (e.g. `http://openmetadata:8585/api`).',
    complete: true,
  },
  {
    key: 'jwt_token',
    type: 'secret',
    description:
      'JWT of the OpenMetadata ingestion bot. The newest loader always authenticates with it (auth provider `openmetadata`). Keep it out of files: set `AIRFLOW__LINEAGE__JWT_TOKEN` from a secret.',
    complete: true,
  },
  {
    key: 'verify_ssl',
    type: 'enum',
    values: VERIFY_SSL_VALUES,
    default: 'no-ssl',
    description:
      'TLS certificate verification when talking to OpenMetadata (`VerifySSL`): `no-ssl` (plain HTTP), `validate` (verify the certificate) or `ignore` (do not verify).',
    versions: 'read by the newest loader',
    complete: true,
  },
  {
    key: 'only_keep_dag_lineage',
    type: 'literal-true',
    default: 'false',
    description:
      "Remove lineage edges of the pipeline that are not in the DAG's current inlets/outlets. Only the exact lowercase string `true` turns it on: `True` or `TRUE` count as false.",
    complete: true,
  },
  {
    key: 'max_status',
    type: 'integer',
    default: '10',
    description: 'Number of recent DAG runs whose status is sent as pipeline status.',
    complete: true,
  },
  {
    key: 'auth_provider_type',
    type: 'enum',
    values: AUTH_PROVIDERS,
    default: 'no-auth',
    description:
      'How older versions authenticated to OpenMetadata (`no-auth` or an SSO provider with its settings). **No longer read** by the newest loader, which always uses the bot JWT in `jwt_token`.',
    legacy: true,
    versions: 'older versions only',
  },
  ...Object.keys(SSO_DESCRIPTIONS).map((key): OmKey => ({
    key,
    type: 'string',
    description: `${SSO_DESCRIPTIONS[key]}, read by older versions when \`auth_provider_type\` is ${providersOf(key)
      .map((p) => `\`${p}\``)
      .join(' or ')}. The newest loader ignores it.`,
    legacy: true,
    providers: providersOf(key),
    versions: 'older versions only',
  })),
  {
    key: 'openmetadata_conn_id',
    type: 'connection',
    description: 'Id of an Airflow connection of type `openmetadata_api` holding the server settings.',
    versions: 'one intermediate version only',
    unverified: "found upstream only in one version's docstring",
  },
];

const BY_KEY = new Map(OM_KEYS.map((k) => [k.key, k]));

export function omKey(option: string): OmKey | undefined {
  return BY_KEY.get(option.toLowerCase());
}

/** `[lineage]` options Airflow itself defines (not OpenMetadata's); never reported as unknown. */
export const AIRFLOW_LINEAGE_OPTIONS: readonly string[] = ['backend', 'max_assets_per_collector'];

/** Keys that only mean something to OpenMetadata: finding one says the section is OpenMetadata's. */
export const OM_SPECIFIC = new Set([
  'airflow_service_name',
  'openmetadata_api_endpoint',
  'jwt_token',
  'verify_ssl',
  'only_keep_dag_lineage',
  'max_status',
  'auth_provider_type',
  'openmetadata_conn_id',
]);

/** The env var of a `[lineage]` option. */
export function envName(option: string): string {
  return `AIRFLOW__LINEAGE__${option.toUpperCase()}`;
}

/** Whether a backend value is (meant to be) OpenMetadata's, typos included. */
export function looksLikeOmBackend(value: string): boolean {
  return /open_?metadata|airflow_provider_openmeta/i.test(value);
}
