/**
 * Airflow Variables the project defines (`AIRFLOW_VAR_<KEY>` settings, Astro `airflow_settings.yaml`
 * `airflow.variables[]`), and `{{ var.value.get('key', 'default') }}` / `{{ var.value.key }}` rendered with them
 * where a prediction needs the text (a dbt command's `--target`). Environment variables win over the metastore,
 * as in Airflow's secrets backends; a variable the project does not define keeps the template's default, else
 * the template stays (the caller then treats the part as known only at run time).
 */
import type { ProjectModel } from '../project/model';
import { get, parseYaml, str } from '../yaml/ast';
import type { SourceFiles } from './types';

/** The project's Airflow Variables by key. */
export function airflowVariables(project: ProjectModel, files: SourceFiles): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const uri of files.uris()) {
    if (!/(^|\/)airflow_settings\.ya?ml$/.test(uri)) continue;
    const parsed = parseYaml(files.text(uri) ?? '');
    const list = get(parsed.documents[0], 'airflow', 'variables');
    if (list?.kind !== 'seq') continue;
    for (const item of list.items) {
      const key = str(item, 'variable_name');
      const value = str(item, 'variable_value');
      if (key && value !== undefined && !out.has(key)) out.set(key, value);
    }
  }
  // Environment variables first in Airflow's lookup: they replace what the metastore file says.
  for (const s of project.settings)
    if (s.key.startsWith('AIRFLOW_VAR_') && s.form !== 'airflow-cfg' && !/\$\{|\{\{/.test(s.value))
      out.set(s.key.slice('AIRFLOW_VAR_'.length).toLowerCase(), s.value);
  return out;
}

const GET = /\{\{\s*var\.value\.get\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]*)\3\s*)?\)\s*\}\}/g;
const ATTR = /\{\{\s*var\.value\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** `text` with the Variable templates the project can answer rendered. */
export function renderVariables(text: string, variables: ReadonlyMap<string, string>): string {
  const lookup = (key: string) => variables.get(key) ?? variables.get(key.toLowerCase());
  return text
    .replace(GET, (all, _q: string, key: string, _q2: string | undefined, fallback: string | undefined) => lookup(key) ?? fallback ?? all)
    .replace(ATTR, (all, key: string) => lookup(key) ?? all);
}
