import { baseName } from '../../util/path';
import { projectFileKind } from '../../project/index';
import type { SettingFact } from '../../project/model';
import { PROVIDER, SECTION } from '../catalog';
import type { AirflowRule } from './rule';

const CONFIG_OPTIONS = ['transport', 'config_path', 'config_conn_id'];

/**
 * Whether a project setting gives the provider somewhere to send events (`conf.is_disabled`,
 * docs/upstream/airflow.md#provider-behaviour).
 */
export function configures(s: SettingFact): boolean {
  if (!s.value.trim()) return false;
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
    'The OpenLineage provider is installed, but no `transport`, `config_path`, `OPENLINEAGE_URL` or `OPENLINEAGE__TRANSPORT*` is set anywhere in the project, so it sends nothing.',
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
    const searched = ctx.project.files.filter((f) => {
      const k = projectFileKind(f);
      return k === 'env-file' || k === 'dockerfile' || k === 'compose' || k === 'airflow-cfg';
    });
    const names = searched.map((f) => `\`${baseName(f)}\``);
    const yml = ctx.project.openlineageYmls[0];
    ctx.report({
      range: { start: req.nameRange.start, end: Math.max(req.nameRange.end, req.specRange.end) },
      message:
        `${PROVIDER} is installed, but no transport is configured anywhere in the project, so the provider treats OpenLineage as disabled and sends nothing. ` +
        (names.length
          ? `Searched ${names.join(', ')} for \`[openlineage] transport\`/\`config_path\`/\`config_conn_id\` (or their \`AIRFLOW__OPENLINEAGE__*\` form), \`OPENLINEAGE_URL\`, \`OPENLINEAGE_CONFIG\` and \`OPENLINEAGE__TRANSPORT*\`. `
          : 'The project has no .env, Dockerfile, docker-compose file or airflow.cfg that could configure it. ') +
        (yml ? `\`${baseName(yml.uri)}\` exists, but the provider reads it only through \`config_path\` or \`OPENLINEAGE_CONFIG\`. ` : '') +
        'Set e.g. `AIRFLOW__OPENLINEAGE__TRANSPORT=\'{"type": "http", "url": "http://marquez:5000"}\'` where Airflow runs (if your deployment already sets it outside the repository, e.g. as an Astro environment variable, turn this rule off).',
    });
  },
};
