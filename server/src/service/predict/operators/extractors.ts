/**
 * Custom OpenLineage extractors the project registers: the provider reads `[openlineage] extractors`
 * (`AIRFLOW__OPENLINEAGE__EXTRACTORS`), else `OPENLINEAGE_EXTRACTORS`, a `;`-separated list of `module.Class`;
 * the legacy openlineage-airflow also reads `OPENLINEAGE_EXTRACTOR_<Operator>=module.Class`. Each class applies to
 * the operator classes its `get_operator_classnames()` lists, before the operator's own OpenLineage methods. When
 * the module is a workspace file and the class returns literal datasets from `extract_on_complete()` (else
 * `extract()`), those are the task's. Pure: the module's text comes from the workspace files.
 */
import type { PredictedDataset, SourceFiles } from '../types';
import { datasetsOf } from './custom';
import { blockAfter, matching } from './python-text';

/** One registration: the `module.Class` path and the setting that names it. */
export interface ExtractorRegistration {
  readonly path: string;
  readonly setting: string;
}

/** Registrations from the project's settings, in the order the runtime applies them (a later one wins). */
export function extractorRegistrations(settings: readonly { key: string; section?: string; option?: string; value: string }[]) {
  const out: ExtractorRegistration[] = [];
  const list = (value: string, setting: string) => {
    for (const path of value.split(';').map((p) => p.trim()))
      if (/^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+$/.test(path)) out.push({ path, setting });
  };
  const cfg = settings.find((s) => s.section === 'openlineage' && s.option === 'extractors' && s.value.trim());
  const env = settings.find((s) => s.key === 'OPENLINEAGE_EXTRACTORS' && s.value.trim());
  if (cfg) list(cfg.value, cfg.key);
  else if (env) list(env.value, env.key);
  for (const s of settings) if (/^OPENLINEAGE_EXTRACTOR_\w+$/.test(s.key)) list(s.value, s.key);
  return out;
}

export interface ExtractorLineage {
  readonly inputs: PredictedDataset[];
  readonly outputs: PredictedDataset[];
  readonly method: string;
}

/** The lineage of the registered extractor for `operator`, or undefined when none applies or its module is not in the workspace. */
export function registeredExtractorLineage(
  operator: string,
  registrations: readonly ExtractorRegistration[],
  files: SourceFiles,
): ExtractorLineage | undefined {
  const cls = operator.split('.').pop()!;
  let found: ExtractorLineage | undefined;
  for (const reg of registrations) {
    const dot = reg.path.lastIndexOf('.');
    const module = reg.path.slice(0, dot).replace(/\./g, '/');
    const name = reg.path.slice(dot + 1);
    const uri = moduleUri(module, files);
    const text = uri !== undefined ? files.text(uri) : undefined;
    if (uri === undefined || text === undefined) continue;
    const header = new RegExp(`^class[ \\t]+${name}\\b[^\\n]*:`, 'm').exec(text);
    if (!header) continue;
    const body = blockAfter(text, header.index + header[0].length, 0);
    const classText = text.slice(body.start, body.end);
    if (!operatorClassnames(classText).includes(cls)) continue;
    const find = (which: string) => new RegExp(`^([ \\t]*)def[ \\t]+(${which})\\b[^\\n]*`, 'm').exec(classText);
    const method = find('extract_on_complete') ?? find('extract');
    if (!method) continue;
    const m = blockAfter(text, body.start + method.index + method[0].length, method[1]!.length);
    const located = (d: PredictedDataset): PredictedDataset => ({
      ...d,
      note: `the extractor \`${reg.path}\` (registered by ${reg.setting}) returns this dataset`,
      ...(d.source ? { source: { uri, range: d.source.range } } : {}),
    });
    found = {
      inputs: datasetsOf(text, m, 'inputs').map(located),
      outputs: datasetsOf(text, m, 'outputs').map(located),
      method: `${reg.path}.${method[2]} (extractor registered by ${reg.setting})`,
    };
  }
  return found;
}

/** `get_operator_classnames` returning a literal list of names. */
function operatorClassnames(classText: string): string[] {
  const def = /def[ \t]+get_operator_classnames\b[^\n]*\n[\s\S]*?\breturn\s*\[/.exec(classText);
  if (!def) return [];
  const open = def.index + def[0].length - 1;
  const inner = classText.slice(open + 1, matching(classText, open));
  return [...inner.matchAll(/["'](\w+)["']/g)].map((m) => m[1]!);
}

/** The one workspace file that is `module` (`a/b` → `…/a/b.py` or `…/a/b/__init__.py`). */
function moduleUri(module: string, files: SourceFiles): string | undefined {
  const hits = files.uris().filter((u) => u.endsWith(`/${module}.py`) || u.endsWith(`/${module}/__init__.py`));
  return hits.length === 1 ? hits[0] : undefined;
}
