/**
 * `.airflowignore`: files Airflow's DAG processor never parses. Airflow 2 reads the patterns as regular
 * expressions searched in the path relative to the file's folder (`[core] dag_ignore_file_syntax = regexp`);
 * Airflow 3 defaults to glob (gitignore-like) patterns. A file either syntax excludes counts as ignored, so
 * DAG checks stay quiet on it rather than judge code Airflow may never load.
 */
import { dirOf, type FileFacts } from './facts';
import type { SourceRef } from './model';
import { decodePath } from '../util/path';

export function airflowIgnoreMatch(uri: string, facts: ReadonlyMap<string, FileFacts>): { pattern: string; source: SourceRef } | undefined {
  if (!uri.endsWith('.py')) return undefined;
  for (const [ignoreUri, f] of facts) {
    if (!f.ignore) continue;
    const folder = dirOf(ignoreUri);
    if (!uri.startsWith(folder)) continue;
    const relative = decodePath(uri.slice(folder.length));
    for (const pattern of f.ignore) {
      if (matchesRegexp(pattern, relative) || matchesGlob(pattern, relative))
        return { pattern, source: { uri: ignoreUri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } };
    }
  }
  return undefined;
}

function matchesRegexp(pattern: string, path: string): boolean {
  try {
    return new RegExp(pattern).test(path);
  } catch {
    return false;
  }
}

/** gitignore-like: `*` within a segment, `**` across segments; a pattern without `/` matches any segment's name. */
function matchesGlob(pattern: string, path: string): boolean {
  if (pattern.startsWith('!')) return false;
  const anchored = pattern.replace(/^\//, '').replace(/\/$/, '');
  let re = '';
  for (let i = 0; i < anchored.length; i++) {
    const c = anchored[i]!;
    if (c === '*' && anchored[i + 1] === '*') {
      re += '.*';
      i++;
      if (anchored[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const prefix = pattern.replace(/\/$/, '').includes('/') ? '^' : '(^|/)';
  return new RegExp(`${prefix}${re}($|/)`).test(path);
}
