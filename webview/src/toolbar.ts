/**
 * The toolbar over the graph: fit and centre, direction, depth, freeze, columns, search and export. It only
 * shows the view's state (`sync`) and calls the view's actions; the view decides what they do.
 */
import type { ExportFormat, GraphMode } from '../../protocol/webview';
import { div } from './dom';
import type { ExploreState } from './graph/explore';
import type { Direction } from './graph/model';

/** The view as the toolbar sees it: its state and the actions of its controls. */
export interface ToolbarHost {
  readonly state: { mode: GraphMode; explore: ExploreState; frozen: boolean; search: string; columnAvailable: boolean; matches: number };
  fit(): void;
  center(): void;
  setDirection(direction: Direction): void;
  setDepth(depth: number): void;
  setFrozen(frozen: boolean): void;
  setMode(mode: GraphMode): void;
  setSearch(query: string): void;
  nextMatch(step?: 1 | -1): void;
  exportGraph(format: ExportFormat): void;
}

/** The toolbar over the graph: fit and centre, direction, depth, freeze, columns, search and export. */
export class Toolbar {
  private readonly bar: HTMLDivElement;
  private readonly directionButtons = new Map<Direction, HTMLButtonElement>();
  private readonly depth: HTMLSelectElement;
  private readonly freeze: HTMLButtonElement;
  private readonly columns: HTMLButtonElement;
  private readonly search: HTMLInputElement;
  private readonly count: HTMLSpanElement;
  private readonly exportMenu: HTMLDivElement;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    parent: HTMLElement,
    private readonly view: ToolbarHost,
  ) {
    this.bar = div(parent, 'll-toolbar');
    this.bar.setAttribute('role', 'toolbar');
    this.bar.setAttribute('aria-label', 'Graph tools');
    const group = (label: string) => {
      const g = div(this.bar, `ll-group group-${label.split(' ')[0]!.toLowerCase()}`);
      g.setAttribute('role', 'group');
      g.setAttribute('aria-label', label);
      return g;
    };
    const view1 = group('View');
    this.button(view1, 'Fit', 'fit', 'Fit the whole graph in view (F)', () => view.fit());
    this.button(view1, 'Center', 'center', 'Centre the view on the selected node (C)', () => view.center());

    const dir = group('Direction');
    for (const [d, label, title] of [
      ['upstream', 'Upstream', 'Show only what feeds the explored node'],
      ['both', 'Both', 'Show upstream and downstream of the explored node'],
      ['downstream', 'Downstream', 'Show only what the explored node feeds'],
    ] as const) {
      this.directionButtons.set(
        d,
        this.button(dir, label, `dir-${d}`, title, () => view.setDirection(d)),
      );
    }

    const depthGroup = group('Depth');
    const depthLabel = document.createElement('label');
    depthLabel.className = 'll-depth';
    depthLabel.textContent = 'Depth ';
    this.depth = document.createElement('select');
    this.depth.className = 'll-select depth';
    this.depth.title = 'How many edges from the explored node to show';
    for (const [value, text] of [
      ['1', '1'],
      ['2', '2'],
      ['3', '3'],
      ['4', '4'],
      ['6', '6'],
      ['all', 'All'],
    ]) {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = text;
      this.depth.append(o);
    }
    this.depth.addEventListener('change', () => view.setDepth(this.depth.value === 'all' ? Infinity : Number(this.depth.value)));
    depthLabel.append(this.depth);
    depthGroup.append(depthLabel);

    const modes = group('Layout and level');
    this.freeze = this.button(modes, 'Freeze layout', 'freeze', 'Keep nodes where they are while expanding and collapsing', () =>
      view.setFrozen(!view.state.frozen),
    );
    this.columns = this.button(modes, 'Columns', 'columns', 'Column-level lineage', () =>
      view.setMode(view.state.mode === 'column' ? 'table' : 'column'),
    );

    const searchGroup = group('Search');
    this.search = document.createElement('input');
    this.search.type = 'search';
    this.search.className = 'll-search';
    this.search.placeholder = 'Search nodes';
    this.search.setAttribute('aria-label', 'Search the graph');
    this.search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => view.setSearch(this.search.value), 120);
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        clearTimeout(this.searchTimer);
        if (view.state.search !== this.search.value) view.setSearch(this.search.value);
        view.nextMatch(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        e.stopPropagation();
        this.clearSearch();
      }
    });
    this.count = document.createElement('span');
    this.count.className = 'll-count';
    this.count.setAttribute('aria-live', 'polite');
    searchGroup.append(this.search, this.count);

    const exportGroup = group('Export');
    const exportButton = this.button(exportGroup, 'Export', 'export', 'Save the shown graph as SVG, PNG or JSON', () => {
      this.exportMenu.hidden = !this.exportMenu.hidden;
      exportButton.setAttribute('aria-expanded', String(!this.exportMenu.hidden));
    });
    exportButton.setAttribute('aria-haspopup', 'menu');
    this.exportMenu = div(exportGroup, 'll-menu');
    this.exportMenu.setAttribute('role', 'menu');
    this.exportMenu.hidden = true;
    for (const format of ['svg', 'png', 'json'] as const) {
      const b = this.button(this.exportMenu, format.toUpperCase(), `export-${format}`, `Export as ${format.toUpperCase()}`, () => {
        this.exportMenu.hidden = true;
        view.exportGraph(format);
      });
      b.setAttribute('role', 'menuitem');
    }
  }

  private button(parent: HTMLElement, text: string, className: string, title: string, run: () => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `ll-button ${className}`;
    b.title = title;
    b.textContent = text;
    b.addEventListener('click', run);
    parent.append(b);
    return b;
  }

  focusSearch(): void {
    this.search.focus();
    this.search.select();
  }

  clearSearch(): void {
    this.search.value = '';
    this.view.setSearch('');
  }

  /** Brings the controls in line with the view's state. */
  sync(): void {
    const s = this.view.state;
    for (const [d, b] of this.directionButtons) {
      b.setAttribute('aria-pressed', String(s.explore.focus !== undefined && s.explore.direction === d));
    }
    const depth = Number.isFinite(s.explore.depth) ? String(s.explore.depth) : 'all';
    if (!Array.from(this.depth.options).some((o) => o.value === depth)) {
      const o = document.createElement('option');
      o.value = depth;
      o.textContent = depth;
      this.depth.append(o);
    }
    this.depth.value = s.explore.focus !== undefined ? depth : 'all';
    this.freeze.setAttribute('aria-pressed', String(s.frozen));
    this.columns.setAttribute('aria-pressed', String(s.mode === 'column'));
    this.columns.disabled = !s.columnAvailable;
    this.columns.title = s.columnAvailable
      ? 'Switch between table-level and column-level lineage'
      : 'No column lineage in this response (no DATASET_FIELD nodes, no columnLineage facets)';
    if (this.search.value !== s.search && document.activeElement !== this.search) this.search.value = s.search;
    this.count.textContent =
      s.search.trim() === '' ? '' : s.matches === 0 ? 'No match' : `${s.matches} ${s.matches === 1 ? 'match' : 'matches'}`;
  }
}
