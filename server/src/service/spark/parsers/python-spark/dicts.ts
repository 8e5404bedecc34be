/**
 * Spark settings in dict literals: a dict with a string key starting with `spark.`, or passed as `spark_conf`
 * (Databricks cluster specs) or as the `conf` of a `SparkSubmitOperator`; also the dicts of
 * `.config(map={...})` and `.setAll({...}.items())`, read into their chain's scope.
 */
import { lastName } from '../../../python/names';
import type { PythonNode } from '../../../python/parser';
import { stringLiteral } from '../../../python/strings';
import { DATABRICKS_KEYS, namedChildren, range, sameNode, type Extraction, type NodePath, type ScopeDraft } from './extraction';
import type { Render } from './layout';

export class DictReader {
  constructor(private readonly cx: Extraction) {}

  /** A dict found by the walk: its own scope when it holds Spark settings and no chain read it already. */
  dictScope(dict: PythonNode, up: NodePath | undefined): void {
    const { cx } = this;
    const pairs = namedChildren(dict).filter((c) => c.type === 'pair');
    let sparkKeyed = false;
    for (const pair of pairs) {
      const keyNode = pair.childForFieldName('key');
      const key = keyNode !== null ? cx.readString(keyNode) : undefined;
      if (key === undefined || key.interpolated) continue;
      if (key.value.startsWith('spark.')) sparkKeyed = true;
      if (DATABRICKS_KEYS.has(key.value)) cx.databricks = true;
    }
    if (cx.consumedDicts.has(dict.id)) return;

    const owner = this.dictOwner(dict, up);
    const confOwner = owner !== undefined && (owner.name === 'spark_conf' || (owner.name === 'conf' && owner.sparkSubmit));
    if (!sparkKeyed && !confOwner) return;

    const open = dict.firstChild!;
    const anchor = owner !== undefined ? { start: owner.start, end: open.endIndex } : range(open);
    const scope = cx.newScope('dict', anchor, owner !== undefined ? `the \`${owner.name}\` dict` : 'this dict of Spark settings');
    this.entries(scope, dict);
    const first = namedChildren(dict)[0];
    const quote = cx.layout.firstQuote([dict]);
    const render: Render = (k, v) => `${stringLiteral(k, quote)}: ${stringLiteral(v, quote)}`;
    if (first === undefined) {
      scope.append = { offset: open.endIndex, format: render };
    } else if (cx.layout.isLineLeading(first.startIndex)) {
      const indent = cx.layout.indentOf(first.startIndex);
      scope.append = { offset: open.endIndex, format: (k, v) => `${cx.layout.eol}${indent}${render(k, v)},` };
    } else {
      scope.append = { offset: open.endIndex, format: (k, v) => `${render(k, v)}, ` };
    }
  }

  /** Adds the dict's string-keyed pairs to `scope`, in dict style. */
  entries(scope: ScopeDraft, dict: PythonNode): void {
    const { cx } = this;
    cx.consumedDicts.add(dict.id);
    for (const element of namedChildren(dict)) {
      if (element.type === 'dictionary_splat') scope.opaque = true;
      if (element.type !== 'pair' || element.hasError) continue;
      const keyNode = element.childForFieldName('key');
      const valueNode = element.childForFieldName('value');
      if (keyNode === null || valueNode === null) continue;
      const key = cx.readString(keyNode);
      if (key === undefined || key.interpolated) continue;
      const separator = cx.layout.separator(keyNode.endIndex, valueNode.startIndex, ':', ': ');
      const render: Render = (k, v) => `${stringLiteral(k, key.quote)}${separator}${stringLiteral(v, key.quote)}`;
      scope.entries.push(
        cx.entry(key, cx.readValue(valueNode), cx.layout.elementSpan(element), cx.layout.elementInsertion(element, render)),
      );
    }
  }

  /** The key or keyword the dict is the value of (`"spark_conf": {`, `conf={`). */
  private dictOwner(dict: PythonNode, up: NodePath | undefined): { name: string; start: number; sparkSubmit: boolean } | undefined {
    const { cx } = this;
    const parent = up?.node;
    if (parent === undefined || !sameNode(parent.childForFieldName('value'), dict)) return undefined;
    if (parent.type === 'pair') {
      const keyNode = parent.childForFieldName('key');
      const key = keyNode !== null ? cx.readString(keyNode) : undefined;
      if (key === undefined || key.interpolated) return undefined;
      return { name: key.value, start: keyNode!.startIndex, sparkSubmit: false };
    }
    if (parent.type === 'keyword_argument') {
      const name = parent.childForFieldName('name');
      if (name === null) return undefined;
      const fn = up?.up?.up?.node.childForFieldName('function') ?? null;
      const callee = fn !== null ? lastName(fn, cx.text) : undefined;
      return { name: cx.slice(name), start: name.startIndex, sparkSubmit: callee?.endsWith('SparkSubmitOperator') ?? false };
    }
    return undefined;
  }
}
