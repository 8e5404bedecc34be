import { trimEndChars } from '../text/lines';
import { andList } from '../text/wording';
/**
 * Airflow Dataset/Asset URIs as Airflow reads them: Python's `urllib.parse.urlsplit` (offsets kept, so
 * findings point at the scheme, the host or the path) and the URI shapes provider normalisers require
 * (docs/upstream/airflow.md#provider-normalisers). `providerShape` is exported for hovers.
 */

/** A URI split like Python's `urlsplit`, with the offset of each part in the original string. */
export interface SplitUri {
  /** Lower-cased, as urlsplit returns it; empty when there is none. */
  readonly scheme: string;
  /** The scheme as written. */
  readonly schemeWritten: string;
  readonly schemeStart: number;
  readonly netloc: string;
  /** Offset of the netloc (after `//`); -1 when there is no `//`. */
  readonly netlocStart: number;
  readonly path: string;
  readonly pathStart: number;
  readonly query: string;
  readonly fragment: string;
  /** Offset of the `#`; -1 when there is no fragment. */
  readonly fragmentStart: number;
}

const SCHEME_CHARS = /^[A-Za-z][A-Za-z0-9+.-]*$/;

export function splitUri(uri: string): SplitUri {
  // urlsplit strips leading C0 controls and spaces (WHATWG).
  let lead = 0;
  while (lead < uri.length && uri.charCodeAt(lead) <= 0x20) lead++;
  let rest = uri.slice(lead);
  let at = lead;
  let scheme = '';
  let schemeWritten = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && SCHEME_CHARS.test(rest.slice(0, colon))) {
    schemeWritten = rest.slice(0, colon);
    scheme = schemeWritten.toLowerCase();
    rest = rest.slice(colon + 1);
    at += colon + 1;
  }
  const schemeStart = lead;
  let netloc = '';
  let netlocStart = -1;
  if (rest.startsWith('//')) {
    const m = /^[^/?#]*/.exec(rest.slice(2))!;
    netloc = m[0];
    netlocStart = at + 2;
    rest = rest.slice(2 + netloc.length);
    at += 2 + netloc.length;
  }
  let fragment = '';
  let fragmentStart = -1;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    fragmentStart = at + hash;
    rest = rest.slice(0, hash);
  }
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  return { scheme, schemeWritten, schemeStart, netloc, netlocStart, path: rest, pathStart: at, query, fragment, fragmentStart };
}

/** True when Airflow treats the string as a URI (a scheme or a netloc); otherwise it is a plain name. */
export function looksLikeUri(u: SplitUri): boolean {
  return u.scheme !== '' || u.netloc !== '';
}

/** The host part of a netloc (without user info and port). */
export function hostOf(netloc: string): string {
  const afterAt = netloc.slice(netloc.lastIndexOf('@') + 1);
  if (afterAt.startsWith('[')) return afterAt.slice(0, afterAt.indexOf(']') + 1);
  const c = afterAt.indexOf(':');
  return c >= 0 ? afterAt.slice(0, c) : afterAt;
}

/** The port as written after the host, if any. */
export function portOf(netloc: string): string | undefined {
  const afterAt = netloc.slice(netloc.lastIndexOf('@') + 1);
  const m = /^(?:\[[^\]]*\]|[^:]*):(.*)$/.exec(afterAt);
  return m ? m[1] : undefined;
}

/** What a provider's URI normaliser requires of its scheme. */
export interface ProviderShape {
  readonly schemes: readonly string[];
  /** The provider package that registers the normaliser (`apache-airflow-providers-postgres`). */
  readonly provider: string;
  /** The required shape, e.g. `postgres://host[:port]/database/schema/table`. */
  readonly shape: string;
  readonly defaultPort?: number;
  /** How the OpenLineage provider converts it, for hovers. */
  readonly openlineage: string;
  /** Path segments after the host the normaliser requires (database, schema, table...), when it counts them. */
  readonly pathParts?: readonly string[];
  /** What the host part is called in messages ("host", "bucket name", "project ID"). */
  readonly hostName: string;
  /** The normaliser reads `.port`, so a non-numeric port fails. */
  readonly readsPort?: boolean;
}

const SHAPES: readonly ProviderShape[] = [
  {
    schemes: ['postgres', 'postgresql'],
    provider: 'apache-airflow-providers-postgres',
    shape: 'postgres://host[:port]/database/schema/table',
    defaultPort: 5432,
    openlineage: 'namespace `postgres://host:port`, name `database.schema.table` (an empty schema becomes `default`)',
    pathParts: ['database', 'schema', 'table'],
    hostName: 'host',
    readsPort: true,
  },
  {
    schemes: ['mysql', 'mariadb'],
    provider: 'apache-airflow-providers-mysql',
    shape: 'mysql://host[:port]/database/table',
    defaultPort: 3306,
    openlineage: 'namespace `mysql://host:port`, name `database.table`',
    pathParts: ['database', 'table'],
    hostName: 'host',
    readsPort: true,
  },
  {
    schemes: ['trino'],
    provider: 'apache-airflow-providers-trino',
    shape: 'trino://host[:port]/catalog/schema/table',
    defaultPort: 8080,
    openlineage: 'namespace `trino://host:port`, name `catalog.schema.table`',
    pathParts: ['catalog', 'schema', 'table'],
    hostName: 'host',
    readsPort: true,
  },
  {
    schemes: ['bigquery'],
    provider: 'apache-airflow-providers-google',
    shape: 'bigquery://project/dataset/table',
    openlineage: 'namespace `bigquery`, name `project.dataset.table`',
    pathParts: ['dataset', 'table'],
    hostName: 'project ID',
  },
  {
    schemes: ['gs', 'gcp'],
    provider: 'apache-airflow-providers-google',
    shape: 'gs://bucket/key',
    openlineage: 'namespace `gs://bucket`, name = the key (or `/`)',
    hostName: 'bucket name',
  },
  {
    schemes: ['s3'],
    provider: 'apache-airflow-providers-amazon',
    shape: 's3://bucket/key',
    openlineage: 'namespace `s3://bucket`, name = the key (or `/`)',
    hostName: 'bucket name',
  },
  {
    schemes: ['sftp'],
    provider: 'apache-airflow-providers-sftp',
    shape: 'sftp://host[:port]/path',
    defaultPort: 22,
    openlineage: 'namespace `file://host:port`, name = the path',
    hostName: 'host',
    readsPort: true,
  },
  {
    schemes: ['wasbs'],
    provider: 'apache-airflow-providers-microsoft-azure',
    shape: 'wasbs://container@account.blob.core.windows.net/path',
    openlineage: 'namespace `wasbs://container@account` (no `.blob.core.windows.net`), name = the path',
    hostName: 'container@account',
  },
];

/** The provider normaliser of a scheme (lower case), if docs/upstream/airflow.md#provider-normalisers lists one with its shape. */
export function providerShape(scheme: string): ProviderShape | undefined {
  const s = scheme.toLowerCase();
  return SHAPES.find((p) => p.schemes.includes(s));
}

/** One way a URI misses its provider's shape, with the offending part (offsets into the URI string). */
export interface ShapeProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Checks a URI against its provider's shape after Airflow's own normalisation (trailing `/` stripped, an
 * empty path becomes `/`), as the normaliser sees it. Undefined when it fits or no shape is known.
 */
export function checkShape(u: SplitUri): ShapeProblem | undefined {
  const shape = providerShape(u.scheme);
  if (!shape) return undefined;
  const scheme = u.scheme;
  const host = hostOf(u.netloc);
  if (!u.netloc || !host) {
    // Point at the empty host's place: `postgres://` itself (or the whole text when `//` is missing).
    const start = u.schemeStart;
    const end = u.netlocStart >= 0 ? u.netlocStart + u.netloc.length : u.pathStart + u.path.length;
    return { message: `has no ${shape.hostName}`, start, end };
  }
  if (shape.readsPort) {
    const port = portOf(u.netloc);
    if (port !== undefined && port !== '' && !/^\d+$/.test(port)) {
      const at = u.netlocStart + u.netloc.length - port.length;
      return { message: `has the port \`${port}\`, which is not a number (the normaliser fails on it)`, start: at, end: at + port.length };
    }
  }
  if (shape.pathParts) {
    const path = trimEndChars(u.path, '/') || '/';
    const parts = path.split('/').slice(1);
    if (parts.length !== shape.pathParts.length || (parts.length === 1 && parts[0] === '')) {
      const have = parts.length === 1 && parts[0] === '' ? 0 : parts.length;
      const start = u.pathStart;
      const end = u.pathStart + u.path.length;
      const written = have ? ` (\`${parts.join('/')}\`)` : '';
      const need = shape.pathParts.length;
      return {
        message: `has ${have} path part${have === 1 ? '' : 's'}${written} where \`${scheme}://\` URIs need exactly ${need}: ${andList(shape.pathParts, false)}`,
        start: end > start ? start : u.netlocStart,
        end: end > start ? end : u.netlocStart + u.netloc.length,
      };
    }
  }
  return undefined;
}
