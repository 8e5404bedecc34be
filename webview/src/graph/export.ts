/**
 * Exports of the drawn graph. JSON is the shown part of the response in Marquez's own shape (so it opens
 * again as a lineage graph); SVG is a standalone drawing with the theme's colours written in (a file has no
 * `--vscode-*` variables). Pure string building: every name from the response goes through `xmlEscape`.
 */
import type { VisibleGraph } from './explore';
import { ISSUE_BADGE, KIND_LETTER, NODE, sceneBounds, tooltipOf, type Scene } from './scene';
import type { Palette } from '../palette';
import { runStateColor } from '../palette';

const TYPE_OF_KIND = { dataset: 'DATASET', job: 'JOB', field: 'DATASET_FIELD', run: 'RUN' } as const;

/** The shown nodes (not the "N more" ones) as a `GET /api/v1/lineage` response, with the edges among them. */
export function exportJson(visible: VisibleGraph): string {
  const inEdges = new Map<string, { origin: string; destination: string }[]>();
  const outEdges = new Map<string, { origin: string; destination: string }[]>();
  const shown = new Set(visible.nodes.map((n) => n.id));
  for (const e of visible.edges) {
    // A parent job's line to its child jobs is drawn, not lineage: the children name their parent themselves.
    if (e.member || !shown.has(e.source) || !shown.has(e.target)) continue;
    const edge = { origin: e.source, destination: e.target };
    (outEdges.get(e.source) ?? outEdges.set(e.source, []).get(e.source)!).push(edge);
    (inEdges.get(e.target) ?? inEdges.set(e.target, []).get(e.target)!).push(edge);
  }
  const graph = visible.nodes.map((n) => ({
    id: n.id,
    type: TYPE_OF_KIND[n.kind],
    data: n.data,
    inEdges: inEdges.get(n.id) ?? [],
    outEdges: outEdges.get(n.id) ?? [],
  }));
  return `${JSON.stringify({ graph }, null, 2)}\n`;
}

/** Escapes text for XML content and double-quoted attributes. */
export function xmlEscape(text: string): string {
  // Characters XML 1.0 forbids are dropped: a name with a control character must not break the file.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** An SVG path through an edge's points, curved like the canvas draws it. */
export function edgePathData(xy: ArrayLike<number>, start: number, end: number, vertical = false): string {
  let d = `M${r1(xy[2 * start])},${r1(xy[2 * start + 1])}`;
  for (let q = start + 1; q < end; q++) {
    const ax = xy[2 * q - 2];
    const ay = xy[2 * q - 1];
    const bx = xy[2 * q];
    const by = xy[2 * q + 1];
    if (Math.abs(vertical ? ax - bx : ay - by) < 0.5) d += `L${r1(bx)},${r1(by)}`;
    else if (vertical) {
      const dy = (by - ay) / 2;
      d += `C${r1(ax)},${r1(ay + dy)} ${r1(bx)},${r1(by - dy)} ${r1(bx)},${r1(by)}`;
    } else {
      const dx = (bx - ax) / 2;
      d += `C${r1(ax + dx)},${r1(ay)} ${r1(bx - dx)},${r1(by)} ${r1(bx)},${r1(by)}`;
    }
  }
  return d;
}

/**
 * A standalone SVG of the scene: every node and edge, the selection's lineage highlighted (`nodeMarks` /
 * `edgeMarks` as the canvas uses them), the theme's colours and font written in.
 */
export function exportSvg(scene: Scene, palette: Palette, title: string, nodeMarks?: Uint8Array, edgeMarks?: Uint8Array): string {
  const margin = 24;
  const b = sceneBounds(scene);
  const width = Math.ceil(b.maxX - b.minX + 2 * margin);
  const height = Math.ceil(b.maxY - b.minY + 2 * margin);
  const font = xmlEscape(palette.fontFamily);
  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${font}">`,
  );
  out.push(`<title>${xmlEscape(title)}</title>`);
  out.push(`<defs>`);
  for (const [id, colour] of [
    ['ll-arrow', palette.edge],
    ['ll-arrow-hl', palette.highlight],
  ] as const) {
    out.push(
      `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto"><path d="M0,1 L10,5 L0,9 z" fill="${colour}"/></marker>`,
    );
  }
  out.push(`</defs>`);
  out.push(`<rect width="100%" height="100%" fill="${palette.background}"/>`);
  out.push(`<g transform="translate(${r1(margin - b.minX)},${r1(margin - b.minY)})">`);
  out.push(`<g fill="none" stroke-width="1.5">`);
  // Highlighted edges last, over the others.
  const order = scene.edges.map((_, i) => i).sort((a, c) => (edgeMarks?.[a] ?? 0) - (edgeMarks?.[c] ?? 0));
  for (const i of order) {
    const e = scene.edges[i];
    const hl = (edgeMarks?.[i] ?? 0) > 0;
    const ending = e.member ? ' stroke-dasharray="6 4"' : ` marker-end="url(#${hl ? 'll-arrow-hl' : 'll-arrow'})"`;
    out.push(
      `<path d="${edgePathData(scene.xy, e.start, e.end, scene.vertical)}" stroke="${hl ? palette.highlight : palette.edge}"${hl ? ' stroke-width="2.5"' : ''}${ending}/>`,
    );
  }
  out.push(`</g>`);
  scene.nodes.forEach((n, i) => {
    const colours = palette.kind[n.kind];
    const mark = nodeMarks?.[i] ?? 0;
    const stroke = mark === 3 ? palette.focus : mark > 0 ? palette.highlight : colours.stroke;
    const strokeWidth = mark === 3 ? 3 : mark > 0 ? 1.5 : 1;
    const rx = n.kind === 'dataset' || n.kind === 'field' || n.kind === 'more' ? n.height / 2 : 5;
    out.push(`<g transform="translate(${r1(n.x)},${r1(n.y)})">`);
    out.push(`<title>${xmlEscape(tooltipOf(n))}</title>`);
    out.push(
      `<rect width="${n.width}" height="${n.height}" rx="${r1(rx)}" fill="${colours.fill}" stroke="${stroke}" stroke-width="${strokeWidth}"${n.kind === 'more' ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
    out.push(`<circle cx="${NODE.badgeX}" cy="${r1(n.height / 2)}" r="${NODE.badgeRadius}" fill="${colours.accent}"/>`);
    out.push(
      `<text x="${NODE.badgeX}" y="${r1(n.height / 2)}" text-anchor="middle" dominant-baseline="central" font-size="11" font-weight="700" fill="${palette.background}">${KIND_LETTER[n.kind]}</text>`,
    );
    const state = runStateColor(n.runState, palette);
    if (state) out.push(`<circle cx="${n.width - 9}" cy="9" r="3.5" fill="${state}"/>`);
    out.push(`<text font-size="12" font-weight="600" fill="${palette.foreground}">`);
    n.lines.forEach((line, l) =>
      out.push(`<tspan x="${NODE.textX}" y="${NODE.firstBaseline + l * NODE.lineHeight}">${xmlEscape(line)}</tspan>`),
    );
    out.push(`</text>`);
    out.push(
      `<text x="${NODE.textX}" y="${NODE.firstBaseline + n.lines.length * NODE.lineHeight}" font-size="11" fill="${palette.muted}">${xmlEscape(n.sublabel)}</text>`,
    );
    if (n.issue)
      out.push(
        `<g transform="translate(${ISSUE_BADGE.x},${ISSUE_BADGE.y})"><circle r="${ISSUE_BADGE.r}" fill="${palette.failed}" stroke="${palette.background}" stroke-width="1.5"/><text text-anchor="middle" dominant-baseline="central" font-size="11" font-weight="700" fill="${palette.background}">!</text></g>`,
      );
    out.push(`</g>`);
  });
  out.push(`</g>`);
  out.push(`</svg>`);
  return `${out.join('\n')}\n`;
}

/** File extensions a graph's title may carry (a saved response, a DAG file, a notebook): not part of the name. */
const TITLE_EXTENSION = /\.(json|py|ipynb)$/i;

/**
 * A file name for an export of the graph titled `title`: a saved response's file name, a node's name, or the
 * DAG view's `orders_etl.py · orders_etl`. Each ` · ` part loses a file extension, repeats are dropped, and
 * anything but letters, digits, `.`, `_` and `-` becomes one `-`: `orders_etl-lineage.svg`.
 */
export function exportFileName(title: string, format: 'svg' | 'png' | 'json'): string {
  const parts: string[] = [];
  for (const part of title.split(/\s*·\s*/)) {
    const slug = part
      .trim()
      .replace(TITLE_EXTENSION, '')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^[-.]+|[-.]+$/g, '');
    if (slug !== '' && !parts.includes(slug)) parts.push(slug);
  }
  const base = parts
    .join('-')
    .slice(0, 100)
    .replace(/[-.]+$/, '');
  return base === '' ? `lineage.${format}` : `${base}-lineage.${format}`;
}
