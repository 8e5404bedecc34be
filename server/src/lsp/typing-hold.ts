/**
 * No squiggle under what is being typed: a problem that appears on the lines the user is editing right now (a
 * half-typed key, a value still being written) is held back until typing pauses for {@link HOLD_MS}, then
 * shown. Problems already shown stay shown, problems elsewhere in the document are published at once, and a
 * save shows everything (see {@link TypingHold.release}).
 *
 * The edited lines are found by comparing the document's text with its previous version (common prefix and
 * suffix lines), so it works with any kind of change the client sends.
 */
import type { Diagnostic } from 'vscode-languageserver/node';

/** How long typing must pause before a new problem on the edited lines is shown. */
export const HOLD_MS = 1000;

interface DocumentState {
  text: string;
  /** Lines (0-based, inclusive) of the last edit, in the current text. */
  edited?: { first: number; last: number; at: number };
  /** What was last published, to keep problems already shown. */
  shown: Diagnostic[];
}

/** The same problem, as the user sees it: same rule, same line (its wording may follow the text typed). */
const sameProblem = (a: Diagnostic, b: Diagnostic): boolean => a.code === b.code && a.range.start.line === b.range.start.line;

export class TypingHold {
  private readonly documents = new Map<string, DocumentState>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes in a document's new text (on open: nothing is being typed yet). */
  changed(uri: string, text: string, opened = false): void {
    const state = this.documents.get(uri);
    if (!state || opened) {
      this.documents.set(uri, { text, shown: state?.shown ?? [] });
      return;
    }
    const lines = editedLines(state.text, text);
    state.text = text;
    state.edited = lines && { ...lines, at: this.now() };
  }

  /** Shows everything from now on, until the next edit (a save: the user is done with the line). */
  release(uri: string): void {
    const state = this.documents.get(uri);
    if (state) state.edited = undefined;
  }

  forget(uri: string): void {
    this.documents.delete(uri);
  }

  /**
   * The diagnostics to publish now, and in how many ms to validate again to show what is held back (undefined
   * when nothing is).
   */
  filter(uri: string, diagnostics: Diagnostic[]): { publish: Diagnostic[]; retryInMs?: number } {
    const state = this.documents.get(uri);
    const edited = state?.edited;
    const waited = edited ? this.now() - edited.at : Infinity;
    if (!state || !edited || waited >= HOLD_MS) {
      if (state) state.shown = diagnostics;
      return { publish: diagnostics };
    }
    const held = (d: Diagnostic) =>
      d.range.start.line <= edited.last && d.range.end.line >= edited.first && !state.shown.some((s) => sameProblem(s, d));
    const publish = diagnostics.filter((d) => !held(d));
    state.shown = publish;
    return publish.length === diagnostics.length ? { publish } : { publish, retryInMs: HOLD_MS - waited };
  }
}

/** The lines of `after` that differ from `before` (first and last, inclusive), or undefined when none do. */
export function editedLines(before: string, after: string): { first: number; last: number } | undefined {
  if (before === after) return undefined;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  const lineOf = (text: string, offset: number) => {
    let line = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    return line;
  };
  const first = lineOf(after, start);
  return { first, last: Math.max(first, lineOf(after, endAfter)) };
}
