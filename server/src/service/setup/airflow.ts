/**
 * Airflow: the OpenLineage provider (`[openlineage]` in `.env` for Astro projects or in airflow.cfg), the legacy
 * openlineage-airflow package (OPENLINEAGE_* variables), and the OpenMetadata lineage backend (`[lineage]`).
 * Facts from docs/upstream/airflow.md and docs/upstream/openmetadata.md.
 */
import { airflowVersionUnknown, describeAirflowVersion } from '../project/wording';
import { upperFirst } from '../text/wording';
import { versionAtLeast } from '../util/version';
import { PlanError, type PlanContext } from './common';
import {
  cfgValue,
  dockerEnv,
  ensureCfg,
  ensureEnv,
  ensureRequirement,
  envValue,
  removeCfg,
  removeEnv,
  removeRequirement,
  replaceDockerEnv,
} from './files';

const PROVIDER = 'apache-airflow-providers-openlineage';
const LEGACY = 'openlineage-airflow';
const LEGACY_BACKEND = 'openlineage.lineage_backend.OpenLineageBackend';
const OM_BACKEND = 'airflow_provider_openmetadata.lineage.backend.OpenMetadataLineageBackend';
/** Keys the newest OpenMetadata loader no longer reads (docs/upstream/openmetadata.md#backend-options). */
const OM_DEAD = [
  'auth_provider_type',
  'secret_key',
  'audience',
  'client_id',
  'org_url',
  'private_key',
  'email',
  'scopes',
  'domain',
  'client_secret',
  'authority',
  'token_endpoint',
];

/** The provider's transport JSON (Python-client http transport: docs/upstream/python-client.md#transports,
 * docs/upstream/airflow.md#provider-options). */
export function transportJson(url: string, apiKeyRef?: string): string {
  const auth = apiKeyRef ? `, "auth": {"type": "api_key", "apiKey": "${apiKeyRef}"}` : '';
  return `{"type": "http", "url": "${url}", "endpoint": "api/v1/lineage"${auth}}`;
}

/** What was wrong with an old transport value, in words. */
function transportProblem(old: string, url: string): string {
  const t = old.trim();
  const unquoted = /^(['"])([\s\S]*)\1$/.exec(t)?.[2];
  const parse = (s: string): unknown => {
    try {
      return JSON.parse(s);
    } catch {
      return undefined;
    }
  };
  if (unquoted !== undefined && parse(unquoted) !== undefined) return 'its JSON was quoted twice, so the provider could not parse it';
  const json = parse(t) as { type?: unknown; url?: unknown; auth?: { apiKey?: unknown } } | undefined;
  if (json === undefined) return 'it was not valid JSON';
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'it was not a JSON object';
  if (json.type !== 'http') return `its type was ${JSON.stringify(json.type)}, not "http"`;
  if (json.url !== url) return `it sent events to ${JSON.stringify(json.url)}`;
  if (json.auth?.apiKey !== undefined) return 'it held an API key or a different key reference';
  return 'its endpoint or auth differed from the chosen setup';
}

/** Whether a transport value already sends to `url` over HTTP the way the plan would (JSON spelled differently is fine). */
function sameTransport(old: string, url: string): boolean {
  try {
    const json = JSON.parse(old) as { type?: unknown; url?: unknown; endpoint?: unknown; auth?: unknown };
    const endpoint = typeof json.endpoint === 'string' ? json.endpoint.replace(/^\/+/, '') : 'api/v1/lineage';
    return (
      json.type === 'http' &&
      typeof json.url === 'string' &&
      json.url.replace(/\/+$/, '') === url &&
      endpoint === 'api/v1/lineage' &&
      json.auth === undefined
    );
  } catch {
    return false;
  }
}

/**
 * An Astro project's provider option: kept where it is already written (.env, else an `ENV` of the Dockerfile,
 * which sets it for every deployment); a new one goes to .env.
 */
function ensureAstroOption(
  ctx: PlanContext,
  key: string,
  value: string,
  same: (old: string) => boolean,
  why: (old: string) => string = (old) => `it was ${JSON.stringify(old)}`,
): void {
  const { ws } = ctx;
  const inEnv = envValue(ws, '.env', key);
  const docker = inEnv === undefined ? dockerEnv(ws, 'Dockerfile', key) : undefined;
  if (docker) {
    if (same(docker.value)) ws.ok(`Dockerfile: ${key} is already set`);
    else replaceDockerEnv(ws, 'Dockerfile', docker, value, why(docker.value));
  } else if (inEnv !== undefined && inEnv !== value && same(inEnv)) ws.ok(`.env: ${key} is already set`);
  else ensureEnv(ws, '.env', key, value, why);
}

function airflowVersion(ctx: PlanContext): { text: string; label: string; atLeast(v: string): boolean } | undefined {
  const a = ctx.project.airflow;
  if (!a) return undefined;
  return { text: a.text, label: describeAirflowVersion(a), atLeast: (v) => versionAtLeast(v, a.version) };
}

function astroRuntime(ctx: PlanContext): boolean {
  return ctx.project.airflow?.from === 'astro-runtime';
}

function providerRequirement(ctx: PlanContext, req: string): void {
  if (ctx.project.packages.has(PROVIDER) && !ctx.ws.read(req)?.match(/providers-openlineage/i)) {
    ctx.ws.ok(`${PROVIDER} is installed (through the apache-airflow[openlineage] extra)`);
  } else if (astroRuntime(ctx) && !ctx.ws.read(req)?.match(/providers-openlineage/i)) {
    ctx.ws.ok(`Astro Runtime (Dockerfile) ships ${PROVIDER}; nothing to add to ${req}`);
  } else {
    ensureRequirement(ctx.ws, req, PROVIDER);
  }
  removeRequirement(ctx.ws, req, LEGACY, `the legacy package; ${PROVIDER} replaces it (and it must not be used with Airflow 2.8+)`);
}

/** airflow-provider → astro: requirements.txt + .env (read by the Astro CLI). */
export function planProviderAstro(ctx: PlanContext): void {
  const { ws } = ctx;
  const a = airflowVersion(ctx);
  if (a && !a.atLeast('2.7'))
    throw new PlanError(
      `${PROVIDER} needs Airflow 2.7 or later; this project has ${a.label}. Use the legacy openlineage-airflow setup instead.`,
    );
  providerRequirement(ctx, 'requirements.txt');
  ensureAstroOption(ctx, 'AIRFLOW__OPENLINEAGE__NAMESPACE', ctx.namespace, (old) => old === ctx.namespace);
  if (ctx.apiKey) {
    // The transport comes from the Python client's OPENLINEAGE__TRANSPORT__* variables
    // (docs/upstream/python-client.md#environment-variables), so the key can be its own variable; a provider
    // `transport` would take precedence over them, so it goes.
    const old = envValue(ws, '.env', 'AIRFLOW__OPENLINEAGE__TRANSPORT');
    if (old !== undefined)
      removeEnv(
        ws,
        '.env',
        'AIRFLOW__OPENLINEAGE__TRANSPORT',
        'with an API key the transport is set by the OPENLINEAGE__TRANSPORT__* variables, which this option would override',
      );
    ensureEnv(ws, '.env', 'OPENLINEAGE__TRANSPORT__TYPE', 'http');
    ensureEnv(ws, '.env', 'OPENLINEAGE__TRANSPORT__URL', ctx.url);
    ensureEnv(ws, '.env', 'OPENLINEAGE__TRANSPORT__ENDPOINT', 'api/v1/lineage');
    ensureEnv(ws, '.env', 'OPENLINEAGE__TRANSPORT__AUTH__TYPE', 'api_key');
    ctx.secret = {
      name: 'OPENLINEAGE__TRANSPORT__AUTH__API_KEY',
      where:
        '.env is read by Astro (astro dev start); put OPENLINEAGE__TRANSPORT__AUTH__API_KEY=… there (keep .env out of version control), and set it as a secret environment variable of your Astro deployment',
      how: 'Add the line OPENLINEAGE__TRANSPORT__AUTH__API_KEY=<your key> to .env locally; in Astro, Deployment → Environment → add OPENLINEAGE__TRANSPORT__AUTH__API_KEY marked as secret.',
    };
  } else {
    for (const k of [
      'OPENLINEAGE__TRANSPORT__AUTH__TYPE',
      'OPENLINEAGE__TRANSPORT__TYPE',
      'OPENLINEAGE__TRANSPORT__URL',
      'OPENLINEAGE__TRANSPORT__ENDPOINT',
    ]) {
      if (envValue(ws, '.env', k) !== undefined) removeEnv(ws, '.env', k, 'the transport is set by AIRFLOW__OPENLINEAGE__TRANSPORT');
    }
    ensureAstroOption(
      ctx,
      'AIRFLOW__OPENLINEAGE__TRANSPORT',
      transportJson(ctx.url),
      (old) => sameTransport(old, ctx.url),
      (old) => transportProblem(old, ctx.url),
    );
  }
  removeEnv(
    ws,
    '.env',
    'AIRFLOW__LINEAGE__BACKEND',
    `a lineage backend is not used by ${PROVIDER} (and Airflow 3 removed lineage backends)`,
  );
  ctx.nextSteps.push('Restart Airflow (astro dev restart) so it reads requirements.txt and .env.');
  if (ctx.apiKey)
    ctx.nextSteps.push(
      'Set OPENLINEAGE__TRANSPORT__AUTH__API_KEY in .env (locally) and as a secret environment variable of the deployment.',
    );
}

/** airflow-provider → airflow-cfg: `[openlineage]` in airflow.cfg + requirements.txt. */
export function planProviderCfg(ctx: PlanContext, cfg: string): void {
  const { ws } = ctx;
  const a = airflowVersion(ctx);
  if (a && !a.atLeast('2.7'))
    throw new PlanError(
      `${PROVIDER} needs Airflow 2.7 or later; this project has ${a.label}. Use the legacy openlineage-airflow setup instead.`,
    );
  providerRequirement(ctx, 'requirements.txt');
  ensureCfg(ws, cfg, 'openlineage', 'namespace', ctx.namespace);
  // Airflow expands ${VAR} in configuration values, so the key stays in the environment.
  ensureCfg(ws, cfg, 'openlineage', 'transport', transportJson(ctx.url, ctx.apiKey ? '${OPENLINEAGE_API_KEY}' : undefined), (old) =>
    transportProblem(old, ctx.url),
  );
  if (cfgValue(ws, cfg, 'lineage', 'backend') === LEGACY_BACKEND)
    removeCfg(ws, cfg, 'lineage', 'backend', `the legacy openlineage-airflow backend; ${PROVIDER} needs none`);
  if (ctx.apiKey) {
    ctx.secret = {
      name: 'OPENLINEAGE_API_KEY',
      where: `the environment of every Airflow component (scheduler, workers, API server); ${cfg} references it as \${OPENLINEAGE_API_KEY}`,
      how: 'Export OPENLINEAGE_API_KEY=<your key> in the service environment (systemd unit, Kubernetes secret, …), never in airflow.cfg.',
    };
  }
  ctx.nextSteps.push(
    `Install the requirements (pip install -r requirements.txt) and restart the Airflow scheduler and workers so they read ${cfg}.`,
  );
}

/** airflow-legacy → env: openlineage-airflow + OPENLINEAGE_* in .env, with the backend only on Airflow 2.1–2.2. */
export function planLegacyEnv(ctx: PlanContext): void {
  const { ws } = ctx;
  const a = airflowVersion(ctx);
  if (a && a.atLeast('2.8'))
    throw new PlanError(
      `${LEGACY} must not be used with Airflow 2.8 or later, and this project has ${a.label}. Choose the Airflow provider (${PROVIDER}) instead.`,
    );
  if (a && !a.atLeast('2.1')) throw new PlanError(`${LEGACY} supports Airflow 2.1 and later; this project has ${a.label}.`);
  const pin = !a ? undefined : !a.atLeast('2.3') ? '1.14.0' : !a.atLeast('2.5') ? '1.33.0' : undefined;
  ensureRequirement(ws, 'requirements.txt', pin ? `${LEGACY}==${pin}` : LEGACY, (r) => {
    if (!pin) return undefined;
    if (r.pinnedText === pin && r.spec.startsWith('==')) return undefined;
    return `the last ${LEGACY} for Airflow ${a!.text} is ${pin}`;
  });
  removeRequirement(ws, 'requirements.txt', PROVIDER, `the provider and ${LEGACY} would both emit events; keep one`);
  ensureEnv(ws, '.env', 'OPENLINEAGE_URL', ctx.url);
  ensureEnv(ws, '.env', 'OPENLINEAGE_NAMESPACE', ctx.namespace);
  for (const [old, now] of [
    ['MARQUEZ_URL', 'OPENLINEAGE_URL'],
    ['MARQUEZ_NAMESPACE', 'OPENLINEAGE_NAMESPACE'],
  ] as const) {
    removeEnv(ws, '.env', old, `the old name of ${now}, which is now set`);
  }
  if (a && !a.atLeast('2.3')) {
    ensureEnv(
      ws,
      '.env',
      'AIRFLOW__LINEAGE__BACKEND',
      LEGACY_BACKEND,
      (old) => `Airflow ${a.text} needs the OpenLineage backend, not ${JSON.stringify(old)}`,
    );
  } else {
    removeEnv(
      ws,
      '.env',
      'AIRFLOW__LINEAGE__BACKEND',
      a
        ? `Airflow ${a.text} registers ${LEGACY} as a plugin; the backend is only for Airflow 2.1–2.2`
        : `only needed on Airflow 2.1–2.2, and ${airflowVersionUnknown(ctx.project)}`,
    );
  }
  if (!a)
    ctx.nextSteps.push(
      `${upperFirst(airflowVersionUnknown(ctx.project))}: ${LEGACY} is only for Airflow 2.1–2.7; on 2.1–2.2 also set AIRFLOW__LINEAGE__BACKEND=${LEGACY_BACKEND} and pin ${LEGACY}==1.14.0 (2.3–2.4: ==1.33.0).`,
    );
  if (envValue(ws, '.env', 'MARQUEZ_API_KEY') !== undefined)
    ctx.nextSteps.push('Rename MARQUEZ_API_KEY in .env to OPENLINEAGE_API_KEY (the old name is only an alias).');
  if (ctx.apiKey) {
    ctx.secret = {
      name: 'OPENLINEAGE_API_KEY',
      where:
        '.env is read by Astro and docker compose; put OPENLINEAGE_API_KEY=… there (keep .env out of version control) or in your deployment’s secrets',
      how: 'Add the line OPENLINEAGE_API_KEY=<your key> to .env locally, and set OPENLINEAGE_API_KEY as a secret environment variable where Airflow runs.',
    };
  }
  ctx.nextSteps.push('Restart Airflow (astro dev restart, or docker compose up -d) so it installs openlineage-airflow and reads .env.');
}

/** openmetadata → airflow-cfg: the OpenMetadata lineage backend in `[lineage]` (Airflow 2.x only). */
export function planOpenMetadataCfg(ctx: PlanContext, cfg: string): void {
  const { ws } = ctx;
  const a = airflowVersion(ctx);
  if (a && a.atLeast('3'))
    throw new PlanError(
      `Airflow 3 removed lineage backends, and this project has ${a.label}. For Airflow 3, OpenMetadata recommends the OpenLineage provider sending to its /api/v1/openlineage/lineage endpoint: choose the Airflow provider setup with that endpoint.`,
    );
  ensureRequirement(ws, 'requirements.txt', 'openmetadata-ingestion');
  const endpoint = /\/api$/.test(ctx.url) ? ctx.url : `${ctx.url}/api`;
  ensureCfg(ws, cfg, 'lineage', 'backend', OM_BACKEND, (old) =>
    /openmetadata/i.test(old)
      ? `${JSON.stringify(old)} is an old or misspelled class path (the module is lineage.backend since 0.13.1)`
      : `it selected another backend, ${JSON.stringify(old)}`,
  );
  ensureCfg(ws, cfg, 'lineage', 'airflow_service_name', ctx.namespace);
  ensureCfg(ws, cfg, 'lineage', 'openmetadata_api_endpoint', endpoint, (old) =>
    old.replace(/\/+$/, '') === ctx.url ? 'it lacked the /api path' : `it pointed at ${JSON.stringify(old)}`,
  );
  for (const k of OM_DEAD)
    removeCfg(ws, cfg, 'lineage', k, 'the newest openmetadata-ingestion no longer reads it (it authenticates with jwt_token)');
  const jwt = cfgValue(ws, cfg, 'lineage', 'jwt_token');
  if (ctx.apiKey && jwt !== undefined && !/^\s*\$\{?[A-Z_][A-Z0-9_]*\}?\s*$/.test(jwt)) {
    removeCfg(ws, cfg, 'lineage', 'jwt_token', 'a literal token in airflow.cfg; it now comes from AIRFLOW__LINEAGE__JWT_TOKEN');
  }
  if (ctx.apiKey) {
    ctx.secret = {
      name: 'AIRFLOW__LINEAGE__JWT_TOKEN',
      where: 'the environment of the Airflow scheduler and workers (Airflow reads [lineage] jwt_token from AIRFLOW__LINEAGE__JWT_TOKEN)',
      how: 'Create a bot in OpenMetadata (Settings → Bots → ingestion-bot), copy its JWT and export AIRFLOW__LINEAGE__JWT_TOKEN=<token> from your secret store.',
    };
  }
  ctx.nextSteps.push(
    `Create the pipeline service "${ctx.namespace}" in OpenMetadata if it does not exist, install openmetadata-ingestion, and restart the Airflow scheduler and workers.`,
  );
}
