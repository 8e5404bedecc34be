/**
 * Expressions, functions, windows and joins, visited as openlineage-sql visits them (visitor.rs `impl Visit for
 * Expr/Function/FunctionArg/WindowSpec/Join`): an identifier in a column context becomes an ancestor of that
 * column; sub-queries are visited for their tables; every other expression kind is passed over. Pure.
 */
import { arr, field, ident, idents, variant, type Json } from './ast';
import type { Context } from './context';
import { column } from './meta';
import { visitQuery, visitTableFactor } from './visit';

/** Visits an `Expr`. */
export function visitExpr(e: Json, ctx: Context): void {
  const v = variant(e);
  if (!v) return;
  const [tag, p] = v;
  switch (tag) {
    case 'Subquery':
      visitQuery(p, ctx);
      return;
    case 'InSubquery':
    case 'Exists':
      visitQuery(field(p, 'subquery'), ctx);
      return;
    case 'BinaryOp':
    case 'AnyOp':
    case 'AllOp':
      visitExpr(field(p, 'left'), ctx);
      visitExpr(field(p, 'right'), ctx);
      return;
    case 'UnaryOp':
    case 'Cast':
    case 'Collate':
      visitExpr(field(p, 'expr'), ctx);
      return;
    case 'Case':
      visitExpr(field(p, 'operand'), ctx);
      for (const w of arr(field(p, 'conditions'))) {
        visitExpr(field(w, 'condition'), ctx);
        visitExpr(field(w, 'result'), ctx);
      }
      visitExpr(field(p, 'else_result'), ctx);
      return;
    case 'Identifier': {
      const col = ctx.columnContext();
      const id = ident(p);
      if (col && id) ctx.addColumnAncestors(column(col.name, null), [column(id.value, ctx.tableContext())]);
      return;
    }
    case 'CompoundIdentifier': {
      const col = ctx.columnContext();
      const ids = idents(p);
      if (col && ids.length) {
        // A one-part compound identifier gives a table without parts: Rust panics there; we skip it.
        const table = ctx.table(ids.slice(0, -1));
        if (table) ctx.addColumnAncestors(column(col.name, null), [column(ids[ids.length - 1]!.value, table)]);
      }
      return;
    }
    case 'Function':
      visitFunction(p, ctx);
      return;
    case 'IsFalse':
    case 'IsNotFalse':
    case 'IsTrue':
    case 'IsNotTrue':
    case 'IsNull':
    case 'IsNotNull':
    case 'IsUnknown':
    case 'IsNotUnknown':
    case 'Nested':
      visitExpr(p, ctx);
      return;
    case 'InList':
      visitExpr(field(p, 'expr'), ctx);
      for (const x of arr(field(p, 'list'))) visitExpr(x, ctx);
      return;
    case 'Between':
      visitExpr(field(p, 'expr'), ctx);
      visitExpr(field(p, 'low'), ctx);
      visitExpr(field(p, 'high'), ctx);
      return;
    case 'Like':
    case 'ILike':
    case 'SimilarTo':
      visitExpr(field(p, 'expr'), ctx);
      visitExpr(field(p, 'pattern'), ctx);
      return;
    case 'AtTimeZone':
      visitExpr(field(p, 'timestamp'), ctx);
      return;
    case 'Extract':
      visitExpr(field(p, 'expr'), ctx);
      return;
    case 'Position':
      visitExpr(field(p, 'expr'), ctx);
      visitExpr(field(p, 'in'), ctx);
      return;
    case 'Substring':
      visitExpr(field(p, 'expr'), ctx);
      visitExpr(field(p, 'substring_from'), ctx);
      visitExpr(field(p, 'substring_for'), ctx);
      return;
    case 'Trim':
      visitExpr(field(p, 'expr'), ctx);
      visitExpr(field(p, 'trim_what'), ctx);
      return;
    case 'Overlay':
      visitExpr(field(p, 'expr'), ctx);
      visitExpr(field(p, 'overlay_what'), ctx);
      visitExpr(field(p, 'overlay_from'), ctx);
      visitExpr(field(p, 'overlay_for'), ctx);
      return;
    case 'CompoundFieldAccess':
      visitExpr(field(p, 'root'), ctx);
      for (const access of arr(field(p, 'access_chain'))) visitAccess(access, ctx);
      return;
    case 'GroupingSets':
    case 'Cube':
    case 'Rollup':
      for (const list of arr(p)) for (const x of arr(list)) visitExpr(x, ctx);
      return;
    case 'Tuple':
      for (const x of arr(p)) visitExpr(x, ctx);
      return;
    case 'Array':
      for (const x of arr(field(p, 'elem'))) visitExpr(x, ctx);
      return;
    case 'JsonAccess':
      visitExpr(field(p, 'value'), ctx);
      return;
    case 'IsDistinctFrom':
    case 'IsNotDistinctFrom':
      for (const x of arr(p)) visitExpr(x, ctx);
      return;
    case 'InUnnest':
      visitExpr(field(p, 'expr'), ctx);
      visitExpr(field(p, 'array_expr'), ctx);
      return;
    default:
      return;
  }
}

function visitAccess(access: Json, ctx: Context): void {
  const [tag, p] = variant(access) ?? [];
  if (tag === 'Dot') visitExpr(p, ctx);
  else if (tag === 'Subscript') {
    const [kind, s] = variant(p) ?? [];
    if (kind === 'Index') visitExpr(field(s, 'index'), ctx);
    else if (kind === 'Slice') for (const name of ['lower_bound', 'upper_bound', 'stride']) visitExpr(field(s, name), ctx);
  }
}

/** `impl Visit for Function`: the arguments, FILTER and OVER. */
export function visitFunction(f: Json, ctx: Context): void {
  const [tag, args] = variant(field(f, 'args')) ?? [];
  if (tag === 'Subquery') visitQuery(args, ctx);
  else if (tag === 'List') for (const a of arr(field(args, 'args'))) visitFunctionArg(a, ctx);
  visitExpr(field(f, 'filter'), ctx);
  const [wtag, spec] = variant(field(f, 'over')) ?? [];
  if (wtag === 'WindowSpec') visitWindowSpec(spec, ctx);
}

export function visitFunctionArg(a: Json, ctx: Context): void {
  const [tag, p] = variant(a) ?? [];
  const argExpr = tag === 'Named' || tag === 'ExprNamed' ? field(p, 'arg') : tag === 'Unnamed' ? p : undefined;
  const [kind, e] = variant(argExpr) ?? [];
  if (kind === 'Expr') visitExpr(e, ctx);
}

function visitWindowSpec(spec: Json, ctx: Context): void {
  for (const e of arr(field(spec, 'partition_by'))) visitExpr(e, ctx);
  for (const o of arr(field(spec, 'order_by'))) visitExpr(field(o, 'expr'), ctx);
}

const CONSTRAINED = new Set([
  'Join',
  'Inner',
  'Left',
  'LeftOuter',
  'Right',
  'RightOuter',
  'FullOuter',
  'CrossJoin',
  'Semi',
  'LeftSemi',
  'RightSemi',
  'Anti',
  'LeftAnti',
  'RightAnti',
  'StraightJoin',
]);

/** `impl Visit for Join`: the joined table, then the ON condition. */
export function visitJoin(join: Json, ctx: Context): void {
  visitTableFactor(field(join, 'relation'), ctx);
  const [tag, p] = variant(field(join, 'join_operator')) ?? [];
  let constraint: Json;
  if (tag && CONSTRAINED.has(tag)) constraint = p;
  else if (tag === 'AsOf') {
    visitExpr(field(p, 'match_condition'), ctx);
    constraint = field(p, 'constraint');
  } else return;
  const [ctag, on] = variant(constraint) ?? [];
  if (ctag === 'On') visitExpr(on, ctx);
}
