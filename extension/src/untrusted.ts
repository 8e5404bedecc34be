/**
 * Text from outside the extension — an endpoint's answers (error bodies, Location headers, names of
 * namespaces, jobs and datasets), workspace files and settings, file paths, error messages — made safe for the
 * places VS Code interprets text. Pure: no vscode import.
 *
 * - Notifications (`showErrorMessage` and friends) turn `[label](command:…)`, `(https:…)` and `(file:…)` into
 *   links that run the command or open the target when clicked; there is no escape character. {@link
 *   neutralize} replaces the square brackets with their fullwidth look-alikes (［ ］, U+FF3B/U+FF3D): without
 *   an ASCII `[` and `]` there is no link, whatever the text is joined with, and the text reads the same.
 * - Markdown (MarkdownString tooltips, the Verify Setup report) goes through common/markdown.ts, shared with
 *   the language service's hovers: `mdText` for prose (escaped), `mdCode` for code spans (fenced).
 */
import { withoutBidi } from '../../common/markdown';

/** Longest notification text: a name or body of megabytes must not reach the workbench's renderer whole. */
export const MAX_MESSAGE_CHARS = 2000;

/**
 * Text for a notification (or a modal dialog's message and detail): no link can be made of it; bidi controls
 * dropped; at most {@link MAX_MESSAGE_CHARS} characters (then `…`).
 */
export function neutralize(text: string, max = MAX_MESSAGE_CHARS): string {
  let out = withoutBidi(text.replace(/\[/g, '\uFF3B').replace(/\]/g, '\uFF3D'));
  if (out.length > max) out = `${out.slice(0, max - 1)}…`;
  return out;
}
