/**
 * Where a conn_id points: the connections a project defines, found where Airflow would find them.
 *
 * Sources, in Airflow's secrets-backend order (environment variables before the metastore):
 * 1. `AIRFLOW_CONN_<ID>` variables of the project model's settings (compose `environment`, Kubernetes/Helm
 *    `env`, IaC over shell scripts and `.env` files over Dockerfile `ENV`, as `jobNamespace` ranks them), in URI
 *    or JSON form. Airflow looks a conn_id up as `AIRFLOW_CONN_` + the id upper-cased, so `get` is case-blind here.
 *    A variable of a compose service that does not run Airflow is skipped; one whose whole value is `${X}` passes
 *    a value set elsewhere through, so the next definition (usually the `.env` file compose reads) is used.
 * 2. Astro `airflow_settings.yaml` (`airflow.connections[]`: conn_id, conn_type, conn_host, conn_schema,
 *    conn_login, conn_password, conn_port, conn_extra), which `astro dev start` loads into the metastore.
 * 3. Connection exports (`airflow connections export` json/yaml/env, the local-filesystem secrets backend's
 *    files): files named `connections.json`, `connections.yaml`, `connections.yml`, `connections.env`, or
 *    `*connections*.json|yaml|yml` whose content has the shape (a mapping of conn_id → URI string or fields).
 */
import { SETTING_RANK } from '../../dags/lineage';
import type { ProjectModel, SettingFact } from '../../project/model';
import type { OffsetRange } from '../../text/model';
import { lineStarts } from '../../text/lines';
import { parseYaml, type YamlNode } from '../../yaml/ast';
import type { AirflowConnection, ConnectionLookup, SourceFiles } from '../types';
import { parseConnectionFields, parseConnectionValue, type Parsed } from './parse';

/** A definition that could not be read, and why (a diagnostic or a report line). */
export interface RefusedConnection {
  readonly connId: string;
  readonly reason: string;
  readonly source: { readonly uri: string; readonly range?: OffsetRange; readonly form: string };
}

export interface ConnectionIndex extends ConnectionLookup {
  /** Definitions that were found but not read (a templated whole value, a bad port, an unknown field). */
  refused(): readonly RefusedConnection[];
  /** Definitions that lost to another definition of the same conn_id (lower precedence). */
  shadowed(): readonly AirflowConnection[];
}

/** The environment forms in their precedence (airflow.cfg holds no connections). */
const ENV_RANK: Partial<Record<SettingFact['form'], number>> = Object.fromEntries(
  Object.entries(SETTING_RANK).filter(([form]) => form !== 'airflow-cfg'),
);

const PREFIX = 'AIRFLOW_CONN_';

/** Which export file names count (the name alone for exact names; the content's shape for the pattern). */
export function exportFileKind(uri: string): { readonly format: 'json' | 'yaml' | 'env'; readonly exact: boolean } | undefined {
  const name = uri.slice(uri.lastIndexOf('/') + 1).toLowerCase();
  if (name === 'airflow_settings.yaml' || name === 'airflow_settings.yml') return undefined;
  const exact = /^connections\.(json|ya?ml|env)$/.exec(name);
  if (exact) return { format: exact[1] === 'json' ? 'json' : exact[1] === 'env' ? 'env' : 'yaml', exact: true };
  const loose = /connections[^/]*\.(json|ya?ml)$/.exec(name);
  if (loose) return { format: loose[1] === 'json' ? 'json' : 'yaml', exact: false };
  return undefined;
}

export function connectionsOf(project: ProjectModel, files: SourceFiles): ConnectionIndex {
  const env = new Map<string, AirflowConnection>();
  const meta = new Map<string, AirflowConnection>();
  const refused: RefusedConnection[] = [];
  const shadowed: AirflowConnection[] = [];
  const offsets = offsetConverter(files);

  // 1. Environment variables, best rank first (a stable sort keeps file order within a rank).
  const vars = project.settings
    .filter(
      (s) => s.key.startsWith(PREFIX) && s.key.length > PREFIX.length && ENV_RANK[s.form] !== undefined && s.service?.airflow !== false,
    )
    .sort((a, b) => ENV_RANK[a.form]! - ENV_RANK[b.form]!);
  for (const s of vars) {
    const key = s.key.slice(PREFIX.length);
    const source = { uri: s.uri, form: s.form, ...offsets(s) };
    // `AIRFLOW_CONN__<TEAM>___<ID>`: a team's connection (Airflow 3 multi-team), not one a plain conn_id finds.
    if (key.startsWith('_')) {
      refused.push({ connId: key.toLowerCase(), reason: 'a team-scoped connection (`AIRFLOW_CONN__<TEAM>___<ID>`)', source });
      continue;
    }
    const connId = key.toLowerCase();
    if (key !== key.toUpperCase()) {
      refused.push({ connId, reason: `Airflow looks up \`${PREFIX}\` + the conn_id upper-cased, so \`${s.key}\` is never found`, source });
      continue;
    }
    const parsed = parseConnectionValue(s.value);
    if (!parsed.ok) {
      refused.push({ connId, reason: parsed.reason, source });
      continue;
    }
    const conn: AirflowConnection = { connId, ...parsed.fields, source };
    if (env.has(key)) shadowed.push(conn);
    else env.set(key, conn);
  }

  // 2. airflow_settings.yaml, 3. exports: the metastore (exact conn_id).
  const add = (connId: string, parsed: Parsed, source: AirflowConnection['source']) => {
    if (!parsed.ok) return refused.push({ connId, reason: parsed.reason, source });
    const conn: AirflowConnection = { connId, ...parsed.fields, source };
    if (meta.has(connId) || env.has(connId.toUpperCase())) shadowed.push(conn);
    else meta.set(connId, conn);
  };
  const uris = files.uris();
  for (const uri of uris) if (/(^|\/)airflow_settings\.ya?ml$/.test(uri)) astroSettings(uri, files.text(uri) ?? '', add, refused);
  for (const uri of uris) {
    const kind = exportFileKind(uri);
    if (kind) exportFile(uri, files.text(uri) ?? '', kind, add, refused);
  }

  const all = [...env.values(), ...meta.values()];
  return {
    get: (connId) => env.get(connId.toUpperCase()) ?? meta.get(connId),
    all: () => all,
    refused: () => refused,
    shadowed: () => shadowed,
  };
}

/** SettingFact ranges are line/character; the connection's range is offsets, when the file's text is known. */
function offsetConverter(files: SourceFiles): (s: SettingFact) => { range?: OffsetRange } {
  const starts = new Map<string, number[] | undefined>();
  return (s) => {
    if (!starts.has(s.uri)) {
      const text = files.text(s.uri);
      starts.set(s.uri, text === undefined ? undefined : lineStarts(text));
    }
    const lines = starts.get(s.uri);
    if (!lines) return {};
    const at = (p: { line: number; character: number }) => (lines[p.line] ?? 0) + p.character;
    return { range: { start: at(s.source.range.start), end: at(s.source.range.end) } };
  };
}

type Add = (connId: string, parsed: Parsed, source: AirflowConnection['source']) => void;

/** A YAML node as plain data: scalars as strings (null for `~`/`null`/empty plain), maps as objects. */
function plain(node: YamlNode | undefined): unknown {
  if (!node || node.kind === 'alias') return undefined;
  if (node.kind === 'scalar') return node.style === 'plain' && /^(~|null|Null|NULL|)$/.test(node.value) ? null : node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  return Object.fromEntries(node.pairs.map((p) => [p.key.value, plain(p.value)]));
}

function field(node: YamlNode | undefined, key: string): YamlNode | undefined {
  return node?.kind === 'map' ? node.pairs.find((p) => p.key.value === key)?.value : undefined;
}

function astroSettings(uri: string, text: string, add: Add, refused: RefusedConnection[]): void {
  const form = 'airflow_settings.yaml';
  const parsed = parseYaml(text);
  if (parsed.error) {
    refused.push({ connId: '', reason: `not valid YAML: ${parsed.error.message}`, source: { uri, form } });
    return;
  }
  const list = field(field(parsed.documents[0], 'airflow'), 'connections');
  if (list?.kind !== 'seq') return;
  for (const item of list.items) {
    if (item.kind !== 'map') continue;
    const id = field(item, 'conn_id');
    const connId = id?.kind === 'scalar' ? id.value.trim() : '';
    const range = item.range;
    // The template astro-cli writes has every field empty: not a connection.
    if (!connId || /^(~|null)$/i.test(connId)) continue;
    const values = plain(item) as Record<string, unknown>;
    const renamed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) {
      if (k === 'conn_id') continue;
      const name = k === 'conn_type' ? k : k.replace(/^conn_/, '');
      if (name === 'extra' && v && typeof v === 'object') renamed.extra = v;
      else renamed[name] = v;
    }
    add(connId, parseConnectionFields(renamed), { uri, range, form });
  }
}

function exportFile(
  uri: string,
  text: string,
  kind: NonNullable<ReturnType<typeof exportFileKind>>,
  add: Add,
  refused: RefusedConnection[],
): void {
  const form = `connections export (${kind.format})`;
  if (kind.format === 'env') {
    let offset = 0;
    for (const line of text.split('\n')) {
      const m = /^\s*([^#=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
      if (m) {
        const value = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
        add(m[1]!, parseConnectionValue(value), { uri, form, range: { start: offset, end: offset + line.replace(/\r$/, '').length } });
      }
      offset += line.length + 1;
    }
    return;
  }
  let root: unknown;
  const ranges = new Map<string, OffsetRange>();
  if (kind.format === 'json') {
    try {
      root = JSON.parse(text);
    } catch (e) {
      if (kind.exact) refused.push({ connId: '', reason: `not valid JSON: ${(e as Error).message}`, source: { uri, form } });
      return;
    }
  } else {
    const parsed = parseYaml(text);
    if (parsed.error) {
      if (kind.exact) refused.push({ connId: '', reason: `not valid YAML: ${parsed.error.message}`, source: { uri, form } });
      return;
    }
    const doc = parsed.documents[0];
    if (doc?.kind === 'map')
      for (const p of doc.pairs) ranges.set(p.key.value, p.value ? { start: p.key.range.start, end: p.value.range.end } : p.key.range);
    root = plain(doc);
  }
  const shaped =
    root !== null &&
    typeof root === 'object' &&
    !Array.isArray(root) &&
    Object.values(root).length > 0 &&
    Object.values(root).every(
      (v) => (typeof v === 'string' && v.includes('://')) || (v !== null && typeof v === 'object' && !Array.isArray(v)),
    );
  if (!shaped) {
    if (kind.exact) refused.push({ connId: '', reason: 'not a mapping of conn_id to a URI or connection fields', source: { uri, form } });
    return;
  }
  for (const [connId, value] of Object.entries(root as Record<string, unknown>)) {
    const range = ranges.get(connId) ?? jsonKeyRange(text, connId);
    const source = { uri, form, ...(range ? { range } : {}) };
    if (typeof value === 'string') add(connId, parseConnectionValue(value), source);
    else add(connId, parseConnectionFields(value as Record<string, unknown>), source);
  }
}

/** Where `"connId":` is written in a JSON text (its first occurrence as a key). */
function jsonKeyRange(text: string, key: string): OffsetRange | undefined {
  const quoted = JSON.stringify(key);
  let at = text.indexOf(quoted);
  while (at >= 0) {
    if (/^\s*:/.test(text.slice(at + quoted.length, at + quoted.length + 20))) return { start: at, end: at + quoted.length };
    at = text.indexOf(quoted, at + 1);
  }
  return undefined;
}
