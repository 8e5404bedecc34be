import type { GxContextFact, ProjectModel } from '../../project/model';
import type { Finding, Rule } from '../../rules/rule';
import type { GxDocument } from '../model';
import type { GxVersions } from '../versions';

export interface GxRuleContext {
  readonly uri: string;
  readonly text: string;
  readonly doc: GxDocument;
  readonly project: ProjectModel;
  /** The data context this file belongs to (the `great_expectations.yml` whose folder holds it), if known. */
  readonly context?: GxContextFact;
  /** The pinned Great Expectations / OpenLineage versions of the workspace. */
  readonly versions: GxVersions;
  report(finding: Finding): void;
  /** The 0-based line of an offset. */
  lineAt(offset: number): number;
}

/** A Great Expectations rule. Pure: reads the parsed document and the project model, reports findings. */
export type GxRule = Rule<GxRuleContext>;
