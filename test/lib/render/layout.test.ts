import {expect} from 'chai';

import {etaAtRate, type ProgressFrame, progressLine, RollingRate} from '../../../src/lib/render/progress-line.js';
import {renderTable} from '../../../src/lib/render/table.js';
import {fitColumns, tableWidth} from '../../../src/lib/render/table-layout.js';
import {displayWidth} from '../../../src/lib/render/text.js';
import {plainView} from '../../../src/lib/render/view.js';

const widest = (text: string) => Math.max(...text.split('\n').map((line) => displayWidth(line)));

const NAMES = {
  title: 'By task name',
  columns: [
    {key: 'name', name: 'Name', shrink: 'middle' as const, minWidth: 30},
    {key: 'count', name: 'Tasks', align: 'right' as const},
    {key: 'analyzed', name: 'Analyzed', align: 'right' as const, dropOrder: 3},
    {key: 'waitP50', name: 'wait p50', align: 'right' as const, dropOrder: 1},
    {key: 'waitP95', name: 'wait p95', align: 'right' as const},
    {key: 'runP50', name: 'run p50', align: 'right' as const, dropOrder: 2},
  ],
  rows: [
    {name: 'pulp_container.app.tasks.synchronize_and_build_the_distribution_tree', count: '1,234', analyzed: '1,200', waitP50: '1 min 12 s', waitP95: '19 min 59 s', runP50: '321 ms'},
    {name: 'pulp_file.app.tasks.同期_リポジトリ_synchronize', count: '5', analyzed: '5', waitP50: '1.50 s', waitP95: '2.00 s', runP50: '12.3 s'},
  ],
};

describe('tables fitted to a width', () => {
  it('keeps every column when the table fits, and no line is wider than the width', async () => {
    const columns = fitColumns(NAMES, 200);
    expect(columns.map((column) => column.key)).to.deep.equal(['name', 'count', 'analyzed', 'waitP50', 'waitP95', 'runP50']);
    const text = await renderTable(NAMES, plainView(200));
    expect(text).to.include('pulp_container.app.tasks.synchronize_and_build_the_distribution_tree');
  });

  it('drops the least important columns only when shrinking names to their minimum is not enough, then cuts names in the middle', async () => {
    for (const [width, kept] of [
      [100, ['name', 'count', 'analyzed', 'waitP50', 'waitP95', 'runP50']],
      [80, ['name', 'count', 'waitP50', 'waitP95', 'runP50']],
      [60, ['name', 'count', 'waitP95']],
    ] as const) {
      const columns = fitColumns(NAMES, width);
      expect(columns.map((column) => column.key), String(width)).to.deep.equal(kept);
      expect(tableWidth(columns.map((column) => column.contentWidth)), String(width)).to.be.at.most(width);
      const text = await renderTable(NAMES, plainView(width));
      expect(widest(text), String(width)).to.be.at.most(width);
      expect(text, String(width)).to.match(/pulp_container\.\S*…\S*_tree/);
    }
  });

  it('flows lists of values onto more lines in a `lines` column, never inside a value', async () => {
    const spec = {
      columns: [
        {key: 'what', name: ''},
        {key: 'value', name: '', shrink: 'lines' as const, minWidth: 20},
      ],
      rows: [{what: 'Latency', value: ['ok requests only', 'min 2.50 s', 'mean 2.50 s', 'p50 2.50 s', 'p90 2.50 s', 'p99 2.50 s', 'max 2.50 s']}],
    };
    const text = await renderTable(spec, plainView(50));
    expect(widest(text)).to.be.at.most(50);
    const values = text.split('\n').filter((line) => line.trim() !== '' && !line.includes('─'));
    expect(values.length).to.be.greaterThan(1);
    for (const line of values) expect(line.trim().replace(/^Latency\s+/, '')).to.match(/^(ok requests only|(min|mean|p50|p90|p99|max) 2\.50 s)( · (min|mean|p50|p90|p99|max) 2\.50 s)*$/);
  });

  it('escapes server text in cells and paints only toned cells', async () => {
    const spec = {columns: [{key: 'a', name: 'A'}], rows: [{a: 'x\u001B[2Jy'}, {a: {text: 'failed 3', tone: 'failure' as const}}]};
    const plain = await renderTable(spec, plainView(80));
    expect(plain).to.include('x\\x1b[2Jy');
    expect(plain).not.to.include('\u001B');
    const coloured = await renderTable(spec, {width: 80, paint: {...plainView().paint, on: false, failure: (text: string) => `<red>${text}</red>`}});
    expect(coloured).to.include('<red>failed 3</red>');
  });
});

describe('the live progress line', () => {
  const frame: ProgressFrame = {phase: 'inserting', fraction: 0.43, done: '13 s/30 s', etaSeconds: 17, details: ['143 tasks/s', '2 failed', '50 in flight']};

  it('is never wider than the width less one column, at any width', () => {
    for (let width = 20; width <= 140; width++) {
      for (const each of [frame, {...frame, fraction: undefined, etaSeconds: undefined}, {...frame, done: '4,500 of ≥ 20,000 tasks', phase: 'fetching'}]) {
        expect(displayWidth(progressLine(each, width)), `${width}`).to.be.at.most(width - 1);
      }
    }
  });

  it('keeps the bar at a sixth of the width and drops what matters least first: the last details, then the ETA', () => {
    expect(progressLine(frame, 120)).to.equal('inserting ▕█████████░░░░░░░░░░░▏ 43% · 13 s/30 s · ETA 17 s · 143 tasks/s · 2 failed · 50 in flight');
    expect(progressLine(frame, 80)).to.equal('inserting ▕██████░░░░░░░▏ 43% · 13 s/30 s · ETA 17 s · 143 tasks/s · 2 failed');
    expect(progressLine(frame, 60)).to.equal('inserting ▕████░░░░░░▏ 43% · 13 s/30 s · ETA 17 s');
    expect(progressLine(frame, 40)).to.equal('inserting ▕███░░░░░▏ 43% · 13 s/30 s');
    expect(progressLine({phase: 'tracking', fraction: 87 / 121, done: '87/121 finished', details: []}, 60)).to.equal('tracking ▕███████░░░▏ 71% · 87/121 finished · ETA —');
    expect(progressLine({...frame, fraction: undefined, etaSeconds: undefined}, 60)).to.equal('inserting · 13 s/30 s · 143 tasks/s · 2 failed');
    // The same width gives the same bar whatever the figures say.
    const bars = ['— tasks/s', '1,234,567 tasks/s'].map((rate) => /▕.*▏/.exec(progressLine({...frame, details: [rate]}, 80))![0].length);
    expect(bars[0]).to.equal(bars[1]);
  });

  it('a rolling rate covers the last window only, and gives an ETA at that rate', () => {
    const rate = new RollingRate(10_000);
    rate.sample(0, 0);
    expect(rate.perSecond()).to.equal(undefined);
    for (let second = 1; second <= 20; second++) rate.sample(second * 1000, second <= 10 ? second * 100 : 1000 + (second - 10) * 10);
    // 100/s for ten seconds, then 10/s: the window holds only the slow part.
    expect(rate.perSecond()).to.be.closeTo(10, 1e-9);
    expect(etaAtRate(1100, 1500, rate.perSecond())).to.be.closeTo(40, 1e-9);
    expect(etaAtRate(10, 20, 0)).to.equal(undefined);
  });
});
