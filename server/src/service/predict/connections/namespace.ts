/**
 * The dataset namespace a connection gives, exactly as each provider builds it (the hook's
 * `get_openlineage_database_info` + `SQLParser.create_namespace`, `DbApiHook.get_openlineage_authority_part`,
 * or the operator's OpenLineage method). Sources: docs/upstream/runtime-naming.md, "Connections and SQL dataset names".
 */
import type { AirflowConnection, ConnectionLookup, Placeholder } from '../types';

export interface NamespaceOptions {
  /** The other connections (the AWS connection Redshift and Athena take their region from). */
  readonly lookup?: ConnectionLookup;
  /** What the operator uses the connection for, where one conn_type serves several (`aws`, `google_cloud_platform`). */
  readonly service?: 's3' | 'gcs' | 'bigquery' | 'athena';
  /** The bucket of an object-store operator (`s3://bucket`, `gs://bucket`). */
  readonly bucket?: string;
  /** The hook's `aws_conn_id` (Redshift, Athena); `aws_default` when not given. */
  readonly awsConnId?: string;
  /** The operator's `region_name` (Athena), over the AWS connection's. */
  readonly region?: string;
}

export interface ConnectionNamespace {
  readonly namespace: string;
  readonly placeholders: readonly Placeholder[];
  /** How it was built, for hovers ("postgres://db:5432: host and port of `warehouse`; 5432 is the provider's default"). */
  readonly note: string;
  /** Set when the provider emits no datasets through this connection (its hook has no OpenLineage database info). */
  readonly unsupported?: string;
}

/** Default ports the hooks fill in (`get_openlineage_authority_part(default_port=…)` and the operators). */
export const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  postgres: 5432,
  mysql: 3306,
  trino: 8080,
  mssql: 1433,
  oracle: 1521,
  redshift: 5439,
  sftp: 22,
  ssh: 22,
  ftp: 21,
  ftps: 21,
};

/** Python truthiness of an extra value (`extra_dejson.get(k, False)`): a URI gives strings, so `"false"` is true. */
function truthy(v: unknown): boolean {
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
}

/** `str` of an extra value, undefined when absent or empty. */
export function extraText(conn: AirflowConnection, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = conn.extra[k];
    if (v !== undefined && v !== null && v !== '') return String(v);
  }
  return undefined;
}

/** Lower-cases what `urlparse(...).hostname` would, leaving `<placeholder>`s as written. */
function lowerHost(host: string): string {
  return host.replace(/<[^<>]*>|[^<]+/g, (part) => (part.startsWith('<') ? part : part.toLowerCase()));
}

/** The placeholders (with reasons) that occur in a text, from a connection's templated fields and extra ones. */
export function placeholdersIn(text: string, known: readonly Placeholder[]): Placeholder[] {
  const out: Placeholder[] = [];
  for (const m of text.matchAll(/<([^<>]+)>/g)) {
    const p = known.find((k) => k.name === m[1]);
    if (p && !out.some((o) => o.name === p.name)) out.push(p);
  }
  return out;
}

/** The port as the connection holds it: the number, the templated text, or undefined. */
function portOf(conn: AirflowConnection): string | undefined {
  return conn.port !== undefined ? String(conn.port) : conn.templated?.fields.port;
}

/** The AWS region a hook gets from its AWS connection (`region_name` in its extra), else a placeholder. */
function awsRegion(options: NamespaceOptions & { self?: AirflowConnection }, extra: Placeholder[]): { region: string; how: string } {
  if (options.region) return { region: options.region, how: 'the operator’s `region_name`' };
  const id = options.awsConnId ?? 'aws_default';
  const aws = options.self?.connId === id ? options.self : options.lookup?.get(id);
  const region = aws && extraText(aws, 'region_name');
  if (region) return { region, how: `\`region_name\` of connection \`${id}\`` };
  const name = `conn:${id}.region_name`;
  extra.push({
    name,
    why: aws
      ? `connection \`${id}\` has no \`region_name\`: boto3 takes the region from the environment (AWS_DEFAULT_REGION) at run time`
      : `the AWS connection \`${id}\` is not defined in the project: its region is known at run time only`,
  });
  return { region: `<${name}>`, how: `the region of AWS connection \`${id}\`` };
}

/** `fix_account_name` of the Snowflake provider: an account identifier normalised to `<account>.<region>.<cloud>`. */
export function fixSnowflakeAccount(name: string): string {
  if (!/[-_]/.test(name)) return `${name}.us-west-1.aws`;
  if (name.includes('.')) {
    const parts = name.split('.');
    if (parts.length === 2) return `${parts[0]}.${parts[1]}.aws`;
    const [account, region, cloud] = parts as [string, string, string];
    return `${account}.${region}.${cloud}`;
  }
  const cloud = ['aws', 'gcp', 'azure'].find((c) => name.includes(c));
  if (cloud) {
    const at = name.indexOf(cloud);
    const account = name.slice(0, at).replace(/^[-_.]+|[-_.]+$/g, '');
    const region = name
      .slice(at + cloud.length)
      .replace(/^[-_.]+|[-_.]+$/g, '')
      .replace(/_/g, '-');
    return region ? `${account}.${region}.${cloud}` : name;
  }
  return name;
}

const IP = /^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*$/;

export function namespaceFor(conn: AirflowConnection, options: NamespaceOptions = {}): ConnectionNamespace {
  const extra: Placeholder[] = [];
  const known = () => [...(conn.templated?.placeholders ?? []), ...extra];
  const done = (namespace: string, note: string, unsupported?: string): ConnectionNamespace => ({
    namespace,
    placeholders: placeholdersIn(namespace, known()),
    note,
    ...(unsupported ? { unsupported } : {}),
  });
  const id = `\`${conn.connId}\``;
  const type = conn.connType;
  // `get_openlineage_authority_part`: urlparse(connection.get_uri()) → `hostname:port`, the default port filled in.
  const authority = (scheme: string, defaultPort: number | undefined, hook: string) => {
    const port = portOf(conn) ?? (defaultPort !== undefined ? String(defaultPort) : undefined);
    const host = conn.host !== undefined ? lowerHost(conn.host) : 'None';
    const filled = conn.port === undefined && !conn.templated?.fields.port && defaultPort !== undefined;
    const noHost = conn.host === undefined ? '; the connection has no host, and the provider writes `None`' : '';
    return done(
      `${scheme}://${host}${port ? `:${port}` : ''}`,
      `${hook}: host and port of connection ${id}${filled ? ` (${defaultPort}, the provider's default port)` : ''}${noHost}`,
    );
  };

  switch (type) {
    case 'postgres': {
      if (!truthy(conn.extra.redshift)) return authority('postgres', 5432, 'PostgresHook');
      const region = awsRegion({ ...options, awsConnId: extraText(conn, 'aws_conn_id') ?? 'aws_default' }, extra);
      const cluster = extraText(conn, 'cluster-identifier') ?? conn.host?.split('.')[0] ?? 'None';
      return done(
        `redshift://${cluster}.${region.region}:${portOf(conn) ?? 5439}`,
        `PostgresHook with \`redshift\` in the extra: cluster identifier (\`cluster-identifier\` or the host's first label) and ${region.how}`,
      );
    }
    case 'redshift': {
      const port = portOf(conn) ?? '5439';
      if (truthy(conn.extra.iam) && extraText(conn, 'cluster_identifier')) {
        const region = awsRegion(options, extra);
        return done(
          `redshift://${extraText(conn, 'cluster_identifier')}.${region.region}:${port}`,
          `RedshiftSQLHook (IAM): \`cluster_identifier\` of ${id} and ${region.how}`,
        );
      }
      if (!conn.host)
        return done(`redshift://<conn:${conn.connId}.host>:${port}`, 'RedshiftSQLHook', `connection ${id} has no host: the hook fails`);
      const parts = conn.host.split('.');
      const identifier = conn.host.endsWith('amazonaws.com') && parts.length === 6 ? `${parts[0]}.${parts[2]}` : conn.host;
      return done(
        `redshift://${identifier}:${port}`,
        identifier === conn.host
          ? `RedshiftSQLHook: the host of ${id} as written (not \`<cluster>.<id>.<region>.redshift.amazonaws.com\`)`
          : `RedshiftSQLHook: cluster identifier and region from the host of ${id}`,
      );
    }
    case 'mysql':
      return authority('mysql', 3306, 'MySqlHook');
    case 'trino':
      return authority('trino', 8080, 'TrinoHook');
    case 'mssql':
      return authority('mssql', 1433, 'MsSqlHook');
    case 'oracle':
      return authority('oracle', 1521, 'OracleHook');
    case 'snowflake':
      return snowflake(conn, done, extra);
    case 'databricks': {
      const raw = extraText(conn, 'host') ?? conn.host;
      if (!raw) return done(`databricks://<conn:${conn.connId}.host>`, 'DatabricksSqlHook', `connection ${id} has no host`);
      const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/]*@)?([^:/?#]+)/.exec(raw);
      return done(`databricks://${m ? lowerHost(m[1]!) : raw}`, `DatabricksSqlHook: the workspace host of ${id}`);
    }
    case 'google_cloud_platform':
      if (options.service === 'gcs' || (options.bucket && options.service !== 'bigquery'))
        return done(`gs://${options.bucket ?? '<bucket>'}`, 'GCS operators: `gs://` + the bucket');
      return done('bigquery', 'BigQuery: the namespace is always `bigquery`');
    case 'aws':
      if (options.service === 'athena') {
        const region = awsRegion({ ...options, awsConnId: options.awsConnId ?? conn.connId, self: conn }, extra);
        return done(`awsathena://athena.${region.region}.amazonaws.com`, `AthenaOperator: ${region.how}`);
      }
      return done(`s3://${options.bucket ?? '<bucket>'}`, 'S3 operators: `s3://` + the bucket');
    case 'sftp':
    case 'ssh':
    case 'ftp':
    case 'ftps': {
      const port = portOf(conn) ?? String(DEFAULT_PORTS[type]);
      const host = conn.host ?? 'None';
      let shown = host;
      if (!IP.test(host) && !/^<[^<>]+>$/.test(host)) {
        const name = `ip:${host}`;
        extra.push({
          name,
          why: `the provider resolves \`${host}\` to an IP address at run time (socket.gethostbyname); it keeps the name when that fails`,
        });
        shown = `<${name}>`;
      }
      return done(`file://${shown}:${port}`, `${type.toUpperCase()} operators: \`file://\` + the resolved host and port of ${id}`);
    }
    case 'athena':
      return done(
        `athena://${conn.host ?? ''}`,
        'AthenaSQLHook',
        'AthenaSQLHook has no OpenLineage database info: SQL run through it emits no datasets (AthenaOperator does, with an `aws` connection)',
      );
    case 'sqlite':
      return done(
        `sqlite://${conn.host ?? ''}`,
        'SqliteHook',
        'SqliteHook has no OpenLineage database info: the provider emits no SQL datasets',
      );
    default: {
      const port = portOf(conn);
      const host = conn.host !== undefined ? lowerHost(conn.host) : 'None';
      return done(
        `${type}://${host}${port ? `:${port}` : ''}`,
        `\`${type}\` connection: \`scheme://host:port\` of ${id} (no provider-specific rule known)`,
      );
    }
  }
}

function snowflake(
  conn: AirflowConnection,
  done: (namespace: string, note: string, unsupported?: string) => ConnectionNamespace,
  extra: Placeholder[],
): ConnectionNamespace {
  const id = `\`${conn.connId}\``;
  // SnowflakeHook._get_field: the plain key wins, `extra__snowflake__<key>` is the fallback.
  const get = (k: string) => (k in conn.extra ? extraText(conn, k) : extraText(conn, `extra__snowflake__${k}`));
  const host = extraText(conn, 'host');
  const account = get('account');
  const region = get('region');
  if (!account)
    return done(`snowflake://<conn:${conn.connId}.account>`, 'SnowflakeHook', `connection ${id} has no \`account\`: the hook fails`);
  let hostname = lowerHost(host ?? (region ? `${account}.${region}` : account));
  const templated = /<[^<>]+>/.test(hostname);
  // With the account unknown, fix_account_name can still be applied when the region decides the outcome.
  if (templated && !host && region && !/<[^<>]+>/.test(region) && /[-_]/.test(region)) {
    const token = 'acct';
    const fixed = fixSnowflakeAccount(`${token}.${region.toLowerCase()}`);
    hostname = fixed.replace(token, lowerHost(account));
    return done(
      `snowflake://${hostname}`,
      `SnowflakeHook: account and region of ${id}, normalised by fix_account_name (\`<account>.<region>.<cloud>\`, AWS when no cloud is given)`,
    );
  }
  if (templated) {
    const name = `conn:${conn.connId}.account`;
    extra.push({ name, why: `the Snowflake account identifier of ${id} is templated; the provider normalises it with fix_account_name` });
    return done(`snowflake://<${name}>`, `SnowflakeHook: the account identifier of ${id} (templated)`);
  }
  return done(
    `snowflake://${fixSnowflakeAccount(hostname)}`,
    `SnowflakeHook: ${host ? 'the `host` extra' : region ? 'account and region' : 'the account'} of ${id}, normalised by fix_account_name`,
  );
}
