/**
 * OpenMetadata's view of a DAG's inlets and outlets (`lineage_parser.py`,
 * docs/upstream/openmetadata.md#inlets-and-outlets): which xlets are OpenMetadata's (the legacy `{"tables": [...]}`
 * dict, `OMEntity(...)`, the `{entity, fqn, key}` dict), the entity types and classes it knows, and Airflow 1.10's
 * look-alike dicts, which are not OpenMetadata's.
 */
import type { DagFile, ImportBinding, PyArg, PyDictEntry, PyString, Xlet } from './model';
import { argOf } from './xlets';

export type LegacyDict = Extract<Xlet, { kind: 'legacy-dict' }>;
export type OmDict = Extract<Xlet, { kind: 'om-dict' }>;
export type OmEntityCall = Extract<Xlet, { kind: 'om-entity' }>;

/**
 * Keys of `ENTITY_REFERENCE_CLASS_MAP` (metadata/utils/constants.py): the `entity` values of the dict form.
 * docs/upstream/openmetadata.md#inlets-and-outlets lists the data assets and "service types, …"; this is the full map
 * of a recent snapshot.
 */
export const OM_ENTITY_TYPES: readonly string[] = [
  'table',
  'container',
  'dashboard',
  'dashboardDataModel',
  'pipeline',
  'topic',
  'searchIndex',
  'mlmodel',
  'apiEndpoint',
  'apiCollection',
  'storedProcedure',
  'database',
  'databaseSchema',
  'chart',
  'databaseService',
  'messagingService',
  'apiService',
  'dashboardService',
  'pipelineService',
  'storageService',
  'mlmodelService',
  'metadataService',
  'searchService',
  'user',
  'team',
  'domain',
  'dataProduct',
  'metric',
  'glossary',
  'glossaryTerm',
];

/** The entity classes docs/upstream/openmetadata.md#inlets-and-outlets lists for `OMEntity(entity=...)`, with their dict-form type. */
export const OM_ENTITY_CLASSES: Readonly<Record<string, string>> = {
  Table: 'table',
  Container: 'container',
  Dashboard: 'dashboard',
  DashboardDataModel: 'dashboardDataModel',
  Pipeline: 'pipeline',
  Topic: 'topic',
  SearchIndex: 'searchIndex',
  APIEndpoint: 'apiEndpoint',
  MlModel: 'mlmodel',
};

export const OMENTITY_FIELDS = ['entity', 'fqn', 'key'] as const;

/** Keys of Airflow 1.10's lineage dicts (`{"datasets": [...]}`, `{"auto": True}`, `{"task_ids": [...]}`). */
const AIRFLOW1_KEYS = new Set(['datasets', 'auto', 'task_ids']);

/**
 * True when a dict xlet is Airflow 1.10's lineage form rather than OpenMetadata's legacy dict: it has `auto`
 * or `task_ids`, or `datasets` holding objects (or the file imports `airflow.lineage.datasets`).
 */
export function isAirflow1Dict(x: LegacyDict, file: DagFile): boolean {
  const keys = x.entries.map((e) => e.key.value);
  if (!keys.length || !keys.every((k) => AIRFLOW1_KEYS.has(k))) return false;
  if (keys.includes('auto') || keys.includes('task_ids')) return true;
  if (file.imports.some((b) => b.module === 'airflow.lineage.datasets' || b.module.startsWith('airflow.lineage.datasets.'))) return true;
  // `datasets` holding File(...) objects or names rather than FQN strings.
  return x.entries.some((e) => (e.items ? e.items.some((i) => i.kind !== 'literal') : e.value?.kind !== 'literal'));
}

/** A legacy dict entry OpenMetadata reads as a group: its value is a list. */
export function isGroupEntry(e: PyDictEntry): boolean {
  return e.items !== undefined;
}

export function dictEntry(x: OmDict | LegacyDict, key: string): PyDictEntry | undefined {
  return x.entries.find((e) => e.key.kind === 'literal' && e.key.value === key);
}

/** The import binding of a local name, if the file imports it. */
export function importOf(file: DagFile, local: string): ImportBinding | undefined {
  return file.imports.find((b) => b.local === local);
}

/**
 * The entity type (`table`, `container`...) of `OMEntity(entity=X)`, when `X` is a class
 * docs/upstream/openmetadata.md#inlets-and-outlets lists (as imported, or written plainly); undefined when it cannot
 * be told.
 */
export function omEntityType(file: DagFile, entity: PyArg | undefined): string | undefined {
  if (!entity || entity.string) return undefined;
  const text = entity.valueText.trim();
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(text)) return undefined;
  const binding = importOf(file, text);
  const cls = binding ? binding.imported : text.slice(text.lastIndexOf('.') + 1);
  return OM_ENTITY_CLASSES[cls];
}

export function omEntityArgs(x: OmEntityCall): { entity?: PyArg; fqn?: PyArg; key?: PyArg } {
  const entity = argOf(x.args, 'entity');
  const fqn = argOf(x.args, 'fqn');
  const key = argOf(x.args, 'key');
  return { ...(entity ? { entity } : {}), ...(fqn ? { fqn } : {}), ...(key ? { key } : {}) };
}

/** The quote character a Python string literal was written with, if its range sits right inside quotes. */
export function quoteOf(text: string, s: PyString): string | undefined {
  const q = text[s.range.start - 1];
  return (q === '"' || q === "'") && text[s.range.end] === q && text[s.range.start - 2] !== q ? q : undefined;
}
