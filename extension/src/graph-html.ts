/**
 * The HTML page of the lineage graph webview. Kept free of `vscode` so that the browser tests load the very
 * same page (and Content Security Policy) as VS Code does.
 */

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

/** The Content Security Policy of the page: nothing but our own script (by nonce), styles, images and fonts. */
export function graphCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
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
