/** Airflow connections: where a conn_id points, and how the OpenLineage provider names datasets through it. */
export { connectionsOf, exportFileKind, type ConnectionIndex, type RefusedConnection } from './sources';
export { namespaceFor, fixSnowflakeAccount, DEFAULT_PORTS, type ConnectionNamespace, type NamespaceOptions } from './namespace';
export { connTypeOfDialect, sqlNaming, type SqlHints, type SqlNaming } from './sql-naming';
export { parseConnectionUri, parseConnectionValue, parseConnectionFields } from './parse';
