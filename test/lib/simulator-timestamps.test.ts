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

describe('wireTimestampMicros (strict RFC 3339, null apart from invalid)', () => {
  it('reads Pulp\'s forms and RFC 3339 offsets; null and absent are NaN; everything else is INVALID_TIMESTAMP, never another instant', async () => {
    const {INVALID_TIMESTAMP, wireTimestampMicros} = await import('../../src/lib/time.js');
    const nine = Date.UTC(2026, 0, 5, 9) * 1000;
    expect(wireTimestampMicros('2026-01-05T09:00:00Z')).to.equal(nine);
    expect(wireTimestampMicros('2026-01-05T09:00:00.000001Z')).to.equal(nine + 1);
    expect(wireTimestampMicros('2026-01-05T11:30:00.25+02:30')).to.equal(nine + 250_000);
    expect(wireTimestampMicros('2026-01-05t09:00:00.123456789z'), 'digits beyond the microsecond are dropped').to.equal(nine + 123_456);
    expect(wireTimestampMicros('2024-02-29T23:59:59Z')).to.equal(Date.UTC(2024, 1, 29, 23, 59, 59) * 1000);
    expect(wireTimestampMicros('0099-12-31T00:00:00Z'), 'years below 100 are not 19xx').to.equal(new Date(0).setUTCFullYear(99, 11, 31) * 1000);
    expect(Number.isNaN(wireTimestampMicros(null))).to.equal(true);
    expect(Number.isNaN(wireTimestampMicros(undefined))).to.equal(true);
    for (const bad of [
      '2026-01-05T09:60:00Z', // minute 60 (not 10:00)
      '2026-01-05T24:00:00Z', // hour 24 (not the next day)
      '2026-01-05T09:00:60Z', // a leap second Pulp never writes
      '2026-04-31T09:00:00Z', // April 31 (not May 1)
      '2025-02-29T09:00:00Z',
      '2026-13-05T09:00:00Z',
      '2026-00-05T09:00:00Z',
      '2026-01-00T09:00:00Z',
      '2026-01-05T0a:00:00Z',
      '2026-01-05T09:00:00.12345xZ',
      '2026-01-05T09:00:00', // naive
      '2026-01-05', // a date
      '2026-01-05 09:00:00Z',
      '2026-01-05T09:00:00+24:00',
      '2026-01-05T09:00:00Z\n',
      '１２34-01-05T09:00:00Z',
      '',
      'garbage',
      1_767_603_600,
      0,
      false,
      {},
    ]) {
      expect(wireTimestampMicros(bad), JSON.stringify(bad)).to.equal(INVALID_TIMESTAMP);
    }
    const {timestampMicros} = await import('../../src/lib/time.js');
    expect(Number.isNaN(timestampMicros('2026-01-05T09:60:00Z')), 'timestampMicros: invalid is NaN too').to.equal(true);
  });
});
