/**
 * Strings of a PySpark job read from the tree: literals, f-strings, `+` and `.format()`/`%` concatenation,
 * `os.path.join`, variables followed to their assignment (module constants, locals, `self.x`). What only the
 * run knows (a function parameter, `sys.argv[1]`, `os.environ["X"]`, a widget, a call's result) is a named
 * placeholder `<name>`, never a guess.
 */
import { callArguments } from '../../python/arguments';
import { dottedName } from '../../python/names';
import type { PythonNode } from '../../python/parser';
import { parameterNames, Scope, targetNames, type Binding } from '../../python/scope';
import { decodeEscapes, readString } from '../../python/strings';
import type { Placeholder } from '../types';

/** A string value: known text and placeholders, in order. */
export interface Str {
  readonly parts: readonly (string | Placeholder)[];
}

export const lit = (s: string): Str => ({ parts: [s] });
export const concat = (...xs: Str[]): Str => ({ parts: xs.flatMap((x) => x.parts) });
/** The value written out, placeholders as `<name>`. */
export const render = (s: Str): string => s.parts.map((p) => (typeof p === 'string' ? p : `<${p.name}>`)).join('');
export const known = (s: Str): boolean => s.parts.every((p) => typeof p === 'string');
/** The placeholders of values, each name once. */
export function placeholdersOf(...xs: Str[]): Placeholder[] {
  const seen = new Map<string, Placeholder>();
  for (const x of xs) for (const p of x.parts) if (typeof p !== 'string' && !seen.has(p.name)) seen.set(p.name, p);
  return [...seen.values()];
}

/** Where a binding is: the function whose parameter it is, if it is one. */
interface Frame {
  readonly parameterOf?: string;
}

const MAX_DEPTH = 24;
const SCOPE_NODES = new Set(['function_definition', 'lambda']);

/** The scopes of a file and string evaluation over them. */
export class Values {
  private readonly module = new Scope<Frame, never>();
  private readonly scopes = new Map<number, Scope<Frame, never>>();

  constructor(
    readonly text: string,
    root: PythonNode,
  ) {
    this.bindAll(root);
  }

  slice(node: PythonNode | null | undefined): string {
    return node ? this.text.slice(node.startIndex, node.endIndex) : '';
  }

  /** The binding a name (or `self.x`) refers to at `node`, skipping the assignment `node` is part of. */
  binding(name: string, node: PythonNode): Binding<Frame> | undefined {
    const scope = this.scopeOf(node);
    let at = node.startIndex;
    for (let guard = 0; guard < 8; guard++) {
      const b = scope.lookup(name, at);
      if (b === undefined) return undefined;
      // `x = x + "/a"`: the use inside the assignment refers to the binding before it.
      if (b.value !== undefined && b.value.startIndex <= node.startIndex && node.endIndex <= b.value.endIndex) {
        if (b.at >= at) return undefined;
        at = b.at;
        continue;
      }
      return b;
    }
    return undefined;
  }

  /** The expression a name refers to, when bound by a plain assignment. */
  valueOf(node: PythonNode): PythonNode | undefined {
    const name = dottedName(node, this.text);
    if (name === undefined) return undefined;
    const b = this.binding(name, node);
    return b?.kind === 'assign' ? b.value : undefined;
  }

  /** The string an expression evaluates to; anything not followed becomes a placeholder named after it. */
  str(node: PythonNode, depth = 0): Str {
    if (depth > MAX_DEPTH) return this.opaque(node);
    switch (node.type) {
      case 'string':
      case 'concatenated_string':
        return this.literal(node, depth);
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
        return inner ? this.str(inner, depth + 1) : this.opaque(node);
      }
      case 'identifier':
      case 'attribute': {
        const name = dottedName(node, this.text);
        if (name === undefined) return this.opaque(node);
        const b = this.binding(name, node);
        if (b?.kind === 'assign' && b.value !== undefined) return this.str(b.value, depth + 1);
        if (b?.frame.parameterOf !== undefined)
          return this.placeholder(name, `a parameter of \`${b.frame.parameterOf}\`, passed at run time`);
        return this.opaque(node);
      }
      case 'binary_operator': {
        const op = this.slice(node.childForFieldName('operator'));
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left === null || right === null) return this.opaque(node);
        if (op === '+') return concat(this.str(left, depth + 1), this.str(right, depth + 1));
        if (op === '%') return this.percent(node, left, right, depth);
        return this.opaque(node);
      }
      case 'integer':
      case 'float':
        return lit(this.slice(node));
      case 'true':
      case 'false':
        // PySpark passes booleans to Spark's options lower-cased.
        return lit(node.type);
      case 'subscript':
        return this.subscript(node);
      case 'call':
        return this.call(node, depth);
      default:
        return this.opaque(node);
    }
  }

  /** The strings of a list/tuple literal (each element), or of one expression. */
  strList(node: PythonNode, depth = 0): { str: Str; node: PythonNode }[] {
    const target = node;
    if (target.type === 'identifier') {
      const v = this.valueOf(target);
      if (v !== undefined && (v.type === 'list' || v.type === 'tuple') && depth < MAX_DEPTH) return this.strList(v, depth + 1);
    }
    if (target.type === 'list' || target.type === 'tuple') {
      return target.namedChildren
        .filter((c): c is PythonNode => c !== null && c.type !== 'comment')
        .map((c) => ({ str: this.str(c), node: c }));
    }
    return [{ str: this.str(target, depth), node: target }];
  }

  /** A placeholder named after the expression as written (whitespace collapsed). */
  opaque(node: PythonNode): Str {
    const written = this.slice(node).replace(/\s+/g, ' ').trim();
    const name = written.length > 60 ? `${written.slice(0, 57)}...` : written;
    return this.placeholder(name, `\`${name}\` is only known when the job runs`);
  }

  placeholder(name: string, why: string): Str {
    return { parts: [{ name, why }] };
  }

  // ---- expressions ---------------------------------------------------------------------------------------

  private literal(node: PythonNode, depth: number): Str {
    const s = readString(node, this.text);
    if (s === undefined) return this.opaque(node);
    if (!s.interpolated) return lit(s.value);
    const pieces = node.type === 'concatenated_string' ? node.namedChildren.filter((c): c is PythonNode => c?.type === 'string') : [node];
    const parts: Str[] = [];
    for (const piece of pieces) {
      const opening = this.slice(piece.firstChild);
      const raw = /r/i.test(opening.replace(/["']/g, ''));
      for (const child of piece.children) {
        if (child === null) continue;
        if (child.type === 'string_content' || child.type === 'escape_sequence') {
          const t = this.slice(child).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
          parts.push(lit(raw ? t : decodeEscapes(t, false)));
        } else if (child.type === 'interpolation') {
          const expr = child.childForFieldName('expression') ?? child.namedChildren.find((c) => c !== null) ?? null;
          parts.push(expr ? this.str(expr, depth + 1) : this.opaque(child));
        }
      }
    }
    return concat(...parts);
  }

  private subscript(node: PythonNode): Str {
    const value = node.childForFieldName('value');
    const index = node.childForFieldName('subscript');
    const base = value ? dottedName(value, this.text) : undefined;
    if (base !== undefined && index !== null) {
      if (/(^|\.)environ$/.test(base)) {
        const key = readString(index, this.text);
        if (key !== undefined && !key.interpolated)
          return this.placeholder(`env:${key.value}`, `environment variable \`${key.value}\`, read when the job runs`);
      }
      if (base === 'sys.argv' || base === 'argv') return this.placeholder(this.slice(node), 'a command-line argument of the job');
    }
    return this.opaque(node);
  }

  private call(node: PythonNode, depth: number): Str {
    const fn = node.childForFieldName('function');
    const { positional, keywords } = callArguments(node.childForFieldName('arguments'), this.text);
    const name = fn ? dottedName(fn, this.text) : undefined;
    if (name !== undefined) {
      if (/(^|\.)(getenv|environ\.get)$/.test(name) && positional[0]) {
        const key = readString(positional[0], this.text);
        if (key !== undefined && !key.interpolated)
          return this.placeholder(`env:${key.value}`, `environment variable \`${key.value}\`, read when the job runs`);
      }
      if (/(^|\.)widgets\.get$/.test(name) && positional[0]) {
        const key = readString(positional[0], this.text);
        if (key !== undefined && !key.interpolated)
          return this.placeholder(`widget:${key.value}`, `notebook widget \`${key.value}\`, set when the job runs`);
      }
      if (/(^|\.)path\.join$/.test(name) && positional.length > 0 && keywords.size === 0) {
        const parts = positional.map((p) => this.str(p, depth + 1));
        const joined: Str[] = [];
        parts.forEach((p, i) => {
          if (i > 0) {
            const prev = render(joined[joined.length - 1]!);
            const next = render(p);
            if (next.startsWith('/')) joined.length = 0;
            else if (!prev.endsWith('/')) joined.push(lit('/'));
          }
          joined.push(p);
        });
        return concat(...joined);
      }
      if (name === 'str' && positional.length === 1) return this.str(positional[0]!, depth + 1);
    }
    // `"…{}…".format(a, b=…)`
    if (fn?.type === 'attribute' && this.slice(fn.childForFieldName('attribute')) === 'format') {
      const object = fn.childForFieldName('object');
      const template = object ? readString(object, this.text) : undefined;
      if (template !== undefined && !template.interpolated) return this.format(template.value, positional, keywords, depth);
    }
    if (
      fn?.type === 'attribute' &&
      ['strip', 'rstrip', 'lstrip', 'lower', 'upper'].includes(this.slice(fn.childForFieldName('attribute')))
    ) {
      const object = fn.childForFieldName('object');
      const inner = object ? this.str(object, depth + 1) : undefined;
      const method = this.slice(fn.childForFieldName('attribute'));
      if (inner !== undefined && known(inner) && positional.length === 0) {
        const v = render(inner);
        const out =
          method === 'lower'
            ? v.toLowerCase()
            : method === 'upper'
              ? v.toUpperCase()
              : method === 'strip'
                ? v.trim()
                : method === 'rstrip'
                  ? v.trimEnd()
                  : v.trimStart();
        return lit(out);
      }
    }
    return this.opaque(node);
  }

  private format(template: string, positional: PythonNode[], keywords: Map<string, PythonNode>, depth: number): Str {
    const parts: Str[] = [];
    let auto = 0;
    let last = 0;
    const re = /\{\{|\}\}|\{([^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}/g;
    for (let m = re.exec(template); m; m = re.exec(template)) {
      parts.push(lit(template.slice(last, m.index)));
      last = m.index + m[0].length;
      if (m[0] === '{{' || m[0] === '}}') {
        parts.push(lit(m[0][0]!));
        continue;
      }
      const field = m[1]!;
      const arg = field === '' ? positional[auto++] : /^\d+$/.test(field) ? positional[Number(field)] : keywords.get(field);
      parts.push(arg ? this.str(arg, depth + 1) : this.placeholder(field || '{}', `\`${field}\` of a \`.format()\` call, not found`));
    }
    parts.push(lit(template.slice(last)));
    return concat(...parts);
  }

  private percent(node: PythonNode, left: PythonNode, right: PythonNode, depth: number): Str {
    const template = readString(left, this.text);
    if (template === undefined || template.interpolated) return this.opaque(node);
    const args = right.type === 'tuple' ? right.namedChildren.filter((c): c is PythonNode => c !== null && c.type !== 'comment') : [right];
    const parts: Str[] = [];
    let last = 0;
    let k = 0;
    const re = /%%|%(?:\([^)]*\))?[-+ #0]*\d*(?:\.\d+)?[sdifr]/g;
    for (let m = re.exec(template.value); m; m = re.exec(template.value)) {
      parts.push(lit(template.value.slice(last, m.index)));
      last = m.index + m[0].length;
      if (m[0] === '%%') parts.push(lit('%'));
      else {
        const arg = args[k++];
        parts.push(arg ? this.str(arg, depth + 1) : this.opaque(node));
      }
    }
    parts.push(lit(template.value.slice(last)));
    return concat(...parts);
  }

  // ---- scopes --------------------------------------------------------------------------------------------

  private scopeOf(node: PythonNode): Scope<Frame, never> {
    for (let n: PythonNode | null = node.parent; n !== null; n = n.parent) {
      if (SCOPE_NODES.has(n.type)) {
        const s = this.scopes.get(n.id);
        if (s !== undefined) return s;
      }
    }
    return this.module;
  }

  /** One iterative walk binding every assignment, parameter and loop variable in its scope. */
  private bindAll(root: PythonNode): void {
    const stack: { node: PythonNode; scope: Scope<Frame, never> }[] = [{ node: root, scope: this.module }];
    while (stack.length > 0) {
      const { node, scope } = stack.pop()!;
      let inner = scope;
      switch (node.type) {
        case 'function_definition':
        case 'lambda': {
          inner = new Scope<Frame, never>(scope);
          this.scopes.set(node.id, inner);
          const fnName = this.slice(node.childForFieldName('name')) || 'lambda';
          for (const p of parameterNames(node.childForFieldName('parameters'), this.text)) {
            inner.bind(p, { at: node.startIndex, frame: { parameterOf: fnName }, kind: 'other' });
          }
          if (node.type === 'function_definition') scope.bind(fnName, { at: node.startIndex, frame: {}, kind: 'other' });
          break;
        }
        case 'assignment':
        case 'named_expression': {
          const left = node.childForFieldName(node.type === 'assignment' ? 'left' : 'name');
          const right = node.childForFieldName(node.type === 'assignment' ? 'right' : 'value');
          if (left !== null) {
            const dotted = left.type === 'attribute' ? dottedName(left, this.text) : undefined;
            if (dotted !== undefined) {
              // `self.path = …`: bound module-wide, as methods of the class read it.
              this.module.bind(dotted, { value: right ?? undefined, at: node.startIndex, frame: {}, kind: right ? 'assign' : 'other' });
            } else if (left.type === 'identifier') {
              scope.bind(this.slice(left), {
                value: right ?? undefined,
                at: node.startIndex,
                frame: {},
                kind: right && right.type !== 'assignment' ? 'assign' : 'other',
              });
            } else {
              for (const n of targetNames(left, this.text)) scope.bind(n, { at: node.startIndex, frame: {}, kind: 'other' });
            }
          }
          break;
        }
        case 'augmented_assignment':
        case 'for_statement':
        case 'for_in_clause': {
          const left = node.childForFieldName('left');
          for (const n of targetNames(left, this.text)) scope.bind(n, { at: node.startIndex, frame: {}, kind: 'other' });
          break;
        }
        case 'as_pattern': {
          const alias = node.childForFieldName('alias');
          for (const n of targetNames(alias?.namedChildren[0] ?? alias, this.text))
            scope.bind(n, { at: node.startIndex, frame: {}, kind: 'other' });
          break;
        }
      }
      const children = node.namedChildren;
      for (let k = children.length - 1; k >= 0; k--) {
        const c = children[k];
        if (c) stack.push({ node: c, scope: inner });
      }
    }
  }
}
