/**
 * SQL table lineage (server/src/service/sql) with sqlparser-rs loaded from its WASM: the inputs and outputs
 * openlineage-sql reports for each construct and dialect, names as written (quotes stripped), and where each
 * name is written. Own SQL throughout.
 */
import assert from 'node:assert/strict';
import { loadSqlLineage } from '../../server/src/node/sql';
import type { SqlDialect, SqlLineageFn, SqlLineageResult, SqlOptions, SqlTable } from '../../server/src/service/predict/types';

let lineage: SqlLineageFn;

before(async () => {
  lineage = await loadSqlLineage();
});

function run(sql: string, dialect: SqlDialect = 'postgres', extra: Partial<SqlOptions> = {}): SqlLineageResult {
  const result = lineage(sql, { dialect, ...extra });
  assert.deepEqual(result.errors, [], `no errors expected for: ${sql}`);
  return result;
}

/** Qualified names of inputs and outputs, in the parser's order. */
function names(sql: string, dialect: SqlDialect = 'postgres', extra: Partial<SqlOptions> = {}): { in: string[]; out: string[] } {
  const r = run(sql, dialect, extra);
  return { in: r.inputs.map((t) => t.qualifiedName), out: r.outputs.map((t) => t.qualifiedName) };
}

/** The text each table's range covers. */
function written(sql: string, tables: readonly SqlTable[]): string[] {
  return tables.map((t) => (t.range ? sql.slice(t.range.start, t.range.end) : '<no range>'));
}

describe('SQL table lineage', () => {
  it('SELECT with joins: every table read is an input, aliases are not tables', () => {
    assert.deepEqual(names('SELECT c.id FROM shop.customers c JOIN shop.invoices AS i ON i.cust = c.id LEFT JOIN fx ON fx.cur = i.cur'), {
      in: ['fx', 'shop.customers', 'shop.invoices'],
      out: [],
    });
  });

  it('splits database, schema and name as written, quotes stripped, no defaults unless given', () => {
    const r = run('SELECT 1 FROM "Sales"."Q1 Orders", wh.core.ledger');
    assert.deepEqual(
      r.inputs.map(({ database, schema, name, qualifiedName }) => ({ database, schema, name, qualifiedName })),
      [
        { database: null, schema: 'Sales', name: 'Q1 Orders', qualifiedName: 'Sales.Q1 Orders' },
        { database: 'wh', schema: 'core', name: 'ledger', qualifiedName: 'wh.core.ledger' },
      ],
    );
    const d = run('SELECT 1 FROM ledger', 'postgres', { defaultSchema: 'public', defaultDatabase: 'wh' });
    assert.deepEqual(
      d.inputs.map((t) => t.qualifiedName),
      ['wh.public.ledger'],
    );
  });

  it('gives each table the range where its name is written (UTF-16 offsets, multi-line)', () => {
    const sql = '-- réel ✓ 𝔸\nINSERT INTO   mart."daily 𝔹"\nSELECT * FROM\n  raw.events e';
    const r = run(sql);
    assert.deepEqual(written(sql, r.outputs), ['mart."daily 𝔹"']);
    assert.deepEqual(written(sql, r.inputs), ['raw.events']);
  });

  it('INSERT … SELECT and Hive INSERT OVERWRITE … PARTITION', () => {
    assert.deepEqual(names('INSERT INTO stats.daily (d, n) SELECT d, count(*) FROM logs.hits GROUP BY d'), {
      in: ['logs.hits'],
      out: ['stats.daily'],
    });
    assert.deepEqual(names("INSERT OVERWRITE TABLE dw.visits PARTITION (dt='2024-05-01') SELECT uid FROM staging.visits_raw", 'hive'), {
      in: ['staging.visits_raw'],
      out: ['dw.visits'],
    });
  });

  it('CREATE TABLE AS / LIKE / CLONE and CREATE VIEW', () => {
    assert.deepEqual(names('CREATE TABLE tmp.top_users AS SELECT uid FROM app.users WHERE score > 9'), {
      in: ['app.users'],
      out: ['tmp.top_users'],
    });
    assert.deepEqual(names('CREATE TABLE backup_orders LIKE live_orders', 'snowflake'), { in: ['live_orders'], out: ['backup_orders'] });
    assert.deepEqual(names('CREATE TABLE dev.items CLONE prod.items', 'snowflake'), { in: ['prod.items'], out: ['dev.items'] });
    assert.deepEqual(names('CREATE VIEW rpt.v_sales AS SELECT * FROM core.sales'), { in: ['core.sales'], out: ['rpt.v_sales'] });
  });

  it('CTEs are not tables: only the tables the used CTEs read are inputs', () => {
    const sql = `WITH recent AS (SELECT * FROM app.orders WHERE ts > now() - interval '1 day'),
      unused AS (SELECT * FROM app.never_read)
      INSERT INTO rpt.recent_orders SELECT * FROM recent`;
    assert.deepEqual(names(sql), { in: ['app.orders'], out: ['rpt.recent_orders'] });
  });

  it('sub-queries, IN (SELECT …), EXISTS and UNION', () => {
    const sql = `SELECT a FROM (SELECT a FROM s1.t1) x
      WHERE a IN (SELECT a FROM s2.t2) AND EXISTS (SELECT 1 FROM s3.t3)
      UNION ALL SELECT a FROM s4.t4`;
    assert.deepEqual(names(sql), { in: ['s1.t1', 's2.t2', 's3.t3', 's4.t4'], out: [] });
  });

  it('MERGE: the target is the output, the source an input', () => {
    const sql = `MERGE INTO dim.customer AS tgt USING (SELECT * FROM stage.customer_delta) AS src ON tgt.id = src.id
      WHEN MATCHED THEN UPDATE SET name = src.name WHEN NOT MATCHED THEN INSERT (id, name) VALUES (src.id, src.name)`;
    assert.deepEqual(names(sql, 'snowflake'), { in: ['stage.customer_delta'], out: ['dim.customer'] });
  });

  it('UPDATE … FROM and DELETE … USING', () => {
    assert.deepEqual(names('UPDATE inv.stock s SET qty = d.qty FROM inv.deliveries d WHERE s.sku = d.sku'), {
      in: ['inv.deliveries'],
      out: ['inv.stock'],
    });
    assert.deepEqual(names('DELETE FROM inv.stock USING inv.recalls r WHERE stock.sku = r.sku'), {
      in: ['inv.recalls'],
      out: ['inv.stock'],
    });
  });

  it('MySQL multi-table DELETE: the deleted table becomes an output, the joined one stays an input', () => {
    assert.deepEqual(names('DELETE a FROM audit a JOIN purge_list p ON a.id = p.id', 'mysql'), { in: ['purge_list'], out: ['audit'] });
  });

  it('ALTER … RENAME, SWAP WITH, DROP and TRUNCATE', () => {
    assert.deepEqual(names('ALTER TABLE old_events RENAME TO events_2023'), { in: ['old_events'], out: ['events_2023'] });
    assert.deepEqual(names('ALTER TABLE blue SWAP WITH green', 'snowflake'), { in: ['blue', 'green'], out: ['blue', 'green'] });
    assert.deepEqual(names('ALTER TABLE ledger ADD COLUMN note TEXT'), { in: [], out: ['ledger'] });
    assert.deepEqual(names('DROP TABLE IF EXISTS scratch.a, scratch.b'), { in: [], out: ['scratch.a', 'scratch.b'] });
    assert.deepEqual(names('TRUNCATE TABLE scratch.c'), { in: [], out: ['scratch.c'] });
  });

  it('Snowflake COPY INTO from stages and URLs, and unloading to a location', () => {
    const stage = run('COPY INTO raw.clicks FROM @ingest.landing/clicks/', 'snowflake');
    assert.deepEqual(
      stage.inputs.map((t) => t.qualifiedName),
      ['@ingest.landing/clicks/'],
    );
    assert.deepEqual(
      stage.outputs.map((t) => t.qualifiedName),
      ['raw.clicks'],
    );
    assert.deepEqual(names("COPY INTO raw.clicks FROM 's3://click-bucket/2024/'", 'snowflake').in, ['s3://click-bucket/2024/']);
    assert.deepEqual(names('COPY INTO @exports/daily FROM (SELECT * FROM rpt.daily)', 'snowflake'), {
      in: ['rpt.daily'],
      out: ['@exports/daily'],
    });
  });

  it('CREATE STAGE with a URL', () => {
    assert.deepEqual(names("CREATE STAGE ingest.landing URL='s3://landing-zone/in/'", 'snowflake'), {
      in: ['s3://landing-zone/in/'],
      out: ['ingest.landing'],
    });
  });

  it('IDENTIFIER(…) names a table in Snowflake and Databricks', () => {
    assert.deepEqual(names("SELECT * FROM IDENTIFIER('ops.jobs')", 'snowflake').in, ['ops.jobs']);
    assert.deepEqual(names('SELECT * FROM IDENTIFIER(ops_jobs)', 'databricks').in, ['ops_jobs']);
  });

  it('USE sets the defaults of the statements after it, per dialect', () => {
    assert.deepEqual(names('USE analytics;\nINSERT INTO t_out SELECT * FROM t_in;', 'snowflake'), {
      in: ['analytics.t_in'],
      out: ['analytics.t_out'],
    });
    assert.deepEqual(names('USE analytics;\nSELECT * FROM t_in;', 'databricks').in, ['analytics.t_in']);
    assert.deepEqual(names('USE SCHEMA wh.mart;\nSELECT * FROM t_in;', 'snowflake').in, ['wh.mart.t_in']);
    assert.deepEqual(names('SELECT * FROM t0;\nUSE wh2;\nSELECT * FROM t1;', 'generic').in, ['t0', 'wh2.t1']);
  });

  it('BigQuery back-quoted project.dataset.table', () => {
    const sql = 'SELECT * FROM `my-proj.sales.orders_2024`';
    const r = run(sql, 'bigquery');
    // sqlparser-rs splits a quoted BigQuery path into its parts.
    assert.deepEqual(
      r.inputs.map((t) => [t.database, t.schema, t.name]),
      [['my-proj', 'sales', 'orders_2024']],
    );
    assert.deepEqual(written(sql, r.inputs), ['`my-proj.sales.orders_2024`']);
    const split = run('SELECT * FROM `my-proj`.`sales`.`orders`', 'bigquery');
    assert.deepEqual(
      split.inputs.map((t) => t.qualifiedName),
      ['my-proj.sales.orders'],
    );
  });

  it('SQL Server brackets and trino/athena read as the generic dialect', () => {
    assert.deepEqual(names('SELECT * FROM [dbo].[Orders Archive]', 'mssql').in, ['dbo.Orders Archive']);
    assert.deepEqual(names('SELECT * FROM hive.web.sessions', 'trino').in, ['hive.web.sessions']);
    assert.deepEqual(names('SELECT * FROM "awsdatacatalog"."logs"."alb"', 'athena').in, ['awsdatacatalog.logs.alb']);
  });

  it('a table factor openlineage-sql does not implement fails the whole parse, as at run time', () => {
    const r = lineage('INSERT INTO o SELECT * FROM a;\nSELECT * FROM UNNEST(ARRAY[1, 2]) AS x', { dialect: 'postgres' });
    assert.deepEqual([r.inputs, r.outputs, r.columnLineage], [[], [], []]);
    assert.deepEqual(
      r.errors.map((e) => [e.message, e.line, e.column]),
      [['TableFactor other than table or subquery not implemented: UNNEST', 2, 1]],
    );
  });
});
