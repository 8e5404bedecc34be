import type { Rule, RuleContext } from '../../rules/rule';
import type { ScopeFacts } from '../analysis';
import type { SparkDocument } from '../model';

export interface SparkRuleContext extends RuleContext {
  readonly doc: SparkDocument;
  readonly scopes: readonly ScopeFacts[];
}

/** A Spark configuration rule. Pure: reads the parsed document, reports findings, does no I/O. */
export type SparkRule = Rule<SparkRuleContext>;

/** Lists the entries of every scope with their scope facts, the usual loop of a rule. */
export function* entries(ctx: SparkRuleContext) {
  for (const facts of ctx.scopes) for (const entry of facts.scope.entries) yield { facts, entry };
}
