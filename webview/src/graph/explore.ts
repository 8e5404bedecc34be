/**
 * What part of the lineage model is shown: either the whole response, or the neighbourhood of a focus node
 * (default depth 2, upstream, downstream or both), grown by per-node expansions, with wide fan-outs folded
 * into one "N more" node until the user opens them. Pure: the view calls `visibleGraph` whenever the
 * exploration state changes and lays out the result.
 */
import type { Direction, GraphNode, LineageModel } from './model';

export type Side = 'upstream' | 'downstream';

/** How far the neighbourhood of a focus reaches by default: in a job ↔ dataset graph, the next jobs and their datasets. */
export const DEFAULT_DEPTH = 2;
/** A node with more new neighbours than this on one side shows only {@link FANOUT_SHOWN} of them and a "N more" node. */
export const FANOUT_LIMIT = 12;
export const FANOUT_SHOWN = 8;

export interface ExploreState {
  /** The node explored around; undefined shows the whole model. */
  focus?: string;
  direction: Direction;
  /** Edges from the focus; `Infinity` for everything reachable. */
  depth: number;
  /** Nodes expanded by the user by one more step, as `upstream:<id>` / `downstream:<id>`. */
  expanded: ReadonlySet<string>;
  /** Fan-outs shown in full, as `upstream:<id>` / `downstream:<id>`. */
  openGroups: ReadonlySet<string>;
}

/** The key of a node's side in `expanded` and `openGroups`. */
export function sideKey(side: Side, id: string): string {
  return `${side}:${id}`;
}

/** The id of the "N more" node folding `anchor`'s neighbours on `side`. */
export function moreId(side: Side, anchor: string): string {
  return `more:${side}:${anchor}`;
}

/** The id of the (drawn, not lineage) edge from a parent job to one of its child jobs. */
export function memberEdgeId(parent: string, child: string): string {
  return `member:${parent.length}:${parent}>${child}`;
}

/** A folded fan-out: the neighbours of `anchor` on `side` that are not shown. */
export interface MoreGroup {
  id: string;
  anchor: string;
  side: Side;
  hidden: string[];
}

export interface VisibleGraph {
  /** The shown nodes of the model, in model order. */
  nodes: GraphNode[];
  /** Folded fan-outs, drawn as "N more" nodes. */
  groups: MoreGroup[];
  /**
   * Edges among shown nodes, plus one edge between each group and its anchor (`id` = the group's id), plus one
   * from each shown parent job to each shown child job (`member`: drawn dashed, not lineage, never exported).
   */
  edges: { id: string; source: string; target: string; member?: true }[];
  /** Per shown node with neighbours in the model that are not shown: how many on each side. */
  hidden: ReadonlyMap<string, { upstream: number; downstream: number }>;
  /** The focus actually used: the state's focus if the model has it. */
  focus?: string;
}

/** A stable, readable order of neighbours: by label, then id. */
function byLabel(model: LineageModel): (a: string, b: string) => number {
  return (a, b) => {
    const la = model.nodeById.get(a)?.label ?? a;
    const lb = model.nodeById.get(b)?.label ?? b;
    return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  };
}

/** The shown part of `model` for the exploration state `state`. */
export function visibleGraph(model: LineageModel, state: ExploreState, limits: { limit?: number; shown?: number } = {}): VisibleGraph {
  const limit = limits.limit ?? FANOUT_LIMIT;
  const shownPerGroup = limits.shown ?? FANOUT_SHOWN;
  const focus = state.focus !== undefined && model.nodeById.has(state.focus) ? state.focus : undefined;
  const visible = new Set<string>();
  const groups = new Map<string, MoreGroup>();

  if (focus === undefined) {
    for (const n of model.nodes) visible.add(n.id);
  } else {
    visible.add(focus);
    const order = byLabel(model);
    // The steps still allowed from a node on a side; a node is (re)visited when that number grows.
    const reach: Record<Side, Map<string, number>> = { upstream: new Map(), downstream: new Map() };
    const queue: [string, Side, number][] = [];
    const offer = (id: string, side: Side, remaining: number) => {
      const granted = Math.max(remaining, state.expanded.has(sideKey(side, id)) ? 1 : 0);
      if (granted <= 0 || (reach[side].get(id) ?? 0) >= granted) return;
      reach[side].set(id, granted);
      queue.push([id, side, granted]);
    };
    // Outside the chosen direction only the user's own expansions of the focus count. A parent job (an
    // Airflow DAG) is explored through its child jobs (its tasks): each is explored as the focus is.
    for (const start of [focus, ...(model.members.get(focus) ?? [])]) {
      visible.add(start);
      offer(start, 'upstream', state.direction !== 'downstream' ? state.depth : 0);
      offer(start, 'downstream', state.direction !== 'upstream' ? state.depth : 0);
    }
    for (let head = 0; head < queue.length; head++) {
      const [id, side, remaining] = queue[head];
      if (reach[side].get(id) !== remaining) continue; // superseded by a longer reach
      const neighbours = (side === 'upstream' ? model.incoming : model.outgoing).get(id) ?? [];
      let shown: readonly string[] = neighbours;
      const key = sideKey(side, id);
      if (neighbours.length > limit && !state.openGroups.has(key)) {
        const already = neighbours.filter((n) => visible.has(n));
        const others = neighbours.filter((n) => !visible.has(n)).sort(order);
        const room = Math.max(0, shownPerGroup - already.length);
        shown = [...already, ...others.slice(0, room)];
        const hidden = others.slice(room);
        if (hidden.length > 0) groups.set(key, { id: moreId(side, id), anchor: id, side, hidden });
      } else groups.delete(key);
      for (const n of shown) {
        const isNew = !visible.has(n);
        visible.add(n);
        offer(n, side, remaining - 1);
        if (isNew) {
          // An expansion on the other side of a node reached this way.
          const other: Side = side === 'upstream' ? 'downstream' : 'upstream';
          if (state.expanded.has(sideKey(other, n))) offer(n, other, 0);
        }
      }
    }
  }

  const nodes = model.nodes.filter((n) => visible.has(n.id));
  const edges: VisibleGraph['edges'] = model.edges
    .filter((e) => visible.has(e.source) && visible.has(e.target))
    .map((e) => ({ id: e.id, source: e.source, target: e.target }));
  for (const [parent, children] of model.members) {
    if (!visible.has(parent)) continue;
    for (const child of children)
      if (visible.has(child)) edges.push({ id: memberEdgeId(parent, child), source: parent, target: child, member: true });
  }
  const finalGroups: MoreGroup[] = [];
  for (const g of groups.values()) {
    // Nodes folded here but shown through another path are not "more".
    const hidden = g.hidden.filter((id) => !visible.has(id));
    if (hidden.length === 0) continue;
    finalGroups.push({ ...g, hidden });
    edges.push(g.side === 'upstream' ? { id: g.id, source: g.id, target: g.anchor } : { id: g.id, source: g.anchor, target: g.id });
  }
  const hidden = new Map<string, { upstream: number; downstream: number }>();
  if (focus !== undefined) {
    for (const id of visible) {
      let up = 0;
      let down = 0;
      for (const n of model.incoming.get(id) ?? []) if (!visible.has(n)) up++;
      for (const n of model.outgoing.get(id) ?? []) if (!visible.has(n)) down++;
      if (up > 0 || down > 0) hidden.set(id, { upstream: up, downstream: down });
    }
  }
  const result: VisibleGraph = { nodes, groups: finalGroups, edges, hidden };
  if (focus !== undefined) result.focus = focus;
  return result;
}

/**
 * The nodes whose label, name, namespace or id contain every word of `query` (case-insensitive). An empty
 * query matches nothing.
 */
export function searchNodes(nodes: readonly GraphNode[], query: string): Set<string> {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const found = new Set<string>();
  if (words.length === 0) return found;
  for (const n of nodes) {
    const hay = `${n.label}\n${n.name}\n${n.namespace}\n${n.id}\n${n.parent ?? ''}`.toLowerCase();
    if (words.every((w) => hay.includes(w))) found.add(n.id);
  }
  return found;
}

/**
 * What expanding node `id` on `side` does: opens the fan-out folded there, or shows one more step the model
 * holds (`local`, with the new state); `fetch` when the lineage goes on beyond the response (the host can
 * fetch it); `none` when there is nothing more.
 */
export type Expansion = { kind: 'local'; state: ExploreState } | { kind: 'fetch' } | { kind: 'none' };

export function expandSide(state: ExploreState, visible: VisibleGraph, model: LineageModel, id: string, side: Side): Expansion {
  const key = sideKey(side, id);
  if (visible.groups.some((g) => g.anchor === id && g.side === side))
    return { kind: 'local', state: { ...state, openGroups: new Set([...state.openGroups, key]) } };
  if ((visible.hidden.get(id)?.[side] ?? 0) > 0) return { kind: 'local', state: { ...state, expanded: new Set([...state.expanded, key]) } };
  return (model.outside.get(id)?.[side] ?? 0) > 0 ? { kind: 'fetch' } : { kind: 'none' };
}

/** Both sides of `id` expanded with what the model holds (folded fan-outs opened); undefined when it holds nothing more. */
export function expandBoth(state: ExploreState, visible: VisibleGraph, id: string): ExploreState | undefined {
  let local = false;
  const expanded = new Set(state.expanded);
  const openGroups = new Set(state.openGroups);
  for (const side of ['upstream', 'downstream'] as const) {
    if (visible.groups.some((g) => g.anchor === id && g.side === side)) openGroups.add(sideKey(side, id));
    else if ((visible.hidden.get(id)?.[side] ?? 0) > 0) expanded.add(sideKey(side, id));
    else continue;
    local = true;
  }
  return local ? { ...state, expanded, openGroups } : undefined;
}

/** `id`'s side folded back: neither expanded nor opened. */
export function collapseSide(state: ExploreState, id: string, side: Side): ExploreState {
  const key = sideKey(side, id);
  const expanded = new Set(state.expanded);
  const openGroups = new Set(state.openGroups);
  expanded.delete(key);
  openGroups.delete(key);
  return { ...state, expanded, openGroups };
}
