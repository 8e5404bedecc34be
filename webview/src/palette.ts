/**
 * The colours the canvas draws with, resolved from the same CSS variables the DOM uses (styles.css maps each
 * to a `--vscode-*` theme variable), so canvas, SVG overlay and export follow light, dark and high-contrast
 * themes alike. Re-read whenever VS Code switches the theme.
 */
import type { SceneKind } from './graph/scene';

export interface RGBA {
  r: number;
  g: number;
  b: number;
  a: number;
}

export interface Palette {
  background: string;
  foreground: string;
  muted: string;
  nodeBackground: string;
  edge: string;
  focus: string;
  highlight: string;
  match: string;
  matchBackground: string;
  /** Run states. */
  passed: string;
  failed: string;
  running: string;
  skipped: string;
  /** Per kind: the badge colour, the box fill and the box border. */
  kind: Record<SceneKind, { accent: string; fill: string; stroke: string }>;
  /**
   * The opacity of nodes off the selection's lineage and of search misses: the lowest, from 0.3 up, at which
   * their labels keep a contrast of 3:1 against the background in this theme (see `fadedAlpha`).
   */
  faded: number;
  /** `true` in high-contrast themes (`--vscode-contrastBorder` set): thicker borders. */
  highContrast: boolean;
  fontFamily: string;
  monoFamily: string;
}

const KINDS: SceneKind[] = ['job', 'dataset', 'field', 'run', 'more'];

/** Parses a computed CSS colour: `rgb()`, `rgba()` (comma or space syntax) or `color(srgb …)`. */
export function parseColor(text: string): RGBA | undefined {
  const t = text.trim();
  let m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/i.exec(t);
  if (m) return { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]), a: alpha(m[4]) };
  m = /^color\(\s*srgb\s+([\d.e-]+)\s+([\d.e-]+)\s+([\d.e-]+)(?:\s*\/\s*([\d.]+%?))?\s*\)$/i.exec(t);
  if (m) return { r: 255 * Number(m[1]), g: 255 * Number(m[2]), b: 255 * Number(m[3]), a: alpha(m[4]) };
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(t);
  if (m) {
    const v = parseInt(m[1], 16);
    return { r: v >> 16, g: (v >> 8) & 255, b: v & 255, a: m[2] ? parseInt(m[2], 16) / 255 : 1 };
  }
  return undefined;
}

function alpha(text: string | undefined): number {
  if (text === undefined) return 1;
  return text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
}

/** `color-mix(in srgb, a p, b)` with premultiplied alpha, as CSS does it. */
export function mix(a: RGBA, b: RGBA, p: number): RGBA {
  const alphaOut = a.a * p + b.a * (1 - p);
  if (alphaOut === 0) return { r: 0, g: 0, b: 0, a: 0 };
  const channel = (x: number, y: number) => (x * a.a * p + y * b.a * (1 - p)) / alphaOut;
  return { r: channel(a.r, b.r), g: channel(a.g, b.g), b: channel(a.b, b.b), a: alphaOut };
}

export function css(c: RGBA): string {
  const r = (v: number) => Math.round(Math.max(0, Math.min(255, v)));
  return c.a >= 1 ? `rgb(${r(c.r)}, ${r(c.g)}, ${r(c.b)})` : `rgba(${r(c.r)}, ${r(c.g)}, ${r(c.b)}, ${Math.round(c.a * 1000) / 1000})`;
}

/** `top` drawn with opacity `alpha` over the opaque colour `bottom`. */
export function over(top: RGBA, alpha: number, bottom: RGBA): RGBA {
  const a = top.a * alpha;
  return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
}

/** WCAG 2 relative luminance of an opaque colour. */
export function luminance(c: RGBA): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG 2 contrast ratio of two opaque colours (1 to 21). */
export function contrastRatio(a: RGBA, b: RGBA): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The minimum contrast of a faded node's label against the background. */
export const FADED_CONTRAST = 3;

/**
 * The lowest opacity (0.3 and up, in steps of 0.05) at which a faded node's label, drawn in `text` over its
 * box `fills` (each drawn with the same opacity over `background`), keeps {@link FADED_CONTRAST} against the
 * background. On a dark theme 0.3 leaves light-grey text at about 2:1, so the opacity rises there.
 */
export function fadedAlpha(text: RGBA, fills: readonly RGBA[], background: RGBA): number {
  const bg = over(background, 1, { r: 0, g: 0, b: 0, a: 1 });
  for (let step = 6; step < 20; step++) {
    const alpha = step / 20;
    if (fills.every((fill) => contrastRatio(over(text, alpha, over(fill, alpha, bg)), bg) >= FADED_CONTRAST)) return alpha;
  }
  return 1;
}

/**
 * Reads the palette from the CSS variables in effect on `root`, and sets `--ll-faded` on it (the overlay's
 * faded nodes use the same opacity as the canvas).
 */
export function readPalette(root: HTMLElement): Palette {
  const probe = document.createElement('span');
  probe.hidden = true;
  root.append(probe);
  const style = getComputedStyle(probe);
  const read = (variable: string): RGBA => {
    probe.style.color = `var(${variable}, CanvasText)`;
    const colour = parseColor(style.color);
    if (colour) return colour;
    // A colour this parser does not know (a future CSS colour syntax): the page's own text colour.
    probe.style.color = 'CanvasText';
    return parseColor(style.color) ?? { r: 0, g: 0, b: 0, a: 1 };
  };
  const raw = (variable: string) => getComputedStyle(root).getPropertyValue(variable).trim();
  const bg = read('--ll-bg');
  const nodeBg = read('--ll-node-bg');
  const nodeBorder = read('--ll-node-border');
  const kind = {} as Palette['kind'];
  for (const k of KINDS) {
    const accent = read(`--ll-${k}`);
    kind[k] = { accent: css(accent), fill: css(mix(accent, nodeBg, 0.1)), stroke: css(mix(accent, nodeBorder, 0.45)) };
  }
  const fills = KINDS.map((k) => mix(read(`--ll-${k}`), nodeBg, 0.1));
  const faded = fadedAlpha(read('--ll-fg'), fills, bg);
  root.style.setProperty('--ll-faded', String(faded));
  const palette: Palette = {
    background: css(bg),
    foreground: css(read('--ll-fg')),
    muted: css(read('--ll-muted')),
    nodeBackground: css(nodeBg),
    edge: css(read('--ll-edge')),
    focus: css(read('--ll-focus')),
    highlight: css(read('--ll-highlight')),
    match: css(read('--ll-match')),
    matchBackground: css(read('--ll-match-bg')),
    passed: css(read('--ll-passed')),
    failed: css(read('--ll-failed')),
    running: css(read('--ll-running')),
    skipped: css(read('--ll-skipped')),
    kind,
    faded,
    highContrast: raw('--vscode-contrastBorder') !== '',
    fontFamily: getComputedStyle(root).fontFamily || 'sans-serif',
    monoFamily: raw('--ll-mono') || 'monospace',
  };
  probe.remove();
  return palette;
}

/** The colour of a run state dot. */
export function runStateColor(state: string | undefined, palette: Palette): string | undefined {
  switch (state?.toUpperCase()) {
    case 'COMPLETED':
    case 'COMPLETE':
      return palette.passed;
    case 'FAILED':
    case 'FAIL':
      return palette.failed;
    case 'RUNNING':
    case 'START':
    case 'NEW':
      return palette.running;
    case 'ABORTED':
    case 'ABORT':
      return palette.skipped;
    default:
      return undefined;
  }
}
