import type { Rule, RuleContext } from '../../rules/rule';
import type { SettingInfo, TransportSite, Versions } from '../analysis';
import type { AirflowDocument } from '../document';
import type { TransportIssue } from '../transport';

export interface AirflowRuleContext extends RuleContext {
  readonly uri: string;
  readonly doc: AirflowDocument;
  readonly versions: Versions;
  /** The settings of a settings file (empty for other kinds), with what each one is. */
  readonly settings: readonly SettingInfo[];
  /** Transports written in the document (provider option, `OPENLINEAGE__TRANSPORT`, an Airflow connection's extra). */
  readonly transports: readonly TransportSite[];
  /** The transport issues of every site, computed once and shared by the transport rules. */
  transportIssues(): readonly TransportIssue[];
}

/** An Airflow / Astro rule. Pure: reads the parsed document and the project model, reports findings. */
export type AirflowRule = Rule<AirflowRuleContext>;
