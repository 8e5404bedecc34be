/**
 * SQL column lineage (server/src/service/sql): each output column and the input columns it is computed from,
 * as openlineage-sql reports them (sorted, the output's table null as the parser leaves it). Own SQL.
 */
import assert from 'node:assert/strict';
import { loadSqlLineage } from '../../server/src/node/sql';
import type { SqlDialect, SqlLineageFn } from '../../server/src/service/predict/types';

let lineage: SqlLineageFn;

before(async () => {
  lineage = await loadSqlLineage();
});

/** `column ← table.col, table.col` lines. */
function cll(sql: string, dialect: SqlDialect = 'postgres'): string[] {
  const r = lineage(sql, { dialect });
  assert.deepEqual(r.errors, []);
  return r.columnLineage.map(
    (c) =>
      `${c.output.table === null ? '' : `${c.output.table}:`}${c.output.column} ← ${c.inputs.map((i) => `${i.table}.${i.column}`).join(', ')}`,
  );
}

describe('SQL column lineage', () => {
  it('through table aliases and column aliases', () => {
    assert.deepEqual(cll('SELECT p.sku AS product, p.price FROM store.products p'), [
      'price ← store.products.price',
      'product ← store.products.sku',
    ]);
  });

  it('an unqualified column belongs to the only table read', () => {
    assert.deepEqual(cll('SELECT amount FROM billing.charges'), ['amount ← billing.charges.amount']);
  });

  it('joins: each column to the table its qualifier names', () => {
    assert.deepEqual(cll('SELECT o.id AS order_id, c.email FROM orders o JOIN clients c ON c.id = o.client_id'), [
      'email ← clients.email',
      'order_id ← orders.id',
    ]);
  });

  it('functions, aggregates, CASE and window functions take every column they use', () => {
    assert.deepEqual(
      cll(`SELECT SUM(l.qty * l.unit_price) AS revenue,
             CASE WHEN l.discount > 0 THEN 'yes' ELSE 'no' END AS discounted,
             ROW_NUMBER() OVER (PARTITION BY l.store ORDER BY l.sold_at) AS n
           FROM sales.lines l`),
      [
        'discounted ← sales.lines.discount',
        'n ← sales.lines.sold_at, sales.lines.store',
        'revenue ← sales.lines.qty, sales.lines.unit_price',
      ],
    );
  });

  it("an expression without an alias gets the parser's generated name _0, _1, …", () => {
    assert.deepEqual(cll('SELECT w, w * 2, upper(h) FROM dims'), ['_0 ← dims.w', '_1 ← dims.h', 'w ← dims.w']);
  });

  it('through CTEs chained one on another', () => {
    const sql = `WITH a AS (SELECT k, v AS value FROM src.kv), b AS (SELECT k AS key, value FROM a)
      SELECT key, value FROM b`;
    assert.deepEqual(cll(sql), ['key ← src.kv.k', 'value ← src.kv.v']);
  });

  it('through an aliased sub-query', () => {
    assert.deepEqual(cll('SELECT s.total AS grand FROM (SELECT SUM(x) AS total FROM m.facts) s'), ['grand ← m.facts.x']);
  });

  it('INSERT … SELECT: the selected columns (the output table is left null, as openlineage-sql does)', () => {
    assert.deepEqual(cll('INSERT INTO rpt.daily SELECT day, COUNT(id) AS n FROM ev.clicks GROUP BY day'), [
      'day ← ev.clicks.day',
      'n ← ev.clicks.id',
    ]);
  });

  it('SELECT * gives no column lineage (openlineage-sql does not expand it)', () => {
    assert.deepEqual(cll('SELECT * FROM ev.clicks'), []);
  });

  it('several statements: the lineage of each, together', () => {
    assert.deepEqual(cll('INSERT INTO a SELECT x FROM t1;\nINSERT INTO b SELECT y AS z FROM t2;'), ['x ← t1.x', 'z ← t2.y']);
  });
});
