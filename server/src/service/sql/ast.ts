/**
 * Reading sqlparser-rs's JSON AST (serde's external tagging: `{"Variant": payload}`, unit variants as strings,
 * tuple variants as arrays). Every accessor tolerates a shape it does not know: it answers undefined, and the
 * visitor skips that node. Pure.
 */
import type { Ident, Loc } from './meta';

export type Json = unknown;
export type Obj = Record<string, unknown>;

export function isObj(v: Json): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function arr(v: Json): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** An enum value as [variant, payload]; undefined when `v` is not one. */
export function variant(v: Json): [string, unknown] | undefined {
  if (typeof v === 'string') return [v, undefined];
  if (!isObj(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 ? [keys[0]!, v[keys[0]!]] : undefined;
}

/** A field of a struct payload (undefined for null/absent). */
export function field(v: Json, name: string): unknown {
  if (!isObj(v)) return undefined;
  const x = v[name];
  return x === null ? undefined : x;
}

function loc(v: Json): Loc | undefined {
  if (!isObj(v) || typeof v.line !== 'number' || typeof v.column !== 'number') return undefined;
  return { line: v.line, column: v.column };
}

/** An `Ident` (`{value, quote_style?, span}`); undefined when not one. */
export function ident(v: Json): Ident | undefined {
  if (!isObj(v) || typeof v.value !== 'string') return undefined;
  const quote = typeof v.quote_style === 'string' ? v.quote_style : null;
  const span = v.span;
  const start = loc(field(span, 'start'));
  const end = loc(field(span, 'end'));
  return { value: v.value, quote, ...(start && end ? { start, end } : {}) };
}

export function idents(v: Json): Ident[] {
  const out: Ident[] = [];
  for (const x of arr(v)) {
    const i = ident(x);
    if (i) out.push(i);
  }
  return out;
}

/** An `ObjectNamePart`: an identifier, or `IDENTIFIER(…)`-style function with its name and arguments. */
export type NamePart = { kind: 'ident'; ident: Ident } | { kind: 'function'; name: Ident; args: readonly unknown[] };

export function objectName(v: Json): NamePart[] {
  const out: NamePart[] = [];
  for (const part of arr(v)) {
    const [tag, payload] = variant(part) ?? [];
    if (tag === 'Identifier') {
      const i = ident(payload);
      if (i) out.push({ kind: 'ident', ident: i });
    } else if (tag === 'Function') {
      const name = ident(field(payload, 'name'));
      if (name) out.push({ kind: 'function', name, args: arr(field(payload, 'args')) });
    }
  }
  return out;
}

/** `convert_to_idents`: the identifiers of an object name (a function part gives its name). */
export function nameIdents(parts: readonly NamePart[]): Ident[] {
  return parts.map((p) => (p.kind === 'ident' ? p.ident : p.name));
}

const CLOSE: Record<string, string> = { '[': ']' };

/** An object name as sqlparser-rs displays it (`ObjectName`'s Display: quoted parts joined with dots). */
export function displayName(parts: readonly NamePart[]): string {
  return parts
    .map((p) => {
      const i = p.kind === 'ident' ? p.ident : p.name;
      const q = i.quote;
      const shown = q ? `${q}${i.value}${CLOSE[q] ?? q}` : i.value;
      return p.kind === 'ident' ? shown : `${shown}(…)`;
    })
    .join('.');
}
