/**
 * What the readers of a DAG file share after pass 1 (`outline.ts`): the outline, name resolution (scopes,
 * imports, callees), call arguments, decorators, and argument values as the model's `PyString` / `PyArg`.
 * Lookups are cached per node, since the same objects are reached from many tasks.
 */
import { callArguments, type CallArguments } from '../../python/arguments';
import { dottedName } from '../../python/names';
import type { PythonNode } from '../../python/parser';
import { decodeEscapes, readString } from '../../python/strings';
import type { OffsetRange } from '../../text/model';
import { isTemplated } from '../../util/template';
import type { PyArg, PyString } from '../model';
import type { DagBinding, FileOutline, Frame, FunctionFrame } from './outline';

/** Modules of Airflow itself. */
export const DAG_MODULE = /^airflow(\.|$)/;
/** How deep names, lists and nested expressions are followed. */
export const MAX_DEPTH = 24;
/** Methods that keep a task (or task function) what it is: `.partial(...)`, `.expand(...)`. */
export const MAPPING_METHODS = new Set(['expand', 'expand_kwargs', 'partial']);

const DOTTED = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

/** What a callee refers to: the imported class/function and its module, when the import is in the file. */
export interface Callee {
  /** The last name (`DAG`, `Dataset`, `partial`). */
  readonly name: string;
  readonly module?: string;
  /** The callee as written, without whitespace. */
  readonly written: string;
}

/** The Airflow decorator of a function: `@dag`, `@task`, `@task.bash`, `@task_group`... */
export interface DecoratorKind {
  readonly kind: 'dag' | 'task' | 'task_group';
  readonly written: string;
  /** The decorator's call, when it has arguments (`@dag(schedule=...)`). */
  readonly call?: PythonNode;
}

export function range(node: { startIndex: number; endIndex: number }): OffsetRange {
  return { start: node.startIndex, end: node.endIndex };
}

export class DagContext {
  private readonly calleeCache = new Map<number, Callee | undefined>();
  private readonly functionCache = new Map<number, PythonNode | null>();
  private readonly argCache = new Map<number, CallArguments>();
  private readonly decoratorKinds = new Map<FunctionFrame, DecoratorKind | undefined>();

  /** `text`: the (possibly repaired) text the tree was parsed from. */
  constructor(
    readonly text: string,
    readonly outline: FileOutline,
  ) {}

  slice(node: PythonNode | null | undefined): string {
    return node ? this.text.slice(node.startIndex, node.endIndex) : '';
  }

  // ---- names ---------------------------------------------------------------------------------------------

  /** The binding of `name` visible at `at` from `frame`. */
  lookup(name: string, frame: Frame, at: number): DagBinding | undefined {
    return frame.scope.lookup(name, at);
  }

  lookupFunction(name: string, frame: Frame): FunctionFrame | undefined {
    return frame.scope.lookupFunction(name);
  }

  /** The single binding of a name, only when it is bound exactly once (constants). */
  constant(name: string, frame: Frame): DagBinding | undefined {
    return frame.scope.constant(name);
  }

  /** A call's `function` child, read once per call. */
  functionOf(call: PythonNode): PythonNode | null {
    let fn = this.functionCache.get(call.id);
    if (fn === undefined) this.functionCache.set(call.id, (fn = call.childForFieldName('function')));
    return fn;
  }

  callee(fn: PythonNode | null): Callee | undefined {
    if (!fn) return undefined;
    if (this.calleeCache.has(fn.id)) return this.calleeCache.get(fn.id);
    const c = this.computeCallee(fn);
    this.calleeCache.set(fn.id, c);
    return c;
  }

  private computeCallee(fn: PythonNode): Callee | undefined {
    if (fn.type !== 'identifier' && fn.type !== 'attribute') return undefined;
    // The dotted name from the text when it is plain (no comments or calls inside); from the tree otherwise.
    const raw = this.slice(fn).replace(/\s+/g, '');
    const written = DOTTED.test(raw) ? raw : dottedName(fn, this.text);
    if (written === undefined) return undefined;
    const parts = written.split('.');
    const name = parts[parts.length - 1]!;
    const { importsByLocal } = this.outline;
    for (let i = parts.length - 1; i >= 1; i--) {
      const imp = importsByLocal.get(parts.slice(0, i).join('.'));
      if (!imp) continue;
      // `from m import x` binds `x` to `m.x` (a module or a class); `import a.b [as c]` binds the module itself.
      const base = imp.imported === imp.module ? imp.module : `${imp.module}.${imp.imported}`;
      const middle = parts.slice(i, -1);
      return { name, module: [base, ...middle].join('.'), written };
    }
    if (parts.length === 1) {
      const imp = importsByLocal.get(name);
      if (imp) return { name: imp.imported.split('.').pop()!, module: imp.module, written };
    }
    return { name, written };
  }

  /** `@dag`, `@task`, `@task.bash`, `@task_group`... by the decorator's (imported) name. */
  decoratorKind(fn: FunctionFrame): DecoratorKind | undefined {
    if (!this.decoratorKinds.has(fn)) this.decoratorKinds.set(fn, this.computeDecoratorKind(fn));
    return this.decoratorKinds.get(fn);
  }

  private computeDecoratorKind(fn: FunctionFrame): DecoratorKind | undefined {
    for (const d of fn.decorators) {
      const call = d.type === 'call' ? d : undefined;
      const c = this.callee(call ? call.childForFieldName('function') : d);
      if (!c || (c.module !== undefined && !DAG_MODULE.test(c.module))) continue;
      const full = c.module !== undefined ? `${c.module}.${c.name}` : c.written;
      const found = { written: c.written, ...(call ? { call } : {}) };
      if (/(^|\.)dag$/.test(full)) return { kind: 'dag', ...found };
      if (/(^|\.)task_group$/.test(full)) return { kind: 'task_group', ...found };
      if (/(^|\.)task(\.[A-Za-z_]\w*)?$/.test(full)) return { kind: 'task', ...found };
    }
    return undefined;
  }

  /** The function a call invokes when it is a function of this file (`f()`, `f.expand()`, `f.override(...)()`). */
  taskFunctionOf(call: PythonNode, frame: Frame): FunctionFrame | undefined {
    let fn = this.functionOf(call);
    for (let i = 0; fn && i < 4; i++) {
      if (fn.type === 'identifier') return this.lookupFunction(this.slice(fn), frame);
      if (fn.type === 'attribute') {
        const attr = this.slice(fn.childForFieldName('attribute'));
        if (!MAPPING_METHODS.has(attr) && attr !== 'override') return undefined;
        fn = fn.childForFieldName('object');
      } else if (fn.type === 'call') {
        fn = this.functionOf(fn);
      } else return undefined;
    }
    return undefined;
  }

  /** Calls inside a @task function's body run when the task runs; they create no tasks of the DAG. */
  insideTaskBody(frame: Frame): boolean {
    for (let f: Frame | undefined = frame; f; f = f.parent)
      if (f.kind === 'function' && this.decoratorKind(f)?.kind === 'task') return true;
    return false;
  }

  // ---- arguments -----------------------------------------------------------------------------------------

  /** A call's arguments, read once per call node. */
  argInfo(call: PythonNode): CallArguments {
    let hit = this.argCache.get(call.id);
    if (!hit) this.argCache.set(call.id, (hit = callArguments(call.childForFieldName('arguments'), this.text)));
    return hit;
  }

  kw(call: PythonNode): Map<string, PythonNode> {
    return this.argInfo(call).keywords;
  }

  positional(call: PythonNode): PythonNode[] {
    return this.argInfo(call).positional;
  }

  /** A constructor call's arguments for the model: keywords by name, positional ones as `#0`, `#1`... */
  args(call: PythonNode, frame: Frame): PyArg[] {
    const list = call.childForFieldName('arguments');
    const out: PyArg[] = [];
    let position = 0;
    for (const child of list?.namedChildren ?? []) {
      if (!child || child.type === 'comment' || child.type === 'list_splat' || child.type === 'dictionary_splat') continue;
      if (child.type === 'keyword_argument') {
        const name = child.childForFieldName('name');
        const value = child.childForFieldName('value');
        if (name && value) out.push(this.arg(this.slice(name), range(name), value, frame, 0));
      } else {
        out.push(this.arg(`#${position++}`, range(child), child, frame, 0));
      }
    }
    return out;
  }

  /** One argument (or dict entry) with its value read: a string, the strings of a list, the entries of a dict. */
  private arg(name: string, nameRange: OffsetRange, value: PythonNode, frame: Frame, depth: number): PyArg {
    const s = this.stringValue(value, frame);
    const base = { name, nameRange, ...(s ? { string: s } : {}), valueRange: range(value), valueText: this.slice(value) };
    if (s || depth > MAX_DEPTH) return base;
    const target = this.collectionOf(value, frame, depth);
    if (!target) return base;
    const { node, frame: at } = target;
    if (node.type === 'list' || node.type === 'tuple') {
      const strings: PyString[] = [];
      for (const item of node.namedChildren) if (item && item.type !== 'comment') strings.push(this.pyString(item, at));
      return { ...base, strings };
    }
    const entries: PyArg[] = [];
    this.dictEntries(node, at, entries, depth + 1);
    return { ...base, entries };
  }

  /** The list, tuple, dict literal or `dict(...)` call an expression is (through parentheses and names bound once). */
  private collectionOf(node: PythonNode, frame: Frame, depth: number): { node: PythonNode; frame: Frame } | undefined {
    for (let i = depth; i <= MAX_DEPTH; i++) {
      if (node.type === 'list' || node.type === 'tuple' || node.type === 'dictionary') return { node, frame };
      if (node.type === 'call') return this.callee(this.functionOf(node))?.written === 'dict' ? { node, frame } : undefined;
      if (node.type === 'parenthesized_expression') {
        const inner = node.namedChildren.find((c) => c?.type !== 'comment');
        if (!inner) return undefined;
        node = inner;
      } else if (node.type === 'identifier') {
        const b = this.constant(this.slice(node), frame);
        if (!b?.value) return undefined;
        node = b.value;
        frame = b.frame;
      } else return undefined;
    }
    return undefined;
  }

  /** The string-keyed entries of a dict literal or `dict(k=v)` call, `**spread` followed; a later key replaces an earlier one. */
  private dictEntries(node: PythonNode, frame: Frame, out: PyArg[], depth: number): void {
    if (depth > MAX_DEPTH) return;
    const put = (a: PyArg) => {
      const i = out.findIndex((e) => e.name === a.name);
      if (i >= 0) out.splice(i, 1);
      out.push(a);
    };
    if (node.type === 'call') {
      for (const child of this.argInfo(node).keywordNodes) {
        const name = child.childForFieldName('name');
        const value = child.childForFieldName('value');
        if (name && value) put(this.arg(this.slice(name), range(name), value, frame, depth));
      }
      return;
    }
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'dictionary_splat') {
        const inner = child.namedChildren.find((c) => c?.type !== 'comment');
        const target = inner && this.collectionOf(inner, frame, depth);
        if (target && target.node.type !== 'list' && target.node.type !== 'tuple')
          this.dictEntries(target.node, target.frame, out, depth + 1);
      } else if (child.type === 'pair') {
        const key = child.childForFieldName('key');
        const value = child.childForFieldName('value');
        const k = key ? this.readString(key) : undefined;
        if (k && key && value) put(this.arg(k.value, range(key), value, frame, depth));
      }
    }
  }

  /** An id argument (`dag_id`, `task_id`, `group_id`): the keyword, or the first positional argument. */
  idArg(call: PythonNode, keyword: string, frame: Frame, positional = true): PyString | undefined {
    const kw = this.kw(call).get(keyword);
    if (kw) return this.pyString(kw, frame);
    if (!positional) return undefined;
    const first = this.positional(call)[0];
    return first && first.type !== 'list_splat' && first.type !== 'dictionary_splat' ? this.pyString(first, frame) : undefined;
  }

  // ---- strings -------------------------------------------------------------------------------------------

  /** A name (function name used as an id) as a literal PyString. */
  nameString(node: PythonNode): PyString {
    return { value: this.slice(node), range: range(node), kind: 'literal', exact: true };
  }

  /** A string argument: a literal, an f-string, or a name bound once to a string literal; undefined otherwise. */
  stringValue(node: PythonNode, frame: Frame): PyString | undefined {
    if (node.type === 'string' || node.type === 'concatenated_string') return this.pyString(node, frame);
    if (node.type === 'parenthesized_expression') {
      const inner = node.namedChildren.filter((c) => c?.type !== 'comment');
      if (inner.length === 1 && (inner[0]!.type === 'string' || inner[0]!.type === 'concatenated_string'))
        return this.pyString(inner[0]!, frame);
    }
    if (node.type === 'identifier') {
      const b = this.constant(this.slice(node), frame);
      if (b?.value && (b.value.type === 'string' || b.value.type === 'concatenated_string')) return this.pyString(b.value, b.frame);
    }
    return undefined;
  }

  /** Any expression as a PyString: strings decoded, names bound once to a string resolved, the rest as source text. */
  pyString(node: PythonNode, frame: Frame): PyString {
    if (node.type === 'string' || node.type === 'concatenated_string') {
      const s = this.readString(node);
      if (s?.kind === 'expression') return this.formatted(node, frame, 0) ?? s;
      if (s) return s;
    } else if (node.type === 'identifier') {
      const resolved = this.stringValue(node, frame);
      if (resolved) return resolved;
    }
    return { value: this.slice(node), range: range(node), kind: 'expression', exact: true };
  }

  /**
   * An f-string (or a concatenation with f-string parts) whose every field is a bare name bound once to a string
   * (`f"{JOBS_DIR}/job.py"` with `JOBS_DIR = "/opt/jobs"`): its value, as Python computes it when the DAG is
   * parsed. Undefined when a field is anything else (a call, a format spec, a name bound at run time).
   */
  private formatted(node: PythonNode, frame: Frame, depth: number): PyString | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const parts = node.type === 'concatenated_string' ? node.namedChildren.filter((c) => c?.type === 'string') : [node];
    let value = '';
    for (const part of parts) {
      if (!part) return undefined;
      const plain = readString(part, this.text);
      if (!plain) return undefined;
      if (!plain.interpolated) {
        value += plain.value;
        continue;
      }
      const start = part.firstChild;
      const opening = start ? this.text.slice(start.startIndex, start.endIndex).toLowerCase() : '';
      const raw = opening.includes('r');
      let at = plain.range.start;
      for (const child of part.children) {
        if (child?.type !== 'interpolation') continue;
        value += literalPiece(this.text.slice(at, child.startIndex), raw);
        const inner = child.namedChildren.filter((c) => c?.type !== 'comment');
        if (inner.length !== 1 || inner[0]!.type !== 'identifier') return undefined;
        const bound = this.constant(this.slice(inner[0]!), frame);
        const target = bound?.value;
        if (!target || (target.type !== 'string' && target.type !== 'concatenated_string')) return undefined;
        const resolved = this.readString(target);
        const known = resolved?.kind === 'expression' ? this.formatted(target, bound.frame, depth + 1) : resolved;
        if (!known) return undefined;
        value += known.value;
        at = child.endIndex;
      }
      value += literalPiece(this.text.slice(at, plain.range.end), raw);
    }
    return { value, range: range(node), kind: isTemplated(value) ? 'template' : 'literal', exact: false };
  }

  /** A string literal or implicit concatenation, decoded; f-strings with fields are expressions. */
  readString(node: PythonNode): PyString | undefined {
    const s = readString(node, this.text);
    if (!s) return undefined;
    if (s.interpolated) return { value: s.value, range: s.range, kind: 'expression', exact: true };
    return { value: s.value, range: s.range, kind: isTemplated(s.value) ? 'template' : 'literal', exact: s.exact };
  }
}

/** The literal text between an f-string's fields: escapes decoded (unless raw), `{{`/`}}` as `{`/`}`. */
function literalPiece(raw: string, isRaw: boolean): string {
  return (isRaw ? raw : decodeEscapes(raw, false)).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
}
