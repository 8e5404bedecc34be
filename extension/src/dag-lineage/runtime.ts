/**
 * The runtime lineage of a DAG: what the lineage endpoint saw of its tasks. The OpenLineage Airflow provider
 * names a task's job `dag_id.task_id` in its namespace, so the DAG's tasks are the jobs of that namespace
 * with that prefix; each one's lineage at depth 1 gives its input and output datasets with their schema and
 * facets, and its edges to other jobs (which the view offers to fetch).
 *
 * No vscode: the client is passed in (the unit tests pass the real client against the test Marquez server).
 */
import { jobNodeId } from '../../../protocol/node-ids';
import type { MarquezClient } from '../endpoint/client';
import { EndpointError } from '../endpoint/errors';
import type { LineageNode } from '../../../protocol/marquez';
import { mapLimited, namespaceJobs } from '../viewer/runs';
import { isTaskOf } from './merge';

export type RuntimeClient = Pick<MarquezClient, 'jobs' | 'lineage'>;

export interface RuntimeLimits {
  /** Jobs listed per request. */
  pageSize: number;
  /** Jobs of the namespace read at most while looking for the DAG's tasks. */
  maxJobs: number;
  /** Task jobs whose lineage is fetched at most. */
  maxTasks: number;
  concurrency: number;
}

export const RUNTIME_LIMITS: RuntimeLimits = { pageSize: 100, maxJobs: 2000, maxTasks: 100, concurrency: 4 };

export interface RuntimeLineage {
  /** Lineage response: the task jobs, their datasets, and the neighbours the endpoint returned with them. */
  graph: { graph: LineageNode[] };
  /** Names of the DAG's task jobs the endpoint knows. */
  taskJobs: string[];
  /** Why the runtime picture may be incomplete (too many jobs to list, too many tasks), if it may be. */
  incomplete?: string;
}

/**
 * Reads the runtime lineage of the tasks of `dagIds` in `namespace`. `codeTasks` (job names from the code)
 * are looked up directly when listing the namespace stopped early, so a large namespace still finds them.
 * Rejects with the client's {@link EndpointError} (cancellation included) when listing fails; a task whose
 * lineage is gone by the time it is fetched (404) is skipped.
 */
export async function fetchDagRuntime(
  client: RuntimeClient,
  namespace: string,
  dagIds: readonly string[],
  codeTasks: readonly string[],
  options: { signal?: AbortSignal; limits?: Partial<RuntimeLimits> } = {},
): Promise<RuntimeLineage> {
  const limits = { ...RUNTIME_LIMITS, ...options.limits };
  const listed = await namespaceJobs(
    client,
    namespace,
    { pageSize: limits.pageSize, maxJobsPerNamespace: limits.maxJobs, maxNamespaces: 1, concurrency: 1 },
    options.signal,
  );
  const names = new Set(listed.jobs.map((j) => j.name).filter((name) => isTaskOf(name, dagIds)));
  const truncated = listed.total !== undefined ? listed.jobs.length < listed.total : listed.jobs.length >= limits.maxJobs;
  // Not listed because listing stopped early: ask for them by name (a 404 means the endpoint never saw it).
  const probe = truncated ? codeTasks.filter((t) => !names.has(t)) : [];
  const tasks = [...names, ...probe];
  const fetched = tasks.slice(0, limits.maxTasks);
  const { graph, found } = await lineageOfJobs(client, namespace, fetched, limits.concurrency, options.signal);
  const reasons: string[] = [];
  if (truncated && listed.total !== undefined)
    reasons.push(
      `${namespace} has ${listed.total} jobs; the first ${listed.jobs.length} were searched for the DAG's tasks, and the code's tasks were looked up by name`,
    );
  if (tasks.length > fetched.length)
    reasons.push(`the DAG has ${tasks.length} task jobs; the lineage of the first ${fetched.length} is shown`);
  return {
    graph,
    taskJobs: found.sort(),
    ...(reasons.length > 0 && { incomplete: `${reasons.join('; ')}.` }),
  };
}

/**
 * The lineage at depth 1 of each job of `names` in `namespace` (`concurrency` requests at a time), as one
 * response: a node seen from two jobs keeps the answer with more edges. A job the endpoint no longer knows
 * (404) is skipped; `found` names the jobs whose own node came back. Rejects with the client's other errors.
 */
export async function lineageOfJobs(
  client: Pick<MarquezClient, 'lineage'>,
  namespace: string,
  names: readonly string[],
  concurrency: number,
  signal?: AbortSignal,
): Promise<{ graph: { graph: LineageNode[] }; found: string[] }> {
  const results = await mapLimited(names, concurrency, async (name) => {
    try {
      return await client.lineage(jobNodeId({ namespace, name }), 1, { signal });
    } catch (error) {
      if (error instanceof EndpointError && error.kind === 'not-found') return undefined;
      throw error;
    }
  });
  const byId = new Map<string, LineageNode>();
  const found: string[] = [];
  results.forEach((graph, i) => {
    if (!graph) return;
    const own = jobNodeId({ namespace, name: names[i]! });
    if (graph.graph.some((n) => n.id === own)) found.push(names[i]!);
    for (const node of graph.graph) {
      const known = byId.get(node.id);
      // A node seen from two jobs: keep the one with more edges (the lineage around it at depth 1 of each).
      if (!known || node.inEdges.length + node.outEdges.length > known.inEdges.length + known.outEdges.length) byId.set(node.id, node);
    }
  });
  return { graph: { graph: [...byId.values()] }, found };
}
