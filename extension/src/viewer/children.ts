/**
 * A parent job's child jobs, for Show Lineage. An Airflow DAG is a job of its own (the DAG run's events) whose
 * tasks are child jobs: their runs carry the ParentRunFacet naming the DAG, and Marquez (and the local
 * endpoint) give them `parentJobName`. The DAG's job reads and writes nothing, so its lineage is that one
 * node; the data flows through its tasks. When the lineage of a job is that lone node, its child jobs are
 * looked up in its namespace and their lineage (depth 1: each task's datasets) is added to the graph; the
 * webview then shows the parent with its children around it (graph/model.ts `members`).
 *
 * No vscode: the client is passed in (the unit tests pass the real client against the test Marquez server).
 */
import type { MarquezClient } from '../endpoint/client';
import { EndpointError } from '../endpoint/errors';
import type { LineageGraph, LineageNode } from '../../../protocol/marquez';
import { lineageOfJobs } from '../dag-lineage/runtime';
import { jobRef, namespaceJobs } from './runs';

export type ChildJobsClient = Pick<MarquezClient, 'jobs' | 'lineage'>;

export interface ChildJobsLimits {
  /** Jobs listed per request. */
  pageSize: number;
  /** Jobs of the namespace read at most while looking for the children. */
  maxJobs: number;
  /** Child jobs whose lineage is fetched at most. */
  maxChildren: number;
  concurrency: number;
}

export const CHILD_JOBS_LIMITS: ChildJobsLimits = { pageSize: 100, maxJobs: 2000, maxChildren: 100, concurrency: 4 };

export interface WithChildJobs {
  /** The graph, with the child jobs' lineage added when there are any. */
  graph: LineageGraph;
  /** The child jobs found (names in the parent's namespace), sorted. */
  children: string[];
  /** Why some children may be missing (the namespace has more jobs than were read, or more children than fetched). */
  incomplete?: string;
}

/** The job node `nodeId` of `graph` when it is alone: no edges in or out (a parent job's own lineage). */
export function loneJob(graph: LineageGraph, nodeId: string): LineageNode | undefined {
  const node = graph.graph.find((n) => n.id === nodeId);
  if (!node || node.type !== 'JOB') return undefined;
  return node.inEdges.length === 0 && node.outEdges.length === 0 ? node : undefined;
}

/**
 * `graph` (the lineage of `nodeId`) with the lineage of the job's child jobs added, when the job is alone in
 * its lineage and has children. Listing the namespace or fetching a child failing leaves the graph as it was
 * (the parent is still shown, and `incomplete` says why its children are not); only cancellation rejects.
 */
export async function withChildJobs(
  client: ChildJobsClient,
  nodeId: string,
  graph: LineageGraph,
  options: { signal?: AbortSignal; limits?: Partial<ChildJobsLimits> } = {},
): Promise<WithChildJobs> {
  const job = loneJob(graph, nodeId);
  const parent = job?.type === 'JOB' ? jobRef(job.data) : undefined;
  if (!parent) return { graph, children: [] };
  const limits = { ...CHILD_JOBS_LIMITS, ...options.limits };
  try {
    const listed = await namespaceJobs(
      client,
      parent.namespace,
      { pageSize: limits.pageSize, maxJobsPerNamespace: limits.maxJobs, maxNamespaces: 1, concurrency: 1 },
      options.signal,
    );
    const children = [
      ...new Set(
        listed.jobs
          .filter((j) => j.parentJobName === parent.name)
          .map((j) => jobRef(j))
          .filter((ref) => ref !== undefined && ref.namespace === parent.namespace && ref.name !== parent.name)
          .map((ref) => ref!.name),
      ),
    ].sort();
    if (children.length === 0) return { graph, children };
    const fetched = children.slice(0, limits.maxChildren);
    const more = await lineageOfJobs(client, parent.namespace, fetched, limits.concurrency, options.signal);
    const ids = new Set(graph.graph.map((n) => n.id));
    const merged: LineageGraph = { graph: [...graph.graph, ...more.graph.graph.filter((n) => !ids.has(n.id))] };
    const reasons: string[] = [];
    const total = listed.total;
    if (total !== undefined && listed.jobs.length < total)
      reasons.push(`only the first ${listed.jobs.length} of the ${total} jobs of ${parent.namespace} were searched for child jobs`);
    if (children.length > fetched.length)
      reasons.push(`${parent.name} has ${children.length} child jobs; the lineage of the first ${fetched.length} is shown`);
    return { graph: merged, children, ...(reasons.length > 0 && { incomplete: `${reasons.join('; ')}.` }) };
  } catch (error) {
    if (error instanceof EndpointError && error.kind === 'cancelled') throw error;
    if (options.signal?.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { graph, children: [], incomplete: `The child jobs of ${parent.name} could not be read: ${message}` };
  }
}
