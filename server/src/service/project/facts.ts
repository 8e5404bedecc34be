/**
 * What one project file tells the project model, read once per file version: packages, settings, GX contexts,
 * dbt projects, and the version evidence (Dockerfile base images, compose services, openlineage-spark pins,
 * MWAA versions) that the project index resolves per project (scopes.ts).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { baseName } from '../util/path';
import { airflowOption, type SettingsDocument } from '../settings/model';
import { parseAirflowCfg } from '../settings/airflow-cfg';
import { parseCompose } from '../settings/compose';
import { parseDockerfile } from '../settings/dockerfile';
import { parseEnvFile } from '../settings/env-file';
import { OL_ACTION_CLASS } from '../gx/catalog';
import { get, parseYaml, parseYamlDocument, str } from '../yaml/ast';
import { composeServices, type ComposeService } from '../settings/compose-services';
import { composeFact, parseConfigFile, yamlShape, type ConfigFileKind, type ConfigSourceFact } from './config-sources';
import {
  airflowConstraints,
  dockerfileBase,
  mwaaVersions,
  pipAdditionalRequirements,
  sparkPins,
  versionConstants,
  type DockerfileBase,
} from './evidence';
import type { GxContextFact, PackageFact, SettingFact, SourceRef, SparkPinFact } from './model';
import { parseDockerfilePipInstalls, parsePyprojectRequirements, parseRequirements, type Requirement } from './requirements';
import { parseVersion } from '../util/version';

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
  | 'astro-config'
  | 'airflowignore'
  | 'jvm-build'
  | 'spark-defaults'
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
  if (name === 'config.yaml' && /[/\\]\.astro[/\\][^/\\]*$/.test(path)) return 'astro-config';
  if (name === '.airflowignore') return 'airflowignore';
  if (name === 'pom.xml' || name === 'build.sbt' || name === 'build.gradle' || name === 'build.gradle.kts') return 'jvm-build';
  if (/^spark-defaults[\w.-]*\.conf$/.test(name)) return 'spark-defaults';
  if (name.endsWith('.py')) return 'python';
  // Read only when their content is configuration or evidence (project/config-sources.ts): never by name alone.
  if (/\.(sh|bash)$/.test(name)) return 'shell';
  if (/\.ya?ml$/.test(name)) return 'yaml';
  if (name.endsWith('.tf') || (name.endsWith('.ts') && !name.endsWith('.d.ts'))) return 'iac';
  return undefined;
}

/** Kinds whose folder is a project (ARCHITECTURE.md: a file belongs to the nearest one). */
export function marksProject(kind: ProjectFileKind): boolean {
  return (
    kind === 'requirements' ||
    kind === 'pyproject' ||
    kind === 'dockerfile' ||
    kind === 'compose' ||
    kind === 'airflow-cfg' ||
    kind === 'dbt-project' ||
    kind === 'astro-config' ||
    kind === 'jvm-build'
  );
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

export interface FileFacts {
  readonly kind: ProjectFileKind;
  readonly packages: readonly PackageFact[];
  readonly settings: readonly SettingFact[];
  readonly gx?: GxContextFact;
  readonly dbt?: { uri: string; root: string; name?: string };
  readonly openlineageYml?: boolean;
  readonly airflowDag?: boolean;
  /** Dockerfiles: the final base image with a given set of build args (the compose file that builds it may pass some). */
  readonly dockerBase?: (buildArgs?: ReadonlyMap<string, string>) => { base: DockerfileBase; source: SourceRef } | undefined;
  /** Compose files: the services (with where each names its image). */
  readonly services?: readonly (ComposeService & { readonly imageSource?: SourceRef })[];
  readonly sparkPins: readonly SparkPinFact[];
  /** Airflow versions named by constraint-file URLs (`…/apache/airflow/constraints-2.7.2/…`). */
  readonly constraints: readonly { readonly text: string; readonly source: SourceRef }[];
  /** MWAA environments' Airflow versions: literals, or constants defined in another file. */
  readonly mwaa: readonly { readonly literal?: string; readonly constant?: string; readonly source: SourceRef }[];
  readonly constants: ReadonlyMap<string, { readonly text: string; readonly source: SourceRef }>;
  /** `.airflowignore` patterns. */
  readonly ignore?: readonly string[];
  /** The `.astro/config.yaml` that marks an Astro project. */
  readonly astro?: boolean;
  /** Compose services, YAML shapes (project/config-sources.ts). */
  readonly configSources?: readonly ConfigSourceFact[];
}

/** Whether a file read only for its content (shell, YAML, IaC) turned out to tell the model anything. */
export function tellsAnything(f: FileFacts): boolean {
  return f.settings.length > 0 || !!f.configSources?.length || f.sparkPins.length > 0 || f.mwaa.length > 0 || f.constraints.length > 0;
}

export function dirOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

const PIN_KINDS = new Set<ProjectFileKind>(['dockerfile', 'compose', 'env-file', 'shell', 'yaml', 'python', 'jvm-build', 'spark-defaults']);

const CONSTRAINT_KINDS = new Set<ProjectFileKind>(['requirements', 'dockerfile', 'shell', 'compose']);

const NO_FACTS = { packages: [], settings: [], sparkPins: [], constraints: [], mwaa: [], constants: new Map<string, never>() } as const;

export function extractFacts(uri: string, kind: ProjectFileKind, text: string): FileFacts {
  let doc: TextDocument | undefined;
  const ref = (r: { start: number; end: number }): SourceRef => {
    doc ??= TextDocument.create(uri, 'plaintext', 0, text);
    return { uri, range: { start: doc.positionAt(r.start), end: doc.positionAt(r.end) } };
  };
  const pkg = (r: Requirement, at?: SourceRef): PackageFact => ({
    name: r.name,
    written: r.written,
    spec: r.spec,
    ...(r.pinned ? { pinned: r.pinned, pinnedText: r.pinnedText! } : {}),
    source: at ?? ref(r.span),
  });
  // Where a pin means the listener a Spark job runs with; not in TypeScript or Terraform sources.
  const pins: SparkPinFact[] = PIN_KINDS.has(kind)
    ? sparkPins(text).map((p) => ({ version: p.version, text: p.text, written: p.written, source: ref(p.range) }))
    : [];
  const constraints = CONSTRAINT_KINDS.has(kind) ? airflowConstraints(text).map((c) => ({ text: c.text, source: ref(c.range) })) : [];
  const base = { ...NO_FACTS, kind, sparkPins: pins, constraints };
  switch (kind) {
    case 'requirements':
    case 'pyproject': {
      const reqs = kind === 'requirements' ? parseRequirements(text) : parsePyprojectRequirements(text);
      return {
        ...base,
        packages: withExtras(
          reqs.map((r) => pkg(r)),
          reqs,
        ),
      };
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
      const configSources = kind === 'compose' ? [composeFact(uri, text)] : shape ? [shape] : [];
      const mwaa =
        kind === 'iac'
          ? mwaaVersions(text).map((m) => ({ ...(m.literal ? { literal: m.literal } : { constant: m.constant! }), source: ref(m.range) }))
          : [];
      if (!parsed) return { ...base, configSources, mwaa };
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
      const installed = kind === 'dockerfile' ? parseDockerfilePipInstalls(text) : [];
      const packages = withExtras(
        installed.map((r) => pkg(r)),
        installed,
      );
      // The official image installs `_PIP_ADDITIONAL_REQUIREMENTS` at start-up.
      for (const s of parsed.settings)
        if (s.key === '_PIP_ADDITIONAL_REQUIREMENTS')
          for (const r of pipAdditionalRequirements(s.value)) {
            const [req] = parseRequirements(r.text);
            const at = s.valueExact
              ? { start: s.valueRange.start + r.offset, end: s.valueRange.start + r.offset + r.text.length }
              : s.valueRange;
            if (req) packages.push(...withExtras([pkg(req, ref(at))], [req]));
          }
      return {
        ...base,
        packages,
        settings,
        configSources,
        mwaa,
        ...(kind === 'dockerfile'
          ? {
              dockerBase: (args?: ReadonlyMap<string, string>) => {
                const b = dockerfileBase(text, args);
                return b && { base: b, source: ref(b.range) };
              },
            }
          : {}),
        ...(kind === 'compose'
          ? {
              services: composeServices(text, parseYaml(text)).map((svc) => ({
                ...svc,
                ...(svc.image ? { imageSource: ref(svc.image.range) } : {}),
              })),
            }
          : {}),
      };
    }
    case 'gx-config':
      return { ...base, gx: gxFacts(uri, text, ref) };
    case 'dbt-project': {
      const parsed = parseYaml(text);
      const name = str(parsed.documents[0], 'name');
      return { ...base, dbt: { uri, root: dirOf(uri), ...(name ? { name } : {}) } };
    }
    case 'openlineage-yml':
      return { ...base, openlineageYml: true, configSources: [yamlShape(uri, text)] };
    case 'astro-config':
      return { ...base, astro: true };
    case 'airflowignore':
      return {
        ...base,
        ignore: text
          .split(/\r?\n/)
          .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
          .filter(Boolean),
      };
    case 'python':
    case 'jvm-build':
    case 'spark-defaults': {
      const mwaa = kind === 'python' ? mwaaVersions(text) : [];
      const constants = new Map<string, { text: string; source: SourceRef }>();
      if (kind === 'python') for (const [name, c] of versionConstants(text)) constants.set(name, { text: c.text, source: ref(c.range) });
      // CDK stacks set MWAA options in Python; their settings join the model like any other.
      const iac = kind === 'python' ? (parseConfigFile('python', text)?.settings ?? []) : [];
      const settings = iac.map((s): SettingFact => ({
        uri,
        form: 'iac',
        key: s.key,
        section: s.section!,
        option: s.key,
        value: s.value,
        source: ref(s.span),
      }));
      return {
        ...base,
        settings,
        ...(kind === 'python' ? { airflowDag: /^[^\S\r\n\u2028\u2029]*(from|import)\s+airflow\b/m.test(text.slice(0, 16384)) } : {}),
        mwaa: mwaa.map((m) => ({ ...(m.literal ? { literal: m.literal } : { constant: m.constant! }), source: ref(m.range) })),
        constants,
      };
    }
  }
}

/** A version text that parses (for MWAA constants). */
export function isVersionText(text: string): boolean {
  return (parseVersion(text)?.length ?? 0) >= 2;
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
