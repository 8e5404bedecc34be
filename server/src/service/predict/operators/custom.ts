/**
 * Lineage an operator declares itself, and jobs a task hands lineage to:
 * - a custom operator class in the DAG file whose `get_openlineage_facets_on_start/complete` returns
 *   `OperatorLineage(inputs=[Dataset(namespace="...", name="...")], outputs=[...])` with literal values;
 * - links: the application `SparkSubmitOperator` submits, the dbt project `dbt-ol` (BashOperator) or
 *   astronomer-cosmos runs.
 *
 * The class is read from the text (the predictor gets no tree): class body by indentation, literal strings only.
 */
import type { OffsetRange } from '../../text/model';
import { resolveInFolder } from '../../util/path';
import type { PredictedDataset, SourceFiles, TaskPrediction } from '../types';
import type { OperatorArgs } from './args';
import { blockAfter, matching } from './python-text';

type Link = NonNullable<TaskPrediction['links']>[number];

/** The datasets of a custom operator's OpenLineage method in `text`, or undefined when the class has none. */
export function customOperatorLineage(
  operator: string,
  text: string,
): { inputs: PredictedDataset[]; outputs: PredictedDataset[]; method: string } | undefined {
  const cls = operator.split('.').pop()!;
  if (!/^[A-Za-z_]\w*$/.test(cls)) return undefined;
  const header = new RegExp(`^([ \\t]*)class[ \\t]+${cls}\\b[^\\n]*:`, 'm').exec(text);
  if (!header) return undefined;
  const body = blockAfter(text, header.index + header[0].length, header[1]!.length);
  // The COMPLETE event carries on_complete's lineage when the class has it (on_start's otherwise).
  const find = (which: string) =>
    new RegExp(`^([ \\t]*)def[ \\t]+(get_openlineage_facets_on_${which})\\b[^\\n]*`, 'm').exec(text.slice(body.start, body.end));
  const method = find('complete') ?? find('start');
  if (!method) return undefined;
  const methodStart = body.start + method.index + method[0].length;
  const m = blockAfter(text, methodStart, method[1]!.length);
  const inputs = datasetsOf(text, m, 'inputs');
  const outputs = datasetsOf(text, m, 'outputs');
  return { inputs, outputs, method: `${cls}.${method[2]} (in this file)` };
}

const STRING = `(?:[rRuU]?"((?:[^"\\\\\\n]|\\\\.)*)"|[rRuU]?'((?:[^'\\\\\\n]|\\\\.)*)')`;
const DATASET_CALL = new RegExp(
  `\\b(?:Dataset|InputDataset|OutputDataset)\\(\\s*(?:namespace\\s*=\\s*)?${STRING}\\s*,\\s*(?:name\\s*=\\s*)?${STRING}`,
  'g',
);

/**
 * `inputs=[Dataset(namespace="n", name="x"), ...]` (keyword or positional; `Dataset` of openlineage.client.run,
 * or event_v2's `Dataset`/`InputDataset`/`OutputDataset`) within a method, or `inputs=NAME` with `NAME` a list
 * bound in the method or once at module level.
 */
export function datasetsOf(text: string, within: OffsetRange, key: 'inputs' | 'outputs'): PredictedDataset[] {
  const body = text.slice(within.start, within.end);
  const arg = new RegExp(`\\b${key}\\s*=\\s*(?:(\\[)|([A-Za-z_]\\w*)\\b)`).exec(body);
  if (!arg) return [];
  let open: number | undefined;
  if (arg[1]) open = within.start + arg.index + arg[0].length - 1;
  else {
    const name = arg[2]!;
    const bind = (re: RegExp, from: number, to: number) => {
      const hits = [...text.slice(from, to).matchAll(re)];
      return hits.length === 1 ? from + hits[0]!.index + hits[0]![0].length - 1 : undefined;
    };
    open =
      bind(new RegExp(`^[ \\t]+${name}[ \\t]*(?::[^=\\n]+)?=[ \\t]*\\[`, 'gm'), within.start, within.end) ??
      bind(new RegExp(`^${name}[ \\t]*(?::[^=\\n]+)?=[ \\t]*\\[`, 'gm'), 0, text.length);
  }
  if (open === undefined) return [];
  const close = matching(text, open);
  const inner = text.slice(open + 1, close);
  const out: PredictedDataset[] = [];
  const call = new RegExp(DATASET_CALL.source, 'g');
  for (let m = call.exec(inner); m; m = call.exec(inner)) {
    const start = open + 1 + m.index;
    out.push({
      namespace: m[1] ?? m[2] ?? '',
      name: m[3] ?? m[4] ?? '',
      provenance: 'operator',
      note: "the operator's own OpenLineage method returns this dataset",
      source: { range: { start, end: start + m[0].length } },
    });
  }
  return out;
}

// ---- links ---------------------------------------------------------------------------------------------------

/** `SparkSubmitOperator(application=...)`: the application file, resolved against the DAG folder. */
export function sparkLink(args: OperatorArgs, dagUri: string, files: SourceFiles): Link | undefined {
  const app = args.get('application')?.arg.string;
  if (!app || app.kind !== 'literal') return undefined;
  const uri = workspacePath(app.value, dagUri, files);
  return uri ? { kind: 'spark', uri, jobs: [] } : undefined;
}

/**
 * A dbt project run with lineage: `dbt-ol run|build|test …` in a BashOperator command (project from
 * `--project-dir`, else a `cd <dir>` before it), or cosmos (`DbtRunOperator(project_dir=...)`,
 * `DbtTaskGroup(project_config=ProjectConfig("..."))`). The project folder URI ends with `/`; the workspace's
 * only `dbt_project.yml` when the command names none.
 */
export function dbtLink(operator: string, args: OperatorArgs, dagUri: string, files: SourceFiles): Link | undefined {
  let dir: string | undefined;
  if (/(^|\.)(BashOperator|task\.bash)$/.test(operator)) {
    const cmd = args.get('bash_command')?.arg.string?.value;
    if (!cmd || !/\bdbt-ol\s+(run|build|test|seed|snapshot)\b/.test(cmd)) return undefined;
    dir = /--project-dir[=\s]+["']?([^\s"';&]+)/.exec(cmd)?.[1] ?? /\bcd\s+["']?([^\s"';&]+)["']?\s*(?:&&|;)[^\n]*dbt-ol/.exec(cmd)?.[1];
  } else {
    const direct = args.get('project_dir')?.arg.string;
    if (direct?.kind === 'literal') dir = direct.value;
    const config = args.get('project_config')?.arg.valueText;
    const m = config && /ProjectConfig\(\s*(?:dbt_project_path\s*=\s*)?(?:Path\()?["']([^"']+)["']/.exec(config);
    if (!dir && m) dir = m[1];
  }
  const projects = files.uris().filter((u) => u.endsWith('/dbt_project.yml'));
  if (dir !== undefined) {
    const found = workspacePath(`${dir.replace(/\/+$/, '')}/dbt_project.yml`, dagUri, files);
    if (found && files.text(found) !== undefined) return { kind: 'dbt', uri: found.slice(0, -'dbt_project.yml'.length), jobs: [] };
  }
  if (projects.length === 1) return { kind: 'dbt', uri: projects[0]!.slice(0, -'dbt_project.yml'.length), jobs: [] };
  return undefined;
}

/**
 * A path written in a DAG as a workspace URI: relative to the DAG folder; an absolute path (a path on the Airflow
 * machine) matched to the one workspace file ending with the longest tail of it; else the path as a file URI
 * (relative ones against the DAG folder).
 */
export function workspacePath(path: string, dagUri: string, files: SourceFiles): string | undefined {
  const folder = dagUri.slice(0, dagUri.lastIndexOf('/') + 1);
  if (!path.startsWith('/')) return resolveInFolder(folder, path, false);
  const exact = resolveInFolder(folder, path);
  if (exact && files.text(exact) !== undefined) return exact;
  const parts = path.split('/').filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const suffix = `/${parts.slice(i).map(encodeURIComponent).join('/')}`;
    const hits = files.uris().filter((u) => u.endsWith(suffix));
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) break;
  }
  return exact;
}
