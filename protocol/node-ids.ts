/**
 * Marquez node ids, built and read in one place: `dataset:<namespace>:<name>`, `job:<namespace>:<name>`,
 * `datasetField:<namespace>:<dataset>:<field>` and `run:<uuid>`. The local endpoint, the language server's
 * static lineage, the extension and the webview all name graph nodes with these. Pure functions with no
 * imports, so every runtime (the webview included) may use them.
 *
 * Reading an id back is ambiguous when its parts hold `:`. Namespaces often do (URIs such as
 * `postgres://db:5432`, AWS ARNs such as `arn:aws:glue:us-east-1:123456789012`), names rarely do, so the
 * namespace takes whatever does not fit, as Marquez's own `NodeId` splits URIs.
 */

/** A dataset or job as Marquez names one. */
export interface EntityRef {
  readonly namespace: string;
  readonly name: string;
}

/** What a node id names, by its prefix (`datasetField` ids are `field`s). */
export type NodeIdKind = 'dataset' | 'job' | 'field' | 'run';

/** A node id read back: `field` for `datasetField` ids; runs have their id as `name` and no namespace. */
export interface ParsedNodeId {
  kind?: NodeIdKind;
  namespace: string;
  name: string;
  field?: string;
}

const KIND_BY_PREFIX: Readonly<Record<string, NodeIdKind>> = {
  dataset: 'dataset',
  job: 'job',
  datasetField: 'field',
  run: 'run',
};

/** `dataset:<namespace>:<name>`. */
export function datasetNodeId(id: EntityRef): string {
  return `dataset:${id.namespace}:${id.name}`;
}

/** `job:<namespace>:<name>`. */
export function jobNodeId(id: EntityRef): string {
  return `job:${id.namespace}:${id.name}`;
}

/** `datasetField:<namespace>:<name>:<field>`: a column of `dataset`. With `field` empty, the prefix of all its columns' ids. */
export function datasetFieldNodeId(dataset: EntityRef, field: string): string {
  return `datasetField:${dataset.namespace}:${dataset.name}:${field}`;
}

/** `run:<uuid>`. */
export function runNodeId(runId: string): string {
  return `run:${runId}`;
}

/** The kind of a node id by its prefix, when the prefix is a known one and something follows it. */
export function nodeIdKind(id: string): NodeIdKind | undefined {
  const colon = id.indexOf(':');
  return colon > 0 && colon < id.length - 1 ? KIND_BY_PREFIX[id.slice(0, colon)] : undefined;
}

/** The id without its `<kind>:` prefix (the whole id when it has no `:`), for display. */
export function nodeIdBody(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}

/**
 * Splits a node id into its parts, the way Marquez's `NodeId` does: an optional `#<version>` suffix is
 * dropped; if splitting on every `:` gives too many parts, it splits only on colons not followed by `//` or a
 * digit. What still does not fit goes into the namespace, and the last part is the name (the field for
 * `datasetField` ids). Unknown prefixes give no kind and the whole id as the name.
 */
export function parseNodeId(id: string): ParsedNodeId {
  const colon = id.indexOf(':');
  const kind = colon > 0 ? KIND_BY_PREFIX[id.slice(0, colon)] : undefined;
  if (!kind) return { namespace: '', name: id };
  const rest = id.slice(colon + 1);
  if (kind === 'run') return { kind, namespace: '', name: rest };
  const body = rest.replace(/#[^#:/]*$/, '');
  const expected = kind === 'field' ? 3 : 2;
  let parts = body.split(':');
  if (parts.length > expected) parts = body.split(/:(?!\/\/|\d)/);
  if (parts.length < expected) return { kind, namespace: '', name: body };
  const tail = parts.splice(parts.length - (expected - 1));
  const namespace = parts.join(':');
  return kind === 'field' ? { kind, namespace, name: tail[0], field: tail[1] } : { kind, namespace, name: tail[0] };
}
