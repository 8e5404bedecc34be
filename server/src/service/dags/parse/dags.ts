/**
 * The DAGs of a DAG file: `DAG(...)` calls, `with DAG(...) as dag:` blocks and `@dag` functions, with their
 * ids and the assets of `schedule=` (lists, `a | b` / `a & b`, AssetAny/AssetAll, `*OrTimeSchedule(assets=...)`)
 * and of `default_args` inlets/outlets.
 */
import type { PythonNode } from '../../python/parser';
import type { DagDef, Xlet } from '../model';
import { DAG_MODULE, MAX_DEPTH, range, type Callee, type DagContext } from './context';
import type { Frame, FunctionFrame } from './outline';
import type { XletReader } from './xlets';

/** The DAGs of a file, in document order, and which call or function defines each. */
export class DagDefs {
  readonly defs: DagDef[] = [];
  /** By call node id (calls can share a start: `DAG(...).x(...)`). */
  private readonly byCall = new Map<number, number>();
  readonly byFunction = new Map<FunctionFrame, number>();

  constructor(
    private readonly cx: DagContext,
    private readonly xlets: XletReader,
  ) {
    this.collect();
  }

  /** The DAG an expression refers to: `DAG(...)`, a name bound to one, or the target of `with DAG(...) as dag`. */
  dagOf(node: PythonNode, frame: Frame, depth: number): number | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (node.type === 'call') return this.byCall.get(node.id);
    if (node.type === 'identifier') {
      const b = this.cx.lookup(this.cx.slice(node), frame, node.startIndex);
      if (b?.value) return this.dagOf(b.value, b.frame, depth + 1);
    }
    return undefined;
  }

  private collect(): void {
    const { cx } = this;
    const found: { def: DagDef; callId?: number; fn?: FunctionFrame }[] = [];
    for (const site of cx.outline.calls) {
      if (cx.outline.decoratorCalls.has(site.node.startIndex)) continue;
      const c = cx.callee(cx.functionOf(site.node));
      if (!isDagClass(c)) continue;
      const dagId = cx.idArg(site.node, 'dag_id', site.frame);
      found.push({
        def: {
          ...(dagId ? { dagId } : {}),
          form: cx.outline.withValues.has(site.node.startIndex) ? 'with' : 'call',
          range: range(site.node),
          ...this.dagXlets(site.node, site.frame),
        },
        callId: site.node.id,
      });
    }
    for (const fn of cx.outline.functions) {
      const kind = cx.decoratorKind(fn);
      if (kind?.kind !== 'dag') continue;
      const call = kind.call;
      const dagId = (call && cx.idArg(call, 'dag_id', fn.parent)) ?? cx.nameString(fn.nameNode);
      found.push({
        def: {
          dagId,
          form: 'decorator',
          range: range(fn.node),
          ...(call ? this.dagXlets(call, fn.parent) : { schedule: [], defaultInlets: [], defaultOutlets: [], args: [] }),
        },
        fn,
      });
    }
    found.sort((a, b) => a.def.range.start - b.def.range.start);
    found.forEach((d, i) => {
      this.defs.push(d.def);
      if (d.callId !== undefined) this.byCall.set(d.callId, i);
      if (d.fn) this.byFunction.set(d.fn, i);
    });
  }

  private dagXlets(call: PythonNode, frame: Frame): Pick<DagDef, 'schedule' | 'defaultInlets' | 'defaultOutlets' | 'args'> {
    const { cx } = this;
    const kw = cx.kw(call);
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
      if (inlets) this.xlets.read(inlets.node, inlets.frame, 'default_args.inlets', defaultInlets, undefined, 0);
      if (outlets) this.xlets.read(outlets.node, outlets.frame, 'default_args.outlets', defaultOutlets, undefined, 0);
    }
    return { schedule, defaultInlets, defaultOutlets, args: cx.args(call, frame) };
  }

  /** The string-keyed entries of a dict literal, `dict(k=v)` call, or a name bound to one (`**spread` followed). */
  private dictEntriesOf(node: PythonNode, frame: Frame, depth: number): Map<string, { node: PythonNode; frame: Frame }> {
    const { cx } = this;
    const out = new Map<string, { node: PythonNode; frame: Frame }>();
    if (depth > MAX_DEPTH) return out;
    if (node.type === 'identifier') {
      const b = cx.lookup(cx.slice(node), frame, node.startIndex);
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
          const s = key ? cx.readString(key) : undefined;
          if (s && value) out.set(s.value, { node: value, frame });
        }
      }
      return out;
    }
    if (node.type === 'call' && cx.callee(cx.functionOf(node))?.written === 'dict') {
      for (const [k, v] of cx.kw(node)) out.set(k, { node: v, frame });
    }
    return out;
  }

  /** Assets of `schedule=`: lists, `a | b` / `a & b`, AssetAny/AssetAll, `*OrTimeSchedule(assets=...)`. */
  private scheduleXlets(node: PythonNode, frame: Frame, out: Xlet[], depth: number): void {
    if (depth > MAX_DEPTH) return;
    const { cx, xlets } = this;
    switch (node.type) {
      case 'list':
      case 'tuple':
      case 'set':
        xlets.read(node, frame, 'schedule', out, undefined, depth + 1);
        return;
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c?.type !== 'comment');
        if (inner) this.scheduleXlets(inner, frame, out, depth + 1);
        return;
      }
      case 'binary_operator': {
        const op = node.childForFieldName('operator')?.type;
        if (op === '|' || op === '&') xlets.read(node, frame, 'schedule', out, undefined, depth + 1);
        return;
      }
      case 'identifier': {
        const b = cx.lookup(cx.slice(node), frame, node.startIndex);
        if (!b?.value) return;
        const t = b.value.type;
        if (
          t === 'list' ||
          t === 'tuple' ||
          t === 'binary_operator' ||
          t === 'parenthesized_expression' ||
          (t === 'call' && xlets.assetish(b.value))
        ) {
          xlets.read(node, frame, 'schedule', out, undefined, depth + 1);
        } else if (t === 'call') {
          this.scheduleXlets(b.value, b.frame, out, depth + 1);
        }
        return;
      }
      case 'call': {
        if (xlets.assetish(node)) {
          xlets.read(node, frame, 'schedule', out, undefined, depth + 1);
          return;
        }
        const c = cx.callee(cx.functionOf(node));
        if (c && /OrTimeSchedule$/.test(c.name)) {
          const kw = cx.kw(node);
          const assets = kw.get('assets') ?? kw.get('datasets');
          if (assets) this.scheduleXlets(assets, frame, out, depth + 1);
        }
        return;
      }
    }
  }
}

function isDagClass(c: Callee | undefined): boolean {
  return !!c && c.name === 'DAG' && (c.module === undefined || DAG_MODULE.test(c.module));
}
