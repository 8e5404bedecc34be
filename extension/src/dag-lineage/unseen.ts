/**
 * The findings of `runtime/unseen-dataset` (see ./diagnostics.ts): datasets a DAG file declares that the DAG's
 * runs never reported to the lineage endpoint, where they are declared in the file, and the runtime names
 * closest to them. Pure (no vscode), so the unit tests check exactly what the diagnostics say.
 */
import type { PresenceMarkedData } from '../../../protocol/webview';
import { mergeDagLineage, nodesOf } from './merge';

export const UNSEEN_DATASET = 'runtime/unseen-dataset';
/** What the check catches, for the rules reference (docs/rules.md). */
export const UNSEEN_DATASET_SUMMARY =
  'A dataset a DAG file declares (inlets, outlets, Datasets, Assets) that the DAG’s runs never reported to the lineage endpoint, though its tasks ran, with the runtime names closest to it (often a misspelled name, or a URI the provider converts to another name). Reported by the extension, not the language server: it needs the endpoint, so it is off until one is set (and can be turned off with `lineageLens.runtimeDiagnostics.enable`), and it is checked when a DAG file is opened, saved or shown. Default severity: information.';
/** The rules reference's section, as for the language server's rules. */
export const UNSEEN_DATASET_DOCS = 'https://github.com/lineage-lens/lineage-lens/blob/main/docs/rules.md#runtime-unseen-dataset';

/** A 0-based range, as the language server writes them. */
export interface PlainRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface UnseenDataset {
  /** The dataset's node id. */
  id: string;
  range: PlainRange;
  message: string;
  nearest: string[];
}

function definitionsOf(data: Record<string, unknown>): { uri: string; range: PlainRange }[] {
  const list = Array.isArray(data.definitions) ? (data.definitions as unknown[]) : [];
  return list.filter((d): d is { uri: string; range: PlainRange } => {
    const r = (d as { range?: PlainRange } | null)?.range;
    return (
      typeof (d as { uri?: unknown } | null)?.uri === 'string' && typeof r?.start?.line === 'number' && typeof r.end?.line === 'number'
    );
  });
}

/**
 * The unseen datasets declared in `uri`: one finding per place each is constructed in that file. None when
 * none of the DAG's tasks reached the endpoint (it has not run with lineage yet: everything would be unseen).
 */
export function unseenDatasets(
  uri: string,
  code: unknown,
  runtime: unknown,
  endpoint: { url: string; namespace: string },
): UnseenDataset[] {
  const { graph, summary } = mergeDagLineage(code, runtime, { endpoint: endpoint.url, namespace: endpoint.namespace });
  if (summary.tasks.both + summary.tasks.runtime === 0) return [];
  const unseen = new Set(summary.onlyInCode);
  const out: UnseenDataset[] = [];
  for (const node of nodesOf(graph)) {
    if (!unseen.has(node.id)) continue;
    const data = node.data ?? {};
    const nearest = (data as PresenceMarkedData).lineageLens?.nearest ?? [];
    const name = `${String(data.namespace ?? '')}/${String(data.name ?? '')}`;
    const message =
      `${name} is declared here, but ${summary.dagIds.join(', ')} never reported it to ${endpoint.url} (namespace ${endpoint.namespace}), though its tasks ran.` +
      (nearest.length > 0
        ? ` At runtime the tasks used ${nearest.join(', ')}: the same dataset under another name?`
        : ' Check that the task really reads or writes it, and that its URI converts to the name the runtime reports.');
    for (const d of definitionsOf(data)) if (d.uri === uri) out.push({ id: node.id, range: d.range, message, nearest });
  }
  return out;
}
