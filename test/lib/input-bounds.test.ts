import {expect} from 'chai';
import path from 'node:path';

import {MAX_WINDOW_DAYS, resolveWindow} from '../../src/lib/analysis/window.js';
import {describeSeconds, requireDuration} from '../../src/lib/durations.js';
import {UsageError} from '../../src/lib/errors.js';
import {parseDecimal, parseRate} from '../../src/lib/flag-values.js';
import {FALLBACK_MAX_WORKERS, maxWorkers, parseOpenFileLimit, requireTaskMsWithinTimer, requireWorkersWithinLimit} from '../../src/lib/limits.js';
import {checkCsvTarget} from '../../src/lib/render/csv.js';
import {parseDatetime} from '../../src/lib/time.js';
import {tempDir} from '../helpers/tmp.js';

const PROC_LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

describe('input bounds', () => {
  describe('--rate', () => {
    it('accepts the number forms people type, per second by default', () => {
      const accepted: Array<[string, number]> = [
        ['50', 50], ['50/s', 50], [' 50 / s ', 50], ['1e3', 1000], ['1e3/s', 1000], ['1E+3', 1000], ['2.5', 2.5], ['.5', 0.5],
        ['1_000', 1000], ['1_000/sec', 1000], ['+7', 7], ['600/m', 10], ['600/min', 10], ['36/h', 0.01], ['100000', 100_000], ['1/h', 1 / 3600],
      ];
      for (const [text, value] of accepted) expect(parseRate(text), text).to.be.closeTo(value, 1e-12);
    });

    it('refuses zero, negatives, NaN, Infinity, separators, unknown units and absurd rates with one line', () => {
      const refused: Array<[string, RegExp]> = [
        ['0', /^--rate '0' is zero; give requests per second above 0/],
        ['0/s', /is zero/],
        ['1e-400', /is zero/],
        ['-1', /^--rate '-1' is negative/],
        ['-0.5/s', /is negative/],
        ['NaN', /^--rate 'NaN' is not a rate \(e\.g\. 50, 50\/s, 2\.5, 1e3, 1_000 or 600\/m\)$/],
        ['Infinity', /is not a rate/],
        ['abc', /is not a rate/],
        ['0x10', /is not a rate/],
        ['', /is not a rate/],
        ['1__000', /is not a rate/],
        ['1,000', /^--rate '1,000': write numbers without thousands separators \(1000 or 1_000\)$/],
        ['5/x', /^--rate '5\/x': unknown unit '\/x'; use \/s, \/m or \/h/],
        ['1e9', /^--rate '1e9' is beyond what the load engine can schedule \(at most 100000\/s\)$/],
        ['100001', /beyond what the load engine can schedule/],
        ['1e400', /beyond what the load engine can schedule/],
        ['0.01/h', /^--rate '0\.01\/h' is slower than one request a day/],
      ];
      for (const [text, message] of refused) {
        expect(() => parseRate(text), text).to.throw(UsageError).with.property('message').that.matches(message);
      }
    });

    it('parseDecimal keeps plain numbers only', () => {
      expect(parseDecimal('1_234.5e1')).to.equal(12_345);
      expect(parseDecimal('_1')).to.equal(undefined);
      expect(parseDecimal('1_')).to.equal(undefined);
      expect(parseDecimal('1e')).to.equal(undefined);
      expect(parseDecimal('Infinity')).to.equal(undefined);
    });
  });

  describe('durations that end in a timer', () => {
    it('accepts up to what a timer holds, refuses longer with the bound in words', () => {
      expect(requireDuration('24d', '--duration')).to.equal(24 * 86_400);
      expect(() => requireDuration('25d', '--duration')).to.throw(UsageError, "--duration '25d' is too long: at most 24.8 days");
      expect(() => requireDuration('2h', '--x', 3600)).to.throw(UsageError, "--x '2h' is too long: at most 1 h");
      expect(() => requireDuration('0s', '--track-timeout')).to.throw(UsageError, "--track-timeout '0s' is not a duration");
      expect(describeSeconds(90)).to.equal('90 s');
      expect(describeSeconds(1800)).to.equal('30 min');
      expect(describeSeconds(5400)).to.equal('1.5 h');
    });

    it('--task-ms: the longest run time (N, MAX of a range, lognormal median) must fit a timer', () => {
      for (const spec of ['300', '100-500', 'lognormal:300:1.5', '2147483647']) expect(() => requireTaskMsWithinTimer(spec), spec).not.to.throw();
      for (const spec of ['2147483648', '1-9999999999', 'lognormal:3000000000:0.5']) {
        expect(() => requireTaskMsWithinTimer(spec), spec).to.throw(UsageError, `--task-ms '${spec}' is longer than a timer holds (at most 2147483647 ms, ~24.8 days)`);
      }
    });
  });

  describe('the analysis window', () => {
    const now = parseDatetime('2026-11-20T12:00:00Z')!;
    const day = 86_400e6;

    it('keeps the relative and ISO forms', () => {
      expect(resolveWindow('2h', undefined, now)).to.deep.equal({sinceUs: now - 2 * 3600e6, untilUs: now});
      expect(resolveWindow('2026-11-20T09:00:00-01:00', '20261120T110000Z', now)).to.deep.equal({sinceUs: now - 2 * 3600e6, untilUs: now - 3600e6});
      expect(resolveWindow('2026-11-20 10:00', '2026-11-20T11:00:00Z', now)).to.deep.equal({sinceUs: now - 2 * 3600e6, untilUs: now - 3600e6});
      expect(resolveWindow(`${MAX_WINDOW_DAYS}d`, undefined, now)).to.deep.equal({sinceUs: now - MAX_WINDOW_DAYS * day, untilUs: now});
      expect(resolveWindow('1970-01-01T00:00:00Z', '1970-01-02', now)).to.deep.equal({sinceUs: 0, untilUs: day});
    });

    it('refuses instants before 1970, non-numbers and windows longer than 366 days', () => {
      const refused: Array<[string | undefined, string | undefined, string]> = [
        ['1969-12-31T23:59:59Z', '1970-01-02', "--since '1969-12-31T23:59:59Z' is before 1970-01-01T00:00:00Z; Pulp has no tasks from then"],
        ['1900-01-01', undefined, "--since '1900-01-01' is before 1970-01-01T00:00:00Z"],
        ['30000d', undefined, "--since '30000d' is before 1970-01-01T00:00:00Z"],
        [`${'9'.repeat(400)}d`, undefined, 'is before 1970-01-01T00:00:00Z'],
        ['1h', '99999999d', "--until '99999999d' is before 1970-01-01T00:00:00Z"],
        ['367d', undefined, `the window from 2025-11-18T12:00:00.000000Z to 2026-11-20T12:00:00.000000Z is 367 days long; at most ${MAX_WINDOW_DAYS} days (use several windows)`],
        ['2020-01-01', '2022-01-01', 'is 731 days long'],
        ['1h', '9999-12-31', 'days long; at most 366 days'],
        ['yesterday', undefined, "--since 'yesterday' is not a date/time"],
        ['1h', '2h', '--since (2026-11-20T11:00:00.000000Z) must be before --until (2026-11-20T10:00:00.000000Z)'],
      ];
      for (const [since, until, message] of refused) {
        expect(() => resolveWindow(since, until, now), `${since} ${until}`).to.throw(UsageError, message);
      }
    });
  });

  describe('workers and the open-file limit', () => {
    it('reads the soft limit from /proc/self/limits', () => {
      expect(parseOpenFileLimit(PROC_LIMITS)).to.equal(1024);
      expect(parseOpenFileLimit(PROC_LIMITS.replace('1024 ', 'unlimited'))).to.equal(undefined);
      expect(parseOpenFileLimit('nothing here')).to.equal(undefined);
    });

    it('bounds workers by the limit less a reserve, per socket, with a fallback', () => {
      expect(maxWorkers(1, 1024)).to.deep.equal({max: 960, openFiles: 1024});
      expect(maxWorkers(2, 1024)).to.deep.equal({max: 480, openFiles: 1024});
      expect(maxWorkers(1, undefined)).to.deep.equal({max: FALLBACK_MAX_WORKERS, openFiles: undefined});
      expect(requireWorkersWithinLimit(960, '--concurrency', {limit: 1024})).to.equal(960);
      expect(() => requireWorkersWithinLimit(961, '--concurrency', {limit: 1024})).to.throw(
        UsageError,
        '--concurrency 961 is too many: the open-file limit (ulimit -n) is 1024, enough for 960 (one socket each); raise it with ulimit -n or use a lower --concurrency',
      );
      expect(() => requireWorkersWithinLimit(500, '--concurrency', {limit: 1024, socketsPerWorker: 2})).to.throw(UsageError, 'enough for 480 (2 sockets each)');
      expect(() => requireWorkersWithinLimit(10_001, '--concurrency', {limit: undefined})).to.throw(UsageError, '--concurrency 10001 is too many: more than 10000 is not supported');
    });
  });

  describe('--csv targets, checked before any request', () => {
    let tmp: ReturnType<typeof tempDir>;
    beforeEach(() => (tmp = tempDir()));
    afterEach(() => tmp.cleanup());

    it('accepts a new or existing file in a writable folder, and - for stdout without --json', () => {
      expect(() => checkCsvTarget(path.join(tmp.dir, 'new.csv'), {json: true})).not.to.throw();
      expect(() => checkCsvTarget(tmp.file('old.csv', 'x'), {json: false})).not.to.throw();
      expect(() => checkCsvTarget('-', {json: false})).not.to.throw();
    });

    it('refuses a missing folder, a folder, a path through a file, an empty value and - with --json', () => {
      const file = tmp.file('plain', 'x');
      const refused: Array<[string, boolean, string]> = [
        [path.join(tmp.dir, 'missing', 'x.csv'), false, `cannot write --csv ${path.join(tmp.dir, 'missing', 'x.csv')}: folder ${path.join(tmp.dir, 'missing')} does not exist`],
        [tmp.dir, false, `cannot write --csv ${tmp.dir}: it is a folder; give a file name`],
        [path.join(file, 'x.csv'), false, `cannot write --csv ${path.join(file, 'x.csv')}: a part of the path is not a folder`],
        ['', false, '--csv is empty; give a file, e.g. --csv waits.csv, or - for stdout'],
        ['-', true, '--csv - writes the CSV to stdout, which --json keeps for its one JSON document; give --csv a file instead'],
      ];
      for (const [target, json, message] of refused) expect(() => checkCsvTarget(target, {json}), target).to.throw(UsageError, message);
    });
  });
});
