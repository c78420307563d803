import {expect} from 'chai';
import os from 'node:os';

import {documentBody, RESULT_SCHEMA, resultDocument} from '../../../src/lib/result/document.js';
import {buildMeta} from '../../../src/lib/result/meta.js';
import {asWritten, sampleAnalysis, sampleDocuments, sampleInsertion, testMeta} from '../../helpers/result-documents.js';
import {serverStats} from '../../helpers/report-documents.js';
import {assertValidResult, resultSchemaErrors} from '../../helpers/result-schema.js';

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

describe('result documents: schema, kind, meta in front of the body', () => {
  it('meta: tool, command, redacted argv, start and end to the microsecond, host, server without user information', () => {
    const meta = buildMeta(
      {
        command: 'task-analysis',
        argv: ['--api-root', 'https://u:p@pulp.example.com/api', '--password=pw', '--header', 'X-RH-IDENTITY: abc'],
        version: '9.9.9',
        startedUs: Date.UTC(2026, 11, 1, 17) * 1000 + 123_456,
        secrets: ['abc'],
        server: {apiRoot: 'https://u:p@pulp.example.com/api'},
      },
      Date.UTC(2026, 11, 1, 17, 0, 2) * 1000 + 7,
    );
    expect(meta).to.deep.equal({
      tool: {name: 'pulp-bench', version: '9.9.9', node: process.version},
      command: 'task-analysis',
      argv: ['--api-root', 'https://pulp.example.com/api', '--password=<redacted>', '--header', 'X-RH-IDENTITY: <redacted>'],
      startedAt: '2026-12-01T17:00:00.123456Z',
      endedAt: '2026-12-01T17:00:02.000007Z',
      host: os.hostname(),
      server: {apiRoot: 'https://pulp.example.com/api', status: null},
    });
    expect(buildMeta({command: 'demo', argv: [], version: '1', startedUs: Date.UTC(2026, 0, 1) * 1000}, 1).endedAt, 'never before the start').to.equal('2026-01-01T00:00:00.000000Z');
    expect(buildMeta({command: 'demo', argv: [], version: '1', startedUs: 0}).server).to.equal(null);
  });

  it('the head comes first, then the body unchanged', async () => {
    const body = await sampleInsertion();
    const document = resultDocument('insertion', testMeta('test-task-insertion'), body);
    expect(Object.keys(document).slice(0, 3)).to.deep.equal(['schema', 'kind', 'meta']);
    expect(document.schema).to.equal(RESULT_SCHEMA);
    expect(RESULT_SCHEMA).to.equal('pulp-bench/result@1');
    const {meta} = document;
    expect(documentBody(document)).to.deep.equal(body);
    expect(meta.startedAt).to.match(ISO_MICROS);
    expect(meta.endedAt).to.match(ISO_MICROS);
    expect(JSON.stringify(meta)).not.to.include('pw-secret');
  });

  it('insertion and analysis documents, as written, are valid against schema/result-v1.json', async () => {
    const {insertion, analysis} = await sampleDocuments();
    assertValidResult(asWritten(insertion));
    assertValidResult(asWritten(analysis));
    expect(insertion.startedAt).to.match(ISO_MICROS);
    expect(insertion.timeline.some((bucket) => bucket.latency !== null)).to.equal(true);
    expect(insertion.timeline.some((bucket) => Object.keys(bucket.failures).length > 0)).to.equal(true);
  });

  it('the server view of an insertion (--server-stats), on or off, is valid', async () => {
    const {insertion} = await sampleDocuments();
    assertValidResult(asWritten({...insertion, server: serverStats([-0.2, 0.8, 1.8], {drainSeconds: 1.5, drainedAt: '2026-11-01T00:00:04.000000Z'})}));
    assertValidResult(asWritten({...insertion, server: {enabled: false, reason: 'turned off (--no-server-stats)'}}));
  });

  it('demo, stopped and error documents are valid too', async () => {
    const insertion = await sampleInsertion();
    const analysis = await sampleAnalysis();
    const meta = testMeta('demo');
    assertValidResult(asWritten(resultDocument('demo', meta, {simulator: {apiRoot: 'http://127.0.0.1:1/api', username: 'admin'}, insertion, analysis})));
    assertValidResult(asWritten(resultDocument('demo', meta, {simulator: {apiRoot: 'http://127.0.0.1:1/api', username: 'admin'}, insertion: {...insertion, interrupted: true}, interrupted: true, signal: 'SIGINT'})));
    const head = {schema: RESULT_SCHEMA, kind: 'analysis', meta: testMeta('task-analysis')};
    assertValidResult({...head, interrupted: true, signal: 'SIGTERM', window: analysis.window, endpoint: null, fetch: {pages: 3, received: 3000, expected: 9000}});
    assertValidResult({error: {kind: 'usage', message: 'bad flag', exitCode: 2}});
    assertValidResult({...head, error: {kind: 'interrupted', message: 'stopped by SIGINT twice', exitCode: 130}, interrupted: true, signal: 'SIGINT'});
  });

  it('the schema refuses what is not a result document', async () => {
    const {insertion, analysis} = await sampleDocuments();
    const written = asWritten(insertion) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- mutated freely below
    const refused = (document: unknown, why: string) => expect(resultSchemaErrors(document), why).not.to.deep.equal([]);
    refused({...written, schema: 'pulp-bench/result@2'}, 'another schema version');
    refused({...written, kind: 'analysis'}, 'an insertion body under kind analysis');
    refused({...written, meta: undefined}, 'no meta');
    refused({...written, meta: {...written.meta, password: 'x'}}, 'an unknown meta key');
    refused({...written, meta: {...written.meta, startedAt: 'yesterday'}}, 'a start that is not a date-time');
    refused({...written, histograms: {latency: {...written.histograms.latency, encoded: 'not base64!'}}}, 'a histogram that is not base64');
    refused({...written, histograms: {latency: written.histograms.latency, extra: written.histograms.latency}}, 'an unknown histogram');
    refused({...written, timeline: [{...written.timeline[0], latency: {count: 1}}]}, 'a bucket latency without figures');
    refused({...written, error: {kind: 'usage', message: 'x', exitCode: 2}}, 'a result that is also an error');
    refused({...written, server: {enabled: false}}, 'server figures off without the reason');
    refused({...written, server: {...serverStats([0, 1]), drainSeconds: '2 s'}}, 'a drain time that is not seconds');
    refused({...written, server: {...serverStats([0, 1]), timeline: [{t: 0}]}}, 'a server sample without its counts');
    refused({...asWritten(analysis), byName: undefined}, 'an analysis without byName');
    refused({...asWritten(analysis), byName: [{...analysis.byName[0], sparkline: [1, 2, 3]}]}, 'a sparkline of 3 slices');
    refused(asWritten(resultDocument('demo', testMeta('demo'), {simulator: {apiRoot: 'x', username: 'admin'}, insertion: await sampleInsertion()})), 'a demo without analysis that was not stopped');
    refused({error: {kind: 'usage', message: 'x'}}, 'an error without exit code');
    refused([], 'an array');
  });
});
