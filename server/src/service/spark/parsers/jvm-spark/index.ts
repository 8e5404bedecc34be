/**
 * Finds Spark configuration in Scala and Java source using their tree-sitter trees (grammars loaded by the host
 * only once such a file is seen).
 *
 * Recognised scopes, each producing the same {@link ConfScope}s as the conf-file, shell and Python parsers:
 * - `SparkSession.builder()...config("k", v)...getOrCreate()` chains (Scala also without parentheses), with
 *   `.config(Map(...))` / `.config(Map.of(...))`; a builder kept in a variable collects later `b.config(...)`.
 * - `new SparkConf()...set("k", v)`, `.setIfMissing`, `.setAll(Seq("k" -> "v"))`, and later `conf.set(...)`
 *   statements on the same variable. A builder given `.config(conf)` joins that SparkConf's scope (they are one
 *   application's settings).
 * Runtime settings (`spark.conf.set(...)` on a session) are not read: the listener reads its settings when the
 * application starts, as in the Python reader.
 *
 * Values: literals are read (`"..."`, numbers, booleans); a name bound once in the file to a string literal
 * (`val url = "..."`, `final String URL = "..."`, never reassigned) reads as that literal, with its range at the
 * declaration (where a fix belongs). Concatenations, interpolations with substitutions, calls and other names
 * are computed at run time: their keys are skipped and their values are `expression`s, never guessed.
 *
 * Tolerance: the whole tree is walked, ERROR nodes included; a call whose own arguments hold an error is skipped.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { outOfTime } from '../../../budget';
import type { EntryInsertion, OffsetRange, ValueKind } from '../../../text/model';
import { isTemplated } from '../../../util/template';
import { isDatabricksKey } from '../../catalog';
import type { ConfEntry, ConfScope, SparkDocument } from '../../model';
import { confEntry, ENTRY_METHODS, finishScopes, FLUENT_METHODS } from '../builder';
import { SourceLayout, type ChainLayout, type Render } from '../python-spark/layout';
import { jvmStringLiteral, readJvmString, type JvmString } from './strings';
import {
  argumentNodes,
  asLink,
  assignment,
  creationType,
  declarations,
  dottedName,
  LINK_TYPES,
  namedChildren,
  pairLiteral,
  scalarLiteral,
  slice,
  type JvmLanguage,
  type Link,
  type Pair,
} from './syntax';

export type { JvmLanguage } from './syntax';

/** Text a chain must contain to be worth unrolling. */
const CHAIN_WORDS = /builder|SparkConf|\b(?:set|setIfMissing|setAll|config)\s*\(/;
/** A file without these holds no Spark settings for this reader. */
const FILE_WORDS = /SparkSession|SparkConf/;
const DATABRICKS = /\bdbutils\b|\bDatabricksSession\b|^\/\/ Databricks notebook source/m;

type ScopeKind = 'builder' | 'conf';

interface ScopeDraft {
  readonly kind: ScopeKind;
  readonly entries: ConfEntry[];
  readonly anchor: OffsetRange;
  readonly label: string;
  append?: EntryInsertion;
  /** Settings also come from something not read (`.setAll(pairs)`, `.config(otherConf)`). */
  opaque: boolean;
  /** Set when a builder was given a SparkConf (`.config(conf)`): its settings are that SparkConf's. */
  joined?: ScopeDraft;
}

/** A chain of calls found by the walk: its outermost node, its links in call order and what they start from. */
interface Chain {
  readonly node: Node;
  readonly links: Link[];
  readonly base: Node | null;
}

/** Where entries of a chain go and how new ones are written there. */
interface ChainContext extends ChainLayout {
  readonly scope: ScopeDraft;
  /** A single `conf.set(...)` statement: new settings become new statements after it. */
  readonly statement?: { readonly node: Node; readonly receiver: string };
}

/**
 * The Spark configuration of a Scala or Java file.
 *
 * @param tree a tree parsed from exactly `text` with the grammar of `language`; none when its parse was cancelled.
 * @returns the settings grouped into scopes, or `undefined` when there are none (or reading ran out of time).
 */
export function parseJvmSpark(tree: Tree | undefined, text: string, language: JvmLanguage): SparkDocument | undefined {
  if (!tree || !FILE_WORDS.test(text)) return undefined;
  const reader = new JvmReader(text, language);
  if (!reader.collect(tree.rootNode)) return undefined;
  return reader.read();
}

class JvmReader {
  private readonly layout: SourceLayout;
  private readonly chains: Chain[] = [];
  /** The chains by the id of their outermost node. */
  private readonly chainAtNode = new Map<number, Chain>();
  /** Link and creation nodes that are part of a longer chain (not chains of their own). */
  private readonly inner = new Set<number>();
  /** Chains read as part of another (`.config(new SparkConf().set(...))`). */
  private readonly consumed = new Set<number>();
  /** Node id of a declared or assigned value → the name it is bound to and the statement binding it. */
  private readonly bindings = new Map<number, { name: string; statement: Node | null }>();
  /** Name → string literals it is declared with (more than one: ambiguous), and whether it is `val`/`final`. */
  private readonly constants = new Map<string, { literal: Node | null; immutable: boolean }[]>();
  private readonly reassigned = new Set<string>();
  /** Node id of an expression → the statement it is (a Java expression statement, a Scala block member). */
  private readonly statements = new Map<number, Node>();
  private readonly variables = new Map<string, ScopeDraft>();
  private readonly scopes: ScopeDraft[] = [];
  private databricks: boolean;

  constructor(
    private readonly text: string,
    private readonly language: JvmLanguage,
  ) {
    this.layout = new SourceLayout(text, '//');
    this.databricks = DATABRICKS.test(text);
  }

  /** One cursor walk in document order (ERROR subtrees included); false past the time budget. */
  collect(root: Node): boolean {
    const { text, language } = this;
    const linkTypes = LINK_TYPES[language];
    const cursor = root.walk();
    let steps = 0;
    try {
      for (;;) {
        if ((++steps & 4095) === 0 && outOfTime()) return false;
        const type = cursor.nodeType;
        if (linkTypes.has(type) || type === 'object_creation_expression' || type === 'instance_expression') {
          const node = cursor.currentNode;
          if (!this.inner.has(node.id)) this.chainAt(node);
        } else if (
          type === 'local_variable_declaration' ||
          type === 'field_declaration' ||
          type === 'val_definition' ||
          type === 'var_definition'
        ) {
          this.declare(cursor.currentNode);
        } else if (type === 'assignment_expression') {
          const node = cursor.currentNode;
          const a = assignment(node, text);
          if (a !== undefined) {
            this.reassigned.add(a.name);
            if (a.value !== null) this.bindings.set(a.value.id, { name: a.name, statement: null });
          }
        } else if (type === 'expression_statement') {
          const node = cursor.currentNode;
          const expression = node.namedChild(0);
          if (expression !== null) this.statements.set(expression.id, node);
        } else if (language === 'scala' && (type === 'block' || type === 'template_body' || type === 'compilation_unit')) {
          for (const child of namedChildren(cursor.currentNode)) this.statements.set(child.id, child);
        }
        if (cursor.gotoFirstChild()) continue;
        while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return true;
      }
    } finally {
      cursor.delete();
    }
  }

  private declare(node: Node): void {
    for (const d of declarations(this.language, node, this.text)) {
      const literal = d.value !== null && readJvmString(d.value, this.text) !== undefined ? d.value : null;
      const list = this.constants.get(d.name) ?? [];
      list.push({ literal, immutable: d.immutable });
      this.constants.set(d.name, list);
      if (d.value !== null) this.bindings.set(d.value.id, { name: d.name, statement: d.statement });
    }
  }

  /** Unrolls the chain whose outermost node is `node` (its inner links are not visited as chains again). */
  private chainAt(node: Node): void {
    const links: Link[] = [];
    let current: Node | null = node;
    while (current !== null) {
      const link = asLink(this.language, current, this.text);
      if (link === undefined) break;
      links.push(link);
      if (link !== links[0]) this.inner.add(current.id);
      if (link.callee !== undefined) this.inner.add(link.callee.id);
      current = link.receiver;
    }
    if (current !== null && current.id !== node.id) this.inner.add(current.id);
    links.reverse();
    if (!CHAIN_WORDS.test(this.text.slice(node.startIndex, node.endIndex))) return;
    const chain = { node, links, base: current };
    this.chains.push(chain);
    this.chainAtNode.set(node.id, chain);
  }

  /** Reads the chains collected, in document order (a variable is assigned before its statements). */
  read(): SparkDocument | undefined {
    let n = 0;
    for (const chain of this.chains) {
      if ((++n & 255) === 0 && outOfTime()) return undefined;
      if (!this.consumed.has(chain.node.id)) this.chain(chain);
    }
    const scopes: ConfScope[] = finishScopes(
      this.scopes.filter((s) => s.joined === undefined),
      true,
    );
    if (scopes.length === 0) return undefined;
    const databricks =
      this.databricks || scopes.some((s) => s.entries.some((e) => isDatabricksKey(e.key) || e.value.includes('{{secrets/')));
    return { form: this.language, scopes, databricks, syntaxProblems: [] };
  }

  private chain(chain: Chain, into?: ScopeDraft): void {
    const { links, base } = chain;
    const binding = this.bindings.get(chain.node.id);
    // `new SparkConf()...`
    if (base !== null && creationType(base, this.text) === 'SparkConf') {
      const scope = into ?? this.newScope('conf', range(base), binding ? `SparkConf \`${binding.name}\`` : 'this SparkConf');
      const ctx = this.context(scope, links);
      const fluent = links.every((l) => FLUENT_METHODS.has(l.name));
      if (scope.append === undefined) {
        scope.append =
          binding?.statement && fluent
            ? this.layout.statementInsertion(binding.statement, this.statementRender('set', binding.name))
            : this.layout.chainInsertion(ctx, base.endIndex, base.endIndex, callRender('set'));
      }
      this.links(ctx, links);
      this.track(binding?.name, scope, fluent);
      return;
    }
    // `SparkSession.builder()...`: the builder link, after a qualified name.
    const at = links.findIndex((l) => l.name === 'builder');
    if (at >= 0 && links.slice(0, at).every((l) => l.args === null) && !links[at]!.args?.hasError) {
      const owner = links[at]!.receiver !== null ? /[\w$]*$/.exec(slice(this.text, links[at]!.receiver))![0] : '';
      const rest = links.slice(at + 1);
      // `x.builder()` is common outside Spark (Lombok, HTTP clients): only a session's builder counts.
      if (!owner.endsWith('Session')) return;
      const builder = links[at]!;
      const scope = this.newScope('builder', range(builder.node), `this ${owner || 'SparkSession'}.builder chain`);
      const dot = this.dotBefore(builder);
      const ctx = this.context(scope, [builder, ...rest]);
      scope.append = this.layout.chainInsertion(ctx, builder.node.endIndex, dot, callRender('config'));
      this.links(ctx, rest);
      this.track(
        binding?.name,
        scope,
        rest.every((l) => FLUENT_METHODS.has(l.name)),
      );
      return;
    }
    // `createSparkSessionBuilder(...).config(...)`: a builder made by a helper method, whose own settings are not
    // read here (the scope is partial).
    const helper = links.findIndex((l) => l.args !== null && /session/i.test(l.name) && /builder/i.test(l.name));
    const afterHelper = links.slice(helper + 1);
    if (helper >= 0 && (afterHelper.some((l) => ENTRY_METHODS.has(l.name)) || (binding !== undefined && afterHelper.length === 0))) {
      const start = links[helper]!;
      const scope = this.newScope('builder', range(start.node), `the builder from \`${start.name}()\``);
      scope.opaque = true;
      const ctx = this.context(scope, [start, ...afterHelper]);
      scope.append = this.layout.chainInsertion(ctx, start.node.endIndex, this.dotBefore(start), callRender('config'));
      this.links(ctx, afterHelper);
      this.track(
        binding?.name,
        scope,
        afterHelper.every((l) => FLUENT_METHODS.has(l.name)),
      );
      return;
    }
    // `builder.config(...)` / `conf.set(...)` on a variable holding one.
    if (base === null) return;
    let name = dottedName(base, this.text);
    let k = 0;
    for (; name !== undefined && k < links.length; k++) {
      const normalized = name.replace(/^this\./, '');
      if (this.variables.has(normalized)) break;
      if (links[k]!.args !== null) return;
      name = `${name}.${links[k]!.name}`;
    }
    const scope = name !== undefined ? this.variables.get(name.replace(/^this\./, '')) : undefined;
    if (scope === undefined || k >= links.length) {
      if (binding !== undefined) this.variables.delete(binding.name);
      return;
    }
    const rest = links.slice(k);
    const statement = this.statements.get(chain.node.id);
    const target = scope.joined ?? scope;
    const ctx: ChainContext = {
      ...this.context(target, rest),
      ...(statement !== undefined && rest.length === 1
        ? { statement: { node: statement, receiver: this.text.slice(base.startIndex, this.dotBefore(rest[0]!)).trimEnd() } }
        : {}),
    };
    this.links(ctx, rest);
    if (binding !== undefined)
      this.track(
        binding.name,
        scope,
        rest.every((l) => FLUENT_METHODS.has(l.name)),
      );
  }

  private newScope(kind: ScopeKind, anchor: OffsetRange, label: string): ScopeDraft {
    const scope: ScopeDraft = { kind, entries: [], anchor, label, opaque: false };
    this.scopes.push(scope);
    return scope;
  }

  private context(scope: ScopeDraft, links: readonly Link[]): ChainContext {
    return { scope, ...this.layout.chainLayout(links.map((l) => this.dotBefore(l))) };
  }

  /** `name = <chain>`: while the chain's value is still the builder/SparkConf, later `name.x(...)` joins its scope. */
  private track(name: string | undefined, scope: ScopeDraft, fluent: boolean): void {
    if (name === undefined) return;
    if (fluent) this.variables.set(name, scope);
    else this.variables.delete(name);
  }

  /** Reads the entry calls of a chain up to its first call that no longer returns the builder/SparkConf. */
  private links(ctx: ChainContext, links: readonly Link[]): void {
    for (const link of links) {
      if (!FLUENT_METHODS.has(link.name)) break;
      const args = link.args;
      if (args === null) continue;
      if (args.hasError) {
        this.recoverSwallowed(ctx, args);
        continue;
      }
      if (ENTRY_METHODS.has(link.name)) this.entryCall(ctx, link, args);
      else if (link.name === 'setAll') this.pairsArgument(ctx, argumentNodes(args)[0]);
    }
  }

  /**
   * A call with an error in its arguments is not read, but error recovery often swallows the rest of the chain
   * into them (an unclosed `.config("k", "v"` makes `"v".config(...).getOrCreate()` its argument): those calls
   * are intact, and read as links of this chain.
   */
  private recoverSwallowed(ctx: ChainContext, args: Node): void {
    const pending = [...namedChildren(args)];
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (LINK_TYPES[this.language].has(node.type)) {
        const links: Link[] = [];
        for (let current: Node | null = node; current !== null;) {
          const link = asLink(this.language, current, this.text);
          if (link === undefined) break;
          links.push(link);
          current = link.receiver;
        }
        links.reverse();
        const from = links.findIndex((l) => ENTRY_METHODS.has(l.name) || l.name === 'setAll');
        if (from >= 0) {
          this.links(ctx, links.slice(from));
          continue;
        }
      }
      pending.push(...namedChildren(node));
    }
  }

  private entryCall(ctx: ChainContext, link: Link, args: Node): void {
    const nodes = argumentNodes(args);
    const scope = ctx.scope.joined ?? ctx.scope;
    if (nodes.length === 1 && link.name === 'config') {
      this.configArgument(ctx, nodes[0]!);
      return;
    }
    if (nodes.length !== 2) return;
    const [keyNode, valueNode] = nodes as [Node, Node];
    const key = this.readKey(keyNode);
    if (key === undefined) return;
    const method = scope.kind === 'conf' ? 'set' : 'config';
    const separator = this.layout.separator(keyNode.endIndex, valueNode.startIndex, ',', ', ');
    let span: OffsetRange;
    let insertAfter: EntryInsertion;
    if (ctx.statement !== undefined) {
      span = this.layout.statementSpan(ctx.statement.node);
      insertAfter = this.layout.statementInsertion(ctx.statement.node, this.statementRender(method, ctx.statement.receiver, separator));
    } else {
      const dot = this.dotBefore(link);
      span = { start: dot, end: link.node.endIndex };
      insertAfter = this.layout.chainInsertion(ctx, link.node.endIndex, dot, callRender(method, separator));
    }
    scope.entries.push(this.entry(key, this.readValue(valueNode), span, insertAfter));
  }

  /** `.config(conf)`, `.config(new SparkConf()...)`, `.config(Map(...))` on a builder. */
  private configArgument(ctx: ChainContext, arg: Node): void {
    const scope = ctx.scope.joined ?? ctx.scope;
    if (this.pairsArgument(ctx, arg, true)) return;
    // An inline SparkConf is read into this builder's scope.
    const inline = this.chainAtNode.get(arg.id);
    if (inline !== undefined && inline.base !== null && creationType(inline.base, this.text) === 'SparkConf') {
      this.consumed.add(inline.node.id);
      this.chain(inline, scope);
      return;
    }
    const name = dottedName(arg, this.text)?.replace(/^this\./, '');
    const conf = name !== undefined ? this.variables.get(name) : undefined;
    if (conf !== undefined && conf.kind === 'conf' && scope.kind === 'builder' && conf !== scope) {
      // One application's settings: the builder's entries join the SparkConf's scope.
      conf.entries.push(...scope.entries);
      scope.entries.length = 0;
      scope.joined = conf;
      return;
    }
    scope.opaque = true;
  }

  /** A pair literal argument (`setAll(Seq(...))`, `config(Map(...))`): its pairs; false (and opaque) otherwise. */
  private pairsArgument(ctx: ChainContext, arg: Node | undefined, quiet = false): boolean {
    const scope = ctx.scope.joined ?? ctx.scope;
    const pairs = arg !== undefined ? pairLiteral(this.language, arg, this.text) : undefined;
    if (pairs === undefined) {
      if (!quiet) scope.opaque = true;
      return false;
    }
    for (const pair of pairs) {
      const key = this.readKey(pair.key);
      if (key === undefined) continue;
      scope.entries.push(
        this.entry(key, this.readValue(pair.value), this.pairSpan(pair), this.layout.elementInsertion(pair.element, pairRender(pair))),
      );
    }
    return true;
  }

  private pairSpan(pair: Pair): OffsetRange {
    const span = this.layout.elementSpan(pair.element);
    return pair.style === 'flat' ? { start: pair.key.startIndex, end: span.end } : span;
  }

  private entry(key: JvmString, value: Value, span: OffsetRange, insertAfter: EntryInsertion): ConfEntry {
    return confEntry(key, value, span, insertAfter);
  }

  /** A key written as a literal or as a constant; undefined when computed at run time. */
  private readKey(node: Node): JvmString | undefined {
    const s = readJvmString(node, this.text) ?? this.constant(node);
    return s === undefined || s.interpolated ? undefined : s;
  }

  private readValue(node: Node): Value {
    const s = readJvmString(node, this.text) ?? this.constant(node);
    if (s !== undefined) {
      if (s.interpolated) return { value: this.text.slice(s.range.start, s.range.end), range: s.range, exact: true, kind: 'expression' };
      return { value: s.value, range: s.range, exact: s.exact, kind: isTemplated(s.value) ? 'template' : 'literal' };
    }
    const scalar = scalarLiteral(node, this.text);
    if (scalar !== undefined) return { value: scalar, range: range(node), exact: scalar === slice(this.text, node), kind: 'literal' };
    // Names, calls, concatenations, interpolations: computed by code; the source text describes the value.
    return { value: slice(this.text, node), range: range(node), exact: true, kind: 'expression' };
  }

  /** The literal of a name bound once in this file to a string literal and never reassigned. */
  private constant(node: Node): JvmString | undefined {
    const name = dottedName(node, this.text);
    if (name === undefined) return undefined;
    const simple = name.slice(name.lastIndexOf('.') + 1);
    const declared = this.constants.get(simple);
    if (declared === undefined || declared.length !== 1) return undefined;
    const [only] = declared as [{ literal: Node | null; immutable: boolean }];
    if (only.literal === null || (!only.immutable && this.reassigned.has(simple))) return undefined;
    return readJvmString(only.literal, this.text);
  }

  private dotBefore(link: Link): number {
    return this.layout.dotBefore(link.nameNode, link.node.startIndex);
  }

  private statementRender(method: string, receiver: string, separator = ', '): Render {
    const end = this.language === 'java' ? ';' : '';
    return (k, v) => `${receiver}.${method}(${jvmStringLiteral(k)}${separator}${jvmStringLiteral(v)})${end}`;
  }
}

interface Value {
  readonly value: string;
  readonly range: OffsetRange;
  readonly exact: boolean;
  readonly kind: ValueKind;
}

function callRender(method: string, separator = ', '): Render {
  return (k, v) => `.${method}(${jvmStringLiteral(k)}${separator}${jvmStringLiteral(v)})`;
}

function pairRender(pair: Pair): Render {
  switch (pair.style) {
    case 'arrow':
      return (k, v) => `${jvmStringLiteral(k)} -> ${jvmStringLiteral(v)}`;
    case 'tuple':
      return (k, v) => `(${jvmStringLiteral(k)}, ${jvmStringLiteral(v)})`;
    case 'flat':
      return (k, v) => `${jvmStringLiteral(k)}, ${jvmStringLiteral(v)}`;
  }
}

function range(node: Node): OffsetRange {
  return { start: node.startIndex, end: node.endIndex };
}

/**
 * The text as the Scala and Java grammars should see it: no-break spaces, line/paragraph separators, BOMs and
 * control characters (tabs, line ends and form feeds aside) become spaces, one for one. tree-sitter-scala's
 * scanner recovers from a long run of them in time that grows much faster than the run (30,000 no-break
 * spaces at the end of a file: 20 s, past any cancellation), and none of them can be part of a key or a
 * value that matters. Offsets are unchanged, so ranges read from the tree fit the real text.
 */
export function parseableText(text: string): string {
  return UNPARSEABLE.test(text) ? text.replace(UNPARSEABLE_ALL, ' ') : text;
}

// Control characters are exactly what this pattern is for.
// eslint-disable-next-line no-control-regex
const UNPARSEABLE = /[\u0000-\u0008\u000b\u000e-\u001f\u007f\u00a0\u2028\u2029\ufeff]/;
const UNPARSEABLE_ALL = new RegExp(UNPARSEABLE.source, 'g');
