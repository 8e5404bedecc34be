import type { ProjectModel } from '../../project/model';
import type { Finding, Rule } from '../../rules/rule';
import type { LineageView } from '../config';
import type { DagFacts } from '../dag';
import type { AirflowVerdict, OmVersion } from '../versions';

/** What an `openmetadata/*` rule gets: a settings file's `[lineage]` view or a DAG file's facts, and the project. */
export interface OmRuleContext {
  readonly text: string;
  readonly project: ProjectModel;
  /** The openmetadata-ingestion version range the workspace declares, if any. */
  readonly om: OmVersion | undefined;
  /** The project's Airflow version, if known. */
  readonly airflow: AirflowVerdict | undefined;
  /** Set for settings files whose `[lineage]` options are OpenMetadata's (see `LineageView.active`). */
  readonly config?: LineageView;
  /** Set for Python files that import from `airflow_provider_openmetadata`. */
  readonly dag?: DagFacts;
  report(finding: Finding): void;
}

/** An OpenMetadata rule. Pure: reads the context, reports findings. */
export type OmRule = Rule<OmRuleContext>;
