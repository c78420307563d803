/**
 * Diagnostics (notes, warnings) on stderr: on a terminal they are word-wrapped to its width (never cut: a URL in a
 * message stays whole) and printed above the live progress line when one shows; in a pipe or a file each stays one
 * line, as logs want. Kept apart from progress.ts so that writing a note never loads the progress library.
 */
import {flowText, terminalWidth} from './text.js';

let writeAbove: ((text: string) => void) | undefined;

/** Called by the live progress line when it starts (its writer) and stops (undefined). */
export function setLiveLine(writer: ((text: string) => void) | undefined): void {
  writeAbove = writer;
}

/** Writes `text` (whole lines) to stderr, above the live progress line when one is showing. */
export function writeDiagnostic(text: string): void {
  const shown = process.stderr.isTTY ? flowText(text, terminalWidth(process.stderr), '', 'none') : text;
  if (writeAbove) writeAbove(shown);
  else process.stderr.write(shown);
}
