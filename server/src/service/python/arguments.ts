/**
 * The arguments of a Python call, split into positional and keyword arguments.
 */
import type { PythonNode } from './parser';

/** A call's arguments as written. Comments are left out. */
export interface CallArguments {
  /** Positional arguments in order, `*args` (`list_splat` nodes) included where they are written. */
  readonly positional: PythonNode[];
  /** Keyword argument values by name (the last one when a name is repeated). */
  readonly keywords: Map<string, PythonNode>;
  /** The `keyword_argument` nodes in order, incomplete ones (`f(x=)`) included. */
  readonly keywordNodes: PythonNode[];
  /** Whether there is a `*args` or `**kwargs`: the call gets arguments that cannot be read here. */
  readonly splat: boolean;
}

/**
 * Splits `list`, a call's `arguments` child, into positional and keyword arguments. Anything but an
 * `argument_list` (none, or the generator of `f(x for x in y)`) has no arguments to split.
 */
export function callArguments(list: PythonNode | null, text: string): CallArguments {
  const positional: PythonNode[] = [];
  const keywords = new Map<string, PythonNode>();
  const keywordNodes: PythonNode[] = [];
  let splat = false;
  if (list?.type === 'argument_list') {
    for (const child of list.namedChildren) {
      if (!child || child.type === 'comment') continue;
      if (child.type === 'keyword_argument') {
        keywordNodes.push(child);
        const name = child.childForFieldName('name');
        const value = child.childForFieldName('value');
        if (name && value) keywords.set(text.slice(name.startIndex, name.endIndex), value);
      } else if (child.type === 'dictionary_splat') {
        splat = true;
      } else {
        if (child.type === 'list_splat') splat = true;
        positional.push(child);
      }
    }
  }
  return { positional, keywords, keywordNodes, splat };
}
