/**
 * dbt_project.yml as dbt reads it for naming: the project name, the profile, where models, seeds, snapshots
 * and the target folder are, and the folder-level model configs (`models: <project>: staging: +schema: x`).
 */
import type { OffsetRange } from '../../text/model';
import { get, parseYaml, type YamlMap, type YamlNode } from '../../yaml/ast';
import type { SourceFiles } from '../types';
import { renderValue, type Rendered } from './jinja';
import { folderOf } from './paths';

/** The configs that decide a relation's name and whether and how a node is selected. */
export interface NodeConfig {
  readonly schema?: Rendered;
  readonly database?: Rendered;
  readonly alias?: Rendered;
  readonly tags?: readonly string[];
  readonly enabled?: boolean;
  readonly materialized?: string;
}

export interface FolderConfig {
  /** Folders under the model path (`['staging']`), empty for the whole project. */
  readonly path: readonly string[];
  readonly config: NodeConfig;
}

export interface DbtProjectFile {
  readonly uri: string;
  /** The folder of dbt_project.yml (ending in `/`). */
  readonly root: string;
  readonly name: string;
  /** The profile name, rendered (`{{ env_var('DBT_PROFILE') }}` → `<env:DBT_PROFILE>` unless known). */
  readonly profile?: Rendered;
  readonly modelPaths: readonly string[];
  readonly seedPaths: readonly string[];
  readonly snapshotPaths: readonly string[];
  readonly targetPath: string;
  readonly folderConfigs: readonly FolderConfig[];
  readonly nameRange: OffsetRange;
  /** Where `profile:` is written (its value), else the name. */
  readonly profileRange: OffsetRange;
  /** A syntax error or a missing `name`. */
  readonly problem?: { readonly message: string; readonly range: OffsetRange };
}

/** dbt_project.yml files of the workspace, installed packages and build output left out. */
export function projectFiles(files: SourceFiles): string[] {
  return files.uris().filter((u) => /(^|\/)dbt_project\.yml$/.test(u) && !/\/(dbt_packages|dbt_modules|target)\//.test(u));
}

function strings(node: YamlNode | undefined): string[] | undefined {
  if (node?.kind === 'scalar') return [node.value];
  if (node?.kind === 'seq') return node.items.flatMap((i) => (i.kind === 'scalar' ? [i.value] : []));
  return undefined;
}

const CONFIG_KEYS = new Set(['schema', 'database', 'alias', 'tags', 'enabled', 'materialized']);
/** Configs written without `+` that are not folders (dbt accepts both forms for its own configs). */
const KNOWN_CONFIGS = new Set([
  ...CONFIG_KEYS,
  'docs',
  'persist_docs',
  'post-hook',
  'pre-hook',
  'meta',
  'grants',
  'full_refresh',
  'quoting',
  'column_types',
  'incremental_strategy',
  'unique_key',
  'on_schema_change',
  'sql_header',
  'contract',
  'access',
  'group',
  'transient',
  'cluster_by',
  'partition_by',
  'labels',
  'copy_grants',
  'bind',
  'dist',
  'sort',
  'file_format',
  'location_root',
]);

/** A config map's own configs. */
export function readConfig(map: YamlMap, env: ReadonlyMap<string, string> | undefined, plus: boolean): NodeConfig {
  const out: { -readonly [K in keyof NodeConfig]?: NodeConfig[K] } = {};
  for (const p of map.pairs) {
    const key = plus ? p.key.value.replace(/^\+/, '') : p.key.value;
    if (plus && !p.key.value.startsWith('+') && (!KNOWN_CONFIGS.has(key) || p.value?.kind === 'map')) continue;
    if (!CONFIG_KEYS.has(key)) continue;
    const v = p.value;
    if (key === 'tags') out.tags = strings(v) ?? [];
    else if (v?.kind !== 'scalar') continue;
    else if (key === 'enabled') out.enabled = !/^(false|False|no)$/.test(v.value);
    else if (key === 'materialized') out.materialized = v.value;
    else if (key === 'schema' || key === 'database' || key === 'alias') out[key] = renderValue(v.value, { env });
  }
  return out;
}

/** Folder configs under `models:` (or `snapshots:`/`seeds:`) for the project `name`. */
function folderConfigs(section: YamlNode | undefined, name: string, env: ReadonlyMap<string, string> | undefined): FolderConfig[] {
  const out: FolderConfig[] = [];
  if (section?.kind !== 'map') return out;
  const walk = (map: YamlMap, path: string[]) => {
    out.push({ path, config: readConfig(map, env, true) });
    for (const p of map.pairs) {
      const key = p.key.value;
      if (key.startsWith('+') || p.value?.kind !== 'map' || KNOWN_CONFIGS.has(key)) continue;
      walk(p.value, [...path, key]);
    }
  };
  out.push({ path: [], config: readConfig(section, env, true) });
  const own = get(section, name);
  if (own?.kind === 'map') walk(own, []);
  return out;
}

/** dbt_project.yml at `uri`, read. */
export function readProject(files: SourceFiles, uri: string, env: ReadonlyMap<string, string> | undefined): DbtProjectFile {
  const text = files.text(uri) ?? '';
  const parsed = parseYaml(text);
  const doc = parsed.documents[0];
  const nameNode = get(doc, 'name');
  const name = nameNode?.kind === 'scalar' ? nameNode.value : '';
  const profileNode = get(doc, 'profile');
  const paths = (keys: string[], fallback: string[]) => {
    for (const k of keys) {
      const s = strings(get(doc, k));
      if (s) return s.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, ''));
    }
    return fallback;
  };
  const target = get(doc, 'target-path');
  const problem = parsed.error
    ? {
        message: `dbt_project.yml is not valid YAML: ${parsed.error.message}`,
        range: { start: parsed.error.offset, end: parsed.error.offset },
      }
    : !name
      ? { message: 'dbt_project.yml has no `name`: dbt refuses the project.', range: { start: 0, end: 0 } }
      : undefined;
  return {
    uri,
    root: folderOf(uri),
    name,
    ...(profileNode?.kind === 'scalar' ? { profile: renderValue(profileNode.value, { env }) } : {}),
    modelPaths: paths(['model-paths', 'source-paths'], ['models']),
    seedPaths: paths(['seed-paths', 'data-paths'], ['seeds']),
    snapshotPaths: paths(['snapshot-paths'], ['snapshots']),
    targetPath: env?.get('DBT_TARGET_PATH') ?? (target?.kind === 'scalar' ? target.value.replace(/\/+$/, '') : 'target'),
    folderConfigs: [
      ...folderConfigs(get(doc, 'models'), name, env).map((c) => ({ ...c, path: ['models:', ...c.path] })),
      ...folderConfigs(get(doc, 'snapshots'), name, env).map((c) => ({ ...c, path: ['snapshots:', ...c.path] })),
    ],
    nameRange: nameNode?.range ?? { start: 0, end: 0 },
    profileRange: profileNode?.range ?? nameNode?.range ?? { start: 0, end: 0 },
    ...(problem ? { problem } : {}),
  };
}

/** The configs that apply to a node of `kind` in folder `dirs` (under its model path), shallow to deep, tags added up. */
export function configFor(project: DbtProjectFile, kind: 'models' | 'snapshots', dirs: readonly string[]): NodeConfig {
  let out: NodeConfig = {};
  const tags: string[] = [];
  for (const fc of project.folderConfigs) {
    if (fc.path[0] !== `${kind}:`) continue;
    const path = fc.path.slice(1);
    if (path.length > dirs.length || path.some((p, i) => p !== dirs[i])) continue;
    out = { ...out, ...fc.config };
    tags.push(...(fc.config.tags ?? []));
  }
  return { ...out, tags };
}

/** Merges a node's own config over its folder config (tags added up). */
export function mergeConfig(base: NodeConfig, own: NodeConfig): NodeConfig {
  return { ...base, ...own, tags: [...(base.tags ?? []), ...(own.tags ?? [])] };
}
