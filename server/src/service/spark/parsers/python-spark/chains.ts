/**
 * Spark settings in method chains: `SparkSession.builder.config(...)...` and `SparkConf().set(...)...`, and
 * later `var.config(...)` / `var.set(...)` statements on a variable holding such a builder or SparkConf
 * (joined to its scope). Reads `.config("k", "v")`, `.config(key=, value=)`, `.config(map={...})`, `.set`,
 * `.setIfMissing` and `.setAll([...])`, and reports the calls that do not exist on the object or pass no value.
 */
import { callArguments } from '../../../python/arguments';
import { dottedName, lastName } from '../../../python/names';
import type { PythonNode } from '../../../python/parser';
import { stringLiteral, type PythonString } from '../../../python/strings';
import type { EntryInsertion, OffsetRange } from '../../../text/model';
import { namedChildren, range, sameNode, type Extraction, type NodePath, type ScopeDraft } from './extraction';
import { callRender, type ChainLayout, type Render } from './layout';
import type { DictReader } from './dicts';
import { ENTRY_METHODS, FLUENT_METHODS } from '../builder';

/** Methods that only exist on a session builder; one of them makes `x.builder` a Spark builder. */
const BUILDER_METHODS = new Set(['config', 'appName', 'master', 'remote', 'enableHiveSupport', 'getOrCreate', 'create']);

/** One `.method(...)` call in a chain. */
interface Link {
  readonly call: PythonNode;
  /** `call` and its ancestors. */
  readonly frame: NodePath;
  readonly name: string;
  readonly nameNode: PythonNode;
  /** Offset of the `.` before the method name. */
  readonly dot: number;
  readonly args: PythonNode | null;
}

/** A chain being processed: the scope it feeds and how new calls should be laid out in it. */
interface ChainContext extends ChainLayout {
  readonly scope: ScopeDraft;
  /** Set when the chain is a single `var.set(...)` statement: entries are inserted as new statements. */
  readonly statement?: { readonly node: PythonNode; readonly receiver: string };
}

/** A chain found by walking up from its head. */
interface Chain {
  readonly links: Link[];
  /** The whole chain expression (enclosing parentheses included). */
  readonly outer: PythonNode;
  /** `outer`'s parent and grandparent (for `name = <chain>` statements). */
  readonly parent: PythonNode | null;
  readonly grandparent: PythonNode | null;
}

/** Whether a call's function is `SparkConf` / `x.SparkConf`. */
export function isSparkConfCallee(fn: PythonNode, text: string): boolean {
  return (fn.type === 'identifier' || fn.type === 'attribute') && lastName(fn, text) === 'SparkConf';
}

/** Reads chains, in document order (a variable must be seen assigned before its statements). */
export class ChainReader {
  constructor(
    private readonly cx: Extraction,
    private readonly dicts: DictReader,
  ) {}

  /** `X.builder` followed by `.config(...)` etc. */
  builderChain(root: PythonNode, up: NodePath | undefined): void {
    const { cx } = this;
    const object = root.childForFieldName('object');
    if (object === null) return;
    // `self.builder = SparkSession.builder` makes `self.builder.config(...)` a call on that variable.
    const name = dottedName(root, cx.text);
    if (name !== undefined && cx.variables.has(name)) return;
    const chain = this.collectLinks(root, up);
    const { links } = chain;
    const owner = lastName(object, cx.text) ?? 'SparkSession';
    // `x.builder` is common outside Spark (protobuf, ORMs); require a Spark-looking owner or builder methods.
    if (!owner.endsWith('Session') && !links.some((l) => BUILDER_METHODS.has(l.name))) return;

    const scope = cx.newScope('builder', range(root), `this ${owner}.builder chain`);
    const rootDot = cx.layout.dotBefore(root.childForFieldName('attribute'), object.endIndex);
    const ctx = this.newChain(scope, [rootDot, ...links.map((l) => l.dot)]);
    scope.append = cx.layout.chainInsertion(ctx, root.endIndex, rootDot, callRender('config', this.firstQuote(links)));
    this.processLinks(ctx, links);
    this.track(chain, scope);
  }

  /** `SparkConf()` followed by `.set(...)` etc. */
  confChain(root: PythonNode, up: NodePath | undefined): void {
    const { cx } = this;
    const chain = this.collectLinks(root, up);
    const { links } = chain;
    const variable = this.assignedName(chain);
    const scope = cx.newScope('conf', range(root), variable !== undefined ? `SparkConf \`${variable}\`` : 'this SparkConf');
    const ctx = this.newChain(
      scope,
      links.map((l) => l.dot),
    );
    const quote = this.firstQuote(links);
    const statement = chain.grandparent;
    if (
      variable !== undefined &&
      statement !== null &&
      statement.type === 'expression_statement' &&
      links.every((l) => FLUENT_METHODS.has(l.name))
    ) {
      // `conf = SparkConf()`: new settings read best as `conf.set(...)` statements after it.
      scope.append = cx.layout.statementInsertion(statement, callRender('set', quote, variable));
    } else {
      scope.append = cx.layout.chainInsertion(ctx, root.endIndex, root.endIndex, callRender('set', quote));
    }
    this.processLinks(ctx, links);
    this.track(chain, scope);
  }

  /** `var.config(...)` / `var.set(...)` on a variable that holds a builder or SparkConf. */
  receiverChain(root: PythonNode, name: string, up: NodePath | undefined): void {
    const scope = this.cx.variables.get(name);
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
    const layout = this.cx.layout.chainLayout(dots);
    return statement !== undefined ? { scope, ...layout, statement } : { scope, ...layout };
  }

  /** The quote character of the first string literal in the links' arguments, else `"`. */
  private firstQuote(links: readonly Link[]): string {
    return this.cx.layout.firstQuote(links.map((l) => l.args).filter((a): a is PythonNode => a !== null));
  }

  /** Walks up from `head` (whose parent's frame is `up`) through `.name(...)` calls. */
  private collectLinks(head: PythonNode, up: NodePath | undefined): Chain {
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
        name: this.cx.slice(nameNode),
        nameNode,
        dot: this.cx.layout.dotBefore(nameNode, current.endIndex),
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
    if (name !== undefined) this.cx.variables.set(name, scope);
  }

  /** `name` in `name = <chain>`. */
  private assignedName(chain: Chain): string | undefined {
    const { parent } = chain;
    if (parent === null || parent.type !== 'assignment' || !sameNode(parent.childForFieldName('right'), chain.outer)) {
      return undefined;
    }
    const left = parent.childForFieldName('left');
    return left !== null ? dottedName(left, this.cx.text) : undefined;
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
  private recoverSwallowedCalls(ctx: ChainContext, node: PythonNode, frame: NodePath): void {
    // Iterative, children in order: a broken call can nest thousands of levels deep (unclosed brackets), and
    // recursion over it overflowed the stack.
    const pending: { node: PythonNode; frame: NodePath }[] = [];
    const pushChildren = (parent: PythonNode, up: NodePath) => {
      const children = parent.namedChildren;
      for (let k = children.length - 1; k >= 0; k--) pending.push({ node: children[k]!, frame: up });
    };
    pushChildren(node, frame);
    while (pending.length) {
      const { node: child, frame: up } = pending.pop()!;
      if (child.type === 'call') {
        const fn = child.childForFieldName('function');
        if (fn !== null && fn.type === 'identifier') {
          const name = this.cx.slice(fn);
          const dot = this.cx.layout.dotBefore(fn, -1);
          if (dot >= 0 && (ENTRY_METHODS.has(name) || name === 'setAll')) {
            const swallowed: Link = {
              call: child,
              frame: { node: child, up },
              name,
              nameNode: fn,
              dot,
              args: child.childForFieldName('arguments'),
            };
            const rest = this.collectLinks(child, up).links;
            const all = [swallowed, ...rest];
            for (const l of all) if (this.cx.layout.isLineLeading(l.dot)) ctx.leading.push(l.dot);
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
    const { cx } = this;
    const { positional, keywords, splat } = readArguments(link.args!, cx.text);
    const { scope } = ctx;
    if (splat || keywords.has('conf')) scope.opaque = true;
    const map = keywords.get('map');
    if (map !== undefined && link.name === 'config') {
      if (map.type === 'dictionary') this.dicts.entries(scope, map);
      else scope.opaque = true;
    }

    const keyword = positional.length === 0 && keywords.has('key');
    const keyNode = positional[0] ?? keywords.get('key');
    const valueNode = positional[1] ?? keywords.get('value');
    if (keyNode === undefined) return;
    const key = cx.readString(keyNode);
    // A key computed at run time cannot be checked, so it is not an entry.
    if (key === undefined || key.interpolated) return;

    const method = scope.kind === 'conf' ? 'set' : 'config';
    if (link.name === 'config' && scope.kind === 'conf') {
      cx.problem(link.nameNode, 'SparkConf has no `.config()` method. Use `.set(key, value)`.');
    } else if (link.name !== 'config' && scope.kind === 'builder') {
      cx.problem(link.nameNode, `SparkSession.builder has no \`.${link.name}()\` method. Use \`.config(key, value)\`.`);
    }
    if (valueNode === undefined) {
      this.missingValue(link, key, method);
      return;
    }

    const separator = keyword ? ', ' : cx.layout.separator(keyNode.endIndex, valueNode.startIndex, ',', ', ');
    const render = callRender(method, key.quote, undefined, keyword, separator);
    let span: OffsetRange;
    let insertAfter: EntryInsertion;
    if (ctx.statement !== undefined) {
      span = cx.layout.statementSpan(ctx.statement.node);
      insertAfter = cx.layout.statementInsertion(
        ctx.statement.node,
        callRender(method, key.quote, ctx.statement.receiver, keyword, separator),
      );
    } else {
      span = { start: link.dot, end: link.call.endIndex };
      insertAfter = cx.layout.chainInsertion(ctx, link.call.endIndex, link.dot, render);
    }
    scope.entries.push(cx.entry(key, cx.readValue(valueNode), span, insertAfter));
  }

  private missingValue(link: Link, key: PythonString, method: string): void {
    const q = key.quote;
    const written = `.${link.name}(${stringLiteral(key.value, q)})`;
    const eq = key.value.indexOf('=');
    const message =
      eq > 0
        ? `\`${written}\` passes the key and the value as one string. Pass them as two arguments: ` +
          `\`.${method}(${stringLiteral(key.value.slice(0, eq).trim(), q)}, ${stringLiteral(key.value.slice(eq + 1).trim(), q)})\`.`
        : `\`${written}\` has no value. Add the value as the second argument: ` +
          `\`.${method}(${stringLiteral(key.value, q)}, ${stringLiteral('<value>', q)})\`.`;
    this.cx.problems.push({ range: { start: link.nameNode.startIndex, end: link.call.endIndex }, message });
  }

  /** `.setAll([("k", "v"), ...])`, `.setAll((...))`, `.setAll({...}.items())`. */
  private setAll(ctx: ChainContext, link: Link): void {
    const { cx } = this;
    const { positional, keywords, splat } = readArguments(link.args!, cx.text);
    const pairs = positional[0] ?? keywords.get('pairs');
    const { scope } = ctx;
    if (scope.kind === 'builder') {
      cx.problem(
        link.nameNode,
        'SparkSession.builder has no `.setAll()` method. Use `.config(map={...})` or one `.config(key, value)` per setting.',
      );
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
        const key = cx.readString(parts[0]!);
        if (key === undefined || key.interpolated) continue;
        const [open, close] = element.type === 'tuple' ? ['(', ')'] : ['[', ']'];
        const separator = cx.layout.separator(parts[0]!.endIndex, parts[1]!.startIndex, ',', ', ');
        const render: Render = (k, v) => `${open}${stringLiteral(k, key.quote)}${separator}${stringLiteral(v, key.quote)}${close}`;
        scope.entries.push(
          cx.entry(key, cx.readValue(parts[1]!), cx.layout.elementSpan(element), cx.layout.elementInsertion(element, render)),
        );
      }
      return;
    }
    // `{...}.items()`
    if (pairs.type === 'call') {
      const fn = pairs.childForFieldName('function');
      const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      if (fn !== null && object !== null && object.type === 'dictionary' && cx.slice(fn.childForFieldName('attribute')) === 'items') {
        this.dicts.entries(scope, object);
        return;
      }
    }
    scope.opaque = true;
  }
}

/** A call's arguments without `*args` among the positional ones (its `splat` says there was one). */
function readArguments(args: PythonNode, text: string): { positional: PythonNode[]; keywords: Map<string, PythonNode>; splat: boolean } {
  const { positional, keywords, splat } = callArguments(args, text);
  return { positional: splat ? positional.filter((p) => p.type !== 'list_splat') : positional, keywords, splat };
}
