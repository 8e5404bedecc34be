import type { ProjectModel } from '../../project/model';
import type { Finding } from '../../rules/rule';
import type { DagFile } from '../model';

/** What a `dags/*` rule gets about one Airflow DAG file. */
export interface DagRuleContext {
  /** The document text (all ranges are UTF-16 offsets into it). */
  readonly text: string;
  /** The parsed DAG file: DAGs, tasks, dependencies, inlets/outlets (`parseDagFile`). */
  readonly file: DagFile;
  /** What is known about the workspace (Airflow version, packages, settings). */
  readonly project: ProjectModel;
  report(finding: Finding): void;
  /** The 0-based line of an offset. */
  lineAt(offset: number): number;
}
