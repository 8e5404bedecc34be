/**
 * The Issues view's open issues, marked on the nodes of a graph before it is shown: a dataset whose newest
 * check failed assertions, a job whose newest run failed. The mark (protocol/webview.ts `IssueMark`) goes in
 * the node's `data` under `lineageLensIssue`; the webview draws a badge on the node and opens its details on
 * the issue. Pure: no `vscode`; the graph is untrusted and not changed in place.
 */
import type { IssueMark, IssueMarkedData } from '../../../protocol/webview';
import { assertionText } from './items';
import type { Issue } from './runs';

/** The mark of one issue. */
export function issueMark(issue: Issue): IssueMark {
  const run = {
    id: issue.run.id,
    state: issue.run.state,
    job: issue.job.name,
    jobNamespace: issue.job.namespace,
    ...(issue.at !== null && { at: issue.at }),
  };
  if (issue.kind === 'failed-run')
    return { kind: 'failed-run', summary: 'Latest run failed', run, ...(issue.message !== undefined && { message: issue.message }) };
  return {
    kind: 'failed-assertions',
    summary: `${issue.failed.length} of ${issue.total} assertion${issue.total === 1 ? '' : 's'} failed`,
    failed: issue.failed.map((a) => ({
      assertion: a.assertion,
      ...(a.column !== undefined && { column: a.column }),
      ...(a.expected !== undefined && { expected: a.expected }),
      ...(a.actual !== undefined && { actual: a.actual }),
      ...(a.severity !== undefined && { severity: a.severity }),
      ...(a.description !== undefined && { description: a.description }),
    })),
    run,
  };
}

/** One line per issue, for logs: `analytics.public.customers: 1 of 2 assertions failed (unique on customer_id)`. */
export function issueLine(issue: Issue): string {
  if (issue.kind === 'failed-run') return `${issue.job.name}: latest run failed${issue.message ? ` (${issue.message})` : ''}`;
  return `${issue.dataset.name}: ${issueMark(issue).summary} (${issue.failed.map(assertionText).join('; ')})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `graph` with each node that has an open issue marked (a copy of the node and its `data`); `graph` itself
 * when no node has one or it is not a lineage response.
 */
export function markIssues(graph: unknown, issues: readonly Issue[] | undefined): unknown {
  if (!issues || issues.length === 0 || !isObject(graph) || !Array.isArray(graph.graph)) return graph;
  const byNode = new Map<string, Issue>();
  // Newest first: the first issue of a node is the one to show.
  for (const issue of issues) if (!byNode.has(issue.nodeId)) byNode.set(issue.nodeId, issue);
  let marked = 0;
  const nodes = (graph.graph as unknown[]).map((node) => {
    if (!isObject(node) || typeof node.id !== 'string') return node;
    const issue = byNode.get(node.id);
    if (!issue) return node;
    marked++;
    const data: IssueMarkedData = { ...(isObject(node.data) ? node.data : {}), lineageLensIssue: issueMark(issue) };
    return { ...node, data };
  });
  return marked === 0 ? graph : { ...graph, graph: nodes };
}
