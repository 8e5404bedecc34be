/**
 * Where the tasks created in a frame end up: their DAG (the enclosing `with DAG(...)` block or `@dag`
 * function) and their task groups (`with TaskGroup(...)` blocks, `@task_group` functions). Tasks created in a
 * function are placed where the function is called.
 */
import type { PythonNode } from '../../python/parser';
import type { PyString } from '../model';
import { MAX_DEPTH, type DagContext } from './context';
import type { DagDefs } from './dags';
import type { CallSite, Frame, FunctionFrame } from './outline';

/** A task's DAG and task groups. */
export interface Placement {
  readonly dag?: number;
  /** Group ids prefixed to task ids, outermost first. */
  readonly groups: readonly PyString[];
  /** Every enclosing task group (prefixed or not), by group key: `call:<offset>` or `fn:<offset>`. */
  readonly keys: readonly string[];
}

/** Outside any DAG or group. */
export const NOWHERE: Placement = { groups: [], keys: [] };

/** Placements of a file's frames, computed on demand and cached. */
export class Placements {
  /** Call sites of the file's own functions (@task functions, task groups, task factories). */
  private readonly callSites = new Map<FunctionFrame, CallSite[]>();
  /** null marks a placement being computed (a function called from itself). */
  private readonly placements = new Map<Frame, Placement | null>();

  constructor(
    private readonly cx: DagContext,
    private readonly dags: DagDefs,
  ) {
    for (const site of cx.outline.calls) {
      const fn = cx.taskFunctionOf(site.node, site.frame);
      if (!fn) continue;
      const list = this.callSites.get(fn);
      if (list) list.push(site);
      else this.callSites.set(fn, [site]);
    }
  }

  /** Where tasks created in `frame` end up: their DAG and task groups. */
  of(frame: Frame): Placement | undefined {
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
        const outer = this.of(frame.parent) ?? NOWHERE;
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
        const dag = this.dags.byFunction.get(frame);
        if (dag !== undefined) {
          result = { dag, groups: [], keys: [] };
          break;
        }
        const outer = this.ofCalls(frame) ?? this.of(frame.parent) ?? NOWHERE;
        const kind = this.cx.decoratorKind(frame);
        if (kind?.kind === 'task_group') {
          const id = this.groupId(kind.call, frame.parent, frame.nameNode);
          result = {
            ...(outer.dag !== undefined ? { dag: outer.dag } : {}),
            groups: id ? [...outer.groups, id] : outer.groups,
            keys: [...outer.keys, `fn:${frame.nameNode.startIndex}`],
          };
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
  ofCalls(fn: FunctionFrame): Placement | undefined {
    for (const site of this.callSites.get(fn) ?? []) {
      const p = this.of(site.frame);
      if (p?.dag !== undefined) return p;
    }
    return undefined;
  }

  /** The `TaskGroup(...)` call an expression is or refers to. */
  groupCallOf(node: PythonNode, frame: Frame, depth = 0): PythonNode | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const { cx } = this;
    if (node.type === 'call') return cx.callee(cx.functionOf(node))?.name === 'TaskGroup' ? node : undefined;
    if (node.type === 'identifier') {
      const b = cx.lookup(cx.slice(node), frame, node.startIndex);
      if (b?.value) return this.groupCallOf(b.value, b.frame, depth + 1);
    }
    return undefined;
  }

  private withDag(frame: Frame & { kind: 'with' }): number | undefined {
    for (const item of frame.items) {
      const dag = this.dags.dagOf(item, frame.parent, 0);
      if (dag !== undefined) return dag;
    }
    return undefined;
  }

  /** The group id a `TaskGroup(...)` call or `@task_group` function adds to its tasks' ids (none with `prefix_group_id=False`). */
  private groupId(call: PythonNode | undefined, frame: Frame, fallback?: PythonNode): PyString | undefined {
    const { cx } = this;
    if (call) {
      const prefix = cx.kw(call).get('prefix_group_id');
      if (prefix && cx.slice(prefix) === 'False') return undefined;
      const id = cx.idArg(call, 'group_id', frame, cx.callee(cx.functionOf(call))?.name === 'TaskGroup');
      if (id) return id;
    }
    return fallback ? cx.nameString(fallback) : undefined;
  }
}

/** Nested group ids joined into the prefix of a task id (`outer.inner`). */
export function joinGroups(groups: readonly PyString[]): PyString | undefined {
  if (!groups.length) return undefined;
  if (groups.length === 1) return groups[0];
  const last = groups[groups.length - 1]!;
  const kind = groups.some((g) => g.kind === 'expression')
    ? 'expression'
    : groups.some((g) => g.kind === 'template')
      ? 'template'
      : 'literal';
  return { value: groups.map((g) => g.value).join('.'), range: last.range, kind, exact: false };
}
