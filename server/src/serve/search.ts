/**
 * `GET /search` as Marquez answers it: `name ILIKE '%' || q || '%'` over datasets and jobs (./like.ts),
 * `filter` dataset|job, `sort` NAME|UPDATE_AT (Marquez's enum, any case; `updated_at` as its docs spell it),
 * `limit` (10), `namespace`, `before` / `after` (`YYYY-MM-DD`). Pure.
 */
import type { SearchResult, SearchResults, SearchResultType } from '../../../protocol/marquez';
import { badRequest, type Answer } from './answer';
import { likeMatches, searchPattern } from './like';
import type { DatasetRecord, JobRecord, StoredLineage } from './model';
import { intParam } from './params';

/** Longest search query `q`, in characters. */
export const MAX_QUERY_LENGTH = 256;
const MAX_LIMIT = 10_000;

/** `sort` values, case-insensitive (Marquez's enum names and the names its docs give). */
const SEARCH_SORTS: Record<string, 'name' | 'updated_at' | undefined> = { NAME: 'name', UPDATE_AT: 'updated_at', UPDATED_AT: 'updated_at' };

const iso = (ms: number) => new Date(ms).toISOString();
const byName = <T extends { name: string }>(x: T, y: T) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);

/** `GET /search?q&filter&sort&limit&namespace&before&after`: datasets and jobs whose name matches `q`. */
export function searchAnswer(
  model: StoredLineage,
  query: URLSearchParams,
  hidden: (x: JobRecord | DatasetRecord) => boolean = () => false,
): Answer {
  const q = query.get('q');
  if (!q) return badRequest('query param q must not be null');
  if (q.length > MAX_QUERY_LENGTH) return badRequest(`query param q must be at most ${MAX_QUERY_LENGTH} characters, not ${q.length}`);
  const filter = query.get('filter')?.toLowerCase();
  if (filter && filter !== 'dataset' && filter !== 'job') return badRequest(`query param filter must be dataset or job, not "${filter}"`);
  // Marquez's SearchSort enum is NAME | UPDATE_AT (its web UI sends those); its docs say `name` | `updated_at`.
  const sortRaw = query.get('sort') || 'NAME';
  const sort = SEARCH_SORTS[sortRaw.toUpperCase()];
  if (!sort) return badRequest(`query param sort must be NAME or UPDATE_AT, not "${sortRaw}"`);
  const limit = intParam(query, 'limit', 10, MAX_LIMIT);
  if (typeof limit === 'string') return badRequest(limit);
  const namespace = query.get('namespace') ?? undefined;
  const bound = (name: string): number | string | undefined => {
    const raw = query.get(name);
    if (raw === null || raw === '') return undefined;
    const t = Date.parse(raw);
    return Number.isNaN(t) ? `query param ${name} must be a date (YYYY-MM-DD), not "${raw}"` : t;
  };
  const before = bound('before');
  const after = bound('after');
  if (typeof before === 'string') return badRequest(before);
  if (typeof after === 'string') return badRequest(after);
  const pattern = searchPattern(q);
  const keep = (x: { name: string; namespace: string; updatedAt: number }) =>
    likeMatches(pattern, x.name) &&
    (namespace === undefined || x.namespace === namespace) &&
    (before === undefined || x.updatedAt < before) &&
    (after === undefined || x.updatedAt > after);
  const hits: { type: SearchResultType; name: string; updatedAt: number; namespace: string; nodeId: string }[] = [];
  if (filter !== 'job')
    for (const d of model.datasets.values())
      if (keep(d) && !hidden(d))
        hits.push({ type: 'DATASET', name: d.name, updatedAt: d.updatedAt, namespace: d.namespace, nodeId: d.nodeId });
  if (filter !== 'dataset')
    for (const j of model.jobs.values())
      if (keep(j) && !hidden(j)) hits.push({ type: 'JOB', name: j.name, updatedAt: j.updatedAt, namespace: j.namespace, nodeId: j.nodeId });
  hits.sort(sort === 'name' ? (x, y) => byName(x, y) || (x.nodeId < y.nodeId ? -1 : 1) : (x, y) => y.updatedAt - x.updatedAt);
  const results = hits.slice(0, limit).map((h): SearchResult => ({ ...h, updatedAt: iso(h.updatedAt) }));
  return { status: 200, body: { totalCount: results.length, results } satisfies SearchResults };
}
