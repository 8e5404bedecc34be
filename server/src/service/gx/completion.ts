/**
 * Completion in Great Expectations YAML: parameter names inside an action mapping, `class_name` and
 * `module_name` values, checkpoint classes, `validation_operator_name` values (the data context's operators)
 * and a whole OpenLineage entry in an `action_list`. It reads the lines around the cursor, not the YAML AST,
 * because a half-typed key usually makes the file unparsable.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { GxContextFact } from '../project/model';
import {
  CHECKPOINT_CLASSES,
  GE_ACTIONS,
  OL_ACTION_CLASS,
  OL_MODULE,
  OL_MODULES,
  OPERATOR_CLASSES,
  PARAMS,
  olActionEntryLines,
} from './catalog';
import { classDoc, paramDoc } from './hover';
import type { GxKind } from './model';
import type { GxVersions } from './versions';
import { stripHashComment, trimEndSpaceAnd, lineTexts } from '../text/lines';

interface Line {
  readonly indent: number;
  readonly text: string;
  /** The key written on the line (after an optional `- `), and its column. */
  readonly key?: string;
  readonly keyCol?: number;
  readonly value?: string;
  readonly dash: boolean;
}

function readLine(text: string): Line {
  const indent = text.length - text.trimStart().length;
  const m = /^(\s*)(-\s+)?([A-Za-z_][\w.-]*)\s*:(?:\s+(.*))?$/.exec(text);
  const dash = /^\s*-(\s|$)/.test(text);
  if (!m) return { indent, text, dash };
  return { indent, text, key: m[3]!, keyCol: m[1]!.length + (m[2]?.length ?? 0), value: stripHashComment(m[4] ?? '').trim(), dash };
}

const blank = (t: string) => /^\s*(#.*)?$/.test(t);

/** The block a key at `col` on line `at` belongs to: its parent line and its sibling lines. */
function block(lines: readonly string[], at: number, col: number): { parent?: Line; parentIndex: number; siblings: Line[] } {
  let parent: Line | undefined;
  let parentIndex = -1;
  let top = 0;
  for (let i = at - 1; i >= 0; i--) {
    if (blank(lines[i]!)) continue;
    const l = readLine(lines[i]!);
    const lineCol = l.keyCol ?? l.indent;
    if (lineCol < col && !(l.dash && l.keyCol === col)) {
      parent = l;
      parentIndex = i;
      top = i + 1;
      break;
    }
    // A dash line whose key is at `col` starts this block (`- name: x` with siblings under `name`).
    if (l.dash && l.keyCol === col) {
      top = i;
      break;
    }
  }
  const siblings: Line[] = [];
  for (let i = top; i < lines.length; i++) {
    if (i === at || blank(lines[i]!)) continue;
    const l = readLine(lines[i]!);
    if (i > at && (l.keyCol ?? l.indent) < col) break;
    if (i > at && l.dash && l.keyCol === col) break; // the next list item
    if (l.keyCol === col) siblings.push(l);
  }
  return { ...(parent ? { parent } : {}), parentIndex, siblings };
}

function valueOf(siblings: readonly Line[], key: string): string | undefined {
  const value = siblings.find((l) => l.key === key)?.value;
  return value === undefined ? undefined : trimEndSpaceAnd(value, ',');
}

function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}

export interface CompletionInput {
  readonly kind: GxKind;
  readonly doc: TextDocument;
  readonly offset: number;
  readonly versions: GxVersions;
  readonly context?: GxContextFact;
}

export function gxCompletion({ kind, doc, offset, versions, context }: CompletionInput): CompletionItem[] {
  const text = doc.getText();
  const lines = lineTexts(text);
  const at = doc.positionAt(offset).line;
  const lineText = lines[at] ?? '';
  const ls = doc.offsetAt({ line: at, character: 0 });
  const prefix = text.slice(ls, offset);
  const restOfLine = lineText.slice(offset - ls).trim();
  const range = (start: number) => ({ start: doc.positionAt(start), end: doc.positionAt(offset) });

  // A value: `key: partial`.
  let m = /^(\s*)(-\s+)?([A-Za-z_][\w.-]*)\s*:\s+(\S*)$/.exec(prefix);
  if (m) {
    const key = m[3]!;
    const col = m[1]!.length + (m[2]?.length ?? 0);
    const start = offset - m[4]!.length;
    const { parent, parentIndex, siblings } = block(lines, at, col);
    const inAction = parent?.key === 'action';
    const values = (items: { label: string; doc?: string; detail?: string }[]): CompletionItem[] =>
      items.map((it, i) => ({
        label: it.label,
        kind: CompletionItemKind.Value,
        textEdit: { range: range(start), newText: it.label },
        sortText: String(i).padStart(3, '0'),
        ...(it.detail ? { detail: it.detail } : {}),
        ...(it.doc ? { documentation: { kind: 'markdown' as const, value: it.doc } } : {}),
      }));
    if (key === 'class_name') {
      if (inAction)
        return values([
          { label: OL_ACTION_CLASS, doc: classDoc(versions), detail: 'OpenLineage' },
          ...GE_ACTIONS.map((a) => ({ label: a, detail: 'Great Expectations' })),
        ]);
      if (kind === 'gx-checkpoint' && col === 0) return values(CHECKPOINT_CLASSES.map((c) => ({ label: c })));
      if (
        kind === 'gx-config' &&
        parent?.key &&
        block(lines, parentIndex, parent.keyCol ?? parent.indent).parent?.key === 'validation_operators'
      ) {
        return values(OPERATOR_CLASSES.map((c) => ({ label: c })));
      }
      return [];
    }
    if (key === 'module_name' && inAction) {
      const cls = valueOf(siblings, 'class_name');
      if (cls && cls !== OL_ACTION_CLASS && (GE_ACTIONS as readonly string[]).includes(cls)) return [];
      return values(
        OL_MODULES.map((mod) => ({
          label: mod,
          detail: 'OpenLineage',
          doc: mod === OL_MODULE ? 'The integration package (re-exports the action).' : 'The module defining the action.',
        })),
      );
    }
    if (key === 'validation_operator_name' && kind === 'gx-checkpoint' && col === 0) {
      return values(
        (context?.operators ?? []).map((o) => ({
          label: o.name,
          detail: o.hasOpenLineageAction ? `has ${OL_ACTION_CLASS}` : `no ${OL_ACTION_CLASS}`,
        })),
      );
    }
    if (key === 'do_publish' && inAction) return values([{ label: 'true' }, { label: 'false' }]);
    return [];
  }

  // A key: `  partial` or `  - partial`.
  m = /^(\s*)(-\s+)?([A-Za-z_]*)$/.exec(prefix);
  if (!m) return [];
  const col = m[1]!.length + (m[2]?.length ?? 0);
  const start = offset - m[3]!.length;
  const { parent, siblings } = block(lines, at, col);
  const present = new Set(siblings.map((l) => l.key));
  const withValue = restOfLine === '';

  if (parent?.key === 'action') {
    const cls = valueOf(siblings, 'class_name');
    const mod = valueOf(siblings, 'module_name');
    const isOl = cls === OL_ACTION_CLASS || (!!mod && /openlineage/i.test(mod));
    const items: CompletionItem[] = [];
    const add = (label: string, value: string, documentation: string | undefined, sort: string) => {
      if (present.has(label)) return;
      items.push({
        label,
        kind: CompletionItemKind.Property,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range: range(start), newText: withValue ? `${label}: ${value}` : label },
        sortText: sort,
        ...(documentation ? { documentation: { kind: 'markdown' as const, value: documentation } } : {}),
      });
    };
    add('class_name', `\${1:${OL_ACTION_CLASS}}`, undefined, '0a');
    add('module_name', `\${1:${OL_MODULE}}`, undefined, '0b');
    if (isOl || !cls) {
      PARAMS.filter((p) => !p.gx1Only).forEach((p, i) =>
        add(
          p.name,
          p.type === 'boolean' ? '${1|true,false|}' : `\${1:${escapeSnippet(p.example ?? '')}}`,
          paramDoc(p),
          `1${String(i).padStart(2, '0')}`,
        ),
      );
    }
    return items;
  }

  // A list item (`- |` typed, or a blank line at the items' column) directly under `action_list:`.
  const itemParent = m[2] ? block(lines, at, m[1]!.length).parent : parent;
  if (itemParent?.key === 'action_list' && (m[2] || !siblings.length)) {
    // A new entry: the whole OpenLineage action.
    const entry = olActionEntryLines();
    const pad = ' '.repeat(col);
    const body = entry.map((l, i) => (i === 0 ? l : `${pad}${m![2] ? '' : '  '}${l}`)).join(text.includes('\r\n') ? '\r\n' : '\n');
    const first = m[2] ? body : `- ${body}`;
    return [
      {
        label: 'OpenLineage action',
        kind: CompletionItemKind.Snippet,
        detail: `- name: openlineage / action: ${OL_ACTION_CLASS}`,
        filterText: m[3] || 'openlineage',
        insertTextFormat: InsertTextFormat.PlainText,
        textEdit: { range: range(start), newText: first },
        documentation: { kind: 'markdown', value: classDoc(versions) },
      },
    ];
  }
  return [];
}
