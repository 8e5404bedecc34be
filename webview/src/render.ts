/**
 * The thin drawing layer of the lineage viewer: turns a model and its layout into SVG with keyed d3 joins,
 * handles pan/zoom, selection and the details pane. Everything shown comes from an untrusted file, so every
 * string goes in with `.text()` / `textContent` or `setAttribute`, never as HTML. Colours come only from
 * `--vscode-*` variables, through the classes in styles.css.
 */
import { select, zoom, zoomIdentity, zoomTransform, type D3ZoomEvent, type Selection, type ZoomBehavior } from 'd3';
import type { ViewTransform } from '../../server/src/protocol/webview';
import { layoutGraph, type LayoutResult, type Point } from './graph/layout';
import { lineagePath, type GraphNode, type LineageModel, type LineagePath, type NodeKind } from './graph/model';

/** What the view reports whenever the user pans, zooms or selects, to be saved with `setState`. */
export interface ViewState {
  transform?: ViewTransform;
  selected?: string;
}

const MIN_NODE_WIDTH = 130;
const MAX_NODE_WIDTH = 220;
/** Baseline of the first label line, and the distance between lines. */
const FIRST_BASELINE = 19;
const LINE_HEIGHT = 14;
/** Below the last baseline (the sublabel's). */
const BOTTOM_PADDING = 12;
/** Left of the text: room for the badge. */
const TEXT_X = 36;
const PADDING_RIGHT = 11;
const BADGE_X = 19;
const LABEL_FONT = { size: 12, weight: 600 };
const SUBLABEL_FONT = { size: 11, weight: 400 };
const FIT_MARGIN = 32;

const KIND_LETTER: Record<NodeKind, string> = { job: 'J', dataset: 'D', field: 'F', run: 'R' };
const KIND_NAME: Record<NodeKind, string> = { job: 'Job', dataset: 'Dataset', field: 'Dataset field', run: 'Run' };

interface DrawnNode {
  id: string;
  kind: NodeKind;
  x: number;
  y: number;
  width: number;
  height: number;
  /** One or two lines. */
  label: string[];
  sublabel: string;
  tooltip: string;
}

interface DrawnEdge {
  id: string;
  d: string;
}

/**
 * An SVG path through the layout's points: straight where level, otherwise a cubic curve leaving and entering
 * horizontally, so edges read left to right and run flat through the columns they cross.
 */
export function edgePath(points: readonly Point[]): string {
  const r = (v: number) => Math.round(v * 10) / 10;
  let d = `M${r(points[0].x)},${r(points[0].y)}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (Math.abs(a.y - b.y) < 0.5) d += `L${r(b.x)},${r(b.y)}`;
    else {
      const dx = (b.x - a.x) / 2;
      d += `C${r(a.x + dx)},${r(a.y)} ${r(b.x - dx)},${r(b.y)} ${r(b.x)},${r(b.y)}`;
    }
  }
  return d;
}

/** Measures label widths with a canvas in the page's font, and shortens labels in the middle to fit. */
class TextFitter {
  private readonly context: CanvasRenderingContext2D | null;
  private readonly family: string;

  constructor(reference: Element) {
    this.context = document.createElement('canvas').getContext('2d');
    this.family = getComputedStyle(reference).fontFamily || 'sans-serif';
  }

  width(text: string, font: { size: number; weight: number }): number {
    if (!this.context) return text.length * font.size * 0.6;
    this.context.font = `${font.weight} ${font.size}px ${this.family}`;
    return this.context.measureText(text).width;
  }

  /**
   * A name in at most two lines of at most `max` pixels: whole on one line if it fits; otherwise broken after a
   * separator (`.`, `/`, `:`, else `_`, `-`), as evenly as possible while both lines fit, or else with the
   * longest first line that fits and the second shortened from its start; failing all that, one shortened line.
   */
  lines(text: string, max: number, font: { size: number; weight: number }): string[] {
    if (this.width(text, font) <= max) return [text];
    for (const separators of ['./:', '_-']) {
      let best: { first: string; second: string; fits: boolean; score: number } | undefined;
      for (let i = 1; i < text.length; i++) {
        if (!separators.includes(text[i - 1])) continue;
        const first = text.slice(0, i);
        const w1 = this.width(first, font);
        if (w1 > max) break;
        const second = text.slice(i);
        const w2 = this.width(second, font);
        const fits = w2 <= max;
        // Both fitting beats one shortened; among fitting breaks the most even, else the longest first line.
        const score = fits ? Math.max(w1, w2) : 2 * max - w1;
        if (!best || (fits && !best.fits) || (fits === best.fits && score < best.score)) best = { first, second, fits, score };
      }
      if (best) return [best.first, best.fits ? best.second : this.fit(best.second, max, font)];
    }
    return [this.fit(text, max, font)];
  }

  /**
   * `text` if it fits in `max` pixels. Otherwise, for a dotted or slashed name (`dag.task`, `db.schema.table`,
   * `bucket/path`), an ellipsis and the longest run of trailing segments that fits, since the end is what tells
   * names apart; failing that (or with `keepTail` false), the start and end of `text` around an ellipsis.
   */
  fit(text: string, max: number, font: { size: number; weight: number }, keepTail = true): string {
    if (this.width(text, font) <= max) return text;
    for (let i = 1; keepTail && i < text.length - 1; i++) {
      if (!'./:'.includes(text[i - 1])) continue;
      const tail = `…${text.slice(i)}`;
      if (this.width(tail, font) <= max) return tail;
    }
    let low = 0;
    let high = text.length;
    const cut = (keep: number) => `${text.slice(0, Math.ceil(keep / 2))}…${text.slice(text.length - Math.floor(keep / 2))}`;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (this.width(cut(mid), font) <= max) low = mid;
      else high = mid - 1;
    }
    return cut(low);
  }
}

/**
 * Sets `text` as the content of `element`, with a line-break opportunity (`<wbr>`) after each `.`, `/`, `:`
 * and `_`, so that long names wrap between their parts. Text nodes only: nothing is parsed as HTML.
 */
function setBreakableText(element: Element, text: string): void {
  element.replaceChildren();
  for (const part of text.split(/(?<=[./:_])/)) {
    element.append(document.createTextNode(part), document.createElement('wbr'));
  }
  element.lastChild?.remove();
}

function sublabelOf(node: GraphNode): string {
  if (node.kind === 'field') return node.parent ?? node.namespace;
  if (node.kind === 'run') return node.subtype ?? '';
  return node.namespace;
}

function latestRunState(node: GraphNode): string | undefined {
  const run = node.data.latestRun;
  if (typeof run === 'object' && run !== null && typeof (run as Record<string, unknown>).state === 'string') return (run as Record<string, string>).state;
  return undefined;
}

export class GraphView {
  private readonly graphArea: Selection<HTMLDivElement, unknown, null, undefined>;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly viewport: Selection<SVGGElement, unknown, null, undefined>;
  private readonly edgeLayer: Selection<SVGGElement, unknown, null, undefined>;
  private readonly nodeLayer: Selection<SVGGElement, unknown, null, undefined>;
  private readonly details: Selection<HTMLElement, unknown, null, undefined>;
  private readonly stateBox: Selection<HTMLDivElement, unknown, null, undefined>;
  private readonly zoomBehavior: ZoomBehavior<SVGSVGElement, unknown>;
  private model: LineageModel | undefined;
  private layout: LayoutResult | undefined;
  private selected: string | undefined;
  private path: LineagePath | undefined;
  private title = '';

  constructor(root: HTMLElement, private readonly onStateChange: (state: ViewState) => void) {
    const app = select(root);
    app.selectAll('*').remove();
    app.classed('ll-root', true);
    this.graphArea = app.append('div').attr('class', 'll-graph');
    this.svg = this.graphArea.append('svg').attr('class', 'll-svg').attr('role', 'group').attr('aria-label', 'Lineage graph');
    const defs = this.svg.append('defs');
    for (const variant of ['', 'upstream', 'downstream']) {
      defs
        .append('marker')
        .attr('id', variant ? `ll-arrow-${variant}` : 'll-arrow')
        .attr('class', `ll-arrow ${variant}`.trim())
        .attr('viewBox', '0 0 10 10')
        .attr('refX', 9)
        .attr('refY', 5)
        .attr('markerUnits', 'userSpaceOnUse')
        .attr('markerWidth', 9)
        .attr('markerHeight', 9)
        .attr('orient', 'auto')
        .append('path')
        .attr('d', 'M0,1 L10,5 L0,9 z');
    }
    this.viewport = this.svg.append('g').attr('class', 'viewport');
    this.edgeLayer = this.viewport.append('g').attr('class', 'edges');
    this.nodeLayer = this.viewport.append('g').attr('class', 'nodes');

    const toolbar = this.graphArea.append('div').attr('class', 'll-toolbar');
    toolbar
      .append('button')
      .attr('class', 'll-button fit')
      .attr('type', 'button')
      .attr('title', 'Fit the whole graph in view')
      .text('Fit')
      .on('click', () => this.fit());
    this.details = app.append('aside').attr('class', 'll-details').attr('aria-live', 'polite');
    this.stateBox = app.append('div').attr('class', 'll-state').attr('role', 'status');

    this.zoomBehavior = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.02, 4])
      .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => this.viewport.attr('transform', event.transform.toString()))
      .on('end', () => this.emitState());
    this.svg.call(this.zoomBehavior).on('dblclick.zoom', null);
    // d3-zoom swallows the click that ends a drag, so this only fires on a real click on the background.
    this.svg.on('click', (event: MouseEvent) => {
      if (event.target === this.svg.node()) this.select(undefined);
    });
    window.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.selected !== undefined) this.select(undefined);
    });
    this.showMessage('loading', 'Loading the lineage graph…', []);
  }

  /** Draws `model`; restores a saved view, or fits the graph and selects `focus` when given. */
  showGraph(model: LineageModel, title: string, restore: ViewState & { focus?: string } = {}): void {
    this.title = title;
    if (model.nodes.length === 0) {
      this.model = undefined;
      this.showMessage('empty', 'This lineage response has no nodes.', [
        { text: `"graph" in ${title} is an empty list, so there is nothing to draw.` },
        { text: 'Check that the request named an existing job or dataset as its nodeId (job:<namespace>:<name> or dataset:<namespace>:<name>), URL-encoded, for example:' },
        { code: "curl -G 'http://marquez:5000/api/v1/lineage' --data-urlencode 'nodeId=dataset:postgres://warehouse:5432:public.orders' > lineage.json" },
      ]);
      return;
    }
    this.model = model;
    this.showMessage(undefined, '', []);
    this.draw();
    const selected = restore.selected !== undefined && model.nodeById.has(restore.selected) ? restore.selected : restore.focus !== undefined && model.nodeById.has(restore.focus) ? restore.focus : undefined;
    this.applySelection(selected);
    const t = restore.transform;
    if (t && [t.x, t.y, t.k].every(Number.isFinite) && t.k > 0) this.svg.call(this.zoomBehavior.transform, zoomIdentity.translate(t.x, t.y).scale(t.k));
    else this.fit();
  }

  /** Replaces the graph with an error: what went wrong and what to do about it. */
  showError(message: string, source: 'response' | 'host'): void {
    this.model = undefined;
    if (source === 'response') {
      this.showMessage('error', `${this.title || 'This file'} is not a Marquez lineage response.`, [
        { text: message, className: 'll-error-detail' },
        { text: 'Save the response of GET /api/v1/lineage exactly as Marquez returns it, for example:' },
        { code: "curl -G 'http://marquez:5000/api/v1/lineage' --data-urlencode 'nodeId=dataset:postgres://warehouse:5432:public.orders' > lineage.json" },
        { text: 'then open that file with "Lineage Lens: Open Lineage Graph from JSON File".' },
      ]);
    } else {
      this.showMessage('error', 'The lineage graph cannot be shown.', [
        { text: message, className: 'll-error-detail' },
        { text: 'Open the file again with "Lineage Lens: Open Lineage Graph from JSON File".' },
      ]);
    }
  }

  setTitle(title: string): void {
    this.title = title;
  }

  /** Scales and centres the graph to fit the visible area (never enlarging past 100 %). */
  fit(): void {
    if (!this.layout) return;
    const box = (this.svg.node() as SVGSVGElement).getBoundingClientRect();
    const width = Math.max(box.width, 1);
    const height = Math.max(box.height, 1);
    const k = Math.min(1, (width - 2 * FIT_MARGIN) / Math.max(this.layout.width, 1), (height - 2 * FIT_MARGIN) / Math.max(this.layout.height, 1));
    const scale = Math.max(k, 0.02);
    const x = (width - this.layout.width * scale) / 2;
    const y = (height - this.layout.height * scale) / 2;
    this.svg.call(this.zoomBehavior.transform, zoomIdentity.translate(x, y).scale(scale));
  }

  /** Selects a node (or nothing), highlights its lineage and shows its details. */
  select(id: string | undefined, options: { center?: boolean } = {}): void {
    this.applySelection(id);
    if (options.center && id !== undefined && this.layout) {
      const n = this.layout.nodes.find((p) => p.id === id);
      if (n) this.svg.call(this.zoomBehavior.translateTo, n.x + n.width / 2, n.y + n.height / 2);
    }
    this.emitState();
  }

  private applySelection(id: string | undefined): void {
    const model = this.model;
    this.selected = model && id !== undefined && model.nodeById.has(id) ? id : undefined;
    this.path = model && this.selected !== undefined ? lineagePath(model, this.selected) : undefined;
    const path = this.path;
    const sel = this.selected;
    this.svg.classed('has-selection', sel !== undefined);
    this.nodeLayer
      .selectAll<SVGGElement, DrawnNode>('g.node')
      .classed('selected', (d) => d.id === sel)
      .classed('upstream', (d) => !!path?.upstream.has(d.id))
      .classed('downstream', (d) => !!path?.downstream.has(d.id))
      .attr('aria-pressed', (d) => String(d.id === sel));
    const edges = this.edgeLayer.selectAll<SVGPathElement, DrawnEdge>('path.edge');
    edges
      .classed('upstream', (d) => path?.edges.get(d.id) === 'upstream')
      .classed('downstream', (d) => path?.edges.get(d.id) === 'downstream')
      .attr('marker-end', (d) => {
        const side = path?.edges.get(d.id);
        return side ? `url(#ll-arrow-${side})` : 'url(#ll-arrow)';
      });
    // Highlighted edges are drawn last, over the others.
    if (path) edges.filter((d) => path.edges.has(d.id)).raise();
    this.renderDetails();
  }

  private emitState(): void {
    if (!this.model) return;
    const t = zoomTransform(this.svg.node() as SVGSVGElement);
    this.onStateChange({ transform: { x: t.x, y: t.y, k: t.k }, selected: this.selected });
  }

  private draw(): void {
    const model = this.model!;
    const fitter = new TextFitter(this.svg.node() as Element);
    const maxRoom = MAX_NODE_WIDTH - TEXT_X - PADDING_RIGHT;
    const texts = model.nodes.map((n) => {
      const label = fitter.lines(n.label, maxRoom, LABEL_FONT);
      const sublabel = sublabelOf(n);
      const textWidth = Math.max(...label.map((l) => fitter.width(l, LABEL_FONT)), fitter.width(sublabel, SUBLABEL_FONT));
      const width = Math.ceil(Math.min(MAX_NODE_WIDTH, Math.max(MIN_NODE_WIDTH, TEXT_X + textWidth + PADDING_RIGHT)));
      return { label, sublabel: fitter.fit(sublabel, width - TEXT_X - PADDING_RIGHT, SUBLABEL_FONT, false), width };
    });
    const sizes = model.nodes.map((n, i) => ({ id: n.id, width: texts[i].width, height: FIRST_BASELINE + LINE_HEIGHT * texts[i].label.length + BOTTOM_PADDING }));
    const layout = layoutGraph(sizes, model.edges, { layerGap: 50, nodeGap: 16 });
    this.layout = layout;
    const drawnNodes: DrawnNode[] = layout.nodes.map((p, i) => {
      const n = model.nodeById.get(p.id)!;
      return {
        id: n.id,
        kind: n.kind,
        x: p.x,
        y: p.y,
        width: p.width,
        height: p.height,
        label: texts[i].label,
        sublabel: texts[i].sublabel,
        tooltip: `${KIND_NAME[n.kind]} ${n.name}${n.namespace ? `\n${n.namespace}` : ''}`,
      };
    });
    const drawnEdges: DrawnEdge[] = layout.edges.map((e) => ({ id: e.id, d: edgePath(e.points) }));

    this.edgeLayer
      .selectAll<SVGPathElement, DrawnEdge>('path.edge')
      .data(drawnEdges, (d) => d.id)
      .join((enter) => enter.append('path').attr('class', 'edge').attr('marker-end', 'url(#ll-arrow)'))
      .attr('d', (d) => d.d);

    this.nodeLayer
      .selectAll<SVGGElement, DrawnNode>('g.node')
      .data(drawnNodes, (d) => d.id)
      .join((enter) => {
        const g = enter.append('g').attr('tabindex', 0).attr('role', 'button');
        g.append('title');
        g.append('rect').attr('class', 'body');
        g.append('circle').attr('class', 'badge').attr('r', 10.5);
        g.append('text').attr('class', 'badge-letter').attr('text-anchor', 'middle').attr('dominant-baseline', 'central');
        g.append('text').attr('class', 'label');
        g.append('text').attr('class', 'sublabel');
        g.on('click', (event: MouseEvent, d) => {
          event.stopPropagation();
          this.select(d.id);
        });
        g.on('keydown', (event: KeyboardEvent, d) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            this.select(d.id);
          }
        });
        return g;
      })
      .attr('class', (d) => `node ${d.kind}`)
      .attr('data-id', (d) => d.id)
      .attr('aria-label', (d) => `${KIND_NAME[d.kind]} ${d.label.join('')}${d.sublabel ? ` in ${d.sublabel}` : ''}`)
      .attr('transform', (d) => `translate(${d.x},${d.y})`)
      .call((g) => {
        g.select('title').text((d) => d.tooltip);
        g.select('rect.body')
          .attr('width', (d) => d.width)
          .attr('height', (d) => d.height)
          // Datasets are pills, jobs are boxes: the shape tells them apart even without colour.
          .attr('rx', (d) => (d.kind === 'dataset' || d.kind === 'field' ? d.height / 2 : 5));
        g.select('circle.badge').attr('cx', BADGE_X).attr('cy', (d) => d.height / 2);
        g.select('text.badge-letter').attr('x', BADGE_X).attr('y', (d) => d.height / 2).text((d) => KIND_LETTER[d.kind]);
        g.select('text.label')
          .selectAll('tspan')
          .data((d) => d.label)
          .join('tspan')
          .attr('x', TEXT_X)
          .attr('y', (_, i) => FIRST_BASELINE + i * LINE_HEIGHT)
          .text((line) => line);
        g.select('text.sublabel').attr('x', TEXT_X).attr('y', (d) => FIRST_BASELINE + d.label.length * LINE_HEIGHT).text((d) => d.sublabel);
      });
  }

  /** Shows a full-panel message instead of the graph (`kind` undefined hides it). */
  private showMessage(kind: 'loading' | 'empty' | 'error' | undefined, heading: string, paragraphs: { text?: string; code?: string; className?: string }[]): void {
    const root = select(this.graphArea.node()!.parentElement!);
    root.attr('data-state', kind ?? 'graph');
    this.stateBox.selectAll('*').remove();
    if (kind === undefined) {
      this.stateBox.attr('hidden', true);
      return;
    }
    this.layout = undefined;
    this.selected = undefined;
    this.edgeLayer.selectAll('*').remove();
    this.nodeLayer.selectAll('*').remove();
    this.details.selectAll('*').remove();
    this.stateBox.attr('hidden', null).attr('class', `ll-state ${kind}`);
    this.stateBox.append('h2').text(heading);
    for (const p of paragraphs) {
      if (p.code !== undefined) this.stateBox.append('pre').append('code').text(p.code);
      else this.stateBox.append('p').attr('class', p.className ?? null).text(p.text ?? '');
    }
  }

  private renderDetails(): void {
    const model = this.model;
    const details = this.details;
    details.selectAll('*').remove();
    if (!model) return;
    const node = this.selected !== undefined ? model.nodeById.get(this.selected) : undefined;
    if (!node) {
      const jobs = model.nodes.filter((n) => n.kind === 'job').length;
      const datasets = model.nodes.filter((n) => n.kind === 'dataset').length;
      const others = model.nodes.length - jobs - datasets;
      details.append('h2').attr('class', 'll-title').text(this.title);
      const counts = [`${jobs} ${jobs === 1 ? 'job' : 'jobs'}`, `${datasets} ${datasets === 1 ? 'dataset' : 'datasets'}`];
      if (others > 0) counts.push(`${others} other ${others === 1 ? 'node' : 'nodes'}`);
      details.append('p').attr('class', 'll-summary').text(`${counts.join(', ')}; ${model.edges.length} ${model.edges.length === 1 ? 'edge' : 'edges'}.`);
      if (model.danglingEdges > 0) {
        const n = model.danglingEdges;
        details.append('p').attr('class', 'll-note').text(`${n} ${n === 1 ? 'edge leads' : 'edges lead'} to nodes outside this response (beyond the requested depth) and ${n === 1 ? 'is' : 'are'} not drawn.`);
      }
      if (model.duplicateNodes > 0) details.append('p').attr('class', 'll-note').text(`${model.duplicateNodes} repeated ${model.duplicateNodes === 1 ? 'node was' : 'nodes were'} ignored.`);
      details.append('p').attr('class', 'll-hint').text('Select a node to see its details and highlight what feeds it (upstream) and what it feeds (downstream). Scroll to zoom, drag to pan, Escape to clear the selection.');
      return;
    }

    const header = details.append('div').attr('class', `ll-heading ${node.kind}`);
    header.append('span').attr('class', 'll-kind-badge').attr('aria-hidden', 'true').text(KIND_LETTER[node.kind]);
    header.append('h2').attr('class', 'll-name').each(function () {
      setBreakableText(this, node.label);
    });
    const dl = details.append('dl').attr('class', 'll-props');
    const row = (term: string, value: string | undefined, className?: string) => {
      if (value === undefined || value === '') return;
      dl.append('dt').text(term);
      dl.append('dd').attr('class', className ?? null).each(function () {
        setBreakableText(this, value);
      });
    };
    row('Type', node.subtype ? `${KIND_NAME[node.kind]} · ${node.subtype}` : KIND_NAME[node.kind]);
    row('Namespace', node.namespace, 'll-mono');
    row('Name', node.name, 'll-mono');
    row(node.kind === 'field' ? 'Dataset' : 'Parent job', node.parent, 'll-mono');
    row('Latest run', latestRunState(node));
    row('Description', node.description);

    if (node.kind === 'dataset') {
      details.append('h3').text(`Fields (${node.fields.length})`);
      if (node.fields.length === 0) details.append('p').attr('class', 'll-hint').text('Marquez lists no fields for this dataset.');
      else {
        const list = details.append('ul').attr('class', 'll-fields');
        for (const f of node.fields) {
          const li = list.append('li');
          li.append('span').attr('class', 'll-field-name').text(f.name);
          if (f.type !== undefined) li.append('span').attr('class', 'll-field-type').text(f.type);
          if (f.description !== undefined) li.attr('title', f.description);
        }
      }
    }

    const path = this.path!;
    details.append('p').attr('class', 'll-summary').text(`${path.upstream.size} upstream, ${path.downstream.size} downstream (highlighted).`);
    const neighbours = (heading: string, ids: readonly string[]) => {
      if (ids.length === 0) return;
      details.append('h3').text(`${heading} (${ids.length})`);
      const list = details.append('ul').attr('class', 'll-neighbours');
      for (const id of ids) {
        const n = model.nodeById.get(id)!;
        list
          .append('li')
          .append('button')
          .attr('type', 'button')
          .attr('class', `ll-link ${n.kind}`)
          .attr('title', `${KIND_NAME[n.kind]} ${n.namespace}:${n.name}`)
          .text(n.label)
          .on('click', () => this.select(id, { center: true }));
      }
    };
    const [inHeading, outHeading] = node.kind === 'job' ? ['Reads', 'Writes'] : node.kind === 'dataset' ? ['Written by', 'Read by'] : ['Upstream', 'Downstream'];
    neighbours(inHeading, model.incoming.get(node.id) ?? []);
    neighbours(outHeading, model.outgoing.get(node.id) ?? []);
  }
}
