/**
 * The drawable scene: what is shown (the visible graph), where (the layout), and with which text, in a form
 * the canvas renderer can walk quickly and the view can query: a uniform grid over the node boxes for
 * viewport culling and hit testing (canvas-drawn nodes have no DOM), neighbour steps for keyboard navigation,
 * and the merge that keeps positions when the layout is frozen. Pure: no DOM.
 */
import type { MoreGroup, VisibleGraph } from './explore';
import type { IndexedLayout } from './layout';
import type { GraphNode, LineageModel, NodeKind } from './model';
import { CharWidths, fitLines, fitText } from './text';
import { presenceOf, runStateOf } from './facets';
import { issueOf } from './issues';

export type SceneKind = NodeKind | 'more';

/** Node box geometry (world units = CSS pixels at zoom 1). */
export const NODE = {
  minWidth: 130,
  maxWidth: 220,
  /** Baseline of the first label line, and the distance between lines. */
  firstBaseline: 19,
  lineHeight: 14,
  /** Below the last baseline (the sublabel's). */
  bottomPadding: 12,
  /** Left of the text: room for the badge. */
  textX: 36,
  paddingRight: 11,
  badgeX: 19,
  badgeRadius: 10.5,
  /** Radius of the expand handles on a node's left and right sides. */
  handleRadius: 8,
} as const;

/** The `!` badge of a node with an open issue: a disc centred on the box's top-left corner. */
export const ISSUE_BADGE = { x: 1, y: 1, r: 8 } as const;

export const LABEL_FONT = { size: 12, weight: 600 } as const;
export const SUBLABEL_FONT = { size: 11, weight: 400 } as const;
/** Fit never draws node labels smaller than this (CSS pixels on screen): it pans instead. */
export const LEGIBLE_LABEL_PX = 11;

export const KIND_LETTER: Readonly<Record<SceneKind, string>> = { job: 'J', dataset: 'D', field: 'F', run: 'R', more: '+' };
export const KIND_NAME: Readonly<Record<SceneKind, string>> = {
  job: 'Job',
  dataset: 'Dataset',
  field: 'Dataset field',
  run: 'Run',
  more: 'More',
};

export interface NodeText {
  lines: string[];
  sublabel: string;
  width: number;
  height: number;
  /** Set for "N more" nodes; a model node's are derived on demand (see `tooltipOf`, `ariaLabelOf`). */
  tooltip?: string;
  ariaLabel?: string;
}

function sublabelOf(node: GraphNode): string {
  if (node.kind === 'field') return node.parent ?? node.namespace;
  if (node.kind === 'run') return node.subtype ?? '';
  return node.namespace;
}

function boxOf(
  lines: string[],
  sublabel: string,
  label: CharWidths,
  sub: CharWidths,
): { lines: string[]; sublabel: string; width: number; height: number } {
  let textWidth = sub.width(sublabel);
  for (const l of lines) textWidth = Math.max(textWidth, label.width(l));
  const width = Math.ceil(Math.min(NODE.maxWidth, Math.max(NODE.minWidth, NODE.textX + textWidth + NODE.paddingRight)));
  return {
    lines,
    sublabel: fitText(sublabel, width - NODE.textX - NODE.paddingRight, sub, false),
    width,
    height: NODE.firstBaseline + NODE.lineHeight * lines.length + NODE.bottomPadding,
  };
}

/** The label lines, sublabel and size of a node (its names for people are derived when needed, not here). */
export function nodeText(node: GraphNode, label: CharWidths, sub: CharWidths): NodeText {
  const room = NODE.maxWidth - NODE.textX - NODE.paddingRight;
  return boxOf(fitLines(node.label, room, label), sublabelOf(node), label, sub);
}

/** The tooltip of a scene node: kind, full name, namespace, latest run. */
/** What a presence mark says, in a few words. */
export const PRESENCE_TEXT: Readonly<Record<'code' | 'runtime', string>> = {
  code: 'only in the code, never seen at runtime',
  runtime: 'only at runtime, not in the code',
};

export function tooltipOf(n: {
  tooltip?: string;
  node?: GraphNode;
  runState?: string;
  presence?: 'code' | 'runtime';
  issue?: string;
}): string {
  if (n.tooltip !== undefined || !n.node) return n.tooltip ?? '';
  const node = n.node;
  const presence = n.presence ? `\nFound ${PRESENCE_TEXT[n.presence]}` : '';
  const issue = n.issue ? `\nIssue: ${n.issue}` : '';
  return `${KIND_NAME[node.kind]} ${node.name}${node.namespace ? `\n${node.namespace}` : ''}${n.runState ? `\nLatest run: ${n.runState}` : ''}${presence}${issue}`;
}

/** The accessible name of a scene node, as a screen reader says it. */
export function ariaLabelOf(n: {
  ariaLabel?: string;
  node?: GraphNode;
  runState?: string;
  presence?: 'code' | 'runtime';
  issue?: string;
  sublabel: string;
}): string {
  if (n.ariaLabel !== undefined || !n.node) return n.ariaLabel ?? '';
  const node = n.node;
  const where = n.sublabel ? ` in ${sublabelOf(node)}` : '';
  return `${KIND_NAME[node.kind]} ${node.label}${where}${n.runState ? `, latest run ${n.runState.toLowerCase()}` : ''}${n.presence ? `, ${PRESENCE_TEXT[n.presence]}` : ''}${n.issue ? `, issue: ${n.issue}` : ''}`;
}

/** The text of a "N more" node. */
export function moreText(group: MoreGroup, model: LineageModel, label: CharWidths, sub: CharWidths): NodeText {
  const anchor = model.nodeById.get(group.anchor);
  const kinds = new Set(group.hidden.map((id) => model.nodeById.get(id)?.kind));
  const noun = kinds.size === 1 && kinds.has('job') ? 'jobs' : kinds.size === 1 && kinds.has('dataset') ? 'datasets' : 'nodes';
  const head = `${group.hidden.length.toLocaleString('en-US')} more ${noun}`;
  const relation = group.side === 'upstream' ? 'upstream of' : 'downstream of';
  // The anchor is right next to it: its last name part is enough to say which one.
  const short = (anchor?.label ?? group.anchor).split(/[./:]/).filter(Boolean).pop() ?? group.anchor;
  const box = boxOf([head], `${relation} ${short}`, label, sub);
  return {
    ...box,
    tooltip: `${head} ${relation} ${anchor?.label ?? group.anchor}: click to show them`,
    ariaLabel: `${head} ${relation} ${anchor?.label ?? group.anchor}, press Enter to show them`,
  };
}

export interface SceneNode extends NodeText {
  id: string;
  kind: SceneKind;
  x: number;
  y: number;
  layer: number;
  node?: GraphNode;
  group?: MoreGroup;
  runState?: string;
  /** DAG Lineage view: found only in the code, or only at runtime (drawn with a dashed or dotted outline). */
  presence?: 'code' | 'runtime';
  /** An open issue (the Issues view's), in a few words: drawn as a `!` badge, said in the tooltip and name. */
  issue?: string;
  /** Neighbours not shown, per side: in the model (expand locally) plus beyond the response (ask the host). */
  hiddenUp: number;
  hiddenDown: number;
}

export interface SceneEdge {
  id: string;
  source: number;
  target: number;
  /** Points `xy[2·start] …` up to `xy[2·end]`. */
  start: number;
  end: number;
  reversed: boolean;
  /** From a parent job to a child job: drawn dashed, without an arrow (not lineage). */
  member?: true;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export type HitPart = 'body' | 'expand-upstream' | 'expand-downstream';

export interface Hit {
  index: number;
  part: HitPart;
}

const CELL = 256;

/**
 * The centre of a node's expand handle on one side: left and right in a left-to-right layout, top and bottom
 * in a top-to-bottom one (where its edges meet it).
 */
export function handleCentre(
  n: { x: number; y: number; width: number; height: number },
  side: 'up' | 'down',
  vertical: boolean,
): { x: number; y: number } {
  if (vertical) return { x: n.x + n.width / 2, y: side === 'up' ? n.y : n.y + n.height };
  return { x: side === 'up' ? n.x : n.x + n.width, y: n.y + n.height / 2 };
}

/** A laid-out visible graph, ready to draw and query. */
export class Scene {
  readonly nodeIndex = new Map<string, number>();
  /** Per node: indices of the nodes it has an edge from (`up`) and to (`down`). */
  readonly up: number[][];
  readonly down: number[][];
  private readonly cells = new Map<number, number[]>();
  private readonly stamp: Uint32Array;
  private stampValue = 0;
  private readonly byLayer = new Map<number, number[]>();
  /** The occupied cells, so that a query over a huge rectangle visits only cells that exist. */
  private cellMin = { x: Infinity, y: Infinity };
  private cellMax = { x: -Infinity, y: -Infinity };
  private indexed = false;

  constructor(
    readonly nodes: SceneNode[],
    readonly edges: SceneEdge[],
    readonly xy: Float64Array,
    readonly width: number,
    readonly height: number,
    /** Layers run from top to bottom (see layout.ts). */
    readonly vertical = false,
  ) {
    nodes.forEach((n, i) => this.nodeIndex.set(n.id, i));
    this.up = nodes.map(() => []);
    this.down = nodes.map(() => []);
    for (const e of edges) {
      this.down[e.source].push(e.target);
      this.up[e.target].push(e.source);
    }
    this.stamp = new Uint32Array(nodes.length);
  }

  /** The grid and the per-layer order are built on first use (the first hover or key), not with the scene. */
  private index(): void {
    if (this.indexed) return;
    this.indexed = true;
    this.nodes.forEach((n, i) => {
      const pad = NODE.handleRadius;
      for (let cx = Math.floor((n.x - pad) / CELL); cx <= Math.floor((n.x + n.width + pad) / CELL); cx++) {
        for (let cy = Math.floor((n.y - pad) / CELL); cy <= Math.floor((n.y + n.height + pad) / CELL); cy++) {
          this.cellMin = { x: Math.min(this.cellMin.x, cx), y: Math.min(this.cellMin.y, cy) };
          this.cellMax = { x: Math.max(this.cellMax.x, cx), y: Math.max(this.cellMax.y, cy) };
          const key = cellKey(cx, cy);
          let list = this.cells.get(key);
          if (!list) this.cells.set(key, (list = []));
          list.push(i);
        }
      }
      let layer = this.byLayer.get(n.layer);
      if (!layer) this.byLayer.set(n.layer, (layer = []));
      layer.push(i);
    });
    const across = this.vertical ? 'x' : 'y';
    for (const list of this.byLayer.values()) list.sort((a, b) => this.nodes[a][across] - this.nodes[b][across]);
  }

  /** Indices of the nodes whose box (with its handles) meets the rectangle. */
  query(minX: number, minY: number, maxX: number, maxY: number): number[] {
    this.index();
    const out: number[] = [];
    if (++this.stampValue === 0xffffffff) {
      this.stamp.fill(0);
      this.stampValue = 1;
    }
    const pad = NODE.handleRadius;
    const x0 = Math.max(this.cellMin.x, Math.floor(minX / CELL));
    const x1 = Math.min(this.cellMax.x, Math.floor(maxX / CELL));
    const y0 = Math.max(this.cellMin.y, Math.floor(minY / CELL));
    const y1 = Math.min(this.cellMax.y, Math.floor(maxY / CELL));
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        for (const i of this.cells.get(cellKey(cx, cy)) ?? []) {
          if (this.stamp[i] === this.stampValue) continue;
          this.stamp[i] = this.stampValue;
          const n = this.nodes[i];
          if (n.x - pad <= maxX && n.x + n.width + pad >= minX && n.y - pad <= maxY && n.y + n.height + pad >= minY) out.push(i);
        }
      }
    }
    return out;
  }

  /** The node (and which part of it) at world point (x, y): an expand handle first, then the box. */
  hitTest(x: number, y: number): Hit | undefined {
    const r = NODE.handleRadius;
    let body: Hit | undefined;
    for (const i of this.query(x - r, y - r, x + r, y + r)) {
      const n = this.nodes[i];
      const up = handleCentre(n, 'up', this.vertical);
      const down = handleCentre(n, 'down', this.vertical);
      if (n.hiddenUp > 0 && (x - up.x) ** 2 + (y - up.y) ** 2 <= r * r) return { index: i, part: 'expand-upstream' };
      if (n.hiddenDown > 0 && (x - down.x) ** 2 + (y - down.y) ** 2 <= r * r) return { index: i, part: 'expand-downstream' };
      if (x >= n.x && x <= n.x + n.width && y >= n.y && y <= n.y + n.height) body = { index: i, part: 'body' };
    }
    return body;
  }

  /**
   * The node to move to from node `from` with an arrow key: right and left follow edges downstream and
   * upstream (to the neighbour nearest in height); up and down move within the layer. In a top-to-bottom
   * layout, down and up follow the edges and left and right move within the layer.
   */
  step(from: number, arrow: 'left' | 'right' | 'up' | 'down'): number | undefined {
    const key = this.vertical ? ({ left: 'up', right: 'down', up: 'left', down: 'right' } as const)[arrow] : arrow;
    const n = this.nodes[from];
    const across = this.vertical ? 'x' : 'y';
    const size = this.vertical ? 'width' : 'height';
    const cy = n[across] + n[size] / 2;
    if (key === 'left' || key === 'right') {
      let best: number | undefined;
      let bestDistance = Infinity;
      for (const i of key === 'right' ? this.down[from] : this.up[from]) {
        const m = this.nodes[i];
        const d = Math.abs(m[across] + m[size] / 2 - cy);
        if (d < bestDistance) {
          bestDistance = d;
          best = i;
        }
      }
      return best;
    }
    this.index();
    const layer = this.byLayer.get(n.layer) ?? [];
    const at = layer.indexOf(from);
    const next = layer[key === 'down' ? at + 1 : at - 1];
    return next;
  }
}

function cellKey(cx: number, cy: number): number {
  // Two 26-bit signed cell coordinates in one safe integer.
  return (cx + 0x2000000) * 0x4000000 + (cy + 0x2000000);
}

/** The layout's input for a visible graph: node sizes and edges by index (nodes, then "N more" nodes). */
export interface SceneInput {
  items: { id: string; text: NodeText; node?: GraphNode; group?: MoreGroup }[];
  edges: { id: string; source: number; target: number; member?: true }[];
}

export function sceneInput(
  visible: VisibleGraph,
  model: LineageModel,
  label: CharWidths,
  sub: CharWidths,
  cache?: Map<string, NodeText>,
): SceneInput {
  const items: SceneInput['items'] = [];
  for (const node of visible.nodes) {
    let text = cache?.get(node.id);
    if (!text) {
      text = nodeText(node, label, sub);
      cache?.set(node.id, text);
    }
    items.push({ id: node.id, text, node });
  }
  for (const group of visible.groups) items.push({ id: group.id, text: moreText(group, model, label, sub), group });
  const index = new Map<string, number>();
  items.forEach((it, i) => index.set(it.id, i));
  const edges = visible.edges.map((e) => ({
    id: e.id,
    source: index.get(e.source)!,
    target: index.get(e.target)!,
    ...(e.member && { member: true as const }),
  }));
  return { items, edges };
}

/** Builds the scene from its input and layout. `hidden` and `outside` give the expand handles. */
export function buildScene(
  input: SceneInput,
  layout: Pick<IndexedLayout, 'x' | 'y' | 'layer' | 'routeStart' | 'routeXY' | 'reversed' | 'kept' | 'width' | 'height'> & {
    vertical?: boolean;
  },
  hidden: VisibleGraph['hidden'],
  outside: LineageModel['outside'],
): Scene {
  const nodes: SceneNode[] = input.items.map((it, i) => {
    const h = hidden.get(it.id);
    const o = outside.get(it.id);
    const n: SceneNode = {
      ...it.text,
      id: it.id,
      kind: it.node ? it.node.kind : 'more',
      x: layout.x[i],
      y: layout.y[i],
      layer: layout.layer[i],
      hiddenUp: (h?.upstream ?? 0) + (o?.upstream ?? 0),
      hiddenDown: (h?.downstream ?? 0) + (o?.downstream ?? 0),
    };
    if (it.node) {
      n.node = it.node;
      const state = runStateOf(it.node);
      if (state !== undefined) n.runState = state;
      const presence = presenceOf(it.node)?.presence;
      if (presence === 'code' || presence === 'runtime') n.presence = presence;
      const issue = issueOf(it.node);
      if (issue) n.issue = issue.summary;
    }
    if (it.group) n.group = it.group;
    return n;
  });
  const edges: SceneEdge[] = [];
  input.edges.forEach((e, i) => {
    if (!layout.kept[i]) return;
    const start = layout.routeStart[i];
    const end = layout.routeStart[i + 1];
    edges.push({
      id: e.id,
      source: e.source,
      target: e.target,
      start,
      end,
      reversed: layout.reversed[i] === 1,
      ...(e.member && { member: true as const }),
      ...bbox(layout.routeXY, start, end),
    });
  });
  return new Scene(nodes, edges, layout.routeXY, layout.width, layout.height, layout.vertical ?? false);
}

function bbox(xy: Float64Array, start: number, end: number): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let q = start; q < end; q++) {
    minX = Math.min(minX, xy[2 * q]);
    maxX = Math.max(maxX, xy[2 * q]);
    minY = Math.min(minY, xy[2 * q + 1]);
    maxY = Math.max(maxY, xy[2 * q + 1]);
  }
  return { minX, minY, maxX, maxY };
}

/**
 * The scene of a frozen layout: nodes already placed in `previous` stay where they were; new nodes take their
 * place from the new layout, shifted by the median displacement of the kept nodes and then pushed down until
 * they overlap nothing; edges between kept nodes keep their routes, new edges run straight from side to side.
 */
export function freezeScene(previous: Scene, next: Scene, gap = 16): Scene {
  const dxs: number[] = [];
  const dys: number[] = [];
  for (const n of next.nodes) {
    const i = previous.nodeIndex.get(n.id);
    if (i === undefined) continue;
    dxs.push(previous.nodes[i].x - n.x);
    dys.push(previous.nodes[i].y - n.y);
  }
  if (dxs.length === 0) return next;
  const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const dx = median(dxs);
  const dy = median(dys);
  const placed: { x: number; y: number; w: number; h: number }[] = [];
  const nodes = next.nodes.map((n) => {
    const i = previous.nodeIndex.get(n.id);
    const copy = { ...n };
    if (i !== undefined) {
      copy.x = previous.nodes[i].x;
      copy.y = previous.nodes[i].y;
      placed.push({ x: copy.x, y: copy.y, w: n.width, h: n.height });
    }
    return copy;
  });
  for (const n of nodes) {
    if (previous.nodeIndex.has(n.id)) continue;
    n.x += dx;
    n.y += dy;
    for (let guard = 0; guard < 10000; guard++) {
      const hit = placed.find((p) => n.x < p.x + p.w && p.x < n.x + n.width && n.y < p.y + p.h + gap && p.y < n.y + n.height + gap);
      if (!hit) break;
      n.y = hit.y + hit.h + gap;
    }
    placed.push({ x: n.x, y: n.y, w: n.width, h: n.height });
  }
  const points: number[] = [];
  const previousEdges = new Map(previous.edges.map((e) => [e.id, e]));
  const edges: SceneEdge[] = next.edges.map((e) => {
    const start = points.length / 2;
    const old = previousEdges.get(e.id);
    const keptEnds = old && previous.nodes[old.source].id === nodes[e.source].id && previous.nodes[old.target].id === nodes[e.target].id;
    if (old && keptEnds) {
      for (let q = old.start; q < old.end; q++) points.push(previous.xy[2 * q], previous.xy[2 * q + 1]);
    } else {
      const s = nodes[e.source];
      const t = nodes[e.target];
      const forward = previous.vertical ? s.y + s.height <= t.y : s.x + s.width <= t.x;
      const from = handleCentre(s, forward ? 'down' : 'up', previous.vertical);
      const to = handleCentre(t, forward ? 'up' : 'down', previous.vertical);
      points.push(from.x, from.y, to.x, to.y);
    }
    const end = points.length / 2;
    return { ...e, start, end, reversed: old && keptEnds ? old.reversed : false };
  });
  const xy = Float64Array.from(points);
  for (const e of edges) Object.assign(e, bbox(xy, e.start, e.end));
  let width = 0;
  let height = 0;
  for (const n of nodes) {
    width = Math.max(width, n.x + n.width);
    height = Math.max(height, n.y + n.height);
  }
  return new Scene(nodes, edges, xy, width, height, previous.vertical);
}

/** The bounding box of every node of the scene (a frozen layout may reach left of or above 0). */
export function sceneBounds(scene: Scene): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of scene.nodes) {
    minX = Math.min(minX, n.x);
    minY = Math.min(minY, n.y);
    maxX = Math.max(maxX, n.x + n.width);
    maxY = Math.max(maxY, n.y + n.height);
  }
  if (!Number.isFinite(minX)) return { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  return { minX, minY, maxX, maxY };
}

/** The box around the nodes of `scene` that `previous` did not show, and node `anchor`; undefined when none is new. */
export function newNodesBox(
  previous: Scene,
  scene: Scene,
  anchor?: number,
): { minX: number; minY: number; maxX: number; maxY: number } | undefined {
  const a = anchor !== undefined ? scene.nodes[anchor] : undefined;
  const box = a
    ? { minX: a.x, minY: a.y, maxX: a.x + a.width, maxY: a.y + a.height }
    : { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  let added = false;
  for (const n of scene.nodes) {
    if (previous.nodeIndex.has(n.id)) continue;
    added = true;
    box.minX = Math.min(box.minX, n.x);
    box.minY = Math.min(box.minY, n.y);
    box.maxX = Math.max(box.maxX, n.x + n.width);
    box.maxY = Math.max(box.maxY, n.y + n.height);
  }
  return added ? box : undefined;
}

/** How many nodes of the scene the DAG Lineage view found only in the code, and only at runtime. */
export function presenceCounts(scene: Scene): { onlyInCode: number; onlyAtRuntime: number } {
  let onlyInCode = 0;
  let onlyAtRuntime = 0;
  for (const n of scene.nodes) {
    if (n.presence === 'code') onlyInCode++;
    else if (n.presence === 'runtime') onlyAtRuntime++;
  }
  return { onlyInCode, onlyAtRuntime };
}
