/**
 * The Recent Runs and Issues views' items, built from the runs state as plain data (the tree providers turn
 * them into `TreeItem`s one to one). Pure: no `vscode`, and `now` is passed in, so the unit tests check every
 * label, icon and command. Texts from the endpoint go into labels, descriptions and plain-text tooltips only,
 * never into Markdown or HTML.
 */
import { jobNodeId } from '../../../protocol/node-ids';
import { remedyFor, REMEDY_COMMANDS, type EndpointErrorKind } from '../endpoint/errors';
import type { Run } from '../../../protocol/marquez';
import { formatDuration } from '../../../common/duration';
import { formatRelativeTime, formatTimestamp } from './format';
import { runTime, type AssertionIssue, type FailedRunIssue, type Issue, type JobRun, type RunsState } from './runs';

/** The command that opens the graph. */
export const SHOW_LINEAGE_COMMAND = 'lineageLens.showLineage';

/** A command to run when an item is clicked. */
export interface ItemCommand {
  command: string;
  title: string;
  arguments?: unknown[];
}

/** A product icon (`ThemeIcon` id) and its theme colour id. */
export interface ItemIcon {
  id: string;
  color?: string;
}

/** What an item is; also its `contextValue` (menus), prefixed `lineageLens.`. */
export type ItemKind = 'run' | 'failedRun' | 'failedAssertions' | 'assertion' | 'message' | 'action';

/** One tree item. */
export interface ViewItem {
  /** Unique in its view and stable across refreshes, so VS Code keeps selection and expansion. */
  id: string;
  kind: ItemKind;
  label: string;
  description?: string;
  /** Plain text. */
  tooltip?: string;
  icon: ItemIcon;
  /** The graph node the item is about (a `job:` or `dataset:` node id), for commands run on the item. */
  nodeId?: string;
  command?: ItemCommand;
  children?: ViewItem[];
  /** Whether the item starts expanded (it has children). */
  expanded?: boolean;
}

/** Most runs the Recent Runs view lists. */
export const MAX_RECENT_RUNS = 50;

const STATE_ICONS: Record<string, ItemIcon> = {
  COMPLETED: { id: 'pass', color: 'testing.iconPassed' },
  FAILED: { id: 'error', color: 'testing.iconFailed' },
  RUNNING: { id: 'sync~spin', color: 'charts.blue' },
  ABORTED: { id: 'circle-slash', color: 'testing.iconSkipped' },
  NEW: { id: 'circle-outline', color: 'testing.iconQueued' },
};

/** The icon of a run state: pass, fail, running, aborted, new; unknown states get a question mark. */
export function stateIcon(state: string): ItemIcon {
  return STATE_ICONS[state] ?? { id: 'question' };
}

/** A run state as a word: `completed`, `failed`, ... */
function stateWord(state: string): string {
  return state.toLowerCase();
}

/** Show Lineage at `nodeId`; from an issue, `issue` (its id) says which one the graph opens on. */
function showLineage(nodeId: string, title: string, issue?: string): ItemCommand {
  return { command: SHOW_LINEAGE_COMMAND, title, arguments: [{ nodeId, ...(issue !== undefined && { issue }) }] };
}

/** A run's duration: the recorded one, or for a run still going the time since it started. */
export function runDurationText(run: Run, now: number): string {
  if (typeof run.durationMs === 'number') return formatDuration(run.durationMs);
  if ((run.state === 'RUNNING' || run.state === 'NEW') && run.startedAt) {
    const since = now - Date.parse(run.startedAt);
    return Number.isFinite(since) && since >= 0 ? `${formatDuration(since)} so far` : '';
  }
  return '';
}

/** `5m 06s · 2 h ago`, with the state first unless the run completed: `failed · 12m 21s · 2 h ago`. */
export function runDescription(run: Run, now: number): string {
  const parts = [run.state === 'COMPLETED' ? '' : stateWord(run.state), runDurationText(run, now), formatRelativeTime(runTime(run), now)];
  return parts.filter((p) => p !== '').join(' · ');
}

function lines(...entries: [string, string | undefined | null][]): string {
  return entries
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
    .map(([k, v]) => (k ? `${k}: ${v}` : v))
    .join('\n');
}

function runTooltip(record: JobRun, now: number, extra: [string, string | undefined][] = []): string {
  const { job, run } = record;
  return lines(
    ['', job.name],
    ['Namespace', job.namespace],
    ['State', run.state],
    ['Run', run.id],
    ['Started', formatTimestamp(run.startedAt ?? run.createdAt)],
    ['Ended', formatTimestamp(run.endedAt)],
    ['Duration', runDurationText(run, now)],
    ['Nominal time', formatTimestamp(run.nominalStartTime)],
    ...extra,
  );
}

/** One run of the Recent Runs view; clicking it opens the graph at its job. */
export function runItem(record: JobRun, now: number): ViewItem {
  const nodeId = jobNodeId(record.job);
  const error = record.run.state === 'FAILED' ? errorText(record.run) : undefined;
  return {
    id: `run:${record.run.id}`,
    kind: 'run',
    label: record.job.name,
    description: runDescription(record.run, now),
    tooltip: runTooltip(record, now, [['Error', error]]),
    icon: stateIcon(record.run.state),
    nodeId,
    command: showLineage(nodeId, 'Show Lineage'),
  };
}

function errorText(run: Run): string | undefined {
  const facet = run.facets && typeof run.facets === 'object' ? (run.facets as Record<string, unknown>).errorMessage : undefined;
  const message = facet && typeof facet === 'object' ? (facet as Record<string, unknown>).message : undefined;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

function failedRunItem(issue: FailedRunIssue, now: number): ViewItem {
  return {
    id: issue.id,
    kind: 'failedRun',
    label: issue.job.name,
    description: ['failed', formatRelativeTime(issue.at, now), issue.message ?? ''].filter((p) => p !== '').join(' · '),
    tooltip: runTooltip(issue, now, [['Error', issue.message]]),
    icon: { id: 'error', color: 'testing.iconFailed' },
    nodeId: issue.nodeId,
    command: showLineage(issue.nodeId, 'Show Lineage', issue.id),
  };
}

/** `not_null on customer_id: expected 0, actual 3`. */
export function assertionText(assertion: { assertion: string; column?: string; expected?: string; actual?: string }): string {
  const what = assertion.column ? `${assertion.assertion} on ${assertion.column}` : assertion.assertion;
  const values = [
    assertion.expected !== undefined ? `expected ${assertion.expected}` : '',
    assertion.actual !== undefined ? `actual ${assertion.actual}` : '',
  ].filter((p) => p !== '');
  return values.length > 0 ? `${what}: ${values.join(', ')}` : what;
}

function assertionIssueItem(issue: AssertionIssue, now: number): ViewItem {
  const count = issue.failed.length;
  const severe = issue.failed.some((a) => a.severity === undefined || a.severity.toLowerCase() === 'error');
  return {
    id: issue.id,
    kind: 'failedAssertions',
    label: issue.dataset.name,
    description: [`${count} of ${issue.total} assertion${issue.total === 1 ? '' : 's'} failed`, formatRelativeTime(issue.at, now)]
      .filter((p) => p !== '')
      .join(' · '),
    tooltip: lines(
      ['', issue.dataset.name],
      ['Namespace', issue.dataset.namespace],
      ['Checked by', `${issue.job.name} (${issue.job.namespace}), run ${issue.run.id}, ${issue.run.state}`],
      ['Checked', formatTimestamp(issue.at)],
      ['Facet', issue.facet],
      ['Failed', issue.failed.map(assertionText).join('\n  ')],
    ),
    icon: severe ? { id: 'error', color: 'testing.iconFailed' } : { id: 'warning', color: 'list.warningForeground' },
    nodeId: issue.nodeId,
    command: showLineage(issue.nodeId, 'Show Lineage', issue.id),
    expanded: false,
    children: issue.failed.map((a, i) => ({
      id: `${issue.id}:${i}`,
      kind: 'assertion' as const,
      label: a.column ? `${a.assertion} (${a.column})` : a.assertion,
      description: [
        a.expected !== undefined ? `expected ${a.expected}` : '',
        a.actual !== undefined ? `actual ${a.actual}` : '',
        a.severity ?? '',
      ]
        .filter((p) => p !== '')
        .join(' · '),
      tooltip: lines(
        ['', a.assertion],
        ['Name', a.name],
        ['Column', a.column],
        ['Severity', a.severity],
        ['Expected', a.expected],
        ['Actual', a.actual],
        ['Description', a.description],
      ),
      icon:
        a.severity !== undefined && a.severity.toLowerCase() !== 'error'
          ? { id: 'warning', color: 'list.warningForeground' }
          : { id: 'close', color: 'testing.iconFailed' },
      nodeId: issue.nodeId,
      command: showLineage(issue.nodeId, 'Show Lineage', issue.id),
    })),
  };
}

/** One issue of the Issues view; clicking it opens the graph at the failed job or the checked dataset. */
export function issueItem(issue: Issue, now: number): ViewItem {
  return issue.kind === 'failed-run' ? failedRunItem(issue, now) : assertionIssueItem(issue, now);
}

function message(id: string, label: string, icon: ItemIcon, tooltip?: string): ViewItem {
  return { id: `message:${id}`, kind: 'message', label, icon, tooltip: tooltip ?? label };
}

function action(id: string, label: string, command: string, icon: string): ViewItem {
  return { id: `action:${id}`, kind: 'action', label, icon: { id: icon }, command: { command, title: label } };
}

/** What to offer after an endpoint failure of this kind. */
function errorActions(kind: EndpointErrorKind): ViewItem[] {
  const actions: ViewItem[] = [];
  const remedy = remedyFor(kind);
  if (remedy)
    actions.push(
      action(remedy, `${REMEDY_COMMANDS[remedy].label}…`, REMEDY_COMMANDS[remedy].command, remedy === 'set-api-key' ? 'key' : 'plug'),
    );
  actions.push(
    action('test-connection', 'Test Connection', 'lineageLens.testConnection', 'debug-disconnect'),
    action('retry', 'Retry', 'lineageLens.refresh', 'refresh'),
  );
  return actions;
}

/** The items of a state that has no data: none when unconfigured (the view's welcome content says what to do). */
function problemItems(state: Exclude<RunsState, { kind: 'ok' }>): ViewItem[] {
  if (state.kind === 'unconfigured') return [];
  return [message('error', state.message, { id: 'error', color: 'errorForeground' }), ...errorActions(state.errorKind)];
}

function truncationItems(state: Extract<RunsState, { kind: 'ok' }>): ViewItem[] {
  return state.snapshot.truncated.map((t, i) => message(`truncated-${i}`, t, { id: 'info' }));
}

function scope(state: Extract<RunsState, { kind: 'ok' }>): string {
  return state.snapshot.namespace !== undefined
    ? `namespace ${state.snapshot.namespace}`
    : `the ${state.snapshot.namespaces.length} namespace${state.snapshot.namespaces.length === 1 ? '' : 's'} of ${state.endpoint}`;
}

/** The Recent Runs view: the newest runs, or a message saying why there are none. */
export function recentRunItems(state: RunsState, now: number, max = MAX_RECENT_RUNS): ViewItem[] {
  if (state.kind !== 'ok') return problemItems(state);
  const runs = state.snapshot.runs;
  if (runs.length === 0) {
    return [
      message(
        'empty',
        `No runs in ${scope(state)}.`,
        { id: 'info' },
        `${state.snapshot.jobCount} job${state.snapshot.jobCount === 1 ? '' : 's'} read, none with a run.`,
      ),
      ...truncationItems(state),
    ];
  }
  const items = runs.slice(0, max).map((r) => runItem(r, now));
  if (runs.length > max) items.push(message('more', `${runs.length - max} older runs not shown`, { id: 'ellipsis' }));
  return [...items, ...truncationItems(state)];
}

/** The Issues view: failed runs and failed data-quality assertions, or a message saying there are none. */
export function issueItems(state: RunsState, now: number): ViewItem[] {
  if (state.kind !== 'ok') return problemItems(state);
  if (state.snapshot.issues.length === 0) {
    return [
      message(
        'none',
        `No issues in ${scope(state)}.`,
        { id: 'pass', color: 'testing.iconPassed' },
        `No failed runs or failed data-quality assertions among the latest runs of ${state.snapshot.jobCount} job${state.snapshot.jobCount === 1 ? '' : 's'}.`,
      ),
      ...truncationItems(state),
    ];
  }
  return [...state.snapshot.issues.map((i) => issueItem(i, now)), ...truncationItems(state)];
}
