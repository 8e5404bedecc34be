/**
 * Draws a scene on a 2D canvas: the bulk of the graph, every node and edge except the few the SVG overlay
 * draws near the focus. Per frame it culls to the viewport and picks a level of detail by zoom:
 *
 * - far (boxes under ~7 px tall): flat rectangles in the kind's colour, straight edges, no text;
 * - middle: rounded boxes, badges, run-state dots and curved edges with arrowheads, still no text;
 * - near (text at least 6 px tall): labels, badge letters and expand handles.
 *
 * Edges and boxes are batched into one path per style, so a frame costs a handful of fill/stroke calls plus
 * rasterisation. The same function renders exports (PNG) at any scale.
 */
import type { Palette } from './palette';
import { runStateColor } from './palette';
import { handleCentre, ISSUE_BADGE, KIND_LETTER, NODE, type Scene, type SceneKind, type SceneNode } from './graph/scene';

/** Outline dashes (world units) of nodes the DAG Lineage view found only in the code / only at runtime. */
export const PRESENCE_DASH = { code: [6, 4], runtime: [1.5, 3] } as const satisfies Record<string, number[]>;

/** Zoom from which labels are drawn (12 px labels are 6 px tall). */
export const LABEL_SCALE = 0.5;
/** Zoom from which boxes are rounded and badged rather than flat. */
export const DETAIL_SCALE = 0.16;
/** Zoom from which arrowheads and expand handles are drawn. */
export const ARROW_SCALE = 0.3;
/**
 * Below this zoom (boxes under 1 px tall, edges a grey haze) only the selection's lineage is drawn of the
 * edges: tens of thousands of sub-pixel lines tell nothing and cost a long frame.
 */
export const EDGE_SCALE = 0.015;

export interface Transform {
  x: number;
  y: number;
  k: number;
}

/** How nodes and edges are marked by the selection, the search and the overlay. */
export interface DrawMarks {
  /** Per node: 0 off the selected lineage, 1 upstream, 2 downstream, 3 selected; undefined when nothing is selected. */
  node?: Uint8Array;
  /** Per edge: 0 off the selected lineage, 1 upstream, 2 downstream. */
  edge?: Uint8Array;
  /** Per node: 1 if it matches the search; undefined when there is no search. */
  match?: Uint8Array;
  /** Per node: 1 if the SVG overlay draws it. */
  skip?: Uint8Array;
}

export interface DrawStats {
  nodes: number;
  edges: number;
  labels: boolean;
  /** False when the zoom is too far out for edges (only the selection's lineage is drawn). */
  edgesShown: boolean;
  ms: number;
}

/** Below this zoom an edge is one straight line from end to end: its bends are under a pixel apart. */
const STRAIGHT_SCALE = 0.025;

/**
 * Adds the edge's route to the current path: straight where level, else a curve leaving and entering
 * horizontally (vertically when the layers run top to bottom). Segments wholly outside `view` are left out (a long bundled route may cross the whole graph,
 * and the rasteriser would still flatten every curve of it).
 */
function traceEdge(
  ctx: CanvasRenderingContext2D,
  xy: Float64Array,
  start: number,
  end: number,
  curved: boolean,
  straight: boolean,
  view: { minX: number; minY: number; maxX: number; maxY: number },
  vertical: boolean,
): void {
  if (straight) {
    ctx.moveTo(xy[2 * start], xy[2 * start + 1]);
    ctx.lineTo(xy[2 * end - 2], xy[2 * end - 1]);
    return;
  }
  let pen = -1;
  for (let q = start + 1; q < end; q++) {
    const ax = xy[2 * q - 2];
    const ay = xy[2 * q - 1];
    const bx = xy[2 * q];
    const by = xy[2 * q + 1];
    if (Math.max(ax, bx) < view.minX || Math.min(ax, bx) > view.maxX || Math.max(ay, by) < view.minY || Math.min(ay, by) > view.maxY)
      continue;
    if (pen !== q - 1) ctx.moveTo(ax, ay);
    if (!curved || Math.abs(vertical ? ax - bx : ay - by) < 0.5) ctx.lineTo(bx, by);
    else if (vertical) {
      const dy = (by - ay) / 2;
      ctx.bezierCurveTo(ax, ay + dy, bx, by - dy, bx, by);
    } else {
      const dx = (bx - ax) / 2;
      ctx.bezierCurveTo(ax + dx, ay, bx - dx, by, bx, by);
    }
    pen = q;
  }
}

function traceArrow(ctx: CanvasRenderingContext2D, xy: Float64Array, end: number, vertical: boolean): void {
  const x = xy[2 * end - 2];
  const y = xy[2 * end - 1];
  ctx.moveTo(x, y);
  if (vertical) {
    const dir = y >= xy[2 * end - 3] ? 1 : -1;
    ctx.lineTo(x - 4, y - dir * 9);
    ctx.lineTo(x + 4, y - dir * 9);
  } else {
    const dir = x >= xy[2 * end - 4] ? 1 : -1;
    ctx.lineTo(x - dir * 9, y - 4);
    ctx.lineTo(x - dir * 9, y + 4);
  }
  ctx.closePath();
}

/** Draws `scene` under transform `t` into a canvas of `width` × `height` CSS pixels at `dpr` device pixels each. */
export function drawScene(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  t: Transform,
  allMarks: DrawMarks,
  palette: Palette,
  size: { width: number; height: number; dpr: number },
  layer: 'all' | 'base' | 'highlight' = 'all',
): DrawStats {
  const started = performance.now();
  const { width, height, dpr } = size;
  // `base`: everything undimmed (the selection is laid over it); `highlight`: only the selection's lineage,
  // on a transparent layer. The SVG overlay covers its own nodes, so neither leaves them out.
  const marks: DrawMarks =
    layer === 'base' ? { match: allMarks.match } : layer === 'highlight' ? { node: allMarks.node, edge: allMarks.edge } : allMarks;
  const highlightOnly = layer === 'highlight';
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = 1;
  if (highlightOnly) ctx.clearRect(0, 0, width * dpr, height * dpr);
  else {
    ctx.fillStyle = palette.background;
    ctx.fillRect(0, 0, width * dpr, height * dpr);
  }
  ctx.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);
  const k = t.k;
  const px = 1 / k; // one CSS pixel in world units
  const minX = -t.x / k;
  const minY = -t.y / k;
  const maxX = (width - t.x) / k;
  const maxY = (height - t.y) / k;
  const labels = k >= LABEL_SCALE;
  const detailed = k >= DETAIL_SCALE;
  const arrows = k >= ARROW_SCALE;
  const selection = marks.node !== undefined;
  const search = marks.match !== undefined;

  // Edges, in three batches: plain (dimmed when something is selected), upstream, downstream.
  const xy = scene.xy;
  const lists: number[][] = [[], [], []];
  const plainEdges = k >= EDGE_SCALE;
  for (let i = 0; i < scene.edges.length; i++) {
    const e = scene.edges[i];
    if (e.maxX < minX || e.minX > maxX || e.maxY < minY || e.minY > maxY) continue;
    const side = marks.edge ? marks.edge[i] : 0;
    if (side === 0 && (!plainEdges || highlightOnly)) continue;
    lists[side].push(i);
  }
  const edgeCount = lists[0].length + lists[1].length + lists[2].length;
  ctx.lineCap = detailed ? 'round' : 'butt';
  lists.forEach((list, side) => {
    if (list.length === 0) return;
    const highlighted = side > 0;
    ctx.globalAlpha = highlighted ? 1 : selection ? palette.faded : search ? 0.6 : 1;
    ctx.strokeStyle = highlighted ? palette.highlight : palette.edge;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.lineWidth = highlighted ? Math.max(2.5, 1.5 * px) : Math.max(detailed ? 1.5 : 1, px * (detailed ? 1 : 0.8));
    ctx.beginPath();
    const straight = k < STRAIGHT_SCALE;
    // A little beyond the view, so that line caps and curves at its border are not cut.
    const pad = 20 * px;
    const view = { minX: minX - pad, minY: minY - pad, maxX: maxX + pad, maxY: maxY + pad };
    const members: number[] = [];
    for (const i of list) {
      if (scene.edges[i].member) members.push(i);
      else traceEdge(ctx, xy, scene.edges[i].start, scene.edges[i].end, detailed, straight, view, scene.vertical);
    }
    ctx.stroke();
    if (members.length > 0) {
      // A parent job's lines to its child jobs: dashed, no arrow (not lineage).
      ctx.beginPath();
      ctx.setLineDash([6 * px, 4 * px]);
      for (const i of members) traceEdge(ctx, xy, scene.edges[i].start, scene.edges[i].end, detailed, straight, view, scene.vertical);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (arrows) {
      ctx.beginPath();
      for (const i of list) if (!scene.edges[i].member) traceArrow(ctx, xy, scene.edges[i].end, scene.vertical);
      ctx.fill();
    }
  });

  // Nodes: cull, then bucket by kind and mark so that each style is one path.
  const visible: number[] = [];
  for (let i = 0; i < scene.nodes.length; i++) {
    if (marks.skip?.[i] || (highlightOnly && !marks.node?.[i])) continue;
    const n = scene.nodes[i];
    if (n.x > maxX || n.x + n.width < minX || n.y > maxY || n.y + n.height < minY) continue;
    visible.push(i);
  }
  const alphaOf = (i: number) => {
    let a = 1;
    if ((selection && marks.node![i] === 0) || (search && !marks.match![i])) a = palette.faded;
    return a;
  };
  const buckets = new Map<string, { kind: SceneKind; mark: number; alpha: number; presence: SceneNode['presence']; nodes: number[] }>();
  for (const i of visible) {
    const n = scene.nodes[i];
    const mark = marks.node ? marks.node[i] : 0;
    const alpha = alphaOf(i);
    const key = `${n.kind}|${mark}|${alpha}|${n.presence ?? ''}`;
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { kind: n.kind, mark, alpha, presence: n.presence, nodes: [] }));
    b.nodes.push(i);
  }
  const ordered = [...buckets.values()].sort((a, b) => a.alpha - b.alpha || a.mark - b.mark);

  if (!detailed) {
    // Far: flat boxes in the kind's colour (the lineage of a selection in the highlight colour).
    for (const b of ordered) {
      ctx.globalAlpha = b.alpha;
      ctx.fillStyle = b.mark === 3 ? palette.focus : b.mark > 0 ? palette.highlight : palette.kind[b.kind].accent;
      ctx.beginPath();
      for (const i of b.nodes) {
        const n = scene.nodes[i];
        ctx.rect(n.x, n.y, n.width, n.height);
      }
      ctx.fill();
    }
  } else {
    for (const b of ordered) {
      const colours = palette.kind[b.kind];
      ctx.globalAlpha = b.alpha;
      ctx.fillStyle = colours.fill;
      ctx.strokeStyle = b.mark === 3 ? palette.focus : b.mark > 0 ? palette.highlight : colours.stroke;
      ctx.lineWidth = Math.max(b.mark === 3 ? 3 : b.mark > 0 ? 1.5 : palette.highContrast ? 1.5 : 1, px);
      // "N more" and nodes found only in the code are dashed, nodes found only at runtime dotted.
      ctx.setLineDash(
        b.kind === 'more' ? [4, 3] : b.presence === 'code' ? PRESENCE_DASH.code : b.presence === 'runtime' ? PRESENCE_DASH.runtime : [],
      );
      if (b.presence !== undefined && b.mark === 0) ctx.lineWidth = Math.max(1.5, px);
      ctx.beginPath();
      for (const i of b.nodes) {
        const n = scene.nodes[i];
        // Datasets and fields are pills, jobs boxes: the shape tells them apart without colour.
        const r = n.kind === 'dataset' || n.kind === 'field' || n.kind === 'more' ? n.height / 2 : 5;
        ctx.roundRect(n.x, n.y, n.width, n.height, r);
      }
      ctx.fill();
      ctx.stroke();
      ctx.setLineDash([]);
      // Badges.
      ctx.fillStyle = colours.accent;
      ctx.beginPath();
      for (const i of b.nodes) {
        const n = scene.nodes[i];
        ctx.moveTo(n.x + NODE.badgeX + NODE.badgeRadius, n.y + n.height / 2);
        ctx.arc(n.x + NODE.badgeX, n.y + n.height / 2, NODE.badgeRadius, 0, 2 * Math.PI);
      }
      ctx.fill();
    }
    // Run-state dots on jobs.
    for (const i of visible) {
      const n = scene.nodes[i];
      const colour = runStateColor(n.runState, palette);
      if (!colour) continue;
      ctx.globalAlpha = alphaOf(i);
      ctx.fillStyle = colour;
      ctx.beginPath();
      ctx.arc(n.x + n.width - 9, n.y + 9, 3.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    // Open issues: a `!` on a disc at the top-left corner (the glyph, not only the colour, says it).
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.font = `700 11px ${palette.fontFamily}`;
    for (const i of visible) {
      const n = scene.nodes[i];
      if (!n.issue) continue;
      ctx.globalAlpha = alphaOf(i);
      ctx.fillStyle = palette.failed;
      ctx.strokeStyle = palette.background;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(n.x + ISSUE_BADGE.x, n.y + ISSUE_BADGE.y, ISSUE_BADGE.r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = palette.background;
      ctx.fillText('!', n.x + ISSUE_BADGE.x, n.y + ISSUE_BADGE.y + 0.5);
    }
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
  }

  if (labels) {
    ctx.textBaseline = 'alphabetic';
    const family = palette.fontFamily;
    const byAlpha = new Map<number, number[]>();
    for (const i of visible) {
      const a = alphaOf(i);
      let list = byAlpha.get(a);
      if (!list) byAlpha.set(a, (list = []));
      list.push(i);
    }
    for (const [alpha, list] of byAlpha) {
      ctx.globalAlpha = alpha;
      ctx.fillStyle = palette.background;
      ctx.font = `700 11px ${family}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      for (const i of list) {
        const n = scene.nodes[i];
        ctx.fillText(KIND_LETTER[n.kind], n.x + NODE.badgeX, n.y + n.height / 2 + 0.5);
      }
      ctx.textAlign = 'left';
      ctx.textBaseline = 'alphabetic';
      ctx.fillStyle = palette.foreground;
      ctx.font = `600 12px ${family}`;
      for (const i of list) {
        const n = scene.nodes[i];
        for (let l = 0; l < n.lines.length; l++) ctx.fillText(n.lines[l], n.x + NODE.textX, n.y + NODE.firstBaseline + l * NODE.lineHeight);
      }
      ctx.fillStyle = palette.muted;
      ctx.font = `400 11px ${family}`;
      for (const i of list) {
        const n = scene.nodes[i];
        ctx.fillText(n.sublabel, n.x + NODE.textX, n.y + NODE.firstBaseline + n.lines.length * NODE.lineHeight);
      }
    }
  }

  if (arrows) {
    // Expand handles where neighbours are not shown.
    ctx.globalAlpha = 1;
    ctx.lineWidth = Math.max(1, px);
    const r = NODE.handleRadius - 1.5;
    for (const i of visible) {
      const n = scene.nodes[i];
      if (n.hiddenUp === 0 && n.hiddenDown === 0) continue;
      ctx.globalAlpha = alphaOf(i);
      for (const [side, show] of [
        ['up', n.hiddenUp > 0],
        ['down', n.hiddenDown > 0],
      ] as const) {
        if (!show) continue;
        const { x: cx, y: cy } = handleCentre(n, side, scene.vertical);
        ctx.fillStyle = palette.background;
        ctx.strokeStyle = palette.kind[n.kind].stroke;
        ctx.beginPath();
        ctx.arc(cx, cy, r, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
        ctx.strokeStyle = palette.foreground;
        ctx.beginPath();
        ctx.moveTo(cx - 3.5, cy);
        ctx.lineTo(cx + 3.5, cy);
        ctx.moveTo(cx, cy - 3.5);
        ctx.lineTo(cx, cy + 3.5);
        ctx.stroke();
      }
    }
  }

  if (search) {
    // Search matches: a ring near, a dot far, so they can be found at any zoom.
    ctx.globalAlpha = 1;
    ctx.strokeStyle = palette.match;
    ctx.fillStyle = palette.matchBackground;
    ctx.lineWidth = Math.max(2, 2 * px);
    ctx.beginPath();
    for (const i of visible) {
      if (!marks.match![i]) continue;
      const n = scene.nodes[i];
      if (detailed) ctx.roundRect(n.x - 4, n.y - 4, n.width + 8, n.height + 8, 8);
      else {
        const radius = Math.max(n.height, 8 * px);
        ctx.moveTo(n.x + n.width / 2 + radius, n.y + n.height / 2);
        ctx.arc(n.x + n.width / 2, n.y + n.height / 2, radius, 0, 2 * Math.PI);
      }
    }
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  return { nodes: visible.length, edges: edgeCount, labels, edgesShown: plainEdges, ms: performance.now() - started };
}

/** Above this many nodes and edges in view, frames blit a cached bitmap instead of drawing the scene. */
export const CACHE_ITEMS = 2500;
/** A zoom gesture is over when no frame has changed the scale for this long: the bitmap is then redrawn sharp. */
const SETTLE_MS = 140;
/** The cached bitmap holds at most this many device pixels (the view plus margins to pan into). */
const CACHE_PIXELS = 16e6;

interface Cache {
  /** The scene without the selection, and the selection's lineage alone (transparent elsewhere). */
  base: HTMLCanvasElement;
  highlight: HTMLCanvasElement;
  baseKey: string;
  highlightKey: string;
  k: number;
  dpr: number;
  /** World coordinates of the bitmaps' top-left corner, and their size in CSS pixels. */
  wx: number;
  wy: number;
  width: number;
  height: number;
  /** Left and top margins around the view when built. */
  mx: number;
  my: number;
  selection: boolean;
}

/**
 * Draws frames of a scene, directly when little is in view, else from bitmaps of the scene (cytoscape's
 * `textureOnViewport`, G6's viewport optimisation): panning blits them, zooming scales the stale bitmaps, and
 * once the gesture settles they are redrawn sharp. The selection's lineage is a second bitmap over the first
 * (dimmed by a veil), so selecting redraws only the lineage, not the whole scene. `baseKey` names what the base
 * shows (scene, search, theme); `highlightKey` what the lineage layer shows (base and selection).
 */
export class SceneRenderer {
  private cache: Cache | undefined;
  private items = 0;
  private settle: ReturnType<typeof setTimeout> | undefined;
  private sharpen = false;

  /** `redraw` is asked for a frame when a zoom gesture has settled. */
  constructor(private readonly redraw: () => void) {}

  draw(
    ctx: CanvasRenderingContext2D,
    scene: Scene,
    t: Transform,
    marks: DrawMarks,
    palette: Palette,
    size: { width: number; height: number; dpr: number },
    baseKey: string,
    highlightKey: string,
  ): DrawStats & { mode: 'direct' | 'cache' | 'scaled' | 'rebuild' | 'highlight' } {
    const started = performance.now();
    if (this.items <= CACHE_ITEMS) {
      this.cache = undefined;
      const stats = drawScene(ctx, scene, t, marks, palette, size);
      this.items = stats.nodes + stats.edges;
      return { ...stats, mode: 'direct' };
    }
    const { width, height, dpr } = size;
    const selection = marks.node !== undefined;
    let c = this.cache;
    let mode: 'cache' | 'scaled' | 'rebuild' | 'highlight' = 'cache';
    let stats: DrawStats | undefined;
    const vx = -t.x / t.k;
    const vy = -t.y / t.k;
    const covered = (cache: Cache) => {
      const ox = (vx - cache.wx) * cache.k;
      const oy = (vy - cache.wy) * cache.k;
      return ox >= 0 && oy >= 0 && ox + width <= cache.width + 0.5 && oy + height <= cache.height + 0.5;
    };
    // A jump in scale (fit, centre, a restored view) is drawn sharp at once; a gesture's small steps are not.
    if (c && c.baseKey === baseKey && c.dpr === dpr && !this.sharpen && c.k !== t.k && t.k / c.k < 2 && c.k / t.k < 2) {
      // Mid-gesture: the old bitmaps, scaled; sharp again once the scale stops changing.
      this.compose(ctx, c, vx, vy, width / t.k, height / t.k, size, palette, selection);
      clearTimeout(this.settle);
      this.settle = setTimeout(() => {
        this.sharpen = true;
        this.redraw();
      }, SETTLE_MS);
      return { nodes: 0, edges: 0, labels: false, edgesShown: t.k >= EDGE_SCALE, ms: performance.now() - started, mode: 'scaled' };
    }
    if (!c || c.baseKey !== baseKey || c.dpr !== dpr || this.sharpen || c.k !== t.k || !covered(c)) {
      const built = this.rebuild(scene, t, marks, palette, size, baseKey, highlightKey);
      c = built;
      stats = built.stats;
      mode = 'rebuild';
    } else if (c.highlightKey !== highlightKey) {
      // Only the selection changed: redraw the lineage layer where the bitmaps are.
      const h = c.highlight.getContext('2d')!;
      if (selection)
        drawScene(
          h,
          scene,
          { x: -c.wx * c.k, y: -c.wy * c.k, k: c.k },
          marks,
          palette,
          { width: c.width, height: c.height, dpr },
          'highlight',
        );
      c.highlightKey = highlightKey;
      c.selection = selection;
      mode = 'highlight';
    }
    this.compose(ctx, c, vx, vy, width / t.k, height / t.k, size, palette, selection);
    return {
      ...(stats ?? { nodes: 0, edges: 0, labels: t.k >= LABEL_SCALE, edgesShown: t.k >= EDGE_SCALE }),
      ms: performance.now() - started,
      mode,
    };
  }

  /** Blits the world rectangle (vx, vy, vw, vh) of the bitmaps onto the view: base, veil, lineage. */
  private compose(
    ctx: CanvasRenderingContext2D,
    c: Cache,
    vx: number,
    vy: number,
    vw: number,
    vh: number,
    size: { width: number; height: number; dpr: number },
    palette: Palette,
    selection: boolean,
  ): void {
    const { width, height, dpr } = size;
    const s = c.k * dpr;
    const src = [(vx - c.wx) * s, (vy - c.wy) * s, vw * s, vh * s] as const;
    const exact = Math.abs(vw * c.k - width) < 0.01;
    const r = (v: number) => (exact ? Math.round(v) : v);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    if (!exact) {
      ctx.fillStyle = palette.background;
      ctx.fillRect(0, 0, width * dpr, height * dpr);
    }
    ctx.drawImage(c.base, r(src[0]), r(src[1]), r(src[2]), r(src[3]), 0, 0, Math.round(width * dpr), Math.round(height * dpr));
    if (selection && c.selection) {
      ctx.globalAlpha = 1 - palette.faded;
      ctx.fillStyle = palette.background;
      ctx.fillRect(0, 0, width * dpr, height * dpr);
      ctx.globalAlpha = 1;
      ctx.drawImage(c.highlight, r(src[0]), r(src[1]), r(src[2]), r(src[3]), 0, 0, Math.round(width * dpr), Math.round(height * dpr));
    }
  }

  private rebuild(
    scene: Scene,
    t: Transform,
    marks: DrawMarks,
    palette: Palette,
    size: { width: number; height: number; dpr: number },
    baseKey: string,
    highlightKey: string,
  ): Cache & { stats: DrawStats } {
    this.sharpen = false;
    const { width, height, dpr } = size;
    let mx = width / 2;
    let my = height / 2;
    const fit = Math.sqrt(CACHE_PIXELS / ((width + 2 * mx) * (height + 2 * my) * dpr * dpr));
    if (fit < 1) {
      mx = Math.max(0, ((width + 2 * mx) * fit - width) / 2);
      my = Math.max(0, ((height + 2 * my) * fit - height) / 2);
    }
    const cw = width + 2 * mx;
    const ch = height + 2 * my;
    const base = this.cache?.base ?? document.createElement('canvas');
    const highlight = this.cache?.highlight ?? document.createElement('canvas');
    for (const canvas of [base, highlight]) {
      canvas.width = Math.round(cw * dpr);
      canvas.height = Math.round(ch * dpr);
    }
    const at = { x: t.x + mx, y: t.y + my, k: t.k };
    const stats = drawScene(base.getContext('2d')!, scene, at, marks, palette, { width: cw, height: ch, dpr }, 'base');
    const selection = marks.node !== undefined;
    if (selection) drawScene(highlight.getContext('2d')!, scene, at, marks, palette, { width: cw, height: ch, dpr }, 'highlight');
    this.items = stats.nodes + stats.edges;
    const cache = {
      base,
      highlight,
      baseKey,
      highlightKey,
      k: t.k,
      dpr,
      wx: -at.x / t.k,
      wy: -at.y / t.k,
      width: cw,
      height: ch,
      mx,
      my,
      selection,
    };
    this.cache = cache;
    return { ...cache, stats };
  }

  /** Forgets the bitmaps (a new scene of `items` nodes and edges): the next frame decides again how to draw. */
  reset(items: number): void {
    this.cache = undefined;
    this.items = items;
    clearTimeout(this.settle);
  }
}
