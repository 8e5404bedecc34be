import type { Rule, RuleContext } from '../../rules/rule';
import type { DagFile } from '../model';

/** What a `dags/*` rule gets about one Airflow DAG file. */
export interface DagRuleContext extends RuleContext {
  /** The parsed DAG file: DAGs, tasks, dependencies, inlets/outlets (`parseDagFile`). */
  readonly file: DagFile;
}

/** A DAG-file rule. Pure: reads the DAG model and the project model, reports findings. */
export type DagRule = Rule<DagRuleContext>;
