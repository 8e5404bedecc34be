/**
 * Reads an Airflow DAG file's lineage declarations from its tree-sitter tree: DAGs (`DAG(...)`,
 * `with DAG(...) as dag`, `@dag`), tasks (operator calls, `@task` functions), task groups, dependencies
 * (`>>`, `<<`, `set_upstream`/`set_downstream`, `chain`, `chain_linear`, `cross_downstream`) and the
 * inlets/outlets/schedule objects, resolved through the names they are bound to.
 *
 * Error tolerance: the whole tree is walked, ERROR nodes included. When the tree has ERROR nodes (a file
 * being typed), the statement holding the first error is blanked out (same length, newlines kept, so every
 * offset stays valid) and the text is parsed again, a few times at most: one unclosed bracket then costs only
 * its own statement instead of everything after it. This needs `options.reparse`; without it the tree is
 * read as it is.
 *
 * All offsets are UTF-16 offsets into `text`, like every offset in the service.
 */
import { outOfTime } from '../budget';
import { Query } from 'web-tree-sitter';
import type { PythonNode, PythonTree } from '../python/parser';
import type { OffsetRange } from '../text/model';
import { isTemplated } from '../util/template';
import type { DagDef, DagFile, Dependency, ImportBinding, PyArg, PyDictEntry, PyString, TaskDef, Xlet, XletOrigin } from './model';
import { trimEndChars } from '../text/lines';

export interface ParseDagOptions {
  /**
   * Parses a repaired copy of the text (same length). Given, a file with syntax errors is read statement by
   * statement around the broken one; without it, as tree-sitter's error recovery left it. Returning
   * `undefined` (the parse was cancelled: time budget) stops the repairs.
   */
  readonly reparse?: (text: string) => PythonTree | undefined;
}

/** Cheap test: can this Python text be an Airflow DAG file at all? */
export function mentionsAirflow(text: string): boolean {
  return text.includes('airflow');
}

/** The DAG file model of `text`, parsed as `tree` (none: its parse was cancelled, an empty model). Never throws. */
export function parseDagFile(tree: PythonTree | undefined, text: string, options: ParseDagOptions = {}): DagFile {
  if (!tree) return { isAirflow: false, imports: [], dags: [], tasks: [], dependencies: [] };
  let root = tree.rootNode;
  let source = text;
  if (options.reparse && root.hasError) ({ root, text: source } = repair(root, text, options.reparse));
  try {
    return new DagReader(source).read(root, text);
  } catch {
    // A bug here must not take validation down; an empty model is the safe answer.
    return { isAirflow: IMPORTS_AIRFLOW.test(text), imports: [], dags: [], tasks: [], dependencies: [] };
  }
}

const IMPORTS_AIRFLOW = /^[ \t]*(?:from|import)[ \t]+airflow\b/m;
const MAX_REPAIRS = 8;
const MAX_DEPTH = 24;

// ---------------------------------------------------------------------------------------------------------
// Repair: blank out the statement holding the first syntax error and parse again.

function repair(root: PythonNode, text: string, reparse: (text: string) => PythonTree | undefined): { root: PythonNode; text: string } {
  let current = root;
  let source = text;
  let lastStart = -1;
  for (let i = 0; i < MAX_REPAIRS; i++) {
    const error = firstError(current);
    if (!error) break;
    // Recomputed each time: a blanked statement's unclosed bracket no longer counts.
    const span = brokenStatement(source, lineTable(source), error.startIndex);
    if (!span || span.start <= lastStart) break;
    lastStart = span.start;
    const blanked = blank(source, span);
    let tree: PythonTree | undefined;
    try {
      tree = reparse(blanked);
    } catch {
      tree = undefined;
    }
    if (!tree) break; // cancelled (time budget): read the last tree there is
    source = blanked;
    current = tree.rootNode;
  }
  return { root: current, text: source };
}

/** The first ERROR node in document order (MISSING nodes alone leave a usable tree). */
function firstError(node: PythonNode): PythonNode | undefined {
  if (!node.hasError) return undefined;
  for (const child of node.children) {
    if (!child) continue;
    if (child.isError) return child;
    if (child.hasError) {
      const inner = firstError(child);
      if (inner) return inner;
    }
  }
  return undefined;
}

interface LineTable {
  readonly starts: number[];
  /** Whether each line starts a logical line (not inside brackets, a triple-quoted string or after `\`). */
  readonly logical: boolean[];
}

/** Line starts and which lines start a logical line, from a small Python tokenizer (strings, comments, brackets). */
function lineTable(text: string): LineTable {
  const starts = [0];
  const logical = [true];
  let depth = 0;
  let quote = '';
  let continued = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      if (quote.length === 1) quote = ''; // an unterminated one-line string ends with its line
      starts.push(i + 1);
      logical.push(depth === 0 && quote === '' && !continued);
      continued = false;
      continue;
    }
    if (quote) {
      if (c === '\\') {
        if (text[i + 1] !== '\n') i++;
      } else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = '';
      }
      continue;
    }
    continued = false;
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = (nl < 0 ? text.length : nl) - 1;
    } else if (c === '"' || c === "'") {
      quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length - 1;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    } else if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      continued = true;
    }
  }
  return { starts, logical };
}

function lineOf(lines: LineTable, offset: number): number {
  let lo = 0;
  let hi = lines.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function lineText(text: string, lines: LineTable, line: number): string {
  const start = lines.starts[line]!;
  const next = lines.starts[line + 1];
  return text.slice(start, next === undefined ? text.length : next - 1).replace(/\r$/, '');
}

const indentOf = (line: string): number => /^[ \t]*/.exec(line)![0].length;
const isBlank = (line: string): boolean => /^[ \t]*(#.*)?$/.test(line);

/**
 * The broken statement around `offset`: from the start of its logical line to the next line that starts a
 * statement at the same or a lower indentation (an unclosed bracket never ends its logical line).
 */
function brokenStatement(text: string, lines: LineTable, offset: number): { start: number; end: number; header: boolean } | undefined {
  let first = lineOf(lines, offset);
  while (first > 0 && (!lines.logical[first] || isBlank(lineText(text, lines, first)))) first--;
  const indent = indentOf(lineText(text, lines, first));
  let end = lines.starts.length;
  for (let l = first + 1; l < lines.starts.length; l++) {
    const t = lineText(text, lines, l);
    if (isBlank(t)) continue;
    if (lines.logical[l] || (indentOf(t) <= indent && !/^[ \t]*[)\]}]/.test(t))) {
      end = l;
      break;
    }
  }
  const start = lines.starts[first]! + indent;
  const stop = end < lines.starts.length ? lines.starts[end]! - 1 : text.length;
  if (stop <= start) return undefined;
  // A compound statement's header (`with DAG(...) as dag:`): keep its block parseable.
  const whole = text.slice(start, stop);
  // The last line's comment, `whole.replace(/#[^\n]*$/, '')` by hand (that regex is quadratic on `####…`).
  const hash = whole.indexOf('#', whole.lastIndexOf('\n') + 1);
  const statement = (hash < 0 ? whole : whole.slice(0, hash)).trimEnd();
  const next = end < lines.starts.length ? lineText(text, lines, end) : '';
  const header = statement.endsWith(':') && indentOf(next) > indent;
  return { start, end: stop, header };
}

/** `text` with `span` replaced by `pass` (or `if 1:` for a header) and spaces; newlines are kept. */
function blank(text: string, span: { start: number; end: number; header: boolean }): string {
  const filler = span.header ? 'if 1:' : 'pass';
  let body = text.slice(span.start, span.end).replace(/[^\r\n]/g, ' ');
  const firstLine = body.search(/[\r\n]/);
  const room = firstLine < 0 ? body.length : firstLine;
  if (room >= filler.length) body = filler + body.slice(filler.length);
  return text.slice(0, span.start) + body + text.slice(span.end);
}

// ---------------------------------------------------------------------------------------------------------
// Pass 1: one cursor walk collecting imports, scopes, bindings, calls and dependency expressions.

interface Scope {
  readonly parent?: Scope;
  readonly bindings: Map<string, Binding[]>;
  readonly functions: Map<string, Frame>;
}

interface Binding {
  /** The bound expression; undefined for loop variables, parameters and unpacking we do not follow. */
  readonly value?: PythonNode;
  /** Where the binding statement starts (bindings apply from there on). */
  readonly at: number;
  readonly frame: Frame;
  readonly kind: 'assign' | 'with' | 'other';
}

interface Mutation {
  readonly name: string;
  /** `x.append(v)`: v; `x.extend(l)` / `x += l`: the list. */
  readonly value: PythonNode;
  readonly spread: boolean;
  readonly at: number;
  readonly frame: Frame;
}

type Frame =
  | { readonly kind: 'module'; readonly scope: Scope; readonly parent?: undefined }
  | { readonly kind: 'class'; readonly scope: Scope; readonly parent: Frame }
  | { readonly kind: 'with'; readonly scope: Scope; readonly parent: Frame; readonly items: readonly PythonNode[] }
  | FunctionFrame;

interface FunctionFrame {
  readonly kind: 'function';
  readonly scope: Scope;
  readonly parent: Frame;
  readonly name: string;
  readonly nameNode: PythonNode;
  /** The decorated definition (or the bare definition). */
  readonly node: PythonNode;
  /** Decorator expressions, outermost first. */
  readonly decorators: readonly PythonNode[];
}

interface CallSite {
  readonly node: PythonNode;
  readonly frame: Frame;
}

/** What a callee refers to: the imported class/function and its module, when the import is in the file. */
interface Callee {
  /** The last name (`DAG`, `Dataset`, `partial`). */
  readonly name: string;
  readonly module?: string;
  /** The callee as written, without whitespace. */
  readonly written: string;
}

interface Placement {
  readonly dag?: number;
  /** Group ids prefixed to task ids, outermost first. */
  readonly groups: readonly PyString[];
  /** Every enclosing task group (prefixed or not), by group key. */
  readonly keys: readonly string[];
}

const NOWHERE: Placement = { groups: [], keys: [] };

/** A dependency end: one task, or a task group (by key: `call:<offset>` for TaskGroup(...), `fn:<offset>` for @task_group). */
type Ref = { readonly task: number } | { readonly group: string };

interface Value {
  readonly refs: readonly Ref[];
  readonly node: PythonNode;
}

const DAG_MODULE = /^airflow(\.|$)/;
const ASSET_CLASSES = new Set(['Dataset', 'Asset', 'Model', 'AssetAlias', 'DatasetAlias']);
const ASSET_EXPRESSIONS = new Set(['AssetAny', 'AssetAll', 'DatasetAny', 'DatasetAll']);
const ENTITY_CLASSES = new Set(['Table', 'File', 'Column', 'User', 'Tag']);
const ENTITY_MODULES = new Set(['airflow.lineage.entities', 'airflow.lineage.datasets', 'airflow.providers.common.compat.lineage.entities']);
const OL_DATASET_CLASSES = new Set(['Dataset', 'InputDataset', 'OutputDataset']);
const CHAIN_FUNCTIONS = new Set(['chain', 'chain_linear', 'cross_downstream']);
const MAPPING_METHODS = new Set(['expand', 'expand_kwargs', 'partial']);
const MUTATION_CALL = /^[A-Za-z_]\w*\s*\.\s*(?:append|extend)\s*\(/;
const DOTTED = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;
const SET_RELATIVE = /\.\s*set_(?:up|down)stream$/;

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

class DagReader {
  private readonly imports: ImportBinding[] = [];
  private readonly importsByLocal = new Map<string, ImportBinding>();
  private readonly calls: CallSite[] = [];
  private readonly depRoots: CallSite[] = [];
  private readonly mutations: Mutation[] = [];
  private readonly decoratorCalls = new Set<number>();
  private readonly functions: FunctionFrame[] = [];
  private readonly withValues = new Set<number>();
  private module!: Frame;

  // Pass 2 results.
  private readonly dags: { def: DagDef; callId?: number; fn?: FunctionFrame }[] = [];
  /** By call node id (calls can share a start: `Op(...).set_downstream(x)`). */
  private readonly dagByCall = new Map<number, number>();
  private readonly dagByFunction = new Map<FunctionFrame, number>();
  private readonly taskByCall = new Map<number, number>();
  private readonly taskByFunction = new Map<FunctionFrame, number>();
  private readonly callSites = new Map<FunctionFrame, CallSite[]>();
  private readonly placements = new Map<Frame, Placement | null>();
  private readonly groupTasks = new Map<string, number[]>();
  private readonly decoratorKinds = new Map<FunctionFrame, ReturnType<DagReader['computeDecoratorKind']>>();
  private readonly evaluated = new Set<number>();
  private readonly rawDeps: { up: readonly Ref[]; down: readonly Ref[]; range: OffsetRange }[] = [];

  constructor(private readonly text: string) {}

  read(root: PythonNode, originalText: string): DagFile {
    this.walk(root);
    for (const node of this.importNodes) this.readImport(node);
    const isAirflow = this.imports.some((i) => DAG_MODULE.test(i.module)) || IMPORTS_AIRFLOW.test(originalText);

    this.collectDags();
    const tasks = this.collectTasks();
    const dependencies = this.collectDependencies(tasks.length);
    return { isAirflow, imports: this.imports, dags: this.dags.map((d) => d.def), tasks, dependencies };
  }

  // ---- pass 1 --------------------------------------------------------------------------------------------

  private readonly importNodes: PythonNode[] = [];

  /**
   * Collects, in document order, the nodes the model is made of, with the scope frame each one is in. One
   * tree-sitter query finds them natively (much cheaper than visiting every node from JavaScript); ERROR
   * subtrees are searched like the rest.
   */
  private walk(root: PythonNode): void {
    const moduleScope: Scope = { bindings: new Map(), functions: new Map() };
    this.module = { kind: 'module', scope: moduleScope };
    const stack: { frame: Frame; end: number }[] = [{ frame: this.module, end: Infinity }];
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
          this.importNodes.push(node);
          break;
        case 'decorated': {
          const def = node.childForFieldName('definition');
          const decorators: PythonNode[] = [];
          for (const d of node.namedChildren) {
            if (d?.type !== 'decorator') continue;
            const expr = d.namedChildren.find((c) => c?.type !== 'comment');
            if (!expr) continue;
            decorators.push(expr);
            if (expr.type === 'call') this.decoratorCalls.add(expr.startIndex);
          }
          if (def) pendingDecorators.set(def.startIndex, { node, decorators });
          break;
        }
        case 'function': {
          const nameNode = node.childForFieldName('name');
          const decorated = pendingDecorators.get(start);
          pendingDecorators.delete(start);
          if (!nameNode) break;
          const scope: Scope = { parent: frame.scope, bindings: new Map(), functions: new Map() };
          const fn: FunctionFrame = { kind: 'function', scope, parent: frame, name: this.slice(nameNode), nameNode, node: decorated?.node ?? node, decorators: decorated?.decorators ?? [] };
          frame.scope.functions.set(fn.name, fn);
          this.functions.push(fn);
          for (const p of parameterNames(node.childForFieldName('parameters'), this.text)) {
            scope.bindings.set(p, [{ at: start, frame: fn, kind: 'other' }]);
          }
          stack.push({ frame: fn, end: node.endIndex });
          break;
        }
        case 'class':
          stack.push({ frame: { kind: 'class', scope: { parent: frame.scope, bindings: new Map(), functions: new Map() }, parent: frame }, end: node.endIndex });
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
              if (id && expr) this.bind(frame, this.slice(id), { value: expr, at: start, frame, kind: 'with' });
            }
            if (expr) {
              items.push(expr);
              this.withValues.add(expr.startIndex);
            }
          }
          stack.push({ frame: { kind: 'with', scope: frame.scope, parent: frame, items }, end: node.endIndex });
          break;
        }
        case 'assignment':
          this.assignment(node, frame);
          break;
        case 'augmented': {
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          if (left?.type === 'identifier' && right && this.slice(node.childForFieldName('operator')) === '+=') {
            this.mutations.push({ name: this.slice(left), value: right, spread: true, at: start, frame });
          }
          break;
        }
        case 'for': {
          const left = node.childForFieldName('left');
          for (const name of targetNames(left, this.text)) this.bind(frame, name, { at: start, frame, kind: 'other' });
          break;
        }
        case 'call': {
          this.calls.push({ node, frame });
          // `x.append(...)` / `x.extend(...)`: a cheap text test first (most calls are not).
          if (!MUTATION_CALL.test(this.text.slice(start, start + 80))) break;
          const fn = node.childForFieldName('function');
          if (fn?.type === 'attribute') {
            const attr = this.slice(fn.childForFieldName('attribute'));
            const object = fn.childForFieldName('object');
            if ((attr === 'append' || attr === 'extend') && object?.type === 'identifier') {
              const arg = this.positional(node)[0];
              if (arg) this.mutations.push({ name: this.slice(object), value: arg, spread: attr === 'extend', at: start, frame });
            }
          }
          break;
        }
        case 'binary': {
          if (start < depEnd) break;
          const op = node.childForFieldName('operator')?.type;
          if (op === '>>' || op === '<<') {
            this.depRoots.push({ node, frame });
            depEnd = node.endIndex;
          }
          break;
        }
      }
    }
  }

  private bind(frame: Frame, name: string, binding: Binding): void {
    const list = frame.scope.bindings.get(name);
    if (list) list.push(binding);
    else frame.scope.bindings.set(name, [binding]);
  }

  private assignment(node: PythonNode, frame: Frame): void {
    const left = node.childForFieldName('left');
    let right = node.childForFieldName('right');
    while (right?.type === 'assignment') right = right.childForFieldName('right');
    if (!left) return;
    if (left.type === 'identifier') {
      this.bind(frame, this.slice(left), { ...(right ? { value: right } : {}), at: node.startIndex, frame, kind: 'assign' });
      return;
    }
    // `a, b = x, y`: pairwise when both sides are written out; otherwise the names are bound to unknowns.
    const targets = left.type === 'pattern_list' || left.type === 'tuple_pattern' ? left.namedChildren.filter((c) => c?.type !== 'comment') : [];
    const values = right && (right.type === 'expression_list' || right.type === 'tuple') ? right.namedChildren.filter((c) => c?.type !== 'comment') : [];
    if (targets.length && targets.length === values.length) {
      targets.forEach((t, i) => {
        if (t?.type === 'identifier') this.bind(frame, this.slice(t), { value: values[i]!, at: node.startIndex, frame, kind: 'assign' });
      });
      return;
    }
    for (const name of targetNames(left, this.text)) this.bind(frame, name, { at: node.startIndex, frame, kind: 'other' });
  }

  private readImport(node: PythonNode): void {
    const range = (n: PythonNode): OffsetRange => ({ start: n.startIndex, end: n.endIndex });
    const dotted = (n: PythonNode) => this.slice(n).replace(/\s+/g, '');
    if (node.type === 'import_from_statement') {
      const mod = node.childForFieldName('module_name');
      if (!mod) return;
      const module = dotted(mod);
      for (const n of node.childrenForFieldName('name')) {
        if (!n) continue;
        if (n.type === 'dotted_name') this.addImport({ local: dotted(n), imported: dotted(n), module, range: range(n) });
        else if (n.type === 'aliased_import') {
          const name = n.childForFieldName('name');
          const alias = n.childForFieldName('alias');
          if (name && alias) this.addImport({ local: this.slice(alias), imported: dotted(name), module, range: range(n) });
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
      this.addImport({ local: alias ? this.slice(alias) : module, imported: module, module, range: range(n) });
    }
  }

  private addImport(binding: ImportBinding): void {
    this.imports.push(binding);
    this.importsByLocal.set(binding.local, binding);
  }

  // ---- names ---------------------------------------------------------------------------------------------

  /** The binding of `name` visible at `at` from `frame`: the latest one before `at`, else the last one. */
  private lookup(name: string, frame: Frame, at: number): Binding | undefined {
    for (let scope: Scope | undefined = frame.scope; scope; scope = scope.parent) {
      const list = scope.bindings.get(name);
      if (!list?.length) continue;
      let found: Binding | undefined;
      for (const b of list) if (b.at < at) found = b;
      return found ?? list[list.length - 1];
    }
    return undefined;
  }

  private lookupFunction(name: string, frame: Frame): FunctionFrame | undefined {
    for (let scope: Scope | undefined = frame.scope; scope; scope = scope.parent) {
      const fn = scope.functions.get(name);
      if (fn?.kind === 'function') return fn;
      if (scope.bindings.has(name)) return undefined;
    }
    return undefined;
  }

  /** The single binding of a name, only when it is bound exactly once (constants). */
  private constant(name: string, frame: Frame): Binding | undefined {
    for (let scope: Scope | undefined = frame.scope; scope; scope = scope.parent) {
      const list = scope.bindings.get(name);
      if (!list?.length) continue;
      return list.length === 1 && list[0]!.kind === 'assign' ? list[0] : undefined;
    }
    return undefined;
  }

  private readonly calleeCache = new Map<number, Callee | undefined>();

  private callee(fn: PythonNode | null): Callee | undefined {
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
    for (let i = parts.length - 1; i >= 1; i--) {
      const imp = this.importsByLocal.get(parts.slice(0, i).join('.'));
      if (!imp) continue;
      // `from m import x` binds `x` to `m.x` (a module or a class); `import a.b [as c]` binds the module itself.
      const base = imp.imported === imp.module ? imp.module : `${imp.module}.${imp.imported}`;
      const middle = parts.slice(i, -1);
      return { name, module: [base, ...middle].join('.'), written };
    }
    if (parts.length === 1) {
      const imp = this.importsByLocal.get(name);
      if (imp) return { name: imp.imported.split('.').pop()!, module: imp.module, written };
    }
    return { name, written };
  }

  // ---- DAGs ----------------------------------------------------------------------------------------------

  private isDagClass(c: Callee | undefined): boolean {
    return !!c && c.name === 'DAG' && (c.module === undefined || DAG_MODULE.test(c.module));
  }

  /** `@dag`, `@task`, `@task.bash`, `@task_group`... by the decorator's (imported) name. */
  private decoratorKind(fn: FunctionFrame): ReturnType<DagReader['computeDecoratorKind']> {
    if (!this.decoratorKinds.has(fn)) this.decoratorKinds.set(fn, this.computeDecoratorKind(fn));
    return this.decoratorKinds.get(fn);
  }

  private computeDecoratorKind(fn: FunctionFrame): { kind: 'dag' | 'task' | 'task_group'; written: string; call?: PythonNode } | undefined {
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

  private collectDags(): void {
    const found: { def: DagDef; callId?: number; fn?: FunctionFrame }[] = [];
    for (const site of this.calls) {
      if (this.decoratorCalls.has(site.node.startIndex)) continue;
      const c = this.callee(this.functionOf(site.node));
      if (!this.isDagClass(c)) continue;
      const dagId = this.idArg(site.node, 'dag_id', site.frame);
      found.push({
        def: {
          ...(dagId ? { dagId } : {}),
          form: this.withValues.has(site.node.startIndex) ? 'with' : 'call',
          range: range(site.node),
          ...this.dagXlets(site.node, site.frame),
        },
        callId: site.node.id,
      });
    }
    for (const fn of this.functions) {
      const kind = this.decoratorKind(fn);
      if (kind?.kind !== 'dag') continue;
      const call = kind.call;
      const dagId = (call && this.idArg(call, 'dag_id', fn.parent)) ?? this.nameString(fn.nameNode);
      found.push({
        def: { dagId, form: 'decorator', range: range(fn.node), ...(call ? this.dagXlets(call, fn.parent) : { schedule: [], defaultInlets: [], defaultOutlets: [] }) },
        fn,
      });
    }
    found.sort((a, b) => a.def.range.start - b.def.range.start);
    found.forEach((d, i) => {
      this.dags.push(d);
      if (d.callId !== undefined) this.dagByCall.set(d.callId, i);
      if (d.fn) this.dagByFunction.set(d.fn, i);
    });
  }

  private dagXlets(call: PythonNode, frame: Frame): Pick<DagDef, 'schedule' | 'defaultInlets' | 'defaultOutlets'> {
    const kw = this.kw(call);
    const schedule: Xlet[] = [];
    const scheduleNode = kw.get('schedule');
    if (scheduleNode) this.scheduleXlets(scheduleNode, frame, schedule, 0);
    const timetable = kw.get('timetable');
    if (timetable) this.scheduleXlets(timetable, frame, schedule, 0);
    const defaults = kw.get('default_args');
    const defaultInlets: Xlet[] = [];
    const defaultOutlets: Xlet[] = [];
    if (defaults) {
      const entries = this.dictEntriesOf(defaults, frame, 0);
      const inlets = entries.get('inlets');
      const outlets = entries.get('outlets');
      if (inlets) this.xlets(inlets.node, inlets.frame, 'default_args.inlets', defaultInlets, undefined, 0);
      if (outlets) this.xlets(outlets.node, outlets.frame, 'default_args.outlets', defaultOutlets, undefined, 0);
    }
    return { schedule, defaultInlets, defaultOutlets };
  }

  /** The string-keyed entries of a dict literal, `dict(k=v)` call, or a name bound to one (`**spread` followed). */
  private dictEntriesOf(node: PythonNode, frame: Frame, depth: number): Map<string, { node: PythonNode; frame: Frame }> {
    const out = new Map<string, { node: PythonNode; frame: Frame }>();
    if (depth > MAX_DEPTH) return out;
    if (node.type === 'identifier') {
      const b = this.lookup(this.slice(node), frame, node.startIndex);
      if (b?.value) return this.dictEntriesOf(b.value, b.frame, depth + 1);
      return out;
    }
    if (node.type === 'parenthesized_expression') {
      const inner = node.namedChildren.find((c) => c?.type !== 'comment');
      return inner ? this.dictEntriesOf(inner, frame, depth + 1) : out;
    }
    if (node.type === 'dictionary') {
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'dictionary_splat') {
          const inner = child.namedChildren.find((c) => c?.type !== 'comment');
          if (inner) for (const [k, v] of this.dictEntriesOf(inner, frame, depth + 1)) out.set(k, v);
        } else if (child.type === 'pair') {
          const key = child.childForFieldName('key');
          const value = child.childForFieldName('value');
          const s = key ? this.readString(key) : undefined;
          if (s && value) out.set(s.value, { node: value, frame });
        }
      }
      return out;
    }
    if (node.type === 'call' && this.callee(this.functionOf(node))?.written === 'dict') {
      for (const [k, v] of this.kw(node)) out.set(k, { node: v, frame });
    }
    return out;
  }

  /** Assets of `schedule=`: lists, `a | b` / `a & b`, AssetAny/AssetAll, `*OrTimeSchedule(assets=...)`. */
  private scheduleXlets(node: PythonNode, frame: Frame, out: Xlet[], depth: number): void {
    if (depth > MAX_DEPTH) return;
    switch (node.type) {
      case 'list':
      case 'tuple':
      case 'set':
        this.xlets(node, frame, 'schedule', out, undefined, depth + 1);
        return;
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c?.type !== 'comment');
        if (inner) this.scheduleXlets(inner, frame, out, depth + 1);
        return;
      }
      case 'binary_operator': {
        const op = node.childForFieldName('operator')?.type;
        if (op === '|' || op === '&') this.xlets(node, frame, 'schedule', out, undefined, depth + 1);
        return;
      }
      case 'identifier': {
        const b = this.lookup(this.slice(node), frame, node.startIndex);
        if (!b?.value) return;
        const t = b.value.type;
        if (t === 'list' || t === 'tuple' || t === 'binary_operator' || t === 'parenthesized_expression' || (t === 'call' && this.assetish(b.value))) {
          this.xlets(node, frame, 'schedule', out, undefined, depth + 1);
        } else if (t === 'call') {
          this.scheduleXlets(b.value, b.frame, out, depth + 1);
        }
        return;
      }
      case 'call': {
        if (this.assetish(node)) {
          this.xlets(node, frame, 'schedule', out, undefined, depth + 1);
          return;
        }
        const c = this.callee(this.functionOf(node));
        if (c && /OrTimeSchedule$/.test(c.name)) {
          const kw = this.kw(node);
          const assets = kw.get('assets') ?? kw.get('datasets');
          if (assets) this.scheduleXlets(assets, frame, out, depth + 1);
        }
        return;
      }
    }
  }

  private assetish(call: PythonNode): boolean {
    const k = this.xletClassOf(call);
    return !!k && (k.kind === 'asset' || k.kind === 'asset-expression');
  }

  // ---- tasks ---------------------------------------------------------------------------------------------

  private collectTasks(): TaskDef[] {
    type Draft = { range: OffsetRange; build: () => TaskDef; frame: Frame; callId?: number; fn?: FunctionFrame; placement: () => Placement; explicitDag?: number };
    const drafts: Draft[] = [];
    // Call sites of functions (for @task functions, task groups and task factories: they are placed where called).
    for (const site of this.calls) {
      const fn = this.taskFunctionOf(site.node, site.frame);
      if (!fn) continue;
      const list = this.callSites.get(fn);
      if (list) list.push(site);
      else this.callSites.set(fn, [site]);
    }
    for (const site of this.calls) {
      const { node, frame } = site;
      if (this.decoratorCalls.has(node.startIndex) || this.insideTaskBody(frame)) continue;
      const fnNode = this.functionOf(node);
      const c = this.callee(fnNode);
      if (!c || !this.isOperatorCall(c, node)) continue;
      const operator = c.name === 'partial' && fnNode?.type === 'attribute' ? (dottedName(fnNode.childForFieldName('object')!, this.text) ?? c.written) : c.written;
      const kw = this.kw(node);
      const dagNode = kw.get('dag');
      const explicitDag = dagNode ? this.dagOf(dagNode, frame, 0) : undefined;
      drafts.push({
        range: range(node),
        frame,
        callId: node.id,
        ...(explicitDag !== undefined ? { explicitDag } : {}),
        placement: () => this.placement(frame) ?? NOWHERE,
        build: () => {
          const taskId = this.idArg(node, 'task_id', frame, false);
          return this.task(taskId, operator, range(node), node, frame);
        },
      });
    }
    for (const fn of this.functions) {
      const kind = this.decoratorKind(fn);
      if (kind?.kind !== 'task' || this.insideTaskBody(fn.parent)) continue;
      drafts.push({
        range: range(fn.node),
        frame: fn.parent,
        fn,
        placement: () => this.callPlacement(fn) ?? this.placement(fn.parent) ?? NOWHERE,
        build: () => {
          const taskId = (kind.call && this.idArg(kind.call, 'task_id', fn.parent, false)) ?? this.nameString(fn.nameNode);
          return this.task(taskId, kind.written, range(fn.node), kind.call, fn.parent);
        },
      });
    }
    drafts.sort((a, b) => a.range.start - b.range.start);
    const tasks: TaskDef[] = [];
    drafts.forEach((d, i) => {
      if (d.callId !== undefined) this.taskByCall.set(d.callId, i);
      if (d.fn) this.taskByFunction.set(d.fn, i);
    });
    // Variables: `extract = BashOperator(...)`, `e = extract()`.
    const variables = this.taskVariables();
    drafts.forEach((d, i) => {
      const base = d.build();
      const placement = d.placement();
      const dag = d.explicitDag ?? placement.dag;
      const group = joinGroups(placement.groups);
      const variable = variables.get(i);
      tasks.push({
        ...base,
        ...(variable !== undefined ? { variable } : {}),
        ...(dag !== undefined ? { dag } : {}),
        ...(group ? { taskGroup: group } : {}),
      });
      for (const key of placement.keys) {
        const list = this.groupTasks.get(key);
        if (list) list.push(i);
        else this.groupTasks.set(key, [i]);
      }
    });
    return tasks;
  }

  private task(taskId: PyString | undefined, operator: string, r: OffsetRange, call: PythonNode | undefined, frame: Frame): Omit<TaskDef, 'dag' | 'variable'> {
    const inlets: Xlet[] = [];
    const outlets: Xlet[] = [];
    let inletsRange: OffsetRange | undefined;
    let outletsRange: OffsetRange | undefined;
    for (const arg of call ? this.argInfo(call).keywordNodes : []) {
      const name = this.slice(arg.childForFieldName('name'));
      const value = arg.childForFieldName('value');
      if (!value) continue;
      if (name === 'inlets') {
        inletsRange = range(arg);
        this.xlets(value, frame, 'inlets', inlets, undefined, 0);
      } else if (name === 'outlets') {
        outletsRange = range(arg);
        this.xlets(value, frame, 'outlets', outlets, undefined, 0);
      }
    }
    return {
      ...(taskId ? { taskId } : {}),
      operator,
      range: r,
      inlets,
      outlets,
      ...(inletsRange ? { inletsRange } : {}),
      ...(outletsRange ? { outletsRange } : {}),
    };
  }

  private taskVariables(): Map<number, string> {
    const out = new Map<number, string>();
    const visit = (scope: Scope) => {
      for (const [name, list] of scope.bindings) {
        for (const b of list) {
          if (!b.value) continue;
          const t = this.taskOfExpression(b.value, b.frame);
          if (t !== undefined && !out.has(t)) out.set(t, name);
        }
      }
    };
    visit(this.module.scope);
    for (const fn of this.functions) visit(fn.scope);
    return out;
  }

  /** The task an expression creates: an operator call (possibly `.partial(...).expand(...)`) or a @task call. */
  private taskOfExpression(node: PythonNode, frame: Frame): number | undefined {
    for (let n: PythonNode | null = node, i = 0; n && i < MAX_DEPTH; i++) {
      if (n.type !== 'call') return undefined;
      const direct = this.taskByCall.get(n.id);
      if (direct !== undefined) return direct;
      const fn = this.taskFunctionOf(n, frame);
      if (fn) return this.taskByFunction.get(fn);
      const f = this.functionOf(n);
      if (f?.type === 'attribute' && MAPPING_METHODS.has(this.slice(f.childForFieldName('attribute')))) n = f.childForFieldName('object');
      else if (f?.type === 'call') n = f;
      else return undefined;
    }
    return undefined;
  }

  private isOperatorCall(c: Callee, call: PythonNode): boolean {
    if (c.name === 'DAG' || c.name === 'TaskGroup' || c.name === 'override' || c.written === 'dict') return false;
    if (/(Operator|Sensor)$/.test(c.name)) return true;
    return this.kw(call).has('task_id');
  }

  /** Calls inside a @task function's body run when the task runs; they create no tasks of the DAG. */
  private insideTaskBody(frame: Frame): boolean {
    for (let f: Frame | undefined = frame; f; f = f.parent) if (f.kind === 'function' && this.decoratorKind(f)?.kind === 'task') return true;
    return false;
  }

  /** The function a call invokes when it is a function of this file (`f()`, `f.expand()`, `f.override(...)()`). */
  private taskFunctionOf(call: PythonNode, frame: Frame): FunctionFrame | undefined {
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

  /** The DAG an expression refers to: `DAG(...)`, a name bound to one, or the target of `with DAG(...) as dag`. */
  private dagOf(node: PythonNode, frame: Frame, depth: number): number | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (node.type === 'call') return this.dagByCall.get(node.id);
    if (node.type === 'identifier') {
      const b = this.lookup(this.slice(node), frame, node.startIndex);
      if (b?.value) return this.dagOf(b.value, b.frame, depth + 1);
    }
    return undefined;
  }

  private withDag(frame: Frame & { kind: 'with' }): number | undefined {
    for (const item of frame.items) {
      const dag = this.dagOf(item, frame.parent, 0);
      if (dag !== undefined) return dag;
    }
    return undefined;
  }

  /** The `TaskGroup(...)` call an expression is or refers to. */
  private groupCallOf(node: PythonNode, frame: Frame, depth = 0): PythonNode | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (node.type === 'call') return this.callee(this.functionOf(node))?.name === 'TaskGroup' ? node : undefined;
    if (node.type === 'identifier') {
      const b = this.lookup(this.slice(node), frame, node.startIndex);
      if (b?.value) return this.groupCallOf(b.value, b.frame, depth + 1);
    }
    return undefined;
  }

  /** The group id a `TaskGroup(...)` call or `@task_group` function adds to its tasks' ids (none with `prefix_group_id=False`). */
  private groupId(call: PythonNode | undefined, frame: Frame, fallback?: PythonNode): PyString | undefined {
    if (call) {
      const prefix = this.kw(call).get('prefix_group_id');
      if (prefix && this.slice(prefix) === 'False') return undefined;
      const id = this.idArg(call, 'group_id', frame, this.callee(this.functionOf(call))?.name === 'TaskGroup');
      if (id) return id;
    }
    return fallback ? this.nameString(fallback) : undefined;
  }

  /** Where tasks created in `frame` end up: their DAG and task groups. */
  private placement(frame: Frame): Placement | undefined {
    // null marks a placement being computed (a function called from itself).
    if (this.placements.has(frame)) return this.placements.get(frame) ?? undefined;
    this.placements.set(frame, null);
    let result: Placement;
    switch (frame.kind) {
      case 'module':
      case 'class':
        result = NOWHERE;
        break;
      case 'with': {
        const dag = this.withDag(frame);
        if (dag !== undefined) {
          result = { dag, groups: [], keys: [] };
          break;
        }
        const outer = this.placement(frame.parent) ?? NOWHERE;
        const groups = [...outer.groups];
        const keys = [...outer.keys];
        for (const item of frame.items) {
          const call = this.groupCallOf(item, frame.parent);
          if (!call) continue;
          keys.push(`call:${call.startIndex}`);
          const id = this.groupId(call, frame.parent);
          if (id) groups.push(id);
        }
        result = { ...(outer.dag !== undefined ? { dag: outer.dag } : {}), groups, keys };
        break;
      }
      case 'function': {
        const dag = this.dagByFunction.get(frame);
        if (dag !== undefined) {
          result = { dag, groups: [], keys: [] };
          break;
        }
        const outer = this.callPlacement(frame) ?? this.placement(frame.parent) ?? NOWHERE;
        const kind = this.decoratorKind(frame);
        if (kind?.kind === 'task_group') {
          const id = this.groupId(kind.call, frame.parent, frame.nameNode);
          result = { ...(outer.dag !== undefined ? { dag: outer.dag } : {}), groups: id ? [...outer.groups, id] : outer.groups, keys: [...outer.keys, `fn:${frame.nameNode.startIndex}`] };
        } else {
          result = outer;
        }
        break;
      }
    }
    this.placements.set(frame, result);
    return result;
  }

  /** The placement of a function's first call site inside a DAG. */
  private callPlacement(fn: FunctionFrame): Placement | undefined {
    for (const site of this.callSites.get(fn) ?? []) {
      const p = this.placement(site.frame);
      if (p?.dag !== undefined) return p;
    }
    return undefined;
  }

  // ---- dependencies --------------------------------------------------------------------------------------

  private collectDependencies(taskCount: number): Dependency[] {
    for (const site of this.calls) {
      const fn = this.functionOf(site.node);
      if (fn?.type === 'attribute') {
        // `t.set_downstream(x)`, also on an expression (`Op(...).set_downstream(x)`).
        if (SET_RELATIVE.test(this.slice(fn))) this.depRoots.push(site);
        continue;
      }
      const c = this.callee(fn);
      if (c && CHAIN_FUNCTIONS.has(c.name) && (c.module === undefined || DAG_MODULE.test(c.module))) this.depRoots.push(site);
    }
    this.depRoots.sort((a, b) => a.node.startIndex - b.node.startIndex);
    for (const root of this.depRoots) {
      if (this.evaluated.has(root.node.id) || this.insideTaskBody(root.frame)) continue;
      this.evaluate(root.node, root.frame, 0);
    }

    // Task-to-task edges first; group ends are computed from them.
    const direct = new Map<number, Set<number>>();
    const direct_ = (u: number, d: number) => {
      const s = direct.get(u);
      if (s) s.add(d);
      else direct.set(u, new Set([d]));
    };
    for (const dep of this.rawDeps) {
      for (const u of dep.up) for (const d of dep.down) if ('task' in u && 'task' in d) direct_(u.task, d.task);
    }
    const ends = (ref: Ref, side: 'up' | 'down'): number[] => {
      if ('task' in ref) return [ref.task];
      const members = this.groupTasks.get(ref.group) ?? [];
      const inside = new Set(members);
      // Upstream side: the group's leaves (no downstream inside it); downstream side: its roots.
      return members.filter((t) =>
        side === 'up' ? ![...(direct.get(t) ?? [])].some((d) => inside.has(d)) : !members.some((u) => direct.get(u)?.has(t)),
      );
    };
    const seen = new Set<string>();
    const out: Dependency[] = [];
    for (const dep of this.rawDeps) {
      for (const u of dep.up.flatMap((r) => ends(r, 'up'))) {
        for (const d of dep.down.flatMap((r) => ends(r, 'down'))) {
          if (u === d || u >= taskCount || d >= taskCount) continue;
          const key = `${u}>${d}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ upstream: u, downstream: d, range: dep.range });
        }
      }
    }
    return out;
  }

  private evaluate(node: PythonNode, frame: Frame, depth: number): Value | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (node.type) {
      case 'identifier': {
        const b = this.lookup(this.slice(node), frame, node.startIndex);
        if (!b?.value) return undefined;
        if (b.kind === 'with') {
          const group = this.groupCallOf(b.value, b.frame);
          if (group) return { refs: [{ group: `call:${group.startIndex}` }], node };
        }
        const v = this.evaluate(b.value, b.frame, depth + 1);
        return v ? { refs: v.refs, node } : undefined;
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c?.type !== 'comment');
        const v = inner ? this.evaluate(inner, frame, depth + 1) : undefined;
        return v ? { refs: v.refs, node } : undefined;
      }
      case 'list':
      case 'tuple': {
        const refs: Ref[] = [];
        for (const el of node.namedChildren) {
          if (!el || el.type === 'comment') continue;
          const v = this.evaluate(el.type === 'list_splat' ? (el.namedChildren[0] ?? el) : el, frame, depth + 1);
          if (v) refs.push(...v.refs);
        }
        return { refs, node };
      }
      case 'attribute': {
        // `task.output` (an XComArg) stands for its task.
        if (this.slice(node.childForFieldName('attribute')) !== 'output') return undefined;
        const object = node.childForFieldName('object');
        const v = object ? this.evaluate(object, frame, depth + 1) : undefined;
        return v ? { refs: v.refs, node } : undefined;
      }
      case 'binary_operator': {
        const op = node.childForFieldName('operator')?.type;
        if (op !== '>>' && op !== '<<') return undefined;
        this.evaluated.add(node.id);
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const l = left ? this.evaluate(left, frame, depth + 1) : undefined;
        const r = right ? this.evaluate(right, frame, depth + 1) : undefined;
        if (l && r) {
          const span = { start: l.node.startIndex, end: r.node.endIndex };
          if (op === '>>') this.rawDeps.push({ up: l.refs, down: r.refs, range: span });
          else this.rawDeps.push({ up: r.refs, down: l.refs, range: span });
        }
        return r;
      }
      case 'call':
        return this.evaluateCall(node, frame, depth);
    }
    return undefined;
  }

  private evaluateCall(node: PythonNode, frame: Frame, depth: number): Value | undefined {
    const direct = this.taskByCall.get(node.id);
    if (direct !== undefined) return { refs: [{ task: direct }], node };
    const fnNode = this.functionOf(node);
    const fn = this.taskFunctionOf(node, frame);
    if (fn) {
      const t = this.taskByFunction.get(fn);
      if (t !== undefined) return { refs: [{ task: t }], node };
      if (this.decoratorKind(fn)?.kind === 'task_group') return { refs: [{ group: `fn:${fn.nameNode.startIndex}` }], node };
      return undefined;
    }
    if (this.evaluated.has(node.id)) return undefined;
    if (fnNode?.type === 'attribute') {
      const attr = this.slice(fnNode.childForFieldName('attribute'));
      const object = fnNode.childForFieldName('object');
      if (attr === 'set_upstream' || attr === 'set_downstream') {
        this.evaluated.add(node.id);
        const arg = this.positional(node)[0];
        const self = object ? this.evaluate(object, frame, depth + 1) : undefined;
        const other = arg ? this.evaluate(arg, frame, depth + 1) : undefined;
        if (self && other) {
          if (attr === 'set_downstream') this.rawDeps.push({ up: self.refs, down: other.refs, range: range(node) });
          else this.rawDeps.push({ up: other.refs, down: self.refs, range: range(node) });
        }
        return undefined;
      }
      // `.expand(...)`, `.partial(...)` keep the task.
      if (MAPPING_METHODS.has(attr)) {
        const v = object ? this.evaluate(object, frame, depth + 1) : undefined;
        return v ? { refs: v.refs, node } : undefined;
      }
    }
    const c = this.callee(fnNode);
    if (!c) return undefined;
    if (CHAIN_FUNCTIONS.has(c.name)) {
      this.evaluated.add(node.id);
      const args = this.positional(node).map((a) => (a.type === 'list_splat' ? (a.namedChildren[0] ?? a) : a));
      const values = args.map((a) => this.evaluate(a, frame, depth + 1));
      if (c.name === 'cross_downstream') {
        const [from, to] = values;
        if (from && to) this.rawDeps.push({ up: from.refs, down: to.refs, range: range(node) });
        return undefined;
      }
      for (let i = 0; i + 1 < values.length; i++) {
        const a = values[i];
        const b = values[i + 1];
        if (!a || !b) continue;
        const span = { start: args[i]!.startIndex, end: args[i + 1]!.endIndex };
        const pairwise = c.name === 'chain' && isListLike(a.node) && isListLike(b.node) && a.refs.length === b.refs.length;
        if (pairwise) a.refs.forEach((r, k) => this.rawDeps.push({ up: [r], down: [b.refs[k]!], range: span }));
        else this.rawDeps.push({ up: a.refs, down: b.refs, range: span });
      }
      return undefined;
    }
    // A TaskGroup(...) call is its group.
    if (c.name === 'TaskGroup') return { refs: [{ group: `call:${node.startIndex}` }], node };
    return undefined;
  }

  // ---- xlets ---------------------------------------------------------------------------------------------

  private readonly argsCache = new Map<number, PyArg[]>();
  private readonly xletClassCache = new Map<number, ReturnType<DagReader['xletClass']>>();

  private xletClassOf(call: PythonNode): ReturnType<DagReader['xletClass']> {
    if (this.xletClassCache.has(call.id)) return this.xletClassCache.get(call.id);
    const c = this.callee(this.functionOf(call));
    const k = c ? this.xletClass(c) : undefined;
    this.xletClassCache.set(call.id, k);
    return k;
  }

  private readonly functionCache = new Map<number, PythonNode | null>();

  /** A call's `function` child, read once per call. */
  private functionOf(call: PythonNode): PythonNode | null {
    let fn = this.functionCache.get(call.id);
    if (fn === undefined) this.functionCache.set(call.id, (fn = call.childForFieldName('function')));
    return fn;
  }

  private xletClass(c: Callee):
    | { kind: 'asset'; className: string; module?: string }
    | { kind: 'entity'; className: 'Table' | 'File' | 'Column' | 'User' | 'Tag'; module?: string }
    | { kind: 'ol-dataset'; module?: string }
    | { kind: 'om-entity'; module?: string }
    | { kind: 'asset-expression' }
    | undefined {
    const m = c.module;
    const withModule = m !== undefined ? { module: m } : {};
    if (m === undefined || DAG_MODULE.test(m)) {
      if (m !== undefined && ENTITY_MODULES.has(m) && ENTITY_CLASSES.has(c.name)) return { kind: 'entity', className: c.name as 'Table', ...withModule };
      if (ASSET_CLASSES.has(c.name)) return { kind: 'asset', className: c.name, ...withModule };
      if (ASSET_EXPRESSIONS.has(c.name)) return { kind: 'asset-expression' };
      if (m === undefined && ENTITY_CLASSES.has(c.name)) return { kind: 'entity', className: c.name as 'Table' };
      if (m === undefined && c.name === 'OMEntity') return { kind: 'om-entity' };
      return undefined;
    }
    if (/^openlineage\.client(\.|$)/.test(m) && OL_DATASET_CLASSES.has(c.name)) return { kind: 'ol-dataset', module: m };
    if (/^(metadata|airflow_provider_openmetadata)(\.|$)/.test(m) && c.name === 'OMEntity') return { kind: 'om-entity', module: m };
    return undefined;
  }

  /**
   * Resolves an inlets/outlets/schedule expression into xlets. `via` is the first name the expression was
   * reached through (its range is where the xlet appears in the call).
   */
  private xlets(node: PythonNode, frame: Frame, origin: XletOrigin, out: Xlet[], via: { range: OffsetRange; name: string } | undefined, depth: number): void {
    if (depth > MAX_DEPTH) return;
    const base = (definition: PythonNode) => ({
      origin,
      range: via?.range ?? range(definition),
      definitionRange: range(definition),
      ...(via ? { boundName: via.name } : {}),
    });
    switch (node.type) {
      case 'comment':
        return;
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        for (const el of node.namedChildren) {
          if (!el || el.type === 'comment') continue;
          this.xlets(el.type === 'list_splat' ? (el.namedChildren.find((c) => c?.type !== 'comment') ?? el) : el, frame, origin, out, via, depth + 1);
        }
        return;
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c?.type !== 'comment');
        if (inner) this.xlets(inner, frame, origin, out, via, depth + 1);
        return;
      }
      case 'binary_operator': {
        const op = node.childForFieldName('operator')?.type;
        if (op === '|' || op === '&') {
          for (const side of ['left', 'right']) {
            const n = node.childForFieldName(side);
            if (n) this.xlets(n, frame, origin, out, via, depth + 1);
          }
          return;
        }
        if (op === '+') {
          // `BASE_INLETS + [x]`
          for (const side of ['left', 'right']) {
            const n = node.childForFieldName(side);
            if (n) this.xlets(n, frame, origin, out, via, depth + 1);
          }
          return;
        }
        break;
      }
      case 'identifier': {
        const name = this.slice(node);
        const b = this.lookup(name, frame, node.startIndex);
        if (b?.value && name !== 'None') {
          const nextVia = { range: via?.range ?? range(node), name };
          this.xlets(b.value, b.frame, origin, out, nextVia, depth + 1);
          // Lists grown with `x.append(...)`, `x.extend(...)`, `x += [...]` in the same scope.
          if (b.value.type === 'list') {
            for (const m of this.mutations) {
              if (m.name === name && m.frame.scope === b.frame.scope && m.at > b.at) this.xlets(m.value, m.frame, origin, out, nextVia, depth + 1);
            }
          }
          return;
        }
        if (name === 'None') return;
        break;
      }
      case 'none':
        return;
      case 'call': {
        const k = this.xletClassOf(node);
        if (k?.kind === 'asset-expression') {
          for (const a of this.positional(node)) this.xlets(a, frame, origin, out, via, depth + 1);
          return;
        }
        if (k) {
          // The same object is often used by many tasks: its arguments are read once.
          let args = this.argsCache.get(node.id);
          if (!args) this.argsCache.set(node.id, (args = this.args(node, frame)));
          if (k.kind === 'asset') out.push({ ...base(node), kind: 'asset', className: k.className, ...(k.module ? { module: k.module } : {}), args });
          else if (k.kind === 'entity') out.push({ ...base(node), kind: 'entity', className: k.className, ...(k.module ? { module: k.module } : {}), args });
          else if (k.kind === 'ol-dataset') out.push({ ...base(node), kind: 'ol-dataset', ...(k.module ? { module: k.module } : {}), args });
          else out.push({ ...base(node), kind: 'om-entity', ...(k.module ? { module: k.module } : {}), args });
          return;
        }
        break;
      }
      case 'dictionary': {
        const entries = this.dictEntries(node, frame, depth);
        const keys = new Set(entries.map((e) => e.key.value));
        if (keys.has('entity') || keys.has('fqn')) out.push({ ...base(node), kind: 'om-dict', entries });
        else out.push({ ...base(node), kind: 'legacy-dict', entries });
        return;
      }
    }
    out.push({ ...base(node), kind: 'unknown', text: this.slice(node) });
  }

  private dictEntries(dict: PythonNode, frame: Frame, depth: number): PyDictEntry[] {
    const entries: PyDictEntry[] = [];
    for (const pair of dict.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const keyNode = pair.childForFieldName('key');
      const valueNode = pair.childForFieldName('value');
      const key = keyNode ? this.readString(keyNode) : undefined;
      if (!key || !valueNode) continue;
      let listNode: PythonNode | undefined;
      let valueFrame = frame;
      if (valueNode.type === 'list' || valueNode.type === 'tuple') listNode = valueNode;
      else if (valueNode.type === 'identifier') {
        const b = this.lookup(this.slice(valueNode), frame, valueNode.startIndex);
        if (b?.value && (b.value.type === 'list' || b.value.type === 'tuple') && depth < MAX_DEPTH) {
          listNode = b.value;
          valueFrame = b.frame;
        }
      }
      const base = { key, range: range(pair), valueRange: range(valueNode) };
      if (listNode) {
        const items = listNode.namedChildren.filter((c): c is PythonNode => !!c && c.type !== 'comment').map((c) => this.pyString(c, valueFrame));
        entries.push({ ...base, items });
      } else {
        entries.push({ ...base, value: this.pyString(valueNode, frame) });
      }
    }
    return entries;
  }

  // ---- arguments and strings -----------------------------------------------------------------------------

  private args(call: PythonNode, frame: Frame): PyArg[] {
    const list = call.childForFieldName('arguments');
    const out: PyArg[] = [];
    let position = 0;
    for (const child of list?.namedChildren ?? []) {
      if (!child || child.type === 'comment' || child.type === 'list_splat' || child.type === 'dictionary_splat') continue;
      if (child.type === 'keyword_argument') {
        const name = child.childForFieldName('name');
        const value = child.childForFieldName('value');
        if (!name || !value) continue;
        const s = this.stringValue(value, frame);
        out.push({ name: this.slice(name), nameRange: range(name), ...(s ? { string: s } : {}), valueRange: range(value), valueText: this.slice(value) });
      } else {
        const s = this.stringValue(child, frame);
        out.push({ name: `#${position++}`, nameRange: range(child), ...(s ? { string: s } : {}), valueRange: range(child), valueText: this.slice(child) });
      }
    }
    return out;
  }

  /** An id argument (`dag_id`, `task_id`, `group_id`): the keyword, or the first positional argument. */
  private idArg(call: PythonNode, keyword: string, frame: Frame, positional = true): PyString | undefined {
    const kw = this.kw(call).get(keyword);
    if (kw) return this.pyString(kw, frame);
    if (!positional) return undefined;
    const first = this.positional(call)[0];
    return first && first.type !== 'list_splat' && first.type !== 'dictionary_splat' ? this.pyString(first, frame) : undefined;
  }

  private nameString(node: PythonNode): PyString {
    return { value: this.slice(node), range: range(node), kind: 'literal', exact: true };
  }

  /** A string argument: a literal, an f-string, or a name bound once to a string literal; undefined otherwise. */
  private stringValue(node: PythonNode, frame: Frame): PyString | undefined {
    if (node.type === 'string' || node.type === 'concatenated_string') return this.pyString(node, frame);
    if (node.type === 'identifier') {
      const b = this.constant(this.slice(node), frame);
      if (b?.value && (b.value.type === 'string' || b.value.type === 'concatenated_string')) return this.pyString(b.value, b.frame);
    }
    return undefined;
  }

  /** Any expression as a PyString: strings decoded, names bound once to a string resolved, the rest as source text. */
  private pyString(node: PythonNode, frame: Frame): PyString {
    if (node.type === 'string' || node.type === 'concatenated_string') {
      const s = this.readString(node);
      if (s) return s;
    } else if (node.type === 'identifier') {
      const resolved = this.stringValue(node, frame);
      if (resolved) return resolved;
    }
    return { value: this.slice(node), range: range(node), kind: 'expression', exact: true };
  }

  /** A string literal or implicit concatenation, decoded; f-strings with fields are expressions. */
  private readString(node: PythonNode): PyString | undefined {
    if (node.type === 'concatenated_string') {
      const parts = node.namedChildren.filter((c) => c?.type !== 'comment').map((c) => (c ? this.readString(c) : undefined));
      if (!parts.length || parts.some((p) => !p)) return undefined;
      const ok = parts as PyString[];
      const r = { start: ok[0]!.range.start, end: ok[ok.length - 1]!.range.end };
      if (ok.some((p) => p.kind === 'expression')) return { value: this.text.slice(r.start, r.end), range: r, kind: 'expression', exact: true };
      const value = ok.map((p) => p.value).join('');
      return { value, range: r, kind: isTemplated(value) ? 'template' : 'literal', exact: false };
    }
    if (node.type !== 'string' || node.hasError) return undefined;
    const start = node.firstChild;
    const end = node.lastChild;
    if (!start || !end || start.type !== 'string_start' || end.type !== 'string_end' || end.isMissing) return undefined;
    const opening = this.slice(start);
    const prefix = trimEndChars(opening, `"'`).toLowerCase();
    const contentRange = { start: start.endIndex, end: end.startIndex };
    const raw = this.text.slice(contentRange.start, contentRange.end);
    const formatted = prefix.includes('f') || prefix.includes('t');
    if (formatted && node.children.some((c) => c?.type === 'interpolation')) return { value: raw, range: contentRange, kind: 'expression', exact: true };
    let value = prefix.includes('r') ? raw : decodeEscapes(raw, prefix.includes('b'));
    if (formatted) value = value.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    return { value, range: contentRange, kind: isTemplated(value) ? 'template' : 'literal', exact: value === raw };
  }

  private readonly argCache = new Map<number, { keywords: Map<string, PythonNode>; keywordNodes: PythonNode[]; positional: PythonNode[] }>();

  /** A call's arguments, read once per call node. */
  private argInfo(call: PythonNode): { keywords: Map<string, PythonNode>; keywordNodes: PythonNode[]; positional: PythonNode[] } {
    const hit = this.argCache.get(call.id);
    if (hit) return hit;
    const info = { keywords: new Map<string, PythonNode>(), keywordNodes: [] as PythonNode[], positional: [] as PythonNode[] };
    const list = call.childForFieldName('arguments');
    if (list?.type === 'argument_list') {
      for (const c of list.namedChildren) {
        if (!c || c.type === 'comment' || c.type === 'dictionary_splat') continue;
        if (c.type === 'keyword_argument') {
          info.keywordNodes.push(c);
          const name = c.childForFieldName('name');
          const value = c.childForFieldName('value');
          if (name && value) info.keywords.set(this.slice(name), value);
        } else info.positional.push(c);
      }
    }
    this.argCache.set(call.id, info);
    return info;
  }

  private kw(call: PythonNode): Map<string, PythonNode> {
    return this.argInfo(call).keywords;
  }

  private positional(call: PythonNode): PythonNode[] {
    return this.argInfo(call).positional;
  }

  private slice(node: PythonNode | null | undefined): string {
    return node ? this.text.slice(node.startIndex, node.endIndex) : '';
  }
}

// -----------------------------------------------------------------------------------------------------------
// Helpers

function range(node: { startIndex: number; endIndex: number }): OffsetRange {
  return { start: node.startIndex, end: node.endIndex };
}

function isListLike(node: PythonNode): boolean {
  return node.type === 'list' || node.type === 'tuple';
}

function joinGroups(groups: readonly PyString[]): PyString | undefined {
  if (!groups.length) return undefined;
  if (groups.length === 1) return groups[0];
  const last = groups[groups.length - 1]!;
  const kind = groups.some((g) => g.kind === 'expression') ? 'expression' : groups.some((g) => g.kind === 'template') ? 'template' : 'literal';
  return { value: groups.map((g) => g.value).join('.'), range: last.range, kind, exact: false };
}

/** `name` or `a.b.c` made of identifiers only, without whitespace; undefined for anything else. */
function dottedName(node: PythonNode, text: string): string | undefined {
  if (node.type === 'identifier') return text.slice(node.startIndex, node.endIndex);
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  if (!object || !attribute) return undefined;
  const head = dottedName(object, text);
  return head !== undefined ? `${head}.${text.slice(attribute.startIndex, attribute.endIndex)}` : undefined;
}

/** Names bound by an assignment target or loop variable (`a`, `a, b`, `(a, [b, c])`). */
function targetNames(node: PythonNode | null, text: string): string[] {
  if (!node) return [];
  if (node.type === 'identifier') return [text.slice(node.startIndex, node.endIndex)];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list'].includes(node.type)) {
    return node.namedChildren.flatMap((c) => targetNames(c, text));
  }
  return [];
}

function parameterNames(params: PythonNode | null, text: string): string[] {
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

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Decodes the escapes of a non-raw Python string body (unknown escapes stay as written, as in Python). */
function decodeEscapes(raw: string, bytes: boolean): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(\r\n|\n|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (match: string, esc: string) => {
    if (esc === '\n' || esc === '\r\n') return '';
    const first = esc.charAt(0);
    if (/[0-7]/.test(first)) return String.fromCharCode(parseInt(esc, 8));
    if (first === 'x' && esc.length === 3) return String.fromCharCode(parseInt(esc.slice(1), 16));
    if ((first === 'u' && esc.length === 5) || (first === 'U' && esc.length === 9)) {
      if (bytes) return match;
      const code = parseInt(esc.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return SIMPLE_ESCAPES[esc] ?? match;
  });
}
