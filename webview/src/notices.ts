/**
 * What the banner and the status line say about what is shown: why a search or an exploration shows nothing
 * and what to do next, what an expansion added, and how much of the graph is on screen. Pure: no DOM; the
 * buttons run the view's actions.
 */
import type { GraphMode } from '../../protocol/webview';
import type { ExploreState, Side, VisibleGraph } from './graph/explore';
import type { GraphNode, LineageModel } from './graph/model';
import { count } from '../../common/plural';

/** A line of the banner, with buttons. */
export interface Notice {
  text: string;
  actions?: { label: string; run: () => void }[];
}

/** What the banner's buttons do. */
export interface NoticeActions {
  clearSearch(): void;
  /** Shows the whole response (no focus). */
  showEverything(): void;
  showBothDirections(): void;
  /** Asks the host for the lineage of `id` beyond the response. */
  fetch(id: string, side: Side): void;
}

/**
 * When the search matches no shown node: says so, and offers to clear it, or to show everything when nodes
 * outside the exploration match (`elsewhere`, how many).
 */
export function noMatchNotice(search: string, elsewhere: number, actions: NoticeActions): Notice {
  const buttons = [{ label: 'Clear the search', run: () => actions.clearSearch() }];
  if (elsewhere > 0)
    buttons.unshift({
      label: `Show everything (${elsewhere} ${elsewhere === 1 ? 'match' : 'matches'})`,
      run: () => actions.showEverything(),
    });
  return { text: `No shown node matches “${search.trim()}”.`, actions: buttons };
}

/** When the explored node is shown alone: says it has nothing in the direction shown, and what else to show or fetch. */
export function aloneNotice(focus: GraphNode, explore: ExploreState, model: LineageModel, mode: GraphMode, actions: NoticeActions): Notice {
  const side = explore.direction === 'both' ? 'upstream or downstream' : explore.direction;
  const buttons: { label: string; run: () => void }[] = [];
  if (explore.direction !== 'both') buttons.push({ label: 'Show both directions', run: () => actions.showBothDirections() });
  const outside = model.outside.get(focus.id);
  if (outside && mode === 'table') {
    for (const s of ['upstream', 'downstream'] as const)
      if (outside[s] > 0) buttons.push({ label: `Fetch ${s} (${outside[s]})`, run: () => actions.fetch(focus.id, s) });
  }
  buttons.push({ label: 'Show everything', run: () => actions.showEverything() });
  return { text: `${focus.label} has nothing ${side} in this response.`, actions: buttons };
}

/**
 * What an expansion fetched by the host did: `added` nodes `where` ("upstream of", "around") the node called
 * `label`. The host's `message` is a note about them (e.g. data cut to be drawn), said after; with nothing
 * added it is the whole answer.
 */
export function expansionText(added: number, where: string, label: string, message: string | undefined): string {
  if (added > 0) return `Added ${count(added, 'node')} ${where} ${label}.${message ? ` ${message}` : ''}`;
  return message ?? `The answer added no new nodes ${where} ${label}.`;
}

/** The status line: how many nodes are shown of how many, folded groups, a frozen layout, edges left out. */
export function statusText(total: number, visible: VisibleGraph, frozen: boolean, edgesShown: boolean): string {
  const shown = visible.nodes.length;
  const parts = [shown === total ? count(total, 'node') : `${shown.toLocaleString('en-US')} of ${count(total, 'node')}`];
  if (visible.groups.length > 0) parts.push(`${visible.groups.length} folded ${visible.groups.length === 1 ? 'group' : 'groups'}`);
  if (frozen) parts.push('layout frozen');
  if (!edgesShown) parts.push('zoom in to see edges');
  return parts.join(' · ');
}
