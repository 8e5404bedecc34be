/**
 * The graph's pointer and keyboard input. Canvas nodes have no DOM, so clicks and hovers are hit-tested against
 * the scene; the keyboard moves a cursor between neighbours. What an input means is decided here; what it does
 * is the view's (through {@link InputHost}).
 */
import type { GraphVariant } from '../../protocol/webview';
import type { Side } from './graph/explore';
import { tooltipOf, type HitPart, type Scene } from './graph/scene';
import { describeNode } from './overlay';

/** What the input handlers read of the view, and the view's actions they call. */
export interface InputHost {
  scene(): Scene | undefined;
  selected(): string | undefined;
  cursor(): string | undefined;
  variant(): GraphVariant;
  hitAt(clientX: number, clientY: number): { index: number; part: HitPart } | undefined;
  select(id: string | undefined): void;
  expand(id: string, side: Side): void;
  openGroup(id: string): void;
  exploreFrom(id: string): void;
  /** The DAG Lineage view's click on a node (see GraphView.activate). */
  activate(id: string): void;
  fit(): void;
  center(): void;
  scaleBy(factor: number): void;
  focusSearch(): void;
  /** The index of the node nearest the centre of the view. */
  nearestToCentre(): number | undefined;
  moveCursor(index: number): void;
  /** Marks the node under the pointer (undefined: none). */
  setHover(id: string | undefined): void;
  showTooltip(text: string, clientX: number, clientY: number): void;
  hideTooltip(): void;
  announce(text: string): void;
}

const ARROWS: Readonly<Record<string, 'left' | 'right' | 'up' | 'down'>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/** Listens to the pointer and the keyboard on `surface` (and Escape anywhere, to clear the selection). */
export function attachInput(surface: HTMLElement, host: InputHost): void {
  let pendingPointer: { x: number; y: number } | undefined;

  const onClick = (event: MouseEvent) => {
    const hit = host.hitAt(event.clientX, event.clientY);
    const scene = host.scene();
    if (!hit || !scene) return host.select(undefined);
    const n = scene.nodes[hit.index];
    if (hit.part === 'expand-upstream') return host.expand(n.id, 'upstream');
    if (hit.part === 'expand-downstream') return host.expand(n.id, 'downstream');
    if (n.group && host.selected() === n.id) return host.openGroup(n.id);
    host.select(n.id);
    if (host.variant() === 'side' && n.node) host.activate(n.node.id);
  };

  const onDoubleClick = (event: MouseEvent) => {
    const hit = host.hitAt(event.clientX, event.clientY);
    const scene = host.scene();
    if (!hit || !scene || hit.part !== 'body') return;
    const n = scene.nodes[hit.index];
    if (n.group) host.openGroup(n.id);
    else host.exploreFrom(n.id);
  };

  // Hit-tested once a frame, however many moves the frame saw.
  const onPointerMove = (event: PointerEvent) => {
    if (event.buttons !== 0) return;
    const first = pendingPointer === undefined;
    pendingPointer = { x: event.clientX, y: event.clientY };
    if (!first) return;
    requestAnimationFrame(() => {
      const p = pendingPointer!;
      pendingPointer = undefined;
      const hit = host.hitAt(p.x, p.y);
      const scene = host.scene();
      const n = hit && scene ? scene.nodes[hit.index] : undefined;
      host.setHover(n?.id);
      surface.style.cursor = n ? 'pointer' : '';
      if (n)
        host.showTooltip(
          hit!.part === 'body'
            ? tooltipOf(n)
            : hit!.part === 'expand-upstream'
              ? `Show ${n.hiddenUp} more upstream`
              : `Show ${n.hiddenDown} more downstream`,
          p.x,
          p.y,
        );
      else host.hideTooltip();
    });
  };

  const onKey = (event: KeyboardEvent) => {
    const scene = host.scene();
    if (!scene) return;
    const key = event.key;
    const cursor = host.cursor();
    if (key in ARROWS) {
      event.preventDefault();
      const from = cursor !== undefined ? scene.nodeIndex.get(cursor) : undefined;
      if (from === undefined) {
        const nearest = host.nearestToCentre();
        if (nearest !== undefined) host.moveCursor(nearest);
        return;
      }
      if (event.shiftKey && (key === 'ArrowLeft' || key === 'ArrowRight'))
        return host.expand(scene.nodes[from].id, key === 'ArrowLeft' ? 'upstream' : 'downstream');
      const next = scene.step(from, ARROWS[key]);
      if (next === undefined) {
        host.announce(
          `No node ${key === 'ArrowLeft' ? 'upstream' : key === 'ArrowRight' ? 'downstream' : key === 'ArrowUp' ? 'above' : 'below'}.`,
        );
        return;
      }
      return host.moveCursor(next);
    }
    if (key === 'Enter' || key === ' ') {
      event.preventDefault();
      const i = cursor !== undefined ? scene.nodeIndex.get(cursor) : host.nearestToCentre();
      if (i === undefined) return;
      const n = scene.nodes[i];
      if (n.group && host.selected() === n.id) host.openGroup(n.id);
      else {
        host.select(n.id);
        if (host.variant() === 'side' && n.node) host.activate(n.node.id);
      }
      host.announce(describeNode(scene, i));
    } else if (key === 'f' || key === 'F') host.fit();
    else if (key === 'c' || key === 'C') host.center();
    else if (key === '+' || key === '=') host.scaleBy(1.25);
    else if (key === '-' || key === '_') host.scaleBy(0.8);
    else if (key === '/') {
      event.preventDefault();
      host.focusSearch();
    }
  };

  surface.addEventListener('click', onClick);
  surface.addEventListener('dblclick', onDoubleClick);
  surface.addEventListener('pointermove', onPointerMove);
  surface.addEventListener('pointerleave', () => host.setHover(undefined));
  surface.addEventListener('keydown', onKey);
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && host.selected() !== undefined && !(e.target instanceof HTMLInputElement)) host.select(undefined);
  });
}
