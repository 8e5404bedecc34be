import type { GxContextFact } from '../../project/model';
import type { Rule, RuleContext } from '../../rules/rule';
import type { GxDocument } from '../model';
import type { GxVersions } from '../versions';

export interface GxRuleContext extends RuleContext {
  readonly uri: string;
  readonly doc: GxDocument;
  /** The data context this file belongs to (the `great_expectations.yml` whose folder holds it), if known. */
  readonly context?: GxContextFact;
  /** The pinned Great Expectations / OpenLineage versions of the workspace. */
  readonly versions: GxVersions;
}

/** A Great Expectations rule. Pure: reads the parsed document and the project model, reports findings. */
export type GxRule = Rule<GxRuleContext>;
