import type { Rule, RuleContext } from '../../rules/rule';
import type { DagFile, TaskDef } from '../model';
import type { TaskPrediction } from '../../predict/types';

/** What a `dags/*` rule gets about one Airflow DAG file. */
export interface DagRuleContext extends RuleContext {
  /** The parsed DAG file: DAGs, tasks, dependencies, inlets/outlets (`parseDagFile`). */
  readonly file: DagFile;
  /** What a task's operator will report at run time, when the host has a predictor (the server and the CLI). */
  readonly predict?: (task: TaskDef) => TaskPrediction | undefined;
}

/** A DAG-file rule. Pure: reads the DAG model and the project model, reports findings. */
export type DagRule = Rule<DagRuleContext>;
