/**
 * The Great Expectations model every gx rule, hover and completion reads: which kind of file it is
 * (`great_expectations.yml` or a checkpoint), its action lists and their actions with exact ranges, the
 * checkpoint's class and `validation_operator_name`, and the validation operators a config file defines.
 */
import { baseName } from '../util/path';
import type { OffsetRange } from '../text/model';
import { nearest } from '../util/nearest';
import { pair, parseYaml, parseYamlDocument, type YamlMap, type YamlNode, type YamlPair, type YamlScalar, type YamlSeq } from '../yaml/ast';
import { OL_ACTION_CLASS } from './catalog';
import { trimEndSpaceAnd, cutAtFirst } from '../text/lines';

export type GxKind = 'gx-config' | 'gx-checkpoint';

export interface ActionList {
  /** The `action_list:` pair. */
  readonly keyPair: YamlPair;
  /** The list, when the value is one. */
  readonly seq?: YamlSeq;
  /** Where it is: a checkpoint's own list, one of its `validations`, or a validation operator's. */
  readonly where: 'checkpoint' | 'validation' | 'operator';
  /** The validation operator's name (`where === 'operator'`). */
  readonly operator?: string;
}

export interface GxAction {
  readonly list: ActionList;
  /** The list entry (`- name: …\n  action: …`). */
  readonly item: YamlNode;
  readonly itemMap?: YamlMap;
  readonly namePair?: YamlPair;
  readonly actionPair?: YamlPair;
  /** The mapping with `class_name` and the parameters: the `action` mapping, or the entry itself when the keys were not nested. */
  readonly map?: YamlMap;
  /** False when `class_name` sits directly in the list entry instead of under `action:`. */
  readonly nested: boolean;
  readonly classPair?: YamlPair;
  /** `class_name` without a trailing comma or blanks. */
  readonly className?: string;
  readonly modulePair?: YamlPair;
  readonly moduleName?: string;
  /**
   * `openlineage`: `class_name` is exactly `OpenLineageValidationAction`; `openlineage-like`: a misspelling of
   * it, or a `module_name` from OpenLineage; `other`: any other action.
   */
  readonly flavor: 'openlineage' | 'openlineage-like' | 'other';
}

export interface GxOperator {
  readonly name: string;
  readonly pair: YamlPair;
  readonly hasOpenLineage: boolean;
}

export interface GxDocument {
  readonly kind: GxKind;
  readonly root?: YamlNode;
  /** The YAML syntax error, when the text does not parse (then there are no actions). */
  readonly error?: { readonly message: string; readonly offset: number };
  readonly actionLists: readonly ActionList[];
  readonly actions: readonly GxAction[];
  /** Top-level facts of a checkpoint file. */
  readonly checkpoint?: {
    readonly classPair?: YamlPair;
    /** The checkpoint class; a file without `class_name` is a `Checkpoint`. */
    readonly className: string;
    readonly operatorPair?: YamlPair;
  };
  /** Validation operators defined by a `great_expectations.yml`. */
  readonly operators: readonly GxOperator[];
}

const CONFIG_KEYS =
  /^(config_version|datasources|fluent_datasources|stores|validation_operators|expectations_store_name|validations_store_name|checkpoint_store_name|plugins_directory|data_docs_sites|config_variables_file_path|anonymous_usage_statistics)\s*:/m;
const CHECKPOINT_CLASS = /^class_name\s*:\s*["']?(Checkpoint|LegacyCheckpoint|SimpleCheckpoint)\b/m;
const CHECKPOINT_KEYS =
  /^(action_list|validations|validation_operator_name|batches|expectation_suite_name|run_name_template|batch_request)\s*:/m;

/** True when the path has a `checkpoints` folder segment (`great_expectations/checkpoints/x.yml`, `gx/checkpoints/…`). */
export function inCheckpointsFolder(uri: string): boolean {
  return /(^|[/\\])checkpoints[/\\]([^/\\]+[/\\])*[^/\\]+$/i.test(cutAtFirst(uri, '?#'));
}

/**
 * Which Great Expectations file this is, by name, path and content: `great_expectations.yml` holding data
 * context keys (or still empty), or a YAML checkpoint (`class_name: Checkpoint`/`LegacyCheckpoint`/
 * `SimpleCheckpoint` at the top level, in a `checkpoints` folder or with checkpoint keys). Cheap: regular
 * expressions only.
 */
export function gxKind(uri: string, text: string, explicit = false): GxKind | undefined {
  const name = baseName(uri).toLowerCase();
  if (!/\.ya?ml$/.test(name) && !explicit) return undefined;
  if (name === 'great_expectations.yml' || name === 'great_expectations.yaml') {
    return !text.trim() || CONFIG_KEYS.test(text) ? 'gx-config' : undefined;
  }
  if (CHECKPOINT_CLASS.test(text) && (inCheckpointsFolder(uri) || CHECKPOINT_KEYS.test(text))) return 'gx-checkpoint';
  // A checkpoint being written: no class_name yet, but an action list in a checkpoints folder.
  if (inCheckpointsFolder(uri) && /^action_list\s*:/m.test(text) && /^name\s*:/m.test(text)) return 'gx-checkpoint';
  if (explicit && /^validation_operators\s*:/m.test(text) && /\baction_list\s*:/.test(text)) return 'gx-config';
  return undefined;
}

/** A scalar's value without a trailing comma (a common copy-paste mistake) or blanks. */
export function clean(value: string): string {
  return trimEndSpaceAnd(value, ',').trim();
}

export function scalarOf(node: YamlNode | undefined): YamlScalar | undefined {
  return node?.kind === 'scalar' ? node : undefined;
}

/** The cleaned scalar value of a pair, if it is a scalar. */
export function valueOf(p: YamlPair | undefined): string | undefined {
  const s = scalarOf(p?.value);
  return s ? clean(s.value) : undefined;
}

/** Whether a class name is (a misspelling of) `OpenLineageValidationAction`. */
export function looksLikeOpenLineageClass(className: string): boolean {
  return className === OL_ACTION_CLASS || nearest(className, [OL_ACTION_CLASS]) === OL_ACTION_CLASS || /open_?lineage/i.test(className);
}

function flavorOf(className: string | undefined, moduleName: string | undefined): GxAction['flavor'] {
  if (className === OL_ACTION_CLASS) return 'openlineage';
  if (className && looksLikeOpenLineageClass(className)) return 'openlineage-like';
  if (moduleName && /openlineage/i.test(moduleName)) return 'openlineage-like';
  return 'other';
}

function actionOf(list: ActionList, item: YamlNode): GxAction {
  const itemMap = item.kind === 'map' ? item : undefined;
  const namePair = pair(itemMap, 'name');
  const actionPair = pair(itemMap, 'action');
  const actionMap = actionPair?.value?.kind === 'map' ? actionPair.value : undefined;
  // Keys written beside `name:` instead of under `action:` still describe the action.
  const flat = !actionMap && itemMap && (pair(itemMap, 'class_name') || pair(itemMap, 'module_name')) ? itemMap : undefined;
  const map = actionMap ?? flat;
  const classPair = pair(map, 'class_name');
  const modulePair = pair(map, 'module_name');
  const className = valueOf(classPair);
  const moduleName = valueOf(modulePair);
  return {
    list,
    item,
    ...(itemMap ? { itemMap } : {}),
    ...(namePair ? { namePair } : {}),
    ...(actionPair ? { actionPair } : {}),
    ...(map ? { map } : {}),
    nested: !flat,
    ...(classPair ? { classPair } : {}),
    ...(className !== undefined ? { className } : {}),
    ...(modulePair ? { modulePair } : {}),
    ...(moduleName !== undefined ? { moduleName } : {}),
    flavor: flavorOf(className, moduleName),
  };
}

/** Finds every `action_list` (checkpoint, its validations, validation operators) and its actions. */
function collectActionLists(root: YamlNode | undefined, kind: GxKind): ActionList[] {
  const lists: ActionList[] = [];
  const visit = (node: YamlNode | undefined, path: readonly string[], depth: number) => {
    if (!node || depth > 12) return;
    if (node.kind === 'seq') {
      for (const item of node.items) visit(item, path, depth + 1);
      return;
    }
    if (node.kind !== 'map') return;
    for (const p of node.pairs) {
      if (p.key.value === 'action_list') {
        const operator = kind === 'gx-config' && path[0] === 'validation_operators' && path.length === 2 ? path[1] : undefined;
        const where: ActionList['where'] = operator !== undefined ? 'operator' : path.includes('validations') ? 'validation' : 'checkpoint';
        lists.push({
          keyPair: p,
          ...(p.value?.kind === 'seq' ? { seq: p.value } : {}),
          where,
          ...(operator !== undefined ? { operator } : {}),
        });
        continue;
      }
      visit(p.value, [...path, p.key.value], depth + 1);
    }
  };
  visit(root, [], 0);
  return lists;
}

/**
 * Parses a Great Expectations file of a known kind. Never throws. With the document's `uri`, the YAML parse is
 * shared with the project model's reading of the same text.
 */
export function parseGxDocument(kind: GxKind, text: string, uri?: string): GxDocument {
  const parsed = uri === undefined ? parseYaml(text) : parseYamlDocument(uri, text);
  if (parsed.error) return { kind, error: parsed.error, actionLists: [], actions: [], operators: [] };
  const root = parsed.documents[0];
  const actionLists = collectActionLists(root, kind);
  const actions = actionLists.flatMap((list) => list.seq?.items.map((item) => actionOf(list, item)) ?? []);

  let checkpoint: GxDocument['checkpoint'];
  if (kind === 'gx-checkpoint') {
    const classPair = pair(root, 'class_name');
    const operatorPair = pair(root, 'validation_operator_name');
    checkpoint = {
      ...(classPair ? { classPair } : {}),
      className: valueOf(classPair) || 'Checkpoint',
      ...(operatorPair ? { operatorPair } : {}),
    };
  }

  const operators: GxOperator[] = [];
  const ops = pair(root, 'validation_operators')?.value;
  if (kind === 'gx-config' && ops?.kind === 'map') {
    for (const p of ops.pairs) {
      operators.push({
        name: p.key.value,
        pair: p,
        hasOpenLineage: actions.some((a) => a.list.operator === p.key.value && a.flavor === 'openlineage'),
      });
    }
  }
  return { kind, ...(root ? { root } : {}), actionLists, actions, ...(checkpoint ? { checkpoint } : {}), operators };
}

/** The parameter pairs of an action: every key of its mapping but `class_name` and `module_name`. */
export function paramPairs(action: GxAction): YamlPair[] {
  if (!action.map) return [];
  return action.map.pairs.filter(
    (p) =>
      p.key.value !== 'class_name' &&
      p.key.value !== 'module_name' &&
      (action.nested || (p.key.value !== 'name' && p.key.value !== 'action')),
  );
}

/** Whether `offset` is inside (or at the end of) a range. */
export function within(r: OffsetRange, offset: number): boolean {
  return r.start <= offset && offset <= r.end;
}

/** The last two segments of a URI, for messages: `great_expectations/great_expectations.yml`. */
export function shortPath(uri: string): string {
  const parts = cutAtFirst(uri, '?#').split('/').filter(Boolean);
  return decodeURIComponent(parts.slice(-2).join('/'));
}
