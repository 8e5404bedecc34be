/**
 * A task's predicted lineage (`predict/types.ts` TaskPrediction) folded into its job, as the Airflow provider's
 * ExtractorManager does: the datasets an operator reports itself (an extractor or its
 * `get_openlineage_facets_on_*` methods) win; `inlets`/`outlets` are read only when it reports none (or when the
 * operator has neither). Declared datasets the provider would therefore ignore stay visible, marked not emitted.
 *
 * Upstream: airflow/providers/openlineage/extractors/manager.py `ExtractorManager.extract_metadata` (docs/upstream/runtime-naming.md).
 */
import type { Range } from 'vscode-languageserver-types';
import type {
  SourceLocation,
  StaticColumnLineageFacet,
  StaticDatasetData,
  StaticJobData,
  StaticPlaceholder,
  StaticPrediction,
  StaticProvenance,
} from '../../../../protocol/lineage';
import type { DatasetUse } from './lineage';
import type { XletDataset } from './convert';
import type { PredictedColumn, PredictedDataset, PredictSource, TaskPrediction } from '../predict/types';

/** A job a task starts that reports its own lineage (a dbt model, a Spark application). */
export interface ChildJob {
  readonly kind: 'dbt' | 'spark';
  readonly namespace: string;
  readonly name: string;
  readonly parent: string;
  readonly inputs: readonly JobDataset[];
  readonly outputs: readonly JobDataset[];
  readonly location: SourceLocation;
  readonly note?: string;
}

/** A dataset of a job: a converted xlet or a predicted dataset, with how it was found. */
export interface JobDataset extends XletDataset {
  readonly provenance: StaticProvenance;
  readonly placeholders?: readonly StaticPlaceholder[];
  /** Column lineage into it (outputs predicted from SQL). */
  readonly columns?: readonly PredictedColumn[];
}

/** A predicted dataset as a job dataset; the provider emits it. */
export function predictedDataset(d: PredictedDataset): JobDataset {
  return {
    namespace: d.namespace,
    name: d.name,
    emitted: true,
    origin: 'openlineage',
    note: d.note,
    provenance: d.provenance,
    ...(d.placeholders?.length ? { placeholders: d.placeholders.map((p) => ({ name: p.name, why: p.why })) } : {}),
    ...(d.columns?.length ? { columns: d.columns } : {}),
  };
}

/** True when the provider will use the operator's own datasets (and so ignore inlets/outlets). */
export function reportsOwnDatasets(p: TaskPrediction | undefined): p is TaskPrediction {
  return !!p && p.supported && p.inputs.length + p.outputs.length > 0;
}

/** A declared dataset the provider ignores because the operator reports its own. */
export function overridden(d: JobDataset, p: TaskPrediction): JobDataset {
  if (!d.emitted) return d;
  const by = p.method ? `\`${p.method}\`` : "the operator's own OpenLineage method";
  return {
    ...d,
    emitted: false,
    note: `not emitted: ${by} reports this task's datasets, and the provider reads inlets/outlets only when it reports none`,
  };
}

/** The prediction as the protocol carries it on a job, with positions in place of offsets. */
export function staticPrediction(p: TaskPrediction, locate: (source: PredictSource) => SourceLocation): StaticPrediction {
  return {
    supported: p.supported,
    ...(p.method ? { method: p.method } : {}),
    problems: p.problems.map((x) => ({
      kind: x.kind,
      message: x.message,
      sourceLocation: locate(x.source),
    })),
    ...(p.links?.length ? { links: p.links.map((l) => ({ kind: l.kind, uri: l.uri, jobs: [...l.jobs] })) } : {}),
  };
}

/** The jobs a task's links run, their datasets recorded as uses of the file (so the graph has their nodes). */
export function childJobs(
  prediction: TaskPrediction,
  parent: string,
  dagId: string,
  task: Range,
  uses: (DatasetUse & { dataset: JobDataset })[],
  locate: (source: PredictSource) => SourceLocation,
): ChildJob[] {
  const out: ChildJob[] = [];
  for (const link of prediction.links ?? [])
    for (const child of link.children ?? []) {
      const location = locate(child.source ?? { uri: link.uri, range: { start: 0, end: 0 } });
      const datasets = (list: readonly PredictedDataset[], role: 'input' | 'output') =>
        list.map((p) => {
          const d = predictedDataset(p);
          const where = p.source ? locate(p.source) : location;
          uses.push({ uri: where.uri, range: where.range, definition: where.range, role, job: child.name, task, dagId, dataset: d });
          return d;
        });
      out.push({
        kind: link.kind,
        namespace: child.namespace,
        name: child.name,
        parent,
        inputs: datasets(child.inputs, 'input'),
        outputs: datasets(child.outputs, 'output'),
        location,
        ...(child.note ? { note: child.note } : {}),
      });
    }
  return out;
}

/** The JOB node data of a child job, under the task that starts it. */
export function childNode(child: ChildJob, parent: StaticJobData, keep: (d: JobDataset) => boolean): StaticJobData {
  const ref = (d: JobDataset) => ({ namespace: d.namespace, name: d.name });
  return {
    id: { namespace: child.namespace, name: child.name },
    type: 'BATCH',
    name: child.name,
    simpleName: child.name.slice(child.name.lastIndexOf('.') + 1),
    parentJobName: child.parent,
    namespace: child.namespace,
    inputs: child.inputs.filter(keep).map(ref),
    outputs: child.outputs.filter(keep).map(ref),
    location: null,
    description: child.note ?? null,
    latestRun: null,
    facets: {},
    operator: child.kind === 'dbt' ? 'dbt model (dbt-ol)' : 'Spark application (OpenLineage listener)',
    sourceLocation: child.location,
    upstream: [],
    downstream: [],
    dag: parent.dag,
  };
}

/**
 * Records how the code names a dataset: the provenance, and a predicted dataset's column lineage as its
 * `columnLineage` facet. A name emitted by one task and only declared (not emitted) by another is emitted.
 */
export function addProvenance(data: StaticDatasetData, d: JobDataset): void {
  if (!data.provenance.includes(d.provenance)) data.provenance.push(d.provenance);
  if (d.emitted && !data.emitted) {
    data.emitted = true;
    data.note = d.note;
  }
  if (!d.columns?.length) return;
  const facet: StaticColumnLineageFacet = (data.facets.columnLineage ??= { fields: {} });
  for (const c of d.columns) {
    const inputs = (facet.fields[c.name] ??= { inputFields: [] }).inputFields;
    for (const i of c.inputs)
      if (!inputs.some((x) => x.namespace === i.namespace && x.name === i.name && x.field === i.field)) inputs.push({ ...i });
  }
}
