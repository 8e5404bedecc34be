/**
 * Settings in YAML files that are not docker compose files: Kubernetes manifests and Helm values (`env:` lists
 * of `- name: K` / `value: V`, also inside an `extraEnv: |` block string as the Airflow chart takes it), the
 * Airflow Helm chart's `config:` section (`config: {openlineage: {transport: …}}`, written to airflow.cfg),
 * GitHub Actions `env:` maps (workflow, job and step level), and CloudFormation `AirflowConfigurationOptions`
 * maps of MWAA environments (`openlineage.transport: …`).
 */
import { isTemplated } from '../util/template';
import { parseYaml, type YamlMap, type YamlNode, type YamlScalar } from '../yaml/ast';
import type { Setting, SettingsDocument, SettingsForm } from './model';

/** A cheap test before parsing: the YAML mentions a lineage variable or option. */
export const KUBE_RELEVANT = /OPENLINEAGE|openlineage|AIRFLOW__|AIRFLOW_CONN_/;

/** What a YAML file is, by its content: a GitHub Actions workflow, a compose-like or other YAML. */
export function yamlSettingsForm(root: YamlNode | undefined): SettingsForm {
  const keys = root?.kind === 'map' ? root.pairs.map((p) => p.key.value) : [];
  if (keys.includes('jobs') && (keys.includes('on') || keys.includes('true'))) return 'github-actions';
  if (keys.includes('AWSTemplateFormatVersion') || keys.includes('Resources')) return 'iac';
  return 'kubernetes';
}

export function parseKubeEnv(text: string): SettingsDocument {
  const parsed = parseYaml(text);
  const settings: Setting[] = [];
  const form = yamlSettingsForm(parsed.documents[0]);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const visit = (node: YamlNode | undefined, depth: number, base: number) => {
    if (!node || depth > 60) return;
    if (node.kind === 'seq') {
      for (const item of node.items) visit(item, depth + 1, base);
      return;
    }
    if (node.kind !== 'map') return;
    for (const p of node.pairs) {
      const k = p.key.value;
      const v = p.value;
      if ((k === 'env' || k === 'extraEnv' || k === 'environment') && v?.kind === 'seq') envList(v.items, base);
      else if ((k === 'env' || k === 'extraEnv') && v?.kind === 'scalar' && (v.style === 'literal' || v.style === 'folded')) blockEnv(v);
      else if (k === 'env' && v?.kind === 'map' && form === 'github-actions') envMap(v, base);
      else if (k === 'config' && depth === 0 && v?.kind === 'map' && form === 'kubernetes') chartConfig(v, base);
      else if (/^(AirflowConfigurationOptions|airflow_configuration_options)$/.test(k) && v?.kind === 'map') mwaaOptions(v, base);
      else visit(v, depth + 1, base);
    }
  };
  const shift = (r: { start: number; end: number }, base: number) => ({ start: r.start + base, end: r.end + base });
  const push = (key: YamlScalar, value: YamlScalar | undefined, base: number, section?: string, option?: string) => {
    const keyRange = shift(key.range, base);
    const vr = value ? shift(value.range, base) : { start: keyRange.end, end: keyRange.end };
    const val = value?.value ?? '';
    const end = Math.max(vr.end, keyRange.end);
    settings.push({
      source: section ? 'cfg' : 'env',
      key: option ?? key.value,
      keyRange: option ? { start: keyRange.end - option.length, end: keyRange.end } : keyRange,
      ...(section ? { section } : {}),
      value: val,
      valueRange: vr,
      valueExact: value?.exact ?? true,
      valueKind: isTemplated(val) ? 'template' : 'literal',
      span: { start: keyRange.start, end },
      insertAfter: { offset: end, format: (kk, vv) => `${eol}${kk}: ${JSON.stringify(vv)}` },
    });
  };
  const envList = (items: readonly YamlNode[], base: number) => {
    for (const item of items) {
      if (item.kind !== 'map') continue;
      const name = scalar(item, 'name');
      if (!name) continue;
      const value = scalar(item, 'value');
      // `valueFrom:` (a secret or config map): set, but its value is not in the file.
      if (!value && !item.pairs.some((p) => p.key.value === 'valueFrom')) continue;
      push(name, value ?? { ...name, value: '${valueFrom}', range: { start: name.range.end, end: name.range.end } }, base);
    }
  };
  const envMap = (map: YamlMap, base: number) => {
    for (const p of map.pairs) if (!p.value || p.value.kind === 'scalar') push(p.key, p.value as YamlScalar | undefined, base);
  };
  const blockEnv = (v: YamlScalar) => {
    // The block's lines are the document's lines, indented: parsed as YAML of their own, their offsets shift
    // back by where the block starts (exact only when the block keeps its lines as written).
    const body = text.slice(v.range.start, v.range.end);
    if (!KUBE_RELEVANT.test(body)) return;
    const inner = parseYaml(body);
    const root = inner.documents[0];
    if (root?.kind === 'seq') envList(root.items, v.range.start);
  };
  const chartConfig = (map: YamlMap, base: number) => {
    for (const sec of map.pairs) {
      if (sec.value?.kind !== 'map') continue;
      for (const o of sec.value.pairs) {
        if (o.value && o.value.kind !== 'scalar') continue;
        push(o.key, o.value as YamlScalar | undefined, base, sec.key.value.toLowerCase(), o.key.value);
      }
    }
  };
  const mwaaOptions = (map: YamlMap, base: number) => {
    for (const o of map.pairs) {
      const dot = o.key.value.indexOf('.');
      if (dot <= 0 || (o.value && o.value.kind !== 'scalar')) continue;
      push(o.key, o.value as YamlScalar | undefined, base, o.key.value.slice(0, dot).toLowerCase(), o.key.value.slice(dot + 1));
    }
  };
  for (const d of parsed.documents) visit(d, 0, 0);
  return { form, settings, sections: [], images: [], syntaxProblems: [] };
}

function scalar(map: YamlMap, key: string): YamlScalar | undefined {
  const v = map.pairs.find((p) => p.key.value === key)?.value;
  return v?.kind === 'scalar' ? v : undefined;
}
