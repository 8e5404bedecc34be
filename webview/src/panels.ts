/**
 * The text around the graph: the banner of notices (with their buttons), the layout progress line, the status
 * line, the DAG Lineage view's legend, the hover tooltip, the screen-reader announcements, and the full-panel
 * message shown instead of a graph (loading, empty, error). What they say is the view's; this module only puts
 * it on the page, always as text.
 */
import { div } from './dom';
import { PRESENCE_TEXT } from './graph/scene';
import type { Notice } from './notices';

/** A paragraph of a full-panel message: text, a code block or a button. */
export type Paragraph = { text?: string; code?: string; className?: string; action?: { label: string; run: () => void } };

/** What a full-panel message is about; `graph` when the graph is shown instead. */
export type PageState = 'loading' | 'empty' | 'error';

export class Panels {
  private readonly banner: HTMLDivElement;
  private readonly progress: HTMLDivElement;
  private readonly status: HTMLDivElement;
  private readonly legend: HTMLDivElement;
  private readonly tooltip: HTMLDivElement;
  private stateBox: HTMLDivElement | undefined;
  private live: HTMLDivElement | undefined;

  /** Adds the banner, the progress and status lines, the legend and the tooltip to the graph area. */
  constructor(private readonly graphArea: HTMLDivElement) {
    this.banner = div(graphArea, 'll-banner');
    this.banner.setAttribute('role', 'status');
    this.banner.hidden = true;
    this.progress = div(graphArea, 'll-progress');
    this.progress.setAttribute('role', 'status');
    this.progress.hidden = true;
    this.status = div(graphArea, 'll-status');
    this.legend = div(graphArea, 'll-legend');
    this.legend.hidden = true;
    this.tooltip = div(graphArea, 'll-tooltip');
    this.tooltip.hidden = true;
  }

  /** Adds the full-panel message box and the live region to the page: after the details pane, in page order. */
  attachPage(root: HTMLElement): void {
    this.stateBox = div(root, 'll-state');
    this.stateBox.setAttribute('role', 'status');
    this.live = div(root, 'll-live');
    this.live.setAttribute('aria-live', 'polite');
  }

  /** Keeps the banner and the progress line below the toolbar, which wraps onto more rows in a narrow panel. */
  stayBelow(bar: HTMLElement): void {
    new ResizeObserver(() => {
      const top = `${bar.offsetTop + bar.offsetHeight + 6}px`;
      this.banner.style.top = top;
      this.progress.style.top = top;
    }).observe(bar);
  }

  showNotices(notices: readonly Notice[]): void {
    this.banner.replaceChildren();
    this.banner.hidden = notices.length === 0;
    for (const notice of notices) {
      const p = document.createElement('p');
      p.append(document.createTextNode(notice.text));
      for (const a of notice.actions ?? []) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'll-inline-button';
        b.textContent = a.label;
        b.addEventListener('click', a.run);
        p.append(' ', b);
      }
      this.banner.append(p);
    }
  }

  /** Shows what the layout is doing, or hides the line (`undefined`). */
  showProgress(text: string | undefined): void {
    this.progress.hidden = text === undefined;
    if (text !== undefined) this.progress.textContent = text;
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }

  /** The DAG Lineage view's legend: which outline means what, for the nodes found only in the code or at runtime. */
  setLegend(code: number, runtime: number): void {
    this.legend.replaceChildren();
    const item = (presence: 'code' | 'runtime', count: number) => {
      const span = document.createElement('span');
      const mark = document.createElement('span');
      mark.className = `ll-presence-mark ${presence}`;
      mark.setAttribute('aria-hidden', 'true');
      span.className = `ll-legend-item ${presence}`;
      span.append(mark, `${PRESENCE_TEXT[presence]} (${count})`);
      this.legend.append(span);
    };
    if (code > 0) item('code', code);
    if (runtime > 0) item('runtime', runtime);
    this.legend.hidden = code + runtime === 0;
  }

  /** Shows `text` by the pointer at client point (x, y). */
  showTooltip(text: string, x: number, y: number): void {
    const box = this.graphArea.getBoundingClientRect();
    this.tooltip.textContent = text;
    this.tooltip.style.left = `${Math.min(x - box.left + 14, box.width - 260)}px`;
    this.tooltip.style.top = `${y - box.top + 16}px`;
    this.tooltip.hidden = false;
  }

  hideTooltip(): void {
    this.tooltip.hidden = true;
  }

  /** Says `text` to screen readers. */
  announce(text: string): void {
    this.live!.textContent = text;
  }

  /** Hides the full-panel message (the graph is shown). */
  hideMessage(): void {
    this.stateBox!.replaceChildren();
    this.stateBox!.hidden = true;
  }

  /** Shows a full-panel message instead of the graph, and clears the lines that describe a graph. */
  showMessage(kind: PageState, heading: string, paragraphs: readonly Paragraph[]): void {
    const box = this.stateBox!;
    box.replaceChildren();
    this.banner.hidden = true;
    this.progress.hidden = true;
    this.status.textContent = '';
    this.legend.hidden = true;
    box.hidden = false;
    box.className = `ll-state ${kind}`;
    const h = document.createElement('h2');
    h.textContent = heading;
    box.append(h);
    for (const p of paragraphs) {
      if (p.code !== undefined) {
        const pre = document.createElement('pre');
        const code = document.createElement('code');
        code.textContent = p.code;
        pre.append(code);
        box.append(pre);
      } else if (p.action) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'll-button';
        b.textContent = p.action.label;
        b.addEventListener('click', p.action.run);
        box.append(b);
      } else {
        const para = document.createElement('p');
        if (p.className) para.className = p.className;
        para.textContent = p.text ?? '';
        box.append(para);
      }
    }
  }
}
