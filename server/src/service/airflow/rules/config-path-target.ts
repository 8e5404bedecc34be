import { resolveConfigTarget, shapeOf, type YamlShapeFact } from '../../project/config-sources';
import type { ProjectModel } from '../../project/model';
import { baseName } from '../../util/path';
import { isTemplated } from '../../util/template';
import { PROVIDER, SECTION } from '../catalog';
import { configures } from './nothing-configured';
import type { AirflowRule } from './rule';

/**
 * `[openlineage] config_path` (or `AIRFLOW__OPENLINEAGE__CONFIG_PATH`, `OPENLINEAGE_CONFIG`) names a file of the
 * project that is not an OpenLineage client configuration: the provider passes that file's content to
 * `OpenLineageClient(config=…)`, and the client builds its transport from the top-level `transport` mapping
 * (docs/upstream/python-client.md#config-sources-and-precedence). Without it events go to `OPENLINEAGE__TRANSPORT*`
 * or `OPENLINEAGE_URL` if set, else to the console. Paths are traced relative to the file that sets them,
 * through compose bind mounts for absolute container paths, or by a unique file name; a path that cannot be
 * traced is not judged.
 */
export const configPathTarget: AirflowRule = {
  id: 'airflow/config-path-target',
  defaultSeverity: 'warning',
  summary:
    '`config_path` / `OPENLINEAGE_CONFIG` points at a file of the project with no top-level `transport` mapping (an Airflow-settings YAML, say), so the client prints events to the console (the provider passes the file to `OpenLineageClient(config=…)`: docs/upstream/airflow.md#provider-behaviour, docs/upstream/python-client.md#config-sources-and-precedence).',
  check(ctx) {
    for (const { setting: s, option } of ctx.settings) {
      const isPath =
        (option?.section === SECTION && option.option === 'config_path') || (s.source === 'env' && s.key === 'OPENLINEAGE_CONFIG');
      if (!isPath || !s.value.trim() || isTemplated(s.value)) continue;
      // Every OpenLineage client reads `OPENLINEAGE_CONFIG`: it is Airflow's only on an Airflow service, or outside
      // services in a project that installs the provider (a Spark job's file may leave the transport to Spark conf).
      if (!option && (s.service ? s.service.airflow !== true : !ctx.project.packages.has(PROVIDER))) continue;
      if (s.service?.airflow === false) continue;
      const { targets, traced } = resolveConfigTarget(s.value, ctx.uri, ctx.project.configSources, yamlFiles(ctx.project));
      if (!traced) continue;
      const shapes = targets.map((t) => ({ t, shape: shapeOf(ctx.project.configSources, t.uri) }));
      // Any target that is a client configuration may be the one used.
      if (shapes.some((x) => x.shape?.transport === 'map')) continue;
      const found = shapes.filter((x): x is { t: (typeof x)['t']; shape: YamlShapeFact } => !!x.shape);
      const name = `\`${s.source === 'cfg' ? 'config_path' : s.key}\``;
      if (!found.length) {
        // Only a path traced through a compose mount is known to be the file Airflow opens.
        const mounted = targets.find((t) => t.how);
        if (!mounted || !targets.every((t) => t.how?.startsWith('through'))) continue;
        ctx.report({
          range: s.valueRange,
          severity: 'information',
          message: `${name} is \`${s.value.trim()}\`, which is \`${relative(mounted.uri, ctx.uri)}\` in the project (${mounted.how}); no such file is in the project, so the provider fails to read it and the client falls back to \`OPENLINEAGE__TRANSPORT*\`, \`OPENLINEAGE_URL\` or the console. Check the path.`,
        });
        continue;
      }
      // The client falls back to these: lineage is still sent.
      const fallback = ctx.project.settings.find(
        (o) =>
          o.service?.airflow !== false &&
          o.value.trim() &&
          (o.key === 'OPENLINEAGE_URL' || /^OPENLINEAGE__TRANSPORT(__|$)/.test(o.key)) &&
          configures(o),
      );
      if (fallback) continue;
      const { t, shape } = found[0]!;
      ctx.report({
        range: s.valueRange,
        message:
          `${name} points at \`${relative(t.uri, ctx.uri)}\`${t.how ? ` (${t.how})` : ''}, which gives the OpenLineage client no transport: ${problem(shape)}. ` +
          'The provider passes this file to the OpenLineage client as its configuration, and without a `transport` mapping the client finds no transport (no `OPENLINEAGE__TRANSPORT*` or `OPENLINEAGE_URL` is set in the project either), so events are printed to the console instead of being sent. ' +
          'Point it at a file like `transport: {type: http, url: http://marquez:5000}`, or remove it and set `[openlineage] transport`.',
      });
    }
  },
};

/** Top-level keys of a client configuration (docs/upstream/python-client.md; `dataset` in newer clients). */
const CLIENT_KEYS = new Set(['transport', 'facets', 'filters', 'tags', 'dataset', 'job', 'run', 'circuitBreaker', 'metrics']);

function problem(shape: YamlShapeFact): string {
  if (shape.invalid) return 'it is not valid YAML';
  if (shape.transport === 'other') return 'its top-level `transport` is not a mapping (it needs `type:` and the transport’s keys below it)';
  if (shape.topKeys.every((k) => CLIENT_KEYS.has(k))) return 'it is a client configuration without a top-level `transport` mapping';
  const keys = shape.topKeys.slice(0, 6).map((k) => `\`${k}\``);
  const more = shape.topKeys.length > 6 ? ', …' : '';
  const ol = shape.openlineageKeys
    ? `; its \`openlineage:\` section (${shape.openlineageKeys
        .slice(0, 4)
        .map((k) => `\`${k}\``)
        .join(', ')}) is written like Airflow settings, which the client does not read`
    : '';
  return keys.length
    ? `it is not an OpenLineage client configuration and has no top-level \`transport\` (its top-level keys are ${keys.join(', ')}${more})${ol}`
    : 'it has no top-level `transport`';
}

/** The YAML files the model knows (shapes recorded for every `.yml`/`.yaml`). */
function yamlFiles(project: ProjectModel): string[] {
  return project.configSources.filter((c) => c.kind === 'yaml').map((c) => c.uri);
}

/** `target` relative to the folder of `from` when below it, else its last two path segments. */
function relative(target: string, from: string): string {
  const dir = from.slice(0, from.lastIndexOf('/') + 1);
  if (target.startsWith(dir)) return target.slice(dir.length);
  // Up to the common folder.
  const a = dir.split('/');
  const b = target.split('/');
  let i = 0;
  while (i < a.length - 1 && i < b.length - 1 && a[i] === b[i]) i++;
  const up = a.length - 1 - i;
  return up <= 3 ? `${'../'.repeat(up)}${b.slice(i).join('/')}` : baseName(target);
}
