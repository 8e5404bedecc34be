/**
 * Finds Spark configuration in Python source (PySpark jobs, Airflow DAGs, Databricks job definitions) using the
 * tree-sitter tree from `python/parser.ts`.
 *
 * Recognised scopes:
 * - `SparkSession.builder ... .config("k", "v") ... .getOrCreate()` chains, including `.config(key=, value=)` and
 *   `.config(map={...})`; a builder assigned to a variable keeps collecting `var.config(...)` calls (`chains.ts`).
 * - `SparkConf()` objects: `.set(...)`, `.setIfMissing(...)`, `.setAll([...])` in the creating chain and in later
 *   statements on the same variable (grouped into one scope per variable) (`chains.ts`).
 * - Dict literals with a string key starting with `spark.`, and dicts passed as `spark_conf` or as the `conf`
 *   of a `SparkSubmitOperator` (`dicts.ts`).
 * New settings are laid out in the file's style by `layout.ts`.
 *
 * Tolerance: the tree is walked as a whole, ERROR nodes included, so every intact call or dict is found wherever
 * the parser's error recovery put it. A config call whose own arguments contain an error is skipped, but calls
 * that error recovery swallowed into its arguments (typing `.config("k", ` in the middle of a chain) are
 * recovered.
 *
 * All offsets are UTF-16 (JS string) offsets, which is what web-tree-sitter reports.
 */
import { outOfTime } from '../../../budget';
import { dottedName } from '../../../python/names';
import type { PythonNode, PythonTree } from '../../../python/parser';
import { lowerBound } from '../../../util/search';
import type { ConfScope, SparkDocument } from '../../model';
import { ChainReader, isSparkConfCallee } from './chains';
import { DictReader } from './dicts';
import { DATABRICKS_KEYS, Extraction, type NodePath } from './extraction';
import { isDatabricksKey } from '../../catalog';
import { finishScopes } from '../builder';

/**
 * Extracts the Spark configuration of a Python file.
 *
 * @param tree a tree parsed from exactly `text` (see `createPythonParser`); none when its parse was cancelled.
 * @param text the document text.
 * @returns the settings grouped into scopes, or `undefined` when the file contains no Spark configuration (or
 *   there is no tree, or reading it ran past the validation's time budget).
 */
export function parsePythonSpark(tree: PythonTree | undefined, text: string): SparkDocument | undefined {
  if (!tree) return undefined;
  return run(new Extraction(text), tree.rootNode);
}

/** Identifiers that only appear in Databricks code. */
const DATABRICKS_IDENTIFIERS = new Set(['dbutils', 'DatabricksSubmitRunOperator', 'DatabricksRunNowOperator', 'DatabricksSession']);
/**
 * Words at least one of which every node of interest contains: `spark` (keys, SparkConf, SparkSession,
 * `spark_conf`, SparkSubmitOperator), `builder`, `conf` (`.config(`, `conf=`), the builder/SparkConf methods a
 * variable's statements call, and the Databricks markers. Subtrees without any are not walked.
 */
const KEYWORDS_RE = /spark|builder|conf|\.\s*(?:set|appName|master|remote|enableHiveSupport)|dbutils|Databricks|new_cluster/gi;

/** A candidate found by the walk, with the frame of its parent. */
interface Root {
  readonly kind: 'builder' | 'conf' | 'receiver';
  readonly node: PythonNode;
  readonly name: string;
  readonly up: NodePath | undefined;
}

function run(cx: Extraction, root: PythonNode): SparkDocument | undefined {
  const keywords = keywordRanges(cx.text);
  // Most Python files never mention Spark; they cost one regex scan.
  if (keywords.starts.length === 0) return undefined;
  const collected = collect(cx, root, keywords);
  if (collected === undefined) return undefined;
  const { roots, dicts } = collected;
  const dictReader = new DictReader(cx);
  const chains = new ChainReader(cx, dictReader);
  // Document order matters: `conf = SparkConf()` must be seen before the `conf.set(...)` statements after it.
  // Past the validation's time budget the file is not read further (budget.ts reports it).
  let n = 0;
  for (const r of roots) {
    if ((++n & 255) === 0 && outOfTime()) return undefined;
    if (r.kind === 'builder') chains.builderChain(r.node, r.up);
    else if (r.kind === 'conf') chains.confChain(r.node, r.up);
    else chains.receiverChain(r.node, r.name, r.up);
  }
  for (const dict of dicts) {
    if ((++n & 255) === 0 && outOfTime()) return undefined;
    dictReader.dictScope(dict.node, dict.up);
  }

  const scopes: ConfScope[] = finishScopes(cx.scopes);
  if (scopes.length === 0) return undefined;
  const databricks = cx.databricks || scopes.some((s) => s.entries.some((e) => isDatabricksKey(e.key) || e.value.includes('{{secrets/')));
  return { form: 'python', scopes, databricks, syntaxProblems: cx.problems };
}

/**
 * One cursor walk over the tree (ERROR subtrees included, subtrees without keywords skipped) collecting
 * candidates in document order; `undefined` past the validation's time budget.
 */
function collect(cx: Extraction, root: PythonNode, keywords: KeywordRanges): { roots: Root[]; dicts: NodePath[] } | undefined {
  const roots: Root[] = [];
  const dicts: NodePath[] = [];
  // The frame of the cursor node's parent.
  let up: NodePath | undefined;
  const { text } = cx;
  // Identifier and keyword checks cost two wasm calls per node; skip them when the words cannot occur.
  const databricksWords = /\b(?:dbutils|DatabricksSubmitRunOperator|DatabricksRunNowOperator|DatabricksSession)\b/.test(text);
  const databricksKeywords = /\b(?:new_cluster|spark_conf)\b/.test(text);
  const cursor = root.walk();
  let steps = 0;
  try {
    let descend = true;
    for (;;) {
      if ((++steps & 4095) === 0 && outOfTime()) return undefined;
      if (descend) {
        switch (cursor.nodeType) {
          case 'attribute':
            // Cheap text test first; most attributes are not `.builder`.
            if (text.startsWith('builder', cursor.endIndex - 7)) {
              const node = cursor.currentNode;
              if (cx.slice(node.childForFieldName('attribute')) === 'builder') {
                roots.push({ kind: 'builder', node, name: '', up });
              }
            }
            break;
          case 'call': {
            const node = cursor.currentNode;
            const fn = node.childForFieldName('function');
            if (fn === null) break;
            if (isSparkConfCallee(fn, text)) {
              roots.push({ kind: 'conf', node, name: '', up });
            } else if (fn.type === 'attribute') {
              // `name.method(...)` / `a.b.method(...)`: a statement on a variable that may hold a builder/SparkConf.
              const object = fn.childForFieldName('object');
              const name = object !== null ? dottedName(object, text) : undefined;
              if (object !== null && name !== undefined)
                roots.push({ kind: 'receiver', node: object, name, up: { node: fn, up: { node, up } } });
            }
            break;
          }
          case 'dictionary':
            dicts.push({ node: cursor.currentNode, up });
            break;
          case 'identifier':
            if (databricksWords && DATABRICKS_IDENTIFIERS.has(text.slice(cursor.startIndex, cursor.endIndex))) cx.databricks = true;
            break;
          case 'keyword_argument': {
            if (!databricksKeywords) break;
            const name = cursor.currentNode.childForFieldName('name');
            if (name !== null && DATABRICKS_KEYS.has(cx.slice(name))) cx.databricks = true;
            break;
          }
        }
        // Every node is classified, but only subtrees containing a keyword are entered: the cursor walk is the
        // costliest part for big files (each step crosses into wasm).
        if (containsKeyword(keywords, cursor.startIndex, cursor.endIndex)) {
          const node = cursor.currentNode;
          if (cursor.gotoFirstChild()) {
            up = { node, up };
            continue;
          }
        }
      }
      if (cursor.gotoNextSibling()) {
        descend = true;
        continue;
      }
      if (!cursor.gotoParent()) break;
      up = up?.up;
      descend = false;
    }
  } finally {
    cursor.delete();
  }
  return { roots, dicts };
}

/** Start and end offsets of the {@link KEYWORDS_RE} matches, both ascending (matches do not overlap). */
interface KeywordRanges {
  readonly starts: number[];
  readonly ends: number[];
}

function keywordRanges(text: string): KeywordRanges {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const match of text.matchAll(KEYWORDS_RE)) {
    starts.push(match.index);
    ends.push(match.index + match[0].length);
  }
  return { starts, ends };
}

/** Whether a keyword match lies entirely within `[start, end)`. */
function containsKeyword(keywords: KeywordRanges, start: number, end: number): boolean {
  const { starts, ends } = keywords;
  const lo = lowerBound(starts, start);
  return lo < starts.length && ends[lo]! <= end;
}
