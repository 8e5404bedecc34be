import { ProjectIndex } from '../project/index';
import type { ProjectModel } from '../project/model';
import type { PlanFiles } from './files';

/** What every integration's planner gets. */
export interface PlanContext {
  readonly ws: PlanFiles;
  readonly target: string;
  /** The endpoint's base URL (no trailing slash, no `/api/v1`). */
  readonly url: string;
  readonly namespace: string;
  readonly apiKey: boolean;
  /** The project model of the files read, as the language server builds it. */
  readonly project: ProjectModel;
  readonly nextSteps: string[];
  secret?: { name: string; where: string; how: string };
}

export class PlanError extends Error {}

/** The project model of the given files, keyed like the server keys them (a file URI per relative path). */
export function projectOf(files: ReadonlyMap<string, string>): ProjectModel {
  const index = new ProjectIndex();
  for (const [path, text] of files) index.update(`file:///workspace/${path}`, text);
  return index.model;
}

/** The base URL the clients need: trimmed, without a trailing slash or the `/api/v1[/lineage]` path. */
export function normalizeUrl(raw: string): string {
  const url = raw
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api\/v1(\/lineage)?$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new PlanError(`The endpoint URL ${JSON.stringify(raw)} is not an http(s) URL.`);
  return url;
}

/** The first existing file with this base name (shallowest first), else the default path. */
export function pick(existing: readonly string[], name: RegExp, fallback: string): string {
  const hits = existing
    .filter((p) => name.test(p.split('/').pop()!))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  return hits[0] ?? fallback;
}

export const OL_VERSION = '1.52.0';
