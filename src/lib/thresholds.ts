/**
 * `--fail-if EXPR`: a mathjs expression over a command's JSON result, e.g. `waitTime.p95 > 5 s`,
 * `latency.p99 > 30s or requests.failed / requests.total > 0.01`, `runTime.median < 200 ms and states.failed > 0`.
 *
 * Keys are dotted paths to numbers in the result. Duration keys (what the result reports in seconds) enter the
 * expression as mathjs units of seconds, so they compare with durations written with a unit (`5 s`, `200ms`,
 * `2 min`, `1h30m`) and comparing one with a bare number is an error. Keys of count maps (`states.failed`,
 * `requests.failures.timeout`) are 0 when absent. A key without data (null) makes its threshold crossed.
 *
 * The expression is checked before any request: it is tokenised here (keys, duration literals, a few words), parsed
 * by mathjs, and only a whitelist of node types and functions is accepted — no assignment, no function definition,
 * no access to `import`, `createUnit`, `evaluate` or `parse` — then evaluated once on a result of the right shape
 * so that type and unit mistakes are found at once. Every problem is a UsageError (exit 2) naming its position.
 */
import {ThresholdError, UsageError} from './errors.js';
import {math} from './math.js';
import {describeKeys, lookupKey, type ResultSubject} from './threshold-keys.js';

export {durationKeyTest, numericKeys, type ResultSubject} from './threshold-keys.js';

export interface Threshold {
  /** The expression as the user wrote it. */
  expression: string;
  /** The result keys it reads, in order of first use. */
  keys: string[];
  /** Which of those keys are durations (seconds). */
  durationKeys: string[];
  evaluate: (scope: Map<string, unknown>) => unknown;
}

export interface ThresholdOutcome {
  expression: string;
  crossed: boolean;
  /** The value of every key the expression reads (seconds for durations; null = no data). */
  values: Record<string, number | null>;
  /** `s` for the keys that are durations. */
  units: Record<string, 's'>;
}

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
/** A key path: segments after the first may contain `-` (`requests.failures.http-500`). */
const KEY_PATH = /^[A-Za-z_]\w*(?:\.[\w-]+)*/;
const WORDS = new Set(['and', 'or', 'not', 'xor', 'mod', 'true', 'false']);
const FUNCTIONS = new Set(['abs', 'min', 'max']);
const OPERATORS = new Set(['and', 'or', 'xor', 'not', 'smaller', 'smallerEq', 'larger', 'largerEq', 'equal', 'unequal', 'add', 'subtract', 'multiply', 'divide', 'unaryMinus', 'unaryPlus', 'pow', 'mod']);
const FORBIDDEN_CHARACTERS: Record<string, string> = {
  '"': 'strings are not allowed',
  "'": 'strings are not allowed',
  ';': 'one expression per --fail-if (repeat the flag for more)',
  '[': 'indexing is not allowed',
  ']': 'indexing is not allowed',
  '{': 'objects are not allowed',
  '}': 'objects are not allowed',
  ':': 'ranges are not allowed',
  '?': 'conditionals are not allowed',
};

/** A problem in the expression, with its position (0-based; undefined = the whole expression) marked by ▸. */
function problem(expression: string, at: number | undefined, message: string, subject: ResultSubject): UsageError {
  let where = '';
  if (at !== undefined) {
    const position = Math.max(0, Math.min(at, expression.length));
    where = ` at character ${position + 1}: "${expression.slice(0, position)}▸${expression.slice(position)}"`;
  }
  return new UsageError(`--fail-if "${expression}": ${message}${where}; keys: ${describeKeys(subject)}`);
}

interface Rewritten {
  text: string;
  /** For each emitted segment: where it starts in `text` and in the user's expression. */
  segments: Array<{out: number; from: number}>;
  keys: string[];
}

/** Rewrites the user's expression for mathjs: keys → symbols `_k0…`, duration literals → `(N s)`. */
function rewrite(expression: string, subject: ResultSubject): Rewritten {
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
        emit(number, position);
        position += number.length;
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
    if (lookupKey(subject.shape, candidate, subject.countMaps).numeric) return candidate;
  }
  return undefined;
}

/** Where a position in the rewritten text came from in the user's expression. */
function originalPosition(rewritten: Rewritten, out: number): number {
  let segment = rewritten.segments[0] ?? {out: 0, from: 0};
  for (const candidate of rewritten.segments) if (candidate.out <= out) segment = candidate;
  return segment.from + Math.max(0, Math.min(out - segment.out, 1));
}

interface MathNode {
  type: string;
  fn?: string | MathNode;
  name?: string;
  value?: unknown;
  traverse: (callback: (node: MathNode) => void) => void;
}

/** Refuses every node mathjs could build that is not a plain comparison, logic or arithmetic over keys and numbers. */
function checkNodes(root: MathNode, fail: (message: string) => never): void {
  root.traverse((node) => {
    switch (node.type) {
      case 'ConstantNode': {
        if (typeof node.value !== 'number' && typeof node.value !== 'boolean') fail('only numbers and true/false are allowed as values');
        break;
      }
      case 'OperatorNode': {
        if (!OPERATORS.has(String(node.fn))) fail(`the operator '${String(node.fn)}' is not allowed`);
        break;
      }
      case 'FunctionNode': {
        const name = typeof node.fn === 'object' ? node.fn.name : undefined;
        if (name === undefined || !FUNCTIONS.has(name)) fail(`function '${name ?? '?'}' is not allowed`);
        break;
      }
      case 'SymbolNode': {
        if (!/^_k\d+$/.test(node.name ?? '') && node.name !== 's' && !FUNCTIONS.has(node.name ?? '')) fail(`'${node.name}' is not a key`);
        break;
      }
      case 'ParenthesisNode':
      case 'RelationalNode': {
        break;
      }
      case 'AssignmentNode':
      case 'FunctionAssignmentNode': {
        fail('assignment is not allowed');
        break;
      }
      default: {
        fail(`${node.type.replace(/Node$/, '').toLowerCase()} expressions are not allowed`);
      }
    }
  });
}

/** The value of a key in a scope: durations as mathjs units of seconds. */
function scopeValue(value: number, duration: boolean): unknown {
  return duration ? math().unit(value, 's') : value;
}

function explainEvaluationError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/expected: Unit\b.*actual: number|expected: number\b.*actual: Unit/.test(message) || /Unexpected type of argument.*(Unit|number)/.test(message)) {
    return 'a duration is compared or combined with a plain number (give the number a unit: 5 s, 200 ms, 2 min)';
  }
  if (/Units do not match|dimension/i.test(message)) return `units do not match (${message})`;
  return message;
}

/**
 * Parses and checks `--fail-if` expressions against a result of the right shape. Throws a UsageError (exit 2) for
 * a syntax error, an unknown key, a forbidden construct, a unit mismatch, or an expression that is not a condition.
 */
export function parseThresholds(expressions: string[], subject: ResultSubject): Threshold[] {
  return expressions.map((expression) => parseThreshold(expression, subject));
}

export function parseThreshold(text: string, subject: ResultSubject): Threshold {
  const expression = text.trim();
  if (expression === '') throw new UsageError('--fail-if needs an expression, e.g. "waitTime.p95 > 5 s"');
  const rewritten = rewrite(expression, subject);
  const fail = (message: string, out?: number): never => {
    throw problem(expression, out === undefined ? undefined : originalPosition(rewritten, out), message, subject);
  };
  let root: MathNode;
  try {
    root = math().parse(rewritten.text) as unknown as MathNode;
  } catch (error) {
    const character = (error as {char?: number}).char;
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\(char \d+\)$/, '');
    return fail(`syntax error: ${message.charAt(0).toLowerCase()}${message.slice(1)}`, character === undefined ? undefined : character - 1);
  }
  checkNodes(root, (message) => fail(message));
  const compiled = (root as unknown as {compile: () => {evaluate: (scope: Map<string, unknown>) => unknown}}).compile();
  const durationKeys = rewritten.keys.filter((key) => subject.isDuration(key));
  const threshold: Threshold = {expression, keys: rewritten.keys, durationKeys, evaluate: (scope) => compiled.evaluate(scope)};

  // One evaluation on the shape finds type and unit mistakes before any request.
  const scope = new Map(rewritten.keys.map((key, index) => [`_k${index}`, scopeValue(1, durationKeys.includes(key))]));
  let value: unknown;
  try {
    value = threshold.evaluate(scope);
  } catch (error) {
    return fail(explainEvaluationError(error));
  }
  if (typeof value !== 'boolean') fail('the expression is not a condition (compare with <, <=, >, >=, == or !=)');
  return threshold;
}

/** Evaluates thresholds on a result. A key without data (null) makes its threshold crossed. */
export function evaluateThresholds(thresholds: Threshold[], result: unknown, subject: ResultSubject): ThresholdOutcome[] {
  return thresholds.map((threshold) => {
    const values: Record<string, number | null> = {};
    const units: Record<string, 's'> = {};
    const scope = new Map<string, unknown>();
    threshold.keys.forEach((key, index) => {
      const found = lookupKey(result, key, subject.countMaps);
      const value = typeof found.value === 'number' && Number.isFinite(found.value) ? found.value : null;
      values[key] = value;
      const duration = threshold.durationKeys.includes(key);
      if (duration) units[key] = 's';
      if (value !== null) scope.set(`_k${index}`, scopeValue(value, duration));
    });
    let crossed = true;
    if (Object.values(values).every((value) => value !== null)) {
      try {
        crossed = threshold.evaluate(scope) === true;
      } catch {
        crossed = true; // cannot happen for a checked expression; never a silent pass
      }
    }
    return {expression: threshold.expression, crossed, values, units};
  });
}

/** The error to raise after the result was printed when any threshold was crossed (exit 6), else undefined. */
export function thresholdFailure(outcomes: ThresholdOutcome[]): ThresholdError | undefined {
  const crossed = outcomes.filter((outcome) => outcome.crossed);
  if (crossed.length === 0) return undefined;
  return new ThresholdError(crossed.map((outcome) => outcome.expression), outcomes.length);
}
