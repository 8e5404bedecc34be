/**
 * The guided setup's engine: for an integration and a target, which files of the folder to read, and the edits
 * that configure OpenLineage in them. Pure: it gets file contents and returns new contents (no `vscode`, no
 * Node I/O). Planning again on the result gives no edits; API keys are only ever referenced, never written.
 * The language server answers `lineageLens/setupIntegrations` and `lineageLens/setupPlan` with it.
 */
import type { IntegrationId, SetupIntegration, SetupPlan, SetupPlanParams, SetupPlanResult } from '../../../../protocol/setup-plan';
import { normalizeUrl, pick, PlanError, projectOf, type PlanContext } from './common';
import { planLegacyEnv, planOpenMetadataCfg, planProviderAstro, planProviderCfg } from './airflow';
import { planDbt } from './dbt';
import { inCheckpointsFolder } from '../gx/model';
import { planGx } from './gx';
import { existingNamespace, existingUrl } from './namespace';
import { CLUSTER_CONF_PATH, INIT_SCRIPT_PATH, planDatabricks, planSparkDefaults } from './spark';
import { PlanFiles } from './files';

export interface SetupInput {
  integration: IntegrationId;
  target: string;
  /** The endpoint to send lineage to (API root, no /api/v1), and the namespace. */
  endpoint: { url: string; namespace: string };
  /** Whether the endpoint needs an API key: then the config references an environment variable / secret (never a literal key). */
  apiKey: boolean;
  /** Current contents of the files filesToRead named (absent = the file does not exist). */
  files: ReadonlyMap<string, string>;
}

const INTEGRATIONS: SetupIntegration[] = [
  {
    id: 'airflow-provider',
    label: 'Airflow (OpenLineage provider)',
    description: 'apache-airflow-providers-openlineage, Airflow 2.7+ and 3',
    targets: [
      { id: 'astro', label: 'Astro project', detail: 'requirements.txt and .env (AIRFLOW__OPENLINEAGE__*)' },
      { id: 'airflow-cfg', label: 'airflow.cfg', detail: 'the [openlineage] section of airflow.cfg and requirements.txt' },
    ],
  },
  {
    id: 'airflow-legacy',
    label: 'Airflow (legacy openlineage-airflow)',
    description: 'openlineage-airflow for Airflow 2.1–2.7 (deprecated; not for Airflow 2.8+)',
    targets: [
      {
        id: 'env',
        label: 'Environment (.env)',
        detail: 'requirements.txt and OPENLINEAGE_* in .env; the lineage backend only on Airflow 2.1–2.2',
      },
    ],
  },
  {
    id: 'spark',
    label: 'Apache Spark',
    description: 'OpenLineageSparkListener with the HTTP transport',
    targets: [
      {
        id: 'spark-defaults',
        label: 'Local Spark (spark-defaults.conf)',
        detail: 'listener, jar, transport and namespace in conf/spark-defaults.conf',
      },
    ],
  },
  {
    id: 'databricks',
    label: 'Databricks',
    description: 'OpenLineage on a Databricks cluster',
    targets: [
      {
        id: 'init-script',
        label: 'Databricks cluster',
        detail: `an init script (${INIT_SCRIPT_PATH}) and the cluster Spark config (${CLUSTER_CONF_PATH}), key from a secret scope`,
      },
    ],
  },
  {
    id: 'great-expectations',
    label: 'Great Expectations',
    description: 'OpenLineageValidationAction in YAML checkpoints (Great Expectations 0.13–0.15.34)',
    targets: [
      {
        id: 'checkpoint',
        label: 'Checkpoints',
        detail: 'every checkpoint under great_expectations/checkpoints (or one: target "checkpoint:<path>")',
      },
    ],
  },
  {
    id: 'dbt',
    label: 'dbt',
    description: 'openlineage-dbt: run dbt through dbt-ol',
    targets: [{ id: 'env', label: 'Environment (.env)', detail: 'openlineage-dbt in requirements.txt and OPENLINEAGE_* in .env' }],
  },
  {
    id: 'openmetadata',
    label: 'OpenMetadata (Airflow lineage backend)',
    description: 'The OpenMetadata lineage backend of openmetadata-ingestion (Airflow 2.x only)',
    targets: [{ id: 'airflow-cfg', label: 'airflow.cfg', detail: 'the [lineage] section of airflow.cfg and requirements.txt' }],
  },
];

/** What can be set up, and where (a fresh copy). */
export function integrations(): SetupIntegration[] {
  return INTEGRATIONS.map((i) => ({ ...i, targets: i.targets.map((t) => ({ ...t })) }));
}

/** Files that tell the Airflow version and installed packages. */
function versionFiles(existing: readonly string[]): string[] {
  return existing.filter((p) => /^(Dockerfile|pyproject\.toml)$/.test(p));
}

function airflowCfgPath(existing: readonly string[]): string {
  return pick(existing, /^airflow\.cfg$/, 'airflow.cfg');
}

function sparkDefaultsPath(existing: readonly string[]): string {
  return pick(existing, /^spark-defaults\.conf$/, 'conf/spark-defaults.conf');
}

function checkpointsFor(target: string, existing: readonly string[]): string[] {
  if (target.startsWith('checkpoint:')) return [target.slice('checkpoint:'.length)];
  return existing.filter((p) => /\.ya?ml$/i.test(p) && inCheckpointsFolder(p)).sort();
}

/** Folder-relative paths (posix) the plan needs to read for this target, chosen among `existing` (every file of the folder, relative) plus the paths it would create. */
export function filesToRead(integration: IntegrationId, target: string, existing: readonly string[]): string[] {
  const out = (() => {
    switch (integration) {
      case 'airflow-provider':
        return target === 'airflow-cfg'
          ? ['requirements.txt', airflowCfgPath(existing), ...versionFiles(existing)]
          : ['requirements.txt', '.env', ...versionFiles(existing)];
      case 'airflow-legacy':
        return ['requirements.txt', '.env', ...versionFiles(existing)];
      case 'spark':
        return [sparkDefaultsPath(existing)];
      case 'databricks':
        return [INIT_SCRIPT_PATH, CLUSTER_CONF_PATH];
      case 'great-expectations':
        return ['requirements.txt', ...checkpointsFor(target, existing), ...versionFiles(existing)];
      case 'dbt':
        return ['requirements.txt', '.env'];
      case 'openmetadata':
        return ['requirements.txt', airflowCfgPath(existing), ...versionFiles(existing)];
      default:
        return [];
    }
  })();
  return [...new Set(out)];
}

const TARGETS = new Map(INTEGRATIONS.map((i) => [i.id, i.targets.map((t) => t.id)]));

export function planSetup(input: SetupInput): SetupPlan | { error: string } {
  const targets = TARGETS.get(input.integration);
  if (!targets) return { error: `Unknown integration ${JSON.stringify(input.integration)}.` };
  const target = input.integration === 'great-expectations' && input.target.startsWith('checkpoint:') ? 'checkpoint' : input.target;
  if (!targets.includes(target))
    return { error: `${input.integration} has no target ${JSON.stringify(input.target)}; its targets are ${targets.join(', ')}.` };
  const namespace = input.endpoint.namespace.trim();
  if (!namespace) return { error: 'The namespace is empty.' };
  if (/[\s"'\\]/.test(namespace))
    return { error: `The namespace ${JSON.stringify(namespace)} contains blanks or quotes; use letters, digits and _ - : / .` };
  try {
    const existing = [...input.files.keys()];
    const ctx: PlanContext = {
      ws: new PlanFiles(input.files),
      target: input.target,
      url: normalizeUrl(input.endpoint.url),
      namespace,
      apiKey: input.apiKey,
      project: projectOf(input.files),
      nextSteps: [],
    };
    switch (input.integration) {
      case 'airflow-provider':
        if (target === 'astro') planProviderAstro(ctx);
        else planProviderCfg(ctx, airflowCfgPath(existing));
        break;
      case 'airflow-legacy':
        planLegacyEnv(ctx);
        break;
      case 'spark':
        planSparkDefaults(ctx, sparkDefaultsPath(existing));
        break;
      case 'databricks':
        planDatabricks(ctx);
        break;
      case 'great-expectations':
        planGx(ctx, checkpointsFor(input.target, existing));
        break;
      case 'dbt':
        planDbt(ctx);
        break;
      case 'openmetadata':
        planOpenMetadataCfg(ctx, airflowCfgPath(existing));
        break;
    }
    return {
      edits: ctx.ws.edits(),
      alreadyConfigured: [...ctx.ws.already],
      ...(ctx.secret ? { secret: ctx.secret } : {}),
      nextSteps: ctx.nextSteps,
    };
  } catch (e) {
    if (e instanceof PlanError) return { error: e.message };
    throw e;
  }
}

/**
 * The answer to `lineageLens/setupPlan`, given the files `filesToRead` named (read by the caller). Without a
 * namespace nothing is planned: the answer is the namespace those files already use, if any.
 */
export { setupProjects } from './projects';

export function answerSetupPlan(params: SetupPlanParams, files: ReadonlyMap<string, string>): SetupPlanResult {
  const { url, namespace } = params.endpoint;
  if (namespace === undefined) {
    const existing = existingNamespace(files);
    const written = existingUrl(files);
    return { kind: 'namespace', ...(existing && { existing }), ...(written && { url: written }) };
  }
  const plan = planSetup({
    integration: params.integration,
    target: params.target,
    endpoint: { url, namespace },
    apiKey: params.apiKey,
    files,
  });
  return 'error' in plan ? { kind: 'error', message: plan.error } : { kind: 'plan', plan };
}
