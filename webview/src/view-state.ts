/**
 * The view's state as it is saved with `setState` and restored after a reload: where the user was looking,
 * what was selected, explored and searched. Pure: the view asks `restoreView` what to show first for a
 * response, and `saveView` what to keep.
 */
import type { GraphMode, GraphVariant, HostNotice, ViewTransform } from '../../protocol/webview';
import { DEFAULT_DEPTH, type ExploreState } from './graph/explore';
import type { Direction } from './graph/model';

/** What the view saves with `setState` (see GraphWebviewState). `depth` -1 means all levels. */
export interface ViewState {
  transform?: ViewTransform;
  selected?: string;
  focus?: string;
  depth?: number;
  direction?: Direction;
  mode?: GraphMode;
  search?: string;
  frozen?: boolean;
  expanded?: string[];
  openGroups?: string[];
}

/** How the host asks for a response to be shown. */
export interface ShowOptions {
  /** A saved view of the same source. */
  restore?: ViewState;
  focus?: string;
  depth?: number;
  direction?: Direction;
  mode?: GraphMode;
  /** `side`: the DAG Lineage view (a click opens a job's definition, expands a dataset). */
  variant?: GraphVariant;
  /** The host's lines about where the graph comes from, shown above it. */
  notices?: HostNotice[];
}

/** What the view shows first for a response. */
export interface InitialView {
  mode: GraphMode;
  /** Why the mode asked for is not the one shown. */
  notice?: string;
  explore: ExploreState;
  frozen: boolean;
  search: string;
  selected: string | undefined;
  /** Where to look: the saved transform when it is usable, else undefined (fit the graph). */
  transform: ViewTransform | undefined;
}

/**
 * The first view of a response: the saved view when restoring, else the focus, depth, direction and mode the
 * host asked for. Column mode needs column lineage (`hasColumns`, asked only then); ids that the model of the
 * mode shown lacks (`has`) are dropped.
 */
export function restoreView(options: ShowOptions, hasColumns: () => boolean, has: (mode: GraphMode, id: string) => boolean): InitialView {
  const r = options.restore ?? {};
  const restored = options.restore !== undefined;
  let mode: GraphMode = (restored ? r.mode : options.mode) ?? 'table';
  let notice: string | undefined;
  if (mode === 'column' && !hasColumns()) {
    mode = 'table';
    notice = 'This response has no column lineage (no DATASET_FIELD nodes and no columnLineage facets), so it is shown table by table.';
  }
  const depth = restored ? (r.depth === -1 ? Infinity : r.depth) : options.depth;
  const focus = restored ? r.focus : options.focus;
  const selected = restored ? r.selected : options.focus;
  const t = r.transform;
  const view: InitialView = {
    mode,
    explore: {
      focus: focus !== undefined && has(mode, focus) ? focus : undefined,
      direction: (restored ? r.direction : options.direction) ?? 'both',
      depth: depth !== undefined && depth > 0 ? depth : DEFAULT_DEPTH,
      expanded: new Set(r.expanded ?? []),
      openGroups: new Set(r.openGroups ?? []),
    },
    frozen: r.frozen === true,
    search: r.search ?? '',
    selected: selected !== undefined && has(mode, selected) ? selected : undefined,
    transform: t && [t.x, t.y, t.k].every(Number.isFinite) && t.k > 0 ? t : undefined,
  };
  if (notice !== undefined) view.notice = notice;
  return view;
}

/** The state to save for what the view shows. */
export function saveView(view: {
  transform: ViewTransform;
  selected: string | undefined;
  explore: ExploreState;
  mode: GraphMode;
  search: string;
  frozen: boolean;
}): ViewState {
  const { transform: t, explore } = view;
  return {
    transform: { x: t.x, y: t.y, k: t.k },
    selected: view.selected,
    focus: explore.focus,
    depth: Number.isFinite(explore.depth) ? explore.depth : -1,
    direction: explore.direction,
    mode: view.mode,
    search: view.search,
    frozen: view.frozen,
    expanded: [...explore.expanded],
    openGroups: [...explore.openGroups],
  };
}
