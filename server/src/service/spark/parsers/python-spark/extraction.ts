/**
 * The state of one extraction of Spark settings from a Python file, shared by the chain and dict readers:
 * the scopes found so far, syntax problems, variables holding a builder or SparkConf, and how a setting's
 * key and value are read from the tree.
 */
import type { PythonNode } from '../../../python/parser';
import { readString, type PythonString } from '../../../python/strings';
import { jinja } from '../../../util/template';
import type { ConfEntry } from '../../model';
import { confEntry } from '../builder';
import type { EntryInsertion, OffsetRange, SyntaxProblem, ValueKind } from '../../../text/model';
import { SourceLayout } from './layout';

export type ScopeKind = 'builder' | 'conf' | 'dict';

/** A scope being built. */
export interface ScopeDraft {
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
export interface NodePath {
  readonly node: PythonNode;
  readonly up: NodePath | undefined;
}

/** A value as the model wants it. */
interface ValueInfo {
  readonly value: string;
  readonly range: OffsetRange;
  readonly exact: boolean;
  readonly kind: ValueKind;
}

/** Dict keys / keyword arguments of Databricks job and cluster specs. */
export const DATABRICKS_KEYS = new Set(['new_cluster', 'spark_conf']);

export class Extraction {
  readonly layout: SourceLayout;
  readonly scopes: ScopeDraft[] = [];
  readonly problems: SyntaxProblem[] = [];
  /** Dicts already read as part of a chain (`.config(map={...})`, `.setAll({...}.items())`). */
  readonly consumedDicts = new Set<number>();
  /** Variable (or dotted attribute) name → the builder/SparkConf scope it currently holds. */
  readonly variables = new Map<string, ScopeDraft>();
  /** Databricks markers seen (identifiers, spec keys). */
  databricks = false;

  constructor(readonly text: string) {
    this.layout = new SourceLayout(text);
  }

  newScope(kind: ScopeKind, anchor: OffsetRange, label: string): ScopeDraft {
    const scope: ScopeDraft = { kind, entries: [], anchor, label, opaque: false };
    this.scopes.push(scope);
    return scope;
  }

  problem(node: PythonNode, message: string): void {
    this.problems.push({ range: range(node), message });
  }

  slice(node: PythonNode | null): string {
    return node === null ? '' : this.text.slice(node.startIndex, node.endIndex);
  }

  /** Reads a string literal or an implicit concatenation of literals (`"a" "b"`); undefined for anything else. */
  readString(node: PythonNode): PythonString | undefined {
    return readString(node, this.text);
  }

  entry(key: PythonString, value: ValueInfo, span: OffsetRange, insertAfter: EntryInsertion): ConfEntry {
    return confEntry(key, value, span, insertAfter);
  }

  readValue(node: PythonNode): ValueInfo {
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
}

/** `${VAR}`, `$VAR`, `{{ ... }}` (Jinja, Databricks `{{secrets/...}}`): resolved at run time. */
/** `/\$\{[^}]*\}|\$[A-Za-z_]\w*|\{\{[\s\S]*?\}\}/.test(value)`, linear (that regex is quadratic on `${${…`). */
function isTemplatedPython(value: string): boolean {
  const at = value.indexOf('${');
  return /\$[A-Za-z_]/.test(value) || (at >= 0 && value.indexOf('}', at + 2) >= 0) || jinja(value, true);
}

export function range(node: PythonNode): OffsetRange {
  return { start: node.startIndex, end: node.endIndex };
}

export function sameNode(a: PythonNode | null, b: PythonNode): boolean {
  return a !== null && a.id === b.id;
}

/** Named children without comments (tree-sitter attaches comments wherever they occur). */
export function namedChildren(node: PythonNode): PythonNode[] {
  return node.namedChildren.filter((c) => c.type !== 'comment');
}
