/**
 * Inlets, outlets and schedule objects of a DAG file: the expression an `inlets=` / `outlets=` / `schedule=`
 * argument is, resolved through names, lists, `+`, `|` / `&` and `.append` / `.extend` / `+=` into the model's
 * xlets (Airflow assets and datasets, lineage entities, OpenLineage datasets, OpenMetadata entities, dicts).
 */
import type { PythonNode } from '../../python/parser';
import type { OffsetRange } from '../../text/model';
import type { PyArg, PyDictEntry, Xlet, XletOrigin } from '../model';
import { DAG_MODULE, MAX_DEPTH, range, type Callee, type DagContext } from './context';
import type { Frame } from './outline';

const ASSET_CLASSES = new Set(['Dataset', 'Asset', 'Model', 'AssetAlias', 'DatasetAlias']);
const ASSET_EXPRESSIONS = new Set(['AssetAny', 'AssetAll', 'DatasetAny', 'DatasetAll']);
const ENTITY_CLASSES = new Set(['Table', 'File', 'Column', 'User', 'Tag']);
const ENTITY_MODULES = new Set([
  'airflow.lineage.entities',
  'airflow.lineage.datasets',
  'airflow.providers.common.compat.lineage.entities',
]);
const OL_DATASET_CLASSES = new Set(['Dataset', 'InputDataset', 'OutputDataset']);

/** What kind of xlet a constructor call makes, by its (imported) class. */
export type XletClass =
  | { kind: 'asset'; className: string; module?: string }
  | { kind: 'entity'; className: 'Table' | 'File' | 'Column' | 'User' | 'Tag'; module?: string }
  | { kind: 'ol-dataset'; module?: string }
  | { kind: 'om-entity'; module?: string }
  | { kind: 'asset-expression' };

/** Reads xlets; one per file, as it caches what it read per call node. */
export class XletReader {
  private readonly argsCache = new Map<number, PyArg[]>();
  private readonly classCache = new Map<number, XletClass | undefined>();

  constructor(private readonly cx: DagContext) {}

  /** The xlet class of a call, read once per call. */
  classOf(call: PythonNode): XletClass | undefined {
    if (this.classCache.has(call.id)) return this.classCache.get(call.id);
    const c = this.cx.callee(this.cx.functionOf(call));
    const k = c ? xletClass(c) : undefined;
    this.classCache.set(call.id, k);
    return k;
  }

  /** An asset, or an asset expression (`AssetAny(...)`). */
  assetish(call: PythonNode): boolean {
    const k = this.classOf(call);
    return !!k && (k.kind === 'asset' || k.kind === 'asset-expression');
  }

  /**
   * Resolves an inlets/outlets/schedule expression into xlets. `via` is the first name the expression was
   * reached through (its range is where the xlet appears in the call).
   */
  read(
    node: PythonNode,
    frame: Frame,
    origin: XletOrigin,
    out: Xlet[],
    via: { range: OffsetRange; name: string } | undefined,
    depth: number,
  ): void {
    if (depth > MAX_DEPTH) return;
    const { cx } = this;
    const base = (definition: PythonNode) => ({
      origin,
      range: via?.range ?? range(definition),
      definitionRange: range(definition),
      ...(via ? { boundName: via.name } : {}),
    });
    switch (node.type) {
      case 'comment':
        return;
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        for (const el of node.namedChildren) {
          if (!el || el.type === 'comment') continue;
          this.read(
            el.type === 'list_splat' ? (el.namedChildren.find((c) => c?.type !== 'comment') ?? el) : el,
            frame,
            origin,
            out,
            via,
            depth + 1,
          );
        }
        return;
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c?.type !== 'comment');
        if (inner) this.read(inner, frame, origin, out, via, depth + 1);
        return;
      }
      case 'binary_operator': {
        const op = node.childForFieldName('operator')?.type;
        if (op === '|' || op === '&') {
          for (const side of ['left', 'right']) {
            const n = node.childForFieldName(side);
            if (n) this.read(n, frame, origin, out, via, depth + 1);
          }
          return;
        }
        if (op === '+') {
          // `BASE_INLETS + [x]`
          for (const side of ['left', 'right']) {
            const n = node.childForFieldName(side);
            if (n) this.read(n, frame, origin, out, via, depth + 1);
          }
          return;
        }
        break;
      }
      case 'identifier': {
        const name = cx.slice(node);
        const b = cx.lookup(name, frame, node.startIndex);
        if (b?.value && name !== 'None') {
          const nextVia = { range: via?.range ?? range(node), name };
          this.read(b.value, b.frame, origin, out, nextVia, depth + 1);
          // Lists grown with `x.append(...)`, `x.extend(...)`, `x += [...]` in the same scope.
          if (b.value.type === 'list') {
            for (const m of cx.outline.mutations) {
              if (m.name === name && m.frame.scope === b.frame.scope && m.at > b.at)
                this.read(m.value, m.frame, origin, out, nextVia, depth + 1);
            }
          }
          return;
        }
        if (name === 'None') return;
        break;
      }
      case 'none':
        return;
      case 'call': {
        const k = this.classOf(node);
        if (k?.kind === 'asset-expression') {
          for (const a of cx.positional(node)) this.read(a, frame, origin, out, via, depth + 1);
          return;
        }
        if (k) {
          // The same object is often used by many tasks: its arguments are read once.
          let args = this.argsCache.get(node.id);
          if (!args) this.argsCache.set(node.id, (args = cx.args(node, frame)));
          if (k.kind === 'asset')
            out.push({ ...base(node), kind: 'asset', className: k.className, ...(k.module ? { module: k.module } : {}), args });
          else if (k.kind === 'entity')
            out.push({ ...base(node), kind: 'entity', className: k.className, ...(k.module ? { module: k.module } : {}), args });
          else if (k.kind === 'ol-dataset')
            out.push({ ...base(node), kind: 'ol-dataset', ...(k.module ? { module: k.module } : {}), args });
          else out.push({ ...base(node), kind: 'om-entity', ...(k.module ? { module: k.module } : {}), args });
          return;
        }
        break;
      }
      case 'dictionary': {
        const entries = this.dictEntries(node, frame, depth);
        const keys = new Set(entries.map((e) => e.key.value));
        if (keys.has('entity') || keys.has('fqn')) out.push({ ...base(node), kind: 'om-dict', entries });
        else out.push({ ...base(node), kind: 'legacy-dict', entries });
        return;
      }
    }
    out.push({ ...base(node), kind: 'unknown', text: cx.slice(node) });
  }

  /** A dict xlet's string-keyed entries; list values (written out, or a name bound to one) become `items`. */
  private dictEntries(dict: PythonNode, frame: Frame, depth: number): PyDictEntry[] {
    const { cx } = this;
    const entries: PyDictEntry[] = [];
    for (const pair of dict.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const keyNode = pair.childForFieldName('key');
      const valueNode = pair.childForFieldName('value');
      const key = keyNode ? cx.readString(keyNode) : undefined;
      if (!key || !valueNode) continue;
      let listNode: PythonNode | undefined;
      let valueFrame = frame;
      if (valueNode.type === 'list' || valueNode.type === 'tuple') listNode = valueNode;
      else if (valueNode.type === 'identifier') {
        const b = cx.lookup(cx.slice(valueNode), frame, valueNode.startIndex);
        if (b?.value && (b.value.type === 'list' || b.value.type === 'tuple') && depth < MAX_DEPTH) {
          listNode = b.value;
          valueFrame = b.frame;
        }
      }
      const base = { key, range: range(pair), valueRange: range(valueNode) };
      if (listNode) {
        const items = listNode.namedChildren
          .filter((c): c is PythonNode => !!c && c.type !== 'comment')
          .map((c) => cx.pyString(c, valueFrame));
        entries.push({ ...base, items });
      } else {
        entries.push({ ...base, value: cx.pyString(valueNode, frame) });
      }
    }
    return entries;
  }
}

/** The xlet class a callee constructs, if any. */
function xletClass(c: Callee): XletClass | undefined {
  const m = c.module;
  const withModule = m !== undefined ? { module: m } : {};
  if (m === undefined || DAG_MODULE.test(m)) {
    if (m !== undefined && ENTITY_MODULES.has(m) && ENTITY_CLASSES.has(c.name))
      return { kind: 'entity', className: c.name as 'Table', ...withModule };
    if (ASSET_CLASSES.has(c.name)) return { kind: 'asset', className: c.name, ...withModule };
    if (ASSET_EXPRESSIONS.has(c.name)) return { kind: 'asset-expression' };
    if (m === undefined && ENTITY_CLASSES.has(c.name)) return { kind: 'entity', className: c.name as 'Table' };
    if (m === undefined && c.name === 'OMEntity') return { kind: 'om-entity' };
    return undefined;
  }
  if (/^openlineage\.client(\.|$)/.test(m) && OL_DATASET_CLASSES.has(c.name)) return { kind: 'ol-dataset', module: m };
  if (/^(metadata|airflow_provider_openmetadata)(\.|$)/.test(m) && c.name === 'OMEntity') return { kind: 'om-entity', module: m };
  return undefined;
}
