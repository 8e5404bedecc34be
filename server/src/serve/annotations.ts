/**
 * What the local endpoint holds besides events: the writes of Marquez's API that its web UI and clients make
 * (tags and their descriptions; tags on jobs, datasets and dataset fields; namespaces' owner and description;
 * sources). Each write is a {@link WriteRecord}; {@link Annotations.apply} folds one in. Pure: the records are
 * stored durably in `writes.jsonl` (./write-log.ts) and applied again, in order, at start-up, so the same
 * records always give the same annotations.
 */

import { Deletions, parseDeleteRecord, type DeleteNamespaceRecord, type DeleteRecord } from './visibility';

/** One write, as stored (one JSON line each); `at` is epoch ms. */
export type WriteRecord =
  | { op: 'tag'; name: string; description: string | null; at: number }
  | { op: 'jobTag'; namespace: string; job: string; tag: string; add: boolean; at: number }
  | { op: 'datasetTag'; namespace: string; dataset: string; tag: string; add: boolean; at: number }
  | { op: 'fieldTag'; namespace: string; dataset: string; field: string; tag: string; add: boolean; at: number }
  | { op: 'namespace'; name: string; ownerName: string; description: string | null; at: number }
  | { op: 'source'; name: string; type: string; connectionUrl: string; description: string | null; at: number }
  /** Soft deletes of a job, a dataset or a namespace (./visibility.ts). */
  | DeleteRecord
  | DeleteNamespaceRecord;

export interface TagRecord {
  name: string;
  description: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NamespaceMeta {
  ownerName: string;
  description: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface SourceMeta {
  type: string;
  connectionUrl: string;
  description: string | null;
  createdAt: number;
  updatedAt: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isTextOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** The record a stored line holds, or undefined when it is not one (a line from elsewhere is skipped). */
export function parseWriteRecord(value: unknown): WriteRecord | undefined {
  if (!isObject(value) || typeof value.at !== 'number' || !Number.isFinite(value.at)) return undefined;
  const v = value;
  switch (v.op) {
    case 'tag':
      return isText(v.name) && isTextOrNull(v.description) ? (v as WriteRecord) : undefined;
    case 'jobTag':
      return isText(v.namespace) && isText(v.job) && isText(v.tag) && typeof v.add === 'boolean' ? (v as WriteRecord) : undefined;
    case 'datasetTag':
      return isText(v.namespace) && isText(v.dataset) && isText(v.tag) && typeof v.add === 'boolean' ? (v as WriteRecord) : undefined;
    case 'fieldTag':
      return isText(v.namespace) && isText(v.dataset) && isText(v.field) && isText(v.tag) && typeof v.add === 'boolean'
        ? (v as WriteRecord)
        : undefined;
    case 'namespace':
      return isText(v.name) && isText(v.ownerName) && isTextOrNull(v.description) ? (v as WriteRecord) : undefined;
    case 'source':
      return isText(v.name) && isText(v.type) && isText(v.connectionUrl) && isTextOrNull(v.description) ? (v as WriteRecord) : undefined;
    case 'delete':
    case 'deleteNamespace':
      return parseDeleteRecord(v);
    default:
      return undefined;
  }
}

/** Keys of the tag sets: a job, a dataset, a field (`\u0000` cannot occur in the JSON strings' names). */
const key = (...parts: string[]) => parts.join('\u0000');

/** The annotations the writes made. */
export class Annotations {
  /** By name. */
  readonly tags = new Map<string, TagRecord>();
  /** Namespaces given an owner or description (or created) with `PUT /namespaces/{ns}`, by name. */
  readonly namespaces = new Map<string, NamespaceMeta>();
  /** Sources created with `PUT /sources/{s}`, by name. */
  readonly sources = new Map<string, SourceMeta>();
  private readonly jobTagSets = new Map<string, Set<string>>();
  private readonly datasetTagSets = new Map<string, Set<string>>();
  private readonly fieldTagSets = new Map<string, Set<string>>();
  /** Soft-deleted jobs, datasets and namespaces (./visibility.ts). */
  readonly deletions = new Deletions();

  apply(record: WriteRecord): void {
    switch (record.op) {
      case 'tag': {
        const known = this.tags.get(record.name);
        if (known) {
          // Marquez's TagDao.upsert: a PUT without a description keeps the one the tag has.
          if (record.description !== null) known.description = record.description;
          known.updatedAt = record.at;
        } else
          this.tags.set(record.name, { name: record.name, description: record.description, createdAt: record.at, updatedAt: record.at });
        return;
      }
      case 'jobTag':
        return this.toggle(this.jobTagSets, key(record.namespace, record.job), record.tag, record.add, record.at);
      case 'datasetTag':
        return this.toggle(this.datasetTagSets, key(record.namespace, record.dataset), record.tag, record.add, record.at);
      case 'fieldTag':
        return this.toggle(this.fieldTagSets, key(record.namespace, record.dataset, record.field), record.tag, record.add, record.at);
      case 'namespace': {
        this.deletions.namespacePut(record.name);
        const known = this.namespaces.get(record.name);
        this.namespaces.set(record.name, {
          ownerName: record.ownerName,
          description: record.description,
          createdAt: known?.createdAt ?? record.at,
          updatedAt: record.at,
        });
        return;
      }
      case 'delete':
      case 'deleteNamespace':
        this.deletions.apply(record);
        return;
      case 'source': {
        const known = this.sources.get(record.name);
        const { type, connectionUrl, description } = record;
        this.sources.set(record.name, { type, connectionUrl, description, createdAt: known?.createdAt ?? record.at, updatedAt: record.at });
        return;
      }
    }
  }

  /** A tag added to anything exists (with no description), as Marquez creates it on first use. */
  private toggle(sets: Map<string, Set<string>>, k: string, tag: string, add: boolean, at: number): void {
    let set = sets.get(k);
    if (add) {
      if (!this.tags.has(tag)) this.tags.set(tag, { name: tag, description: null, createdAt: at, updatedAt: at });
      if (!set) sets.set(k, (set = new Set()));
      set.add(tag);
    } else if (set) {
      set.delete(tag);
      if (set.size === 0) sets.delete(k);
    }
  }

  /** A job's tags, sorted. */
  jobTags(namespace: string, job: string): string[] {
    return sorted(this.jobTagSets.get(key(namespace, job)));
  }

  /** A dataset's tags, sorted. */
  datasetTags(namespace: string, dataset: string): string[] {
    return sorted(this.datasetTagSets.get(key(namespace, dataset)));
  }

  /** A dataset field's tags, sorted. */
  fieldTags(namespace: string, dataset: string, field: string): string[] {
    return sorted(this.fieldTagSets.get(key(namespace, dataset, field)));
  }
}

const sorted = (set: Set<string> | undefined): string[] => (set ? [...set].sort() : []);
