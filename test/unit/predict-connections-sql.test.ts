/**
 * SQL dataset names through a connection: how the OpenLineage provider fills the database and default schema
 * into a table the parser found, per database, and what stays a placeholder.
 */
import assert from 'node:assert/strict';
import { sqlNaming } from '../../server/src/service/predict/connections';
import type { AirflowConnection, SqlTable } from '../../server/src/service/predict/types';

function conn(fields: Partial<AirflowConnection> & { connType: string }): AirflowConnection {
  return { connId: 'wh', extra: {}, source: { uri: 'file:///w/.env', form: 'env-file' }, ...fields };
}

/** A table as the SQL writes it (`a.b.c`, `b.c`, `c`). */
function table(written: string): SqlTable {
  const parts = written.split('.');
  const name = parts.pop()!;
  const schema = parts.pop() ?? null;
  const database = parts.pop() ?? null;
  return { database, schema, name, qualifiedName: written };
}

describe('predict: SQL dataset names through a connection', () => {
  it('Postgres: database from the connection (or the operator), schema `public` for an unqualified table', () => {
    const pg = sqlNaming(conn({ connType: 'postgres', host: 'pg-main', schema: 'billing' }), 'wh');
    assert.equal(pg.namespace, 'postgres://pg-main:5432');
    assert.equal(pg.dialect, 'postgres');
    assert.equal(pg.qualify(table('invoices')).name, 'billing.public.invoices');
    assert.equal(pg.qualify(table('ledger.entries')).name, 'billing.ledger.entries');
    assert.equal(pg.qualify(table('archive.ledger.entries')).name, 'archive.ledger.entries');
    assert.match(pg.qualify(table('invoices')).note, /CURRENT_SCHEMA/);
    assert.match(pg.qualify(table('Invoices')).note, /lower case; the provider looks it up in information_schema as written/);
    const op = sqlNaming(conn({ connType: 'postgres', host: 'pg-main', schema: 'billing' }), 'wh', { database: 'reporting' });
    assert.equal(op.qualify(table('invoices')).name, 'reporting.public.invoices');
    // No database on the connection: information_schema rows carry none either.
    assert.equal(sqlNaming(conn({ connType: 'postgres', host: 'pg-main' }), 'wh').qualify(table('invoices')).name, 'public.invoices');
  });

  it('Snowflake: upper-cased DATABASE.SCHEMA.TABLE from the database extra and the connection schema; a missing one is a placeholder', () => {
    const sf = sqlNaming(
      conn({ connType: 'snowflake', schema: 'Staging', extra: { account: 'zz11111', region: 'us-east-2', database: 'Lake' } }),
      'wh',
    );
    assert.equal(sf.namespace, 'snowflake://zz11111.us-east-2.aws');
    assert.equal(sf.qualify(table('raw_clicks')).name, 'LAKE.STAGING.RAW_CLICKS');
    assert.equal(sf.qualify(table('mart.daily')).name, 'LAKE.MART.DAILY');
    const hinted = sqlNaming(conn({ connType: 'snowflake', extra: { account: 'zz11111' } }), 'wh', { database: 'other_db', schema: 'ops' });
    assert.equal(hinted.qualify(table('t')).name, 'OTHER_DB.OPS.T');
    const bare = sqlNaming(conn({ connType: 'snowflake', extra: { account: 'zz11111' } }), 'wh').qualify(table('t'));
    assert.equal(bare.name, '<conn:wh.database>.<conn:wh.schema>.T');
    assert.deepEqual(
      bare.placeholders.map((p) => p.name),
      ['conn:wh.database', 'conn:wh.schema'],
    );
  });

  it('BigQuery: project from the connection for a dataset.table; no default dataset is known', () => {
    const bq = sqlNaming(
      conn({ connType: 'google_cloud_platform', extra: { extra__google_cloud_platform__project: 'acme-analytics' } }),
      'wh',
    );
    assert.equal(bq.namespace, 'bigquery');
    assert.equal(bq.dialect, 'bigquery');
    assert.equal(bq.qualify(table('web.sessions')).name, 'acme-analytics.web.sessions');
    assert.equal(bq.qualify(table('other-proj.web.sessions')).name, 'other-proj.web.sessions');
    const lone = bq.qualify(table('sessions'));
    assert.equal(lone.name, 'acme-analytics.<conn:wh.dataset>.sessions');
    const noProject = sqlNaming(conn({ connType: 'google_cloud_platform' }), 'wh').qualify(table('web.sessions'));
    assert.equal(noProject.name, '<conn:wh.project>.web.sessions');
  });

  it('Trino, MySQL, MS SQL, Redshift and Databricks fill what their hooks fill', () => {
    const tr = sqlNaming(conn({ connType: 'trino', host: 'coord', extra: { catalog: 'iceberg' } }), 'wh');
    assert.equal(tr.qualify(table('events')).name, 'iceberg.default.events');
    assert.equal(sqlNaming(conn({ connType: 'trino', host: 'coord' }), 'wh').qualify(table('s.events')).name, 'hive.s.events');
    const my = sqlNaming(conn({ connType: 'mysql', host: 'shop-db', schema: 'shop' }), 'wh');
    assert.equal(my.qualify(table('orders')).name, '<conn:wh.table_schema>.orders');
    assert.match(my.qualify(table('orders')).placeholders[0]!.why, /usually the connection's database `shop`/);
    assert.equal(my.qualify(table('shop.orders')).name, 'shop.orders');
    assert.equal(
      sqlNaming(conn({ connType: 'mssql', host: 'sq', schema: 'Sales' }), 'wh').qualify(table('orders')).name,
      'Sales.dbo.orders',
    );
    const rs = sqlNaming(conn({ connType: 'redshift', host: 'rs1.k2j3.eu-west-1.redshift.amazonaws.com', schema: 'dev' }), 'wh');
    assert.equal(rs.namespace, 'redshift://rs1.eu-west-1:5439');
    assert.equal(rs.dialect, 'redshift');
    assert.equal(rs.qualify(table('orders')).name, 'dev.public.orders');
    const dbx = sqlNaming(conn({ connType: 'databricks', host: 'adb-7.azuredatabricks.net' }), 'wh', { database: 'main', schema: 'gold' });
    assert.equal(dbx.qualify(table('kpis')).name, 'main.gold.kpis');
    assert.equal(
      sqlNaming(conn({ connType: 'databricks', host: 'adb-7' }), 'wh').qualify(table('kpis')).name,
      '<conn:wh.catalog>.default.kpis',
    );
  });

  it('an unknown connection: the namespace names it, the dialect comes from the operator', () => {
    const missing = sqlNaming(undefined, 'analytics_pg', { connType: 'postgres' });
    assert.equal(missing.namespace, '<conn:analytics_pg>');
    assert.deepEqual(
      missing.placeholders.map((p) => p.name),
      ['conn:analytics_pg'],
    );
    assert.equal(missing.dialect, 'postgres');
    assert.equal(missing.qualify(table('orders')).name, '<conn:analytics_pg.schema>.public.orders');
    const generic = sqlNaming(undefined, 'x');
    assert.equal(generic.dialect, 'generic');
    assert.equal(generic.qualify(table('orders')).name, 'orders');
    assert.match(sqlNaming(conn({ connType: 'sqlite', host: '/data/app.db' }), 'wh').unsupported!, /emits no SQL datasets/);
  });
});
