/**
 * Pass 1 of reading a DAG file: one tree-sitter query over the whole tree (ERROR subtrees included) collects,
 * in document order, what the model is made of: imports, scopes and their name bindings, functions with their
 * decorators, `with` blocks, calls, list mutations and `>>` / `<<` expressions, each with the frame it is in.
 */
import { Query } from 'web-tree-sitter';
import { outOfTime } from '../../budget';
import { callArguments } from '../../python/arguments';
import type { PythonNode } from '../../python/parser';
import { parameterNames, Scope, targetNames, type Binding } from '../../python/scope';
import type { OffsetRange } from '../../text/model';
import type { ImportBinding } from '../model';

/** Where a statement is: the module, a class body, a `with` block (items kept) or a function body. */
export type Frame =
  | { readonly kind: 'module'; readonly scope: DagScope; readonly parent?: undefined }
  | { readonly kind: 'class'; readonly scope: DagScope; readonly parent: Frame }
  | { readonly kind: 'with'; readonly scope: DagScope; readonly parent: Frame; readonly items: readonly PythonNode[] }
  | FunctionFrame;

export interface FunctionFrame {
  readonly kind: 'function';
  readonly scope: DagScope;
  readonly parent: Frame;
  readonly name: string;
  readonly nameNode: PythonNode;
  /** The decorated definition (or the bare definition). */
  readonly node: PythonNode;
  /** Decorator expressions, outermost first. */
  readonly decorators: readonly PythonNode[];
}

export type DagScope = Scope<Frame, FunctionFrame>;
export type DagBinding = Binding<Frame>;

/** A node of interest (a call, a dependency expression) with the frame it is in. */
export interface CallSite {
  readonly node: PythonNode;
  readonly frame: Frame;
}

/** A list grown after it was bound: `x.append(v)`, `x.extend(l)`, `x += l`. */
export interface Mutation {
  readonly name: string;
  /** `x.append(v)`: v; `x.extend(l)` / `x += l`: the list. */
  readonly value: PythonNode;
  readonly spread: boolean;
  readonly at: number;
  readonly frame: Frame;
}

/** What pass 1 collects. */
export interface FileOutline {
  readonly module: Frame;
  readonly imports: ImportBinding[];
  /** The import binding each local name, by the last import of it. */
  readonly importsByLocal: Map<string, ImportBinding>;
  /** Every call, in document order. */
  readonly calls: CallSite[];
  /** Outermost `>>` / `<<` expressions (more dependency roots are added from `calls` later). */
  readonly depRoots: CallSite[];
  readonly mutations: Mutation[];
  /** Start offsets of decorator calls (`@dag(...)`): not DAGs or tasks themselves. */
  readonly decoratorCalls: Set<number>;
  readonly functions: FunctionFrame[];
  /** Start offsets of `with` items' expressions. */
  readonly withValues: Set<number>;
}

const MUTATION_CALL = /^[A-Za-z_]\w*\s*\.\s*(?:append|extend)\s*\(/;

const QUERY_SOURCE = `
(import_statement) @import
(import_from_statement) @import
(decorated_definition) @decorated
(function_definition) @function
(class_definition) @class
(with_statement) @with
(assignment) @assignment
(augmented_assignment) @augmented
(for_statement) @for
(call) @call
(binary_operator) @binary
(lambda) @skip
`;

/** How long the collecting query may run outside a validation's time budget (cancelled past it). */
const QUERY_BUDGET_MS = 1_000;

/** The collecting query, compiled once per grammar. */
const queries = new WeakMap<object, Query>();
function collectQuery(root: PythonNode): Query {
  const language = root.tree.language;
  let q = queries.get(language);
  if (!q) {
    q = new Query(language, QUERY_SOURCE);
    queries.set(language, q);
  }
  return q;
}

/**
 * Collects the outline of the file `root` was parsed from (`text`). One tree-sitter query finds the nodes
 * natively (much cheaper than visiting every node from JavaScript); ERROR subtrees are searched like the rest.
 */
export function outlineOf(root: PythonNode, text: string): FileOutline {
  const slice = (node: PythonNode | null | undefined): string => (node ? text.slice(node.startIndex, node.endIndex) : '');
  const module: Frame = { kind: 'module', scope: new Scope() };
  const outline: FileOutline = {
    module,
    imports: [],
    importsByLocal: new Map(),
    calls: [],
    depRoots: [],
    mutations: [],
    decoratorCalls: new Set(),
    functions: [],
    withValues: new Set(),
  };
  const importNodes: PythonNode[] = [];
  const stack: { frame: Frame; end: number }[] = [{ frame: module, end: Infinity }];
  const pendingDecorators = new Map<number, { node: PythonNode; decorators: PythonNode[] }>();
  let depEnd = -1;
  let skipEnd = -1;
  // Error recovery over thousands of unclosed brackets makes the query slow (~50 µs per bracket): it is
  // cancelled past the document's time budget, or after QUERY_BUDGET_MS outside validation (kind, hover).
  const queryStart = Date.now();
  const progressCallback = () => outOfTime() || Date.now() - queryStart > QUERY_BUDGET_MS;
  const captures = collectQuery(root).captures(root, { progressCallback });
  // Outer nodes first when two start together (`a() >> b`: the `>>` before the call).
  const items = captures.map((c) => ({ name: c.name, node: c.node, start: c.node.startIndex, end: -1 }));
  for (const item of items) if (item.name !== 'call' && item.name !== 'assignment') item.end = item.node.endIndex;
  items.sort((a, b) => a.start - b.start || (b.end < 0 ? Infinity : b.end) - (a.end < 0 ? Infinity : a.end));
  for (const { name: kind, node, start } of items) {
    if (start < skipEnd) continue;
    while (stack.length > 1 && stack[stack.length - 1]!.end <= start) stack.pop();
    const frame = stack[stack.length - 1]!.frame;
    switch (kind) {
      case 'skip':
        // Lambdas run later, if at all.
        skipEnd = node.endIndex;
        break;
      case 'import':
        importNodes.push(node);
        break;
      case 'decorated': {
        const def = node.childForFieldName('definition');
        const decorators: PythonNode[] = [];
        for (const d of node.namedChildren) {
          if (d?.type !== 'decorator') continue;
          const expr = d.namedChildren.find((c) => c?.type !== 'comment');
          if (!expr) continue;
          decorators.push(expr);
          if (expr.type === 'call') outline.decoratorCalls.add(expr.startIndex);
        }
        if (def) pendingDecorators.set(def.startIndex, { node, decorators });
        break;
      }
      case 'function': {
        const nameNode = node.childForFieldName('name');
        const decorated = pendingDecorators.get(start);
        pendingDecorators.delete(start);
        if (!nameNode) break;
        const scope: DagScope = new Scope(frame.scope);
        const fn: FunctionFrame = {
          kind: 'function',
          scope,
          parent: frame,
          name: slice(nameNode),
          nameNode,
          node: decorated?.node ?? node,
          decorators: decorated?.decorators ?? [],
        };
        frame.scope.functions.set(fn.name, fn);
        outline.functions.push(fn);
        for (const p of parameterNames(node.childForFieldName('parameters'), text)) {
          scope.bindings.set(p, [{ at: start, frame: fn, kind: 'other' }]);
        }
        stack.push({ frame: fn, end: node.endIndex });
        break;
      }
      case 'class':
        stack.push({ frame: { kind: 'class', scope: new Scope(frame.scope), parent: frame }, end: node.endIndex });
        break;
      case 'with': {
        const items: PythonNode[] = [];
        const clause = node.namedChildren.find((c) => c?.type === 'with_clause');
        for (const item of clause?.namedChildren ?? []) {
          if (item?.type !== 'with_item') continue;
          const value = item.childForFieldName('value');
          if (!value) continue;
          let expr: PythonNode | null = value;
          if (value.type === 'as_pattern') {
            expr = value.namedChildren.find((c) => c !== null && c.type !== 'as_pattern_target' && c.type !== 'comment') ?? null;
            const target = value.namedChildren.find((c) => c?.type === 'as_pattern_target');
            const id = target?.namedChildren.find((c) => c?.type === 'identifier');
            if (id && expr) frame.scope.bind(slice(id), { value: expr, at: start, frame, kind: 'with' });
          }
          if (expr) {
            items.push(expr);
            outline.withValues.add(expr.startIndex);
          }
        }
        stack.push({ frame: { kind: 'with', scope: frame.scope, parent: frame, items }, end: node.endIndex });
        break;
      }
      case 'assignment':
        assignment(node, frame, text);
        break;
      case 'augmented': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left?.type === 'identifier' && right && slice(node.childForFieldName('operator')) === '+=') {
          outline.mutations.push({ name: slice(left), value: right, spread: true, at: start, frame });
        }
        break;
      }
      case 'for': {
        const left = node.childForFieldName('left');
        for (const name of targetNames(left, text)) frame.scope.bind(name, { at: start, frame, kind: 'other' });
        break;
      }
      case 'call': {
        outline.calls.push({ node, frame });
        // `x.append(...)` / `x.extend(...)`: a cheap text test first (most calls are not).
        if (!MUTATION_CALL.test(text.slice(start, start + 80))) break;
        const fn = node.childForFieldName('function');
        if (fn?.type === 'attribute') {
          const attr = slice(fn.childForFieldName('attribute'));
          const object = fn.childForFieldName('object');
          if ((attr === 'append' || attr === 'extend') && object?.type === 'identifier') {
            const arg = callArguments(node.childForFieldName('arguments'), text).positional[0];
            if (arg) outline.mutations.push({ name: slice(object), value: arg, spread: attr === 'extend', at: start, frame });
          }
        }
        break;
      }
      case 'binary': {
        if (start < depEnd) break;
        const op = node.childForFieldName('operator')?.type;
        if (op === '>>' || op === '<<') {
          outline.depRoots.push({ node, frame });
          depEnd = node.endIndex;
        }
        break;
      }
    }
  }
  for (const node of importNodes) readImport(node, text, outline);
  return outline;
}

/** Binds the names an assignment statement assigns. */
function assignment(node: PythonNode, frame: Frame, text: string): void {
  const slice = (n: PythonNode): string => text.slice(n.startIndex, n.endIndex);
  const left = node.childForFieldName('left');
  let right = node.childForFieldName('right');
  while (right?.type === 'assignment') right = right.childForFieldName('right');
  if (!left) return;
  if (left.type === 'identifier') {
    frame.scope.bind(slice(left), { ...(right ? { value: right } : {}), at: node.startIndex, frame, kind: 'assign' });
    return;
  }
  // `a, b = x, y`: pairwise when both sides are written out; otherwise the names are bound to unknowns.
  const targets =
    left.type === 'pattern_list' || left.type === 'tuple_pattern' ? left.namedChildren.filter((c) => c?.type !== 'comment') : [];
  const values =
    right && (right.type === 'expression_list' || right.type === 'tuple') ? right.namedChildren.filter((c) => c?.type !== 'comment') : [];
  if (targets.length && targets.length === values.length) {
    targets.forEach((t, i) => {
      if (t?.type === 'identifier') frame.scope.bind(slice(t), { value: values[i]!, at: node.startIndex, frame, kind: 'assign' });
    });
    return;
  }
  for (const name of targetNames(left, text)) frame.scope.bind(name, { at: node.startIndex, frame, kind: 'other' });
}

/** Adds the bindings of an import statement to the outline. */
function readImport(node: PythonNode, text: string, outline: FileOutline): void {
  const slice = (n: PythonNode): string => text.slice(n.startIndex, n.endIndex);
  const range = (n: PythonNode): OffsetRange => ({ start: n.startIndex, end: n.endIndex });
  const dotted = (n: PythonNode) => slice(n).replace(/\s+/g, '');
  const add = (binding: ImportBinding) => {
    outline.imports.push(binding);
    outline.importsByLocal.set(binding.local, binding);
  };
  if (node.type === 'import_from_statement') {
    const mod = node.childForFieldName('module_name');
    if (!mod) return;
    const module = dotted(mod);
    for (const n of node.childrenForFieldName('name')) {
      if (!n) continue;
      if (n.type === 'dotted_name') add({ local: dotted(n), imported: dotted(n), module, range: range(n) });
      else if (n.type === 'aliased_import') {
        const name = n.childForFieldName('name');
        const alias = n.childForFieldName('alias');
        if (name && alias) add({ local: slice(alias), imported: dotted(name), module, range: range(n) });
      }
    }
    return;
  }
  for (const n of node.childrenForFieldName('name')) {
    if (!n) continue;
    const name = n.type === 'aliased_import' ? n.childForFieldName('name') : n;
    if (!name || name.type !== 'dotted_name') continue;
    const module = dotted(name);
    const alias = n.type === 'aliased_import' ? n.childForFieldName('alias') : null;
    add({ local: alias ? slice(alias) : module, imported: module, module, range: range(n) });
  }
}
