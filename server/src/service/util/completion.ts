/** Completion items the families build the same way. */
import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver-types';

/** A value to offer for a key, with its one-line detail and Markdown documentation. */
export interface ValueCandidate {
  readonly value: string;
  readonly detail?: string;
  readonly doc?: string;
}

/** Value completion items replacing `range`, kept in the order given. */
export function valueItems(values: readonly ValueCandidate[], range: Range): CompletionItem[] {
  return values.map((v, i) => ({
    label: v.value,
    kind: CompletionItemKind.Value,
    ...(v.detail ? { detail: v.detail } : {}),
    ...(v.doc ? { documentation: { kind: 'markdown' as const, value: v.doc } } : {}),
    textEdit: { range, newText: v.value },
    sortText: String(i).padStart(3, '0'),
  }));
}
