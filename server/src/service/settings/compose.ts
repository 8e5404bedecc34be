import { isTemplated } from '../util/template';
import { parseYaml, type YamlNode, type YamlScalar } from '../yaml/ast';
import { composeServices } from './compose-services';
import type { ServiceTag, Setting, SettingsDocument } from './model';

/**
 * docker-compose `environment` blocks, anywhere in the file (services, `x-airflow-common` anchors): the map
 * form `KEY: value` (YAML decodes the value) and the list form `- KEY=value` (everything after `=` is the
 * value, quotes included: compose does not unquote list items).
 */
export function parseCompose(text: string): SettingsDocument {
  const settings: Setting[] = [];
  const parsed = parseYaml(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lineIndent = (offset: number) => /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1))![0];
  const lineEnd = (offset: number) => {
    const n = text.indexOf('\n', offset);
    return n < 0 ? text.length : text[n - 1] === '\r' ? n - 1 : n;
  };
  // Each service's variables are tagged with it (and whether it runs Airflow); `x-` anchors' are not.
  const services = new Map(
    composeServices(text, parsed).map((s) => [s.node, { name: s.name, ...(s.airflow !== undefined ? { airflow: s.airflow } : {}) }]),
  );
  const visit = (node: YamlNode | undefined, service?: ServiceTag) => {
    if (!node) return;
    if (node.kind === 'map') {
      const tag = services.get(node) ?? service;
      for (const p of node.pairs) {
        if (p.key.value === 'environment' && p.value) collect(p.value, tag);
        else visit(p.value, tag);
      }
    } else if (node.kind === 'seq') {
      node.items.forEach((n) => visit(n, service));
    }
  };
  const collect = (env: YamlNode, service: ServiceTag | undefined) => {
    const tagged = service ? { service } : {};
    if (env.kind === 'map') {
      for (const p of env.pairs) {
        const v = p.value?.kind === 'scalar' ? p.value : undefined;
        const value = v?.value ?? '';
        const vr = v?.range ?? { start: p.key.range.end + 1, end: p.key.range.end + 1 };
        const end = lineEnd(vr.end);
        const indent = lineIndent(p.key.range.start);
        settings.push({
          source: 'env',
          key: p.key.value,
          keyRange: p.key.range,
          value,
          valueRange: vr,
          valueExact: v?.exact ?? true,
          valueKind: isTemplated(value) ? 'template' : 'literal',
          span: { start: quoted(p.key) ? p.key.range.start - 1 : p.key.range.start, end },
          insertAfter: { offset: end, format: (k, val) => `${eol}${indent}${k}: ${JSON.stringify(val)}` },
          ...tagged,
        });
      }
    } else if (env.kind === 'seq') {
      for (const item of env.items) {
        if (item.kind !== 'scalar') continue;
        const eq = item.value.indexOf('=');
        if (eq <= 0) continue;
        const key = item.value.slice(0, eq);
        const value = item.value.slice(eq + 1);
        const exact = item.exact;
        const kStart = item.range.start;
        const vStart = exact ? kStart + eq + 1 : item.range.start;
        const end = lineEnd(item.range.end);
        const indent = lineIndent(item.range.start);
        settings.push({
          source: 'env',
          key,
          keyRange: exact ? { start: kStart, end: kStart + key.length } : item.range,
          value,
          valueRange: exact ? { start: vStart, end: item.range.end } : item.range,
          valueExact: exact,
          valueKind: isTemplated(value) ? 'template' : 'literal',
          span: { start: quoted(item) ? item.range.start - 1 : item.range.start, end },
          insertAfter: { offset: end, format: (k, val) => `${eol}${indent}- ${k}=${val}` },
          ...tagged,
        });
      }
    }
  };
  parsed.documents.forEach((d) => visit(d));
  return {
    form: 'compose',
    settings,
    sections: [],
    images: [],
    syntaxProblems: parsed.error
      ? [
          {
            range: { start: parsed.error.offset, end: parsed.error.offset },
            message: `This file is not valid YAML (${parsed.error.message}); docker compose cannot read it.`,
          },
        ]
      : [],
  };
}

/** Whether a scalar is written in quotes (its range is inside them). */
function quoted(s: YamlScalar): boolean {
  return s.style === 'single' || s.style === 'double';
}
