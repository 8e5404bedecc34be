/**
 * The SVG overlay: real DOM for the few nodes near the focus (the selection and its neighbours, the keyboard
 * cursor, the hovered node, the explored node), drawn over the canvas with the same d3-zoom transform. It
 * gives them crisp text, CSS states and accessible names (the graph's `aria-activedescendant` points into
 * it); the canvas skips them. A keyed join, so a node keeps its element while it stays near the focus.
 * Pointer events go through to the surface below, which hit-tests canvas and overlay nodes alike.
 */
import { select, type Selection } from 'd3';
import { ariaLabelOf, handleCentre, ISSUE_BADGE, KIND_LETTER, NODE, type Scene, type SceneNode } from './graph/scene';
import type { DrawMarks, Transform } from './canvas-renderer';

export interface OverlayItem {
  index: number;
  node: SceneNode;
  /** 0 plain, 1 upstream, 2 downstream, 3 selected. */
  mark: number;
  dimmed: boolean;
  /** The scene's layers run top to bottom: the handles sit on the top and bottom sides. */
  vertical: boolean;
  cursor: boolean;
  hover: boolean;
  match: boolean;
  focus: boolean;
}

export class Overlay {
  readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly viewport: Selection<SVGGElement, unknown, null, undefined>;
  private readonly serials = new Map<string, number>();

  constructor(parent: HTMLElement) {
    this.svg = select(parent).append('svg').attr('class', 'll-overlay').attr('aria-hidden', null);
    this.viewport = this.svg.append('g').attr('class', 'viewport');
  }

  /** The element id of a node's overlay element (stable for the node's id). */
  elementId(id: string): string {
    let serial = this.serials.get(id);
    if (serial === undefined) this.serials.set(id, (serial = this.serials.size + 1));
    return `ll-node-${serial}`;
  }

  setTransform(t: Transform): void {
    this.viewport.attr('transform', `translate(${t.x},${t.y}) scale(${t.k})`);
    // Text below 6 px is noise; the canvas drops it at the same zoom.
    this.svg.classed('lod-far', t.k < 0.5);
  }

  update(items: OverlayItem[], selection: boolean): void {
    this.svg.classed('has-selection', selection);
    this.viewport
      .selectAll<SVGGElement, OverlayItem>('g.node')
      .data(items, (d) => d.node.id)
      .join((enter) => {
        const g = enter.append('g').attr('role', 'button');
        g.append('rect').attr('class', 'body');
        g.append('circle').attr('class', 'badge').attr('r', NODE.badgeRadius);
        g.append('text').attr('class', 'badge-letter').attr('text-anchor', 'middle').attr('dominant-baseline', 'central');
        g.append('text').attr('class', 'label');
        g.append('text').attr('class', 'sublabel');
        const issue = g.append('g').attr('class', 'issue').attr('transform', `translate(${ISSUE_BADGE.x},${ISSUE_BADGE.y})`);
        issue.append('circle').attr('r', ISSUE_BADGE.r);
        issue.append('text').attr('text-anchor', 'middle').attr('dominant-baseline', 'central').text('!');
        g.append('circle').attr('class', 'run-state').attr('r', 3.5);
        g.append('g').attr('class', 'handle upstream').call(handle);
        g.append('g').attr('class', 'handle downstream').call(handle);
        return g;
      })
      .attr('id', (d) => this.elementId(d.node.id))
      .attr('class', (d) =>
        [
          'node',
          d.node.kind,
          d.mark === 3 ? 'selected' : '',
          d.mark === 1 ? 'upstream' : '',
          d.mark === 2 ? 'downstream' : '',
          d.dimmed ? 'dimmed' : '',
          d.cursor ? 'cursor' : '',
          d.hover ? 'hover' : '',
          d.match ? 'match' : '',
          d.focus ? 'focus' : '',
          d.node.presence ? `presence-${d.node.presence}` : '',
        ]
          .filter(Boolean)
          .join(' '),
      )
      .attr('data-id', (d) => d.node.id)
      .attr('aria-label', (d) => ariaLabelOf(d.node))
      .attr('aria-pressed', (d) => String(d.mark === 3))
      .attr('transform', (d) => `translate(${d.node.x},${d.node.y})`)
      .each(function (d) {
        const n = d.node;
        const g = select(this);
        g.select('rect.body')
          .attr('width', n.width)
          .attr('height', n.height)
          .attr('rx', n.kind === 'dataset' || n.kind === 'field' || n.kind === 'more' ? n.height / 2 : 5);
        g.select('circle.badge')
          .attr('cx', NODE.badgeX)
          .attr('cy', n.height / 2);
        g.select('text.badge-letter')
          .attr('x', NODE.badgeX)
          .attr('y', n.height / 2)
          .text(KIND_LETTER[n.kind]);
        g.select('text.label')
          .selectAll('tspan')
          .data(n.lines)
          .join('tspan')
          .attr('x', NODE.textX)
          .attr('y', (_, i) => NODE.firstBaseline + i * NODE.lineHeight)
          .text((line) => line);
        g.select('text.sublabel')
          .attr('x', NODE.textX)
          .attr('y', NODE.firstBaseline + n.lines.length * NODE.lineHeight)
          .text(n.sublabel);
        g.select('g.issue').attr('display', n.issue ? null : 'none');
        g.select('circle.run-state')
          .attr('cx', n.width - 9)
          .attr('cy', 9)
          .attr('data-state', n.runState?.toUpperCase() ?? null)
          .attr('display', n.runState ? null : 'none');
        const up = handleCentre({ x: 0, y: 0, width: n.width, height: n.height }, 'up', d.vertical);
        const down = handleCentre({ x: 0, y: 0, width: n.width, height: n.height }, 'down', d.vertical);
        g.select('g.handle.upstream')
          .attr('transform', `translate(${up.x},${up.y})`)
          .attr('display', n.hiddenUp > 0 ? null : 'none')
          .attr('aria-label', `Show ${n.hiddenUp} more upstream`);
        g.select('g.handle.downstream')
          .attr('transform', `translate(${down.x},${down.y})`)
          .attr('display', n.hiddenDown > 0 ? null : 'none')
          .attr('aria-label', `Show ${n.hiddenDown} more downstream`);
      });
  }

  /** The overlay element of node `id`, if it is in the overlay. */
  element(id: string): SVGGElement | null {
    const serial = this.serials.get(id);
    return serial === undefined ? null : (this.svg.node()!.querySelector(`#ll-node-${serial}`) as SVGGElement | null);
  }
}

/** How many of the selection's direct neighbours the overlay draws at most. */
const OVERLAY_NEIGHBOURS = 24;

/**
 * What the overlay holds: the selection and its direct neighbours, the cursor, the hovered and the explored
 * node, each with its marks. Sets `marks.skip` to the nodes it holds, which the canvas then leaves out.
 */
export function overlayItems(
  scene: Scene,
  marks: DrawMarks,
  ids: { selected?: string; cursor?: string; hover?: string; focus?: string },
): OverlayItem[] {
  const picked = new Set<number>();
  const add = (id: string | undefined) => {
    const i = id !== undefined ? scene.nodeIndex.get(id) : undefined;
    if (i !== undefined) picked.add(i);
  };
  add(ids.selected);
  add(ids.cursor);
  add(ids.hover);
  add(ids.focus);
  const sel = ids.selected !== undefined ? scene.nodeIndex.get(ids.selected) : undefined;
  if (sel !== undefined) for (const i of [...scene.up[sel], ...scene.down[sel]].slice(0, OVERLAY_NEIGHBOURS)) picked.add(i);
  const skip = new Uint8Array(scene.nodes.length);
  const items: OverlayItem[] = [];
  for (const i of picked) {
    skip[i] = 1;
    const mark = marks.node?.[i] ?? 0;
    items.push({
      index: i,
      node: scene.nodes[i],
      mark,
      dimmed: (marks.node !== undefined && mark === 0) || (marks.match !== undefined && !marks.match[i]),
      vertical: scene.vertical,
      cursor: scene.nodes[i].id === ids.cursor,
      hover: scene.nodes[i].id === ids.hover,
      match: marks.match?.[i] === 1,
      focus: scene.nodes[i].id === ids.focus,
    });
  }
  marks.skip = skip;
  return items;
}

function handle(g: Selection<SVGGElement, OverlayItem, SVGGElement, unknown>): void {
  g.append('circle').attr('r', NODE.handleRadius - 1.5);
  g.append('path').attr('d', 'M-3.5,0H3.5M0,-3.5V3.5');
}

/** A node in words, for the live region: what it is and how many neighbours are shown and hidden. */
export function describeNode(scene: Scene, index: number): string {
  const n = scene.nodes[index];
  const parts = [ariaLabelOf(n)];
  const up = scene.up[index].length;
  const down = scene.down[index].length;
  parts.push(`${up} upstream, ${down} downstream shown`);
  if (n.hiddenUp > 0 || n.hiddenDown > 0) parts.push(`${n.hiddenUp} upstream and ${n.hiddenDown} downstream hidden`);
  return `${parts.join('; ')}.`;
}
