/** What a human report is rendered for: the width it must fit and whether it may use colour. */
import {type Painter, painter} from './colour.js';
import {terminalWidth} from './text.js';

export interface View {
  /** Columns no line of the report may exceed. */
  width: number;
  paint: Painter;
}

/** The view of standard output: its terminal's width (80 when it is not a terminal) and colour when it takes it. */
export function stdoutView(): View {
  return {width: terminalWidth(process.stdout), paint: painter(process.stdout)};
}

/** A view without colour, for a given width (tests, files). */
export function plainView(width = 80): View {
  return {width, paint: painter({isTTY: false})};
}
