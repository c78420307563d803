import {expect} from 'chai';
import {mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import path from 'node:path';

import {PulpBenchError} from '../../../src/lib/errors.js';
import {documentJson} from '../../../src/lib/render/json.js';
import {type CsvRows, deliverOutputs, documentToStdout, parseOutputs, writeOutputs} from '../../../src/lib/result/outputs.js';
import {sampleDocuments, sampleRecorder} from '../../helpers/result-documents.js';
import {tempDir} from '../../helpers/tmp.js';

/** The usage error (exit 2) `run` throws. */
function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(PulpBenchError);
    expect((error as PulpBenchError).exitCode).to.equal(2);
    return (error as Error).message;
  }
  throw new Error('no error thrown');
}

describe('--output: targets checked before any request', () => {
  let scratch: ReturnType<typeof tempDir>;
  beforeEach(() => (scratch = tempDir()));
  afterEach(() => scratch.cleanup());
  const at = (name: string) => path.join(scratch.dir, name);

  it('formats come from the extension, case-insensitive; - is the JSON document on stdout', () => {
    const targets = parseOutputs([at('r.json'), at('r.HTML'), at('rows.csv'), '-'], {json: false, kind: 'insertion'});
    expect(targets.map((target) => [target.format, target.stdout])).to.deep.equal([
      ['json', false],
      ['html', false],
      ['csv', false],
      ['json', true],
    ]);
    expect(targets[0].path).to.equal(at('r.json'));
    expect(documentToStdout(targets)).to.equal(true);
    expect(documentToStdout(targets.slice(0, 3))).to.equal(false);
  });

  it('- with --json is fine: it is the same one document', () => {
    expect(parseOutputs(['-'], {json: true, kind: 'analysis'})).to.deep.equal([{value: '-', format: 'json', stdout: true}]);
    expect(usageError(() => parseOutputs(['-', '-'], {json: true, kind: 'analysis'}))).to.equal('--output - is given twice; the JSON document goes to stdout once');
  });

  it('an unknown or missing extension is a usage error listing the formats', () => {
    expect(usageError(() => parseOutputs([at('r.txt')], {json: false, kind: 'insertion'}))).to.equal(
      `--output ${at('r.txt')}: unknown format '.txt'; use .json (the result document), .html (a self-contained report), .csv (one row per request or task) or - (the JSON document on stdout)`,
    );
    expect(usageError(() => parseOutputs([at('report')], {json: false, kind: 'insertion'}))).to.match(/: no file extension; use \.json/);
    expect(usageError(() => parseOutputs(['  '], {json: false, kind: 'insertion'}))).to.match(/^--output is empty/);
  });

  it('the same file twice, under any name, is refused (also against --csv)', () => {
    mkdirSync(at('real'));
    symlinkSync(at('real'), at('link'));
    expect(usageError(() => parseOutputs([at('a.json'), `${scratch.dir}/./a.json`], {json: false, kind: 'insertion'}))).to.equal(
      `--output ${scratch.dir}/./a.json is the same file as --output ${at('a.json')}; give each output its own file`,
    );
    expect(usageError(() => parseOutputs([at('real/a.csv'), at('link/a.csv')], {json: false, kind: 'analysis'}))).to.match(/is the same file as/);
    expect(usageError(() => parseOutputs([at('w.csv')], {json: false, kind: 'analysis', otherFiles: {'--csv': at('w.csv')}}))).to.equal(
      `--output ${at('w.csv')} is the same file as --csv ${at('w.csv')}; give each output its own file`,
    );
    expect(parseOutputs([at('w.csv')], {json: false, kind: 'analysis', otherFiles: {'--csv': '-'}})).to.have.length(1);
  });

  it('a missing folder, a folder, or a file under a file is refused before any request', () => {
    expect(usageError(() => parseOutputs([at('nowhere/r.json')], {json: false, kind: 'insertion'}))).to.equal(`cannot write --output ${at('nowhere/r.json')}: folder ${at('nowhere')} does not exist`);
    mkdirSync(at('dir.json'));
    expect(usageError(() => parseOutputs([at('dir.json')], {json: false, kind: 'insertion'}))).to.equal(`cannot write --output ${at('dir.json')}: it is a folder; give a file name`);
    scratch.file('plain', 'x');
    expect(usageError(() => parseOutputs([at('plain/r.json')], {json: false, kind: 'insertion'}))).to.match(/a part of the path is not a folder$/);
  });

  it('demo has no CSV rows', () => {
    expect(usageError(() => parseOutputs([at('d.csv')], {json: false, kind: 'demo'}))).to.equal(`--output ${at('d.csv')}: use the insertion or analysis command for CSV rows`);
    expect(parseOutputs([at('d.json'), at('d.html')], {json: false, kind: 'demo'})).to.have.length(2);
  });
});

describe('writeOutputs / deliverOutputs', () => {
  let scratch: ReturnType<typeof tempDir>;
  beforeEach(() => (scratch = tempDir()));
  afterEach(() => scratch.cleanup());
  const at = (name: string) => path.join(scratch.dir, name);

  it('writes the document (exactly as --json prints it), the HTML report and the CSV rows; stdout targets are left to the caller', async () => {
    const {insertion} = await sampleDocuments();
    const recorder = sampleRecorder();
    const rows: CsvRows = {write: (write) => recorder.requests.writeCsv(write)};
    const targets = parseOutputs([at('r.json'), at('r.html'), at('r.csv'), '-'], {json: true, kind: 'insertion'});
    const {written, failed} = await writeOutputs(targets, insertion, rows);
    expect(failed).to.deep.equal([]);
    expect(written.map((item) => [item.target.format, item.rows])).to.deep.equal([
      ['json', undefined],
      ['html', undefined],
      ['csv', 40],
    ]);
    expect(readFileSync(at('r.json'), 'utf8')).to.equal(`${documentJson(insertion)}\n`);
    expect(readFileSync(at('r.html'), 'utf8')).to.match(/^<!doctype html>/i);
    const csv = readFileSync(at('r.csv'), 'utf8').trimEnd().split('\n');
    expect(csv).to.have.length(41);
    expect(csv[0]).to.equal('start,intendedStart,latencySeconds,ok,cause,tasks');
    expect(readdirSync(scratch.dir).sort()).to.deep.equal(['r.csv', 'r.html', 'r.json']); // no temporary files left
  });

  it('a target whose folder disappeared after the check fails alone (exit 2); the other files are written and said', async () => {
    const {analysis} = await sampleDocuments();
    mkdirSync(at('gone'));
    const targets = parseOutputs([at('gone/a.json'), at('b.json'), at('c.csv')], {json: false, kind: 'analysis'});
    rmSync(at('gone'), {recursive: true});
    const notes: string[] = [];
    const failure = await deliverOutputs(targets, analysis, {write: async (write) => (await write('header\n'), 0)}, (line) => notes.push(line));
    expect(failure).to.be.instanceOf(PulpBenchError);
    expect(failure!.exitCode).to.equal(2);
    expect(failure!.message).to.match(new RegExp(`^cannot write (--output )?${at('gone/a.json')}: ENOENT`));
    expect(notes).to.deep.equal([`wrote ${at('b.json')} (result document)`, `wrote ${at('c.csv')} (0 rows)`]);
    expect(readFileSync(at('b.json'), 'utf8')).to.equal(`${documentJson(analysis)}\n`);
  });

  it('two failures are named together', async () => {
    const {analysis} = await sampleDocuments();
    mkdirSync(at('gone'));
    const targets = parseOutputs([at('gone/a.json'), at('gone/b.html')], {json: false, kind: 'analysis'});
    rmSync(at('gone'), {recursive: true});
    const failure = await deliverOutputs(targets, analysis, undefined, () => {});
    expect(failure!.message).to.match(/^2 outputs could not be written: cannot write .*a\.json: .*; cannot write .*b\.html: /);
  });
});
