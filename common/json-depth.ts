/**
 * The nesting depth of JSON text, measured before it is parsed: the one check that both the local endpoint
 * (event bodies and stored lines, server/src/serve) and the extension (endpoint answers and lineage files)
 * run on text from outside, so that a hostile document is refused in one linear pass instead of costing
 * `JSON.parse` seconds, or a recursive walk of the parsed value its stack. Each side keeps its own limit.
 * Pure: no Node, no DOM, no vscode.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * True when the JSON text nests objects and arrays deeper than `limit` levels (brackets inside strings do not
 * count). Linear, no recursion, no allocation; works on UTF-8 bytes (no byte of a multi-byte character is
 * ASCII) or on a string. Text that is not JSON gives some answer; JSON.parse then says what is wrong.
 */
export function jsonDepthExceeds(text: Uint8Array | string, limit: number): boolean {
  const bytes = typeof text !== 'string';
  const length = text.length;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < length; i++) {
    const c = bytes ? (text as Uint8Array)[i]! : (text as string).charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH)
        i++; // skip the escaped character
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}
