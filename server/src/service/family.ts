/**
 * A family of lineage configuration (Spark, Airflow, Great Expectations, openlineage.yml, dbt, OpenMetadata):
 * it recognises the files it has something to say about, parses them, and runs its rules. The service asks
 * every family about every document, so one file can hold several families' settings (a `.env` with both
 * Airflow and dbt-ol variables).
 */
import type { CompletionItem, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LineageIndex } from './dags/lineage';
import type { ProjectModel } from './project/model';
import type { Finding, RuleMeta } from './rules/rule';
import type { OffsetRange } from './text/model';

/** Everything a family gets about one document. */
export interface DocInput {
  readonly uri: string;
  readonly text: string;
  readonly languageId?: string;
  readonly version?: number;
  /** The user named the file explicitly (CLI): decide by content whatever its name. */
  readonly explicit?: boolean;
  readonly project: ProjectModel;
  /** The static lineage of the workspace's DAG files (the server and the CLI keep one), for cross-file answers. */
  readonly lineage?: LineageIndex;
  /** The 0-based line of an offset (built once per document version on first use). */
  lineAt(offset: number): number;
  /** The TextDocument, for position conversions (completion items need LSP ranges). */
  readonly doc: TextDocument;
}

export interface HoverResult {
  readonly markdown: string;
  readonly range: OffsetRange;
}

export interface Family {
  readonly id: string;
  readonly rules: readonly RuleMeta[];
  /**
   * A short name of what the document is for this family ("spark-conf", "gx-checkpoint"), or undefined when
   * the family has nothing to say about it. Must be cheap: it runs on every document.
   */
  kind(input: DocInput): string | undefined;
  /** Runs the family's rules; `enabled(id)` is false for rules turned off in settings (skip them). */
  validate(input: DocInput, enabled: (ruleId: string) => boolean, report: (rule: RuleMeta, finding: Finding) => void): void;
  hover?(input: DocInput, offset: number): HoverResult | undefined;
  complete?(input: DocInput, offset: number): CompletionItem[];
  /** Go to definition: where the symbol at `offset` is defined (another workspace file, usually). */
  definition?(input: DocInput, offset: number): { uri: string; range: Range }[] | undefined;
  /** Find references: every place the symbol at `offset` is used (the declarations too with `includeDeclaration`). */
  references?(input: DocInput, offset: number, context?: { includeDeclaration: boolean }): { uri: string; range: Range }[] | undefined;
}
