/**
 * Dataset names as the OpenLineage Spark integration writes them (docs/upstream/runtime-naming.md, "PySpark
 * jobs"): file-system locations (`FilesystemDatasetUtils`), JDBC URLs (`JdbcDatasetUtils`), catalog tables (the
 * table's location, `PathUtils.fromCatalogTable`), Kafka topics, BigQuery tables, and the application job
 * name (`NameNormalizer`).
 *
 * Inputs are rendered strings: a part only the runtime knows is written `<name>` (see `values.ts`); the functions
 * here keep those tokens as they are (never lower-case or split them).
 */

/** A dataset identifier, with how it was derived. */
export interface Identified {
  readonly namespace: string;
  readonly name: string;
  readonly note: string;
  /** Placeholders added by the naming itself (`<cwd>`, `<spark:warehouse>`), with why. */
  readonly extra?: readonly { readonly name: string; readonly why: string }[];
}

/** The Spark settings that decide names (the project's conf, then the job's own builder settings). */
export type SparkSettings = ReadonlyMap<string, string>;

// ---------------------------------------------------------------------------------------------------------------
// File systems (client/java …/utils/filesystem/*DatasetExtractor.java)

/** Object stores: the scheme prefix matched and the scheme written (`s3a`/`s3n` → `s3`, `abfs` → `abfss`). */
const OBJECT_STORES: readonly (readonly [string, string])[] = [
  ['s3', 's3'],
  ['gs', 'gs'],
  ['abfs', 'abfss'],
  ['wasb', 'wasbs'],
];

const stripEnd = (s: string, c: string): string => {
  let end = s.length;
  while (end > 0 && s[end - 1] === c) end--;
  return s.slice(0, end);
};
const stripStart = (s: string, c: string): string => {
  let start = 0;
  while (start < s.length && s[start] === c) start++;
  return s.slice(start);
};
const nonEmpty = (path: string): string => (path === '' ? '/' : path);

/** `scheme:rest` (a scheme of two letters or more: `C:\x` is not one). */
const SCHEME_RE = /^([A-Za-z][A-Za-z0-9+.-]+):(.*)$/s;

/**
 * A location (`s3a://bucket/a/b`, `hdfs://nn:8020/x`, `/data/x`, `dbfs:/mnt/x`) as the runtime names it. A
 * location without a scheme is qualified against `fs.defaultFS` (from `settings`; else Databricks' `dbfs` when
 * `databricks`, else the local file system) and a relative one against the working directory.
 */
export function locationDataset(location: string, settings: SparkSettings, databricks = false): Identified {
  if (location.startsWith('<')) {
    // The file system itself is decided at run time.
    const end = location.indexOf('>');
    const head = end > 0 ? location.slice(0, end + 1) : location;
    return { namespace: head, name: location, note: `the location starts with ${head}, known only at run time` };
  }
  const m = SCHEME_RE.exec(location);
  if (m === null) return unqualified(location, settings, databricks);
  const scheme = m[1]!;
  const rest = m[2]!;
  const lower = scheme.toLowerCase();
  let authority: string | undefined;
  let path = rest;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    path = slash < 0 ? '' : rest.slice(slash);
  }
  path = path.replace(/[?#].*$/s, '');
  if (lower === 'file') {
    return { namespace: 'file', name: nonEmpty(stripEnd(path, '/')), note: 'a local path: namespace `file`' };
  }
  for (const [prefix, canonical] of OBJECT_STORES) {
    if (!lower.startsWith(prefix)) continue;
    const renamed = lower !== canonical ? ` (\`${scheme}\` is written \`${canonical}\`)` : '';
    return {
      namespace: stripEnd(`${canonical}://${authority ?? ''}`, '/'),
      name: nonEmpty(stripEnd(stripStart(path, '/'), '/')),
      note: `object storage: the bucket is the namespace, the path without its leading slash the name${renamed}`,
    };
  }
  const namespace = authority ? `${lower}://${authority}` : lower;
  return {
    namespace,
    name: nonEmpty(stripEnd(path, '/')),
    note: `\`${lower}\` file system: scheme and authority are the namespace, the path the name`,
  };
}

function unqualified(location: string, settings: SparkSettings, databricks: boolean): Identified {
  const defaultFs =
    settings.get('spark.hadoop.fs.defaultFS') ?? settings.get('fs.defaultFS') ?? settings.get('spark.hadoop.fs.default.name');
  if (location.startsWith('/')) {
    if (defaultFs !== undefined && !defaultFs.startsWith('file:')) {
      const qualified = locationDataset(stripEnd(defaultFs, '/') + location, settings);
      return { ...qualified, note: `qualified with fs.defaultFS \`${defaultFs}\`; ${qualified.note}` };
    }
    if (databricks && defaultFs === undefined) {
      return {
        namespace: 'dbfs',
        name: nonEmpty(stripEnd(location, '/')),
        note: 'a path on Databricks, where the default file system is DBFS',
      };
    }
    return {
      namespace: 'file',
      name: nonEmpty(stripEnd(location, '/')),
      note: 'a path without a scheme: Spark qualifies it with the default file system (fs.defaultFS), here assumed local',
    };
  }
  return {
    namespace: 'file',
    name: `<cwd>/${stripEnd(location, '/')}`,
    note: 'a relative path: Spark resolves it against the working directory (the user home on HDFS)',
    extra: [{ name: 'cwd', why: 'the working directory of the Spark driver, known at run time' }],
  };
}

/** Whether a location's last segment is a glob pattern (`*.csv`): it reads many files, reported as their directory. */
export function globParent(location: string): string | undefined {
  const slash = location.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const last = location.slice(slash + 1);
  return /[*?[{]/.test(last.replace(/<[^>]*>/g, '')) ? location.slice(0, slash) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Catalog tables (PathUtils.fromCatalogTable, the Iceberg catalog handlers)

/** A table identifier split into its parts (`a.b.c`, backquotes stripped, dots inside `<…>` kept). */
export function tableParts(identifier: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = 0;
  for (const c of identifier) {
    if (c === '`') {
      quoted = !quoted;
      continue;
    }
    if (!quoted && c === '<') angle++;
    if (!quoted && c === '>' && angle > 0) angle--;
    if (c === '.' && !quoted && angle === 0) {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  parts.push(current.trim());
  return parts;
}

/** Lower-cases outside `<…>` placeholders (the session catalog's identifiers are case-insensitive). */
export function lowerKnown(s: string): string {
  return s.replace(/(<[^>]*>)|([^<]+)/g, (_m, ph: string | undefined, plain: string | undefined) => ph ?? plain!.toLowerCase());
}

/**
 * A table of the session catalog or of a configured catalog (`spark.sql.catalog.<name>`), named after its
 * location as the runtime does; `currentDatabase` fills a one-part name.
 */
export function tableDataset(identifier: string, settings: SparkSettings, currentDatabase: string, databricks = false): Identified {
  let parts = tableParts(identifier);
  if (parts.length >= 3 && parts[0]!.toLowerCase() !== 'spark_catalog' && settings.has(`spark.sql.catalog.${parts[0]}`)) {
    return catalogTable(parts[0]!, parts.slice(1), settings, databricks);
  }
  if (parts.length >= 3 && parts[0]!.toLowerCase() === 'spark_catalog') parts = parts.slice(1);
  if (parts.length >= 3) {
    const catalog = parts[0]!;
    return {
      namespace: `<catalog:${catalog}>`,
      name: parts.slice(1).join('.'),
      note: `catalog \`${catalog}\` is not configured in the Spark settings read here: its table locations are known at run time`,
      extra: [
        { name: `catalog:${catalog}`, why: `where catalog \`${catalog}\` keeps its tables, known from the cluster's Spark settings` },
      ],
    };
  }
  const table = lowerKnown(parts[parts.length - 1]!);
  const database = lowerKnown(parts.length === 2 ? parts[0]! : currentDatabase);
  const relative = database === 'default' ? table : `${database}.db/${table}`;
  const tableName = database === 'default' && parts.length === 1 ? table : `${database}.${table}`;
  const symlink = hiveSymlink(settings, tableName);
  const warehouse = settings.get('spark.sql.warehouse.dir') ?? settings.get('spark.hadoop.hive.metastore.warehouse.dir');
  if (warehouse !== undefined && warehouse !== '') {
    const located = locationDataset(`${stripEnd(warehouse, '/')}/${relative}`, settings, databricks);
    return {
      ...located,
      note: `table \`${tableName}\`: the runtime names a catalog table after its location, here the default one under the warehouse \`${warehouse}\`; ${located.note}${symlink}`,
    };
  }
  return {
    namespace: '<spark:warehouse>',
    name: `<spark:warehouse>/${relative}`,
    note: `table \`${tableName}\`: the runtime names a catalog table after its location, under the warehouse directory (spark.sql.warehouse.dir), which is not set where Lineage Lens can read it${symlink}`,
    extra: [
      { name: 'spark:warehouse', why: 'the Spark warehouse location (spark.sql.warehouse.dir or the Hive metastore), set on the cluster' },
    ],
  };
}

function hiveSymlink(settings: SparkSettings, tableName: string): string {
  const uris =
    settings.get('spark.sql.hive.metastore.uris') ??
    settings.get('hive.metastore.uris') ??
    settings.get('spark.hadoop.hive.metastore.uris');
  if (uris === undefined) return '';
  const first = uris.split(',')[0]!.trim();
  const authority = /^[A-Za-z][\w+.-]*:\/\/([^/?#]*)/.exec(first)?.[1];
  return authority ? `; it is also listed as \`hive://${authority}\` \`${tableName}\` (a symlink facet)` : '';
}

/** A table of a configured V2 catalog: Iceberg with a `hadoop` catalog and a warehouse is predictable. */
function catalogTable(catalog: string, rest: string[], settings: SparkSettings, databricks: boolean): Identified {
  const impl = settings.get(`spark.sql.catalog.${catalog}`) ?? '';
  const type = settings.get(`spark.sql.catalog.${catalog}.type`) ?? '';
  const warehouse = settings.get(`spark.sql.catalog.${catalog}.warehouse`);
  if (/iceberg/i.test(impl) && type.toLowerCase() === 'hadoop' && warehouse) {
    const located = locationDataset(`${stripEnd(warehouse, '/')}/${rest.join('/')}`, settings, databricks);
    return {
      ...located,
      note: `Iceberg hadoop catalog \`${catalog}\`: the table's location under its warehouse \`${warehouse}\`; ${located.note}`,
    };
  }
  return {
    namespace: `<catalog:${catalog}>`,
    name: rest.join('.'),
    note: `catalog \`${catalog}\` (${impl}${type ? `, type ${type}` : ''}) decides the table's location at run time`,
    extra: [{ name: `catalog:${catalog}`, why: `where catalog \`${catalog}\` keeps the table, known when the job runs` }],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// JDBC (client/java …/utils/jdbc/*)

/** Extractors with a fixed scheme and default port (OverridingJdbcExtractor); `flat`: database = schema. */
const JDBC_SCHEMES: readonly { prefix: string; scheme: string; port: string; flat?: boolean }[] = [
  { prefix: 'postgres', scheme: 'postgres', port: '5432' },
  { prefix: 'mysql', scheme: 'mysql', port: '3306', flat: true },
  { prefix: 'crate', scheme: 'crate', port: '5432' },
  { prefix: 'db2', scheme: 'db2', port: '6789' },
  { prefix: 'trino', scheme: 'trino', port: '443' },
  { prefix: 'oceanbase', scheme: 'oceanbase', port: '2881' },
  { prefix: 'clickhouse', scheme: 'clickhouse', port: '8123', flat: true },
  { prefix: 'ch:', scheme: 'clickhouse', port: '8123', flat: true },
  { prefix: 'cassandra', scheme: 'cassandra', port: '9042' },
];
/** Extractors not modelled here (their URL forms carry instances, TNS descriptors, properties). */
const JDBC_UNMODELLED = ['oracle', 'sqlserver', 'jtds:sqlserver', 'teradata', 'derby'];

/** `dropSensitiveData` of JdbcUrlSanitizer: credentials and query parameters removed. */
function sanitize(uri: string): string {
  return uri
    .replace(/[A-Za-z0-9_%]+\/\/?[A-Za-z0-9_%]*@/g, '@')
    .replace(/([/|,])[A-Za-z0-9_%]+:?[A-Za-z0-9_%]*@/g, '$1')
    .replace(/[,;&:]?(?:user|username|password)=[^,;&:()]+[,;&:]?/gi, '')
    .replace(/(\(\)){2,}|[,;&:]{2,}/g, '')
    .replace(/\?.*$/s, '');
}

/** A JDBC table (`dbtable` / the table of `.jdbc()`) as the runtime names it. */
export function jdbcDataset(url: string, table: string): Identified {
  const uri = url.replace(/^jdbc:/i, '');
  const lower = uri.toLowerCase();
  const parts = table.split('.');
  if (JDBC_UNMODELLED.some((p) => lower.startsWith(p))) {
    const kind = JDBC_UNMODELLED.find((p) => lower.startsWith(p))!.replace(/^jtds:/, '');
    return {
      namespace: `<jdbc:${kind}>`,
      name: table,
      note: `a ${kind} JDBC URL: its namespace and database come from URL forms Lineage Lens does not model`,
      extra: [{ name: `jdbc:${kind}`, why: `the ${kind} server as the runtime reads it from the JDBC URL` }],
    };
  }
  const known = JDBC_SCHEMES.find((s) => lower.startsWith(s.prefix));
  let normalized = uri;
  if (known?.scheme === 'mysql') normalized = uri.replace(/^[\w+:]+:\/\//, 'mysql://');
  if (known?.scheme === 'clickhouse')
    normalized = uri.replace(/^ch:/, 'clickhouse:').replace(/^clickhouse:(https?|grpc):\/\//, 'clickhouse://');
  const location = genericLocation(normalized);
  if (location === undefined) {
    return {
      namespace: sanitize(uri),
      name: parts.join('.'),
      note: 'a JDBC URL without a host: the runtime uses the URL without credentials as the namespace',
    };
  }
  let authority = location.authority;
  if (known !== undefined) {
    authority = authority
      .split(',')
      .map((h) => (/^(\[.*]|[^:\]]+):(\d+)?$/.test(h) ? h : `${h}:${known.port}`))
      .join(',');
  }
  const scheme = (known?.scheme ?? location.scheme).toLowerCase();
  const database = location.database;
  const name = database !== undefined && !(known?.flat && parts.length >= 2) ? [database, ...parts].join('.') : parts.join('.');
  const db = database !== undefined ? `, database \`${database}\` from the URL` : '';
  return {
    namespace: `${scheme}://${authority.toLowerCase()}`,
    name,
    note: `JDBC \`${scheme}\`: host and port are the namespace${db}, then the table as written`,
  };
}

/** GenericJdbcExtractor: scheme, authority (host[:port] or a host list) and database of `scheme://…/db?…`. */
function genericLocation(uri: string): { scheme: string; authority: string; database?: string } | undefined {
  const m = /^([A-Za-z][\w+.-]*):\/\/([^/?#]*)(\/[^?#]*)?/.exec(uri);
  if (m === null) return undefined;
  const scheme = m[1]!;
  let authority = m[2]!;
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  if (authority === '' || authority.startsWith(':')) return undefined;
  if (authority.includes(',')) {
    const db = /^\/?([\w.]+)/.exec(m[3] ?? '')?.[1];
    return db !== undefined ? { scheme, authority, database: db } : { scheme, authority };
  }
  const path = (m[3] ?? '').replace('/', '');
  return path !== '' ? { scheme, authority, database: path } : { scheme, authority };
}

/** The openlineage-sql dialect the runtime parses a JDBC query with: the word after `jdbc:`. */
export function jdbcDialect(url: string): string {
  return /^jdbc:([^:]+):/i.exec(url)?.[1] ?? 'generic';
}

// ---------------------------------------------------------------------------------------------------------------
// Kafka, BigQuery

/** KafkaBootstrapServerResolver: `kafka://host:port` of the first bootstrap server. */
export function kafkaNamespace(servers: string): string {
  const first = (/^\w+:\/\//.test(servers) ? servers : `PLAINTEXT://${servers}`).split(',')[0]!;
  const authority = /^\w+:\/\/([^/?#]*)/.exec(first)?.[1] ?? '';
  return `kafka://${authority}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Job name (api/naming/NameNormalizer.java)

/** NameNormalizer.normalize: ends trimmed, accents removed, words split (camelCase, acronyms), snake_case. */
export function normalizeJobName(input: string): string {
  const trimmed = input.replace(/^[^\w]+/, '').replace(/[^\w]+$/, '');
  const plain = trimmed.normalize('NFKD').replace(/\p{M}/gu, '');
  const words = plain
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/(?<!^)([A-Z])([a-z])/g, ' $1$2')
    .replace(/(\d)([A-Z])/g, '$1 $2');
  return words.toLowerCase().replace(/[^a-zA-Z0-9]+/g, '_');
}
