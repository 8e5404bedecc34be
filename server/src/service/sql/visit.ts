/**
 * Statements, queries, SELECTs, CTEs and table factors, visited as openlineage-sql visits them (visitor.rs):
 * the same frames pushed and merged in the same order, so inputs, outputs and column lineage come out as the
 * runtime's. A table factor openlineage-sql does not implement (UNNEST, JSON_TABLE, …) fails the whole parse
 * there, so it throws `VisitError` here. Pure.
 */
import { arr, displayName, field, ident, idents, nameIdents, objectName, variant, type Json, type NamePart } from './ast';
import type { Context } from './context';
import { column, EMPTY_TABLE, type Ident } from './meta';
import { visitExpr, visitFunction, visitJoin } from './visit-expr';

/** openlineage-sql's visitor returned an error: the runtime then emits no lineage at all for the SQL. */
export class VisitError extends Error {}

/** `impl Visit for With`. */
function visitWith(w: Json, ctx: Context): void {
  const ctes = arr(field(w, 'cte_tables'));
  ctes.forEach((cte, i) => {
    const name = ident(field(field(cte, 'alias'), 'name'));
    if (!name) return;
    ctx.addTableAlias(EMPTY_TABLE, [name]);
    ctx.pushFrame();
    visitQuery(field(cte, 'query'), ctx);
    const frame = ctx.popFrame();
    const table = ctx.table([name]);
    if (table) ctx.collectWithTable(frame, table);
    if (i === 0) ctx.collectLowerNestedDependencies(name.value);
    ctx.adjustCteDependencies(name.value);
  });
}

/** `resolve_effective_table_name`: `IDENTIFIER('t')` names a table in Databricks, MS SQL and Snowflake. Undefined: skip the table. */
function effectiveName(parts: NamePart[], args: Json, ctx: Context): NamePart[] | undefined {
  const kind = ctx.dialect.kind;
  if (kind === 'databricks' || kind === 'mssql') {
    const first = parts[0];
    if (!(first?.kind === 'ident' && first.ident.value.toLowerCase() === 'identifier')) return parts;
    const list = arr(field(args, 'args'));
    if (args === undefined || list.length !== 1) return undefined;
    return identifierArg(list);
  }
  if (kind === 'snowflake') {
    const first = parts[0];
    if (!first) return undefined;
    if (first.kind === 'function' && first.name.value.toLowerCase() === 'identifier') return identifierArg(first.args);
    return parts;
  }
  return parts;
}

function identifierArg(args: readonly unknown[]): NamePart[] | undefined {
  if (!args.length) return undefined;
  const [tag, p] = variant(args[0]) ?? [];
  if (tag !== 'Unnamed') return undefined;
  const [kind, e] = variant(p) ?? [];
  if (kind !== 'Expr') return undefined;
  const [etag, ep] = variant(e) ?? [];
  if (etag === 'Identifier') {
    const i = ident(ep);
    return i ? [{ kind: 'ident', ident: i }] : undefined;
  }
  if (etag === 'Value') {
    const [vtag, value] = variant(field(ep, 'value')) ?? [];
    if (vtag === 'SingleQuotedString' && typeof value === 'string') return [{ kind: 'ident', ident: { value, quote: null } }];
  }
  return undefined;
}

/** `get_table_name_from_table_factor`: the identifiers of a plain table factor. */
function tableFactorName(tf: Json, ctx: Context): Ident[] | undefined {
  const [tag, p] = variant(tf) ?? [];
  if (tag !== 'Table') return undefined;
  const name = effectiveName(objectName(field(p, 'name')), field(p, 'args'), ctx);
  return name && nameIdents(name);
}

/** `impl Visit for TableFactor`. */
export function visitTableFactor(tf: Json, ctx: Context): void {
  const v = variant(tf);
  if (!v) return;
  const [tag, p] = v;
  switch (tag) {
    case 'Table': {
      const name = effectiveName(objectName(field(p, 'name')), field(p, 'args'), ctx);
      if (!name) return;
      const ids = nameIdents(name);
      const table = ctx.table(ids);
      const alias = ident(field(field(p, 'alias'), 'name'));
      if (table && alias) ctx.addTableAlias(table, [alias]);
      if (!ctx.isMain()) ctx.addTableDependency(ids);
      const shown = displayName(name);
      if (ctx.isMain() && !ctx.hasAlias(shown)) ctx.addInput(ids);
      if (ctx.isMain() && ctx.hasAlias(shown)) ctx.markTableAsUsed(ids);
      return;
    }
    case 'Pivot': {
      const inner = field(p, 'table');
      visitTableFactor(inner, ctx);
      const ids = tableFactorName(inner, ctx);
      const alias = ident(field(field(p, 'alias'), 'name'));
      const table = ids && ctx.table(ids);
      if (table && alias) ctx.addTableAlias(table, [alias]);
      return;
    }
    case 'Derived': {
      ctx.pushFrame();
      visitQuery(field(p, 'subquery'), ctx);
      const frame = ctx.popFrame();
      const alias = ident(field(field(p, 'alias'), 'name'));
      const table = alias && ctx.table([alias]);
      if (table) ctx.collectWithTable(frame, table);
      else ctx.collect(frame);
      return;
    }
    case 'TableFunction':
    case 'Function':
      return;
    case 'NestedJoin': {
      const twj = field(p, 'table_with_joins');
      visitTableFactor(field(twj, 'relation'), ctx);
      for (const j of arr(field(twj, 'joins'))) visitJoin(j, ctx);
      return;
    }
    default:
      throw new VisitError(`TableFactor other than table or subquery not implemented: ${tag}`);
  }
}

/** `impl Visit for Select`. */
function visitSelect(s: Json, ctx: Context): void {
  const from = arr(field(s, 'from'));
  if (from.length === 1) {
    const [tag, p] = variant(field(from[0], 'relation')) ?? [];
    if (tag === 'Table') {
      const table = ctx.table(nameIdents(objectName(field(p, 'name'))));
      const alias = ident(field(field(p, 'alias'), 'name'));
      if (table && alias) ctx.addTableAlias(table, [alias]);
      if (table) ctx.setTableContext(table);
    }
  }

  ctx.pushFrame();
  for (const twj of from) {
    ctx.pushFrame();
    visitTableFactor(field(twj, 'relation'), ctx);
    let frame = ctx.popFrame();
    ctx.collectAliases(frame);
    ctx.collect(frame);
    for (const join of arr(field(twj, 'joins'))) {
      ctx.pushFrame();
      visitJoin(join, ctx);
      frame = ctx.popFrame();
      ctx.collectAliases(frame);
      ctx.collect(frame);
    }
  }
  const tablesFrame = ctx.popFrame();
  ctx.collectAliases(tablesFrame);

  for (const item of arr(field(s, 'projection'))) {
    const [tag, p] = variant(item) ?? [];
    if (tag === 'UnnamedExpr') {
      const [etag, ep] = variant(p) ?? [];
      const id = etag === 'Identifier' ? ident(ep) : etag === 'CompoundIdentifier' ? idents(ep).pop() : undefined;
      if (id) ctx.setColumnContext(column(id.value, null));
      else ctx.setUnnamedColumnContext();
      visitExpr(p, ctx);
    } else if (tag === 'ExprWithAlias') {
      const alias = ident(field(p, 'alias'));
      ctx.setColumnContext(alias ? column(alias.value, null) : null);
      visitExpr(field(p, 'expr'), ctx);
    }
  }
  ctx.setColumnContext(null);

  for (const clause of ['selection', 'having']) {
    const e = field(s, clause);
    if (e === undefined) continue;
    ctx.pushFrame();
    visitExpr(e, ctx);
    ctx.collectAliases(ctx.popFrame());
  }

  const into = field(s, 'into');
  if (into !== undefined) ctx.addOutput(nameIdents(objectName(field(into, 'name'))));
  ctx.setTableContext(null);
  ctx.coalesce(tablesFrame);
}

/** `impl Visit for SetExpr`. */
function visitSetExpr(e: Json, ctx: Context): void {
  const [tag, p] = variant(e) ?? [];
  switch (tag) {
    case 'Select':
      visitSelect(p, ctx);
      return;
    case 'Values':
      for (const row of arr(field(p, 'rows'))) for (const x of Array.isArray(row) ? row : arr(field(row, 'content'))) visitExpr(x, ctx);
      return;
    case 'Query':
      visitQuery(p, ctx);
      return;
    case 'SetOperation':
      visitSetExpr(field(p, 'left'), ctx);
      visitSetExpr(field(p, 'right'), ctx);
      return;
    case 'Table': {
      // `TABLE t`: openlineage-sql adds the table name alone, as one identifier.
      const name = field(p, 'table_name');
      if (typeof name === 'string') ctx.addInput([{ value: name, quote: null }]);
      return;
    }
    case 'Insert':
    case 'Update':
    case 'Delete':
    case 'Merge':
      // SetExpr::Insert(Statement): the payload is the statement (`WITH … INSERT …`).
      visitStatement(p, ctx);
      return;
    default:
      return;
  }
}

/** `impl Visit for Query`: the CTEs in their own frame, then the body, then the body's columns resolved through the CTEs. */
export function visitQuery(q: Json, ctx: Context): void {
  const w = field(q, 'with');
  ctx.pushFrame();
  if (w !== undefined) {
    ctx.setMainBody(false);
    visitWith(w, ctx);
  }
  const withFrame = ctx.popFrame();
  ctx.collectAliases(withFrame);

  ctx.pushFrame();
  if (w !== undefined) ctx.setMainBody(true);
  visitSetExpr(field(q, 'body'), ctx);
  if (w !== undefined) ctx.setMainBody(false);
  ctx.collect(ctx.popFrame());
  ctx.coalesce(withFrame);
}

function tablesWithJoins(list: Json, ctx: Context): void {
  for (const twj of arr(list)) {
    visitTableFactor(field(twj, 'relation'), ctx);
    for (const j of arr(field(twj, 'joins'))) visitJoin(j, ctx);
  }
}

/** `impl Visit for Statement`. */
export function visitStatement(stmt: Json, ctx: Context): void {
  ctx.pushFrame();
  const [tag, p] = variant(stmt) ?? [];
  switch (tag) {
    case 'Query':
      visitQuery(p, ctx);
      break;
    case 'Insert': {
      const source = field(p, 'source');
      if (source !== undefined) visitQuery(source, ctx);
      const [ttag, t] = variant(field(p, 'table')) ?? [];
      if (ttag === 'TableName') ctx.addOutput(nameIdents(objectName(t)));
      else if (ttag === 'TableFunction') visitFunction(t, ctx);
      break;
    }
    case 'Merge': {
      const name = tableFactorName(field(p, 'table'), ctx);
      if (name) ctx.addOutput(name);
      visitTableFactor(field(p, 'source'), ctx);
      visitExpr(field(p, 'on'), ctx);
      break;
    }
    case 'CreateTable': {
      const query = field(p, 'query');
      if (query !== undefined) visitQuery(query, ctx);
      const [, like] = variant(field(p, 'like')) ?? [];
      if (like !== undefined) ctx.addInput(nameIdents(objectName(field(like, 'name'))));
      const clone = field(p, 'clone');
      if (clone !== undefined) ctx.addInput(nameIdents(objectName(clone)));
      ctx.addOutput(nameIdents(objectName(field(p, 'name'))));
      break;
    }
    case 'CreateView':
      visitQuery(field(p, 'query'), ctx);
      ctx.addOutput(nameIdents(objectName(field(p, 'name'))));
      break;
    case 'CreateStage': {
      const url = field(field(p, 'stage_params'), 'url');
      if (typeof url === 'string') ctx.addNonTableInput([{ value: url, quote: null }], true, true);
      ctx.addNonTableOutput(nameIdents(objectName(field(p, 'name'))), false, true);
      break;
    }
    case 'Update': {
      const name = tableFactorName(field(field(p, 'table'), 'relation'), ctx);
      if (name) ctx.addOutput(name);
      const [, tables] = variant(field(p, 'from')) ?? [];
      tablesWithJoins(tables, ctx);
      for (const a of arr(field(p, 'assignments'))) visitExpr(field(a, 'value'), ctx);
      visitExpr(field(p, 'selection'), ctx);
      break;
    }
    case 'AlterTable':
      visitAlter(p, ctx);
      break;
    case 'Delete':
      visitDelete(p, ctx);
      break;
    case 'Truncate':
      for (const t of arr(field(p, 'table_names'))) ctx.addOutput(nameIdents(objectName(field(t, 'name'))));
      break;
    case 'Drop':
      for (const n of arr(field(p, 'names'))) ctx.addOutput(nameIdents(objectName(n)));
      break;
    case 'CopyIntoSnowflake':
      visitCopyInto(p, ctx);
      break;
    case 'Use':
      visitUse(p, ctx);
      break;
    default:
      break;
  }
  const frame = ctx.popFrame();
  ctx.collectInputs(frame.cteDependencies, frame.dependencies);
  ctx.collect(frame);
}

function visitAlter(p: Json, ctx: Context): void {
  const name = nameIdents(objectName(field(p, 'name')));
  for (const op of arr(field(p, 'operations'))) {
    const [tag, o] = variant(op) ?? [];
    if (tag === 'SwapWith') {
      const other = nameIdents(objectName(field(o, 'table_name')));
      ctx.addInput(other);
      ctx.addInput(name);
      ctx.addOutput(other);
      ctx.addOutput(name);
    } else if (tag === 'RenameTable') {
      ctx.addInput(name);
      const [, to] = variant(field(o, 'table_name')) ?? [];
      ctx.addOutput(nameIdents(objectName(to)));
    } else ctx.addOutput(name);
  }
}

function visitDelete(p: Json, ctx: Context): void {
  const [, tables] = variant(field(p, 'from')) ?? [];
  const deleted = arr(field(p, 'tables'));
  if (!deleted.length) {
    for (const twj of arr(tables)) {
      const out = tableFactorName(field(twj, 'relation'), ctx);
      if (out) ctx.addOutput(out);
      for (const j of arr(field(twj, 'joins'))) {
        const jo = tableFactorName(field(j, 'relation'), ctx);
        if (jo) ctx.addOutput(jo);
      }
    }
  } else {
    const existing = [...ctx.inputs];
    tablesWithJoins(tables, ctx);
    for (const t of deleted) ctx.moveInputToOutput(nameIdents(objectName(t)));
    for (const [k, v] of existing) if (!ctx.inputs.has(k)) ctx.inputs.set(k, v);
  }
  tablesWithJoins(field(p, 'using'), ctx);
  visitExpr(field(p, 'selection'), ctx);
}

/** `convert_copy_location_to_idents`: a URL location is one identifier with its quotes removed. */
function copyLocation(v: Json): Ident[] {
  const parts = objectName(v);
  const shown = displayName(parts);
  if (/gcs:\/\/|s3:\/\/|azure:\/\//.test(shown)) return [{ value: shown.replace(/["']/g, ''), quote: null, ...spanOf(parts) }];
  return nameIdents(parts);
}

function spanOf(parts: NamePart[]): Partial<Ident> {
  const ids = nameIdents(parts);
  const start = ids[0]?.start;
  const end = ids[ids.length - 1]?.end;
  return start && end ? { start, end } : {};
}

function visitCopyInto(p: Json, ctx: Context): void {
  const kind = field(p, 'kind');
  const fromObj = field(p, 'from_obj');
  if (kind === 'Table') {
    ctx.addOutput(nameIdents(objectName(field(p, 'into'))));
    if (fromObj !== undefined) ctx.addNonTableInput(copyLocation(fromObj), true, true);
  } else if (kind === 'Location') {
    ctx.addNonTableOutput(copyLocation(field(p, 'into')), true, true);
    if (fromObj !== undefined) ctx.addInput(nameIdents(objectName(fromObj)));
    const query = field(p, 'from_query');
    if (query !== undefined) visitQuery(query, ctx);
  }
}

/** `USE [CATALOG|SCHEMA|DATABASE] a[.b]`: sets the default database and/or schema for what follows. */
function visitUse(p: Json, ctx: Context): void {
  const [tag, name] = variant(p) ?? [];
  if (tag !== 'Catalog' && tag !== 'Schema' && tag !== 'Database' && tag !== 'Object') return;
  const ids = nameIdents(objectName(name));
  const first = ids[0]?.value ?? null;
  const second = ids[1]?.value ?? null;
  if (first === null && second === null) return;
  if (first !== null && second !== null) {
    ctx.setDefaultDatabase(first);
    ctx.setDefaultSchema(second);
    return;
  }
  const databricks = ctx.dialect.kind === 'databricks';
  if (tag === 'Catalog') ctx.setDefaultDatabase(first);
  else if (tag === 'Schema') ctx.setDefaultSchema(first);
  else if (databricks) ctx.setDefaultSchema(first);
  else ctx.setDefaultDatabase(first);
}
