import {expect} from 'chai';

import {readHistogram} from '../../src/lib/histogram.js';
import {formatNumber, formatSeconds} from '../../src/lib/render/format.js';
import {formatFraction} from '../../src/lib/report-html/compare.js';
import {distributionOf} from '../../src/lib/report-html/distributions.js';
import {escapeHtml, jsonForScript} from '../../src/lib/report-html/escape.js';
import type {CompareDocument} from '../../src/lib/report/compare.js';
import {renderCompareHtml, renderHtmlReport, type ReportCompareDocument, type ReportDocument} from '../../src/lib/report-html/index.js';
import {MAX_SAMPLES} from '../../src/lib/report-html/server.js';
import type {ResultDocument} from '../../src/lib/result/document.js';
import {makeScale, ticksOf} from '../../src/lib/report-html/scales.js';
import {displayTimeline, MAX_POINTS} from '../../src/lib/report-html/timeline-groups.js';
import {analysisFixture, compareFixture, demoFixture, HOSTILE_NAME, insertionFixture} from '../helpers/report-fixtures.js';
import {assertValidResult} from '../helpers/result-schema.js';

// The report's structural types accept the real documents (a compile error here means they drifted apart).
const reportable = (document: ResultDocument): ReportDocument => document;
const comparable = (document: CompareDocument): ReportCompareDocument => document;
void reportable;
void comparable;

/** The text of the element carrying data-value="VALUE" (cards and table cells). */
function shownFor(html: string, value: number | string): string[] {
  const pattern = new RegExp(`data-value="${String(value).replaceAll('.', '\\.')}">([^<]*)<`, 'g');
  return [...html.matchAll(pattern)].map((match) => match[1]);
}

function embedded(html: string): unknown {
  const match = /<script type="application\/json" id="pulp-bench-result">([^<]*)<\/script>/.exec(html);
  expect(match, 'the embedded result document').to.not.equal(null);
  return JSON.parse(match![1]);
}

describe('HTML report (rendering)', () => {
  it('escapes JSON for a <script> element and gives the same value back', () => {
    const value = {name: '</script><!-- \u2028\u2029 & >', n: 1.5};
    const text = jsonForScript(value);
    expect(text).to.not.match(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).to.deep.equal(value);
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).to.equal('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('insertion: headline figures are the JSON numbers, as the report formats them; every chart has a title and a table', async () => {
    const document = await insertionFixture({seconds: 20});
    const html = await renderHtmlReport(document);
    expect(shownFor(html, document.tasksCreated)).to.include(formatNumber(document.tasksCreated));
    expect(shownFor(html, document.tasksPerSecond)).to.include(formatNumber(document.tasksPerSecond));
    expect(shownFor(html, document.requests.failed)).to.include(formatNumber(document.requests.failed));
    for (const key of ['p50', 'p90', 'p99', 'max'] as const) expect(shownFor(html, document.latency[key]!)).to.include(formatSeconds(document.latency[key]));
    // Per-second latency percentiles are in the fallback table of the latency-over-time chart.
    const busiest = document.timeline.find((entry) => entry.latency)!;
    expect(shownFor(html, busiest.latency!.p99!)).to.include(formatSeconds(busiest.latency!.p99));
    const figures = [...html.matchAll(/<figure class="chart" id="([^"]+)"><figcaption><h3>([^<]+)<\/h3>/g)].map((match) => [match[1], match[2]]);
    expect(figures).to.deep.equal([
      ['insertion-throughput', 'Tasks and requests per second'],
      ['insertion-server-queue', 'Server queue'],
      ['insertion-latency-over-time', 'Latency percentiles over time'],
      ['insertion-latency-histogram', 'Latency histogram'],
      ['insertion-failures', 'Failed requests by cause over time'],
    ]);
    expect(html.match(/<details class="numbers/g)).to.have.length(5);
    expect(html).to.include('tasks/s').and.include('requests/s').and.include('latency (ms)').and.include('failed requests');
    expect(html).to.include('✓ passed').and.include('✗ crossed');
    expect(embedded(html)).to.deep.equal(JSON.parse(JSON.stringify(document)));
  });

  it('analysis: headline figures, durations table and per-name rows are the JSON numbers; sparklines drawn', async () => {
    const document = await analysisFixture({tasks: 3000});
    const html = await renderHtmlReport(document);
    expect(shownFor(html, document.total)).to.include(formatNumber(document.total));
    expect(shownFor(html, document.waitTime.p95!)).to.include(formatSeconds(document.waitTime.p95));
    expect(shownFor(html, document.waitTime.median!)).to.include(formatSeconds(document.waitTime.median));
    expect(shownFor(html, document.runTime.p99!)).to.include(formatSeconds(document.runTime.p99));
    expect(shownFor(html, document.throughput.tasksPerSecond)).to.include(formatNumber(document.throughput.tasksPerSecond));
    expect(shownFor(html, document.byName[0].waitP95!)).to.include(formatSeconds(document.byName[0].waitP95));
    expect(html.match(/<svg class="spark"/g)).to.have.length(document.byName.length);
    expect(html).to.include('wait time (log scale)').and.include('tasks at or under (%)').and.include('time (UTC)');
    for (const title of ['Wait-time distribution', 'Cumulative distribution of wait, queue, run and blocked time', 'Backlog over time', 'Throughput over time']) expect(html).to.include(`<h3>${title}</h3>`);
    expect(embedded(html)).to.deep.equal(JSON.parse(JSON.stringify(document)));
  });

  it('a hostile task name is escaped everywhere: no markup, no way out of the embedded JSON', async () => {
    const document = await analysisFixture({tasks: 500});
    expect(document.byName.map((row) => row.name)).to.include(HOSTILE_NAME);
    const html = await renderHtmlReport(document);
    expect(html).to.not.include('<img');
    expect(html).to.not.include('window.__pwned=1</script>');
    expect(html.match(/<script/g)).to.have.length(2);
    expect(html).to.include(escapeHtml(HOSTILE_NAME));
    const json = /id="pulp-bench-result">([^<]*)<\/script>/.exec(html)![1];
    expect(json).to.not.include('\u2028');
    expect(json).to.include('\\u003c/script\\u003e');
    const names = (embedded(html) as {byName: Array<{name: string}>}).byName.map((row) => row.name);
    expect(names).to.include(HOSTILE_NAME);
  });

  it('demo: both sections, chart ids distinct', async () => {
    const html = await renderHtmlReport(await demoFixture());
    expect(html).to.include('Step 1 — load test').and.include('Step 2 — task analysis');
    const ids = [...html.matchAll(/<figure class="chart" id="([^"]+)"/g)].map((match) => match[1]);
    expect(ids).to.have.length(9);
    expect(new Set(ids).size).to.equal(9);
  });

  it('refuses a kind it has no report for', async () => {
    const error = await renderHtmlReport({kind: 'stopped', schema: 'pulp-bench/result@1'} as unknown as ReportDocument).catch((caught: Error) => caught);
    expect(String(error)).to.include('no HTML report for result kind "stopped"');
  });

  it('fixtures are valid result documents, and the check can fail', async () => {
    const document = await insertionFixture({seconds: 5});
    assertValidResult(document);
    const drifted: Record<string, unknown> = {...document};
    delete drifted.tasksPerRequest;
    expect(() => assertValidResult(drifted)).to.throw(/tasksPerRequest/);
  });

  it('server telemetry: queue chart with the load end and the drain marked, figures as in the JSON', async () => {
    const document = await insertionFixture({seconds: 30});
    const server = document.server!;
    if (!server.enabled) throw new Error('the fixture has telemetry');
    expect(server.drainSeconds).to.be.a('number');
    const html = await renderHtmlReport(document);
    expect(shownFor(html, server.drainSeconds!)).to.include(formatSeconds(server.drainSeconds));
    expect(shownFor(html, server.maxWaiting)).to.include(formatNumber(server.maxWaiting));
    expect(shownFor(html, server.ingestRate!)).to.include(`${formatNumber(server.ingestRate)}/s`);
    expect(shownFor(html, server.processingRate!)).to.include(`${formatNumber(server.processingRate)}/s`);
    expect(shownFor(html, server.workerUtilisation!)).to.include(`${formatNumber(Math.round(server.workerUtilisation! * 1000) / 10)} %`);
    expect(shownFor(html, server.requests)).to.include(formatNumber(server.requests));
    const figure = /<figure class="chart" id="insertion-server-queue">.*?<\/figure>/s.exec(html)![0];
    expect(figure).to.include('time since the start of the load (s)');
    expect(figure).to.include('class="marker"').and.include('load ended').and.include(`drained (${formatSeconds(server.drainSeconds)} later)`);
    expect(figure).to.include('tasks waiting').and.include('tasks running, workers online');
    expect(figure.match(/<tr>/g)).to.have.length(server.timeline.length + 1);
    const peak = server.timeline.find((sample) => sample.waiting === server.maxWaiting)!;
    expect(shownFor(figure, peak.waiting!)).to.include(formatNumber(peak.waiting));
  });

  it('a last timeline bucket a few ms wide is listed in the table but not drawn (its rate would dwarf the chart)', async () => {
    const document = await insertionFixture({seconds: 5});
    const last = document.timeline.at(-1)!;
    Object.assign(last, {seconds: 0.0008, tasksPerSecond: last.tasks / 0.0008});
    const html = await renderHtmlReport(document);
    expect(html).to.include('(a partial second) is in the table, not drawn');
    const whole = await renderHtmlReport(await insertionFixture({seconds: 5}));
    expect(whole).not.to.include('(a partial second)');
  });

  it('server telemetry off: one line with the reason (escaped), no queue chart', async () => {
    const document = {...(await insertionFixture({seconds: 5})), server: {enabled: false as const, reason: 'the credentials cannot read <tasks> (403)'}};
    assertValidResult(document);
    const html = await renderHtmlReport(document);
    expect(html).to.not.include('server-queue');
    expect(html.match(/class="note server-off"/g)).to.have.length(1);
    expect(html).to.include('Server telemetry: none — the credentials cannot read &lt;tasks&gt; (403).');
    // Documents from before telemetry: nothing about it.
    const older: Partial<typeof document> = {...document};
    delete older.server;
    expect(await renderHtmlReport(older as typeof document)).to.not.include('Server telemetry');
  });

  it('a long server timeline is thinned to the busiest samples', async () => {
    const document = await insertionFixture({seconds: 5});
    const server = document.server!;
    if (!server.enabled) throw new Error('the fixture has telemetry');
    const timeline = Array.from({length: 5000}, (_, index) => ({t: index * 2, waiting: index === 4321 ? 99_999 : index % 50, running: 8, workersOnline: 8}));
    const html = await renderHtmlReport({...document, server: {...server, timeline, maxWaiting: 99_999}});
    const figure = /<figure class="chart" id="insertion-server-queue">.*?<\/figure>/s.exec(html)![0];
    expect(figure.match(/<tr>/g)!.length - 1).to.be.at.most(MAX_SAMPLES);
    expect(figure).to.include('data-value="99999"');
    expect(figure).to.include('the sample with the most tasks waiting of every 5');
  });

  it('compare: every figure with base, new, change, Δ and its verdict; thresholds ✓/✗; names escaped', async () => {
    const document = await compareFixture({baseFile: '<b>base</b>.json'});
    const html = renderCompareHtml(document);
    expect(await renderHtmlReport(document)).to.equal(html);
    const rows = [...html.matchAll(/<tr><th data-value="([^"]+)"><code>[^<]*<\/code><\/th>(.*?)<\/tr>/g)];
    expect(rows.map((row) => row[1])).to.deep.equal(document.figures.map((figure) => figure.key));
    for (const figure of document.figures) {
      const row = rows.find((match) => match[1] === figure.key)![2];
      if (figure.base !== null) expect(row).to.include(`data-value="${figure.base}"`);
      if (figure.new !== null) expect(row).to.include(`data-value="${figure.new}"`);
      if (figure.verdict === 'worse') expect(row).to.match(/class="num bad" data-value="[^"]+">[+-]/).and.include('<svg class="delta-bar bad"');
      if (figure.verdict === 'better') expect(row).to.include('class="num good"').and.include('<svg class="delta-bar good"');
      if (figure.unit === 's' && figure.new !== null) expect(row).to.include(`>${formatSeconds(figure.new)}<`);
    }
    const p99 = document.figures.find((figure) => figure.key === 'latency.p99')!;
    expect(p99.verdict).to.equal('worse');
    expect(p99.delta).to.be.greaterThan(0.2);
    expect(shownFor(html, p99.delta!)).to.deep.equal([formatFraction(p99.delta!)]);
    expect(formatFraction(0.5)).to.equal('+50.0 %');
    expect(html).to.include('✓ passed').and.include('✗ crossed');
    expect(html).to.include(`delta.latency.p99 = ${formatFraction(p99.delta!)}`);
    expect(html).to.include('&lt;b&gt;base&lt;/b&gt;.json').and.not.include('<b>base</b>');
    expect(embedded(html)).to.deep.equal(JSON.parse(JSON.stringify(document)));
  });

  it('display bins hold every value of the histogram, and the CDF ends at 100 %', async () => {
    const document = await analysisFixture({tasks: 2000});
    for (const key of ['waitTime', 'runTime', 'queueTime'] as const) {
      const histogram = document.histograms![key]!;
      const distribution = await distributionOf(histogram, key);
      expect(distribution.bins.reduce((sum, bin) => sum + bin.count, 0) + distribution.zeros).to.equal(histogram.count);
      if (key === 'waitTime') {
        expect(distribution.zeros).to.be.greaterThan(0);
        expect(distribution.zeroBin).to.include({count: distribution.zeros});
        expect(distribution.zeroBin!.to).to.be.below(distribution.bins[0].from);
      }
      expect(distribution.cdf.at(-1)![1]).to.be.closeTo(100, 1e-9);
      const reading = await readHistogram(histogram);
      expect(distribution.bins.at(-1)!.to).to.be.at.least(reading.max!);
    }
  });

  it('ticks: round numbers on linear axes, duration steps on log axes, UTC clock times', () => {
    const linear = makeScale({label: 'x'}, [0, 93], [0, 100]);
    expect(ticksOf(linear).map((tick) => tick.value)).to.deep.equal([0, 20, 40, 60, 80, 100]);
    const log = makeScale({label: 'x', scale: 'log-seconds'}, [0.004, 700], [0, 100]);
    expect(ticksOf(log).map((tick) => tick.label)).to.deep.equal(['1 ms', '10 ms', '100 ms', '1 s', '10 s', '1 min', '10 min']);
    const narrow = makeScale({label: 'x', tight: true}, [3.013, 3.041], [0, 100]);
    expect(ticksOf(narrow).map((tick) => tick.label)).to.deep.equal(['3.02', '3.03', '3.04']);
    const counts = makeScale({label: 'n', integer: true}, [0, 1], [0, 100]);
    expect(ticksOf(counts).map((tick) => tick.label)).to.deep.equal(['0', '1']);
    const start = Date.UTC(2026, 11, 1, 16, 0, 0) / 1000;
    const time = makeScale({label: 't', scale: 'time'}, [start, start + 7200], [0, 100]);
    expect(ticksOf(time).map((tick) => tick.label)).to.deep.equal(['16:00', '16:30', '17:00', '17:30', '18:00']);
  });

  it('a long timeline is drawn in groups: counts add up, latency is the worst second, values are the document\'s', () => {
    const timeline = Array.from({length: 3600}, (_, t) => ({
      t,
      seconds: 1,
      requests: 10,
      failed: t % 7 === 0 ? 1 : 0,
      tasks: 20,
      tasksPerSecond: 20,
      latency: t % 11 === 0 ? null : {count: 9, p50: 0.1 + (t % 13) / 1000, p90: 0.2, p99: 0.3 + (t % 17) / 1000, max: 0.5},
      failures: (t % 7 === 0 ? {timeout: 1} : {}) as Record<string, number>,
    }));
    const shortTimeline = timeline.slice(0, MAX_POINTS);
    const short = displayTimeline(shortTimeline);
    expect(short.groupSeconds).to.equal(1);
    expect(short.entries).to.equal(shortTimeline);
    const {groupSeconds, entries} = displayTimeline(timeline);
    expect(groupSeconds).to.equal(10);
    expect(entries).to.have.length(360);
    expect(entries.reduce((sum, entry) => sum + entry.requests, 0)).to.equal(36_000);
    expect(entries.reduce((sum, entry) => sum + (entry.failures?.timeout ?? 0), 0)).to.equal(timeline.filter((entry) => entry.failed).length);
    const first = timeline.slice(0, 10);
    expect(entries[0].latency).to.deep.equal({
      count: 9 * first.filter((entry) => entry.latency).length,
      p50: Math.max(...first.flatMap((entry) => (entry.latency ? [entry.latency.p50] : []))),
      p90: 0.2,
      p99: Math.max(...first.flatMap((entry) => (entry.latency ? [entry.latency.p99] : []))),
      max: 0.5,
    });
    expect(entries[1]).to.include({t: 10, seconds: 10, tasks: 200, tasksPerSecond: 20});
  });
});
