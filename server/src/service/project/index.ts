import { TextDocument } from 'vscode-languageserver-textdocument';
import { overBudget } from '../budget';
import { baseName } from '../util/path';
import { airflowOption, type SettingsDocument } from '../settings/model';
import { parseAirflowCfg } from '../settings/airflow-cfg';
import { parseCompose } from '../settings/compose';
import { parseDockerfile } from '../settings/dockerfile';
import { parseEnvFile } from '../settings/env-file';
import { compareVersions } from '../util/version';
import { OL_ACTION_CLASS } from '../gx/catalog';
import { get, parseYaml, parseYamlDocument, str } from '../yaml/ast';
import { airflowFromImage } from './astro';
import { composeFact, parseConfigFile, yamlShape, type ConfigFileKind, type ConfigSourceFact } from './config-sources';
import type { AirflowVersionFact, GxContextFact, PackageFact, ProjectModel, SettingFact, SourceRef } from './model';
import { parseDockerfilePipInstalls, parsePyprojectRequirements, parseRequirements, type Requirement } from './requirements';
import { describeRequirement } from './wording';

/** The kinds of files that feed the project model, by name. */
export type ProjectFileKind =
  | 'requirements'
  | 'pyproject'
  | 'dockerfile'
  | 'compose'
  | 'env-file'
  | 'airflow-cfg'
  | 'gx-config'
  | 'dbt-project'
  | 'openlineage-yml'
  | 'python'
  | ConfigFileKind;

export function projectFileKind(path: string): ProjectFileKind | undefined {
  const name = baseName(path).toLowerCase();
  if (/^(requirements|constraints)[\w.-]*\.txt$/.test(name)) return 'requirements';
  if (name === 'pyproject.toml') return 'pyproject';
  if (name === 'dockerfile' || /^dockerfile\./.test(name) || name.endsWith('.dockerfile')) return 'dockerfile';
  if (/^(docker-)?compose[\w.-]*\.ya?ml$/.test(name)) return 'compose';
  if (name === '.env' || /^\.env\./.test(name) || name.endsWith('.env')) return 'env-file';
  if (name === 'airflow.cfg') return 'airflow-cfg';
  if (name === 'great_expectations.yml') return 'gx-config';
  if (name === 'dbt_project.yml') return 'dbt-project';
  if (name === 'openlineage.yml' || name === 'openlineage.yaml') return 'openlineage-yml';
  if (name.endsWith('.py')) return 'python';
  // Read only when their content is configuration (project/config-sources.ts): never by name alone.
  if (/\.(sh|bash)$/.test(name)) return 'shell';
  if (/\.ya?ml$/.test(name)) return 'yaml';
  if (name.endsWith('.tf') || (name.endsWith('.ts') && !name.endsWith('.d.ts'))) return 'iac';
  return undefined;
}

/** Parses a settings-bearing file into the shared settings model. */
export function parseSettingsFile(kind: ProjectFileKind, text: string): SettingsDocument | undefined {
  switch (kind) {
    case 'env-file':
      return parseEnvFile(text);
    case 'dockerfile':
      return parseDockerfile(text);
    case 'compose':
      return parseCompose(text);
    case 'airflow-cfg':
      return parseAirflowCfg(text);
    default:
      return undefined;
  }
}

interface FileFacts {
  readonly packages: PackageFact[];
  readonly airflow?: AirflowVersionFact;
  readonly settings: SettingFact[];
  readonly gx?: GxContextFact;
  readonly dbt?: { uri: string; root: string; name?: string };
  readonly openlineageYml?: boolean;
  readonly airflowDag?: boolean;
  readonly configSources?: readonly ConfigSourceFact[];
}

/**
 * The workspace's project model, updated file by file (`update` on open/change/create, `remove` on delete).
 * Pure: the caller reads the files. The model is rebuilt lazily after a change.
 */
export class ProjectIndex {
  private readonly facts = new Map<string, FileFacts>();
  private cached: ProjectModel | undefined;

  /** Records a file's facts. Returns true when the file is relevant to the project model. */
  update(uri: string, text: string): boolean {
    const kind = projectFileKind(uri) ?? (this.isReferenced(uri) ? 'env-file' : undefined);
    if (!kind) return false;
    // A file over the size budget tells the model nothing (it is never parsed).
    if (overBudget(text)) {
      this.remove(uri);
      return true;
    }
    const facts = extractFacts(uri, kind, text);
    // A file whose content is not configuration (project/config-sources.ts) is not part of the model.
    if ((kind === 'shell' || kind === 'yaml' || kind === 'iac') && !facts.settings.length && !facts.configSources?.length) {
      const had = this.facts.delete(uri);
      if (had) this.cached = undefined;
      return had;
    }
    this.facts.set(uri, facts);
    this.cached = undefined;
    return true;
  }

  /** Files that indexed files name (compose `env_file:`) whatever their name, and that are not indexed yet: the caller reads them and calls `update`. */
  references(): string[] {
    const wanted = this.model.configSources.flatMap((c) => (c.kind === 'compose' ? c.services.flatMap((s) => s.envFiles) : []));
    return [...new Set(wanted)].filter((u) => !this.facts.has(u));
  }

  /** Whether an indexed compose file reads `uri` as an `env_file:`. */
  isReferenced(uri: string): boolean {
    return this.model.configSources.some((c) => c.kind === 'compose' && c.services.some((s) => s.envFiles.includes(uri)));
  }

  remove(uri: string): void {
    if (this.facts.delete(uri)) this.cached = undefined;
  }

  get model(): ProjectModel {
    return (this.cached ??= this.build());
  }

  private build(): ProjectModel {
    // Deterministic order: requirements files first, then by path.
    const entries = [...this.facts.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
    const packages = new Map<string, PackageFact>();
    let airflow: AirflowVersionFact | undefined;
    const settings: SettingFact[] = [];
    const gxContexts: GxContextFact[] = [];
    const dbtProjects: { uri: string; root: string; name?: string }[] = [];
    const openlineageYmls: { uri: string }[] = [];
    let hasAirflowDags = false;
    const configSources: ConfigSourceFact[] = [];
    for (const [uri, f] of entries) {
      if (f.configSources) configSources.push(...f.configSources);
      for (const p of f.packages) if (!packages.has(p.name)) packages.set(p.name, p);
      // A pinned requirement beats an image; among requirements the first file wins.
      if (f.airflow && (!airflow || (!airflow.verified && f.airflow.verified))) airflow = f.airflow;
      settings.push(...f.settings);
      if (f.gx) gxContexts.push(f.gx);
      if (f.dbt) dbtProjects.push(f.dbt);
      if (f.openlineageYml) openlineageYmls.push({ uri });
      hasAirflowDags ||= !!f.airflowDag;
    }
    const pin = packages.get('apache-airflow');
    if (pin?.pinned && (!airflow || !airflow.verified)) {
      airflow = {
        version: pin.pinned,
        text: pin.pinnedText!,
        how: describeRequirement(pin),
        from: 'requirement',
        verified: true,
        source: pin.source,
      };
    }
    return {
      packages,
      ...(airflow ? { airflow } : {}),
      gxContexts,
      dbtProjects,
      settings,
      openlineageYmls,
      hasAirflowDags,
      files: entries.map(([u]) => u),
      configSources,
    };
  }
}

function rank(uri: string): number {
  const k = projectFileKind(uri);
  return k === 'requirements' ? 0 : k === 'pyproject' ? 1 : 2;
}

function dirOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

function extractFacts(uri: string, kind: ProjectFileKind, text: string): FileFacts {
  const doc = TextDocument.create(uri, 'plaintext', 0, text);
  const ref = (r: { start: number; end: number }): SourceRef => ({
    uri,
    range: { start: doc.positionAt(r.start), end: doc.positionAt(r.end) },
  });
  const pkg = (r: Requirement): PackageFact => ({
    name: r.name,
    written: r.written,
    spec: r.spec,
    ...(r.pinned ? { pinned: r.pinned, pinnedText: r.pinnedText! } : {}),
    source: ref(r.span),
  });
  switch (kind) {
    case 'requirements':
    case 'pyproject': {
      const reqs = kind === 'requirements' ? parseRequirements(text) : parsePyprojectRequirements(text);
      return { packages: withExtras(reqs.map(pkg), reqs), settings: [] };
    }
    case 'shell':
    case 'yaml':
    case 'iac':
    case 'dockerfile':
    case 'compose':
    case 'env-file':
    case 'airflow-cfg': {
      const parsed = parseSettingsFile(kind, text) ?? parseConfigFile(kind as ConfigFileKind, text);
      const shape = kind === 'yaml' ? yamlShape(uri, text) : undefined;
      const sources = kind === 'compose' ? [composeFact(uri, text)] : shape ? [shape] : [];
      if (!parsed) return { packages: [], settings: [], configSources: sources };
      const settings: SettingFact[] = parsed.settings.map((s) => {
        const opt = airflowOption(s);
        return {
          uri,
          form: parsed.form,
          key: s.key,
          ...(s.section ? { section: s.section } : opt ? { section: opt.section } : {}),
          ...(opt ? { option: opt.option } : {}),
          value: s.value,
          source: ref(s.span),
          ...(s.service ? { service: s.service } : {}),
        };
      });
      let airflow: AirflowVersionFact | undefined;
      const installed = kind === 'dockerfile' ? parseDockerfilePipInstalls(text) : [];
      for (const img of parsed.images) {
        const a = airflowFromImage(img.image);
        if (a && (!airflow || compareVersions(a.version, airflow.version) > 0)) airflow = { ...a, source: ref(img.range) };
      }
      return { packages: withExtras(installed.map(pkg), installed), settings, ...(airflow ? { airflow } : {}), configSources: sources };
    }
    case 'gx-config':
      return { packages: [], settings: [], gx: gxFacts(uri, text, ref) };
    case 'dbt-project': {
      const parsed = parseYaml(text);
      const name = str(parsed.documents[0], 'name');
      return { packages: [], settings: [], dbt: { uri, root: dirOf(uri), ...(name ? { name } : {}) } };
    }
    case 'openlineage-yml':
      return { packages: [], settings: [], openlineageYml: true, configSources: [yamlShape(uri, text)] };
    case 'python': {
      // CDK stacks set MWAA options in Python; their settings join the model like any other.
      const iac = parseConfigFile('python', text)?.settings ?? [];
      const settings = iac.map((s): SettingFact => ({
        uri,
        form: 'iac',
        key: s.key,
        section: s.section!,
        option: s.key,
        value: s.value,
        source: ref(s.span),
      }));
      return { packages: [], settings, airflowDag: /^[^\S\r\n\u2028\u2029]*(from|import)\s+airflow\b/m.test(text) };
    }
  }
}

/**
 * Packages that extras pull in: `apache-airflow[openlineage]` installs apache-airflow-providers-openlineage,
 * so the provider counts as installed (unversioned, at the line that asked for it).
 */
function withExtras(packages: PackageFact[], reqs?: readonly Requirement[]): PackageFact[] {
  const out = [...packages];
  packages.forEach((p, i) => {
    const extras = reqs?.[i]?.extras ?? [];
    if (
      p.name === 'apache-airflow' &&
      extras.includes('openlineage') &&
      !packages.some((q) => q.name === 'apache-airflow-providers-openlineage')
    ) {
      out.push({ name: 'apache-airflow-providers-openlineage', written: 'apache-airflow[openlineage]', spec: '', source: p.source });
    }
  });
  return out;
}

function gxFacts(uri: string, text: string, ref: (r: { start: number; end: number }) => SourceRef): GxContextFact {
  // The Great Expectations family reads the same text on each edit: the YAML parse is shared.
  const root = parseYamlDocument(uri, text).documents[0];
  const operators = get(root, 'validation_operators');
  const configVersion = Number(str(root, 'config_version'));
  return {
    uri,
    root: dirOf(uri),
    ...(Number.isFinite(configVersion) ? { configVersion } : {}),
    operators:
      operators?.kind === 'map'
        ? operators.pairs.map((p) => {
            const actions = get(p.value, 'action_list');
            const hasOpenLineageAction =
              actions?.kind === 'seq' && actions.items.some((a) => str(a, 'action', 'class_name') === OL_ACTION_CLASS);
            return { name: p.key.value, source: ref(p.key.range), hasOpenLineageAction };
          })
        : [],
  };
}
