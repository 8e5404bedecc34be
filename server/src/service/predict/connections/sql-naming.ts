/**
 * How the Airflow OpenLineage provider turns a table the SQL parser found into a dataset name, per connection:
 * `SQLParser` (providers/openlineage/sqlparser.py) with the hook's `DatabaseInfo` (database, is_uppercase_names,
 * information_schema columns), `get_openlineage_database_dialect` and `get_openlineage_default_schema`.
 *
 * Without database access the provider names a table `database.schema.table` from the parser: the parts the SQL
 * writes, the default schema for a missing schema, the operator's `database=` or the connection's database for a
 * missing database, all upper-cased when the database has upper-case names (`from_table_meta`). With access (the
 * normal case since Airflow 2.10) the names come from information_schema rows, which spell the table as the
 * database stores it and fill the database from the row where the view has a catalog column. Where that makes a
 * part unknowable here, it is a placeholder; where the row usually agrees with the parser, the note says so.
 * Sources: docs/upstream/runtime-naming.md, "Connections and SQL dataset names".
 */
import type { AirflowConnection, Placeholder, SqlDialect, SqlTable } from '../types';
import { extraText, namespaceFor, type NamespaceOptions } from './namespace';

export interface SqlNaming {
  readonly namespace: string;
  readonly placeholders: readonly Placeholder[];
  readonly dialect: SqlDialect;
  readonly defaultDatabase?: string;
  readonly defaultSchema?: string;
  readonly note: string;
  /** Set when the provider emits no SQL datasets through this connection (no OpenLineage database info). */
  readonly unsupported?: string;
  qualify(table: SqlTable): { name: string; placeholders: Placeholder[]; note: string };
}

export interface SqlHints {
  /** The conn_type to assume when the connection is not defined in the project (from the operator). */
  readonly connType?: string;
  /** The operator's `database=` (it wins over the connection's, as `get_openlineage_facets_with_sql(database=…)`). */
  readonly database?: string;
  /** The operator's `schema=` (Snowflake, Databricks: the hook's schema, the parser's default schema). */
  readonly schema?: string;
}

/** The SQL dialect each conn_type's hook names (`get_openlineage_database_dialect`). */
const DIALECT: Readonly<Record<string, SqlDialect>> = {
  postgres: 'postgres',
  redshift: 'redshift',
  mysql: 'mysql',
  snowflake: 'snowflake',
  trino: 'trino',
  mssql: 'mssql',
  databricks: 'databricks',
  google_cloud_platform: 'bigquery',
  aws: 'athena',
  sqlite: 'sqlite',
};

/** The conn_type whose hook names `dialect` (the inverse of DIALECT): a SQL operator's, when its connection is not defined. */
export function connTypeOfDialect(dialect: SqlDialect): string | undefined {
  return Object.keys(DIALECT).find((type) => DIALECT[type] === dialect);
}

interface Rule {
  readonly database?: string;
  readonly defaultSchema?: string;
  /** Placeholder for a missing database / schema (used only when the table does not write it). */
  readonly missingDatabase?: Placeholder;
  readonly missingSchema?: Placeholder;
  readonly upper?: boolean;
  /** Whether unquoted names are folded to lower case by the database (information_schema holds them so). */
  readonly foldsLower?: boolean;
  readonly note: string;
}

const ph = (name: string, why: string): Placeholder => ({ name, why });

export function sqlNaming(
  conn: AirflowConnection | undefined,
  connId: string,
  hints: SqlHints = {},
  options: NamespaceOptions = {},
): SqlNaming {
  const type = conn?.connType ?? hints.connType ?? 'generic';
  const redshiftPg = type === 'postgres' && conn !== undefined && !!conn.extra.redshift && conn.extra.redshift !== '';
  const kind = redshiftPg ? 'redshift' : type;
  const dialect: SqlDialect = DIALECT[kind] ?? 'generic';
  const ns = conn
    ? namespaceFor(conn, {
        ...options,
        service: kind === 'aws' ? 'athena' : kind === 'google_cloud_platform' ? 'bigquery' : options.service,
      })
    : {
        namespace: kind === 'google_cloud_platform' ? 'bigquery' : `<conn:${connId}>`,
        placeholders:
          kind === 'google_cloud_platform'
            ? []
            : [
                ph(
                  `conn:${connId}`,
                  `connection \`${connId}\` is not defined in the project (.env, compose, airflow_settings.yaml, exports)`,
                ),
              ],
        note: `connection \`${connId}\` is not defined in the project`,
      };
  const unknown = (part: string, why: string) => ph(`conn:${connId}.${part}`, why);
  const field = (value: string | undefined, part: string, what: string): { value?: string; missing?: Placeholder } =>
    value
      ? { value }
      : {
          missing: unknown(
            part,
            conn ? `connection \`${connId}\` does not give ${what}` : `connection \`${connId}\` is not defined in the project`,
          ),
        };
  const rule = ruleFor(kind, conn, connId, hints, field, unknown);
  const placeholders = [...ns.placeholders];

  return {
    namespace: ns.namespace,
    placeholders,
    dialect,
    ...(rule.database ? { defaultDatabase: rule.database } : {}),
    ...(rule.defaultSchema ? { defaultSchema: rule.defaultSchema } : {}),
    note: `${ns.note}; ${rule.note}`,
    ...(ns.unsupported ? { unsupported: ns.unsupported } : {}),
    qualify(table: SqlTable) {
      const used: Placeholder[] = [];
      const notes: string[] = [];
      let database = table.database ?? undefined;
      let schema = table.schema ?? undefined;
      if (database === undefined) {
        if (rule.database) database = rule.database;
        else if (rule.missingDatabase) {
          database = `<${rule.missingDatabase.name}>`;
          used.push(rule.missingDatabase);
        }
      }
      if (schema === undefined) {
        if (rule.defaultSchema) schema = rule.defaultSchema;
        else if (rule.missingSchema) {
          schema = `<${rule.missingSchema.name}>`;
          used.push(rule.missingSchema);
        }
      }
      let name = [database, schema, table.name].filter((p) => p !== undefined).join('.');
      if (rule.upper) name = name.replace(/<[^<>]*>|[^<]+/g, (part) => (part.startsWith('<') ? part : part.toUpperCase()));
      if (rule.foldsLower && /[A-Z]/.test(table.qualifiedName))
        notes.push(
          `the database stores unquoted \`${table.qualifiedName}\` in lower case; the provider looks it up in information_schema as written and leaves it out of the event when it is not found`,
        );
      return { name, placeholders: used, note: [rule.note, ...notes].join('; ') };
    },
  };
}

function ruleFor(
  kind: string,
  conn: AirflowConnection | undefined,
  connId: string,
  hints: SqlHints,
  field: (value: string | undefined, part: string, what: string) => { value?: string; missing?: Placeholder },
  unknown: (part: string, why: string) => Placeholder,
): Rule {
  const opDb = hints.database;
  switch (kind) {
    case 'postgres':
    case 'redshift': {
      const db = field(opDb ?? conn?.schema, 'schema', 'a database (its `schema` field)');
      const name = kind === 'postgres' ? 'PostgresHook' : 'RedshiftSQLHook';
      return {
        database: db.value,
        // Postgres information_schema rows have no catalog column: with no database the name is `schema.table`.
        ...(conn ? {} : { missingDatabase: db.missing }),
        defaultSchema: 'public',
        foldsLower: true,
        note: `${name}: \`database.schema.table\`, the database from ${opDb ? 'the operator’s `database=`' : `the \`schema\` field of \`${connId}\``}; an unqualified table’s schema is what the database reports (\`SELECT CURRENT_SCHEMA\`), \`public\` unless the search_path says otherwise`,
      };
    }
    case 'mysql':
      return {
        database: opDb,
        missingSchema: unknown(
          'table_schema',
          `MySQL has no default schema in the provider: the name takes the \`table_schema\` information_schema returns for the table (usually the connection's database${conn?.schema ? ` \`${conn.schema}\`` : ''})`,
        ),
        note: 'MySqlHook: `schema.table` (MySQL databases are schemas); an unqualified table’s schema comes from information_schema',
      };
    case 'snowflake': {
      const get = (k: string) => (conn && k in conn.extra ? extraText(conn, k) : conn && extraText(conn, `extra__snowflake__${k}`));
      const db = field(opDb ?? get('database') ?? undefined, 'database', 'a `database` extra');
      const schema = field(hints.schema ?? conn?.schema, 'schema', 'a schema');
      return {
        database: db.value,
        missingDatabase: db.missing,
        defaultSchema: schema.value,
        missingSchema: schema.missing,
        upper: true,
        note: 'SnowflakeHook: `DATABASE.SCHEMA.TABLE` upper-cased, the database from the `database` extra (or the operator), the default schema from the connection’s `schema` (or the operator)',
      };
    }
    case 'google_cloud_platform': {
      const project = field(
        opDb ?? (conn && extraText(conn, 'project', 'extra__google_cloud_platform__project')),
        'project',
        'a `project` extra',
      );
      return {
        database: project.value,
        missingDatabase: project.missing,
        ...(hints.schema ? { defaultSchema: hints.schema } : {}),
        missingSchema: unknown('dataset', 'BigQuery needs a dataset: the job’s default dataset is known at run time only'),
        note: 'BigQuery: `project.dataset.table`, a missing project filled from the connection’s project; the job API, not the SQL, gives the tables at run time',
      };
    }
    case 'trino':
      return {
        database: opDb ?? (conn ? (extraText(conn, 'catalog') ?? 'hive') : undefined),
        ...(conn || opDb ? {} : { missingDatabase: unknown('catalog', `connection \`${connId}\` is not defined in the project`) }),
        defaultSchema: 'default',
        note: 'TrinoHook: `catalog.schema.table`, the catalog from the `catalog` extra (`hive` when absent), the default schema `default`',
      };
    case 'mssql': {
      const db = field(opDb ?? conn?.schema, 'schema', 'a database (its `schema` field)');
      return {
        database: db.value,
        missingDatabase: db.missing,
        defaultSchema: hints.schema ?? 'dbo',
        note: 'MsSqlHook: `database.schema.table`; an unqualified table’s schema is the login’s default schema (`SELECT SCHEMA_NAME()`), `dbo` unless set otherwise',
      };
    }
    case 'databricks': {
      const catalog = field(opDb, 'catalog', 'a catalog (the operator’s `catalog=`)');
      return {
        database: catalog.value,
        missingDatabase: unknown('catalog', 'the workspace’s default catalog, which information_schema reports at run time'),
        defaultSchema: hints.schema ?? 'default',
        note: 'DatabricksSqlHook: `catalog.schema.table`, the catalog from the operator’s `catalog=`, the default schema the operator’s `schema=` or `default`',
      };
    }
    case 'oracle':
      return {
        database: opDb ?? (conn && extraText(conn, 'service_name', 'sid')),
        missingSchema: unknown(
          'current_schema',
          'the session’s current schema (usually the login, upper-cased), read from the database at run time',
        ),
        note: 'OracleHook: `service.owner.table`, the owner of an unqualified table from the session’s current schema',
      };
    case 'aws':
      return {
        database: 'AwsDataCatalog',
        ...(opDb ? { defaultSchema: opDb } : { missingSchema: unknown('database', 'the AthenaOperator’s `database=`') }),
        note: 'AthenaOperator: `catalog.database.table` (catalog `AwsDataCatalog` unless given), each table confirmed through the Glue API at run time',
      };
    default:
      return {
        database: opDb,
        note: `no provider rule for \`${kind}\`: the parts the SQL writes${opDb ? ', the operator’s database' : ''}`,
      };
  }
}
