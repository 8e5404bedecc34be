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
