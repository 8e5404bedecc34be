/**
 * What the DAG Lineage view says above (or, in the side bar, under) its graph: where the lineage comes from,
 * what the comparison with the runtime found, and why the runtime part is missing, with the buttons that
 * fix it. Pure (no vscode), so the unit tests check every state's text and actions.
 */
import type { HostAction, HostNotice } from '../../../protocol/webview';
import { remedyFor, REMEDY_COMMANDS, type EndpointErrorKind } from '../endpoint/errors';
import type { DagLineageSummary } from './merge';

/** Commands the view's buttons may run. */
export const ACTIONS = {
  setEndpoint: REMEDY_COMMANDS['set-endpoint'],
  setApiKey: REMEDY_COMMANDS['set-api-key'],
  startLocal: { label: 'Start Local Endpoint', command: 'lineageLens.startLocalEndpoint' },
  retry: { label: 'Retry', command: 'lineageLens.refreshDagLineage' },
  output: { label: 'Show Output', command: 'lineageLens.showOutput' },
  restart: { label: 'Restart Language Server', command: 'lineageLens.restartServer' },
} as const satisfies Record<string, HostAction>;
export const ALLOWED_COMMANDS = new Set<string>(Object.values(ACTIONS).map((a) => a.command));

/** What the endpoint said about the DAG (DagLineageSource.runtime's result, as far as the notices need it). */
export type RuntimeStatus =
  | { kind: 'ok'; endpoint: string; namespace: string; lineage: { incomplete?: string } }
  | { kind: 'unconfigured'; message: string }
  | { kind: 'error'; endpoint: string; namespace: string; errorKind: EndpointErrorKind; message: string };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The lines above the graph: where it comes from, and what deserves a look. */
export function noticesFor(summary: DagLineageSummary, runtime: RuntimeStatus): HostNotice[] {
  if (runtime.kind === 'unconfigured') {
    return [
      {
        text: "Lineage read from the code. To compare it with what the DAG reported when it ran, set a lineage endpoint or start the local one and send the DAG's lineage to it.",
        actions: [ACTIONS.setEndpoint, ACTIONS.startLocal],
      },
    ];
  }
  if (runtime.kind === 'error') {
    const actions: HostAction[] = [ACTIONS.retry];
    const remedy = remedyFor(runtime.errorKind);
    if (remedy) actions.unshift(REMEDY_COMMANDS[remedy]);
    return [{ text: `Lineage read from the code only: ${runtime.message}`, actions }];
  }
  const notices: HostNotice[] = [];
  const { tasks, datasets } = summary;
  const seen = tasks.both + tasks.runtime;
  if (seen === 0) {
    notices.push({
      text: `${runtime.endpoint} has no task of ${summary.dagIds.join(', ') || 'this DAG'} in namespace ${runtime.namespace}: the DAG has not run with lineage enabled yet, or it reports to another namespace (set lineageLens.endpoint.namespace).`,
    });
    return notices;
  }
  const parts: string[] = [];
  if (tasks.code > 0) parts.push(`${plural(tasks.code, 'task')} never ran`);
  if (datasets.code > 0) parts.push(`${plural(datasets.code, 'dataset')} only in the code (dashed)`);
  if (datasets.runtime > 0) parts.push(`${plural(datasets.runtime, 'dataset')} only at runtime (dotted)`);
  if (parts.length > 0) notices.push({ text: `Compared with ${runtime.endpoint}: ${parts.join(', ')}.` });
  if (runtime.lineage.incomplete) notices.push({ text: `Runtime lineage may be incomplete: ${runtime.lineage.incomplete}` });
  return notices;
}
