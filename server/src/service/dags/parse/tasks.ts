/**
 * The tasks of a DAG file: operator calls (`BashOperator(...)`, `.partial(...).expand(...)`, any call with a
 * `task_id=`) and `@task` functions, each with its id, operator, inlets/outlets, DAG, task group and the
 * variable it is bound to.
 */
import { dottedName } from '../../python/names';
import type { PythonNode } from '../../python/parser';
import type { OffsetRange } from '../../text/model';
import type { PyString, TaskDef, Xlet } from '../model';
import { MAPPING_METHODS, MAX_DEPTH, range, type Callee, type DagContext } from './context';
import type { DagDefs } from './dags';
import type { DagScope, Frame, FunctionFrame } from './outline';
import { joinGroups, NOWHERE, type Placement, type Placements } from './placement';
import type { XletReader } from './xlets';

/** The tasks of a file, in document order, and what refers to them. */
export class TaskDefs {
  readonly defs: TaskDef[] = [];
  /** By call node id (calls can share a start: `Op(...).set_downstream(x)`). */
  readonly byCall = new Map<number, number>();
  readonly byFunction = new Map<FunctionFrame, number>();
  /** The tasks in each task group, by group key (see {@link Placement.keys}). */
  readonly groupTasks = new Map<string, number[]>();

  constructor(
    private readonly cx: DagContext,
    private readonly xlets: XletReader,
    dags: DagDefs,
    placements: Placements,
  ) {
    this.collect(dags, placements);
  }

  private collect(dags: DagDefs, placements: Placements): void {
    const { cx } = this;
    type Draft = {
      range: OffsetRange;
      build: () => Omit<TaskDef, 'dag' | 'variable'>;
      callId?: number;
      fn?: FunctionFrame;
      placement: () => Placement;
      explicitDag?: number;
    };
    const drafts: Draft[] = [];
    for (const site of cx.outline.calls) {
      const { node, frame } = site;
      if (cx.outline.decoratorCalls.has(node.startIndex) || cx.insideTaskBody(frame)) continue;
      const fnNode = cx.functionOf(node);
      const c = cx.callee(fnNode);
      if (!c || !this.isOperatorCall(c, node)) continue;
      const operator =
        c.name === 'partial' && fnNode?.type === 'attribute'
          ? (dottedName(fnNode.childForFieldName('object')!, cx.text) ?? c.written)
          : c.written;
      const dagNode = cx.kw(node).get('dag');
      const explicitDag = dagNode ? dags.dagOf(dagNode, frame, 0) : undefined;
      drafts.push({
        range: range(node),
        callId: node.id,
        ...(explicitDag !== undefined ? { explicitDag } : {}),
        placement: () => placements.of(frame) ?? NOWHERE,
        build: () => {
          const taskId = cx.idArg(node, 'task_id', frame, false);
          return this.task(taskId, operator, range(node), node, frame);
        },
      });
    }
    for (const fn of cx.outline.functions) {
      const kind = cx.decoratorKind(fn);
      if (kind?.kind !== 'task' || cx.insideTaskBody(fn.parent)) continue;
      drafts.push({
        range: range(fn.node),
        fn,
        placement: () => placements.ofCalls(fn) ?? placements.of(fn.parent) ?? NOWHERE,
        build: () => {
          const taskId = (kind.call && cx.idArg(kind.call, 'task_id', fn.parent, false)) ?? cx.nameString(fn.nameNode);
          return this.task(taskId, kind.written, range(fn.node), kind.call, fn.parent);
        },
      });
    }
    drafts.sort((a, b) => a.range.start - b.range.start);
    drafts.forEach((d, i) => {
      if (d.callId !== undefined) this.byCall.set(d.callId, i);
      if (d.fn) this.byFunction.set(d.fn, i);
    });
    // Variables: `extract = BashOperator(...)`, `e = extract()`.
    const variables = this.taskVariables();
    drafts.forEach((d, i) => {
      const base = d.build();
      const placement = d.placement();
      const dag = d.explicitDag ?? placement.dag;
      const group = joinGroups(placement.groups);
      const variable = variables.get(i);
      this.defs.push({
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
  }

  /** The task an expression creates: an operator call (possibly `.partial(...).expand(...)`) or a @task call. */
  taskOfExpression(node: PythonNode, frame: Frame): number | undefined {
    const { cx } = this;
    for (let n: PythonNode | null = node, i = 0; n && i < MAX_DEPTH; i++) {
      if (n.type !== 'call') return undefined;
      const direct = this.byCall.get(n.id);
      if (direct !== undefined) return direct;
      const fn = cx.taskFunctionOf(n, frame);
      if (fn) return this.byFunction.get(fn);
      const f = cx.functionOf(n);
      if (f?.type === 'attribute' && MAPPING_METHODS.has(cx.slice(f.childForFieldName('attribute')))) n = f.childForFieldName('object');
      else if (f?.type === 'call') n = f;
      else return undefined;
    }
    return undefined;
  }

  private task(
    taskId: PyString | undefined,
    operator: string,
    r: OffsetRange,
    call: PythonNode | undefined,
    frame: Frame,
  ): Omit<TaskDef, 'dag' | 'variable'> {
    const inlets: Xlet[] = [];
    const outlets: Xlet[] = [];
    let inletsRange: OffsetRange | undefined;
    let outletsRange: OffsetRange | undefined;
    for (const arg of call ? this.cx.argInfo(call).keywordNodes : []) {
      const name = this.cx.slice(arg.childForFieldName('name'));
      const value = arg.childForFieldName('value');
      if (!value) continue;
      if (name === 'inlets') {
        inletsRange = range(arg);
        this.xlets.read(value, frame, 'inlets', inlets, undefined, 0);
      } else if (name === 'outlets') {
        outletsRange = range(arg);
        this.xlets.read(value, frame, 'outlets', outlets, undefined, 0);
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
      args: call ? this.cx.args(call, frame) : [],
    };
  }

  /** The first name each task is bound to, in the module and function scopes. */
  private taskVariables(): Map<number, string> {
    const out = new Map<number, string>();
    const visit = (scope: DagScope) => {
      for (const [name, list] of scope.bindings) {
        for (const b of list) {
          if (!b.value) continue;
          const t = this.taskOfExpression(b.value, b.frame);
          if (t !== undefined && !out.has(t)) out.set(t, name);
        }
      }
    };
    visit(this.cx.outline.module.scope);
    for (const fn of this.cx.outline.functions) visit(fn.scope);
    return out;
  }

  private isOperatorCall(c: Callee, call: PythonNode): boolean {
    if (c.name === 'DAG' || c.name === 'TaskGroup' || c.name === 'override' || c.written === 'dict') return false;
    if (/(Operator|Sensor)$/.test(c.name)) return true;
    return this.cx.kw(call).has('task_id');
  }
}
