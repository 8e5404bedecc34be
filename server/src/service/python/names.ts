/**
 * Names in the Python tree: dotted names (`a.b.c`) and the last name of one (`c`).
 */
import type { PythonNode } from './parser';

/**
 * `name` or `a.b.c` made of identifiers only, as written without whitespace or comments; undefined for anything
 * else (a call, subscript or parenthesised expression anywhere in the chain).
 */
export function dottedName(node: PythonNode, text: string): string | undefined {
  if (node.type === 'identifier') return text.slice(node.startIndex, node.endIndex);
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  if (object === null || attribute === null) return undefined;
  const head = dottedName(object, text);
  return head !== undefined ? `${head}.${text.slice(attribute.startIndex, attribute.endIndex)}` : undefined;
}

/** The last identifier of `name` / `x.name` (whatever `x` is); undefined for other nodes. */
export function lastName(node: PythonNode, text: string): string | undefined {
  if (node.type === 'identifier') return text.slice(node.startIndex, node.endIndex);
  if (node.type === 'attribute') {
    const attribute = node.childForFieldName('attribute');
    return attribute !== null ? text.slice(attribute.startIndex, attribute.endIndex) : undefined;
  }
  return undefined;
}
