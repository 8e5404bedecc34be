/**
 * The Spark configuration model: what every Spark parser (conf files, spark-submit scripts, Python, Scala and
 * Java, Databricks init scripts) produces, and what every `spark/*` rule reads.
 *
 * All positions are UTF-16 offsets into the document text (the unit `TextDocument.positionAt` takes).
 */
import type { ChainBreak } from '../python/chain-breaks';
import type { EntryInsertion, OffsetRange, SyntaxProblem, ValueKind } from '../text/model';

/** One `key = value` setting, wherever it was written. */
export interface ConfEntry {
  /** The full Spark key, e.g. `spark.openlineage.transport.url`. */
  readonly key: string;
  /** The key's text in the document (inside quotes when the source quotes it). */
  readonly keyRange: OffsetRange;
  /** The value as Spark will see it (quotes and escapes removed). Empty string when absent. */
  readonly value: string;
  /**
   * The value's text in the document (inside quotes). When no value was written this is an empty range
   * at the place a value would go.
   */
  readonly valueRange: OffsetRange;
  /** True when `text.slice(valueRange)` equals `value`, so offsets inside the value map 1:1 to the document. */
  readonly valueExact: boolean;
  readonly valueKind: ValueKind;
  /** The whole entry (a conf line, a `--conf k=v` argument, a `.config(k, v)` call), for deletion. */
  readonly span: OffsetRange;
  /** Where and how to write a new entry right after this one, in the same style. */
  readonly insertAfter: EntryInsertion;
}

/** A reference to a jar: Maven coordinates (`--packages`, `spark.jars.packages`) or a jar path/file name. */
export interface ArtifactRef {
  readonly kind: 'maven' | 'jar';
  readonly text: string;
  readonly range: OffsetRange;
}

/**
 * One independent group of settings: a conf file, one `spark-submit` invocation, one
 * `SparkSession.builder` chain, one `SparkConf` object, one dict literal of Spark keys, one Databricks driver
 * conf block. Rules such as "listener missing" are evaluated per scope.
 */
export interface ConfScope {
  readonly entries: readonly ConfEntry[];
  /** Artifacts from flags outside the entries (`--packages`, `--jars`, files copied by an init script). */
  readonly artifacts: readonly ArtifactRef[];
  /** Where a new entry goes when the scope has none to insert after (for example an empty builder chain). */
  readonly append?: EntryInsertion;
  /** The range to report scope-level problems on (e.g. `spark-submit`, `SparkSession.builder`). */
  readonly anchor: OffsetRange;
  /** Human name for messages, e.g. "this spark-submit command". */
  readonly label: string;
  /**
   * Settings of this scope also come from code that is not read here (a builder made by a helper method, a
   * SparkConf passed in as a parameter): a key missing from the scope may well be set there.
   */
  readonly partial?: boolean;
}

/** Which syntax the settings were written in; decides quoting, secret references and fix wording. */
export type SparkForm = 'conf' | 'spark-submit' | 'python' | 'databricks-init' | 'scala' | 'java';

export interface SparkDocument {
  readonly form: SparkForm;
  readonly scopes: readonly ConfScope[];
  /**
   * True when the file is evidently for Databricks (init script, `spark.databricks.*` keys, a path under
   * `databricks/`, `{{secrets/...}}` references, ...). Databricks needs `DBCEventLoggingListener`.
   */
  readonly databricks: boolean;
  /** Problems the parser itself found (unterminated quote, a `--conf` without `=`), reported by `spark/syntax`. */
  readonly syntaxProblems: readonly SyntaxProblem[];
  /** `pip install openlineage-spark` in a shell script (the listener is a Maven jar), reported by `spark/pip-package`. */
  readonly pipInstalls?: readonly PipInstall[];
  /** Method chains cut by a missing line continuation (Python), reported by `spark/broken-chain`. */
  readonly chainBreaks?: readonly ChainBreak[];
}

/** One `openlineage-spark` requirement given to `pip install`. */
export interface PipInstall {
  /** The requirement as pip reads it (`openlineage-spark==1.8.0`), and its range (inside quotes). */
  readonly requirement: string;
  readonly range: OffsetRange;
  /** The version pinned with `==`, when there is one. */
  readonly version?: string;
  /** The whole `pip install ...` command, from its first word to its last. */
  readonly command: OffsetRange;
  /** The requirement word with its quotes, and whether it is the command's only package. */
  readonly word: OffsetRange;
  readonly only: boolean;
}
