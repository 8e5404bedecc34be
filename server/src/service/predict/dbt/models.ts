/**
 * A dbt project read from its files when there is no manifest: models (`models/**.sql` with `ref`, `source`
 * and `config`), snapshots (`{% snapshot %}` blocks), seeds (`*.csv`), sources and model configs in
 * `models/**.yml`, named as dbt names relations: the profile's database and schema, `config(schema=…)`
 * through dbt's default `generate_schema_name` (`<target_schema>_<custom>`), `alias` or the file name.
 */
import type { OffsetRange } from '../../text/model';
import { get, parseYaml, type YamlNode } from '../../yaml/ast';
import type { SourceFiles } from '../types';
import { jinjaBlocks, jinjaCalls, mergePlaceholders, renderValue, type JinjaCall, type Rendered } from './jinja';
import type { DbtNode } from './manifest';
import { under } from './paths';
import { configFor, mergeConfig, readConfig, type DbtProjectFile, type NodeConfig } from './project';

export interface TargetNames {
  readonly database?: Rendered;
  readonly schema: Rendered;
  readonly env?: ReadonlyMap<string, string>;
  /** How the adapter quotes identifiers in compiled SQL (`"` or a backtick). */
  readonly quote: string;
}

/** A `ref`/`source` the project cannot resolve, and why. */
export interface Unresolved {
  readonly call: string;
  readonly uri: string;
  readonly range: OffsetRange;
  readonly reason: string;
}

export interface ModelsRead {
  readonly nodes: readonly DbtNode[];
  readonly unresolved: readonly Unresolved[];
  /** Python models and other files dbt runs that are not read (counted for the report). */
  readonly skipped: readonly { readonly uri: string; readonly reason: string }[];
}

const lit = (text: string): Rendered => ({ text, placeholders: [] });

/** Files under one of the project's paths (relative folder names), with their folders under that path. */
function filesUnder(
  files: SourceFiles,
  root: string,
  paths: readonly string[],
  ext: RegExp,
): { uri: string; dirs: string[]; stem: string }[] {
  const out: { uri: string; dirs: string[]; stem: string }[] = [];
  for (const p of paths) {
    const base = `${under(root, p)}/`;
    for (const uri of files.uris()) {
      if (!uri.startsWith(base) || !ext.test(uri)) continue;
      const rest = decodeURIComponent(uri.slice(base.length)).split('/');
      const file = rest.pop()!;
      out.push({ uri, dirs: rest, stem: file.replace(/\.[^.]+$/, '') });
    }
  }
  return out;
}

/** Macros overriding dbt's naming (`generate_schema_name`, …): their bodies, by macro name. */
function namingMacros(files: SourceFiles, root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of filesUnder(files, root, ['macros'], /\.sql$/i)) {
    const text = files.text(f.uri) ?? '';
    for (const m of text.matchAll(/macro\s+(generate_(?:schema|alias|database)_name)\s*\(([\s\S]*?)endmacro/g)) out.set(m[1]!, m[2]!);
  }
  return out;
}

/** A relation's schema through `generate_schema_name` (dbt's default unless the project overrides it). */
function schemaName(custom: Rendered | undefined, target: Rendered, macros: Map<string, string>): { schema: Rendered; note?: string } {
  const override = macros.get('generate_schema_name');
  if (override !== undefined) {
    // The common override "use the custom schema as written" is recognised; any other is not guessed.
    const asIs = /\{\{\s*custom_schema_name\s*(\|\s*trim\s*)?\}\}/.test(override) && !/~|target\.name|default_schema\s*~/.test(override);
    if (asIs)
      return custom
        ? { schema: lit(custom.text.trim()), note: 'the project’s generate_schema_name uses the custom schema as written' }
        : { schema: target };
    const name = 'dbt-macro:generate_schema_name';
    return {
      schema: {
        text: `<${name}>`,
        placeholders: [{ name, why: 'the project overrides generate_schema_name; its result is decided when dbt runs' }],
      },
    };
  }
  if (!custom) return { schema: target };
  return {
    schema: { text: `${target.text}_${custom.text.trim()}`, placeholders: mergePlaceholders(target.placeholders, custom.placeholders) },
  };
}

/** `config(…)` keyword arguments → a node config. */
function callConfig(call: JinjaCall, env: ReadonlyMap<string, string> | undefined): NodeConfig {
  const out: { -readonly [K in keyof NodeConfig]?: NodeConfig[K] } = {};
  const computed = (key: string): Rendered => {
    const name = `jinja:config.${key}`;
    return { text: `<${name}>`, placeholders: [{ name, why: `\`config(${key}=…)\` is computed when dbt runs` }] };
  };
  for (const [key, v] of call.kwargs) {
    if (key === 'schema' || key === 'database' || key === 'alias' || key === 'target_schema' || key === 'target_database') {
      const r = typeof v === 'string' ? renderValue(v, { env }) : computed(key);
      if (key === 'target_schema') out.schema = r;
      else if (key === 'target_database') out.database = r;
      else out[key] = r;
    } else if (key === 'tags') out.tags = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
    else if (key === 'enabled' && v === 'false') out.enabled = false;
    else if (key === 'materialized' && typeof v === 'string') out.materialized = v;
  }
  return out;
}

/** Per model name: the config and tags its properties YAML gives (`models: - name: x  config: {…}`). */
interface YamlInfo {
  readonly configs: Map<string, NodeConfig>;
  readonly sources: DbtNode[];
}

function readYaml(files: SourceFiles, project: DbtProjectFile, target: TargetNames, uri: string, dirs: string[], info: YamlInfo): void {
  const parsed = parseYaml(files.text(uri) ?? '');
  const doc = parsed.documents[0];
  const models = get(doc, 'models');
  for (const m of models?.kind === 'seq' ? models.items : []) {
    const name = get(m, 'name');
    if (name?.kind !== 'scalar') continue;
    const config = get(m, 'config');
    const own = config?.kind === 'map' ? readConfig(config, target.env, false) : {};
    const tags = get(m, 'tags');
    const extra = tags?.kind === 'seq' ? tags.items.flatMap((t) => (t.kind === 'scalar' ? [t.value] : [])) : [];
    info.configs.set(name.value, mergeConfig(own, { tags: extra }));
  }
  const sources = get(doc, 'sources');
  const ctx = {
    env: target.env,
    target: new Map<string, Rendered>([...(target.database ? [['database', target.database] as const] : []), ['schema', target.schema]]),
  };
  for (const s of sources?.kind === 'seq' ? sources.items : []) {
    const sName = get(s, 'name');
    if (sName?.kind !== 'scalar') continue;
    const rendered = (node: YamlNode | undefined) => (node?.kind === 'scalar' ? renderValue(node.value, ctx) : undefined);
    const database = rendered(get(s, 'database')) ?? rendered(get(s, 'catalog')) ?? target.database;
    const schema = rendered(get(s, 'schema')) ?? lit(sName.value);
    const tables = get(s, 'tables');
    for (const t of tables?.kind === 'seq' ? tables.items : []) {
      const tName = get(t, 'name');
      if (tName?.kind !== 'scalar') continue;
      const rel = relative(project, uri);
      info.sources.push({
        uniqueId: `source.${project.name}.${sName.value}.${tName.value}`,
        resourceType: 'source',
        packageName: project.name,
        name: tName.value,
        ...(database ? { database } : {}),
        schema,
        table: tName.value,
        ...(rel ? { path: rel } : {}),
        uri,
        range: tName.range,
        fqn: [project.name, ...dirs, sName.value, tName.value],
        tags: sourceTags(s, t),
        parents: [],
        notes: [],
      });
    }
  }
}

function sourceTags(s: YamlNode, t: YamlNode): string[] {
  const of = (n: YamlNode | undefined) => (n?.kind === 'seq' ? n.items.flatMap((i) => (i.kind === 'scalar' ? [i.value] : [])) : []);
  return [...of(get(s, 'tags')), ...of(get(t, 'tags'))];
}

function relative(project: DbtProjectFile, uri: string): string | undefined {
  return uri.startsWith(project.root) ? decodeURIComponent(uri.slice(project.root.length)) : undefined;
}

/** Reads a project's models, snapshots, seeds and sources, and resolves their `ref`s and `source`s. */
export function readModels(files: SourceFiles, project: DbtProjectFile, target: TargetNames): ModelsRead {
  const macros = namingMacros(files, project.root);
  const info: YamlInfo = { configs: new Map(), sources: [] };
  for (const f of filesUnder(files, project.root, project.modelPaths, /\.ya?ml$/i)) readYaml(files, project, target, f.uri, f.dirs, info);
  const nodes: DbtNode[] = [...info.sources];
  const skipped: { uri: string; reason: string }[] = [];
  const pending: Pending[] = [];
  const build = (
    kind: 'model' | 'snapshot',
    name: string,
    uri: string,
    dirs: string[],
    calls: JinjaCall[],
    text: string,
    range?: OffsetRange,
  ) => {
    const own = calls.filter((c) => c.name === 'config').reduce<NodeConfig>((acc, c) => mergeConfig(acc, callConfig(c, target.env)), {});
    const config = mergeConfig(
      mergeConfig(configFor(project, kind === 'model' ? 'models' : 'snapshots', dirs), info.configs.get(name) ?? {}),
      own,
    );
    if (config.enabled === false) return;
    const notes: string[] = [];
    let schema: Rendered;
    if (kind === 'snapshot' && own.schema && calls.some((c) => c.kwargs.has('target_schema'))) schema = own.schema;
    else {
      const s = schemaName(config.schema, target.schema, macros);
      schema = s.schema;
      if (s.note) notes.push(s.note);
    }
    const database = config.database ?? target.database;
    const alias = config.alias?.text ?? name;
    if (macros.has('generate_alias_name')) notes.push('the project overrides generate_alias_name: the table name is decided when dbt runs');
    const rel = relative(project, uri);
    pending.push({
      node: {
        uniqueId: `${kind}.${project.name}.${name}`,
        resourceType: kind,
        packageName: project.name,
        name,
        ...(database ? { database } : {}),
        schema,
        table: macros.has('generate_alias_name') ? '<dbt-macro:generate_alias_name>' : alias,
        ...(rel ? { path: rel } : {}),
        uri,
        ...(range ? { range } : {}),
        fqn: [project.name, ...dirs, name],
        tags: [...new Set(config.tags ?? [])],
        notes,
      },
      calls,
      text,
    });
  };
  for (const f of filesUnder(files, project.root, project.modelPaths, /\.(sql|py)$/i)) {
    if (f.uri.endsWith('.py')) {
      skipped.push({ uri: f.uri, reason: 'a Python model (its dbt.ref/dbt.source calls are not read)' });
      continue;
    }
    const text = files.text(f.uri) ?? '';
    build('model', f.stem, f.uri, f.dirs, jinjaCalls(text), text);
  }
  for (const f of filesUnder(files, project.root, project.snapshotPaths, /\.sql$/i)) {
    const text = files.text(f.uri) ?? '';
    const blocks = jinjaBlocks(text);
    for (let b = 0; b < blocks.length; b++) {
      const m = /^\s*snapshot\s+([A-Za-z_][\w]*)/.exec(text.slice(blocks[b]!.start, blocks[b]!.end));
      if (!m || blocks[b]!.kind !== 'stmt') continue;
      const endAt =
        blocks.slice(b + 1).find((x) => x.kind === 'stmt' && /^\s*endsnapshot/.test(text.slice(x.start, x.end)))?.start ?? text.length;
      const calls = jinjaCalls(text.slice(0, endAt)).filter((c) => c.range.start > blocks[b]!.end);
      build('snapshot', m[1]!, f.uri, f.dirs, calls, '', { start: blocks[b]!.start, end: blocks[b]!.end });
    }
  }
  for (const f of filesUnder(files, project.root, project.seedPaths, /\.csv$/i)) {
    nodes.push({
      uniqueId: `seed.${project.name}.${f.stem}`,
      resourceType: 'seed',
      packageName: project.name,
      name: f.stem,
      ...(target.database ? { database: target.database } : {}),
      schema: schemaName(undefined, target.schema, macros).schema,
      table: f.stem,
      uri: f.uri,
      fqn: [project.name, ...f.dirs, f.stem],
      tags: [],
      parents: [],
      notes: [],
    });
  }
  const resolved = resolve(project, nodes, pending, target.quote);
  return { ...resolved, skipped };
}

interface Pending {
  readonly node: Omit<DbtNode, 'parents'>;
  readonly calls: JinjaCall[];
  /** The model's text, for compiling it here (empty for snapshots). */
  readonly text: string;
}

/** A relation as dbt writes it in compiled SQL: each part quoted. */
function relationSql(n: DbtNode, quote: string): string | undefined {
  const parts = [n.database?.text, n.schema.text, n.table].filter((p): p is string => !!p);
  if (parts.some((p) => p.includes('<'))) return undefined;
  return parts.map((p) => `${quote}${p}${quote}`).join('.');
}

/**
 * The model compiled as dbt would when its only Jinja is `ref`, `source` and `config` calls (each `{{ ref(…) }}`
 * replaced by the relation, `{{ config(…) }}` dropped); undefined when anything else is templated.
 */
function compile(p: Pending, byId: Map<string, DbtNode>, parents: Map<JinjaCall, string>, quote: string): string | undefined {
  if (!p.text) return undefined;
  let out = '';
  let at = 0;
  for (const b of jinjaBlocks(p.text)) {
    const inside = p.calls.filter((c) => c.range.start >= b.start && c.range.end <= b.end);
    const body = p.text.slice(b.start, b.end).trim().replace(/^-|-$/g, '').trim();
    const call = inside[0];
    if (b.kind !== 'expr' || inside.length !== 1 || !call || body.length !== call.range.end - call.range.start) return undefined;
    out += p.text.slice(at, b.start - 2);
    if (call.name !== 'config') {
      const parent = byId.get(parents.get(call) ?? '');
      const rel = parent && relationSql(parent, quote);
      if (!rel) return undefined;
      out += rel;
    }
    at = Math.min(p.text.length, p.text.indexOf('}}', b.end) + 2);
  }
  return out + p.text.slice(at);
}

/** Resolves each pending node's `ref`/`source` calls to unique ids. */
function resolve(project: DbtProjectFile, nodes: DbtNode[], pending: Pending[], quote: string): Omit<ModelsRead, 'skipped'> {
  const unresolved: Unresolved[] = [];
  const byName = new Map<string, string>();
  for (const n of [...nodes, ...pending.map((p) => p.node)])
    if (n.resourceType !== 'source' && !byName.has(n.name)) byName.set(n.name, n.uniqueId);
  const sources = new Set(nodes.filter((n) => n.resourceType === 'source').map((n) => n.uniqueId));
  const out: DbtNode[] = [...nodes];
  const callParent = new Map<JinjaCall, string>();
  for (const { node, calls } of pending) {
    const parents: { id: string; range: OffsetRange }[] = [];
    for (const c of calls) {
      const text = `${c.name}(${c.args.map((a) => (typeof a === 'string' && !a.includes('{{') ? `'${a}'` : '…')).join(', ')})`;
      const miss = (reason: string) => unresolved.push({ call: text, uri: node.uri!, range: c.range, reason });
      if (c.name === 'ref') {
        const [a, b] = c.args;
        if (c.args.some((x) => typeof x !== 'string' || x.includes('{{')) || !c.args.length) miss('the name is computed when dbt runs');
        else if (b !== undefined && a !== project.name) miss(`the package \`${a}\` is not in the workspace (installed by \`dbt deps\`)`);
        else {
          const id = byName.get((b ?? a) as string);
          if (id) parents.push({ id, range: c.range });
          if (id) callParent.set(c, id);
          else miss(`no model, seed or snapshot \`${String(b ?? a)}\` in the project`);
        }
      } else if (c.name === 'source') {
        const [s, t] = c.args;
        if (typeof s !== 'string' || typeof t !== 'string' || `${s}${t}`.includes('{{')) miss('the name is computed when dbt runs');
        else {
          const id = `source.${project.name}.${s}.${t}`;
          if (sources.has(id)) parents.push({ id, range: c.range });
          if (sources.has(id)) callParent.set(c, id);
          else miss(`no source \`${s}\` with a table \`${t}\` in the project’s YAML`);
        }
      }
    }
    out.push({ ...node, parents: parents.filter((p, i) => parents.findIndex((q) => q.id === p.id) === i) });
  }
  const byId = new Map(out.map((n) => [n.uniqueId, n]));
  const pendingById = new Map(pending.map((p) => [p.node.uniqueId, p]));
  const compiled = out.map((n) => {
    const p = pendingById.get(n.uniqueId);
    const sql = p && compile(p, byId, callParent, quote);
    return sql
      ? {
          ...n,
          compiledSql: sql,
          notes: [...n.notes, 'SQL compiled here from the model (no manifest): `ref`/`source` replaced by the relations'],
        }
      : n;
  });
  return { nodes: compiled, unresolved };
}
