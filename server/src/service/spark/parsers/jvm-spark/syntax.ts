/**
 * What the Spark reader needs to know about Java and Scala trees, in one shape for both languages: a method
 * call or field access as a chain link, `new T(...)`, declarations and assignments, map/pair literals.
 *
 * Java (tree-sitter-java): `method_invocation` (object, name, arguments), `field_access` (object, field),
 * `object_creation_expression`, `variable_declarator` under `local_variable_declaration`/`field_declaration`,
 * `assignment_expression`. Scala (tree-sitter-scala): `call_expression` (function, arguments) over a
 * `field_expression` (value, field), `instance_expression`, `val_definition`/`var_definition`,
 * `assignment_expression`, `infix_expression` (`"k" -> "v"`), `tuple_expression`.
 */
import type { Node } from 'web-tree-sitter';

export type JvmLanguage = 'java' | 'scala';

/** One `.name(...)` call or `.name` access on a receiver (or a bare call `name(...)`: no receiver). */
export interface Link {
  readonly node: Node;
  readonly receiver: Node | null;
  readonly name: string;
  readonly nameNode: Node;
  /** The argument list, `null` for a field access (`x.builder`, Scala `.getOrCreate`). */
  readonly args: Node | null;
  /** Scala: the `field_expression` a call applies (`a.f` in `a.f(x)`), a node between the call and its receiver. */
  readonly callee?: Node;
}

/**
 * A key/value pair written in a map or pair literal: `"k" -> "v"` (`arrow`), `("k", "v")` (`tuple`), or two
 * consecutive arguments of Java's `Map.of` (`flat`, whose element is the value: new pairs go after it).
 */
export interface Pair {
  readonly key: Node;
  readonly value: Node;
  readonly element: Node;
  readonly style: 'arrow' | 'tuple' | 'flat';
}

const COMMENTS = new Set(['comment', 'line_comment', 'block_comment']);

/** Named children without comments. */
export function namedChildren(node: Node): Node[] {
  const out: Node[] = [];
  for (const c of node.namedChildren) if (c !== null && !COMMENTS.has(c.type)) out.push(c);
  return out;
}

export function slice(text: string, node: Node | null): string {
  return node === null ? '' : text.slice(node.startIndex, node.endIndex);
}

/** Node types that are links, per language (the walker's first test). */
export const LINK_TYPES: Record<JvmLanguage, ReadonlySet<string>> = {
  java: new Set(['method_invocation', 'field_access']),
  scala: new Set(['call_expression', 'field_expression']),
};

/** The link `node` is, if any. */
export function asLink(language: JvmLanguage, node: Node, text: string): Link | undefined {
  if (language === 'java') {
    if (node.type === 'method_invocation') {
      const nameNode = node.childForFieldName('name');
      if (nameNode === null) return undefined;
      return {
        node,
        receiver: node.childForFieldName('object'),
        name: slice(text, nameNode),
        nameNode,
        args: node.childForFieldName('arguments'),
      };
    }
    if (node.type === 'field_access') {
      const nameNode = node.childForFieldName('field');
      if (nameNode === null) return undefined;
      return { node, receiver: node.childForFieldName('object'), name: slice(text, nameNode), nameNode, args: null };
    }
    return undefined;
  }
  if (node.type === 'call_expression') {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (fn === null) return undefined;
    if (fn.type === 'field_expression') {
      const nameNode = fn.childForFieldName('field');
      if (nameNode === null) return undefined;
      return { node, receiver: fn.childForFieldName('value'), name: slice(text, nameNode), nameNode, args, callee: fn };
    }
    if (fn.type === 'identifier') return { node, receiver: null, name: slice(text, fn), nameNode: fn, args };
    return undefined;
  }
  if (node.type === 'field_expression') {
    const nameNode = node.childForFieldName('field');
    if (nameNode === null) return undefined;
    return { node, receiver: node.childForFieldName('value'), name: slice(text, nameNode), nameNode, args: null };
  }
  return undefined;
}

/** `new T(...)` / `new a.b.T(...)`: the simple name of T. */
export function creationType(node: Node, text: string): string | undefined {
  if (node.type === 'object_creation_expression') {
    return lastSegment(slice(text, node.childForFieldName('type')));
  }
  if (node.type === 'instance_expression') {
    const type = namedChildren(node).find((c) => c.type !== 'arguments');
    return type ? lastSegment(slice(text, type)) : undefined;
  }
  return undefined;
}

/** The arguments of a creation (`new SparkConf(false)`). */
export function creationArguments(node: Node): Node | null {
  return node.type === 'object_creation_expression'
    ? node.childForFieldName('arguments')
    : (namedChildren(node).find((c) => c.type === 'arguments') ?? null);
}

function lastSegment(name: string): string | undefined {
  const plain = name.replace(/\[[\s\S]*$|<[\s\S]*$/, '').trim();
  const m = /([A-Za-z_$][\w$]*)$/.exec(plain);
  return m ? m[1] : undefined;
}

/** A name, `this.name` or `a.b.c` as dotted text; undefined for anything else. */
export function dottedName(node: Node, text: string): string | undefined {
  switch (node.type) {
    case 'identifier':
    case 'this':
      return slice(text, node);
    case 'field_access':
    case 'field_expression': {
      const object = node.childForFieldName(node.type === 'field_access' ? 'object' : 'value');
      const field = node.childForFieldName('field');
      const head = object !== null ? dottedName(object, text) : undefined;
      return head !== undefined && field !== null ? `${head}.${slice(text, field)}` : undefined;
    }
    default:
      return undefined;
  }
}

/** The argument expressions of an argument list. */
export function argumentNodes(args: Node): Node[] {
  return namedChildren(args);
}

/** A declared name and its initial value. */
export interface Declaration {
  readonly name: string;
  readonly value: Node | null;
  /** `val`, or Java `final`: never reassigned. */
  readonly immutable: boolean;
  /** The statement that holds it, when new statements may follow it (a local declaration or a Scala `val`). */
  readonly statement: Node | null;
}

/**
 * The declarations `node` makes: Java `Type a = x, b = y;` (local or field), Scala `val a = x` / `var a = x`.
 * Java fields get no statement (a statement cannot follow a field declaration).
 */
export function declarations(language: JvmLanguage, node: Node, text: string): Declaration[] {
  if (language === 'java') {
    if (node.type !== 'local_variable_declaration' && node.type !== 'field_declaration') return [];
    const modifiers = namedChildren(node).find((c) => c.type === 'modifiers');
    const immutable = modifiers !== undefined && /\bfinal\b/.test(slice(text, modifiers));
    const statement = node.type === 'local_variable_declaration' ? node : null;
    return node.childrenForFieldName('declarator').flatMap((d) => {
      const nameNode = d?.childForFieldName('name');
      if (!d || !nameNode) return [];
      return [{ name: slice(text, nameNode), value: d.childForFieldName('value'), immutable, statement }];
    });
  }
  if (node.type !== 'val_definition' && node.type !== 'var_definition') return [];
  const pattern = node.childForFieldName('pattern');
  if (pattern === null || pattern.type !== 'identifier') return [];
  return [
    { name: slice(text, pattern), value: node.childForFieldName('value'), immutable: node.type === 'val_definition', statement: node },
  ];
}

/** The name an assignment `name = value` / `this.name = value` writes, and its value. */
export function assignment(node: Node, text: string): { name: string; value: Node | null } | undefined {
  if (node.type !== 'assignment_expression') return undefined;
  const left = node.childForFieldName('left');
  const name = left !== null ? dottedName(left, text) : undefined;
  return name !== undefined ? { name: name.replace(/^this\./, ''), value: node.childForFieldName('right') } : undefined;
}

/**
 * The pairs of a map or pair-list literal: Scala `Map("k" -> "v")`, `Seq(("k", "v"))`, `List`, `Array`;
 * Java `Map.of("k", "v", ...)`. Undefined when `node` is something else (read at run time).
 */
export function pairLiteral(language: JvmLanguage, node: Node, text: string): Pair[] | undefined {
  if (language === 'java') {
    const link = asLink('java', node, text);
    if (link === undefined || link.name !== 'of' || link.receiver === null || !/^(java\.util\.)?Map$/.test(slice(text, link.receiver))) {
      return undefined;
    }
    const args = link.args !== null ? argumentNodes(link.args) : [];
    if (args.length % 2 !== 0) return undefined;
    const pairs: Pair[] = [];
    for (let i = 0; i < args.length; i += 2) pairs.push({ key: args[i]!, value: args[i + 1]!, element: args[i + 1]!, style: 'flat' });
    return pairs;
  }
  if (node.type !== 'call_expression') return undefined;
  const fn = node.childForFieldName('function');
  const callee = fn === null ? '' : fn.type === 'generic_function' ? slice(text, fn.childForFieldName('function')) : slice(text, fn);
  if (!/^(?:(?:scala\.)?(?:collection\.)?(?:immutable\.|mutable\.)?)?(Map|Seq|List|Array|Vector|HashMap)$/.test(callee)) return undefined;
  const args = node.childForFieldName('arguments');
  if (args === null) return undefined;
  const pairs: Pair[] = [];
  for (const element of argumentNodes(args)) {
    if (element.type === 'infix_expression' && slice(text, element.childForFieldName('operator')) === '->') {
      const key = element.childForFieldName('left');
      const value = element.childForFieldName('right');
      if (key !== null && value !== null) pairs.push({ key, value, element, style: 'arrow' });
      continue;
    }
    if (element.type === 'tuple_expression') {
      const parts = namedChildren(element);
      if (parts.length === 2) pairs.push({ key: parts[0]!, value: parts[1]!, element, style: 'tuple' });
      continue;
    }
    // A spread or a variable among the elements: part of the map is read at run time.
    return undefined;
  }
  return pairs;
}

/** Number and boolean literals: the text Spark receives for them (`10L` → `10`). */
export function scalarLiteral(node: Node, text: string): string | undefined {
  switch (node.type) {
    case 'decimal_integer_literal':
    case 'integer_literal':
      return slice(text, node).replace(/[lL]$/, '').replace(/_/g, '');
    case 'decimal_floating_point_literal':
    case 'floating_point_literal':
      return undefined; // `1.5f` prints as Float.toString; not worth modelling
    case 'true':
    case 'false':
    case 'boolean_literal':
      return slice(text, node);
    default:
      return undefined;
  }
}
