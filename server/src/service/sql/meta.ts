/**
 * Tables and columns as openlineage-sql models them (integration/sql/impl/src/lineage.rs): `DbTableMeta`
 * (database/schema/name with the quote characters and two flags: identity includes all of them, so `"a"` and
 * `a` are two tables) and `ColumnMeta` (a column name with an optional origin table). Pure.
 */

/** A position sqlparser-rs reports: 1-based line, 1-based column counted in characters (code points). */
export interface Loc {
  readonly line: number;
  readonly column: number;
}

/** An identifier of sqlparser-rs's JSON AST (`Ident`): the value unquoted, the quote character, the span. */
export interface Ident {
  readonly value: string;
  readonly quote: string | null;
  readonly start?: Loc;
  readonly end?: Loc;
}

export interface TableMeta {
  readonly database: string | null;
  readonly schema: string | null;
  readonly name: string;
  /** Quote characters of database, schema and name (part of the identity, as in Rust). */
  readonly quotes: readonly [string | null, string | null, string | null];
  readonly providedNamespace: boolean;
  readonly providedFieldSchema: boolean;
  /** Where the name is written in the statement (not part of the identity). */
  readonly start?: Loc;
  readonly end?: Loc;
  /** Identity: every field but the span. */
  readonly key: string;
}

export interface ColumnMeta {
  readonly name: string;
  readonly origin: TableMeta | null;
  readonly key: string;
}

/** What `CanonicalDialect` needs of a dialect: which characters open a delimited identifier. */
export interface DialectInfo {
  /** openlineage-sql's dialect (`get_dialect`): decides the dialect-specific branches of the visitor. */
  readonly kind:
    'generic' | 'ansi' | 'postgres' | 'mysql' | 'snowflake' | 'bigquery' | 'redshift' | 'databricks' | 'hive' | 'mssql' | 'sqlite';
  readonly delimiters: string;
}

const opt = (s: string | null): string => (s === null ? '\u0001' : `\u0002${s}`);

function makeTable(t: Omit<TableMeta, 'key'>): TableMeta {
  const [qd, qs, qn] = t.quotes;
  const key = `${opt(t.database)}\u0000${opt(t.schema)}\u0000${t.name}\u0000${opt(qd)}${opt(qs)}${opt(qn)}${+t.providedNamespace}${+t.providedFieldSchema}`;
  return {
    database: t.database,
    schema: t.schema,
    name: t.name,
    quotes: t.quotes,
    providedNamespace: t.providedNamespace,
    providedFieldSchema: t.providedFieldSchema,
    start: t.start,
    end: t.end,
    key,
  };
}

/** `CanonicalDialect::canonical_name`: a value that starts with a delimiter loses its first and last character. */
function canonical(value: string, dialect: DialectInfo): string {
  const first = value.codePointAt(0);
  if (first === undefined || !dialect.delimiters.includes(String.fromCodePoint(first))) return value;
  const chars = [...value];
  return chars.slice(1, Math.max(1, chars.length - 1)).join('');
}

/**
 * `DbTableMeta::new`: the last identifier is the name, the one before the schema, the one before that the
 * database; defaults fill the missing parts. Undefined for no identifier (Rust would panic).
 */
export function tableFromIdents(
  idents: readonly Ident[],
  dialect: DialectInfo,
  defaultSchema: string | null,
  defaultDatabase: string | null,
): TableMeta | undefined {
  if (!idents.length) return undefined;
  const rev = [...idents].reverse().map((i) => ({ value: canonical(i.value, dialect), quote: i.quote }));
  return makeTable({
    database: rev[2]?.value ?? defaultDatabase,
    schema: rev[1]?.value ?? defaultSchema,
    name: rev[0]!.value,
    quotes: [rev[2]?.quote ?? null, rev[1]?.quote ?? null, rev[0]!.quote],
    providedNamespace: false,
    providedFieldSchema: false,
    ...spanOf(idents),
  });
}

/** `new_with_namespace_and_schema(…, with_split_name = false)`: the identifiers joined with dots, one name (stages, locations). */
export function locationFromIdents(
  idents: readonly Ident[],
  providedNamespace: boolean,
  providedFieldSchema: boolean,
): TableMeta | undefined {
  if (!idents.length) return undefined;
  return makeTable({
    database: null,
    schema: null,
    name: idents.map((i) => i.value).join('.'),
    quotes: [null, null, idents[0]!.quote],
    providedNamespace,
    providedFieldSchema,
    ...spanOf(idents),
  });
}

/** `DbTableMeta::new_default_dialect("")`: the empty table a CTE name is first aliased to. */
export const EMPTY_TABLE: TableMeta = makeTable({
  database: null,
  schema: null,
  name: '',
  quotes: [null, null, null],
  providedNamespace: false,
  providedFieldSchema: false,
});

function spanOf(idents: readonly Ident[]): { start?: Loc; end?: Loc } {
  const start = idents[0]!.start;
  const end = idents[idents.length - 1]!.end;
  return start && end && start.line > 0 && end.line > 0 ? { start, end } : {};
}

export function qualifiedName(t: TableMeta): string {
  return `${t.database !== null ? `${t.database}.` : ''}${t.schema !== null ? `${t.schema}.` : ''}${t.name}`;
}

export function column(name: string, origin: TableMeta | null): ColumnMeta {
  return { name, origin, key: `${origin?.key ?? 'null'}\u0000${name}` };
}

/** Rust's derived `Ord` on `Option<String>` / `Option<char>`: None first, then by code units. */
function compareOpt(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `DbTableMeta`'s derived `Ord`: database, schema, name, quote style, the two flags. */
export function compareTables(a: TableMeta, b: TableMeta): number {
  return (
    compareOpt(a.database, b.database) ||
    compareOpt(a.schema, b.schema) ||
    compareOpt(a.name, b.name) ||
    compareOpt(a.quotes[0], b.quotes[0]) ||
    compareOpt(a.quotes[1], b.quotes[1]) ||
    compareOpt(a.quotes[2], b.quotes[2]) ||
    Number(a.providedNamespace) - Number(b.providedNamespace) ||
    Number(a.providedFieldSchema) - Number(b.providedFieldSchema)
  );
}

/** `ColumnMeta`'s derived `Ord`: origin (None first), then name. */
export function compareColumns(a: ColumnMeta, b: ColumnMeta): number {
  if (a.origin !== b.origin) {
    if (a.origin === null) return -1;
    if (b.origin === null) return 1;
    const c = compareTables(a.origin, b.origin);
    if (c) return c;
  }
  return compareOpt(a.name, b.name);
}

/** `AliasTable`: alias → table, resolved by the alias's qualified name, at most 20 hops. */
export class AliasTable {
  readonly entries = new Map<string, { alias: TableMeta; table: TableMeta }>();

  add(table: TableMeta, alias: TableMeta): void {
    this.entries.set(alias.key, { alias, table });
  }

  private lookup(qualified: string): TableMeta | undefined {
    for (const { alias, table } of this.entries.values()) if (qualifiedName(alias) === qualified) return table;
    return undefined;
  }

  resolve(name: TableMeta): TableMeta {
    let current = name;
    let left = 20;
    for (let next = this.lookup(qualifiedName(current)); next; next = this.lookup(qualifiedName(current))) {
      current = next;
      if (--left <= 0) return current;
    }
    return current;
  }

  isAlias(name: TableMeta): boolean {
    return this.resolve(name).key !== name.key;
  }
}
