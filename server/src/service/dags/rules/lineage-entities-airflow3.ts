import type { DagRule } from './rule';
import { airflowVersionUnknown } from '../../project/wording';
import { airflowFact, severityFor } from '../versions';
import { uniqueXlets } from '../xlets';
import { andList, upperFirst } from '../../text/wording';

const MODULE = 'airflow.lineage.entities';

/**
 * Airflow 3.0 removed `airflow.lineage.entities` (apache/airflow#48421, docs/upstream/airflow.md#airflow-3-removals):
 * importing it fails and the DAG does not load. Error on a verified Airflow ≥ 3, warning when the version is
 * unverified, information ("depends on the version") when it is unknown.
 */
export const lineageEntitiesAirflow3: DagRule = {
  id: 'dags/lineage-entities-airflow3',
  defaultSeverity: 'error',
  summary:
    'airflow.lineage.entities (Table, File, Column, User, Tag) is gone in Airflow 3: the import fails there; says which Airflow version the verdict rests on, or that it is unknown.',
  check(ctx) {
    const airflow = airflowFact(ctx.project);
    const severity = severityFor(airflow, (a) => a.major >= 3);
    if (!severity) return;
    const bindings = ctx.file.imports.filter((b) => b.module === MODULE || b.module.startsWith(`${MODULE}.`) || b.imported === MODULE);
    const replacement =
      'declare lineage with Assets instead (`from airflow.sdk import Asset`, e.g. `Asset("postgres://host:5432/database/schema/table")`): the OpenLineage provider turns Assets in inlets/outlets into OpenLineage datasets when a provider registers their scheme.';
    const message = (what: string) =>
      airflow && airflow.major >= 3
        ? `${what} was removed in Airflow 3.0 (apache/airflow#48421) and this project runs ${airflow.text}, so the import fails and the DAG does not load. On Airflow 3, ${replacement}`
        : `${what} exists only on Airflow 2.x: Airflow 3.0 removed it (apache/airflow#48421) and the import fails there. ${upperFirst(airflowVersionUnknown(ctx.project))}, so whether this DAG loads depends on the version. On Airflow 3, ${replacement}`;
    if (bindings.length) {
      // One finding per import statement: names separated only by commas, spaces and brackets.
      const runs: (typeof bindings)[] = [];
      for (const b of [...bindings].sort((p, q) => p.range.start - q.range.start)) {
        const run = runs[runs.length - 1];
        const prev = run?.[run.length - 1];
        if (run && prev && /^[\s,()\\]*$/.test(ctx.text.slice(prev.range.end, b.range.start))) run.push(b);
        else runs.push([b]);
      }
      for (const run of runs) {
        const first = run[0]!;
        const what = first.imported === MODULE ? `\`${MODULE}\`` : `\`${MODULE}\` (imported here: ${andList(run.map((b) => b.imported))})`;
        ctx.report({
          range: { start: first.range.start, end: run[run.length - 1]!.range.end },
          severity,
          tags: ['deprecated'],
          message: message(what),
        });
      }
      return;
    }
    // Used without a recognised import (e.g. a qualified `airflow.lineage.entities.Table(...)`).
    for (const x of uniqueXlets(ctx.file)) {
      if (x.kind === 'entity' && x.module === MODULE) {
        ctx.report({
          range: x.definitionRange,
          severity,
          tags: ['deprecated'],
          message: message(`\`${MODULE}\` (used here: \`${x.className}\`)`),
        });
      }
    }
  },
};
