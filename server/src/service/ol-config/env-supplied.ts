/**
 * Keys of `openlineage.yml` that `OPENLINEAGE__…` variables set elsewhere in the project supply. Both clients
 * merge such variables into the file's configuration: a key the file leaves out is taken from the variable
 * (values written in the file win; docs/upstream/python-client.md#config-sources-and-precedence,
 * docs/upstream/spark.md#configuration-resolution). A CI workflow that sets `OPENLINEAGE__TRANSPORT__URL` for
 * `dbt-ol run` completes a transport the file writes without `url`.
 */
import type { ProjectModel, SettingFact } from '../project/model';

/** `transport.auth.apiKey` → `OPENLINEAGE__TRANSPORT__AUTH__API_KEY` (and the Python spelling `…__APIKEY`). */
function envNames(path: readonly string[]): string[] {
  const python = `OPENLINEAGE__${path.map((p) => p.toUpperCase()).join('__')}`;
  const java = `OPENLINEAGE__${path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('__')}`;
  return python === java ? [python] : [python, java];
}

/**
 * The project setting that supplies `path` (e.g. `['transport', 'url']`): the variable for the path itself, or
 * a JSON variable for a mapping above it (`OPENLINEAGE__TRANSPORT='{"url": …}'`) that names the last key.
 */
export function suppliedByEnv(project: ProjectModel, path: readonly string[]): SettingFact | undefined {
  const exact = new Set(envNames(path));
  const settings = project.settings.filter((s) => !s.section && s.value.trim() !== '');
  const direct = settings.find((s) => exact.has(s.key.toUpperCase()));
  if (direct) return direct;
  const last = path[path.length - 1]!;
  for (let i = path.length - 1; i >= 1; i--) {
    const names = new Set(envNames(path.slice(0, i)));
    const json = settings.find((s) => names.has(s.key.toUpperCase()) && s.value.includes(`"${last}"`));
    if (json) return json;
  }
  return undefined;
}
