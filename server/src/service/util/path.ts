/** File names of paths and URIs, as the families read them to decide what a document is. */
import { cutAtFirst } from '../text/lines';

/** The file name of a path or URI (`/` or `\` separated), without query or fragment, percent-decoded. */
export function baseName(path: string): string {
  const clean = cutAtFirst(path, '?#');
  return decodeURIComponent(clean.slice(Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\')) + 1));
}
