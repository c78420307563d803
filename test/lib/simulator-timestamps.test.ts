import {expect} from 'chai';

import {SeededRandom} from '../../src/lib/simulator/random.js';
import {formatTimestamp, parseDatetime} from '../../src/lib/simulator/timestamps.js';
import {uuid7, uuid7Millis} from '../../src/lib/simulator/uuid.js';

describe('simulator timestamps and ids', () => {
  it('formats microseconds like Pulp, omitting a zero fraction', () => {
    expect(formatTimestamp(Date.UTC(2026, 0, 5, 9, 0, 0) * 1000 + 104_233)).to.equal('2026-01-05T09:00:00.104233Z');
    expect(formatTimestamp(Date.UTC(2026, 0, 5, 9, 0, 0) * 1000)).to.equal('2026-01-05T09:00:00Z');
    expect(formatTimestamp(Date.UTC(2024, 1, 29, 23, 59, 59) * 1000 + 1)).to.equal('2024-02-29T23:59:59.000001Z');
  });

  it('agrees with Date#toISOString over many random instants', () => {
    const random = new SeededRandom(9);
    for (let index = 0; index < 20_000; index++) {
      const ms = Math.floor(random.next() * 4e12);
      const micros = Math.floor(random.next() * 1000);
      const text = formatTimestamp(ms * 1000 + micros);
      const iso = new Date(ms).toISOString();
      expect(text.slice(0, 19)).to.equal(iso.slice(0, 19));
      if (ms % 1000 !== 0 || micros !== 0) expect(text.slice(20, 23)).to.equal(iso.slice(20, 23));
      expect(parseDatetime(text)).to.equal(ms * 1000 + micros);
    }
  });

  it('parses the forms Django accepts and rejects the rest', () => {
    const base = Date.UTC(2026, 0, 5, 9, 0, 0) * 1000;
    expect(parseDatetime('2026-01-05T09:00:00Z')).to.equal(base);
    expect(parseDatetime('2026-01-05 09:00:00')).to.equal(base);
    expect(parseDatetime('2026-01-05T09:00')).to.equal(base);
    expect(parseDatetime('2026-01-05T11:00:00+02:00')).to.equal(base);
    expect(parseDatetime('2026-01-05T11:00:00+0200')).to.equal(base);
    expect(parseDatetime('20260105T090000Z')).to.equal(base);
    expect(parseDatetime('2026-01-05T09:00:00.5')).to.equal(base + 500_000);
    expect(parseDatetime('2026-01-05')).to.equal(Date.UTC(2026, 0, 5) * 1000);
    for (const bad of ['yesterday', '2026-13-01', '2026-02-30', '2026-01-05T25:00', '']) expect(parseDatetime(bad), bad).to.equal(undefined);
  });

  it('UUIDv7 strings carry their millisecond', () => {
    const id = uuid7(1_767_603_600_123, 0xabc_1234, 0xffff_ffff, 0x1234_5678);
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuid7Millis(id)).to.equal(1_767_603_600_123);
    expect(uuid7Millis('not-a-uuid')).to.equal(undefined);
  });
});

describe('timestampMicros (the analysis parser)', () => {
  it('agrees with parseDatetime on Pulp timestamps and on other forms', async () => {
    const {timestampMicros} = await import('../../src/lib/time.js');
    const random = new SeededRandom(4);
    for (let index = 0; index < 20_000; index++) {
      const us = Math.floor(random.next() * 4e15);
      const text = formatTimestamp(us);
      expect(timestampMicros(text), text).to.equal(us);
      expect(timestampMicros(text)).to.equal(parseDatetime(text));
    }
    expect(timestampMicros('2026-01-05T11:00:00+02:00')).to.equal(Date.UTC(2026, 0, 5, 9) * 1000);
    expect(timestampMicros('2026-01-05T09:00:00.5Z')).to.equal(Date.UTC(2026, 0, 5, 9) * 1000 + 500_000);
    expect(Number.isNaN(timestampMicros(null))).to.equal(true);
    expect(Number.isNaN(timestampMicros('2026-13-45T99:00:00Z'))).to.equal(true);
  });
});
