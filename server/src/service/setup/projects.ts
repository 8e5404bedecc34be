/**
 * Which folders of a workspace Set Up Integration can write into: its projects (a folder with a Dockerfile,
 * requirements, pyproject, compose file, airflow.cfg, dbt_project.yml, `.astro/` or JVM build file, as the
 * project index decides: project/facts.ts), and the workspace folder itself when it holds the integration's
 * files outside every project, or when it has no project at all. For each, what the setup would read there and
 * the namespace and endpoint URL it already uses, for the quick pick. Pure: the caller lists and reads the files.
 */
import type { SetupProject } from '../../../../protocol/setup-plan';
import { marksProject, projectFileKind } from '../project/facts';
import { existingNamespace, existingUrl } from './namespace';

/** The project folders among `existing` (folder-relative posix paths): '' is the folder itself. */
export function projectFolders(existing: readonly string[]): string[] {
  const roots = new Set<string>();
  for (const path of existing) {
    // A leading / so that `.astro/config.yaml` at the top is recognised as in a folder.
    const kind = projectFileKind(`/${path}`);
    if (!kind || !marksProject(kind)) continue;
    const parts = path.split('/').slice(0, -1);
    // `.astro/config.yaml` marks the folder holding `.astro/`.
    roots.add((kind === 'astro-config' ? parts.slice(0, -1) : parts).join('/'));
  }
  return [...roots].sort();
}

/** `path` relative to `folder` ('' = the workspace folder), or undefined when it is not inside it. */
export function under(folder: string, path: string): string | undefined {
  if (folder === '') return path;
  return path.startsWith(`${folder}/`) ? path.slice(folder.length + 1) : undefined;
}

export interface ProjectCandidate {
  /** Relative to the workspace folder ('' for the folder itself). */
  readonly path: string;
  /** The files the setup reads there, relative to `path`, that exist. */
  readonly files: readonly string[];
}

/**
 * The folders to offer, given every file of the workspace folder and which files the integration reads in a
 * folder (`read(existingInFolder)`, folder-relative). Folders whose files already configure it come first.
 */
export function candidateFolders(existing: readonly string[], read: (inFolder: string[]) => string[]): ProjectCandidate[] {
  const roots = projectFolders(existing);
  const found = (folder: string): string[] => {
    const inside = existing.flatMap((p) => under(folder, p) ?? []);
    const present = new Set(inside);
    return read(inside).filter((p) => present.has(p));
  };
  const out: ProjectCandidate[] = roots.map((path) => ({ path, files: found(path) }));
  if (!roots.includes('')) {
    // The workspace folder itself: when no project exists, or when it holds the integration's files outside every project.
    const loose = found('').filter((p) => !roots.some((r) => under(r, p) !== undefined));
    if (roots.length === 0 || loose.length > 0) out.push({ path: '', files: loose });
  }
  return out;
}

/** The quick pick's entries, with what each folder already says (`texts`: folder-relative path → text). */
export function setupProjects(
  folderUri: string,
  candidates: readonly ProjectCandidate[],
  texts: (candidate: ProjectCandidate) => ReadonlyMap<string, string>,
): SetupProject[] {
  const base = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
  const projects = candidates.map((c): SetupProject => {
    const files = texts(c);
    const namespace = existingNamespace(files);
    const url = existingUrl(files);
    return {
      folder: c.path === '' ? folderUri : `${base}${c.path.split('/').map(encodeURIComponent).join('/')}`,
      path: c.path,
      files: [...c.files],
      ...(namespace && { namespace }),
      ...(url && { url }),
    };
  });
  const rank = (p: SetupProject) => (p.namespace || p.url ? 0 : p.files.length > 0 ? 1 : 2);
  return projects.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
}
