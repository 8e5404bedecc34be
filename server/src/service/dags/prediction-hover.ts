/**
 * The hover of a task whose operator reports lineage itself: what the OpenLineage provider will emit for it
 * (inputs, outputs, their column lineage, how each name was found and what only the runtime knows), and
 * why it may emit nothing (SQL its parser rejects, an unknown connection, a missing template). Shown on the
 * task id, the operator's name and the SQL (or other argument) the datasets come from.
 */
import { mdCode, mdText } from '../../../../common/markdown';
import { PROVENANCE_WORDS } from '../../../../common/provenance';
import type { OffsetRange } from '../text/model';
import type { PredictedDataset, TaskPrediction } from '../predict/types';
import type { TaskDef } from './model';

const FOUND: Record<PredictedDataset['provenance'], string> = PROVENANCE_WORDS;

/** At most this many columns listed per output (the rest counted). */
const MAX_COLUMNS = 12;

/** Whether `offset` is on the task's operator name (the start of its call) or in a place a prediction comes from. */
export function onPrediction(task: TaskDef, prediction: TaskPrediction | undefined, offset: number): OffsetRange | undefined {
  const head = { start: task.range.start, end: task.range.start + task.operator.length };
  if (head.start <= offset && offset <= head.end) return head;
  if (!prediction) return undefined;
  let best: OffsetRange | undefined;
  for (const d of [...prediction.inputs, ...prediction.outputs, ...prediction.problems]) {
    const r = d.source && d.source.uri === undefined ? d.source.range : undefined;
    if (r && r.start <= offset && offset <= r.end && (!best || r.end - r.start < best.end - best.start)) best = r;
  }
  return best;
}

/** Markdown lines of a prediction (after the task's job line). */
export function predictionLines(prediction: TaskPrediction, operator?: string): string[] {
  const lines: string[] = [];
  if (!prediction.supported) {
    lines.push(
      '',
      'The OpenLineage provider reports no datasets for this operator: only `inlets`/`outlets` (or hook lineage) can give the job inputs and outputs.',
    );
    lines.push(...linkLines(prediction));
    return lines;
  }
  // The catalogue writes `Operator: Method (how)`; the operator is the task's own, so say it once.
  const method =
    prediction.method && operator && prediction.method.startsWith(`${operator}: `)
      ? prediction.method.slice(operator.length + 2)
      : prediction.method;
  if (method) lines.push('', `Reported at run time by ${mdText(method, 300)}:`);
  const row = (d: PredictedDataset) => `- ${mdCode(d.namespace)} ${mdCode(d.name)} (${FOUND[d.provenance]})`;
  if (prediction.inputs.length) lines.push('', '**Inputs**', '', ...prediction.inputs.map(row));
  if (prediction.outputs.length) lines.push('', '**Outputs**', '', ...prediction.outputs.map(row));
  if (!prediction.inputs.length && !prediction.outputs.length && !prediction.problems.length)
    lines.push('', 'No datasets: nothing this task reads or writes can be named from the code.');
  const columns = prediction.outputs.flatMap((d) => (d.columns ?? []).map((c) => ({ d, c })));
  if (columns.length) {
    lines.push('', '**Column lineage**', '');
    for (const { d, c } of columns.slice(0, MAX_COLUMNS)) {
      const from = c.inputs.map((i) => mdCode(`${i.name}.${i.field}`)).join(', ');
      lines.push(`- ${mdCode(`${d.name}.${c.name}`)} ← ${from || 'no input column (a constant or an expression)'}`);
    }
    if (columns.length > MAX_COLUMNS) lines.push(`- and ${columns.length - MAX_COLUMNS} more`);
  }
  const placeholders = new Map<string, string>();
  for (const d of [...prediction.inputs, ...prediction.outputs]) for (const p of d.placeholders ?? []) placeholders.set(p.name, p.why);
  if (placeholders.size) {
    lines.push('', 'Known only at run time:');
    for (const [name, why] of placeholders) lines.push(`- ${mdCode(`<${name}>`)}: ${mdText(why, 400)}`);
  }
  const notes = [...new Set([...prediction.inputs, ...prediction.outputs].map((d) => d.note).filter((n) => n !== ''))];
  if (notes.length) lines.push('', ...notes.slice(0, 4).map((n) => `*${mdText(n, 400)}*`));
  for (const p of prediction.problems) lines.push('', `⚠ ${mdText(p.message, 600)}`);
  return lines;
}

/** The jobs a task runs that report their own lineage (dbt models, a Spark application), with their datasets. */
function linkLines(prediction: TaskPrediction): string[] {
  const lines: string[] = [];
  const list = (ds: readonly PredictedDataset[]) => ds.map((d) => mdCode(`${d.namespace}/${d.name}`)).join(', ') || 'nothing';
  for (const link of prediction.links ?? []) {
    const children = link.children ?? [];
    if (link.kind === 'dbt') {
      lines.push(
        '',
        `**Runs ${children.length} dbt model${children.length === 1 ? '' : 's'}**, each reported by dbt-ol as a job of its own:`,
        '',
      );
      for (const c of children.slice(0, MAX_COLUMNS)) lines.push(`- ${mdCode(c.name)}: writes ${list(c.outputs)}`);
      if (children.length > MAX_COLUMNS) lines.push(`- and ${children.length - MAX_COLUMNS} more`);
    } else {
      lines.push(
        '',
        `**Submits a Spark application** (${mdText(link.uri.slice(link.uri.lastIndexOf('/') + 1))}), reported by the OpenLineage listener:`,
        '',
      );
      for (const c of children) lines.push(`- job ${mdCode(c.name)} reads ${list(c.inputs)}, writes ${list(c.outputs)}`);
    }
    if (link.note) lines.push('', `*${mdText(link.note, 300)}*`);
  }
  return lines;
}
