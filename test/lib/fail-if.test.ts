import {expect} from 'chai';

import {UsageError} from '../../src/lib/errors.js';
import {describeCrossed, evaluateThresholds, parseThreshold, validateThresholds} from '../../src/lib/fail-if.js';

const result = {tasksPerSecond: 87.25, requests: {failed: 0, failures: {'http-500': 2}}, latency: {p99: 0.25, max: null}, states: {completed: 5}};

describe('--fail-if thresholds', () => {
  it('parses comparisons with numbers and durations', () => {
    expect(parseThreshold('tasksPerSecond<100')).to.deep.include({path: ['tasksPerSecond'], op: '<', value: 100});
    expect(parseThreshold(' latency.p99 >= 200ms ')).to.deep.include({path: ['latency', 'p99'], op: '>=', value: 0.2});
    expect(parseThreshold('waitTime.p95>5m').value).to.equal(300);
    expect(() => parseThreshold('tasksPerSecond')).to.throw(UsageError, 'is not KEY<VALUE');
    expect(() => parseThreshold('tasksPerSecond<lots')).to.throw(UsageError, "'lots' is not a number or a duration");
  });

  it('reports crossed thresholds with their actual values, and passes the others', () => {
    const outcomes = evaluateThresholds(['tasksPerSecond<100', 'requests.failed>0', 'latency.p99>200ms', 'requests.failures.http-500>=2', 'requests.failures.timeout>0', 'states.failed>0'].map(parseThreshold), result);
    expect(outcomes.map((outcome) => outcome.crossed)).to.deep.equal([true, false, true, true, false, false]);
    expect(describeCrossed(outcomes)).to.deep.equal(['tasksPerSecond<100 (was 87.25)', 'latency.p99>200ms (was 0.25)', 'requests.failures.http-500>=2 (was 2)']);
  });

  it('a key without data counts as crossed; an unknown key is an error, never a pass', () => {
    expect(evaluateThresholds([parseThreshold('latency.max>1s')], result)[0]).to.deep.equal({threshold: 'latency.max>1s', actual: null, crossed: true});
    expect(() => validateThresholds([parseThreshold('taskPerSecond<1')], result)).to.throw(UsageError, "unknown key 'taskPerSecond' (numeric keys: tasksPerSecond, requests.failed, requests.failures.http-500, latency.p99, latency.max, states.completed)");
    expect(() => validateThresholds([parseThreshold('requests<1')], result)).to.throw(UsageError, "unknown key 'requests'");
  });
});
