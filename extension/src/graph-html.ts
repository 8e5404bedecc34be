/**
 * The boundary of the lineage graph webview: its HTML page and Content Security Policy, and the host's check of
 * what the webview posts. Kept free of `vscode` so that the browser tests load the very same page and the unit
 * tests check the very same validation as VS Code runs.
 */
import * as path from 'node:path';
import type { ExpandDirection, ExportFormat, WebviewToHostMessage } from '../../protocol/webview';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['svg', 'png', 'json'];

export interface GraphHtmlOptions {
  /** `webview.cspSource`: the origin the bundle is served from. */
  cspSource: string;
  /** URI of dist/webview/main.js, as the webview sees it. */
  scriptUri: string;
  /** URI of dist/webview/main.css, as the webview sees it. */
  styleUri: string;
  /** A fresh random nonce per page: the only script allowed to run is the one carrying it. */
  nonce: string;
  title: string;
}

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The Content Security Policy of the page: nothing but our own script (by nonce), styles, images and fonts,
 * and the layout worker. The worker runs from a blob URL that our script makes of the worker source bundled
 * into it: VS Code webviews cannot start a worker from a script URL on their resource origin, and a blob URL
 * can only be made by script that already runs here.
 */
export function graphCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    'worker-src blob:',
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/**
 * The page. The graph is not in it: the script asks for it with a `ready` message once it listens, so no data
 * is ever spliced into markup or script.
 */
export function graphHtml(options: GraphHtmlOptions): string {
  const { cspSource, scriptUri, styleUri, nonce, title } = options;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(graphCsp(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(styleUri)}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="app"><p class="ll-loading">Loading the lineage graph…</p></div>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>
`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The webview's message, if it is one of the protocol's with the right field types (it is never trusted blindly). */
export function parseWebviewMessage(value: unknown): WebviewToHostMessage | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  const side = (d: unknown): d is ExpandDirection => d === 'upstream' || d === 'downstream' || d === 'both';
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'export':
      if (
        !EXPORT_FORMATS.includes(value.format as ExportFormat) ||
        typeof value.data !== 'string' ||
        (value.encoding !== 'utf8' && value.encoding !== 'base64') ||
        typeof value.fileName !== 'string'
      )
        return undefined;
      return { type: 'export', format: value.format as ExportFormat, data: value.data, encoding: value.encoding, fileName: value.fileName };
    case 'openSource': {
      if (typeof value.uri !== 'string') return undefined;
      const r = value.range;
      const line = isRecord(r) && Number.isInteger(r.startLine) && (r.startLine as number) >= 0 ? (r.startLine as number) : undefined;
      return line !== undefined
        ? { type: 'openSource', uri: value.uri, range: { startLine: line } }
        : { type: 'openSource', uri: value.uri };
    }
    case 'expand':
      if (typeof value.nodeId !== 'string' || !side(value.direction)) return undefined;
      return { type: 'expand', nodeId: value.nodeId, direction: value.direction };
    case 'command':
      if (typeof value.command !== 'string' || value.command === '') return undefined;
      return { type: 'command', command: value.command };
    case 'drawn': {
      const count = (n: unknown) => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined);
      const [nodes, onlyInCode, onlyAtRuntime] = [count(value.nodes), count(value.onlyInCode), count(value.onlyAtRuntime)];
      if (
        (value.state !== 'graph' && value.state !== 'empty' && value.state !== 'error') ||
        nodes === undefined ||
        onlyInCode === undefined ||
        onlyAtRuntime === undefined ||
        typeof value.title !== 'string'
      )
        return undefined;
      return { type: 'drawn', state: value.state, nodes, onlyInCode, onlyAtRuntime, title: value.title };
    }
    default:
      return undefined;
  }
}

/** A file name the save dialog can suggest: no directories, no characters file systems refuse. */
export function safeFileName(name: string, format: ExportFormat): string {
  const base = path.posix
    .basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex
    .replace(/[<>:"|?*\u0000-\u001f]/g, '-')
    .trim();
  return base.toLowerCase().endsWith(`.${format}`) ? base : `lineage.${format}`;
}
