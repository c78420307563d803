/**
 * Text a server chose (error details, HTML titles, version strings, worker and task names, headers) is shown with
 * its control characters escaped, so an answer cannot move the cursor, recolour or clear the terminal, or forge lines.
 */

/** C0 and C1 controls (ESC included), DEL, line/paragraph separators and bidirectional overrides. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (char: string): string => {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** `"a\u001b[2Jb"` → `"a\x1b[2Jb"`: every control character visible as an escape, everything else as it is. */
export function escapeServerText(text: string): string {
  return text.replace(CONTROL, escape);
}
