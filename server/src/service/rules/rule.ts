/**
 * What every rule of every family is: its metadata, the findings and fixes it reports, the context it reads
 * (each family extends {@link RuleContext}), and how a family runs its rules within the time budget.
 */
import { outOfTime } from '../budget';
import type { ProjectModel } from '../project/model';
import type { OffsetRange } from '../text/model';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** A text edit in document offsets. */
export interface OffsetEdit {
  readonly range: OffsetRange;
  readonly newText: string;
}

/** A quick fix a rule offers with its finding. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly OffsetEdit[];
  /** The one fix VS Code applies with "Fix all" / auto-fix; set only when the fix is certainly right. */
  readonly preferred?: boolean;
}

/** One problem found by a rule. */
export interface Finding {
  readonly range: OffsetRange;
  /** What is wrong and how to fix it, in full sentences. */
  readonly message: string;
  /** Overrides the rule's default, e.g. a warning where a fact is unverified upstream (docs/upstream/README.md#how-a-fact-is-marked). */
  readonly severity?: Severity;
  readonly fixes?: readonly Fix[];
  /** Rendered faded (unused) or struck through (deprecated) by the editor. */
  readonly tags?: readonly ('unnecessary' | 'deprecated')[];
}

/** What every rule declares about itself; the id is the diagnostic code, the settings key and the docs anchor. */
export interface RuleMeta {
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** One line for the rules table. */
  readonly summary: string;
}

/** Link to a rule's documentation (the `codeDescription` of its diagnostics). */
export function ruleDocsUrl(id: string): string {
  return `https://github.com/lineage-lens/lineage-lens/blob/main/docs/rules.md#${id.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
}

/** What every family's rule context holds; each family's context extends it with its parsed document. */
export interface RuleContext {
  /** The document text (all ranges are UTF-16 offsets into it). */
  readonly text: string;
  /** What is known about the workspace (versions, packages, settings); rules that depend on it say so when it is empty. */
  readonly project: ProjectModel;
  report(finding: Finding): void;
  /** The 0-based line of an offset (an index built once per document version, on first use). */
  lineAt(offset: number): number;
}

/** A rule of any family: metadata plus a check over the family's context type. */
export interface Rule<C> extends RuleMeta {
  check(ctx: C): void;
}

/**
 * Runs a family's rules over one context, skipping disabled ones. A rule that throws does not stop the others:
 * its failure is reported as an information diagnostic that asks for a bug report. Once the validation is over
 * its time budget (budget.ts), the remaining rules are skipped.
 */
export function runRules<C>(
  rules: readonly Rule<C>[],
  makeContext: (report: (f: Finding) => void) => C,
  enabled: (id: string) => boolean,
  report: (rule: RuleMeta, f: Finding) => void,
): void {
  for (const rule of rules) {
    if (!enabled(rule.id)) continue;
    // Over the document's time budget: the remaining rules are skipped (the service reports it once).
    if (outOfTime()) return;
    try {
      rule.check(makeContext((f) => report(rule, f)));
    } catch (e) {
      report(rule, {
        range: { start: 0, end: 0 },
        severity: 'information',
        message: `Lineage Lens: rule ${rule.id} failed on this file (${(e as Error).message}). Please report this.`,
      });
    }
  }
}
