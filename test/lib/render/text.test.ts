import {expect} from 'chai';

import {displayWidth, flowCommand, flowSegments, flowText, terminalWidth, truncate} from '../../../src/lib/render/text.js';

describe('text that fits a terminal', () => {
  it('measures display width: colour codes take none, CJK two columns', () => {
    expect(displayWidth('abc')).to.equal(3);
    expect(displayWidth('\u001B[31mabc\u001B[39m')).to.equal(3);
    expect(displayWidth('同期')).to.equal(4);
    expect(displayWidth('µs → ✓ █')).to.equal(8);
  });

  it('truncates with … at the end, in the middle or at the start, never wider than asked', () => {
    const name = 'pulp_rpm.app.tasks.synchronizing.synchronize';
    expect(truncate(name, 100)).to.equal(name);
    expect(truncate(name, 20)).to.equal('pulp_rpm.app.tasks.…');
    expect(truncate(name, 20, 'middle')).to.equal('pulp_rpm.a…nchronize');
    expect(truncate(name, 20, 'start')).to.equal('…onizing.synchronize');
    for (const width of [1, 2, 5, 19, 43]) {
      for (const position of ['end', 'middle', 'start'] as const) expect(displayWidth(truncate(name, width, position)), `${width} ${position}`).to.be.at.most(width);
    }
    // Wide characters are never split into a half that would overflow.
    expect(displayWidth(truncate('同期同期同期', 6))).to.be.at.most(6);
    expect(truncate('同期同期同期', 6)).to.equal('同期…');
  });

  it('flows values onto lines between values only, and cuts a value wider than a line in its middle when asked', () => {
    const segments = ['ok requests only', 'min 2.50 s', 'mean 2.50 s', 'p50 2.50 s', 'p90 2.50 s', 'p99 2.50 s', 'max 2.50 s'];
    const lines = flowSegments(segments, 40);
    expect(lines).to.deep.equal(['ok requests only · min 2.50 s', 'mean 2.50 s · p50 2.50 s · p90 2.50 s', 'p99 2.50 s · max 2.50 s']);
    expect(lines.join(' · ')).to.equal(segments.join(' · '));
    // A list's comma stays at the end of a broken line.
    expect(flowSegments(['41@worker-a', '42@worker-b', '43@worker-c'], 26, {separator: ', '})).to.deep.equal(['41@worker-a, 42@worker-b,', '43@worker-c']);
    // …and takes no room on a line that ends the list: a list exactly as wide as the line stays whole.
    expect(flowSegments(['41@worker-a', '42@worker-b'], 24, {separator: ', '})).to.deep.equal(['41@worker-a, 42@worker-b']);
    const url = 'http://127.0.0.1:24817/api/pulp/default/api/v3/tasks/purge/';
    const [cut] = flowSegments([url], 30, {cut: 'middle'});
    expect(cut).to.have.length(30);
    expect(cut.startsWith('http://127.0.0.')).to.equal(true);
    expect(cut.endsWith('tasks/purge/')).to.equal(true);
  });

  it('word-wraps prose with a hanging indent and keeps a paragraph’s leading spaces', () => {
    const text = flowText('  # a simulator that keeps running, on 127.0.0.1:24817, for the commands below', 40, '  # ');
    expect(text.split('\n')).to.deep.equal(['  # a simulator that keeps running, on', '  # 127.0.0.1:24817, for the commands', '  # below']);
    for (const line of flowText('WARNING: '.repeat(30), 33).split('\n')) expect(displayWidth(line)).to.be.at.most(33);
  });

  it('flows a shell command with \\ continuations that paste back into the same command, never inside quotes', () => {
    const command = 'pulp-bench task-analysis --api-root http://127.0.0.1:24817/api --password password --since 30m --fail-if "waitTime.p95 > 60 s"';
    const flowed = flowCommand(command, 60);
    for (const line of flowed.split('\n')) expect(displayWidth(line)).to.be.at.most(60);
    expect(flowed.split('\n').length).to.be.greaterThan(1);
    expect(flowed.replaceAll(/ \\\n +/g, ' ').trim()).to.equal(command);
    expect(flowed).to.include('"waitTime.p95 > 60 s"');
  });

  it('sizes reports from the terminal, 80 columns when output is not one, never below 40', () => {
    expect(terminalWidth({isTTY: false, columns: 200})).to.equal(80);
    expect(terminalWidth({isTTY: true, columns: 132})).to.equal(132);
    expect(terminalWidth({isTTY: true, columns: 0})).to.equal(80);
    expect(terminalWidth({isTTY: true, columns: 20})).to.equal(40);
  });
});
