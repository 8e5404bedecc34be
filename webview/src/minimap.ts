/**
 * The minimap: the whole scene in miniature (drawn once per layout or theme into a bitmap) and the viewport
 * as a rectangle (redrawn per frame, a blit and a stroke). Clicking or dragging in it moves the view there.
 */
import { sceneBounds, type Scene } from './graph/scene';
import type { Transform } from './canvas-renderer';
import type { Palette } from './palette';

export const MINIMAP_WIDTH = 200;
export const MINIMAP_HEIGHT = 120;
const MARGIN = 6;

/** Maps world coordinates into the minimap and back. */
export interface MinimapMapping {
  scale: number;
  offsetX: number;
  offsetY: number;
}

export function minimapMapping(
  bounds: { minX: number; minY: number; maxX: number; maxY: number },
  width = MINIMAP_WIDTH,
  height = MINIMAP_HEIGHT,
): MinimapMapping {
  const w = Math.max(bounds.maxX - bounds.minX, 1);
  const h = Math.max(bounds.maxY - bounds.minY, 1);
  const scale = Math.min((width - 2 * MARGIN) / w, (height - 2 * MARGIN) / h);
  return { scale, offsetX: (width - w * scale) / 2 - bounds.minX * scale, offsetY: (height - h * scale) / 2 - bounds.minY * scale };
}

export class Minimap {
  readonly canvas: HTMLCanvasElement;
  private readonly bitmap = document.createElement('canvas');
  private mapping: MinimapMapping = { scale: 1, offsetX: 0, offsetY: 0 };
  private palette: Palette | undefined;
  private dpr = 1;

  constructor(
    parent: HTMLElement,
    private readonly navigate: (x: number, y: number) => void,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'll-minimap';
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Minimap of the whole graph; click to move the view there');
    this.canvas.title = 'Minimap: click or drag to move the view';
    parent.append(this.canvas);
    let dragging = false;
    const go = (event: PointerEvent) => {
      const box = this.canvas.getBoundingClientRect();
      const mx = ((event.clientX - box.left) / box.width) * MINIMAP_WIDTH;
      const my = ((event.clientY - box.top) / box.height) * MINIMAP_HEIGHT;
      this.navigate((mx - this.mapping.offsetX) / this.mapping.scale, (my - this.mapping.offsetY) / this.mapping.scale);
    };
    this.canvas.addEventListener('pointerdown', (event) => {
      dragging = true;
      this.canvas.setPointerCapture(event.pointerId);
      go(event);
    });
    this.canvas.addEventListener('pointermove', (event) => {
      if (dragging) go(event);
    });
    this.canvas.addEventListener('pointerup', () => (dragging = false));
    this.canvas.addEventListener('pointercancel', () => (dragging = false));
  }

  /** Redraws the miniature of `scene` (after a layout, or when the theme changes). */
  setScene(scene: Scene | undefined, palette: Palette): void {
    this.palette = palette;
    this.dpr = Math.max(1, window.devicePixelRatio || 1);
    for (const c of [this.canvas, this.bitmap]) {
      c.width = Math.round(MINIMAP_WIDTH * this.dpr);
      c.height = Math.round(MINIMAP_HEIGHT * this.dpr);
    }
    const ctx = this.bitmap.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.bitmap.width, this.bitmap.height);
    if (!scene) return;
    this.mapping = minimapMapping(sceneBounds(scene));
    const { scale, offsetX, offsetY } = this.mapping;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = palette.background;
    ctx.fillRect(0, 0, MINIMAP_WIDTH, MINIMAP_HEIGHT);
    const byKind = new Map<string, number[]>();
    scene.nodes.forEach((n, i) => {
      let list = byKind.get(n.kind);
      if (!list) byKind.set(n.kind, (list = []));
      list.push(i);
    });
    for (const [kind, list] of byKind) {
      ctx.fillStyle = palette.kind[kind as keyof Palette['kind']].accent;
      ctx.beginPath();
      for (const i of list) {
        const n = scene.nodes[i];
        ctx.rect(offsetX + n.x * scale, offsetY + n.y * scale, Math.max(1, n.width * scale), Math.max(1, n.height * scale));
      }
      ctx.fill();
    }
  }

  /** Redraws the viewport rectangle for transform `t` over a `width` × `height` view. */
  update(t: Transform, width: number, height: number): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || !this.palette) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.drawImage(this.bitmap, 0, 0);
    const { scale, offsetX, offsetY } = this.mapping;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const x = offsetX + (-t.x / t.k) * scale;
    const y = offsetY + (-t.y / t.k) * scale;
    const w = (width / t.k) * scale;
    const h = (height / t.k) * scale;
    ctx.strokeStyle = this.palette.focus;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(x, y, w, h);
  }
}
