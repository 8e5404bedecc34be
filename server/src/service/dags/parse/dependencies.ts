/**
 * The dependencies between the tasks of a DAG file: `>>` / `<<` expressions, `set_upstream` /
 * `set_downstream`, `chain`, `chain_linear` and `cross_downstream`, with task groups as ends (their leaves
 * upstream, their roots downstream) and names, lists and `.output` followed to the tasks they stand for.
 */
import type { PythonNode } from '../../python/parser';
import type { OffsetRange } from '../../text/model';
import type { Dependency } from '../model';
import { DAG_MODULE, MAPPING_METHODS, MAX_DEPTH, range, type DagContext } from './context';
import type { CallSite, Frame } from './outline';
import type { Placements } from './placement';
import type { TaskDefs } from './tasks';

const CHAIN_FUNCTIONS = new Set(['chain', 'chain_linear', 'cross_downstream']);
const SET_RELATIVE = /\.\s*set_(?:up|down)stream$/;

/** A dependency end: one task, or a task group (by key: `call:<offset>` for TaskGroup(...), `fn:<offset>` for @task_group). */
type Ref = { readonly task: number } | { readonly group: string };

/** What an expression stands for in a dependency: its tasks and groups. */
interface Value {
  readonly refs: readonly Ref[];
  readonly node: PythonNode;
}

/** The task-to-task dependencies of a file, deduplicated, in the order they are written. */
export function readDependencies(cx: DagContext, tasks: TaskDefs, placements: Placements): Dependency[] {
  return new DependencyReader(cx, tasks, placements).read();
}

class DependencyReader {
  /** Dependency expressions already read as part of an outer one. */
  private readonly evaluated = new Set<number>();
  private readonly rawDeps: { up: readonly Ref[]; down: readonly Ref[]; range: OffsetRange }[] = [];

  constructor(
    private readonly cx: DagContext,
    private readonly tasks: TaskDefs,
    private readonly placements: Placements,
  ) {}

  read(): Dependency[] {
    const { cx } = this;
    const taskCount = this.tasks.defs.length;
    const roots: CallSite[] = [...cx.outline.depRoots];
    for (const site of cx.outline.calls) {
      const fn = cx.functionOf(site.node);
      if (fn?.type === 'attribute') {
        // `t.set_downstream(x)`, also on an expression (`Op(...).set_downstream(x)`).
        if (SET_RELATIVE.test(cx.slice(fn))) roots.push(site);
        continue;
      }
      const c = cx.callee(fn);
      if (c && CHAIN_FUNCTIONS.has(c.name) && (c.module === undefined || DAG_MODULE.test(c.module))) roots.push(site);
    }
    roots.sort((a, b) => a.node.startIndex - b.node.startIndex);
    for (const root of roots) {
      if (this.evaluated.has(root.node.id) || cx.insideTaskBody(root.frame)) continue;
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
      const members = this.tasks.groupTasks.get(ref.group) ?? [];
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
    const { cx } = this;
    switch (node.type) {
      case 'identifier': {
        const b = cx.lookup(cx.slice(node), frame, node.startIndex);
        if (!b?.value) return undefined;
        if (b.kind === 'with') {
          const group = this.placements.groupCallOf(b.value, b.frame);
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
        if (cx.slice(node.childForFieldName('attribute')) !== 'output') return undefined;
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
    const { cx, tasks } = this;
    const direct = tasks.byCall.get(node.id);
    if (direct !== undefined) return { refs: [{ task: direct }], node };
    const fnNode = cx.functionOf(node);
    const fn = cx.taskFunctionOf(node, frame);
    if (fn) {
      const t = tasks.byFunction.get(fn);
      if (t !== undefined) return { refs: [{ task: t }], node };
      if (cx.decoratorKind(fn)?.kind === 'task_group') return { refs: [{ group: `fn:${fn.nameNode.startIndex}` }], node };
      return undefined;
    }
    if (this.evaluated.has(node.id)) return undefined;
    if (fnNode?.type === 'attribute') {
      const attr = cx.slice(fnNode.childForFieldName('attribute'));
      const object = fnNode.childForFieldName('object');
      if (attr === 'set_upstream' || attr === 'set_downstream') {
        this.evaluated.add(node.id);
        const arg = cx.positional(node)[0];
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
    const c = cx.callee(fnNode);
    if (!c) return undefined;
    if (CHAIN_FUNCTIONS.has(c.name)) {
      this.evaluated.add(node.id);
      const args = cx.positional(node).map((a) => (a.type === 'list_splat' ? (a.namedChildren[0] ?? a) : a));
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
}

function isListLike(node: PythonNode): boolean {
  return node.type === 'list' || node.type === 'tuple';
}
