/**
 * The graph view's state and how it changes: the response and its mode (table or column), what is explored,
 * selected, under the cursor and searched, and the passing notice. Pure: no DOM. Each change says what the
 * view must do next (lay out again, ask the host, or only show the notice); graph-view.ts does it.
 */
import type { ExpandDirection, GraphMode, GraphVariant, HostNotice } from '../../protocol/webview';
import type { DrawMarks } from './canvas-renderer';
import { columnModel, datasetOfField, hasColumnLineage } from './graph/columns';
import {
  collapseSide,
  DEFAULT_DEPTH,
  expandBoth,
  expandSide,
  searchNodes,
  sideKey,
  type ExploreState,
  type Side,
  type VisibleGraph,
} from './graph/explore';
import { lineageMarks, matchMarks } from './graph/highlight';
import { mergeModels, type Direction, type LineageModel } from './graph/model';
import type { Scene } from './graph/scene';
import { aloneNotice, expansionText, noMatchNotice, type Notice, type NoticeActions } from './notices';
import { restoreView, type ShowOptions } from './view-state';

/** Where to look after a layout: as saved, the whole graph, or the node `anchor` where it was on screen. */
export interface Look {
  transform?: { x: number; y: number; k: number };
  fit?: boolean;
  anchor?: string;
}

/** What expanding a node leads to: a new layout, a request to the host, or only a notice. */
export type ExpandOutcome = 'relayout' | 'fetch' | 'notice';

export class ViewModel {
  title = '';
  /** The response, table-level; undefined while a message is shown instead of a graph. */
  tableModel: LineageModel | undefined;
  mode: GraphMode = 'table';
  explore: ExploreState = { direction: 'both', depth: DEFAULT_DEPTH, expanded: new Set(), openGroups: new Set() };
  frozen = false;
  search = '';
  selected: string | undefined;
  cursor: string | undefined;
  hover: string | undefined;
  /** What the last layout showed. */
  visible: VisibleGraph | undefined;
  /** The scene indices of the search matches, in reading order, and the one last visited. */
  matchOrder: number[] = [];
  matchAt = -1;
  /** How many nodes are upstream and downstream of the selection. */
  pathCounts: { upstream: number; downstream: number } | undefined;
  /** A passing notice for the banner. */
  transient: Notice | undefined;
  variant: GraphVariant = 'panel';
  hostNotices: HostNotice[] = [];
  private columnCache: LineageModel | undefined;
  private columnCheck: { model: LineageModel; available: boolean } | undefined;

  /** The model shown: table-level, or its column-level counterpart. */
  model(): LineageModel {
    return this.modelFor(this.mode);
  }

  private modelFor(mode: GraphMode): LineageModel {
    if (mode === 'column' && this.tableModel) return (this.columnCache ??= columnModel(this.tableModel));
    return this.tableModel!;
  }

  /** Whether the response has column lineage (checked once per response: it reads every dataset's facets). */
  columnAvailable(): boolean {
    const model = this.tableModel;
    if (!model) return false;
    if (this.columnCheck?.model !== model) this.columnCheck = { model, available: hasColumnLineage(model) };
    return this.columnCheck.available;
  }

  /** Takes a new response (with nodes): the saved view when restoring, else the one asked for. Returns where to look. */
  load(model: LineageModel, options: ShowOptions): Look {
    this.tableModel = model;
    this.columnCache = undefined;
    this.hostNotices = options.notices ?? [];
    const initial = restoreView(
      options,
      () => this.columnAvailable(),
      (mode, id) => this.modelFor(mode).nodeById.has(id),
    );
    this.transient = initial.notice !== undefined ? { text: initial.notice } : undefined;
    this.mode = initial.mode;
    this.explore = initial.explore;
    this.frozen = initial.frozen;
    this.search = initial.search;
    this.selected = initial.selected;
    this.cursor = this.selected;
    return initial.transform ? { transform: initial.transform } : { fit: true };
  }

  /** The host's answer to an `expand` request merged in; false when there is nothing to merge (the notice says why). */
  merge(nodeId: string, side: ExpandDirection, more: LineageModel | undefined, message: string | undefined): boolean {
    if (!more) {
      this.transient = { text: message ?? `No more lineage ${side} of this node.` };
      return false;
    }
    const model = this.tableModel!;
    this.tableModel = mergeModels(model, more);
    this.columnCache = undefined;
    const added = this.tableModel.nodes.length - model.nodes.length;
    const sides: Side[] = side === 'both' ? ['upstream', 'downstream'] : [side];
    if (this.explore.focus !== undefined)
      this.explore = { ...this.explore, expanded: new Set([...this.explore.expanded, ...sides.map((s) => sideKey(s, nodeId))]) };
    this.transient = { text: expansionText(added, side === 'both' ? 'around' : `${side} of`, this.label(nodeId), message) };
    return true;
  }

  /** Selects `id` if the scene shows it, else nothing; the cursor follows a selection. */
  select(id: string | undefined, scene: Scene | undefined): void {
    this.selected = id !== undefined && scene?.nodeIndex.has(id) ? id : undefined;
    if (this.selected !== undefined) this.cursor = this.selected;
  }

  /** Explores around `id` (depth as set), selecting it, or shows the whole response. */
  exploreFrom(id: string | undefined): void {
    this.explore = { ...this.explore, focus: id, expanded: new Set(), openGroups: new Set() };
    if (id !== undefined) {
      this.selected = id;
      this.cursor = id;
    }
    this.transient = undefined;
  }

  /** Shows one direction (or both) around the explored node, else the selection; false when there is none. */
  setDirection(direction: Direction): boolean {
    if (this.explore.focus === undefined) {
      const from = this.selected ?? this.cursor;
      if (from === undefined || from.startsWith('more:')) {
        this.transient = { text: 'Select a node first: upstream and downstream are shown around the selected node.' };
        return false;
      }
      this.explore = { ...this.explore, focus: from, depth: Infinity };
    }
    this.explore = { ...this.explore, direction };
    this.transient = undefined;
    return true;
  }

  /** Shows `depth` edges around the explored node, else the selection; false when there is none. */
  setDepth(depth: number): boolean {
    const focus = this.explore.focus ?? (this.selected?.startsWith('more:') ? undefined : this.selected);
    if (focus === undefined && Number.isFinite(depth)) {
      this.transient = { text: 'Select a node first: the depth counts edges from the node you explore around.' };
      return false;
    }
    this.explore = { ...this.explore, focus, depth };
    this.transient = undefined;
    return true;
  }

  /**
   * Switches between table and column lineage, selecting the counterpart of the selection (a dataset's first
   * field, a field's dataset); false when the response has no column lineage (the notice says so).
   */
  setMode(mode: GraphMode): boolean {
    if (mode === 'column' && !this.columnAvailable()) {
      this.transient = {
        text: 'This response has no column lineage: open a GET /api/v1/column-lineage response, or a graph whose datasets carry a columnLineage facet.',
      };
      return false;
    }
    const from = this.selected !== undefined ? this.model().nodeById.get(this.selected) : undefined;
    this.mode = mode;
    let next: string | undefined;
    if (from && mode === 'column' && from.kind === 'dataset')
      next = this.model().nodes.find((n) => n.kind === 'field' && n.namespace === from.namespace && n.parent === from.name)?.id;
    else if (from && mode === 'table' && from.kind === 'field') next = datasetOfField(from);
    if (next !== undefined && !this.model().nodeById.has(next)) next = undefined;
    this.selected = next;
    this.cursor = next;
    this.explore = { ...this.explore, focus: undefined, expanded: new Set(), openGroups: new Set() };
    this.transient = undefined;
    return true;
  }

  /** Expands `id` on `side` (see expandSide); `fetch` when the host must be asked, in table mode only. */
  expand(id: string, side: Side): ExpandOutcome {
    const step = expandSide(this.explore, this.visible!, this.model(), id, side);
    if (step.kind === 'local') {
      this.explore = step.state;
      this.transient = undefined;
      return 'relayout';
    }
    if (step.kind === 'fetch' && this.mode === 'table') {
      this.transient = { text: `Asking for the lineage ${side} of ${this.label(id)}…` };
      return 'fetch';
    }
    this.transient = { text: `${this.label(id)} has nothing more ${side} in this response.` };
    return 'notice';
  }

  /** Expands both sides of `id` with what the response holds, else `fetch` (table mode) or nothing to do. */
  expandAround(id: string): ExpandOutcome | undefined {
    const local = expandBoth(this.explore, this.visible!, id);
    if (local) {
      this.explore = local;
      this.transient = undefined;
      return 'relayout';
    }
    if (this.mode !== 'table') return undefined;
    this.transient = { text: `Asking for the lineage around ${this.label(id)}…` };
    return 'fetch';
  }

  collapse(id: string, side: Side): void {
    this.explore = collapseSide(this.explore, id, side);
  }

  /** Opens the "N more" node `groupId` (selecting `then`, else its anchor if the group was selected); returns the anchor. */
  openGroup(groupId: string, then?: string): string | undefined {
    const group = this.visible?.groups.find((g) => g.id === groupId);
    if (!group) return undefined;
    this.explore = { ...this.explore, openGroups: new Set([...this.explore.openGroups, sideKey(group.side, group.anchor)]) };
    if (then !== undefined) {
      this.selected = then;
      this.cursor = then;
    } else if (this.selected === groupId) this.selected = group.anchor;
    return group.anchor;
  }

  /** A new scene is shown: a selection or cursor it lacks is dropped. */
  showing(visible: VisibleGraph, scene: Scene): void {
    this.visible = visible;
    if (this.selected !== undefined && !scene.nodeIndex.has(this.selected)) this.selected = undefined;
    if (this.cursor !== undefined && !scene.nodeIndex.has(this.cursor)) this.cursor = this.selected;
    this.hover = undefined;
  }

  setSearch(query: string): void {
    this.search = query;
    this.matchAt = -1;
  }

  /** The next (or previous) search match to select, if there is one. */
  nextMatch(step: 1 | -1, scene: Scene): string | undefined {
    if (this.matchOrder.length === 0) return undefined;
    this.matchAt = (this.matchAt + step + this.matchOrder.length) % this.matchOrder.length;
    return scene.nodes[this.matchOrder[this.matchAt]].id;
  }

  /** The selection's lineage and the search matches as marks on `scene` (and the match order and path counts). */
  highlight(scene: Scene): DrawMarks {
    const marks: DrawMarks = {};
    this.pathCounts = undefined;
    const sel = this.selected !== undefined ? scene.nodeIndex.get(this.selected) : undefined;
    if (sel !== undefined) {
      const lineage = lineageMarks(scene, sel);
      marks.node = lineage.node;
      marks.edge = lineage.edge;
      this.pathCounts = { upstream: lineage.upstream, downstream: lineage.downstream };
    }
    this.matchOrder = [];
    if (this.search.trim() !== '') {
      const found = searchNodes(
        scene.nodes.map((s) => s.node).filter((x) => x !== undefined),
        this.search,
      );
      const { match, order } = matchMarks(scene.nodes, found);
      this.matchOrder = order;
      marks.match = match;
    }
    return marks;
  }

  /** The host's notices with their buttons (which run `command`). */
  hostNoticeItems(command: (command: string) => void): { text: string; actions: { label: string; run: () => void }[] }[] {
    return this.hostNotices.map((n) => ({
      text: n.text,
      actions: (n.actions ?? []).map((a) => ({ label: a.label, run: () => command(a.command) })),
    }));
  }

  /** The banner: the host's notices, the passing one, and what an empty result means and what to do next. */
  notices(command: (command: string) => void, actions: NoticeActions, hasScene: boolean): Notice[] {
    // The side bar is narrow: there the host's notices go into the details summary instead.
    const notices: Notice[] = this.variant === 'side' ? [] : this.hostNoticeItems(command);
    if (this.transient) notices.push(this.transient);
    const model = this.tableModel ? this.model() : undefined;
    if (model && hasScene && this.search.trim() !== '' && this.matchOrder.length === 0) {
      notices.push(noMatchNotice(this.search, this.explore.focus !== undefined ? searchNodes(model.nodes, this.search).size : 0, actions));
    }
    const focus = this.explore.focus !== undefined ? model?.nodeById.get(this.explore.focus) : undefined;
    if (model && focus && this.visible && this.visible.nodes.length === 1 && this.visible.groups.length === 0)
      notices.push(aloneNotice(focus, this.explore, model, this.mode, actions));
    return notices;
  }

  private label(id: string): string {
    return this.model().nodeById.get(id)?.label ?? id;
  }
}
