import {expect} from 'chai';

import {MAX_WINDOW_DAYS, resolveWindow} from '../../src/lib/analysis/window.js';
import {durationSeconds, requireDuration} from '../../src/lib/durations.js';
import {UsageError} from '../../src/lib/errors.js';

describe('time input: now, compound durations, weeks', () => {
  const now = Date.parse('2026-11-20T11:00:00Z') * 1000;
  const hour = 3600e6;

  it('durations: every earlier form, weeks, and compounds of any units', () => {
    for (const [text, seconds] of [
      ['1.5', 1.5], ['200ms', 0.2], ['5s', 5], ['30m', 1800], ['2h', 7200], ['7d', 604_800], ['1.5h', 5400], [' 2 H ', 7200],
      ['2w', 1_209_600], ['1h30m', 5400], ['1d 12h', 129_600], ['2m30s', 150], ['1w2d3h4m5s', 788_645], ['1m5ms', 60.005], ['1H30M', 5400],
    ] as Array<[string, number]>) {
      expect(durationSeconds(text), text).to.be.closeTo(seconds, 1e-9);
    }
    for (const text of ['', 'h', '1h30', '30m1', '1x', '-1h', '1h-30m', '1.h', 'now', '1 hour', 'h1']) expect(durationSeconds(text), text).to.equal(undefined);
    expect(requireDuration('1h30m', '--duration')).to.equal(5400);
    expect(() => requireDuration('4w', '--duration')).to.throw(UsageError, "--duration '4w' is too long: at most 24.8 days");
  });

  it('--since/--until: now, compounds and weeks are before now; ISO forms are unchanged', () => {
    expect(resolveWindow('1h30m', 'now', now)).to.deep.equal({sinceUs: now - 1.5 * hour, untilUs: now});
    expect(resolveWindow('2w', 'NOW', now)).to.deep.equal({sinceUs: now - 14 * 24 * hour, untilUs: now});
    expect(resolveWindow('1d12h', '12h', now)).to.deep.equal({sinceUs: now - 36 * hour, untilUs: now - 12 * hour});
    expect(resolveWindow('2026-11-20T09:00:00Z', ' now ', now)).to.deep.equal({sinceUs: now - 2 * hour, untilUs: now});
    expect(resolveWindow('52w', undefined, now).sinceUs).to.equal(now - 52 * 7 * 24 * hour);
  });

  it('keeps the bounds: 366-day windows, nothing before 1970, since before until', () => {
    expect(() => resolveWindow('53w', undefined, now)).to.throw(UsageError, `is 371 days long; at most ${MAX_WINDOW_DAYS} days`);
    expect(() => resolveWindow('3000w', '2900w', now)).to.throw(UsageError, "--since '3000w' is before 1970-01-01T00:00:00Z");
    expect(() => resolveWindow('now', undefined, now)).to.throw(UsageError, '--since (2026-11-20T11:00:00.000000Z) must be before --until (2026-11-20T11:00:00.000000Z)');
    expect(() => resolveWindow('1h30', undefined, now)).to.throw(UsageError, "--since '1h30' is not a date/time (e.g. 2026-11-20T10:00:00Z, 2026-11-20 10:00 for UTC, +02:00 zones, now, or a time before now: 30m, 2h, 1h30m, 7d, 2w)");
  });
});
