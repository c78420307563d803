/**
 * Diagnostics (notes, warnings) on stderr while a live progress line may be showing there: they are printed above
 * the line instead of into it. Kept apart from progress.ts so that writing a note never loads the progress library.
 */

let writeAbove: ((text: string) => void) | undefined;

/** Called by the live progress line when it starts (its writer) and stops (undefined). */
export function setLiveLine(writer: ((text: string) => void) | undefined): void {
  writeAbove = writer;
}

/** Writes `text` (whole lines) to stderr, above the live progress line when one is showing. */
export function writeDiagnostic(text: string): void {
  if (writeAbove) writeAbove(text);
  else process.stderr.write(text);
}
