/**
 * Lexical scopes of a Python file for resolving names: which statement a name is bound by where it is used.
 * Bindings are recorded in document order as a reader meets them; a lookup finds the latest binding before the
 * use, in the nearest scope that binds the name at all (a local name shadows an outer one in the whole
 * function, as in Python).
 */
import type { PythonNode } from './parser';

/** How a name was bound: `x = value`, `with value as x`, or anything whose value is not followed. */
export type BindingKind = 'assign' | 'with' | 'other';

/** One binding of a name. `F` is the reader's frame type (where the binding statement is). */
export interface Binding<F> {
  /** The bound expression; undefined for loop variables, parameters and unpacking not followed. */
  readonly value?: PythonNode;
  /** Where the binding statement starts (the binding applies from there on). */
  readonly at: number;
  readonly frame: F;
  readonly kind: BindingKind;
}

/** A scope (module, class or function body) with its name bindings and the functions defined in it. */
export class Scope<F, Fn> {
  /** Every binding of each name, in document order. */
  readonly bindings = new Map<string, Binding<F>[]>();
  /** Functions defined in this scope by name (the last definition). */
  readonly functions = new Map<string, Fn>();

  constructor(readonly parent?: Scope<F, Fn>) {}

  bind(name: string, binding: Binding<F>): void {
    const list = this.bindings.get(name);
    if (list) list.push(binding);
    else this.bindings.set(name, [binding]);
  }

  /**
   * The binding of `name` visible at offset `at`: in the nearest scope binding the name, the latest binding
   * before `at`, else (used before bound: a function body running later) the last one.
   */
  lookup(name: string, at: number): Binding<F> | undefined {
    const list = this.nearestBindings(name);
    if (!list) return undefined;
    let found: Binding<F> | undefined;
    for (const b of list) if (b.at < at) found = b;
    return found ?? list[list.length - 1];
  }

  /** The function `name` refers to, unless a nearer scope binds the name to something else. */
  lookupFunction(name: string): Fn | undefined {
    const fn = this.functions.get(name);
    if (fn !== undefined) return fn;
    if (this.bindings.has(name)) return undefined;
    return this.parent?.lookupFunction(name);
  }

  /** The binding of a name bound exactly once, by an assignment, in the nearest scope binding it (a constant). */
  constant(name: string): Binding<F> | undefined {
    const list = this.nearestBindings(name);
    return list?.length === 1 && list[0]!.kind === 'assign' ? list[0] : undefined;
  }

  /** The bindings of `name` in the nearest scope that has any. */
  private nearestBindings(name: string): Binding<F>[] | undefined {
    const list = this.bindings.get(name);
    return list?.length ? list : this.parent?.nearestBindings(name);
  }
}

const TARGET_LISTS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list']);

/** Names bound by an assignment target or loop variable (`a`, `a, b`, `(a, [b, c])`). */
export function targetNames(node: PythonNode | null, text: string): string[] {
  if (!node) return [];
  if (node.type === 'identifier') return [text.slice(node.startIndex, node.endIndex)];
  if (TARGET_LISTS.has(node.type)) return node.namedChildren.flatMap((c) => targetNames(c, text));
  return [];
}

/** The parameter names of a function's `parameters` node (`a`, `b=1`, `*args`, `c: int`, `**kw`). */
export function parameterNames(params: PythonNode | null, text: string): string[] {
  const out: string[] = [];
  for (const p of params?.namedChildren ?? []) {
    if (!p) continue;
    if (p.type === 'identifier') out.push(text.slice(p.startIndex, p.endIndex));
    else {
      const name = p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier') ?? null;
      if (name?.type === 'identifier') out.push(text.slice(name.startIndex, name.endIndex));
    }
  }
  return out;
}
