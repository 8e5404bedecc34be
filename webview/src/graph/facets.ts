/**
 * What the details panel shows about a node, read from its untrusted `data`: Marquez's DatasetData / JobData
 * (fields, latestRun, location) and OpenLineage facets when the graph carries them (`data.facets`,
 * `data.inputFacets`, a run's `facets`): schema, sql, sourceCodeLocation, sourceCode, documentation,
 * ownership, dataQualityAssertions (or a producer's own `*assertions` facet, read by common/quality.ts),
 * columnLineage. Facets it does not know are passed through by name and JSON. Pure and defensive: a value of the wrong type is ignored, never thrown on.
 */
import { readAssertions, type Assertion } from '../../../common/quality';
import type { PresenceMark } from '../../../protocol/webview';
import { isRecord, str, type GraphNode } from './model';
import { predictedOf, type PredictedInfo } from './predicted';

export interface SchemaField {
  name: string;
  type?: string;
  description?: string;
  /** Nested fields (structs), from the schema facet. */
  children: SchemaField[];
}

export interface RunInfo {
  id?: string;
  state?: string;
  /** Epoch milliseconds. */
  startedAt?: number;
  endedAt?: number;
  durationMs?: number;
  /** From the run's errorMessage facet. */
  errorMessage?: string;
}

export interface SourceCodeLink {
  /** What to open: a URL (http, https or file). */
  url: string;
  /** What to show: the path in the repository when known, else the URL. */
  label: string;
  type?: string;
  repoUrl?: string;
  path?: string;
  /** Version, tag or branch, whichever is given first. */
  version?: string;
  /** 0-based line, from a `#L12` anchor. */
  line?: number;
}

export interface ColumnInput {
  namespace: string;
  name: string;
  field: string;
  /** `DIRECT/IDENTITY`, `INDIRECT/FILTER`, … or the deprecated transformationType. */
  transformations: string[];
}

export interface ColumnLineageEntry {
  /** The output column. */
  field: string;
  inputs: ColumnInput[];
}

export interface Owner {
  name: string;
  type?: string;
}

export interface NodeDetails {
  fields: SchemaField[];
  /** The documentation facet's description, when it says more than `node.description`. */
  documentation?: string;
  owners: Owner[];
  sql?: { query: string; dialect?: string };
  sourceCode?: { language: string; code: string };
  location?: SourceCodeLink;
  /** Set in the DAG Lineage view: where the node was found. */
  presence?: PresenceInfo;
  /** A static-lineage node: how the code names it, and what the runtime will report. */
  predicted?: PredictedInfo;
  run?: RunInfo;
  /** From `dataQualityAssertions`, else a producer's own `*assertions` facet (named in `facet`). */
  assertions?: { facet: string; items: Assertion[]; passed: number; failed: number };
  columnLineage: ColumnLineageEntry[];
  /** For a dataset field (column-lineage graphs): its inputs and transformation. */
  fieldInputs: ColumnInput[];
  /** Facets not shown above, by name, as indented JSON (at most 4,000 characters). */
  otherFacets: { name: string; json: string }[];
}

/** Facet names the panel shows in its own sections. */
const SHOWN = new Set([
  'schema',
  'sql',
  'sourceCodeLocation',
  'sourceCode',
  'documentation',
  'ownership',
  'dataQualityAssertions',
  'columnLineage',
]);

type Rec = Record<string, unknown>;

/**
 * A timestamp as epoch milliseconds: ISO-8601 strings (the API) or epoch seconds with decimals (Marquez's test
 * fixtures serialise timestamps that way), or epoch milliseconds.
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return parseTime(Number(value));
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** The facets of a node: `data.facets`, then `data.inputFacets` and `data.outputFacets` for what is missing. */
export function facetsOf(data: Readonly<Rec>): Rec {
  const out: Rec = {};
  for (const key of ['facets', 'inputFacets', 'outputFacets']) {
    const f = data[key];
    if (!isRecord(f)) continue;
    for (const [name, value] of Object.entries(f)) if (!(name in out) && isRecord(value)) out[name] = value;
  }
  return out;
}

function schemaFields(list: unknown, depth = 0): SchemaField[] {
  if (!Array.isArray(list) || depth > 8) return [];
  const out: SchemaField[] = [];
  for (const f of list) {
    if (!isRecord(f)) continue;
    const name = str(f.name);
    if (name === undefined) continue;
    const field: SchemaField = { name, children: schemaFields(f.fields, depth + 1) };
    const type = str(f.type);
    if (type !== undefined) field.type = type;
    const description = str(f.description);
    if (description !== undefined) field.description = description;
    out.push(field);
  }
  return out;
}

function runOf(data: Readonly<Rec>): RunInfo | undefined {
  let raw = data.latestRun;
  if (!isRecord(raw) && Array.isArray(data.latestRuns)) raw = data.latestRuns.find(isRecord);
  if (!isRecord(raw)) return undefined;
  const run: RunInfo = {};
  const id = str(raw.id) ?? (isRecord(raw.id) ? str(raw.id.value) : undefined);
  if (id !== undefined) run.id = id;
  const state = str(raw.state);
  if (state !== undefined) run.state = state;
  const startedAt = parseTime(raw.startedAt);
  const endedAt = parseTime(raw.endedAt);
  if (startedAt !== undefined) run.startedAt = startedAt;
  if (endedAt !== undefined) run.endedAt = endedAt;
  const duration =
    typeof raw.durationMs === 'number' && Number.isFinite(raw.durationMs)
      ? raw.durationMs
      : startedAt !== undefined && endedAt !== undefined && endedAt >= startedAt
        ? endedAt - startedAt
        : undefined;
  if (duration !== undefined) run.durationMs = duration;
  const facets = isRecord(raw.facets) ? raw.facets : {};
  const error = isRecord(facets.errorMessage) ? str(facets.errorMessage.message) : undefined;
  if (error !== undefined) run.errorMessage = error;
  return Object.keys(run).length > 0 ? run : undefined;
}

/**
 * Where the code of a node is, in the workspace: Lineage Lens's `sourceLocation` (`{uri, range}`, 0-based), set
 * on lineage read from DAG code and kept when it is merged with runtime lineage. Only `file:` URIs.
 */
function workspaceLocationOf(data: Readonly<Rec>): SourceCodeLink | undefined {
  const loc = data.sourceLocation;
  if (!isRecord(loc)) return undefined;
  const uri = str(loc.uri);
  if (uri === undefined || !/^file:/i.test(uri)) return undefined;
  const start = isRecord(loc.range) && isRecord(loc.range.start) ? loc.range.start.line : undefined;
  const line = typeof start === 'number' && Number.isInteger(start) && start >= 0 ? start : undefined;
  const file = decodeURIComponent(uri.replace(/[?#].*$/, '').replace(/^.*\//, ''));
  const location: SourceCodeLink = { url: uri, label: line !== undefined ? `${file}:${line + 1}` : file, type: 'workspace' };
  if (line !== undefined) location.line = line;
  return location;
}

/** Where a node's code is: in the workspace (lineage read from code) first, else its sourceCodeLocation facet. */
export function locationOf(node: GraphNode): SourceCodeLink | undefined {
  return workspaceLocationOf(node.data) ?? facetLocationOf(facetsOf(node.data), node.data);
}

function facetLocationOf(facets: Rec, data: Readonly<Rec>): SourceCodeLink | undefined {
  const f = isRecord(facets.sourceCodeLocation) ? facets.sourceCodeLocation : undefined;
  const url = (f && str(f.url)) ?? str(data.location);
  if (url === undefined || !/^(https?|file):/i.test(url)) return undefined;
  const location: SourceCodeLink = { url, label: (f && str(f.path)) ?? url };
  if (f) {
    for (const key of ['type', 'repoUrl', 'path'] as const) {
      const v = str(f[key]);
      if (v !== undefined) location[key] = v;
    }
    const version = str(f.version) ?? str(f.tag) ?? str(f.branch);
    if (version !== undefined) location.version = version;
  }
  const line = /#L(\d+)/.exec(url);
  if (line) location.line = Math.max(0, Number(line[1]) - 1);
  return location;
}

function transformationsOf(input: Rec): string[] {
  const out: string[] = [];
  if (Array.isArray(input.transformations)) {
    for (const t of input.transformations) {
      if (!isRecord(t)) continue;
      const type = str(t.type);
      const subtype = str(t.subtype);
      const label = [type, subtype].filter(Boolean).join('/');
      if (label) out.push(t.masking === true ? `${label} (masked)` : label);
    }
  }
  const legacy = str(input.transformationType);
  if (out.length === 0 && legacy !== undefined) out.push(legacy);
  return out;
}

/** The `columnLineage` facet's fields: each output column with the input columns it is computed from. */
export function columnLineageOf(facets: Rec): ColumnLineageEntry[] {
  const f = facets.columnLineage;
  if (!isRecord(f) || !isRecord(f.fields)) return [];
  const out: ColumnLineageEntry[] = [];
  for (const [field, value] of Object.entries(f.fields)) {
    if (!isRecord(value) || !Array.isArray(value.inputFields)) continue;
    const inputs: ColumnInput[] = [];
    for (const i of value.inputFields) {
      if (!isRecord(i)) continue;
      const namespace = str(i.namespace);
      const name = str(i.name);
      const inputField = str(i.field);
      if (namespace === undefined || name === undefined || inputField === undefined) continue;
      const transformations = transformationsOf(i);
      if (transformations.length === 0) transformations.push(...transformationsOf(value));
      inputs.push({ namespace, name, field: inputField, transformations });
    }
    out.push({ field, inputs });
  }
  return out;
}

/** The dataset's assertions (common/quality.ts, as the Issues view reads them), with how many passed and failed. */
function assertionsOf(facets: Rec): NodeDetails['assertions'] {
  const found = readAssertions(facets);
  if (!found) return undefined;
  const passed = found.assertions.filter((a) => a.success).length;
  return { facet: found.facet, items: found.assertions, passed, failed: found.assertions.length - passed };
}

function fieldInputsOf(data: Readonly<Rec>): ColumnInput[] {
  if (!Array.isArray(data.inputFields)) return [];
  const out: ColumnInput[] = [];
  for (const i of data.inputFields) {
    if (!isRecord(i)) continue;
    const namespace = str(i.namespace);
    const name = str(i.dataset) ?? str(i.name);
    const field = str(i.field);
    if (namespace === undefined || name === undefined || field === undefined) continue;
    const transformations = transformationsOf(i);
    if (transformations.length === 0) transformations.push(...transformationsOf(data as Rec));
    out.push({ namespace, name, field, transformations });
  }
  return out;
}

/** Everything the details panel shows about `node`. */
export function nodeDetails(node: GraphNode): NodeDetails {
  const data = node.data;
  const facets = facetsOf(data);
  const schema = isRecord(facets.schema) ? schemaFields(facets.schema.fields) : [];
  const details: NodeDetails = {
    // Marquez's fields first (with nested fields from the schema facet), then schema fields Marquez does not list.
    fields: [
      ...node.fields.map((f) => ({ ...f, children: schema.find((s) => s.name === f.name)?.children ?? [] })),
      ...schema.filter((s) => !node.fields.some((f) => f.name === s.name)),
    ],
    owners: [],
    columnLineage: columnLineageOf(facets),
    fieldInputs: node.kind === 'field' ? fieldInputsOf(data) : [],
    otherFacets: [],
  };
  if (isRecord(facets.documentation)) {
    const doc = str(facets.documentation.description);
    if (doc !== undefined && doc !== node.description) details.documentation = doc;
  }
  if (isRecord(facets.ownership) && Array.isArray(facets.ownership.owners)) {
    for (const o of facets.ownership.owners) {
      if (!isRecord(o)) continue;
      const name = str(o.name);
      if (name === undefined) continue;
      const type = str(o.type);
      details.owners.push(type !== undefined ? { name, type } : { name });
    }
  }
  if (isRecord(facets.sql)) {
    const query = str(facets.sql.query);
    if (query !== undefined) {
      const dialect = str(facets.sql.dialect);
      details.sql = dialect !== undefined ? { query, dialect } : { query };
    }
  }
  if (isRecord(facets.sourceCode)) {
    const code = str(facets.sourceCode.sourceCode);
    if (code !== undefined) details.sourceCode = { language: str(facets.sourceCode.language) ?? '', code };
  }
  const location = workspaceLocationOf(data) ?? facetLocationOf(facets, data);
  if (location) details.location = location;
  const presence = presenceOf(node);
  if (presence) details.presence = presence;
  const predicted = predictedOf(node);
  if (predicted) details.predicted = predicted;
  const run = node.kind === 'job' ? runOf(data) : undefined;
  if (run) details.run = run;
  const assertions = assertionsOf(facets);
  if (assertions) details.assertions = assertions;
  for (const [name, value] of Object.entries(facets)) {
    if (SHOWN.has(name) || name === assertions?.facet) continue;
    let json: string;
    try {
      json = JSON.stringify(value, null, 2) ?? '';
    } catch {
      json = '(not serialisable)';
    }
    details.otherFacets.push({ name, json: json.length > 4000 ? `${json.slice(0, 4000)}\n…` : json });
  }
  return details;
}

/** The run state in a word for a node's badge: the job's latest run state, if any. */
/** The DAG Lineage view's mark as the details show it (protocol/webview.ts `PresenceMark`, every field present). */
export type PresenceInfo = Required<PresenceMark>;

/** The DAG Lineage view's mark on a node (`data.lineageLens`, set by the extension host), if it has one. */
export function presenceOf(node: GraphNode): PresenceInfo | undefined {
  const mark = node.data.lineageLens;
  if (!isRecord(mark)) return undefined;
  const presence = mark.presence;
  if (presence !== 'code' && presence !== 'runtime' && presence !== 'both') return undefined;
  const nearest = Array.isArray(mark.nearest) ? mark.nearest.filter((n): n is string => typeof n === 'string').slice(0, 5) : [];
  return { presence, detail: str(mark.detail) ?? '', nearest };
}

export function runStateOf(node: GraphNode): string | undefined {
  if (node.kind === 'run') return node.subtype;
  if (node.kind !== 'job') return undefined;
  return runOf(node.data)?.state;
}
