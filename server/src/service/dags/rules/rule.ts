import type { Rule } from '../../rules/rule';
import type { DagRuleContext } from './context';

export type { DagRuleContext } from './context';

/** A DAG-file rule. Pure: reads the DAG model and the project model, reports findings. */
export type DagRule = Rule<DagRuleContext>;
