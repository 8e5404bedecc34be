import type { Rule, RuleContext } from '../../rules/rule';
import type { CommandLine } from '../analysis';
import type { DbtDocument } from '../parse';

export interface DbtRuleContext extends RuleContext {
  readonly doc: DbtDocument;
  readonly lines: readonly CommandLine[];
}

/** A dbt / dbt-ol rule. Pure: reads the parsed document, reports findings, does no I/O. */
export type DbtRule = Rule<DbtRuleContext>;
