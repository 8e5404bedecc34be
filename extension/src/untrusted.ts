/**
 * Text from outside the extension — an endpoint's answers (error bodies, Location headers, names of
 * namespaces, jobs and datasets), workspace files and settings, file paths, error messages — made safe for the
 * places VS Code interprets text. Pure: no vscode import.
 *
 * - Notifications (`showErrorMessage` and friends) turn `[label](command:…)`, `(https:…)` and `(file:…)` into
 *   links that run the command or open the target when clicked; there is no escape character. {@link
 *   neutralize} replaces the square brackets with their fullwidth look-alikes (［ ］, U+FF3B/U+FF3D): without
 *   an ASCII `[` and `]` there is no link, whatever the text is joined with, and the text reads the same.
 * - Markdown (MarkdownString tooltips, the Verify Setup report) is escaped with backslashes by `mdText`
 *   (common/markdown.ts, shared with the language service's hovers); inside code spans backslashes would
 *   show, so {@link codeSpan} picks a fence instead.
 */

/** Longest notification text: a name or body of megabytes must not reach the workbench's renderer whole. */
export const MAX_MESSAGE_CHARS = 2000;

/** Bidirectional overrides and isolates: they reorder what is shown ("Trojan Source"), so they are dropped. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text for a notification (or a modal dialog's message and detail): no link can be made of it; bidi controls
 * dropped; at most {@link MAX_MESSAGE_CHARS} characters (then `…`).
 */
export function neutralize(text: string, max = MAX_MESSAGE_CHARS): string {
  let out = text.replace(/\[/g, '\uFF3B').replace(/\]/g, '\uFF3D').replace(BIDI_CONTROLS, '');
  if (out.length > max) out = `${out.slice(0, max - 1)}…`;
  return out;
}

/** Text as a Markdown code span: nothing inside is interpreted; the fence is longer than any backtick run in it. */
export function codeSpan(text: string): string {
  const flat = text.replace(BIDI_CONTROLS, '').replace(/\s*[\r\n]+\s*/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
