/**
 * Checks of command-line values that oclif's own flag types do not make: names that must not be blank, and numbers in
 * the forms people type (`1e3`, `1_000`, `2.5`) with a rate suffix (`50/s`, `600/m`).
 */
import {UsageError} from './errors.js';
import {MAX_RATE_PER_SECOND, MIN_RATE_PER_SECOND} from './limits.js';

/**
 * A flag `parse` function that refuses an empty or whitespace-only value (oclif reports it as one line naming the
 * flag). It throws a plain Error on purpose: oclif wraps the message with the flag's name, and the error boundary turns
 * that into a usage error (exit 2).
 */
export function nonBlank(flag: string, example: string): (input: string) => Promise<string> {
  return async (input) => {
    if (input.trim() === '') throw new Error(`${flag} is empty; give a value, e.g. ${flag} ${example}`);
    return input;
  };
}

/** The same check outside flag parsing (values that may come from a profile or the environment): a UsageError. */
export function requireNonBlank(value: string | undefined, flag: string, example: string): void {
  if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} is empty; give a value, e.g. ${flag} ${example}`);
}

/**
 * A plain decimal number as people type it: `50`, `2.5`, `.5`, `1e3`, `1.5E+2`, with `_` between digits (`1_000`).
 * Undefined for anything else (hex, `NaN`, `Infinity`, `1,000`, a sign other than `+`); a value too large for a
 * double (`1e400`) is Infinity, for the caller's bound to refuse.
 */
export function parseDecimal(text: string): number | undefined {
  const compact = text.trim().replace(/(?<=\d)_(?=\d)/g, '');
  if (!/^\+?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(compact)) return undefined;
  return Number(compact);
}

const PER: Record<string, number> = {s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600};

const RATE_EXAMPLES = 'e.g. 50, 50/s, 2.5, 1e3, 1_000 or 600/m';

/**
 * Requests per second from a `--rate` value: a number (see parseDecimal), optionally per unit: `/s` (the default),
 * `/m` or `/min`, `/h`. Refuses 0, negatives, NaN, Infinity, rates beyond what the engine schedules (100,000/s) and
 * rates slower than one request a day, each with one line.
 */
export function parseRate(text: string, flag = '--rate'): number {
  const match = /^(.*?)(?:\s*\/\s*([a-z]+))?\s*$/i.exec(text);
  const [numberText, unit] = match ? [match[1], match[2]?.toLowerCase()] : [text, undefined];
  const per = unit === undefined ? 1 : PER[unit];
  if (per === undefined) throw new UsageError(`${flag} '${text}': unknown unit '/${unit}'; use /s, /m or /h (${RATE_EXAMPLES})`);
  if (/^\s*-/.test(numberText)) throw new UsageError(`${flag} '${text}' is negative; give requests per second above 0 (${RATE_EXAMPLES})`);
  if (/\d,\d/.test(numberText)) throw new UsageError(`${flag} '${text}': write numbers without thousands separators (1000 or 1_000)`);
  const count = parseDecimal(numberText);
  if (count === undefined) throw new UsageError(`${flag} '${text}' is not a rate (${RATE_EXAMPLES})`);
  const perSecond = count / per;
  if (perSecond === 0) throw new UsageError(`${flag} '${text}' is zero; give requests per second above 0, or leave --rate out to start requests back to back`);
  if (perSecond > MAX_RATE_PER_SECOND) throw new UsageError(`${flag} '${text}' is beyond what the load engine can schedule (at most ${MAX_RATE_PER_SECOND}/s)`);
  if (perSecond < MIN_RATE_PER_SECOND) throw new UsageError(`${flag} '${text}' is slower than one request a day, the slowest rate accepted`);
  return perSecond;
}
