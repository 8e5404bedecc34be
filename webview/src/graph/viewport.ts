/**
 * The view's pan and zoom maths, on d3-zoom transforms (screen = scene · k + (x, y)): fitting a box, zooming
 * around the centre, keeping a node in view, finding the node nearest the centre, and whether the whole graph
 * is on screen. Pure: no DOM and no d3, so the unit tests check it with plain numbers.
 */
import type { ViewTransform } from '../../../protocol/webview';

/** A box in scene coordinates. */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The part of a node the viewport needs: its box in scene coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest and largest zoom the view allows. */
export const ZOOM_EXTENT: [number, number] = [0.01, 4];

/** The d3-zoom transform that fits `bounds` in a `width` × `height` viewport with `margin`, never above `maxScale`. */
export function fitTransform(bounds: Bounds, width: number, height: number, margin = 32, maxScale = 1, minScale = 0.01): ViewTransform {
  const w = Math.max(bounds.maxX - bounds.minX, 1);
  const h = Math.max(bounds.maxY - bounds.minY, 1);
  const k = Math.max(minScale, Math.min(maxScale, (width - 2 * margin) / w, (height - 2 * margin) / h));
  return { x: (width - w * k) / 2 - bounds.minX * k, y: (height - h * k) / 2 - bounds.minY * k, k };
}

/**
 * `t` panned by (dx, dy) screen pixels and zoomed by `factor` around the centre of a `width` × `height`
 * viewport, the scale kept within `extent`.
 */
export function panZoomed(
  t: ViewTransform,
  width: number,
  height: number,
  dx: number,
  dy: number,
  factor: number,
  extent: readonly [number, number] = ZOOM_EXTENT,
): ViewTransform {
  const cx = width / 2;
  const cy = height / 2;
  const k = Math.max(extent[0], Math.min(extent[1], t.k * factor));
  return { x: cx - ((cx - t.x) * k) / t.k + dx, y: cy - ((cy - t.y) * k) / t.k + dy, k };
}

/** `t` moved so that a node drawn at `before` is on screen where it was, now that it is at `after`. */
export function anchoredTransform(t: ViewTransform, before: { x: number; y: number }, after: { x: number; y: number }): ViewTransform {
  return { x: t.x + (before.x - after.x) * t.k, y: t.y + (before.y - after.y) * t.k, k: t.k };
}

/** Whether `box` lies wholly inside a `width` × `height` viewport under `t`. */
export function boxInView(box: Box, t: ViewTransform, width: number, height: number): boolean {
  const sx = t.x + box.x * t.k;
  const sy = t.y + box.y * t.k;
  return !(sx < 0 || sy < 0 || sx + box.width * t.k > width || sy + box.height * t.k > height);
}

/** Whether the whole of `bounds` is on screen under `t` (the minimap is then hidden). Runs every frame: allocates nothing. */
export function boundsInView(bounds: Bounds, t: ViewTransform, width: number, height: number): boolean {
  return (
    -t.x / t.k <= bounds.minX && -t.y / t.k <= bounds.minY && (width - t.x) / t.k >= bounds.maxX && (height - t.y) / t.k >= bounds.maxY
  );
}

/** The index of the box whose centre is nearest the centre of the viewport, or undefined when there is none. */
export function nearestToCentre(boxes: readonly Box[], t: ViewTransform, width: number, height: number): number | undefined {
  if (boxes.length === 0) return undefined;
  const cx = (width / 2 - t.x) / t.k;
  const cy = (height / 2 - t.y) / t.k;
  let best = 0;
  let bestD = Infinity;
  boxes.forEach((n, i) => {
    const d = (n.x + n.width / 2 - cx) ** 2 + (n.y + n.height / 2 - cy) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

/** A part of the viewport in screen pixels: what the toolbar and other floating panels leave clear. */
export interface Area {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Fit for reading: the whole of `bounds` in `area` if that needs a scale of at least `minScale` (the scale at
 * which labels stay legible), else `minScale`, with the view on `anchor` (a scene point: the explored node)
 * or on the graph's start (its left or top), never showing more than `margin` beyond the graph's edges. The
 * rest is a pan away.
 */
export function legibleFit(
  bounds: Bounds,
  area: Area,
  minScale: number,
  anchor?: { x: number; y: number },
  margin = 24,
  maxScale = 1,
): ViewTransform {
  const w = Math.max(bounds.maxX - bounds.minX, 1);
  const h = Math.max(bounds.maxY - bounds.minY, 1);
  const k = Math.max(minScale, Math.min(maxScale, (area.width - 2 * margin) / w, (area.height - 2 * margin) / h));
  const axis = (lo: number, hi: number, start: number, size: number, at: number | undefined): number => {
    if ((hi - lo) * k <= size - 2 * margin) return start + (size - (hi - lo) * k) / 2 - lo * k;
    const wanted = at === undefined ? start + margin - lo * k : start + size / 2 - at * k;
    return Math.min(start + margin - lo * k, Math.max(start + size - margin - hi * k, wanted));
  };
  return {
    x: axis(bounds.minX, bounds.maxX, area.left, area.width, anchor?.x),
    y: axis(bounds.minY, bounds.maxY, area.top, area.height, anchor?.y),
    k,
  };
}

/**
 * `t` panned (never zoomed) by as little as possible so that `box` lies inside `area` with `margin`; where
 * the box is larger than the area, its start (left, top) is shown.
 */
export function panToInclude(t: ViewTransform, box: Bounds, area: Area, margin = 16): ViewTransform {
  const axis = (offset: number, lo: number, hi: number, start: number, size: number): number => {
    const a = offset + lo * t.k;
    const b = offset + hi * t.k;
    if (b - a > size - 2 * margin) return start + margin - lo * t.k;
    if (a < start + margin) return offset + start + margin - a;
    if (b > start + size - margin) return offset - (b - (start + size - margin));
    return offset;
  };
  return { x: axis(t.x, box.minX, box.maxX, area.left, area.width), y: axis(t.y, box.minY, box.maxY, area.top, area.height), k: t.k };
}

/** `t` panned to include the first of `boxes` that fits in `area` at its scale (else the last one's start). */
export function includeFirstFitting(t: ViewTransform, boxes: readonly Bounds[], area: Area, margin = 16): ViewTransform {
  const fits = (b: Bounds) => (b.maxX - b.minX) * t.k <= area.width - 2 * margin && (b.maxY - b.minY) * t.k <= area.height - 2 * margin;
  const box = boxes.find(fits) ?? boxes.at(-1);
  return box ? panToInclude(t, box, area, margin) : t;
}
