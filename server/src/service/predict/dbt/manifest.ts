/**
 * dbt's `target/manifest.json` → the nodes dbt-ol reads (models, seeds, snapshots, sources, tests, their
 * parents and compiled SQL). The manifest of a large project is tens of megabytes; the language server must
 * not stall on it, so a manifest over {@link MANIFEST_LIMIT} characters is refused with a problem and the
 * project is read from its models instead.
 */
import type { OffsetRange } from '../../text/model';
import type { Rendered } from './jinja';

/** 16 Mi characters: JSON.parse of a manifest this size takes ~100 ms; larger ones are read from the models. */
export const MANIFEST_LIMIT = 16 * 1024 * 1024;

export type NodeType = 'model' | 'seed' | 'snapshot' | 'source' | 'test';

/** A node as dbt-ol sees it, from the manifest or from the project's files. */
export interface DbtNode {
  readonly uniqueId: string;
  readonly resourceType: NodeType;
  readonly packageName: string;
  readonly name: string;
  /** Undefined when the adapter has no database (Spark without one). */
  readonly database?: Rendered;
  readonly schema: Rendered;
  /** The table name dbt-ol uses: a model's alias, a source's `name` (dbt-ol ignores `identifier`). */
  readonly table: string;
  /** `original_file_path`, relative to the project folder. */
  readonly path?: string;
  /** Where the node is defined (the model file; the sources YAML). */
  readonly uri?: string;
  readonly range?: OffsetRange;
  readonly fqn: readonly string[];
  readonly tags: readonly string[];
  /** Parents by unique id, with where each `ref`/`source` is written when read from the model. */
  readonly parents: readonly { readonly id: string; readonly range?: OffsetRange }[];
  readonly compiledSql?: string;
  /** How the node was named, when it matters (an override macro, SQL compiled here). */
  readonly notes: readonly string[];
}

export type ManifestRead =
  | { readonly nodes: readonly DbtNode[]; readonly version?: number; readonly adapter?: string }
  | { readonly problem: string; readonly range: OffsetRange };

const known = (text: unknown): Rendered | undefined => (typeof text === 'string' && text ? { text, placeholders: [] } : undefined);

function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * Where JSON.parse stopped, for the problem's range: V8 says `at position 1234`, or quotes the text around an
 * unexpected token (`Unexpected token '}', ..."model": }" is not valid JSON`), or `Unexpected end`.
 */
function errorOffset(message: string, text: string): number {
  const m = /position (\d+)/.exec(message);
  if (m) return Math.min(Number(m[1]), text.length);
  if (/Unexpected end/.test(message)) return text.length;
  const q = /Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON/.exec(message);
  const at = q ? text.indexOf(q[3]!) : -1;
  if (!q || at < 0) return 0;
  const inside = q[2] ? q[3]!.indexOf(q[1]!, Math.min(10, q[3]!.length - 1)) : q[3]!.indexOf(q[1]!);
  return at + Math.max(0, inside);
}

/** Reads a manifest text; `root` is the project folder URI, for node file URIs. */
export function readManifest(text: string, root: string): ManifestRead {
  if (text.length > MANIFEST_LIMIT) {
    return {
      problem: `target/manifest.json is ${(text.length / 1048576).toFixed(1)} MB, over the ${MANIFEST_LIMIT / 1048576} MB Lineage Lens reads: the lineage is predicted from the models instead.`,
      range: { start: 0, end: 0 },
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = errorOffset(message, text);
    return {
      problem: `target/manifest.json is not valid JSON (${message}): the lineage is predicted from the models instead.`,
      range: { start: at, end: at },
    };
  }
  const m = record(data);
  const nodes = record(m?.nodes);
  if (!m || !nodes) return { problem: 'target/manifest.json has no `nodes`: it is not a dbt manifest.', range: { start: 0, end: 0 } };
  const schemaVersion = record(m.metadata)?.dbt_schema_version;
  const version = typeof schemaVersion === 'string' ? Number(/v(\d+)\.json$/.exec(schemaVersion)?.[1]) || undefined : undefined;
  const adapter = record(m.metadata)?.adapter_type;
  const parentMap = record(m.parent_map);
  const out: DbtNode[] = [];
  const add = (id: string, raw: unknown, isSource: boolean) => {
    const n = record(raw);
    if (!n) return;
    const type = (isSource ? 'source' : n.resource_type) as NodeType;
    if (!['model', 'seed', 'snapshot', 'source', 'test'].includes(type)) return;
    const name = typeof n.name === 'string' ? n.name : id.split('.').pop()!;
    const path = typeof n.original_file_path === 'string' ? n.original_file_path : undefined;
    const config = record(n.config);
    const parents = parentMap && Array.isArray(parentMap[id]) ? strList(parentMap[id]) : strList(record(n.depends_on)?.nodes);
    const compiled = n.compiled_code ?? n.compiled_sql;
    const database = known(n.database);
    out.push({
      uniqueId: id,
      resourceType: type,
      packageName: typeof n.package_name === 'string' ? n.package_name : (id.split('.')[1] ?? ''),
      name,
      ...(database ? { database } : {}),
      schema: known(n.schema) ?? { text: '', placeholders: [] },
      table: isSource ? name : typeof n.alias === 'string' && n.alias ? n.alias : name,
      ...(path ? { path, uri: `${root}${path.split('/').map(encodeURIComponent).join('/')}` } : {}),
      fqn: strList(n.fqn),
      tags: [...new Set([...strList(n.tags), ...strList(config?.tags)])],
      parents: parents.map((p) => ({ id: p })),
      ...(typeof compiled === 'string' && compiled ? { compiledSql: compiled } : {}),
      notes: [],
    });
  };
  for (const [id, raw] of Object.entries(nodes)) add(id, raw, false);
  for (const [id, raw] of Object.entries(record(m.sources) ?? {})) add(id, raw, true);
  return { nodes: out, ...(version ? { version } : {}), ...(typeof adapter === 'string' ? { adapter } : {}) };
}
