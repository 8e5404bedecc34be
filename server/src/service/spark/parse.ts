import { classify, databricksPath, looksLikeDriverConf, type SparkFileKind } from './classify';
import { parseCancelled } from '../budget';
import { chainBreaks, joinChainBreaks } from '../python/chain-breaks';
import { ParseCancelled } from '../python/parser';
import type { SparkDocument } from './model';
import { parseSparkConf } from './parsers/conf';
import { parseDriverConf, parseSparkShell } from './parsers/shell';
import type { JvmLanguage } from './parsers/jvm-spark/syntax';

/** Extracts Spark settings from Python source; injected because it needs the tree-sitter runtime. */
export type PythonSparkParser = (text: string, uri: string, version?: number) => SparkDocument | undefined;

/**
 * Extracts Spark settings from Scala or Java source; injected because it needs the tree-sitter runtime. The host
 * loads a grammar when the first file of its language is seen (before validating it); until then this returns
 * undefined for that language.
 */
export type JvmSparkParser = (text: string, uri: string, language: JvmLanguage, version?: number) => SparkDocument | undefined;

/** The URI a repaired copy of a document is parsed under (never cached with the document's own trees). */
const CHAIN_REPAIR_SUFFIX = '#lineage-lens-chain-repair';

export interface ParseInput {
  readonly uri: string;
  readonly text: string;
  readonly languageId?: string;
  readonly version?: number;
  readonly explicit?: boolean;
}

/** Parses a file's Spark settings in whichever form it is written; undefined when it holds none. */
export function parseSparkDocument(
  input: ParseInput,
  python?: PythonSparkParser,
  jvm?: JvmSparkParser,
): { kind: SparkFileKind; doc: SparkDocument } | undefined {
  const kind = classify({
    path: input.uri,
    text: input.text,
    ...(input.languageId ? { languageId: input.languageId } : {}),
    ...(input.explicit ? { explicit: true } : {}),
  });
  if (!kind) return undefined;
  const inDatabricksFolder = databricksPath(input.uri);
  let doc: SparkDocument | undefined;
  switch (kind) {
    case 'spark-conf':
      doc = looksLikeDriverConf(input.text) ? parseDriverConf(input.text) : parseSparkConf(input.text);
      break;
    case 'spark-shell':
      doc = parseSparkShell(input.text);
      break;
    case 'spark-python':
    case 'spark-scala':
    case 'spark-java':
      try {
        if (kind === 'spark-python') {
          // A chain cut by a missing `\` is read as the author meant it (lines joined, offsets kept), and reported.
          const breaks = chainBreaks(input.text);
          if (breaks.length) {
            doc = python?.(joinChainBreaks(input.text, breaks), `${input.uri}${CHAIN_REPAIR_SUFFIX}`);
            if (doc) doc = { ...doc, chainBreaks: breaks };
          } else {
            doc = python?.(input.text, input.uri, input.version);
          }
        } else {
          doc = jvm?.(input.text, input.uri, kind === 'spark-scala' ? 'scala' : 'java', input.version);
        }
      } catch (e) {
        // Its tree's parse ran past the time budget: no settings, and the validation stops (budget.ts).
        if (!(e instanceof ParseCancelled)) throw e;
        parseCancelled();
        doc = undefined;
      }
      break;
  }
  if (!doc) return undefined;
  if (inDatabricksFolder && !doc.databricks) doc = { ...doc, databricks: true };
  return { kind, doc };
}
