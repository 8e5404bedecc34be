import type { Finding, Rule } from '../../rules/rule';
import type { ProjectModel } from '../../project/model';
import type { CommandLine } from '../analysis';
import type { DbtDocument } from '../parse';

export interface DbtRuleContext {
  readonly text: string;
  readonly doc: DbtDocument;
  readonly lines: readonly CommandLine[];
  readonly project: ProjectModel;
  report(finding: Finding): void;
}

/** A dbt / dbt-ol rule. Pure: reads the parsed document, reports findings, does no I/O. */
export type DbtRule = Rule<DbtRuleContext>;

export function orList(items: readonly string[]): string {
  const q = items.map((i) => `\`${i}\``);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}
