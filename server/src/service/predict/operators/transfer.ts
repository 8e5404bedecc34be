/**
 * Transfer and storage operators: the datasets each one's OpenLineage method names, from its arguments
 * (sources in catalog.ts). Only what the method itself builds from the arguments: the facets it adds (schema,
 * column lineage from table details, lifecycle changes) come from the run.
 */
import type { PyArg } from '../../dags/model';
import type { AirflowConnection, ConnectionLookup, Placeholder, PredictedDataset, SqlLineageFn } from '../types';
import { argPart, mergePlaceholders, type NamePart, type OperatorArgs } from './args';
import { extraText } from '../connections/namespace';
import { gcsDatasetName, gcsUrl, join, known, LOCAL_IP, mapText, resolvedHost, s3BucketKey } from './names';

export type NamespaceFor = (conn: AirflowConnection) => { namespace: string; placeholders: readonly Placeholder[]; note: string };

export interface TransferContext {
  readonly args: OperatorArgs;
  readonly connections: ConnectionLookup;
  readonly namespaceFor: NamespaceFor;
  readonly sql?: SqlLineageFn;
}

export interface TransferResult {
  readonly inputs: PredictedDataset[];
  readonly outputs: PredictedDataset[];
}

type Transfer = (cx: TransferContext) => TransferResult;

/** A dataset named by an operator's arguments; `arg` locates it in the DAG file. */
function ds(namespace: NamePart, name: NamePart, note: string, arg?: PyArg): PredictedDataset {
  const placeholders = mergePlaceholders(namespace.placeholders, name.placeholders);
  return {
    namespace: namespace.text,
    name: name.text,
    provenance: 'operator',
    note,
    ...(placeholders.length ? { placeholders } : {}),
    ...(arg ? { source: { range: arg.valueRange } } : {}),
  };
}

/** The argument's value as a part, with the argument (undefined when not given or `None`). */
function value(cx: TransferContext, name: string): { part: NamePart; arg: PyArg } | undefined {
  const found = cx.args.get(name);
  if (!found || found.arg.valueText === 'None') return undefined;
  return { part: argPart(found.arg, name), arg: found.arg };
}

/** A string or list-of-strings argument as parts (each list item with its own range). */
function values(cx: TransferContext, name: string): { part: NamePart; arg: PyArg }[] {
  const found = cx.args.get(name);
  if (!found || found.arg.valueText === 'None') return [];
  const { arg } = found;
  if (arg.strings) {
    return arg.strings.map((s) => ({
      part: argPart({ ...arg, string: s, valueText: s.value }, name),
      arg: { ...arg, valueRange: s.range },
    }));
  }
  return [{ part: argPart(arg, name), arg }];
}

function s3(cx: TransferContext, bucketArg: string | undefined, keyArg: string, note: string): PredictedDataset | undefined {
  const key = value(cx, keyArg);
  if (!key) return undefined;
  const bucket = bucketArg ? value(cx, bucketArg)?.part : undefined;
  const split = s3BucketKey(bucket, key.part);
  if (!split) return undefined;
  return ds(join('s3://', split.bucket), split.key, note, key.arg);
}

/** A connection and the parts of it a name needs, placeholders when it is not in the workspace. */
function connPart(cx: TransferContext, connArg: string, fallback: string) {
  const id = cx.args.literal(connArg) ?? fallback;
  const conn = cx.connections.get(id);
  const field = (f: 'host' | 'schema', v: string | undefined): NamePart =>
    v !== undefined
      ? known(v)
      : {
          text: `<conn:${id}.${f}>`,
          placeholders: [{ name: `conn:${id}.${f}`, why: `the ${f} of connection \`${id}\`, not defined in the workspace` }],
          known: false,
        };
  return {
    id,
    conn,
    host: field('host', conn?.host),
    schema: conn ? (conn.schema ? known(conn.schema) : undefined) : field('schema', undefined),
  };
}

function unknownPart(name: string, why: string): NamePart {
  return { text: `<${name}>`, placeholders: [{ name, why }], known: false };
}

/** `redshift://authority` and the database of S3ToRedshift / RedshiftToS3: the Data API kwargs or the SQL connection. */
function redshiftTarget(cx: TransferContext): { namespace: NamePart; database?: NamePart; note: string } {
  const api = cx.args.get('redshift_data_api_kwargs')?.arg.entries;
  if (api && api.length) {
    const entry = (k: string) => api.find((e) => e.name === k);
    const idArg = entry('cluster_identifier') ?? entry('workgroup_name');
    const id = idArg
      ? argPart(idArg, 'cluster_identifier')
      : unknownPart('cluster_identifier', 'no cluster_identifier or workgroup_name given');
    const port = entry('port');
    const region = unknownPart('aws-region', "the region of the AWS connection's hook, known when the task runs");
    const db = entry('database');
    return {
      namespace: join('redshift://', id, '.', region, ':', port ? argPart(port, 'port') : '5439'),
      ...(db ? { database: argPart(db, 'database') } : {}),
      note: 'Redshift Data API: namespace from the cluster (or workgroup), the hook region and port 5439',
    };
  }
  const c = connPart(cx, 'redshift_conn_id', 'redshift_default');
  if (c.conn) {
    const ns = cx.namespaceFor(c.conn);
    return {
      namespace: { text: ns.namespace, placeholders: ns.placeholders, known: ns.placeholders.length === 0 },
      ...(c.schema ? { database: c.schema } : {}),
      note: `connection \`${c.id}\`: ${ns.note}; database from its schema field`,
    };
  }
  return {
    namespace: join('redshift://', c.host, ':5439'),
    database: c.schema!,
    note: `connection \`${c.id}\` is not defined in the workspace`,
  };
}

const redshiftTable = (database: NamePart | undefined, schema: NamePart, table: NamePart) =>
  database ? join(database, '.', schema, '.', table) : join(schema, '.', table);

/** The file:// namespace of SFTP/FTP: the remote host (resolved or not) or the local IP, with the port. */
function fileTransfer(cx: TransferContext, kind: 'sftp' | 'ftp'): TransferResult {
  const sftp = kind === 'sftp';
  const c = connPart(cx, sftp ? 'ssh_conn_id' : 'ftp_conn_id', sftp ? 'ssh_default' : 'ftp_default');
  const defaultPort = sftp ? '22' : '21';
  const remoteArg = sftp ? value(cx, 'remote_host')?.part : undefined;
  const remoteHost = sftp ? resolvedHost(remoteArg ?? c.host) : c.host;
  const remotePort = c.conn?.port !== undefined ? String(c.conn.port) : defaultPort;
  const remoteNs = join('file://', remoteHost, ':', remotePort);
  const localNs: NamePart = { text: `file://<local-ip>:${defaultPort}`, placeholders: [LOCAL_IP], known: false };
  const operation = cx.args.get('operation')?.arg;
  const get = operation ? /get/i.test(operation.string?.value ?? operation.valueText) : false;
  const local = values(cx, 'local_filepath').map((v) => ds(localNs, v.part, 'the local side: the worker', v.arg));
  const remote = values(cx, 'remote_filepath').map((v) =>
    ds(remoteNs, v.part, `the remote side: connection \`${c.id}\`${c.conn ? '' : ' (not defined in the workspace)'}`, v.arg),
  );
  return get ? { inputs: remote, outputs: local } : { inputs: local, outputs: remote };
}

/** `project.dataset.table` as the BigQuery client's table reference prints it; a missing project is the hook's. */
function bigQueryTable(cx: TransferContext, arg: string): PredictedDataset | undefined {
  const v = value(cx, arg);
  return v ? bigQueryRef(cx, v) : undefined;
}

function bigQueryRef(cx: TransferContext, v: { part: NamePart; arg: PyArg }): PredictedDataset {
  const text = v.part.text.replace(':', '.');
  const parts = text.split('.');
  let name: NamePart = { ...v.part, text };
  if (parts.length === 2) {
    const project = value(cx, 'project_id')?.part ?? hookProject(cx);
    name = join(project, '.', name);
  }
  return ds(known('bigquery'), name, 'BigQuery table reference `project.dataset.table`', v.arg);
}

/** `GoogleBaseHook.project_id`: the connection's `project` extra, else the default credentials' project (run time). */
function hookProject(cx: TransferContext): NamePart {
  const conn = cx.connections.get(cx.args.literal('gcp_conn_id') ?? 'google_cloud_default');
  const project = conn && extraText(conn, 'project', 'extra__google_cloud_platform__project');
  return project !== undefined
    ? known(project)
    : unknownPart('gcp-project', "the project of the Google Cloud connection's hook (its `project` extra or the default credentials)");
}

/** `file://<remote_host>:<port>` of an `SFTPHook`: the connection's host as written and its port (22 when unset). */
function sftpHookNamespace(cx: TransferContext): { namespace: NamePart; note: string } {
  const c = connPart(cx, 'sftp_conn_id', 'ssh_default');
  const port: NamePart = c.conn
    ? known(c.conn.port !== undefined ? String(c.conn.port) : '22')
    : unknownPart(`conn:${c.id}.port`, `the port of connection \`${c.id}\` (22 when unset), not defined in the workspace`);
  return {
    namespace: join('file://', c.host, ':', port),
    note: `the SFTP side: connection \`${c.id}\`${c.conn ? '' : ' (not defined in the workspace)'}`,
  };
}

/** The GCS helper's name of a path; a value the code does not give at all stays a placeholder. */
const gcsName = (p: NamePart): NamePart => (!p.known && /^<[^<>]*>$/.test(p.text) ? p : mapText(p, gcsDatasetName));

/** `os.path.join(a, b)` for a `b` that is not absolute. */
const pathJoin = (a: NamePart, b: NamePart | string): NamePart => (a.text === '' || a.text.endsWith('/') ? join(a, b) : join(a, '/', b));

/** strftime directives of a prefix the operator interpolates with the data interval start: placeholders. */
function strftimePart(p: NamePart): NamePart {
  if (!p.text.includes('%')) return p;
  const placeholders = [...p.placeholders];
  const text = p.text.replace(/%(.)/g, (_m, d: string) => {
    if (d === '%') return '%';
    const name = `%${d}`;
    if (!placeholders.some((h) => h.name === name))
      placeholders.push({ name, why: `\`${name}\` of the data interval start (UTC), filled in by strftime when the task runs` });
    return `<${name}>`;
  });
  return { text, placeholders, known: placeholders.length === 0 };
}

/** GCS storage operators and the GCS/BigQuery/SFTP transfers added after the first seventeen (sources in catalog.ts). */
const GCS_MORE: Readonly<Record<string, Transfer>> = {
  GCSDeleteObjectsOperator: (cx) => {
    const bucket = value(cx, 'bucket_name');
    if (!bucket) return { inputs: [], outputs: [] };
    const ns = join('gs://', bucket.part);
    const objects = cx.args.get('objects') && cx.args.get('objects')!.arg.valueText !== 'None' ? values(cx, 'objects') : undefined;
    const names = objects ?? values(cx, 'prefix').map((p) => ({ ...p, part: gcsName(p.part) }));
    return { inputs: names.map((o) => ds(ns, o.part, 'deleted object or prefix (lifecycle DROP)', o.arg)), outputs: [] };
  },
  GCSFileTransformOperator: (cx) => {
    const bucket = value(cx, 'source_bucket');
    const object = value(cx, 'source_object');
    if (!bucket || !object) return { inputs: [], outputs: [] };
    const orSource = (v: ReturnType<typeof value>, src: NonNullable<ReturnType<typeof value>>) =>
      v && !(v.part.known && v.part.text === '') ? v : src;
    const destBucket = orSource(value(cx, 'destination_bucket'), bucket);
    const destObject = orSource(value(cx, 'destination_object'), object);
    return {
      inputs: [ds(join('gs://', bucket.part), object.part, 'source object', object.arg)],
      outputs: [ds(join('gs://', destBucket.part), destObject.part, 'transformed object', destObject.arg)],
    };
  },
  GCSTimeSpanFileTransformOperator: (cx) => {
    const side = (bucketArg: string, prefixArg: string, note: string) => {
      const bucket = value(cx, bucketArg);
      if (!bucket) return [];
      const prefix = value(cx, prefixArg);
      const name = prefix && !(prefix.part.known && prefix.part.text === '') ? gcsName(strftimePart(prefix.part)) : known('/');
      return [ds(join('gs://', bucket.part), name, note, (prefix ?? bucket).arg)];
    };
    return {
      inputs: side('source_bucket', 'source_prefix', 'source prefix (interpolated with the data interval start)'),
      outputs: side('destination_bucket', 'destination_prefix', 'destination prefix (interpolated with the data interval start)'),
    };
  },
  BigQueryToBigQueryOperator: (cx) => {
    const sources = values(cx, 'source_project_dataset_tables');
    const dest = value(cx, 'destination_project_dataset_table');
    // `split_tablename` rejects a known name that is not `dataset.table` or `project.dataset.table`: the copy job
    // never starts and the method returns no lineage.
    const splits = (v: { part: NamePart }) => !v.part.known || [2, 3].includes(v.part.text.replace(':', '.').split('.').length);
    if (!dest || !sources.length || !sources.every(splits) || !splits(dest)) return { inputs: [], outputs: [] };
    return { inputs: sources.map((s) => bigQueryRef(cx, s)), outputs: [bigQueryRef(cx, dest)] };
  },
  SFTPToGCSOperator: (cx) => {
    const source = value(cx, 'source_path');
    const bucket = value(cx, 'destination_bucket');
    if (!source || !bucket) return { inputs: [], outputs: [] };
    const dest = value(cx, 'destination_path');
    const wildcard = source.part.text.includes('*');
    let sourceName = gcsName(mapText(source.part, (t) => t.split('*')[0]!));
    if (source.part.text.startsWith('/') && sourceName.text !== '/') sourceName = join('/', sourceName);
    let destName: NamePart;
    if (!wildcard && !(dest && dest.part.text !== '')) {
      const slash = source.part.text.lastIndexOf('/');
      // Without a `/` in source_path the method's `rsplit("/", 1)[1]` raises: no lineage.
      if (slash < 0) return { inputs: [], outputs: [] };
      destName = mapText(source.part, (t) => t.slice(slash + 1));
    } else destName = dest ? gcsName(dest.part) : known(gcsDatasetName('None'));
    const sftp = sftpHookNamespace(cx);
    const bucketName = mapText(bucket.part, (t) => (t.startsWith('gs://') ? t.slice(5) : t).replace(/^\/+|\/+$/g, ''));
    return {
      inputs: [ds(sftp.namespace, sourceName, sftp.note, source.arg)],
      outputs: [ds(join('gs://', bucketName), destName, 'destination object or folder', (dest ?? bucket).arg)],
    };
  },
  GCSToSFTPOperator: (cx) => {
    const bucket = value(cx, 'source_bucket');
    const object = value(cx, 'source_object');
    const path = value(cx, 'destination_path');
    if (!bucket || !object || !path) return { inputs: [], outputs: [] };
    const sourceName = gcsName(object.part);
    let destName = path.part;
    if (cx.args.get('keep_directory_structure')?.arg.valueText !== 'False')
      destName = pathJoin(destName, sourceName.text !== '/' ? sourceName : '');
    else if (!object.part.text.includes('*'))
      destName = pathJoin(
        destName,
        mapText(object.part, (t) => t.slice(t.lastIndexOf('/') + 1)),
      );
    destName = mapText(destName, (t) => (t !== '/' ? t.replace(/\/+$/, '') : '/'));
    const sftp = sftpHookNamespace(cx);
    return {
      inputs: [ds(join('gs://', bucket.part), sourceName, 'source object or folder', object.arg)],
      outputs: [ds(sftp.namespace, destName, sftp.note, path.arg)],
    };
  },
};

export const TRANSFERS: Readonly<Record<string, Transfer>> = {
  S3CopyObjectOperator: (cx) => ({
    inputs: opt(s3(cx, 'source_bucket_name', 'source_bucket_key', 'source object')),
    outputs: opt(s3(cx, 'dest_bucket_name', 'dest_bucket_key', 'copied object')),
  }),
  S3CreateObjectOperator: (cx) => ({ inputs: [], outputs: opt(s3(cx, 's3_bucket', 's3_key', 'created object')) }),
  S3ReadObjectOperator: (cx) => ({ inputs: opt(s3(cx, 's3_bucket', 's3_key', 'read object')), outputs: [] }),
  S3DeleteObjectsOperator: (cx) => {
    const bucket = value(cx, 'bucket');
    if (!bucket) return { inputs: [], outputs: [] };
    const ns = join('s3://', bucket.part);
    const keys = values(cx, 'keys');
    if (keys.length) return { inputs: keys.map((k) => ds(ns, k.part, 'deleted object (lifecycle DROP)', k.arg)), outputs: [] };
    const prefix = value(cx, 'prefix');
    const why = `the keys${prefix ? ` under \`${prefix.part.text}\`` : ''} are listed when the task runs`;
    return {
      inputs: [ds(ns, unknownPart('deleted-keys', why), 'deleted objects (lifecycle DROP)', prefix?.arg ?? bucket.arg)],
      outputs: [],
    };
  },
  S3FileTransformOperator: (cx) => ({
    inputs: opt(s3(cx, undefined, 'source_s3_key', 'source object')),
    outputs: opt(s3(cx, undefined, 'dest_s3_key', 'transformed object')),
  }),
  S3ToRedshiftOperator: (cx) => {
    const target = redshiftTarget(cx);
    const schema = value(cx, 'schema');
    const table = value(cx, 'table');
    const outputs =
      schema && table ? [ds(target.namespace, redshiftTable(target.database, schema.part, table.part), target.note, table.arg)] : [];
    const key = value(cx, 's3_key');
    const bucket = value(cx, 's3_bucket');
    const inputs = key && bucket ? [ds(join('s3://', bucket.part), key.part, 'loaded object or prefix', key.arg)] : [];
    return { inputs, outputs };
  },
  RedshiftToS3Operator: (cx) => {
    const target = redshiftTarget(cx);
    const bucket = value(cx, 's3_bucket');
    const key = value(cx, 's3_key');
    const table = value(cx, 'table');
    const schema = value(cx, 'schema');
    const asFileName = cx.args.get('table_as_file_name')?.arg.valueText !== 'False';
    const outputs: PredictedDataset[] = [];
    if (bucket && key) {
      const name = table && asFileName ? join(key.part, '/', table.part, '_') : key.part;
      outputs.push(
        ds(join('s3://', bucket.part), name, table && asFileName ? 'unload prefix: key + `/<table>_`' : 'unload prefix', key.arg),
      );
    }
    const select = value(cx, 'select_query');
    const inputs: PredictedDataset[] = [];
    if (!select && table) {
      inputs.push(ds(target.namespace, redshiftTable(target.database, schema?.part ?? known('None'), table.part), target.note, table.arg));
    } else if (select?.part.known && cx.sql) {
      const result = cx.sql(select.part.text, { dialect: 'redshift', ...(schema?.part.known ? { defaultSchema: schema.part.text } : {}) });
      if (result.errors.length === 0)
        for (const t of result.inputs) {
          const s = t.schema ?? (schema?.part.known ? schema.part.text : undefined);
          const name = join(...(t.database ? [t.database, '.'] : target.database ? [target.database, '.'] : []), s ? `${s}.` : '', t.name);
          inputs.push(ds(target.namespace, name, `${target.note}; from select_query`, select.arg));
        }
    }
    return { inputs, outputs };
  },
  GCSToS3Operator: (cx) => {
    const bucket = value(cx, 'gcs_bucket') ?? value(cx, 'bucket');
    const prefix = value(cx, 'prefix');
    const dest = value(cx, 'dest_s3_key');
    const split = dest && s3BucketKey(undefined, dest.part);
    return {
      inputs: bucket
        ? [ds(join('gs://', bucket.part), prefix && prefix.part.text ? prefix.part : known('/'), 'source prefix', (prefix ?? bucket).arg)]
        : [],
      outputs:
        split && dest
          ? [ds(join('s3://', split.bucket), split.key.text ? split.key : mapText(split.key, () => '/'), 'destination prefix', dest.arg)]
          : [],
    };
  },
  S3ToGCSOperator: (cx) => {
    const bucket = value(cx, 'bucket');
    const prefix = value(cx, 'prefix')?.part ?? known('');
    const dest = value(cx, 'dest_gcs');
    const url = dest && gcsUrl(dest.part);
    const applyPrefix = cx.args.get('apply_gcs_prefix')?.arg.valueText === 'True';
    const strippedPrefix = mapText(prefix, (t) => t.replace(/^\/+|\/+$/g, '') || '/');
    return {
      inputs: bucket ? [ds(join('s3://', bucket.part), strippedPrefix, 'source prefix', bucket.arg)] : [],
      outputs:
        url && dest
          ? [
              ds(
                join('gs://', url.bucket),
                mapText(applyPrefix ? url.blob : join(url.blob, prefix), gcsDatasetName),
                'destination folder',
                dest.arg,
              ),
            ]
          : [],
    };
  },
  GCSToGCSOperator: (cx) => {
    const source = value(cx, 'source_bucket');
    if (!source) return { inputs: [], outputs: [] };
    const dest = value(cx, 'destination_bucket') ?? source;
    let objects = values(cx, 'source_objects');
    if (!objects.length) objects = values(cx, 'source_object');
    const inputs = uniqueSorted(objects.map((o) => ({ ...o, part: mapText(o.part, gcsDatasetName) })));
    const destObject = value(cx, 'destination_object');
    const outputs = destObject ? [{ ...destObject, part: mapText(destObject.part, gcsDatasetName) }] : inputs;
    return {
      inputs: inputs.map((o) => ds(join('gs://', source.part), o.part, 'source object or folder', o.arg)),
      outputs: outputs.map((o) => ds(join('gs://', dest.part), o.part, 'destination object or folder', o.arg)),
    };
  },
  GCSToBigQueryOperator: (cx) => {
    const bucket = value(cx, 'bucket');
    const objects = values(cx, 'source_objects');
    const sorted = [...objects].sort((a, b) => (a.part.text < b.part.text ? -1 : a.part.text > b.part.text ? 1 : 0));
    return {
      inputs: bucket
        ? sorted.map((o) => ds(join('gs://', bucket.part), mapText(o.part, gcsDatasetName), 'loaded object or folder', o.arg))
        : [],
      outputs: opt(bigQueryTable(cx, 'destination_project_dataset_table')),
    };
  },
  BigQueryToGCSOperator: (cx) => {
    const uris = values(cx, 'destination_cloud_storage_uris');
    const outputs: PredictedDataset[] = [];
    for (const u of [...uris].sort((a, b) => (a.part.text < b.part.text ? -1 : 1))) {
      const url = gcsUrl(u.part);
      if (url) outputs.push(ds(join('gs://', url.bucket), mapText(url.blob, gcsDatasetName), 'exported object or folder', u.arg));
    }
    return { inputs: opt(bigQueryTable(cx, 'source_project_dataset_table')), outputs };
  },
  LocalFilesystemToGCSOperator: (cx) => {
    const bucket = value(cx, 'bucket');
    if (!bucket) return { inputs: [], outputs: [] };
    const src = cx.args.get('src')?.arg;
    const inputs: PredictedDataset[] = [];
    if (src?.strings) {
      for (const s of src.strings)
        if (s.value)
          inputs.push(ds(known('file'), argPart({ ...src, string: s }, 'src'), 'uploaded file', { ...src, valueRange: s.range }));
    } else if (src) {
      const part = argPart(src, 'src');
      const absolute = part.text.startsWith('/');
      const path = absolute
        ? mapText(part, (t) => {
            const name = gcsDatasetName(t);
            return name.startsWith('/') ? name : `/${name}`;
          })
        : join(
            unknownPart('worker-cwd', "a relative path is made absolute from the worker's working directory"),
            '/',
            mapText(part, gcsDatasetName),
          );
      inputs.push(ds(known('file'), path, 'uploaded file or folder', src));
    }
    const dst = value(cx, 'dst');
    const outputs = dst
      ? [
          ds(
            join('gs://', bucket.part),
            /\/$/.test(dst.part.text) ? mapText(dst.part, gcsDatasetName) : dst.part,
            'destination object or folder',
            dst.arg,
          ),
        ]
      : [];
    return { inputs, outputs };
  },
  GCSToLocalFilesystemOperator: (cx) => {
    const bucket = value(cx, 'bucket');
    const object = value(cx, 'object_name');
    const file = value(cx, 'filename');
    return {
      inputs: bucket && object ? [ds(join('gs://', bucket.part), object.part, 'downloaded object', object.arg)] : [],
      outputs: file ? [ds(known('file'), file.part, 'local file', file.arg)] : [],
    };
  },
  ...GCS_MORE,
  SFTPOperator: (cx) => fileTransfer(cx, 'sftp'),
  FTPFileTransmitOperator: (cx) => fileTransfer(cx, 'ftp'),
  FTPSFileTransmitOperator: (cx) => fileTransfer(cx, 'ftp'),
};

function opt(d: PredictedDataset | undefined): PredictedDataset[] {
  return d ? [d] : [];
}

function uniqueSorted<T extends { part: NamePart }>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const i of items) if (!seen.has(i.part.text)) seen.set(i.part.text, i);
  return [...seen.values()].sort((a, b) => (a.part.text < b.part.text ? -1 : a.part.text > b.part.text ? 1 : 0));
}
