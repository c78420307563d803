import {expect} from 'chai';

import {asListPage, type ChainState, checkPage, type ListPage, type PageRequest, quoteValue} from '../../src/lib/analysis/page-checks.js';
import {BadServerResponseError} from '../../src/lib/errors.js';
import {INVALID_TIMESTAMP} from '../../src/lib/time.js';
import {answerTaskList, completedTask, iso, type ListRow} from '../helpers/task-list.js';

const ORIGIN = 'https://pulp.example.com';
const LIST = `${ORIGIN}/pulp/api/v3/tasks/`;
const SINCE = Date.UTC(2026, 10, 1) * 1000;
const UNTIL = Date.UTC(2026, 10, 1, 1) * 1000;
/** 10 tasks, one a minute from the window's start. */
const ROWS: ListRow[] = Array.from({length: 10}, (_, index) => completedTask(SINCE + index * 60e6));
const rebase = (url: string) => {
  const parsed = new URL(url, ORIGIN);
  return `${ORIGIN}${parsed.pathname}${parsed.search}`;
};

/** The request for a page, with the query fetchTasks sends. */
function request(offset: number, limit = 4): PageRequest {
  const query = new URLSearchParams({fields: 'pulp_created,state,name', limit: String(limit), ordering: 'pulp_created,pulp_id', pulp_created__gte: iso(SINCE), pulp_created__lte: iso(UNTIL)});
  if (offset > 0) query.set('offset', String(offset));
  return {url: `${LIST}?${query}`, offset, limit};
}
const chain = (): ChainState => ({fromUs: SINCE, toUs: UNTIL, closed: true, lastUs: Number.NEGATIVE_INFINITY, firstCount: undefined});
const honest = (offset: number, limit = 4): ListPage => answerTaskList(ROWS, new URL(request(offset, limit).url), 'http://pulp-api.internal:24817');
const check = (page: ListPage, offset = 0, state = chain(), expectations = {}) => checkPage(page, request(offset), state, {rebase, ...expectations});

describe('task list page checks', () => {
  it('an honest chain: every page kept whole, next rebased on our origin, last pulp_created carried along', () => {
    const state = chain();
    const seen: number[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const verdict = check(honest(offset), offset, state);
      expect(verdict.problem).to.equal(undefined);
      seen.push(verdict.keep);
      if (verdict.next) expect(verdict.next.url.startsWith(`${LIST}?`)).to.equal(true);
      offset = verdict.next?.offset;
    }
    expect(seen).to.deep.equal([4, 4, 2]);
    expect(state.lastUs).to.equal(ROWS[9].us);
    expect(state.firstCount).to.equal(10);
  });

  it('next links that repeat, loop, overlap, skip, outrun the count or leave the list are refused, the page kept', () => {
    const withNext = (offset: number, next: (url: URL) => void, page = honest(offset)) => {
      const url = new URL(page.next ?? request(offset + 4).url);
      next(url);
      return check({...page, next: url.href}, offset);
    };
    const cases: Array<[string, ReturnType<typeof check>]> = [
      ['next link repeats this page', withNext(4, (url) => url.searchParams.set('offset', '4'))],
      ['next link goes back to offset 0: a loop', withNext(4, (url) => url.searchParams.delete('offset'))],
      ['next link (offset 2) overlaps this page (limit 4)', withNext(0, (url) => url.searchParams.set('offset', '2'))],
      ['next link skips rows 4–7', withNext(0, (url) => url.searchParams.set('offset', '8'))],
      ['next link (offset 12) runs past the count 10', withNext(8, (url) => url.searchParams.set('offset', '12'), {...honest(8), results: honest(8).results.slice(0, 2)})],
      ['next link leaves the list (path "/pulp/api/v3/workers/")', withNext(0, (url) => (url.pathname = '/pulp/api/v3/workers/'))],
      ['next link changes the query ("name")', withNext(0, (url) => url.searchParams.set('name', 'other'))],
      ['next link changes the query ("pulp_created__lte")', withNext(0, (url) => url.searchParams.delete('pulp_created__lte'))],
      ['next link has offset "-4"', withNext(0, (url) => url.searchParams.set('offset', '-4'))],
    ];
    for (const [message, verdict] of cases) {
      expect(verdict.problem, message).to.equal(message);
      expect(verdict.next, message).to.equal(null);
      expect(verdict.keep, message).to.be.greaterThan(0);
    }
    const short = check({...honest(0), results: honest(0).results.slice(0, 3)});
    expect(short.problem).to.equal('a short page (3 of 4 rows) has a next link: rows skipped');
    const grown = checkPage({...honest(8), count: 30, next: request(12).url}, request(8), {...chain(), firstCount: 10}, {rebase});
    expect(grown.problem).to.equal('a short page (2 of 4 rows) has a next link: rows skipped');
    const endless = checkPage({...honest(4), count: 30, next: request(8).url}, request(4, 4), {...chain(), firstCount: 3}, {rebase});
    expect(endless.problem).to.equal('next link (offset 8) asks for more pages than the first count 3 allows');
  });

  it('counts that lie: rows beyond the count (kept up to it), a count without rows, more rows than the limit', () => {
    const beyond = check({...honest(0), count: 2, next: null});
    expect(beyond).to.deep.include({problem: '4 rows at offset 0 of a count of 2', keep: 2, next: null});
    const ends = check({...honest(8), count: 12}, 8);
    expect(ends).to.deep.include({problem: 'count 12 but the list ends after row 10', keep: 2});
    const empty = check({count: 5, next: null, results: []});
    expect(empty).to.deep.include({problem: 'count 5 but no rows at offset 0', keep: 0});
    const bomb = check({count: 10, next: null, results: ROWS.slice(0, 6).map((row) => row.task)});
    expect(bomb).to.deep.include({problem: '6 rows for limit 4', keep: 4});
    expect(check({count: 0, next: null, results: []}).problem).to.equal(undefined);
  });

  it('rows out of order (a repeated page), outside the range or the filters, or not objects: kept up to the first', () => {
    const state = chain();
    check(honest(0), 0, state);
    const repeated = check({...honest(0), next: honest(4).next}, 4, state);
    expect(repeated.problem).to.equal(`rows go back in pulp_created order (${iso(ROWS[0].us)} after ${iso(ROWS[3].us)}): a repeated or shuffled page`);
    expect(repeated.keep).to.equal(0);
    const outside = check({...honest(0), results: [ROWS[0].task, completedTask(UNTIL + 1).task]});
    expect(outside).to.deep.include({keep: 1, problem: `row 2 was created at ${iso(UNTIL + 1)}, outside the requested ${iso(SINCE)} … ${iso(UNTIL)}`});
    const named = check(honest(0), 0, chain(), {taskName: 'pulp_file.app.tasks.synchronizing.synchronize'});
    expect(named.problem).to.equal(undefined);
    const otherName = check(honest(0), 0, chain(), {taskName: 'other'});
    expect(otherName).to.deep.include({keep: 0, problem: 'row 1 has name "pulp_file.app.tasks.synchronizing.synchronize", not the one asked for'});
    const otherState = check(honest(0), 0, chain(), {states: ['failed']});
    expect(otherState.problem).to.equal('row 1 has state "completed", not one asked for');
    const notObject = check({...honest(0), results: [ROWS[0].task, 'x\u001b[31m', ROWS[2].task]});
    expect(notObject).to.deep.include({keep: 1, problem: 'row 2 is "x\\u001b[31m", not a task'});
  });

  it('a row with an invalid pulp_created is not an order problem: it is kept for the columns to count and exclude', () => {
    const results = [ROWS[0].task, {...ROWS[1].task, pulp_created: '2026-11-01T00:60:00Z'}, ROWS[2].task];
    const verdict = check({count: 3, next: null, results});
    expect(verdict.problem).to.equal(undefined);
    expect(verdict.keep).to.equal(3);
    expect([...verdict.created]).to.deep.equal([ROWS[0].us, INVALID_TIMESTAMP, ROWS[2].us]);
  });

  it('an envelope that is not a task list is exit 5 whatever --allow-partial says', () => {
    for (const [body, message] of [
      [[], 'expected {count, next, results}'],
      [{count: 3, next: null}, 'expected {count, next, results}'],
      [{count: -1, next: null, results: []}, 'count -1 is not a non-negative integer'],
      [{count: 1e300, next: null, results: []}, 'count 1e+300 is not a non-negative integer'],
      [{count: '3', next: null, results: []}, 'count "3" is not a non-negative integer'],
      [{count: 3, next: 7, results: []}, 'next 7 is neither a URL nor null'],
    ] as const) {
      expect(() => asListPage(body, request(8).url), message)
        .to.throw(BadServerResponseError)
        .with.property('message', `unusable task list answer from ${LIST} at offset 8: ${message}`);
    }
    expect(asListPage({count: 0, results: []}, LIST)).to.deep.equal({count: 0, next: null, results: []});
  });

  it('server values in messages are quoted and cut short', () => {
    expect(quoteValue('a\nb')).to.equal('"a\\nb"');
    expect(quoteValue('x'.repeat(500))).to.equal(`"${'x'.repeat(60)}…"`);
    expect(quoteValue({deep: 'y'.repeat(500)}).length).to.be.at.most(61);
    expect(quoteValue(undefined)).to.equal('undefined');
  });
});
