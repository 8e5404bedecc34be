/**
 * What the code readers (python-spark/, jvm-spark/) share about `SparkSession.builder` chains and `SparkConf`
 * objects: which methods add an entry or keep the chain's object, how an entry is built, and how drafted
 * scopes become the document's scopes.
 */
import type { ConfEntry, ConfScope } from '../model';
import type { EntryInsertion, OffsetRange, ValueKind } from '../../text/model';

/** Methods that add one entry: `config` on a builder, `set`/`setIfMissing` on a SparkConf. */
export const ENTRY_METHODS: ReadonlySet<string> = new Set(['config', 'set', 'setIfMissing']);

/** Methods that return the same builder/SparkConf, so the chain's result is still that object. */
export const FLUENT_METHODS: ReadonlySet<string> = new Set([
  'config',
  'set',
  'setIfMissing',
  'setAll',
  'appName',
  'master',
  'remote',
  'enableHiveSupport',
  'withExtensions',
  'setAppName',
  'setMaster',
  'setSparkHome',
  'setJars',
  'setExecutorEnv',
  'registerKryoClasses',
]);

/** A key or value read from code: its decoded text, where it is, and whether the range holds exactly that text. */
export interface ReadValue {
  readonly value: string;
  readonly range: OffsetRange;
  readonly exact: boolean;
  readonly kind: ValueKind;
}

export function confEntry(
  key: { value: string; range: OffsetRange },
  value: ReadValue,
  span: OffsetRange,
  insertAfter: EntryInsertion,
): ConfEntry {
  return {
    key: key.value,
    keyRange: key.range,
    value: value.value,
    valueRange: value.range,
    valueExact: value.exact,
    valueKind: value.kind,
    span,
    insertAfter,
  };
}

/** A scope as a reader drafts it. */
export interface DraftScope {
  readonly entries: readonly ConfEntry[];
  readonly anchor: OffsetRange;
  readonly label: string;
  readonly append?: ConfScope['append'];
  readonly opaque: boolean;
}

/** The document's scopes, in document order: drafts with entries, or that could still receive some. */
export function finishScopes(drafts: readonly DraftScope[], markPartial = false): ConfScope[] {
  return drafts
    .filter((s) => s.entries.length > 0 || !s.opaque)
    .sort((a, b) => a.anchor.start - b.anchor.start)
    .map((s) => ({
      entries: [...s.entries].sort((a, b) => a.span.start - b.span.start),
      artifacts: [],
      ...(s.append !== undefined ? { append: s.append } : {}),
      anchor: s.anchor,
      label: s.label,
      ...(markPartial && s.opaque ? { partial: true } : {}),
    }));
}
