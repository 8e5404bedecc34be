/**
 * Folder URIs of a dbt workspace: the folder of a file, and a directory written in a command or an environment
 * variable (`--project-dir /opt/dbt/shop`, `DBT_PROFILES_DIR=./profiles`) matched to a folder of the workspace.
 * A path written for the machine dbt runs on rarely exists as such in the workspace, so an absolute path is
 * matched by its trailing segments (`/opt/airflow/dbt/shop` ↔ `…/repo/dbt/shop/`).
 */
import { decodePath, resolveInFolder } from '../../util/path';

/** The folder URI (ending in `/`) of a file URI. */
export function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

function segments(path: string): string[] {
  return decodePath(path.replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, ''))
    .split(/[/\\]+/)
    .filter((s) => s && s !== '.');
}

/**
 * The folder among `folders` (URIs ending in `/`) that `dir` names: a URI or a path relative to `base` when it
 * resolves to one exactly, else the folder sharing the most trailing segments with `dir` (at least one, and
 * unique). Undefined when none fits or the path is built at run time (`$VAR`, `{{ … }}`).
 */
export function matchFolder(folders: readonly string[], dir: string, base?: string): string | undefined {
  const clean = dir.trim().replace(/[/\\]+$/, '');
  if (!clean || /[$<{]/.test(clean)) return undefined;
  const asFolder = (u: string) => (u.endsWith('/') ? u : `${u}/`);
  if (/^[a-z][\w+.-]*:\/\//i.test(clean)) return folders.find((f) => f === asFolder(clean));
  if (base && !clean.startsWith('/')) {
    const resolved = resolveInFolder(base, clean, false);
    const exact = resolved && folders.find((f) => f === asFolder(resolved));
    if (exact) return exact;
  }
  const want = segments(clean);
  if (!want.length || want.includes('..')) return undefined;
  let best: string | undefined;
  let bestScore = 0;
  let tie = false;
  for (const f of folders) {
    const have = segments(f);
    let n = 0;
    while (n < want.length && n < have.length && want[want.length - 1 - n] === have[have.length - 1 - n]) n++;
    if (n > bestScore) {
      best = f;
      bestScore = n;
      tie = false;
    } else if (n === bestScore && n > 0) tie = true;
  }
  return bestScore > 0 && !tie ? best : undefined;
}

/** `path` (relative, `/`-separated, as dbt writes `original_file_path`) under a folder URI. */
export function under(folder: string, path: string): string {
  return resolveInFolder(folder, path, false) ?? `${folder}${path}`;
}

/** `uri` relative to `folder` when under it (the path dbt would write), else undefined. */
export function relativeTo(folder: string, uri: string): string | undefined {
  return uri.startsWith(folder) ? decodePath(uri.slice(folder.length)) : undefined;
}
