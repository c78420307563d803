import {expect} from 'chai';

import {UsageError} from '../../src/lib/errors.js';
import {renderThresholds} from '../../src/lib/render/thresholds.js';
import {plainView} from '../../src/lib/render/view.js';
import {FAILURE_CAUSE_NAMES} from '../../src/lib/http-errors.js';
import {durationKeyTest, evaluateThresholds, parseThreshold, type ResultSubject, TASK_STATE_NAMES} from '../../src/lib/thresholds.js';

const result = {
  tasksPerSecond: 87.25,
  requests: {total: 200, failed: 3, failures: {'http-500': 2, timeout: 1}},
  latency: {p50: 0.12, p99: 31.2, max: null},
  waitTime: {count: 10, p95: 7.2, median: 0.15},
  runTime: {count: 10, median: 0.18},
  states: {completed: 5, failed: 2},
  fetch: {missing: 0, extra: 0, seconds: 1.5},
};
const subject: ResultSubject = {
  shape: {...result, latency: {p50: 0, p99: 0, max: 0}},
  isDuration: durationKeyTest(['latency', 'waitTime', 'runTime']),
  countMaps: ['requests.failures', 'states'],
  countNames: {'requests.failures': FAILURE_CAUSE_NAMES, states: TASK_STATE_NAMES},
};

const verdict = (expression: string, on: unknown = result) => evaluateThresholds([parseThreshold(expression, subject)], on, subject)[0];
const crossed = (expression: string) => verdict(expression).crossed;
function usageError(expression: string): string {
  try {
    parseThreshold(expression, subject);
  } catch (error) {
    expect(error).to.be.instanceOf(UsageError);
    expect((error as UsageError).exitCode).to.equal(2);
    expect((error as Error).message).to.not.include('\n');
    return (error as Error).message;
  }
  throw new Error(`expected '${expression}' to be refused`);
}

describe('--fail-if thresholds (mathjs expressions)', () => {
  it('keeps every form of the first version working', () => {
    expect(crossed('waitTime.p95>5s')).to.equal(true);
    expect(crossed('tasksPerSecond<100')).to.equal(true);
    expect(crossed('tasksPerSecond<80')).to.equal(false);
    expect(crossed('requests.failures.timeout>0')).to.equal(true);
    expect(crossed('requests.failures.http-500>=2')).to.equal(true);
    expect(crossed('requests.failures.http-503>0')).to.equal(false); // absent count = 0
    expect(crossed('states.canceled>0')).to.equal(false);
    expect(crossed('latency.p99>200ms')).to.equal(true);
  });

  it('reads durations with units: ms, s, min, h, compounds; 2m means minutes', () => {
    expect(crossed('waitTime.p95 > 5 s')).to.equal(true);
    expect(crossed('waitTime.p95 > 7200 ms')).to.equal(false); // 7.2 s is not > 7.2 s
    expect(crossed('waitTime.p95 >= 7200 ms')).to.equal(true);
    expect(crossed('latency.p99 > 0.5 min')).to.equal(true); // 31.2 s > 30 s
    expect(crossed('latency.p99 > 2m')).to.equal(false);
    expect(crossed('latency.p99 < 1h30m')).to.equal(true);
    expect(crossed('latency.p99 < 0.01 h')).to.equal(true); // 36 s
    expect(crossed('latency.p99 > 31 s + 100 ms')).to.equal(true);
    expect(crossed('runTime.median < 200 ms')).to.equal(true);
  });

  it('combines with and/or/not, parentheses and arithmetic between keys', () => {
    expect(crossed('latency.p99 > 30s or requests.failed / requests.total > 0.01')).to.equal(true);
    expect(crossed('latency.p99 > 40s or requests.failed / requests.total > 0.02')).to.equal(false);
    expect(crossed('runTime.median < 200 ms and states.failed > 0')).to.equal(true);
    expect(crossed('runTime.median < 200 ms and not (states.failed > 0)')).to.equal(false);
    expect(crossed('(waitTime.p95 - waitTime.median) / waitTime.median > 40')).to.equal(true); // 7.05 / 0.15 = 47
    expect(crossed('waitTime.p95 > 10 * runTime.median')).to.equal(true);
    expect(crossed('max(waitTime.p95, latency.p50) > 7 s')).to.equal(true);
  });

  it('records the values it read (seconds for durations) and marks their units', () => {
    expect(verdict('latency.p99 > 30s or requests.failed > 0')).to.deep.equal({
      expression: 'latency.p99 > 30s or requests.failed > 0',
      crossed: true,
      values: {'latency.p99': 31.2, 'requests.failed': 3},
      units: {'latency.p99': 's'},
    });
    expect(renderThresholds([verdict('waitTime.p95 > 5 s'), verdict('states.failed > 2')], plainView(80))).to.equal(
      ['Thresholds: 1 of 2 crossed', '✗ waitTime.p95 > 5 s — was 7.20 s', '✓ states.failed > 2 — was 2'].join('\n'),
    );
  });

  it('a key without data counts as crossed', () => {
    expect(verdict('latency.max > 1 s')).to.deep.include({crossed: true, values: {'latency.max': null}});
    expect(verdict('latency.max > 1 s or tasksPerSecond > 0').crossed).to.equal(true);
  });

  it('refuses unknown keys, naming them and listing the keys', () => {
    const message = usageError('taskPerSecond < 1');
    expect(message).to.include("unknown key 'taskPerSecond' at character 1");
    expect(message).to.include('keys: tasksPerSecond, requests.{total,failed}, latency.{p50(s),p99(s),max(s)}');
    expect(message).to.include('states.<name>');
    expect(usageError('requests < 1')).to.include("unknown key 'requests'");
    expect(usageError('waitTime.p95 > 1 s and kg > 1')).to.include("unknown key 'kg' at character 24");
  });

  it('refuses syntax errors with their position', () => {
    expect(usageError('waitTime.p95 >')).to.include('syntax error: unexpected end of expression at character 15: "waitTime.p95 >▸"');
    expect(usageError('waitTime.p95 > > 5 s')).to.match(/syntax error: .* at character 16/);
    expect(usageError('(tasksPerSecond < 1')).to.include('syntax error');
    expect(usageError('   ')).to.include('needs an expression');
  });

  it('refuses a duration compared with a bare number, and mismatched units', () => {
    expect(usageError('waitTime.p95 > 5')).to.include('a duration is compared or combined with a plain number');
    expect(usageError('tasksPerSecond < 5 s')).to.include('a duration is compared or combined with a plain number');
    expect(usageError('waitTime.p95 + 1 > 5 s')).to.include('plain number');
    expect(usageError('tasksPerSecond')).to.include('not a condition');
    expect(usageError('waitTime.p95 * 2')).to.include('not a condition');
  });

  it('refuses what mathjs would read differently from what was meant (review findings)', () => {
    // `not total > 5` is (not total) > 5 in mathjs; `a > b == c` compares a condition with a value
    expect(usageError('not tasksPerSecond > 100')).to.include('put not (…) around one');
    expect(usageError('not tasksPerSecond')).to.include("'not' combines conditions");
    expect(crossed('not (tasksPerSecond > 100)')).to.equal(true);
    expect(usageError('tasksPerSecond > 100 == false')).to.include('a comparison compares values, not conditions');
    expect(usageError('waitTime.p95 > 5 ms or 1')).to.include("'or' combines conditions");
    // a duration followed by a bare number would multiply: 1 min 10 = 600 s
    expect(usageError('waitTime.p95 > 1 min 10')).to.include('two values side by side');
    expect(usageError('tasksPerSecond > 2 tasksPerSecond')).to.include('two values side by side');
    expect(crossed('waitTime.p95 > 1 min 10 s')).to.equal(false);
    expect(crossed('waitTime.p95 > 2 * runTime.median')).to.equal(true);
    // count keys are known names: `states.failed-1` is failed − 1, a typo is an unknown key
    expect(crossed('states.failed-1 > 0')).to.equal(true); // 2 − 1
    expect(crossed('requests.failures.http-500-1 > 0')).to.equal(true); // 2 − 1
    expect(usageError('states.complted > 0')).to.include("unknown key 'states.complted'");
    expect(usageError('requests.failures.timeuot > 0')).to.include("unknown key 'requests.failures.timeuot'");
    expect(crossed('requests.failures.connection-reset > 0')).to.equal(false); // a known cause, absent = 0
    // a comment would hide the rest of the expression
    expect(usageError('states.failed > 0 #or tasksPerSecond > 0')).to.include('comments are not allowed');
  });

  it('refuses import, assignment, function definitions and other mathjs constructs', () => {
    expect(usageError('import({}, {override: true})')).to.include("function 'import' is not allowed");
    expect(usageError('evaluate("1")')).to.include("function 'evaluate' is not allowed");
    expect(usageError('createUnit("x")')).to.include("function 'createUnit' is not allowed");
    expect(usageError('parse("1")')).to.include("function 'parse' is not allowed");
    expect(usageError('tasksPerSecond = 1')).to.include('assignment is not allowed');
    expect(usageError('f(x) = 1')).to.include("function 'f' is not allowed");
    expect(usageError('tasksPerSecond > 1; tasksPerSecond < 1')).to.include('one expression per --fail-if');
    expect(usageError('[1, 2] > 1')).to.include('indexing is not allowed');
    expect(usageError('tasksPerSecond > 1 ? 1 : 0')).to.include('not allowed');
    expect(usageError('tasksPerSecond! > 1')).to.include("operator 'factorial' is not allowed");
    expect(usageError('tasksPerSecond & 1 > 0')).to.include("operator 'bitAnd' is not allowed");
  });
});
