/** Small DOM helpers shared by the graph view's parts. */

/** A new `<div class="className">` appended to `parent`. */
export function div(parent: HTMLElement, className: string): HTMLDivElement {
  const d = document.createElement('div');
  d.className = className;
  parent.append(d);
  return d;
}
