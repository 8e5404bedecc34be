/**
 * The visitor's state, as openlineage-sql keeps it (integration/sql/impl/src/context/mod.rs): the inputs and
 * outputs found so far, and a stack of frames (table and column in scope, table aliases, column ancestry, the
 * tables and CTEs a sub-query depends on). Kept step for step, because its quirks are the runtime's result.
 */
import {
  AliasTable,
  column,
  qualifiedName,
  tableFromIdents,
  locationFromIdents,
  type ColumnMeta,
  type DialectInfo,
  type Ident,
  type TableMeta,
} from './meta';

export type TableSet = Map<string, TableMeta>;

interface Ancestry {
  readonly column: ColumnMeta;
  readonly ancestors: Map<string, ColumnMeta>;
}

export interface CteDependency {
  isUsed: boolean;
  deps: TableSet;
}

export class Frame {
  table: TableMeta | null = null;
  column: ColumnMeta | null = null;
  aliases = new AliasTable();
  ancestry = new Map<string, Ancestry>();
  dependencies: TableSet = new Map();
  cteDependencies = new Map<string, CteDependency>();
  isMainBody = true;
}

function addAll(into: TableSet, from: Iterable<TableMeta>): void {
  for (const t of from) if (!into.has(t.key)) into.set(t.key, t);
}

function cloneCte(c: CteDependency): CteDependency {
  return { isUsed: c.isUsed, deps: new Map(c.deps) };
}

export class Context {
  readonly inputs: TableSet = new Map();
  readonly outputs: TableSet = new Map();
  private readonly frames: Frame[] = [new Frame()];
  private columnId = 0;

  constructor(
    readonly dialect: DialectInfo,
    public defaultSchema: string | null,
    public defaultDatabase: string | null,
  ) {}

  table(idents: readonly Ident[]): TableMeta | undefined {
    return tableFromIdents(idents, this.dialect, this.defaultSchema, this.defaultDatabase);
  }

  private get top(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  // --- table lineage

  addInput(idents: readonly Ident[]): void {
    const t = this.table(idents);
    if (t && !this.isTableAlias(t) && !this.inputs.has(t.key)) this.inputs.set(t.key, t);
  }

  addNonTableInput(idents: readonly Ident[], providedNamespace: boolean, providedFieldSchema: boolean): void {
    const t = locationFromIdents(idents, providedNamespace, providedFieldSchema);
    if (t && !this.isTableAlias(t) && !this.inputs.has(t.key)) this.inputs.set(t.key, t);
  }

  addOutput(idents: readonly Ident[]): void {
    const t = this.table(idents);
    if (t && !this.isTableAlias(t) && !this.outputs.has(t.key)) this.outputs.set(t.key, t);
  }

  addNonTableOutput(idents: readonly Ident[], providedNamespace: boolean, providedFieldSchema: boolean): void {
    const t = locationFromIdents(idents, providedNamespace, providedFieldSchema);
    if (t && !this.isTableAlias(t) && !this.outputs.has(t.key)) this.outputs.set(t.key, t);
  }

  moveInputToOutput(idents: readonly Ident[]): void {
    const t = this.table(idents);
    if (!t) return;
    const output = this.resolveTable(t);
    this.inputs.delete(output.key);
    if (!this.outputs.has(output.key)) this.outputs.set(output.key, output);
  }

  // --- column lineage

  addColumnAncestors(col: ColumnMeta, ancestors: readonly ColumnMeta[]): void {
    const frame = this.top;
    const resolved = ancestors.map((a) => (a.origin ? column(a.name, frame.aliases.resolve(a.origin)) : a));
    let entry = frame.ancestry.get(col.key);
    if (!entry) frame.ancestry.set(col.key, (entry = { column: col, ancestors: new Map() }));
    for (const a of resolved) if (!entry.ancestors.has(a.key)) entry.ancestors.set(a.key, a);
  }

  // --- frames

  pushFrame(): void {
    const frame = new Frame();
    const recent = this.top;
    frame.table = recent.table;
    frame.column = recent.column;
    frame.isMainBody = recent.isMainBody;
    this.frames.push(frame);
  }

  popFrame(): Frame {
    // The global frame is never popped: every pop follows a push.
    return this.frames.length > 1 ? this.frames.pop()! : new Frame();
  }

  isMain(): boolean {
    return this.top.isMainBody;
  }

  setMainBody(main: boolean): void {
    this.top.isMainBody = main;
  }

  addTableAlias(table: TableMeta, alias: readonly Ident[]): void {
    const a = this.table(alias);
    if (a) this.top.aliases.add(table, a);
  }

  addTableDependency(idents: readonly Ident[]): void {
    const t = this.table(idents);
    if (t) addAll(this.top.dependencies, [t]);
  }

  hasAlias(name: string): boolean {
    return this.frames.some((f) => f.cteDependencies.has(name));
  }

  markTableAsUsed(idents: readonly Ident[]): void {
    const t = this.table(idents);
    if (!t) return;
    const name = qualifiedName(t);
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const cte = this.frames[i]!.cteDependencies.get(name);
      if (cte) {
        cte.isUsed = true;
        return;
      }
    }
  }

  setTableContext(table: TableMeta | null): void {
    this.top.table = table;
  }

  setColumnContext(col: ColumnMeta | null): void {
    this.top.column = col;
  }

  setUnnamedColumnContext(): void {
    this.top.column = column(`_${this.columnId++}`, null);
  }

  tableContext(): TableMeta | null {
    return this.top.table;
  }

  columnContext(): ColumnMeta | null {
    return this.top.column;
  }

  resolveTable(name: TableMeta): TableMeta {
    let current = name;
    for (let i = this.frames.length - 1; i >= 0; i--) current = this.frames[i]!.aliases.resolve(current);
    return current;
  }

  isTableAlias(name: TableMeta): boolean {
    return this.resolveTable(name).key !== name.key;
  }

  // --- synthesising from narrower frames

  coalesce(old: Frame): void {
    const frame = this.top;
    const result = new Map<string, Ancestry>();
    for (const [key, { column: col, ancestors }] of frame.ancestry) {
      const expanded = new Map<string, ColumnMeta>();
      for (const a of ancestors.values()) for (const t of expandAncestors(a, old)) if (!expanded.has(t.key)) expanded.set(t.key, t);
      result.set(key, { column: col, ancestors: expanded });
    }
    frame.ancestry = result;
    addAll(frame.dependencies, old.dependencies.values());
    frame.isMainBody = old.isMainBody;
  }

  collect(old: Frame): void {
    const frame = this.top;
    for (const [k, v] of old.ancestry) frame.ancestry.set(k, v);
    addAll(frame.dependencies, old.dependencies.values());
    frame.isMainBody = old.isMainBody;
  }

  collectInputs(cteDeps: Map<string, CteDependency>, deps: TableSet): void {
    if (!cteDeps.size) {
      addAll(this.inputs, deps.values());
      return;
    }
    for (const value of cteDeps.values()) if (value.isUsed) addAll(this.inputs, value.deps.values());
  }

  collectWithTable(old: Frame, fromTable: TableMeta): void {
    const frame = this.top;
    const oldAncestry = new Map<string, Ancestry>();
    for (const { column: col, ancestors } of old.ancestry.values()) {
      const c = col.origin ? col : column(col.name, fromTable);
      oldAncestry.set(c.key, { column: c, ancestors });
    }
    // openlineage-sql keeps the ancestry when anything survives removing the self-references.
    let kept = false;
    for (const { ancestors } of oldAncestry.values()) {
      for (const a of ancestors.values()) {
        if (a.origin && frame.aliases.isAlias(a.origin) && a.origin.key === fromTable.key) continue;
        kept = true;
      }
    }
    if (kept) for (const [k, v] of oldAncestry) frame.ancestry.set(k, v);
    addAll(frame.dependencies, old.dependencies.values());
    for (const [k, v] of old.cteDependencies) frame.cteDependencies.set(k, cloneCte(v));
    frame.isMainBody = old.isMainBody;
  }

  collectLowerNestedDependencies(cteName: string): void {
    const frame = this.top;
    const below = [...frame.cteDependencies.values()];
    if (!below.length) return;
    const resolved: TableSet = new Map();
    for (const dep of below) if (dep.isUsed) addAll(resolved, dep.deps.values());
    frame.cteDependencies = new Map([[cteName, { isUsed: false, deps: resolved }]]);
    frame.dependencies = new Map();
  }

  adjustCteDependencies(cteName: string): void {
    const frame = this.top;
    const resolved: TableSet = new Map();
    for (const dependency of frame.dependencies.values()) {
      if (dependency.name === cteName) continue;
      const cte = frame.cteDependencies.get(dependency.name);
      if (cte) {
        addAll(resolved, cte.deps.values());
        continue;
      }
      addAll(resolved, [dependency]);
    }
    frame.cteDependencies.set(cteName, { isUsed: false, deps: resolved });
    frame.dependencies = new Map();
  }

  collectAliases(old: Frame): void {
    const frame = this.top;
    frame.isMainBody = old.isMainBody;
    addAll(frame.dependencies, old.dependencies.values());
    for (const [k, v] of old.cteDependencies) frame.cteDependencies.set(k, cloneCte(v));
    for (const { alias, table } of old.aliases.entries.values()) frame.aliases.add(table, alias);
  }

  /** The column lineage of the statement just visited, taken out of the global frame. */
  drainColumns(): { column: ColumnMeta; ancestors: ColumnMeta[] }[] {
    const frame = this.top;
    const out = [...frame.ancestry.values()].map((a) => ({ column: a.column, ancestors: [...a.ancestors.values()] }));
    frame.ancestry = new Map();
    return out;
  }

  setDefaultDatabase(db: string | null): void {
    if (db !== null) this.defaultDatabase = db;
  }

  setDefaultSchema(schema: string | null): void {
    if (schema !== null) this.defaultSchema = schema;
  }
}

/** `Context::expand_ancestors`: follows an ancestor through the old frame's ancestry to its roots (at most 40 steps). */
function expandAncestors(ancestor: ColumnMeta, old: Frame): ColumnMeta[] {
  const result: ColumnMeta[] = [];
  const stack = [ancestor];
  let left = 40;
  while (stack.length) {
    const current = stack.pop()!;
    if (--left <= 0) break;
    let found = old.ancestry.get(current.key);
    if (!found && current.origin === null) {
      for (const entry of old.ancestry.values()) {
        if (entry.column.name === current.name) {
          found = entry;
          break;
        }
      }
    }
    if (!found) {
      result.push(current);
      continue;
    }
    for (const a of found.ancestors.values()) if (a.key !== current.key) stack.push(a);
  }
  return result;
}
