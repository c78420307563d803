/** Escaping for the HTML report: text and attribute values, and JSON embedded in a <script> element. */

const HTML_ESCAPES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};

/** Text or a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

/**
 * JSON to place inside `<script type="application/json">`: `<`, `>` and `&` as \u escapes (so neither `</script>`
 * nor `<!--` can end or change the element), and U+2028/U+2029 escaped too (JSON allows them raw, older JavaScript
 * string literals do not). JSON.parse of the element's text gives the value back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
