/**
 * What the view highlights, as per-node and per-edge marks for the canvas and the overlay: the selected node's
 * lineage (everything upstream and downstream of it, and the edges on those paths) and the nodes matching the
 * search. Pure: works on a scene's adjacency by index, no DOM, so the unit tests check it on small graphs.
 */

/** Node marks: off the selected lineage, upstream of it, downstream of it, the selection itself. */
export const MARK_NONE = 0;
export const MARK_UPSTREAM = 1;
export const MARK_DOWNSTREAM = 2;
export const MARK_SELECTED = 3;

/** The adjacency a highlight needs: per node the indices it has an edge from (`up`) and to (`down`), and the edges. */
export interface HighlightGraph {
  readonly up: readonly (readonly number[])[];
  readonly down: readonly (readonly number[])[];
  readonly edges: readonly { readonly source: number; readonly target: number }[];
}

/** The selected node's lineage: a mark per node and per edge, and how many nodes are up- and downstream. */
export interface LineageMarks {
  node: Uint8Array;
  edge: Uint8Array;
  upstream: number;
  downstream: number;
}

/** Marks every node reachable from `start` along `next` (not `start` itself, even on a cycle through it). */
export function reach(next: readonly (readonly number[])[], start: number): Uint8Array {
  const seen = new Uint8Array(next.length);
  const stack = [start];
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const w of next[v]) {
      if (seen[w]) continue;
      seen[w] = 1;
      stack.push(w);
    }
  }
  seen[start] = 0;
  return seen;
}

/**
 * The lineage of node `selected`. A node both upstream and downstream (on a cycle through the selection) is
 * marked downstream; an edge is downstream when it leads out of the selection along downstream nodes, else
 * upstream when it leads into it along upstream nodes.
 */
export function lineageMarks(graph: HighlightGraph, selected: number): LineageMarks {
  const n = graph.up.length;
  const up = reach(graph.up, selected);
  const down = reach(graph.down, selected);
  const node = new Uint8Array(n);
  let upstream = 0;
  let downstream = 0;
  for (let i = 0; i < n; i++) {
    if (down[i]) {
      node[i] = MARK_DOWNSTREAM;
      downstream++;
    } else if (up[i]) {
      node[i] = MARK_UPSTREAM;
      upstream++;
    }
  }
  node[selected] = MARK_SELECTED;
  const edge = new Uint8Array(graph.edges.length);
  graph.edges.forEach((e, i) => {
    // Every edge between two ancestors (or into the node) lies on a path to the node, and likewise downstream.
    if (down[e.target] && (e.source === selected || down[e.source])) edge[i] = MARK_DOWNSTREAM;
    else if (up[e.source] && (e.target === selected || up[e.target])) edge[i] = MARK_UPSTREAM;
  });
  return { node, edge, upstream, downstream };
}

/**
 * The search marks: 1 per node whose id is in `found`, and the matching indices in reading order (left to
 * right, then top to bottom), the order Enter in the search box visits them.
 */
export function matchMarks(
  nodes: readonly { readonly id: string; readonly x: number; readonly y: number }[],
  found: ReadonlySet<string>,
): { match: Uint8Array; order: number[] } {
  const match = new Uint8Array(nodes.length);
  const order: number[] = [];
  nodes.forEach((s, i) => {
    if (found.has(s.id)) {
      match[i] = 1;
      order.push(i);
    }
  });
  order.sort((a, b) => nodes[a].x - nodes[b].x || nodes[a].y - nodes[b].y);
  return { match, order };
}
