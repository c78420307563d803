/**
 * The syntax users type in `--fail-if`, turned into what mathjs parses: result keys (dotted, possibly with `-` in
 * later segments) become symbols `_k0…`, duration literals (`200ms`, `2 min`, `2m` = minutes, `1h30m`) become
 * `(N s)` — mathjs alone would read `2m` as metres and `2 min` as 2 × the function min —, percentages (`20%`) become
 * `(20 / 100)` — mathjs alone reads `a > 20% and …` as a modulo and `100 + 20%` as 120 — and the characters that
 * would open strings, matrices, objects, blocks or assignments are refused with their position.
 */
import {UsageError} from './errors.js';
import {describeKeys, lookupKey, type ResultSubject} from './threshold-keys.js';

/** Seconds per duration unit, as users type them. */
const DURATION_UNITS: Record<string, number> = {
  µs: 1e-6, us: 1e-6, microsecond: 1e-6, microseconds: 1e-6,
  ms: 1e-3, millisecond: 1e-3, milliseconds: 1e-3,
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86_400, day: 86_400, days: 86_400,
  w: 604_800, week: 604_800, weeks: 604_800,
};
const UNIT_PATTERN = Object.keys(DURATION_UNITS).sort((a, b) => b.length - a.length).join('|');
const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
/** One `NUMBER UNIT` pair of a duration literal; `1h30m` is two. */
const DURATION_PAIR = new RegExp(String.raw`^(${NUMBER})\s*(${UNIT_PATTERN})(?![\p{L}_])`, 'u');
const PLAIN_NUMBER = new RegExp(`^${NUMBER}`);
/** A `%` after a number (spaces allowed) that ends the operand (the end, an operator, `)`, or a word such as `and`): a percentage. */
const PERCENT = /^\s*%(?=\s*(?:$|[)<>=!*/^,]|(?:and|or|xor|mod)\b))/;
/** Text before a number that makes it the right operand of a binary `+` or `-` (an operand, then the sign). */
const AFTER_BINARY_SIGN = /(?:[\w.)]|%)\s*[+-]\s*$/;
/** A key path: segments after the first may contain `-` (`requests.failures.http-500`). */
const KEY_PATH = /^[A-Za-z_]\w*(?:\.[\w-]+)*/;
const WORDS = new Set(['and', 'or', 'not', 'xor', 'mod', 'true', 'false']);
/** The functions an expression may call. */
export const FUNCTIONS = new Set(['abs', 'min', 'max']);
const FORBIDDEN_CHARACTERS: Record<string, string> = {
  '"': 'strings are not allowed',
  "'": 'strings are not allowed',
  ';': 'one expression per --fail-if (repeat the flag for more)',
  '#': 'comments are not allowed',
  '[': 'indexing is not allowed',
  ']': 'indexing is not allowed',
  '{': 'objects are not allowed',
  '}': 'objects are not allowed',
  ':': 'ranges are not allowed',
  '?': 'conditionals are not allowed',
};

/** A problem in the expression, with its position (0-based; undefined = the whole expression) marked by ▸. */
export function problem(expression: string, at: number | undefined, message: string, subject: ResultSubject): UsageError {
  let where = '';
  if (at !== undefined) {
    const position = Math.max(0, Math.min(at, expression.length));
    where = ` at character ${position + 1}: "${expression.slice(0, position)}▸${expression.slice(position)}"`;
  }
  return new UsageError(`--fail-if "${expression}": ${message}${where}; keys: ${describeKeys(subject)}`);
}

export interface Rewritten {
  text: string;
  /** For each emitted segment: where it starts in `text` and in the user's expression. */
  segments: Array<{out: number; from: number}>;
  keys: string[];
}

/** Rewrites the user's expression for mathjs: keys → symbols `_k0…`, duration literals → `(N s)`. */
export function rewrite(expression: string, subject: ResultSubject): Rewritten {
  const result: Rewritten = {text: '', segments: [], keys: []};
  const emit = (text: string, from: number) => {
    result.segments.push({out: result.text.length, from});
    result.text += text;
  };
  let position = 0;
  while (position < expression.length) {
    const rest = expression.slice(position);
    const character = rest[0];
    if (/\s/.test(character)) {
      emit(character, position);
      position++;
      continue;
    }
    if (character in FORBIDDEN_CHARACTERS) throw problem(expression, position, FORBIDDEN_CHARACTERS[character], subject);
    if (character === '=' && !/[=<>!]/.test(expression[position - 1] ?? '') && rest[1] !== '=') throw problem(expression, position, 'assignment is not allowed (compare with ==)', subject);
    if (/[\d.]/.test(character) && PLAIN_NUMBER.test(rest)) {
      let seconds = 0;
      let length = 0;
      for (;;) {
        // `1h30m` or `1 h 30 m`: further NUMBER UNIT pairs after the first, with or without spaces.
        const offset = length + (length > 0 ? (/^\s*/.exec(rest.slice(length))?.[0].length ?? 0) : 0);
        const pair = DURATION_PAIR.exec(rest.slice(offset));
        if (!pair) break;
        seconds += Number(pair[1]) * DURATION_UNITS[pair[2]];
        length = offset + pair[0].length;
      }
      if (length > 0) {
        emit(`(${seconds} s)`, position);
        position += length;
      } else {
        const number = PLAIN_NUMBER.exec(rest)![0];
        const percent = PERCENT.exec(rest.slice(number.length));
        // mathjs reads `100 - 10%` as 90 (ten percent off); here `10%` is 0.1, so that would silently mean 99.9.
        if (percent && AFTER_BINARY_SIGN.test(expression.slice(0, position))) {
          throw problem(expression, position, `'${number}%' after + or - is ambiguous: write the value (100 - 10% → 90, or 100 * 0.9)`, subject);
        }
        // `20%` is 0.2 here; mathjs alone reads `a > 20% and b` as a modulo and `100 + 20%` as 120.
        emit(percent ? `(${number} / 100)` : number, position);
        position += number.length + (percent ? percent[0].length : 0);
      }
      continue;
    }
    const path = KEY_PATH.exec(rest)?.[0];
    if (path !== undefined) {
      if (!path.includes('.') && WORDS.has(path)) {
        emit(path, position);
        position += path.length;
        continue;
      }
      if (!path.includes('.') && /^\s*\(/.test(rest.slice(path.length))) {
        if (!FUNCTIONS.has(path)) throw problem(expression, position, `function '${path}' is not allowed (allowed: ${[...FUNCTIONS].join(', ')})`, subject);
        emit(path, position);
        position += path.length;
        continue;
      }
      const key = longestKey(path, subject);
      if (key === undefined) throw problem(expression, position, `unknown key '${path.split('-')[0]}'`, subject);
      let index = result.keys.indexOf(key);
      if (index === -1) index = result.keys.push(key) - 1;
      emit(`_k${index}`, position);
      position += key.length;
      continue;
    }
    emit(character, position);
    position++;
  }
  return result;
}

/** The longest prefix of a key path (cut at a `-`) that names a numeric key. */
function longestKey(path: string, subject: ResultSubject): string | undefined {
  const cuts = [path.length, ...[...path.matchAll(/-/g)].map((match) => match.index).reverse()];
  for (const cut of cuts) {
    const candidate = path.slice(0, cut);
    if (lookupKey(subject.shape, candidate, subject.countMaps, subject.countNames).numeric) return candidate;
  }
  return undefined;
}

/** Where a position in the rewritten text came from in the user's expression. */
export function originalPosition(rewritten: Rewritten, out: number): number {
  let segment = rewritten.segments[0] ?? {out: 0, from: 0};
  for (const candidate of rewritten.segments) if (candidate.out <= out) segment = candidate;
  return segment.from + Math.max(0, Math.min(out - segment.out, 1));
}
