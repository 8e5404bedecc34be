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
import type { Finding, RuleContext, RuleMeta } from './rules/rule';
import type { SettingsDocument } from './settings/model';
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
  /** A notebook's own environment settings (`%env`, `os.environ[...] = ...`), for the families that judge them. */
  readonly notebookEnv?: SettingsDocument;
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

/** What a family's parse reads besides the document's URI, version and text (it is cached on those too). */
export interface ParseReads {
  /** The CLI's explicit flag (the family decides by content when the user named the file). */
  readonly explicit?: boolean;
  /** The project model (the parse reads versions or settings from it). */
  readonly project?: boolean;
}

/** Documents a family keeps parsed; the oldest is dropped first. */
const PARSE_CACHE_SIZE = 200;

/**
 * One parse per document version: `parse(input)` runs again only when the document's URI, version or text
 * changed (or what `reads` names), so validation, hover, completion and definition share one parse.
 */
export function parseCache<P>(parse: (input: DocInput) => P, reads: ParseReads = {}, size = PARSE_CACHE_SIZE): (input: DocInput) => P {
  const cache = new Map<string, { version: number | undefined; text: string; explicit: boolean; project: unknown; parsed: P }>();
  return (input) => {
    const explicit = !!reads.explicit && !!input.explicit;
    const project = reads.project ? input.project : undefined;
    const hit = cache.get(input.uri);
    if (hit && hit.version === input.version && hit.text === input.text && hit.explicit === explicit && hit.project === project)
      return hit.parsed;
    const parsed = parse(input);
    cache.set(input.uri, { version: input.version, text: input.text, explicit, project, parsed });
    if (cache.size > size) cache.delete(cache.keys().next().value!);
    return parsed;
  };
}

/** What a family declares: its id, its rules, how it parses a document, and what it answers with the parse. */
export interface FamilyDefinition<P> {
  readonly id: string;
  /** The family's rules, listed by their metadata (`validate` runs them). */
  readonly rules: readonly RuleMeta[];
  /** Reads one document; cached per document version (see {@link parseCache}). */
  parse(input: DocInput): P;
  readonly parseReads?: ParseReads;
  readonly cacheSize?: number;
  /** The family's answers, given the cached parse. */
  answers(parsed: (input: DocInput) => P): Omit<Family, 'id' | 'rules'>;
}

/** A family with one cached parse per document version shared by all its answers. */
export function defineFamily<P>(def: FamilyDefinition<P>): Family {
  const parsed = parseCache((input) => def.parse(input), def.parseReads, def.cacheSize);
  return {
    id: def.id,
    rules: def.rules.map(({ id, defaultSeverity, summary }) => ({ id, defaultSeverity, summary })),
    ...def.answers(parsed),
  };
}

/** The part of every family's rule context that comes from the document: text, project, lines, where findings go. */
export function ruleContext(input: DocInput, report: (finding: Finding) => void): RuleContext {
  return { text: input.text, project: input.project, report, lineAt: input.lineAt };
}
