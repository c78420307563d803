/**
 * Hostile HdrHistograms in result files: hdr-histogram-js trusts the payload, so before the checks a crafted one could
 * keep the CLI busy for ever (a zero run of 2^50 buckets), for ~20 s (a payload length that lies) or make it inflate
 * gigabytes. Each must now be refused at once with one line, by decodeHistogram and by loadResult (naming the file).
 */
import {expect} from 'chai';
import {deflateSync} from 'node:zlib';

import {decodeHistogram, histogramOfSeconds, HistogramError, readHistogram} from '../../src/lib/histogram.js';
import {UsageError} from '../../src/lib/errors.js';
import {loadResult} from '../../src/lib/report/load-result.js';
import {syntheticInsertion} from '../helpers/report-documents.js';
import {tempDir} from '../helpers/tmp.js';

/** A ZigZag LEB128 word (HdrHistogram V2): a count, or minus a run of empty buckets. */
function word(value: number): number[] {
  let raw = value >= 0 ? value * 2 : -value * 2 - 1;
  const bytes: number[] = [];
  for (;;) {
    const low = raw % 128;
    raw = Math.floor(raw / 128);
    if (raw === 0) {
      bytes.push(low);
      return bytes;
    }
    bytes.push(low | 0x80);
  }
}

const u32 = (value: number) => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
const u64 = (value: number) => [...u32(Math.floor(value / 2 ** 32)), ...u32(value % 2 ** 32)];

/** A V2 compressed, base64 HdrHistogram of these words, with header fields that can lie. */
function crafted(words: number[], header: {payloadLength?: number; digits?: number; lowest?: number; highest?: number} = {}, payload?: Buffer): string {
  const body = payload ?? Buffer.from(words.flatMap((value) => word(value)));
  const head = [...u32(0x1c_84_93_13), ...u32(header.payloadLength ?? body.length), ...u32(0), ...u32(header.digits ?? 3), ...u64(header.lowest ?? 1), ...u64(header.highest ?? 2), ...u64(0)];
  const compressed = deflateSync(Buffer.concat([Buffer.from(head), body]));
  return Buffer.concat([Buffer.from([...u32(0x1c_84_93_14), ...u32(compressed.length)]), compressed]).toString('base64');
}

const histogram = (encoded: string, count = 1) => ({unit: 'us' as const, significantDigits: 3, count, negative: 0, encoded});

async function refusal(encoded: string, count = 1): Promise<string> {
  const started = performance.now();
  try {
    await decodeHistogram(histogram(encoded, count), 'histograms.latency');
  } catch (error) {
    expect(error).to.be.instanceOf(HistogramError);
    expect((error as HistogramError).exitCode).to.equal(2);
    expect(performance.now() - started).to.be.below(2000);
    return (error as Error).message;
  }
  throw new Error('expected the histogram to be refused');
}

describe('hostile HdrHistograms', function () {
  // Before the payload checks the first case never ends: keep the failure short.
  this.timeout(10_000);

  it('decodes an honest histogram, and a crafted but sound one', async () => {
    const honest = await histogramOfSeconds([0.001, 0.002, 0.5, 3]);
    expect((await readHistogram(honest)).count).to.equal(4);
    const reading = await readHistogram(histogram(crafted([-5, 2, 1]), 3));
    expect(reading.count).to.equal(3);
    expect(reading.min).to.equal(5e-6);
  });

  it('refuses a zero run far past the buckets (it used to loop for ever)', async () => {
    expect(await refusal(crafted([-(2 ** 50), 1]))).to.equal('histograms.latency: unusable HdrHistogram: the payload runs past the 2048 buckets its header declares');
  });

  it('refuses a payload length that lies (it used to read 2^31 bytes past the end, ~20 s)', async () => {
    expect(await refusal(crafted([1], {payloadLength: 2 ** 31 - 1}))).to.equal('histograms.latency: unusable HdrHistogram: the header declares a payload of 2147483647 bytes but it holds 1');
  });

  it('refuses a payload that inflates beyond 64 MiB (a compression bomb), without inflating it all', async () => {
    const bomb = crafted([], {}, Buffer.alloc(80 * 2 ** 20));
    expect(bomb.length).to.be.below(200_000);
    const rss = process.memoryUsage().rss;
    expect(await refusal(bomb, 0)).to.equal('histograms.latency: unusable HdrHistogram: it inflates to more than 64 MiB');
    expect(process.memoryUsage().rss - rss).to.be.below(200 * 2 ** 20);
  });

  it('refuses counts a bucket cannot hold, counts that do not add up, and header values out of range', async () => {
    expect(await refusal(crafted([2 ** 40]), 2 ** 40)).to.match(/a bucket count of 1099511627776 is more than a bucket holds \(4294967295\)$/);
    expect(await refusal(crafted([5]), 6)).to.match(/: it holds 5 values but count is 6$/);
    expect(await refusal(crafted([1], {digits: 5, highest: 2 ** 62}))).to.match(/: it has 5 significant digits, but significantDigits is 3$/);
    expect(await refusal(crafted([1], {lowest: 0}))).to.match(/: an impossible value range \(0 to 2\)$/);
    expect(await refusal(Buffer.from('not a histogram at all').toString('base64'))).to.match(/: not the V2 compressed encoding$/);
    const truncated = Buffer.from(crafted([1, 2, 3]), 'base64');
    expect(await refusal(truncated.subarray(0, truncated.length - 3).toString('base64'))).to.match(/: the envelope declares \d+ compressed bytes but holds \d+$/);
    expect(await refusal(crafted([], {}, Buffer.from([0x80, 0x80])))).to.match(/: the payload ends inside a number$/);
  });

  describe('in a result file', () => {
    const tmp = tempDir();
    after(tmp.cleanup);

    it('is refused by loadResult with the file and the histogram’s place in it', async () => {
      const records = Array.from({length: 10}, (_, index) => ({intendedMs: index * 50, endMs: index * 50 + 120, ok: true, tasks: 3}));
      const document = await syntheticInsertion(records, Date.parse('2026-12-01T17:00:00Z'));
      const file = tmp.file('hostile.json', JSON.stringify({...document, histograms: {latency: histogram(crafted([-(2 ** 50), 1]), 10)}}));
      let message = '';
      try {
        await loadResult(file);
      } catch (error) {
        expect(error).to.be.instanceOf(UsageError);
        message = (error as Error).message;
      }
      expect(message).to.equal(`${file}: at /histograms/latency: unusable HdrHistogram: the payload runs past the 2048 buckets its header declares`);
    });
  });
});
