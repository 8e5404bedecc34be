/**
 * What an Airflow DAG file does with OpenMetadata's callbacks, read from its tree-sitter tree: imports from
 * `airflow_provider_openmetadata` (and near-misspellings of it) and the `on_failure_callback` /
 * `on_success_callback` slots (keyword arguments, `default_args` dict entries) that reference a callback.
 *
 * The whole tree is walked, ERROR nodes included, so intact imports and arguments are found while the file
 * is being typed. Offsets are UTF-16, like every offset in the service.
 */
import type { PythonNode, PythonTree } from '../python/parser';
import type { OffsetRange } from '../text/model';
import { editDistance } from '../util/nearest';
import { CALLBACK_MODULE, CALLBACK_SLOTS, CALLBACKS, type CallbackName } from './catalog';

const ROOT_PACKAGE = 'airflow_provider_openmetadata';

export interface ImportedName {
  /** The name as imported (`failure_callback`). */
  readonly name: string;
  readonly range: OffsetRange;
  /** The name it is bound to in the file (its alias, or itself). */
  readonly local: string;
}

export interface OmImport {
  /** `from m import a, b` (true) or `import m [as x]` (false). */
  readonly from: boolean;
  readonly module: string;
  readonly moduleRange: OffsetRange;
  /** For `from` imports: the names imported. */
  readonly names: readonly ImportedName[];
  /** For `import m as x`: `x`; for `import m`: `m` itself (used as a dotted prefix). */
  readonly bound?: string;
  /** The first segment is a misspelling of `airflow_provider_openmetadata`. */
  readonly misspelledRoot: boolean;
}

export interface CallbackUse {
  readonly callback: CallbackName;
  /** The argument it is passed in (`on_failure_callback`...). */
  readonly slot: string;
  /** The slot's name (keyword, or the dict key's text inside its quotes). */
  readonly slotRange: OffsetRange;
  /** The reference to the callback (identifier or dotted name). */
  readonly range: OffsetRange;
  /** Other callback slots set in the same call or dict. */
  readonly siblings: readonly string[];
  /** The callback comes from the right module (not a misspelled one). */
  readonly fromCallbackModule: boolean;
}

export interface DagFacts {
  readonly imports: readonly OmImport[];
  readonly uses: readonly CallbackUse[];
}

/** Cheap test: can this Python text involve OpenMetadata's Airflow integration at all? */
export function mentionsOpenMetadata(text: string): boolean {
  return /airflow_prov|openmeta|open_metadata|lineage\.callback/i.test(text);
}

export function dagFacts(tree: PythonTree, text: string): DagFacts {
  const imports: OmImport[] = [];
  const slots: PythonNode[] = [];
  const cursor = tree.rootNode.walk();
  try {
    let descend = true;
    for (;;) {
      if (descend) {
        const type = cursor.nodeType;
        if (type === 'import_from_statement' || type === 'import_statement') {
          const found = readImport(cursor.currentNode, text);
          imports.push(...found);
        } else if (type === 'keyword_argument' || type === 'pair') {
          slots.push(cursor.currentNode);
        }
        if (cursor.gotoFirstChild()) continue;
      }
      if (cursor.gotoNextSibling()) {
        descend = true;
        continue;
      }
      if (!cursor.gotoParent()) break;
      descend = false;
    }
  } finally {
    cursor.delete();
  }

  // Local names and dotted prefixes bound to callbacks.
  const locals = new Map<string, { callback: CallbackName; right: boolean }>();
  const prefixes = new Map<string, boolean>();
  for (const imp of imports) {
    const right = imp.module === CALLBACK_MODULE;
    if (imp.from) {
      for (const n of imp.names) if (isCallback(n.name)) locals.set(n.local, { callback: n.name, right });
    } else if (imp.bound) {
      prefixes.set(imp.bound, right);
    }
  }
  const resolve = (node: PythonNode): { callback: CallbackName; right: boolean } | undefined => {
    if (node.type === 'identifier') return locals.get(text.slice(node.startIndex, node.endIndex));
    if (node.type === 'attribute') {
      const obj = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute');
      if (!obj || !attr) return undefined;
      const name = text.slice(attr.startIndex, attr.endIndex);
      const prefix = text.slice(obj.startIndex, obj.endIndex).replace(/\s+/g, '');
      const right = prefixes.get(prefix);
      if (right !== undefined && isCallback(name)) return { callback: name, right };
    }
    return undefined;
  };

  const uses: CallbackUse[] = [];
  if (locals.size || prefixes.size) {
    for (const node of slots) {
      const slot = slotName(node, text);
      if (!slot || !(CALLBACK_SLOTS as readonly string[]).includes(slot.name)) continue;
      const value = node.childForFieldName('value');
      if (!value) continue;
      const refs = value.type === 'list' || value.type === 'tuple' ? value.namedChildren : [value];
      const siblings = siblingSlots(node, text).filter((s) => s !== slot.name);
      for (const ref of refs) {
        if (!ref) continue;
        const hit = resolve(ref);
        if (hit)
          uses.push({
            callback: hit.callback,
            slot: slot.name,
            slotRange: slot.range,
            range: { start: ref.startIndex, end: ref.endIndex },
            siblings,
            fromCallbackModule: hit.right,
          });
      }
    }
  }
  return { imports, uses };
}

function isCallback(name: string): name is CallbackName {
  return Object.prototype.hasOwnProperty.call(CALLBACKS, name);
}

/** The OpenMetadata imports of one import statement (others are ignored). */
function readImport(node: PythonNode, text: string): OmImport[] {
  const slice = (n: PythonNode) => text.slice(n.startIndex, n.endIndex);
  const range = (n: PythonNode): OffsetRange => ({ start: n.startIndex, end: n.endIndex });
  if (node.type === 'import_from_statement') {
    const mod = node.childForFieldName('module_name');
    if (!mod || mod.type !== 'dotted_name') return [];
    const module = slice(mod).replace(/\s+/g, '');
    const root = rootMatch(module);
    if (!root) return [];
    const names: ImportedName[] = [];
    for (const n of node.childrenForFieldName('name')) {
      if (!n) continue;
      if (n.type === 'dotted_name') names.push({ name: slice(n), range: range(n), local: slice(n) });
      else if (n.type === 'aliased_import') {
        const name = n.childForFieldName('name');
        const alias = n.childForFieldName('alias');
        if (name && alias) names.push({ name: slice(name), range: range(name), local: slice(alias) });
      }
    }
    return [{ from: true, module, moduleRange: range(mod), names, misspelledRoot: root === 'misspelled' }];
  }
  const out: OmImport[] = [];
  for (const n of node.childrenForFieldName('name')) {
    if (!n) continue;
    const nameNode = n.type === 'aliased_import' ? n.childForFieldName('name') : n;
    if (!nameNode || nameNode.type !== 'dotted_name') continue;
    const module = slice(nameNode).replace(/\s+/g, '');
    const root = rootMatch(module);
    if (!root) continue;
    const alias = n.type === 'aliased_import' ? n.childForFieldName('alias') : null;
    out.push({
      from: false,
      module,
      moduleRange: range(nameNode),
      names: [],
      bound: alias ? slice(alias) : module,
      misspelledRoot: root === 'misspelled',
    });
  }
  return out;
}

/** Whether a module is under `airflow_provider_openmetadata`, or under a close misspelling of it. */
function rootMatch(module: string): 'exact' | 'misspelled' | undefined {
  const first = module.split('.')[0]!;
  if (first === ROOT_PACKAGE) return 'exact';
  if (editDistance(first.toLowerCase(), ROOT_PACKAGE) <= 3) return 'misspelled';
  return undefined;
}

/** The callback slot a keyword argument or dict pair sets: its name and the range of that name. */
function slotName(node: PythonNode, text: string): { name: string; range: OffsetRange } | undefined {
  if (node.type === 'keyword_argument') {
    const name = node.childForFieldName('name');
    return name ? { name: text.slice(name.startIndex, name.endIndex), range: { start: name.startIndex, end: name.endIndex } } : undefined;
  }
  const key = node.childForFieldName('key');
  if (!key || key.type !== 'string') return undefined;
  const content = key.namedChildren.filter((c) => c?.type === 'string_content');
  const c = content.length === 1 ? content[0]! : undefined;
  if (content.length > 1) return undefined;
  if (!c) {
    // An empty string: its content starts after the opening quote.
    const start = key.startIndex + (/^[a-zA-Z]*['"]{1,3}/.exec(text.slice(key.startIndex, key.endIndex))?.[0].length ?? 1);
    return { name: '', range: { start, end: start } };
  }
  return { name: text.slice(c.startIndex, c.endIndex), range: { start: c.startIndex, end: c.endIndex } };
}

/** The callback slots set next to `node` (same argument list or dict). */
function siblingSlots(node: PythonNode, text: string): string[] {
  const parent = node.parent;
  if (!parent) return [];
  const out: string[] = [];
  for (const c of parent.namedChildren) {
    if (!c || (c.type !== 'keyword_argument' && c.type !== 'pair')) continue;
    const s = slotName(c, text);
    if (s && (CALLBACK_SLOTS as readonly string[]).includes(s.name)) out.push(s.name);
  }
  return out;
}
