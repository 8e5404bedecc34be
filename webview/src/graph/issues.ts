/**
 * The Issues view's mark on a node (`data.lineageLensIssue`, protocol/webview.ts `IssueMark`, set by the
 * extension host): a dataset whose assertions failed, a job whose latest run failed. Read here for the node's
 * badge, tooltip, accessible name and details. The data came through the host from an endpoint: it is checked
 * field by field, texts clipped, lists bounded; a mark of the wrong shape is no mark. Pure: no DOM.
 */
import { facetText } from '../../../common/quality';
import type { IssueMark } from '../../../protocol/webview';
import { isRecord, type GraphNode } from './model';
import { parseTime } from './facets';

/** Most failed assertions listed in the details. */
const MAX_FAILED = 50;

/** A checked issue mark; `at` as epoch milliseconds. */
export interface IssueInfo {
  kind: IssueMark['kind'];
  summary: string;
  failed: NonNullable<IssueMark['failed']>;
  run: { id: string; state: string; job: string; jobNamespace: string; at?: number };
  message?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? facetText(value) : undefined);

/** The node's issue mark, if it has one of the right shape. */
export function issueOf(node: GraphNode): IssueInfo | undefined {
  const mark = node.data.lineageLensIssue;
  if (!isRecord(mark) || (mark.kind !== 'failed-assertions' && mark.kind !== 'failed-run')) return undefined;
  const summary = text(mark.summary);
  const run = isRecord(mark.run) ? mark.run : undefined;
  if (summary === undefined || !run) return undefined;
  const failed: IssueInfo['failed'] = [];
  for (const item of Array.isArray(mark.failed) ? mark.failed.slice(0, MAX_FAILED) : []) {
    const assertion = isRecord(item) ? text(item.assertion) : undefined;
    if (assertion === undefined || !isRecord(item)) continue;
    const entry: IssueInfo['failed'][number] = { assertion };
    for (const key of ['column', 'expected', 'actual', 'severity', 'description'] as const) {
      const value = text(item[key]);
      if (value !== undefined) entry[key] = value;
    }
    failed.push(entry);
  }
  const at = parseTime(run.at);
  const info: IssueInfo = {
    kind: mark.kind,
    summary,
    failed,
    run: {
      id: text(run.id) ?? '',
      state: text(run.state) ?? '',
      job: text(run.job) ?? '',
      jobNamespace: text(run.jobNamespace) ?? '',
      ...(at !== undefined && { at }),
    },
  };
  const message = text(mark.message);
  if (message !== undefined) info.message = message;
  return info;
}
