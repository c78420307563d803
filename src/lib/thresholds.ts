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
import {lookupKey, type ResultSubject} from './threshold-keys.js';
import {FUNCTIONS, originalPosition, problem, rewrite} from './threshold-syntax.js';

export {durationKeyTest, numericKeys, type ResultSubject, TASK_STATE_NAMES} from './threshold-keys.js';

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

const OPERATORS = new Set(['and', 'or', 'xor', 'not', 'smaller', 'smallerEq', 'larger', 'largerEq', 'equal', 'unequal', 'add', 'subtract', 'multiply', 'divide', 'unaryMinus', 'unaryPlus', 'pow', 'mod']);

interface MathNode {
  type: string;
  fn?: string | MathNode;
  name?: string;
  value?: unknown;
  /** OperatorNode: a multiplication written without `*` (`2 total`). */
  implicit?: boolean;
  args?: MathNode[];
  /** ParenthesisNode */
  content?: MathNode;
  /** RelationalNode */
  params?: MathNode[];
  traverse: (callback: (node: MathNode) => void) => void;
}

const LOGIC = new Set(['and', 'or', 'xor', 'not']);
const COMPARISONS = new Set(['smaller', 'smallerEq', 'larger', 'largerEq', 'equal', 'unequal']);

/** Whether a node yields a condition (true/false) rather than a value. */
function isCondition(node: MathNode): boolean {
  if (node.type === 'ParenthesisNode' && node.content) return isCondition(node.content);
  if (node.type === 'RelationalNode') return true;
  if (node.type === 'ConstantNode') return typeof node.value === 'boolean';
  return node.type === 'OperatorNode' && (LOGIC.has(String(node.fn)) || COMPARISONS.has(String(node.fn)));
}

/** A duration literal as threshold-syntax.ts writes it: `(N s)`, an implicit multiplication of a number by `s`. */
function isDurationLiteral(node: MathNode): boolean {
  const [amount, unit] = node.args ?? [];
  return node.implicit === true && amount?.type === 'ConstantNode' && unit?.type === 'SymbolNode' && unit.name === 's';
}

/**
 * What mathjs would read differently from what the user meant: `not total > 5` is `(not total) > 5`, `a > b == c`
 * compares a condition with a value, `1 min 10` multiplies. Conditions go only into and/or/xor/not, values only into
 * comparisons, arithmetic and functions, and every multiplication is written with `*`.
 */
function checkShapes(root: MathNode, fail: (message: string) => never): void {
  root.traverse((node) => {
    const operands = node.type === 'RelationalNode' ? (node.params ?? []) : node.type === 'OperatorNode' || node.type === 'FunctionNode' ? (node.args ?? []) : [];
    if (node.type === 'OperatorNode' && LOGIC.has(String(node.fn))) {
      if (!operands.every(isCondition)) fail(`'${String(node.fn)}' combines conditions: write e.g. not (total > 5), a > 1 and b < 2`);
      return;
    }
    if (operands.some(isCondition)) {
      fail(COMPARISONS.has(String(node.fn)) || node.type === 'RelationalNode' ? 'a comparison compares values, not conditions: combine conditions with and/or, and put not (…) around one' : 'conditions cannot be computed with: use and/or/not between them');
    }
    if (node.type === 'OperatorNode' && node.implicit && !isDurationLiteral(node)) {
      fail('two values side by side: write * to multiply, or give a duration all its units (1 min 10 s)');
    }
  });
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
  checkShapes(root, (message) => fail(message));
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
      const found = lookupKey(result, key, subject.countMaps, subject.countNames);
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
