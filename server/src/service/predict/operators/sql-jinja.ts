/**
 * The Jinja Airflow renders in a SQL operator's SQL before the OpenLineage provider parses it, where the code
 * says what it renders to: `{% include 'x.sql' %}` (the template found as the loader finds it: the DAG folder,
 * then `template_searchpath`) and `{{ params.key }}` / `{{ params['key'] }}` / `{{ params.get('key') }}` from the
 * task's (or the DAG's) literal `params` dict, the task's winning as Airflow merges them. Anything else stays as
 * written: the SQL lineage keeps it as a named unknown. Pure.
 *
 * Upstream: Airflow renders templated fields with the DAG's Jinja environment (FileSystemLoader over the DAG
 * folder and `template_searchpath`; `params` in the context) before the listener's on-running hook, so the
 * provider parses the rendered SQL (docs/upstream/runtime-naming.md, `## operators`).
 */
import type { PyArg } from '../../dags/model';
import type { OperatorArgs } from './args';

/** How deep includes are followed (an include of itself stops there). */
const MAX_INCLUDE_DEPTH = 4;

const INCLUDE = /\{%-?\s*include\s+(['"])([^'"]+)\1\s*-?%\}/g;
const PARAM = /\{\{-?\s*params(?:\.([A-Za-z_]\w*)|\[\s*(['"])([^'"]+)\2\s*\]|\.get\(\s*(['"])([^'"]+)\4\s*(?:,[^)]*)?\))\s*-?\}\}/g;

/** The literal `params` the task runs with: the DAG's `params=`, overridden by the task's. */
export function literalParams(args: OperatorArgs): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const put = (entries: readonly PyArg[] | undefined) => {
    for (const e of entries ?? []) if (e.string?.kind === 'literal' && !e.name.startsWith('#')) out.set(e.name, e.string.value);
  };
  put(args.dag?.args.find((a) => a.name === 'params')?.entries);
  put(args.get('params')?.arg.entries);
  return out;
}

export interface JinjaRender {
  readonly text: string;
  /** False when nothing was replaced (offsets in `text` are the source's). */
  readonly changed: boolean;
  /** The templates included, by workspace URI. */
  readonly included: readonly string[];
}

/**
 * `text` with its includes and params rendered. `find` resolves an include's name to a workspace file's URI and
 * text (undefined when it is not in the workspace: the include stays, an unknown).
 */
export function renderSqlJinja(
  text: string,
  params: ReadonlyMap<string, string>,
  find: (name: string) => { uri: string; text: string } | undefined,
): JinjaRender {
  if (!text.includes('{')) return { text, changed: false, included: [] };
  const included: string[] = [];
  const render = (t: string, depth: number): string => {
    let out = t;
    if (depth < MAX_INCLUDE_DEPTH)
      out = out.replace(INCLUDE, (all, _q: string, name: string) => {
        const hit = find(name);
        if (!hit) return all;
        included.push(hit.uri);
        return render(hit.text, depth + 1);
      });
    return out.replace(PARAM, (all, dotted?: string, _q1?: string, indexed?: string, _q2?: string, got?: string) => {
      const key = dotted ?? indexed ?? got;
      return key !== undefined && params.has(key) ? params.get(key)! : all;
    });
  };
  const rendered = render(text, 0);
  return { text: rendered, changed: rendered !== text, included };
}
