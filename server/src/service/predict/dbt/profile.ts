/**
 * dbt profiles as dbt-ol reads them: which profiles.yml, which target, and from the target's output the
 * adapter, the dataset namespace (`DbtArtifactProcessor.extract_namespace`) and the database and schema dbt
 * fills into relation names. Values are rendered as dbt-ol renders them (Jinja `env_var` with its default);
 * what only the environment knows stays a placeholder. Facts: docs/upstream/runtime-naming.md § dbt.
 */
import type { OffsetRange } from '../../text/model';
import { get, parseYaml, type YamlNode } from '../../yaml/ast';
import type { Placeholder, SourceFiles, SqlDialect } from '../types';
import { mergePlaceholders, renderValue, type Rendered } from './jinja';
import { folderOf, matchFolder } from './paths';

export interface DbtProfile {
  readonly uri: string;
  readonly name: string;
  readonly target: string;
  /** `type` of the output (`postgres`, `snowflake`, …). */
  readonly adapter: string;
  readonly namespace: Rendered;
  /** The target's database (`dbname`, `project`, `catalog`, …); undefined when the adapter has none. */
  readonly database?: Rendered;
  readonly schema: Rendered;
  /** The dialect of the adapter (for SQL of this profile). */
  readonly dialect: SqlDialect;
  /** How the profile was found and read, for notes. */
  readonly note: string;
  /** The target output's key in profiles.yml. */
  readonly range: OffsetRange;
}

export type ProfileResult =
  | { readonly profile: DbtProfile }
  | { readonly problem: string; readonly uri?: string; readonly range?: OffsetRange; readonly placeholder: Placeholder };

/** Adapters dbt-ol supports (`Adapter` in processor.py). */
const ADAPTERS = new Set([
  'bigquery',
  'snowflake',
  'redshift',
  'spark',
  'postgres',
  'databricks',
  'sqlserver',
  'dremio',
  'athena',
  'duckdb',
  'trino',
  'glue',
  'clickhouse',
  'fabric',
]);

const DIALECT: Record<string, SqlDialect> = {
  bigquery: 'bigquery',
  snowflake: 'snowflake',
  redshift: 'redshift',
  spark: 'databricks',
  databricks: 'databricks',
  postgres: 'postgres',
  sqlserver: 'mssql',
  fabric: 'mssql',
  athena: 'athena',
  duckdb: 'duckdb',
  trino: 'trino',
  glue: 'hive',
  clickhouse: 'clickhouse',
};

export interface ProfileOptions {
  readonly env?: ReadonlyMap<string, string>;
  /** `--profiles-dir` of the command (a path or folder URI). */
  readonly profilesDir?: string;
  /** `--target` of the command. */
  readonly target?: string;
}

/** profiles.yml files of the workspace whose top level defines `name`. */
function definingProfile(files: SourceFiles, name: string): string[] {
  return files
    .uris()
    .filter((u) => /(^|\/)profiles\.ya?ml$/.test(u) && new RegExp(`^['"]?${escape(name)}['"]?\\s*:`, 'm').test(files.text(u) ?? ''));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where dbt-ol would read profiles.yml for a project at `root`, and how we know. */
function locate(files: SourceFiles, root: string, name: string, options: ProfileOptions): { uri: string; how: string } | undefined {
  const all = files.uris().filter((u) => /(^|\/)profiles\.ya?ml$/.test(u));
  const folders = [...new Set(all.map(folderOf))];
  const inFolder = (f: string | undefined) => f && all.find((u) => folderOf(u) === f);
  const explicit: [string | undefined, string][] = [
    [options.profilesDir, '`--profiles-dir`'],
    [options.env?.get('DBT_PROFILES_DIR'), '`DBT_PROFILES_DIR`'],
  ];
  for (const [dir, how] of explicit) {
    if (!dir) continue;
    const uri = inFolder(matchFolder(folders, dir, root));
    if (uri) return { uri, how: `${how} ${dir}` };
  }
  const local = inFolder(root);
  if (local) return { uri: local, how: 'the project folder' };
  // Not passed: the nearest profiles.yml of the workspace that defines the profile (dbt's default is ~/.dbt).
  const candidates = definingProfile(files, name).sort((a, b) => common(b, root) - common(a, root) || a.localeCompare(b));
  const near = candidates[0];
  return near ? { uri: near, how: 'the nearest profiles.yml of the workspace defining it (assumed to be the profiles dir)' } : undefined;
}

function common(a: string, b: string): number {
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}

/** The `key:` scalar of a map, rendered. */
function field(output: YamlNode | undefined, keys: readonly string[], options: ProfileOptions): Rendered | undefined {
  for (const k of keys) {
    const node = get(output, k);
    if (node?.kind === 'scalar' && node.value !== '') return renderValue(node.value, { env: options.env });
  }
  return undefined;
}

function missing(field: string, profile: string): Rendered {
  const name = `profile:${field}`;
  return { text: `<${name}>`, placeholders: [{ name, why: `\`${field}\` is not set in the profile \`${profile}\`` }] };
}

function join(parts: readonly (Rendered | string)[]): Rendered {
  const text = parts.map((p) => (typeof p === 'string' ? p : p.text)).join('');
  return { text, placeholders: mergePlaceholders(...parts.map((p) => (typeof p === 'string' ? [] : p.placeholders))) };
}

/** Snowflake account identifiers as dbt-ol normalises them (`fix_account_name`). */
export function snowflakeAccount(account: string): string {
  const parts = account.split('.');
  const head = parts[0]!;
  if (head.includes('-')) return head;
  if (parts.length === 1) return `${head}.us-west-1.aws`;
  if (parts.length === 2) return `${head}.${parts[1]}.aws`;
  return account;
}

/** `extract_namespace` of processor.py, per adapter. */
function namespaceOf(adapter: string, out: YamlNode | undefined, o: ProfileOptions, profile: string): Rendered {
  const f = (k: string) => field(out, [k], o) ?? missing(k, profile);
  switch (adapter) {
    case 'snowflake': {
      const account = f('account');
      return { text: `snowflake://${snowflakeAccount(account.text)}`, placeholders: account.placeholders };
    }
    case 'bigquery':
      return { text: 'bigquery', placeholders: [] };
    case 'redshift':
    case 'postgres':
    case 'clickhouse':
    case 'trino':
      return join([`${adapter}://`, f('host'), ':', f('port')]);
    case 'databricks':
      return join(['databricks://', f('host')]);
    case 'sqlserver':
      return join(['mssql://', f('server'), ':', f('port')]);
    case 'fabric':
      return field(out, ['port'], o)
        ? join(['fabric-warehouse://', f('server'), ':', f('port')])
        : join(['fabric-warehouse://', f('server')]);
    case 'dremio':
      return join(['dremio://', f('software_host'), ':', f('port')]);
    case 'athena':
      return join(['awsathena://athena.', f('region_name'), '.amazonaws.com']);
    case 'glue': {
      const account = field(out, ['account_id'], o);
      if (account) return join(['arn:aws:glue:', f('region'), ':', account]);
      const role = f('role_arn');
      const id = role.placeholders.length ? role : { text: role.text.split(':')[4] ?? '', placeholders: [] };
      return join(['arn:aws:glue:', f('region'), ':', id]);
    }
    case 'duckdb':
      return join(['duckdb://', f('path')]);
    case 'spark': {
      const method = field(out, ['method'], o)?.text ?? '';
      const port = field(out, ['port'], o);
      const suffix = port ? join([':', port]) : method === 'http' || method === 'odbc' ? ':443' : method === 'thrift' ? ':10001' : '';
      return join(['spark://', f('host'), suffix]);
    }
    default:
      return {
        text: `<dbt-adapter:${adapter}>`,
        placeholders: [{ name: `dbt-adapter:${adapter}`, why: 'dbt-ol does not support this adapter' }],
      };
  }
}

/** The database and schema relation names get by default, per adapter (dbt's credentials aliases). */
function relationDefaults(
  adapter: string,
  out: YamlNode | undefined,
  o: ProfileOptions,
  profile: string,
): { database?: Rendered; schema: Rendered } {
  const f = (keys: string[], name: string) => field(out, keys, o) ?? missing(name, profile);
  switch (adapter) {
    case 'bigquery':
      return { database: f(['project', 'database'], 'project'), schema: f(['dataset', 'schema'], 'dataset') };
    case 'postgres':
    case 'redshift':
      return { database: f(['dbname', 'database'], 'dbname'), schema: f(['schema'], 'schema') };
    case 'trino':
      return { database: f(['database', 'catalog'], 'database'), schema: f(['schema'], 'schema') };
    case 'databricks':
      return { database: f(['catalog', 'database'], 'catalog'), schema: f(['schema'], 'schema') };
    case 'spark':
    case 'glue':
    case 'clickhouse': {
      const database = field(out, ['database'], o);
      return { ...(adapter === 'spark' && database ? { database } : {}), schema: f(['schema'], 'schema') };
    }
    case 'duckdb': {
      const path = field(out, ['path'], o);
      const stem = path && !path.placeholders.length ? (/([^/\\]+?)(\.[^./\\]*)?$/.exec(path.text)?.[1] ?? '') : undefined;
      const database =
        field(out, ['database'], o) ??
        (path?.text === ':memory:' || !path
          ? { text: 'memory', placeholders: [] }
          : stem
            ? { text: stem, placeholders: [] }
            : missing('path', profile));
      return { database, schema: field(out, ['schema'], o) ?? { text: 'main', placeholders: [] } };
    }
    case 'athena':
      return { database: field(out, ['database'], o) ?? { text: 'awsdatacatalog', placeholders: [] }, schema: f(['schema'], 'schema') };
    default:
      return { database: f(['database'], 'database'), schema: f(['schema'], 'schema') };
  }
}

/** The profile `name` of a project at folder `root`, its target output, and how dbt-ol names things with it. */
export function readProfile(files: SourceFiles, root: string, name: string, options: ProfileOptions): ProfileResult {
  const shown = name.replace(/[<>]/g, '');
  const placeholder: Placeholder = name.includes('<')
    ? { name: `dbt-profile:${shown}`, why: `the dbt profile is chosen when dbt runs (${shown})` }
    : { name: `dbt-profile:${name}`, why: `the dbt profile \`${name}\` is not in the workspace` };
  if (!name) {
    return {
      problem: 'dbt_project.yml names no `profile`: dbt-ol stops with "profile not found".',
      placeholder: { name: 'dbt-profile:', why: 'no profile is named' },
    };
  }
  if (name.includes('<')) {
    return { problem: `The dbt profile name is set when dbt runs (${name}): the dataset namespace is unknown.`, placeholder };
  }
  const at = locate(files, root, name, options);
  if (!at) {
    return {
      problem: `No profiles.yml in the workspace defines the dbt profile \`${name}\` (dbt-ol reads it from --profiles-dir, DBT_PROFILES_DIR, the working directory or ~/.dbt): the dataset namespace is unknown.`,
      placeholder,
    };
  }
  const parsed = parseYaml(files.text(at.uri) ?? '');
  const root0 = parsed.documents[0];
  const prof = get(root0, name);
  if (parsed.error || prof?.kind !== 'map') {
    const reason = parsed.error ? `it is not valid YAML (${parsed.error.message})` : `it has no profile \`${name}\``;
    return {
      problem: `The profiles.yml found through ${at.how} cannot be used: ${reason}.`,
      uri: at.uri,
      range: { start: parsed.error?.offset ?? 0, end: parsed.error?.offset ?? 0 },
      placeholder,
    };
  }
  const targetName = options.target ?? field(prof, ['target'], options)?.text ?? 'default';
  const outputs = get(prof, 'outputs');
  const outPair = outputs?.kind === 'map' ? outputs.pairs.find((p) => p.key.value === targetName) : undefined;
  const out = outPair?.value;
  if (!outPair || out?.kind !== 'map') {
    return {
      problem: `The dbt profile \`${name}\` in profiles.yml has no output for the target \`${targetName}\`.`,
      uri: at.uri,
      range: outputs?.range ?? prof.range,
      placeholder,
    };
  }
  const adapter = (field(out, ['type'], options)?.text ?? '').toLowerCase();
  if (!ADAPTERS.has(adapter)) {
    return {
      problem: `dbt-ol supports the adapters ${[...ADAPTERS].join(', ')}; the profile \`${name}\` uses \`${adapter || '(no type)'}\`, so dbt-ol emits no events.`,
      uri: at.uri,
      range: outPair.key.range,
      placeholder: { name: `dbt-adapter:${adapter}`, why: 'dbt-ol does not support this adapter' },
    };
  }
  const defaults = relationDefaults(adapter, out, options, name);
  return {
    profile: {
      uri: at.uri,
      name,
      target: targetName,
      adapter,
      namespace: namespaceOf(adapter, out, options, name),
      ...defaults,
      dialect: DIALECT[adapter] ?? 'generic',
      note: `profile \`${name}\` target \`${targetName}\` (${adapter}) from ${at.how}`,
      range: outPair.key.range,
    },
  };
}
