import type { Rule, RuleContext } from '../../rules/rule';
import type { OlConfigAnalysis, PairFact, Resolution } from '../analysis';
import { other, type Dialect } from '../catalog';
import type { DialectDecision } from '../dialect';

export interface OlConfigRuleContext extends RuleContext {
  readonly uri: string;
  readonly analysis: OlConfigAnalysis;
  readonly dialect: DialectDecision;
}

/** An `openlineage.yml` rule. Pure: reads the analysis, reports findings, does no I/O. */
export type OlConfigRule = Rule<OlConfigRuleContext>;

type Unknown = Extract<Resolution, { kind: 'unknown' }>;

/** What the file's reader(s) make of one key; the three key rules report disjoint verdicts. */
export type Verdict =
  | { readonly kind: 'ok' }
  /** `reader` does not read it, but the other client (`owner`) does. */
  | {
      readonly kind: 'wrong-dialect';
      readonly reader: Dialect;
      readonly owner: Dialect;
      readonly unknown: Unknown;
      readonly mixed: boolean;
    }
  /** It belongs to another transport type of the reader(s). */
  | { readonly kind: 'mismatch'; readonly readers: readonly Dialect[]; readonly belongsTo: readonly string[] }
  /** Nobody reads it. */
  | { readonly kind: 'unknown'; readonly readers: readonly Dialect[]; readonly unknown: readonly Unknown[] };

export function verdict(fact: PairFact, dialect: DialectDecision): Verdict {
  const readers: Dialect[] = dialect.dialect
    ? [dialect.dialect]
    : (['python', 'java'] as const).filter((d) => fact.res[d].kind !== 'unchecked');
  if (!readers.length) return { kind: 'ok' };
  if (readers.length === 1) {
    const reader = readers[0]!;
    const r = fact.res[reader];
    if (r.kind !== 'unknown') return { kind: 'ok' };
    if (fact.res[other(reader)].kind === 'known') return { kind: 'wrong-dialect', reader, owner: other(reader), unknown: r, mixed: false };
    if (r.belongsTo?.length) return { kind: 'mismatch', readers, belongsTo: r.belongsTo };
    return { kind: 'unknown', readers, unknown: [r] };
  }
  const p = fact.res.python;
  const j = fact.res.java;
  if (p.kind === 'unknown' && j.kind === 'unknown') {
    const belongsTo = [...new Set([...(p.belongsTo ?? []), ...(j.belongsTo ?? [])])];
    if (belongsTo.length) return { kind: 'mismatch', readers, belongsTo };
    return { kind: 'unknown', readers, unknown: [p, j] };
  }
  if (dialect.mixed) {
    if (p.kind === 'unknown' && j.kind === 'known')
      return { kind: 'wrong-dialect', reader: 'python', owner: 'java', unknown: p, mixed: true };
    if (j.kind === 'unknown' && p.kind === 'known')
      return { kind: 'wrong-dialect', reader: 'java', owner: 'python', unknown: j, mixed: true };
  }
  return { kind: 'ok' };
}

/** The dialects whose reading applies to a fact: the decided one, or both when undecided. */
export function readersOf(dialect: DialectDecision): readonly Dialect[] {
  return dialect.dialect ? [dialect.dialect] : ['python', 'java'];
}
