import {expect} from 'chai';
import nock from 'nock';

import {type RunningSimulator, startSimulator} from '../../src/lib/simulator/index.js';
import {runCli} from '../helpers/cli.js';
import {killAllInPty, percentages, progressFrames, runInPty, startInPty, visibleLines, waitForOutput} from '../helpers/pty.js';
import {displayWidth} from '../../src/lib/render/text.js';

/** The first frame drawn before `title`, the last one, and whether the line was cleared in between (cursor shown, screen cleared below). */
function progressThenReport(output: string, title: string) {
  const reportAt = output.indexOf(title);
  const lastFrameEnd = output.lastIndexOf('\u001B[0K');
  const clearedAt = output.indexOf('\u001B[0J', lastFrameEnd);
  return {reportAt, lastFrameEnd, clearedAt, cursorShown: output.slice(lastFrameEnd, reportAt).includes('\u001B[?25h')};
}

describe('live progress in a terminal', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  let slow: RunningSimulator;

  before(async () => {
    nock.enableNetConnect();
    sim = await startSimulator({port: 0, honourTimeout: true, workers: 8, taskMs: '20', history: {count: 2000, hours: 2, seed: 3}});
    // Every task-list page takes 60 ms: a fetch of 40 pages, long enough to watch.
    slow = await startSimulator({port: 0, honourTimeout: true, workers: 0, history: {count: 8000, hours: 2, seed: 4}, faults: {failRate: 0, resetRate: 0, latencyMs: 60, routes: ['tasks', 'admin']}});
  });
  after(async () => {
    await sim.stop();
    await slow.stop();
  });
  afterEach(() => killAllInPty());

  it('insertion: the bar advances against --duration, at most 10 redraws a second, within 60 columns, and is gone before the report', async () => {
    const began = performance.now();
    const {code, output} = await runInPty(['test-task-insertion', '--api-root', sim.apiRoot, '--duration', '2s', '--timeout', '1', '--concurrency', '2'], {columns: 60});
    const seconds = (performance.now() - began) / 1000;
    expect(code, output).to.equal(0);
    const frames = progressFrames(output);
    const shown = percentages(frames);
    expect(frames.every((frame) => frame.startsWith('inserting ▕')), frames.join('\n')).to.equal(true);
    expect(new Set(shown).size, shown.join(' ')).to.be.at.least(5);
    expect(shown.every((value, index) => index === 0 || value >= shown[index - 1]), shown.join(' ')).to.equal(true);
    expect(shown[0]).to.be.below(20);
    expect(shown.at(-1)).to.equal(100);
    expect(frames.some((frame) => / · ETA \d+ s/.test(frame)), frames.join('\n')).to.equal(true);
    // cli-progress redraws on a 100 ms timer: never more than 10 frames a second over the command's life.
    expect(frames.length).to.be.at.most(Math.ceil(seconds * 10) + 1);
    for (const frame of frames) expect(displayWidth(frame), frame).to.be.at.most(59);
    const {reportAt, lastFrameEnd, clearedAt, cursorShown} = progressThenReport(output, 'Task insertion');
    expect(lastFrameEnd).to.be.above(0);
    expect(clearedAt, 'the line is cleared after its last frame').to.be.above(lastFrameEnd);
    expect(reportAt, 'the report comes after the line was cleared').to.be.above(clearedAt);
    expect(cursorShown, 'the cursor is shown again').to.equal(true);
    for (const line of visibleLines(output.slice(reportAt))) expect(displayWidth(line), line).to.be.at.most(60);
  });

  it('tracking follows insertion in the same line: "N/M finished", then the report', async () => {
    const {code, output} = await runInPty(
      ['test-task-insertion', '--api-root', sim.apiRoot, '--target', 'purge', '--domain', 'default', '--duration', '1s', '--rate', '20', '--concurrency', '2', '--track'],
      {columns: 80, env: {PULP_PASSWORD: sim.password}},
    );
    expect(code, output).to.equal(0);
    const frames = progressFrames(output);
    const firstTracking = frames.findIndex((frame) => frame.startsWith('tracking'));
    expect(firstTracking, frames.join('\n')).to.be.above(0);
    expect(frames.slice(0, firstTracking).every((frame) => frame.startsWith('inserting')), 'one phase at a time: insertion first').to.equal(true);
    expect(frames.slice(firstTracking).every((frame) => /^tracking ▕.*▏ \d+% · \d+\/\d+ finished/.test(frame)), frames.slice(firstTracking).join('\n')).to.equal(true);
    const {reportAt, lastFrameEnd, clearedAt} = progressThenReport(output, 'Task insertion');
    expect(clearedAt).to.be.above(lastFrameEnd);
    expect(reportAt).to.be.above(clearedAt);
    expect(visibleLines(output.slice(reportAt)).join('\n')).to.match(/Tracked tasks: (\d+) of \1 finished/);
  });

  it('analysis: the fetch advances against the tasks the server counted and is gone before the report', async () => {
    const {code, output} = await runInPty(['task-analysis', '--api-root', slow.apiRoot, '--since', '3h', '--page-size', '200', '--concurrency', '2'], {columns: 60, env: {PULP_PASSWORD: slow.password}});
    expect(code, output).to.equal(0);
    const frames = progressFrames(output);
    expect(frames.every((frame) => frame.startsWith('fetching')), frames.join('\n')).to.equal(true);
    const shown = percentages(frames);
    expect(new Set(shown).size, shown.join(' ')).to.be.at.least(3);
    expect(shown.at(-1)).to.be.above(shown[0]);
    expect(frames.some((frame) => /\d[\d,]* of ≥ [\d,]+ tasks/.test(frame)), frames.join('\n')).to.equal(true);
    for (const frame of frames) expect(displayWidth(frame), frame).to.be.at.most(59);
    const {reportAt, lastFrameEnd, clearedAt} = progressThenReport(output, 'Task analysis');
    expect(clearedAt).to.be.above(lastFrameEnd);
    expect(reportAt).to.be.above(clearedAt);
    for (const line of visibleLines(output.slice(reportAt))) expect(displayWidth(line), line).to.be.at.most(60);
  });

  it('the demo shows insertion and then the fetch, each gone before its report', async () => {
    const {code, output} = await runInPty(['demo', '--seconds', '2', '--concurrency', '2', '--history', '2000'], {columns: 80, timeoutMs: 90_000});
    expect(code, output).to.equal(0);
    const insertionReport = output.indexOf('Task insertion');
    const analysisReport = output.indexOf('Task analysis');
    const before = progressFrames(output.slice(0, insertionReport));
    const between = progressFrames(output.slice(insertionReport, analysisReport));
    expect(percentages(before).length, before.join('\n')).to.be.at.least(5);
    expect(before.every((frame) => frame.startsWith('inserting')), before.join('\n')).to.equal(true);
    expect(between.length, 'the fetch shows at least its first frame').to.be.at.least(1);
    expect(between.every((frame) => frame.startsWith('fetching')), between.join('\n')).to.equal(true);
    expect(progressFrames(output.slice(analysisReport))).to.deep.equal([]);
    for (const line of visibleLines(output)) expect(displayWidth(line), line).to.be.at.most(80);
  });

  it('never with --json (even on a terminal), nor when stderr is a pipe', async () => {
    const json = await runInPty(['test-task-insertion', '--api-root', sim.apiRoot, '--duration', '1s', '--timeout', '1', '--concurrency', '1', '--json'], {columns: 80});
    expect(json.code, json.output).to.equal(0);
    expect(progressFrames(json.output)).to.deep.equal([]);
    expect(json.output).not.to.include('\u001B[?25l');
    const piped = await runCli(['task-analysis', '--api-root', slow.apiRoot, '--since', '3h', '--page-size', '500'], {env: {PULP_PASSWORD: slow.password}});
    expect(piped.code, piped.stderr).to.equal(0);
    expect(piped.stderr).not.to.include('\u001B');
    expect(piped.stdout).not.to.include('\u001B');
  });

  it('a stop signal clears the line before the partial report', async () => {
    const running = startInPty(['test-task-insertion', '--api-root', sim.apiRoot, '--duration', '60s', '--timeout', '1', '--concurrency', '1', '--grace', '5s'], {columns: 80});
    await waitForOutput(running, (output) => percentages(progressFrames(output)).length >= 3);
    running.signal('SIGINT');
    const {code, output} = await running.done;
    expect(code).to.equal(130);
    const stopNote = output.indexOf('SIGINT: no new requests');
    const lastFrameEnd = output.lastIndexOf('\u001B[0K');
    expect(stopNote, output).to.be.above(0);
    expect(lastFrameEnd, 'no frame after the signal').to.be.below(stopNote);
    expect(output.indexOf('\u001B[0J', lastFrameEnd), 'the line is cleared before the note').to.be.within(lastFrameEnd, stopNote);
    expect(output.slice(lastFrameEnd, stopNote)).to.include('\u001B[?25h');
    expect(output.indexOf('Task insertion')).to.be.above(stopNote);
    expect(visibleLines(output).join('\n')).to.include('(INTERRUPTED: partial report)');
  });
});
