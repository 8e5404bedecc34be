import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DBT_COMMANDS, DBT_DOCS, DBT_ENV_VARS, DBT_OL_FLAGS, LINEAGE_COMMANDS, SEND_EVENTS } from './catalog';

const LINEAGE: readonly string[] = LINEAGE_COMMANDS;

/**
 * Completion of dbt-ol's commands (lineage commands first) and flags after `dbt-ol`, and of dbt-ol's
 * environment variables where a variable name is being written.
 */
export function dbtCompletion(doc: TextDocument, offset: number, where: 'command' | 'env' | 'both'): CompletionItem[] {
  const text = doc.getText();
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const rangeFrom = (len: number) => ({ start: doc.positionAt(offset - len), end: doc.positionAt(offset) });
  let m: RegExpExecArray | null;
  if (where !== 'env') {
    if ((m = /(?:^|[\s;&|("'])dbt-ol\s+([a-z-]*)$/.exec(prefix))) {
      const range = rangeFrom(m[1]!.length);
      const commands = [...LINEAGE, SEND_EVENTS, ...DBT_COMMANDS.filter((c) => !LINEAGE.includes(c))];
      return commands.map((c, i) => ({
        label: c,
        kind: CompletionItemKind.Function,
        detail: LINEAGE.includes(c) ? 'emits lineage' : c === SEND_EVENTS ? 'dbt-ol: re-send the last run’s events' : 'no lineage',
        textEdit: { range, newText: c },
        sortText: String(i).padStart(3, '0'),
      }));
    }
    if ((m = /(?:^|[\s;&|("'])dbt-ol\s[^;&|]*\s(--?[a-z-]*)$/.exec(prefix))) {
      const range = rangeFrom(m[1]!.length);
      return DBT_OL_FLAGS.map((f) => ({
        label: f.flag,
        kind: CompletionItemKind.Property,
        detail: `dbt-ol · since ${f.since}`,
        documentation: { kind: 'markdown' as const, value: `${f.description}\n\n[Documentation](${DBT_DOCS})` },
        textEdit: { range, newText: f.takesValue ? `${f.flag} ` : f.flag },
      }));
    }
  }
  if (where !== 'command' && (m = /(?:^\s*(?:export\s+|ENV\s+|-\s+["']?)?|\s)(OPENLINEAGE_[A-Z_]*)$/.exec(prefix))) {
    const range = rangeFrom(m[1]!.length);
    return DBT_ENV_VARS.map((v) => ({
      label: v.name,
      kind: CompletionItemKind.Variable,
      detail: `dbt-ol${v.since ? ` · since ${v.since}` : ''}`,
      documentation: { kind: 'markdown' as const, value: `${v.description}\n\n[Documentation](${DBT_DOCS})` },
      textEdit: { range, newText: v.name },
    }));
  }
  return [];
}
