import {expect} from 'chai';
import {truncateSync} from 'node:fs';

import {UsageError} from '../../../src/lib/errors.js';
import {loadResult} from '../../../src/lib/report/load-result.js';
import {syntheticInsertion} from '../../helpers/report-documents.js';
import {tempDir} from '../../helpers/tmp.js';

const steady = Array.from({length: 20}, (_, index) => ({intendedMs: index * 50, endMs: index * 50 + 120, ok: true, tasks: 3}));

describe('loadResult', () => {
  const tmp = tempDir();
  after(tmp.cleanup);

  const refusal = async (file: string) => {
    try {
      await loadResult(file);
    } catch (error) {
      expect(error).to.be.instanceOf(UsageError);
      expect((error as UsageError).exitCode).to.equal(2);
      expect((error as Error).message).not.to.include('\n');
      return (error as Error).message;
    }
    throw new Error(`expected ${file} to be refused`);
  };

  it('reads a valid insertion document', async () => {
    const document = await syntheticInsertion(steady, Date.parse('2026-12-01T17:00:00Z'));
    const file = tmp.file('ok.json', JSON.stringify(document));
    const loaded = await loadResult(file);
    expect(loaded.file).to.equal(file);
    expect(loaded.document).to.deep.equal(document);
  });

  it('names the file and the first problem: missing file, not JSON (with line and column), wrong shape', async () => {
    expect(await refusal(`${tmp.dir}/absent.json`)).to.equal(`cannot read ${tmp.dir}/absent.json: no such file`);
    expect(await refusal(tmp.dir)).to.equal(`${tmp.dir} is not a file`);
    const broken = tmp.file('broken.json', '{\n  "schema": "pulp-bench/result@1",\n  "kind": }');
    expect(await refusal(broken)).to.match(new RegExp(`^${broken} is not valid JSON: .*\\(line 3, column 11\\)$`));
    expect(await refusal(tmp.file('array.json', '[]'))).to.match(/array\.json is not a pulp-bench result document \(not a JSON object\)$/);
    expect(await refusal(tmp.file('plain.json', '{"tasksPerSecond": 3}'))).to.match(/plain\.json is not a pulp-bench result document \(no "schema"/);
    expect(await refusal(tmp.file('error.json', '{"error": {"kind": "unreachable", "message": "connection refused", "exitCode": 3}}'))).to.match(/error\.json records a run that failed \(connection refused\)/);
    // An error document of a measuring command carries schema, kind and meta too.
    const headed = tmp.file('headed.json', JSON.stringify({schema: 'pulp-bench/result@1', kind: 'insertion', meta: {}, error: {kind: 'auth', message: 'HTTP 401', exitCode: 4}}));
    expect(await refusal(headed)).to.equal(`${headed} records a run that failed (HTTP 401): it has no result to report`);
    const document = await syntheticInsertion(steady, Date.parse('2026-12-01T17:00:00Z'));
    const bad = tmp.file('bad.json', JSON.stringify({...document, requests: {...document.requests, ok: -1}}));
    expect(await refusal(bad)).to.equal(`${bad} does not match pulp-bench/result@1: at /requests/ok: must be >= 0`);
    const noHistogram = tmp.file('nohist.json', JSON.stringify({...document, histograms: {}}));
    expect(await refusal(noHistogram)).to.equal(`${noHistogram} does not match pulp-bench/result@1: at /histograms: must have required property 'latency'`);
  });

  it('refuses an unknown kind, and an analysis stopped while fetching (no statistics)', async () => {
    const meta = {tool: {name: 'pulp-bench', version: '0.1.0', node: 'v24'}, command: 'task-analysis', argv: [], startedAt: '2026-12-01T17:00:00.000000Z', endedAt: '2026-12-01T17:00:01.000000Z', host: 'h', server: null};
    const odd = tmp.file('odd.json', JSON.stringify({schema: 'pulp-bench/result@1', kind: 'watch', meta}));
    expect(await refusal(odd)).to.equal(`${odd}: "kind" must be one of insertion, analysis, demo`);
    const stopped = tmp.file('stopped.json', JSON.stringify({schema: 'pulp-bench/result@1', kind: 'analysis', meta, interrupted: true, signal: 'SIGINT', window: {since: meta.startedAt, until: meta.endedAt}, endpoint: null, fetch: {pages: 2, received: 2000, expected: 5000}}));
    expect(await refusal(stopped)).to.equal(`${stopped} records an analysis stopped by SIGINT while fetching (2000 of 5000 tasks fetched): it has no statistics`);
  });

  it('says a document of a newer schema version may come from a newer pulp-bench', async () => {
    const file = tmp.file('v2.json', JSON.stringify({schema: 'pulp-bench/result@2', kind: 'insertion'}));
    expect(await refusal(file)).to.equal(`${file} is a pulp-bench/result@2 document: written by a newer pulp-bench? (this one reads pulp-bench/result@1)`);
    const compare = tmp.file('cmp.json', JSON.stringify({schema: 'pulp-bench/compare@1', kind: 'compare'}));
    expect(await refusal(compare)).to.equal(`${compare} is a report compare document, not a result document`);
  });

  it('refuses files over 256 MiB before reading them', async () => {
    const file = tmp.file('huge.json', '{');
    truncateSync(file, 256 * 2 ** 20 + 1); // sparse: no disk used
    expect(await refusal(file)).to.equal(`${file} is 256 MiB: result documents over 256 MiB are refused`);
  });
});

describe('jsonErrorOffset', () => {
  it('finds the first character JSON.parse rejects, and nothing in valid JSON', async () => {
    const {jsonErrorOffset} = await import('../../../src/lib/report/json-position.js');
    const cases: Array<[string, number | undefined]> = [
      ['{"a": [1, 2.5e3, -0, true, null, "x\\u00e9\\n"], "b": {}, "c": []}', undefined],
      [' [] ', undefined],
      ['{"a": }', 6],
      ['{"a": 1,}', 8],
      ['[1, 2', 5],
      ['[01]', 2],
      ['{"a" 1}', 5],
      ['"abc', 4],
      ['{"a": "b\u0001"}', 8],
      ['[1] 2', 4],
      ['', 0],
      ['{"a": tru}', 6],
    ];
    for (const [text, offset] of cases) {
      expect(jsonErrorOffset(text), text).to.equal(offset);
      if (offset === undefined) expect(() => JSON.parse(text), text).not.to.throw();
      else expect(() => JSON.parse(text), text).to.throw();
    }
  });
});
