import { baseName } from '../../util/path';
import { projectFileKind } from '../../project/index';
import type { ProjectModel, SettingFact } from '../../project/model';
import { PROVIDER, SECTION } from '../catalog';
import type { AirflowRule } from './rule';

const CONFIG_OPTIONS = ['transport', 'config_path', 'config_conn_id'];

/**
 * Whether a project setting gives the provider somewhere to send events (`conf.is_disabled`,
 * docs/upstream/airflow.md#provider-behaviour).
 */
export function configures(s: SettingFact): boolean {
  // A variable of a compose service that does not run Airflow (Marquez, Spark) does not configure Airflow.
  if (!s.value.trim() || s.service?.airflow === false) return false;
  if (s.section === SECTION && s.option && CONFIG_OPTIONS.includes(s.option)) return true;
  return s.key === 'OPENLINEAGE_URL' || s.key === 'OPENLINEAGE_CONFIG' || s.key.startsWith('OPENLINEAGE__TRANSPORT');
}

/**
 * The provider is installed but nothing configures a transport anywhere in the project: with no `transport`,
 * `config_path`, `OPENLINEAGE_URL` or `OPENLINEAGE__TRANSPORT*`, the provider treats OpenLineage as disabled.
 * Reported once, on the provider's line of the requirements file.
 */
export const nothingConfigured: AirflowRule = {
  id: 'airflow/nothing-configured',
  defaultSeverity: 'warning',
  summary:
    'The OpenLineage provider is installed, but no `transport`, `config_path`, `OPENLINEAGE_URL` or `OPENLINEAGE__TRANSPORT*` is set anywhere in the project (.env, Dockerfile, compose, airflow.cfg, start scripts, Kubernetes/Helm, CI workflows, MWAA options in CDK/Terraform), so it sends nothing (docs/upstream/airflow.md#provider-behaviour).',
  check(ctx) {
    if (ctx.doc.kind !== 'requirements') return;
    const req = ctx.doc.requirements?.find((r) => r.name === PROVIDER);
    // Without a project model (a lone file) nothing is known about the other files.
    if (!req || !ctx.project.files.length) return;
    const fact = ctx.project.packages.get(PROVIDER);
    // Only the file the project model takes the provider from reports it (once per project).
    if (fact && fact.source.uri !== ctx.uri) return;
    if (ctx.project.settings.some(configures)) return;
    if (ctx.project.settings.some((s) => s.section === SECTION && s.option === 'disabled' && /^\s*(t|true|1)\s*$/i.test(s.value))) return;
    const names = searchedFiles(ctx.project);
    const elsewhere = ctx.project.settings.filter((s) => s.service?.airflow === false && s.value.trim() && configuresIgnoringService(s));
    const yml = ctx.project.openlineageYmls[0];
    ctx.report({
      range: { start: req.nameRange.start, end: Math.max(req.nameRange.end, req.specRange.end) },
      message:
        `${PROVIDER} is installed, but no transport is configured anywhere in the project, so the provider treats OpenLineage as disabled and sends nothing. ` +
        (names.length
          ? `Searched ${names.join(', ')} for \`[openlineage] transport\`/\`config_path\`/\`config_conn_id\` (or their \`AIRFLOW__OPENLINEAGE__*\` form), \`OPENLINEAGE_URL\`, \`OPENLINEAGE_CONFIG\` and \`OPENLINEAGE__TRANSPORT*\`. `
          : 'The project has no .env, Dockerfile, docker-compose file, airflow.cfg, start script, Kubernetes manifest or MWAA infrastructure code that could configure it. ') +
        (elsewhere.length
          ? `(${elsewhere.map((s) => `\`${s.key}\` in \`${baseName(s.uri)}\` is set on service \`${s.service!.name}\`, which does not run Airflow`).join('; ')}.) `
          : '') +
        (yml ? `\`${baseName(yml.uri)}\` exists, but the provider reads it only through \`config_path\` or \`OPENLINEAGE_CONFIG\`. ` : '') +
        'Set e.g. `AIRFLOW__OPENLINEAGE__TRANSPORT=\'{"type": "http", "url": "http://marquez:5000"}\'` where Airflow runs (if your deployment already sets it outside the repository, e.g. as an Astro environment variable, turn this rule off).',
    });
  },
};

function configuresIgnoringService(s: SettingFact): boolean {
  return configures({ ...s, service: { name: s.service!.name } });
}

/**
 * The files searched, for the message: the settings files, and the scripts, manifests and infrastructure code
 * that set something; compose files name the services that run Airflow (`docker-compose.yml (services
 * \`airflow-webserver\`, \`airflow-scheduler\`)`).
 */
export function searchedFiles(project: ProjectModel): string[] {
  const withSettings = new Set(project.settings.map((s) => s.uri));
  return project.files
    .filter((f) => {
      const k = projectFileKind(f);
      return (
        k === 'env-file' ||
        k === 'dockerfile' ||
        k === 'compose' ||
        k === 'airflow-cfg' ||
        (withSettings.has(f) && k !== 'python') ||
        (k === 'python' && project.settings.some((s) => s.uri === f && s.form === 'iac'))
      );
    })
    .map((f) => {
      const compose = project.configSources.find((c) => c.kind === 'compose' && c.uri === f);
      const airflow = compose?.kind === 'compose' ? compose.services.filter((s) => s.airflow !== false).map((s) => `\`${s.name}\``) : [];
      return `\`${baseName(f)}\`${airflow.length ? ` (service${airflow.length > 1 ? 's' : ''} ${airflow.join(', ')})` : ''}`;
    });
}
