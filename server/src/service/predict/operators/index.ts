/**
 * What the OpenLineage provider will emit for a task, from its operator and arguments: SQL operators (the SQL
 * through the SQL lineage and the connection's naming), transfer and storage operators (their OpenLineage
 * methods' names), a custom operator of the same file with literal `OperatorLineage`, and links to jobs with
 * lineage of their own (Spark applications, dbt projects). Operators with none of these: `supported: false`.
 *
 * Pure: the SQL lineage, connections, naming and workspace files are handed in (`OperatorContext`).
 */
import type { DagDef, TaskDef } from '../../dags/model';
import type { ConnectionLookup, SourceFiles, SqlLineageFn, TaskPrediction } from '../types';
import { OperatorArgs } from './args';
import { operatorSpec } from './catalog';
import { customOperatorLineage, dbtLink, sparkLink } from './custom';
import { registeredExtractorLineage, type ExtractorRegistration } from './extractors';
import { predictSqlTask, type SqlNamingFn } from './sql-task';
import { TRANSFERS, type NamespaceFor } from './transfer';

export type { SqlNaming, SqlNamingFn, SqlNamingHints } from './sql-task';
export type { NamespaceFor } from './transfer';
export { OPERATORS, operatorSpec, type OperatorSpec } from './catalog';
export { extractorRegistrations, type ExtractorRegistration } from './extractors';

export interface OperatorContext {
  /** The SQL lineage; undefined while the parser is not loaded (SQL operators then predict no datasets yet). */
  readonly sql?: SqlLineageFn;
  readonly connections: ConnectionLookup;
  readonly sqlNaming: SqlNamingFn;
  readonly namespaceFor: NamespaceFor;
  readonly files: SourceFiles;
  /** Custom extractors the project's settings register (`OPENLINEAGE_EXTRACTORS`...): they win over the operator's methods. */
  readonly extractors?: readonly ExtractorRegistration[];
}

export interface PredictTaskInput {
  readonly task: TaskDef;
  readonly dag?: DagDef;
  /** The DAG file's URI: template files and applications are found from its folder. */
  readonly dagUri: string;
  /** The DAG file's text (custom operator classes are read from it). */
  readonly text: string;
}

/** The prediction for one task; undefined for a task that is not an operator call (nothing to say). */
export function predictTask(input: PredictTaskInput, ctx: OperatorContext): TaskPrediction | undefined {
  const { task, dag, dagUri, text } = input;
  const args = new OperatorArgs(task, dag);
  const extractor = ctx.extractors?.length
    ? registeredExtractorLineage(task.operator.replace(/\.partial$/, ''), ctx.extractors, ctx.files)
    : undefined;
  if (extractor) return { ...extractor, supported: true, problems: [] };
  const found = operatorSpec(task.operator, text);
  if (found) {
    const { name, spec } = found;
    switch (spec.kind) {
      case 'sql':
        return predictSqlTask(name, spec, {
          args,
          connections: ctx.connections,
          sqlNaming: ctx.sqlNaming,
          files: ctx.files,
          dagUri,
          text,
          ...(ctx.sql ? { sql: ctx.sql } : {}),
        });
      case 'transfer': {
        const run = TRANSFERS[name];
        const r = run
          ? run({ args, connections: ctx.connections, namespaceFor: ctx.namespaceFor, ...(ctx.sql ? { sql: ctx.sql } : {}) })
          : { inputs: [], outputs: [] };
        return { ...r, supported: true, method: spec.method, problems: [] };
      }
      case 'spark': {
        const link = sparkLink(args, dagUri, ctx.files);
        return { inputs: [], outputs: [], supported: false, method: spec.method, problems: [], ...(link ? { links: [link] } : {}) };
      }
      case 'dbt': {
        const link = dbtLink(name, args, dagUri, ctx.files);
        return { inputs: [], outputs: [], supported: false, method: spec.method, problems: [], ...(link ? { links: [link] } : {}) };
      }
    }
  }
  const custom = customOperatorLineage(task.operator, text);
  if (custom) return { inputs: custom.inputs, outputs: custom.outputs, supported: true, method: custom.method, problems: [] };
  const dbt = /(^|\.)(BashOperator|task\.bash)$/.test(task.operator) ? dbtLink(task.operator, args, dagUri, ctx.files) : undefined;
  return { inputs: [], outputs: [], supported: false, problems: [], ...(dbt ? { links: [dbt] } : {}) };
}
