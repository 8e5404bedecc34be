/**
 * Which Spark form a file holds (conf file, spark-submit script, PySpark, Scala or Java), by name and content: the Spark
 * family's first question about every document.
 */
import { looksLikeSparkConf } from './parsers/conf';
import { looksLikeSparkShell } from './parsers/shell';
import { baseName } from '../util/path';

/** Which Spark form a file holds. */
export type SparkFileKind = 'spark-conf' | 'spark-shell' | 'spark-python' | 'spark-scala' | 'spark-java';

export interface ClassifyInput {
  /** A path or URI; only its last segments are used. */
  readonly path: string;
  readonly text: string;
  readonly languageId?: string;
  /**
   * True when the user named the file explicitly (CLI argument) or the editor assigned our language:
   * then the content alone decides.
   */
  readonly explicit?: boolean;
}

const PY_SPARK = /SparkSession|SparkConf|["']spark\.[A-Za-z]/;
/** Scala/Java that builds a session or a SparkConf; every other .scala/.java file is left alone, unparsed. */
const jvmSpark = (text: string) => /\bSparkConf\b/.test(text) || (/\bSparkSession\b/.test(text) && /\bbuilder\b/.test(text));

/** Picks the file kind by name and content. Returns undefined for files we have nothing to say about. */
export function classify(input: ClassifyInput): SparkFileKind | undefined {
  const name = baseName(input.path).toLowerCase();
  const { text } = input;
  const lang = input.languageId;
  if (name === 'spark-defaults.conf' || lang === 'spark-conf') return 'spark-conf';
  if (name.endsWith('.py') || lang === 'python') return PY_SPARK.test(text) ? 'spark-python' : undefined;
  if (name.endsWith('.scala') || lang === 'scala') return jvmSpark(text) ? 'spark-scala' : undefined;
  if (name.endsWith('.java') || lang === 'java') return jvmSpark(text) ? 'spark-java' : undefined;
  if (/\.(sh|bash|ksh|zsh)$/.test(name) || lang === 'shellscript' || /^#!.*\b(ba|z|k)?sh\b/.test(text)) {
    return looksLikeSparkShell(text) ? 'spark-shell' : undefined;
  }
  // Structured formats have their own syntax: reading them as Java properties would invent entries.
  if (/\.(ya?ml|json|toml|ini|cfg|xml|md)$/.test(name)) return undefined;
  if (name.endsWith('.conf') || name.endsWith('.properties') || input.explicit) {
    if (looksLikeSparkConf(text) || looksLikeDriverConf(text)) return 'spark-conf';
  }
  if (input.explicit) {
    if (looksLikeSparkShell(text)) return 'spark-shell';
    if (PY_SPARK.test(text) && /\b(import|from|def)\b/.test(text)) return 'spark-python';
  }
  return undefined;
}

/** Databricks driver conf (HOCON), as written by the OpenLineage init script: `[driver] { "spark.x" = "v" }`. */
export function looksLikeDriverConf(text: string): boolean {
  // `[^\S\r\n]*`, not `\s*`: with /m, `^\s*` would rescan every run of blank lines from each of its lines.
  return (
    /^[^\S\r\n\u2028\u2029]*\[driver\]\s*\{/m.test(text) || /^[^\S\r\n\u2028\u2029]*"spark\.[^"\r\n]+"[^\S\r\n\u2028\u2029]*=/m.test(text)
  );
}

/** True when the path puts the file in a Databricks context (a `databricks` folder or file name). */
export function databricksPath(path: string): boolean {
  return /(^|[/\\])[^/\\]*databricks[^/\\]*([/\\]|$)/i.test(path);
}
