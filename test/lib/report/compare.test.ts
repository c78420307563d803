import {expect} from 'chai';

import {UsageError} from '../../../src/lib/errors.js';
import {renderCompare} from '../../../src/lib/render/compare.js';
import {plainView} from '../../../src/lib/render/view.js';
import {compareDocument, compareDocuments, compareFigure, compareScope, compareSubject, relativeChange, settingDifferences, verdictOf} from '../../../src/lib/report/compare.js';
import type {InsertionDocument} from '../../../src/lib/result/document.js';
import {evaluateThresholds, parseThreshold, parseThresholds} from '../../../src/lib/thresholds.js';
import {serverStats, syntheticInsertion} from '../../helpers/report-documents.js';

const ORIGIN = Date.parse('2026-12-01T17:00:00Z');

/** `count` requests each `latencyMs` long, one after another per ~10 ms. */
const steady = (count: number, latencyMs: number, failed = 0) =>
  Array.from({length: count}, (_, index) => ({intendedMs: index * 10, endMs: index * 10 + latencyMs, ok: index >= failed, tasks: index >= failed ? 5 : 0, ...(index < failed ? {cause: 'timeout'} : {})}));

describe('report compare', () => {
  it('marks figures better or worse by their direction', () => {
    expect(verdictOf(-0.1, 'lower')).to.equal('better');
    expect(verdictOf(0.1, 'lower')).to.equal('worse');
    expect(verdictOf(0.1, 'higher')).to.equal('better');
    expect(verdictOf(-0.1, 'higher')).to.equal('worse');
    expect(verdictOf(0, 'higher')).to.equal('same');
    // Run-to-run noise: a relative change under 1 % is 'same', whichever way it went.
    expect(verdictOf(-0.001, 'lower', -0.005)).to.equal('same');
    expect(verdictOf(0.5, 'higher', 0.009)).to.equal('same');
    expect(verdictOf(0.5, 'higher', 0.01)).to.equal('better');
    expect(compareFigure({key: 'server.drainSeconds', better: 'lower', duration: true}, 30, 29.99).verdict).to.equal('same');
    expect(relativeChange(2, 3)).to.equal(0.5);
    expect(relativeChange(0, 0)).to.equal(0);
    expect(relativeChange(0, 3)).to.equal(null);
    expect(relativeChange(-2, -1)).to.equal(0.5);
    expect(compareFigure({key: 'latency.p99', better: 'lower', duration: true}, 1, null)).to.deep.include({change: null, delta: null, verdict: null, unit: 's'});
  });

  it('compares every headline figure of two insertion runs: a slower run is worse on latency and rates', async () => {
    const base = await syntheticInsertion(steady(200, 100), ORIGIN);
    const next = await syntheticInsertion(steady(200, 150, 4), ORIGIN);
    const figures = compareDocuments(base, next);
    expect(figures.map((figure) => figure.key)).to.deep.equal(['tasksPerSecond', 'requests.perSecond', 'requests.failed', 'latency.p50', 'latency.p90', 'latency.p99', 'latency.max', 'tasksCreated']);
    const byKey = Object.fromEntries(figures.map((figure) => [figure.key, figure]));
    expect(byKey['latency.p50']).to.deep.include({base: 0.1, new: 0.15, direction: 'lower', unit: 's', verdict: 'worse'});
    expect(byKey['latency.p50'].change).to.be.closeTo(0.05, 1e-9);
    expect(byKey['latency.p50'].delta).to.be.closeTo(0.5, 1e-9);
    expect(byKey['requests.failed']).to.deep.include({base: 0, new: 4, change: 4, delta: null, verdict: 'worse'});
    expect(byKey.tasksCreated).to.deep.include({base: 1000, new: 980, verdict: 'worse', direction: 'higher'});
    expect(byKey['requests.perSecond'].verdict).to.equal('worse'); // the same requests over a longer run
  });

  it('compares the server view (drain lower, rates higher) when both runs have it', async () => {
    const base = {...(await syntheticInsertion(steady(50, 100), ORIGIN)), server: serverStats([0, 1, 2], {drainSeconds: 2, maxWaiting: 40, processingRate: 50, ingestRate: 100})};
    const next = {...(await syntheticInsertion(steady(50, 100), ORIGIN)), server: serverStats([0, 1, 2], {drainSeconds: 5, maxWaiting: 30, processingRate: 40, ingestRate: 120})};
    const figures = compareDocuments(base, next);
    const byKey = Object.fromEntries(figures.map((figure) => [figure.key, figure]));
    expect(byKey['server.drainSeconds']).to.deep.include({base: 2, new: 5, change: 3, delta: 1.5, direction: 'lower', unit: 's', verdict: 'worse'});
    expect(byKey['server.maxWaiting']).to.deep.include({direction: 'lower', unit: null, verdict: 'better'});
    expect(byKey['server.processingRate']).to.deep.include({direction: 'higher', verdict: 'worse'});
    expect(byKey['server.ingestRate']).to.deep.include({direction: 'higher', verdict: 'better'});
    const subject = compareSubject(figures);
    const [drain] = evaluateThresholds(parseThresholds(['delta.server.drainSeconds > 50%', 'change.server.drainSeconds > 10 s'], subject), compareScope(figures), subject);
    expect(drain.crossed).to.equal(true);
    // Left out when either run has no server figures (off, or not measured).
    const off = {...next, server: {enabled: false as const, reason: 'turned off (--no-server-stats)'}};
    expect(compareDocuments(base, off).some((figure) => figure.key.startsWith('server.'))).to.equal(false);
    expect(compareDocuments(base, await syntheticInsertion(steady(50, 100), ORIGIN)).some((figure) => figure.key.startsWith('server.'))).to.equal(false);
  });

  it('--fail-if reads base., new., change. (seconds) and delta. (a fraction; 20% is 0.2)', async () => {
    const base = await syntheticInsertion(steady(100, 100), ORIGIN);
    const next = await syntheticInsertion(steady(100, 130), ORIGIN);
    const figures = compareDocuments(base, next);
    const subject = compareSubject(figures);
    const scope = compareScope(figures);
    const verdict = (expression: string) => evaluateThresholds([parseThreshold(expression, subject)], scope, subject)[0];
    expect(verdict('delta.latency.p50 > 20%')).to.deep.include({crossed: true, values: {'delta.latency.p50': 0.3}, units: {}});
    expect(verdict('delta.latency.p50 > 30.5%').crossed).to.equal(false);
    expect(verdict('delta.latency.p50 > 0.25 and delta.latency.p99 > 25%').crossed).to.equal(true);
    expect(verdict('change.latency.p50 > 20 ms')).to.deep.include({crossed: true, units: {'change.latency.p50': 's'}});
    expect(verdict('new.latency.p50 - base.latency.p50 >= 30 ms').crossed).to.equal(true);
    expect(verdict('delta.tasksPerSecond < -10%').crossed).to.equal(false);
    expect(() => parseThreshold('change.latency.p50 > 20%', subject)).to.throw(UsageError, /duration is compared or combined with a plain number/);
    expect(() => parseThreshold('delta.waitTime.p95 > 20%', subject)).to.throw(UsageError, /unknown key 'delta\.waitTime\.p95'/);
    // The compare document carries the verdicts.
    const outcomes = evaluateThresholds(parseThresholds(['delta.latency.p50 > 20%'], subject), scope, subject);
    const document = compareDocument({file: 'base.json', document: base}, {file: 'new.json', document: next}, figures, outcomes);
    expect(document).to.deep.include({schema: 'pulp-bench/compare@1', kind: 'compare'});
    expect(document.base.file).to.equal('base.json');
    expect(document.thresholds[0].crossed).to.equal(true);
  });

  it('a percentage is a fraction everywhere in --fail-if; % between operands stays a modulo', () => {
    const subject = {shape: {a: 0, b: 0}, isDuration: () => false, countMaps: []};
    const value = (expression: string, a: number, b = 0) => evaluateThresholds([parseThreshold(expression, subject)], {a, b}, subject)[0].crossed;
    expect(value('a > 20%', 0.21)).to.equal(true);
    expect(value('a > 20%', 0.2)).to.equal(false);
    expect(value('a > 20 % and b < 3', 0.3, 1)).to.equal(true);
    // mathjs alone reads `a + 20%` as a 20 % increase of a; with 20% = 0.2 that would silently change meaning: refused.
    expect(() => parseThreshold('a + 20% > 1', subject)).to.throw(UsageError, /'20%' after \+ or - is ambiguous/);
    expect(() => parseThreshold('a < 100 - 10%', subject)).to.throw(UsageError, /'10%' after \+ or - is ambiguous/);
    expect(value('a < -10%', -0.2)).to.equal(true); // a sign, not a subtraction
    expect(value('a % -2 == -1', 7)).to.equal(true); // a modulo with a signed operand stays a modulo
    expect(value('a > 0.5%', 0.006)).to.equal(true);
    expect(value('a % 3 == 1', 7)).to.equal(true);
  });

  it('says how the runs were set up differently (concurrency, rate, target; window length, filters)', async () => {
    const base = await syntheticInsertion(steady(100, 100), ORIGIN);
    expect(settingDifferences(base, base)).to.deep.equal([]);
    expect(settingDifferences(base, {...base, workers: base.workers * 2, rate: 50})).to.deep.equal([`concurrency ${base.workers} → ${base.workers * 2}`, `rate ${String(base.rate)} → 50`]);
  });

  it('renders a table that fits 80 columns, with the tally and the thresholds', async () => {
    const base = await syntheticInsertion(steady(100, 100), ORIGIN);
    const next = (await syntheticInsertion(steady(100, 130), ORIGIN)) as InsertionDocument;
    const figures = compareDocuments(base, next);
    const subject = compareSubject(figures);
    const outcomes = evaluateThresholds(parseThresholds(['delta.latency.p50 > 20%'], subject), compareScope(figures), subject);
    const text = await renderCompare(compareDocument({file: 'base.json', document: base}, {file: 'new.json', document: next}, figures, outcomes), plainView(80));
    for (const line of text.split('\n')) expect(line.length, line).to.be.at.most(80);
    expect(text).to.match(/latency\.p50 +100 ms +130 ms +\+30\.0 ms +\+30\.0% +worse/);
    expect(text).to.include('Base: base.json — test-task-insertion, 2026-12-01 17:00:00 UTC on test-host');
    expect(text).to.match(/\d worse, \d better, \d unchanged \(within 1 %\) of 8 figures\./);
    expect(text).to.include('✗ delta.latency.p50 > 20% — was +30.0%');
  });
});
