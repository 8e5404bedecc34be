/**
 * Finds Spark configuration in Python source (PySpark jobs, Airflow DAGs, Databricks job definitions) using the
 * tree-sitter tree from `python/parser.ts`.
 *
 * Recognised scopes:
 * - `SparkSession.builder ... .config("k", "v") ... .getOrCreate()` chains, including `.config(key=, value=)` and
 *   `.config(map={...})`; a builder assigned to a variable keeps collecting `var.config(...)` calls.
 * - `SparkConf()` objects: `.set(...)`, `.setIfMissing(...)`, `.setAll([...])` in the creating chain and in later
 *   statements on the same variable (grouped into one scope per variable).
 * - Dict literals with a string key starting with `spark.`, and dicts passed as `spark_conf` or as the `conf`
 *   of a `SparkSubmitOperator`.
 *
 * Tolerance: the tree is walked as a whole, ERROR nodes included, so every intact call or dict is found wherever
 * the parser's error recovery put it. A config call whose own arguments contain an error is skipped, but calls
 * that error recovery swallowed into its arguments (typing `.config("k", ` in the middle of a chain) are
 * recovered.
 *
 * All offsets are UTF-16 (JS string) offsets, which is what web-tree-sitter reports.
 */
import { outOfTime } from '../../budget';
import { jinja } from '../../util/template';
import type { PythonNode, PythonTree } from '../../python/parser';
import { lowerBound } from '../../util/search';
import type { ConfEntry, ConfScope, SparkDocument } from '../model';
import type { EntryInsertion, OffsetRange, SyntaxProblem, ValueKind } from '../../text/model';
import { trimEndChars } from '../../text/lines';

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
  return new Extractor(text).run(tree.rootNode);
}

/** Methods that add one entry: `config` on a builder, `set`/`setIfMissing` on a SparkConf. */
const ENTRY_METHODS = new Set(['config', 'set', 'setIfMissing']);
/** Methods that return the same builder/SparkConf, so the chain's result is still that object. */
const FLUENT_METHODS = new Set([
  'config',
  'set',
  'setIfMissing',
  'setAll',
  'appName',
  'master',
  'remote',
  'enableHiveSupport',
  'setAppName',
  'setMaster',
  'setSparkHome',
  'setExecutorEnv',
]);
/** Methods that only exist on a session builder; one of them makes `x.builder` a Spark builder. */
const BUILDER_METHODS = new Set(['config', 'appName', 'master', 'remote', 'enableHiveSupport', 'getOrCreate', 'create']);
/** Identifiers that only appear in Databricks code. */
const DATABRICKS_IDENTIFIERS = new Set([
  'dbutils',
  'DatabricksSubmitRunOperator',
  'DatabricksRunNowOperator',
  'DatabricksSession',
]);
/** Dict keys / keyword arguments of Databricks job and cluster specs. */
const DATABRICKS_KEYS = new Set(['new_cluster', 'spark_conf']);
/**
 * Words at least one of which every node of interest contains: `spark` (keys, SparkConf, SparkSession,
 * `spark_conf`, SparkSubmitOperator), `builder`, `conf` (`.config(`, `conf=`), the builder/SparkConf methods a
 * variable's statements call, and the Databricks markers. Subtrees without any are not walked.
 */
const KEYWORDS_RE = /spark|builder|conf|\.\s*(?:set|appName|master|remote|enableHiveSupport)|dbutils|Databricks|new_cluster/gi;
/** `${VAR}`, `$VAR`, `{{ ... }}` (Jinja, Databricks `{{secrets/...}}`): resolved at run time. */
/** `/\$\{[^}]*\}|\$[A-Za-z_]\w*|\{\{[\s\S]*?\}\}/.test(value)`, linear (that regex is quadratic on `${${…`). */
function isTemplatedPython(value: string): boolean {
  const at = value.indexOf('${');
  return /\$[A-Za-z_]/.test(value) || (at >= 0 && value.indexOf('}', at + 2) >= 0) || jinja(value, true);
}

type ScopeKind = 'builder' | 'conf' | 'dict';

/** A scope being built. */
interface ScopeDraft {
  readonly kind: ScopeKind;
  readonly entries: ConfEntry[];
  readonly anchor: OffsetRange;
  readonly label: string;
  append?: EntryInsertion;
  /**
   * Settings also come from something we cannot read (`.config(conf=x)`, `.setAll(pairs)`, `**base`). Such a
   * scope is dropped when it has no entries, since reporting "no listener" on it would likely be wrong.
   */
  opaque: boolean;
}

/**
 * A node with its ancestors, recorded on the way down. tree-sitter nodes have no parent pointer: `Node.parent`
 * (and `childWithDescendant` from the root) walks down from the root, O(depth) per call, which is quadratic
 * over a deep tree (error recovery nests every line of a broken file into one long chain).
 */
interface Frame {
  readonly node: PythonNode;
  readonly up: Frame | undefined;
}

/** A candidate found by the walk, with the frame of its parent. */
interface Root {
  readonly kind: 'builder' | 'conf' | 'receiver';
  readonly node: PythonNode;
  readonly name: string;
  readonly up: Frame | undefined;
}

/** One `.method(...)` call in a chain. */
interface Link {
  readonly call: PythonNode;
  /** `call` and its ancestors. */
  readonly frame: Frame;
  readonly name: string;
  readonly nameNode: PythonNode;
  /** Offset of the `.` before the method name. */
  readonly dot: number;
  readonly args: PythonNode | null;
}

/** A chain being processed: the scope it feeds and how new calls should be laid out in it. */
interface ChainContext {
  readonly scope: ScopeDraft;
  /**
   * Offsets of the dots of the chain's links (and of `.builder`) that start a line, sorted: a call inserted
   * near them goes on a new line with their indentation.
   */
  readonly leading: number[];
  /** The chain continues lines with `\` rather than inside brackets. */
  readonly backslash: boolean;
  /** Set when the chain is a single `var.set(...)` statement: entries are inserted as new statements. */
  readonly statement?: { readonly node: PythonNode; readonly receiver: string };
}

/** A Python string literal, decoded. */
interface StringLiteral {
  readonly value: string;
  /** From after the opening quote to before the closing quote (first to last part when concatenated). */
  readonly range: OffsetRange;
  readonly exact: boolean;
  /** The quote character (`"` or `'`). */
  readonly quote: string;
  /** An f-string with `{...}` replacement fields: not a constant. */
  readonly interpolated: boolean;
}

/** A value as the model wants it. */
interface ValueInfo {
  readonly value: string;
  readonly range: OffsetRange;
  readonly exact: boolean;
  readonly kind: ValueKind;
}

type Render = (key: string, value: string) => string;

/** A chain found by walking up from its head. */
interface Chain {
  readonly links: Link[];
  /** The whole chain expression (enclosing parentheses included). */
  readonly outer: PythonNode;
  /** `outer`'s parent and grandparent (for `name = <chain>` statements). */
  readonly parent: PythonNode | null;
  readonly grandparent: PythonNode | null;
}

class Extractor {
  private readonly eol: string;
  private readonly scopes: ScopeDraft[] = [];
  private readonly problems: SyntaxProblem[] = [];
  /** Dicts already read as part of a chain (`.config(map={...})`, `.setAll({...}.items())`). */
  private readonly consumedDicts = new Set<number>();
  /** Variable (or dotted attribute) name → the builder/SparkConf scope it currently holds. */
  private readonly variables = new Map<string, ScopeDraft>();
  private databricks = false;

  constructor(private readonly text: string) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  run(root: PythonNode): SparkDocument | undefined {
    const keywords = keywordRanges(this.text);
    // Most Python files never mention Spark; they cost one regex scan.
    if (keywords.starts.length === 0) return undefined;
    const collected = this.collect(root, keywords);
    if (collected === undefined) return undefined;
    const { roots, dicts } = collected;
    // Document order matters: `conf = SparkConf()` must be seen before the `conf.set(...)` statements after it.
    // Past the validation's time budget the file is not read further (budget.ts reports it).
    let n = 0;
    for (const r of roots) {
      if ((++n & 255) === 0 && outOfTime()) return undefined;
      if (r.kind === 'builder') this.builderChain(r.node, r.up);
      else if (r.kind === 'conf') this.confChain(r.node, r.up);
      else this.receiverChain(r.node, r.name, r.up);
    }
    for (const dict of dicts) {
      if ((++n & 255) === 0 && outOfTime()) return undefined;
      this.dictScope(dict.node, dict.up);
    }

    const scopes: ConfScope[] = this.scopes
      .filter((s) => s.entries.length > 0 || !s.opaque)
      .sort((a, b) => a.anchor.start - b.anchor.start)
      .map((s) => ({
        entries: [...s.entries].sort((a, b) => a.span.start - b.span.start),
        artifacts: [],
        ...(s.append !== undefined ? { append: s.append } : {}),
        anchor: s.anchor,
        label: s.label,
      }));
    if (scopes.length === 0) return undefined;
    const databricks =
      this.databricks ||
      scopes.some((s) => s.entries.some((e) => e.key.startsWith('spark.databricks.') || e.value.includes('{{secrets/')));
    return { form: 'python', scopes, databricks, syntaxProblems: this.problems };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Pass 1: one cursor walk over the tree (ERROR subtrees included, subtrees without keywords skipped)
  // collecting candidates in document order.

  private collect(
    root: PythonNode,
    keywords: KeywordRanges,
  ): {
    roots: Root[];
    dicts: Frame[];
  } | undefined {
    const roots: Root[] = [];
    const dicts: Frame[] = [];
    // The frame of the cursor node's parent.
    let up: Frame | undefined;
    const { text } = this;
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
                if (this.slice(node.childForFieldName('attribute')) === 'builder') {
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
                if (object !== null && name !== undefined) roots.push({ kind: 'receiver', node: object, name, up: { node: fn, up: { node, up } } });
              }
              break;
            }
            case 'dictionary':
              dicts.push({ node: cursor.currentNode, up });
              break;
            case 'identifier':
              if (databricksWords && DATABRICKS_IDENTIFIERS.has(text.slice(cursor.startIndex, cursor.endIndex))) this.databricks = true;
              break;
            case 'keyword_argument': {
              if (!databricksKeywords) break;
              const name = cursor.currentNode.childForFieldName('name');
              if (name !== null && DATABRICKS_KEYS.has(this.slice(name))) this.databricks = true;
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

  // ---------------------------------------------------------------------------------------------------------
  // Chains

  /** `X.builder` followed by `.config(...)` etc. */
  private builderChain(root: PythonNode, up: Frame | undefined): void {
    const object = root.childForFieldName('object');
    if (object === null) return;
    // `self.builder = SparkSession.builder` makes `self.builder.config(...)` a call on that variable.
    const name = dottedName(root, this.text);
    if (name !== undefined && this.variables.has(name)) return;
    const chain = this.collectLinks(root, up);
    const { links } = chain;
    const owner = lastName(object, this.text) ?? 'SparkSession';
    // `x.builder` is common outside Spark (protobuf, ORMs); require a Spark-looking owner or builder methods.
    if (!owner.endsWith('Session') && !links.some((l) => BUILDER_METHODS.has(l.name))) return;

    const scope = this.newScope('builder', range(root), `this ${owner}.builder chain`);
    const rootDot = this.dotBefore(root.childForFieldName('attribute'), object.endIndex);
    const ctx = this.newChain(scope, [rootDot, ...links.map((l) => l.dot)]);
    scope.append = this.chainInsertion(ctx, root.endIndex, rootDot, this.chainRender('config', this.firstQuote(links)));
    this.processLinks(ctx, links);
    this.track(chain, scope);
  }

  /** `SparkConf()` followed by `.set(...)` etc. */
  private confChain(root: PythonNode, up: Frame | undefined): void {
    const chain = this.collectLinks(root, up);
    const { links } = chain;
    const variable = this.assignedName(chain);
    const scope = this.newScope('conf', range(root), variable !== undefined ? `SparkConf \`${variable}\`` : 'this SparkConf');
    const ctx = this.newChain(scope, links.map((l) => l.dot));
    const quote = this.firstQuote(links);
    const statement = chain.grandparent;
    if (
      variable !== undefined &&
      statement !== null &&
      statement.type === 'expression_statement' &&
      links.every((l) => FLUENT_METHODS.has(l.name))
    ) {
      // `conf = SparkConf()`: new settings read best as `conf.set(...)` statements after it.
      scope.append = this.statementInsertion(statement, this.chainRender('set', quote, variable));
    } else {
      scope.append = this.chainInsertion(ctx, root.endIndex, root.endIndex, this.chainRender('set', quote));
    }
    this.processLinks(ctx, links);
    this.track(chain, scope);
  }

  /** `var.config(...)` / `var.set(...)` on a variable that holds a builder or SparkConf. */
  private receiverChain(root: PythonNode, name: string, up: Frame | undefined): void {
    const scope = this.variables.get(name);
    if (scope === undefined) return;
    const chain = this.collectLinks(root, up);
    const { links, parent } = chain;
    if (links.length === 0) return;
    const single = links.length === 1 && chain.outer.id === links[0]!.call.id && parent?.type === 'expression_statement';
    const ctx = this.newChain(
      scope,
      links.map((l) => l.dot),
      single ? { node: parent!, receiver: name } : undefined,
    );
    this.processLinks(ctx, links);
    this.track(chain, scope);
  }

  private newChain(scope: ScopeDraft, dots: number[], statement?: ChainContext['statement']): ChainContext {
    // A multi-line chain outside brackets must end its lines with `\`; new lines we add must too.
    const leading = dots.filter((d) => d >= 0 && this.isLineLeading(d));
    const backslash = leading.some((d) => this.previousLineEndsWithBackslash(d));
    return statement !== undefined ? { scope, leading, backslash, statement } : { scope, leading, backslash };
  }

  /** Walks up from `head` (whose parent's frame is `up`) through `.name(...)` calls. */
  private collectLinks(head: PythonNode, up: Frame | undefined): Chain {
    // The ancestors come from the frames recorded on the way down: only the chain's own links are visited.
    const links: Link[] = [];
    let current = head;
    let f = up;
    while (f !== undefined) {
      const parent = f.node;
      if (parent.type === 'parenthesized_expression') {
        current = parent;
        f = f.up;
        continue;
      }
      const callFrame = f.up;
      if (parent.type !== 'attribute' || callFrame === undefined || !sameNode(parent.childForFieldName('object'), current)) break;
      const call = callFrame.node;
      if (call.type !== 'call' || !sameNode(call.childForFieldName('function'), parent)) break;
      const nameNode = parent.childForFieldName('attribute');
      if (nameNode === null) break;
      links.push({
        call,
        frame: callFrame,
        name: this.slice(nameNode),
        nameNode,
        dot: this.dotBefore(nameNode, current.endIndex),
        args: call.childForFieldName('arguments'),
      });
      current = call;
      f = callFrame.up;
    }
    return { links, outer: current, parent: f?.node ?? null, grandparent: f?.up?.node ?? null };
  }

  /** When the chain's value is assigned to a name and is still the builder/SparkConf, later `name.x(...)` joins the scope. */
  private track(chain: Chain, scope: ScopeDraft): void {
    if (!chain.links.every((l) => FLUENT_METHODS.has(l.name))) return;
    const name = this.assignedName(chain);
    if (name !== undefined) this.variables.set(name, scope);
  }

  /** `name` in `name = <chain>`. */
  private assignedName(chain: Chain): string | undefined {
    const { parent } = chain;
    if (parent === null || parent.type !== 'assignment' || !sameNode(parent.childForFieldName('right'), chain.outer)) {
      return undefined;
    }
    const left = parent.childForFieldName('left');
    return left !== null ? dottedName(left, this.text) : undefined;
  }

  private processLinks(ctx: ChainContext, links: readonly Link[]): void {
    for (const link of links) {
      const args = link.args;
      if (args === null || args.type !== 'argument_list') continue;
      if (args.hasError) {
        // The call itself is broken (being typed); only calls that error recovery swallowed into it are intact.
        this.recoverSwallowedCalls(ctx, args, { node: args, up: link.frame });
        continue;
      }
      if (ENTRY_METHODS.has(link.name)) this.entryCall(ctx, link);
      else if (link.name === 'setAll') this.setAll(ctx, link);
    }
  }

  /**
   * Inside a broken call, tree-sitter often parses the rest of the chain as `config("k", "v").getOrCreate()`:
   * a call of a bare `config` preceded by a stray `.`. Those calls are intact, so read them as links.
   */
  private recoverSwallowedCalls(ctx: ChainContext, node: PythonNode, frame: Frame): void {
    // Iterative, children in order: a broken call can nest thousands of levels deep (unclosed brackets), and
    // recursion over it overflowed the stack.
    const pending: { node: PythonNode; frame: Frame }[] = [];
    const pushChildren = (parent: PythonNode, up: Frame) => {
      const children = parent.namedChildren;
      for (let k = children.length - 1; k >= 0; k--) pending.push({ node: children[k]!, frame: up });
    };
    pushChildren(node, frame);
    while (pending.length) {
      const { node: child, frame: up } = pending.pop()!;
      if (child.type === 'call') {
        const fn = child.childForFieldName('function');
        if (fn !== null && fn.type === 'identifier') {
          const name = this.slice(fn);
          const dot = this.dotBefore(fn, -1);
          if (dot >= 0 && (ENTRY_METHODS.has(name) || name === 'setAll')) {
            const swallowed: Link = { call: child, frame: { node: child, up }, name, nameNode: fn, dot, args: child.childForFieldName('arguments') };
            const rest = this.collectLinks(child, up).links;
            const all = [swallowed, ...rest];
            for (const l of all) if (this.isLineLeading(l.dot)) ctx.leading.push(l.dot);
            ctx.leading.sort((a, b) => a - b);
            this.processLinks(ctx, all);
            continue;
          }
        }
      }
      pushChildren(child, { node: child, up });
    }
  }

  /** `.config("k", "v")`, `.config(key="k", value="v")`, `.config(map={...})`, `.set("k", "v")`, `.setIfMissing(...)`. */
  private entryCall(ctx: ChainContext, link: Link): void {
    const { positional, keywords, splat } = splitArguments(link.args!);
    const { scope } = ctx;
    if (splat || keywords.has('conf')) scope.opaque = true;
    const map = keywords.get('map');
    if (map !== undefined && link.name === 'config') {
      if (map.type === 'dictionary') this.dictEntries(scope, map);
      else scope.opaque = true;
    }

    const keyword = positional.length === 0 && keywords.has('key');
    const keyNode = positional[0] ?? keywords.get('key');
    const valueNode = positional[1] ?? keywords.get('value');
    if (keyNode === undefined) return;
    const key = this.readString(keyNode);
    // A key computed at run time cannot be checked, so it is not an entry.
    if (key === undefined || key.interpolated) return;

    const method = scope.kind === 'conf' ? 'set' : 'config';
    if (link.name === 'config' && scope.kind === 'conf') {
      this.problem(link.nameNode, 'SparkConf has no `.config()` method. Use `.set(key, value)`.');
    } else if (link.name !== 'config' && scope.kind === 'builder') {
      this.problem(link.nameNode, `SparkSession.builder has no \`.${link.name}()\` method. Use \`.config(key, value)\`.`);
    }
    if (valueNode === undefined) {
      this.missingValue(link, key, method);
      return;
    }

    const separator = keyword ? ', ' : this.separator(keyNode.endIndex, valueNode.startIndex, ',', ', ');
    const render = this.chainRender(method, key.quote, undefined, keyword, separator);
    let span: OffsetRange;
    let insertAfter: EntryInsertion;
    if (ctx.statement !== undefined) {
      span = this.statementSpan(ctx.statement.node);
      insertAfter = this.statementInsertion(
        ctx.statement.node,
        this.chainRender(method, key.quote, ctx.statement.receiver, keyword, separator),
      );
    } else {
      span = { start: link.dot, end: link.call.endIndex };
      insertAfter = this.chainInsertion(ctx, link.call.endIndex, link.dot, render);
    }
    scope.entries.push(this.entry(key, this.readValue(valueNode), span, insertAfter));
  }

  private missingValue(link: Link, key: StringLiteral, method: string): void {
    const q = key.quote;
    const written = `.${link.name}(${pyString(key.value, q)})`;
    const eq = key.value.indexOf('=');
    const message =
      eq > 0
        ? `\`${written}\` passes the key and the value as one string. Pass them as two arguments: ` +
          `\`.${method}(${pyString(key.value.slice(0, eq).trim(), q)}, ${pyString(key.value.slice(eq + 1).trim(), q)})\`.`
        : `\`${written}\` has no value. Add the value as the second argument: ` +
          `\`.${method}(${pyString(key.value, q)}, ${pyString('<value>', q)})\`.`;
    this.problems.push({ range: { start: link.nameNode.startIndex, end: link.call.endIndex }, message });
  }

  /** `.setAll([("k", "v"), ...])`, `.setAll((...))`, `.setAll({...}.items())`. */
  private setAll(ctx: ChainContext, link: Link): void {
    const { positional, keywords, splat } = splitArguments(link.args!);
    const pairs = positional[0] ?? keywords.get('pairs');
    const { scope } = ctx;
    if (scope.kind === 'builder') {
      this.problem(link.nameNode, 'SparkSession.builder has no `.setAll()` method. Use `.config(map={...})` or one `.config(key, value)` per setting.');
    }
    if (splat || pairs === undefined) {
      scope.opaque = true;
      return;
    }
    if (pairs.type === 'list' || pairs.type === 'tuple') {
      for (const element of namedChildren(pairs)) {
        if ((element.type !== 'tuple' && element.type !== 'list') || element.hasError) continue;
        const parts = namedChildren(element);
        if (parts.length !== 2) continue;
        const key = this.readString(parts[0]!);
        if (key === undefined || key.interpolated) continue;
        const [open, close] = element.type === 'tuple' ? ['(', ')'] : ['[', ']'];
        const separator = this.separator(parts[0]!.endIndex, parts[1]!.startIndex, ',', ', ');
        const render: Render = (k, v) => `${open}${pyString(k, key.quote)}${separator}${pyString(v, key.quote)}${close}`;
        scope.entries.push(
          this.entry(key, this.readValue(parts[1]!), this.elementSpan(element), this.elementInsertion(element, render)),
        );
      }
      return;
    }
    // `{...}.items()`
    if (pairs.type === 'call') {
      const fn = pairs.childForFieldName('function');
      const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      if (fn !== null && object !== null && object.type === 'dictionary' && this.slice(fn.childForFieldName('attribute')) === 'items') {
        this.dictEntries(scope, object);
        return;
      }
    }
    scope.opaque = true;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Dicts

  private dictScope(dict: PythonNode, up: Frame | undefined): void {
    const pairs = namedChildren(dict).filter((c) => c.type === 'pair');
    let sparkKeyed = false;
    for (const pair of pairs) {
      const keyNode = pair.childForFieldName('key');
      const key = keyNode !== null ? this.readString(keyNode) : undefined;
      if (key === undefined || key.interpolated) continue;
      if (key.value.startsWith('spark.')) sparkKeyed = true;
      if (DATABRICKS_KEYS.has(key.value)) this.databricks = true;
    }
    if (this.consumedDicts.has(dict.id)) return;

    const owner = this.dictOwner(dict, up);
    const confOwner = owner !== undefined && (owner.name === 'spark_conf' || (owner.name === 'conf' && owner.sparkSubmit));
    if (!sparkKeyed && !confOwner) return;

    const open = dict.firstChild!;
    const anchor = owner !== undefined ? { start: owner.start, end: open.endIndex } : range(open);
    const scope = this.newScope('dict', anchor, owner !== undefined ? `the \`${owner.name}\` dict` : 'this dict of Spark settings');
    this.dictEntries(scope, dict);
    const first = namedChildren(dict)[0];
    const quote = this.firstQuote([], dict);
    const render: Render = (k, v) => `${pyString(k, quote)}: ${pyString(v, quote)}`;
    if (first === undefined) {
      scope.append = { offset: open.endIndex, format: render };
    } else if (this.isLineLeading(first.startIndex)) {
      const indent = this.indentOf(first.startIndex);
      scope.append = { offset: open.endIndex, format: (k, v) => `${this.eol}${indent}${render(k, v)},` };
    } else {
      scope.append = { offset: open.endIndex, format: (k, v) => `${render(k, v)}, ` };
    }
  }

  /** The key or keyword the dict is the value of (`"spark_conf": {`, `conf={`). */
  private dictOwner(dict: PythonNode, up: Frame | undefined): { name: string; start: number; sparkSubmit: boolean } | undefined {
    const parent = up?.node;
    if (parent === undefined || !sameNode(parent.childForFieldName('value'), dict)) return undefined;
    if (parent.type === 'pair') {
      const keyNode = parent.childForFieldName('key');
      const key = keyNode !== null ? this.readString(keyNode) : undefined;
      if (key === undefined || key.interpolated) return undefined;
      return { name: key.value, start: keyNode!.startIndex, sparkSubmit: false };
    }
    if (parent.type === 'keyword_argument') {
      const name = parent.childForFieldName('name');
      if (name === null) return undefined;
      const fn = up?.up?.up?.node.childForFieldName('function') ?? null;
      const callee = fn !== null ? lastName(fn, this.text) : undefined;
      return { name: this.slice(name), start: name.startIndex, sparkSubmit: callee?.endsWith('SparkSubmitOperator') ?? false };
    }
    return undefined;
  }

  /** Adds the dict's string-keyed pairs to `scope`, in dict style. */
  private dictEntries(scope: ScopeDraft, dict: PythonNode): void {
    this.consumedDicts.add(dict.id);
    for (const element of namedChildren(dict)) {
      if (element.type === 'dictionary_splat') scope.opaque = true;
      if (element.type !== 'pair' || element.hasError) continue;
      const keyNode = element.childForFieldName('key');
      const valueNode = element.childForFieldName('value');
      if (keyNode === null || valueNode === null) continue;
      const key = this.readString(keyNode);
      if (key === undefined || key.interpolated) continue;
      const separator = this.separator(keyNode.endIndex, valueNode.startIndex, ':', ': ');
      const render: Render = (k, v) => `${pyString(k, key.quote)}${separator}${pyString(v, key.quote)}`;
      scope.entries.push(
        this.entry(key, this.readValue(valueNode), this.elementSpan(element), this.elementInsertion(element, render)),
      );
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Values

  private entry(key: StringLiteral, value: ValueInfo, span: OffsetRange, insertAfter: EntryInsertion): ConfEntry {
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

  private readValue(node: PythonNode): ValueInfo {
    switch (node.type) {
      case 'string':
      case 'concatenated_string': {
        const s = this.readString(node);
        if (s === undefined) break;
        if (s.interpolated) {
          return { value: this.text.slice(s.range.start, s.range.end), range: s.range, exact: true, kind: 'expression' };
        }
        return { value: s.value, range: s.range, exact: s.exact, kind: isTemplatedPython(s.value) ? 'template' : 'literal' };
      }
      case 'true':
      case 'false':
      case 'integer':
      case 'float':
        // PySpark passes `str(value)` to Spark, which is the source text for these.
        return { value: this.slice(node), range: range(node), exact: true, kind: 'literal' };
      case 'unary_operator': {
        const operand = node.childForFieldName('argument');
        if (operand !== null && (operand.type === 'integer' || operand.type === 'float')) {
          return { value: this.slice(node), range: range(node), exact: true, kind: 'literal' };
        }
        break;
      }
    }
    // Names, calls, f-strings, `+` concatenations, `None`...: computed by code. The source text is the best
    // description we have of the value.
    return { value: this.slice(node), range: range(node), exact: true, kind: 'expression' };
  }

  /** Reads a string literal or an implicit concatenation of literals (`"a" "b"`); undefined for anything else. */
  private readString(node: PythonNode): StringLiteral | undefined {
    if (node.type === 'concatenated_string') {
      const parts = namedChildren(node).map((c) => this.readString(c));
      if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
      const ok = parts as StringLiteral[];
      return {
        value: ok.map((p) => p.value).join(''),
        range: { start: ok[0]!.range.start, end: ok[ok.length - 1]!.range.end },
        exact: false,
        quote: ok[0]!.quote,
        interpolated: ok.some((p) => p.interpolated),
      };
    }
    if (node.type !== 'string' || node.hasError) return undefined;
    const start = node.firstChild;
    const end = node.lastChild;
    if (start === null || end === null || start.type !== 'string_start' || end.type !== 'string_end' || end.isMissing) {
      return undefined;
    }
    const opening = this.slice(start); // prefix + quote(s), e.g. `rb"""`
    const quote = opening.charAt(opening.length - 1);
    const prefix = trimEndChars(opening, `"'`).toLowerCase();
    const contentRange = { start: start.endIndex, end: end.startIndex };
    const raw = this.text.slice(contentRange.start, contentRange.end);
    const formatted = prefix.includes('f') || prefix.includes('t');
    const interpolated = formatted && node.children.some((c) => c.type === 'interpolation');
    if (interpolated) return { value: raw, range: contentRange, exact: true, quote, interpolated };
    let value = prefix.includes('r') ? raw : decodeEscapes(raw, prefix.includes('b'));
    if (formatted) value = value.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    return { value, range: contentRange, exact: value === raw, quote, interpolated: false };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Insertion and layout

  /** Renders a call `.method(k, v)` (or `receiver.method(k, v)` for statements) in the source's style. */
  private chainRender(method: string, quote: string, receiver = '', keyword = false, separator = ', '): Render {
    return (k, v) =>
      keyword
        ? `${receiver}.${method}(key=${pyString(k, quote)}, value=${pyString(v, quote)})`
        : `${receiver}.${method}(${pyString(k, quote)}${separator}${pyString(v, quote)})`;
  }

  /**
   * Insertion of a new chain call at `after`, the end of the call whose dot is at `dot` (or of the chain's head,
   * with `dot` its own dot or `after`). One-line chains get the call inline; multi-line chains get a new line
   * indented like that call, or like the nearest call that starts a line.
   */
  private chainInsertion(ctx: ChainContext, after: number, dot: number, render: Render): EntryInsertion {
    const indent = this.chainIndent(ctx.leading, dot);
    if (indent === undefined) return { offset: after, format: render };
    if (ctx.backslash) {
      return { offset: after, format: (k, v) => ` \\${this.eol}${indent}${render(k, v)}` };
    }
    // Keep a trailing comment with the call it belongs to.
    const offset = this.restIsTrivia(after) ? this.lineContentEnd(after) : after;
    return { offset, format: (k, v) => `${this.eol}${indent}${render(k, v)}` };
  }

  /** The indentation of `dot` when it starts a line, else of the next (or previous) line-starting dot. */
  private chainIndent(leading: readonly number[], dot: number): string | undefined {
    if (leading.length === 0) return undefined;
    // First leading dot at or after `dot` (binary search: chains can have thousands of calls).
    const lo = lowerBound(leading, dot);
    return this.indentOf(leading[lo] ?? leading[leading.length - 1]!);
  }

  /** A new statement on its own line after `statement`, with the same indentation. */
  private statementInsertion(statement: PythonNode, render: Render): EntryInsertion {
    const indent = this.indentOf(statement.startIndex);
    return { offset: this.lineContentEnd(statement.endIndex), format: (k, v) => `${this.eol}${indent}${render(k, v)}` };
  }

  /** The statement's whole line(s) when it has them to itself, so deleting it leaves no blank line. */
  private statementSpan(statement: PythonNode): OffsetRange {
    const { startIndex: start, endIndex: end } = statement;
    if (!this.isLineLeading(start) || !this.restIsTrivia(end)) return { start, end };
    const newline = this.text.indexOf('\n', end);
    return { start: this.lineStart(start), end: newline < 0 ? this.text.length : newline + 1 };
  }

  /** A dict pair / `setAll` tuple including its trailing comma. */
  private elementSpan(element: PythonNode): OffsetRange {
    const next = element.nextSibling;
    return { start: element.startIndex, end: next !== null && next.type === ',' ? next.endIndex : element.endIndex };
  }

  /** A new element after `element` in its dict/list: inline `, x` or, when elements start lines, a new line. */
  private elementInsertion(element: PythonNode, render: Render): EntryInsertion {
    if (!this.isLineLeading(element.startIndex)) {
      return { offset: element.endIndex, format: (k, v) => `, ${render(k, v)}` };
    }
    const indent = this.indentOf(element.startIndex);
    const next = element.nextSibling;
    if (next !== null && next.type === ',') {
      const offset = this.restIsTrivia(next.endIndex) ? this.lineContentEnd(next.endIndex) : next.endIndex;
      return { offset, format: (k, v) => `${this.eol}${indent}${render(k, v)},` };
    }
    return { offset: element.endIndex, format: (k, v) => `,${this.eol}${indent}${render(k, v)}` };
  }

  /** The source's separator between two parts (`, ` / `,` / `: `) when it is simple, else `fallback`. */
  private separator(from: number, to: number, mark: string, fallback: string): string {
    const s = this.text.slice(from, to);
    return s.startsWith(mark) && /^[ \t]*$/.test(s.slice(mark.length)) ? s : fallback;
  }

  /** The quote character of the first string literal in the links' arguments (or in `node`), else `"`. */
  private firstQuote(links: readonly Link[], node?: PythonNode): string {
    const roots = node !== undefined ? [node] : links.map((l) => l.args).filter((a): a is PythonNode => a !== null);
    for (const root of roots) {
      const found = root.descendantsOfType('string_start')[0];
      if (found !== undefined && found !== null) {
        const opening = this.slice(found);
        return opening.charAt(opening.length - 1);
      }
    }
    return '"';
  }

  // ---------------------------------------------------------------------------------------------------------
  // Text helpers

  private newScope(kind: ScopeKind, anchor: OffsetRange, label: string): ScopeDraft {
    const scope: ScopeDraft = { kind, entries: [], anchor, label, opaque: false };
    this.scopes.push(scope);
    return scope;
  }

  private problem(node: PythonNode, message: string): void {
    this.problems.push({ range: range(node), message });
  }

  private slice(node: PythonNode | null): string {
    return node === null ? '' : this.text.slice(node.startIndex, node.endIndex);
  }

  /**
   * The offset of the `.` before `name` (skipping whitespace and `\` line continuations), or `fallback` when the
   * previous significant character is not a dot.
   */
  private dotBefore(name: PythonNode | null, fallback: number): number {
    if (name === null) return fallback;
    let i = name.startIndex - 1;
    while (i >= 0 && /[ \t\r\n\\]/.test(this.text.charAt(i))) i--;
    return this.text.charAt(i) === '.' ? i : fallback;
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** End of the line containing `offset`, before its `\n` / `\r\n`. */
  private lineContentEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    if (newline < 0) return this.text.length;
    return newline > 0 && this.text.charAt(newline - 1) === '\r' ? newline - 1 : newline;
  }

  private indentOf(offset: number): string {
    return /^[ \t]*/.exec(this.text.slice(this.lineStart(offset), offset))![0];
  }

  private isLineLeading(offset: number): boolean {
    return /^[ \t]*$/.test(this.text.slice(this.lineStart(offset), offset));
  }

  /** Only whitespace and maybe a comment follow `offset` on its line. */
  private restIsTrivia(offset: number): boolean {
    return /^[ \t]*(#.*)?$/.test(this.text.slice(offset, this.lineContentEnd(offset)));
  }

  private previousLineEndsWithBackslash(offset: number): boolean {
    const start = this.lineStart(offset);
    if (start === 0) return false;
    const previous = this.text.slice(this.lineStart(start - 1), start - 1).replace(/\r$/, '');
    return previous.endsWith('\\');
  }
}

// -----------------------------------------------------------------------------------------------------------
// Pure helpers

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

function range(node: PythonNode): OffsetRange {
  return { start: node.startIndex, end: node.endIndex };
}

function sameNode(a: PythonNode | null, b: PythonNode): boolean {
  return a !== null && a.id === b.id;
}

/** Named children without comments (tree-sitter attaches comments wherever they occur). */
function namedChildren(node: PythonNode): PythonNode[] {
  return node.namedChildren.filter((c) => c.type !== 'comment');
}

/** `name` or `a.b.c` made of identifiers only, as written without spaces; undefined for anything else. */
function dottedName(node: PythonNode, text: string): string | undefined {
  if (node.type === 'identifier') return text.slice(node.startIndex, node.endIndex);
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  if (object === null || attribute === null) return undefined;
  const head = dottedName(object, text);
  return head !== undefined ? `${head}.${text.slice(attribute.startIndex, attribute.endIndex)}` : undefined;
}

/** The last identifier of `name` / `a.b.name`. */
function lastName(node: PythonNode, text: string): string | undefined {
  if (node.type === 'identifier') return text.slice(node.startIndex, node.endIndex);
  if (node.type === 'attribute') {
    const attribute = node.childForFieldName('attribute');
    return attribute !== null ? text.slice(attribute.startIndex, attribute.endIndex) : undefined;
  }
  return undefined;
}

function isSparkConfCallee(fn: PythonNode, text: string): boolean {
  return (fn.type === 'identifier' || fn.type === 'attribute') && lastName(fn, text) === 'SparkConf';
}

function splitArguments(args: PythonNode): { positional: PythonNode[]; keywords: Map<string, PythonNode>; splat: boolean } {
  const positional: PythonNode[] = [];
  const keywords = new Map<string, PythonNode>();
  let splat = false;
  for (const child of namedChildren(args)) {
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name');
      const value = child.childForFieldName('value');
      if (name !== null && value !== null) keywords.set(name.text, value);
    } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') {
      splat = true;
    } else {
      positional.push(child);
    }
  }
  return { positional, keywords, splat };
}

/** A Python string literal for `value` using quote character `quote`. */
function pyString(value: string, quote: string): string {
  const escaped = value.replace(/[\\\n\r\t"']/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return c === quote ? `\\${c}` : c;
    }
  });
  return `${quote}${escaped}${quote}`;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * Decodes the escapes of a non-raw Python string body. Unknown escapes (`\d`) stay as written, as in Python;
 * `\N{NAME}` cannot be resolved without Unicode name tables and is kept as written too.
 */
function decodeEscapes(raw: string, bytes: boolean): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(
    /\\(\r\n|\n|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g,
    (match: string, esc: string) => {
      if (esc === '\n' || esc === '\r\n') return ''; // line continuation inside the literal
      const first = esc.charAt(0);
      if (/[0-7]/.test(first)) return String.fromCharCode(parseInt(esc, 8));
      if (first === 'x' && esc.length === 3) return String.fromCharCode(parseInt(esc.slice(1), 16));
      if ((first === 'u' && esc.length === 5) || (first === 'U' && esc.length === 9)) {
        if (bytes) return match; // no \u escapes in bytes literals
        const code = parseInt(esc.slice(1), 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : match;
      }
      return SIMPLE_ESCAPES[esc] ?? match;
    },
  );
}
