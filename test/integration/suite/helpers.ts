/**
 * Helpers for integration tests in a real VS Code host. Everything waits on VS Code's events with a
 * deadline, never on fixed sleeps, so tests are as fast as the host and fail with a message that says what
 * was awaited and what was seen instead.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** The extension under test, as `publisher.name` from package.json. */
export const EXTENSION_ID = 'lineage-lens.lineage-lens';

/** How long to wait for the language server by default (its first answer includes its start-up). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Resolves once `condition()` returns a value other than `undefined`/`false`, re-checking it now and each
 * time one of `events` fires. Rejects after `timeoutMs` with `describe()` in the message.
 */
export function waitFor<T>(
  condition: () => T | undefined | false,
  events: readonly vscode.Event<unknown>[],
  timeoutMs: number,
  describe: () => string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const disposables: vscode.Disposable[] = [];
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const d of disposables) d.dispose();
      fn();
    };
    const check = () => {
      let value: T | undefined | false;
      try {
        value = condition();
      } catch (err) {
        finish(() => reject(err));
        return;
      }
      if (value !== undefined && value !== false) {
        const result = value;
        finish(() => resolve(result));
      }
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${describe()}`))), timeoutMs);
    for (const event of events) disposables.push(event(check));
    check();
  });
}

/** A diagnostic's `code` as a plain value: VS Code gives either the code or `{ value, target }`. */
export function diagnosticCode(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? code.value : code;
}

/** One line per diagnostic, for failure messages. */
export function formatDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(no diagnostics)';
  return diagnostics
    .map((d) => {
      const { start, end } = d.range;
      return `  ${start.line}:${start.character}-${end.line}:${end.character} ${vscode.DiagnosticSeverity[d.severity]} [${String(diagnosticCode(d))}] ${d.message}`;
    })
    .join('\n');
}

/**
 * The one diagnostic of rule `code` among `diagnostics`, asserting there is exactly one and that it covers
 * exactly `expected` (`what` names that text in the failure message).
 */
export function onlyDiagnostic(
  diagnostics: readonly vscode.Diagnostic[],
  code: string,
  expected: vscode.Range,
  what: string,
): vscode.Diagnostic {
  const hits = diagnostics.filter((d) => diagnosticCode(d) === code);
  assert.equal(hits.length, 1, `expected one ${code} diagnostic:\n${formatDiagnostics(diagnostics)}`);
  const diagnostic = hits[0]!;
  assert.ok(
    diagnostic.range.isEqual(expected),
    `range ${JSON.stringify(diagnostic.range)} does not cover exactly ${what} (${JSON.stringify(expected)})`,
  );
  return diagnostic;
}

/**
 * Waits until the diagnostics of `uri` satisfy `predicate` (checked now and on every diagnostics change of
 * that document), and returns them.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  what = 'the expected diagnostics',
): Promise<readonly vscode.Diagnostic[]> {
  const onThisUri: vscode.Event<unknown> = (listener, thisArg, disposables) =>
    vscode.languages.onDidChangeDiagnostics(
      (e) => {
        if (e.uris.some((u) => u.toString() === uri.toString())) listener.call(thisArg, e);
      },
      undefined,
      disposables,
    );
  return waitFor(
    () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      return predicate(diagnostics) ? diagnostics : undefined;
    },
    [onThisUri],
    timeoutMs,
    () =>
      `${what} on ${vscode.workspace.asRelativePath(uri)}; current diagnostics:\n${formatDiagnostics(vscode.languages.getDiagnostics(uri))}`,
  );
}

/** The URI of a file in the (first) workspace folder. */
export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (the fixture workspace) to be open');
  return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

/** Opens a workspace file in an editor and returns the editor. */
export async function openWorkspaceFile(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(document);
}

/** The number of the first line that starts with `prefix` (after leading blanks). */
export function lineStartingWith(document: vscode.TextDocument, prefix: string): number {
  for (let line = 0; line < document.lineCount; line++) {
    if (document.lineAt(line).text.trimStart().startsWith(prefix)) return line;
  }
  assert.fail(`no line of ${vscode.workspace.asRelativePath(document.uri)} starts with ${JSON.stringify(prefix)}:\n${document.getText()}`);
}

/** The range of the first occurrence of `text` on `line`. */
export function rangeOf(document: vscode.TextDocument, line: number, text: string): vscode.Range {
  const character = document.lineAt(line).text.indexOf(text);
  assert.ok(character >= 0, `line ${line} does not contain ${JSON.stringify(text)}`);
  return new vscode.Range(line, character, line, character + text.length);
}

/** Plain text of hover contents (markdown strings, marked strings). */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

/** A completion item's label as a string. */
export function completionLabel(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Whether `diagnostics` hold one of rule `code`. */
export const hasDiagnostic =
  (code: string) =>
  (diagnostics: readonly vscode.Diagnostic[]): boolean =>
    diagnostics.some((d) => diagnosticCode(d) === code);

/**
 * Applies the quick fix `title` (a title, or a pattern it matches) that the light bulb offers for the diagnostic
 * of rule `code` on `document`, as the editor does (its edit, then its command if any), and returns the
 * diagnostic's line. Fails, listing the titles offered, when there is no such fix with an edit.
 */
export async function applyQuickFix(document: vscode.TextDocument, code: string, title: string | RegExp): Promise<number> {
  const diagnostics = await waitForDiagnostics(document.uri, hasDiagnostic(code), DEFAULT_TIMEOUT_MS, `a ${code} diagnostic`);
  const diagnostic = diagnostics.find((d) => diagnosticCode(d) === code)!;
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    diagnostic.range,
  );
  const titles = (actions ?? []).map((a) => a.title);
  const named = (t: string) => (typeof title === 'string' ? t === title : title.test(t));
  // A bare Command has a string `command`; a CodeAction's `command`, if any, is an object.
  const fix = (actions ?? []).find((a): a is vscode.CodeAction => typeof a.command !== 'string' && named(a.title));
  assert.ok(fix?.edit, `no ${String(title)} action with an edit among: ${JSON.stringify(titles)}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), 'workspace.applyEdit returned false');
  if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
  return diagnostic.range.start.line;
}

/** Waits until `document` has no diagnostic of rule `code` left. */
export async function waitForNoDiagnostic(document: vscode.TextDocument, code: string): Promise<void> {
  await waitForDiagnostics(document.uri, (ds) => !hasDiagnostic(code)(ds), DEFAULT_TIMEOUT_MS, `the ${code} diagnostic to go away`);
}
