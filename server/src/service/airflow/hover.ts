import type { DocInput, HoverResult } from '../family';
import type { OffsetRange } from '../text/model';
import { settingInfos, transportSites, versionsOf, envName, type Versions } from './analysis';
import { DOCS, ENV_PREFIX, LEGACY_BACKEND, LEGACY_PACKAGE, PROVIDER, pyTransport, type EnvSpec, type OptionSpec } from './catalog';
import type { AirflowDocument } from './document';
import { entry } from './json';
import { mdCode, mdText } from '../../../../common/markdown';

const within = (r: OffsetRange, offset: number) => r.start <= offset && offset <= r.end && r.end > r.start;

const TYPE_LABEL: Record<OptionSpec['type'], string> = {
  boolean: 'boolean (`True`/`False`)',
  integer: 'integer',
  string: 'string',
  path: 'path',
  'transport-json': 'JSON object (a Python client transport)',
  'policy-json': 'JSON array of rules',
  'semicolon-list': '`;`-separated import paths',
};

/** Markdown documentation of an `[openlineage]` option, with the project's provider version. */
export function optionDoc(spec: OptionSpec, versions?: Versions): string {
  const facts = [`Type: ${TYPE_LABEL[spec.type]}`];
  if (spec.default !== undefined)
    facts.push(`Default: ${/^[`"'0-9A-Z[]/.test(spec.default) && !spec.default.includes('→') ? `\`${spec.default}\`` : spec.default}`);
  facts.push(spec.since ? `Since: provider ${spec.since}${spec.sinceNote ? ` (${spec.sinceNote})` : ''}` : 'Since: provider 1.0.0');
  const deprecated = spec.deprecatedSince ? `\n\n⚠ Deprecated since provider ${spec.deprecatedSince}: use \`emission_policy\`.` : '';
  const example = spec.example ? `\n\nExample: \`${spec.example}\`` : '';
  const project = versions
    ? `\n\nThis project: ${versions.provider ? mdText(versions.provider.label) : `${PROVIDER} version unknown`}.`
    : '';
  return `**\`[openlineage] ${spec.name}\`** · env \`${envName(spec.name)}\`\n\n${spec.description}\n\n${facts.join(' · ')}${deprecated}${example}${project}\n\n[Documentation](${DOCS.config})`;
}

export function envDoc(spec: EnvSpec): string {
  const facts = [`Type: ${spec.type}`];
  if (spec.default) facts.push(`Default: ${spec.default}`);
  const replacement = spec.replacement ? `\n\nUse \`${spec.replacement}\` instead.` : '';
  return `**\`${spec.name}\`**\n\n${spec.description}\n\nRead by ${spec.readBy}.\n\n${facts.join(' · ')}${replacement}\n\n[Documentation](${spec.name.startsWith('OPENLINEAGE_AIRFLOW') || spec.name.startsWith('MARQUEZ') || spec.name === 'OPENLINEAGE_EXTRACTORS' ? DOCS.legacy : DOCS.pythonClient})`;
}

function transportDoc(type: string): string | undefined {
  const t = pyTransport(type);
  if (!t) return undefined;
  const req = t.required.length ? `Required: ${t.required.map((k) => `\`${k}\``).join(', ')}.` : 'No required keys.';
  const keys = t.keys.length ? ` Keys: ${t.keys.map((k) => `\`${k}\``).join(', ')}.` : '';
  return `**\`${t.type}\` transport** (Python client${t.since ? `, since ${t.since}` : ''})\n\n${t.summary}\n\n${req}${keys}\n\n[Documentation](${DOCS.pythonClient})`;
}

export function airflowHover(doc: AirflowDocument, input: DocInput, offset: number): HoverResult | undefined {
  const versions = versionsOf(input.project);
  if (doc.requirements) {
    for (const r of doc.requirements) {
      if (!within(r.nameRange, offset)) continue;
      if (r.name === PROVIDER) {
        const af = versions.airflow ? mdText(versions.airflow.label) : 'Airflow version unknown';
        return {
          range: r.nameRange,
          markdown: `**\`${PROVIDER}\`**\n\nThe OpenLineage provider: an Airflow plugin that sends an event for every DAG run and task, configured in \`[openlineage]\` (\`${ENV_PREFIX}*\`). Astro Runtime images ship it.\n\nThis project: ${af}.\n\n[Documentation](${DOCS.guide})`,
        };
      }
      if (r.name === LEGACY_PACKAGE) {
        return {
          range: r.nameRange,
          markdown: `**\`${LEGACY_PACKAGE}\`** — *legacy*\n\nThe old OpenLineage integration for Airflow 2.1–2.7, removed from OpenLineage in 1.42.0. Not for Airflow ≥ 2.8: use \`${PROVIDER}\`. Last versions: 1.14.0 for Airflow 2.1–2.2, 1.33.0 for 2.3–2.4.\n\n[Documentation](${DOCS.legacy})`,
        };
      }
    }
    return undefined;
  }
  const infos = settingInfos(doc.settings);
  for (const info of infos) {
    const s = info.setting;
    if (within(s.keyRange, offset)) {
      if (info.spec) return { range: s.keyRange, markdown: optionDoc(info.spec, versions) };
      if (info.env) return { range: s.keyRange, markdown: envDoc(info.env) };
      if (info.option?.section === 'lineage' && info.option.option === 'backend' && s.value.trim() === LEGACY_BACKEND) {
        const af = versions.airflow ? mdText(versions.airflow.label) : 'Airflow version unknown';
        return {
          range: s.keyRange,
          markdown: `**\`[lineage] backend\`**\n\nClass path of an Airflow lineage backend (Airflow 1.10–2.x; removed in Airflow 3.0). \`${LEGACY_BACKEND}\` is the backend of ${LEGACY_PACKAGE}, for Airflow 2.1–2.2 only.\n\nThis project: ${af}.\n\n[Documentation](${DOCS.lineageBackend})`,
        };
      }
      if (s.source === 'env' && s.key.startsWith('OPENLINEAGE__')) {
        const path = s.key
          .slice('OPENLINEAGE__'.length)
          .split('__')
          .map((p) => p.toLowerCase())
          .join('.');
        return {
          range: s.keyRange,
          markdown: `**${mdCode(s.key)}**\n\nSets the OpenLineage Python client config key ${mdCode(path)} (each \`__\` part is lower-cased; the value is parsed as JSON when it is JSON).\n\n[Documentation](${DOCS.pythonClient})`,
        };
      }
      return undefined;
    }
  }
  // The `type` inside a transport JSON, or the value of OPENLINEAGE__TRANSPORT__TYPE.
  for (const site of transportSites(infos)) {
    const t = entry(site.json, 'type');
    if (t?.value.kind === 'string' && site.exact) {
      const r = site.map(t.value.range);
      if (within(r, offset)) {
        const md = transportDoc(t.value.value);
        if (md) return { range: r, markdown: md };
      }
    }
  }
  for (const { setting: s } of infos) {
    if (s.key === 'OPENLINEAGE__TRANSPORT__TYPE' && within(s.valueRange, offset)) {
      const md = transportDoc(s.value.trim());
      if (md) return { range: s.valueRange, markdown: md };
    }
  }
  return undefined;
}
