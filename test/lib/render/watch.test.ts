import {expect} from 'chai';

import {displayWidth} from '../../../src/lib/render/text.js';
import {plainView} from '../../../src/lib/render/view.js';
import {renderWatchScreen, renderWatchSummary} from '../../../src/lib/render/watch.js';
import type {ServerSample} from '../../../src/lib/telemetry/server-sampler.js';
import {WatchPeriod} from '../../../src/lib/telemetry/watch-summary.js';

const LONG = 'pulp_container.app.tasks.synchronize_repository_with_a_remote_of_a_very_long_and_descriptive_name';

function sample(overrides: Partial<ServerSample> = {}): ServerSample {
  return {
    kind: 'sample',
    at: '2026-12-01T10:00:00.000000Z',
    endpoint: 'https://pulp.example.com/api/pulp/a-domain-with-a-rather-long-name/api/v3/tasks/',
    waiting: 12_345,
    running: 8,
    finishedLastMinute: 600,
    failedLastMinute: 3,
    createdLastMinute: 900,
    ingestRate: 15,
    processingRate: 10,
    workers: {online: 8, missing: 2, busy: null, missingNames: ['41@pulp-worker-7c9d-a-long-pod-name', '42@pulp-worker-7c9d-another-pod']},
    oldestWaitingSeconds: 5400,
    oldestWaiting: {name: LONG, createdAt: '2026-12-01T08:30:00Z'},
    longestRunningSeconds: 75,
    longestRunning: {name: 'evil\u001B[2J.task', startedAt: '2026-12-01T09:58:45Z'},
    topNames: {waiting: [{name: LONG, count: 900}, {name: 'pulp_file.app.tasks.sync', count: 100}], running: [{name: 'evil\u001B[2J.task', count: 8}], waitingCapped: true, runningCapped: false, limit: 1000, readAt: '2026-12-01T09:59:55.000000Z'},
    requests: 7,
    seconds: 0.0123,
    notes: ['busy workers: the server does not show the workers\' current tasks; shown as unknown'],
    ...overrides,
  };
}

describe('watch rendering', () => {
  for (const width of [40, 80, 120]) {
    it(`the screen and the summary fit ${width} columns, with server text escaped`, async () => {
      const screen = await renderWatchScreen(sample(), {interval: 2}, plainView(width));
      for (const line of screen.split('\n')) expect(displayWidth(line), JSON.stringify(line)).to.be.at.most(width);
      expect(screen).not.to.include('\u001B');
      expect(screen).to.include('\\x1b');
      const period = new WatchPeriod();
      period.add(sample(), true);
      period.addFailure('connection refused by pulp.example.com: is Pulp running there?');
      const summary = await renderWatchSummary(period.finish('SIGINT'), plainView(width));
      for (const line of summary.split('\n')) expect(displayWidth(line), JSON.stringify(line)).to.be.at.most(width);
    });
  }

  it('says what it knows: missing workers by name, capped names, when the names were read, notes', async () => {
    const screen = await renderWatchScreen(sample(), {interval: 2}, plainView(200));
    expect(screen).to.match(/Waiting\s+12,345 · oldest 1 h 30 min/);
    expect(screen).to.include('2 missing');
    expect(screen).to.include('missing: 41@pulp-worker-7c9d-a-long-pod-name, 42@pulp-worker-7c9d-another-pod');
    expect(screen).to.include('Top task names (waiting: of the oldest 1,000 only) · as of 09:59:55 UTC');
    expect(screen).to.include('note: busy workers');
    expect(screen).to.match(/Rates\s+ingest 15\/s · processing 10\/s/);
    const quiet = await renderWatchScreen(sample({waiting: 0, running: 0, workers: {online: null, missing: null, busy: null, missingNames: []}, notes: []}), {}, plainView(80));
    expect(quiet).to.match(/Waiting\s+0 · none/);
    expect(quiet).to.include('online unknown · missing unknown');
    expect(quiet).to.include('one sample');
  });
});
