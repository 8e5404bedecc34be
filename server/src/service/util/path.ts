/** File names of paths and URIs, as the families read them to decide what a document is. */
import { cutAtFirst } from '../text/lines';

/** The file name of a path or URI (`/` or `\` separated), without query or fragment, percent-decoded. */
export function baseName(path: string): string {
  const clean = cutAtFirst(path, '?#');
  return decodeURIComponent(clean.slice(Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\')) + 1));
}

/** Percent-decoded, or as given when it is not valid percent-encoding (a URI from a workspace is untrusted). */
export function decodePath(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A file URI as messages show it: relative to `folder` (a URI ending in `/`) when it is under it, else relative
 * to `fallback` when under that, else its name; percent-decoded.
 */
export function shownPath(uri: string, folder?: string, fallback?: string): string {
  const under = [folder, fallback].find((f): f is string => !!f && uri.startsWith(f));
  return decodePath(under ? uri.slice(under.length) : uri.slice(uri.lastIndexOf('/') + 1));
}

/**
 * `path` (`./dags`, `../shared`, `dags`, or `/abs` when `absolute` allows it) resolved against a folder URI
 * (ending in `/`), each segment percent-encoded as `pathToFileURL` writes it; undefined for `~`, a variable
 * left unresolved, a URI, or a path that climbs above the root.
 */
export function resolveInFolder(folder: string, path: string, absolute = true): string | undefined {
  if (!path || /^[~$]/.test(path) || path.includes('$') || /^[a-z][\w+.-]*:/i.test(path)) return undefined;
  if (path.startsWith('/') && !absolute) return undefined;
  const scheme = /^[a-z][\w+.-]*:\/\/[^/]*/i.exec(folder)?.[0] ?? '';
  const base = path.startsWith('/') ? [] : folder.slice(scheme.length).split('/').filter(Boolean);
  for (const part of path.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') {
      if (!base.length) return undefined;
      base.pop();
    } else base.push(encodeURIComponent(part).replace(/%40/g, '@'));
  }
  return `${scheme}/${base.join('/')}`;
}
