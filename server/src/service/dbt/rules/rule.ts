import type { Rule, RuleContext } from '../../rules/rule';
import type { CommandLine } from '../analysis';
import type { DbtDocument } from '../parse';

export interface DbtRuleContext extends RuleContext {
  readonly doc: DbtDocument;
  readonly lines: readonly CommandLine[];
}

/** A dbt / dbt-ol rule. Pure: reads the parsed document, reports findings, does no I/O. */
export type DbtRule = Rule<DbtRuleContext>;

export function orList(items: readonly string[]): string {
  const q = items.map((i) => `\`${i}\``);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}
