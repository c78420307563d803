/**
 * Text that fits a terminal: display width (wide characters and colour codes counted right), truncation with `…`,
 * and flowing prose or `·`-separated values onto lines without ever breaking inside a value.
 */
import {createRequire} from 'node:module';

/** Reports are laid out for at least this many columns; a narrower terminal gets this width (and wraps). */
export const MIN_WIDTH = 40;
/** The width when the output is not a terminal (a pipe, a file, a test). */
export const DEFAULT_WIDTH = 80;

/** Columns of `stream` when it is a terminal, else 80; never below MIN_WIDTH. */
export function terminalWidth(stream: {isTTY?: boolean; columns?: number} = process.stdout): number {
  const columns = stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, columns);
}

let stringWidth: ((text: string) => number) | undefined;

/** Columns `text` takes on a terminal (colour codes take none, CJK and emoji two). */
export function displayWidth(text: string): number {
  // string-width (CommonJS) is loaded on first use: every command imports this module, few measure text (~3 ms).
  stringWidth ??= createRequire(import.meta.url)('string-width') as (text: string) => number;
  return stringWidth(text);
}

/** `text` cut to `width` columns with `…` at the end, the middle or the start. Colour codes are dropped when cut. */
export function truncate(text: string, width: number, position: 'end' | 'middle' | 'start' = 'end'): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  if (width === 1) return '…';
  const chars = [...stripColour(text)];
  const take = (from: string[], columns: number): string[] => {
    const kept: string[] = [];
    let used = 0;
    for (const char of from) {
      const size = displayWidth(char);
      if (used + size > columns) break;
      kept.push(char);
      used += size;
    }
    return kept;
  };
  if (position === 'end') return `${take(chars, width - 1).join('')}…`;
  if (position === 'start') return `…${take([...chars].reverse(), width - 1).reverse().join('')}`;
  const head = Math.ceil((width - 1) / 2);
  return `${take(chars, head).join('')}…${take([...chars].reverse(), width - 1 - head).reverse().join('')}`;
}

const COLOUR_CODES = /\u001B\[[0-9;]*m/g;

export function stripColour(text: string): string {
  return text.replaceAll(COLOUR_CODES, '');
}

/**
 * Packs `segments` onto lines of at most `width` columns, joined by `separator`; a line break only ever falls between
 * two segments, and a segment wider than a line is cut with `…` (at its end, or in its middle to keep both ends of a
 * URL or a dotted name), or left whole with `cut: 'none'`. Lines after the first start with `indent`.
 */
export function flowSegments(segments: string[], width: number, options: {separator?: string; indent?: string; cut?: 'end' | 'middle' | 'none'} = {}): string[] {
  const separator = options.separator ?? ' · ';
  const indent = options.indent ?? '';
  // A list's comma stays at the end of a broken line (`a, b,` / `c`); a `·` or a space is dropped there.
  const mark = separator.trim() === '·' ? '' : separator.trim();
  const lines: string[] = [];
  let line = '';
  segments.forEach((segment, index) => {
    // A line may end in the mark unless it holds the last segment.
    const room = index === segments.length - 1 ? width : width - displayWidth(mark);
    if (line !== '') {
      const candidate = `${line}${separator}${segment}`;
      if (displayWidth(candidate) <= room) {
        line = candidate;
        return;
      }
      lines.push(`${line}${mark}`);
    }
    const start = lines.length === 0 ? '' : indent;
    line = `${start}${options.cut === 'none' ? segment : truncate(segment, room - displayWidth(start), options.cut)}`;
  });
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Word-wraps prose to `width` columns, breaking only at spaces (a word wider than a line is cut in its middle, or with
 * `cut: 'none'` left whole). A paragraph's leading spaces stay; lines after its first start with `indent`.
 */
export function flowText(text: string, width: number, indent = '', cut: 'middle' | 'none' = 'middle'): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lead = /^ */.exec(paragraph)![0];
      const words = paragraph.split(' ').filter((word) => word !== '');
      if (words.length > 0) words[0] = `${lead}${words[0]}`;
      return flowSegments(words, width, {separator: ' ', indent, cut}).join('\n');
    })
    .join('\n');
}

/**
 * A shell command flowed to `width` columns with ` \` continuations (so it still pastes as one command), breaking only
 * between words outside quotes, and never between a flag and its value. Continuation lines are indented four more
 * columns than `indent`.
 */
export function flowCommand(command: string, width: number, indent = '  '): string {
  const words = command.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
  const units: string[] = [];
  for (const word of words) {
    const last = units.at(-1);
    // `--flag value` stays together: a word after a lone flag is its value.
    if (last !== undefined && /^-[^ ]*$/.test(last) && !last.includes('=') && !word.startsWith('-')) units[units.length - 1] = `${last} ${word}`;
    else units.push(word);
  }
  const lines: string[] = [];
  let line = indent;
  for (const unit of units) {
    const candidate = line.trim() === '' ? `${line}${unit}` : `${line} ${unit}`;
    // Two columns stay free on lines that may need ` \`.
    if (displayWidth(candidate) + 2 <= width || line.trim() === '') {
      line = candidate;
      continue;
    }
    lines.push(`${line} \\`);
    line = `${indent}    ${unit}`;
  }
  lines.push(line);
  return lines.join('\n');
}
