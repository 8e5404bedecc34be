/**
 * What an inlet/outlet becomes in OpenLineage: the conversions the OpenLineage Airflow provider applies
 * (docs/upstream/airflow.md#inlets-and-outlets), as pure functions of the parsed xlet.
 *
 * - Airflow `Dataset` / `Asset`: the URI is normalised as Airflow does (scheme lower-cased, password dropped,
 *   query sorted, fragment and trailing `/` dropped, then the provider's normaliser for the scheme), and
 *   converted only when a provider registers an OpenLineage converter for the scheme (`translate_airflow_asset`).
 *   Postgres, MySQL and Trino register a normaliser but no converter: their assets are dropped from the events.
 *   They are still named here as OpenLineage names such tables (what SQL lineage of the same table reports),
 *   and marked not emitted.
 * - `airflow.lineage.entities.Table`: namespace = cluster, name = `database.name`.
 * - `airflow.lineage.entities.File`: `convert_to_ol_dataset_from_object_storage_uri`.
 * - openlineage-python `Dataset`: passed through.
 * - OpenMetadata `OMEntity`, `{"entity", "fqn", "key"}` and `{"tables": [...]}`: not OpenLineage at all; they are
 *   named `openmetadata` / FQN and marked as OpenMetadata entities.
 */
import type { PyArg, PyString, Xlet } from './model';
import { trimEndChars } from '../text/lines';
import { mdCode } from '../../../../common/markdown';
import { splitUri, type SplitUri } from './uri';

export interface XletDataset {
  readonly namespace: string;
  readonly name: string;
  /** The OpenLineage provider reports it in the task's inputs/outputs. */
  readonly emitted: boolean;
  readonly origin: 'openlineage' | 'openmetadata' | 'airflow-asset';
  /** Which converter named it, or why it is not emitted. */
  readonly note: string;
  /** OpenMetadata entity type and lineage key. */
  readonly entity?: string;
  readonly key?: string;
}

export interface XletConversion {
  /** The datasets the xlet stands for (several for `{"tables": [...]}`); empty when it is dropped. */
  readonly datasets: readonly XletDataset[];
  /** Why nothing (or not everything) could be named. */
  readonly dropped?: string;
}

/** Converts one xlet. Never throws. */
export function convertXlet(x: Xlet): XletConversion {
  switch (x.kind) {
    case 'asset':
      return convertAsset(x.className, x.module, x.args);
    case 'entity':
      return convertEntity(x.className, x.module, x.args);
    case 'ol-dataset': {
      const ns = arg(x.args, 'namespace', 0);
      const name = arg(x.args, 'name', 1);
      if (!ns?.string || !name?.string) return dropped('An OpenLineage `Dataset` needs `namespace` and `name` strings.');
      if (ns.string.kind === 'expression' || name.string.kind === 'expression')
        return dropped('The namespace or name is computed when the DAG is parsed; Lineage Lens cannot name it from the code.');
      return one({
        namespace: ns.string.value,
        name: name.string.value,
        emitted: true,
        origin: 'openlineage',
        note: 'An OpenLineage `Dataset`: the provider passes it through unchanged.',
      });
    }
    case 'om-entity': {
      const fqn = arg(x.args, 'fqn', 1);
      const entity = arg(x.args, 'entity', 0);
      const key = arg(x.args, 'key', 2);
      return openMetadata(fqn?.string, entity?.valueText, key?.string?.value);
    }
    case 'om-dict': {
      const get = (k: string) => x.entries.find((e) => e.key.value === k);
      return openMetadata(get('fqn')?.value, get('entity')?.value?.value, get('key')?.value?.value);
    }
    case 'legacy-dict': {
      const datasets: XletDataset[] = [];
      for (const e of x.entries) {
        for (const item of e.items ?? []) {
          if (item.kind !== 'literal') continue;
          datasets.push(
            omDataset(
              item.value,
              'table',
              e.key.value,
              'OpenMetadata (legacy `{"tables": [...]}` form, deprecated since OpenMetadata 1.4)',
            ),
          );
        }
      }
      if (datasets.length) return { datasets };
      return dropped(
        'An Airflow 1.10 lineage dict (`{"datasets": [...]}`, `{"auto": True}`): neither Airflow 2+ nor the OpenLineage provider reads it.',
      );
    }
    case 'unknown':
      return dropped(
        `${mdCode(abbreviate(x.text))} is not an object the OpenLineage provider converts (an Airflow Dataset/Asset, a \`Table\` or \`File\` from \`airflow.lineage.entities\`, or an OpenLineage \`Dataset\`), or Lineage Lens cannot resolve it from this file.`,
      );
  }
}

function one(d: XletDataset): XletConversion {
  return { datasets: [d] };
}

function dropped(reason: string): XletConversion {
  return { datasets: [], dropped: reason };
}

function abbreviate(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

/** A keyword argument, or the positional argument at `position` when given. */
function arg(args: readonly PyArg[], keyword: string, position?: number): PyArg | undefined {
  return args.find((a) => a.name === keyword) ?? (position !== undefined ? args.find((a) => a.name === `#${position}`) : undefined);
}

function omDataset(fqn: string, entity: string, key: string | undefined, how: string): XletDataset {
  return {
    namespace: 'openmetadata',
    name: fqn,
    emitted: false,
    origin: 'openmetadata',
    note: `An OpenMetadata entity, read by ${how}; OpenLineage does not see it.`,
    entity,
    ...(key !== undefined ? { key } : {}),
  };
}

function openMetadata(fqn: PyString | undefined, entity: string | undefined, key: string | undefined): XletConversion {
  if (!fqn) return dropped('An OpenMetadata entity needs an `fqn` string.');
  if (fqn.kind === 'expression') return dropped('The FQN is computed when the DAG is parsed; Lineage Lens cannot name it from the code.');
  return one(omDataset(fqn.value, entity ?? 'table', key, "OpenMetadata's lineage backend"));
}

// ---------------------------------------------------------------------------------------------------------
// Entities

function convertEntity(className: string, module: string | undefined, args: readonly PyArg[]): XletConversion {
  if (module === 'airflow.lineage.datasets') {
    return dropped(
      `${mdCode(className)} from \`airflow.lineage.datasets\` is Airflow 1.10's; the OpenLineage provider converts \`airflow.lineage.entities\` objects only.`,
    );
  }
  if (className === 'Table') {
    if (args.some((a) => a.name.startsWith('#')))
      return dropped('`Table` takes keyword arguments only (`database=`, `cluster=`, `name=`); Airflow raises a TypeError.');
    if (args.some((a) => a.name === 'schema'))
      return dropped('`Table` has no `schema` argument (Airflow raises a TypeError): put the schema in `database` or `name`.');
    const db = arg(args, 'database');
    const cluster = arg(args, 'cluster');
    const name = arg(args, 'name');
    if (!db?.string || !cluster?.string || !name?.string) return dropped('`Table` needs `database`, `cluster` and `name` strings.');
    if ([db, cluster, name].some((a) => a.string!.kind === 'expression'))
      return dropped(
        '`database`, `cluster` or `name` is computed when the DAG is parsed; Lineage Lens cannot name the table from the code.',
      );
    return one({
      namespace: cluster.string.value,
      name: `${db.string.value}.${name.string.value}`,
      emitted: true,
      origin: 'openlineage',
      note: 'An Airflow `Table`: namespace = `cluster`, name = `database.name` (ExtractorManager.convert_to_ol_dataset_from_table).',
    });
  }
  if (className === 'File') {
    const url = arg(args, 'url', 0);
    if (!url?.string) return dropped('`File` needs a `url` string.');
    if (url.string.kind === 'expression')
      return dropped('The url is computed when the DAG is parsed; Lineage Lens cannot name the file from the code.');
    const d = fileEntityDataset(url.string.value);
    return d ? one(d) : dropped(`${mdCode(url.string.value)} has no \`/\`: the OpenLineage provider drops \`File\` urls without one.`);
  }
  return dropped(`${mdCode(className)} describes part of a \`Table\`; it is not a dataset by itself.`);
}

/** `ExtractorManager.convert_to_ol_dataset_from_object_storage_uri`. */
export function fileEntityDataset(url: string): XletDataset | undefined {
  if (!url.includes('/')) return undefined;
  const u = splitUri(url);
  const common: [string, string][] = [
    ['s3', 's3'],
    ['gs', 'gs'],
    ['gcs', 'gs'],
    ['hdfs', 'hdfs'],
    ['file', 'file'],
  ];
  const note = 'An Airflow `File`, converted by the OpenLineage provider (convert_to_ol_dataset_from_object_storage_uri).';
  for (const [found, final] of common) {
    if (u.scheme.startsWith(found))
      return { namespace: `${final}://${u.netloc}`, name: u.path.replace(/^\/+/, ''), emitted: true, origin: 'openlineage', note };
  }
  // No scheme: the provider's namespace is empty, and Marquez rejects the dataset (dags/file-url-scheme).
  const empty = u.scheme === '' ? ' The url has no scheme, so the namespace is empty, which Marquez rejects.' : '';
  return { namespace: u.scheme, name: `${u.netloc}${u.path}`, emitted: true, origin: 'openlineage', note: note + empty };
}

// ---------------------------------------------------------------------------------------------------------
// Assets

/** The parts of a URI Airflow's normalisation works on (split by `splitUri`, which keeps offsets too). */
export type UriParts = Pick<SplitUri, 'scheme' | 'netloc' | 'path' | 'query' | 'fragment'>;

function urlunsplit(u: UriParts): string {
  let out = u.scheme ? `${u.scheme}:` : '';
  if (u.netloc || u.scheme) out += `//${u.netloc}`;
  out += u.path;
  if (u.query) out += `?${u.query}`;
  if (u.fragment) out += `#${u.fragment}`;
  return out;
}

/** The result of Airflow's URI normalisation: a normalised URI, a plain name, or an error Airflow raises when parsing the DAG. */
export type NormalizedAsset =
  | { readonly kind: 'uri'; readonly uri: UriParts; readonly text: string; readonly warning?: string }
  | { readonly kind: 'name'; readonly text: string }
  | { readonly kind: 'error'; readonly message: string };

interface SchemeRule {
  /** The provider that registers the scheme. */
  readonly provider: string;
  /** The provider's URI normaliser (`sanitize_uri`); returns an error message or the normalised URI. */
  readonly sanitize?: (u: UriParts) => UriParts | string;
  /** The provider's OpenLineage converter, if it registers one. */
  readonly convert?: (u: UriParts) => { namespace: string; name: string };
  /** Without a converter: the name OpenLineage's naming spec gives such a dataset (SQL lineage uses it). */
  readonly naming?: (u: UriParts) => { namespace: string; name: string };
  /** The converter exists only in newer provider versions. */
  readonly newer?: boolean;
}

const pathParts = (u: UriParts) => u.path.split('/');
const withPort = (u: UriParts, port: number): UriParts =>
  /:\d+$/.test(u.netloc) ? u : { ...u, netloc: `${u.netloc.replace(/:$/, '')}:${port}` };
const key = (u: UriParts) => u.path.replace(/^\/+/, '') || '/';

const SCHEMES: Record<string, SchemeRule> = {
  postgres: {
    provider: 'postgres',
    sanitize: (u) => {
      if (!u.netloc) return 'URI format postgres:// must contain a host';
      const v = withPort(u, 5432);
      const parts = pathParts(v);
      if (parts.length !== 4) return 'URI format postgres:// must contain database, schema, and table names';
      if (!parts[2]) parts[2] = 'default';
      return { ...v, scheme: 'postgres', path: parts.join('/') };
    },
    naming: (u) => ({ namespace: `postgres://${u.netloc}`, name: pathParts(u).slice(1).join('.') }),
  },
  mysql: {
    provider: 'mysql',
    sanitize: (u) => {
      if (!u.netloc) return 'URI format mysql:// must contain a host';
      const v = withPort(u, 3306);
      if (pathParts(v).length !== 3) return 'URI format mysql:// must contain database and table names';
      return { ...v, scheme: 'mysql' };
    },
    naming: (u) => ({ namespace: `mysql://${u.netloc}`, name: pathParts(u).slice(1).join('.') }),
  },
  trino: {
    provider: 'trino',
    sanitize: (u) => {
      if (!u.netloc) return 'URI format trino:// must contain a host';
      const v = withPort(u, 8080);
      if (pathParts(v).length !== 4) return 'URI format trino:// must contain catalog, schema, and table names';
      return v;
    },
    naming: (u) => ({ namespace: `trino://${u.netloc}`, name: pathParts(u).slice(1).join('.') }),
  },
  bigquery: {
    provider: 'google',
    sanitize: (u) =>
      !u.netloc
        ? 'URI format bigquery:// must contain a project ID'
        : pathParts(u).length !== 3
          ? 'URI format bigquery:// must contain dataset and table names'
          : u,
    convert: (u) => ({ namespace: 'bigquery', name: [u.netloc, ...pathParts(u).slice(1)].join('.') }),
  },
  gs: {
    provider: 'google',
    sanitize: (u) => (!u.netloc ? 'URI format gs:// must contain a bucket name' : u),
    convert: (u) => ({ namespace: `gs://${u.netloc}`, name: key(u) }),
  },
  s3: {
    provider: 'amazon',
    sanitize: (u) => (!u.netloc ? 'URI format s3:// must contain a bucket name' : u),
    convert: (u) => ({ namespace: `s3://${u.netloc}`, name: key(u) }),
  },
  file: {
    provider: 'common.io',
    sanitize: (u) => (!u.path ? 'URI format file:// must contain a non-empty path.' : u),
    convert: (u) =>
      u.path === '/'
        ? { namespace: 'file', name: u.netloc.startsWith('/') ? u.netloc : `/${u.netloc}` }
        : { namespace: u.netloc ? `file://${u.netloc}` : 'file', name: u.path },
  },
  sftp: {
    provider: 'sftp',
    sanitize: (u) => {
      if (!u.netloc) return 'URI format sftp:// must contain a host';
      const v = withPort(u, 22);
      return v.path ? v : 'URI format sftp:// must contain a path';
    },
    convert: (u) => ({ namespace: `file://${u.netloc}`, name: u.path.replace(/^\//, '') || '/' }),
  },
  wasbs: {
    provider: 'microsoft.azure',
    sanitize: (u) =>
      !u.netloc ? 'URI format wasbs:// must contain container@account info' : !u.path ? 'URI format wasbs:// must contain a path' : u,
    convert: (u) => ({ namespace: `wasbs://${/^(.+@[^.]+)/.exec(u.netloc)?.[1] ?? u.netloc}`, name: key(u) }),
  },
  teradata: {
    provider: 'teradata',
    newer: true,
    sanitize: (u) =>
      !u.netloc
        ? 'URI format teradata:// must contain a host'
        : !u.path || u.path === '/'
          ? 'URI format teradata:// must contain a database and table'
          : u,
    convert: (u) => {
      const parts = trimEndChars(u.path.replace(/^\/+/, ''), '/').split('/');
      return { namespace: `teradata://${u.netloc}`, name: `${parts[0] ?? ''}.${parts[1] ?? ''}` };
    },
  },
  sqlite: {
    provider: 'sqlite',
    newer: true,
    sanitize: (u) => (!u.path || u.path === '/' ? 'URI format sqlite:// must contain a database path' : u),
    convert: (u) => {
      const full = u.path.replace(/^\/+/, '');
      const cut = full.lastIndexOf('/');
      return cut >= 0
        ? { namespace: `sqlite:/${full.slice(0, cut)}`, name: full.slice(cut + 1) }
        : { namespace: `sqlite:/${full}`, name: '' };
    },
  },
  pubsub: {
    provider: 'google',
    newer: true,
    sanitize: (u) =>
      !u.netloc
        ? 'URI format pubsub:// must contain a project ID'
        : !u.path || u.path === '/'
          ? 'URI format pubsub:// must contain topics/<topic> or subscriptions/<subscription>'
          : u,
    convert: (u) => ({ namespace: `pubsub://${u.netloc}`, name: key(u) }),
  },
};
SCHEMES['postgresql'] = SCHEMES['postgres']!;
SCHEMES['mariadb'] = SCHEMES['mysql']!;
SCHEMES['gcp'] = SCHEMES['gs']!;

/** Airflow's asset URI normalisation (`_sanitize_uri`, then the provider's normaliser for the scheme). */
export function normalizeAssetUri(uri: string): NormalizedAsset {
  if (!uri.trim()) return { kind: 'error', message: 'An asset URI cannot be empty or whitespace only.' };
  const parsed = splitUri(uri);
  if (!parsed.scheme && !parsed.netloc) return { kind: 'name', text: uri };
  const scheme = parsed.scheme;
  if (scheme.startsWith('x-')) return { kind: 'name', text: uri };
  if (scheme === 'airflow') return { kind: 'error', message: 'The asset URI scheme `airflow` is reserved; Airflow raises a ValueError.' };
  let warning: string | undefined;
  let netloc = parsed.netloc;
  const at = netloc.lastIndexOf('@');
  if (at >= 0 && netloc.slice(0, at).includes(':')) {
    netloc = netloc.slice(at + 1);
    warning = 'Airflow drops the user info (password) from asset URIs.';
  }
  let query = parsed.query;
  if (query) {
    // urlencode(sorted(parse_qsl(query))): blank values dropped, pairs sorted by key then value.
    const pairs = query
      .split('&')
      .map((p) => [p.slice(0, p.includes('=') ? p.indexOf('=') : p.length), p.includes('=') ? p.slice(p.indexOf('=') + 1) : ''] as const)
      .filter(([, v]) => v !== '');
    pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
    query = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  }
  let u: UriParts = { scheme, netloc, path: trimEndChars(parsed.path, '/') || '/', query, fragment: '' };
  const rule = SCHEMES[scheme];
  if (rule?.sanitize) {
    const r = rule.sanitize(u);
    if (typeof r === 'string') {
      return {
        kind: 'error',
        message: `${r}: the ${rule.provider} provider's URI check fails, so Airflow 3 (and Airflow 2 with \`strict_asset_uri_validation\`) refuses the DAG.`,
      };
    }
    u = r;
  }
  return { kind: 'uri', uri: u, text: urlunsplit(u), ...(warning ? { warning } : {}) };
}

/** What an asset URI becomes in OpenLineage (or why it is not emitted). */
export function assetDataset(uriText: string): XletConversion {
  const n = normalizeAssetUri(uriText);
  if (n.kind === 'error') return dropped(n.message);
  if (n.kind === 'name') {
    return one({
      namespace: 'airflow-asset',
      name: n.text,
      emitted: false,
      origin: 'airflow-asset',
      note: `${mdCode(n.text)} has no URI scheme the OpenLineage provider can convert (a plain name or an \`x-\` scheme), so it is not in OpenLineage events; it still links Airflow's asset-aware schedules.`,
    });
  }
  const rule = SCHEMES[n.uri.scheme];
  const extra = n.warning ? ` ${n.warning}` : '';
  if (rule?.convert) {
    const d = rule.convert(n.uri);
    const note = `Converted by the ${rule.provider} provider's OpenLineage converter for ${mdCode(n.uri.scheme)}${rule.newer ? ' (newer provider versions only)' : ''}.${extra}`;
    return one({ ...d, emitted: true, origin: 'openlineage', note });
  }
  if (rule?.naming) {
    const d = rule.naming(n.uri);
    return one({
      ...d,
      emitted: false,
      origin: 'openlineage',
      note: `The ${rule.provider} provider normalises ${mdCode(n.uri.scheme)} URIs but registers no OpenLineage converter, so the OpenLineage provider drops this asset from the task's inputs/outputs. Named here as OpenLineage names the same table (what SQL lineage reports).${extra}`,
    });
  }
  return one({
    namespace: 'airflow-asset',
    name: n.text,
    emitted: false,
    origin: 'airflow-asset',
    note: `No OpenLineage converter is known for the ${mdCode(n.uri.scheme)} scheme (Lineage Lens knows s3, gs, bigquery, file, sftp, wasbs, and teradata, sqlite, pubsub in newer providers), so the OpenLineage provider drops this asset unless an installed provider registers one.${extra}`,
  });
}

function convertAsset(className: string, module: string | undefined, args: readonly PyArg[]): XletConversion {
  if (className === 'AssetAlias' || className === 'DatasetAlias') {
    return dropped(`An ${mdCode(className)} resolves to assets when the task runs; its assets are not known from the code.`);
  }
  // Airflow 3 `Asset(name, uri)`: the first positional argument is the name, used as the URI when none is given.
  // Airflow 2 `Dataset(uri)`: the first positional argument is the URI.
  const sdk = module === undefined ? className !== 'Dataset' : !/^airflow\.datasets(\.|$)/.test(module);
  const uri = arg(args, 'uri') ?? (sdk ? arg(args, 'name', 0) : arg(args, 'uri', 0));
  if (!uri) return dropped(`The ${className} has no URI.`);
  if (!uri.string || uri.string.kind === 'expression')
    return dropped('The URI is computed when the DAG is parsed; Lineage Lens cannot name it from the code.');
  const r = assetDataset(uri.string.value);
  if (uri.string.kind === 'template' && r.datasets.length) {
    return {
      datasets: r.datasets.map((d) => ({
        ...d,
        note: `${d.note} Airflow does not render templates in asset URIs: the text is used as written.`,
      })),
    };
  }
  return r;
}
