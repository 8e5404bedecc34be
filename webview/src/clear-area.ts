/**
 * The part of the graph area that nodes can be fitted into: below the toolbar (which wraps onto more rows when
 * narrow) and above the legend under the graph (the DAG Lineage view's), in the surface's pixels.
 */
import type { Area } from './graph/viewport';

export function clearArea(surface: HTMLElement, graphArea: HTMLElement): Area {
  const box = surface.getBoundingClientRect();
  const bar = graphArea.querySelector<HTMLElement>('.ll-toolbar')?.getBoundingClientRect();
  const top = bar && bar.height > 0 ? Math.max(0, Math.min(box.height / 2, bar.bottom - box.top)) : 0;
  const legend = graphArea.querySelector<HTMLElement>('.ll-legend:not([hidden])')?.getBoundingClientRect();
  const bottom = legend && legend.height > 0 ? Math.max(0, Math.min(box.height / 4, box.bottom - legend.top)) : 0;
  return { left: 0, top, width: Math.max(1, box.width), height: Math.max(1, box.height - top - bottom) };
}
