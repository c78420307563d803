import {expect} from 'chai';

import {analyzeTasks} from '../../src/lib/analysis/analyze.js';
import {type FetchedTask, TaskColumns} from '../../src/lib/analysis/columns.js';
import {iso} from '../helpers/task-list.js';

const SINCE = Date.UTC(2026, 10, 1) * 1000;
const window = {sinceUs: SINCE, untilUs: SINCE + 3600e6};
/** A completed task created `minute` minutes into the window, unblocked 1 s, started 3 s, finished 10 s later. */
const completed = (minute: number, name = 'sync'): FetchedTask => {
  const created = SINCE + minute * 60e6;
  return {pulp_created: iso(created), unblocked_at: iso(created + 1e6), started_at: iso(created + 3e6), finished_at: iso(created + 10e6), state: 'completed', name};
};

describe('task columns: invalid timestamps are counted and excluded, never read as another instant or as null', () => {
  it('counts each invalid field; a task without a valid pulp_created is left out entirely', () => {
    const columns = new TaskColumns();
    expect(columns.add(completed(1))).to.equal(true);
    expect(columns.add({...completed(2), pulp_created: '2026-11-01T00:60:00Z'})).to.equal(false);
    expect(columns.add({...completed(3), pulp_created: undefined})).to.equal(false);
    expect(columns.add({...completed(4), started_at: '2026-11-01T24:00:00Z', finished_at: 1_700_000_000 as unknown as string})).to.equal(true);
    expect(columns.add({...completed(5), unblocked_at: 'garbage'})).to.equal(true);
    expect(columns.add({...completed(6), unblocked_at: null})).to.equal(true);
    expect(columns.length).to.equal(4);
    expect(columns.invalid).to.deep.equal({total: 5, pulp_created: 2, unblocked_at: 1, started_at: 1, finished_at: 1});
    expect([0, 1, 2, 3].map((row) => columns.hasInvalidInterval(row))).to.deep.equal([false, true, false, false]);
    expect(Number.isNaN(columns.started[1]) && Number.isNaN(columns.finished[1]) && Number.isNaN(columns.unblocked[2])).to.equal(true);
  });

  it('a sound server allocates no flags', () => {
    const columns = new TaskColumns();
    for (let minute = 0; minute < 2000; minute++) columns.add({...completed(minute % 60), unblocked_at: null});
    expect(columns.invalidFlags).to.equal(undefined);
    expect(columns.invalid.total).to.equal(0);
  });

  it('the statistics leave out exactly what needs the invalid field', async () => {
    const columns = new TaskColumns();
    columns.add(completed(10)); // sound
    columns.add({...completed(20), pulp_created: '2026-04-31T00:20:00Z'}); // out entirely
    columns.add({...completed(30), started_at: 'soon'}); // counted in states, not analyzed, not in the backlog
    columns.add({...completed(40), finished_at: '2026-11-01T00:40:99Z'}); // likewise
    columns.add({...completed(50), unblocked_at: '2026-11-01T00:50:01+25:00'}); // wait and run, no blocked/queue
    const analysis = await analyzeTasks(columns, window, 'human');
    expect(analysis.total).to.equal(4);
    expect(analysis.states).to.deep.equal({completed: 4});
    expect(analysis.analyzed).to.equal(2);
    expect(analysis.waitTime).to.deep.include({count: 2, mean: 3, max: 3});
    expect(analysis.runTime).to.deep.include({count: 2, mean: 7});
    expect(analysis.blockedTime).to.deep.include({count: 1, mean: 1});
    expect(analysis.queueTime).to.deep.include({count: 1, mean: 2});
    // Created at minutes 10, 30, 40 and 50 of 60: slices (2.5 min each) 4, 12, 16 and 20 of the sparkline.
    const sparkline = Array.from({length: 24}, (_, slice) => ([4, 12, 16, 20].includes(slice) ? 1 : 0));
    expect(analysis.byName).to.deep.equal([{name: 'sync', count: 4, analyzed: 2, waitP50: 3, waitP95: 3, runP50: 7, sparkline}]);
    // The backlog (one point a minute) shows the two tasks with known intervals and nothing of the others: the task
    // with an invalid started_at would otherwise wait until its finish, the one with an invalid finish run forever.
    const busy = analysis.backlog.filter((point) => point.waiting > 0 || point.running > 0);
    expect(analysis.backlogBucketSeconds).to.equal(60);
    expect(busy.map(({t, waiting, running}) => ({t, waiting, running}))).to.deep.equal([
      {t: 600, waiting: 1, running: 0},
      {t: 3000, waiting: 1, running: 0},
    ]);
  });
});
