import type { Rule, RuleContext } from '../../rules/rule';
import type { LineageView } from '../config';
import type { DagFacts } from '../dag';
import type { AirflowVerdict, OmVersion } from '../versions';

/** What an `openmetadata/*` rule gets: a settings file's `[lineage]` view or a DAG file's facts, and the project. */
export interface OmRuleContext extends RuleContext {
  /** The openmetadata-ingestion version range the workspace declares, if any. */
  readonly om: OmVersion | undefined;
  /** The project's Airflow version, if known. */
  readonly airflow: AirflowVerdict | undefined;
  /** Set for settings files whose `[lineage]` options are OpenMetadata's (see `LineageView.active`). */
  readonly config?: LineageView;
  /** Set for Python files that import from `airflow_provider_openmetadata`. */
  readonly dag?: DagFacts;
}

/** An OpenMetadata rule. Pure: reads the context, reports findings. */
export type OmRule = Rule<OmRuleContext>;
