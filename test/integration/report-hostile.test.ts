/**
 * report show/merge against hostile result files, through the built CLI: each must end at once with exit 2 and one
 * line naming the file — never hang (a crafted HdrHistogram used to keep `report show --output x.html` and `report
 * merge` busy for ever, deaf to Ctrl-C), never crash (an edited start time used to make merge allocate a timeline
 * entry per second since year 1: "internal error", or out of memory).
 */
import {expect} from 'chai';
import {deflateSync} from 'node:zlib';

import {runCli} from '../helpers/cli.js';
import {syntheticInsertion} from '../helpers/report-documents.js';
import {tempDir} from '../helpers/tmp.js';

/** A V2 compressed HdrHistogram whose payload declares a run of 2^50 empty buckets, then one count. */
function endlessHistogram(): string {
  const u32 = (value: number) => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
  // ZigZag LEB128 of -(2^50): 2^51 - 1, seven bits at a time; then the count 1 (ZigZag 2).
  const payload: number[] = [];
  let raw = 2 ** 51 - 1;
  while (raw >= 128) {
    payload.push((raw % 128) | 0x80);
    raw = Math.floor(raw / 128);
  }
  payload.push(raw, 2);
  const head = [...u32(0x1c_84_93_13), ...u32(payload.length), ...u32(0), ...u32(3), ...u32(0), ...u32(1), ...u32(0), ...u32(2), ...u32(0), ...u32(0)];
  const compressed = deflateSync(Buffer.from([...head, ...payload]));
  return Buffer.concat([Buffer.from([...u32(0x1c_84_93_14), ...u32(compressed.length)]), compressed]).toString('base64');
}

describe('report commands on hostile files (built CLI)', function () {
  this.timeout(60_000);
  const tmp = tempDir();
  after(tmp.cleanup);
  const records = Array.from({length: 10}, (_, index) => ({intendedMs: index * 100, endMs: index * 100 + 120, ok: true, tasks: 3}));
  const origin = Date.parse('2026-12-01T17:00:00Z');

  const expectRefused = (result: {code: number | null; stdout: string; stderr: string}, message: string) => {
    expect(result.code, result.stderr).to.equal(2);
    expect(result.stderr).to.equal(`Error: ${message}\n`);
  };

  it('a histogram whose payload runs past its buckets: exit 2 at once (report show --output .html, report merge)', async () => {
    const document = await syntheticInsertion(records, origin);
    const good = tmp.file('good.json', JSON.stringify(document));
    const hostile = tmp.file('hostile.json', JSON.stringify({...document, histograms: {latency: {...document.histograms.latency, encoded: endlessHistogram(), count: 1}}}));
    const message = `${hostile}: at /histograms/latency: unusable HdrHistogram: the payload runs past the 2048 buckets its header declares`;
    expectRefused(await runCli(['report', 'show', hostile, '--output', `${tmp.dir}/x.html`], {timeoutMs: 15_000}), message);
    expectRefused(await runCli(['report', 'merge', good, hostile, '--output', `${tmp.dir}/m.json`], {timeoutMs: 15_000}), message);
    const json = await runCli(['report', 'merge', good, hostile, '--output', `${tmp.dir}/m.json`, '--json'], {timeoutMs: 15_000});
    expect(JSON.parse(json.stdout)).to.deep.equal({error: {kind: 'usage', message, exitCode: 2}});
  });

  it('a value nested 50,000 deep where the schema allows anything: exit 2 (it was an internal error, stack overflow)', async () => {
    const document = await syntheticInsertion(records, origin);
    const text = JSON.stringify({...document, meta: {...document.meta, server: {apiRoot: 'http://127.0.0.1/api', status: {extra: '@@'}}}});
    const deep = tmp.file('deep.json', text.replace('"@@"', `${'['.repeat(50_000)}${']'.repeat(50_000)}`));
    const message = `${deep}: at /meta/server/status/extra/0/0/…: nested more than 64 levels deep`;
    const json = await runCli(['report', 'show', deep, '--json'], {timeoutMs: 15_000});
    expect(json.code, json.stderr).to.equal(2);
    expect(JSON.parse(json.stdout)).to.deep.equal({error: {kind: 'usage', message, exitCode: 2}});
    expectRefused(await runCli(['report', 'merge', deep, deep, '--output', `${tmp.dir}/m.json`], {timeoutMs: 15_000}), message);
  });

  it('- reads the result from standard input, once (it used to be taken for a file named -)', async () => {
    const document = await syntheticInsertion(records, origin);
    const good = tmp.file('good.json', JSON.stringify(document));
    const fromFile = await runCli(['report', 'show', good], {timeoutMs: 15_000});
    const piped = await runCli(['report', 'show', '-'], {input: JSON.stringify(document), timeoutMs: 15_000});
    expect(piped.code, piped.stderr).to.equal(0);
    expect(piped.stdout).to.equal(fromFile.stdout);
    expectRefused(await runCli(['report', 'compare', '-', '-'], {input: JSON.stringify(document), timeoutMs: 15_000}), '- (standard input) can be given once: give the other results as files');
    expectRefused(await runCli(['report', 'show', '-'], {input: '{"schema": ', timeoutMs: 15_000}), 'standard input is not valid JSON: Unexpected end of JSON input (line 1, column 12)');
  });

  it('merge: times edited away from elapsedSeconds, and runs spanning more than 31 days, are refused with the file', async () => {
    const document = await syntheticInsertion(records, origin);
    const good = tmp.file('good.json', JSON.stringify(document));
    const year1 = tmp.file('year1.json', JSON.stringify({...document, startedAt: '0001-01-01T00:00:00.000000Z'}));
    const merged = await runCli(['report', 'merge', good, year1, '--output', `${tmp.dir}/m.json`], {timeoutMs: 15_000});
    expect(merged.code, merged.stderr).to.equal(2);
    expect(merged.stderr).to.match(new RegExp(`^Error: ${year1}: its load runs from 0001-01-01T00:00:00.000000Z to ${document.endedAt} \\(\\d+(\\.\\d+)? s\\) but "elapsedSeconds" is ${document.elapsedSeconds}: was the file edited\\?\\n$`));
    // Consistent, but 61 days long: one merged timeline entry per second would be 5 million.
    const longStart = new Date(origin - 61 * 86_400_000).toISOString().replace('Z', '000Z');
    const long = {...document, startedAt: longStart, elapsedSeconds: document.elapsedSeconds + 61 * 86_400};
    const longFile = tmp.file('long.json', JSON.stringify(long));
    expectRefused(
      await runCli(['report', 'merge', good, longFile, '--output', `${tmp.dir}/m.json`], {timeoutMs: 15_000}),
      `${longFile} starts at ${longStart} and ${good} ends at ${document.endedAt}: report merge covers at most 31 days`,
    );
  });
});
