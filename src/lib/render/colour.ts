/**
 * Colour for failures, warnings and ✓/✗ — only on a terminal that takes colours: never in a pipe or a file, and never
 * with NO_COLOR (or NODE_DISABLE_COLORS, TERM=dumb, FORCE_COLOR=0), as Node's own `hasColors()` decides.
 */
import {styleText} from 'node:util';

export type ColourStream = {isTTY?: boolean; hasColors?: (count?: number) => boolean};

export function colourEnabled(stream: ColourStream = process.stdout): boolean {
  return stream.isTTY === true && typeof stream.hasColors === 'function' && stream.hasColors();
}

type Style = 'red' | 'green' | 'yellow' | 'bold';

/** Painters bound to one stream, so a report decides once. */
export function painter(stream: ColourStream = process.stdout) {
  const on = colourEnabled(stream);
  // The decision is ours (above); styleText only supplies the codes.
  const make = (style: Style) => (text: string) => (on ? styleText(style, text, {validateStream: false}) : text);
  return {on, failure: make('red'), warning: make('yellow'), success: make('green'), strong: make('bold')};
}

export type Painter = ReturnType<typeof painter>;
